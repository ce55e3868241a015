"""The back office's sync: a record per accepted event, and a receiver that converges."""

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from orientation_core import (
    Dossier,
    DossierEvent,
    DossierId,
    EntrantHandedOver,
    Intention,
    IntentionSet,
    IntentionsValidated,
    Phase,
    ValidateIntentions,
    Voie,
    codec,
)
from orientation_core.exceptions import InvalidValue, PermissionDenied
from orientation_core.store import SqliteEventStore
from orientation_core.sync import (
    SYNC_SCHEMA_VERSION,
    BackOfficeView,
    DossierView,
    SyncRecord,
    apply,
    apply_all,
    dump,
    load,
    record_schema,
    schema_files,
    sync_record,
    sync_records,
)
from tests.strategies import (
    CLAIRE,
    HEAD,
    LEA,
    PAUL,
    SECRETARIAT,
    dossier_campaign,
    dossier_histories,
    for_pupil,
    instant_in,
    sync_streams,
)
from tests.test_schemas import slots

ROOT = Path(__file__).resolve().parent.parent
# The hash of the published record schema, for each SYNC_SCHEMA_VERSION released.
PINNED = {1: "aa8a7e14fb5d9b7ea6e76ad2e0dc5dcaf227c241287804b27f7d56b5388728fe"}

CAMPAIGN = dossier_campaign()
OPENED_AT = instant_in(CAMPAIGN, Phase.NOT_OPEN)
LEA_DOSSIER, OPENING = Dossier.open(
    LEA, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=SECRETARIAT, now=OPENED_AT
)
WISHES = IntentionSet([Intention(Voie.GT), Intention(Voie.PRO, "Pâtisserie")])
VALIDATED_AT = instant_in(CAMPAIGN, Phase.PROVISIONAL_OPEN)
AFTER_WISHES, (WISHES_VALIDATED,) = LEA_DOSSIER.handle(
    ValidateIntentions(1, WISHES), actor=CLAIRE, campaign=CAMPAIGN, now=VALIDATED_AT
)
VALIDATOR = Draft202012Validator(record_schema())

# Each example draws up to three whole histories through handle (about half
# a second in all): 50 feeds, each shuffled and repeated, keep CI's time.
STREAMS = settings(max_examples=50)


def problems_of(call: Any) -> list[tuple[str, tuple[str | int, ...]]]:
    with pytest.raises(InvalidValue) as error:
        call()
    return [(p.code, p.path) for p in error.value.problems]


def handed_over(dossier: DossierId, version: int, to: str = PAUL.id) -> EntrantHandedOver:
    return EntrantHandedOver(dossier, version, HEAD, datetime(2027, 6, 20, tzinfo=UTC), to)


def json_of(record: SyncRecord) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(dump(record)))
    return data


# --- the record ----------------------------------------------------------------------


def test_a_record_names_its_dossier_its_version_and_its_key() -> None:
    record = sync_record(WISHES_VALIDATED)
    assert record.key == "0751234J:2027:eleve-lea:2"
    assert record.dossier == DossierId("0751234J", 2027, "eleve-lea")
    assert record.version == 2
    assert record.kind == "IntentionsValidated"
    assert record.actor == CLAIRE
    assert record.paper_form is False
    assert record.at == VALIDATED_AT
    # Not a family act: no paper form to speak of.
    assert sync_record(OPENING).paper_form is None


def test_a_colon_or_a_percent_in_an_identifier_is_escaped_in_the_key() -> None:
    record = sync_record(handed_over(DossierId("07:5", 2027, "a%b:c"), 4))
    assert record.key == "07%3A5:2027:a%25b%3Ac:4"


identifiers = st.text(alphabet=":%a1", min_size=1, max_size=4)
dossier_ids = st.builds(DossierId, identifiers, st.integers(2026, 2028), identifiers)


