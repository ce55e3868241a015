"""A national cohort through every phase, against a hand-written floor.

Run it with ``python -m benchmarks.cohort [--pupils N] [--workers 2] [--rounds R]``.

The cohort is synthetic: schools of about 150 pupils of 3e in classes of 25,
each school with its own campaign.  Every pupil's dossier goes through the
year as a host would drive it through the public API: ``Dossier.open``, then
``handle`` with each command at an instant of its phase (the intentions
validated once or twice, the avis recorded and acknowledged, the choix, the
propositions and the family's answers, and for one family in two a decision
accepted or appealed): seven to ten events a pupil, nine on average.  Then
the history is replayed (``Dossier.replay``, checked against the dossier) and
written as sync records (``sync_records`` and ``sync.dump``).

The floor makes the same decisions on plain tuples and dicts (who the actor
is, the campaign, the version, the phase, the command's own rules), folds the
same changes, replays its history and writes the same records, dict for dict.
Both sides run interleaved in the same rounds (``benchmarks/_timing.py``):

- one core, then sharded by school over ``--workers`` processes (each worker
  gets whole schools and sends back counts, a checksum and one pupil's
  history, which proves the values cross a process boundary); the speed-up
  also from the busiest worker's processor time, which a machine shared with
  other work does not blur as it blurs the wall clock;
- the library alone at ten times the size, in processor time: linear work
  takes at most eleven times as long;
- peak memory (the high-water mark of a fresh process each time) with the
  cohort held in memory, library and floor, and streamed through a SQLite
  store and read back in pages into sync records; measured at a tenth of the
  size and at the size, extrapolated to the nation along the line through both;
- the garbage collector running, frozen after each school (``gc.freeze()``),
  and paused during the bulk step (``gc.disable()``).

Every figure is extrapolated linearly to a national cohort of 850,000.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import pickle
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, cast

from benchmarks._timing import Row, compare, table
from benchmarks.dossier import (
    CAMPAIGN,
    FAMILY_KINDS,
    NATIONAL_COHORT,
    PARIS,
    SCHEDULE,
    FloorActor,
    FloorCampaign,
    FloorEvent,
    FloorRecord,
    floor_avis,
    floor_campaign,
    floor_guardian,
    floor_handle,
    floor_open_dossier,
    floor_proposition,
    floor_replay,
    floor_staff,
    floor_voie,
)
from benchmarks.dossier import floor_pupil as floor_pupil_value
from benchmarks.dossier import (
    floor_record as floor_state,
)
from benchmarks.values import floor_from_form
from orientation_core import (
    AcceptDecision,
    AcknowledgeAvis,
    Actor,
    Answer,
    AnswerPropositions,
    Avis,
    AvisConseil,
    Campaign,
    Dossier,
    DossierCommand,
    DossierEvent,
    Guardian,
    IntentionSet,
    LodgeAppeal,
    Phase,
    Proposition,
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
from orientation_core.store import SqliteEventStore
from orientation_core.sync import dump, sync_records

SCHOOL_SIZE = 150
CLASS_SIZE = 25
RENTREE = 2027
_UAI_KEYS = "ABCDEFGHJKLMNPRSTUVWXYZ"
FORK = multiprocessing.get_context("fork")
# A fresh interpreter: its peak memory is the measurement's alone.
SPAWN = multiprocessing.get_context("spawn")

# What families post on the intentions and choix forms, as a browser sends it.
FORMS: tuple[list[dict[str, Any]], ...] = (
    [
        {"voie": "GT", "precision": "", "statuts": []},
        {"voie": "PRO", "precision": "Cuisine", "statuts": ["SCOLAIRE"]},
    ],
    [
        {"voie": "PRO", "precision": "  Pâtisserie ", "statuts": ["APPRENTI", "SCOLAIRE"]},
        {"voie": "CAP", "precision": "", "statuts": []},
    ],
    [{"voie": "GT", "precision": "", "statuts": []}],
)


def at_start_of(phase: Phase, days: int = 0) -> datetime:
    """Nine in the morning, ``days`` after the first day of ``phase``, in Paris."""
    first = SCHEDULE[phase][0] + timedelta(days=days)
    return datetime(first.year, first.month, first.day, 9, tzinfo=PARIS)


OPENED_AT = datetime(2027, 1, 5, 9, tzinfo=PARIS)
PROVISIONAL = at_start_of(Phase.PROVISIONAL_OPEN)
PROVISIONAL_AGAIN = at_start_of(Phase.PROVISIONAL_OPEN, 3)
COUNCIL = at_start_of(Phase.PROVISIONAL_CLOSED)
AVIS_READ = at_start_of(Phase.AVIS_PUBLISHED)
DEFINITIVE = at_start_of(Phase.DEFINITIVE_OPEN)
SECOND_COUNCIL = at_start_of(Phase.DEFINITIVE_CLOSED)
PROPOSITIONS_READ = at_start_of(Phase.PROPOSITIONS_PUBLISHED)
DECIDED = at_start_of(Phase.DECISIONS)
DECISION_READ = at_start_of(Phase.DECISIONS, 1)
REASONS = "Résultats insuffisants pour la voie demandée."
MOTIF = "Nous maintenons notre demande."


def uai_of(number: int) -> str:
    """The UAI of the cohort's school ``number``: seven digits and a key letter."""
    return f"{7_500_000 + number:07d}{_UAI_KEYS[(7_500_000 + number) % 23]}"


