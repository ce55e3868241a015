import copy
import json
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orientation_core import AcademySettings, Intention, IntentionSet, Statut, Voie
from orientation_core.codec import (
    SCHEMA_VERSION,
    JsonValue,
    _plain_intention_set,
    _read_intention_set,
    dump,
    load,
)
from orientation_core.exceptions import InvalidValue, Problem
from tests.strategies import (
    LONG_TEXT,
    codec_values,
    intention_sets,
    json_values,
    malformed_dumps,
    near_dumps,
    near_set_bodies,
    usual_set_bodies,
)

CLASSES: tuple[type[Any], ...] = (Voie, Statut, Intention, IntentionSet, AcademySettings)


def intention_set_data(*rows: object) -> dict[object, object]:
    return {"schema": 1, "type": "IntentionSet", "intentions": list(rows)}


def row(
    voie: object = "PRO", precision: object = None, statuts: Iterable[object] = ()
) -> dict[object, object]:
    return {"voie": voie, "precision": precision, "statuts": list(statuts)}


def problems_of(cls: type[Any], data: object) -> list[tuple[str, tuple[str | int, ...]]]:
    with pytest.raises(InvalidValue) as error:
        load(cls, data)
    return [(p.code, p.path) for p in error.value.problems]


def assert_points_into(data: object, found: Problem) -> None:
    """Each step of the path exists in ``data``, but a missing key's own name."""
    node = data
    for depth, step in enumerate(found.path):
        if isinstance(node, dict):
            if depth == len(found.path) - 1 and found.code == "key.missing":
                assert step not in node
                return
            assert step in node
            node = node[step]
        else:
            assert isinstance(node, list)
            assert type(step) is int
            assert 0 <= step < len(node)
            node = node[step]


# --- the wire format ---------------------------------------------------------


def test_an_intention_set_is_written_in_rank_order_with_statuts_in_the_forms_order() -> None:
    intentions = IntentionSet(
        [
            Intention(Voie.CAP, "Boulangerie", [Statut.APPRENTI, Statut.SCOLAIRE]),
            Intention(Voie.GT),
        ]
    )
    data = dump(intentions)
    assert data == {
        "schema": 1,
        "type": "IntentionSet",
        "intentions": [
            {"voie": "CAP", "precision": "Boulangerie", "statuts": ["SCOLAIRE", "APPRENTI"]},
            {"voie": "GT", "precision": None, "statuts": []},
        ],
    }
    assert list(data) == ["schema", "type", "intentions"]


def test_an_intention_at_the_top_has_the_envelope_then_its_body() -> None:
    data = dump(Intention(Voie.PRO, "Mécanique", [Statut.APPRENTI]))
    assert data == {
        "schema": 1,
        "type": "Intention",
        "voie": "PRO",
        "precision": "Mécanique",
        "statuts": ["APPRENTI"],
    }
    assert list(data)[:2] == ["schema", "type"]


def test_an_enum_at_the_top_is_a_dict_with_its_code() -> None:
    assert dump(Voie.GT) == {"schema": 1, "type": "Voie", "code": "GT"}
    assert dump(Statut.SCOLAIRE) == {"schema": 1, "type": "Statut", "code": "SCOLAIRE"}


def test_academy_settings_are_written_as_a_boolean() -> None:
    assert dump(AcademySettings(details_enabled=False)) == {
        "schema": 1,
        "type": "AcademySettings",
        "details_enabled": False,
    }


def test_the_schema_version_is_one() -> None:
    assert SCHEMA_VERSION == 1
    assert type(SCHEMA_VERSION) is int


@pytest.mark.parametrize("value", [3, "GT", None, [Voie.GT], InvalidValue(())])
def test_a_value_the_codec_does_not_know_cannot_be_dumped(value: object) -> None:
    with pytest.raises(InvalidValue) as error:
        dump(value)
    assert error.value.codes == ("type.unsupported",)
    # The type is a developer's business: in the detail, never in the message.
    assert error.value.problems[0].message == "Ce type de valeur n'est pas pris en charge."
    assert error.value.problems[0].detail == f"name: {type(value).__name__}"


# --- round trips --------------------------------------------------------------


@given(codec_values)
def test_every_value_comes_back_from_its_dump(value: object) -> None:
    assert load(type(value), dump(value)) == value


