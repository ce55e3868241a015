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
    assert [(p.code, p.path, p.message) for p in error.value.problems] == [
        ("actor.id_missing", ("id",), "L'identifiant est obligatoire."),
        ("actor.name_missing", ("name",), "Le nom est obligatoire."),
    ]


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


TOO_LONG = "Ce texte ne doit pas dépasser 200 caractères ni contenir de caractère de contrôle."


# The type expected is for developers (Problem.detail), never in the message.
WRONG_TYPE = "Cette valeur n'a pas le type attendu."


@pytest.mark.parametrize(
    ("build", "code", "path", "message"),
    [
        (
            lambda: Staff("ce-1", "", Role.HEAD),
            "staff.uai_missing",
            ("uai",),
            "L'établissement (code UAI) est obligatoire.",
        ),
        (
            lambda: Staff("ce-1", "0751234A", cast("Role", "HEAD")),
            "type.invalid",
            ("role",),
            WRONG_TYPE,
        ),
        (
            lambda: Staff("pp-1", "0751234A", Role.PROFESSEUR_PRINCIPAL, 3),
            "type.invalid",
            ("classes",),
            WRONG_TYPE,
        ),
        (lambda: Guardian(1, "Claire"), "type.invalid", ("id",), WRONG_TYPE),
        (lambda: Guardian("resp-1", None), "type.invalid", ("name",), WRONG_TYPE),
        (lambda: Guardian("resp-1", "Claire", 3), "type.invalid", ("email",), WRONG_TYPE),
        (
            lambda: Guardian("resp-1", "Claire", "claire"),
            "email.invalid",
            ("email",),
            "L'adresse électronique n'est pas valide.",
        ),
        (lambda: Guardian("resp-1", "x" * 201), "actor.text_invalid", ("name",), TOO_LONG),
        (lambda: Guardian("r" * 201, "Claire"), "actor.text_invalid", ("id",), TOO_LONG),
        (lambda: Guardian("resp-1", "Claire\x00"), "actor.text_invalid", ("name",), TOO_LONG),
        (lambda: Pupil("e", "Léa", None), "type.invalid", ("classe",), WRONG_TYPE),
        (
            lambda: Pupil("e", "Léa", ""),
            "pupil.classe_missing",
            ("classe",),
            "La classe de l'élève est obligatoire.",
        ),
    ],
)
def test_bad_actor_values_of_any_type_are_invalid_values(
    build: Any, code: str, path: tuple[str, ...], message: str
) -> None:
    with pytest.raises(InvalidValue) as error:
        build()
    assert [(p.code, p.path, p.message) for p in error.value.problems] == [(code, path, message)]


def test_names_and_email_addresses_may_be_200_characters_long() -> None:
    name = "x" * 200
    email = "c" * 189 + "@example.fr"
    assert len(email) == 200
    assert Guardian(name, name, email).email == email
    assert Pupil(name, name, name).classe == name
    with pytest.raises(InvalidValue) as error:
        Guardian("resp-1", "Claire", "c" + email)
    assert [(p.code, p.path) for p in error.value.problems] == [("email.invalid", ("email",))]


@given(guardians(), pupils(), staff_members())
def test_actors_are_values_equal_when_built_alike(
    guardian: Guardian, pupil: Pupil, staff: Staff
) -> None:
    assert Guardian(guardian.id, guardian.name, guardian.email) == guardian
    assert Pupil(pupil.id, pupil.name, pupil.classe) == pupil
    assert Staff(staff.id, staff.uai, staff.role, sorted(staff.classes)) == staff


# -- a professeur principal's classes ------------------------------------------


def test_a_professeur_principal_has_the_classes_written_as_pupils_carry_them() -> None:
    pp = Staff("pp-1", "0751234A", Role.PROFESSEUR_PRINCIPAL, [" 3e B", "3e A ", "3e B"])
    assert pp.classes == frozenset({"3e A", "3e B"})
    assert Staff("pp-1", "0751234A", Role.PROFESSEUR_PRINCIPAL, ("3e A", "3e B")) == pp
    # A generator, a set: any collection of names will do.
    assert Staff("pp-1", "0751234A", Role.PROFESSEUR_PRINCIPAL, {"3e B", "3e A"}) == pp
    assert Staff("pp-1", "0751234A", Role.PROFESSEUR_PRINCIPAL, (c for c in ["3e A", "3e B"])) == pp


def test_staff_have_no_class_by_default() -> None:
    assert Staff("ce-1", "0751234A", Role.HEAD).classes == frozenset()
    assert Staff("pp-1", "0751234A", Role.PROFESSEUR_PRINCIPAL).classes == frozenset()
    assert Staff("sec-1", "0751234A", Role.SECRETARIAT, []).classes == frozenset()


@pytest.mark.parametrize("role", [Role.HEAD, Role.SECRETARIAT])
def test_only_a_professeur_principal_has_classes(role: Role) -> None:
    # The head and the secretariat act school-wide: a class would mean nothing.
    with pytest.raises(InvalidValue) as error:
        Staff("staff-1", "0751234A", role, ["3e B"])
    assert [(p.code, p.path) for p in error.value.problems] == [
        ("staff.classes_not_pp", ("classes",))
    ]


@pytest.mark.parametrize(
    "classes",
    [
        "3e B",  # one name, not a collection of names
        {"3e B": "pp"},
        None,
        3,
        ["3e B", 3],
        [None],
        [b"3e B"],
    ],
)
def test_classes_that_are_not_a_collection_of_names_are_invalid_values(classes: Any) -> None:
    with pytest.raises(InvalidValue) as error:
        Staff("pp-1", "0751234A", Role.PROFESSEUR_PRINCIPAL, classes)
    assert [(p.code, p.path) for p in error.value.problems] == [("type.invalid", ("classes",))]


@pytest.mark.parametrize(
    ("classes", "code"),
    [
        ([""], "pupil.classe_missing"),
        (["3e B", "  "], "pupil.classe_missing"),
        (["3e\x00B"], "actor.text_invalid"),
        (["3" * 201], "actor.text_invalid"),
    ],
)
def test_each_class_is_a_class_name_like_a_pupils(classes: list[str], code: str) -> None:
    with pytest.raises(InvalidValue) as error:
        Staff("pp-1", "0751234A", Role.PROFESSEUR_PRINCIPAL, classes)
    assert [(p.code, p.path) for p in error.value.problems] == [(code, ("classes",))]


def test_every_problem_of_a_member_of_staff_is_reported_at_once() -> None:
    with pytest.raises(InvalidValue) as error:
        Staff(" ", "", Role.SECRETARIAT, [" "])
    assert [(p.code, p.path) for p in error.value.problems] == [
        ("actor.id_missing", ("id",)),
        ("staff.uai_missing", ("uai",)),
        ("pupil.classe_missing", ("classes",)),
        ("staff.classes_not_pp", ("classes",)),
    ]
