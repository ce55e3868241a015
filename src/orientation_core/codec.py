"""JSON-compatible data for hosts and synchronisation: :func:`dump`, :func:`load`, :func:`load_any`.

:func:`dump` turns a value into plain data (dicts, lists, strings, numbers,
booleans and None) that :mod:`json` writes as it is; :func:`load` builds the
value back, or raises :class:`~orientation_core.exceptions.InvalidValue`
listing every problem at once, each located by the keys and 0-based indices
that lead to it from the top of the data.  :func:`load_any` reads the class
from the data itself.

Every top-level dump is a dict whose first key is ``"schema"``
(:data:`SCHEMA_VERSION`), then ``"type"`` (the class's wire name, from
:data:`WIRE_NAMES`), then the body of the value.  Values inside a value (the
intentions of a set) are bare bodies, without schema or type, but for an
actor, which may be of several classes: its body is led by its ``"type"``.
Enum members are written as their code, and at the top level as
``{"schema": 1, "type": "Voie", "code": "GT"}`` so that every dump has the
same envelope.  Instants are ISO 8601 text in UTC with its offset
(``"2027-01-12T19:00:00+00:00"``, with microseconds when there are some) and
come back as UTC datetimes; local days are ISO 8601 dates; tuples are lists;
sets are lists, sorted (enum members in their enum's order).

>>> from orientation_core import Intention, Voie
>>> dump(Intention(Voie.PRO, "Pâtisserie"))
{'schema': 1, 'type': 'Intention', 'voie': 'PRO', 'precision': 'Pâtisserie', 'statuts': []}
>>> load(Intention, {"schema": 1, "type": "Intention", "voie": "GT",
...                  "precision": None, "statuts": []})
Intention(voie=<Voie.GT: 'GT'>, precision=None, statuts=frozenset())

What :func:`load` accepts is exactly what :func:`dump` writes, with these
allowances: a text is normalised as the constructor does (a précision, see
:func:`~orientation_core.normalise_precision`; a name, a reason), so text
typed by hand or sent by an older client is taken as meant; an instant may
be in any offset, or end in ``Z``; and a set's order and repetitions carry no
meaning.  Every key is required, ``null`` and ``[]`` included: a record that
lacks one is more likely truncated than abbreviated.  When ``"schema"``
names another version or ``"type"`` another class, the body is not read,
since its meaning depends on both; when either key is missing, the body is
still read as this version's body of the requested class, so that every
problem shows at once.  A value is built by its own constructor, which
checks every rule it always checks: the problems it finds are located from
the top of the data too.

Each class is declared once below, with its wire name and each field's wire
kind; the writing, the reading and the JSON Schema of the data
(:func:`schema`, published under ``schemas/``) are all derived from that
declaration (``python -m tests.test_schemas`` writes the published files).
"""

from __future__ import annotations

import hashlib
import json
from types import MappingProxyType
from typing import Any, Final, TypeAlias, TypeVar, cast

from orientation_core._academy import Academy, PhaseWindow, SchoolYear
from orientation_core._actors import Guardian, Pupil, Role, Staff
from orientation_core._campaign import (
    AvisPublished,
    Campaign,
    CampaignPlanned,
    CloseService,
    EndMoved,
    MoveEnd,
    MoveStart,
    PropositionsPublished,
    PublishAvis,
    PublishPropositions,
    ServiceClosed,
    StartMoved,
)
from orientation_core._commands import (
    AcceptDecision,
    AcknowledgeAvis,
    Answer,
    AnswerPropositions,
    Avis,
    AvisConseil,
    HandOverEntrant,
    LodgeAppeal,
    Proposition,
    RecordAppealDecision,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    RequestMaintien,
    ValidateChoix,
    ValidateIntentions,
)
from orientation_core._describe import describe
from orientation_core._dossier import Appeal, AppealDecision, Decision, Dossier
from orientation_core._events import (
    AppealDecisionRecorded,
    AppealLodged,
    AvisAcknowledged,
    AvisRecorded,
    ChoixValidated,
    DecisionAccepted,
    DecisionRecorded,
    DossierId,
    DossierOpened,
    EntrantHandedOver,
    IntentionsValidated,
    MaintienRequested,
    PropositionsAnswered,
    PropositionsRecorded,
)
from orientation_core._intention import (
    STATUT_BITS,
    STATUT_CODES,
    STATUTS_BY_BITS,
    Intention,
    IntentionSet,
    intention_problems,
    normalise_precision,
    precision_is_valid,
    set_problems,
    trusted_intention,
    trusted_set,
)
from orientation_core._phase import Action, CampaignAction, Phase, Rhythm, Side
from orientation_core._policy import Access, Standing
from orientation_core._problems import MAX_INTENTIONS, Path, problem
from orientation_core._settings import AcademySettings
from orientation_core._voie import Statut, Voie
from orientation_core._wire import (
    BOOL,
    DAY,
    DAY_OR_INSTANT,
    INSTANT,
    INT,
    MISSING,
    STEP,
    TEXT,
    Code,
    Kind,
    Nested,
    Optional,
    Record,
    Set,
    Tagged,
    Tuple,
    document,
    keys_problems,
)
from orientation_core._workdays import Territory
from orientation_core.exceptions import InvalidValue, Problem

