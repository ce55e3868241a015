"""The permission policy: who may do what to a dossier, in which phase.

The whole matrix (an actor's standing towards the dossier × phase × action)
is built once, below, from three small tables, and rendered as the table of
``docs/permissions.md``.  The dossier consults this module; this module knows
the dossier only through :class:`DossierView`, so it never imports it.

A refusal carries a stable reason code:

- ``"no_access"``: the actor has nothing to do with the dossier (another
  family's, another school's, a professeur principal of another class);
  nothing more is said, not even whether the dossier exists;
- ``"closed"``: the campaign is over, everything is read only but what still
  runs on the dossier (:data:`~orientation_core.LATE_ACTIONS`);
- ``"not_in_phase"``: the current phase does not open the action;
- ``"read_only"``: the pupil reads and never changes anything;
- ``"not_entrant"``: only the guardian who validated first (the entrant)
  changes anything; before any validation, a guardian may only validate;
- ``"staff_only"``: the action is the school's;
- ``"head_only"``: only the head decides and hands over.

Staff take a family's action only on paper: keying in the form the family
signed (the fiche de dialogue), with the signatory; the matrix says so with
:attr:`Verdict.on_paper`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from orientation_core._actors import Guardian, Pupil, Role, Staff
from orientation_core._coerce import Coded
from orientation_core._phase import LATE_ACTIONS, PHASE_ACTIONS, Action, Phase, Side
from orientation_core._problems import problem
from orientation_core._schedule import instant
from orientation_core._settings import AcademySettings
from orientation_core.exceptions import InvalidValue

if TYPE_CHECKING:
    from orientation_core._actors import Actor

__all__ = [
    "PERMISSIONS",
    "Access",
    "CampaignView",
    "DossierView",
    "Standing",
    "Verdict",
    "access",
    "check",
    "permissions_markdown",
    "standing",
]


@runtime_checkable
class CampaignView(Protocol):
    """What the dossier and the policy need of a school's campaign."""

    @property
    def uai(self) -> str:
        """The school's UAI code."""

    @property
    def rentree(self) -> int:
        """The year of the rentrée the campaign prepares."""

    @property
    def settings(self) -> AcademySettings:
        """The académie's parameters."""

    @property
    def dernier_mot_aux_familles(self) -> bool:
        """Whether the school runs the "dernier mot aux familles" variant."""

    def phase_at(self, now: datetime) -> Phase:
        """The phase of the school's service at the aware instant ``now``."""

    def appeal_deadline(self, notified_at: datetime) -> datetime:
        """The aware instant until which a decision notified at ``notified_at`` may be appealed."""


class DossierView(Protocol):
    """What the policy needs of a dossier: whose it is, who enters, what still runs."""

    @property
    def uai(self) -> str:
        """The school's UAI code."""

    @property
    def rentree(self) -> int:
        """The year of the rentrée the dossier prepares."""

    @property
    def pupil(self) -> Pupil:
        """The pupil."""

    @property
    def guardians(self) -> tuple[Guardian, ...]:
        """The pupil's guardians."""

    @property
    def entrant_id(self) -> str | None:
        """The id of the guardian who enters, or None before any validation."""

    def late_actions(self, campaign: CampaignView, now: datetime) -> frozenset[Action]:
        """The actions of :data:`~orientation_core.LATE_ACTIONS` still running at ``now``."""


class Access(Coded, kind="accès"):
    """What an actor may do with a dossier at some instant."""

    EDIT = "EDIT"
    READ = "READ"
    NONE = "NONE"


class Standing(Coded, kind="qualité"):
    """An actor's kind and relation to one dossier: the rows of the matrix."""

    ENTRANT = "ENTRANT"
    GUARDIAN = "GUARDIAN"
    OTHER_GUARDIAN = "OTHER_GUARDIAN"
    PUPIL = "PUPIL"
    HEAD = "HEAD"
    PROFESSEUR_PRINCIPAL = "PROFESSEUR_PRINCIPAL"
    SECRETARIAT = "SECRETARIAT"
    OTHER_CLASS = "OTHER_CLASS"
    OTHER_FAMILY = "OTHER_FAMILY"
    OTHER_SCHOOL = "OTHER_SCHOOL"

    @property
    def label(self) -> str:
        """Who this is, in the words of the permissions table."""
        return _STANDING_LABELS[self]


