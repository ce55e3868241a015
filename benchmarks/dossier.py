"""How far the campaign and the dossier are from a hand-written floor.

Run it with ``python -m benchmarks.dossier [rounds] [number] [pupils]``.

The method is the one of ``benchmarks/_timing.py``: each case does the same
work twice, once with the library and once with plain tuples and dicts and
the same decisions written by hand (the floor).  Both sides run interleaved
in the same rounds; the table shows the median time per call and the ratio
library / floor.

The replay floor re-decides, as ``Dossier.replay`` does: the opening is
accepted only if opening the dossier at its instant gives that very event,
and every later event is turned back into its command and taken through the
floor's own ``handle`` (the actor's standing, the phase and the matrix, the
campaign, the clock, the version, the signatory, the command's rules against
the record), and accepted only if that gives the very same event.  A floor
that only folded the events would make the ratio about eight times flatter
than true.  The floor's campaign carries its holidays, as data, for the
appeal deadline.

A last table, for information, times a whole cohort: opening one dossier per
pupil and validating its intentions, with the garbage collector running and
then paused (``gc.freeze()`` and ``gc.disable()`` around the bulk step), and
extrapolates linearly to a national cohort.
"""

from __future__ import annotations

import gc
import re
import statistics
import sys
import time as clock
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from benchmarks._timing import compare, table
from orientation_core import (
    PERMISSIONS,
    Academy,
    AcceptDecision,
    AcknowledgeAvis,
    Actor,
    Answer,
    AnswerPropositions,
    AppealLodged,
    Avis,
    AvisAcknowledged,
    AvisConseil,
    AvisRecorded,
    Campaign,
    ChoixValidated,
    DecisionAccepted,
    DecisionRecorded,
    Dossier,
    DossierCommand,
    DossierEvent,
    DossierOpened,
    FamilyEvent,
    Guardian,
    Intention,
    IntentionSet,
    IntentionsValidated,
    Phase,
    Proposition,
    PropositionsAnswered,
    PropositionsRecorded,
    Pupil,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    Role,
    Staff,
    ValidateChoix,
    ValidateIntentions,
    Voie,
    public_holidays,
)

NATIONAL_COHORT = 850_000
APPEAL_JOURS_OUVRABLES = 3  # procedure.md: an appeal within 3 jours ouvrables
MAX_INTENTIONS = 3

# --- the school, its campaign and one family, as docs/dossier.md has them -----

PARIS = ZoneInfo("Europe/Paris")
SCHEDULE = {
    Phase.PROVISIONAL_OPEN: (date(2027, 1, 11), date(2027, 2, 5)),
    Phase.PROVISIONAL_CLOSED: (date(2027, 2, 6), date(2027, 3, 14)),
    Phase.AVIS_PUBLISHED: (date(2027, 3, 15), date(2027, 4, 11)),
    Phase.DEFINITIVE_OPEN: (date(2027, 4, 12), date(2027, 5, 14)),
    Phase.DEFINITIVE_CLOSED: (date(2027, 5, 15), date(2027, 6, 6)),
    Phase.PROPOSITIONS_PUBLISHED: (date(2027, 6, 7), date(2027, 6, 13)),
    Phase.DECISIONS: (date(2027, 6, 14), date(2027, 7, 4)),
}
CAMPAIGN = Campaign.plan(Academy("Paris", "Europe/Paris"), "0751234J", 2027, SCHEDULE)
CLAIRE = Guardian("resp-claire", "Claire Martin", "claire@example.fr")
PAUL = Guardian("resp-paul", "Paul Martin")
LEA = Pupil("eleve-lea", "Léa Martin", "3e B")
HEAD = Staff("ce-1", CAMPAIGN.uai, Role.HEAD)
PP = Staff("pp-1", CAMPAIGN.uai, Role.PROFESSEUR_PRINCIPAL, [LEA.classe])
WISHES = IntentionSet([Intention(Voie.GT), Intention(Voie.PRO, "Cuisine")])
OPENED_AT = datetime(2027, 1, 5, tzinfo=PARIS)
NOW = datetime(2027, 1, 12, 20, 0, tzinfo=PARIS)


def fresh_dossier() -> Dossier:
    """Léa's dossier as the school opens it, before any validation."""
    dossier, _ = Dossier.open(LEA, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=HEAD, now=OPENED_AT)
    return dossier


