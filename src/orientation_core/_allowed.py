"""What an actor may do now with a dossier: the buttons a page shows, and why not the others.

:func:`allowed_actions` answers, for every action on an open dossier, whether
:meth:`Dossier.handle <orientation_core.Dossier.handle>` would take it from
this actor now, with the command class that carries it, or the reason it
would give for refusing it.  It does not restate a rule: the permission
matrix answers first (:data:`~orientation_core.PERMISSIONS`, the very cell
``handle`` reads), and where the matrix allows the action, ``handle`` itself
is asked, with a well-formed command of that action (a probe, whose event is
thrown away), for the dossier's own preconditions: is there an avis to
acknowledge, a decision to accept, still time to appeal.  The cost: at most
one ``handle`` per action the matrix allows, a few for most actors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType

import attrs

from orientation_core._actors import Actor
from orientation_core._commands import (
    AcceptDecision,
    AcknowledgeAvis,
    Answer,
    AnswerPropositions,
    Avis,
    AvisConseil,
    DossierCommand,
    FamilyCommand,
    HandOverEntrant,
    LodgeAppeal,
    Proposition,
    RecordAppealDecision,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    RequestMaintien,
    ValidateChoix,
    ValidateIntentions,
)
from orientation_core._dossier import Dossier
from orientation_core._intention import Intention, IntentionSet
from orientation_core._phase import Action
from orientation_core._policy import (
    NO_ACCESS,
    PERMISSIONS,
    STRANGERS,
    CampaignView,
    check_campaign,
    matrix_phase,
    phase_of,
    standing_in,
)
from orientation_core._problems import problem
from orientation_core._voie import Voie
from orientation_core.exceptions import IllegalTransition, InvalidValue, PermissionDenied

__all__ = ["COMMANDS", "ActionOption", "allowed_actions"]

COMMANDS: Mapping[Action, type[DossierCommand]] = MappingProxyType(
    {
        command.action: command
        for command in (
            ValidateIntentions,
            AcknowledgeAvis,
            ValidateChoix,
            AnswerPropositions,
            AcceptDecision,
            LodgeAppeal,
            RequestMaintien,
            RecordAvis,
            RecordPropositions,
            RecordDecision,
            RecordAppealDecision,
            HandOverEntrant,
        )
    }
)
"""The command class that carries each action on an open dossier (all but opening it)."""

NO_OTHER_GUARDIAN = "no_other_guardian"
NO_OTHER_CHOIX = "no_other_choix"
# The refusals of a command's content that no well-formed command of its
# action escapes, given the dossier: the action is then refused outright.
_NO_COMMAND = {"entrant.already": NO_OTHER_GUARDIAN, "appeal.not_a_choix": NO_OTHER_CHOIX}


@attrs.frozen
class ActionOption:
    """One action on a dossier, as a page shows it: allowed now, or not and why.

    Attributes:
        action: The action.
        command: The command class that carries it (:class:`ValidateIntentions
            <orientation_core.ValidateIntentions>` for ``VALIDATE_INTENTIONS``...).
        reason: None when allowed now, else the reason code ``handle`` would
            give for refusing it (``"not_in_phase"``, ``"not_entrant"``,
            ``"no_avis"``, ``"deadline_passed"``...).
        on_paper: Whether it is allowed only as a paper form the family
            signed, keyed in by staff with its signatory (``signed_by``).

    """

    action: Action
    command: type[DossierCommand]
    reason: str | None = None
    on_paper: bool = False

    def __attrs_post_init__(self) -> None:
        problems = []
        if not isinstance(self.action, Action) or self.action not in COMMANDS:
            problems.append(problem("type.invalid", ("action",), expected="Action"))
        elif self.command is not COMMANDS[self.action]:
            problems.append(problem("type.invalid", ("command",), expected="DossierCommand"))
        if self.reason is not None and (type(self.reason) is not str or not self.reason):
            problems.append(problem("type.invalid", ("reason",), expected="str"))
        on_paper: object = self.on_paper  # typed bool, but the host may pass anything
        if type(on_paper) is not bool:
            problems.append(problem("type.invalid", ("on_paper",), expected="bool"))
        if problems:
            raise InvalidValue(problems)

    @property
    def allowed(self) -> bool:
        """Whether the actor may take the action now."""
        return self.reason is None


_ANY_SET = IntentionSet([Intention(Voie.GT)])  # valid whatever the académie's settings


def _appeal(dossier: Dossier) -> DossierCommand:
    # Another voie than the decision's, one of the choix where one is left:
    # with "dernier mot" it must be, without it any other voie will do.
    # Where none is left, another voie all the same: refused as no choix.
    decided = None if dossier.decision is None else dossier.decision.voie
    choix = () if dossier.choix is None else dossier.choix.voies
    others = [v for v in choix if v is not decided] or [v for v in Voie if v is not decided]
    return LodgeAppeal(dossier.version, others[0])


def _hand_over(dossier: Dossier) -> DossierCommand:
    others = [g.id for g in dossier.guardians if g.id != dossier.entrant_id]
    return HandOverEntrant(dossier.version, (others or [dossier.guardians[0].id])[0])


def _avis(dossier: Dossier) -> DossierCommand:
    voies = () if dossier.intentions is None else dossier.intentions.voies
    return RecordAvis(dossier.version, [AvisConseil(v, Avis.FAVORABLE) for v in voies])


# For each action, a command of it that only the dossier's state can refuse.
_PROBES: dict[Action, Callable[[Dossier], DossierCommand]] = {
    Action.VALIDATE_INTENTIONS: lambda d: ValidateIntentions(d.version, _ANY_SET),
    Action.ACKNOWLEDGE_AVIS: lambda d: AcknowledgeAvis(d.version),
    Action.VALIDATE_CHOIX: lambda d: ValidateChoix(d.version, _ANY_SET),
    Action.ANSWER_PROPOSITIONS: lambda d: AnswerPropositions(
        d.version, [Answer.PAS_D_ACCORD] * len(d.propositions)
    ),
    Action.ACCEPT_DECISION: lambda d: AcceptDecision(d.version),
    Action.LODGE_APPEAL: _appeal,
    Action.REQUEST_MAINTIEN: lambda d: RequestMaintien(d.version),
    Action.RECORD_AVIS: _avis,
    Action.RECORD_PROPOSITIONS: lambda d: RecordPropositions(d.version, [Proposition(Voie.GT)]),
    Action.RECORD_DECISION: lambda d: RecordDecision(d.version, Voie.GT, "Motifs."),
    Action.RECORD_APPEAL_DECISION: lambda d: RecordAppealDecision(d.version, Voie.GT),
    Action.HAND_OVER_ENTRANT: _hand_over,
}


def _signed(command: DossierCommand, dossier: Dossier) -> DossierCommand:
    # A paper form is signed by the entrant, or by a guardian when none yet.
    assert isinstance(command, FamilyCommand)
    signatory = dossier.entrant_id or dossier.guardians[0].id
    return attrs.evolve(command, signed_by=signatory)


def allowed_actions(
    actor: Actor, dossier: Dossier, campaign: CampaignView, now: datetime
) -> tuple[ActionOption, ...]:
    """Every action on ``dossier``, allowed to ``actor`` at ``now`` or not and why.

    One option per action of :data:`COMMANDS`, in the order of
    :class:`~orientation_core.Action` (opening a dossier is not an action on
    an open one).  An option is allowed exactly when :meth:`Dossier.handle
    <orientation_core.Dossier.handle>` would take a well-formed command of
    its action from ``actor`` at ``now``; otherwise its reason is the one
    ``handle`` would give (:class:`~orientation_core.exceptions.PermissionDenied`
    or :class:`~orientation_core.exceptions.IllegalTransition`), or, where
    no command of the action could be well formed, ``"no_other_guardian"``
    (the head hands the entrant role over, and there is nobody else to hand
    it to) or ``"no_other_choix"`` (with "dernier mot aux familles", the
    family would keep a choix définitif, and the decision already follows
    its only one).

    A stranger to the dossier gets ``"no_access"`` for every action, and
    learns nothing else.

    Raises:
        InvalidValue: as :meth:`Dossier.handle <orientation_core.Dossier.handle>`
            would for any command: a malformed argument, another campaign
            than the dossier's, ``now`` before the dossier's last change
            (``"time.backwards"``).

    """
    if type(dossier) is not Dossier:
        raise InvalidValue((problem("type.invalid", ("dossier",), expected="Dossier"),))
    who = standing_in(actor, dossier)
    phase = phase_of(campaign, now)
    if who in STRANGERS:
        return tuple(ActionOption(action, command, NO_ACCESS) for action, command in _ORDERED)
    check_campaign(dossier, campaign)
    if dossier.updated_at is not None and now < dossier.updated_at:
        raise InvalidValue((problem("time.backwards", ("now",)),))
    options = []
    for action, command_class in _ORDERED:
        verdict = PERMISSIONS[who, matrix_phase(dossier, phase, action, campaign, now), action]
        reason = verdict.reason
        if reason is None:
            reason = _refusal(actor, action, dossier, campaign, now, on_paper=verdict.on_paper)
        options.append(ActionOption(action, command_class, reason, verdict.on_paper))
    return tuple(options)


def _refusal(
    actor: Actor,
    action: Action,
    dossier: Dossier,
    campaign: CampaignView,
    now: datetime,
    *,
    on_paper: bool,
) -> str | None:
    # What handle says of a well-formed command of an action the matrix allows.
    command = _PROBES[action](dossier)
    if on_paper:
        command = _signed(command, dossier)
    try:
        dossier.handle(command, actor=actor, campaign=campaign, now=now)
    except (IllegalTransition, PermissionDenied) as refusal:
        return refusal.reason
    except InvalidValue as refusal:
        codes = [p.code for p in refusal.problems]
        if len(codes) == 1 and codes[0] in _NO_COMMAND:
            return _NO_COMMAND[codes[0]]
        raise
    return None


_ORDERED = tuple((action, COMMANDS[action]) for action in Action if action in COMMANDS)
