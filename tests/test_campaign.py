"""A school's campaign: phase at any instant, calendar, appeal deadline, head commands."""

from __future__ import annotations

import itertools
import pickle
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orientation_core import (
    PHASE_GRAPH,
    Academy,
    AcademySettings,
    AvisPublished,
    BoundaryMoved,
    Campaign,
    CampaignCommand,
    CampaignEvent,
    CloseService,
    Guardian,
    MoveEnd,
    MoveStart,
    Phase,
    PhaseChange,
    PropositionsPublished,
    PublishAvis,
    PublishPropositions,
    Pupil,
    Role,
    SchoolYear,
    ServiceClosed,
    Staff,
    Territory,
)
from orientation_core.exceptions import IllegalTransition, InvalidValue, PermissionDenied
from tests.strategies import (
    CAMPAIGN_ZONES,
    DEEP,
    HUGE,
    LONG_TEXT,
    Unprintable,
    campaign_instants,
    campaigns,
    example_campaign,
    head_commands,
    head_of,
)

PARIS = ZoneInfo("Europe/Paris")
NOUMEA = ZoneInfo("Pacific/Noumea")
US = timedelta(microseconds=1)
DATED = tuple(Phase)[1:-1]


def paris(year: int, month: int, day: int, *clock: int) -> datetime:
    """An instant at Paris local time: year, month, day, then hour, minute, second if given."""
    hour, minute, second = (*clock, 0, 0, 0)[:3]
    return datetime(year, month, day, hour, minute, second, tzinfo=PARIS)


# --- phase at an instant ----------------------------------------------------


def test_the_service_opens_at_local_midnight_of_its_first_day() -> None:
    campaign = example_campaign()
    opening = paris(2027, 1, 11)
    assert campaign.phase_at(opening - US) is Phase.NOT_OPEN
    assert campaign.phase_at(opening) is Phase.PROVISIONAL_OPEN
    assert campaign.phase_at(opening + US) is Phase.PROVISIONAL_OPEN


def test_a_closing_on_5_february_is_at_the_end_of_that_day() -> None:
    campaign = example_campaign()
    closing = paris(2027, 2, 6)
    assert campaign.phase_at(closing - US) is Phase.PROVISIONAL_OPEN
    assert campaign.phase_at(closing) is Phase.PROVISIONAL_CLOSED


def test_a_closing_in_noumea_is_at_noumeas_midnight_not_paris() -> None:
    campaign = example_campaign("Pacific/Noumea")
    # Intentions close at the end of 31 July 2026 in Nouméa: 13:00 UTC,
    # 15:00 in Paris on the same 31 July.
    closing = datetime(2026, 8, 1, tzinfo=NOUMEA)
    assert closing == datetime(2026, 7, 31, 15, tzinfo=PARIS)
    assert campaign.phase_at(closing - US) is Phase.PROVISIONAL_OPEN
    assert campaign.phase_at(closing) is Phase.PROVISIONAL_CLOSED
    assert campaign.phase_at(datetime(2026, 7, 31, 16, tzinfo=PARIS)) is Phase.PROVISIONAL_CLOSED


@pytest.mark.parametrize(
    ("zone", "utc_opening"),
    [
        ("Europe/Paris", datetime(2027, 1, 10, 23, tzinfo=UTC)),
        ("Pacific/Wallis", datetime(2026, 7, 5, 12, tzinfo=UTC)),
        ("Pacific/Noumea", datetime(2026, 7, 5, 13, tzinfo=UTC)),
        ("Indian/Reunion", datetime(2027, 1, 10, 20, tzinfo=UTC)),
        ("Indian/Mayotte", datetime(2027, 1, 10, 21, tzinfo=UTC)),
        ("America/Guadeloupe", datetime(2027, 1, 11, 4, tzinfo=UTC)),
        ("America/Martinique", datetime(2027, 1, 11, 4, tzinfo=UTC)),
        ("America/Cayenne", datetime(2027, 1, 11, 3, tzinfo=UTC)),
        ("America/Miquelon", datetime(2027, 1, 11, 3, tzinfo=UTC)),
        ("Pacific/Tahiti", datetime(2027, 1, 11, 10, tzinfo=UTC)),
        ("Pacific/Marquesas", datetime(2027, 1, 11, 9, 30, tzinfo=UTC)),
    ],
)
def test_each_zone_opens_at_its_own_midnight(zone: str, utc_opening: datetime) -> None:
    campaign = example_campaign(zone)
    assert campaign.phase_at(utc_opening - US) is Phase.NOT_OPEN
    assert campaign.phase_at(utc_opening) is Phase.PROVISIONAL_OPEN
    assert campaign.start_of(Phase.PROVISIONAL_OPEN) == utc_opening
    local_start = campaign.start_of(Phase.PROVISIONAL_OPEN)
    assert local_start is not None
    assert local_start.tzinfo == ZoneInfo(zone)
    assert (local_start.hour, local_start.minute) == (0, 0)


def test_miquelon_in_summer_time_depends_on_a_paris_academie_but_keeps_its_own_days() -> None:
    campaign = example_campaign("America/Miquelon")
    assert campaign.academy.timezone == "Europe/Paris"
    # Choix définitifs open on 12 April 2027, after Miquelon's change to
    # summer time (UTC-2): 02:00 UTC, not 22:00 UTC the day before as in Paris.
    opening = datetime(2027, 4, 12, 2, tzinfo=UTC)
    assert campaign.phase_at(opening - US) is Phase.AVIS_PUBLISHED
    assert campaign.phase_at(opening) is Phase.DEFINITIVE_OPEN