def full_history() -> tuple[Dossier, list[DossierEvent]]:
    """A whole year of Léa's dossier, step by step as docs/dossier.md goes: 9 events."""
    dossier, opened = Dossier.open(
        LEA, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=HEAD, now=OPENED_AT
    )
    history: list[DossierEvent] = [opened]
    avis = [
        AvisConseil(Voie.GT, Avis.FAVORABLE),
        AvisConseil(Voie.PRO, Avis.RESERVE, "Projet à préciser."),
    ]
    steps: list[tuple[DossierCommand, Actor, datetime]] = [
        (ValidateIntentions(1, WISHES), CLAIRE, NOW),
        (RecordAvis(2, avis), PP, datetime(2027, 2, 10, tzinfo=PARIS)),
        (AcknowledgeAvis(3), CLAIRE, datetime(2027, 3, 16, tzinfo=PARIS)),
        (ValidateChoix(4, WISHES), CLAIRE, datetime(2027, 4, 20, tzinfo=PARIS)),
        (
            RecordPropositions(5, [Proposition(Voie.PRO)]),
            PP,
            datetime(2027, 5, 20, tzinfo=PARIS),
        ),
        (
            AnswerPropositions(6, [Answer.PAS_D_ACCORD]),
            CLAIRE,
            datetime(2027, 6, 8, tzinfo=PARIS),
        ),
        (
            RecordDecision(7, Voie.PRO, "Résultats insuffisants pour la 2de GT."),
            HEAD,
            datetime(2027, 6, 14, 10, 0, tzinfo=PARIS),
        ),
        (AcceptDecision(8), CLAIRE, datetime(2027, 6, 16, 10, 0, tzinfo=PARIS)),
    ]
    for command, actor, now in steps:
        dossier, events = dossier.handle(command, actor=actor, campaign=CAMPAIGN, now=now)
        history += events
    return dossier, history


# --- the floor: plain tuples and dicts, the same decisions ---------------------

FloorIntention = tuple[str, str | None, frozenset[str]]
# kind (a role, "GUARDIAN" or "PUPIL"), id, the school's UAI for staff, a
# professeur principal's classes, and what the record shows: a guardian's
# (name, e-mail), a pupil's (name, classe), None for staff.
FloorActor = tuple[str, str, str | None, frozenset[str], tuple[str, str | None] | None]
# UAI, rentrée, starts, details enabled, the school's zone, its holidays,
# whether it runs "dernier mot aux familles"
FloorCampaign = tuple[str, int, tuple[datetime, ...], bool, ZoneInfo, frozenset[date], bool]
FloorRecord = dict[str, Any]
FloorKey = tuple[str, int, str]  # the dossier: UAI, rentrée, pupil
FloorEvent = tuple[str, FloorKey, FloorActor, datetime, int, Any]  # kind, dossier, actor, at,
# version, payload; a family event's payload is (content, guardian_id, paper_form)
FloorCommand = tuple[str, int, Any, str | None]  # action, version, content, signed_by

_PHASE_NAMES = tuple(phase.value for phase in Phase)
_CLOSED = len(_PHASE_NAMES) - 1
_DECISIONS = _CLOSED - 1
_STAFF = frozenset({"HEAD", "PROFESSEUR_PRINCIPAL", "SECRETARIAT"})
_STRANGERS = frozenset({"OTHER_FAMILY", "OTHER_SCHOOL", "OTHER_CLASS"})
_GUARDIANS = ("OTHER_GUARDIAN", "ENTRANT")  # whether the guardian is the entrant
_VOIES = frozenset({"GT", "PRO", "CAP"})
_AVIS = frozenset({"FAVORABLE", "RESERVE", "DEFAVORABLE"})
_ANSWERS = frozenset({"D_ACCORD", "PAS_D_ACCORD"})
_MAX_GUARDIANS = 2
_MAX_NAME = 200
_MAX_TEXT = 2000
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_FORBIDDEN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ONE_DAY = timedelta(days=1)
_SUNDAY = 6

# The policy is data: the floor reads the same matrix as plain strings and
# integers, (standing, phase index, action) -> (reason or None, on paper).
_FLOOR_MATRIX: dict[tuple[str, int, str], tuple[str | None, bool]] = {
    (who.value, phase.index, action.value): (verdict.reason, verdict.on_paper)
    for (who, phase, action), verdict in PERMISSIONS.items()
}


# --- the host's values, checked as the library's classes check them on construction


def floor_name(value: object, missing: str) -> str:
    # An id, a name, a class or a UAI: trimmed text, present, short, printable.
    if type(value) is not str:
        raise ValueError("type.invalid")
    text = value.strip()
    if not text:
        raise ValueError(missing)
    if len(text) > _MAX_NAME or _CONTROL.search(text):
        raise ValueError("actor.text_invalid")
    return text


def floor_guardian(id_: str, name: str, email: str | None = None) -> FloorActor:
    if email is not None:
        if type(email) is not str:
            raise ValueError("type.invalid")
        email = email.strip()
        if not _EMAIL.fullmatch(email) or len(email) > _MAX_NAME:
            raise ValueError("email.invalid")
    shown = (floor_name(name, "actor.name_missing"), email)
    return ("GUARDIAN", floor_name(id_, "actor.id_missing"), None, frozenset(), shown)


