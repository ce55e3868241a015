import enum
import pickle

import pytest

from orientation_core import (
    PRECISION_HELP,
    PRECISION_LABEL,
    Access,
    Action,
    Answer,
    Avis,
    CampaignAction,
    Phase,
    Role,
    SchoolYear,
    Side,
    Standing,
    Statut,
    Territory,
    Voie,
)
from orientation_core._coerce import Coded
from orientation_core.exceptions import InvalidValue
from tests.strategies import DEEP, HUGE, LONG_TEXT, Unprintable


def test_voie_codes_are_the_stable_data_codes() -> None:
    assert [v.value for v in Voie] == ["GT", "PRO", "CAP"]
    assert Voie("PRO") is Voie.PRO


@pytest.mark.parametrize(
    ("voie", "label"),
    [
        (Voie.GT, "2de générale et technologique ou 2de STHR"),
        (Voie.PRO, "2de professionnelle"),
        (Voie.CAP, "1re année de CAP"),
    ],
)
def test_voie_labels_are_the_guides_words(voie: Voie, label: str) -> None:
    assert voie.label == label


def test_only_the_vocational_voies_accept_details() -> None:
    assert not Voie.GT.accepts_details
    assert Voie.PRO.accepts_details
    assert Voie.CAP.accepts_details


def test_the_gt_info_bulle_says_what_sthr_means() -> None:
    assert Voie.GT.help == (
        "STHR : sciences et technologies de l'hôtellerie et de la restauration."
    )


def test_vocational_voies_have_no_info_bulle_of_their_own() -> None:
    assert Voie.PRO.help is None
    assert Voie.CAP.help is None


def test_the_email_labels_the_precision_per_voie() -> None:
    assert Voie.PRO.precision_label == "Spécialité(s) ou famille(s) de métiers"
    assert Voie.CAP.precision_label == "Spécialité(s)"


def test_precision_prompt_and_onisep_info_bulle_are_word_for_word() -> None:
    assert PRECISION_LABEL == (
        "Vous pouvez préciser le métier ou la formation qui intéresse votre enfant"
    )
    assert PRECISION_HELP == (
        "Vous trouverez des informations sur les métiers et les formations sur le site de "
        "l'Onisep (http://www.onisep.fr), et dans le guide « Après la 3e » distribué par "
        "votre établissement."
    )


def test_statut_labels_and_info_bulles_are_the_guides_words() -> None:
    assert [s.value for s in Statut] == ["SCOLAIRE", "APPRENTI"]
    assert Statut.SCOLAIRE.label == "Sous statut scolaire"
    assert Statut.APPRENTI.label == "Sous statut d'apprenti"
    assert Statut.SCOLAIRE.help == (
        "Votre enfant reste élève ; Il suit des enseignements généraux et professionnels "
        "au lycée professionnel ; Il effectue des périodes de formation (stages) en "
        "entreprise de plusieurs semaines durant son cursus de formation."
    )
    assert Statut.APPRENTI.help == (
        "Votre enfant devient apprenti et est considéré comme un salarié, avec un contrat "
        "de travail. Il devra rechercher un employeur pour signer un contrat ; Il pourra "
        "être accompagné dans cette démarche par le CFA (centre de formation d'apprentis). "
        "Son temps de formation est partagé entre le CFA et l'entreprise."
    )


def test_enums_survive_pickling_as_the_same_members() -> None:
    assert pickle.loads(pickle.dumps(Voie.CAP)) is Voie.CAP
    assert pickle.loads(pickle.dumps(Statut.APPRENTI)) is Statut.APPRENTI


@pytest.mark.parametrize(
    ("enum", "code", "kind"),
    [
        (Voie, "BTS", "voie"),
        (Statut, "ALTERNANCE", "statut"),
        (Voie, None, "voie"),
        (Avis, "TRES_FAVORABLE", "avis"),
        (Answer, "PEUT_ETRE", "réponse"),
        (CampaignAction, "REOPEN", "action sur la campagne"),
        (Access, "ADMIN", "accès"),
        (Standing, "INSPECTEUR", "qualité"),
    ],
)
def test_an_unknown_code_is_the_librarys_own_error(
    enum: type[Coded], code: object, kind: str
) -> None:
    with pytest.raises(InvalidValue) as error:
        enum(code)
    assert error.value.codes == ("code.unknown",)
    assert error.value.problems[0].message == f"Ce code n'existe pas ({kind})."


CODED = [
    Voie,
    Statut,
    Phase,
    Side,
    Action,
    CampaignAction,
    Role,
    SchoolYear,
    Territory,
    Avis,
    Answer,
    Access,
    Standing,
]


@pytest.mark.parametrize("enum", CODED, ids=[e.__name__ for e in CODED])
@pytest.mark.parametrize(
    "junk",
    [HUGE, -HUGE, DEEP, LONG_TEXT, ["GT"], {"GT": 1}, float("nan"), b"GT", Unprintable()],
    ids=["huge", "-huge", "deep", "long", "list", "dict", "nan", "bytes", "unprintable"],
)
def test_any_value_that_is_not_a_code_is_an_unknown_code(enum: type[Coded], junk: object) -> None:
    with pytest.raises(InvalidValue) as error:
        enum(junk)
    [found] = error.value.problems
    assert (found.code, found.path) == ("code.unknown", ())
    assert len(found.message) < 80


def test_an_unknown_code_names_the_kind_of_code_in_french() -> None:
    with pytest.raises(InvalidValue) as error:
        Territory("ATLANTIDE")
    assert error.value.problems[0].message == "Ce code n'existe pas (territoire)."


def test_a_member_or_its_code_in_any_kind_of_text_is_that_member() -> None:
    class HostVoie(enum.StrEnum):
        GT = "GT"

    assert Voie(Voie.GT) is Voie.GT
    assert Voie(HostVoie.GT) is Voie.GT
