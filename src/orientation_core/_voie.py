"""The voies a family may ask for, and the statuts of the vocational ones."""

from __future__ import annotations

from orientation_core._coerce import Coded

__all__ = ["PRECISION_HELP", "PRECISION_LABEL", "Statut", "Voie"]

PRECISION_LABEL = "Vous pouvez préciser le métier ou la formation qui intéresse votre enfant"
"""The prompt beside the précision field of a vocational intention."""

PRECISION_HELP = (
    "Vous trouverez des informations sur les métiers et les formations sur le site de "
    "l'Onisep (http://www.onisep.fr), et dans le guide « Après la 3e » distribué par "
    "votre établissement."
)
"""The info-bulle beside :data:`PRECISION_LABEL`, word for word from the guide."""


class Voie(Coded, kind="voie"):
    """The voie of an intention; the value is the stable code used in data.

    >>> Voie.PRO.label
    '2de professionnelle'
    >>> Voie("CAP").accepts_details
    True
    """

    GT = "GT"
    PRO = "PRO"
    CAP = "CAP"

    @property
    def label(self) -> str:
        """The exact French label the family reads."""
        return _VOIE_LABELS[self]

    @property
    def help(self) -> str | None:
        """The info-bulle beside the label, or None where the guide shows none."""
        return _VOIE_HELP[self]

    @property
    def accepts_details(self) -> bool:
        """Whether a précision and statuts may come with this voie (PRO and CAP)."""
        return self is not Voie.GT

    @property
    def precision_label(self) -> str:
        """How the confirmation e-mail labels the précision for this voie."""
        return _PRECISION_LABELS_IN_EMAIL[self]


class Statut(Coded, kind="statut"):
    """Under which statut the pupil would follow a vocational voie.

    Both may be ticked on one intention; the value is the stable code.
    """

    SCOLAIRE = "SCOLAIRE"
    APPRENTI = "APPRENTI"

    @property
    def label(self) -> str:
        """The exact French label of the tick box."""
        return _STATUT_LABELS[self]

    @property
    def help(self) -> str:
        """The info-bulle of the tick box, word for word from the guide."""
        return _STATUT_HELP[self]


_VOIE_LABELS = {
    Voie.GT: "2de générale et technologique ou 2de STHR",
    Voie.PRO: "2de professionnelle",
    Voie.CAP: "1re année de CAP",
}
# The guide only says that the info-bulle "spécifie ce que signifie STHR";
# the expansion is the official name of the série (procedure.md §2).
_VOIE_HELP: dict[Voie, str | None] = {
    Voie.GT: "STHR : sciences et technologies de l'hôtellerie et de la restauration.",
    Voie.PRO: None,
    Voie.CAP: None,
}
_PRECISION_LABELS_IN_EMAIL = {
    Voie.GT: "Métier ou formation",
    Voie.PRO: "Spécialité(s) ou famille(s) de métiers",
    Voie.CAP: "Spécialité(s)",
}
_STATUT_LABELS = {
    Statut.SCOLAIRE: "Sous statut scolaire",
    Statut.APPRENTI: "Sous statut d'apprenti",
}
_STATUT_HELP = {
    Statut.SCOLAIRE: (
        "Votre enfant reste élève ; Il suit des enseignements généraux et professionnels au "
        "lycée professionnel ; Il effectue des périodes de formation (stages) en entreprise "
        "de plusieurs semaines durant son cursus de formation."
    ),
    Statut.APPRENTI: (
        "Votre enfant devient apprenti et est considéré comme un salarié, avec un contrat de "
        "travail. Il devra rechercher un employeur pour signer un contrat ; Il pourra être "
        "accompagné dans cette démarche par le CFA (centre de formation d'apprentis). Son "
        "temps de formation est partagé entre le CFA et l'entreprise."
    ),
}