def _paris_campaign(schedule: dict[Phase, tuple[date | datetime, date | datetime]]) -> Campaign:
    return Campaign.plan(Academy("Paris", "Europe/Paris"), "0750654D", 2027, schedule)


def _days(*boundaries: date) -> dict[Phase, tuple[date | datetime, date | datetime]]:
    return {
        phase: (boundaries[i], boundaries[i + 1] - timedelta(days=1))
        for i, phase in enumerate(DATED)
    }


def test_a_phase_ending_on_the_day_summer_time_starts_ends_23_hours_after_it_began() -> None:
    # Avis readable on 28 March 2027 only, the day Paris loses an hour.
    campaign = _paris_campaign(
        _days(
            date(2027, 1, 11),
            date(2027, 2, 6),
            date(2027, 3, 28),
            date(2027, 3, 29),
            date(2027, 5, 15),
            date(2027, 6, 7),
            date(2027, 6, 14),
            date(2027, 7, 5),
        )
    )
    start = datetime(2027, 3, 27, 23, tzinfo=UTC)
    end = datetime(2027, 3, 28, 22, tzinfo=UTC)
    assert campaign.start_of(Phase.AVIS_PUBLISHED) == start
    assert campaign.end_of(Phase.AVIS_PUBLISHED) == end
    assert campaign.phase_at(start - US) is Phase.PROVISIONAL_CLOSED
    assert campaign.phase_at(end - US) is Phase.AVIS_PUBLISHED
    assert campaign.phase_at(end) is Phase.DEFINITIVE_OPEN
    # 02:30 does not exist that night; the clock read at 03:30 is in the phase.
    assert campaign.phase_at(datetime(2027, 3, 28, 3, 30, tzinfo=PARIS)) is Phase.AVIS_PUBLISHED


def test_a_phase_across_the_end_of_summer_time_keeps_its_local_midnights() -> None:
    campaign = example_campaign("Pacific/Noumea")
    assert (
        campaign.phase_at(datetime(2026, 10, 31, 23, 59, tzinfo=PARIS)) is Phase.DEFINITIVE_CLOSED
    )


def test_after_the_last_day_the_campaign_is_closed_for_good() -> None:
    campaign = example_campaign()
    assert campaign.phase_at(paris(2027, 7, 5) - US) is Phase.DECISIONS
    assert campaign.phase_at(paris(2027, 7, 5)) is Phase.CLOSED
    assert campaign.phase_at(paris(2099, 1, 1)) is Phase.CLOSED
    assert campaign.end_of(Phase.CLOSED) is None
    assert campaign.start_of(Phase.NOT_OPEN) is None


def test_a_pendulum_instant_is_read_like_any_aware_datetime() -> None:
    campaign = example_campaign()
    moment = pendulum.datetime(2027, 1, 11, tz="Europe/Paris")
    assert campaign.phase_at(moment) is Phase.PROVISIONAL_OPEN


@pytest.mark.parametrize("moment", [datetime(2027, 1, 11), "2027-01-11", date(2027, 1, 11), None])  # noqa: DTZ001
def test_a_naive_or_missing_instant_is_refused(moment: object) -> None:
    campaign = example_campaign()
    for query in (
        campaign.phase_at,
        campaign.next_change,
        campaign.local,
        campaign.appeal_deadline,
    ):
        with pytest.raises(InvalidValue) as caught:
            query(moment)  # type: ignore[arg-type] # wrong type on purpose
        expected = "time.naive" if isinstance(moment, datetime) else "type.invalid"
        assert caught.value.codes == (expected,)


# --- next change and calendar ----------------------------------------------


def test_the_next_change_says_which_phase_starts_and_when_in_local_time() -> None:
    campaign = example_campaign()
    change = campaign.next_change(paris(2026, 12, 1))
    assert change == PhaseChange(Phase.PROVISIONAL_OPEN, paris(2027, 1, 11))
    assert change is not None
    assert change.at.tzinfo == PARIS
    # Exactly at a boundary the phase has changed: the next change is the one after.
    assert campaign.next_change(paris(2027, 1, 11)) == PhaseChange(
        Phase.PROVISIONAL_CLOSED, paris(2027, 2, 6)
    )
    assert campaign.next_change(paris(2027, 7, 4, 23, 59)) == PhaseChange(
        Phase.CLOSED, paris(2027, 7, 5)
    )
    assert campaign.next_change(paris(2027, 7, 5)) is None


def test_the_calendar_shows_each_phase_with_its_local_days() -> None:
    calendar = example_campaign().calendar()
    assert [(e.label, e.text) for e in calendar] == [
        ("Saisie des intentions provisoires", "du 11/01/2027 au 05/02/2027"),
        ("Conseils de classe du 2e trimestre", "du 06/02/2027 au 14/03/2027"),
        (
            "Consultation de l'avis provisoire et accusé de réception",
            "du 15/03/2027 au 11/04/2027",
        ),
        ("Saisie des choix définitifs", "du 12/04/2027 au 14/05/2027"),
        ("Conseils de classe du 3e trimestre", "du 15/05/2027 au 06/06/2027"),
        ("Réponse aux propositions du conseil de classe", "du 07/06/2027 au 13/06/2027"),
        ("Décision d'orientation et appel", "du 14/06/2027 au 04/07/2027"),
    ]
    first = calendar[0]
    assert (first.first_day, first.last_day) == (date(2027, 1, 11), date(2027, 2, 5))
    assert first.start == paris(2027, 1, 11)
    assert first.end == paris(2027, 2, 6)


def test_the_calendar_of_a_school_in_noumea_is_in_noumea_days() -> None:
    calendar = example_campaign("Pacific/Noumea").calendar()
    assert calendar[0].text == "du 06/07/2026 au 31/07/2026"
    assert calendar[-1].text == "du 16/11/2026 au 06/12/2026"
    assert calendar[0].start.tzinfo == NOUMEA


