"""Every problem code and its French wording, written once.

The codes are part of the public contract: hosts branch on them, so they
never change once released.  The messages are what a parent or a member of
staff reads.
"""

from __future__ import annotations

from orientation_core.exceptions import Problem

Path = tuple[str | int, ...]

MAX_INTENTIONS = 3
MAX_PRECISION_LENGTH = 200

_MESSAGES: dict[str, str] = {
    "voie.missing": "Vous devez sélectionner une voie.",
    "voie.unknown": "Cette voie n'existe pas : choisissez l'une des voies proposées.",
    "voie.duplicate": "Vous avez déjà choisi cette voie pour l'intention {rank}.",
    "intentions.empty": "Vous devez obligatoirement saisir une intention.",
    "intentions.too_many": "Vous pouvez saisir jusqu'à trois intentions.",
    "precision.too_long": (
        f"Le métier ou la formation ne doit pas dépasser {MAX_PRECISION_LENGTH} caractères."
    ),
    "precision.invalid_character": (
        "Le métier ou la formation contient un caractère non autorisé."
    ),
    "details.not_allowed": (
        "Pour la 2de générale et technologique ou 2de STHR, "
        "il n'y a pas d'autres informations à saisir."
    ),
    "details.disabled": (
        "Votre académie ne permet pas de préciser le métier, la formation ou le statut."
    ),
    "statut.unknown": (
        "Ce statut n'existe pas : cochez « Sous statut scolaire » et/ou « Sous statut d'apprenti »."
    ),
    "rank.out_of_range": "Il n'y a pas d'intention de rang {rank}.",
    "rank.first_cannot_move_up": "La première intention ne peut pas monter.",
    "rank.last_cannot_move_down": "La dernière intention ne peut pas descendre.",
    "form.malformed": "Le formulaire envoyé est incomplet ou mal formé.",
    "form.unknown_field": "Ce champ n'existe pas dans le formulaire : {field}.",
    "form.multiple_values": "Une seule valeur est attendue pour ce champ.",
    "type.invalid": "Cette valeur n'a pas le type attendu ({expected}).",
    "key.missing": "Cette donnée est obligatoire.",
    "key.unknown": "Cette donnée n'est pas attendue.",
    "schema.unsupported": "Cette version du format de données n'est pas prise en charge ({found}).",
    "json.invalid": "Ce fichier n'est pas du JSON valide ({detail}).",
    # campaign codes (issue 3)
    # dossier codes (issue 4)
    # codec
    "type.unsupported": "Ce type de valeur n'est pas pris en charge ({name}).",
}


def problem(code: str, path: Path = (), **details: object) -> Problem:
    """The problem ``code`` at ``path``, worded with ``details``."""
    return Problem(code, path, _MESSAGES[code].format(**details))


def messages() -> dict[str, str]:
    """Every code with its message template (for docs and tests)."""
    return dict(_MESSAGES)
