"""The recap of every phase, as the family reads it on screen."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given

from orientation_core import (
    Answer,
    Appeal,
    AppealDecision,
    Avis,
    AvisConseil,
    Decision,
    Dossier,
    Intention,
    IntentionSet,
    Proposition,
    Statut,
    Voie,
)
from orientation_core.exceptions import InvalidValue
from orientation_core.texts import (
    Recap,
    RecapGroup,
    appeal_recap,
    avis_recap,
    choix_recap,
    decision_recap,
    dossier_recaps,
    intentions_recap,
    propositions_recap,
)
from tests.strategies import CLAIRE, LEA, PAUL, SECRETARIAT, dossier_campaign, intention_sets

CAMPAIGN = dossier_campaign()
WHEN = datetime(2027, 6, 9, 16, tzinfo=UTC)
OPENED = Dossier.open(LEA, [CLAIRE, PAUL], campaign=CAMPAIGN, actor=SECRETARIAT, now=WHEN)[0]
GUIDE = IntentionSet(
    [
        Intention(Voie.GT),
        Intention(Voie.PRO, "Pâtisserie", [Statut.SCOLAIRE]),
        Intention(Voie.CAP, "Boulangerie", [Statut.APPRENTI]),
    ]
)
GUIDE_SCREEN = """Nous souhaitons pour la rentrée prochaine :

Intention 1 : 2de générale et technologique ou 2de STHR

Intention 2 : 2de professionnelle
Métier ou formation : Pâtisserie