@given(codec_values)
def test_a_dump_survives_json_text(value: object) -> None:
    data = dump(value)
    text = json.dumps(data, allow_nan=False, ensure_ascii=False)
    assert json.loads(text) == data
    assert load(type(value), json.loads(text)) == value


@given(intention_sets())
def test_a_loaded_set_holds_real_intentions_with_frozen_statuts(intentions: IntentionSet) -> None:
    loaded = load(IntentionSet, dump(intentions))
    assert type(loaded.intentions) is tuple
    for intention in loaded:
        assert type(intention) is Intention
        assert type(intention.statuts) is frozenset


def test_the_guides_recap_loads_as_the_constructor_builds_it() -> None:
    loaded = load(
        IntentionSet,
        intention_set_data(
            row("GT"),
            row("PRO", "Pâtisserie"),
            row("CAP", "Boulangerie", ["APPRENTI"]),
        ),
    )
    assert loaded == IntentionSet(
        [
            Intention(Voie.GT),
            Intention(Voie.PRO, "Pâtisserie"),
            Intention(Voie.CAP, "Boulangerie", [Statut.APPRENTI]),
        ]
    )


# --- what load accepts beyond what dump writes --------------------------------


def test_a_precision_from_the_data_is_normalised_like_the_constructors() -> None:
    loaded = load(IntentionSet, intention_set_data(row("PRO", "  Pa\u0302tisserie\n\t fine ")))
    assert loaded.at(1).precision == "Pâtisserie fine"


def test_a_blank_precision_is_absent_even_on_gt() -> None:
    loaded = load(IntentionSet, intention_set_data(row("GT", " \t "), row("CAP", "")))
    assert [i.precision for i in loaded] == [None, None]


def test_statuts_are_a_set_whatever_their_order_or_repetition() -> None:
    loaded = load(
        IntentionSet, intention_set_data(row("PRO", None, ["APPRENTI", "SCOLAIRE", "APPRENTI"]))
    )
    assert loaded.at(1).statuts == frozenset({Statut.SCOLAIRE, Statut.APPRENTI})


def test_load_does_not_change_the_data() -> None:
    data = intention_set_data(row("PRO", "  Pâtisserie "), row("GT", "x"), 3)
    before = copy.deepcopy(data)
    with pytest.raises(InvalidValue):
        load(IntentionSet, data)
    load(IntentionSet, intention_set_data(row("PRO", "  Pâtisserie ")))
    assert data == before


# --- the envelope ---------------------------------------------------------------


@pytest.mark.parametrize("data", [None, [], "IntentionSet", 1, True, 1.5])
def test_data_that_is_not_an_object_is_refused_as_a_whole(data: object) -> None:
    assert problems_of(IntentionSet, data) == [("type.invalid", ())]


def test_a_missing_schema_and_type_are_reported_with_the_bodys_problems() -> None:
    assert problems_of(IntentionSet, {"intentions": [row("BTS")]}) == [
        ("key.missing", ("schema",)),
        ("key.missing", ("type",)),
        ("voie.unknown", ("intentions", 0, "voie")),
    ]


@pytest.mark.parametrize(
    "schema",
    [2, 0, -1, "1", 1.0, True, None, [1], {"v": 1}, pytest.param(10**5000, id="huge int")],
)
def test_any_schema_but_one_is_unsupported_and_the_body_is_not_read(schema: object) -> None:
    data = {"schema": schema, "type": "IntentionSet", "intentions": "not read"}
    assert problems_of(IntentionSet, data) == [("schema.unsupported", ("schema",))]


def test_the_unsupported_schema_is_named_in_the_message_when_short() -> None:
    with pytest.raises(InvalidValue) as error:
        load(Voie, {"schema": 2, "type": "Voie", "code": "GT"})
    assert error.value.problems[0].message == (
        "Cette version du format de données n'est pas prise en charge (2)."
    )
    with pytest.raises(InvalidValue) as error:
        load(Voie, {"schema": 10**5000, "type": "Voie", "code": "GT"})
    assert error.value.problems[0].message == (
        "Cette version du format de données n'est pas prise en charge (valeur non reconnue)."
    )