def test_the_calendar_shows_the_time_of_a_closing_that_is_not_at_midnight() -> None:
    campaign = example_campaign()
    moved, _ = campaign.handle(
        MoveEnd(Phase.PROVISIONAL_OPEN, paris(2027, 2, 5, 18)),
        actor=head_of(campaign),
        now=paris(2027, 1, 20),
    )
    assert moved.calendar()[0].text == "du 11/01/2027 au 05/02/2027 à 18:00"
    assert moved.calendar()[1].text == "du 05/02/2027 à 18:00 au 14/03/2027"
    assert moved.calendar()[0].last_day == date(2027, 2, 5)
    closed, _ = campaign.handle(
        CloseService(Phase.PROVISIONAL_OPEN),
        actor=head_of(campaign),
        now=paris(2027, 1, 20, 12, 30, 15),
    )
    assert closed.calendar()[0].text == "du 11/01/2027 au 20/01/2027 à 12:30:15"


# --- appeal deadline ----------------------------------------------------------


def test_the_appeal_deadline_is_the_end_of_the_third_jour_ouvrable() -> None:
    campaign = example_campaign()
    # Notified on Friday 18 June 2027: Saturday 19, Monday 21, Tuesday 22.
    deadline = campaign.appeal_deadline(paris(2027, 6, 18, 15))
    assert deadline == paris(2027, 6, 23)
    assert deadline.tzinfo == PARIS


def test_the_appeal_deadline_counts_from_the_local_day_of_the_notification() -> None:
    campaign = example_campaign("Pacific/Noumea")
    # 14:00 UTC on Friday 20 November 2026 is already Saturday 21 in Nouméa:
    # Monday 23, Tuesday 24, Wednesday 25.
    deadline = campaign.appeal_deadline(datetime(2026, 11, 20, 14, tzinfo=UTC))
    assert deadline == datetime(2026, 11, 26, tzinfo=NOUMEA)


def test_the_appeal_deadline_skips_the_holidays_of_the_schools_territory() -> None:
    # Alsace-Moselle, notified on Wednesday 23 December 2026: Thursday 24,
    # (25 Noël, 26 Saint-Étienne, Sunday 27), Monday 28, Tuesday 29.
    paris_school = example_campaign()
    alsace = Campaign(
        paris_school.academy,
        "0671234A",
        2027,
        paris_school.starts,
        territory=Territory.ALSACE_MOSELLE,
    )
    notified = paris(2026, 12, 23, 10)
    assert alsace.appeal_deadline(notified) == paris(2026, 12, 30)
    assert paris_school.appeal_deadline(notified) == paris(2026, 12, 29)


# --- the school's campaign as a value ---------------------------------------------


def test_the_campaign_answers_the_dossiers_questions() -> None:
    settings = AcademySettings(details_enabled=False)
    base = example_campaign()
    academy = Academy(
        "Paris",
        "Europe/Paris",
        settings=settings,
        windows=base.academy.windows,
        dernier_mot_schools={base.uai},
    )
    campaign = Campaign(academy, base.uai, 2027, base.starts)
    assert campaign.uai == "0751234J"
    assert campaign.settings is settings
    assert campaign.dernier_mot_aux_familles
    assert not base.dernier_mot_aux_familles
    assert campaign.timezone == PARIS
    assert campaign.local(datetime(2027, 1, 20, 11, tzinfo=UTC)) == paris(2027, 1, 20, 12)
    assert campaign.local(datetime(2027, 1, 20, 11, tzinfo=UTC)).tzinfo == PARIS
    assert campaign.school_year == "2026-2027"
    assert campaign.territory is Territory.METROPOLE


def test_a_southern_campaign_prepares_the_february_rentree() -> None:
    campaign = example_campaign("Pacific/Wallis")
    assert campaign.academy.school_year is SchoolYear.SOUTHERN
    assert campaign.rentree == 2027
    assert campaign.school_year == "2026"
    with pytest.raises(InvalidValue) as caught:
        Campaign(campaign.academy, campaign.uai, 2026, campaign.starts)
    assert caught.value.codes == ("schedule.outside_school_year",)


def test_a_northern_schedule_does_not_fit_a_southern_rentree() -> None:
    northern = example_campaign()
    southern = Academy("Nouvelle-Calédonie", "Pacific/Noumea", SchoolYear.SOUTHERN)
    with pytest.raises(InvalidValue) as caught:
        Campaign(southern, "9831234Z", 2027, northern.starts)
    assert caught.value.codes == ("schedule.outside_school_year",)


def test_campaigns_compare_hash_and_pickle_as_values() -> None:
    campaign = example_campaign("Pacific/Noumea")
    again = example_campaign("Pacific/Noumea")
    assert campaign == again
    assert hash(campaign) == hash(again)
    assert pickle.loads(pickle.dumps(campaign)) == campaign
    local_starts = tuple(s.astimezone(NOUMEA) for s in campaign.starts)
    assert Campaign(campaign.academy, campaign.uai, 2027, local_starts) == campaign
    assert all(s.tzinfo is UTC for s in campaign.starts)


def test_a_zone_that_does_not_name_a_territory_needs_one() -> None:
    base = example_campaign()
    with pytest.raises(InvalidValue) as caught:
        Campaign(base.academy, base.uai, 2027, base.starts, zone="America/Puerto_Rico")
    assert caught.value.codes == ("territory.required",)
    saint_martin = Campaign(
        base.academy,
        "9711234P",
        2027,
        base.starts,
        zone="America/Marigot",
        territory=Territory.SAINT_MARTIN,
    )
    assert saint_martin.territory is Territory.SAINT_MARTIN


