"""The family's and the school's pages, in the guide's words, for a host's templates.

Every text is a module-level constant, word for word from the guide
(``guide-intentions-provisoires.fr.txt``) where the guide has it; the few the
guide does not show (the later phases' pages, the staff's view) are marked
*ours* and follow the guide's style.  A page is a frozen value: which screen it
is (:class:`PageState`), its heading, paragraphs, lines (a calendar, a recap),
form fields with their choices and info-bulles, and buttons.  There is one
function per screen, and :func:`family_page` picks the screen a family member
sees from the core's policy, the dossier and the campaign's phase.

Decisions:

- **The period in the heading.**  The guide's screenshots read "Deuxième
  trimestre ou premier semestre : ..." because one screenshot serves both
  kinds of school.  A school's page names its own period, from its campaign's
  rhythm (``Rhythm.intentions_period``, ``Rhythm.choix_period``); the guide's
  combined words stay available as :data:`GUIDE_PERIOD`.
- **"Sclarité Services".**  The guide's validation message misspells the
  portal, whose name is "Scolarité Services" (the guide's own first page):
  pages show :data:`VALIDATED_MESSAGE`, corrected; the guide's text is kept,
  verbatim, as :data:`VALIDATED_MESSAGE_IN_GUIDE`, so that a test proves the
  one letter is the only difference.
- **Choix définitifs.**  The guide covers the intentions only; the choix
  définitifs' pages follow the same structure and sentences, with "choix" for
  "intention" (procedure.md §3: the same rules hold).
- **One wording per thing.**  The recap of the intentions is the core's
  :func:`~orientation_core.recap_lines`; the choix, the avis, the
  propositions, the decision and the appeal are listed as
  :mod:`orientation_core.texts`' recaps word them; the info-bulles are the
  core's (:attr:`Voie.help <orientation_core.Voie.help>`,
  :attr:`Statut.help <orientation_core.Statut.help>`,
  :data:`~orientation_core.PRECISION_HELP`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import attrs

from orientation_core._actors import Guardian, Pupil, Staff
from orientation_core._campaign import Campaign
from orientation_core._checks import flag
from orientation_core._coerce import Coded
from orientation_core._commands import Answer
from orientation_core._dossier import Dossier
from orientation_core._intention import IntentionSet
from orientation_core._phase import Action, Phase
from orientation_core._policy import Access, access, check, check_campaign
from orientation_core._problems import Path, problem
from orientation_core._recap import recap_lines
from orientation_core._schedule import instant
from orientation_core._settings import AcademySettings
from orientation_core._voie import PRECISION_HELP, PRECISION_LABEL, Statut, Voie
from orientation_core.exceptions import InvalidValue, Problem
from orientation_core.texts._dates import date_range, time_left
from orientation_core.texts._recap import (
    Recap,
    appeal_recap,
    avis_recap,
    choix_recap,
    decision_recap,
    propositions_recap,
)

__all__ = [
    "ACKNOWLEDGE_BUTTON",
    "ADD_CHOIX_BUTTON",
    "ADD_INTENTION_BUTTON",
    "CALENDAR_INTRO",
    "CANCEL_BUTTON",
    "CHOIX_HEADING",
    "CHOIX_INSTRUCTIONS",
    "GUIDE_PERIOD",
    "INTENTIONS_HEADING",
    "INTENTIONS_INSTRUCTIONS",
    "LOGIN_HELP",
    "LOGIN_HELP_TITLE",
    "MODIFY_BUTTON",
    "NOT_OPEN",
    "RANK_HELP",
    "STEPS",
    "TITLE",
    "VALIDATED_MESSAGE",
    "VALIDATED_MESSAGE_IN_GUIDE",
    "VALIDATE_BUTTON",
    "WISH",
    "Choice",
    "Field",
    "Page",
    "PageState",
    "avis_page",
    "choix_closed_page",
    "choix_entry_page",
    "choix_validated_page",
    "closed_page",
    "decision_page",
    "family_page",
    "intentions_closed_page",
    "intentions_entry_page",
    "intentions_validated_page",
    "login_help_page",
    "not_open_page",
    "propositions_page",
    "staff_page",
]

# --- the guide's words ---------------------------------------------------------

TITLE = "ORIENTATION"
"""The title of every page of the service."""

LOGIN_HELP_TITLE = "Aide pour la première connexion des parents"
"""The heading of the login help."""

LOGIN_HELP = (
    (
        "La connexion au téléservice se fait au moyen d'un compte ATEN responsable, qui permet "
        "de saisir les intentions provisoires et d'accuser réception de l'avis donné par le "
        "conseil de classe."
    ),
    (
        "Chaque parent d'élève possède un compte ATEN responsable, mais un seul des deux parents "
        "peut effectuer les saisies."
    ),
    "La connexion avec un compte ATEN élève permet uniquement la consultation des saisies.",
)
"""The login help, paragraph by paragraph."""

NOT_OPEN = "La campagne d'orientation n'est pas ouverte."
"""What the service says before it opens."""

CALENDAR_INTRO = "Le calendrier est le suivant :"
"""The words before the calendar, on the not-open page."""

STEPS = ("1 Intentions provisoires", "2 Choix définitifs", "3 Décision")
"""The step bar at the top of the family's pages."""

