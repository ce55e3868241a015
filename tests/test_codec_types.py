"""The codec for every class a host keeps or sends: names, round trips, located problems."""

import functools
import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from orientation_core import (
    Academy,
    AcademySettings,
    Answer,
    Appeal,
    Campaign,
    Decision,
    Dossier,
    DossierEvent,
    DossierId,
    Guardian,
    IntentionsValidated,
    MoveEnd,
    MoveStart,
    Phase,
    PhaseWindow,
    Pupil,
    RecordAvis,
    Role,
    Staff,
    Territory,
    ValidateIntentions,
    Voie,
    codec,
)
from orientation_core.codec import WIRE_NAMES, load, load_any, schema
from orientation_core.exceptions import InvalidValue, Problem
from tests.strategies import (
    CLAIRE,
    CODEC_ENUMS,
    CODEC_TYPES,
    DEEP,
    DOSSIER_EVENT_KINDS,
    HUGE,
    LONG_TEXT,
    SECRETARIAT,
    Unprintable,
    dossier_histories,
    example_campaign,
    json_values,
)
from tests.test_codec import assert_points_into, problems_of

# The wire name of every class: stored data depends on them, so they never
# change once released.  A new class adds its line; nothing else changes here.
WIRE_NAME_TABLE = {
    "Voie": "Voie",
    "Statut": "Statut",
    "Phase": "Phase",
    "Action": "Action",
    "CampaignAction": "CampaignAction",
    "Side": "Side",
    "Role": "Role",
    "Avis": "Avis",
    "Answer": "Answer",
    "SchoolYear": "SchoolYear",
    "Territory": "Territory",
    "Rhythm": "Rhythm",
    "Access": "Access",
    "Standing": "Standing",
    "Intention": "Intention",
    "IntentionSet": "IntentionSet",
    "AcademySettings": "AcademySettings",
    "Guardian": "Guardian",
    "Pupil": "Pupil",
    "Staff": "Staff",
    "PhaseWindow": "PhaseWindow",
    "Academy": "Academy",
    "Campaign": "Campaign",
    "MoveStart": "MoveStart",
    "MoveEnd": "MoveEnd",
    "CloseService": "CloseService",
    "PublishAvis": "PublishAvis",
    "PublishPropositions": "PublishPropositions",
    "CampaignPlanned": "CampaignPlanned",
    "StartMoved": "StartMoved",
    "EndMoved": "EndMoved",
    "ServiceClosed": "ServiceClosed",
    "AvisPublished": "AvisPublished",
    "PropositionsPublished": "PropositionsPublished",
    "AvisConseil": "AvisConseil",
    "Proposition": "Proposition",
    "Decision": "Decision",
    "Appeal": "Appeal",
    "AppealDecision": "AppealDecision",
    "DossierId": "DossierId",
    "ValidateIntentions": "ValidateIntentions",
    "AcknowledgeAvis": "AcknowledgeAvis",
    "ValidateChoix": "ValidateChoix",
    "AnswerPropositions": "AnswerPropositions",
    "AcceptDecision": "AcceptDecision",
    "LodgeAppeal": "LodgeAppeal",
    "RequestMaintien": "RequestMaintien",
    "RecordAvis": "RecordAvis",
    "RecordPropositions": "RecordPropositions",
    "RecordDecision": "RecordDecision",
    "RecordAppealDecision": "RecordAppealDecision",
    "HandOverEntrant": "HandOverEntrant",
    "DossierOpened": "DossierOpened",
    "IntentionsValidated": "IntentionsValidated",
    "AvisAcknowledged": "AvisAcknowledged",
    "ChoixValidated": "ChoixValidated",
    "PropositionsAnswered": "PropositionsAnswered",
    "DecisionAccepted": "DecisionAccepted",
    "AppealLodged": "AppealLodged",
    "MaintienRequested": "MaintienRequested",
    "AvisRecorded": "AvisRecorded",
    "PropositionsRecorded": "PropositionsRecorded",
    "DecisionRecorded": "DecisionRecorded",
    "AppealDecisionRecorded": "AppealDecisionRecorded",
    "EntrantHandedOver": "EntrantHandedOver",
    "Dossier": "Dossier",
    "Problem": "Problem",
}
TYPES = sorted(CODEC_TYPES, key=lambda cls: WIRE_NAMES[cls])
NOW = datetime(2027, 1, 12, 19, tzinfo=UTC)