def test_a_campaign_lists_everything_wrong_at_once() -> None:
    with pytest.raises(InvalidValue) as caught:
        Campaign(
            "Paris",  # type: ignore[arg-type] # wrong type on purpose
            "075123",
            1789,
            (datetime(2027, 1, 11), 3),  # type: ignore[arg-type] # noqa: DTZ001
            zone="Europe/Lutece",
        )
    assert caught.value.codes == (
        "type.invalid",
        "uai.invalid",
        "rentree.out_of_range",
        "timezone.unknown",
        "schedule.length",
    )


@pytest.mark.parametrize(
    "starts",
    [3, "starts", [datetime(2027, 1, 11)] * 8, [None] * 8],  # noqa: DTZ001
)
def test_starts_of_the_wrong_shape_are_refused(starts: object) -> None:
    base = example_campaign()
    with pytest.raises(InvalidValue) as caught:
        Campaign(base.academy, base.uai, 2027, starts)  # type: ignore[arg-type] # wrong type on purpose
    assert set(caught.value.codes) <= {"type.invalid", "time.naive"}


def test_planning_says_precisely_what_is_wrong() -> None:
    base = example_campaign()
    schedule: dict[Phase, tuple[date | datetime, date | datetime]] = {
        phase: (entry.first_day, entry.last_day)
        for phase, entry in zip(DATED, base.calendar(), strict=True)
    }
    schedule[Phase.PROVISIONAL_OPEN] = (date(2027, 1, 11), date(2027, 2, 4))
    with pytest.raises(InvalidValue) as caught:
        Campaign.plan(base.academy, "X", 2027, schedule)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("uai.invalid", ("uai",)),
        ("schedule.gap", ("schedule", "PROVISIONAL_CLOSED")),
    ]
    schedule[Phase.PROVISIONAL_OPEN] = (date(2027, 1, 11), date(2027, 2, 5))
    schedule[Phase.PROVISIONAL_CLOSED] = (date(2027, 2, 6), date(2027, 3, 14))
    schedule[Phase.PROVISIONAL_OPEN] = (date(2027, 1, 1), date(2027, 2, 5))
    with pytest.raises(InvalidValue) as caught:
        Campaign.plan(base.academy, base.uai, 2027, schedule)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("schedule.outside_academy_window", ("schedule", "PROVISIONAL_OPEN")),
    ]


def test_planning_reports_a_bad_academy_and_zone() -> None:
    with pytest.raises(InvalidValue) as caught:
        Campaign.plan("Paris", "0750654D", 2027, {})  # type: ignore[arg-type] # wrong type on purpose
    assert caught.value.codes == ("type.invalid", "timezone.unknown")
    with pytest.raises(InvalidValue) as caught:
        Campaign.plan(example_campaign().academy, "0750654D", 2027, {}, zone="Nowhere")
    assert caught.value.codes == ("timezone.unknown",)


# --- head commands --------------------------------------------------------------


def test_the_head_closes_the_intentions_early() -> None:
    campaign = example_campaign()
    now = paris(2027, 1, 20, 17)
    head = head_of(campaign)
    closed, events = campaign.handle(CloseService(Phase.PROVISIONAL_OPEN), actor=head, now=now)
    assert events == (ServiceClosed(head, Phase.PROVISIONAL_OPEN, now),)
    assert closed.phase_at(now) is Phase.PROVISIONAL_CLOSED
    assert closed.phase_at(now - US) is Phase.PROVISIONAL_OPEN
    assert closed.end_of(Phase.PROVISIONAL_OPEN) == now
    # Everything else stays where it was.
    assert closed.starts[2:] == campaign.starts[2:]
    assert campaign.phase_at(now) is Phase.PROVISIONAL_OPEN


def test_closing_a_phase_that_is_not_current_is_refused_with_the_phase_and_command() -> None:
    campaign = example_campaign()
    command = CloseService(Phase.DEFINITIVE_OPEN)
    with pytest.raises(IllegalTransition) as caught:
        campaign.handle(command, actor=head_of(campaign), now=paris(2027, 1, 20))
    assert caught.value.reason == "wrong_phase"
    assert caught.value.phase is Phase.PROVISIONAL_OPEN
    assert caught.value.command is command
    assert str(caught.value) == (
        "Cette action n'est possible que pendant la phase « Saisie des choix définitifs » ; "
        "le service est en phase « Saisie des intentions provisoires »."
    )


def test_the_head_publishes_the_avis_and_the_propositions_early() -> None:
    campaign = example_campaign()
    now = paris(2027, 3, 1, 9)
    head = head_of(campaign)
    published, events = campaign.handle(PublishAvis(), actor=head, now=now)
    assert events == (AvisPublished(head, now),)
    assert published.phase_at(now) is Phase.AVIS_PUBLISHED
    later = paris(2027, 6, 1, 9)
    done, events = published.handle(PublishPropositions(), actor=head, now=later)
    assert events == (PropositionsPublished(head, later),)
    assert done.phase_at(later) is Phase.PROPOSITIONS_PUBLISHED


@pytest.mark.parametrize(
    ("command", "now"),
    [
        (PublishAvis(), paris(2027, 1, 20)),
        (PublishAvis(), paris(2027, 3, 20)),
        (PublishPropositions(), paris(2027, 4, 20)),
        (CloseService(Phase.PROVISIONAL_OPEN), paris(2027, 2, 7)),
        (CloseService(Phase.PROVISIONAL_OPEN), paris(2026, 12, 7)),
    ],
)
def test_publishing_or_closing_out_of_its_phase_is_refused(
    command: CloseService | PublishAvis | PublishPropositions, now: datetime
) -> None:
    campaign = example_campaign()
    with pytest.raises(IllegalTransition) as caught:
        campaign.handle(command, actor=head_of(campaign), now=now)
    assert caught.value.reason == "wrong_phase"


