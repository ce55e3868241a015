"""Random actors send random commands to one dossier across a whole real campaign."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import attrs
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from orientation_core import (
    PHASE_ACTIONS,
    AcceptDecision,
    AcknowledgeAvis,
    Action,
    Answer,
    AnswerPropositions,
    Campaign,
    Dossier,
    DossierCommand,
    DossierEvent,
    FamilyCommand,
    FamilyEvent,
    Guardian,
    HandOverEntrant,
    IntentionSet,
    LodgeAppeal,
    Phase,
    Pupil,
    RecordAppealDecision,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    RequestMaintien,
    Side,
    Staff,
    Standing,
    ValidateChoix,
    ValidateIntentions,
    standing,
)
from orientation_core._actors import Actor
from orientation_core.exceptions import Conflict, IllegalTransition, InvalidValue, PermissionDenied
from tests.strategies import (
    CLAIRE,
    HEAD,
    LEA,
    OTHER_HEAD,
    PAUL,
    PP,
    PP_OTHER_CLASS,
    SECRETARIAT,
    avis_for,
    dossier_campaign,
    intention_sets,
    propositions,
    voies,
)

ACTORS: tuple[Actor, ...] = (
    CLAIRE,
    PAUL,
    LEA,
    HEAD,
    PP,
    SECRETARIAT,
    OTHER_HEAD,
    PP_OTHER_CLASS,
    Guardian("resp-autre", "Autre Parent"),
    Pupil("eleve-autre", "Tom Petit", "3e A"),
)
READERS = frozenset({Standing.PUPIL, Standing.OTHER_GUARDIAN})
STRANGERS = frozenset({Standing.OTHER_CLASS, Standing.OTHER_FAMILY, Standing.OTHER_SCHOOL})
# Offsets into each phase: within the appeal window of a decision taken at
# the start of a phase, well after it, and just before the phase ends (a
# decision notified then has its window running into the next phase).
OFFSETS = tuple(timedelta(hours=h) for h in (1, 10, 30, 60, 200))
BEFORE_END = tuple(timedelta(hours=h) for h in (30, 2))


def _instants(campaign: Campaign) -> tuple[datetime, ...]:
    first = campaign.start_of(Phase.PROVISIONAL_OPEN)
    assert first is not None
    moments = [first - timedelta(days=2)]
    for phase in tuple(Phase)[1:]:
        start, end = campaign.start_of(phase), campaign.end_of(phase)
        assert start is not None
        moments += [start + o for o in OFFSETS if end is None or start + o < end]
        if end is not None:
            moments += [end - o for o in BEFORE_END if end - o > start]
    return tuple(sorted(set(moments)))


guardian_ids = st.sampled_from([CLAIRE.id, PAUL.id, "resp-inconnu"])
reasons = st.none() | st.just("Motifs de la décision.")


def _answers(draw: st.DrawFn, version: int, dossier: Dossier) -> DossierCommand:
    count = len(dossier.propositions) if draw(st.booleans()) else draw(st.integers(1, 3))
    answers = draw(st.lists(st.sampled_from(Answer), min_size=count, max_size=count))
    if answers.count(Answer.D_ACCORD) > 1:
        answers = [Answer.PAS_D_ACCORD for _ in answers]
    return AnswerPropositions(version, answers)


def _avis(draw: st.DrawFn, version: int, dossier: Dossier) -> DossierCommand:
    asked = dossier.intentions.voies if dossier.intentions and draw(st.booleans()) else ()
    chosen = asked or tuple(draw(st.lists(voies, max_size=3)))
    return RecordAvis(version, [draw(avis_for(v)) for v in chosen])


def _appeal(draw: st.DrawFn, version: int, dossier: Dossier) -> DossierCommand:
    return LodgeAppeal(version, draw(voies), draw(st.none() | st.just("Motif")))


Build = Callable[[st.DrawFn, int, Dossier], DossierCommand]
BUILDERS: dict[Action, Build] = {
    Action.VALIDATE_INTENTIONS: lambda d, v, _: ValidateIntentions(v, d(intention_sets())),
    Action.ACKNOWLEDGE_AVIS: lambda d, v, _: AcknowledgeAvis(v),
    Action.VALIDATE_CHOIX: lambda d, v, _: ValidateChoix(v, d(intention_sets())),
    Action.ANSWER_PROPOSITIONS: _answers,
    Action.ACCEPT_DECISION: lambda d, v, _: AcceptDecision(v),
    Action.LODGE_APPEAL: _appeal,
    Action.REQUEST_MAINTIEN: lambda d, v, _: RequestMaintien(v),
    Action.RECORD_AVIS: _avis,
    Action.RECORD_PROPOSITIONS: lambda d, v, _: RecordPropositions(v, d(propositions)),
    Action.RECORD_DECISION: lambda d, v, _: RecordDecision(v, d(voies), d(reasons)),
    Action.RECORD_APPEAL_DECISION: lambda d, v, _: RecordAppealDecision(v, d(voies)),
    Action.HAND_OVER_ENTRANT: lambda d, v, _: HandOverEntrant(v, d(guardian_ids)),
}


@st.composite
def commands(draw: st.DrawFn, dossier: Dossier, phase: Phase) -> Any:
    """A command, valid or not, mostly one the phase opens, mostly from the current version."""
    if draw(st.integers(0, 20)) == 20:
        return draw(st.sampled_from(["ValidateIntentions", None, 3]))
    stale = draw(st.integers(0, 6))
    version = max(1, dossier.version + {5: -1, 6: 1}.get(stale, 0))
    # The family's actions first: Hypothesis favours the first of a list.
    opened = sorted(PHASE_ACTIONS[phase], key=lambda a: (a.by is not Side.FAMILY, a.value))
    opened = [a for a in opened if a in BUILDERS]
    if opened and draw(st.integers(0, 3)) < 3:
        action = draw(st.sampled_from(opened))
    else:
        action = draw(st.sampled_from(sorted(BUILDERS, key=lambda a: a.value)))
    command = BUILDERS[action](draw, version, dossier)
    if isinstance(command, FamilyCommand) and draw(st.integers(0, 2)) == 0:
        # A paper form, with a signatory (who may be anybody).
        command = attrs.evolve(command, signed_by=draw(guardian_ids))
    return command


def _of_side(command: DossierCommand, dossier: Dossier) -> list[Actor]:
    side = command.action.by
    if isinstance(command, FamilyCommand) and command.signed_by is not None:
        return [SECRETARIAT, PP, HEAD, CLAIRE]
    if side is Side.FAMILY:
        entrant = dossier.entrant
        return [entrant, entrant, entrant, LEA] if entrant else [CLAIRE, PAUL, LEA]
    if side is Side.HEAD:
        return [ACTORS[3], ACTORS[3], ACTORS[4]]
    return list(ACTORS[3:6])


class DossierMachine(RuleBasedStateMachine):
    """One dossier, its campaign, and everything that happened to it."""

    def __init__(self) -> None:
        super().__init__()
        self.campaign = dossier_campaign()
        self.instants: tuple[datetime, ...] = ()
        self.clock = 0
        self.dossier: Dossier
        self.events: list[DossierEvent] = []
        self.accepted = 0

    @initialize(
        dernier_mot=st.booleans(),
        details_enabled=st.booleans(),
        two_guardians=st.booleans(),
    )
    def open_the_dossier(
        self, dernier_mot: bool, details_enabled: bool, two_guardians: bool
    ) -> None:
        self.campaign = dossier_campaign(dernier_mot=dernier_mot, details_enabled=details_enabled)
        self.instants = _instants(self.campaign)
        guardians = [CLAIRE, PAUL] if two_guardians else [CLAIRE]
        self.dossier, opening = Dossier.open(
            LEA, guardians, campaign=self.campaign, actor=SECRETARIAT, now=self.instants[0]
        )
        self.events = [opening]

    @property
    def now(self) -> datetime:
        return self.instants[self.clock]

    @rule(steps=st.integers(0, 4))
    def time_passes(self, steps: int) -> None:
        self.clock = min(self.clock + steps, len(self.instants) - 1)

    @rule(data=st.data())
    def an_actor_sends_a_command(self, data: st.DataObject) -> None:
        # Time passes between most commands, so that runs cross the campaign.
        self.time_passes(data.draw(st.sampled_from([0, 1, 0, 0, 2])))
        before = self.dossier
        phase = self.campaign.phase_at(self.now)
        command = data.draw(commands(before, phase))
        # Mostly somebody of the side that takes the action, sometimes anybody.
        if data.draw(st.integers(0, 3)) < 3 and isinstance(command, DossierCommand):
            actor = data.draw(st.sampled_from(_of_side(command, before)))
        else:
            actor = data.draw(st.sampled_from(ACTORS))
        who = standing(actor, before)
        try:
            after, events = before.handle(
                command, actor=actor, campaign=self.campaign, now=self.now
            )
        except (PermissionDenied, IllegalTransition, InvalidValue, Conflict) as error:
            # A refused command changes nothing.
            assert self.dossier is before
            assert Dossier.replay(self.events, campaign=self.campaign) == before
            if who in STRANGERS and isinstance(command, DossierCommand):
                assert isinstance(error, PermissionDenied)
                assert error.reason == "no_access"
            return
        assert isinstance(command, DossierCommand)
        assert command.version == before.version
        assert who not in READERS | STRANGERS, (
            "the pupil, the other guardian, strangers never change anything"
        )
        if phase is Phase.CLOSED:
            # Only what still ran on the dossier when the campaign closed.
            assert command.action in before.late_actions(self.campaign, self.now)
        assert after.version == before.version + 1
        assert [e.version for e in events] == [after.version]
        assert all(e.actor == actor and e.at == self.now for e in events)
        for event in events:
            assert event.dossier == before.id
            if isinstance(event, FamilyEvent):
                # Paper exactly when staff keyed it in, and then the signatory is named.
                assert event.paper_form is isinstance(actor, Staff)
                signatory = event.guardian_id if event.paper_form else actor.id
                assert event.guardian_id == signatory
                assert after.entrant_id == (before.entrant_id or event.guardian_id)
        if after.entrant_id != before.entrant_id:
            assert before.entrant_id is None or type(command) is HandOverEntrant
        self.dossier = after
        self.events.extend(events)
        self.accepted += 1

    @invariant()
    def at_most_one_entrant_among_the_guardians(self) -> None:
        ids = [g.id for g in self.dossier.guardians]
        assert self.dossier.entrant_id is None or ids.count(self.dossier.entrant_id) == 1

    @invariant()
    def every_recorded_set_is_valid(self) -> None:
        d = self.dossier
        for entries in (d.intentions, d.choix):
            if entries is not None:
                assert isinstance(entries, IntentionSet)
                self.campaign.settings.check(entries)
        if d.avis:
            assert d.intentions is not None
            assert tuple(a.voie for a in d.avis) == d.intentions.voies
        assert len({p.voie for p in d.propositions}) == len(d.propositions) <= 3
        assert len(d.answers) in (0, len(d.propositions))
        assert d.answers.count(Answer.D_ACCORD) <= 1
        assert d.decision is None or d.accepted_proposition is None
        assert d.appeal is None or d.decision is not None
        assert d.appeal_decision is None or (d.appeal is not None and not d.appeal.dernier_mot)
        assert d.maintien_requested_at is None or d.appeal_decision is not None
        assert d.decision_accepted_at is None or d.appeal is None

    @invariant()
    def replaying_the_events_gives_the_same_dossier(self) -> None:
        assert Dossier.replay(self.events, campaign=self.campaign) == self.dossier

    @invariant()
    def the_version_counts_the_accepted_commands(self) -> None:
        assert self.dossier.version == len(self.events) == self.accepted + 1


TestDossierMachine = DossierMachine.TestCase
# Long enough runs to go through the whole campaign, step by step.
TestDossierMachine.settings = settings(TestDossierMachine.settings, stateful_step_count=100)


def test_the_machine_reaches_every_phase() -> None:
    # The clock of the machine covers the whole campaign, closed included.
    campaign = dossier_campaign()
    assert {campaign.phase_at(t) for t in _instants(campaign)} == set(Phase)
