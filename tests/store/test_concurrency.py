"""The store's promises under real concurrency: OS processes, on SQLite and PostgreSQL alike.

Each test forks real processes that open their own store on the same place
(a SQLite file, a PostgreSQL database); nothing is mocked.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from collections import defaultdict
from typing import TYPE_CHECKING

from orientation_core import Dossier, DossierEvent, DossierId, ValidateIntentions
from orientation_core.exceptions import Conflict
from tests.store.histories import CAMPAIGN, CLAIRE, NOW, PAUL, WISHES, following, opened

if TYPE_CHECKING:
    from multiprocessing.queues import Queue
    from multiprocessing.synchronize import Barrier
    from multiprocessing.synchronize import Event as EventFlag

    from orientation_core.store._sql import SqlEventStore
    from tests.store.conftest import Place

PROCESSES = multiprocessing.get_context("fork")


def open_dossiers(store: SqlEventStore, count: int, prefix: str) -> list[DossierId]:
    found = []
    for index in range(count):
        first = opened(f"{prefix}-{index:02d}")
        store.append(first.dossier, [first], expected_version=0)
        found.append(first.dossier)
    return found


# -- two guardians, one version --------------------------------------------------


def validate_after_the_barrier(
    place: Place,
    dossier: DossierId,
    guardian: int,
    barrier: Barrier,
    results: Queue[tuple[str, str, int, int]],
) -> None:
    actor = (CLAIRE, PAUL)[guardian]
    with place.open() as store:
        loaded = Dossier.replay(store.load(dossier), campaign=CAMPAIGN)
        _, given = loaded.handle(
            ValidateIntentions(1, WISHES), actor=actor, campaign=CAMPAIGN, now=NOW
        )
        # Both have decided from version 1: now they race to the store.
        barrier.wait(timeout=60)
        try:
            store.append(dossier, given, expected_version=loaded.version)
        except Conflict as refusal:
            results.put((actor.id, "conflict", refusal.expected, refusal.actual))
        else:
            results.put((actor.id, "won", 1, 2))


def test_of_two_guardians_validating_from_the_same_version_one_wins_the_other_gets_a_conflict(
    place: Place, store: SqlEventStore
) -> None:
    for dossier in open_dossiers(store, 5, "eleve-race"):
        barrier = PROCESSES.Barrier(2)
        results: Queue[tuple[str, str, int, int]] = PROCESSES.Queue()
        workers = [
            PROCESSES.Process(
                target=validate_after_the_barrier, args=(place, dossier, guardian, barrier, results)
            )
            for guardian in (0, 1)
        ]
        for worker in workers:
            worker.start()
        outcomes = sorted((results.get(timeout=60) for _ in workers), key=lambda r: r[1])
        for worker in workers:
            worker.join(timeout=60)
            assert worker.exitcode == 0
        (loser, lost, expected, actual), (winner, won, _, _) = outcomes
        assert (lost, expected, actual, won) == ("conflict", 1, 2, "won")
        assert {loser, winner} == {CLAIRE.id, PAUL.id}
        replayed = Dossier.replay(store.load(dossier), campaign=CAMPAIGN)
        assert replayed.version == 2
        assert replayed.entrant is not None
        assert replayed.entrant.id == winner


# -- eight writers, ten thousand events ----------------------------------------------


def append_a_share(
    place: Place,
    streams: list[DossierId],
    share: int,
    seed: int,
    results: Queue[tuple[int, int]],
) -> None:
    chance = random.Random(seed)
    known = dict.fromkeys(streams, 1)
    written = conflicts = 0
    with place.open() as store:
        while written < share:
            stream = chance.choice(streams)
            count = min(chance.randint(1, 60), share - written)
            try:
                known[stream] = store.append(
                    stream, following(stream, known[stream], count), expected_version=known[stream]
                )
            except Conflict as refusal:
                known[stream] = refusal.actual
                conflicts += 1
            else:
                written += count
    results.put((written, conflicts))


def test_eight_writers_appending_ten_thousand_events_lose_and_duplicate_none(
    place: Place, store: SqlEventStore
) -> None:
    streams = open_dossiers(store, 12, "eleve-bulk")
    results: Queue[tuple[int, int]] = PROCESSES.Queue()
    writers = [
        PROCESSES.Process(target=append_a_share, args=(place, streams, 1250, seed, results))
        for seed in range(8)
    ]
    for writer in writers:
        writer.start()
    shares = [results.get(timeout=120) for _ in writers]
    for writer in writers:
        writer.join(timeout=60)
        assert writer.exitcode == 0
    assert sum(written for written, _ in shares) == 10_000
    lengths = {}
    for stream in streams:
        events = store.load(stream)
        assert Dossier.replay(events, campaign=CAMPAIGN).version == len(events)
        lengths[stream] = len(events)
    assert sum(lengths.values()) == 10_000 + len(streams)
    feed = read_whole_feed(store)
    assert len(feed) == len({(e.dossier, e.version) for _, e in feed}) == 10_000 + len(streams)


def read_whole_feed(store: SqlEventStore) -> list[tuple[int, DossierEvent]]:
    feed: list[tuple[int, DossierEvent]] = []
    while page := store.read_after(feed[-1][0] if feed else 0, limit=5000):
        feed += page
    return feed


# -- a writer killed in the middle of an append -----------------------------------------------

BATCH = 40


def append_until_killed(place: Place, stream: DossierId, ready: EventFlag) -> None:
    with place.open() as store:
        version = 1
        ready.set()
        while True:
            version = store.append(
                stream, following(stream, version, BATCH), expected_version=version
            )


def test_a_writer_killed_in_the_middle_of_an_append_leaves_the_dossier_before_or_after_it(
    place: Place, store: SqlEventStore
) -> None:
    chance = random.Random(8)
    streams = open_dossiers(store, 25, "eleve-killed")
    # The kills must land at many points of the writers' work however busy
    # the machine is: wait up to a few batches' time, as measured here now.
    (scratch,) = open_dossiers(store, 1, "eleve-scratch")
    started = time.perf_counter()
    store.append(scratch, following(scratch, 1, BATCH), expected_version=1)
    longest_wait = max(0.08, 6 * (time.perf_counter() - started))
    for stream in streams:
        ready = PROCESSES.Event()
        writer = PROCESSES.Process(target=append_until_killed, args=(place, stream, ready))
        writer.start()
        assert ready.wait(timeout=60)
        time.sleep(chance.uniform(0, longest_wait))
        assert writer.pid is not None
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(timeout=60)
        assert writer.exitcode == -signal.SIGKILL
        events = store.load(stream)
        # The opening, then whole batches only: never a part of one.
        assert (len(events) - 1) % BATCH == 0
        assert Dossier.replay(events, campaign=CAMPAIGN).version == len(events)
    # The kills landed at many points of the writers' work.
    assert len({len(store.load(stream)) for stream in streams}) > 3
    # And the store takes appends after all of them.
    stream = streams[0]
    version = len(store.load(stream))
    assert store.append(stream, following(stream, version, 1), expected_version=version)
    assert len(read_whole_feed(store)) == sum(len(store.load(s)) for s in [*streams, scratch])


# -- a sync following the feed ----------------------------------------------------------------


def test_a_sync_following_the_feed_while_writers_append_sees_every_event_once_in_order(
    place: Place, store: SqlEventStore
) -> None:
    streams = open_dossiers(store, 6, "eleve-sync")
    results: Queue[tuple[int, int]] = PROCESSES.Queue()
    writers = [
        PROCESSES.Process(target=append_a_share, args=(place, streams, 600, seed, results))
        for seed in range(4)
    ]
    for writer in writers:
        writer.start()
    position, pages, seen = 0, 0, defaultdict(list)
    positions: list[int] = []
    while True:
        running = any(writer.is_alive() for writer in writers)
        page = store.read_after(position, limit=97)
        for found, event in page:
            positions.append(found)
            seen[event.dossier].append(event.version)
        if page:
            position, pages = page[-1][0], pages + 1
        elif not running:
            break
    for writer in writers:
        writer.join(timeout=60)
        assert writer.exitcode == 0
    assert pages > 1
    assert positions == sorted(set(positions))
    for stream in streams:
        # Each event once, in its stream's order, none skipped.
        assert seen[stream] == list(range(1, len(store.load(stream)) + 1))
    assert len(positions) == 4 * 600 + len(streams)