__all__ = [
    "SCHEMA_VERSION",
    "WIRE_NAMES",
    "JsonValue",
    "dump",
    "load",
    "load_any",
    "schema",
    "schema_files",
    "schemas",
]

SCHEMA_VERSION: Final = 1
"""The version of the wire format :func:`dump` writes and :func:`load` reads.

Any change to a published schema (:func:`schemas`) bumps it.
"""

JsonValue: TypeAlias = dict[str, "JsonValue"] | list["JsonValue"] | str | int | float | bool | None
"""What :mod:`json` can write: the shape of everything :func:`dump` returns."""

T = TypeVar("T")

Body: TypeAlias = dict[str, JsonValue]

_ENVELOPE = ("schema", "type")
# Stands in, for the set's rules, for a row whose voie could not be read.
_UNREADABLE: Final = object()

# --- enums -------------------------------------------------------------------

# A voie or a statut that names none is worded for the family; any other
# code as the kind of code it is.
VOIE: Final = Code(Voie, "voie.unknown")
STATUT: Final = Code(Statut, "statut.unknown")
PHASE: Final = Code(Phase)
_ENUM_KINDS: tuple[tuple[str, Code], ...] = (
    ("Voie", VOIE),
    ("Statut", STATUT),
    ("Phase", PHASE),
    ("Action", Code(Action)),
    ("CampaignAction", Code(CampaignAction)),
    ("Side", Code(Side)),
    ("Role", Code(Role)),
    ("Avis", Code(Avis)),
    ("Answer", Code(Answer)),
    ("SchoolYear", Code(SchoolYear)),
    ("Territory", Code(Territory)),
    ("Rhythm", Code(Rhythm)),
    ("Access", Code(Access)),
    ("Standing", Code(Standing)),
)
_CODES = {code.enum: code for _, code in _ENUM_KINDS}


def _enum_record(name: str, code: Code) -> Record:
    # At the top level a member is {"code": ...}, so that every dump has the envelope.
    return Record(
        name,
        code.enum,
        (("code", code),),
        build=lambda code: code,
        write=_write_code,
    )


def _write_code(body: dict[str, JsonValue], member: Any) -> dict[str, JsonValue]:
    body["code"] = member.value
    return body


# --- the intentions, read with the family's words -------------------------------

_INTENTION_FIELDS: tuple[tuple[str, Kind], ...] = (
    ("voie", VOIE),
    ("precision", Optional(TEXT)),
    ("statuts", Set(STATUT)),
)
_INTENTION_KEYS = tuple(key for key, _ in _INTENTION_FIELDS)
_INTENTION_KEY_SET = frozenset(_INTENTION_KEYS)
_VOIES = {v.value: v for v in Voie}
# Looked up once: reading a member off its enum costs about 80 ns each time.
_GT = Voie.GT


