"""Every problem code and its French wording, written once.

The codes are part of the public contract: hosts branch on them, so they
never change once released.  The messages are what a parent or a member of
staff reads.  So are the sentences of refusals, by reason, at the end.
"""

from __future__ import annotations

import re
from string import Formatter

from orientation_core.exceptions import CONFLICT_MESSAGE, Problem

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
    "type.invalid": "Cette valeur n'a pas le type attendu.",
    "code.unknown": "Ce code n'existe pas ({kind}).",
    "key.missing": "Cette donnée est obligatoire.",
    "key.unknown": "Cette donnée n'est pas attendue.",
    "schema.unsupported": "Cette version du format de données n'est pas prise en charge ({found}).",
    "json.invalid": "Ce fichier n'est pas du JSON valide.",
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
    # a school's own lists (issue 11)
    "list.unreadable": "Ce fichier est introuvable ou illisible.",
    "list.too_large": "Ce fichier dépasse la taille acceptée ({max} Mo).",
    "list.zip_invalid": "Cette archive ZIP est illisible ou ne contient pas de fichier {suffix}.",
    "list.not_xml": "Ce fichier n'est pas un fichier XML lisible.",
    "list.unsafe_xml": (
        "Ce fichier XML contient des déclarations refusées (DTD ou entités) : il n'est pas lu."
    ),
    "list.not_siecle": (
        "Ce fichier n'est ni l'export des élèves ni celui des responsables de Siècle."
    ),
    "list.export_twice": "Cet export est donné deux fois.",
    "list.export_missing": "Il manque l'export {which} de Siècle.",
    "list.exports_disagree": (
        "Les exports des élèves et des responsables ne viennent pas du même établissement "
        "ou de la même année scolaire."
    ),
    "list.year_unreadable": "L'année scolaire de l'export est illisible ({found}).",
    "list.uai_missing": "L'export ne donne pas le code UAI de l'établissement.",
    "list.national_id_missing": "L'élève n'a pas d'identifiant national (INE).",
    "list.name_missing": "Le nom de l'élève manque.",
    "list.class_missing": "La classe de l'élève manque.",
    "list.no_guardian": "Aucun représentant légal de l'élève n'est indiqué.",
    "list.too_many_guardians": "Plus de deux représentants légaux sont indiqués pour l'élève.",
    "list.guardian_unknown": (
        "Un représentant légal de l'élève est absent de l'export des responsables."
    ),
    "list.duplicate_pupil": "Cet élève figure déjà dans le fichier (même INE).",
    "list.email_ignored": ("Cette adresse électronique n'est pas valide : elle n'est pas reprise."),
    "list.not_a_guardian": (
        "Cette personne à contacter n'est pas un représentant légal : elle n'est pas reprise."
    ),
    "list.csv_column_missing": "Il manque la colonne « {column} » sur la première ligne.",
    "list.csv_column_ignored": "Cette colonne n'est pas connue : elle n'est pas lue.",
    "list.csv_row": "Cette ligne n'a pas autant de colonnes que la première ligne.",
    "list.encoding": "Ce fichier n'est ni en UTF-8 ni en Windows-1252.",
    "list.other_school": "Ces fichiers sont ceux de l'établissement {found}, pas de {expected}.",
    "list.other_year": ("Ces fichiers sont ceux de l'année scolaire {found}, pas de {expected}."),
    # codec
    "type.unsupported": "Ce type de valeur n'est pas pris en charge.",
    # issue 9: staff forms
    "avis.not_selected": "Vous devez sélectionner un avis.",
    "avis.unknown": (
        "Cet avis n'existe pas : choisissez « Favorable », « Réservé » ou « Défavorable »."
    ),
    # issue 9: the families to follow up
    "dossiers.duplicate": "Ce dossier figure déjà dans la liste.",
    # issue 9: pages and dates
    "range.empty": "La fin de cette période doit suivre son début.",
    # issue 9: back-office sync
    "sync.inconsistent": "Cette donnée ne concorde pas avec l'événement synchronisé.",
    "sync.conflict": "Un autre enregistrement a déjà été reçu pour cette version du dossier.",
    "sync.not_opened": "Un dossier commence par son ouverture.",
    # issue 11: the command line
    "store.missing": "Cette base n'existe pas : indiquez son fichier avec --db.",
    "campaign.not_planned": (
        "Aucune campagne n'est prévue pour l'établissement {uai} et la rentrée {rentree}."
    ),
    "dossier.not_found": "Aucun dossier de l'élève {pupil} dans cette campagne.",
    "list.csv_alone": "Un fichier CSV s'importe seul, sans autre fichier.",
}


_FIELDS: dict[str, frozenset[str]] = {
    code: frozenset(name for _, name, _, _ in Formatter().parse(template) if name)
    for code, template in _MESSAGES.items()
}
# A detail for developers repeats at most this much of what it was given.
_MAX_DETAIL = 200