_STANDING_LABELS = {
    Standing.ENTRANT: "représentant légal qui saisit (le premier à avoir validé)",
    Standing.GUARDIAN: "représentant légal, avant toute validation",
    Standing.OTHER_GUARDIAN: "l'autre représentant légal",
    Standing.PUPIL: "l'élève",
    Standing.HEAD: "chef d'établissement de l'établissement",
    Standing.PROFESSEUR_PRINCIPAL: "professeur principal de la classe de l'élève",
    Standing.SECRETARIAT: "secrétariat de l'établissement",
    Standing.OTHER_CLASS: "professeur principal d'une autre classe",
    Standing.OTHER_FAMILY: "représentant légal ou élève d'un autre dossier",
    Standing.OTHER_SCHOOL: "personnel d'un autre établissement",
}


@attrs.frozen
class Verdict:
    """Whether an action is allowed, and if not, why.

    Attributes:
        reason: None when allowed, else the stable reason code.
        on_paper: Whether it is allowed only as a paper form the family
            signed, keyed in by staff with the signatory.

    """

    reason: str | None = None
    on_paper: bool = False

    @property
    def allowed(self) -> bool:
        """Whether the action is allowed."""
        return self.reason is None


ALLOWED = Verdict()
ON_PAPER = Verdict(on_paper=True)
NO_ACCESS = "no_access"
HEAD_ONLY = "head_only"
CLOSED = "closed"
NOT_IN_PHASE = "not_in_phase"
PHASE_REASONS = frozenset({CLOSED, NOT_IN_PHASE})
"""The reasons that are about the phase, not the actor (IllegalTransition)."""

STRANGERS = frozenset({Standing.OTHER_CLASS, Standing.OTHER_FAMILY, Standing.OTHER_SCHOOL})
"""The standings that have nothing to do with the dossier and learn nothing of it."""


def _no(reason: str) -> Verdict:
    return Verdict(reason)


_STAFF_SIDES: Mapping[Side, Verdict] = {
    Side.FAMILY: ON_PAPER,
    Side.STAFF: ALLOWED,
    Side.HEAD: _no(HEAD_ONLY),
}
_NOT_ENTRANT_SIDES: Mapping[Side, Verdict] = {
    Side.FAMILY: _no("not_entrant"),
    Side.STAFF: _no("staff_only"),
    Side.HEAD: _no(HEAD_ONLY),
}
# Who may take an action of each side, once the phase opens it; otherwise why
# not.  This table and the one below are the whole policy.
_BY_SIDE: Mapping[Standing, Mapping[Side, Verdict]] = {
    Standing.ENTRANT: {**_NOT_ENTRANT_SIDES, Side.FAMILY: ALLOWED},
    Standing.GUARDIAN: _NOT_ENTRANT_SIDES,
    Standing.OTHER_GUARDIAN: _NOT_ENTRANT_SIDES,
    Standing.PUPIL: dict.fromkeys(Side, _no("read_only")),
    Standing.HEAD: {**_STAFF_SIDES, Side.HEAD: ALLOWED},
    Standing.PROFESSEUR_PRINCIPAL: _STAFF_SIDES,
    Standing.SECRETARIAT: _STAFF_SIDES,
}
# A validation is what makes a guardian the entrant, so a guardian may
# validate while nobody has: a draft never validated gives no other right.
_EXCEPTIONS: Mapping[tuple[Standing, Action], Verdict] = {
    (Standing.GUARDIAN, Action.VALIDATE_INTENTIONS): ALLOWED,
    (Standing.GUARDIAN, Action.VALIDATE_CHOIX): ALLOWED,
}


def _cell(who: Standing, phase: Phase, action: Action) -> Verdict:
    # The order is the order in which Dossier.handle checks: relation, then
    # phase, then the actor's own rights.
    if who in STRANGERS:
        return Verdict(NO_ACCESS)
    if action not in PHASE_ACTIONS[phase]:
        return Verdict(CLOSED if phase is Phase.CLOSED else NOT_IN_PHASE)
    return _EXCEPTIONS.get((who, action)) or _BY_SIDE[who][action.by]