@given(dossier_ids, st.integers(2, 4), dossier_ids, st.integers(2, 4))
def test_the_key_is_the_same_exactly_for_the_same_dossier_and_version(
    first: DossierId, first_version: int, second: DossierId, second_version: int
) -> None:
    one = sync_record(handed_over(first, first_version))
    other = sync_record(handed_over(second, second_version, to="autre"))
    assert (one.key == other.key) == ((first, first_version) == (second, second_version))
    # The same event always gives the same key.
    assert sync_record(handed_over(first, first_version)).key == one.key


@pytest.mark.parametrize(
    "not_an_event",
    [
        ValidateIntentions(1, WISHES),  # a command: refused or not, it is no event
        WISHES,  # a draft of intentions, never validated
        LEA_DOSSIER,
        codec.dump(WISHES_VALIDATED),
        None,
        "IntentionsValidated",
    ],
)
def test_only_an_accepted_event_gives_a_record(not_an_event: Any) -> None:
    assert problems_of(lambda: sync_record(not_an_event)) == [("type.invalid", ("event",))]
    assert problems_of(lambda: sync_records([OPENING, not_an_event])) == [
        ("type.invalid", ("events", 1))
    ]


def test_a_host_s_own_kind_of_event_gives_no_record() -> None:
    @attrs.frozen
    class Forged(IntentionsValidated):
        pass

    forged = Forged(**attrs.asdict(WISHES_VALIDATED, recurse=False))
    assert problems_of(lambda: sync_record(forged)) == [("type.invalid", ("event",))]


def test_a_refused_command_gives_no_event_so_no_record() -> None:
    # Léa's grandmother is no guardian: refused, nothing happened to sync.
    stranger = attrs.evolve(CLAIRE, id="mamie")
    with pytest.raises(PermissionDenied):
        LEA_DOSSIER.handle(
            ValidateIntentions(1, WISHES), actor=stranger, campaign=CAMPAIGN, now=VALIDATED_AT
        )
    assert sync_records([OPENING, WISHES_VALIDATED]) == (
        SyncRecord(OPENING),
        SyncRecord(WISHES_VALIDATED),
    )


def test_records_come_from_a_collection_of_events() -> None:
    for junk in (None, 3, "events", {"a": OPENING}):
        assert problems_of(lambda junk=junk: sync_records(junk)) == [("type.invalid", ("events",))]
    assert sync_records(iter([OPENING])) == (SyncRecord(OPENING),)


# --- the data --------------------------------------------------------------------------


def test_the_data_leads_with_the_header_then_the_event_as_the_codec_writes_it() -> None:
    data = dump(sync_record(WISHES_VALIDATED))
    assert data == {
        "schema": 1,
        "type": "SyncRecord",
        "key": "0751234J:2027:eleve-lea:2",
        "dossier": {"uai": "0751234J", "rentree": 2027, "pupil_id": "eleve-lea"},
        "version": 2,
        "kind": "IntentionsValidated",
        "actor": {
            "type": "Guardian",
            "id": "resp-claire",
            "name": "Claire Martin",
            "email": "claire@example.fr",
        },
        "paper_form": False,
        "at": codec.dump(WISHES_VALIDATED)["at"],
        "event": codec.dump(WISHES_VALIDATED),
    }
    assert problems_of(lambda: dump(WISHES_VALIDATED)) == [  # type: ignore[arg-type]
        ("type.invalid", ("record",))
    ]


@given(dossier_histories(accept=False) | dossier_histories(accept=True), identifiers, st.data())
def test_the_header_says_what_the_record_says(
    history: tuple[list[DossierEvent], list[Dossier]], pupil_id: str, data: st.DataObject
) -> None:
    # The header is written from the event's data, the record's properties
    # read the event itself: both say the same, escaped key and paper form
    # included, for every kind of event.
    event = for_pupil(data.draw(st.sampled_from(history[0])), attrs.evolve(LEA, id=pupil_id))
    dossier = event.dossier
    record = sync_record(event)
    written = dump(record)
    event_data = codec.dump(event)
    assert {key: written[key] for key in ("key", "version", "kind", "paper_form")} == {
        "key": record.key,
        "version": record.version,
        "kind": record.kind,
        "paper_form": record.paper_form,
    }
    assert (
        written["dossier"]
        == event_data["dossier"]
        == {
            "uai": dossier.uai,
            "rentree": dossier.rentree,
            "pupil_id": dossier.pupil_id,
        }
    )
    assert (written["actor"], written["at"]) == (event_data["actor"], event_data["at"])


