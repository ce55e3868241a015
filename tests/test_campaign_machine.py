"""The head's commands and the clock, driven together by a state machine."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from orientation_core import Campaign, CampaignEvent, Phase
from orientation_core.exceptions import IllegalTransition
from tests.strategies import campaigns, head_commands

US = timedelta(microseconds=1)


class CampaignMachine(RuleBasedStateMachine):
    """A head steering one campaign while time goes by.

    The clock only moves forward; every instant it has shown is remembered
    with the phase it was in, and no command may change that past.
    """

    def __init__(self) -> None:
        super().__init__()
        self.initial: Campaign | None = None
        self.campaign: Campaign | None = None
        self.now = datetime.min.replace(tzinfo=UTC)
        self.events: list[CampaignEvent] = []
        self.history: list[tuple[datetime, Phase]] = []

    @initialize(campaign=campaigns())
    def plan(self, campaign: Campaign) -> None:
        self.initial = self.campaign = campaign
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
        try:
            after, events = before.apply(command, self.now)
        except IllegalTransition as refused:
            assert refused.phase is before.phase_at(self.now)
            assert refused.command is command
            return
        assert len(events) <= 1
        assert (after == before) == (not events)
        self.campaign = after
        self.events.extend(events)
        # A command takes effect at the instant it is applied: from now on,
        # this instant is seen in the phase the command gave it.
        self.history = [(moment, phase) for moment, phase in self.history if moment != self.now]
        self._look()

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
    def replaying_the_events_gives_the_campaign(self) -> None:
        if self.initial is not None:
            assert self.initial.replay(self.events) == self.campaign


TestCampaignMachine = CampaignMachine.TestCase