def test_the_head_extends_the_intentions_within_the_academy_window() -> None:
    campaign = example_campaign()
    now = paris(2027, 1, 20)
    head = head_of(campaign)
    moved, events = campaign.handle(
        MoveEnd(Phase.PROVISIONAL_OPEN, date(2027, 2, 12)), actor=head, now=now
    )
    assert events == (
        BoundaryMoved(head, Phase.PROVISIONAL_CLOSED, paris(2027, 2, 6), paris(2027, 2, 13), now),
    )
    assert moved.phase_at(paris(2027, 2, 12, 23, 59)) is Phase.PROVISIONAL_OPEN
    with pytest.raises(IllegalTransition) as caught:
        campaign.handle(MoveEnd(Phase.PROVISIONAL_OPEN, date(2027, 2, 13)), actor=head, now=now)
    assert caught.value.reason == "outside_academy_window"
    assert "entre le 04/01/2027 et le 12/02/2027" in str(caught.value)


def refusal(campaign: Campaign, command: CampaignCommand, now: datetime) -> IllegalTransition:
    """What the head's ``command`` at ``now`` is refused with; the test fails if it is accepted."""
    with pytest.raises(IllegalTransition) as caught:
        campaign.handle(command, actor=head_of(campaign), now=now)
    return caught.value


def test_a_boundary_already_passed_never_moves() -> None:
    campaign = example_campaign()
    now = paris(2027, 1, 20)
    for command in (
        MoveStart(Phase.PROVISIONAL_OPEN, date(2027, 1, 25)),
        MoveStart(Phase.PROVISIONAL_OPEN, paris(2027, 1, 25, 8)),
    ):
        assert refusal(campaign, command, now).reason == "boundary_passed"
    # A boundary reached exactly now has passed too.
    refused = refusal(
        campaign, MoveStart(Phase.PROVISIONAL_OPEN, date(2027, 1, 12)), paris(2027, 1, 11)
    )
    assert refused.reason == "boundary_passed"


def test_a_boundary_cannot_move_into_the_past() -> None:
    campaign = example_campaign()
    refused = refusal(
        campaign, MoveEnd(Phase.PROVISIONAL_OPEN, date(2027, 1, 15)), paris(2027, 1, 20)
    )
    assert refused.reason == "target_in_past"


def test_a_boundary_cannot_jump_over_its_neighbour() -> None:
    campaign = example_campaign()
    refused = refusal(
        campaign, MoveStart(Phase.AVIS_PUBLISHED, date(2027, 4, 20)), paris(2027, 1, 20)
    )
    assert refused.reason == "out_of_order"


def test_the_campaign_cannot_leave_its_school_year() -> None:
    campaign = example_campaign()
    refused = refusal(campaign, MoveEnd(Phase.DECISIONS, date(2027, 9, 3)), paris(2027, 1, 20))
    assert refused.reason == "outside_school_year"


def test_closing_at_the_very_instant_of_opening_would_empty_the_phase() -> None:
    campaign = example_campaign()
    refused = refusal(campaign, CloseService(Phase.PROVISIONAL_OPEN), paris(2027, 1, 11))
    assert refused.reason == "out_of_order"


def test_moving_a_boundary_where_it_is_changes_nothing() -> None:
    campaign = example_campaign()
    assert campaign.handle(
        MoveStart(Phase.CLOSED, date(2027, 7, 5)), actor=head_of(campaign), now=paris(2027, 1, 20)
    ) == (campaign, ())


def test_a_boundary_may_move_to_now() -> None:
    campaign = example_campaign()
    now = paris(2027, 3, 1, 10)
    moved, _ = campaign.handle(
        MoveStart(Phase.AVIS_PUBLISHED, now), actor=head_of(campaign), now=now
    )
    assert moved.phase_at(now) is Phase.AVIS_PUBLISHED


def test_a_target_at_the_end_of_time_is_refused() -> None:
    campaign = example_campaign()
    with pytest.raises(InvalidValue) as caught:
        campaign.handle(
            MoveEnd(Phase.DECISIONS, date.max), actor=head_of(campaign), now=paris(2027, 1, 20)
        )
    assert caught.value.codes == ("date.out_of_range",)


def test_bad_commands_are_invalid_values() -> None:
    with pytest.raises(InvalidValue) as caught:
        MoveStart(Phase.NOT_OPEN, datetime(2027, 1, 1))  # noqa: DTZ001
    assert caught.value.codes == ("schedule.not_dated", "time.naive")
    with pytest.raises(InvalidValue) as caught:
        MoveEnd(Phase.CLOSED, "2027-01-01")  # type: ignore[arg-type] # wrong type on purpose
    assert caught.value.codes == ("schedule.not_dated", "type.invalid")
    with pytest.raises(InvalidValue) as caught:
        CloseService(Phase.AVIS_PUBLISHED)
    assert caught.value.codes == ("command.not_an_open_phase",)
    with pytest.raises(InvalidValue) as caught:
        CloseService("PROVISIONAL_OPEN")  # type: ignore[arg-type] # wrong type on purpose
    assert caught.value.codes == ("type.invalid",)
    campaign = example_campaign()
    head = head_of(campaign)
    with pytest.raises(InvalidValue) as caught:
        campaign.handle("close", actor=head, now=paris(2027, 1, 20))  # type: ignore[arg-type] # wrong type on purpose
    assert caught.value.codes == ("type.invalid",)
    with pytest.raises(InvalidValue) as caught:
        campaign.handle(PublishAvis(), actor=head, now=datetime(2027, 3, 1))  # noqa: DTZ001
    assert caught.value.codes == ("time.naive",)