def floor_pupil(id_: str, name: str, classe: str) -> FloorActor:
    shown = (floor_name(name, "actor.name_missing"), floor_name(classe, "pupil.classe_missing"))
    return ("PUPIL", floor_name(id_, "actor.id_missing"), None, frozenset(), shown)


def floor_staff(id_: str, uai: str, role: str, classes: Sequence[str] = ()) -> FloorActor:
    if role not in _STAFF or type(classes) not in (list, tuple):
        raise ValueError("type.invalid")
    checked = frozenset(floor_name(classe, "pupil.classe_missing") for classe in classes)
    if checked and role != "PROFESSEUR_PRINCIPAL":
        raise ValueError("staff.classes_not_pp")
    return (
        role,
        floor_name(id_, "actor.id_missing"),
        floor_name(uai, "staff.uai_missing"),
        checked,
        None,
    )


def floor_text(value: object) -> str | None:
    # A reason, comment or motif as stored: trimmed, NFC, None when blank.
    if value is None:
        return None
    if type(value) is not str:
        raise ValueError("type.invalid")
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").strip())
    if not text:
        return None
    if len(text) > _MAX_TEXT:
        raise ValueError("text.too_long")
    if _FORBIDDEN_TEXT.search(text):
        raise ValueError("text.invalid_character")
    return text


def floor_voie(value: object) -> str:
    if type(value) is not str or value not in _VOIES:
        raise ValueError("type.invalid")
    return value


FloorAvis = tuple[str, str, str | None, str | None]  # voie, avis, reason, comment


def floor_avis(
    voie: str, avis: str, reason: str | None = None, comment: str | None = None
) -> FloorAvis:
    if avis not in _AVIS:
        raise ValueError("type.invalid")
    kept = floor_text(reason)
    if avis != "FAVORABLE" and kept is None:
        raise ValueError("avis.reason_required")
    return (floor_voie(voie), avis, kept, floor_text(comment))


def floor_proposition(voie: str, comment: str | None = None) -> tuple[str, str | None]:
    return (floor_voie(voie), floor_text(comment))


# --- the dossier's decisions --------------------------------------------------


def floor_phase_at(starts: tuple[datetime, ...], now: datetime) -> str:
    if type(now) is not datetime or now.utcoffset() is None:
        raise ValueError("now")
    return _PHASE_NAMES[bisect_right(starts, now)]


def floor_standing(record: FloorRecord, actor: FloorActor) -> str:
    # Who the actor is to this dossier: a row of the matrix.
    kind, actor_id, actor_uai, classes, _ = actor
    if kind == "GUARDIAN":
        entrant = record["entrant_id"]
        if actor_id not in record["guardian_ids"]:
            return "OTHER_FAMILY"
        return "GUARDIAN" if entrant is None else _GUARDIANS[entrant == actor_id]
    if kind == "PUPIL":
        return "PUPIL" if actor_id == record["pupil_id"] else "OTHER_FAMILY"
    if kind in _STAFF:
        if actor_uai != record["uai"]:
            return "OTHER_SCHOOL"
        if kind == "PROFESSEUR_PRINCIPAL" and record["classe"] not in classes:
            return "OTHER_CLASS"
        return kind
    raise ValueError("actor")


def floor_deadline(campaign: FloorCampaign, notified_at: datetime) -> datetime:
    # The end of the third jour ouvrable (neither a Sunday nor a holiday)
    # after the local day of the notification.
    zone, holidays = campaign[4], campaign[5]
    day = notified_at.astimezone(zone).date()
    found = 0
    while found < APPEAL_JOURS_OUVRABLES:
        day += _ONE_DAY
        if day.weekday() != _SUNDAY and day not in holidays:
            found += 1
    return datetime.combine(day + _ONE_DAY, time(), tzinfo=zone)


def floor_decision_open(record: FloorRecord, campaign: FloorCampaign, now: datetime) -> bool:
    decision = record["decision"]
    return (
        decision is not None
        and record["decision_accepted_at"] is None
        and record["appeal"] is None
        and now < floor_deadline(campaign, decision[2])
    )


def floor_checks(
    record: FloorRecord,
    action: str,
    *,
    version: int,
    actor: FloorActor,
    campaign: FloorCampaign,
    now: datetime,
) -> bool:
    # Steps 2 to 6 of Dossier.handle; whether the action is a paper form.
    who = floor_standing(record, actor)
    if type(campaign) is not tuple or type(now) is not datetime:
        raise ValueError("campaign or now")
    if now.utcoffset() is None:
        raise ValueError("time.naive")
    phase = bisect_right(campaign[2], now)
    if who in _STRANGERS:
        raise ValueError("no_access")
    if campaign[0] != record["uai"]:
        raise ValueError("campaign.other_school")
    if campaign[1] != record["rentree"]:
        raise ValueError("campaign.other_rentree")
    updated_at = record["updated_at"]
    if updated_at is not None and now < updated_at:
        raise ValueError("time.backwards")
    if version != record["version"]:
        raise ValueError("conflict")
    # Once closed, a decision's window still runs (the other late actions
    # belong to the commission d'appel, which no history here reaches).
    if (
        phase == _CLOSED
        and action in ("ACCEPT_DECISION", "LODGE_APPEAL")
        and floor_decision_open(record, campaign, now)
    ):
        phase = _DECISIONS
    reason, on_paper = _FLOOR_MATRIX[who, phase, action]
    if reason is not None:
        raise ValueError(reason)
    return on_paper