def _read_intention(
    data: object, at: Path, problems: list[Problem]
) -> tuple[Voie | None, Intention | None]:
    """The voie (when readable) and the intention (when valid) of one body."""
    if not isinstance(data, dict):
        problems.append(problem("type.invalid", at, expected="dict"))
        return None, None
    before = len(problems)
    # Checked once per row of every record synchronised: the common case first.
    if data.keys() != _INTENTION_KEY_SET:
        problems += keys_problems(data, _INTENTION_KEYS, at)

    voie: Voie | None = None
    voie_code = data.get("voie", MISSING)
    if voie_code is None:
        problems.append(problem("voie.missing", (*at, "voie")))
    elif type(voie_code) is str:
        voie = _VOIES.get(voie_code)
        if voie is None:
            problems.append(problem("voie.unknown", (*at, "voie")))
    elif voie_code is not MISSING:
        problems.append(problem("type.invalid", (*at, "voie"), expected="str"))

    precision = data.get("precision")
    if type(precision) is str:
        precision = normalise_precision(precision)
    statuts = _read_statuts(data.get("statuts", MISSING), at, problems)

    # The voie's own problems were worded above, for what the data holds;
    # intention_problems only sees a voie that is None or a Voie.
    found = intention_problems(voie, precision, statuts, at)
    if found:
        problems.extend(p for p in found if p.code != "voie.missing")
    if voie is None or len(problems) > before:
        return voie, None
    # Every rule of the constructor was checked just above.
    return voie, trusted_intention(voie, cast("str | None", precision), statuts)


def _read_statuts(value: object, at: Path, problems: list[Problem]) -> frozenset[Statut]:
    """The statuts of the intention at ``at``, from the list of their codes."""
    if type(value) is not list:
        if value is not MISSING:
            problems.append(problem("type.invalid", (*at, "statuts"), expected="list[str]"))
        return frozenset()
    bits = 0
    for index, code in enumerate(value):
        if type(code) is not str:
            problems.append(problem("type.invalid", (*at, "statuts", index), expected="str"))
            continue
        bit = STATUT_BITS.get(code)
        if bit is None:
            problems.append(problem("statut.unknown", (*at, "statuts", index)))
        else:
            bits |= bit
    return STATUTS_BY_BITS[bits]


def _load_intention(data: dict[Any, object], at: Path, problems: list[Problem]) -> Intention | None:
    return _read_intention(data, at, problems)[1]


def _load_intention_set(
    data: dict[Any, object], at: Path, problems: list[Problem]
) -> IntentionSet | None:
    plain = _plain_intention_set(data)
    return _read_intention_set(data, at, problems) if plain is None else plain


def _read_intention_set(
    data: dict[Any, object], at: Path, problems: list[Problem]
) -> IntentionSet | None:
    # The full reading: every problem of every row, each located.
    problems += keys_problems(data, ("intentions",), at) if data.keys() != {"intentions"} else ()
    rows = data.get("intentions", MISSING)
    if rows is MISSING:
        return None
    where = (*at, "intentions")
    if type(rows) is not list:
        problems.append(problem("type.invalid", where, expected="list"))
        return None
    before = len(problems)
    read = [_read_intention(row, (*where, index), problems) for index, row in enumerate(rows)]
    intentions = tuple(intention for _, intention in read)
    if len(problems) > before:
        # The set's rules (count, each voie once) still apply to the rows whose
        # voie could be read; a row that could not stands in as a non-intention,
        # whose type.invalid problem is dropped since the row's own came first.
        probes = tuple(
            _UNREADABLE if voie is None else trusted_intention(voie, None, frozenset())
            for voie, _ in read
        )
        problems.extend(p for p in set_problems(probes, where) if p.code != "type.invalid")
        return None
    set_level = set_problems(intentions, where)
    if set_level:
        problems.extend(set_level)
        return None
    return trusted_set(cast("tuple[Intention, ...]", intentions))


def _plain_intention_set(data: dict[Any, object]) -> IntentionSet | None:
    """The set of a body as :func:`dump` writes it, or None to look closer.

    It takes only what :func:`dump` writes and makes every decision of the
    full reading above, which takes over at the first doubt and words each
    problem: checking the happy path first, without building a list of
    problems for nothing, took loading a set of three from 2.8 to 1.2 times
    the floor of benchmarks/values.py.
    """
    rows = data.get("intentions")
    if type(rows) is not list or not 1 <= len(rows) <= MAX_INTENTIONS or len(data) != 1:
        return None
    intentions = []
    voies: list[Voie] = []
    for row in rows:
        intention = _plain_intention(row)
        if intention is None or intention.voie in voies:
            return None
        voies.append(intention.voie)
        intentions.append(intention)
    return trusted_set(tuple(intentions))


