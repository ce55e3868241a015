from typing import Any

import pytest

from orientation_core import AcademySettings, Intention, IntentionSet, Statut, Voie
from orientation_core.exceptions import InvalidValue

DETAILED = IntentionSet([Intention(Voie.GT), Intention(Voie.CAP, "Boulangerie", [Statut.APPRENTI])])


def test_details_are_allowed_unless_the_academie_says_otherwise() -> None:
    assert AcademySettings().details_enabled is True
    AcademySettings().check(DETAILED)


def test_a_set_with_details_is_refused_where_details_are_disabled() -> None:
    with pytest.raises(InvalidValue) as error:
        AcademySettings(details_enabled=False).check(DETAILED)
    assert [(p.code, p.path) for p in error.value.problems] == [
        ("details.disabled", ("intentions", 1, "precision")),
        ("details.disabled", ("intentions", 1, "statuts")),
    ]


def test_a_set_without_details_passes_whatever_the_settings() -> None:
    bare = IntentionSet([Intention(Voie.PRO), Intention(Voie.GT)])
    AcademySettings(details_enabled=False).check(bare)


@pytest.mark.parametrize("bad", [1, "yes", None])
def test_the_setting_is_a_boolean(bad: Any) -> None:
    with pytest.raises(InvalidValue) as error:
        AcademySettings(details_enabled=bad)
    assert [(p.code, p.path, p.message) for p in error.value.problems] == [
        ("type.invalid", ("details_enabled",), "Cette valeur n'a pas le type attendu.")
    ]


@pytest.mark.parametrize("bad", [3, None, [Intention(Voie.GT)], "GT"])
def test_only_an_intention_set_is_checked_against_the_settings(bad: Any) -> None:
    with pytest.raises(InvalidValue) as error:
        AcademySettings(details_enabled=False).check(bad)
    assert [(p.code, p.path, p.message) for p in error.value.problems] == [
        ("type.invalid", ("intentions",), "Cette valeur n'a pas le type attendu.")
    ]
