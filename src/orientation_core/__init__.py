"""orientation_core: the rules and the words of the end-of-3e orientation procedure."""

from orientation_core._intention import Intention, IntentionSet, normalise_precision
from orientation_core._recap import recap_lines
from orientation_core._settings import AcademySettings
from orientation_core._voie import PRECISION_HELP, PRECISION_LABEL, Statut, Voie

__all__ = [
    "PRECISION_HELP",
    "PRECISION_LABEL",
    "AcademySettings",
    "Intention",
    "IntentionSet",
    "Statut",
    "Voie",
    "normalise_precision",
    "recap_lines",
]
