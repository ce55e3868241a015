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
    "time.naive": "Cette date doit être donnée avec son fuseau horaire.",
    "date.out_of_range": "Cette date est hors des limites acceptées.",
    "timezone.unknown": "Ce fuseau horaire n'existe pas : {zone}.",
    "territory.required": (
        "Précisez le territoire de l'établissement : son fuseau horaire ({zone}) "
        "ne suffit pas à le déterminer."
    ),
    "uai.invalid": "Le code UAI doit comporter sept chiffres suivis d'une lettre majuscule.",
    "rentree.out_of_range": "L'année de rentrée doit être comprise entre {low} et {high}.",
    "academy.name_empty": "Le nom de l'académie est obligatoire.",
    "academy.window_duplicate": "Le calendrier académique donne deux fois la phase « {label} ».",
    "window.empty": "Le dernier jour doit être le premier jour ou un jour suivant.",
    "schedule.not_dated": "La phase « {label} » n'a pas de dates dans le calendrier.",
    "schedule.missing": "Les dates de la phase « {label} » manquent au calendrier.",
    "schedule.window_empty": "La phase « {label} » doit se terminer après son début.",
    "schedule.gap": "Le calendrier laisse un intervalle entre « {before} » et « {after} ».",
    "schedule.overlap": "« {before} » se termine après le début de « {after} ».",
    "schedule.out_of_order": "« {phase} » doit commencer après « {before} ».",
    "schedule.length": "Le calendrier doit donner {expected} dates de début.",
    "schedule.outside_academy_window": (
        "La phase « {label} » doit se tenir entre le {first} et le {last}, "
        "selon le calendrier académique."
    ),
    "schedule.outside_school_year": (
        "La campagne de la rentrée {rentree} doit se tenir entre le {first} et le {last}."
    ),
    "command.not_an_open_phase": (
        "Seules la saisie des intentions provisoires et celle des choix définitifs "
        "peuvent être fermées, pas la phase « {label} »."
    ),
    "transition.wrong_phase": (
        "Cette action n'est possible que pendant la phase « {expected} » ; "
        "le service est en phase « {actual} »."
    ),
    "transition.boundary_passed": (
        "Le début de la phase « {label} » est déjà passé : il ne peut plus être modifié."
    ),
    "transition.target_in_past": "La nouvelle date est déjà passée.",
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
