"""The head's commands and the clock, driven together by a state machine."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from orientation_core import (
    AvisPublished,
    Campaign,
    CampaignEvent,
    CampaignPlanned,
    EndMoved,
    Phase,
    PropositionsPublished,
    Role,
    ServiceClosed,
    StartMoved,
)
from orientation_core.exceptions import Conflict, IllegalTransition, PermissionDenied
from tests.strategies import campaigns, head_commands, head_of, staff_members

US = timedelta(microseconds=1)
HEAD_EVENTS = (StartMoved, EndMoved, ServiceClosed, AvisPublished, PropositionsPublished)


class CampaignMachine(RuleBasedStateMachine):
    """A head steering one campaign while time goes by.

    The clock only moves forward; every instant it has shown is remembered
    with the phase it was in, and no command may change that past.  Now and
    then someone else tries too, or a tab of the head left open on an older
    version, and is refused without any change.  The host records the plan
    and every event: replaying that history always gives the campaign.
    """

    def __init__(self) -> None:
        super().__init__()
        self.planned: CampaignPlanned | None = None
        self.campaign: Campaign | None = None
        self.now = datetime.min.replace(tzinfo=UTC)
        self.events: list[CampaignEvent] = []
        self.history: list[tuple[datetime, Phase]] = []

    @initialize(campaign=campaigns())
    def plan(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self.planned = campaign.planned
        first = campaign.starts[0]
        self.now = first - timedelta(days=3)
        self._look()

    def _look(self) -> None:
        assert self.campaign is not None
        self.history.append((self.now, self.campaign.phase_at(self.now)))

    @rule(
        step=st.one_of(
            st.timedeltas(min_value=US, max_value=timedelta(days=40)),
            st.sampled_from((US, timedelta(hours=1), timedelta(days=1))),
        )
    )
    def time_passes(self, step: timedelta) -> None:
        self.now += step
        self._look()

    @precondition(lambda self: self.campaign is not None)
    @rule(to_next=st.booleans())
    def clock_reaches_a_boundary(self, to_next: bool) -> None:
        assert self.campaign is not None
        change = self.campaign.next_change(self.now)
        if change is not None and to_next:
            self.now = change.at
            self._look()

    @precondition(lambda self: self.campaign is not None)
    @rule(data=st.data())
    def the_head_sends_a_command(self, data: st.DataObject) -> None:
        assert self.campaign is not None
        command = data.draw(head_commands(self.campaign))
        before = self.campaign
        head = head_of(before)
        try:
            after, events = before.handle(command, actor=head, now=self.now)
        except IllegalTransition as refused:
            assert refused.phase is before.phase_at(self.now)
            assert refused.command is command
            return
        assert len(events) <= 1
        for event in events:
            assert isinstance(event, HEAD_EVENTS)
            assert event.actor is head
            assert event.at == self.now
            # Its command, sent again from the same version, gives it back.
            assert type(event.command) is type(command)
            assert before.handle(event.command, actor=head, now=self.now) == (after, (event,))
        if events:
            # One more version, changed now (kept in UTC).
            assert after.version == events[0].version == before.version + 1
            assert after.updated_at == self.now
            assert after.updated_at is not None
            assert after.updated_at.tzinfo is UTC
        else:
            # A move to where the boundary already is: nothing at all happened.
            assert after is before
        self.campaign = after
        self.events.extend(events)
        # A command takes effect at the instant it is applied: from now on,
        # this instant is seen in the phase the command gave it.
        self.history = [(moment, phase) for moment, phase in self.history if moment != self.now]
        self._look()

    @precondition(lambda self: self.campaign is not None)
    @rule(data=st.data(), who=st.sampled_from(("professeur principal", "secretariat", "stranger")))
    def someone_but_the_head_sends_a_command(self, data: st.DataObject, who: str) -> None:
        assert self.campaign is not None
        campaign = self.campaign
        starts = campaign.starts
        command = data.draw(head_commands(campaign))
        if who == "stranger":
            # Anybody of another school, its head included.
            actor = data.draw(staff_members().filter(lambda s: s.uai != campaign.uai))
            expected = "no_access"
        else:
            role = Role.SECRETARIAT if who == "secretariat" else Role.PROFESSEUR_PRINCIPAL
            actor = data.draw(staff_members(campaign.uai, role))
            expected = "head_only"
        with pytest.raises(PermissionDenied) as caught:
            campaign.handle(command, actor=actor, now=self.now)
        assert caught.value.reason == expected
        assert caught.value.actor is actor
        assert caught.value.action is command.action
        # Nothing changed, not even in place (the campaign is built with
        # object.__setattr__ when a command goes through).
        assert campaign.starts == starts

    @precondition(lambda self: self.campaign is not None and self.campaign.version > 1)
    @rule(data=st.data())
    def a_tab_left_on_an_older_version_sends_a_command(self, data: st.DataObject) -> None:
        assert self.campaign is not None
        campaign = self.campaign
        starts = campaign.starts
        seen = data.draw(st.integers(1, campaign.version - 1))
        command = attrs.evolve(data.draw(head_commands(campaign)), version=seen)
        with pytest.raises(Conflict) as caught:
            campaign.handle(command, actor=head_of(campaign), now=self.now)
        assert (caught.value.expected, caught.value.actual) == (seen, campaign.version)
        assert campaign.starts == starts

    @invariant()
    def the_past_never_changes(self) -> None:
        if self.campaign is None:
            return
        for moment, phase in self.history:
            if moment < self.now:
                assert self.campaign.phase_at(moment) is phase, (moment, phase)
            else:
                # Now itself may already be in a later phase (closed or published now).
                assert self.campaign.phase_at(moment) >= phase

    @invariant()
    def the_schedule_stays_strictly_ordered(self) -> None:
        if self.campaign is not None:
            starts = self.campaign.starts
            assert all(a < b for a, b in itertools.pairwise(starts))

    @invariant()
    def replaying_the_history_gives_the_campaign(self) -> None:
        if self.planned is not None:
            assert Campaign.replay([self.planned, *self.events]) == self.campaign
            assert self.campaign is not None
            assert self.campaign.version == 1 + len(self.events)


TestCampaignMachine = CampaignMachine.TestCase