def test_an_instant_in_another_offset_says_the_same() -> None:
    data = json_of(sync_record(WISHES_VALIDATED))
    data["at"] = VALIDATED_AT.astimezone(timezone(timedelta(hours=1))).isoformat()
    assert load(data) == sync_record(WISHES_VALIDATED)


GOOD = json_of(sync_record(WISHES_VALIDATED))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"version": 3}, [("sync.inconsistent", ("version",))]),
        ({"key": "0751234J:2027:eleve-lea:3"}, [("sync.inconsistent", ("key",))]),
        ({"kind": "ChoixValidated"}, [("sync.inconsistent", ("kind",))]),
        ({"paper_form": True}, [("sync.inconsistent", ("paper_form",))]),
        ({"paper_form": "non"}, [("type.invalid", ("paper_form",))]),
        ({"version": "2"}, [("type.invalid", ("version",))]),
        ({"key": 2}, [("type.invalid", ("key",))]),
        ({"at": "hier"}, [("type.invalid", ("at",))]),
        ({"dossier": [1]}, [("type.invalid", ("dossier",))]),
        (
            {"dossier": {"uai": "0751234J", "rentree": 2027, "pupil_id": "eleve-paul"}},
            [("sync.inconsistent", ("dossier",))],
        ),
        (
            {"dossier": {"uai": "0751234J", "rentree": "2027", "pupil_id": "eleve-lea"}},
            [("type.invalid", ("dossier", "rentree"))],
        ),
        (
            {"dossier": {**GOOD["dossier"], "type": "DossierId"}},
            [("key.unknown", ("dossier", "type"))],
        ),
        ({"actor": {**GOOD["actor"], "type": "Robot"}}, [("type.invalid", ("actor", "type"))]),
        ({"actor": {**GOOD["actor"], "name": ""}}, [("actor.name_missing", ("actor", "name"))]),
        ({"actor": {"id": "x"}}, [("type.invalid", ("actor",))]),
        (
            {"actor": {**GOOD["actor"], "id": "resp-paul"}},
            [("sync.inconsistent", ("actor",))],
        ),
        ({"event": {**GOOD["event"], "type": "Voie"}}, [("type.invalid", ("event", "type"))]),
        ({"event": {**GOOD["event"], "type": ["x"]}}, [("type.invalid", ("event", "type"))]),
        ({"event": "IntentionsValidated"}, [("type.invalid", ("event",))]),
        (
            {"event": {**GOOD["event"], "intentions": {"intentions": []}}},
            [("intentions.empty", ("event", "intentions", "intentions"))],
        ),
        ({"ajout": 1}, [("key.unknown", ("ajout",))]),
    ],
)
def test_a_broken_record_is_refused_with_each_problem_where_it_stands(
    change: dict[str, Any], expected: list[tuple[str, tuple[str | int, ...]]]
) -> None:
    found = problems_of(lambda: load({**GOOD, **change}))
    assert found == expected


def test_every_missing_field_is_named() -> None:
    assert problems_of(lambda: load({"schema": 1, "type": "SyncRecord"})) == [
        ("key.missing", (key,))
        for key in ("key", "dossier", "version", "kind", "actor", "paper_form", "at", "event")
    ]
    # Without an envelope the body is still read, and its problems shown.
    body = {key: value for key, value in GOOD.items() if key not in ("schema", "type")}
    assert problems_of(lambda: load({**body, "version": 9})) == [
        ("key.missing", ("schema",)),
        ("key.missing", ("type",)),
        ("sync.inconsistent", ("version",)),
    ]