def dump(value: object) -> Any:
    """The codec's dump, typed loosely: the tests index into it freely."""
    return codec.dump(value)


def test_the_wire_names_are_pinned_class_by_class() -> None:
    # Keyed by the class's name today, valued by its name on the wire: a
    # renamed class fails here, and must keep its old wire name.
    assert {cls.__name__: name for cls, name in WIRE_NAMES.items()} == WIRE_NAME_TABLE
    assert list(WIRE_NAMES.values()) == list(WIRE_NAME_TABLE.values())


def test_every_class_the_codec_knows_has_a_strategy() -> None:
    assert set(CODEC_TYPES) == set(WIRE_NAMES)
    assert set(CODEC_ENUMS) <= set(WIRE_NAMES)


@pytest.mark.parametrize("cls", [c for c in TYPES if attrs.has(c)], ids=lambda c: c.__name__)
def test_every_field_of_a_class_is_on_the_wire_in_its_order(cls: type[Any]) -> None:
    value = dump(next_example(cls))
    # A problem's detail, for developers, is not part of it, nor on the wire.
    assert list(value)[2:] == [field.name for field in attrs.fields(cls) if field.eq]


_EXAMPLES: dict[type[Any], Any] = {}


def next_example(cls: type[Any]) -> Any:
    """One value of ``cls``, drawn once (the same for the whole run)."""
    if cls not in _EXAMPLES:
        _EXAMPLES[cls] = _one(CODEC_TYPES[cls])
    return _EXAMPLES[cls]


def _one(strategy: st.SearchStrategy[Any]) -> Any:
    found: list[Any] = []

    @settings(max_examples=1, database=None, derandomize=True)
    @given(strategy)
    def take(value: Any) -> None:
        found.append(value)

    take()
    return found[0]


# Drawn a whole history at a time: each history holds every event and state.
FROM_HISTORIES = frozenset({*DOSSIER_EVENT_KINDS, Dossier})


@functools.cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name))


def assert_comes_back(value: Any) -> None:
    """``value`` comes back equal through JSON text, and its dump obeys its schema."""
    dumped = dump(value)
    assert list(dumped)[:2] == ["schema", "type"]
    validator(WIRE_NAMES[type(value)]).validate(dumped)
    text = json.dumps(dumped, allow_nan=False, ensure_ascii=False)
    again = load(type(value), json.loads(text))
    assert again == value
    assert type(again) is type(value)
    assert not _hashable(value) or hash(again) == hash(value)
    assert load_any(json.loads(text)) == value
    assert dump(again) == dumped


@pytest.mark.parametrize(
    "cls", [c for c in TYPES if c not in FROM_HISTORIES], ids=lambda c: WIRE_NAMES[c]
)
@given(data=st.data())
def test_every_value_comes_back_equal_through_json_text(
    cls: type[Any], data: st.DataObject
) -> None:
    assert_comes_back(data.draw(CODEC_TYPES[cls]))


@given(st.booleans().flatmap(lambda accept: dossier_histories(accept=accept)))
def test_every_event_and_state_of_a_history_comes_back_equal(
    history: tuple[list[DossierEvent], list[Dossier]],
) -> None:
    events, states = history
    for value in (*events, *states):
        assert_comes_back(value)


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


# --- the wire forms --------------------------------------------------------------


def test_an_instant_is_written_in_utc_with_its_offset_and_microseconds() -> None:
    paris = timezone(timedelta(hours=1))
    decision = Decision(Voie.PRO, None, datetime(2027, 1, 12, 20, tzinfo=paris))
    assert dump(decision)["notified_at"] == "2027-01-12T19:00:00+00:00"
    later = Decision(Voie.PRO, None, datetime(2027, 1, 12, 19, 0, 0, 5, tzinfo=UTC))
    assert dump(later)["notified_at"] == "2027-01-12T19:00:00.000005+00:00"


