"""How far the follow-up of the families is from a hand-written floor, and whether it is linear.

Run it with ``python -m benchmarks.followup [rounds] [number] [pupils] [schools]``.

The method is the one of ``benchmarks/_timing.py``: each case does the same
work twice, once with the library (:func:`families_to_follow_up` from the
dossiers, :func:`families_to_follow_up_from_events` from their events) and
once with plain dicts and tuples making the same decisions by hand (the
floor): the phase, the school and rentrée of every dossier, no dossier twice,
each dossier's events in order, what the phase asks, the grouping by class and
the French order of names.  Both sides run interleaved in the same rounds.

The cases: a whole school (``pupils`` pupils of 3e, classes of 25) and an
académie (``schools`` such schools, one call per school, as each has its own
campaign), while the intentions provisoires are open and about a third of the
families have validated nothing.  A last table gives the time for one school
of ``pupils`` and of ten times as many, on both sides (the fastest of the
rounds): linear work takes ten times as long.
"""

from __future__ import annotations

import gc
import random
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

import attrs

from benchmarks._timing import compare, per_call, table
from benchmarks.dossier import CAMPAIGN, HEAD, NOW, OPENED_AT, WISHES, floor_campaign
from orientation_core import (
    AppealLodged,
    AvisAcknowledged,
    AvisRecorded,
    Campaign,
    ChoixValidated,
    DecisionAccepted,
    Dossier,
    DossierEvent,
    DossierOpened,
    FollowUp,
    Guardian,
    IntentionsValidated,
    Phase,
    PropositionsAnswered,
    PropositionsRecorded,
    Pupil,
    Staff,
    ValidateIntentions,
    families_to_follow_up,
    families_to_follow_up_from_events,
)

CLASS_SIZE = 25
FIRST_NAMES = ("Léa", "Émile", "Zoé", "Anaïs", "Noé", "Chloé", "Élodie", "Jules", "Inès", "Œdipe")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Lefèvre", "D'Amico", "Roux", "Éluard", "Petit")
_UAI_KEYS = "ABCDEFGHJKLMNPRSTUVWXYZ"
# A week into the intentions provisoires.
FOLLOWED_AT = datetime(2027, 1, 19, 9, 0, tzinfo=NOW.tzinfo)


# --- the school and the académie, built through the library ---------------------


def school_campaign(number: int) -> Campaign:
    """The campaign of the académie's school ``number``: the benchmark's dates, its own UAI."""
    uai = f"{7_500_000 + number:07d}{_UAI_KEYS[(7_500_000 + number) % 23]}"
    return attrs.evolve(CAMPAIGN, uai=uai)


def build_school(
    campaign: Campaign, pupils: int, seed: int = 0
) -> tuple[list[Dossier], list[DossierEvent]]:
    """A school's dossiers, two families in three having validated, and their events."""
    rng = random.Random(seed)
    head = Staff(HEAD.id, campaign.uai, HEAD.role)
    dossiers: list[Dossier] = []
    events: list[DossierEvent] = []
    for n in range(pupils):
        pupil = Pupil(
            f"eleve-{n}",
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            f"3e {n // CLASS_SIZE + 1}",
        )
        guardians = (Guardian(f"resp-{n}-1", "Parent"), Guardian(f"resp-{n}-2", "Parent bis"))
        dossier, opened = Dossier.open(
            pupil, guardians, campaign=campaign, actor=head, now=OPENED_AT
        )
        events.append(opened)
        if rng.random() < 2 / 3:
            dossier, more = dossier.handle(
                ValidateIntentions(1, WISHES), actor=guardians[0], campaign=campaign, now=NOW
            )
            events += more
        dossiers.append(dossier)
    # A store gives each dossier's events in order, the dossiers' interleaved.
    events.sort(key=lambda event: (event.version, event.at))
    return dossiers, events


# --- the floor: plain dicts and tuples, the same decisions --------------------------

