"""How far the campaign and the dossier are from a hand-written floor.

Run it with ``python -m benchmarks.dossier [rounds] [number] [pupils]``.

The method is the one of ``benchmarks/_timing.py``: each case does the same
work twice, once with the library and once with plain tuples and dicts and
the same decisions written by hand (the floor).  Both sides run interleaved
in the same rounds; the table shows the median time per call and the ratio
library / floor.

A last table, for information, times a whole cohort: opening one dossier per
pupil and validating its intentions, with the garbage collector running and
then paused (``gc.freeze()`` and ``gc.disable()`` around the bulk step), and
extrapolates linearly to a national cohort.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from benchmarks._timing import compare, table
from orientation_core import (
    Academy,
    AcceptDecision,
    AcknowledgeAvis,
    Actor,
    Answer,
    AnswerPropositions,
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
)

NATIONAL_COHORT = 850_000

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
FloorActor = tuple[str, str, str | None]  # kind, id, the school's UAI for staff
FloorCampaign = tuple[str, int, tuple[datetime, ...], bool]  # UAI, rentrée, starts, details
FloorRecord = dict[str, Any]
FloorEvent = tuple[str, FloorActor, datetime, int, Any]  # kind, actor, at, version, payload

_PHASE_NAMES = tuple(phase.value for phase in Phase)
_PROVISIONAL_OPEN = 1
_CLOSED = len(_PHASE_NAMES) - 1
_STAFF = frozenset({"HEAD", "PROFESSEUR_PRINCIPAL", "SECRETARIAT"})
_MAX_GUARDIANS = 2


def floor_phase_at(starts: tuple[datetime, ...], now: datetime) -> str:
    if type(now) is not datetime or now.utcoffset() is None:
        raise ValueError("now")
    return _PHASE_NAMES[bisect_right(starts, now)]


def floor_standing(record: FloorRecord, actor: FloorActor) -> str:
    # Who the actor is to this dossier, named by what it may do about
    # intentions: only the guardians validate, and once one has, only that
    # one (the entrant).
    kind, actor_id, actor_uai = actor
    if kind == "GUARDIAN":
        entrant = record["entrant_id"]
        if actor_id not in record["guardian_ids"]:
            return "stranger"
        return "family" if entrant is None or entrant == actor_id else "not_entrant"
    if kind == "PUPIL":
        return "read_only" if actor_id == record["pupil_id"] else "stranger"
    if kind in _STAFF:
        return "family_only" if actor_uai == record["uai"] else "stranger"
    raise ValueError("actor")


def floor_validate_intentions(
    record: FloorRecord,
    version: int,
    intentions: tuple[FloorIntention, ...],
    *,
    actor: FloorActor,
    campaign: FloorCampaign,
    now: datetime,
) -> tuple[FloorRecord, tuple[FloorEvent, ...]]:
    # The command's own checks, as ValidateIntentions makes them on construction.
    if type(version) is not int or version < 1 or type(intentions) is not tuple:
        raise ValueError("command")
    who = floor_standing(record, actor)
    if type(campaign) is not tuple or type(now) is not datetime:
        raise ValueError("campaign or now")
    if now.utcoffset() is None:
        raise ValueError("time.naive")
    uai, rentree, starts, details_enabled = campaign
    phase = bisect_right(starts, now)
    if who == "stranger":
        raise ValueError("no_access")
    if uai != record["uai"]:
        raise ValueError("campaign.other_school")
    if rentree != record["rentree"]:
        raise ValueError("campaign.other_rentree")
    if version != record["version"]:
        raise ValueError("conflict")
    if phase != _PROVISIONAL_OPEN:
        raise ValueError("closed" if phase == _CLOSED else "not_in_phase")
    if who != "family":
        raise ValueError(who)
    if not details_enabled and any(p is not None or s for _, p, s in intentions):
        raise ValueError("details.disabled")
    following = version + 1
    actor_id = actor[1]
    event = ("IntentionsValidated", actor, now, following, (intentions, actor_id, False))
    changed = {
        **record,
        "entrant_id": record["entrant_id"] or actor_id,
        "intentions": intentions,
        "version": following,
    }
    return changed, (event,)


def _aware(at: object) -> datetime:
    if type(at) is not datetime or at.utcoffset() is None:
        raise ValueError("at")
    return at


def _fold_validated(field: str) -> Callable[[FloorRecord, datetime, int, Any], FloorRecord]:
    def fold(state: FloorRecord, _: datetime, version: int, payload: Any) -> FloorRecord:
        entries, guardian_id, paper_form = payload
        entrant = state["entrant_id"] or guardian_id
        if entrant not in state["guardian_ids"]:
            raise ValueError("guardian.unknown")
        return {
            **state,
            field: entries,
            "entrant_id": entrant,
            "paper_form": state["paper_form"] or paper_form,
            "version": version,
        }

    return fold


# The kinds of the benchmark's history; a dict lookup costs the same for all
# thirteen, and any other kind is refused.
_FLOOR_FOLDS: dict[str, Callable[[FloorRecord, datetime, int, Any], FloorRecord]] = {
    "IntentionsValidated": _fold_validated("intentions"),
    "ChoixValidated": _fold_validated("choix"),
    "AvisRecorded": lambda s, _, v, p: {**s, "avis": p, "version": v},
    "AvisAcknowledged": lambda s, at, v, _: {**s, "acknowledged_at": _aware(at), "version": v},
    "PropositionsRecorded": lambda s, _, v, p: {
        **s,
        "propositions": p,
        "answers": (),
        "version": v,
    },
    "PropositionsAnswered": lambda s, _, v, p: {**s, "answers": p, "version": v},
    "DecisionRecorded": lambda s, at, v, p: {**s, "decision": (*p, _aware(at)), "version": v},
    "DecisionAccepted": lambda s, at, v, _: {
        **s,
        "decision_accepted_at": _aware(at),
        "version": v,
    },
}


_EMPTY_RECORD: FloorRecord = {
    "uai": None,
    "rentree": None,
    "pupil_id": None,
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
}


def floor_replay(events: Sequence[FloorEvent]) -> FloorRecord:
    if type(events) is not list and type(events) is not tuple:
        raise ValueError("events")
    state: FloorRecord | None = None
    for index, event in enumerate(events):
        if type(event) is not tuple or len(event) != 5 or event[3] != index + 1:
            raise ValueError("events.invalid")
        kind, _, at, version, payload = event
        if state is None:
            if kind != "DossierOpened":
                raise ValueError("events.invalid")
            uai, rentree, pupil_id, guardian_ids = payload
            if type(uai) is not str or not uai or type(rentree) is not int:
                raise ValueError("identity")
            if not 1 <= len(guardian_ids) <= _MAX_GUARDIANS or len(set(guardian_ids)) != len(
                guardian_ids
            ):
                raise ValueError("guardians")
            state = {
                **_EMPTY_RECORD,
                "uai": uai,
                "rentree": rentree,
                "pupil_id": pupil_id,
                "guardian_ids": guardian_ids,
            }
        else:
            fold = _FLOOR_FOLDS.get(kind)
            if fold is None:
                raise ValueError("events.invalid")
            state = fold(state, at, version, payload)
    if state is None:
        raise ValueError("events.invalid")
    return state


# --- the library's values as the floor's plain data -----------------------------


def floor_actor(actor: Guardian | Pupil | Staff) -> FloorActor:
    if isinstance(actor, Staff):
        return (actor.role.value, actor.id, actor.uai)
    if isinstance(actor, Pupil):
        return ("PUPIL", actor.id, None)
    return ("GUARDIAN", actor.id, None)


def floor_campaign(campaign: Campaign) -> FloorCampaign:
    return (
        campaign.uai,
        campaign.rentree,
        tuple(campaign.starts),
        campaign.settings.details_enabled,
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
    }


def floor_event(event: DossierEvent) -> FloorEvent:
    payload: Any
    if isinstance(event, DossierOpened):
        payload = (
            event.dossier.uai,
            event.dossier.rentree,
            event.pupil.id,
            tuple(g.id for g in event.guardians),
        )
    elif isinstance(event, IntentionsValidated):
        payload = (floor_intentions(event.intentions), event.guardian_id, event.paper_form)
    elif isinstance(event, ChoixValidated):
        payload = (floor_intentions(event.choix), event.guardian_id, event.paper_form)
    elif isinstance(event, AvisRecorded):
        payload = tuple((a.voie.value, a.avis.value, a.reason, a.comment) for a in event.avis)
    elif isinstance(event, PropositionsRecorded):
        payload = tuple((p.voie.value, p.comment) for p in event.propositions)
    elif isinstance(event, PropositionsAnswered):
        payload = tuple(a.value for a in event.answers)
    elif isinstance(event, DecisionRecorded):
        payload = (event.voie.value, event.reasons)
    elif isinstance(event, AvisAcknowledged | DecisionAccepted):
        payload = None
    else:
        raise ValueError(type(event).__name__)  # not in the benchmark's history
    return (type(event).__name__, floor_actor(event.actor), event.at, event.version, payload)


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
    start = time.perf_counter()
    for pupil, guardians in cohort:
        dossier, opened = Dossier.open(
            pupil, guardians, campaign=CAMPAIGN, actor=HEAD, now=OPENED_AT
        )
        dossier, events = dossier.handle(
            ValidateIntentions(1, WISHES), actor=guardians[0], campaign=CAMPAIGN, now=NOW
        )
        kept.append((dossier, opened, events))
    elapsed = time.perf_counter() - start
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
    assert floor_replay(floor_history) == floor_record(final)

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
            lambda: floor_validate_intentions(
                record, 1, wishes, actor=claire, campaign=campaign, now=NOW
            ),
        ),
        (
            f"replay ({len(history)} events)",
            lambda: Dossier.replay(history, campaign=CAMPAIGN),
            lambda: floor_replay(floor_history),
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