@pytest.mark.parametrize("kind", ["Intention", "intentionset", "", None, 1, ["IntentionSet"]])
def test_a_type_naming_another_class_is_refused_and_the_body_is_not_read(kind: object) -> None:
    data = {"schema": 1, "type": kind, "intentions": "not read"}
    with pytest.raises(InvalidValue) as error:
        load(IntentionSet, data)
    assert [(p.code, p.path) for p in error.value.problems] == [("type.invalid", ("type",))]
    assert error.value.problems[0].message == "Cette valeur n'a pas le type attendu."
    assert error.value.problems[0].detail == "expected: IntentionSet"


def test_an_unknown_key_at_the_top_is_refused() -> None:
    data = {**intention_set_data(row("GT")), "version": 2}
    assert problems_of(IntentionSet, data) == [("key.unknown", ("version",))]


def test_a_key_that_is_not_text_is_reported_on_its_mapping() -> None:
    data = {**intention_set_data(row("GT")), 1: "x"}
    assert problems_of(IntentionSet, data) == [("key.unknown", ())]
    nested = {**row("GT"), ("a", "b"): None}
    assert problems_of(IntentionSet, intention_set_data(nested)) == [
        ("key.unknown", ("intentions", 0))
    ]


@pytest.mark.parametrize(
    "cls", [int, str, dict, InvalidValue, object, "IntentionSet", None, [], {}]
)
def test_a_class_the_codec_does_not_know_is_refused_with_the_librarys_error(cls: object) -> None:
    with pytest.raises(InvalidValue) as error:
        load(cls, intention_set_data(row("GT")))  # type: ignore[arg-type]
    assert error.value.codes == ("type.unsupported",)
    assert error.value.problems[0].path == ()


# --- an intention set's body ------------------------------------------------------


def test_the_intentions_key_is_required() -> None:
    assert problems_of(IntentionSet, {"schema": 1, "type": "IntentionSet"}) == [
        ("key.missing", ("intentions",))
    ]


@pytest.mark.parametrize("rows", [None, {}, "GT", 3, (row("GT"),)])
def test_intentions_must_be_a_list(rows: object) -> None:
    data = {"schema": 1, "type": "IntentionSet", "intentions": rows}
    assert problems_of(IntentionSet, data) == [("type.invalid", ("intentions",))]


def test_no_intention_is_refused_as_the_constructor_does() -> None:
    assert problems_of(IntentionSet, intention_set_data()) == [
        ("intentions.empty", ("intentions",))
    ]


def test_a_fourth_intention_is_refused_as_the_constructor_does() -> None:
    data = intention_set_data(row("GT"), row("PRO"), row("CAP"), row("CAP"))
    assert problems_of(IntentionSet, data) == [
        ("intentions.too_many", ("intentions",)),
        ("voie.duplicate", ("intentions", 3, "voie")),
    ]


def test_a_voie_twice_is_pointed_at_on_the_later_row_with_the_first_rank() -> None:
    with pytest.raises(InvalidValue) as error:
        load(IntentionSet, intention_set_data(row("GT"), row("PRO"), row("GT")))
    assert error.value.problems == (
        Problem(
            "voie.duplicate",
            ("intentions", 2, "voie"),
            "Vous avez déjà choisi cette voie pour l'intention 1.",
        ),
    )


def test_a_voie_twice_is_found_even_when_a_row_has_other_problems() -> None:
    data = intention_set_data(row("PRO", "x" * 201), row("BTS"), row("PRO"))
    assert problems_of(IntentionSet, data) == [
        ("precision.too_long", ("intentions", 0, "precision")),
        ("voie.unknown", ("intentions", 1, "voie")),
        ("voie.duplicate", ("intentions", 2, "voie")),
    ]


@pytest.mark.parametrize("item", [None, "GT", 1, ["GT"], True])
def test_an_intention_that_is_not_an_object_is_refused_in_place(item: object) -> None:
    assert problems_of(IntentionSet, intention_set_data(row("GT"), item)) == [
        ("type.invalid", ("intentions", 1))
    ]