def test_another_format_is_not_read() -> None:
    assert problems_of(lambda: load({**GOOD, "schema": 2, "version": "?"})) == [
        ("schema.unsupported", ("schema",))
    ]
    assert problems_of(lambda: load(codec.dump(WISHES_VALIDATED))) == [("type.invalid", ("type",))]
    assert problems_of(lambda: load([GOOD])) == [("type.invalid", ())]


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)


@given(st.sampled_from(sorted(GOOD)), junk)
def test_any_junk_in_any_field_is_refused_in_the_library_s_own_words(key: str, value: Any) -> None:
    data = {**GOOD, key: value}
    try:
        assert load(data) == sync_record(WISHES_VALIDATED)
    except InvalidValue as error:
        assert error.problems
        assert not VALIDATOR.is_valid(data) or any(
            p.code == "sync.inconsistent" or p.path[:1] == ("event",) for p in error.problems
        )


# --- the published schema --------------------------------------------------------------


def test_the_record_schema_is_published_pinned_and_a_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(record_schema())
    for folder in (ROOT / "schemas", ROOT / "src" / "orientation_core" / "schemas"):
        for name, text in schema_files().items():
            assert (folder / name).read_text("utf-8") == text, "run python -m tests.test_schemas"
    found = hashlib.sha256("".join(schema_files().values()).encode()).hexdigest()
    assert PINNED.get(SYNC_SCHEMA_VERSION) == found, (
        f"The record schema changed (sha256 {found}): bump SYNC_SCHEMA_VERSION and pin it."
    )
    assert sorted(PINNED) == list(range(1, SYNC_SCHEMA_VERSION + 1))


def test_the_schema_refuses_a_record_of_the_wrong_shape() -> None:
    assert VALIDATOR.is_valid(GOOD)
    for change in ({"version": 0}, {"kind": "Voie"}, {"paper_form": 1}, {"ajout": 1}):
        assert not VALIDATOR.is_valid({**GOOD, **change})
    assert not VALIDATOR.is_valid({**GOOD, "event": {**GOOD["event"], "intentions": None}})


@given(st.sampled_from([OPENING, WISHES_VALIDATED]), st.data())
def test_what_the_schema_refuses_load_refuses_too(event: DossierEvent, data: st.DataObject) -> None:
    # As for the codec's schemas: the schema says less than load (it cannot
    # say that the header agrees with the event), never more.
    record = json_of(sync_record(event))
    container, key, _ = data.draw(st.sampled_from(slots(record)))
    container[key] = data.draw(st.none() | st.booleans() | st.integers() | st.text(max_size=5))
    if not VALIDATOR.is_valid(record):
        with pytest.raises(InvalidValue):
            load(record)


# --- the receiver --------------------------------------------------------------------


@st.composite
def deliveries(
    draw: st.DrawFn, records: tuple[SyncRecord, ...], *, every: bool
) -> list[SyncRecord]:
    """Some records (all, when ``every``), some of them twice or more, in any order."""
    chosen = list(records) if every else draw(st.lists(st.sampled_from(records), max_size=30))
    repeats = draw(st.lists(st.sampled_from(records), max_size=len(records)))
    return draw(st.permutations([*chosen, *repeats]))


@STREAMS
@given(sync_streams(), st.data())
def test_any_order_and_any_repeats_converge_to_the_view_of_the_ordered_stream(
    stream: tuple[list[DossierEvent], dict[DossierId, Dossier]], data: st.DataObject
) -> None:
    events, finals = stream
    records = sync_records(events)
    ordered = apply_all(BackOfficeView(), records)
    # The back office sees each dossier as the school holds it, nothing held back.
    assert {key: ordered.dossier(key) for key in ordered.dossiers} == finals
    assert ordered.pending == 0
    view = BackOfficeView()
    shuffled = data.draw(deliveries(records, every=True))
    for record in shuffled:
        view = apply(view, record)
    assert view == ordered
    assert apply_all(BackOfficeView(), shuffled) == ordered
    # Every record is data the published schema describes, and reads back as itself.
    for record in records:
        data_ = json_of(record)
        assert VALIDATOR.is_valid(data_)
        assert load(data_) == record


