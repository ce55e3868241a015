"""The dossier: one pupil's orientation record for one campaign of one school.

Every change goes through :meth:`Dossier.handle`, which decides the event a
command gives and folds it into the dossier with the very function
:meth:`Dossier.replay` uses, so that replaying the events cannot diverge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, cast

import attrs

from orientation_core._actors import Actor, Guardian, Pupil, Staff
from orientation_core._checks import all_of, aware, flag, version
from orientation_core._coerce import collected
from orientation_core._commands import (
    AcceptDecision,
    AcknowledgeAvis,
    AnswerPropositions,
    AvisConseil,
    DossierCommand,
    HandOverEntrant,
    KeyInPaperForm,
    LodgeAppeal,
    Proposition,
    RecordAppealDecision,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    Reponse,
    RequestMaintien,
    ValidateChoix,
    ValidateIntentions,
    text_problems,
)
from orientation_core._events import (
    AppealDecided,
    AppealLodged,
    AvisAcknowledged,
    AvisRecorded,
    ChoixValidated,
    DecisionAccepted,
    DecisionRecorded,
    DossierEvent,
    DossierOpened,
    EntrantHandedOver,
    IntentionsValidated,
    MaintienRequested,
    PropositionsAnswered,
    PropositionsRecorded,
)
from orientation_core._intention import IntentionSet
from orientation_core._phase import Phase
from orientation_core._policy import (
    NO_ACCESS,
    PERMISSIONS,
    PHASE_REASONS,
    STRANGERS,
    CampaignView,
    check_campaign,
    phase_of,
    standing,
)
from orientation_core._problems import problem
from orientation_core._voie import Voie
from orientation_core.exceptions import (
    Conflict,
    IllegalTransition,
    InvalidValue,
    PermissionDenied,
    Problem,
)

__all__ = ["Appeal", "Decision", "Dossier"]

MAX_GUARDIANS = 2


def _is_sequence_of_events(value: object) -> bool:
    # Text is iterable too, but never a history.
    return isinstance(value, Iterable) and not isinstance(value, str | bytes)


@attrs.frozen
class Decision:
    """The head's decision after the interview.

    Attributes:
        voie: The voie decided.
        reasons: The written reasons, if any.
        notified_at: When it was notified: the appeal window starts there.

    """

    voie: Voie
    reasons: str | None
    notified_at: datetime

    def __attrs_post_init__(self) -> None:
        problems = (
            []
            if isinstance(self.voie, Voie)
            else [problem("type.invalid", ("voie",), expected="Voie")]
        )
        problems.extend(text_problems(self.reasons, ("reasons",)))
        problems.extend(aware(self.notified_at, ("notified_at",)))
        if problems:
            raise InvalidValue(problems)


@attrs.frozen
class Appeal:
    """The family's appeal of the head's decision.

    Attributes:
        voie: The voie asked for.
        motif: The family's reason, if given.
        at: When it was lodged.
        dernier_mot: Whether it is the family's last word ("dernier mot aux
            familles"): the decision then follows the family, without appeal.

    """

    voie: Voie
    motif: str | None
    at: datetime
    dernier_mot: bool

    def __attrs_post_init__(self) -> None:
        problems = (
            []
            if isinstance(self.voie, Voie)
            else [problem("type.invalid", ("voie",), expected="Voie")]
        )
        problems.extend(text_problems(self.motif, ("motif",)))
        problems.extend(aware(self.at, ("at",)))
        problems.extend(flag(self.dernier_mot, ("dernier_mot",)))
        if problems:
            raise InvalidValue(problems)


def _guardians(value: Iterable[Guardian]) -> tuple[Guardian, ...]:
    return cast("tuple[Guardian, ...]", collected(value, tuple))


@attrs.frozen
class Context:
    """What a command is decided with, besides the dossier."""

    actor: Actor
    campaign: CampaignView
    now: datetime
    phase: Phase


@attrs.frozen
class Dossier:
    """One pupil's orientation record for one campaign of one school.

    Open one with :meth:`open`, change it only with :meth:`handle`, rebuild
    it with :meth:`replay`.  It stores only what cannot be derived.

    Attributes:
        uai: The school's UAI code; the dossier belongs to its campaign.
        rentree: The year of the rentrée that campaign prepares.
        pupil: The pupil.
        guardians: The pupil's 1 or 2 guardians.
        entrant_id: The id of the guardian who enters (the first to validate),
            or None before any validation.
        intentions: The validated intentions provisoires, or None.
        avis: The conseil's avis, one per validated intention, or empty.
        acknowledged_at: When the entrant acknowledged the avis, or None.
        choix: The validated choix définitifs, or None.
        propositions: The conseil's propositions, or empty.
        answers: The family's answers, one per proposition, or empty.
        decision: The head's decision after the interview, or None.
        decision_accepted_at: When the family accepted it, or None.
        appeal: The family's appeal, or None.
        appeal_decision: The commission d'appel's final decision, or None.
        maintien_requested_at: When the family asked for maintien, or None.
        paper_form: Whether any entry was keyed in from a paper form.
        version: The number of events so far, the opening included.

    """

    uai: str
    rentree: int
    pupil: Pupil
    guardians: tuple[Guardian, ...] = attrs.field(converter=_guardians)
    entrant_id: str | None = None
    intentions: IntentionSet | None = None
    avis: tuple[AvisConseil, ...] = ()
    acknowledged_at: datetime | None = None
    choix: IntentionSet | None = None
    propositions: tuple[Proposition, ...] = ()
    answers: tuple[Reponse, ...] = ()
    decision: Decision | None = None
    decision_accepted_at: datetime | None = None
    appeal: Appeal | None = None
    appeal_decision: Voie | None = None
    maintien_requested_at: datetime | None = None
    paper_form: bool = False
    version: int = 1

    def __attrs_post_init__(self) -> None:
        problems = self._identity_problems()
        for name, value, kind in (
            ("intentions", self.intentions, IntentionSet),
            ("choix", self.choix, IntentionSet),
            ("decision", self.decision, Decision),
            ("appeal", self.appeal, Appeal),
            ("appeal_decision", self.appeal_decision, Voie),
        ):
            if value is not None and not isinstance(value, kind):
                problems.append(problem("type.invalid", (name,), expected=kind.__name__))
        for name, items, item_kind in (
            ("avis", self.avis, AvisConseil),
            ("propositions", self.propositions, Proposition),
            ("answers", self.answers, Reponse),
        ):
            problems.extend(all_of(items, item_kind, (name,)))
        for name in ("acknowledged_at", "decision_accepted_at", "maintien_requested_at"):
            problems.extend(aware(getattr(self, name), (name,), optional=True))
        problems.extend(flag(self.paper_form, ("paper_form",)))
        problems.extend(version(self.version))
        if problems:
            raise InvalidValue(problems)

    def _identity_problems(self) -> list[Problem]:
        problems = []
        if type(self.uai) is not str or not self.uai:
            problems.append(problem("type.invalid", ("uai",), expected="str"))
        if type(self.rentree) is not int:
            problems.append(problem("type.invalid", ("rentree",), expected="int"))
        pupil: object = self.pupil  # typed Pupil, but the host may pass anything
        if not isinstance(pupil, Pupil):
            problems.append(problem("type.invalid", ("pupil",), expected="Pupil"))
        if not_guardians := all_of(self.guardians, Guardian, ("guardians",)):
            return problems + not_guardians
        if not 1 <= len(self.guardians) <= MAX_GUARDIANS:
            problems.append(problem("guardians.count", ("guardians",)))
        elif len({g.id for g in self.guardians}) != len(self.guardians):
            problems.append(problem("guardians.duplicate", ("guardians", 1)))
        if self.entrant_id is not None and not any(g.id == self.entrant_id for g in self.guardians):
            problems.append(problem("guardian.unknown", ("entrant_id",)))
        return problems

    # -- derived -------------------------------------------------------------

    @property
    def entrant(self) -> Guardian | None:
        """The guardian who enters, or None before any validation."""
        for guardian in self.guardians:
            if guardian.id == self.entrant_id:
                return guardian
        return None

    @property
    def accepted_proposition(self) -> Proposition | None:
        """The proposition the family said "D'accord" to: it is the decision."""
        for proposition, answer in zip(self.propositions, self.answers, strict=False):
            if answer is Reponse.D_ACCORD:
                return proposition
        return None

    def conforms(self, proposition: Proposition) -> bool:
        """Whether ``proposition`` is for a voie among the family's choix définitifs."""
        return self.choix is not None and proposition.voie in self.choix.voies

    @property
    def outcome(self) -> Voie | None:
        """The voie the pupil is oriented to so far, or None.

        The commission's decision, else the family's last word, else the
        head's decision, else the proposition the family agreed to.
        """
        if self.appeal_decision is not None:
            return self.appeal_decision
        if self.appeal is not None and self.appeal.dernier_mot:
            return self.appeal.voie
        if self.decision is not None:
            return self.decision.voie
        accepted = self.accepted_proposition
        return None if accepted is None else accepted.voie

    # -- opening and replay --------------------------------------------------

    @classmethod
    def open(
        cls,
        pupil: Pupil,
        guardians: Sequence[Guardian],
        *,
        campaign: CampaignView,
        actor: Staff,
        now: datetime,
    ) -> tuple[Dossier, DossierOpened]:
        """Open the dossier of ``pupil`` from the school's own list.

        Args:
            pupil: The pupil.
            guardians: The pupil's 1 or 2 guardians.
            campaign: The school's campaign; the dossier is bound to it.
            actor: The member of the school's staff who opens it.
            now: The aware instant of the opening.

        Returns:
            The dossier, at version 1, and the event that opened it.

        Raises:
            InvalidValue: A value is malformed, or there are not 1 or 2
                distinct guardians.
            PermissionDenied: ``actor`` is not staff of the campaign's school.

        """
        phase_of(campaign, now)
        if type(actor) is not Staff:
            raise InvalidValue((problem("type.invalid", ("actor",), expected="Staff"),))
        if actor.uai != campaign.uai:
            raise PermissionDenied(actor, "open", NO_ACCESS)
        # Anything but a list or tuple is left for Dossier to report.
        listed = _guardians(guardians)
        event = DossierOpened(actor, now, 1, campaign.uai, campaign.rentree, pupil, listed)
        return _opened(event), event

    @classmethod
    def replay(cls, events: Iterable[DossierEvent]) -> Dossier:
        """The dossier the events, from its opening, describe.

        Raises:
            InvalidValue: The events do not start with the opening, or are
                not numbered 1, 2, 3... in order ("events.invalid").

        """
        if not _is_sequence_of_events(events):
            raise InvalidValue((problem("type.invalid", ("events",), expected="list[Event]"),))
        state: Dossier | None = None
        for index, event in enumerate(events):
            if not isinstance(event, DossierEvent) or event.version != index + 1:
                raise InvalidValue((problem("events.invalid", ("events", index)),))
            if index == 0:
                if type(event) is not DossierOpened:
                    raise InvalidValue((problem("events.invalid", ("events", 0)),))
                state = _opened(event)
            elif state is None or type(event) is DossierOpened:
                raise InvalidValue((problem("events.invalid", ("events", index)),))
            else:
                state = state.apply(event)
        if state is None:
            raise InvalidValue((problem("events.invalid", ("events",)),))
        return state

    def apply(self, event: DossierEvent) -> Dossier:
        """The dossier after ``event``: the fold both :meth:`handle` and :meth:`replay` use."""
        fold = _FOLDS.get(type(event))
        if fold is None or event.version != self.version + 1:
            raise InvalidValue((problem("events.invalid", ("event",)),))
        return fold(self, event)

    # -- commands ------------------------------------------------------------

    def handle(
        self, command: DossierCommand, *, actor: Actor, campaign: CampaignView, now: datetime
    ) -> tuple[Dossier, tuple[DossierEvent, ...]]:
        """Apply ``command`` from ``actor`` at ``now``: the new dossier and its events.

        The checks run in this order, and the first that fails raises,
        changing nothing:

        1. the command, the actor, the campaign and ``now`` are well formed
           (:class:`InvalidValue`; a naive ``now`` is ``"time.naive"``);
        2. the actor is related to the dossier, else
           :class:`PermissionDenied` with reason ``"no_access"`` and nothing
           else, not even whether the dossier exists;
        3. the campaign is this dossier's: its school's, for its rentrée (a
           host bug otherwise: :class:`InvalidValue` ``"campaign.other_school"``
           or ``"campaign.other_rentree"``);
        4. the version the sender saw is the current one, else
           :class:`Conflict`: of two guardians who validated from the same
           version, the second gets this;
        5. the phase opens the action, else :class:`IllegalTransition` with
           reason ``"not_in_phase"`` or ``"closed"``;
        6. the actor may take it, else :class:`PermissionDenied` with the
           policy's reason;
        7. the command's own rules against the dossier:
           :class:`IllegalTransition` when the state does not allow it (such
           as ``"no_decision"``, ``"deadline_passed"``), :class:`InvalidValue`
           when its content is refused.
        """
        decide = _DECIDERS.get(type(command))
        if decide is None:
            raise InvalidValue((problem("type.invalid", ("command",), expected="DossierCommand"),))
        who = standing(actor, self)
        phase = phase_of(campaign, now)
        if who in STRANGERS:
            raise PermissionDenied(actor, command.action, NO_ACCESS)
        check_campaign(self, campaign)
        if command.version != self.version:
            raise Conflict(command.version, self.version)
        reason = PERMISSIONS[who, phase, command.action].reason
        if reason in PHASE_REASONS:
            raise IllegalTransition(phase, command, str(reason))
        if reason is not None:
            raise PermissionDenied(actor, command.action, reason)
        event = decide(self, command, Context(actor, campaign, now, phase))
        return self.apply(event), (event,)

    def _next(self, ctx: Context) -> tuple[Actor, datetime, int]:
        return ctx.actor, ctx.now, self.version + 1

    def _refuse(self, ctx: Context, command: DossierCommand, reason: str) -> IllegalTransition:
        return IllegalTransition(ctx.phase, command, reason)

    def _validated(
        self, ctx: Context, entries: IntentionSet, guardian_id: str, *, paper_form: bool
    ) -> DossierEvent:
        ctx.campaign.settings.check(entries)
        if ctx.phase < Phase.DEFINITIVE_OPEN:
            return IntentionsValidated(*self._next(ctx), entries, guardian_id, paper_form)
        return ChoixValidated(*self._next(ctx), entries, guardian_id, paper_form)

    def _validate_intentions(self, command: ValidateIntentions, ctx: Context) -> DossierEvent:
        return self._validated(ctx, command.intentions, ctx.actor.id, paper_form=False)

    def _validate_choix(self, command: ValidateChoix, ctx: Context) -> DossierEvent:
        return self._validated(ctx, command.choix, ctx.actor.id, paper_form=False)

    def _key_in_paper_form(self, command: KeyInPaperForm, ctx: Context) -> DossierEvent:
        if not any(g.id == command.signed_by for g in self.guardians):
            raise InvalidValue((problem("guardian.unknown", ("signed_by",)),))
        if self.entrant_id not in (None, command.signed_by):
            raise InvalidValue((problem("signatory.not_entrant", ("signed_by",)),))
        return self._validated(ctx, command.entries, command.signed_by, paper_form=True)

    def _acknowledge_avis(self, command: AcknowledgeAvis, ctx: Context) -> DossierEvent:
        if not self.avis:
            raise self._refuse(ctx, command, "no_avis")
        if self.acknowledged_at is not None:
            raise self._refuse(ctx, command, "already_acknowledged")
        return AvisAcknowledged(*self._next(ctx))

    def _record_avis(self, command: RecordAvis, ctx: Context) -> DossierEvent:
        if self.intentions is None:
            raise self._refuse(ctx, command, "no_intentions")
        problems = []
        given: dict[Voie, int] = {}
        for index, avis in enumerate(command.avis):
            if avis.voie in given:
                problems.append(problem("avis.duplicate", ("avis", index, "voie")))
            elif self.intentions.rank_of(avis.voie) is None:
                problems.append(problem("avis.not_an_intention", ("avis", index, "voie")))
            given.setdefault(avis.voie, index)
        problems.extend(
            problem("avis.missing", ("avis",), rank=rank)
            for rank, voie in enumerate(self.intentions.voies, 1)
            if voie not in given
        )
        if problems:
            raise InvalidValue(problems)
        # Stored in rank order, whatever order staff gave them in.
        ordered = tuple(command.avis[given[voie]] for voie in self.intentions.voies)
        return AvisRecorded(*self._next(ctx), ordered)

    def _record_propositions(self, command: RecordPropositions, ctx: Context) -> DossierEvent:
        return PropositionsRecorded(*self._next(ctx), command.propositions)

    def _answer_propositions(self, command: AnswerPropositions, ctx: Context) -> DossierEvent:
        if not self.propositions:
            raise self._refuse(ctx, command, "no_propositions")
        if len(command.answers) != len(self.propositions):
            raise InvalidValue((problem("answers.count", ("answers",)),))
        return PropositionsAnswered(*self._next(ctx), command.answers)

    def _record_decision(self, command: RecordDecision, ctx: Context) -> DossierEvent:
        if self.accepted_proposition is not None:
            raise self._refuse(ctx, command, "proposition_accepted")
        if self.decision is not None:
            raise self._refuse(ctx, command, "decision_recorded")
        follows_first_choice = self.choix is not None and self.choix.voies[0] is command.voie
        if not follows_first_choice and command.reasons is None:
            raise InvalidValue((problem("decision.reasons_required", ("reasons",)),))
        return DecisionRecorded(*self._next(ctx), command.voie, command.reasons)

    def _check_decision_open(self, command: DossierCommand, ctx: Context) -> Decision:
        decision = self.decision
        if decision is None:
            raise self._refuse(ctx, command, "no_decision")
        if self.decision_accepted_at is not None:
            raise self._refuse(ctx, command, "decision_accepted")
        if self.appeal is not None:
            raise self._refuse(ctx, command, "appealed")
        # In time only when strictly before the deadline.
        if ctx.now >= ctx.campaign.appeal_deadline(decision.notified_at):
            raise self._refuse(ctx, command, "deadline_passed")
        return decision

    def _accept_decision(self, command: AcceptDecision, ctx: Context) -> DossierEvent:
        self._check_decision_open(command, ctx)
        return DecisionAccepted(*self._next(ctx))

    def _lodge_appeal(self, command: LodgeAppeal, ctx: Context) -> DossierEvent:
        decision = self._check_decision_open(command, ctx)
        dernier_mot = ctx.campaign.dernier_mot_aux_familles
        if command.voie is decision.voie:
            raise InvalidValue((problem("appeal.same_voie", ("voie",)),))
        if dernier_mot and (self.choix is None or command.voie not in self.choix.voies):
            raise InvalidValue((problem("appeal.not_a_choix", ("voie",)),))
        return AppealLodged(*self._next(ctx), command.voie, command.motif, dernier_mot)

    def _record_appeal_decision(self, command: RecordAppealDecision, ctx: Context) -> DossierEvent:
        if self.appeal is None:
            raise self._refuse(ctx, command, "no_appeal")
        if self.appeal.dernier_mot:
            raise self._refuse(ctx, command, "dernier_mot")
        if self.appeal_decision is not None:
            raise self._refuse(ctx, command, "appeal_decided")
        return AppealDecided(*self._next(ctx), command.voie, command.comment)

    def _request_maintien(self, command: RequestMaintien, ctx: Context) -> DossierEvent:
        if self.appeal_decision is None:
            raise self._refuse(ctx, command, "no_appeal_decision")
        if self.maintien_requested_at is not None:
            raise self._refuse(ctx, command, "maintien_requested")
        return MaintienRequested(*self._next(ctx))

    def _hand_over_entrant(self, command: HandOverEntrant, ctx: Context) -> DossierEvent:
        if not any(g.id == command.to for g in self.guardians):
            raise InvalidValue((problem("guardian.unknown", ("to",)),))
        if command.to == self.entrant_id:
            raise InvalidValue((problem("entrant.already", ("to",)),))
        return EntrantHandedOver(*self._next(ctx), command.to)