GUIDE_PERIOD = "Deuxième trimestre ou premier semestre"
"""The guide's own period, which names both rhythms (a school's page names its own)."""

INTENTIONS_HEADING = "{period} : DEMANDE(S) DES REPRÉSENTANTS LÉGAUX / Intention(s) d'orientation."
"""The heading of the intentions' pages, with the school's period."""

INTENTIONS_INSTRUCTIONS = (
    "Vous devez obligatoirement saisir une intention. Vous pouvez en saisir jusqu'à trois. "
    "Leur ordre d'affichage correspond à votre ordre de préférence."
)
"""The instructions under the heading of the intentions' form."""

WISH = "Nous souhaitons pour la rentrée prochaine :"
"""The words before the intentions, on the form and on the recap."""

INTENTION_LABEL = "Intention {rank}"
RANK_HELP = "Le rang détermine l'ordre de préférence"
"""The hint beside the first intention's rank."""

PRECISION_PROMPT = f"{PRECISION_LABEL} :"
ADD_INTENTION_BUTTON = "AJOUTER UNE INTENTION"
CANCEL_BUTTON = "ANNULER"
VALIDATE_BUTTON = "VALIDER"
MODIFY_BUTTON = "MODIFIER"
"""The entrant's button on the validated page: back to the form."""

VALIDATED_MESSAGE_IN_GUIDE = (
    "Vos intentions ont bien été validées. Un e-mail de confirmation va vous être envoyé, si une "
    "adresse électronique valide est indiquée dans votre fiche de renseignements. Si ce n'est pas "
    "le cas, vous pouvez la compléter à partir du portail Sclarité Services. Vous pouvez encore "
    "faire des modifications jusqu'à la fermeture du service."
)
"""The validation message exactly as the guide prints it, typo included."""

VALIDATED_MESSAGE = VALIDATED_MESSAGE_IN_GUIDE.replace("Sclarité", "Scolarité")
"""The validation message pages show: the guide's, with the portal's name spelt right."""

# --- ours, in the guide's style, where the guide shows no screen ---------------------

CHOIX_HEADING = "{period} : DEMANDE(S) DES REPRÉSENTANTS LÉGAUX / Choix définitif(s) d'orientation."
"""The heading of the choix définitifs' pages, with the school's period."""

CHOIX_INSTRUCTIONS = (
    "Vous devez obligatoirement saisir un choix. Vous pouvez en saisir jusqu'à trois. "
    "Leur ordre d'affichage correspond à votre ordre de préférence."
)
"""The instructions of the choix définitifs' form, as the intentions' say it."""