PERMISSIONS: Mapping[tuple[Standing, Phase, Action], Verdict] = MappingProxyType(
    {(w, p, a): _cell(w, p, a) for w in Standing for p in Phase for a in Action}
)
"""The whole matrix: every standing, phase and action with its verdict.

In CLOSED, a dossier still answers :data:`~orientation_core.LATE_ACTIONS`
that are running on it as in DECISIONS (see :func:`check`).
"""

_ACCESS: Mapping[tuple[Standing, Phase], Access] = MappingProxyType(
    {
        (w, p): Access.NONE
        if w in STRANGERS
        else Access.EDIT
        if any(PERMISSIONS[w, p, a].allowed for a in Action)
        else Access.READ
        for w in Standing
        for p in Phase
    }
)

_STAFF_STANDING = {
    Role.HEAD: Standing.HEAD,
    Role.PROFESSEUR_PRINCIPAL: Standing.PROFESSEUR_PRINCIPAL,
    Role.SECRETARIAT: Standing.SECRETARIAT,
}


def standing(actor: Actor, dossier: DossierView) -> Standing:
    """The actor's kind and relation to the dossier.

    Actors are recognised by their ``id``; a professeur principal is related
    only to the dossiers of their classes.  Raises :class:`InvalidValue`
    when ``actor`` is not an actor, or when ``dossier`` (a host's own
    :class:`DossierView`, maybe) answers nonsense (``"dossier.invalid_answer"``
    naming the member).
    """
    return standing_in(actor, checked_view(dossier))


_VIEW_MEMBERS: tuple[tuple[str, Callable[[object], bool]], ...] = (
    ("uai", lambda value: type(value) is str and value != ""),
    ("rentree", lambda value: type(value) is int),
    ("pupil", lambda value: type(value) is Pupil),
    (
        "guardians",
        lambda value: type(value) is tuple and all(type(g) is Guardian for g in value),
    ),
    ("entrant_id", lambda value: value is None or type(value) is str),
)


def checked_view(dossier: DossierView) -> DossierView:
    """``dossier``, once each member the policy reads has answered as a dossier would."""
    for member, sound in _VIEW_MEMBERS:
        if not sound(getattr(dossier, member, None)):
            # Say which member, never what it answered.
            raise InvalidValue((problem("dossier.invalid_answer", ("dossier", member)),))
    return dossier


def standing_in(actor: Actor, dossier: DossierView) -> Standing:
    """:func:`standing`, for a dossier known to answer soundly (the library's own)."""
    if type(actor) is Guardian:
        entrant = dossier.entrant_id
        # A loop rather than any() over a generator, which costs more than
        # looking through one or two guardians (0.45 against 0.75 µs a standing).
        for guardian in dossier.guardians:
            if guardian.id == actor.id:
                break
        else:
            return Standing.OTHER_FAMILY
        if entrant is None:
            return Standing.GUARDIAN
        return Standing.ENTRANT if entrant == actor.id else Standing.OTHER_GUARDIAN
    if type(actor) is Staff:
        return _staff_standing(actor, dossier)
    if type(actor) is Pupil:
        return Standing.PUPIL if actor.id == dossier.pupil.id else Standing.OTHER_FAMILY
    raise InvalidValue((problem("type.invalid", ("actor",), expected="Guardian | Pupil | Staff"),))


def _staff_standing(actor: Staff, dossier: DossierView) -> Standing:
    if actor.uai != dossier.uai:
        return Standing.OTHER_SCHOOL
    if actor.role is Role.PROFESSEUR_PRINCIPAL and dossier.pupil.classe not in actor.classes:
        return Standing.OTHER_CLASS
    return _STAFF_STANDING[actor.role]


# The classes whose instances passed the CampaignView check.  A protocol check
# inspects every member at every call (about 10 µs, a quarter of handling a
# command); the members are the class's properties and methods, so one
# instance that passes vouches for its class.
_CAMPAIGN_CLASSES: set[type] = set()


def _is_campaign(value: object) -> bool:
    if type(value) in _CAMPAIGN_CLASSES:
        return True
    if isinstance(value, CampaignView):
        _CAMPAIGN_CLASSES.add(type(value))
        return True
    return False


