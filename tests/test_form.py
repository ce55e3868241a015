from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orientation_core import AcademySettings, Intention, IntentionSet, Statut, Voie
from orientation_core._form import _plain_rows, _read_rows
from orientation_core.exceptions import InvalidForm, InvalidValue
from tests.strategies import (
    HUGE,
    LONG_TEXT,
    academy_settings,
    any_form_rows,
    intention_sets,
    usual_form_rows,
)

OPEN = AcademySettings()
NO_DETAILS = AcademySettings(details_enabled=False)


def problems_of(rows: Any, settings: AcademySettings = OPEN) -> list[tuple[str, tuple[Any, ...]]]:
    with pytest.raises(InvalidForm) as error:
        IntentionSet.from_form(rows, settings)
    return [(p.code, p.path) for p in error.value.problems]


def message_of(rows: Any, settings: AcademySettings = OPEN) -> list[str]:
    with pytest.raises(InvalidForm) as error:
        IntentionSet.from_form(rows, settings)
    return [p.message for p in error.value.problems]


def test_the_guides_example_is_parsed_in_rank_order() -> None:
    rows: list[dict[str, Any]] = [
        {"voie": "GT", "precision": "", "statuts": []},
        {"voie": "PRO", "precision": " Mécanique ", "statuts": ["APPRENTI"]},
        {"voie": "CAP", "precision": "Carrosserie", "statuts": "SCOLAIRE"},
    ]
    assert IntentionSet.from_form(rows, OPEN) == IntentionSet(
        [
            Intention(Voie.GT),
            Intention(Voie.PRO, "Mécanique", [Statut.APPRENTI]),
            Intention(Voie.CAP, "Carrosserie", [Statut.SCOLAIRE]),
        ]
    )


def test_blank_values_are_what_a_browser_sends_for_nothing() -> None:
    rows = [{"voie": ["PRO"], "precision": ["  "], "statuts": ["", " "]}]
    assert IntentionSet.from_form(rows, OPEN) == IntentionSet([Intention(Voie.PRO)])


def test_absent_fields_are_blank() -> None:
    assert IntentionSet.from_form([{"voie": "CAP"}], OPEN).at(1) == Intention(Voie.CAP)


def test_a_row_without_voie_asks_to_select_one() -> None:
    rows = [{"voie": "", "precision": "", "statuts": []}]
    assert problems_of(rows) == [("voie.missing", (0, "voie"))]
    assert message_of(rows) == ["Vous devez sélectionner une voie."]


def test_an_empty_form_asks_for_an_intention() -> None:
    assert problems_of([]) == [("intentions.empty", ())]
    assert message_of([]) == ["Vous devez obligatoirement saisir une intention."]


def test_the_form_level_message_is_the_pages_own() -> None:
    with pytest.raises(InvalidForm) as error:
        IntentionSet.from_form([], OPEN)
    assert error.value.message == "Veuillez corriger le formulaire avant de valider vos choix."
    assert str(error.value).startswith(
        "Veuillez corriger le formulaire avant de valider vos choix."
    )
    assert error.value.code == "invalid_form"
    assert isinstance(error.value, InvalidValue)


def test_a_voie_chosen_twice_is_pointed_at_on_the_later_row() -> None:
    rows = [{"voie": "PRO"}, {"voie": "GT"}, {"voie": "PRO"}]
    assert problems_of(rows) == [("voie.duplicate", (2, "voie"))]
    assert message_of(rows) == ["Vous avez déjà choisi cette voie pour l'intention 1."]


def test_more_than_three_rows_is_refused() -> None:
    rows = [{"voie": "GT"}, {"voie": "PRO"}, {"voie": "CAP"}, {"voie": ""}]
    assert problems_of(rows)[0] == ("intentions.too_many", ())
    assert message_of(rows)[0] == "Vous pouvez saisir jusqu'à trois intentions."


def test_an_unknown_voie_code_is_refused() -> None:
    assert problems_of([{"voie": "BAC"}]) == [("voie.unknown", (0, "voie"))]
    assert message_of([{"voie": "BAC"}]) == [
        "Cette voie n'existe pas : choisissez l'une des voies proposées."
    ]


def test_a_precision_too_long_is_refused_on_its_field() -> None:
    rows = [{"voie": "CAP", "precision": "é" * 201}]
    assert problems_of(rows) == [("precision.too_long", (0, "precision"))]
    assert message_of(rows) == ["Le métier ou la formation ne doit pas dépasser 200 caractères."]