# --- who steers the campaign ------------------------------------------------------


def _head_commands_in_january() -> tuple[CampaignCommand, ...]:
    # Each would be accepted from the head on 20 January 2027, but the last,
    # refused for its phase: the actor is checked before the phase.
    return (
        CloseService(Phase.PROVISIONAL_OPEN),
        MoveEnd(Phase.PROVISIONAL_OPEN, date(2027, 2, 12)),
        MoveStart(Phase.AVIS_PUBLISHED, date(2027, 3, 8)),
        PublishAvis(),
    )


def _assert_every_head_command_refused(campaign: Campaign, actor: Staff, reason: str) -> None:
    now = paris(2027, 1, 20, 17)
    for command in _head_commands_in_january():
        with pytest.raises(PermissionDenied) as caught:
            campaign.handle(command, actor=actor, now=now)
        assert caught.value.reason == reason
        assert caught.value.actor is actor
        assert caught.value.action is command
    assert campaign == example_campaign()


@pytest.mark.parametrize("role", [Role.PROFESSEUR_PRINCIPAL, Role.SECRETARIAT])
def test_only_the_head_opens_and_closes_the_service(role: Role) -> None:
    campaign = example_campaign()
    now = paris(2027, 1, 20, 17)
    _assert_every_head_command_refused(campaign, Staff("agent-1", campaign.uai, role), "head_only")
    assert campaign.phase_at(now) is Phase.PROVISIONAL_OPEN
    # The head's own command goes through.
    closed, _ = campaign.handle(
        CloseService(Phase.PROVISIONAL_OPEN), actor=head_of(campaign), now=now
    )
    assert closed.phase_at(now) is Phase.PROVISIONAL_CLOSED


@pytest.mark.parametrize("role", list(Role))
def test_staff_of_another_school_cannot_touch_the_campaign(role: Role) -> None:
    # Nothing more is said, not even whether the actor is a head.
    _assert_every_head_command_refused(
        example_campaign(), Staff("chef-voisin", "0759999Z", role), "no_access"
    )


@pytest.mark.parametrize(
    "actor",
    [
        Guardian("resp-1", "Claire Martin", "claire@example.fr"),
        Pupil("eleve-1", "Léa Martin", "3e B"),
        "chef-0751234J",
        None,
    ],
)
def test_a_non_staff_actor_is_refused_as_invalid_value(actor: object) -> None:
    campaign = example_campaign()
    with pytest.raises(InvalidValue) as caught:
        campaign.handle(
            CloseService(Phase.PROVISIONAL_OPEN),
            actor=actor,  # type: ignore[arg-type] # wrong type on purpose
            now=paris(2027, 1, 20, 17),
        )
    assert [(p.code, p.path) for p in caught.value.problems] == [("type.invalid", ("actor",))]
    # ``now`` and the command are checked first.
    with pytest.raises(InvalidValue) as caught:
        campaign.handle(PublishAvis(), actor=actor, now=datetime(2027, 3, 1))  # type: ignore[arg-type] # noqa: DTZ001
    assert caught.value.codes == ("time.naive",)
    with pytest.raises(InvalidValue) as caught:
        campaign.handle("close", actor=actor, now=paris(2027, 1, 20))  # type: ignore[arg-type] # wrong type on purpose
    assert [(p.code, p.path) for p in caught.value.problems] == [("type.invalid", ("command",))]


def test_events_record_which_head_gave_the_command() -> None:
    campaign = example_campaign()
    head = head_of(campaign)
    # The school changes head during the campaign.
    successor = Staff("chef-nouveau", campaign.uai, Role.HEAD)
    first, events_1 = campaign.handle(
        CloseService(Phase.PROVISIONAL_OPEN), actor=head, now=paris(2027, 1, 20)
    )
    second, events_2 = first.handle(PublishAvis(), actor=successor, now=paris(2027, 2, 20))
    third, events_3 = second.handle(
        PublishPropositions(), actor=successor, now=paris(2027, 6, 1, 9)
    )
    events = (*events_1, *events_2, *events_3)
    assert [event.actor for event in events] == [head, successor, successor]
    assert events_2 == (AvisPublished(successor, paris(2027, 2, 20)),)
    assert events_2 != (AvisPublished(head, paris(2027, 2, 20)),)
    assert campaign.replay(events) == third
    assert campaign.replay(events).phase_at(paris(2027, 6, 1, 9)) is Phase.PROPOSITIONS_PUBLISHED
    for actor in ("chef", None, Guardian("resp-1", "Claire Martin")):
        with pytest.raises(InvalidValue) as caught:
            ServiceClosed(actor, Phase.PROVISIONAL_OPEN, paris(2027, 1, 20))  # type: ignore[arg-type] # wrong type on purpose
        assert [(p.code, p.path) for p in caught.value.problems] == [("type.invalid", ("actor",))]
    with pytest.raises(InvalidValue) as caught:
        BoundaryMoved("chef", Phase.CLOSED, paris(2027, 7, 5), paris(2027, 7, 6), "now")  # type: ignore[arg-type] # wrong type on purpose
    assert caught.value.codes == ("type.invalid", "type.invalid")
    assert [p.path for p in caught.value.problems] == [("actor",), ("at",)]
    for event_type in (AvisPublished, PropositionsPublished):
        with pytest.raises(InvalidValue) as caught:
            event_type(None, paris(2027, 3, 1))  # type: ignore[arg-type] # wrong type on purpose
        assert [(p.code, p.path) for p in caught.value.problems] == [("type.invalid", ("actor",))]