@STREAMS
@given(sync_streams(), st.data())
def test_a_partial_delivery_applies_each_dossier_up_to_its_first_gap_only(
    stream: tuple[list[DossierEvent], dict[DossierId, Dossier]], data: st.DataObject
) -> None:
    events, _ = stream
    records = sync_records(events)
    received = data.draw(deliveries(records, every=False))
    view = apply_all(BackOfficeView(), received)
    for dossier in {record.dossier for record in records}:
        versions = {r.version for r in received if r.dossier == dossier}
        upto = 0
        while upto + 1 in versions:
            upto += 1
        own = [r for r in records if r.dossier == dossier]
        found = view.dossiers.get(dossier, DossierView())
        assert found.version == upto
        assert found.applied == tuple(own[:upto])
        # What came after a gap waits, never applied out of order.
        assert {r.version for r in found.pending} == {v for v in versions if v > upto}
        expected = apply_all(BackOfficeView(), own[:upto]).dossier(dossier) if upto else None
        assert found.dossier == expected


def test_the_view_is_left_as_it_was_and_a_repeat_changes_nothing() -> None:
    empty = BackOfficeView()
    opened = apply(empty, sync_record(OPENING))
    assert empty == BackOfficeView()
    assert apply(opened, sync_record(OPENING)) is opened
    assert opened.dossier(OPENING.dossier) == LEA_DOSSIER
    assert opened.dossier(DossierId("0751234J", 2027, "eleve-paul")) is None
    assert hash(opened) == hash(apply(empty, sync_record(OPENING)))


def test_a_record_ahead_of_a_gap_waits_for_it() -> None:
    view = apply(BackOfficeView(), sync_record(WISHES_VALIDATED))
    assert view.dossier(OPENING.dossier) is None
    assert view.pending == 1
    assert apply(view, sync_record(WISHES_VALIDATED)) is view
    view = apply(view, sync_record(OPENING))
    assert view.pending == 0
    assert view.dossier(OPENING.dossier) == AFTER_WISHES


def test_another_event_under_a_key_already_received_is_a_conflict() -> None:
    fields = attrs.asdict(WISHES_VALIDATED, recurse=False)
    other = sync_record(
        IntentionsValidated(**{**fields, "intentions": IntentionSet([Intention(Voie.PRO)])})
    )
    pending = apply(BackOfficeView(), sync_record(WISHES_VALIDATED))
    applied = apply(pending, sync_record(OPENING))
    for view in (pending, applied):
        assert problems_of(lambda view=view: apply(view, other)) == [
            ("sync.conflict", ("record", "key"))
        ]
    assert problems_of(lambda: apply_all(applied, [sync_record(OPENING), other])) == [
        ("sync.conflict", ("records", 1, "key"))
    ]


def test_a_dossier_begins_with_its_opening() -> None:
    first = handed_over(OPENING.dossier, 1)
    assert problems_of(lambda: apply(BackOfficeView(), sync_record(first))) == [
        ("sync.not_opened", ("record", "event"))
    ]


def test_a_record_the_dossier_cannot_take_is_refused() -> None:
    view = apply(BackOfficeView(), sync_record(OPENING))
    stranger = sync_record(handed_over(OPENING.dossier, 2, to="mamie"))
    assert problems_of(lambda: apply(view, stranger)) == [("guardian.unknown", ("record", "event"))]


