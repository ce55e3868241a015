from typing import Any, cast

import pytest
from hypothesis import given

from orientation_core import Guardian, Pupil, Role, Staff
from orientation_core.exceptions import InvalidValue
from tests.strategies import guardians, pupils, staff_members


def test_a_guardian_is_named_and_may_have_an_email_address() -> None:
    guardian = Guardian(" resp-1 ", "  Claire Martin ", " claire.martin@example.fr ")
    assert (guardian.id, guardian.name, guardian.email) == (
        "resp-1",
        "Claire Martin",
        "claire.martin@example.fr",
    )
    assert Guardian("resp-2", "Paul Martin").email is None


@pytest.mark.parametrize("email", ["claire", "claire@", "@example.fr", "cl aire@example.fr"])
def test_an_email_address_that_cannot_be_one_is_refused(email: str) -> None:
    with pytest.raises(InvalidValue) as error:
        Guardian("resp-1", "Claire Martin", email)
    assert error.value.codes == ("email.invalid",)


def test_an_actor_needs_an_identifier_and_a_name() -> None:
    with pytest.raises(InvalidValue) as error:
        Guardian("  ", "")
    assert error.value.codes == ("actor.id_missing", "actor.name_missing")


def test_the_pupil_has_a_class() -> None:
    assert Pupil("eleve-1", "Léa Martin", " 3e B ").classe == "3e B"
    with pytest.raises(InvalidValue) as error:
        Pupil("eleve-1", "Léa Martin", " ")
    assert error.value.codes == ("pupil.classe_missing",)


def test_staff_belong_to_one_school_with_one_role() -> None:
    head = Staff("ce-1", "0751234A", Role.HEAD)
    assert head.is_head
    assert not Staff("pp-1", "0751234A", Role.PROFESSEUR_PRINCIPAL).is_head
    assert Role.HEAD.label == "Chef d'établissement"
    assert Role.PROFESSEUR_PRINCIPAL.label == "Professeur principal"
    assert Role.SECRETARIAT.label == "Secrétariat"


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda: Staff("ce-1", "", Role.HEAD), "staff.uai_missing"),
        (lambda: Staff("ce-1", "0751234A", cast("Role", "HEAD")), "type.invalid"),
        (lambda: Guardian(1, "Claire"), "type.invalid"),
        (lambda: Guardian("resp-1", "Claire", 3), "type.invalid"),
        (lambda: Guardian("resp-1", "x" * 201), "actor.text_invalid"),
        (lambda: Guardian("resp-1", "Claire\x00"), "actor.text_invalid"),
        (lambda: Pupil("e", "Léa", None), "type.invalid"),
    ],
)
def test_bad_actor_values_of_any_type_are_invalid_values(build: Any, code: str) -> None:
    with pytest.raises(InvalidValue) as error:
        build()
    assert code in error.value.codes


@given(guardians(), pupils(), staff_members())
def test_actors_are_values_equal_when_built_alike(
    guardian: Guardian, pupil: Pupil, staff: Staff
) -> None:
    assert Guardian(guardian.id, guardian.name, guardian.email) == guardian
    assert Pupil(pupil.id, pupil.name, pupil.classe) == pupil
    assert Staff(staff.id, staff.uai, staff.role) == staff
