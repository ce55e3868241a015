"""The dossier: one pupil's orientation record for one campaign of one school.

Every change goes through :meth:`Dossier.handle`, which decides the event a
command gives and folds it into the dossier.  :meth:`Dossier.replay` and
:meth:`Dossier.apply` take the events back through the very same decision
(each event knows its command) and accept an event only if ``handle`` gives
it again: a history replays only if ``handle`` could have produced it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import cached_property
from operator import attrgetter, itemgetter
from typing import Any, TypeVar, cast

import attrs

from orientation_core._actors import Actor, Guardian, Pupil, Staff
from orientation_core._checks import all_of, aware, flag, version
from orientation_core._coerce import collected
from orientation_core._commands import (
    AcceptDecision,
    AcknowledgeAvis,
    Answer,
    AnswerPropositions,
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
    text_problems,
)
from orientation_core._events import (
    AppealDecisionRecorded,
    AppealLodged,
    AvisAcknowledged,
    AvisRecorded,
    ChoixValidated,
    DecisionAccepted,
    DecisionRecorded,
    DossierEvent,
    DossierId,
    DossierOpened,
    EntrantHandedOver,
    FamilyEvent,
    IntentionsValidated,
    MaintienRequested,
    PropositionsAnswered,
    PropositionsRecorded,
    replayed_command,
)
from orientation_core._intention import IntentionSet
from orientation_core._phase import Action, Phase
from orientation_core._policy import (
    NO_ACCESS,
    PERMISSIONS,
    PHASE_REASONS,
    STRANGERS,
    CampaignView,
    Verdict,
    appeal_deadline,
    check_campaign,
    check_campaign_view,
    dernier_mot_of,
    matrix_phase,
    phase_and_instant,
    phase_of,
    settings_of,
    standing_in,
)
from orientation_core._problems import dated_refusal, problem
from orientation_core._refusals import conflict, denied, refused, refused_by_phase, when
from orientation_core._schedule import optional_utc_field, utc_field
from orientation_core._voie import Voie
from orientation_core.exceptions import (
    IllegalTransition,
    InvalidValue,
    OrientationError,
    Problem,
)

__all__ = ["Appeal", "AppealDecision", "Decision", "Dossier"]

MAX_GUARDIANS = 2


def _is_sequence_of_events(value: object) -> bool:
    # Text is iterable too, but never a history.  A list or a tuple answers
    # without the ABC's check (a replay's overhead: 7.6 to 4.5 thousand
    # instructions).
    return (
        type(value) is list
        or type(value) is tuple
        or (isinstance(value, Iterable) and not isinstance(value, str | bytes))
    )


def _empty(value: object) -> bool:
    # Never ``value == ()``: a host's object could answer anything to it.
    return type(value) is tuple and not value


def _voie_problems(value: object) -> list[Problem]:
    return [] if isinstance(value, Voie) else [problem("type.invalid", ("voie",), expected="Voie")]


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
    notified_at: datetime = attrs.field(converter=utc_field)

    def __attrs_post_init__(self) -> None:
        problems = _voie_problems(self.voie)
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
    at: datetime = attrs.field(converter=utc_field)
    dernier_mot: bool

    def __attrs_post_init__(self) -> None:
        problems = _voie_problems(self.voie)
        problems.extend(text_problems(self.motif, ("motif",)))
        problems.extend(aware(self.at, ("at",)))
        problems.extend(flag(self.dernier_mot, ("dernier_mot",)))
        if problems:
            raise InvalidValue(problems)


@attrs.frozen
class AppealDecision:
    """The commission d'appel's decision, which is final.

    Attributes:
        voie: The voie decided.
        comment: The commission's comment, if any.
        at: When it was recorded: the window to ask for maintien starts there.

    """

    voie: Voie
    comment: str | None
    at: datetime = attrs.field(converter=utc_field)

    def __attrs_post_init__(self) -> None:
        problems = _voie_problems(self.voie)
        problems.extend(text_problems(self.comment, ("comment",)))
        problems.extend(aware(self.at, ("at",)))
        if problems:
            raise InvalidValue(problems)


def _guardians(value: Iterable[Guardian]) -> tuple[Guardian, ...]:
    guardians = collected(value, tuple)
    return cast("tuple[Guardian, ...]", guardians)  # pragma: no mutate


def _sound_family(pupil: object, guardians: object) -> bool:
    # The sound case of a dossier's identity, in one test: a plain pupil and
    # one or two guardians of distinct ids, as every opening has (and every
    # replay opens again).
    return (
        type(pupil) is Pupil
        and type(guardians) is tuple
        and (
            (len(guardians) == 1 and type(guardians[0]) is Guardian)
            or (
                len(guardians) == MAX_GUARDIANS
                and type(guardians[0]) is Guardian
                and type(guardians[1]) is Guardian
                and guardians[0].id != guardians[1].id
            )
        )
    )


# What a command gives: the class of its event and the event's every field.
Decided = tuple[type[DossierEvent], dict[str, Any]]


@attrs.define
class _Context:
    # What a command is decided with, besides the dossier.  Not frozen: it
    # never leaves handle, and a frozen init cost three times as much (1.4
    # against 0.5 µs a command).
    actor: Actor
    campaign: CampaignView
    now: datetime
    phase: Phase
    verdict: Verdict


# Not slotted, unlike the values: every command folds an event into a copy of
# the dossier, and a dict copies in one step where nineteen slots take one
# call each (4.5 against 23 thousand instructions a copy, counted with
# callgrind: a quarter of handling a command), for about 110 bytes more a
# dossier (docs/design.md, "Speed of the dossier").
@attrs.frozen(slots=False)
class Dossier:
    """One pupil's orientation record for one campaign of one school.

    Open one with :meth:`open`, change it only with :meth:`handle`, rebuild
    it with :meth:`replay`.  It stores only what cannot be derived.

    Attributes:
        uai: The school's UAI code; the dossier belongs to its campaign.
        rentree: The year of the rentrée that campaign prepares.
        pupil: The pupil.
        guardians: The pupil's 1 or 2 guardians.
        entrant_id: The id of the guardian who enters (the first to validate,
            or to sign a paper form), or None before that.
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
        paper_form: Whether any family act was keyed in from a paper form.
        version: The number of events so far, the opening included.
        updated_at: When the last event was accepted (None for a dossier
            built by hand rather than opened): a command is never dated
            before it.

    Every instant is kept in UTC.

    """

    uai: str
    rentree: int
    pupil: Pupil
    guardians: tuple[Guardian, ...] = attrs.field(converter=_guardians)
    entrant_id: str | None = None
    intentions: IntentionSet | None = None
    avis: tuple[AvisConseil, ...] = ()
    acknowledged_at: datetime | None = attrs.field(default=None, converter=optional_utc_field)
    choix: IntentionSet | None = None
    propositions: tuple[Proposition, ...] = ()
    answers: tuple[Answer, ...] = ()
    decision: Decision | None = None
    decision_accepted_at: datetime | None = attrs.field(default=None, converter=optional_utc_field)
    appeal: Appeal | None = None
    appeal_decision: AppealDecision | None = None
    maintien_requested_at: datetime | None = attrs.field(default=None, converter=optional_utc_field)
    paper_form: bool = False
    version: int = 1
    updated_at: datetime | None = attrs.field(default=None, converter=optional_utc_field)

    def __attrs_post_init__(self) -> None:
        problems = self._identity_problems()
        if not problems and self._is_new():
            return
        for name, value, kind in (
            ("intentions", self.intentions, IntentionSet),
            ("choix", self.choix, IntentionSet),
            ("decision", self.decision, Decision),
            ("appeal", self.appeal, Appeal),
            ("appeal_decision", self.appeal_decision, AppealDecision),
        ):
            if value is not None and not isinstance(value, kind):
                problems.append(problem("type.invalid", (name,), expected=kind.__name__))
        for name, items, item_kind in (
            ("avis", self.avis, AvisConseil),
            ("propositions", self.propositions, Proposition),
            ("answers", self.answers, Answer),
        ):
            problems.extend(all_of(items, item_kind, (name,)))
        for name in (
            "acknowledged_at",
            "decision_accepted_at",
            "maintien_requested_at",
            "updated_at",
        ):
            problems.extend(aware(getattr(self, name), (name,), optional=True))
        problems.extend(flag(self.paper_form, ("paper_form",)))
        problems.extend(version(self.version))
        if problems:
            raise InvalidValue(problems)

    def _is_new(self) -> bool:
        # A dossier as open builds it, once a pupil: nothing yet past its
        # identity and version.  Said in one test, before the field-by-field
        # checks any other state takes (building one: 57 to 34 thousand
        # instructions; every replay opens one).
        updated_at = self.updated_at
        return (
            type(self.version) is int
            and self.version >= 1
            and (updated_at is None or (type(updated_at) is datetime and updated_at.tzinfo is UTC))
            and self.paper_form is False
            and self.intentions is None
            and self.choix is None
            and self.decision is None
            and self.appeal is None
            and self.appeal_decision is None
            and self.acknowledged_at is None
            and self.decision_accepted_at is None
            and self.maintien_requested_at is None
            and _empty(self.avis)
            and _empty(self.propositions)
            and _empty(self.answers)
        )

    def _identity_problems(self) -> list[Problem]:
        # The sound case first, in one test.
        if (
            type(self.uai) is str
            and self.uai
            and type(self.rentree) is int
            and self.entrant_id is None
            and _sound_family(self.pupil, self.guardians)
        ):
            return []
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

    # Kept in the instance's dict once built, and so handed on by every fold:
    # every event names its dossier.
    @cached_property
    def id(self) -> DossierId:
        """Which dossier this is: its school, rentrée and pupil, as its events name it."""
        return DossierId(self.uai, self.rentree, self.pupil.id)

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
            if answer is Answer.D_ACCORD:
                return proposition
        return None

    def conforms(self, proposition: Proposition) -> bool:
        """Whether ``proposition`` is for a voie among the family's choix définitifs."""
        if not isinstance(proposition, Proposition):
            raise InvalidValue((problem("type.invalid", ("proposition",), expected="Proposition"),))
        return self.choix is not None and proposition.voie in self.choix.voies

    @property
    def outcome(self) -> Voie | None:
        """The voie the pupil is oriented to so far, or None.

        The commission's decision, else the family's last word, else the
        head's decision, else the proposition the family agreed to.
        """
        if self.appeal_decision is not None:
            return self.appeal_decision.voie
        if self.appeal is not None and self.appeal.dernier_mot:
            return self.appeal.voie
        if self.decision is not None:
            return self.decision.voie
        accepted = self.accepted_proposition
        return None if accepted is None else accepted.voie

    def late_actions(self, campaign: CampaignView, now: datetime) -> frozenset[Action]:
        """The actions still running on this dossier at ``now``, whatever the phase.

        No family loses a right to the calendar: once the decisions phase has
        ended, the dossier stays open for exactly these, as in that phase:

        - accepting or appealing a decision, until its deadline (3 jours
          ouvrables after the notification day, :meth:`Campaign.appeal_deadline
          <orientation_core.Campaign.appeal_deadline>`);
        - recording the commission d'appel's decision on an appeal lodged in
          time, whenever the commission sits;
        - asking for maintien after the commission's decision, for 3 jours
          ouvrables after it was recorded.
        """
        phase_of(campaign, now)
        check_campaign(self, campaign)
        return self._late_actions(campaign, now)

    def _late_actions(self, campaign: CampaignView, now: datetime) -> frozenset[Action]:
        running = set()
        decision = self.decision
        if (
            decision is not None
            and self.decision_accepted_at is None
            and self.appeal is None
            and now < appeal_deadline(campaign, decision.notified_at)
        ):
            running |= {Action.ACCEPT_DECISION, Action.LODGE_APPEAL}
        appeal_decided = self.appeal_decision
        if self.appeal is not None and not self.appeal.dernier_mot and appeal_decided is None:
            running.add(Action.RECORD_APPEAL_DECISION)
        if (
            appeal_decided is not None
            and self.maintien_requested_at is None
            and now < appeal_deadline(campaign, appeal_decided.at)
        ):
            running.add(Action.REQUEST_MAINTIEN)
        return frozenset(running)

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

        The school opens its dossiers before the service opens and, for late
        arrivals, while the campaign runs; never once it is closed.

        Args:
            pupil: The pupil.
            guardians: The pupil's 1 or 2 guardians.
            campaign: The school's campaign; the dossier is bound to it.
            actor: The member of the school's staff who opens it (a
                professeur principal, for a pupil of their classes).
            now: The aware instant of the opening.

        Returns:
            The dossier, at version 1, and the event that opened it.

        Raises:
            InvalidValue: A value is malformed, or there are not 1 or 2
                distinct guardians.
            PermissionDenied: ``actor`` is not staff of the campaign's
                school, or a professeur principal of another class
                (``"no_access"``).
            IllegalTransition: The campaign is closed (``"closed"``).

        """
        dossier = cls._opened(pupil, guardians, campaign, actor, now)
        # The dossier's instant is ``now`` already in UTC: the event keeps it
        # without a second conversion.
        at = cast("datetime", dossier.updated_at)  # pragma: no mutate
        event = DossierOpened(dossier.id, 1, actor, at, dossier.pupil, dossier.guardians)
        return dossier, event

    @classmethod
    def _opened(
        cls,
        pupil: Pupil,
        guardians: Sequence[Guardian],
        campaign: CampaignView,
        actor: Staff,
        now: datetime,
    ) -> Dossier:
        # What open decides: the new dossier, its event's every part.  The
        # instant is brought to UTC once, for the campaign's search, the
        # dossier and its event alike, rather than three times.  (With the
        # sound cases of the dossier's identity and of the opening event, an
        # opening went from 121 to 84 thousand instructions.)
        phase, now = phase_and_instant(campaign, now)
        if type(actor) is not Staff:
            raise InvalidValue((problem("type.invalid", ("actor",), expected="Staff"),))
        uai, rentree = check_campaign_view(campaign)
        # Anything but a list or tuple is left for Dossier to report.
        family = _guardians(guardians)
        if _sound_family(pupil, family):
            # What the constructor would build, without its checks: the
            # campaign's UAI and rentrée are checked, the pupil and the
            # guardians just were, and the rest is the class's defaults and
            # a UTC instant (every replay opens one: 46.0 to 25.4 thousand
            # instructions).
            state = _NEW.copy()
            state["uai"] = uai
            state["rentree"] = rentree
            state["pupil"] = pupil
            state["guardians"] = family
            state["updated_at"] = now
            dossier = _dossier_of(state)
        else:
            dossier = Dossier(uai, rentree, pupil, family, updated_at=now)
        who = standing_in(actor, dossier)
        if who in STRANGERS:
            raise denied(actor, Action.OPEN_DOSSIER, NO_ACCESS)
        verdict = PERMISSIONS[who, phase, Action.OPEN_DOSSIER]
        _allowed(verdict, actor, Action.OPEN_DOSSIER, phase, campaign)
        return dossier

    @classmethod
    def replay(cls, events: Iterable[DossierEvent], *, campaign: CampaignView) -> Dossier:
        """The dossier the events, from its opening, describe.

        Each event is taken through :meth:`handle` again (the opening through
        :meth:`open`), with its actor, at its instant, on ``campaign`` (the
        past of a campaign never changes, so it answers for every past
        instant): the history replays only if that gives every event back.

        Raises:
            InvalidValue: ``"events.invalid"`` located at the first event
                that ``handle`` could not have produced there: one of
                another dossier, out of order, renumbered, dated before the
                one before it, or whose actor, phase or state did not allow
                it.  The reason is the error's ``__cause__``.

        """
        check_campaign_view(campaign)
        if not _is_sequence_of_events(events):
            raise InvalidValue((problem("type.invalid", ("events",), expected="list[Event]"),))
        state: Dossier | None = None
        for index, event in enumerate(events):
            try:
                state = (
                    _reopened(event, campaign)
                    if state is None
                    else state.apply(event, campaign=campaign)
                )
            except OrientationError as error:
                raise InvalidValue((problem("events.invalid", ("events", index)),)) from error
        if state is None:
            raise InvalidValue((problem("events.invalid", ("events",)),))
        return state

    def apply(self, event: DossierEvent, *, campaign: CampaignView) -> Dossier:
        """The dossier after ``event``, if :meth:`handle` gives that very event here.

        Raises:
            InvalidValue: ``event`` is not an event of this dossier that
                follows its current version (``"events.invalid"``,
                ``"event.other_dossier"``), or ``handle`` refuses its command
                or gives another event (``"events.invalid"``).
            OrientationError: whatever ``handle`` raises for its command.

        """
        command = replayed_command(event)
        if command is None:
            raise InvalidValue((problem("events.invalid", ("event",)),))
        # Field by field rather than against self.id, which would build a
        # DossierId and check it (0.6 µs of every replayed event).
        dossier = event.dossier
        if (
            dossier.pupil_id != self.pupil.id
            or dossier.uai != self.uai
            or dossier.rentree != self.rentree
        ):
            raise InvalidValue((problem("event.other_dossier", ("event", "dossier")),))
        kind, fields = self._decide(command, event.actor, campaign, event.at)
        # The event handle would build from these fields, compared field by
        # field rather than built (its checks and the comparison were a
        # quarter of replaying an event): handle's deciders name every field
        # of the class, which has no defaults, and the instant is already UTC.
        decided, given = _READERS[kind]
        if type(event) is not kind or decided(fields) != given(event):
            raise InvalidValue((problem("events.invalid", ("event",)),))
        return self._fold(event)

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
           or ``"campaign.other_rentree"``), and ``now`` is not before the
           last event (``"time.backwards"``);
        4. the version the sender saw is the current one, else
           :class:`Conflict`: of two guardians who validated from the same
           version, the second gets this;
        5. the phase opens the action (or, once closed, the action still
           runs on the dossier: :meth:`late_actions`), else
           :class:`IllegalTransition` with reason ``"not_in_phase"`` or
           ``"closed"``;
        6. the actor may take it, else :class:`PermissionDenied` with the
           policy's reason; a family act keyed in by staff names its
           signatory, who is the entrant or becomes it when there is none;
        7. the command's own rules against the dossier:
           :class:`IllegalTransition` when the state does not allow it (such
           as ``"no_decision"``, ``"deadline_passed"``), :class:`InvalidValue`
           when its content is refused.
        """
        kind, fields = self._decide(command, actor, campaign, now)
        event = kind(**fields)
        return self._fold(event), (event,)

    def _decide(
        self, command: DossierCommand, actor: Actor, campaign: CampaignView, now: datetime
    ) -> Decided:
        # What handle decides: the class of the event and its fields.
        decide = _DECIDERS.get(type(command))
        if decide is None:
            raise InvalidValue((problem("type.invalid", ("command",), expected="DossierCommand"),))
        who = standing_in(actor, self)
        phase, now = phase_and_instant(campaign, now)
        if who in STRANGERS:
            raise denied(actor, command.action, NO_ACCESS)
        check_campaign(self, campaign)
        if self.updated_at is not None and now < self.updated_at:
            raise InvalidValue((problem("time.backwards", ("now",)),))
        if command.version != self.version:
            raise conflict(actor, command.version, self.version)
        action = command.action
        # Only a closed campaign answers from another phase, and most
        # verdicts allow: neither is asked in a call otherwise (deciding a
        # validation: 24.9 against 26.0 thousand instructions).
        if phase is Phase.CLOSED:
            phase = matrix_phase(self, phase, action, campaign, now)
        verdict = PERMISSIONS[who, phase, action]
        if verdict.reason is not None:
            _allowed(verdict, actor, command, phase, campaign)
        return decide(self, command, _Context(actor, campaign, now, phase, verdict))

    def _meta(self, ctx: _Context) -> dict[str, Any]:
        return {"dossier": self.id, "version": self.version + 1, "actor": ctx.actor, "at": ctx.now}

    def _family_meta(self, command: FamilyCommand, ctx: _Context) -> dict[str, Any]:
        # Who acted for the family: online the actor; on paper the signatory,
        # who must be the entrant or becomes it.
        signed_by = command.signed_by
        paper_form = ctx.verdict.on_paper
        if not paper_form:
            if signed_by is not None:
                raise InvalidValue((problem("signatory.online", ("signed_by",)),))
            guardian_id = ctx.actor.id
        else:
            if signed_by is None:
                raise InvalidValue((problem("signatory.missing", ("signed_by",)),))
            if not any(g.id == signed_by for g in self.guardians):
                raise InvalidValue((problem("guardian.unknown", ("signed_by",)),))
            if self.entrant_id not in (None, signed_by):
                raise InvalidValue((problem("signatory.not_entrant", ("signed_by",)),))
            guardian_id = signed_by
        # The deciders add their fields to this very dict rather than copy
        # it, as they do _meta's (deciding a validation: 23.4 against 24.9
        # thousand instructions).
        meta = self._meta(ctx)
        meta["guardian_id"] = guardian_id
        meta["paper_form"] = paper_form
        return meta

    def _refuse(
        self, ctx: _Context, command: DossierCommand, reason: str, message: str | None = None
    ) -> IllegalTransition:
        # ``reason`` is written out at each call: tests/test_problems.py finds
        # every reason there and checks that it is worded.
        return refused(ctx.actor, ctx.phase, command, reason, message)

    def _validate_intentions(self, command: ValidateIntentions, ctx: _Context) -> Decided:
        meta = self._family_meta(command, ctx)
        settings_of(ctx.campaign).check(command.intentions)
        meta["intentions"] = command.intentions
        return IntentionsValidated, meta

    def _validate_choix(self, command: ValidateChoix, ctx: _Context) -> Decided:
        meta = self._family_meta(command, ctx)
        settings_of(ctx.campaign).check(command.choix)
        meta["choix"] = command.choix
        return ChoixValidated, meta

    def _acknowledge_avis(self, command: AcknowledgeAvis, ctx: _Context) -> Decided:
        meta = self._family_meta(command, ctx)
        if not self.avis:
            raise self._refuse(ctx, command, "no_avis")
        if self.acknowledged_at is not None:
            raise self._refuse(ctx, command, "already_acknowledged")
        return AvisAcknowledged, meta

    def _record_avis(self, command: RecordAvis, ctx: _Context) -> Decided:
        if self.intentions is None:
            raise self._refuse(ctx, command, "no_intentions")
        # The voies asked for once, not once an avis (recording three avis:
        # 47.3 to 30.9 thousand instructions).
        voies = self.intentions.voies
        problems = []
        given: dict[Voie, int] = {}
        for index, avis in enumerate(command.avis):
            voie = avis.voie
            if voie in given:
                problems.append(problem("avis.duplicate", ("avis", index, "voie")))
                continue
            if voie not in voies:
                problems.append(problem("avis.not_an_intention", ("avis", index, "voie")))
            given[voie] = index
        # With no problem so far, every voie given is an intention's, once:
        # as many as the intentions means all of them.
        if problems or len(given) != len(voies):
            problems.extend(
                problem("avis.missing", ("avis",), rank=rank)
                for rank, voie in enumerate(voies, 1)
                if voie not in given
            )
            raise InvalidValue(problems)
        # Stored in rank order, whatever order staff gave them in.
        ordered = tuple([command.avis[given[voie]] for voie in voies])
        meta = self._meta(ctx)
        meta["avis"] = ordered
        return AvisRecorded, meta

    def _record_propositions(self, command: RecordPropositions, ctx: _Context) -> Decided:
        meta = self._meta(ctx)
        meta["propositions"] = command.propositions
        return PropositionsRecorded, meta

    def _answer_propositions(self, command: AnswerPropositions, ctx: _Context) -> Decided:
        meta = self._family_meta(command, ctx)
        if not self.propositions:
            raise self._refuse(ctx, command, "no_propositions")
        if len(command.answers) != len(self.propositions):
            raise InvalidValue((problem("answers.count", ("answers",)),))
        meta["answers"] = command.answers
        return PropositionsAnswered, meta

    def _record_decision(self, command: RecordDecision, ctx: _Context) -> Decided:
        if self.accepted_proposition is not None:
            raise self._refuse(ctx, command, "proposition_accepted")
        if self.decision is not None:
            raise self._refuse(ctx, command, "decision_recorded")
        follows_first_choice = self.choix is not None and self.choix.voies[0] is command.voie
        if not follows_first_choice and command.reasons is None:
            raise InvalidValue((problem("decision.reasons_required", ("reasons",)),))
        meta = self._meta(ctx)
        meta["voie"] = command.voie
        meta["reasons"] = command.reasons
        return DecisionRecorded, meta

    def _check_decision_open(self, command: DossierCommand, ctx: _Context) -> Decision:
        decision = self.decision
        if decision is None:
            raise self._refuse(ctx, command, "no_decision")
        if self.decision_accepted_at is not None:
            raise self._refuse(ctx, command, "decision_accepted")
        if self.appeal is not None:
            raise self._refuse(ctx, command, "appealed")
        # In time only when strictly before the deadline.
        deadline = appeal_deadline(ctx.campaign, decision.notified_at)
        if ctx.now >= deadline:
            passed = dated_refusal("deadline_passed", when(deadline))
            raise self._refuse(ctx, command, "deadline_passed", passed)
        return decision

    def _accept_decision(self, command: AcceptDecision, ctx: _Context) -> Decided:
        meta = self._family_meta(command, ctx)
        self._check_decision_open(command, ctx)
        return DecisionAccepted, meta

    def _lodge_appeal(self, command: LodgeAppeal, ctx: _Context) -> Decided:
        meta = self._family_meta(command, ctx)
        decision = self._check_decision_open(command, ctx)
        dernier_mot = dernier_mot_of(ctx.campaign)
        if command.voie is decision.voie:
            raise InvalidValue((problem("appeal.same_voie", ("voie",)),))
        if dernier_mot and (self.choix is None or command.voie not in self.choix.voies):
            raise InvalidValue((problem("appeal.not_a_choix", ("voie",)),))
        meta["voie"] = command.voie
        meta["motif"] = command.motif
        meta["dernier_mot"] = dernier_mot
        return AppealLodged, meta

    def _record_appeal_decision(self, command: RecordAppealDecision, ctx: _Context) -> Decided:
        if self.appeal is None:
            raise self._refuse(ctx, command, "no_appeal")
        if self.appeal.dernier_mot:
            raise self._refuse(ctx, command, "dernier_mot")
        if self.appeal_decision is not None:
            raise self._refuse(ctx, command, "appeal_decided")
        meta = self._meta(ctx)
        meta["voie"] = command.voie
        meta["comment"] = command.comment
        return AppealDecisionRecorded, meta

    def _request_maintien(self, command: RequestMaintien, ctx: _Context) -> Decided:
        meta = self._family_meta(command, ctx)
        if self.appeal_decision is None:
            raise self._refuse(ctx, command, "no_appeal_decision")
        if self.maintien_requested_at is not None:
            raise self._refuse(ctx, command, "maintien_requested")
        return MaintienRequested, meta

    def _hand_over_entrant(self, command: HandOverEntrant, ctx: _Context) -> Decided:
        if not any(g.id == command.to for g in self.guardians):
            raise InvalidValue((problem("guardian.unknown", ("to",)),))
        if command.to == self.entrant_id:
            raise InvalidValue((problem("entrant.already", ("to",)),))
        # Nobody chooses the entrant for the family while it can still
        # validate: the first to validate is the entrant.
        if self.entrant_id is None and ctx.phase <= Phase.DEFINITIVE_OPEN:
            raise self._refuse(ctx, command, "family_can_validate")
        meta = self._meta(ctx)
        meta["to"] = command.to
        return EntrantHandedOver, meta

    # -- the fold ------------------------------------------------------------

    def _fold(self, event: DossierEvent) -> Dossier:
        # The dossier was valid and the event was decided on it, so its parts
        # need no second check: a copy that skips them is most of the cost.
        state = self.__dict__.copy()
        state.update(_FOLDS[type(event)](event))
        if isinstance(event, FamilyEvent):
            # The first family act, online or signed on paper, names the entrant.
            state["entrant_id"] = self.entrant_id or event.guardian_id
            state["paper_form"] = self.paper_form or event.paper_form
        state["version"] = event.version
        state["updated_at"] = event.at
        return _dossier_of(state)