def _bad_answer(member: str) -> InvalidValue:
    # A host's own campaign answering nonsense is the host's bug: say which
    # member, never show what it answered.
    return InvalidValue((problem("campaign.invalid_answer", ("campaign", member)),))


def check_campaign_view(campaign: CampaignView) -> tuple[str, int]:
    """Check that ``campaign`` is a campaign, and give its school's UAI and its rentrée."""
    # A class already vouched for is known without a call.
    if type(campaign) not in _CAMPAIGN_CLASSES and not _is_campaign(campaign):
        raise InvalidValue((problem("type.invalid", ("campaign",), expected="Campaign"),))
    uai, rentree = campaign.uai, campaign.rentree
    if type(uai) is not str or not uai:
        raise _bad_answer("uai")
    if type(rentree) is not int:
        raise _bad_answer("rentree")
    return uai, rentree


def _check_campaign_type(campaign: CampaignView) -> None:
    if not _is_campaign(campaign):
        raise InvalidValue((problem("type.invalid", ("campaign",), expected="Campaign"),))


def _check_arguments(campaign: CampaignView, now: datetime) -> None:
    _check_campaign_type(campaign)
    if not isinstance(now, datetime):
        raise InvalidValue((problem("type.invalid", ("now",), expected="datetime"),))
    if now.utcoffset() is None:
        raise InvalidValue((problem("time.naive", ("now",)),))


def _asked_phase(campaign: CampaignView, now: datetime) -> Phase:
    phase = campaign.phase_at(now)
    if not isinstance(phase, Phase):
        raise _bad_answer("phase_at")
    return phase


def phase_of(campaign: CampaignView, now: datetime) -> Phase:
    """The campaign's phase at ``now``, after checking both arguments' shape and the answer."""
    _check_arguments(campaign, now)
    return _asked_phase(campaign, now)


def phase_and_instant(campaign: CampaignView, now: datetime) -> tuple[Phase, datetime]:
    """:func:`phase_of`, and ``now`` as a plain UTC datetime, asked of the campaign in UTC.

    Brought to UTC once for the whole command: the campaign's search and the
    event's instant then take their fast path rather than converting it
    again each (a conversion is 0.5 µs).
    """
    # The sound case first, in one test: a campaign of a class already
    # vouched for and an instant already in UTC, as every replayed event has
    # (three calls fewer an event).
    if (
        type(campaign) not in _CAMPAIGN_CLASSES
        or type(now) is not datetime
        or now.tzinfo is not UTC
    ):
        # instant() refuses what _check_arguments refuses of ``now``, with the
        # same problems: checked once, not twice before the conversion (a
        # command at a local time, as a host gives it: 69.6 against 71.8
        # thousand instructions).
        _check_campaign_type(campaign)
        now = instant(now)
    return _asked_phase(campaign, now), now


def appeal_deadline(campaign: CampaignView, notified_at: datetime) -> datetime:
    """The campaign's appeal deadline for a notification at ``notified_at``, checked."""
    deadline = campaign.appeal_deadline(notified_at)
    if not isinstance(deadline, datetime) or deadline.utcoffset() is None:
        raise _bad_answer("appeal_deadline")
    return deadline


def settings_of(campaign: CampaignView) -> AcademySettings:
    """The campaign's académie settings, checked."""
    settings = campaign.settings
    if not isinstance(settings, AcademySettings):
        raise _bad_answer("settings")
    return settings


def dernier_mot_of(campaign: CampaignView) -> bool:
    """Whether the campaign's school runs "dernier mot aux familles", checked."""
    dernier_mot = campaign.dernier_mot_aux_familles
    if type(dernier_mot) is not bool:
        raise _bad_answer("dernier_mot_aux_familles")
    return dernier_mot