# -- the fold ----------------------------------------------------------------


_FIELDS = tuple(field.name for field in attrs.fields(Dossier))


def _opened(event: DossierOpened) -> Dossier:
    return Dossier(event.uai, event.rentree, event.pupil, event.guardians, version=event.version)


def _evolve(state: Dossier, event: DossierEvent, **changes: Any) -> Dossier:
    # The dossier was valid and the event checked itself, so its parts need
    # no second check: a copy that skips them is most of the cost of a fold.
    if "entrant_id" in changes and not any(g.id == changes["entrant_id"] for g in state.guardians):
        raise InvalidValue((problem("guardian.unknown", ("entrant_id",)),))
    after = object.__new__(Dossier)
    for name in _FIELDS:
        object.__setattr__(after, name, changes.get(name, getattr(state, name)))
    object.__setattr__(after, "version", event.version)
    return after


def _validated(
    state: Dossier, event: IntentionsValidated | ChoixValidated, **entries: IntentionSet
) -> Dossier:
    # The first validation names the entrant; a paper form is remembered.
    return _evolve(
        state,
        event,
        entrant_id=state.entrant_id or event.guardian_id,
        paper_form=state.paper_form or event.paper_form,
        **entries,
    )


def _appeal_lodged(state: Dossier, event: AppealLodged) -> Dossier:
    return _evolve(
        state, event, appeal=Appeal(event.voie, event.motif, event.at, event.dernier_mot)
    )