def test_a_control_character_in_the_precision_is_refused() -> None:
    rows = [{"voie": "CAP", "precision": "Bou\x00langerie"}]
    assert problems_of(rows) == [("precision.invalid_character", (0, "precision"))]
    assert message_of(rows) == ["Le métier ou la formation contient un caractère non autorisé."]


def test_details_on_gt_are_refused() -> None:
    rows = [{"voie": "GT", "precision": "Lycée", "statuts": ["SCOLAIRE"]}]
    assert problems_of(rows) == [
        ("details.not_allowed", (0, "precision")),
        ("details.not_allowed", (0, "statuts")),
    ]


def test_an_unknown_statut_is_refused() -> None:
    rows = [{"voie": "PRO", "statuts": ["SCOLAIRE", "ALTERNANCE"]}]
    assert problems_of(rows) == [("statut.unknown", (0, "statuts"))]
    assert message_of(rows) == [
        "Ce statut n'existe pas : cochez « Sous statut scolaire » et/ou « Sous statut d'apprenti »."
    ]


def test_details_are_refused_where_the_academie_does_not_allow_them() -> None:
    rows = [{"voie": "PRO", "precision": "Vente", "statuts": ["APPRENTI"]}]
    assert problems_of(rows, NO_DETAILS) == [
        ("details.disabled", (0, "precision")),
        ("details.disabled", (0, "statuts")),
    ]
    assert message_of(rows, NO_DETAILS)[0] == (
        "Votre académie ne permet pas de préciser le métier, la formation ou le statut."
    )


def test_without_details_a_bare_vocational_voie_is_accepted() -> None:
    rows = [{"voie": "PRO", "precision": " ", "statuts": []}]
    assert IntentionSet.from_form(rows, NO_DETAILS) == IntentionSet([Intention(Voie.PRO)])


def test_every_problem_is_listed_at_once() -> None:
    rows = [
        {"voie": ""},
        {"voie": "PRO", "precision": "x" * 300, "statuts": ["NOPE"]},
        {"voie": "GT", "precision": "a"},
        {"voie": "GT"},
    ]
    assert problems_of(rows) == [
        ("intentions.too_many", ()),
        ("voie.missing", (0, "voie")),
        ("statut.unknown", (1, "statuts")),
        ("precision.too_long", (1, "precision")),
        ("details.not_allowed", (2, "precision")),
        ("voie.duplicate", (3, "voie")),
    ]


def test_a_field_the_form_does_not_have_is_refused() -> None:
    assert problems_of([{"voie": "GT", "statut": "SCOLAIRE"}]) == [
        ("form.unknown_field", (0, "statut"))
    ]


def test_two_values_for_a_single_field_are_refused() -> None:
    assert problems_of([{"voie": ["GT", "PRO"]}]) == [("form.multiple_values", (0, "voie"))]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (None, [("form.malformed", ())]),
        ("GT", [("form.malformed", ())]),
        ({"voie": "GT"}, [("form.malformed", ())]),
        ([None], [("form.malformed", (0,))]),
        ([["GT"]], [("form.malformed", (0,))]),
        ([{"voie": 1}], [("type.invalid", (0, "voie"))]),
        ([{"voie": "CAP", "precision": 3.5}], [("type.invalid", (0, "precision"))]),
        ([{"voie": "CAP", "statuts": 1}], [("type.invalid", (0, "statuts"))]),
        ([{"voie": "CAP", "statuts": [None]}], [("type.invalid", (0, "statuts"))]),
        ([{1: "GT"}], [("form.unknown_field", (0, "1")), ("voie.missing", (0, "voie"))]),
    ],
)
def test_malformed_posts_are_refused_as_invalid_form(
    rows: Any, expected: list[tuple[str, tuple[Any, ...]]]
) -> None:
    assert problems_of(rows) == expected


def test_settings_must_be_academy_settings() -> None:
    with pytest.raises(InvalidForm) as error:
        IntentionSet.from_form([{"voie": "GT"}], None)  # type: ignore[arg-type]
    assert error.value.problems[0].path == ("settings",)


def as_rows(s: IntentionSet) -> list[dict[str, Any]]:
    return [
        {
            "voie": i.voie.value,
            "precision": i.precision or "",
            "statuts": [st.value for st in i.statuts],
        }
        for i in s
    ]