def floor_signatory(
    record: FloorRecord, signed_by: str | None, *, on_paper: bool, actor: FloorActor
) -> tuple[str, bool]:
    # Who acted for the family: online the actor, on paper the signatory.
    if not on_paper:
        if signed_by is not None:
            raise ValueError("signatory.online")
        return actor[1], False
    if signed_by is None:
        raise ValueError("signatory.missing")
    if signed_by not in record["guardian_ids"]:
        raise ValueError("guardian.unknown")
    if record["entrant_id"] not in (None, signed_by):
        raise ValueError("signatory.not_entrant")
    return signed_by, True


Decided = tuple[dict[str, Any], Any]  # the record's changes, the event's content
Decide = Callable[[FloorRecord, Any, FloorCampaign, datetime], Decided]


def _validated(field: str) -> Decide:
    def decide(_: FloorRecord, entries: Any, campaign: FloorCampaign, __: datetime) -> Decided:
        if type(entries) is not tuple:
            raise ValueError("type.invalid")
        if not campaign[3] and any(p is not None or s for _, p, s in entries):
            raise ValueError("details.disabled")
        return {field: entries}, entries

    return decide


def _record_avis(record: FloorRecord, avis: Any, _: FloorCampaign, __: datetime) -> Decided:
    if type(avis) is not tuple or not all(type(a) is tuple and len(a) == 4 for a in avis):
        raise ValueError("type.invalid")
    intentions = record["intentions"]
    if intentions is None:
        raise ValueError("no_intentions")
    voies = [voie for voie, _, _ in intentions]
    given: dict[str, int] = {}
    for index, (voie, _, _, _) in enumerate(avis):
        if voie in given:
            raise ValueError("avis.duplicate")
        if voie not in voies:
            raise ValueError("avis.not_an_intention")
        given[voie] = index
    if len(given) != len(voies):
        raise ValueError("avis.missing")
    ordered = tuple(avis[given[voie]] for voie in voies)
    return {"avis": ordered}, ordered


def _acknowledge_avis(record: FloorRecord, _: Any, __: FloorCampaign, now: datetime) -> Decided:
    if not record["avis"]:
        raise ValueError("no_avis")
    if record["acknowledged_at"] is not None:
        raise ValueError("already_acknowledged")
    return {"acknowledged_at": now}, None


def _record_propositions(
    _: FloorRecord, propositions: Any, __: FloorCampaign, ___: datetime
) -> Decided:
    if type(propositions) is not tuple or not all(
        type(p) is tuple and len(p) == 2 for p in propositions
    ):
        raise ValueError("type.invalid")
    if not propositions:
        raise ValueError("propositions.empty")
    if len(propositions) > MAX_INTENTIONS:
        raise ValueError("propositions.too_many")
    if len({voie for voie, _ in propositions}) != len(propositions):
        raise ValueError("propositions.duplicate")
    return {"propositions": propositions, "answers": ()}, propositions


def _answer_propositions(
    record: FloorRecord, answers: Any, _: FloorCampaign, __: datetime
) -> Decided:
    if type(answers) is not tuple or not all(a in _ANSWERS for a in answers):
        raise ValueError("type.invalid")
    if answers.count("D_ACCORD") > 1:
        raise ValueError("answers.several_accepted")
    if not record["propositions"]:
        raise ValueError("no_propositions")
    if len(answers) != len(record["propositions"]):
        raise ValueError("answers.count")
    return {"answers": answers}, answers


def _record_decision(record: FloorRecord, content: Any, _: FloorCampaign, now: datetime) -> Decided:
    voie, reasons = floor_voie(content[0]), floor_text(content[1])
    if "D_ACCORD" in record["answers"]:
        raise ValueError("proposition_accepted")
    if record["decision"] is not None:
        raise ValueError("decision_recorded")
    choix = record["choix"]
    if (choix is None or choix[0][0] != voie) and reasons is None:
        raise ValueError("decision.reasons_required")
    return {"decision": (voie, reasons, now)}, (voie, reasons)