@pytest.mark.parametrize("junk", [None, 3, "view", {}, [OPENING], BackOfficeView])
def test_the_receiver_takes_only_views_and_records(junk: Any) -> None:
    record = sync_record(OPENING)
    assert problems_of(lambda: apply(junk, record)) == [("type.invalid", ("view",))]
    assert problems_of(lambda: apply(BackOfficeView(), junk)) == [("type.invalid", ("record",))]
    assert problems_of(lambda: apply_all(junk, [record])) == [("type.invalid", ("view",))]
    assert problems_of(lambda: apply_all(BackOfficeView(), [record, junk])) == [
        ("type.invalid", ("records", 1))
    ]
    assert problems_of(lambda: BackOfficeView().dossier(junk)) == [("type.invalid", ("dossier",))]


def test_views_are_built_of_their_own_parts_only() -> None:
    assert problems_of(lambda: apply_all(BackOfficeView(), 3)) == [  # type: ignore[arg-type]
        ("type.invalid", ("records",))
    ]
    for junk in (3, {"a": DossierView()}, {OPENING.dossier: 3}):
        assert problems_of(lambda junk=junk: BackOfficeView(junk)) == [
            ("type.invalid", ("dossiers",))
        ]
    assert problems_of(lambda: DossierView(3, [OPENING], LEA)) == [  # type: ignore[arg-type]
        ("type.invalid", ("applied",)),
        ("type.invalid", ("pending",)),
        ("type.invalid", ("dossier",)),
    ]
    assert DossierView([sync_record(OPENING)], (), LEA_DOSSIER).version == 1


def test_a_view_holds_one_dossier_s_records_in_order() -> None:
    opening, wishes = sync_record(OPENING), sync_record(WISHES_VALIDATED)
    later = sync_record(handed_over(OPENING.dossier, 4))
    paul = sync_record(for_pupil(OPENING, attrs.evolve(LEA, id="eleve-paul")))
    for applied, pending, dossier, where in (
        ([wishes], [], LEA_DOSSIER, ("applied", 0)),  # a gap before it
        ([opening, paul], [], LEA_DOSSIER, ("applied", 1)),  # another dossier's
        ([opening], [wishes], LEA_DOSSIER, ("pending",)),  # not held back: it is next
        ([], [later, wishes], None, ("pending",)),  # out of order
        ([], [later, later], None, ("pending",)),
        ([opening], [later, paul], LEA_DOSSIER, ("pending",)),
        ([opening], [], None, ("dossier",)),  # applied, but no picture
        ([], [], LEA_DOSSIER, ("dossier",)),
    ):
        assert problems_of(lambda: DossierView(applied, pending, dossier)) == [  # noqa: B023
            ("sync.inconsistent", where)
        ]
    view = DossierView([opening], [later], LEA_DOSSIER)
    assert problems_of(lambda: BackOfficeView({paul.dossier: view})) == [
        ("sync.inconsistent", ("dossiers",))
    ]
    assert BackOfficeView({paul.dossier: DossierView()}).dossier(paul.dossier) is None


# --- from the store ------------------------------------------------------------------


@settings(max_examples=5)
@given(dossier_histories(accept=False))
def test_the_store_s_feed_gives_the_records_of_the_events_appended(
    tmp_path_factory: pytest.TempPathFactory, history: tuple[list[DossierEvent], list[Dossier]]
) -> None:
    events = history[0]
    paul = for_pupil(events[0], attrs.evolve(LEA, id="eleve-paul"))
    store = SqliteEventStore(tmp_path_factory.mktemp("sync") / "orientation.db")
    store.create_schema()
    store.append(events[0].dossier, events[:3], expected_version=0)
    store.append(paul.dossier, [paul], expected_version=0)
    store.append(events[0].dossier, events[3:], expected_version=3)
    feed = [sync_record(event) for _, event in store.read_after(0, limit=100)]
    assert feed == list(sync_records([*events[:3], paul, *events[3:]]))
    assert [load(json.loads(json.dumps(dump(record)))) for record in feed] == feed