def check_campaign(dossier: DossierView, campaign: CampaignView) -> None:
    """Refuse a campaign that is not the dossier's: another school's, or another rentrée's.

    Passing the wrong campaign is a host's mistake; answering from it would
    read the phases of another calendar.
    """
    # The sound case first, in one test: a campaign of a class already
    # vouched for, answering the dossier's own school and rentrée (every
    # command and every replayed event asks: 2.0 against 3.1 thousand
    # instructions, counted with callgrind).
    if type(campaign) in _CAMPAIGN_CLASSES:
        uai, rentree = campaign.uai, campaign.rentree
        if (
            type(uai) is str
            and type(rentree) is int
            and uai == dossier.uai
            and rentree == dossier.rentree
        ):
            return
    uai, rentree = check_campaign_view(campaign)
    if uai != dossier.uai:
        raise InvalidValue((problem("campaign.other_school", ("campaign",)),))
    if rentree != dossier.rentree:
        raise InvalidValue((problem("campaign.other_rentree", ("campaign",)),))


def late_actions_of(
    dossier: DossierView, campaign: CampaignView, now: datetime
) -> frozenset[Action]:
    """The dossier's :meth:`~DossierView.late_actions`, checked."""
    late = dossier.late_actions(campaign, now)
    if type(late) is not frozenset or not all(isinstance(a, Action) for a in late):
        raise InvalidValue((problem("dossier.invalid_answer", ("dossier", "late_actions")),))
    return late


def matrix_phase(
    dossier: DossierView, phase: Phase, action: Action, campaign: CampaignView, now: datetime
) -> Phase:
    """The phase whose row of the matrix answers ``action`` on ``dossier`` at ``now``.

    Once the campaign is closed, an action still running on the dossier (a
    decision's window, an appeal awaiting the commission, the maintien that
    may follow it) is answered as in the decisions phase.
    """
    if (
        phase is Phase.CLOSED
        and action in LATE_ACTIONS
        and action in late_actions_of(dossier, campaign, now)
    ):
        return Phase.DECISIONS
    return phase


def access(actor: Actor, dossier: DossierView, campaign: CampaignView, now: datetime) -> Access:
    """What ``actor`` may do with ``dossier`` at ``now``: EDIT, READ or NONE.

    EDIT when at least one action is allowed at ``now``, READ for anybody
    related to the dossier otherwise, NONE for everybody else.
    """
    who = standing(actor, dossier)
    phase = phase_of(campaign, now)
    if who in STRANGERS:
        return Access.NONE
    check_campaign(dossier, campaign)
    if phase is Phase.CLOSED and any(
        PERMISSIONS[who, Phase.DECISIONS, a].allowed
        for a in late_actions_of(dossier, campaign, now)
    ):
        return Access.EDIT
    return _ACCESS[who, phase]


def check(
    actor: Actor, action: Action, dossier: DossierView, campaign: CampaignView, now: datetime
) -> Verdict:
    """Whether ``actor`` may take ``action`` on ``dossier`` at ``now``, and if not, why.

    This is the matrix, with the phase the dossier answers in
    (:func:`matrix_phase`); the rest of the dossier's state (is there a
    decision to accept, has it been appealed...) is the dossier's business.
    """
    if not isinstance(action, Action):
        raise InvalidValue((problem("type.invalid", ("action",), expected="Action"),))
    who = standing(actor, dossier)
    phase = phase_of(campaign, now)
    if who in STRANGERS:
        return Verdict(NO_ACCESS)
    check_campaign(dossier, campaign)
    return PERMISSIONS[who, matrix_phase(dossier, phase, action, campaign, now), action]


def _rendered(verdict: Verdict) -> str:
    if verdict.on_paper:
        return "papier"
    if verdict.reason is None:
        return "✓"
    return "—" if verdict.reason == NOT_IN_PHASE else verdict.reason


def permissions_markdown() -> str:
    """The matrix as the Markdown tables of ``docs/permissions.md``: one per phase.

    A cell is ``✓`` when the action is allowed, ``papier`` when it is
    allowed as a paper form the family signed, ``—`` when the phase does not
    open it, else the reason code.
    """
    actions = list(Action)
    lines: list[str] = []
    for phase in Phase:
        lines.append(f"### {phase.value}: {phase.label}")
        lines.append("")
        lines.append("| standing | access | " + " | ".join(a.value for a in actions) + " |")
        lines.append("|---|---|" + "---|" * len(actions))
        for who in Standing:
            cells = [_rendered(PERMISSIONS[who, phase, a]) for a in actions]
            lines.append(
                f"| {who.value} | {_ACCESS[who, phase].value} | " + " | ".join(cells) + " |"
            )
        lines.append("")
    return "\n".join(lines)
