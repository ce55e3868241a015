"""The permission policy: who may do what to a dossier, in which phase.

The whole matrix (an actor's standing towards the dossier × phase × action)
is built once, below, from three small tables, and rendered as the table of
``docs/permissions.md``.  The dossier consults this module; this module knows
the dossier only through :class:`DossierView`, so it never imports it.

A refusal carries a stable reason code:

- ``"no_access"``: the actor has nothing to do with the dossier; nothing more
  is said, not even whether the dossier exists;
- ``"closed"``: the campaign is over, everything is read only;
- ``"not_in_phase"``: the current phase does not open the action;
- ``"read_only"``: the pupil reads and never changes anything;
- ``"not_entrant"``: only the guardian who validated first (the entrant)
  changes anything; before any validation, a guardian may only validate;
- ``"family_only"``: the action is the family's, staff do not take it;
- ``"staff_only"``: the action is the school's;
- ``"head_only"``: only the head decides and hands over.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from orientation_core._actors import Guardian, Pupil, Role, Staff
from orientation_core._coerce import Coded
from orientation_core._phase import PHASE_ACTIONS, Action, Phase, Side
from orientation_core._problems import problem
from orientation_core.exceptions import InvalidValue

if TYPE_CHECKING:
    from orientation_core._actors import Actor
    from orientation_core._settings import AcademySettings

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
    """What the policy needs of a dossier: whose it is, and who enters."""

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


class Access(Coded):
    """What an actor may do with a dossier at some instant."""

    EDIT = "EDIT"
    READ = "READ"
    NONE = "NONE"


class Standing(Coded):
    """An actor's kind and relation to one dossier: the rows of the matrix."""

    ENTRANT = "ENTRANT"
    GUARDIAN = "GUARDIAN"
    OTHER_GUARDIAN = "OTHER_GUARDIAN"
    PUPIL = "PUPIL"
    HEAD = "HEAD"
    PROFESSEUR_PRINCIPAL = "PROFESSEUR_PRINCIPAL"
    SECRETARIAT = "SECRETARIAT"
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
    Standing.PROFESSEUR_PRINCIPAL: "professeur principal de l'établissement",
    Standing.SECRETARIAT: "secrétariat de l'établissement",
    Standing.OTHER_FAMILY: "représentant légal ou élève d'un autre dossier",
    Standing.OTHER_SCHOOL: "personnel d'un autre établissement",
}


@attrs.frozen
class Verdict:
    """Whether an action is allowed, and if not, why.

    Attributes:
        reason: None when allowed, else the stable reason code.

    """

    reason: str | None = None

    @property
    def allowed(self) -> bool:
        """Whether the action is allowed."""
        return self.reason is None


ALLOWED = Verdict()
NO_ACCESS = "no_access"
HEAD_ONLY = "head_only"
CLOSED = "closed"
NOT_IN_PHASE = "not_in_phase"
PHASE_REASONS = frozenset({CLOSED, NOT_IN_PHASE})
"""The reasons that are about the phase, not the actor (IllegalTransition)."""

_OK = None
STRANGERS = frozenset({Standing.OTHER_FAMILY, Standing.OTHER_SCHOOL})
"""The standings that have nothing to do with the dossier and learn nothing of it."""

# Who may take an action of each side, once the phase opens it; otherwise why
# not.  This table and the two below are the whole policy.
_BY_SIDE: Mapping[Standing, Mapping[Side, str | None]] = {
    Standing.ENTRANT: {Side.FAMILY: _OK, Side.STAFF: "staff_only", Side.HEAD: HEAD_ONLY},
    Standing.GUARDIAN: {
        Side.FAMILY: "not_entrant",
        Side.STAFF: "staff_only",
        Side.HEAD: HEAD_ONLY,
    },
    Standing.OTHER_GUARDIAN: {
        Side.FAMILY: "not_entrant",
        Side.STAFF: "staff_only",
        Side.HEAD: HEAD_ONLY,
    },
    Standing.PUPIL: {Side.FAMILY: "read_only", Side.STAFF: "read_only", Side.HEAD: "read_only"},
    Standing.HEAD: {Side.FAMILY: "family_only", Side.STAFF: _OK, Side.HEAD: _OK},
    Standing.PROFESSEUR_PRINCIPAL: {
        Side.FAMILY: "family_only",
        Side.STAFF: _OK,
        Side.HEAD: HEAD_ONLY,
    },
    Standing.SECRETARIAT: {Side.FAMILY: "family_only", Side.STAFF: _OK, Side.HEAD: HEAD_ONLY},
}
# A validation is what makes a guardian the entrant, so a guardian may
# validate while nobody has: a draft never validated gives no other right.
_EXCEPTIONS: Mapping[tuple[Standing, Action], str | None] = {
    (Standing.GUARDIAN, Action.VALIDATE_INTENTIONS): _OK,
    (Standing.GUARDIAN, Action.VALIDATE_CHOIX): _OK,
}