def _allowed(
    verdict: Verdict,
    actor: Actor,
    command: Action | DossierCommand,
    phase: Phase,
    campaign: CampaignView,
) -> None:
    # Refuse what the matrix refuses: the phase's refusals are transitions,
    # the others are the actor's.
    reason = verdict.reason
    if reason is None:
        return
    if reason in PHASE_REASONS:
        raise refused_by_phase(actor, command, phase, reason, campaign=campaign)
    raise denied(actor, command if isinstance(command, Action) else command.action, reason)


def _reopened(event: object, campaign: CampaignView) -> Dossier:
    # The opening of a history, if Dossier.open gives that very event.
    if type(event) is not DossierOpened:
        raise InvalidValue((problem("events.invalid", ("event",)),))
    dossier = Dossier._opened(
        event.pupil,
        event.guardians,
        campaign,
        cast("Staff", event.actor),  # pragma: no mutate
        event.at,
    )
    # The event open would build, compared rather than built, as apply does
    # for every later event: the dossier was opened from the event's own
    # pupil, guardians, actor and instant, and an opening is version 1 (its
    # class checks it), so only the dossier it names can differ.
    named = event.dossier
    if (
        type(named) is DossierId
        and type(dossier.pupil) is Pupil
        and named.pupil_id == dossier.pupil.id
        and named.uai == dossier.uai
        and named.rentree == dossier.rentree
    ):
        # The very id the dossier would build (DossierId's fields and a
        # Pupil's id are plain text and numbers), kept as its id rather than
        # built, behind cached_property's lock, and compared: 52.3 against
        # 63.5 thousand instructions an opening replayed.
        vars(dossier)["id"] = named
    elif named != dossier.id:
        raise InvalidValue((problem("events.invalid", ("event",)),))
    return dossier


