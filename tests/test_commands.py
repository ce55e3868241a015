"""What a command checks of its own payload, before any dossier sees it.

Each refusal names its problem, where it is (the path a host uses to put the
message next to the field) and the sentence staff or a parent reads.
"""

from collections.abc import Callable
from typing import Any

import pytest

from orientation_core import (
    Answer,
    AnswerPropositions,
    Avis,
    AvisConseil,
    HandOverEntrant,
    Intention,
    IntentionSet,
    LodgeAppeal,
    Proposition,
    RecordAppealDecision,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    ValidateChoix,
    ValidateIntentions,
    Voie,
)
from orientation_core.exceptions import InvalidValue

Located = list[tuple[str, tuple[str | int, ...], str]]

GT_PRO = IntentionSet([Intention(Voie.GT), Intention(Voie.PRO)])
TOO_LONG = "Ce texte ne doit pas dépasser 2000 caractères."
FORBIDDEN = "Ce texte contient un caractère non autorisé."


# The type expected is for developers (Problem.detail), never in the message.
WRONG_TYPE = "Cette valeur n'a pas le type attendu."


def refused(build: Callable[[], object]) -> Located:
    with pytest.raises(InvalidValue) as error:
        build()
    return [(p.code, p.path, p.message) for p in error.value.problems]


BAD: Any = lambda value: value  # noqa: E731 -- hides a wrong type from mypy


# --- the avis of the conseil de classe ----------------------------------------


@pytest.mark.parametrize("avis", [Avis.RESERVE, Avis.DEFAVORABLE])
@pytest.mark.parametrize("reason", [None, "", " \r\n "])
def test_a_reserved_or_unfavourable_avis_without_a_reason_is_refused_on_the_reason(
    avis: Avis, reason: str | None
) -> None:
    assert refused(lambda: AvisConseil(Voie.PRO, avis, reason)) == [
        ("avis.reason_required", ("reason",), "Un avis réservé ou défavorable doit être motivé.")
    ]


def test_a_favourable_avis_needs_no_reason() -> None:
    assert AvisConseil(Voie.PRO, Avis.FAVORABLE).reason is None


def test_every_wrong_part_of_an_avis_is_located() -> None:
    assert refused(lambda: AvisConseil(BAD("GT"), BAD("FAVORABLE"), BAD(42), BAD(b"x"))) == [
        ("type.invalid", ("voie",), WRONG_TYPE),
        ("type.invalid", ("avis",), WRONG_TYPE),
        ("type.invalid", ("reason",), WRONG_TYPE),
        ("type.invalid", ("comment",), WRONG_TYPE),
    ]


def test_the_reason_and_comment_of_a_favourable_avis_are_checked_too() -> None:
    assert refused(lambda: AvisConseil(Voie.GT, Avis.FAVORABLE, "x" * 2001, "Bien\x07")) == [
        ("text.too_long", ("reason",), TOO_LONG),
        ("text.invalid_character", ("comment",), FORBIDDEN),
    ]


def test_a_reason_of_2000_characters_is_kept_and_one_more_is_refused() -> None:
    assert AvisConseil(Voie.PRO, Avis.RESERVE, "x" * 2000).reason == "x" * 2000
    assert refused(lambda: AvisConseil(Voie.PRO, Avis.RESERVE, "x" * 2001)) == [
        ("text.too_long", ("reason",), TOO_LONG)
    ]


def test_staff_record_avis_only_as_a_sequence_of_avis() -> None:
    assert refused(lambda: RecordAvis(1, BAD([Avis.FAVORABLE]))) == [
        ("type.invalid", ("avis",), WRONG_TYPE)
    ]


# --- the propositions of the conseil de classe --------------------------------


def test_every_wrong_part_of_a_proposition_is_located() -> None:
    assert refused(lambda: Proposition(BAD("GT"), BAD(3))) == [
        ("type.invalid", ("voie",), WRONG_TYPE),
        ("type.invalid", ("comment",), WRONG_TYPE),
    ]