def _check_decision_open(record: FloorRecord, campaign: FloorCampaign, now: datetime) -> str:
    decision = record["decision"]
    if decision is None:
        raise ValueError("no_decision")
    if record["decision_accepted_at"] is not None:
        raise ValueError("decision_accepted")
    if record["appeal"] is not None:
        raise ValueError("appealed")
    if now >= floor_deadline(campaign, decision[2]):
        raise ValueError("deadline_passed")
    voie: str = decision[0]
    return voie


def _accept_decision(
    record: FloorRecord, _: Any, campaign: FloorCampaign, now: datetime
) -> Decided:
    _check_decision_open(record, campaign, now)
    return {"decision_accepted_at": now}, None


def _lodge_appeal(
    record: FloorRecord, content: Any, campaign: FloorCampaign, now: datetime
) -> Decided:
    voie, motif = floor_voie(content[0]), floor_text(content[1])
    decided = _check_decision_open(record, campaign, now)
    dernier_mot = campaign[6]
    if voie == decided:
        raise ValueError("appeal.same_voie")
    choix = record["choix"]
    if dernier_mot and (choix is None or voie not in [v for v, _, _ in choix]):
        raise ValueError("appeal.not_a_choix")
    return {"appeal": (voie, motif, now, dernier_mot)}, (voie, motif, dernier_mot)


# The actions of the benchmarks' histories: their event's kind, whether the
# family takes them, their own rules, and how an event's content turns back
# into the command's.  A dict lookup costs the same for all twelve, and any
# other is refused.
_FLOOR_ACTIONS: dict[str, tuple[str, bool, Decide, Callable[[Any], Any] | None]] = {
    "VALIDATE_INTENTIONS": ("IntentionsValidated", True, _validated("intentions"), None),
    "RECORD_AVIS": ("AvisRecorded", False, _record_avis, None),
    "ACKNOWLEDGE_AVIS": ("AvisAcknowledged", True, _acknowledge_avis, None),
    "VALIDATE_CHOIX": ("ChoixValidated", True, _validated("choix"), None),
    "RECORD_PROPOSITIONS": ("PropositionsRecorded", False, _record_propositions, None),
    "ANSWER_PROPOSITIONS": ("PropositionsAnswered", True, _answer_propositions, None),
    "RECORD_DECISION": ("DecisionRecorded", False, _record_decision, None),
    "ACCEPT_DECISION": ("DecisionAccepted", True, _accept_decision, None),
    # The event adds whether the school runs "dernier mot aux familles".
    "LODGE_APPEAL": ("AppealLodged", True, _lodge_appeal, lambda content: content[:2]),
}
_FLOOR_KINDS = {
    kind: (action, family, command_of)
    for action, (kind, family, _, command_of) in _FLOOR_ACTIONS.items()
}
FAMILY_KINDS = frozenset(kind for kind, (_, family, _) in _FLOOR_KINDS.items() if family)


def floor_handle(
    record: FloorRecord,
    command: FloorCommand,
    *,
    actor: FloorActor,
    campaign: FloorCampaign,
    now: datetime,
) -> tuple[FloorRecord, tuple[FloorEvent, ...]]:
    # The command's own checks, as its class makes them on construction.
    if type(command) is not tuple or len(command) != 4:
        raise ValueError("command")
    action, version, content, signed_by = command
    known = _FLOOR_ACTIONS.get(action)
    if known is None or type(version) is not int or version < 1:
        raise ValueError("command")
    if signed_by is not None and (type(signed_by) is not str or not signed_by):
        raise ValueError("command")
    kind, family, decide, _ = known
    on_paper = floor_checks(
        record, action, version=version, actor=actor, campaign=campaign, now=now
    )
    changes: dict[str, Any]
    if family:
        guardian_id, paper_form = floor_signatory(record, signed_by, on_paper=on_paper, actor=actor)
        changes, content = decide(record, content, campaign, now)
        payload: Any = (content, guardian_id, paper_form)
        changes["entrant_id"] = record["entrant_id"] or guardian_id
        changes["paper_form"] = record["paper_form"] or paper_form
    else:
        changes, payload = decide(record, content, campaign, now)
    following = version + 1
    key = (record["uai"], record["rentree"], record["pupil_id"])
    event = (kind, key, actor, now, following, payload)
    return {**record, **changes, "version": following, "updated_at": now}, (event,)


def floor_validate_intentions(
    record: FloorRecord,
    version: int,
    intentions: tuple[FloorIntention, ...],
    *,
    actor: FloorActor,
    campaign: FloorCampaign,
    now: datetime,
) -> tuple[FloorRecord, tuple[FloorEvent, ...]]:
    return floor_handle(
        record,
        ("VALIDATE_INTENTIONS", version, intentions, None),
        actor=actor,
        campaign=campaign,
        now=now,
    )