# A message is one line a person reads, and a detail one line a log keeps:
# a control character or a line separator from the input would break the
# line, and a lone surrogate could not even be written out.  Each shows as
# the replacement character.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _shown(value: object) -> object:
    return _UNSHOWABLE.sub("\ufffd", value) if type(value) is str else value


def problem(code: str, path: Path = (), **details: object) -> Problem:
    """The problem ``code`` at ``path``, worded with ``details``.

    The details the French message names (a rank, a date, a phase) are
    worded into it; the others (an expected type, a parser's complaint) are
    for developers and go to :attr:`Problem.detail`, never to the message.
    Neither ever holds a line break or a character that cannot be written
    out: such a character, in the message or the detail alike, shows as
    U+FFFD, the replacement character.
    """
    fields = _FIELDS[code]
    message = _MESSAGES[code].format(**{k: _shown(v) for k, v in details.items() if k in fields})
    detail = "; ".join(
        f"{k}: {_shown(f'{v!s:.{_MAX_DETAIL}}')}" for k, v in details.items() if k not in fields
    )
    return Problem(code, path, message, detail)


def messages() -> dict[str, str]:
    """Every code with its message template (for docs and tests)."""
    return dict(_MESSAGES)


# --- refusals ---------------------------------------------------------------
#
# Every reason a refusal (IllegalTransition, PermissionDenied, Conflict) can
# give, with the sentence a family reads and the one staff read: the reasons
# of the permission policy, of the dossier's own rules, and "conflict".  The
# campaign's refusals (the head's commands) are worded by their problem
# codes, "transition.*" and "schedule.*", above.

_REFUSALS: dict[str, tuple[str, str]] = {
    # the permission policy (orientation_core._policy)
    "no_access": (
        # Says nothing of the dossier, not even that it exists.
        "Ces informations n'existent pas ou ne vous sont pas accessibles.",
        "Ces informations n'existent pas ou ne vous sont pas accessibles.",
    ),
    "closed": (
        "La campagne d'orientation est terminée : le dossier ne peut plus être modifié.",
        "La campagne d'orientation est terminée : le dossier ne peut plus être modifié.",
    ),
    "not_in_phase": (
        "Cette action n'est pas possible à cette étape de la campagne d'orientation.",
        "Cette action n'est pas possible à cette étape de la campagne d'orientation.",
    ),
    "read_only": (
        "Vous pouvez consulter le dossier, mais seul votre représentant légal peut le modifier.",
        "Ce compte permet de consulter le dossier, pas de le modifier.",
    ),
    "not_entrant": (
        "Seul le représentant légal qui a validé le premier peut modifier les choix.",
        "Seul le représentant légal qui effectue les saisies peut faire cette démarche.",
    ),
    "staff_only": (
        "Cette action est réservée à l'établissement.",
        "Cette action est réservée à l'équipe de l'établissement.",
    ),
    "head_only": (
        "Cette action est réservée au chef d'établissement.",
        "Seul le chef d'établissement peut effectuer cette action.",
    ),
    # the dossier's own rules (orientation_core._dossier)
    "no_avis": (
        "Le conseil de classe n'a pas encore donné son avis sur vos intentions.",
        "Le conseil de classe n'a pas encore donné son avis sur les intentions de cet élève.",
    ),
    "already_acknowledged": (
        "Vous avez déjà accusé réception de l'avis du conseil de classe.",
        "La famille a déjà accusé réception de l'avis du conseil de classe.",
    ),
    "no_intentions": (
        "Aucune intention provisoire n'a été validée : il n'y a pas d'avis à donner.",
        "La famille n'a validé aucune intention provisoire : il n'y a pas d'avis à donner.",
    ),
    "no_propositions": (
        "Le conseil de classe n'a pas encore fait de proposition.",
        "Le conseil de classe n'a pas encore fait de proposition pour cet élève.",
    ),
    "proposition_accepted": (
        (
            "Vous avez donné votre accord à une proposition du conseil de classe : "
            "elle est devenue la décision d'orientation."
        ),
        (
            "La famille a donné son accord à une proposition du conseil de classe : "
            "elle est devenue la décision d'orientation."
        ),
    ),
    "decision_recorded": (
        "La décision d'orientation est déjà prise.",
        "La décision d'orientation de cet élève est déjà enregistrée.",
    ),
    "no_decision": (
        "Le chef d'établissement n'a pas encore pris de décision d'orientation.",
        "Aucune décision d'orientation n'est encore enregistrée pour cet élève.",
    ),
    "decision_accepted": (
        "Vous avez déjà accepté la décision d'orientation.",
        "La famille a déjà accepté la décision d'orientation.",
    ),
    "appealed": (
        "Vous avez déjà fait appel de la décision d'orientation.",
        "La famille a déjà fait appel de la décision d'orientation.",
    ),
    "deadline_passed": (
        (
            "Le délai de trois jours ouvrables pour accepter la décision d'orientation "
            "ou faire appel est dépassé."
        ),
        (
            "Le délai de trois jours ouvrables pour accepter la décision d'orientation "
            "ou faire appel est dépassé."
        ),
    ),
    "no_appeal": (
        "Aucun appel n'a été formé contre la décision d'orientation.",
        "La famille n'a pas fait appel de la décision d'orientation.",
    ),
    "dernier_mot": (
        "Votre choix est la décision d'orientation : la commission d'appel n'a pas à statuer.",
        (
            "La famille a eu le dernier mot : son choix est la décision d'orientation, "
            "sans commission d'appel."
        ),
    ),
    "appeal_decided": (
        "La commission d'appel a déjà rendu sa décision.",
        "La décision de la commission d'appel est déjà enregistrée.",
    ),
    "no_appeal_decision": (
        "La commission d'appel n'a pas encore rendu sa décision.",
        "La décision de la commission d'appel n'est pas encore enregistrée.",
    ),
    "maintien_requested": (
        "Vous avez déjà demandé le maintien de votre enfant en 3e.",
        "La famille a déjà demandé le maintien de l'élève en 3e.",
    ),
    "family_can_validate": (
        (
            "Les représentants légaux peuvent encore valider en ligne : "
            "le premier qui valide effectue les saisies."
        ),
        (
            "Les représentants légaux peuvent encore valider en ligne : "
            "le premier qui valide effectue les saisies."
        ),
    ),
    # two people acted from the same version (Conflict)
    "conflict": (
        (
            "Ces informations ont été modifiées entre-temps : "
            "rechargez la page pour voir les choix enregistrés avant de recommencer."
        ),
        CONFLICT_MESSAGE,
    ),
}

