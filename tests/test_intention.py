import copy
import pickle
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from orientation_core import (
    AcademySettings,
    Intention,
    IntentionSet,
    Statut,
    Voie,
    codec,
    normalise_precision,
)
from orientation_core.exceptions import InvalidValue, OrientationError
from tests.strategies import HUGE, intention_sets, intentions, raw_text, statuts, voies

GT = Intention(Voie.GT)
PRO = Intention(Voie.PRO, "Pâtisserie", [Statut.SCOLAIRE])
CAP = Intention(Voie.CAP, "Boulangerie")


def codes(error: pytest.ExceptionInfo[InvalidValue]) -> list[str]:
    return [p.code for p in error.value.problems]


def located(error: pytest.ExceptionInfo[InvalidValue]) -> list[tuple[str, tuple[Any, ...], str]]:
    return [(p.code, p.path, p.message) for p in error.value.problems]


# The type expected is for developers (Problem.detail), never in the message.
WRONG_TYPE = "Cette valeur n'a pas le type attendu."


# --- précision normalisation ------------------------------------------------


def test_precision_is_trimmed_and_inner_white_space_folded() -> None:
    assert Intention(Voie.PRO, "  Mécanique \t\n  auto  ").precision == "Mécanique auto"


def test_precision_is_stored_in_nfc() -> None:
    decomposed = "Pa\u0302tisserie"  # â as a plus a combining circumflex
    assert Intention(Voie.PRO, decomposed).precision == "P\u00e2tisserie"


def test_non_breaking_spaces_fold_like_any_white_space() -> None:
    assert normalise_precision("Vente\u00a0\u202f : commerce") == "Vente : commerce"


@pytest.mark.parametrize("blank", ["", " ", "\t\n", "\u00a0\u3000"])
def test_blank_precision_means_no_precision(blank: str) -> None:
    assert Intention(Voie.CAP, blank).precision is None


def test_precision_of_200_characters_is_kept() -> None:
    assert Intention(Voie.PRO, "a" * 200).precision == "a" * 200


def test_precision_is_measured_after_normalisation() -> None:
    padded = "  " + "a" * 100 + "     " + "b" * 99 + "  "
    assert len(Intention(Voie.PRO, padded).precision or "") == 200


def test_precision_over_200_characters_is_refused() -> None:
    with pytest.raises(InvalidValue) as error:
        Intention(Voie.PRO, "a" * 201)
    assert error.value.problems[0].code == "precision.too_long"
    assert error.value.problems[0].path == ("precision",)
    assert error.value.problems[0].message == (
        "Le métier ou la formation ne doit pas dépasser 200 caractères."
    )


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85\x00", "\x9f", "\ud800"])
def test_control_characters_left_after_folding_are_refused(char: str) -> None:
    with pytest.raises(InvalidValue) as error:
        Intention(Voie.PRO, f"Menuiserie{char}bois")
    assert codes(error) == ["precision.invalid_character"]


@given(raw_text)
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalise_precision(text)
    assert once is None or normalise_precision(once) == once


@given(raw_text)
def test_normalised_precision_has_no_edge_or_double_white_space(text: str) -> None:
    normalised = normalise_precision(text)
    assume(normalised is not None)
    assert normalised is not None
    assert normalised == normalised.strip()
    assert "  " not in normalised
    assert not any(c in normalised for c in "\t\n\r\v\f")


# --- an intention -----------------------------------------------------------


def test_intention_accepts_any_iterable_of_statuts_as_a_frozenset() -> None:
    intention = Intention(Voie.CAP, None, (s for s in [Statut.APPRENTI, Statut.APPRENTI]))
    assert intention.statuts == frozenset({Statut.APPRENTI})
    assert type(intention.statuts) is frozenset


def test_both_statuts_may_be_ticked() -> None:
    both = Intention(Voie.PRO, None, [Statut.APPRENTI, Statut.SCOLAIRE])
    assert both.statuts_in_order == (Statut.SCOLAIRE, Statut.APPRENTI)