def test_every_problem_is_listed_at_once() -> None:
    data = intention_set_data(
        row("GT", "Hôtellerie", ["SCOLAIRE"]),
        {"voie": "PRO", "precision": 12, "statuts": ["ALTERNANCE", 3], "rang": 2},
        {"precision": None},
        row(None),
    )
    assert problems_of(IntentionSet, data) == [
        ("details.not_allowed", ("intentions", 0, "precision")),
        ("details.not_allowed", ("intentions", 0, "statuts")),
        ("key.unknown", ("intentions", 1, "rang")),
        ("statut.unknown", ("intentions", 1, "statuts", 0)),
        ("type.invalid", ("intentions", 1, "statuts", 1)),
        ("type.invalid", ("intentions", 1, "precision")),
        ("key.missing", ("intentions", 2, "voie")),
        ("key.missing", ("intentions", 2, "statuts")),
        ("voie.missing", ("intentions", 3, "voie")),
        ("intentions.too_many", ("intentions",)),
    ]


# --- an intention's body ---------------------------------------------------------


@pytest.mark.parametrize("code", ["BTS", "gt", " GT", "GT ", "", "2de professionnelle"])
def test_an_unknown_voie_code_is_refused(code: str) -> None:
    with pytest.raises(InvalidValue) as error:
        load(IntentionSet, intention_set_data(row(code)))
    assert error.value.problems == (
        Problem(
            "voie.unknown",
            ("intentions", 0, "voie"),
            "Cette voie n'existe pas : choisissez l'une des voies proposées.",
        ),
    )


def test_a_null_voie_asks_to_select_one() -> None:
    with pytest.raises(InvalidValue) as error:
        load(IntentionSet, intention_set_data(row(None)))
    assert error.value.problems == (
        Problem("voie.missing", ("intentions", 0, "voie"), "Vous devez sélectionner une voie."),
    )


@pytest.mark.parametrize("voie", [1, True, ["GT"], {"code": "GT"}])
def test_a_voie_that_is_not_text_is_refused(voie: object) -> None:
    assert problems_of(IntentionSet, intention_set_data(row(voie))) == [
        ("type.invalid", ("intentions", 0, "voie"))
    ]


def test_an_over_long_precision_is_refused_on_its_field() -> None:
    with pytest.raises(InvalidValue) as error:
        load(IntentionSet, intention_set_data(row("CAP", "é" * 201)))
    assert error.value.problems == (
        Problem(
            "precision.too_long",
            ("intentions", 0, "precision"),
            "Le métier ou la formation ne doit pas dépasser 200 caractères.",
        ),
    )


def test_a_precision_of_200_characters_after_normalising_is_accepted() -> None:
    loaded = load(IntentionSet, intention_set_data(row("CAP", "  " + "é" * 200 + "\n")))
    assert loaded.at(1).precision == "é" * 200


def test_a_control_character_in_the_precision_is_refused() -> None:
    assert problems_of(IntentionSet, intention_set_data(row("PRO", "Pâtisserie\x00"))) == [
        ("precision.invalid_character", ("intentions", 0, "precision"))
    ]


@pytest.mark.parametrize("precision", [1, 0.5, False, ["Pâtisserie"], {"text": "x"}])
def test_a_precision_that_is_not_text_is_refused(precision: object) -> None:
    assert problems_of(IntentionSet, intention_set_data(row("PRO", precision))) == [
        ("type.invalid", ("intentions", 0, "precision"))
    ]


def test_details_on_gt_are_refused_on_each_field() -> None:
    with pytest.raises(InvalidValue) as error:
        load(IntentionSet, intention_set_data(row("GT", "Hôtellerie", ["SCOLAIRE"])))
    assert [(p.code, p.path) for p in error.value.problems] == [
        ("details.not_allowed", ("intentions", 0, "precision")),
        ("details.not_allowed", ("intentions", 0, "statuts")),
    ]
    assert error.value.problems[0].message == (
        "Pour la 2de générale et technologique ou 2de STHR, "
        "il n'y a pas d'autres informations à saisir."
    )


def test_an_unknown_statut_is_pointed_at_in_the_list() -> None:
    with pytest.raises(InvalidValue) as error:
        load(IntentionSet, intention_set_data(row("PRO", None, ["SCOLAIRE", "ALTERNANCE"])))
    assert error.value.problems == (
        Problem(
            "statut.unknown",
            ("intentions", 0, "statuts", 1),
            "Ce statut n'existe pas : cochez « Sous statut scolaire » "
            "et/ou « Sous statut d'apprenti ».",
        ),
    )


@pytest.mark.parametrize("statuts", [None, "SCOLAIRE", {"SCOLAIRE": True}, 1, ("SCOLAIRE",)])
def test_statuts_must_be_a_list(statuts: object) -> None:
    data = intention_set_data({"voie": "PRO", "precision": None, "statuts": statuts})
    assert problems_of(IntentionSet, data) == [("type.invalid", ("intentions", 0, "statuts"))]