FloorRecord = dict[str, Any]
FloorFamily = tuple[str, str, tuple[str, ...]]  # pupil id, name, guardian ids
FloorList = tuple[str | None, tuple[tuple[str, tuple[FloorFamily, ...]], ...]]
FloorEvent = tuple[str, tuple[str, int, str], int, datetime, Any]

# What each phase asks, by the phase's index in the year.
_FLOOR_PENDING = (
    None,
    "INTENTIONS",
    "INTENTIONS",
    "ACKNOWLEDGEMENT",
    "CHOIX",
    "CHOIX",
    "ANSWERS",
    "DECISION",
    "DECISION",
)
_FLOOR_PHASES = tuple(Phase)


def floor_key(text: str) -> tuple[object, ...]:
    """Letters without case or accents, words apart, numbers by value; then the ties."""
    folded = unicodedata.normalize("NFD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    parts: list[object] = []
    for word in " ".join(words).split(" "):
        digits = "".join(c for c in word if c.isdigit())
        parts.append(int(digits) if digits == word and digits else word)
    return (tuple(parts), folded, text)


def floor_waits(
    pending: str,
    facts: FloorRecord,
    deadline: Callable[[datetime], datetime],
    now: datetime,
) -> bool:
    if pending == "INTENTIONS":
        return facts["intentions"] is None
    if pending == "ACKNOWLEDGEMENT":
        return bool(facts["avis"]) and facts["acknowledged_at"] is None
    if pending == "CHOIX":
        return facts["choix"] is None
    if pending == "ANSWERS":
        return bool(facts["propositions"]) and not facts["answers"]
    notified = facts["notified_at"]
    return notified is not None and not facts["settled"] and now < deadline(notified)


def floor_list(
    pending: str | None,
    facts: Iterable[FloorRecord],
    deadline: Callable[[datetime], datetime],
    now: datetime,
) -> FloorList:
    by_class: dict[str, list[tuple[tuple[object, ...], str, FloorFamily]]] = {}
    if pending is not None:
        for record in facts:
            if floor_waits(pending, record, deadline, now):
                family = (record["pupil_id"], record["name"], record["guardians"])
                by_class.setdefault(record["classe"], []).append(
                    (floor_key(record["name"]), record["pupil_id"], family)
                )
    classes = sorted(by_class, key=floor_key)
    return pending, tuple(
        (classe, tuple(family for _, _, family in sorted(by_class[classe]))) for classe in classes
    )


def floor_record(dossier: Dossier) -> FloorRecord:
    """A dossier as the floor keeps it: plain values."""
    decision = dossier.decision
    return {
        "uai": dossier.uai,
        "rentree": dossier.rentree,
        "pupil_id": dossier.pupil.id,
        "name": dossier.pupil.name,
        "classe": dossier.pupil.classe,
        "guardians": tuple(g.id for g in dossier.guardians),
        "intentions": None if dossier.intentions is None else dossier.intentions.voies,
        "avis": tuple(a.avis.value for a in dossier.avis),
        "acknowledged_at": dossier.acknowledged_at,
        "choix": None if dossier.choix is None else dossier.choix.voies,
        "propositions": tuple(p.voie for p in dossier.propositions),
        "answers": tuple(a.value for a in dossier.answers),
        "notified_at": None if decision is None else decision.notified_at,
        "settled": dossier.decision_accepted_at is not None or dossier.appeal is not None,
    }


def floor_follow_up(
    records: Sequence[FloorRecord],
    campaign: tuple[str, int, tuple[datetime, ...], bool],
    deadline: Callable[[datetime], datetime],
    now: datetime,
) -> FloorList:
    if type(now) is not datetime or now.utcoffset() is None:
        raise ValueError("now")
    uai, rentree, starts, _ = campaign
    pending = _FLOOR_PENDING[bisect_right(starts, now)]
    seen: set[str] = set()
    for record in records:
        if type(record) is not dict:
            raise ValueError("type.invalid")
        if record["uai"] != uai:
            raise ValueError("campaign.other_school")
        if record["rentree"] != rentree:
            raise ValueError("campaign.other_rentree")
        if record["pupil_id"] in seen:
            raise ValueError("dossiers.duplicate")
        seen.add(record["pupil_id"])
    return floor_list(pending, records, deadline, now)


def floor_event(event: DossierEvent) -> FloorEvent:
    """An event as the floor reads it: its kind, dossier, version, instant and what counts."""
    payload: Any = None
    if isinstance(event, DossierOpened):
        pupil = event.pupil
        payload = (pupil.name, pupil.classe, tuple(g.id for g in event.guardians))
    elif isinstance(event, AvisRecorded | PropositionsRecorded | PropositionsAnswered):
        payload = len(getattr(event, _COUNTED[type(event)]))
    dossier = event.dossier
    return (
        type(event).__name__,
        (dossier.uai, dossier.rentree, dossier.pupil_id),
        event.version,
        event.at,
        payload,
    )


_COUNTED: dict[type[DossierEvent], str] = {
    AvisRecorded: "avis",
    PropositionsRecorded: "propositions",
    PropositionsAnswered: "answers",
}
_FLOOR_FLAGS = {
    IntentionsValidated.__name__: ("intentions", True),
    AvisAcknowledged.__name__: ("acknowledged_at", True),
    ChoixValidated.__name__: ("choix", True),
    DecisionAccepted.__name__: ("settled", True),
    AppealLodged.__name__: ("settled", True),
}


def floor_from_events(
    events: Iterable[FloorEvent],
    campaign: tuple[str, int, tuple[datetime, ...], bool],
    deadline: Callable[[datetime], datetime],
    now: datetime,
) -> FloorList:
    if type(now) is not datetime or now.utcoffset() is None:
        raise ValueError("now")
    uai, rentree, starts, _ = campaign
    pending = _FLOOR_PENDING[bisect_right(starts, now)]
    folded: dict[tuple[str, int, str], FloorRecord] = {}
    for event in events:
        if type(event) is not tuple:
            raise ValueError("type.invalid")
        kind, key, version, at, payload = event
        if key[0] != uai or key[1] != rentree:
            raise ValueError("event.other_campaign")
        facts = folded.get(key)
        if kind == "DossierOpened" and facts is None:
            name, classe, guardians = payload
            folded[key] = {
                "pupil_id": key[2],
                "name": name,
                "classe": classe,
                "guardians": guardians,
                "version": 1,
                "intentions": None,
                "avis": 0,
                "acknowledged_at": None,
                "choix": None,
                "propositions": 0,
                "answers": 0,
                "notified_at": None,
                "settled": False,
            }
            continue
        if facts is None or version != facts["version"] + 1:
            raise ValueError("events.invalid")
        facts["version"] = version
        if kind in _FLOOR_FLAGS:
            field, value = _FLOOR_FLAGS[kind]
            facts[field] = value
        elif kind == "AvisRecorded":
            facts["avis"] = payload
        elif kind == "PropositionsRecorded":
            facts["propositions"], facts["answers"] = payload, 0
        elif kind == "PropositionsAnswered":
            facts["answers"] = payload
        elif kind == "DecisionRecorded":
            facts["notified_at"] = at
    return floor_list(pending, folded.values(), deadline, now)


def as_floor(follow_up: FollowUp) -> FloorList:
    """The library's follow-up in the floor's shape, to check that both agree."""
    return follow_up.pending and follow_up.pending.value, tuple(
        (
            group.classe,
            tuple(
                (f.pupil.id, f.pupil.name, tuple(g.id for g in f.guardians)) for f in group.families
            ),
        )
        for group in follow_up.classes
    )


# --- the cases --------------------------------------------------------------------------

Side = Callable[[], object]


def sides(campaign: Campaign, pupils: int, seed: int = 0) -> tuple[Side, Side, Side, Side]:
    """For one school: the library and the floor, from the dossiers and from the events."""
    dossiers, events = build_school(campaign, pupils, seed)
    records = [floor_record(d) for d in dossiers]
    feed = [floor_event(e) for e in events]
    plain = floor_campaign(campaign)[:4]  # its zone and holidays are not needed here
    deadline = campaign.appeal_deadline
    library = families_to_follow_up(dossiers, campaign, FOLLOWED_AT)
    # The benchmark is worth nothing if the two sides do not agree.
    assert families_to_follow_up_from_events(events, campaign, FOLLOWED_AT) == library
    assert floor_follow_up(records, plain, deadline, FOLLOWED_AT) == as_floor(library)
    assert floor_from_events(feed, plain, deadline, FOLLOWED_AT) == as_floor(library)
    assert library.total > 0
    return (
        lambda: families_to_follow_up(dossiers, campaign, FOLLOWED_AT),
        lambda: floor_follow_up(records, plain, deadline, FOLLOWED_AT),
        lambda: families_to_follow_up_from_events(events, campaign, FOLLOWED_AT),
        lambda: floor_from_events(feed, plain, deadline, FOLLOWED_AT),
    )


def _all(calls: Sequence[Side]) -> Side:
    return lambda: [call() for call in calls]


def linearity(pupils: int, rounds: int) -> list[tuple[str, float, float]]:
    """Seconds for one school of ``pupils`` and of ten times as many, on each side.

    The fastest of the rounds, each after a full collection: the noise of a
    busy machine only ever adds time, and a collection of what another case
    left alive would be charged to whichever size ran when it came.
    """
    small = sides(CAMPAIGN, pupils)
    large = sides(CAMPAIGN, 10 * pupils, seed=1)
    rows = []
    names = ("library, dossiers", "floor, dossiers", "library, events", "floor, events")
    for index, name in enumerate(names):
        times: tuple[list[float], list[float]] = ([], [])
        for _ in range(max(rounds, 1)):
            for samples, call, number in (
                (times[0], small[index], 10),
                (times[1], large[index], 1),
            ):
                gc.collect()
                samples.append(per_call(call, number))
        rows.append((name, min(times[0]), min(times[1])))
    return rows


def linearity_table(pupils: int, rows: list[tuple[str, float, float]]) -> str:
    lines = [
        f"Linearity: one school of {pupils:,} (N) and of {10 * pupils:,} (10N) pupils",
        f"{'side':<34}{'N ms':>12}{'10N ms':>12}{'10N / N':>10}",
    ]
    lines.extend(
        f"{name:<34}{small * 1e3:>12.2f}{large * 1e3:>12.2f}{large / small:>10.1f}"
        for name, small, large in rows
    )
    return "\n".join(lines)


def main(
    rounds: int = 15, number: int = 5, pupils: int = 200, schools: int = 250
) -> list[tuple[str, float, float]]:
    """Run every case, print the tables, and return the first table's rows."""
    # Linearity first, before the académie fills the memory.
    growth = linearity(pupils, rounds)
    school = sides(CAMPAIGN, pupils)
    academy = [sides(school_campaign(n), pupils, seed=n) for n in range(schools)]
    total = pupils * schools
    cases = [
        (f"school ({pupils} pupils), dossiers", school[0], school[1]),
        (f"school ({pupils} pupils), events", school[2], school[3]),
        (
            f"académie ({total:,} pupils), dossiers",
            _all([s[0] for s in academy]),
            _all([s[1] for s in academy]),
        ),
        (
            f"académie ({total:,} pupils), events",
            _all([s[2] for s in academy]),
            _all([s[3] for s in academy]),
        ),
    ]
    rows = compare(cases, rounds, number)
    print(table("The follow-up against a hand-written floor (median per call)", rows, "floor"))
    print()
    print(linearity_table(pupils, growth))
    return rows


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:5]))
