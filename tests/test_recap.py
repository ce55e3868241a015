import pytest
from hypothesis import given

from orientation_core import Intention, IntentionSet, Statut, Voie, recap_lines
from orientation_core.exceptions import InvalidValue
from tests.strategies import intention_sets


def test_the_guides_recap_is_worded_as_on_screen() -> None:
    intentions = IntentionSet(
        [
            Intention(Voie.GT),
            Intention(Voie.PRO, "Pâtisserie"),
            Intention(Voie.CAP, "Boulangerie"),
        ]
    )
    assert recap_lines(intentions) == (
        "Intention 1 : 2de générale et technologique ou 2de STHR",
        "Intention 2 : 2de professionnelle",
        "Métier ou formation : Pâtisserie",
        "Intention 3 : 1re année de CAP",
        "Métier ou formation : Boulangerie",
    )


def test_the_screen_shows_no_statut_the_e_mail_does() -> None:
    # The guide's on-screen recap has no statut line; only its e-mail lists them.
    intentions = IntentionSet(
        [
            Intention(Voie.CAP, "Carrosserie", [Statut.APPRENTI, Statut.SCOLAIRE]),
            Intention(Voie.PRO, None, [Statut.APPRENTI]),
        ]
    )
    assert recap_lines(intentions) == (
        "Intention 1 : 1re année de CAP",
        "Métier ou formation : Carrosserie",
        "Intention 2 : 2de professionnelle",
    )


def test_the_screen_says_metier_ou_formation_whatever_the_voie() -> None:
    # The e-mail says "Spécialité(s)" for CAP; the screen does not.
    lines = recap_lines(IntentionSet([Intention(Voie.CAP, "Carrosserie")]))
    assert lines[1] == "Métier ou formation : Carrosserie"


def test_the_ranks_follow_a_move() -> None:
    intentions = IntentionSet([Intention(Voie.GT), Intention(Voie.PRO)]).move_up(2)
    assert recap_lines(intentions) == (
        "Intention 1 : 2de professionnelle",
        "Intention 2 : 2de générale et technologique ou 2de STHR",
    )


@given(intention_sets())
def test_every_intention_gives_its_rank_line_then_its_details(intentions: IntentionSet) -> None:
    lines = list(recap_lines(intentions))
    rank_lines = [line for line in lines if line.startswith("Intention ")]
    assert [line.split(" : ")[0] for line in rank_lines] == [
        f"Intention {rank}" for rank in range(1, len(intentions.intentions) + 1)
    ]
    details = sum(i.precision is not None for i in intentions.intentions)
    assert len(lines) == len(rank_lines) + details


@pytest.mark.parametrize("value", [None, [Intention(Voie.GT)], Intention(Voie.GT), "GT"])
def test_only_an_intention_set_has_a_recap(value: object) -> None:
    with pytest.raises(InvalidValue) as error:
        recap_lines(value)  # type: ignore[arg-type]
    assert [(p.code, p.path, p.detail) for p in error.value.problems] == [
        ("type.invalid", ("intentions",), "expected: IntentionSet")
    ]