_EMPTY_RECORD: FloorRecord = {
    "uai": None,
    "rentree": None,
    "pupil_id": None,
    "classe": None,
    "guardian_ids": (),
    "entrant_id": None,
    "intentions": None,
    "avis": (),
    "acknowledged_at": None,
    "choix": None,
    "propositions": (),
    "answers": (),
    "decision": None,
    "decision_accepted_at": None,
    "appeal": None,
    "appeal_decision": None,
    "maintien_requested_at": None,
    "paper_form": False,
    "version": 1,
    "updated_at": None,
}


def floor_open_dossier(
    pupil: FloorActor,
    guardians: Sequence[FloorActor],
    *,
    campaign: FloorCampaign,
    actor: FloorActor,
    now: datetime,
) -> tuple[FloorRecord, FloorEvent]:
    # As Dossier.open: the phase, the actor, the campaign, the pupil and
    # 1 or 2 distinct guardians, then the actor's standing and the matrix.
    if type(now) is not datetime or now.utcoffset() is None:
        raise ValueError("time.naive")
    if type(campaign) is not tuple:
        raise ValueError("campaign")
    phase = bisect_right(campaign[2], now)
    if type(actor) is not tuple or actor[0] not in _STAFF:
        raise ValueError("type.invalid")
    if type(pupil) is not tuple or pupil[0] != "PUPIL":
        raise ValueError("type.invalid")
    if type(guardians) is not list and type(guardians) is not tuple:
        raise ValueError("type.invalid")
    kept = tuple(guardians)
    ids = tuple(g[1] for g in kept if type(g) is tuple and g[0] == "GUARDIAN")
    if len(ids) != len(kept):
        raise ValueError("type.invalid")
    if not 1 <= len(ids) <= _MAX_GUARDIANS:
        raise ValueError("guardians.count")
    if len(set(ids)) != len(ids):
        raise ValueError("guardians.duplicate")
    uai, rentree, pupil_id = campaign[0], campaign[1], pupil[1]
    record = {
        **_EMPTY_RECORD,
        "uai": uai,
        "rentree": rentree,
        "pupil_id": pupil_id,
        "classe": cast("tuple[str, str]", pupil[4])[1],
        "guardian_ids": ids,
        "updated_at": now,
    }
    who = floor_standing(record, actor)
    if who in _STRANGERS:
        raise ValueError("no_access")
    reason, _ = _FLOOR_MATRIX[who, phase, "OPEN_DOSSIER"]
    if reason is not None:
        raise ValueError(reason)
    return record, ("DossierOpened", (uai, rentree, pupil_id), actor, now, 1, (pupil, kept))


def floor_open(event: Any, campaign: FloorCampaign) -> FloorRecord:
    # As the replay's opening: the dossier opened again from the event's own
    # pupil, guardians, actor and instant, so only its key and version can differ.
    if type(event) is not tuple or len(event) != 6 or event[0] != "DossierOpened":
        raise ValueError("events.invalid")
    _, key, actor, at, version, payload = event
    if type(payload) is not tuple or len(payload) != 2:
        raise ValueError("events.invalid")
    record, _ = floor_open_dossier(*payload, campaign=campaign, actor=actor, now=at)
    if key != (record["uai"], record["rentree"], record["pupil_id"]) or version != 1:
        raise ValueError("events.invalid")
    return record


def floor_replay(events: Sequence[FloorEvent], campaign: FloorCampaign) -> FloorRecord:
    # As Dossier.replay: each event decided again from its command, at its
    # instant, and accepted only if that gives the very same event.
    if type(events) is not list and type(events) is not tuple:
        raise ValueError("events")
    state: FloorRecord | None = None
    for event in events:
        try:
            if state is None:
                state = floor_open(event, campaign)
                continue
            if type(event) is not tuple or len(event) != 6:
                raise ValueError("event")
            kind, key, actor, at, version, payload = event
            known = _FLOOR_KINDS.get(kind)
            if known is None or key != (state["uai"], state["rentree"], state["pupil_id"]):
                raise ValueError("event")
            action, family, command_of = known
            if family:
                content, guardian_id, paper_form = payload
                signed_by = guardian_id if paper_form else None
            else:
                content, signed_by = payload, None
            if command_of is not None:
                content = command_of(content)
            command = (action, version - 1, content, signed_by)
            state, (again,) = floor_handle(state, command, actor=actor, campaign=campaign, now=at)
            if again != event:
                raise ValueError("event")
        except ValueError as error:
            raise ValueError("events.invalid") from error
    if state is None:
        raise ValueError("events.invalid")
    return state


# --- the library's values as the floor's plain data -----------------------------


def floor_actor(actor: Guardian | Pupil | Staff) -> FloorActor:
    if isinstance(actor, Staff):
        return (actor.role.value, actor.id, actor.uai, actor.classes, None)
    if isinstance(actor, Pupil):
        return ("PUPIL", actor.id, None, frozenset(), (actor.name, actor.classe))
    return ("GUARDIAN", actor.id, None, frozenset(), (actor.name, actor.email))