CHOIX_LABEL = "Choix {rank}"
ADD_CHOIX_BUTTON = "AJOUTER UN CHOIX"
CHOIX_VALIDATED_MESSAGE = VALIDATED_MESSAGE.replace(
    "Vos intentions ont bien été validées", "Vos choix ont bien été validés"
)
NOTHING_VALIDATED = "Aucune saisie n'a encore été validée."
CLOSES = "La saisie ferme {when}."
SERVICE_CLOSED = "La saisie est fermée."
AVIS_HEADING = "Avis provisoire du conseil de classe"
ACKNOWLEDGE_BUTTON = "ACCUSER RÉCEPTION"
PROPOSITIONS_HEADING = "Propositions du conseil de classe"
PROPOSITION_LABEL = "Proposition {rank} : {voie}"
DECISION_HEADING = "Décision d'orientation"
OUTCOME_LINE = "Orientation : {voie}"
NO_DECISION_YET = "La décision d'orientation n'a pas encore été prise."
APPEAL_CLOSES = "Vous pouvez accepter la décision ou faire appel : le délai se termine {when}."
ACCEPT_BUTTON = "ACCEPTER LA DÉCISION"
APPEAL_BUTTON = "FAIRE APPEL"
MAINTIEN_BUTTON = "DEMANDER LE MAINTIEN EN 3E"
CAMPAIGN_OVER = "La campagne d'orientation est terminée."
APPEAL_PENDING = "La commission d'appel n'a pas encore rendu sa décision."
PHASE_ENDS = "Cette étape se termine {when}."

_STAFF_TASKS = {
    Phase.NOT_OPEN: "Ouvrez les dossiers des élèves avant l'ouverture du téléservice.",
    # The guide's own last words.
    Phase.PROVISIONAL_OPEN: (
        "L'établissement peut visualiser dans Siècle Orientation les familles pour lesquelles il "
        "n'y a pas de saisies enregistrées, et les accompagner pour formuler leurs intentions "
        "provisoires."
    ),
    Phase.PROVISIONAL_CLOSED: (
        "Saisissez l'avis provisoire du conseil de classe sur chaque intention : favorable, "
        "réservé ou défavorable ; un avis réservé ou défavorable doit être motivé."
    ),
    Phase.AVIS_PUBLISHED: "Les familles consultent l'avis provisoire et en accusent réception.",
    Phase.DEFINITIVE_OPEN: "Les familles saisissent leurs choix définitifs.",
    Phase.DEFINITIVE_CLOSED: "Saisissez les propositions du conseil de classe.",
    Phase.PROPOSITIONS_PUBLISHED: "Les familles répondent aux propositions du conseil de classe.",
    Phase.DECISIONS: (
        "Le chef d'établissement reçoit les familles qui n'ont accepté aucune proposition, puis "
        "prend sa décision ; la famille l'accepte ou fait appel dans les 3 jours ouvrables."
    ),
    Phase.CLOSED: "Tout est en lecture seule.",
}


# --- the values -------------------------------------------------------------------


class PageState(Coded, kind="écran"):
    """Which screen of the service a page is."""

    NO_ACCESS = "NO_ACCESS"
    LOGIN_HELP = "LOGIN_HELP"
    NOT_OPEN = "NOT_OPEN"
    INTENTIONS_ENTRY = "INTENTIONS_ENTRY"
    INTENTIONS_VALIDATED = "INTENTIONS_VALIDATED"
    INTENTIONS_READ_ONLY = "INTENTIONS_READ_ONLY"
    INTENTIONS_CLOSED = "INTENTIONS_CLOSED"
    AVIS = "AVIS"
    CHOIX_ENTRY = "CHOIX_ENTRY"
    CHOIX_VALIDATED = "CHOIX_VALIDATED"
    CHOIX_READ_ONLY = "CHOIX_READ_ONLY"
    CHOIX_CLOSED = "CHOIX_CLOSED"
    PROPOSITIONS = "PROPOSITIONS"
    DECISION = "DECISION"
    CLOSED = "CLOSED"
    STAFF = "STAFF"


@attrs.frozen
class Choice:
    """One option of a field: its stable code, its label and its info-bulle.

    Attributes:
        code: What the form posts (a voie's or a statut's code).
        label: What the option reads.
        help: The info-bulle beside it, or None.

    """

    code: str
    label: str
    help: str | None = None