def _plain_intention(row: object) -> Intention | None:
    # One body for _plain_intention_set: its intention, or None at the first doubt.
    if type(row) is not dict or row.keys() != _INTENTION_KEY_SET:
        return None
    code = row["voie"]
    voie = _VOIES.get(code) if type(code) is str else None
    text = row["precision"]
    precision = normalise_precision(text) if type(text) is str else text
    codes = row["statuts"]
    if voie is None or type(codes) is not list or not precision_is_valid(precision):
        return None
    bits = 0
    for code in codes:
        bit = STATUT_BITS.get(code) if type(code) is str else None
        if bit is None:
            return None
        bits |= bit
    if voie is _GT and (precision is not None or bits):
        return None
    return trusted_intention(voie, precision, STATUTS_BY_BITS[bits])


def _write_intention_set(body: dict[str, JsonValue], value: IntentionSet) -> dict[str, JsonValue]:
    # By hand rather than field by field through the kinds: from 4.7 to 1.1
    # times the floor for a set of three (benchmarks/values.py).  The codes
    # of the shared statuts are looked up, not sorted; ``_value_`` is the
    # member's code as ``.value`` gives it, without the property's call.  A
    # list of statuts of its own for each dump, which the host may change.
    body["intentions"] = [
        {
            "voie": i.voie._value_,
            "precision": i.precision,
            "statuts": list(STATUT_CODES[i.statuts]),
        }
        for i in value.intentions
    ]
    return body


_INTENTION = Record("Intention", Intention, _INTENTION_FIELDS, read=_load_intention)
_INTENTION_SET = Record(
    "IntentionSet",
    IntentionSet,
    (("intentions", Tuple(Nested(_INTENTION))),),
    read=_load_intention_set,
    write=_write_intention_set,
)

# --- every other class, field by field ------------------------------------------
#
# The wire names are written out, never taken from the class: renaming a
# class must not change what hosts have stored.

_SETTINGS = Record("AcademySettings", AcademySettings, (("details_enabled", BOOL),))
_GUARDIAN = Record("Guardian", Guardian, (("id", TEXT), ("name", TEXT), ("email", Optional(TEXT))))
_PUPIL = Record("Pupil", Pupil, (("id", TEXT), ("name", TEXT), ("classe", TEXT)))
_STAFF = Record(
    "Staff",
    Staff,
    (("id", TEXT), ("uai", TEXT), ("role", _CODES[Role]), ("classes", Set(TEXT))),
)
_WINDOW = Record(
    "PhaseWindow", PhaseWindow, (("phase", PHASE), ("first_day", DAY), ("last_day", DAY))
)
_ACADEMY = Record(
    "Academy",
    Academy,
    (
        ("name", TEXT),
        ("timezone", TEXT),
        ("school_year", _CODES[SchoolYear]),
        ("settings", Nested(_SETTINGS)),
        ("windows", Tuple(Nested(_WINDOW))),
        ("dernier_mot_schools", Set(TEXT)),
    ),
)
_TERRITORY = Optional(_CODES[Territory])
_PLAN: tuple[tuple[str, Kind], ...] = (
    ("academy", Nested(_ACADEMY)),
    ("uai", TEXT),
    ("rentree", INT),
    ("starts", Tuple(INSTANT)),
    ("zone", TEXT),
    ("territory", _TERRITORY),
)
_RHYTHM = ("rhythm", _CODES[Rhythm])
_CAMPAIGN = Record(
    "Campaign",
    Campaign,
    (*_PLAN, ("version", INT), ("updated_at", Optional(INSTANT)), _RHYTHM),
)