def test_gt_has_no_other_information_to_enter() -> None:
    with pytest.raises(InvalidValue) as error:
        Intention(Voie.GT, "Lycée", [Statut.SCOLAIRE])
    assert codes(error) == ["details.not_allowed", "details.not_allowed"]
    assert [p.path for p in error.value.problems] == [("precision",), ("statuts",)]
    assert error.value.problems[0].message == (
        "Pour la 2de générale et technologique ou 2de STHR, "
        "il n'y a pas d'autres informations à saisir."
    )


def test_has_details_tells_whether_a_precision_or_statut_was_given() -> None:
    assert not GT.has_details
    assert not Intention(Voie.PRO).has_details
    assert Intention(Voie.PRO, None, [Statut.SCOLAIRE]).has_details
    assert CAP.has_details


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("PRO",), [("type.invalid", ("voie",))]),
        ((None,), [("voie.missing", ("voie",))]),
        ((Voie.PRO, 42), [("type.invalid", ("precision",))]),
        ((Voie.PRO, b"bytes"), [("type.invalid", ("precision",))]),
        ((Voie.PRO, None, "SCOLAIRE"), [("type.invalid", ("statuts",))]),
        ((Voie.PRO, None, 7), [("type.invalid", ("statuts",))]),
        ((Voie.PRO, None, [[1]]), [("type.invalid", ("statuts",))]),
        ((Voie.PRO, None, {"SCOLAIRE": 1}), [("type.invalid", ("statuts",))]),
        ((Voie.PRO, None, ["SCOLAIRE"]), [("statut.unknown", ("statuts",))]),
        (
            (3, 4.5, None),
            [
                ("type.invalid", ("voie",)),
                ("type.invalid", ("precision",)),
                ("type.invalid", ("statuts",)),
            ],
        ),
    ],
)
def test_wrong_types_are_refused_with_every_problem_located(
    args: tuple[Any, ...], expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    with pytest.raises(InvalidValue) as error:
        Intention(*args)
    assert [(p.code, p.path) for p in error.value.problems] == expected


def test_a_wrong_type_names_the_type_expected() -> None:
    with pytest.raises(InvalidValue) as error:
        Intention(3, 4.5, None)  # type: ignore[arg-type]
    assert [p.message for p in error.value.problems] == [
        WRONG_TYPE,
        WRONG_TYPE,
        WRONG_TYPE,
    ]


def test_invalid_value_is_a_value_error_and_an_orientation_error() -> None:
    with pytest.raises(ValueError, match="200 caractères") as error:
        Intention(Voie.PRO, "x" * 300)
    assert isinstance(error.value, OrientationError)
    assert error.value.code == "invalid_value"


def test_evolve_goes_through_the_same_rules() -> None:
    assert attrs.evolve(PRO, precision="  Boulangerie ").precision == "Boulangerie"
    with pytest.raises(InvalidValue):
        attrs.evolve(PRO, voie=Voie.GT)


def test_an_intention_cannot_be_changed_in_place() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        PRO.precision = "Autre"  # type: ignore[misc]


@given(intentions())
def test_intentions_are_values_hashable_picklable_and_copyable(intention: Intention) -> None:
    clone = pickle.loads(pickle.dumps(intention))
    assert clone == intention
    assert hash(clone) == hash(intention)
    assert copy.deepcopy(intention) == intention


# --- a set of intentions ----------------------------------------------------


def test_the_order_is_the_rank_of_preference() -> None:
    s = IntentionSet([CAP, GT])
    assert s.at(1) is CAP
    assert s.at(2) is GT
    assert list(s) == [CAP, GT]
    assert s.voies == (Voie.CAP, Voie.GT)
    assert s.rank_of(Voie.GT) == 2
    assert s.rank_of(Voie.PRO) is None


def test_any_iterable_of_intentions_is_stored_as_a_tuple() -> None:
    assert IntentionSet(iter([GT, PRO])).intentions == (GT, PRO)


def test_a_set_needs_at_least_one_intention() -> None:
    with pytest.raises(InvalidValue) as error:
        IntentionSet([])
    assert codes(error) == ["intentions.empty"]
    assert error.value.problems[0].message == "Vous devez obligatoirement saisir une intention."


def test_a_set_holds_at_most_three_intentions() -> None:
    with pytest.raises(InvalidValue) as error:
        IntentionSet([GT, PRO, CAP, Intention(Voie.PRO)])
    assert "intentions.too_many" in codes(error)


def test_each_voie_appears_at_most_once() -> None:
    with pytest.raises(InvalidValue) as error:
        IntentionSet([PRO, GT, Intention(Voie.PRO)])
    assert [(p.code, p.path, p.message) for p in error.value.problems] == [
        (
            "voie.duplicate",
            ("intentions", 2, "voie"),
            "Vous avez déjà choisi cette voie pour l'intention 1.",
        )
    ]


@pytest.mark.parametrize("bad", [None, 3, "GT", b"GT", {"voie": "GT"}, [GT, "PRO"], [None]])
def test_a_set_of_anything_but_intentions_is_refused(bad: Any) -> None:
    with pytest.raises(InvalidValue) as error:
        IntentionSet(bad)
    assert "type.invalid" in codes(error)


def test_what_is_not_a_set_of_intentions_is_refused_where_it_is_wrong() -> None:
    with pytest.raises(InvalidValue) as whole:
        IntentionSet("GT")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue) as one:
        IntentionSet([GT, "PRO"])  # type: ignore[list-item]
    assert located(whole) == [("type.invalid", ("intentions",), WRONG_TYPE)]
    assert located(one) == [("type.invalid", ("intentions", 1), WRONG_TYPE)]