def floor_campaign(campaign: Campaign) -> FloorCampaign:
    assert campaign.territory is not None
    return (
        campaign.uai,
        campaign.rentree,
        tuple(campaign.starts),
        campaign.settings.details_enabled,
        ZoneInfo(campaign.zone),
        # A campaign runs over two calendar years.
        public_holidays(campaign.territory, campaign.rentree - 1)
        | public_holidays(campaign.territory, campaign.rentree),
        campaign.dernier_mot_aux_familles,
    )


def floor_intentions(intentions: IntentionSet | None) -> tuple[FloorIntention, ...] | None:
    if intentions is None:
        return None
    return tuple(
        (i.voie.value, i.precision, frozenset(s.value for s in i.statuts)) for i in intentions
    )


def floor_record(dossier: Dossier) -> FloorRecord:
    decision, appeal = dossier.decision, dossier.appeal
    return {
        "uai": dossier.uai,
        "rentree": dossier.rentree,
        "pupil_id": dossier.pupil.id,
        "classe": dossier.pupil.classe,
        "guardian_ids": tuple(g.id for g in dossier.guardians),
        "entrant_id": dossier.entrant_id,
        "intentions": floor_intentions(dossier.intentions),
        "avis": tuple((a.voie.value, a.avis.value, a.reason, a.comment) for a in dossier.avis),
        "acknowledged_at": dossier.acknowledged_at,
        "choix": floor_intentions(dossier.choix),
        "propositions": tuple((p.voie.value, p.comment) for p in dossier.propositions),
        "answers": tuple(a.value for a in dossier.answers),
        "decision": None
        if decision is None
        else (decision.voie.value, decision.reasons, decision.notified_at),
        "decision_accepted_at": dossier.decision_accepted_at,
        "appeal": None
        if appeal is None
        else (appeal.voie.value, appeal.motif, appeal.at, appeal.dernier_mot),
        "appeal_decision": None
        if dossier.appeal_decision is None
        else dossier.appeal_decision.voie.value,
        "maintien_requested_at": dossier.maintien_requested_at,
        "paper_form": dossier.paper_form,
        "version": dossier.version,
        "updated_at": dossier.updated_at,
    }


def floor_event(event: DossierEvent) -> FloorEvent:
    content: Any
    if isinstance(event, DossierOpened):
        content = (floor_actor(event.pupil), tuple(floor_actor(g) for g in event.guardians))
    elif isinstance(event, IntentionsValidated):
        content = floor_intentions(event.intentions)
    elif isinstance(event, ChoixValidated):
        content = floor_intentions(event.choix)
    elif isinstance(event, AvisRecorded):
        content = tuple((a.voie.value, a.avis.value, a.reason, a.comment) for a in event.avis)
    elif isinstance(event, PropositionsRecorded):
        content = tuple((p.voie.value, p.comment) for p in event.propositions)
    elif isinstance(event, PropositionsAnswered):
        content = tuple(a.value for a in event.answers)
    elif isinstance(event, DecisionRecorded):
        content = (event.voie.value, event.reasons)
    elif isinstance(event, AppealLodged):
        content = (event.voie.value, event.motif, event.dernier_mot)
    elif isinstance(event, AvisAcknowledged | DecisionAccepted):
        content = None
    else:
        raise ValueError(type(event).__name__)  # not in the benchmarks' histories
    payload = (
        (content, event.guardian_id, event.paper_form)
        if isinstance(event, FamilyEvent)
        else content
    )
    key = (event.dossier.uai, event.dossier.rentree, event.dossier.pupil_id)
    return (type(event).__name__, key, floor_actor(event.actor), event.at, event.version, payload)


# --- the cohort -------------------------------------------------------------------


def families(pupils: int) -> list[tuple[Pupil, tuple[Guardian, Guardian]]]:
    """One pupil and two guardians per dossier, as the host hands them over."""
    return [
        (
            Pupil(f"eleve-{n}", f"Élève {n}", "3e A"),
            (Guardian(f"resp-{n}-1", f"Parent {n}"), Guardian(f"resp-{n}-2", f"Parent bis {n}")),
        )
        for n in range(pupils)
    ]


def open_and_validate(cohort: Sequence[tuple[Pupil, tuple[Guardian, Guardian]]]) -> float:
    """Seconds to open every dossier and validate its intentions once, all kept in memory."""
    kept: list[tuple[Dossier, DossierOpened, tuple[DossierEvent, ...]]] = []
    start = clock.perf_counter()
    for pupil, guardians in cohort:
        dossier, opened = Dossier.open(
            pupil, guardians, campaign=CAMPAIGN, actor=HEAD, now=OPENED_AT
        )
        dossier, events = dossier.handle(
            ValidateIntentions(1, WISHES), actor=guardians[0], campaign=CAMPAIGN, now=NOW
        )
        kept.append((dossier, opened, events))
    elapsed = clock.perf_counter() - start
    assert len(kept) == len(cohort)
    return elapsed


