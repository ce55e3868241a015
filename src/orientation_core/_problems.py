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
    "code.unknown": "Ce code n'existe pas ({kind}).",
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
    "actor.id_missing": "L'identifiant est obligatoire.",
    "actor.name_missing": "Le nom est obligatoire.",
    "actor.text_invalid": (
        "Ce texte ne doit pas dépasser {max} caractères ni contenir de caractère de contrôle."
    ),
    "email.invalid": "L'adresse électronique n'est pas valide.",
    "pupil.classe_missing": "La classe de l'élève est obligatoire.",
    "staff.uai_missing": "L'établissement (code UAI) est obligatoire.",
    "staff.classes_not_pp": "Seul un professeur principal a des classes attribuées.",
    "guardians.count": "Un élève a un ou deux représentants légaux.",
    "guardians.duplicate": "Ce représentant légal figure déjà dans le dossier.",
    "guardian.unknown": "Cette personne n'est pas un représentant légal de l'élève.",
    "entrant.already": "Ce représentant légal effectue déjà les saisies.",
    "signatory.not_entrant": (
        "Seul le représentant légal qui effectue les saisies peut signer la fiche papier."
    ),
    "campaign.other_school": "Cette campagne est celle d'un autre établissement.",
    "campaign.other_rentree": "Cette campagne prépare une autre rentrée que celle du dossier.",
    "campaign.invalid_answer": "La campagne fournie a donné une réponse incohérente.",
    "dossier.invalid_answer": "Le dossier fourni a donné une réponse incohérente.",
    "text.too_long": "Ce texte ne doit pas dépasser {max} caractères.",
    "text.invalid_character": "Ce texte contient un caractère non autorisé.",
    "avis.reason_required": "Un avis réservé ou défavorable doit être motivé.",
    "avis.duplicate": "Cette intention a déjà un avis.",
    "avis.not_an_intention": "Cette voie ne fait pas partie des intentions validées.",
    "avis.missing": "Il manque l'avis sur l'intention {rank}.",
    "propositions.empty": "Le conseil de classe fait au moins une proposition.",
    "propositions.too_many": "Le conseil de classe fait au plus trois propositions.",
    "propositions.duplicate": "Cette voie est déjà proposée.",
    "answers.count": "Vous devez répondre à chaque proposition.",
    "answers.several_accepted": "Vous ne pouvez être d'accord qu'avec une seule proposition.",
    "decision.reasons_required": (
        "Une décision qui ne suit pas le premier choix de la famille doit être motivée."
    ),
    "appeal.same_voie": "L'appel doit demander une autre voie que celle de la décision.",
    "appeal.not_a_choix": "Vous ne pouvez maintenir que l'un de vos choix définitifs.",
    "events.invalid": "Cet historique est incohérent.",
    "event.inconsistent": "Cet événement est incohérent.",
    "event.other_dossier": "Cet événement appartient à un autre dossier.",
    "event.other_campaign": "Cet événement appartient à une autre campagne.",
    "campaign.version_inconsistent": (
        "La version de cette campagne et la date de sa dernière modification ne concordent pas."
    ),
    "campaign.already_changed": (
        "Cette campagne a déjà été modifiée : son plan est le premier événement de son historique."
    ),
    "time.backwards": "Cette date précède celle de la dernière modification.",
    "signatory.missing": ("Indiquez le représentant légal qui a signé la fiche papier."),
    "signatory.online": (
        "Seule une fiche papier saisie par l'établissement indique un signataire."
    ),
    # event store (issue 8)
    "store.corrupt": (
        "L'historique enregistré est illisible à cet endroit : il ne peut pas être chargé."
    ),
    "store.other_stream": "Cet événement n'appartient pas à l'historique {stream}.",
    "store.no_dossier": "Ce dossier n'existe pas.",
    # codec
    "type.unsupported": "Ce type de valeur n'est pas pris en charge ({name}).",
    # issue 9: back-office sync
    "sync.inconsistent": "Cette donnée ne concorde pas avec l'événement synchronisé.",
    "sync.conflict": "Un autre enregistrement a déjà été reçu pour cette version du dossier.",
    "sync.not_opened": "Un dossier commence par son ouverture.",
}


def problem(code: str, path: Path = (), **details: object) -> Problem:
    """The problem ``code`` at ``path``, worded with ``details``."""
    return Problem(code, path, _MESSAGES[code].format(**details))


def messages() -> dict[str, str]:
    """Every code with its message template (for docs and tests)."""
    return dict(_MESSAGES)