# When the campaign can say it, a refusal because the service is not open,
# or no longer, gives the dates, in the school's zone: when the action opens
# ("{start}"), or the last day it was possible ("{end}", the day before a
# phase that ends at midnight).  Keyed by the reason, or by the action that
# is not open yet or any more.
_DATED: dict[str, str] = {
    "closed": (
        "La campagne d'orientation s'est terminée le {end} : le dossier ne peut plus être modifié."
    ),
    "deadline_passed": (
        "Le délai pour accepter la décision d'orientation ou faire appel a pris fin le {end}."
    ),
    "VALIDATE_INTENTIONS.opens": "La saisie des intentions provisoires ouvre le {start}.",
    "VALIDATE_INTENTIONS.ended": (
        "La saisie des intentions provisoires s'est terminée le {end} : "
        "les intentions ne peuvent plus être modifiées."
    ),
    "ACKNOWLEDGE_AVIS.opens": "L'avis du conseil de classe sera publié le {start}.",
    "ACKNOWLEDGE_AVIS.ended": (
        "L'accusé de réception de l'avis du conseil de classe était possible jusqu'au {end}."
    ),
    "VALIDATE_CHOIX.opens": "La saisie des choix définitifs ouvre le {start}.",
    "VALIDATE_CHOIX.ended": (
        "La saisie des choix définitifs s'est terminée le {end} : "
        "les choix ne peuvent plus être modifiés."
    ),
    "ANSWER_PROPOSITIONS.opens": (
        "Les propositions du conseil de classe seront publiées le {start}."
    ),
    "ANSWER_PROPOSITIONS.ended": (
        "La réponse aux propositions du conseil de classe était possible jusqu'au {end}."
    ),
    "ACCEPT_DECISION.opens": "Les décisions d'orientation seront prises à partir du {start}.",
    "LODGE_APPEAL.opens": "Les décisions d'orientation seront prises à partir du {start}.",
    "REQUEST_MAINTIEN.opens": "Les décisions d'orientation seront prises à partir du {start}.",
}


def refusal(reason: str, *, staff: bool) -> str:
    """The French sentence for a refusal with ``reason``: staff's wording, or a family's."""
    family, for_staff = _REFUSALS[reason]
    return for_staff if staff else family


def dated_refusal(key: str, day: str) -> str | None:
    """The dated sentence for ``key``, worded with ``day``, or None when there is none."""
    template = _DATED.get(key)
    return None if template is None else template.format(start=day, end=day)


def refusals() -> dict[str, tuple[str, str]]:
    """Every refusal reason with its family and staff sentences (for docs and tests)."""
    return dict(_REFUSALS)


def dated_refusals() -> dict[str, str]:
    """Every dated refusal sentence, by reason or action (for docs and tests)."""
    return dict(_DATED)