@attrs.frozen
class Field:
    """A field of a form, for each row (intention, choix or proposition).

    Attributes:
        name: The field's name in the form (``"voie"``, ``"precision"``, ...).
        label: The words before it (none for the statuts' tick boxes).
        help: The info-bulle beside the label, or None.
        choices: The options of a choice, or none for free text.

    """

    name: str
    label: str
    help: str | None = None
    choices: tuple[Choice, ...] = ()


@attrs.frozen
class Page:
    """One screen of the service, as data for a host's template.

    Pages (and their fields and choices) are the library's output, built by
    the functions below from checked values: they check nothing themselves.

    Attributes:
        state: Which screen it is.
        heading: The heading under the step bar, or None.
        paragraphs: The paragraphs, in order.
        lines: The listed lines: a calendar, a recap, avis or propositions.
        footer: The paragraphs after the lines (the validation message).
        fields: The form's fields, for a page with a form.
        buttons: The buttons' labels, in the guide's order.
        step: The current step of :data:`STEPS` (1 to 3), or None for a
            page without the step bar.

    """

    state: PageState
    heading: str | None = None
    paragraphs: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    buttons: tuple[str, ...] = ()
    step: int | None = None

    @property
    def title(self) -> str:
        """The page's title: the service's name."""
        return TITLE

    @property
    def steps(self) -> tuple[str, ...]:
        """The step bar, or nothing for a page without it."""
        return () if self.step is None else STEPS

    @property
    def text(self) -> str:
        """Every text of the page, one per line, in reading order (for e-mails and tests)."""
        parts = [self.title, *self.steps]
        if self.heading is not None:
            parts.append(self.heading)
        parts += [*self.paragraphs, *self.lines, *self.footer]
        for field in self.fields:
            if field.label:
                parts.append(field.label)
            parts += [choice.label for choice in field.choices]
        parts += self.buttons
        return "\n".join(parts)


# --- checks ---------------------------------------------------------------------


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise InvalidValue(problems)


def _campaign_problems(campaign: object) -> list[Problem]:
    if isinstance(campaign, Campaign):
        return []
    return [problem("type.invalid", ("campaign",), expected="Campaign")]


def _dossier_problems(dossier: object) -> list[Problem]:
    if isinstance(dossier, Dossier):
        return []
    return [problem("type.invalid", ("dossier",), expected="Dossier")]


def _checked(dossier: object, campaign: object, flags: tuple[tuple[str, object], ...] = ()) -> None:
    problems = [*_dossier_problems(dossier), *_campaign_problems(campaign)]
    for name, value in flags:
        problems += flag(value, (name,))
    _raise(problems)
    assert isinstance(dossier, Dossier)
    assert isinstance(campaign, Campaign)
    check_campaign(dossier, campaign)


def _now(now: object, at: Path = ("now",)) -> datetime:
    return instant(now, at)


# --- the pieces ---------------------------------------------------------------------


def _calendar_lines(campaign: Campaign) -> tuple[str, ...]:
    zone = campaign.zone
    return tuple(
        f"{entry.label} : {date_range(entry.start, entry.end, zone)}"
        for entry in campaign.calendar()
    )


def _phase_line(campaign: Campaign, phase: Phase) -> str:
    # For a dated phase: every phase but NOT_OPEN and CLOSED.
    start, end = campaign.start_of(phase), campaign.end_of(phase)
    assert start is not None
    assert end is not None
    return f"{phase.label_in(campaign.rhythm)} : {date_range(start, end, campaign.zone)}"


def _closes(campaign: Campaign, phase: Phase, now: datetime) -> tuple[str, ...]:
    end = campaign.end_of(phase)
    when = None if end is None else time_left(now, end, campaign.zone)
    return () if when is None else (CLOSES.format(when=when),)


def _form_fields(settings: AcademySettings, row_label: str) -> tuple[Field, ...]:
    voie = Field(
        "voie",
        row_label,
        RANK_HELP,
        tuple(Choice(v.value, v.label, v.help) for v in Voie),
    )
    if not settings.details_enabled:
        return (voie,)
    return (
        voie,
        Field("precision", PRECISION_PROMPT, PRECISION_HELP),
        Field("statuts", "", None, tuple(Choice(s.value, s.label, s.help) for s in Statut)),
    )