def test_bad_events_are_invalid_values() -> None:
    head = head_of(example_campaign())
    with pytest.raises(InvalidValue) as caught:
        BoundaryMoved(head, Phase.NOT_OPEN, datetime(2027, 1, 1), paris(2027, 1, 1), "now")  # type: ignore[arg-type] # noqa: DTZ001
    assert caught.value.codes == ("schedule.not_dated", "time.naive", "type.invalid")
    with pytest.raises(InvalidValue) as caught:
        ServiceClosed(head, Phase.DECISIONS, paris(2027, 1, 1))
    assert caught.value.codes == ("command.not_an_open_phase",)
    with pytest.raises(InvalidValue):
        AvisPublished(head, datetime(2027, 1, 1))  # noqa: DTZ001
    with pytest.raises(InvalidValue):
        PropositionsPublished(head, datetime.max.replace(tzinfo=ZoneInfo("Pacific/Tahiti")))


def test_events_keep_plain_utc_instants() -> None:
    head = head_of(example_campaign())
    event = AvisPublished(head, pendulum.datetime(2027, 3, 1, 9, tz="Europe/Paris"))
    assert type(event.at) is datetime
    assert event.at == datetime(2027, 3, 1, 8, tzinfo=UTC)


def test_replaying_the_events_gives_the_same_campaign() -> None:
    campaign = example_campaign()
    head = head_of(campaign)
    first, events_1 = campaign.handle(
        CloseService(Phase.PROVISIONAL_OPEN), actor=head, now=paris(2027, 1, 20)
    )
    second, events_2 = first.handle(PublishAvis(), actor=head, now=paris(2027, 2, 20))
    third, events_3 = second.handle(
        MoveEnd(Phase.DEFINITIVE_OPEN, date(2027, 5, 20)), actor=head, now=paris(2027, 2, 21)
    )
    assert campaign.replay((*events_1, *events_2, *events_3)) == third
    assert campaign.replay(()) == campaign


def test_replaying_garbage_is_refused() -> None:
    campaign = example_campaign()
    for events in (3, "events", [PublishAvis()]):
        with pytest.raises(InvalidValue):
            campaign.replay(events)  # type: ignore[arg-type] # wrong type on purpose
    # An event that breaks the order of the phases is refused too.
    late = AvisPublished(head_of(campaign), paris(2027, 5, 20))
    with pytest.raises(InvalidValue) as caught:
        campaign.replay([late])
    assert caught.value.codes == ("schedule.out_of_order",)


# --- properties -----------------------------------------------------------------


@given(data=st.data(), campaign=campaigns())
def test_phase_at_never_goes_back_in_time(data: st.DataObject, campaign: Campaign) -> None:
    first = data.draw(campaign_instants(campaign))
    second = data.draw(campaign_instants(campaign))
    early, late = sorted((first, second))
    assert campaign.phase_at(early) <= campaign.phase_at(late)


@given(campaigns())
def test_each_phase_is_reached_exactly_for_its_window(campaign: Campaign) -> None:
    for phase in tuple(Phase)[1:]:
        start = campaign.start_of(phase)
        assert start is not None
        assert campaign.phase_at(start) is phase
        before = campaign.phase_at(start - US)
        assert phase in PHASE_GRAPH[before]
        end = campaign.end_of(phase)
        if end is not None:
            assert campaign.phase_at(end - US) is phase
            assert campaign.phase_at(end) is not phase


@given(campaigns())
def test_the_calendar_covers_the_campaign_without_gap(campaign: Campaign) -> None:
    calendar = campaign.calendar()
    assert [e.phase for e in calendar] == list(DATED)
    for entry, nxt in itertools.pairwise(calendar):
        assert entry.end == nxt.start
        assert entry.first_day <= entry.last_day
        assert entry.last_day in (nxt.first_day, nxt.first_day - timedelta(days=1))
    assert calendar[-1].end == campaign.start_of(Phase.CLOSED)
    assert all(e.text.startswith("du ") for e in calendar)


@given(data=st.data(), campaign=campaigns())
def test_the_next_change_is_the_first_instant_the_phase_differs(
    data: st.DataObject, campaign: Campaign
) -> None:
    now = data.draw(campaign_instants(campaign))
    change = campaign.next_change(now)
    if change is None:
        assert campaign.phase_at(now) is Phase.CLOSED
    else:
        assert change.at > now
        assert campaign.phase_at(change.at) is change.phase
        assert campaign.phase_at(change.at - US) is campaign.phase_at(now)


@given(data=st.data(), campaign=campaigns())
def test_the_appeal_deadline_falls_at_local_midnight_a_few_days_later(
    data: st.DataObject, campaign: Campaign
) -> None:
    notified = data.draw(campaign_instants(campaign))
    deadline = campaign.appeal_deadline(notified)
    local = deadline.astimezone(campaign.timezone)
    assert (local.hour, local.minute) == (0, 0)
    days = (local.date() - campaign.local(notified).date()).days
    assert 4 <= days <= 10


@given(campaign=campaigns())
def test_a_planned_campaign_is_a_value(campaign: Campaign) -> None:
    assert pickle.loads(pickle.dumps(campaign)) == campaign
    assert (
        Campaign(
            campaign.academy,
            campaign.uai,
            campaign.rentree,
            campaign.starts,
            campaign.zone,
            campaign.territory,
        )
        == campaign
    )
    assert campaign.zone in CAMPAIGN_ZONES