def test_an_instant_is_read_in_any_offset_and_kept_in_utc() -> None:
    data = dump(Decision(Voie.PRO, None, NOW))
    for text in ("2027-01-12T20:00:00+01:00", "2027-01-12T19:00:00Z", "2027-01-12T08:00:00-11:00"):
        loaded = load(Decision, {**data, "notified_at": text})
        assert loaded.notified_at == NOW
        assert loaded.notified_at.tzinfo is UTC


def test_an_instant_at_the_end_of_time_keeps_its_own_offset() -> None:
    # UTC cannot hold it: it is written, and read back, with its offset.
    edge = datetime.max.replace(tzinfo=timezone(-timedelta(hours=5)))
    appeal = Appeal(Voie.GT, None, edge, dernier_mot=False)
    data = dump(appeal)
    assert data["at"] == "9999-12-31T23:59:59.999999-05:00"
    assert load(Appeal, data) == appeal


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2027-01-12T19:00:00", "time.naive"),
        ("2027-01-12", "type.invalid"),
        ("2027-13-12T19:00:00+00:00", "type.invalid"),
        ("2027-01-12 19:00:00+00:00", "type.invalid"),
        ("١٢٣٤-01-12T19:00:00+00:00", "type.invalid"),
        ("2027-01-12T19:00:00+00:00\n", "type.invalid"),
        (1_768_000_000, "type.invalid"),
        (None, "type.invalid"),
    ],
)
def test_an_instant_that_is_not_iso_8601_with_an_offset_is_refused(text: object, code: str) -> None:
    data = {**dump(Decision(Voie.PRO, None, NOW)), "notified_at": text}
    assert problems_of(Decision, data) == [(code, ("notified_at",))]


def test_a_day_is_an_iso_date_and_nothing_else() -> None:
    window = PhaseWindow(Phase.PROVISIONAL_OPEN, date(2027, 1, 4), date(2027, 2, 12))
    data = dump(window)
    assert (data["first_day"], data["last_day"]) == ("2027-01-04", "2027-02-12")
    for bad in ("2027-02-30", "2027-01-04T00:00:00+00:00", 20270104, "4/1/2027"):
        assert problems_of(PhaseWindow, {**data, "first_day": bad}) == [
            ("type.invalid", ("first_day",))
        ]


def test_a_move_names_a_day_or_an_instant_and_each_comes_back_as_itself() -> None:
    day = MoveEnd(3, Phase.PROVISIONAL_OPEN, date(2027, 1, 20))
    moment = MoveStart(3, Phase.DECISIONS, NOW)
    assert dump(day)["to"] == "2027-01-20"
    assert dump(moment)["to"] == "2027-01-12T19:00:00+00:00"
    assert type(load(MoveEnd, dump(day)).to) is date
    assert load(MoveStart, dump(moment)) == moment


def test_sets_are_sorted_lists_and_tuples_lists_in_order() -> None:
    pp = Staff("pp", "0751234J", Role.PROFESSEUR_PRINCIPAL, ["3e C", "3e A", "3e B"])
    assert dump(pp)["classes"] == ["3e A", "3e B", "3e C"]
    academy = Academy("Paris", "Europe/Paris", dernier_mot_schools={"0759999Z", "0751234J"})
    assert dump(academy)["dernier_mot_schools"] == ["0751234J", "0759999Z"]
    loaded = load(Staff, {**dump(pp), "classes": ["3e B", "3e A", "3e C", "3e A"]})
    assert loaded == pp


def test_an_actor_is_led_by_its_type_inside_an_event() -> None:
    history, _ = next_history()
    opened = history[0]
    data = dump(opened)
    assert data["actor"] == {
        "type": "Staff",
        "id": SECRETARIAT.id,
        "uai": SECRETARIAT.uai,
        "role": "SECRETARIAT",
        "classes": [],
    }
    assert data["dossier"] == {"uai": opened.dossier.uai, "rentree": 2027, "pupil_id": "eleve-lea"}


@functools.cache
def next_history() -> tuple[list[Any], list[Dossier]]:
    """One history with an appeal, drawn once."""
    return _one(dossier_histories(accept=False))  # type: ignore[no-any-return]


