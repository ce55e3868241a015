"""Hypothesis strategies shared by every test module, one section per domain area."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, cast
from zoneinfo import ZoneInfo

import attrs
import pendulum
from hypothesis import assume
from hypothesis import strategies as st

from orientation_core import (
    LATE_ACTIONS,
    PHASE_ACTIONS,
    Academy,
    AcademySettings,
    AcceptDecision,
    Access,
    AcknowledgeAvis,
    Action,
    Answer,
    AnswerPropositions,
    Appeal,
    AppealDecision,
    AppealDecisionRecorded,
    AppealLodged,
    Avis,
    AvisAcknowledged,
    AvisConseil,
    AvisPublished,
    AvisRecorded,
    Campaign,
    CampaignAction,
    CampaignCommand,
    CampaignPlanned,
    ChoixValidated,
    CloseService,
    Decision,
    DecisionAccepted,
    DecisionRecorded,
    Dossier,
    DossierCommand,
    DossierEvent,
    DossierId,
    DossierOpened,
    EndMoved,
    EntrantHandedOver,
    FamilyCommand,
    Guardian,
    HandOverEntrant,
    HeadEvent,
    Intention,
    IntentionSet,
    IntentionsValidated,
    LodgeAppeal,
    MaintienRequested,
    MoveEnd,
    MoveStart,
    Phase,
    PhaseWindow,
    Proposition,
    PropositionsAnswered,
    PropositionsPublished,
    PropositionsRecorded,
    PublishAvis,
    PublishPropositions,
    Pupil,
    RecordAppealDecision,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    RequestMaintien,
    Rhythm,
    Role,
    SchoolYear,
    ServiceClosed,
    Side,
    Staff,
    Standing,
    StartMoved,
    Statut,
    Territory,
    ValidateChoix,
    ValidateIntentions,
    Voie,
    normalise_precision,
)
from orientation_core._actors import Actor
from orientation_core._problems import MAX_PRECISION_LENGTH
from orientation_core.codec import SCHEMA_VERSION, JsonValue, dump
from orientation_core.exceptions import IllegalTransition, InvalidValue, PermissionDenied, Problem

# --- values (issue 2) -------------------------------------------------------

voies = st.sampled_from(Voie)
statuts = st.frozensets(st.sampled_from(Statut))

# Text as families type it: letters, accents, white space of every kind,
# combining marks, and now and then something that is refused.
raw_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Zs", "Cc", "S")),
    max_size=260,
)
# A few characters grow under NFC, hence the filter on the stored length.
precision_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Zs", "S")),
    min_size=1,
    max_size=200,
).filter(lambda t: 0 < len(normalise_precision(t) or "") <= MAX_PRECISION_LENGTH)


@st.composite
def intentions(draw: st.DrawFn, voie: Voie | None = None) -> Intention:
    """A valid intention, of ``voie`` when given."""
    chosen = draw(voies) if voie is None else voie
    if not chosen.accepts_details:
        return Intention(chosen)
    precision = draw(st.none() | precision_text)
    return Intention(chosen, precision, draw(statuts))


@st.composite
def intention_sets(draw: st.DrawFn, min_size: int = 1, max_size: int = 3) -> IntentionSet:
    """A valid set of ``min_size`` to ``max_size`` intentions."""
    chosen = draw(st.lists(voies, min_size=min_size, max_size=max_size, unique=True))
    return IntentionSet([draw(intentions(v)) for v in chosen])


academy_settings = st.builds(AcademySettings, details_enabled=st.booleans())

# Codec data (issue 2, point 8): every value the codec knows, any JSON at all,
# and valid dumps broken in one way that the codec must refuse.
codec_values: st.SearchStrategy[object] = st.one_of(
    voies, st.sampled_from(Statut), intentions(), intention_sets(), academy_settings
)

# Keys the codec reads, now and then, so that arbitrary data comes near to
# the real shapes and goes past the first check.
_codec_keys = st.sampled_from(
    ("schema", "type", "code", "voie", "precision", "statuts", "intentions", "details_enabled")
)


def _json_containers(children: st.SearchStrategy[JsonValue]) -> st.SearchStrategy[JsonValue]:
    return st.lists(children, max_size=4) | st.dictionaries(
        _codec_keys | st.text(max_size=10), children, max_size=5
    )


json_values: st.SearchStrategy[JsonValue] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    _json_containers,
    max_leaves=25,
)

# Every text that names something in the data; a text outside it is unknown.
_CODEC_CLASSES: tuple[type[object], ...] = (Voie, Statut, Intention, IntentionSet, AcademySettings)
_NAMES = frozenset(
    {*(v.value for v in Voie), *(s.value for s in Statut), *(c.__name__ for c in _CODEC_CLASSES)}
)
# Any number but the one accepted somewhere (the schema version).
_wrong_numbers = (st.integers() | st.floats()).filter(lambda n: not (type(n) is int and n == 1))

_Slot = tuple[dict[str, JsonValue] | list[JsonValue], str | int]


def _slots(data: JsonValue) -> list[_Slot]:
    """Every place in ``data`` that holds a value: (container, key or index)."""
    found: list[_Slot] = []
    pending = [data]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            found.extend((node, key) for key in node)
            pending.extend(node.values())
        elif isinstance(node, list):
            found.extend((node, index) for index in range(len(node)))
            pending.extend(node)
    return found


def _get(slot: _Slot) -> JsonValue:
    container, key = slot
    if isinstance(container, dict):
        assert isinstance(key, str)
        return container[key]
    assert isinstance(key, int)
    return container[key]


def _put(slot: _Slot, value: JsonValue) -> None:
    container, key = slot
    if isinstance(container, dict):
        assert isinstance(key, str)
        container[key] = value
    else:
        assert isinstance(key, int)
        container[key] = value


@st.composite
def malformed_dumps(draw: st.DrawFn) -> tuple[type[object], dict[str, JsonValue]]:
    """A class and the dump of a value of it, broken in one way the codec refuses."""
    value = draw(codec_values)
    cls: type[object] = type(value)
    data = dump(value)
    slots = _slots(data)
    dicts = [data, *(v for v in map(_get, slots) if isinstance(v, dict))]
    strings = [slot for slot in slots if type(_get(slot)) is str]
    how = draw(
        st.sampled_from(
            ("drop key", "add key", "number", "unknown code", "long text", "schema", "class")
        )
    )
    if how == "drop key":
        target = draw(st.sampled_from(dicts))
        del target[draw(st.sampled_from(sorted(target)))]
    elif how == "add key":
        target = draw(st.sampled_from(dicts))
        new_key = draw((_codec_keys | st.text(max_size=10)).filter(lambda k: k not in target))
        target[new_key] = draw(json_values)
    elif how == "number":
        _put(draw(st.sampled_from(slots)), draw(_wrong_numbers))
    elif how == "unknown code":
        # Any text but a précision names something: a voie, a statut, a class.
        codes = [slot for slot in strings if slot[1] != "precision"]
        _put(draw(st.sampled_from(codes)), draw(st.text(max_size=20).filter(_unnamed)))
    elif how == "long text":
        long_text = st.text(alphabet="abcdéèêàç-'", min_size=MAX_PRECISION_LENGTH + 1)
        _put(draw(st.sampled_from(strings)), draw(long_text))
    elif how == "schema":
        data["schema"] = draw(json_values.filter(lambda v: not (type(v) is int and v == 1)))
    else:
        cls = draw(st.sampled_from([c for c in _CODEC_CLASSES if c is not cls]))
    return cls, data


def _unnamed(text: str) -> bool:
    return text not in _NAMES


# Data in the right envelope whose every field is a real code or any JSON:
# it reaches every check of every body, and is now and then valid.
_near_voie = st.sampled_from([v.value for v in Voie]) | json_values
_near_statuts = st.lists(st.sampled_from([s.value for s in Statut]) | json_values, max_size=3)
_near_intention = st.fixed_dictionaries(
    {"voie": _near_voie, "precision": st.none() | st.text(max_size=30) | json_values},
    optional={"statuts": _near_statuts | json_values, "extra": json_values},
)
_NEAR_BODIES: dict[type[object], st.SearchStrategy[dict[str, JsonValue]]] = {
    Voie: st.fixed_dictionaries({"code": _near_voie}),
    Statut: st.fixed_dictionaries(
        {"code": st.sampled_from([s.value for s in Statut]) | json_values}
    ),
    Intention: _near_intention,
    IntentionSet: st.fixed_dictionaries(
        {"intentions": st.lists(_near_intention | json_values, max_size=4) | json_values}
    ),
    AcademySettings: st.fixed_dictionaries({"details_enabled": json_values}),
}


@st.composite
def near_dumps(draw: st.DrawFn) -> tuple[type[object], dict[str, JsonValue]]:
    """A class and data in its envelope whose fields are real codes or any JSON."""
    cls = draw(st.sampled_from(_CODEC_CLASSES))
    body = draw(_NEAR_BODIES[cls])
    return cls, {"schema": SCHEMA_VERSION, "type": cls.__name__, **body}


# --- campaign (issue 3) -----------------------------------------------------

# Every zone of procedure.md §6; Nouméa and Wallis run the southern year.
CAMPAIGN_ZONES = (
    "Europe/Paris",
    "America/Guadeloupe",
    "America/Martinique",
    "America/Cayenne",
    "Indian/Reunion",
    "Indian/Mayotte",
    "America/Miquelon",
    "Pacific/Noumea",
    "Pacific/Wallis",
    "Pacific/Tahiti",
    "Pacific/Marquesas",
)
SOUTHERN_ZONES = frozenset({"Pacific/Noumea", "Pacific/Wallis"})
# The académie (or vice-rectorat) of a school in each zone, its zone, and the
# department part of its schools' UAIs.  Saint-Pierre-et-Miquelon depends on
# an académie in Paris time: its schools' zone is not their académie's.
_ACADEMY_OF_ZONE = {
    "Europe/Paris": ("Paris", "Europe/Paris", "075"),
    "America/Guadeloupe": ("Guadeloupe", "America/Guadeloupe", "971"),
    "America/Martinique": ("Martinique", "America/Martinique", "972"),
    "America/Cayenne": ("Guyane", "America/Cayenne", "973"),
    "Indian/Reunion": ("La Réunion", "Indian/Reunion", "974"),
    "Indian/Mayotte": ("Mayotte", "Indian/Mayotte", "976"),
    "America/Miquelon": ("Normandie", "Europe/Paris", "975"),
    "Pacific/Noumea": ("Nouvelle-Calédonie", "Pacific/Noumea", "983"),
    "Pacific/Wallis": ("Wallis-et-Futuna", "Pacific/Wallis", "986"),
    "Pacific/Tahiti": ("Polynésie française", "Pacific/Tahiti", "984"),
    "Pacific/Marquesas": ("Polynésie française", "Pacific/Tahiti", "984"),
}
_UAI_KEYS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def uai(number: int) -> str:
    """The UAI of seven digits ``number``, with its check letter (the number modulo 23)."""
    return f"{number:07d}{_UAI_KEYS[number % 23]}"


campaign_zones = st.sampled_from(CAMPAIGN_ZONES)


def rhythm_of(zone: str) -> SchoolYear:
    """The school-year rhythm of a school in ``zone``."""
    return SchoolYear.SOUTHERN if zone in SOUTHERN_ZONES else SchoolYear.NORTHERN


@st.composite
def campaigns(draw: st.DrawFn, zone: str | None = None, rentree: int | None = None) -> Campaign:
    """A valid campaign planned with Campaign.plan, in a random zone of procedure.md §6.

    Boundaries are local days or aware instants inside a day (in the school's
    zone or in UTC), phases last from less than a day to months, and the
    académie may set windows around some phases.
    """
    zone = draw(campaign_zones) if zone is None else zone
    name, academy_zone, department = _ACADEMY_OF_ZONE[zone]
    rhythm = rhythm_of(zone)
    year = draw(st.integers(2020, 2035)) if rentree is None else rentree
    first, last = rhythm.campaign_days(year)
    span = (last - first).days + 1
    offsets = sorted(draw(st.lists(st.integers(0, span), min_size=8, max_size=8, unique=True)))
    tz = ZoneInfo(zone)
    # For each boundary: the value a head gives for the start of the phase
    # after it and for the end of the phase before it, and the local days
    # the boundary falls in (the last day before it, the day it is in).
    starts: list[date | datetime] = []
    ends: list[date | datetime] = []
    days: list[tuple[date, date]] = []
    for offset in offsets:
        day = first + timedelta(days=offset)
        if offset < span and draw(st.booleans()):
            minute = draw(st.integers(1, 24 * 60 - 1))
            moment = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=tz)
            if draw(st.booleans()):
                moment = moment.astimezone(UTC)
            starts.append(moment)
            ends.append(moment)
            days.append((day, day))
        else:
            starts.append(day)
            ends.append(day - timedelta(days=1))
            days.append((day - timedelta(days=1), day))
    phases = tuple(Phase)[1:-1]
    schedule = {p: (starts[i], ends[i + 1]) for i, p in enumerate(phases)}
    windows = []
    for i, phase in enumerate(phases):
        if draw(st.booleans()):
            before = timedelta(days=draw(st.integers(0, 20)))
            after = timedelta(days=draw(st.integers(0, 20)))
            windows.append(PhaseWindow(phase, days[i][1] - before, days[i + 1][0] + after))
    school = uai(int(department) * 10_000 + draw(st.integers(0, 9_999)))
    dernier_mot = frozenset({school}) if draw(st.booleans()) else frozenset()
    academy = Academy(name, academy_zone, rhythm, draw(academy_settings), windows, dernier_mot)
    territory = None
    if zone == "Europe/Paris" and draw(st.booleans()):
        territory = Territory.ALSACE_MOSELLE
    return Campaign.plan(
        academy,
        school,
        year,
        schedule,
        zone=zone,
        territory=territory,
        rhythm=draw(st.sampled_from(Rhythm)),
    )


def example_campaign(tz: str = "Europe/Paris") -> Campaign:
    """A fixed campaign for the 2026-2027 year (rentrée 2027) with every phase dated.

    In a northern zone the phases run from 11 January to 4 July 2027; in
    Nouméa or Wallis (southern year, rentrée in February 2027) from 6 July
    to 6 December 2026.  Every boundary is at local midnight.
    """
    name, academy_zone, department = _ACADEMY_OF_ZONE[tz]
    if tz in SOUTHERN_ZONES:
        days = [(2026, 7, 6), (2026, 8, 1), (2026, 8, 24), (2026, 9, 14), (2026, 10, 17)]
        days += [(2026, 11, 9), (2026, 11, 16), (2026, 12, 7)]
        windows = (
            PhaseWindow(Phase.PROVISIONAL_OPEN, date(2026, 6, 29), date(2026, 8, 7)),
            PhaseWindow(Phase.DEFINITIVE_OPEN, date(2026, 9, 1), date(2026, 10, 31)),
        )
    else:
        days = [(2027, 1, 11), (2027, 2, 6), (2027, 3, 15), (2027, 4, 12), (2027, 5, 15)]
        days += [(2027, 6, 7), (2027, 6, 14), (2027, 7, 5)]
        windows = (
            PhaseWindow(Phase.PROVISIONAL_OPEN, date(2027, 1, 4), date(2027, 2, 12)),
            PhaseWindow(Phase.DEFINITIVE_OPEN, date(2027, 4, 1), date(2027, 5, 31)),
        )
    boundaries = [date(*d) for d in days]
    schedule = {
        phase: (boundaries[i], boundaries[i + 1] - timedelta(days=1))
        for i, phase in enumerate(tuple(Phase)[1:-1])
    }
    academy = Academy(name, academy_zone, rhythm_of(tz), windows=windows)
    return Campaign.plan(academy, uai(int(department) * 10_000 + 1234), 2027, schedule, zone=tz)


@st.composite
def campaign_instants(draw: st.DrawFn, campaign: Campaign) -> datetime:
    """An aware instant around ``campaign``'s school year, often exactly on a boundary."""
    first, last = campaign.academy.school_year.campaign_days(campaign.rentree)
    low = datetime(first.year, first.month, first.day, tzinfo=UTC) - timedelta(days=20)
    span = timedelta(days=(last - first).days + 40)
    moment = low + timedelta(microseconds=draw(st.integers(0, span // timedelta(microseconds=1))))
    if draw(st.integers(0, 3)) == 0:
        nudge = timedelta(microseconds=draw(st.sampled_from((-1, 0, 1))))
        moment = draw(st.sampled_from(campaign.starts)) + nudge
    return moment.astimezone(ZoneInfo(draw(st.sampled_from(("UTC", campaign.zone)))))


@st.composite
def head_commands(draw: st.DrawFn, campaign: Campaign) -> CampaignCommand:
    """Any command a head may send to ``campaign`` from its current version, legal now or not."""
    kind = draw(st.sampled_from(("start", "end", "close", "avis", "propositions")))
    version = campaign.version
    if kind == "close":
        open_phases = (Phase.PROVISIONAL_OPEN, Phase.DEFINITIVE_OPEN)
        return CloseService(version, draw(st.sampled_from(open_phases)))
    if kind == "avis":
        return PublishAvis(version)
    if kind == "propositions":
        return PublishPropositions(version)
    moment = draw(campaign_instants(campaign))
    target: date | datetime = campaign.local(moment).date() if draw(st.booleans()) else moment
    if kind == "start":
        return MoveStart(version, draw(st.sampled_from(tuple(Phase)[1:])), target)
    return MoveEnd(version, draw(st.sampled_from(tuple(Phase)[1:-1])), target)


def head_of(campaign: Campaign) -> Staff:
    """The head of ``campaign``'s school: the only one who may steer it."""
    return Staff("chef-" + campaign.uai, campaign.uai, Role.HEAD)


# --- dossier (issue 4) ------------------------------------------------------

identifiers = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
person_names = st.text(
    alphabet=st.characters(categories=["L"], codec="utf-8"), min_size=1, max_size=30
)
uais = st.from_regex(r"[0-9]{7}[A-Z]", fullmatch=True)
roles = st.sampled_from(Role)


@st.composite
def guardians(draw: st.DrawFn, id_: str | None = None) -> Guardian:
    """A guardian, with ``id_`` when given, with or without an e-mail address."""
    email = draw(st.none() | st.just("famille@example.fr"))
    return Guardian(id_ or draw(identifiers), draw(person_names), email)


@st.composite
def pupils(draw: st.DrawFn) -> Pupil:
    """A pupil of some class of 3e."""
    return Pupil(draw(identifiers), draw(person_names), draw(st.sampled_from(["3e A", "3e B"])))


@st.composite
def staff_members(draw: st.DrawFn, uai: str | None = None, role: Role | None = None) -> Staff:
    """A member of staff of the school ``uai`` (any when None), of ``role`` when given.

    A professeur principal is professeur principal of some of the classes
    of 3e, maybe none.
    """
    role = role or draw(roles)
    classes: frozenset[str] = frozenset()
    if role is Role.PROFESSEUR_PRINCIPAL:
        classes = draw(st.frozensets(st.sampled_from(["3e A", "3e B", "3e C"])))
    return Staff(draw(identifiers), uai or draw(uais), role, classes)


@st.composite
def avis_for(draw: st.DrawFn, voie: Voie) -> AvisConseil:
    """A valid avis of the conseil on an intention for ``voie``."""
    avis = draw(st.sampled_from(Avis))
    reason = "Résultats à consolider." if avis.needs_reason else draw(st.none() | st.just("Bien."))
    return AvisConseil(voie, avis, reason)


propositions = st.lists(voies, min_size=1, max_size=3, unique=True).map(
    lambda vs: tuple(Proposition(v) for v in vs)
)


def dossier_campaign(*, dernier_mot: bool = False, details_enabled: bool = True) -> Campaign:
    """:func:`example_campaign`, with or without "dernier mot aux familles" and details."""
    campaign = example_campaign()
    academy = attrs.evolve(
        campaign.academy,
        settings=AcademySettings(details_enabled=details_enabled),
        dernier_mot_schools=frozenset({campaign.uai}) if dernier_mot else frozenset(),
    )
    return attrs.evolve(campaign, academy=academy)


# The cast of the dossier tests: the Martin family, and the staff of the
# example campaign's school and of another one.
DOSSIER_UAI = example_campaign().uai
CLAIRE = Guardian("resp-claire", "Claire Martin", "claire@example.fr")
PAUL = Guardian("resp-paul", "Paul Martin")
LEA = Pupil("eleve-lea", "Léa Martin", "3e B")
HEAD = Staff("ce", DOSSIER_UAI, Role.HEAD)
PP = Staff("pp", DOSSIER_UAI, Role.PROFESSEUR_PRINCIPAL, ["3e B"])
PP_OTHER_CLASS = Staff("pp-a", DOSSIER_UAI, Role.PROFESSEUR_PRINCIPAL, ["3e A"])
SECRETARIAT = Staff("sec", DOSSIER_UAI, Role.SECRETARIAT)
OTHER_HEAD = Staff("ce-autre", "0931234B", Role.HEAD)


def instant_in(campaign: Campaign, phase: Phase, after: timedelta = timedelta(hours=9)) -> datetime:
    """An instant ``after`` the start of ``phase`` (before the first phase for NOT_OPEN)."""
    start = campaign.start_of(phase)
    if start is None:
        first = campaign.start_of(Phase.PROVISIONAL_OPEN)
        assert first is not None
        return first - timedelta(days=1)
    return start + after


# --- values at the limits (issue 7) ------------------------------------------

HUGE = 10**5000
"""An integer Python refuses to write out in decimal (more than 4,300 digits)."""


def _nested(depth: int) -> list[object]:
    outer: list[object] = []
    inner = outer
    for _ in range(depth):
        inner.append([])
        inner = cast("list[object]", inner[0])
    return outer


DEEP = _nested(100_000)
"""A list nested far past the recursion limit: its repr, and any recursive walk, fail."""

LONG_TEXT = "x" * 100_000


class Unprintable:
    """A host's object that cannot be compared, hashed, written out or used as an index."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("__eq__")

    def __hash__(self) -> int:
        raise RuntimeError("__hash__")

    def __str__(self) -> str:
        raise RuntimeError("__str__")

    def __repr__(self) -> str:
        raise RuntimeError("__repr__")

    def __index__(self) -> int:
        raise RuntimeError("__index__")

    def __format__(self, spec: str) -> str:
        raise RuntimeError("__format__")


_ALMOST_A_DAY = timedelta(hours=23, minutes=59)
EDGES_OF_TIME: tuple[date, ...] = (
    date.min,
    date.max,
    *(
        edge
        for zone in (None, UTC, timezone(_ALMOST_A_DAY), timezone(-_ALMOST_A_DAY))
        for edge in (datetime.min.replace(tzinfo=zone), datetime.max.replace(tzinfo=zone))
    ),
    datetime(9999, 12, 31, 23, tzinfo=UTC),
    pendulum.datetime(9999, 12, 31, 23),
    pendulum.datetime(1, 1, 1),
)
"""Days and instants at the ends of what :mod:`datetime` holds, in the widest offsets."""


# --- the codec, every type (issue 8) -----------------------------------------------

CODEC_ENUMS: tuple[type[Any], ...] = (
    Voie,
    Statut,
    Phase,
    Action,
    CampaignAction,
    Side,
    Role,
    Avis,
    Answer,
    SchoolYear,
    Territory,
    Rhythm,
    Access,
    Standing,
)
#
# One strategy per class the codec knows (CODEC_TYPES); events and the states
# they lead to are built through the real Campaign.handle and Dossier.handle.

_INSTANT_ZONES = (
    UTC,
    ZoneInfo("Europe/Paris"),
    ZoneInfo("Pacific/Noumea"),
    timezone(-timedelta(hours=3, minutes=30)),
)
# Any aware instant, in UTC or another zone, with or without microseconds.
instants = st.builds(
    lambda moment, zone: moment.replace(tzinfo=UTC).astimezone(zone),
    # Hypothesis takes naive bounds, and gives naive datetimes made aware above.
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2200, 1, 1)),  # noqa: DTZ001
    st.sampled_from(_INSTANT_ZONES),
)
notes = st.none() | st.text(alphabet="abcdéèà'. \n", max_size=40)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2200, 1, 1))
actors = guardians() | pupils() | staff_members()
dossier_ids = st.builds(DossierId, uais, st.integers(2000, 2200), identifiers)
avis_conseils = voies.flatmap(avis_for)
one_proposition = st.builds(Proposition, voies, notes)
phase_windows = st.builds(
    lambda phase, first, length: PhaseWindow(phase, first, first + timedelta(days=length)),
    st.sampled_from(tuple(Phase)[1:-1]),
    days,
    st.integers(0, 90),
)
academies = campaigns().map(lambda campaign: campaign.academy)
signatories = st.none() | identifiers
versions = st.integers(1, 10**6)


@st.composite
def _answers(draw: st.DrawFn) -> tuple[Answer, ...]:
    count = draw(st.integers(1, 3))
    accepted = draw(st.none() | st.integers(0, count - 1))
    return tuple(Answer.D_ACCORD if i == accepted else Answer.PAS_D_ACCORD for i in range(count))


_HEAD_EVENT_KINDS: dict[type[Any], str] = {
    StartMoved: "start",
    EndMoved: "end",
    ServiceClosed: "close",
    AvisPublished: "avis",
    PropositionsPublished: "propositions",
}


@st.composite
def head_events(draw: st.DrawFn, kind: str | None = None) -> tuple[Campaign, HeadEvent]:
    """A campaign changed by its head, and the event its change gave (of ``kind`` if given)."""
    # Without académie windows, only the order and the school year bound a move.
    planned = draw(campaigns())
    campaign = attrs.evolve(planned, academy=attrs.evolve(planned.academy, windows=()))
    starts = campaign.starts
    kind = kind or draw(st.sampled_from(tuple(_HEAD_EVENT_KINDS.values())))
    command: CampaignCommand
    if kind in ("start", "end"):
        index = draw(st.integers(1, 6))
        low, high = starts[index - 1], starts[index + 1]
        target = low + (high - low) * draw(st.floats(0.01, 0.99))
        assume(low < target < high and target != starts[index])
        now = starts[0] - timedelta(days=1)
        if kind == "start":
            command = MoveStart(1, tuple(Phase)[index + 1], target)
        else:
            command = MoveEnd(1, tuple(Phase)[index], target)
    else:
        phase, command = {
            "close": (
                (phase := draw(st.sampled_from((Phase.PROVISIONAL_OPEN, Phase.DEFINITIVE_OPEN)))),
                CloseService(1, phase),
            ),
            "avis": (Phase.PROVISIONAL_CLOSED, PublishAvis(1)),
            "propositions": (Phase.DEFINITIVE_CLOSED, PublishPropositions(1)),
        }[kind]
        start, end = campaign.start_of(phase), campaign.end_of(phase)
        assert start is not None
        assert end is not None
        now = start + (end - start) * draw(st.floats(0, 0.99))
    changed, events = campaign.handle(command, actor=head_of(campaign), now=now)
    return changed, events[0]


_PAPER_SIGNERS = (SECRETARIAT, PP, HEAD)


@st.composite
def dossier_histories(draw: st.DrawFn, *, accept: bool) -> tuple[list[DossierEvent], list[Dossier]]:
    """Léa's whole procedure through handle, and the dossier after each event.

    The family acts online or on paper, with drawn intentions, avis,
    choices and propositions; then accepts the decision (``accept``) or
    appeals it, has the commission's decision and asks for maintien; last,
    the head hands the entrant role to the other guardian.
    """
    campaign = dossier_campaign()
    family = [CLAIRE, PAUL]
    dossier, opening = Dossier.open(
        LEA,
        family,
        campaign=campaign,
        actor=draw(st.sampled_from((SECRETARIAT, HEAD))),
        now=instant_in(campaign, Phase.NOT_OPEN),
    )
    history: list[DossierEvent] = [opening]
    states = [dossier]
    wishes = draw(intention_sets())
    choix = draw(intention_sets())
    decided = draw(voies)
    steps: list[tuple[Phase, DossierCommand, str]] = [
        (Phase.PROVISIONAL_OPEN, ValidateIntentions(1, wishes), "family"),
        (
            Phase.PROVISIONAL_CLOSED,
            RecordAvis(1, [draw(avis_for(v)) for v in wishes.voies]),
            "staff",
        ),
        (Phase.AVIS_PUBLISHED, AcknowledgeAvis(1), "family"),
        (Phase.DEFINITIVE_OPEN, ValidateChoix(1, choix), "family"),
        (Phase.DEFINITIVE_CLOSED, RecordPropositions(1, draw(propositions)), "staff"),
        (Phase.PROPOSITIONS_PUBLISHED, AnswerPropositions(1, []), "family"),
        (Phase.DECISIONS, RecordDecision(1, decided, "Motifs. " + (draw(notes) or "")), "head"),
    ]
    if accept:
        steps.append((Phase.DECISIONS, AcceptDecision(1), "family"))
    else:
        appealed = draw(voies.filter(lambda v: v is not decided))
        steps += [
            (Phase.DECISIONS, LodgeAppeal(1, appealed, draw(notes)), "family"),
            (Phase.DECISIONS, RecordAppealDecision(1, draw(voies), draw(notes)), "staff"),
            (Phase.DECISIONS, RequestMaintien(1), "family"),
        ]
    steps.append((Phase.DECISIONS, HandOverEntrant(1, PAUL.id), "head"))
    now = instant_in(campaign, Phase.NOT_OPEN)
    for phase, template, side in steps:
        start = campaign.start_of(phase)
        assert start is not None
        now = max(now, start) + timedelta(minutes=draw(st.integers(1, 120)))
        command: Any = attrs.evolve(template, version=dossier.version)
        if isinstance(command, AnswerPropositions):
            command = attrs.evolve(
                command, answers=[Answer.PAS_D_ACCORD] * len(dossier.propositions)
            )
        actor: Actor
        if side == "family" and draw(st.booleans()):
            actor = draw(st.sampled_from(_PAPER_SIGNERS))
            command = attrs.evolve(command, signed_by=CLAIRE.id)
        elif side == "family":
            actor = CLAIRE
        else:
            actor = HEAD if side == "head" else draw(st.sampled_from(_PAPER_SIGNERS))
        dossier, events = dossier.handle(command, actor=actor, campaign=campaign, now=now)
        history += events
        states.append(dossier)
    return history, states


def _event_of(kind: type[DossierEvent]) -> st.SearchStrategy[DossierEvent]:
    accept = kind is DecisionAccepted
    return dossier_histories(accept=accept).flatmap(
        lambda history: st.sampled_from([e for e in history[0] if type(e) is kind])
    )


dossiers = st.booleans().flatmap(
    lambda accept: dossier_histories(accept=accept).flatmap(lambda h: st.sampled_from(h[1]))
)

_FAMILY_COMMANDS: dict[type[FamilyCommand], st.SearchStrategy[tuple[object, ...]]] = {
    ValidateIntentions: st.tuples(intention_sets()),
    AcknowledgeAvis: st.tuples(),
    ValidateChoix: st.tuples(intention_sets()),
    AnswerPropositions: st.tuples(_answers()),
    AcceptDecision: st.tuples(),
    LodgeAppeal: st.tuples(voies, notes),
    RequestMaintien: st.tuples(),
}
_STAFF_COMMANDS: dict[type[Any], st.SearchStrategy[tuple[Any, ...]]] = {
    RecordAvis: st.tuples(st.lists(avis_conseils, max_size=3)),
    RecordPropositions: st.tuples(propositions),
    RecordDecision: st.tuples(voies, notes),
    RecordAppealDecision: st.tuples(voies, notes),
    HandOverEntrant: st.tuples(identifiers),
    MoveStart: st.tuples(st.sampled_from(tuple(Phase)[1:]), days | instants),
    MoveEnd: st.tuples(st.sampled_from(tuple(Phase)[1:-1]), days | instants),
    CloseService: st.tuples(st.sampled_from((Phase.PROVISIONAL_OPEN, Phase.DEFINITIVE_OPEN))),
    PublishAvis: st.tuples(),
    PublishPropositions: st.tuples(),
}
DOSSIER_EVENT_KINDS = (
    DossierOpened,
    IntentionsValidated,
    AvisRecorded,
    AvisAcknowledged,
    ChoixValidated,
    PropositionsRecorded,
    PropositionsAnswered,
    DecisionRecorded,
    DecisionAccepted,
    AppealLodged,
    AppealDecisionRecorded,
    MaintienRequested,
    EntrantHandedOver,
)

CODEC_TYPES: dict[type[Any], st.SearchStrategy[Any]] = {
    **{kind: st.sampled_from(kind) for kind in CODEC_ENUMS},
    Intention: intentions(),
    IntentionSet: intention_sets(),
    AcademySettings: academy_settings,
    Guardian: guardians(),
    Pupil: pupils(),
    Staff: staff_members(),
    PhaseWindow: phase_windows,
    Academy: academies,
    Campaign: campaigns() | head_events().map(lambda change: change[0]),
    CampaignPlanned: campaigns().map(lambda campaign: campaign.planned),
    **{
        kind: head_events(name).map(lambda change: change[1])
        for kind, name in _HEAD_EVENT_KINDS.items()
    },
    **{
        kind: st.builds(
            lambda args, version, signed_by, kind=kind: kind(version, *args, signed_by=signed_by),
            payload,
            versions,
            signatories,
        )
        for kind, payload in _FAMILY_COMMANDS.items()
    },
    **{
        kind: st.builds(lambda args, version, kind=kind: kind(version, *args), payload, versions)
        for kind, payload in _STAFF_COMMANDS.items()
    },
    AvisConseil: avis_conseils,
    Proposition: one_proposition,
    Decision: st.builds(Decision, voies, notes, instants),
    Appeal: st.builds(Appeal, voies, notes, instants, st.booleans()),
    AppealDecision: st.builds(AppealDecision, voies, notes, instants),
    DossierId: dossier_ids,
    **{kind: _event_of(kind) for kind in DOSSIER_EVENT_KINDS},
    Dossier: dossiers,
    Problem: st.builds(
        Problem,
        st.text(max_size=30),
        st.lists(st.text(max_size=10) | st.integers(), max_size=4).map(tuple),
        st.text(max_size=60),
    ),
}
"""A strategy for each class the codec knows, giving valid values of it."""


# --- staff forms (issue 9) ------------------------------------------------------
#
# What a staff page posts: the avis of the conseil de classe, its propositions
# and the head's decision, valid as a member of staff fills them in, or junk
# near the real shapes.

# A reason or a comment as staff type it in a textarea: words, accents,
# combining marks, tabs, non-breaking spaces and line breaks (as a browser
# sends them, CRLF, or plain), margins included.
staff_texts = st.builds(
    lambda margin, word, rest, crlf: (margin + word + rest + margin).replace(
        "\n", "\r\n" if crlf else "\n"
    ),
    st.sampled_from(["", " ", "\n", "\t"]),
    st.sampled_from(["Résultats", "Projet", "Élève", "Se\u0301rieux"]),
    st.text(alphabet="abcdeéèàô'.,?! \t\n\u00a0\u0301", max_size=40),
    st.booleans(),
)
"""A reason or comment, never blank, as a textarea posts it."""

staff_blanks: st.SearchStrategy[str | list[str]] = (
    st.sampled_from(["", " ", "\r\n", "\t"]) | st.just([]) | st.just([""])
)
"""What a browser posts for a field left empty (absent is the same)."""


@st.composite
def avis_forms(draw: st.DrawFn, voies: tuple[Voie, ...]) -> list[dict[str, Any]]:
    """What the avis form posts: one filled row for each of ``voies``, in any order."""
    rows: list[dict[str, Any]] = []
    for voie in voies:
        avis = draw(st.sampled_from(Avis))
        row: dict[str, Any] = {"voie": voie.value, "avis": avis.value}
        row["reason"] = draw(staff_texts if avis.needs_reason else staff_texts | staff_blanks)
        row["comment"] = draw(staff_texts | staff_blanks)
        # Absent and blank are the same: a field may be left out.
        for field in ("comment", "reason"):
            if draw(st.booleans()) and row[field] in ("", []):
                del row[field]
        rows.append(row)
    return draw(st.permutations(rows))


proposition_forms = st.lists(voies, min_size=1, max_size=3, unique=True).flatmap(
    lambda chosen: st.tuples(
        *(
            st.fixed_dictionaries(
                {"voie": st.just(v.value)}, optional={"comment": staff_texts | staff_blanks}
            )
            for v in chosen
        )
    ).map(list)
)
"""What the propositions form posts: 1 to 3 filled rows, each voie once."""

bare_intention_sets = st.lists(voies, min_size=1, max_size=3, unique=True).map(
    lambda chosen: IntentionSet([Intention(v) for v in chosen])
)
"""Validated intentions or choix as a staff form sees them: their voies, in rank order.

Cheaper to draw than :func:`intention_sets`, and as good here: a staff form
reads only the voies.
"""

_staff_scalars = (
    st.none()
    | st.text(max_size=8)
    | st.integers()
    | st.booleans()
    | st.floats()
    | st.sampled_from(
        ["GT", "PRO", "CAP", "FAVORABLE", "RESERVE", "DEFAVORABLE", "Motif", "\x00", " "]
    )
)
_staff_values = _staff_scalars | st.lists(
    _staff_scalars | st.lists(_staff_scalars, max_size=2), max_size=3
)
staff_rows = st.dictionaries(
    st.sampled_from(["voie", "avis", "reason", "comment", "reasons", "autre"])
    | st.integers()
    | st.text(max_size=5),
    _staff_values,
    max_size=5,
)
"""A row of a staff form, near the real shape or not at all."""

staff_posts = (
    st.lists(staff_rows | _staff_scalars, max_size=5)
    | st.tuples(staff_rows, staff_rows)
    | staff_rows
    | json_values
)
"""Anything a staff page, or a host's bug, might post."""


# --- recap and confirmation e-mail (issue 9) ----------------------------------


def guide_campaign() -> Campaign:
    """The campaign of the guide's example: rentrée 2020, intentions open in November 2019.

    The guide's e-mail is dated 07/11/2019 at 12:38:09 in Paris; this
    campaign is :func:`dossier_campaign`'s school a year earlier, without
    académie windows, details allowed.
    """
    example = dossier_campaign()
    academy = attrs.evolve(example.academy, windows=())
    days = [(2019, 11, 4), (2019, 12, 9), (2020, 1, 6), (2020, 3, 16), (2020, 5, 4)]
    days += [(2020, 6, 1), (2020, 6, 8), (2020, 7, 4)]
    boundaries = [date(*d) for d in days]
    schedule = {
        phase: (boundaries[i], boundaries[i + 1] - timedelta(days=1))
        for i, phase in enumerate(tuple(Phase)[1:-1])
    }
    return Campaign.plan(academy, example.uai, 2020, schedule, zone="Europe/Paris")


# Addresses on file: valid, none, valid for the Guardian's loose check but not
# in email-validator's syntax, and an internationalised domain.
addresses_on_file = st.sampled_from(
    [None, "famille@example.fr", "famille@exemple..fr", "famille@exämple.fr"]
)


@st.composite
def intention_sessions(draw: st.DrawFn) -> tuple[list[DossierEvent], Dossier, Campaign]:
    """A login session in the intentions' phase: its events, the dossier after, the campaign.

    Claire and Paul (each with any address on file) and the secretariat, for
    a paper form, try to validate drawn intentions, in any order; a refused
    attempt records nothing.  The session is the tail of what was recorded,
    maybe empty.
    """
    campaign = dossier_campaign()
    family = [Guardian(g.id, g.name, draw(addresses_on_file)) for g in (CLAIRE, PAUL)]
    dossier, _ = Dossier.open(
        LEA, family, campaign=campaign, actor=SECRETARIAT, now=instant_in(campaign, Phase.NOT_OPEN)
    )
    now = instant_in(campaign, Phase.PROVISIONAL_OPEN)
    recorded: list[DossierEvent] = []
    for _ in range(draw(st.integers(0, 4))):
        now += timedelta(seconds=draw(st.integers(1, 3 * 3600)))
        command = ValidateIntentions(dossier.version, draw(intention_sets()))
        people: list[Actor] = [*family, SECRETARIAT]
        who = draw(st.sampled_from(people))
        if who is SECRETARIAT:
            signed_by = dossier.entrant_id or draw(st.sampled_from([g.id for g in family]))
            command = attrs.evolve(command, signed_by=signed_by)
        try:
            dossier, events = dossier.handle(command, actor=who, campaign=campaign, now=now)
        except PermissionDenied:
            continue  # the other guardian, once there is an entrant
        recorded += events
    start = draw(st.integers(0, len(recorded)))
    return recorded[start:], dossier, campaign


# --- refusals (issue 9) ------------------------------------------------------

_DOSSIER_COMMAND_KINDS = (
    *_FAMILY_COMMANDS,
    RecordAvis,
    RecordPropositions,
    RecordDecision,
    RecordAppealDecision,
    HandOverEntrant,
)


@st.composite
def dossier_commands(draw: st.DrawFn, version: int) -> DossierCommand:
    """Any command on a dossier at ``version``: mostly from that version, online or on paper.

    A family's command is signed by one of the Martins, by somebody else, or
    by nobody; the entrant role goes to either Martin or to a stranger.
    """
    kind = draw(st.sampled_from(_DOSSIER_COMMAND_KINDS))
    sent_from = draw(st.sampled_from((version, version, version, max(1, version - 1))))
    if kind is HandOverEntrant:
        return HandOverEntrant(sent_from, draw(st.sampled_from((CLAIRE.id, PAUL.id, "resp-x"))))
    if kind in _FAMILY_COMMANDS:
        args = draw(_FAMILY_COMMANDS[kind])
        signed_by = draw(st.sampled_from((None, None, CLAIRE.id, PAUL.id, "resp-x")))
        return cast("DossierCommand", kind(sent_from, *args, signed_by=signed_by))
    return cast("DossierCommand", kind(sent_from, *draw(_STAFF_COMMANDS[kind])))


# --- follow-up and allowed actions (issue 9) ---------------------------------------

# Names as schools list them: accents, capitals, hyphens, apostrophes.
FOLLOW_UP_NAMES = (
    "Émile Bernard",
    "Elodie Martin",
    "élodie Dubois",
    "Zoé Petit",
    "Anaïs Leroy",
    "Chloé D'Amico",
    "Jean-Baptiste Roux",
    "Œdipe Lambert",
    "Ines Garcia",
)
FOLLOW_UP_CLASSES = ("3e A", "3e B", "3e 2", "3e 10")
_OFFSETS = tuple(timedelta(hours=h) for h in (1, 30, 60, 200))
_BEFORE_END = tuple(timedelta(hours=h) for h in (30, 2))


def walk_instants(campaign: Campaign) -> tuple[datetime, ...]:
    """Instants across ``campaign``: before it, early and late in each phase, and after it."""
    first = campaign.start_of(Phase.PROVISIONAL_OPEN)
    assert first is not None
    moments = [first - timedelta(days=2)]
    for phase in tuple(Phase)[1:]:
        start, end = campaign.start_of(phase), campaign.end_of(phase)
        assert start is not None
        moments += [start + o for o in _OFFSETS if end is None or start + o < end]
        if end is not None:
            moments += [end - o for o in _BEFORE_END if end - o > start]
    return tuple(sorted(set(moments)))


def _walk_set(rng: random.Random) -> IntentionSet:
    # Details on CAP now and then: refused where the académie does not allow them.
    chosen = rng.sample(list(Voie), rng.randint(1, 3))
    return IntentionSet([Intention(v, "Cuisine" if v is Voie.CAP else None) for v in chosen])


def _walk_command(
    rng: random.Random, action: Action, dossier: Dossier, staff: tuple[Staff, ...]
) -> tuple[DossierCommand, Actor]:
    # A command of ``action``, mostly well formed, from somebody of its side.
    version = dossier.version
    guardian_ids = [g.id for g in dossier.guardians]
    command: DossierCommand
    if action in (Action.VALIDATE_INTENTIONS, Action.VALIDATE_CHOIX):
        kind = ValidateIntentions if action is Action.VALIDATE_INTENTIONS else ValidateChoix
        command = kind(version, _walk_set(rng))
    elif action is Action.ANSWER_PROPOSITIONS:
        count = len(dossier.propositions)
        accepted = rng.randint(-1, count - 1)
        answers = [Answer.D_ACCORD if i == accepted else Answer.PAS_D_ACCORD for i in range(count)]
        command = AnswerPropositions(version, answers)
    elif action is Action.RECORD_AVIS:
        asked = () if dossier.intentions is None else dossier.intentions.voies
        given = [(v, rng.choice(list(Avis))) for v in asked]
        command = RecordAvis(
            version,
            [AvisConseil(v, a, "Motifs." if a.needs_reason else None) for v, a in given],
        )
    elif action is Action.RECORD_PROPOSITIONS:
        proposed = rng.sample(list(Voie), rng.randint(1, 3))
        command = RecordPropositions(version, [Proposition(v) for v in proposed])
    elif action in (Action.RECORD_DECISION, Action.RECORD_APPEAL_DECISION, Action.LODGE_APPEAL):
        kind_ = {
            Action.RECORD_DECISION: RecordDecision,
            Action.RECORD_APPEAL_DECISION: RecordAppealDecision,
            Action.LODGE_APPEAL: LodgeAppeal,
        }[action]
        command = kind_(version, rng.choice(list(Voie)), rng.choice((None, "Motifs.")))
    elif action is Action.HAND_OVER_ENTRANT:
        command = HandOverEntrant(version, rng.choice(guardian_ids))
    else:
        command = {
            Action.ACKNOWLEDGE_AVIS: AcknowledgeAvis,
            Action.ACCEPT_DECISION: AcceptDecision,
            Action.REQUEST_MAINTIEN: RequestMaintien,
        }[action](version)
    if action.by is Side.HEAD:
        return command, staff[0]
    if action.by is Side.STAFF:
        return command, rng.choice(staff)
    guardians_by_id = {g.id: g for g in dossier.guardians}
    signatory = dossier.entrant_id or rng.choice(guardian_ids)
    if rng.randint(0, 3) == 0:
        assert isinstance(command, FamilyCommand)
        return attrs.evolve(command, signed_by=signatory), rng.choice(staff)
    return command, guardians_by_id[signatory]


def walk_dossier(
    rng: random.Random,
    campaign: Campaign,
    pupil: Pupil,
    guardians: tuple[Guardian, ...],
    max_steps: int = 16,
) -> tuple[Dossier, list[DossierEvent]]:
    """A dossier taken through random, mostly well-formed commands across ``campaign``.

    Time moves forward by random steps over :func:`walk_instants`; at each
    step somebody of the right side sends a command of an action the phase
    opens (or, once closed, one that may still run); refused ones are
    dropped.  Any stage of any procedure comes out: nothing validated,
    choices without intentions, propositions unanswered, a decision notified
    at the very end of its phase...  Driven by ``rng`` rather than by
    Hypothesis draws, which cost far more than the commands a walk sends.
    """
    instants = walk_instants(campaign)
    head = Staff("ce", campaign.uai, Role.HEAD)
    staff = (
        head,
        Staff("pp", campaign.uai, Role.PROFESSEUR_PRINCIPAL, [pupil.classe]),
        Staff("sec", campaign.uai, Role.SECRETARIAT),
    )
    dossier, opened = Dossier.open(pupil, guardians, campaign=campaign, actor=head, now=instants[0])
    events: list[DossierEvent] = [opened]
    clock = 0
    for _ in range(rng.randint(0, max_steps)):
        clock = min(clock + rng.randint(0, 3), len(instants) - 1)
        now = instants[clock]
        phase = campaign.phase_at(now)
        opened_now = PHASE_ACTIONS[phase] if phase is not Phase.CLOSED else LATE_ACTIONS
        actions = sorted(opened_now - {Action.OPEN_DOSSIER}, key=lambda a: a.value)
        if not actions:
            continue
        command, actor = _walk_command(rng, rng.choice(actions), dossier, staff)
        try:
            dossier, more = dossier.handle(command, actor=actor, campaign=campaign, now=now)
        except (IllegalTransition, InvalidValue, PermissionDenied):
            continue
        events += more
    return dossier, events


walk_seeds = st.integers(0, 2**32 - 1).map(random.Random)
"""Random generators, one per example: what drives :func:`walk_dossier`."""


@st.composite
def walk_campaigns(draw: st.DrawFn) -> Campaign:
    """The example campaign, with or without "dernier mot aux familles" and details."""
    return dossier_campaign(dernier_mot=draw(st.booleans()), details_enabled=draw(st.booleans()))


@st.composite
def school_histories(
    draw: st.DrawFn, max_pupils: int = 6
) -> tuple[Campaign, list[Dossier], list[DossierEvent]]:
    """A school's dossiers at random stages, and all their events interleaved as a store may.

    Each dossier's events keep their order; the dossiers' are shuffled
    together.
    """
    campaign = draw(walk_campaigns())
    dossiers: list[Dossier] = []
    streams: list[list[DossierEvent]] = []
    for n in range(draw(st.integers(0, max_pupils))):
        pupil = Pupil(
            f"eleve-{n}",
            draw(st.sampled_from(FOLLOW_UP_NAMES)),
            draw(st.sampled_from(FOLLOW_UP_CLASSES)),
        )
        family = (Guardian(f"resp-{n}-1", "Parent"), Guardian(f"resp-{n}-2", "Parent bis"))
        guardians = family[: draw(st.integers(1, 2))]
        dossier, events = walk_dossier(draw(walk_seeds), campaign, pupil, guardians)
        dossiers.append(dossier)
        streams.append(events)
    interleaved: list[DossierEvent] = []
    while any(streams):
        stream = draw(st.sampled_from([s for s in streams if s]))
        interleaved.append(stream.pop(0))
    return campaign, draw(st.permutations(dossiers)), interleaved


# --- back-office sync (issue 9) ----------------------------------------------------


def for_pupil(event: DossierEvent, pupil: Pupil) -> DossierEvent:
    """``event`` as it would be in the same history of ``pupil``'s dossier."""
    dossier = DossierId(event.dossier.uai, event.dossier.rentree, pupil.id)
    if isinstance(event, DossierOpened):
        return attrs.evolve(event, dossier=dossier, pupil=pupil)
    return attrs.evolve(event, dossier=dossier)


@st.composite
def sync_streams(draw: st.DrawFn) -> tuple[list[DossierEvent], dict[DossierId, Dossier]]:
    """A feed of 1 to 3 dossiers' histories, each cut short or not, interleaved in commit order.

    With the dossier each history leads to, as the school holds it.
    """
    histories = []
    finals: dict[DossierId, Dossier] = {}
    for index in range(draw(st.integers(1, 3))):
        events, states = draw(dossier_histories(accept=draw(st.booleans())))
        length = draw(st.integers(1, len(events)))
        pupil = attrs.evolve(LEA, id=f"eleve-{index}")
        histories.append([for_pupil(event, pupil) for event in events[:length]])
        finals[histories[-1][0].dossier] = attrs.evolve(states[length - 1], pupil=pupil)
    turns = [index for index, history in enumerate(histories) for _ in history]
    order = draw(st.permutations(turns))
    # Each dossier's events keep their order; the dossiers take turns.
    next_of = [iter(history) for history in histories]
    return [next(next_of[index]) for index in order], finals


# --- speed of the values (issue 10) ------------------------------------------------
#
# The form's and the codec's readers take a happy path first and hand over to
# the full reading at the first doubt: these feed both, to prove them the same.

_form_codes = st.sampled_from(["SCOLAIRE", "APPRENTI", " APPRENTI\t", "", "  ", "scolaire", "X"])
# The shape browsers post (a dict per row, a string per field but a list of
# statuts), any key left out, with codes and texts both good and bad.
usual_form_rows = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "voie": st.sampled_from(["GT", "PRO", "CAP", " CAP ", "", "BTS", "pro"]),
            "precision": st.none() | raw_text,
            "statuts": st.none() | st.lists(_form_codes, max_size=3),
        },
    ),
    max_size=4,
)
# Any shape at all, near the form's.
_any_form_value = (
    st.none() | raw_text | json_values | st.lists(_form_codes | json_values, max_size=3)
)
any_form_rows = st.lists(
    st.dictionaries(st.sampled_from(["voie", "precision", "statuts", "autre"]), _any_form_value)
    | json_values,
    max_size=4,
) | st.tuples(st.fixed_dictionaries({"voie": _any_form_value, "statuts": _any_form_value}))

_wire_codes = st.sampled_from(["SCOLAIRE", "APPRENTI", "scolaire", " APPRENTI", ""])
# A set's body as dump writes it, with codes and texts both good and bad.
usual_set_bodies = st.fixed_dictionaries(
    {
        "intentions": st.lists(
            st.fixed_dictionaries(
                {
                    "voie": st.sampled_from(["GT", "PRO", "CAP", " CAP", "BTS"]),
                    "precision": st.none() | raw_text,
                    "statuts": st.lists(_wire_codes, max_size=3),
                }
            ),
            max_size=4,
        )
    }
)
# Any body, near a set's.
near_set_bodies = _NEAR_BODIES[IntentionSet]