# The head's commands and what they give.
_VERSION = (("version", INT),)
_CAMPAIGN_HEAD = (("uai", TEXT), ("rentree", INT), ("version", INT))
_HEAD_ACT = (*_CAMPAIGN_HEAD, ("actor", Tagged(_STAFF)), ("at", INSTANT))
_CAMPAIGN_RECORDS = (
    Record("MoveStart", MoveStart, (*_VERSION, ("phase", PHASE), ("to", DAY_OR_INSTANT))),
    Record("MoveEnd", MoveEnd, (*_VERSION, ("phase", PHASE), ("to", DAY_OR_INSTANT))),
    Record("CloseService", CloseService, (*_VERSION, ("phase", PHASE))),
    Record("PublishAvis", PublishAvis, _VERSION),
    Record("PublishPropositions", PublishPropositions, _VERSION),
    Record("CampaignPlanned", CampaignPlanned, (*_CAMPAIGN_HEAD, *_PLAN[:1], *_PLAN[3:], _RHYTHM)),
    Record(
        "StartMoved",
        StartMoved,
        (*_HEAD_ACT, ("phase", PHASE), ("previous", INSTANT), ("start", INSTANT)),
    ),
    Record(
        "EndMoved",
        EndMoved,
        (*_HEAD_ACT, ("phase", PHASE), ("previous", INSTANT), ("end", INSTANT)),
    ),
    Record("ServiceClosed", ServiceClosed, (*_HEAD_ACT, ("phase", PHASE))),
    Record("AvisPublished", AvisPublished, _HEAD_ACT),
    Record("PropositionsPublished", PropositionsPublished, _HEAD_ACT),
)

# What the conseil, the head and the commission say.
_NOTE = Optional(TEXT)
_AVIS = Record(
    "AvisConseil",
    AvisConseil,
    (("voie", VOIE), ("avis", _CODES[Avis]), ("reason", _NOTE), ("comment", _NOTE)),
)
_PROPOSITION = Record("Proposition", Proposition, (("voie", VOIE), ("comment", _NOTE)))
_DECISION = Record(
    "Decision", Decision, (("voie", VOIE), ("reasons", _NOTE), ("notified_at", INSTANT))
)
_APPEAL = Record(
    "Appeal",
    Appeal,
    (("voie", VOIE), ("motif", _NOTE), ("at", INSTANT), ("dernier_mot", BOOL)),
)
_APPEAL_DECISION = Record(
    "AppealDecision", AppealDecision, (("voie", VOIE), ("comment", _NOTE), ("at", INSTANT))
)
_DOSSIER_ID = Record("DossierId", DossierId, (("uai", TEXT), ("rentree", INT), ("pupil_id", TEXT)))
_INTENTIONS = Nested(_INTENTION_SET)
_ANSWERS = Tuple(_CODES[Answer])
_AVIS_LIST = Tuple(Nested(_AVIS))
_PROPOSITIONS = Tuple(Nested(_PROPOSITION))

# A dossier's commands and the events they give, with the payload both carry.
# A command carries the version its sender saw, and the family's the paper
# form's signatory; an event names its dossier, its version after, who and
# when, and the family's who acted for it and whether on paper.
_FAMILY_COMMAND = (*_VERSION, ("signed_by", Optional(TEXT)))
_EVENT = (
    ("dossier", Nested(_DOSSIER_ID)),
    ("version", INT),
    ("actor", Tagged(_GUARDIAN, _PUPIL, _STAFF)),
    ("at", INSTANT),
)
_FAMILY_EVENT = (*_EVENT, ("guardian_id", TEXT), ("paper_form", BOOL))
_ACTS: tuple[tuple[Record, Record], ...] = tuple(
    (
        Record(command_name, command, (*(_FAMILY_COMMAND if family else _VERSION), *payload)),
        Record(event_name, event, (*(_FAMILY_EVENT if family else _EVENT), *payload, *own)),
    )
    for family, command_name, command, event_name, event, payload, own in (
        (
            True,
            "ValidateIntentions",
            ValidateIntentions,
            "IntentionsValidated",
            IntentionsValidated,
            (("intentions", _INTENTIONS),),
            (),
        ),
        (True, "AcknowledgeAvis", AcknowledgeAvis, "AvisAcknowledged", AvisAcknowledged, (), ()),
        (
            True,
            "ValidateChoix",
            ValidateChoix,
            "ChoixValidated",
            ChoixValidated,
            (("choix", _INTENTIONS),),
            (),
        ),
        (
            True,
            "AnswerPropositions",
            AnswerPropositions,
            "PropositionsAnswered",
            PropositionsAnswered,
            (("answers", _ANSWERS),),
            (),
        ),
        (True, "AcceptDecision", AcceptDecision, "DecisionAccepted", DecisionAccepted, (), ()),
        (
            True,
            "LodgeAppeal",
            LodgeAppeal,
            "AppealLodged",
            AppealLodged,
            (("voie", VOIE), ("motif", _NOTE)),
            (("dernier_mot", BOOL),),
        ),
        (True, "RequestMaintien", RequestMaintien, "MaintienRequested", MaintienRequested, (), ()),
        (
            False,
            "RecordAvis",
            RecordAvis,
            "AvisRecorded",
            AvisRecorded,
            (("avis", _AVIS_LIST),),
            (),
        ),
        (
            False,
            "RecordPropositions",
            RecordPropositions,
            "PropositionsRecorded",
            PropositionsRecorded,
            (("propositions", _PROPOSITIONS),),
            (),
        ),
        (
            False,
            "RecordDecision",
            RecordDecision,
            "DecisionRecorded",
            DecisionRecorded,
            (("voie", VOIE), ("reasons", _NOTE)),
            (),
        ),
        (
            False,
            "RecordAppealDecision",
            RecordAppealDecision,
            "AppealDecisionRecorded",
            AppealDecisionRecorded,
            (("voie", VOIE), ("comment", _NOTE)),
            (),
        ),
        (
            False,
            "HandOverEntrant",
            HandOverEntrant,
            "EntrantHandedOver",
            EntrantHandedOver,
            (("to", TEXT),),
            (),
        ),
    )
)
_OPENED = Record(
    "DossierOpened",
    DossierOpened,
    (*_EVENT, ("pupil", Nested(_PUPIL)), ("guardians", Tuple(Nested(_GUARDIAN)))),
)