def test_a_paper_form_keeps_its_signatory_on_the_wire() -> None:
    command = ValidateIntentions(1, next_example(IntentionsValidated).intentions, signed_by=" x ")
    assert dump(command)["signed_by"] == "x"
    assert load(ValidateIntentions, dump(command)).signed_by == "x"


# --- located problems ---------------------------------------------------------------


def test_an_event_s_problems_are_located_from_the_top_every_one_at_once() -> None:
    history, _ = next_history()
    data = dump(next(e for e in history if type(e) is IntentionsValidated))
    data["actor"] = {"type": "Guardian", "id": "", "name": "Claire", "mail": None}
    data["dossier"]["rentree"] = "2027"
    data["intentions"]["intentions"][0]["voie"] = "BTS"
    data["paper_form"] = 0
    assert problems_of(IntentionsValidated, data) == [
        ("type.invalid", ("dossier", "rentree")),
        ("key.missing", ("actor", "email")),
        ("key.unknown", ("actor", "mail")),
        ("type.invalid", ("paper_form",)),
        ("voie.unknown", ("intentions", "intentions", 0, "voie")),
    ]


def test_a_constructor_s_rules_are_located_from_the_top() -> None:
    data = dump(RecordAvis(2, []))
    data["avis"] = [{"voie": "GT", "avis": "RESERVE", "reason": None, "comment": None}]
    assert problems_of(RecordAvis, data) == [("avis.reason_required", ("avis", 0, "reason"))]
    history, _ = next_history()
    opened = dump(history[0])
    opened["actor"]["id"] = "   "
    opened["guardians"] = []
    assert problems_of(type(history[0]), opened) == [("actor.id_missing", ("actor", "id"))]
    del opened["actor"]["type"]
    assert problems_of(type(history[0]), opened) == [("key.missing", ("actor", "type"))]


def test_an_actor_of_an_unknown_type_is_refused_on_its_type() -> None:
    history, _ = next_history()
    data = dump(history[0])
    for kind in ("Robot", 3, None, "Problem"):
        data["actor"]["type"] = kind
        with pytest.raises(InvalidValue) as error:
            load(type(history[0]), data)
        assert [(p.code, p.path) for p in error.value.problems] == [
            ("type.invalid", ("actor", "type"))
        ]
        assert error.value.problems[0].detail == "expected: Guardian | Pupil | Staff"
    data["actor"] = [CLAIRE.id]
    assert problems_of(type(history[0]), data) == [("type.invalid", ("actor",))]


def test_an_unknown_code_is_worded_with_its_kind() -> None:
    data = dump(Staff("ce", "0751234J", Role.HEAD))
    with pytest.raises(InvalidValue) as error:
        load(Staff, {**data, "role": "RECTEUR"})
    assert error.value.problems == (
        Problem("code.unknown", ("role",), "Ce code n'existe pas (fonction)."),
    )
    assert problems_of(Territory, {"schema": 1, "type": "Territory", "code": "CORSE"}) == [
        ("code.unknown", ("code",))
    ]


def test_a_campaign_s_schedule_is_checked_as_its_constructor_checks_it() -> None:
    campaign = example_campaign()
    data = dump(campaign)
    data["starts"] = list(reversed(data["starts"]))
    data["starts"][1] = "2027-01-11T00:00:00"
    assert problems_of(Campaign, data) == [("time.naive", ("starts", 1))]
    data["starts"] = data["starts"][:3]
    data["territory"] = "CORSE"
    assert problems_of(Campaign, data) == [
        ("time.naive", ("starts", 1)),
        ("code.unknown", ("territory",)),
    ]


def test_a_problem_round_trips_with_its_path() -> None:
    found = Problem("voie.unknown", ("intentions", 0, "voie"), "Cette voie n'existe pas.")
    assert dump(found)["path"] == ["intentions", 0, "voie"]
    assert load(Problem, dump(found)) == found
    assert problems_of(Problem, {**dump(found), "path": ["a", 1.5, True]}) == [
        ("type.invalid", ("path", 1)),
        ("type.invalid", ("path", 2)),
    ]


def test_a_dossier_snapshot_keeps_every_field() -> None:
    _, states = next_history()
    final = states[-1]
    data = dump(final)
    assert data["entrant_id"] == "resp-paul"
    assert data["answers"] == ["PAS_D_ACCORD"] * len(final.propositions)
    assert load(Dossier, data) == final