def test_a_statut_that_is_not_text_is_pointed_at_in_the_list() -> None:
    data = intention_set_data(row("PRO", None, ["SCOLAIRE", None, ["APPRENTI"]]))
    assert problems_of(IntentionSet, data) == [
        ("type.invalid", ("intentions", 0, "statuts", 1)),
        ("type.invalid", ("intentions", 0, "statuts", 2)),
    ]


@pytest.mark.parametrize("key", ["voie", "precision", "statuts"])
def test_every_key_of_an_intention_is_required(key: str) -> None:
    body = row("PRO")
    del body[key]
    assert problems_of(IntentionSet, intention_set_data(body)) == [
        ("key.missing", ("intentions", 0, key))
    ]


def test_an_intention_at_the_top_is_located_from_the_top() -> None:
    data = {"schema": 1, "type": "Intention", "voie": "GT", "precision": "x", "statuts": [1]}
    assert problems_of(Intention, data) == [
        ("type.invalid", ("statuts", 0)),
        ("details.not_allowed", ("precision",)),
    ]


def test_an_envelope_inside_a_nested_body_is_unknown() -> None:
    nested = {"schema": 1, "type": "Intention", **row("GT")}
    assert problems_of(IntentionSet, intention_set_data(nested)) == [
        ("key.unknown", ("intentions", 0, "schema")),
        ("key.unknown", ("intentions", 0, "type")),
    ]


# --- enums and settings -------------------------------------------------------------


def test_an_unknown_voie_or_statut_code_at_the_top_is_refused() -> None:
    assert problems_of(Voie, {"schema": 1, "type": "Voie", "code": "BTS"}) == [
        ("voie.unknown", ("code",))
    ]
    assert problems_of(Statut, {"schema": 1, "type": "Statut", "code": "GT"}) == [
        ("statut.unknown", ("code",))
    ]


def test_an_enum_needs_its_code_as_text_and_nothing_else() -> None:
    assert problems_of(Voie, {"schema": 1, "type": "Voie"}) == [("key.missing", ("code",))]
    assert problems_of(Voie, {"schema": 1, "type": "Voie", "code": 1, "label": "x"}) == [
        ("key.unknown", ("label",)),
        ("type.invalid", ("code",)),
    ]


@pytest.mark.parametrize("enabled", [1, 0, "true", None, []])
def test_details_enabled_must_be_a_boolean_and_an_int_is_not_one(enabled: object) -> None:
    data = {"schema": 1, "type": "AcademySettings", "details_enabled": enabled}
    assert problems_of(AcademySettings, data) == [("type.invalid", ("details_enabled",))]


def test_academy_settings_need_their_key() -> None:
    assert problems_of(AcademySettings, {"schema": 1, "type": "AcademySettings"}) == [
        ("key.missing", ("details_enabled",))
    ]


# --- hostile input ---------------------------------------------------------------------


def deeply_nested(depth: int) -> JsonValue:
    value: JsonValue = []
    for _ in range(depth):
        value = [value]
    return value


def test_deeply_nested_data_is_refused_without_recursing() -> None:
    deep = deeply_nested(100_000)
    assert problems_of(IntentionSet, deep) == [("type.invalid", ())]
    assert problems_of(IntentionSet, intention_set_data(row("PRO", deep, [deep]))) == [
        ("type.invalid", ("intentions", 0, "statuts", 0)),
        ("type.invalid", ("intentions", 0, "precision")),
    ]


def test_a_huge_precision_is_refused_as_too_long() -> None:
    assert problems_of(IntentionSet, intention_set_data(row("CAP", "é" * 1_000_000))) == [
        ("precision.too_long", ("intentions", 0, "precision"))
    ]


@given(malformed_dumps())
def test_a_broken_dump_gives_invalid_value_with_every_path_in_the_data(
    case: tuple[type[object], dict[str, JsonValue]],
) -> None:
    cls, data = case
    with pytest.raises(InvalidValue) as error:
        load(cls, data)
    assert error.value.problems
    for found in error.value.problems:
        assert_points_into(data, found)