_DOSSIER = Record(
    "Dossier",
    Dossier,
    (
        ("uai", TEXT),
        ("rentree", INT),
        ("pupil", Nested(_PUPIL)),
        ("guardians", Tuple(Nested(_GUARDIAN))),
        ("entrant_id", Optional(TEXT)),
        ("intentions", Optional(_INTENTIONS)),
        ("avis", _AVIS_LIST),
        ("acknowledged_at", Optional(INSTANT)),
        ("choix", Optional(_INTENTIONS)),
        ("propositions", _PROPOSITIONS),
        ("answers", _ANSWERS),
        ("decision", Optional(Nested(_DECISION))),
        ("decision_accepted_at", Optional(INSTANT)),
        ("appeal", Optional(Nested(_APPEAL))),
        ("appeal_decision", Optional(Nested(_APPEAL_DECISION))),
        ("maintien_requested_at", Optional(INSTANT)),
        ("paper_form", BOOL),
        ("version", INT),
        ("updated_at", Optional(INSTANT)),
    ),
)
_PROBLEM = Record("Problem", Problem, (("code", TEXT), ("path", Tuple(STEP)), ("message", TEXT)))

# Every class the codec knows: adding one is declaring its record here.
_ALL_RECORDS: tuple[Record, ...] = (
    *(_enum_record(name, code) for name, code in _ENUM_KINDS),
    _INTENTION,
    _INTENTION_SET,
    _SETTINGS,
    _GUARDIAN,
    _PUPIL,
    _STAFF,
    _WINDOW,
    _ACADEMY,
    _CAMPAIGN,
    *_CAMPAIGN_RECORDS,
    _AVIS,
    _PROPOSITION,
    _DECISION,
    _APPEAL,
    _APPEAL_DECISION,
    _DOSSIER_ID,
    *(command for command, _ in _ACTS),
    _OPENED,
    *(event for _, event in _ACTS),
    _DOSSIER,
    _PROBLEM,
)
_RECORDS: dict[type[Any], Record] = {record.cls: record for record in _ALL_RECORDS}
_BY_NAME: dict[str, Record] = {record.name: record for record in _ALL_RECORDS}

WIRE_NAMES: Final = MappingProxyType({record.cls: record.name for record in _ALL_RECORDS})
"""Every class the codec knows, with its wire name: the ``"type"`` of its data."""


def dump(value: object) -> dict[str, JsonValue]:
    """The JSON-compatible data of ``value``, with the schema version and the type.

    Raises:
        InvalidValue: with the code ``type.unsupported`` when the codec does
            not know the class of ``value``.

    """
    record = _RECORDS.get(type(value))
    if record is None:
        raise InvalidValue((problem("type.unsupported", (), name=describe(type(value).__name__)),))
    return record.write({"schema": SCHEMA_VERSION, "type": record.name}, value)