def _cell(who: Standing, phase: Phase, action: Action) -> Verdict:
    # The order is the order in which Dossier.handle checks: relation, then
    # phase, then the actor's own rights.
    if who in STRANGERS:
        return Verdict(NO_ACCESS)
    if action not in PHASE_ACTIONS[phase]:
        return Verdict(CLOSED if phase is Phase.CLOSED else NOT_IN_PHASE)
    reason = _EXCEPTIONS.get((who, action), _BY_SIDE[who][action.by])
    return ALLOWED if reason is None else Verdict(reason)


PERMISSIONS: Mapping[tuple[Standing, Phase, Action], Verdict] = MappingProxyType(
    {(w, p, a): _cell(w, p, a) for w in Standing for p in Phase for a in Action}
)
"""The whole matrix: every standing, phase and action with its verdict."""

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

    Actors are recognised by their ``id``.  Raises :class:`InvalidValue` when
    ``actor`` is not an actor.
    """
    if type(actor) is Guardian:
        entrant = dossier.entrant_id
        if not any(g.id == actor.id for g in dossier.guardians):
            return Standing.OTHER_FAMILY
        if entrant is None:
            return Standing.GUARDIAN
        return Standing.ENTRANT if entrant == actor.id else Standing.OTHER_GUARDIAN
    if type(actor) is Staff:
        if actor.uai != dossier.uai:
            return Standing.OTHER_SCHOOL
        return _STAFF_STANDING[actor.role]
    if type(actor) is Pupil:
        return Standing.PUPIL if actor.id == dossier.pupil.id else Standing.OTHER_FAMILY
    raise InvalidValue((problem("type.invalid", ("actor",), expected="Guardian | Pupil | Staff"),))


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


def phase_of(campaign: CampaignView, now: datetime) -> Phase:
    """The campaign's phase at ``now``, after checking both arguments' shape."""
    if not _is_campaign(campaign):
        raise InvalidValue((problem("type.invalid", ("campaign",), expected="Campaign"),))
    if not isinstance(now, datetime):
        raise InvalidValue((problem("type.invalid", ("now",), expected="datetime"),))
    if now.utcoffset() is None:
        raise InvalidValue((problem("time.naive", ("now",)),))
    return campaign.phase_at(now)


def check_campaign(dossier: DossierView, campaign: CampaignView) -> None:
    """Refuse a campaign that is not the dossier's: another school's, or another rentrée's.

    Passing the wrong campaign is a host's mistake; answering from it would
    read the phases of another calendar.
    """
    if campaign.uai != dossier.uai:
        raise InvalidValue((problem("campaign.other_school", ("campaign",)),))
    if campaign.rentree != dossier.rentree:
        raise InvalidValue((problem("campaign.other_rentree", ("campaign",)),))


def access(actor: Actor, dossier: DossierView, campaign: CampaignView, now: datetime) -> Access:
    """What ``actor`` may do with ``dossier`` at ``now``: EDIT, READ or NONE.

    EDIT when at least one action is allowed in the current phase, READ for
    anybody related to the dossier otherwise, NONE for everybody else.
    """
    who = standing(actor, dossier)
    phase = phase_of(campaign, now)
    if who in STRANGERS:
        return Access.NONE
    check_campaign(dossier, campaign)
    return _ACCESS[who, phase]


def check(
    actor: Actor, action: Action, dossier: DossierView, campaign: CampaignView, now: datetime
) -> Verdict:
    """Whether ``actor`` may take ``action`` on ``dossier`` at ``now``, and if not, why.

    This is the matrix only; the state of the dossier (is there a decision
    to accept, is the appeal still possible...) is the dossier's business.
    """
    if not isinstance(action, Action):
        raise InvalidValue((problem("type.invalid", ("action",), expected="Action"),))
    who = standing(actor, dossier)
    phase = phase_of(campaign, now)
    if who in STRANGERS:
        return Verdict(NO_ACCESS)
    check_campaign(dossier, campaign)
    return PERMISSIONS[who, phase, action]


def _rendered(verdict: Verdict) -> str:
    if verdict.reason is None:
        return "✓"
    return "—" if verdict.reason == NOT_IN_PHASE else verdict.reason


def permissions_markdown() -> str:
    """The matrix as the Markdown tables of ``docs/permissions.md``: one per phase.

    A cell is ``✓`` when the action is allowed, ``—`` when the phase does not
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