def school_campaign(number: int) -> Campaign:
    """The campaign of school ``number``, planned as a host plans it."""
    return Campaign.plan(CAMPAIGN.academy, uai_of(number), RENTREE, SCHEDULE)


def school_sizes(pupils: int) -> list[int]:
    """The cohort's schools: ``SCHOOL_SIZE`` pupils each, the last one what remains."""
    full, rest = divmod(pupils, SCHOOL_SIZE)
    return [SCHOOL_SIZE] * full + ([rest] if rest else [])


# How the year goes for pupil ``n`` of a school: which forms, and whether the
# family disagrees with the propositions, then appeals the decision.
def first_form(n: int) -> int:
    return n % len(FORMS)


def validates_twice(n: int) -> bool:
    return n % 3 != 2


def disagrees(n: int) -> bool:
    return n % 2 == 1


def appeals(n: int) -> bool:
    return n % 4 == 1


def final_form(n: int) -> int:
    return (n + 1) % len(FORMS) if validates_twice(n) else first_form(n)


def classe_of(n: int) -> str:
    return f"3e {n // CLASS_SIZE + 1}"


def other_voie(voie: str) -> str:
    return "PRO" if voie == "GT" else "GT"


# --- the library, as a host drives it -------------------------------------------


def library_pupil(
    campaign: Campaign, head: Staff, pp: Staff, number: int, n: int
) -> tuple[Dossier, list[DossierEvent]]:
    """Pupil ``n``'s dossier through the year, and its history."""
    settings = campaign.settings
    pupil = Pupil(f"eleve-{number}-{n}", f"Élève {n}", classe_of(n))
    first = Guardian(f"resp-{number}-{n}-1", f"Parent {n}", f"parent-{n}@example.fr")
    guardians = (first, Guardian(f"resp-{number}-{n}-2", f"Parent bis {n}"))
    dossier, opened = Dossier.open(pupil, guardians, campaign=campaign, actor=head, now=OPENED_AT)
    history: list[DossierEvent] = [opened]

    def act(command: DossierCommand, actor: Actor, now: datetime) -> None:
        nonlocal dossier
        dossier, events = dossier.handle(command, actor=actor, campaign=campaign, now=now)
        history.extend(events)

    wishes = IntentionSet.from_form(FORMS[first_form(n)], settings)
    act(ValidateIntentions(dossier.version, wishes), first, PROVISIONAL)
    if validates_twice(n):
        wishes = IntentionSet.from_form(FORMS[final_form(n)], settings)
        act(ValidateIntentions(dossier.version, wishes), first, PROVISIONAL_AGAIN)
    avis = [AvisConseil(voie, Avis.FAVORABLE) for voie in wishes.voies]
    act(RecordAvis(dossier.version, avis), pp, COUNCIL)
    act(AcknowledgeAvis(dossier.version), first, AVIS_READ)
    choix = IntentionSet.from_form(FORMS[final_form(n)], settings)
    act(ValidateChoix(dossier.version, choix), first, DEFINITIVE)
    proposed = choix.voies[-1]
    act(RecordPropositions(dossier.version, [Proposition(proposed)]), pp, SECOND_COUNCIL)
    answer = Answer.PAS_D_ACCORD if disagrees(n) else Answer.D_ACCORD
    act(AnswerPropositions(dossier.version, [answer]), first, PROPOSITIONS_READ)
    if disagrees(n):
        act(RecordDecision(dossier.version, proposed, REASONS), head, DECIDED)
        if appeals(n):
            appealed = Voie(other_voie(proposed.value))
            act(LodgeAppeal(dossier.version, appealed, MOTIF), first, DECISION_READ)
        else:
            act(AcceptDecision(dossier.version), first, DECISION_READ)
    return dossier, history


