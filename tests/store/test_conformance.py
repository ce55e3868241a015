"""What every event store promises, proven on SQLite and on a real PostgreSQL server alike."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from orientation_core import (
    Academy,
    Campaign,
    CloseService,
    Dossier,
    DossierId,
    DossierOpened,
    Phase,
    Pupil,
    Role,
    Staff,
    ValidateIntentions,
    codec,
)
from orientation_core.exceptions import Conflict, InvalidValue
from orientation_core.store import EventStore, handle, open_dossier
from orientation_core.store._sql import DOSSIERS, SqlEventStore
from tests.store.conftest import Place
from tests.store.histories import (
    CAMPAIGN,
    CLAIRE,
    HEAD,
    NOW,
    PARIS,
    PAUL,
    RENTREE,
    UAI,
    WISHES,
    dossier_id,
    following,
    history,
    opened,
)

LEA = dossier_id()
WHERE_LEA = ("stream", "0751234J/2027/eleve-lea", "version")


def corrupt_at(error: pytest.ExceptionInfo[InvalidValue]) -> tuple[str | int, ...]:
    (found,) = error.value.problems
    assert found.code == "store.corrupt"
    assert found.message == (
        "L'historique enregistré est illisible à cet endroit : il ne peut pas être chargé."
    )
    return found.path


def insert_row(place: Place, dossier: DossierId, version: object, data: object) -> None:
    place.execute(
        f"INSERT INTO {DOSSIERS} (uai, rentree, pupil_id, version, data) VALUES (?, ?, ?, ?, ?)",
        (dossier.uai, dossier.rentree, dossier.pupil_id, version, data),
    )


# -- appending and loading a dossier ------------------------------------------


def test_a_dossier_appended_loads_back_and_replays(store: SqlEventStore) -> None:
    events = history(length=4)
    assert store.append(LEA, events[:1], expected_version=0) == 1
    assert store.append(LEA, events[1:], expected_version=1) == 4
    assert store.load(LEA) == events
    assert Dossier.replay(store.load(LEA), campaign=CAMPAIGN).version == 4


def test_a_dossier_never_opened_has_no_events(store: SqlEventStore) -> None:
    store.append(LEA, history(length=2), expected_version=0)
    assert store.load(dossier_id("eleve-tom")) == []
    assert store.load(DossierId(UAI, 2028, "eleve-lea")) == []


def test_a_late_append_gets_a_conflict_and_writes_nothing_of_its_batch(
    store: SqlEventStore,
) -> None:
    events = history(length=3)
    store.append(LEA, events, expected_version=0)
    feed = store.read_after(0)
    with pytest.raises(Conflict) as refusal:
        store.append(LEA, following(LEA, 1, 5), expected_version=1)
    assert (refusal.value.expected, refusal.value.actual) == (1, 3)
    assert store.load(LEA) == events
    assert store.read_after(0) == feed
    # Whoever reloads appends after the winner.
    assert store.append(LEA, following(LEA, 3, 2), expected_version=3) == 5


def test_opening_a_dossier_twice_is_a_conflict(store: SqlEventStore) -> None:
    store.append(LEA, [opened()], expected_version=0)
    with pytest.raises(Conflict) as refusal:
        store.append(LEA, [opened()], expected_version=0)
    assert (refusal.value.expected, refusal.value.actual) == (0, 1)


@pytest.mark.parametrize(
    ("events", "expected_version", "code", "path"),
    [
        ([], 0, "events.invalid", ("events",)),
        ("not events", 0, "events.invalid", ("events",)),
        ([opened("eleve-tom")], 0, "store.other_stream", ("events", 0)),
        ([CAMPAIGN.planned], 0, "store.other_stream", ("events", 0)),
        (following(LEA, 1, 1), 0, "events.invalid", ("events", 0, "version")),
        ([opened(), *following(LEA, 2, 1)], 0, "events.invalid", ("events", 1, "version")),
        ([opened()], -1, "type.invalid", ("expected_version",)),
        ([opened()], True, "type.invalid", ("expected_version",)),
    ],
)
def test_a_batch_that_is_not_the_dossiers_next_events_is_refused(
    store: SqlEventStore,
    events: list[object],
    expected_version: int,
    code: str,
    path: tuple[object],
) -> None:
    with pytest.raises(InvalidValue) as refusal:
        store.append(LEA, events, expected_version=expected_version)  # type: ignore[arg-type]
    assert [(p.code, p.path) for p in refusal.value.problems] == [(code, path)]
    assert store.load(LEA) == []


def test_an_event_of_another_dossier_is_named_with_its_stream(store: SqlEventStore) -> None:
    with pytest.raises(InvalidValue) as refusal:
        store.append(LEA, [opened("eleve-tom")], expected_version=0)
    assert refusal.value.problems[0].message == (
        "Cet événement n'appartient pas à l'historique 0751234J/2027/eleve-lea."
    )


def test_a_stream_must_be_a_dossier_id(store: SqlEventStore) -> None:
    for call in (
        lambda: store.load("0751234J/2027/eleve-lea"),  # type: ignore[arg-type]
        lambda: store.append(("0751234J", 2027, "x"), [opened()], expected_version=0),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidValue) as refusal:
            call()
        assert refusal.value.codes == ("type.invalid",)


# -- a school's dossiers -------------------------------------------------------


def test_a_schools_dossiers_for_a_rentree_are_listed_by_pupil(store: SqlEventStore) -> None:
    for pupil_id in ("eleve-zoe", "eleve-lea", "eleve-tom"):
        store.append(dossier_id(pupil_id), history(pupil_id, 2), expected_version=0)
    other_school = DossierId("0931234K", RENTREE, "eleve-ali")
    other_rentree = DossierId(UAI, 2028, "eleve-ali")
    store.append(other_school, [opened_elsewhere(other_school)], expected_version=0)
    store.append(other_rentree, [opened_elsewhere(other_rentree)], expected_version=0)
    assert store.dossiers(UAI, RENTREE) == [
        dossier_id("eleve-lea"),
        dossier_id("eleve-tom"),
        dossier_id("eleve-zoe"),
    ]
    assert store.dossiers("0931234K", RENTREE) == [other_school]
    assert store.dossiers(UAI, 2029) == []


def opened_elsewhere(dossier: DossierId) -> DossierOpened:
    # An opening for another school or rentrée needs its own campaign, in
    # January of its rentrée year: opened in December, before it opens.
    days = {
        phase: (date(dossier.rentree, 1, 1 + 3 * i), date(dossier.rentree, 1, 3 + 3 * i))
        for i, phase in enumerate(list(Phase)[1:8])
    }
    campaign = Campaign.plan(Academy("Paris", "Europe/Paris"), dossier.uai, dossier.rentree, days)
    head = Staff("ce-2", dossier.uai, Role.HEAD)
    pupil = Pupil(dossier.pupil_id, "Ali Benali", "3e A")
    december = datetime(dossier.rentree - 1, 12, 2, tzinfo=PARIS)
    _, event = Dossier.open(pupil, [CLAIRE], campaign=campaign, actor=head, now=december)
    return event


def test_a_school_is_named_by_its_uai_and_rentree(store: SqlEventStore) -> None:
    with pytest.raises(InvalidValue) as refusal:
        store.dossiers("", "2027")  # type: ignore[arg-type]
    assert [(p.code, p.path) for p in refusal.value.problems] == [
        ("type.invalid", ("uai",)),
        ("type.invalid", ("rentree",)),
    ]


# -- the global feed -----------------------------------------------------------


def test_the_feed_gives_every_event_after_a_position_page_by_page(store: SqlEventStore) -> None:
    lea, tom = history("eleve-lea", 4), history("eleve-tom", 3)
    store.append(LEA, lea[:2], expected_version=0)
    store.append(dossier_id("eleve-tom"), tom, expected_version=0)
    store.append(LEA, lea[2:], expected_version=2)
    seen, position = [], 0
    while page := store.read_after(position, limit=3):
        assert len(page) <= 3
        seen += page
        position = page[-1][0]
    positions = [found for found, _ in seen]
    assert positions == sorted(set(positions))
    assert [event for _, event in seen] == [*lea[:2], *tom, *lea[2:]]
    assert store.read_after(position) == []
    assert store.read_after(positions[3], limit=2) == seen[4:6]


@pytest.mark.parametrize(
    ("position", "limit", "path"),
    [(-1, 10, ("position",)), (0, 0, ("limit",)), ("0", 10, ("position",)), (0, 2.5, ("limit",))],
)
def test_the_feed_is_read_from_a_position_by_pages_of_at_least_one(
    store: SqlEventStore, position: int, limit: int, path: tuple[str]
) -> None:
    with pytest.raises(InvalidValue) as refusal:
        store.read_after(position, limit=limit)
    assert [(p.code, p.path) for p in refusal.value.problems] == [("type.invalid", path)]


# -- rows that are no history ----------------------------------------------------


def valid_row(version: int) -> str:
    return json.dumps(codec.dump(history(length=version)[-1]))


@pytest.mark.parametrize(
    "data",
    [
        "{not json",
        "[]",
        '{"schema": 1}',
        '"' + "[" * 100_000,
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_a_row_that_is_no_event_is_a_corrupt_history(
    place: Place, store: SqlEventStore, data: str
) -> None:
    store.append(LEA, history(length=2), expected_version=0)
    insert_row(place, LEA, 3, data)
    with pytest.raises(InvalidValue) as refusal:
        store.load(LEA)
    assert corrupt_at(refusal) == (*WHERE_LEA, 3)
    with pytest.raises(InvalidValue) as refusal:
        store.read_after(0)
    assert corrupt_at(refusal) == (*WHERE_LEA, 3)


def test_a_row_of_an_unknown_schema_version_is_a_corrupt_history(
    place: Place, store: SqlEventStore
) -> None:
    store.append(LEA, history(length=2), expected_version=0)
    data = codec.dump(history(length=3)[-1])
    data["schema"] = 99
    insert_row(place, LEA, 3, json.dumps(data))
    with pytest.raises(InvalidValue) as refusal:
        store.load(LEA)
    assert corrupt_at(refusal) == (*WHERE_LEA, 3)
    assert isinstance(refusal.value.__cause__, InvalidValue)
    assert "schema.unsupported" in refusal.value.__cause__.codes


@pytest.mark.parametrize(
    "event",
    [
        CAMPAIGN.planned,  # a campaign's event in a dossier's stream
        history("eleve-tom", 3)[-1],  # another dossier's
        history(length=4)[-1],  # another version's
    ],
)
def test_a_row_holding_another_streams_or_versions_event_is_a_corrupt_history(
    place: Place, store: SqlEventStore, event: object
) -> None:
    store.append(LEA, history(length=2), expected_version=0)
    insert_row(place, LEA, 3, json.dumps(codec.dump(event)))
    with pytest.raises(InvalidValue) as refusal:
        store.load(LEA)
    assert corrupt_at(refusal) == (*WHERE_LEA, 3)


def test_a_history_with_a_hole_is_a_corrupt_history(place: Place, store: SqlEventStore) -> None:
    store.append(LEA, history(length=2), expected_version=0)
    insert_row(place, LEA, 4, valid_row(4))
    with pytest.raises(InvalidValue) as refusal:
        store.load(LEA)
    assert corrupt_at(refusal) == (*WHERE_LEA, 4)


# -- campaigns -------------------------------------------------------------------


def test_a_campaign_appended_loads_back_and_replays(store: SqlEventStore) -> None:
    assert store.load_campaign(UAI, RENTREE) == []
    closed, events = CAMPAIGN.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN),
        actor=HEAD,
        now=NOW,
    )
    assert store.append_campaign(UAI, RENTREE, [CAMPAIGN.planned], expected_version=0) == 1
    assert store.append_campaign(UAI, RENTREE, events, expected_version=1) == 2
    assert Campaign.replay(store.load_campaign(UAI, RENTREE)) == closed
    with pytest.raises(Conflict) as refusal:
        store.append_campaign(UAI, RENTREE, events, expected_version=1)
    assert (refusal.value.expected, refusal.value.actual) == (1, 2)
    assert store.load_campaign(UAI, 2028) == []
    # Campaigns are not in the dossiers' feed.
    assert store.read_after(0) == []


def test_a_campaign_stream_holds_only_its_campaigns_events(
    place: Place, store: SqlEventStore
) -> None:
    with pytest.raises(InvalidValue) as refusal:
        store.append_campaign(UAI, RENTREE, [opened()], expected_version=0)  # type: ignore[list-item]
    assert refusal.value.codes == ("store.other_stream",)
    with pytest.raises(InvalidValue) as refusal:
        store.append_campaign(UAI, 2028, [CAMPAIGN.planned], expected_version=0)
    assert refusal.value.codes == ("store.other_stream",)
    place.execute(
        "INSERT INTO oc_campaign_events (uai, rentree, version, data) VALUES (?, ?, ?, ?)",
        (UAI, RENTREE, 1, json.dumps(codec.dump(opened()))),
    )
    with pytest.raises(InvalidValue) as error:
        store.load_campaign(UAI, RENTREE)
    assert corrupt_at(error) == ("stream", "0751234J/2027", "version", 1)


# -- load, decide, append ------------------------------------------------------------


def test_a_dossier_opened_and_handled_through_the_store_is_stored(store: EventStore) -> None:
    dossier, first = open_dossier(
        store, opened().pupil, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=HEAD, now=NOW
    )
    after, events = handle(
        store, LEA, ValidateIntentions(1, WISHES), actor=CLAIRE, campaign=CAMPAIGN, now=NOW
    )
    assert store.load(LEA) == [first, *events]
    assert Dossier.replay(store.load(LEA), campaign=CAMPAIGN) == after
    assert after.entrant == CLAIRE
    assert dossier.version == 1


def test_a_stale_command_through_the_store_is_a_conflict(store: EventStore) -> None:
    open_dossier(store, opened().pupil, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=HEAD, now=NOW)
    handle(store, LEA, ValidateIntentions(1, WISHES), actor=CLAIRE, campaign=CAMPAIGN, now=NOW)
    with pytest.raises(Conflict):
        handle(store, LEA, ValidateIntentions(1, WISHES), actor=PAUL, campaign=CAMPAIGN, now=NOW)
    with pytest.raises(Conflict) as refusal:
        open_dossier(store, opened().pupil, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=HEAD, now=NOW)
    assert (refusal.value.expected, refusal.value.actual) == (0, 2)
    assert len(store.load(LEA)) == 2


def test_a_command_for_a_dossier_never_opened_names_the_missing_dossier(
    store: EventStore,
) -> None:
    with pytest.raises(InvalidValue) as refusal:
        handle(store, LEA, ValidateIntentions(1, WISHES), actor=CLAIRE, campaign=CAMPAIGN, now=NOW)
    assert [(p.code, p.path, p.message) for p in refusal.value.problems] == [
        ("store.no_dossier", ("dossier_id",), "Ce dossier n'existe pas.")
    ]


def test_creating_the_schema_again_keeps_the_events(store: SqlEventStore) -> None:
    store.append(LEA, history(length=2), expected_version=0)
    store.create_schema()
    assert len(store.load(LEA)) == 2