def open_and_validate_paused(cohort: Sequence[tuple[Pupil, tuple[Guardian, Guardian]]]) -> float:
    """The same, with the collector paused around the bulk step."""
    # What is alive already (the cohort's actors) will not become garbage:
    # freezing keeps the collector from walking it again afterwards too.
    gc.freeze()
    gc.disable()
    try:
        return open_and_validate(cohort)
    finally:
        gc.enable()
        gc.unfreeze()


def measure_cohort(pupils: int, rounds: int = 2) -> tuple[float, float]:
    """Median seconds for the cohort, with the collector running and paused."""
    cohort = families(pupils)
    running: list[float] = []
    paused: list[float] = []
    for index in range(rounds):
        # Alternating who goes first, so that neither always gets the memory
        # the other has just given back.
        order = [(running, open_and_validate), (paused, open_and_validate_paused)]
        for samples, run in order if index % 2 == 0 else order[::-1]:
            gc.collect()
            samples.append(run(cohort))
    return statistics.median(running), statistics.median(paused)


def cohort_table(pupils: int, running: float, paused: float) -> str:
    scale = NATIONAL_COHORT / pupils
    lines = [
        (
            f"For information: open and validate intentions for {pupils:,} pupils"
            f" (one dossier each), extrapolated to {NATIONAL_COHORT:,}"
        ),
        f"{'collector':<34}{'seconds':>12}{'national s':>12}{'µs/pupil':>10}",
    ]
    lines.extend(
        f"{name:<34}{seconds:>12.2f}{seconds * scale:>12.1f}{seconds / pupils * 1e6:>10.1f}"
        for name, seconds in (("running", running), ("paused (gc.freeze + gc.disable)", paused))
    )
    lines.append(f"{'ratio paused / running':<34}{paused / running:>12.2f}")
    return "\n".join(lines)


# --- the cases ---------------------------------------------------------------------


def main(
    rounds: int = 25, number: int = 2000, pupils: int = 100_000
) -> list[tuple[str, float, float]]:
    """Run every case, print the tables, and return the first table's rows."""
    fresh = fresh_dossier()
    record = floor_record(fresh)
    campaign = floor_campaign(CAMPAIGN)
    starts = campaign[2]
    wishes = floor_intentions(WISHES)
    assert wishes is not None
    claire = floor_actor(CLAIRE)
    utc_now = NOW.astimezone(UTC)
    final, history = full_history()
    floor_history = [floor_event(event) for event in history]

    # The benchmark is worth nothing if the two sides do not agree.
    for moment in (OPENED_AT, NOW, *CAMPAIGN.starts, datetime(2027, 7, 5, tzinfo=PARIS)):
        assert floor_phase_at(starts, moment) == CAMPAIGN.phase_at(moment).value
    validated, events = fresh.handle(
        ValidateIntentions(1, WISHES), actor=CLAIRE, campaign=CAMPAIGN, now=NOW
    )
    floor_validated, floor_events = floor_validate_intentions(
        record, 1, wishes, actor=claire, campaign=campaign, now=NOW
    )
    assert floor_validated == floor_record(validated)
    assert floor_events == tuple(floor_event(event) for event in events)
    assert Dossier.replay(history, campaign=CAMPAIGN) == final
    assert floor_replay(floor_history, campaign) == floor_record(final)

    cases = [
        (
            "phase_at (now in Paris time)",
            lambda: CAMPAIGN.phase_at(NOW),
            lambda: floor_phase_at(starts, NOW),
        ),
        (
            "phase_at (now in UTC)",
            lambda: CAMPAIGN.phase_at(utc_now),
            lambda: floor_phase_at(starts, utc_now),
        ),
        (
            "handle ValidateIntentions",
            lambda: fresh.handle(
                ValidateIntentions(1, WISHES), actor=CLAIRE, campaign=CAMPAIGN, now=NOW
            ),
            # As the library's side builds its command, the floor builds its tuple.
            lambda: floor_handle(
                record,
                ("VALIDATE_INTENTIONS", 1, wishes, None),
                actor=claire,
                campaign=campaign,
                now=NOW,
            ),
        ),
        (
            f"replay ({len(history)} events)",
            lambda: Dossier.replay(history, campaign=CAMPAIGN),
            lambda: floor_replay(floor_history, campaign),
        ),
    ]
    rows = compare(cases, rounds, number)
    print(table("The library against a hand-written floor (median per call)", rows, "floor"))

    running, paused = measure_cohort(pupils)
    print()
    print(cohort_table(pupils, running, paused))
    return rows


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:4]))