def load_or_error(cls: type[Any], data: object) -> object:
    """What load gives: the value, or the InvalidValue it raised (and nothing else)."""
    try:
        return load(cls, data)
    except InvalidValue as error:
        return error


def assert_a_value_or_located_problems(cls: type[Any], data: object) -> None:
    outcome = load_or_error(cls, data)
    if isinstance(outcome, InvalidValue):
        assert outcome.problems
        for found in outcome.problems:
            assert_points_into(data, found)
    else:
        assert type(outcome) is cls
        assert load(cls, dump(outcome)) == outcome


@given(st.sampled_from(CLASSES), json_values)
def test_any_json_gives_a_value_or_invalid_value_and_nothing_else(
    cls: type[Any], data: JsonValue
) -> None:
    assert_a_value_or_located_problems(cls, data)


@given(near_dumps())
def test_any_json_in_the_fields_gives_a_value_or_invalid_value_and_nothing_else(
    case: tuple[type[object], dict[str, JsonValue]],
) -> None:
    assert_a_value_or_located_problems(*case)


@given(st.one_of(json_values, st.sampled_from([int, str, bytes, dict, InvalidValue])))
def test_any_class_argument_the_codec_does_not_know_gives_type_unsupported(cls: object) -> None:
    with pytest.raises(InvalidValue) as error:
        load(cls, {"schema": 1, "type": "IntentionSet", "intentions": []})  # type: ignore[arg-type]
    assert error.value.codes == ("type.unsupported",)


def test_a_long_unknown_key_is_cut_in_the_path() -> None:
    data = {**intention_set_data(row("GT")), LONG_TEXT: 1}
    assert problems_of(IntentionSet, data) == [("key.unknown", ("x" * 39 + "…",))]


# --- speed (issue 10): the happy path reads a set as the full reading does -------------


def _fully_read(body: dict[str, Any]) -> IntentionSet | None:
    problems: list[Problem] = []
    value = _read_intention_set(body, (), problems)
    assert (value is None) == bool(problems)
    return value


@given(usual_set_bodies)
def test_a_set_as_dump_writes_it_is_read_on_the_happy_path_as_in_full(
    body: dict[str, Any],
) -> None:
    # The happy path is only faster: it takes every body of the usual shape
    # that the full reading takes, and gives the same intentions.
    assert _plain_intention_set(body) == _fully_read(body)


@given(near_set_bodies)
def test_the_happy_path_takes_no_set_that_the_full_reading_refuses(body: dict[str, Any]) -> None:
    plain = _plain_intention_set(body)
    assert plain is None or plain == _fully_read(body)


def test_a_set_as_dump_writes_it_takes_the_happy_path() -> None:
    body: dict[str, object] = {
        "intentions": [
            {"voie": "CAP", "precision": " Fleuriste ", "statuts": ["APPRENTI", "SCOLAIRE"]},
            {"voie": "GT", "precision": None, "statuts": []},
        ]
    }
    assert _plain_intention_set(body) == IntentionSet(
        [Intention(Voie.CAP, "Fleuriste", Statut), Intention(Voie.GT)]
    )


@pytest.mark.parametrize(
    "row",
    [
        {"voie": "GT", "precision": None, "statuts": ["SCOLAIRE"]},
        {"voie": "GT", "precision": "Hôtellerie", "statuts": []},
        {"voie": "PRO", "precision": "é" * 201, "statuts": []},
        {"voie": "PRO", "precision": None, "statuts": [["SCOLAIRE"]]},
        {"voie": "PRO", "precision": None, "statuts": [{"code": "SCOLAIRE"}]},
    ],
    ids=["gt-statut", "gt-precision", "too-long", "list-in-statuts", "dict-in-statuts"],
)
def test_the_happy_path_of_a_set_leaves_what_is_wrong_to_the_full_reading(
    row: dict[str, object],
) -> None:
    assert _plain_intention_set({"intentions": [row]}) is None
    with pytest.raises(InvalidValue):
        load(IntentionSet, {"schema": 1, "type": "IntentionSet", "intentions": [row]})


def test_the_happy_path_of_a_set_keeps_the_limits_of_a_precision() -> None:
    body: dict[str, object] = {
        "intentions": [{"voie": "PRO", "precision": "é" * 200, "statuts": []}]
    }
    assert _plain_intention_set(body) == IntentionSet([Intention(Voie.PRO, "é" * 200)])