def test_add_puts_the_intention_at_the_lowest_preference() -> None:
    s = IntentionSet([GT])
    assert s.add(CAP).intentions == (GT, CAP)
    assert s.intentions == (GT,)


def test_a_fourth_intention_is_refused() -> None:
    full = IntentionSet([GT, PRO, CAP])
    with pytest.raises(InvalidValue) as error:
        full.add(Intention(Voie.CAP))
    assert located(error) == [
        ("intentions.too_many", ("intentions",), "Vous pouvez saisir jusqu'à trois intentions.")
    ]


def test_adding_a_voie_already_chosen_is_refused() -> None:
    with pytest.raises(InvalidValue) as error:
        IntentionSet([GT, PRO]).add(Intention(Voie.PRO, "Vente"))
    assert located(error) == [
        (
            "voie.duplicate",
            ("intention", "voie"),
            "Vous avez déjà choisi cette voie pour l'intention 2.",
        )
    ]


def test_remove_leaves_the_others_in_order() -> None:
    assert IntentionSet([GT, PRO, CAP]).remove(2).intentions == (GT, CAP)


def test_the_last_intention_cannot_be_removed() -> None:
    with pytest.raises(InvalidValue) as error:
        IntentionSet([PRO]).remove(1)
    assert located(error) == [
        ("intentions.empty", ("intentions",), "Vous devez obligatoirement saisir une intention.")
    ]


def test_move_up_and_move_down_swap_neighbours() -> None:
    s = IntentionSet([GT, PRO, CAP])
    assert s.move_up(3).intentions == (GT, CAP, PRO)
    assert s.move_down(1).intentions == (PRO, GT, CAP)


def test_the_first_cannot_move_up_nor_the_last_down() -> None:
    s = IntentionSet([GT, PRO])
    with pytest.raises(InvalidValue) as up:
        s.move_up(1)
    with pytest.raises(InvalidValue) as down:
        s.move_down(2)
    assert located(up) == [
        ("rank.first_cannot_move_up", ("rank",), "La première intention ne peut pas monter.")
    ]
    assert located(down) == [
        ("rank.last_cannot_move_down", ("rank",), "La dernière intention ne peut pas descendre.")
    ]


def test_replace_may_change_the_voie_of_a_rank() -> None:
    s = IntentionSet([GT, PRO])
    assert s.replace(2, CAP).intentions == (GT, CAP)
    assert s.replace(2, Intention(Voie.PRO, "Vente")).at(2).precision == "Vente"