@pytest.mark.parametrize(
    ("propositions", "expected"),
    [
        (
            ["PRO"],
            [("type.invalid", ("propositions",), WRONG_TYPE)],
        ),
        (
            [],
            [
                (
                    "propositions.empty",
                    ("propositions",),
                    "Le conseil de classe fait au moins une proposition.",
                )
            ],
        ),
        (
            [Proposition(Voie.GT), Proposition(Voie.PRO), Proposition(Voie.CAP)] * 2,
            [
                (
                    "propositions.too_many",
                    ("propositions",),
                    "Le conseil de classe fait au plus trois propositions.",
                )
            ],
        ),
        (
            [Proposition(Voie.PRO), Proposition(Voie.GT), Proposition(Voie.PRO, "Autre")],
            [
                (
                    "propositions.duplicate",
                    ("propositions", 2, "voie"),
                    "Cette voie est déjà proposée.",
                )
            ],
        ),
    ],
    ids=["not-propositions", "none", "more-than-three", "a-voie-twice"],
)
def test_the_conseil_proposes_one_to_three_voies_each_once(
    propositions: Any, expected: Located
) -> None:
    assert refused(lambda: RecordPropositions(1, propositions)) == expected


# --- what the family sends ------------------------------------------------------


def test_the_family_answers_with_answers_and_agrees_with_one_proposition_at_most() -> None:
    assert refused(lambda: AnswerPropositions(1, BAD("D_ACCORD"))) == [
        ("type.invalid", ("answers",), WRONG_TYPE)
    ]
    # A code among the answers, after an answer, is no answer either.
    assert refused(lambda: AnswerPropositions(1, [Answer.PAS_D_ACCORD, BAD("D_ACCORD")])) == [
        ("type.invalid", ("answers",), WRONG_TYPE)
    ]
    assert AnswerPropositions(1, [Answer.PAS_D_ACCORD, Answer.D_ACCORD]).answers == (
        Answer.PAS_D_ACCORD,
        Answer.D_ACCORD,
    )
    assert refused(lambda: AnswerPropositions(1, [Answer.D_ACCORD, Answer.D_ACCORD])) == [
        (
            "answers.several_accepted",
            ("answers",),
            "Vous ne pouvez être d'accord qu'avec une seule proposition.",
        )
    ]


def test_intentions_and_choix_are_sent_as_a_set_of_intentions() -> None:
    intentions = [Intention(Voie.GT)]
    assert refused(lambda: ValidateIntentions(1, BAD(intentions))) == [
        ("type.invalid", ("intentions",), WRONG_TYPE)
    ]
    assert refused(lambda: ValidateChoix(1, BAD(intentions))) == [
        ("type.invalid", ("choix",), WRONG_TYPE)
    ]


def test_the_signatory_of_a_paper_form_is_kept_without_margins_and_never_blank() -> None:
    assert ValidateIntentions(1, GT_PRO, signed_by="  claire ").signed_by == "claire"
    assert ValidateIntentions(1, GT_PRO).signed_by is None
    assert refused(lambda: ValidateChoix(1, GT_PRO, signed_by="   ")) == [
        ("type.invalid", ("signed_by",), WRONG_TYPE)
    ]


def test_an_appeal_names_a_voie_and_its_motif_is_checked_like_any_text() -> None:
    assert refused(lambda: LodgeAppeal(1, BAD("GT"), BAD(3))) == [
        ("type.invalid", ("voie",), WRONG_TYPE),
        ("type.invalid", ("motif",), WRONG_TYPE),
    ]
    assert refused(lambda: LodgeAppeal(1, Voie.GT, "Motif\x00")) == [
        ("text.invalid_character", ("motif",), FORBIDDEN)
    ]


# --- what the head and staff decide ---------------------------------------------


def test_a_decision_names_a_voie_and_its_reasons_are_checked_like_any_text() -> None:
    assert refused(lambda: RecordDecision(1, BAD("GT"), BAD(3))) == [
        ("type.invalid", ("voie",), WRONG_TYPE),
        ("type.invalid", ("reasons",), WRONG_TYPE),
    ]
    assert refused(lambda: RecordDecision(1, Voie.GT, "x" * 2001)) == [
        ("text.too_long", ("reasons",), TOO_LONG)
    ]


def test_the_commissions_decision_names_a_voie_and_its_comment_is_checked() -> None:
    assert refused(lambda: RecordAppealDecision(1, BAD("GT"), BAD(3))) == [
        ("type.invalid", ("voie",), WRONG_TYPE),
        ("type.invalid", ("comment",), WRONG_TYPE),
    ]


def test_the_entrant_role_is_handed_to_a_named_guardian() -> None:
    assert HandOverEntrant(1, "paul").to == "paul"
    assert refused(lambda: HandOverEntrant(1, "")) == [("type.invalid", ("to",), WRONG_TYPE)]