Intention 3 : 1re année de CAP
Métier ou formation : Boulangerie"""


def test_the_guides_recap_as_text_and_as_groups() -> None:
    recap = intentions_recap(GUIDE)
    assert recap.text == GUIDE_SCREEN
    assert recap.title == "Nous souhaitons pour la rentrée prochaine :"
    assert recap.groups == (
        RecapGroup("Intention 1 : 2de générale et technologique ou 2de STHR"),
        RecapGroup("Intention 2 : 2de professionnelle", ("Métier ou formation : Pâtisserie",)),
        RecapGroup("Intention 3 : 1re année de CAP", ("Métier ou formation : Boulangerie",)),
    )
    assert recap.notes == ()


def test_the_choix_definitifs_are_numbered_as_choix() -> None:
    choix = IntentionSet([Intention(Voie.CAP, "Cuisine", [Statut.APPRENTI]), Intention(Voie.GT)])
    assert choix_recap(choix).text == (
        "Nous souhaitons pour la rentrée prochaine :\n\n"
        "Choix 1 : 1re année de CAP\n"
        "Métier ou formation : Cuisine\n\n"
        "Choix 2 : 2de générale et technologique ou 2de STHR"
    )


@given(intention_sets())
def test_the_screen_never_shows_a_statut(intentions: IntentionSet) -> None:
    text = intentions_recap(intentions).text
    assert "statut" not in text
    assert len(intentions_recap(intentions).groups) == len(intentions.intentions)


AVIS = (
    AvisConseil(Voie.GT, Avis.DEFAVORABLE, "Résultats insuffisants.", "Un travail régulier."),
    AvisConseil(Voie.PRO, Avis.RESERVE, "Projet à préciser."),
    AvisConseil(Voie.CAP, Avis.FAVORABLE),
)


def test_each_avis_with_its_reason_and_comment() -> None:
    dossier = attrs.evolve(OPENED, intentions=GUIDE, avis=AVIS)
    recap = avis_recap(dossier)
    assert recap is not None
    assert recap.text == (
        "Avis provisoire du conseil de classe :\n\n"
        "Intention 1 : 2de générale et technologique ou 2de STHR\n"
        "Avis : Défavorable\n"
        "Motif : Résultats insuffisants.\n"
        "Commentaire : Un travail régulier.\n\n"
        "Intention 2 : 2de professionnelle\n"
        "Avis : Réservé\n"
        "Motif : Projet à préciser.\n\n"
        "Intention 3 : 1re année de CAP\n"
        "Avis : Favorable"
    )


def test_the_acknowledgement_is_a_note_after_the_avis() -> None:
    dossier = attrs.evolve(OPENED, intentions=GUIDE, avis=AVIS, acknowledged_at=WHEN)
    recap = avis_recap(dossier)
    assert recap is not None
    assert recap.notes == ("Vous avez accusé réception de ces avis.",)
    assert recap.text.endswith("Avis : Favorable\n\nVous avez accusé réception de ces avis.")


PROPOSITIONS = (Proposition(Voie.PRO, "Projet cohérent."), Proposition(Voie.CAP))


def test_the_propositions_before_the_family_answers() -> None:
    recap = propositions_recap(attrs.evolve(OPENED, propositions=PROPOSITIONS))
    assert recap is not None
    assert recap.text == (
        "Propositions du conseil de classe :\n\n"
        "Proposition 1 : 2de professionnelle\n"
        "Commentaire : Projet cohérent.\n\n"
        "Proposition 2 : 1re année de CAP"
    )


def test_the_propositions_with_the_familys_answers() -> None:
    dossier = attrs.evolve(
        OPENED, propositions=PROPOSITIONS, answers=(Answer.PAS_D_ACCORD, Answer.D_ACCORD)
    )
    recap = propositions_recap(dossier)
    assert recap is not None
    assert recap.text == (
        "Propositions du conseil de classe :\n\n"
        "Proposition 1 : 2de professionnelle\n"
        "Commentaire : Projet cohérent.\n"
        "Votre réponse : Pas d'accord (le dialogue continue, vous devez prendre contact avec "
        "le chef d'établissement)\n\n"
        "Proposition 2 : 1re année de CAP\n"
        "Votre réponse : D'accord (la proposition devient décision)"
    )


DECISION = Decision(Voie.PRO, "Résultats insuffisants en mathématiques.", WHEN)


def test_the_decision_with_its_reasons_then_its_acceptance() -> None:
    recap = decision_recap(attrs.evolve(OPENED, decision=DECISION))
    assert recap is not None
    assert recap.text == (
        "Décision d'orientation :\n\n"
        "Décision du chef d'établissement : 2de professionnelle\n"
        "Motifs : Résultats insuffisants en mathématiques."
    )
    accepted = decision_recap(attrs.evolve(OPENED, decision=DECISION, decision_accepted_at=WHEN))
    assert accepted is not None
    assert accepted.notes == ("Vous avez accepté cette décision.",)


def test_a_decision_following_the_first_choice_needs_no_reasons() -> None:
    recap = decision_recap(attrs.evolve(OPENED, decision=Decision(Voie.GT, None, WHEN)))
    assert recap is not None
    assert recap.text == (
        "Décision d'orientation :\n\n"
        "Décision du chef d'établissement : 2de générale et technologique ou 2de STHR"
    )


def test_the_appeal_the_commissions_decision_and_maintien() -> None:
    dossier = attrs.evolve(
        OPENED,
        decision=DECISION,
        appeal=Appeal(Voie.GT, "Il a beaucoup progressé.", WHEN, False),
    )
    recap = appeal_recap(dossier)
    assert recap is not None
    assert recap.text == (
        "Appel de la décision d'orientation :\n\n"
        "Votre demande : 2de générale et technologique ou 2de STHR\n"
        "Motif : Il a beaucoup progressé."
    )
    decided = attrs.evolve(
        dossier,
        appeal_decision=AppealDecision(Voie.PRO, "Décision confirmée.", WHEN),
        maintien_requested_at=WHEN,
    )
    recap = appeal_recap(decided)
    assert recap is not None
    assert recap.text == (
        "Appel de la décision d'orientation :\n\n"
        "Votre demande : 2de générale et technologique ou 2de STHR\n"
        "Motif : Il a beaucoup progressé.\n\n"
        "Décision de la commission d'appel : 2de professionnelle\n"
        "Commentaire : Décision confirmée.\n\n"
        "Vous avez demandé le maintien de votre enfant en 3e."
    )


def test_the_familys_last_word_says_the_decision_follows_it() -> None:
    dossier = attrs.evolve(OPENED, decision=DECISION, appeal=Appeal(Voie.GT, None, WHEN, True))
    recap = appeal_recap(dossier)
    assert recap is not None
    assert recap.text == (
        "Appel de la décision d'orientation :\n\n"
        "Votre demande : 2de générale et technologique ou 2de STHR\n"
        "Dernier mot à la famille : la décision suit votre demande."
    )


def test_nothing_recorded_has_no_recap() -> None:
    assert avis_recap(OPENED) is None
    assert propositions_recap(OPENED) is None
    assert decision_recap(OPENED) is None
    assert appeal_recap(OPENED) is None
    assert dossier_recaps(OPENED) == ()


def test_a_dossier_shows_every_recap_recorded_in_the_procedures_order() -> None:
    choix = IntentionSet([Intention(Voie.PRO)])
    dossier = attrs.evolve(
        OPENED,
        intentions=GUIDE,
        avis=AVIS,
        choix=choix,
        propositions=PROPOSITIONS,
        decision=DECISION,
        appeal=Appeal(Voie.GT, None, WHEN, False),
    )
    assert [recap.title for recap in dossier_recaps(dossier)] == [
        "Nous souhaitons pour la rentrée prochaine :",
        "Avis provisoire du conseil de classe :",
        "Nous souhaitons pour la rentrée prochaine :",
        "Propositions du conseil de classe :",
        "Décision d'orientation :",
        "Appel de la décision d'orientation :",
    ]
    assert dossier_recaps(dossier)[0].text == GUIDE_SCREEN
    assert dossier_recaps(dossier)[2].groups[0].heading == "Choix 1 : 2de professionnelle"


def test_the_values_are_built_from_any_iterable() -> None:
    group = RecapGroup("Intention 1 : 2de professionnelle", iter(["Métier ou formation : Vente"]))
    assert group.lines == ("Métier ou formation : Vente",)
    assert Recap("Titre", [group], ["Note."]).text == (
        "Titre\n\nIntention 1 : 2de professionnelle\nMétier ou formation : Vente\n\nNote."
    )


@pytest.mark.parametrize(
    ("function", "path", "expected"),
    [
        (intentions_recap, "intentions", "IntentionSet"),
        (choix_recap, "choix", "IntentionSet"),
        (avis_recap, "dossier", "Dossier"),
        (propositions_recap, "dossier", "Dossier"),
        (decision_recap, "dossier", "Dossier"),
        (appeal_recap, "dossier", "Dossier"),
        (dossier_recaps, "dossier", "Dossier"),
    ],
)
@pytest.mark.parametrize("value", [None, "GT", [Intention(Voie.GT)], 42])
def test_the_wrong_type_is_refused_in_the_librarys_terms(
    function: Any, path: str, expected: str, value: object
) -> None:
    with pytest.raises(InvalidValue) as error:
        function(value)
    assert [(p.code, p.path, p.message) for p in error.value.problems] == [
        ("type.invalid", (path,), "Cette valeur n'a pas le type attendu.")
    ]
    # The type expected is for the host's developer, never in the message.
    assert expected in error.value.problems[0].detail


@pytest.mark.parametrize(
    ("build", "paths"),
    [
        (lambda: RecapGroup(None), [("heading",)]),  # type: ignore[arg-type]
        (lambda: RecapGroup("Titre", 42), [("lines",)]),
        (lambda: RecapGroup("Titre", "ligne"), [("lines",)]),
        (lambda: Recap(None, [], [1]), [("title",), ("notes",)]),  # type: ignore[arg-type]
        (lambda: Recap("Titre", ["groupe"]), [("groups",)]),
    ],
)
def test_malformed_recap_values_are_refused(build: Any, paths: list[tuple[str, ...]]) -> None:
    with pytest.raises(InvalidValue) as error:
        build()
    assert [p.path for p in error.value.problems] == paths
    assert {p.code for p in error.value.problems} == {"type.invalid"}