# --- load_any -------------------------------------------------------------------------


def test_load_any_reads_the_class_from_the_type() -> None:
    assert load_any(dump(Voie.CAP)) is Voie.CAP
    assert load_any(dump(Answer.D_ACCORD)) is Answer.D_ACCORD
    pupil = Pupil("e", "Léa", "3e B")
    assert load_any(dump(pupil)) == pupil


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"schema": 1, "type": "Robot"}, [("type.unsupported", ("type",))]),
        ({"schema": 1, "type": "os.system"}, [("type.unsupported", ("type",))]),
        ({"schema": 1, "type": "AvisConseil "}, [("type.unsupported", ("type",))]),
        ({"schema": 1, "type": 3}, [("type.unsupported", ("type",))]),
        ({"schema": 1, "type": ["Voie"]}, [("type.unsupported", ("type",))]),
        ({"schema": 1, "code": "GT"}, [("key.missing", ("type",))]),
        ({"schema": 2, "type": "Voie", "code": "GT"}, [("schema.unsupported", ("schema",))]),
        ([], [("type.invalid", ())]),
        (None, [("type.invalid", ())]),
    ],
)
def test_load_any_refuses_what_names_no_class_of_the_library(
    data: object, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    with pytest.raises(InvalidValue) as error:
        load_any(data)
    assert [(p.code, p.path) for p in error.value.problems] == expected


def test_load_any_never_repeats_a_long_or_odd_type_in_its_message() -> None:
    for kind in (LONG_TEXT, HUGE, DEEP):
        with pytest.raises(InvalidValue) as error:
            load_any({"schema": 1, "type": kind})
        assert len(error.value.problems[0].message) < 120


# --- hostile input ----------------------------------------------------------------------


@pytest.mark.parametrize("cls", TYPES, ids=lambda c: WIRE_NAMES[c])
def test_junk_in_every_field_gives_located_problems(cls: type[Any]) -> None:
    data = dump(next_example(cls))
    for junk in (DEEP, HUGE, LONG_TEXT, 1.5, {"x": DEEP}, [DEEP], True, None):
        for key in list(data)[2:]:
            broken = {**data, key: junk}
            try:
                loaded = load(cls, broken)
            except InvalidValue as error:
                assert error.problems
                for found in error.problems:
                    assert_points_into(broken, found)
            else:
                assert dump(loaded) == dump(load(cls, dump(loaded)))


@given(st.sampled_from(TYPES), json_values)
def test_any_json_body_gives_a_value_or_located_problems(cls: type[Any], body: Any) -> None:
    data = {"schema": 1, "type": WIRE_NAMES[cls], "body": body}
    with pytest.raises(InvalidValue) as error:
        load(cls, data)
    assert ("key.unknown", ("body",)) in [(p.code, p.path) for p in error.value.problems]


def test_a_host_s_odd_object_in_the_data_is_refused_in_place() -> None:
    data = dump(DossierId("0751234J", 2027, "eleve"))
    assert problems_of(DossierId, {**data, "uai": Unprintable()}) == [("type.invalid", ("uai",))]


def test_the_settings_are_still_a_boolean_inside_an_academy() -> None:
    data = dump(Academy("Paris", "Europe/Paris", settings=AcademySettings(False)))
    assert data["settings"] == {"details_enabled": False}
    assert problems_of(Academy, {**data, "settings": {"details_enabled": "non"}}) == [
        ("type.invalid", ("settings", "details_enabled"))
    ]


def test_an_unknown_guardian_field_in_a_snapshot_is_located() -> None:
    _, states = next_history()
    data = dump(states[0])
    data["guardians"][0] = {**data["guardians"][0], "telephone": "0102030405"}
    assert problems_of(Dossier, data) == [("key.unknown", ("guardians", 0, "telephone"))]


def test_a_guardian_loaded_is_the_constructors() -> None:
    data = dump(Guardian("g", "Claire", None))
    assert load(Guardian, {**data, "name": "  Claire  ", "email": "c@example.fr"}) == Guardian(
        "g", "Claire", "c@example.fr"
    )