def test_replace_refuses_a_voie_held_by_another_rank() -> None:
    with pytest.raises(InvalidValue) as error:
        IntentionSet([GT, PRO]).replace(2, Intention(Voie.GT))
    assert [(p.code, p.path) for p in error.value.problems] == [
        ("voie.duplicate", ("intention", "voie"))
    ]


@pytest.mark.parametrize("rank", [0, 4, -1, 2])
def test_a_rank_out_of_range_is_refused(rank: int) -> None:
    s = IntentionSet([GT])
    with pytest.raises(InvalidValue) as error:
        s.at(rank)
    assert codes(error) == ["rank.out_of_range"]
    assert error.value.problems[0].message == f"Il n'y a pas d'intention de rang {rank}."


@pytest.mark.parametrize("rank", [True, 1.0, "1", None])
def test_a_rank_must_be_a_whole_number(rank: Any) -> None:
    with pytest.raises(InvalidValue) as error:
        IntentionSet([GT]).at(rank)
    assert located(error) == [("type.invalid", ("rank",), WRONG_TYPE)]


def test_only_intentions_can_be_added_or_put_in_place() -> None:
    s = IntentionSet([GT])
    with pytest.raises(InvalidValue) as added:
        s.add("PRO")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue) as replaced:
        s.replace(1, None)  # type: ignore[arg-type]
    assert located(added) == located(replaced) == [("type.invalid", ("intention",), WRONG_TYPE)]


@given(intention_sets())
def test_sets_are_values_hashable_and_picklable(s: IntentionSet) -> None:
    clone = pickle.loads(pickle.dumps(s))
    assert clone == s
    assert hash(clone) == hash(s)
    assert IntentionSet(list(s)) == s


# --- invariants under any sequence of operations ---------------------------

Operation = Callable[[IntentionSet], IntentionSet]


@st.composite
def operations(draw: st.DrawFn) -> Operation:
    rank = draw(st.integers(min_value=-1, max_value=5))
    kind = draw(st.sampled_from(["add", "remove", "move_up", "move_down", "replace"]))
    if kind == "add":
        newcomer = draw(intentions())
        return lambda s: s.add(newcomer)
    if kind == "replace":
        newcomer = draw(intentions())
        return lambda s: s.replace(rank, newcomer)
    method: Callable[[IntentionSet, int], IntentionSet] = getattr(IntentionSet, kind)
    return lambda s: method(s, rank)


def assert_valid(s: IntentionSet) -> None:
    assert 1 <= len(s) <= 3
    assert len(set(s.voies)) == len(s)
    assert all(isinstance(i, Intention) for i in s)
    # A valid set rebuilds through the checking constructor unchanged.
    assert IntentionSet(s.intentions) == s


@given(intention_sets(), st.lists(operations(), max_size=12))
def test_every_invariant_holds_after_any_sequence_of_operations(
    start: IntentionSet, ops: list[Operation]
) -> None:
    current = start
    for operation in ops:
        before = current
        snapshot = pickle.dumps(before)
        try:
            current = operation(current)
        except InvalidValue as error:
            assert error.problems
            # A refused operation leaves the set exactly as it was.
            assert pickle.dumps(before) == snapshot
            current = before
        assert_valid(current)


@given(intention_sets(min_size=2), st.data())
def test_move_up_then_move_down_is_the_identity(s: IntentionSet, data: st.DataObject) -> None:
    rank = data.draw(st.integers(min_value=2, max_value=len(s)))
    assert s.move_up(rank).move_down(rank - 1) == s
    assert s.move_down(rank - 1).move_up(rank) == s


@given(intention_sets(max_size=2), st.data())
def test_add_then_remove_the_last_is_the_identity(s: IntentionSet, data: st.DataObject) -> None:
    voie = data.draw(st.sampled_from([v for v in Voie if v not in s.voies]))
    assert s.add(Intention(voie)).remove(len(s) + 1) == s