@given(intention_sets())
def test_what_a_valid_set_posts_parses_back_to_the_same_set(s: IntentionSet) -> None:
    assert IntentionSet.from_form(as_rows(s), OPEN) == s


form_scalars = st.none() | st.text(max_size=8) | st.integers() | st.booleans() | st.floats()
form_values = (
    form_scalars
    | st.lists(form_scalars, max_size=3)
    | st.sampled_from(["GT", "PRO", "CAP", "SCOLAIRE", "APPRENTI", ["SCOLAIRE", "APPRENTI"]])
)
form_rows = st.dictionaries(
    st.sampled_from(["voie", "precision", "statuts", "autre"]) | st.integers(), form_values
)


@given(
    st.lists(form_rows | form_scalars, max_size=5) | form_scalars | form_rows,
    st.sampled_from([OPEN, NO_DETAILS]),
)
def test_any_post_gives_a_valid_set_or_invalid_form_and_nothing_else(
    rows: Any, settings: AcademySettings
) -> None:
    try:
        parsed = IntentionSet.from_form(rows, settings)
    except InvalidForm as error:
        assert error.problems
        assert all(isinstance(p.path, tuple) for p in error.problems)
    else:
        assert IntentionSet(parsed.intentions) == parsed
        if not settings.details_enabled:
            assert not any(i.has_details for i in parsed)


# --- values at the limits (issue 7) -------------------------------------------


def test_a_field_name_too_large_to_write_out_is_named_in_few_words() -> None:
    rows = [{HUGE: "GT", "voie": "GT"}]
    assert problems_of(rows) == [("form.unknown_field", (0, "valeur non reconnue"))]
    assert message_of(rows) == ["Ce champ n'existe pas dans le formulaire : valeur non reconnue."]


def test_a_long_field_name_is_cut_in_the_path_and_the_message() -> None:
    rows = [{"voie": "GT", LONG_TEXT: "GT"}]
    cut = "x" * 39 + "…"
    assert problems_of(rows) == [("form.unknown_field", (0, cut))]
    assert message_of(rows) == [f"Ce champ n'existe pas dans le formulaire : {cut}."]


# --- speed (issue 10): the happy path reads a form as the full reading does -------------


def _fully_read(rows: Any, settings: AcademySettings) -> IntentionSet | None:
    try:
        return _read_rows(rows, settings)
    except InvalidForm:
        return None


@given(usual_form_rows, academy_settings)
def test_a_form_as_browsers_post_it_is_read_on_the_happy_path_as_in_full(
    rows: list[dict[str, Any]], settings: AcademySettings
) -> None:
    # The happy path is only faster: it takes every form of the usual shape
    # that the full reading takes, and gives the same intentions.
    assert _plain_rows(rows, settings) == _fully_read(rows, settings)


@given(any_form_rows, academy_settings)
def test_the_happy_path_takes_no_form_that_the_full_reading_refuses(
    rows: Any, settings: AcademySettings
) -> None:
    plain = _plain_rows(rows, settings)
    assert plain is None or plain == _fully_read(rows, settings)


def test_a_form_of_the_usual_shape_with_blank_boxes_takes_the_happy_path() -> None:
    rows = [
        {"voie": " PRO ", "precision": " Pâtisserie ", "statuts": ["", " APPRENTI ", "SCOLAIRE"]},
        {"voie": "GT", "precision": "  ", "statuts": [" "]},
        {"voie": "CAP"},
    ]
    assert _plain_rows(rows, OPEN) == IntentionSet(
        [
            Intention(Voie.PRO, "Pâtisserie", Statut),
            Intention(Voie.GT),
            Intention(Voie.CAP),
        ]
    )
    assert _plain_rows(rows[1:], NO_DETAILS) == IntentionSet(
        [Intention(Voie.GT), Intention(Voie.CAP)]
    )


def test_the_happy_path_of_a_form_keeps_the_limits_of_a_precision() -> None:
    longest = [{"voie": "PRO", "precision": "é" * 200, "statuts": []}]
    assert _plain_rows(longest, OPEN) == IntentionSet([Intention(Voie.PRO, "é" * 200)])
    assert _plain_rows([{"voie": "PRO", "precision": "é" * 201}], OPEN) is None
    assert _plain_rows([{"voie": "PRO", "precision": "a\x07b"}], OPEN) is None