# Every field of a dossier just opened, in the class's order: its defaults,
# and None for the identity and the instant that _opened fills in.
_NEW = {
    field.name: None if field.default is attrs.NOTHING else field.default
    for field in attrs.fields(Dossier)
}


def _dossier_of(state: dict[str, Any]) -> Dossier:
    # A dossier whose every field is in ``state``, already checked, in the
    # class's order: it is given that very dict, as no __init__ can be.
    dossier = object.__new__(Dossier)
    _set(dossier, "__dict__", state)
    return dossier


_Part = TypeVar("_Part", Decision, Appeal, AppealDecision)


def _built(kind: type[_Part], *values: object) -> _Part:
    # One of the dossier's parts from an event's fields, as attrs builds it
    # but without its checks: the event's class made the very same ones on
    # the same values, and its instant is UTC (folding a decision: 22.7 to
    # 18.2 thousand instructions).
    part = object.__new__(kind)
    for name, value in zip(_PART_FIELDS[kind], values, strict=True):
        _set(part, name, value)
    return part


_PART_FIELDS = {
    kind: tuple(field.name for field in attrs.fields(kind))
    for kind in (Decision, Appeal, AppealDecision)
}
_set = object.__setattr__


_FOLDS: dict[type[DossierEvent], Callable[[Any], dict[str, Any]]] = {
    IntentionsValidated: lambda e: {"intentions": e.intentions},
    ChoixValidated: lambda e: {"choix": e.choix},
    AvisAcknowledged: lambda e: {"acknowledged_at": e.at},
    PropositionsAnswered: lambda e: {"answers": e.answers},
    DecisionAccepted: lambda e: {"decision_accepted_at": e.at},
    AppealLodged: lambda e: {"appeal": _built(Appeal, e.voie, e.motif, e.at, e.dernier_mot)},
    MaintienRequested: lambda e: {"maintien_requested_at": e.at},
    AvisRecorded: lambda e: {"avis": e.avis},
    # New propositions call for new answers.
    PropositionsRecorded: lambda e: {"propositions": e.propositions, "answers": ()},
    DecisionRecorded: lambda e: {"decision": _built(Decision, e.voie, e.reasons, e.at)},
    AppealDecisionRecorded: lambda e: {
        "appeal_decision": _built(AppealDecision, e.voie, e.comment, e.at)
    },
    EntrantHandedOver: lambda e: {"entrant_id": e.to},
}


def _readers(kind: type[DossierEvent]) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    names = tuple(field.name for field in attrs.fields(kind))
    return itemgetter(*names), attrgetter(*names)


# Every field of an event class, read in one call from the fields decided and
# from the event given, so that apply compares two tuples (which compare each
# pair by identity, then equality) rather than run a generator over the
# fields: apply went from about 59 to 53 thousand instructions an event,
# counted with callgrind.
_READERS = {kind: _readers(kind) for kind in _FOLDS}

_DECIDERS: dict[type[DossierCommand], Callable[[Dossier, Any, _Context], Decided]] = {
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
    HandOverEntrant: Dossier._hand_over_entrant,
}