def _decision_recorded(state: Dossier, event: DecisionRecorded) -> Dossier:
    return _evolve(state, event, decision=Decision(event.voie, event.reasons, event.at))


_FOLDS: dict[type[DossierEvent], Callable[[Dossier, Any], Dossier]] = {
    IntentionsValidated: lambda s, e: _validated(s, e, intentions=e.intentions),
    ChoixValidated: lambda s, e: _validated(s, e, choix=e.choix),
    AvisAcknowledged: lambda s, e: _evolve(s, e, acknowledged_at=e.at),
    PropositionsAnswered: lambda s, e: _evolve(s, e, answers=e.answers),
    DecisionAccepted: lambda s, e: _evolve(s, e, decision_accepted_at=e.at),
    AppealLodged: _appeal_lodged,
    MaintienRequested: lambda s, e: _evolve(s, e, maintien_requested_at=e.at),
    AvisRecorded: lambda s, e: _evolve(s, e, avis=e.avis),
    # New propositions call for new answers.
    PropositionsRecorded: lambda s, e: _evolve(s, e, propositions=e.propositions, answers=()),
    DecisionRecorded: _decision_recorded,
    AppealDecided: lambda s, e: _evolve(s, e, appeal_decision=e.voie),
    EntrantHandedOver: lambda s, e: _evolve(s, e, entrant_id=e.to),
}

_DECIDERS: dict[type[DossierCommand], Callable[[Dossier, Any, Context], DossierEvent]] = {
    ValidateIntentions: Dossier._validate_intentions,
    AcknowledgeAvis: Dossier._acknowledge_avis,
    ValidateChoix: Dossier._validate_choix,
    AnswerPropositions: Dossier._answer_propositions,
    AcceptDecision: Dossier._accept_decision,
    LodgeAppeal: Dossier._lodge_appeal,
    RequestMaintien: Dossier._request_maintien,
    RecordAvis: Dossier._record_avis,
    RecordPropositions: Dossier._record_propositions,
    RecordDecision: Dossier._record_decision,
    RecordAppealDecision: Dossier._record_appeal_decision,
    KeyInPaperForm: Dossier._key_in_paper_form,
    HandOverEntrant: Dossier._hand_over_entrant,
}