def _recap_parts(recap: Recap | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # A recap's groups as the page's lines, and its notes; nothing before any.
    if recap is None:
        return (), ()
    return tuple(line for group in recap.groups for line in (group.heading, *group.lines)), (
        recap.notes
    )


def _choix_lines(choix: IntentionSet) -> tuple[str, ...]:
    return _recap_parts(choix_recap(choix))[0]


def _intentions_heading(campaign: Campaign) -> str:
    return INTENTIONS_HEADING.format(period=campaign.rhythm.intentions_period)


def _choix_heading(campaign: Campaign) -> str:
    return CHOIX_HEADING.format(period=campaign.rhythm.choix_period)


@attrs.frozen
class _Form:
    # The two forms a family validates, the intentions (step 1) and the
    # choix définitifs (step 2): their pages differ only in these.
    entry: PageState
    validated: PageState
    read_only: PageState
    closed: PageState
    step: int
    open_phase: Phase
    closed_phase: Phase
    heading: Callable[[Campaign], str]
    instructions: str
    label: str
    add_button: str
    validated_message: str
    kept: Callable[[Dossier], IntentionSet | None]
    lines: Callable[[IntentionSet], tuple[str, ...]]


_INTENTIONS = _Form(
    entry=PageState.INTENTIONS_ENTRY,
    validated=PageState.INTENTIONS_VALIDATED,
    read_only=PageState.INTENTIONS_READ_ONLY,
    closed=PageState.INTENTIONS_CLOSED,
    step=1,
    open_phase=Phase.PROVISIONAL_OPEN,
    closed_phase=Phase.PROVISIONAL_CLOSED,
    heading=_intentions_heading,
    instructions=INTENTIONS_INSTRUCTIONS,
    label=INTENTION_LABEL,
    add_button=ADD_INTENTION_BUTTON,
    validated_message=VALIDATED_MESSAGE,
    kept=lambda dossier: dossier.intentions,
    lines=recap_lines,
)
_CHOIX = _Form(
    entry=PageState.CHOIX_ENTRY,
    validated=PageState.CHOIX_VALIDATED,
    read_only=PageState.CHOIX_READ_ONLY,
    closed=PageState.CHOIX_CLOSED,
    step=2,
    open_phase=Phase.DEFINITIVE_OPEN,
    closed_phase=Phase.DEFINITIVE_CLOSED,
    heading=_choix_heading,
    instructions=CHOIX_INSTRUCTIONS,
    label=CHOIX_LABEL,
    add_button=ADD_CHOIX_BUTTON,
    validated_message=CHOIX_VALIDATED_MESSAGE,
    kept=lambda dossier: dossier.choix,
    lines=_choix_lines,
)


def _entry_page(form: _Form, campaign: Campaign, now: datetime) -> Page:
    _raise(_campaign_problems(campaign))
    moment = _now(now)
    return Page(
        form.entry,
        form.heading(campaign),
        (form.instructions, *_closes(campaign, form.open_phase, moment), WISH),
        fields=_form_fields(campaign.settings, form.label.format(rank=1)),
        buttons=(form.add_button, CANCEL_BUTTON, VALIDATE_BUTTON),
        step=form.step,
    )


def _validated_page(
    form: _Form, dossier: Dossier, campaign: Campaign, now: datetime, *, editable: bool
) -> Page:
    _checked(dossier, campaign, (("editable", editable),))
    moment = _now(now)
    kept = form.kept(dossier)
    lines = () if kept is None else form.lines(kept)
    if editable and kept is not None:
        return Page(
            form.validated,
            form.heading(campaign),
            (WISH,),
            lines,
            (form.validated_message, *_closes(campaign, form.open_phase, moment)),
            buttons=(MODIFY_BUTTON,),
            step=form.step,
        )
    return Page(
        form.read_only,
        form.heading(campaign),
        (WISH,) if kept is not None else (NOTHING_VALIDATED,),
        lines,
        step=form.step,
    )


def _closed_page(form: _Form, dossier: Dossier, campaign: Campaign) -> Page:
    _checked(dossier, campaign)
    kept = form.kept(dossier)
    return Page(
        form.closed,
        form.heading(campaign),
        (SERVICE_CLOSED, _phase_line(campaign, form.closed_phase)),
        () if kept is None else form.lines(kept),
        step=form.step,
    )


# --- one function per screen ---------------------------------------------------------


def login_help_page() -> Page:
    """The login help, word for word from the guide."""
    return Page(PageState.LOGIN_HELP, LOGIN_HELP_TITLE, LOGIN_HELP)


def not_open_page(campaign: Campaign) -> Page:
    """The page before the service opens: the calendar of the phases, in the school's zone."""
    _raise(_campaign_problems(campaign))
    return Page(
        PageState.NOT_OPEN,
        paragraphs=(NOT_OPEN, CALENDAR_INTRO),
        lines=_calendar_lines(campaign),
    )


def intentions_entry_page(campaign: Campaign, now: datetime) -> Page:
    """The intentions' form, as the guide shows it, with the school's period.

    The précision and the statuts are offered only where the académie's
    settings allow them.
    """
    return _entry_page(_INTENTIONS, campaign, now)


def intentions_validated_page(
    dossier: Dossier, campaign: Campaign, now: datetime, *, editable: bool
) -> Page:
    """The recap of the validated intentions.

    For the entrant (``editable``): the recap, the validation message and
    MODIFIER.  For the other guardian and the pupil: the recap, read only
    (or that nothing is validated yet).
    """
    return _validated_page(_INTENTIONS, dossier, campaign, now, editable=editable)


def intentions_closed_page(dossier: Dossier, campaign: Campaign) -> Page:
    """The recap, read only, while the conseils de classe give their avis."""
    return _closed_page(_INTENTIONS, dossier, campaign)


def avis_page(dossier: Dossier, campaign: Campaign, *, can_acknowledge: bool) -> Page:
    """The conseil's avis on each intention, and the acknowledgement.

    The button shows only for the entrant who has not acknowledged yet
    (``can_acknowledge``, from the policy).
    """
    _checked(dossier, campaign, (("can_acknowledge", can_acknowledge),))
    lines, notes = _recap_parts(avis_recap(dossier))
    unacknowledged = dossier.acknowledged_at is None
    buttons = (ACKNOWLEDGE_BUTTON,) if can_acknowledge and unacknowledged else ()
    return Page(PageState.AVIS, AVIS_HEADING, (), lines, notes, buttons=buttons, step=1)


def choix_entry_page(campaign: Campaign, now: datetime) -> Page:
    """The choix définitifs' form: the intentions' form, with "choix"."""
    return _entry_page(_CHOIX, campaign, now)


def choix_validated_page(
    dossier: Dossier, campaign: Campaign, now: datetime, *, editable: bool
) -> Page:
    """The recap of the validated choix définitifs, as :func:`intentions_validated_page`."""
    return _validated_page(_CHOIX, dossier, campaign, now, editable=editable)


def choix_closed_page(dossier: Dossier, campaign: Campaign) -> Page:
    """The choix définitifs, read only, while the conseils de classe make their propositions."""
    return _closed_page(_CHOIX, dossier, campaign)


def propositions_page(dossier: Dossier, campaign: Campaign, *, can_answer: bool) -> Page:
    """The conseil's propositions, and the two answers the family chooses from.

    The answers are a field per proposition for the entrant who has not
    answered yet (``can_answer``); once answered, each proposition shows
    its answer.
    """
    _checked(dossier, campaign, (("can_answer", can_answer),))
    answering = can_answer and not dossier.answers
    if not answering:
        lines, _ = _recap_parts(propositions_recap(dossier))
        return Page(PageState.PROPOSITIONS, PROPOSITIONS_HEADING, lines=lines, step=3)
    answers = tuple(Choice(a.value, a.label) for a in Answer)
    fields = tuple(
        Field(
            f"answer-{rank}",
            PROPOSITION_LABEL.format(rank=rank, voie=proposition.voie.label),
            proposition.comment,
            answers,
        )
        for rank, proposition in enumerate(dossier.propositions, 1)
    )
    return Page(
        PageState.PROPOSITIONS,
        PROPOSITIONS_HEADING,
        fields=fields,
        buttons=(VALIDATE_BUTTON,),
        step=3,
    )


def _decision_lines(dossier: Dossier) -> tuple[str, ...]:
    decision, decided_notes = _recap_parts(decision_recap(dossier))
    appeal, appeal_notes = _recap_parts(appeal_recap(dossier))
    lines = [*decision, *decided_notes, *appeal, *appeal_notes]
    pending = dossier.appeal
    outcome = dossier.outcome
    if pending is not None and not pending.dernier_mot and dossier.appeal_decision is None:
        lines.append(APPEAL_PENDING)
    elif outcome is None:
        lines.append(NO_DECISION_YET)
    else:
        lines.append(OUTCOME_LINE.format(voie=outcome.label))
    return tuple(lines)


def decision_page(
    dossier: Dossier,
    campaign: Campaign,
    now: datetime,
    *,
    actions: frozenset[Action] = frozenset(),
) -> Page:
    """The decision: the head's, the appeal and the commission's, and what may still be done.

    ``actions`` are the family's actions the policy allows the reader now
    (accept, appeal, ask for maintien): each gives its button, and the
    appeal's deadline is shown while accepting or appealing is open.
    """
    _checked(dossier, campaign)
    moment = _now(now)
    if not isinstance(actions, frozenset) or not all(isinstance(a, Action) for a in actions):
        raise InvalidValue((problem("type.invalid", ("actions",), expected="frozenset[Action]"),))
    paragraphs: tuple[str, ...] = ()
    buttons: list[str] = []
    decision = dossier.decision
    if decision is not None and Action.ACCEPT_DECISION in actions:
        deadline = campaign.appeal_deadline(decision.notified_at)
        when = time_left(moment, deadline, campaign.zone)
        if when is not None:
            paragraphs = (APPEAL_CLOSES.format(when=when),)
        buttons += [ACCEPT_BUTTON, APPEAL_BUTTON]
    if Action.REQUEST_MAINTIEN in actions:
        buttons.append(MAINTIEN_BUTTON)
    return Page(
        PageState.DECISION,
        DECISION_HEADING,
        paragraphs,
        _decision_lines(dossier),
        buttons=tuple(buttons),
        step=3,
    )


def closed_page(dossier: Dossier, campaign: Campaign) -> Page:
    """The page once the campaign is over: the outcome, read only."""
    _checked(dossier, campaign)
    return Page(
        PageState.CLOSED,
        DECISION_HEADING,
        (CAMPAIGN_OVER,),
        _decision_lines(dossier),
        step=3,
    )


# --- the dispatcher ------------------------------------------------------------------

_NO_ACCESS = Page(PageState.NO_ACCESS)
_FAMILY_ACTIONS = (Action.ACCEPT_DECISION, Action.LODGE_APPEAL, Action.REQUEST_MAINTIEN)


def family_page(
    actor: Guardian | Pupil, dossier: Dossier, campaign: Campaign, now: datetime
) -> Page:
    """The page a guardian or the pupil sees at ``now``: the screen the policy and the phase give.

    The entrant (or, before any validation, either guardian) gets the
    forms and the buttons the policy allows; the other guardian and the
    pupil read only.  Anybody unrelated to the dossier gets the empty
    NO_ACCESS page, the same whatever the dossier holds.  Once the campaign
    is closed, a decision whose 3 jours ouvrables still run keeps its page.

    Raises:
        InvalidValue: ``actor`` is not a guardian or a pupil, or the other
            arguments are not a dossier, its campaign and an aware instant.

    """
    if not isinstance(actor, Guardian | Pupil):
        raise InvalidValue((problem("type.invalid", ("actor",), expected="Guardian | Pupil"),))
    _checked(dossier, campaign)
    moment = _now(now)
    if access(actor, dossier, campaign, moment) is Access.NONE:
        return _NO_ACCESS
    reader = _Reader(actor, dossier, campaign, moment)
    return _FAMILY_SCREENS[campaign.phase_at(moment)](reader)


@attrs.frozen
class _Reader:
    # Who reads which dossier, when: what each screen is chosen from.
    actor: Guardian | Pupil
    dossier: Dossier
    campaign: Campaign
    now: datetime

    def allowed(self, action: Action) -> bool:
        return check(self.actor, action, self.dossier, self.campaign, self.now).allowed


def _provisional_open(reader: _Reader) -> Page:
    can = reader.allowed(Action.VALIDATE_INTENTIONS)
    if can and reader.dossier.intentions is None:
        return intentions_entry_page(reader.campaign, reader.now)
    return intentions_validated_page(reader.dossier, reader.campaign, reader.now, editable=can)


def _definitive_open(reader: _Reader) -> Page:
    can = reader.allowed(Action.VALIDATE_CHOIX)
    if can and reader.dossier.choix is None:
        return choix_entry_page(reader.campaign, reader.now)
    return choix_validated_page(reader.dossier, reader.campaign, reader.now, editable=can)


def _decisions(reader: _Reader) -> Page:
    # The matrix allows accepting or appealing in the decisions phase even
    # before there is a decision: the buttons show only what the dossier
    # takes now, which is what still runs on it, and during the phase the
    # maintien request, which has no deadline of its own until the phase ends.
    dossier, campaign, now = reader.dossier, reader.campaign, reader.now
    running = dossier.late_actions(campaign, now)
    in_phase = campaign.phase_at(now) is Phase.DECISIONS
    if in_phase and dossier.appeal_decision is not None and dossier.maintien_requested_at is None:
        running |= {Action.REQUEST_MAINTIEN}
    actions = frozenset(a for a in _FAMILY_ACTIONS if a in running and reader.allowed(a))
    if in_phase or actions:
        return decision_page(dossier, campaign, now, actions=actions)
    return closed_page(dossier, campaign)


_FAMILY_SCREENS: dict[Phase, Callable[[_Reader], Page]] = {
    Phase.NOT_OPEN: lambda reader: not_open_page(reader.campaign),
    Phase.PROVISIONAL_OPEN: _provisional_open,
    Phase.PROVISIONAL_CLOSED: lambda reader: intentions_closed_page(
        reader.dossier, reader.campaign
    ),
    Phase.AVIS_PUBLISHED: lambda reader: avis_page(
        reader.dossier, reader.campaign, can_acknowledge=reader.allowed(Action.ACKNOWLEDGE_AVIS)
    ),
    Phase.DEFINITIVE_OPEN: _definitive_open,
    Phase.DEFINITIVE_CLOSED: lambda reader: choix_closed_page(reader.dossier, reader.campaign),
    Phase.PROPOSITIONS_PUBLISHED: lambda reader: propositions_page(
        reader.dossier, reader.campaign, can_answer=reader.allowed(Action.ANSWER_PROPOSITIONS)
    ),
    Phase.DECISIONS: _decisions,
    Phase.CLOSED: _decisions,
}


def staff_page(actor: Staff, campaign: Campaign, now: datetime) -> Page:
    """A member of staff's view of the campaign at ``now``: the phase, what it asks, the calendar.

    Raises:
        InvalidValue: ``actor`` is not staff of the campaign's school
            (``"type.invalid"``, ``"campaign.other_school"``), or ``now`` is
            not aware.

    """
    if not isinstance(actor, Staff):
        raise InvalidValue((problem("type.invalid", ("actor",), expected="Staff"),))
    _raise(_campaign_problems(campaign))
    moment = _now(now)
    if actor.uai != campaign.uai:
        raise InvalidValue((problem("campaign.other_school", ("campaign",)),))
    phase = campaign.phase_at(moment)
    paragraphs = [_STAFF_TASKS[phase]]
    if phase is Phase.NOT_OPEN:
        paragraphs.append(_phase_line(campaign, Phase.PROVISIONAL_OPEN))
    elif phase is not Phase.CLOSED:
        paragraphs.append(_phase_line(campaign, phase))
        end = campaign.end_of(phase)
        assert end is not None  # every phase but CLOSED ends
        when = time_left(moment, end, campaign.zone)
        assert when is not None  # the phase runs at moment, so it ends after it
        paragraphs.append(PHASE_ENDS.format(when=when))
    return Page(
        PageState.STAFF,
        phase.label_in(campaign.rhythm),
        tuple(paragraphs),
        _calendar_lines(campaign),
    )