def library_school(
    campaign: Campaign, number: int, pupils: int, kept: list[object] | None
) -> tuple[int, int]:
    """A school's year, replay and sync records: the records written and a checksum."""
    head = Staff("ce", campaign.uai, Role.HEAD)
    pps = [
        Staff(f"pp-{k}", campaign.uai, Role.PROFESSEUR_PRINCIPAL, [f"3e {k + 1}"])
        for k in range(-(-pupils // CLASS_SIZE))
    ]
    count = checksum = 0
    for n in range(pupils):
        dossier, history = library_pupil(campaign, head, pps[n // CLASS_SIZE], number, n)
        if Dossier.replay(history, campaign=campaign) != dossier:
            raise AssertionError(dossier.pupil.id)
        for record in sync_records(history):
            data = dump(record)
            count += 1
            checksum += cast("int", data["version"])
        if kept is not None:
            kept.append((dossier, history))
    return count, checksum


# --- the floor: benchmarks/dossier.py's, as a host drives it -----------------------
#
# The same floor as the dossier benchmark's, which tests/test_benchmarks.py
# holds to refusing what the library refuses: the host's values checked as
# the library's classes check them, the matrix, the signatory, the commands'
# own rules, the appeal deadline over the school's holidays, the replay that
# decides every event again.  Here it also writes the sync records.


def floor_who(actor: FloorActor) -> dict[str, Any]:
    kind, actor_id, uai, classes, shown = actor
    if kind == "GUARDIAN":
        assert shown is not None
        return {"type": "Guardian", "id": actor_id, "name": shown[0], "email": shown[1]}
    return {"type": "Staff", "id": actor_id, "uai": uai, "role": kind, "classes": sorted(classes)}


_STATUTS = ("SCOLAIRE", "APPRENTI")  # in the order the record lists them


def floor_rows(intentions: Sequence[tuple[str, str | None, frozenset[str]]]) -> dict[str, Any]:
    return {
        "intentions": [
            {"voie": v, "precision": p, "statuts": [s for s in _STATUTS if s in ss]}
            for v, p, ss in intentions
        ]
    }


def _opened(payload: Any) -> dict[str, Any]:
    pupil, guardians = payload
    name, classe = pupil[4]
    return {
        "pupil": {"id": pupil[1], "name": name, "classe": classe},
        "guardians": [{"id": g[1], "name": g[4][0], "email": g[4][1]} for g in guardians],
    }


# Each kind's own fields in its sync record, from the floor event's content.
_FLOOR_PAYLOADS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "DossierOpened": _opened,
    "IntentionsValidated": lambda c: {"intentions": floor_rows(c)},
    "ChoixValidated": lambda c: {"choix": floor_rows(c)},
    "AvisRecorded": lambda c: {
        "avis": [{"voie": v, "avis": a, "reason": r, "comment": m} for v, a, r, m in c]
    },
    "AvisAcknowledged": lambda _: {},
    "PropositionsRecorded": lambda c: {"propositions": [{"voie": v, "comment": m} for v, m in c]},
    "PropositionsAnswered": lambda c: {"answers": list(c)},
    "DecisionRecorded": lambda c: {"voie": c[0], "reasons": c[1]},
    "DecisionAccepted": lambda _: {},
    "AppealLodged": lambda c: {"voie": c[0], "motif": c[1], "dernier_mot": c[2]},
}


def floor_escaped(text: str) -> str:
    # As the record's key escapes an identifier: "%" first, then ":".
    return text.replace("%", "%25").replace(":", "%3A")


def floor_sync_record(event: FloorEvent) -> dict[str, Any]:
    """The sync record of an event, dict for dict as ``sync.dump`` writes it."""
    kind, (uai, rentree, pupil_id), actor, at, version, payload = event
    ids = {"uai": uai, "rentree": rentree, "pupil_id": pupil_id}
    who = floor_who(actor)
    instant = at.astimezone(UTC).isoformat()
    body = {"schema": 1, "type": kind, "dossier": ids, "version": version, "actor": who}
    body["at"] = instant
    paper_form = None
    if kind in FAMILY_KINDS:
        payload, body["guardian_id"], paper_form = payload
        body["paper_form"] = paper_form
    body.update(_FLOOR_PAYLOADS[kind](payload))
    return {
        "schema": 1,
        "type": "SyncRecord",
        "key": f"{floor_escaped(uai)}:{rentree}:{floor_escaped(pupil_id)}:{version}",
        "dossier": ids,
        "version": version,
        "kind": kind,
        "actor": who,
        "paper_form": paper_form,
        "at": instant,
        "event": body,
    }


def floor_pupil(
    campaign: FloorCampaign, head: FloorActor, pp: FloorActor, number: int, n: int
) -> tuple[FloorRecord, list[FloorEvent]]:
    """The floor's year for pupil ``n``: the same commands at the same instants."""
    details = campaign[3]
    pupil = floor_pupil_value(f"eleve-{number}-{n}", f"Élève {n}", classe_of(n))
    first = floor_guardian(f"resp-{number}-{n}-1", f"Parent {n}", f"parent-{n}@example.fr")
    guardians = (first, floor_guardian(f"resp-{number}-{n}-2", f"Parent bis {n}"))
    record, opened = floor_open_dossier(
        pupil, guardians, campaign=campaign, actor=head, now=OPENED_AT
    )
    history = [opened]

    def act(action: str, content: Any, actor: FloorActor, now: datetime) -> None:
        nonlocal record
        command = (action, record["version"], content, None)
        record, events = floor_handle(record, command, actor=actor, campaign=campaign, now=now)
        history.extend(events)

    wishes = floor_from_form(FORMS[first_form(n)], details_enabled=details)
    act("VALIDATE_INTENTIONS", wishes, first, PROVISIONAL)
    if validates_twice(n):
        wishes = floor_from_form(FORMS[final_form(n)], details_enabled=details)
        act("VALIDATE_INTENTIONS", wishes, first, PROVISIONAL_AGAIN)
    avis = tuple(floor_avis(voie, "FAVORABLE") for voie, _, _ in wishes)
    act("RECORD_AVIS", avis, pp, COUNCIL)
    act("ACKNOWLEDGE_AVIS", None, first, AVIS_READ)
    choix = floor_from_form(FORMS[final_form(n)], details_enabled=details)
    act("VALIDATE_CHOIX", choix, first, DEFINITIVE)
    proposed = choix[-1][0]
    act("RECORD_PROPOSITIONS", (floor_proposition(proposed),), pp, SECOND_COUNCIL)
    answer = "PAS_D_ACCORD" if disagrees(n) else "D_ACCORD"
    act("ANSWER_PROPOSITIONS", (answer,), first, PROPOSITIONS_READ)
    if disagrees(n):
        act("RECORD_DECISION", (proposed, REASONS), head, DECIDED)
        if appeals(n):
            act("LODGE_APPEAL", (floor_voie(other_voie(proposed)), MOTIF), first, DECISION_READ)
        else:
            act("ACCEPT_DECISION", None, first, DECISION_READ)
    return record, history


def floor_head(uai: str) -> FloorActor:
    return floor_staff("ce", uai, "HEAD")


def floor_pp(uai: str, k: int) -> FloorActor:
    """The professeur principal of the school's ``k``-th class (from 0)."""
    return floor_staff(f"pp-{k}", uai, "PROFESSEUR_PRINCIPAL", [f"3e {k + 1}"])


def floor_school(
    campaign: FloorCampaign, number: int, pupils: int, kept: list[object] | None
) -> tuple[int, int]:
    """The floor's school: the same year, replay and records, the same counts."""
    head = floor_head(campaign[0])
    pps = [floor_pp(campaign[0], k) for k in range(-(-pupils // CLASS_SIZE))]
    count = checksum = 0
    for n in range(pupils):
        record, history = floor_pupil(campaign, head, pps[n // CLASS_SIZE], number, n)
        if floor_replay(history, campaign) != record:
            raise AssertionError(record["pupil_id"])
        for event in history:
            data = floor_sync_record(event)
            count += 1
            checksum += data["version"]
        if kept is not None:
            kept.append((record, history))
    return count, checksum


# --- the cohort, on one core or sharded by school --------------------------------

# Records written, checksum, one pupil's history, and the processor seconds of
# the busiest process (on a machine others share, what a core to itself takes).
Result = tuple[int, int, Any, float]


def run_shard(
    side: str, numbers: Sequence[int], sizes: Sequence[int], kept: list[object] | None = None
) -> Result:
    """One side's run over the schools ``numbers`` (``sizes`` pupils each), in this process."""
    start = time.process_time()
    count = checksum = 0
    for number, pupils in zip(numbers, sizes, strict=True):
        done = run_school(side, number, pupils, kept)
        count, checksum = count + done[0], checksum + done[1]
    # One pupil's history goes back to the parent: values cross processes.
    sample = None
    if side == "library" and numbers:
        campaign = school_campaign(numbers[0])
        head = Staff("ce", campaign.uai, Role.HEAD)
        sample = library_pupil(campaign, head, _pp(campaign), numbers[0], 1)[1]
    return count, checksum, sample, time.process_time() - start


def run_school(
    side: str, number: int, pupils: int, kept: list[object] | None = None
) -> tuple[int, int]:
    """School ``number``'s year on one side, its campaign built first: records and checksum."""
    library = school_campaign(number)
    if side == "library":
        return library_school(library, number, pupils, kept)
    return floor_school(floor_campaign(library), number, pupils, kept)


def run_in_turn(sizes: Sequence[int]) -> tuple[float, float]:
    """Processor seconds of each side over the cohort, school by school, the sides in turn.

    Each school runs on both sides one after the other, the first side
    alternating, so that both meet this machine at the same moments: its
    speed, which moves by up to 2× within a run, then weighs on both alike
    rather than on whichever side's whole run it fell in.  Each school's two
    sides must write as many records, with the same checksum.
    """
    spent = {"library": 0.0, "floor": 0.0}
    for number, pupils in enumerate(sizes):
        sides = ("library", "floor") if number % 2 == 0 else ("floor", "library")
        done = {}
        for side in sides:
            start = time.process_time()
            done[side] = run_school(side, number, pupils)
            spent[side] += time.process_time() - start
        if done["library"] != done["floor"]:
            raise AssertionError(f"school {number}: {done}")
    return spent["library"], spent["floor"]


def _pp(campaign: Campaign) -> Staff:
    return Staff("pp-0", campaign.uai, Role.PROFESSEUR_PRINCIPAL, ["3e 1"])


def run_cohort(side: str, sizes: Sequence[int], workers: int) -> Result:
    """The whole cohort on one side: in this process, or sharded by school over ``workers``."""
    numbers = list(range(len(sizes)))
    if workers == 1:
        return run_shard(side, numbers, sizes)
    shards = [(side, numbers[k::workers], sizes[k::workers]) for k in range(workers)]
    with FORK.Pool(workers) as pool:
        results = pool.starmap(run_shard, shards)
    history = results[0][2]
    if history is not None:
        # What came back through pickling is a history the library replays.
        Dossier.replay(history, campaign=school_campaign(0))
    busiest = max(r[3] for r in results)
    return sum(r[0] for r in results), sum(r[1] for r in results), history, busiest


# --- memory, each measurement in a fresh interpreter -------------------------------


def _kib() -> int:
    # The process's own high-water mark: ``ru_maxrss`` would also count the
    # parent's, inherited through the fork that precedes the spawn's exec.
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # elsewhere than Linux


def peak_memory(mode: str, pupils: int) -> tuple[int, int]:
    """Peak resident memory in KiB before and after ``mode`` for ``pupils`` pupils."""
    sizes = school_sizes(pupils)
    numbers = list(range(len(sizes)))
    gc.collect()
    before = _kib()
    if mode == "streamed":
        stream_through_store(numbers, sizes)
    else:
        kept: list[object] = []
        run_shard(mode, numbers, sizes, kept)
        assert len(kept) == pupils
    return before, _kib()


PAGE = 1000


def stream_through_store(numbers: Sequence[int], sizes: Sequence[int]) -> int:
    """Each pupil's history appended to a SQLite store, then read back in pages as records."""
    with (
        tempfile.TemporaryDirectory() as folder,
        SqliteEventStore(Path(folder) / "cohort.db") as store,
    ):
        store.create_schema()
        for number, pupils in zip(numbers, sizes, strict=True):
            campaign = school_campaign(number)
            head = Staff("ce", campaign.uai, Role.HEAD)
            for n in range(pupils):
                pp = Staff(
                    f"pp-{n // CLASS_SIZE}",
                    campaign.uai,
                    Role.PROFESSEUR_PRINCIPAL,
                    [classe_of(n)],
                )
                _, history = library_pupil(campaign, head, pp, number, n)
                store.append(history[0].dossier, history, expected_version=0)
        written, position = 0, 0
        while page := store.read_after(position, limit=PAGE):
            for record in sync_records([event for _, event in page]):
                dump(record)
                written += 1
            position = page[-1][0]
    return written


MEMORY_MODES = (
    ("held in memory, library", "library"),
    ("held in memory, floor", "floor"),
    ("streamed through SQLite, library", "streamed"),
)


def measure_memory(pupils: int) -> list[tuple[str, float, float, float]]:
    """Each mode's peak (MiB) at ``pupils``, its growth a pupil (KiB), and at 850,000 (MiB).

    The growth is the slope between a tenth of ``pupils`` and ``pupils``: what
    the process needs before the first pupil does not grow with the cohort.
    """
    small = max(1, pupils // 10)
    rows = []
    for name, mode in MEMORY_MODES:
        peaks = []
        for size in (small, pupils):
            with SPAWN.Pool(1) as pool:
                peaks.append(pool.apply(peak_memory, (mode, size))[1])
        slope = max(0.0, (peaks[1] - peaks[0]) / (pupils - small)) if pupils > small else 0.0
        whole = (peaks[1] + slope * (NATIONAL_COHORT - pupils)) / 1024
        rows.append((name, peaks[1] / 1024, slope, whole))
    return rows


# --- the garbage collector during the bulk step --------------------------------------


def timed_held(sizes: Sequence[int], collector: str) -> float:
    """Seconds for the library's cohort, all kept, with the collector as ``collector`` says."""
    kept: list[object] = []
    numbers = list(range(len(sizes)))
    gc.collect()
    start = time.process_time()
    if collector == "paused":
        gc.disable()
    try:
        for number, pupils in zip(numbers, sizes, strict=True):
            run_shard("library", [number], [pupils], kept)
            if collector == "frozen":
                # What this school left alive is the batch's result: the
                # collector need not walk it again.
                gc.freeze()
    finally:
        gc.enable()
        gc.unfreeze()
    return time.process_time() - start


COLLECTORS = (
    ("running", "running"),
    ("gc.freeze() after each school", "frozen"),
    ("gc.disable() during the bulk step", "paused"),
)


def measure_collector(sizes: Sequence[int], rounds: int) -> list[tuple[str, float]]:
    """The median processor seconds of each way of running the collector, in rotating order."""
    samples: dict[str, list[float]] = {mode: [] for _, mode in COLLECTORS}
    for index in range(rounds):
        for _, mode in COLLECTORS[index % 3 :] + COLLECTORS[: index % 3]:
            samples[mode].append(timed_held(sizes, mode))
    return [(name, statistics.median(samples[mode])) for name, mode in COLLECTORS]


# --- the run ----------------------------------------------------------------------


def agree(sizes: Sequence[int]) -> None:
    """The benchmark is worth nothing if the two sides do not write the same records."""
    campaign = school_campaign(0)
    head = Staff("ce", campaign.uai, Role.HEAD)
    plain = floor_campaign(campaign)
    for n in range(min(sizes[0], 8)):
        dossier, history = library_pupil(campaign, head, _pp(campaign), 0, n)
        record, floor_history = floor_pupil(
            plain, floor_head(campaign.uai), floor_pp(campaign.uai, 0), 0, n
        )
        assert record == floor_state(dossier)
        assert [dump(r) for r in sync_records(history)] == [
            floor_sync_record(e) for e in floor_history
        ]
        assert pickle.loads(pickle.dumps((dossier, history))) == (dossier, history)
    for workers in (1, 2):
        assert run_cohort("library", sizes, workers)[:2] == run_cohort("floor", sizes, 1)[:2]


def main(
    pupils: int = 8_500,
    workers: int = 2,
    rounds: int = 3,
    *,
    scale: int = 10,
    memory: bool = True,
) -> list[Row]:
    """Run the benchmark, print its tables, and return the timing table's rows."""
    sizes = school_sizes(pupils)
    agree(sizes)
    cases = [(f"{pupils:,} pupils, one core", 1)]
    if workers > 1:
        cases.append((f"{pupils:,} pupils, {workers} workers", workers))
    rows = compare(
        [
            (
                name,
                partial(run_cohort, "library", sizes, w),
                partial(run_cohort, "floor", sizes, w),
            )
            for name, w in cases
        ],
        rounds,
        1,
    )
    national = NATIONAL_COHORT / pupils
    print(
        table(
            "A cohort through every phase, against a hand-written floor (median per run)",
            rows,
            "floor",
        )
    )
    print()
    print(f"Extrapolated to {NATIONAL_COHORT:,} pupils")
    print(f"{'case':<34}{'library s':>12}{'floor s':>12}{'µs/pupil':>10}")
    for name, library, floor in rows:
        print(
            f"{name.split(', ')[1]:<34}{library * national:>12.1f}"
            f"{floor * national:>12.1f}{library / pupils * 1e6:>10.1f}"
        )
    # Beside the medians of whole runs, the sides in turn school by school:
    # the machine's drift within a run then moves both alike.
    library, floor = run_in_turn(sizes)
    print(
        f"{'one core, in turn by school':<34}{library * national:>12.1f}"
        f"{floor * national:>12.1f}{library / pupils * 1e6:>10.1f}"
        f"  ratio {library / floor:.2f} (processor time)"
    )
    if workers > 1:
        print(
            f"{'speed-up with ' + str(workers) + ' workers':<34}{rows[0][1] / rows[1][1]:>12.2f}"
            f"{rows[0][2] / rows[1][2]:>12.2f}"
        )
        # On a machine others share, the wall clock cannot show what a core
        # per worker gives: the busiest worker's processor time can.
        ideal = [
            run_cohort(side, sizes, 1)[3] / run_cohort(side, sizes, workers)[3]
            for side in ("library", "floor")
        ]
        print(f"{'same, from processor time':<34}{ideal[0]:>12.2f}{ideal[1]:>12.2f}")

    big = school_sizes(pupils * scale)
    # The median at N, as the run at 10N is itself an average over many schools.
    small_time = statistics.median(run_cohort("library", sizes, 1)[3] for _ in range(rounds))
    big_time = run_cohort("library", big, 1)[3]
    print()
    print(f"Linearity: the library on one core at N = {pupils:,} and {scale} N (processor s)")
    print(f"{'N s':>10}{f'{scale} N s':>10}{'ratio':>8}  verdict")
    verdict = "linear" if big_time <= (scale + 1) * small_time else "NOT linear"
    print(
        f"{small_time:>10.2f}{big_time:>10.2f}{big_time / small_time:>8.2f}  {verdict}"
        f" (at most {scale + 1})"
    )

    collector = measure_collector(sizes, rounds)
    print()
    print(f"The collector, library on one core, all {pupils:,} dossiers and histories kept")
    print(f"{'collector':<34}{'processor s':>12}{'national s':>12}{'ratio':>8}")
    for name, seconds in collector:
        print(
            f"{name:<34}{seconds:>12.2f}{seconds * national:>12.1f}"
            f"{seconds / collector[0][1]:>8.2f}"
        )

    if memory:
        print()
        print(
            f"Peak memory (fresh process each, MiB), at {pupils:,} and along the line from a tenth"
        )
        print(f"{'cohort':<34}{'MiB at N':>12}{'KiB/pupil':>12}{'national MiB':>14}")
        for name, peak, slope, whole in measure_memory(pupils):
            print(f"{name:<34}{peak:>12.0f}{slope:>12.2f}{whole:>14.0f}")
    return rows


def arguments(argv: Sequence[str]) -> Mapping[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cohort", description=__doc__)
    parser.add_argument("--pupils", type=int, default=8_500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--no-memory", dest="memory", action="store_false")
    return vars(parser.parse_args(argv))


if __name__ == "__main__":
    given = arguments(sys.argv[1:])
    main(
        given["pupils"],
        given["workers"],
        given["rounds"],
        scale=given["scale"],
        memory=given["memory"],
    )