@given(data=st.data(), campaign=campaigns())
def test_head_commands_at_increasing_instants_never_rewrite_the_past(
    data: st.DataObject, campaign: Campaign
) -> None:
    original = campaign
    instants = sorted(data.draw(st.lists(campaign_instants(campaign), min_size=1, max_size=8)))
    events: list[CampaignEvent] = []
    # The phase each instant has once the last command given at it applied.
    seen: dict[datetime, Phase] = {}
    for now in instants:
        command = data.draw(head_commands(campaign))
        try:
            campaign, produced = campaign.handle(command, actor=head_of(campaign), now=now)
        except IllegalTransition as refused:
            assert refused.command is command
            assert refused.phase is campaign.phase_at(now)
        else:
            events.extend(produced)
            # Every instant before now keeps the phase it had; now itself may
            # only move on, since a command "now" starts the next phase now.
            for moment, phase in seen.items():
                if moment < now:
                    assert campaign.phase_at(moment) is phase
                else:
                    assert campaign.phase_at(moment) >= phase
        # The same instant may come again: its latest phase is the one reached.
        seen[now] = campaign.phase_at(now)
    assert original.replay(events) == campaign


def test_a_territory_must_be_a_territory_and_a_phase_a_phase() -> None:
    base = example_campaign()
    with pytest.raises(InvalidValue) as caught:
        Campaign(base.academy, base.uai, 2027, base.starts, territory="METROPOLE")  # type: ignore[arg-type] # wrong type on purpose
    assert caught.value.codes == ("type.invalid",)
    with pytest.raises(InvalidValue) as caught:
        base.start_of("PROVISIONAL_OPEN")  # type: ignore[arg-type] # wrong type on purpose
    assert caught.value.codes == ("type.invalid",)


# --- values at the limits (issue 7) -------------------------------------------


@pytest.mark.parametrize(
    "zone", [HUGE, DEEP, LONG_TEXT, Unprintable()], ids=["huge", "deep", "long", "unprintable"]
)
def test_planning_in_a_zone_that_cannot_be_written_out_reports_an_unknown_zone(
    zone: object,
) -> None:
    with pytest.raises(InvalidValue) as caught:
        Campaign.plan(example_campaign().academy, "0750654D", 2027, {}, zone=zone)  # type: ignore[arg-type] # wrong type on purpose
    [found] = caught.value.problems
    assert (found.code, found.path) == ("timezone.unknown", ("zone",))
    assert len(found.message) < 100


@pytest.mark.parametrize(
    ("key", "shown"),
    [(HUGE, "valeur non reconnue"), (LONG_TEXT, "x" * 39 + "…")],
    ids=["huge", "long"],
)
def test_a_schedule_for_a_phase_that_cannot_be_written_out_names_it_in_few_words(
    key: object, shown: str
) -> None:
    base = example_campaign()
    schedule: dict[object, object] = {e.phase: (e.start, e.end) for e in base.calendar()}
    schedule[key] = (1, 2)
    with pytest.raises(InvalidValue) as caught:
        Campaign.plan(base.academy, base.uai, 2027, schedule)  # type: ignore[arg-type] # wrong type on purpose
    assert [(p.code, p.path, p.message) for p in caught.value.problems] == [
        (
            "schedule.not_dated",
            ("schedule", shown),
            f"La phase « {shown} » n'a pas de dates dans le calendrier.",
        )
    ]


@pytest.mark.parametrize(
    "notified_at",
    [
        datetime(9999, 12, 31, 23, tzinfo=UTC),
        datetime.max.replace(tzinfo=UTC),
        pendulum.datetime(9999, 12, 31, 23),
    ],
    ids=["last-hour", "max", "pendulum"],
)
def test_a_notification_in_the_last_hours_of_year_9999_has_no_deadline(
    notified_at: datetime,
) -> None:
    # In Paris it is already the last day, and three jours ouvrables later
    # is past what datetime holds.
    with pytest.raises(InvalidValue) as caught:
        example_campaign().appeal_deadline(notified_at)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("date.out_of_range", ("notified_at",))
    ]


def test_the_last_hour_of_year_9999_has_no_local_time_in_paris() -> None:
    with pytest.raises(InvalidValue) as caught:
        example_campaign().local(datetime(9999, 12, 31, 23, tzinfo=UTC))
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("date.out_of_range", ("instant",))
    ]


def test_the_ends_of_time_are_before_and_after_the_whole_campaign() -> None:
    campaign = example_campaign()
    first = campaign.next_change(datetime.min.replace(tzinfo=UTC))
    assert first == PhaseChange(Phase.PROVISIONAL_OPEN, paris(2027, 1, 11))
    assert campaign.next_change(datetime.max.replace(tzinfo=UTC)) is None
    assert campaign.phase_at(datetime.max.replace(tzinfo=UTC)) is Phase.CLOSED


@pytest.mark.parametrize(
    "moment",
    [
        datetime.min.replace(tzinfo=timezone(timedelta(hours=23, minutes=59))),
        datetime.max.replace(tzinfo=timezone(-timedelta(hours=23, minutes=59))),
    ],
    ids=["year-1-east", "year-9999-west"],
)
def test_an_instant_whose_offset_takes_it_past_the_ends_of_time_is_out_of_range(
    moment: datetime,
) -> None:
    campaign = example_campaign()
    for query, at in [
        (campaign.phase_at, "now"),
        (campaign.next_change, "now"),
        (campaign.local, "instant"),
        (campaign.appeal_deadline, "notified_at"),
    ]:
        with pytest.raises(InvalidValue) as caught:
            query(moment)
        assert [(p.code, p.path) for p in caught.value.problems] == [("date.out_of_range", (at,))]