@given(voies, st.none() | raw_text, statuts)
def test_construction_either_gives_a_valid_intention_or_invalid_value(
    voie: Voie, precision: str | None, chosen: frozenset[Statut]
) -> None:
    try:
        intention = Intention(voie, precision, chosen)
    except InvalidValue as error:
        assert error.problems
    else:
        assert intention.precision is None or 0 < len(intention.precision) <= 200
        assert voie.accepts_details or not intention.has_details


@pytest.mark.parametrize("text", [None, 3, b"Vente", ["Vente"]])
def test_only_text_can_be_normalised(text: Any) -> None:
    with pytest.raises(InvalidValue) as error:
        normalise_precision(text)
    assert located(error) == [("type.invalid", ("text",), WRONG_TYPE)]


# --- values at the limits (issue 7) -------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        IntentionSet.at,
        IntentionSet.remove,
        IntentionSet.move_up,
        IntentionSet.move_down,
        lambda s, rank: s.replace(rank, CAP),
    ],
    ids=["at", "remove", "move_up", "move_down", "replace"],
)
@pytest.mark.parametrize("rank", [HUGE, -HUGE], ids=["huge", "-huge"])
def test_a_rank_of_thousands_of_digits_is_out_of_range_and_not_written_out(
    change: Callable[[IntentionSet, int], object], rank: int
) -> None:
    s = IntentionSet([GT, PRO])
    with pytest.raises(InvalidValue) as error:
        change(s, rank)
    assert [(p.code, p.path, p.message) for p in error.value.problems] == [
        ("rank.out_of_range", ("rank",), "Il n'y a pas d'intention de rang valeur non reconnue.")
    ]
    assert s == IntentionSet([GT, PRO])


# --- speed (issue 10): the few sets of statuts are shared ---------------------------------


@given(statuts)
def test_every_intention_shares_one_of_the_four_sets_of_statuts(chosen: frozenset[Statut]) -> None:
    # A frozenset takes 216 bytes and a cohort holds millions of intentions:
    # however an intention is made, its statuts are one of four shared sets.
    shared = Intention(Voie.PRO, None, chosen).statuts
    assert shared == chosen
    codes = [s.value for s in Statut if s in chosen]
    row = {"voie": "CAP", "precision": None, "statuts": codes}
    made = [
        Intention(Voie.CAP, "Fleuriste", list(chosen)),
        IntentionSet.from_form([row], AcademySettings()).at(1),
        IntentionSet.from_form([{**row, "statuts": (*codes, "")}], AcademySettings()).at(1),
        codec.load(Intention, {"schema": 1, "type": "Intention", **row}),
        codec.load(IntentionSet, {"schema": 1, "type": "IntentionSet", "intentions": [row]}).at(1),
    ]
    assert all(intention.statuts is shared for intention in made)


@pytest.mark.parametrize("move", [IntentionSet.move_up, IntentionSet.move_down])
@pytest.mark.parametrize(
    ("rank", "code"), [(0, "rank.out_of_range"), (4, "rank.out_of_range"), (True, "type.invalid")]
)
def test_a_move_checks_its_rank_before_anything(
    move: Callable[[IntentionSet, int], IntentionSet], rank: int, code: str
) -> None:
    # The moves check the usual rank inline, for speed: what they refuse is as before.
    s = IntentionSet([GT, PRO, CAP])
    with pytest.raises(InvalidValue) as error:
        move(s, rank)
    assert codes(error) == [code]


@given(statuts, voies)
def test_an_intention_without_a_precision_read_from_a_form_or_data_is_shared(
    chosen: frozenset[Statut], voie: Voie
) -> None:
    # Only nine such intentions exist: reading one builds nothing.
    assume(voie.accepts_details or not chosen)
    row = {"voie": voie.value, "precision": " ", "statuts": [s.value for s in chosen]}
    read = IntentionSet.from_form([row], AcademySettings()).at(1)
    assert read == Intention(voie, None, chosen)
    data = {"schema": 1, "type": "IntentionSet", "intentions": [{**row, "precision": None}]}
    assert codec.load(IntentionSet, data).at(1) is read
    assert IntentionSet.from_form([row], AcademySettings()).at(1) is read