def load(cls: type[T], data: object) -> T:
    """The value of class ``cls`` that ``data`` (as :func:`dump` writes it) describes.

    Args:
        cls: The class expected, such as ``IntentionSet``.
        data: Plain data, typically what :func:`json.loads` returned.

    Raises:
        InvalidValue: with every problem found in ``data``, each located by
            its path from the top; or with the code ``type.unsupported`` when
            the codec does not know ``cls``.

    """
    record = _RECORDS.get(cls) if isinstance(cls, type) else None
    if record is None:
        name = cls.__name__ if isinstance(cls, type) else type(cls).__name__
        raise InvalidValue((problem("type.unsupported", (), name=describe(name)),))
    if not isinstance(data, dict):
        raise InvalidValue((problem("type.invalid", (), expected="dict"),))
    problems: list[Problem] = []
    readable = True
    version = data.get("schema", MISSING)
    if version is MISSING:
        problems.append(problem("key.missing", ("schema",)))
    elif type(version) is not int or version != SCHEMA_VERSION:
        problems.append(problem("schema.unsupported", ("schema",), found=describe(version)))
        readable = False
    kind = data.get("type", MISSING)
    if kind is MISSING:
        problems.append(problem("key.missing", ("type",)))
    elif type(kind) is not str or kind != record.name:
        problems.append(problem("type.invalid", ("type",), expected=record.name))
        readable = False
    if not readable:
        raise InvalidValue(problems)
    body = data.copy()
    for key in _ENVELOPE:
        body.pop(key, None)
    value = record.read(body, (), problems)
    if problems:
        raise InvalidValue(problems)
    return cast("T", value)


def load_any(data: object) -> object:
    """The value ``data`` describes, of the class its ``"type"`` names.

    Only the classes of :data:`WIRE_NAMES` are read; nothing is imported by name.

    Raises:
        InvalidValue: as :func:`load` does; ``"type.unsupported"`` at
            ``("type",)`` when it names no class the codec knows.

    """
    if not isinstance(data, dict):
        raise InvalidValue((problem("type.invalid", (), expected="dict"),))
    kind = data.get("type", MISSING)
    record = _BY_NAME.get(kind) if type(kind) is str else None
    if record is not None:
        return load(record.cls, data)
    if kind is MISSING:
        raise InvalidValue((problem("key.missing", ("type",)),))
    raise InvalidValue((problem("type.unsupported", ("type",), name=describe(kind)),))


# --- the published schema ---------------------------------------------------------


def schema(cls: type[Any] | str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of what :func:`dump` writes for ``cls``.

    ``cls`` is a class of :data:`WIRE_NAMES` or its wire name.  The schema
    says which keys, types, codes and formats the data holds; the rules a
    value's constructor checks beyond that (lengths, identifiers, rules
    across fields, a schedule's order) are the codec's alone.

    Raises:
        InvalidValue: ``"type.unsupported"`` when the codec does not know ``cls``.

    """
    if type(cls) is str:
        record = _BY_NAME.get(cls)
    else:
        record = _RECORDS.get(cls) if isinstance(cls, type) else None
    if record is None:
        raise InvalidValue((problem("type.unsupported", (), name=describe(cls)),))
    return document(record, SCHEMA_VERSION)


def schemas() -> dict[str, dict[str, Any]]:
    """Every schema, by wire name, in the order of the wire names."""
    return {record.name: document(record, SCHEMA_VERSION) for record in _ALL_RECORDS}


def schema_files() -> dict[str, str]:
    """The published files: ``NAME.schema.json`` for each type, and ``index.json``.

    Each is JSON text as written under ``schemas/``, ending with a new line.
    """
    files = {f"{name}.schema.json": _text(document) for name, document in schemas().items()}
    index = {
        "schema": SCHEMA_VERSION,
        "types": {name: f"{name}.schema.json" for name in _BY_NAME},
        "sha256": hashlib.sha256("".join(files.values()).encode()).hexdigest(),
    }
    return {"index.json": _text(index), **files}


def _text(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
