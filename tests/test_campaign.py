"""A school's campaign: phase at any instant, calendar, appeal deadline, head commands."""

from __future__ import annotations

import itertools
import pickle
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import cast
from zoneinfo import ZoneInfo

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orientation_core import (
    PHASE_GRAPH,
    Academy,
    AcademySettings,
    AvisPublished,
    Campaign,
    CampaignCommand,
    CampaignEvent,
    CampaignPlanned,
    CloseService,
    EndMoved,
    Guardian,
    HeadEvent,
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
    StartMoved,
    Territory,
)
from orientation_core.exceptions import (
    Conflict,
    IllegalTransition,
    InvalidValue,
    OrientationError,
    PermissionDenied,
)
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
    instant_in,
    staff_members,
    uais,
)

PARIS = ZoneInfo("Europe/Paris")
NOUMEA = ZoneInfo("Pacific/Noumea")
US = timedelta(microseconds=1)
DATED = tuple(Phase)[1:-1]


def said(
    caught: pytest.ExceptionInfo[InvalidValue],
) -> list[tuple[str, tuple[str | int, ...], str]]:
    """Each problem refused, as its reader gets it: code, where, and the French message."""
    return [(p.code, p.path, p.message) for p in caught.value.problems]


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
    # The school reads its start and its end at its own local time.
    assert campaign.end_of(Phase.PROVISIONAL_OPEN) == closing
    assert campaign.end_of(Phase.PROVISIONAL_OPEN).tzinfo is campaign.timezone  # type: ignore[union-attr]
    assert campaign.start_of(Phase.PROVISIONAL_CLOSED).tzinfo is campaign.timezone  # type: ignore[union-attr]


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
        MoveEnd(1, Phase.PROVISIONAL_OPEN, paris(2027, 2, 5, 18)),
        actor=head_of(campaign),
        now=paris(2027, 1, 20),
    )
    assert moved.calendar()[0].text == "du 11/01/2027 au 05/02/2027 à 18:00"
    assert moved.calendar()[1].text == "du 05/02/2027 à 18:00 au 14/03/2027"
    assert moved.calendar()[0].last_day == date(2027, 2, 5)
    closed, _ = campaign.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN),
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
    assert said(caught) == [
        (
            "territory.required",
            ("territory",),
            (
                "Précisez le territoire de l'établissement : son fuseau horaire "
                "(America/Puerto_Rico) ne suffit pas à le déterminer."
            ),
        )
    ]
    planned = Campaign.plan(
        base.academy,
        "9711234P",
        2027,
        {entry.phase: (entry.first_day, entry.last_day) for entry in base.calendar()},
        zone="America/Marigot",
        territory=Territory.SAINT_MARTIN,
    )
    assert planned.territory is Territory.SAINT_MARTIN
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
    assert said(caught) == [
        ("type.invalid", ("academy",), "Cette valeur n'a pas le type attendu."),
        (
            "uai.invalid",
            ("uai",),
            "Le code UAI doit comporter sept chiffres suivis d'une lettre majuscule.",
        ),
        (
            "rentree.out_of_range",
            ("rentree",),
            "L'année de rentrée doit être comprise entre 2000 et 2200.",
        ),
        ("timezone.unknown", ("zone",), "Ce fuseau horaire n'existe pas : Europe/Lutece."),
        ("schedule.length", ("starts",), "Le calendrier doit donner 8 dates de début."),
    ]


@pytest.mark.parametrize(
    ("rentree", "in_range"), [(1999, False), (2000, True), (2200, True), (2201, False)]
)
def test_the_rentree_is_a_year_from_2000_to_2200(rentree: int, in_range: bool) -> None:
    base = example_campaign()
    with pytest.raises(InvalidValue) as caught:
        Campaign.plan(base.academy, base.uai, rentree, {})
    assert ("rentree.out_of_range" not in caught.value.codes) is in_range


def test_the_starts_may_be_any_sequence_of_aware_instants_and_are_kept_in_utc() -> None:
    base = example_campaign()
    local = [start.astimezone(PARIS) for start in base.starts]
    for given_as in (local, iter(local)):
        campaign = Campaign(base.academy, base.uai, 2027, given_as)
        assert campaign == base
        assert type(campaign.starts) is tuple
        assert all(start.tzinfo is UTC for start in campaign.starts)


@pytest.mark.parametrize(
    "starts",
    [3, "starts", [datetime(2027, 1, 11)] * 8, [None] * 8],  # noqa: DTZ001
)
def test_starts_of_the_wrong_shape_are_refused(starts: object) -> None:
    base = example_campaign()
    with pytest.raises(InvalidValue) as caught:
        Campaign(base.academy, base.uai, 2027, starts)  # type: ignore[arg-type] # wrong type on purpose
    assert set(caught.value.codes) <= {"type.invalid", "time.naive"}


def test_starts_of_the_wrong_shape_are_located_and_say_what_is_expected() -> None:
    base = example_campaign()
    with pytest.raises(InvalidValue) as caught:
        Campaign(base.academy, base.uai, 2027, 3)  # type: ignore[arg-type] # wrong type on purpose
    assert said(caught) == [
        (
            "type.invalid",
            ("starts",),
            "Cette valeur n'a pas le type attendu.",
        )
    ]
    with pytest.raises(InvalidValue) as caught:
        Campaign(base.academy, base.uai, 2027, [*base.starts[:7], None])  # type: ignore[list-item] # wrong type on purpose
    assert [(p.code, p.path) for p in caught.value.problems] == [("type.invalid", ("starts", 7))]


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
    assert said(caught) == [
        ("type.invalid", ("academy",), "Cette valeur n'a pas le type attendu."),
        # Without an académie, there is no zone to read the schedule in.
        ("timezone.unknown", ("zone",), "Ce fuseau horaire n'existe pas : ?."),
    ]
    with pytest.raises(InvalidValue) as caught:
        Campaign.plan(example_campaign().academy, "0750654D", 2027, {}, zone="Nowhere")
    assert caught.value.codes == ("timezone.unknown",)


# --- head commands --------------------------------------------------------------


def test_the_head_closes_the_intentions_early() -> None:
    campaign = example_campaign()
    now = paris(2027, 1, 20, 17)
    head = head_of(campaign)
    closed, events = campaign.handle(CloseService(1, Phase.PROVISIONAL_OPEN), actor=head, now=now)
    assert events == (ServiceClosed(campaign.uai, 2027, 2, head, now, Phase.PROVISIONAL_OPEN),)
    # What families did at that very instant stays done in the open phase.
    assert closed.phase_at(now) is Phase.PROVISIONAL_OPEN
    assert closed.phase_at(now + US) is Phase.PROVISIONAL_CLOSED
    assert closed.end_of(Phase.PROVISIONAL_OPEN) == now + US
    # Everything else stays where it was.
    assert closed.starts[2:] == campaign.starts[2:]
    assert campaign.phase_at(now) is Phase.PROVISIONAL_OPEN


def test_closing_a_phase_that_is_not_current_is_refused_with_the_phase_and_command() -> None:
    campaign = example_campaign()
    command = CloseService(1, Phase.DEFINITIVE_OPEN)
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
    published, events = campaign.handle(PublishAvis(1), actor=head, now=now)
    assert events == (AvisPublished(campaign.uai, 2027, 2, head, now),)
    assert published.phase_at(now) is Phase.PROVISIONAL_CLOSED
    assert published.phase_at(now + US) is Phase.AVIS_PUBLISHED
    later = paris(2027, 6, 1, 9)
    done, events = published.handle(PublishPropositions(2), actor=head, now=later)
    assert events == (PropositionsPublished(campaign.uai, 2027, 3, head, later),)
    assert done.phase_at(later + US) is Phase.PROPOSITIONS_PUBLISHED


@pytest.mark.parametrize(
    ("command", "now"),
    [
        (PublishAvis(1), paris(2027, 1, 20)),
        (PublishAvis(1), paris(2027, 3, 20)),
        (PublishPropositions(1), paris(2027, 4, 20)),
        (CloseService(1, Phase.PROVISIONAL_OPEN), paris(2027, 2, 7)),
        (CloseService(1, Phase.PROVISIONAL_OPEN), paris(2026, 12, 7)),
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
        MoveEnd(1, Phase.PROVISIONAL_OPEN, date(2027, 2, 12)), actor=head, now=now
    )
    # The event names the phase whose end moved, not the one whose start followed.
    assert events == (
        EndMoved(
            campaign.uai,
            2027,
            2,
            head,
            now,
            Phase.PROVISIONAL_OPEN,
            previous=paris(2027, 2, 6),
            end=paris(2027, 2, 13),
        ),
    )
    assert moved.phase_at(paris(2027, 2, 12, 23, 59)) is Phase.PROVISIONAL_OPEN
    assert moved.start_of(Phase.PROVISIONAL_CLOSED) == paris(2027, 2, 13)
    with pytest.raises(IllegalTransition) as caught:
        campaign.handle(MoveEnd(1, Phase.PROVISIONAL_OPEN, date(2027, 2, 13)), actor=head, now=now)
    assert caught.value.reason == "outside_academy_window"
    assert "entre le 04/01/2027 et le 12/02/2027" in str(caught.value)


def refusal(campaign: Campaign, command: CampaignCommand, now: datetime) -> IllegalTransition:
    """What the head's ``command`` at ``now`` is refused with; the test fails if it is accepted."""
    with pytest.raises(IllegalTransition) as caught:
        campaign.handle(command, actor=head_of(campaign), now=now)
    # The refusal carries the command refused, for the host to log or retry.
    assert caught.value.command is command
    return caught.value


def test_a_boundary_already_passed_never_moves() -> None:
    campaign = example_campaign()
    now = paris(2027, 1, 20)
    for command in (
        MoveStart(1, Phase.PROVISIONAL_OPEN, date(2027, 1, 25)),
        MoveStart(1, Phase.PROVISIONAL_OPEN, paris(2027, 1, 25, 8)),
    ):
        refused = refusal(campaign, command, now)
        assert refused.reason == "boundary_passed"
        assert refused.phase is Phase.PROVISIONAL_OPEN
        assert refused.message == (
            "Le début de la phase « Saisie des intentions provisoires » est déjà passé : "
            "il ne peut plus être modifié."
        )
    # A boundary reached exactly now has passed too.
    refused = refusal(
        campaign, MoveStart(1, Phase.PROVISIONAL_OPEN, date(2027, 1, 12)), paris(2027, 1, 11)
    )
    assert refused.reason == "boundary_passed"


def test_a_boundary_cannot_move_into_the_past() -> None:
    campaign = example_campaign()
    refused = refusal(
        campaign, MoveEnd(1, Phase.PROVISIONAL_OPEN, date(2027, 1, 15)), paris(2027, 1, 20)
    )
    assert refused.reason == "target_in_past"


def test_a_boundary_cannot_jump_over_its_neighbour() -> None:
    campaign = example_campaign()
    refused = refusal(
        campaign, MoveStart(1, Phase.AVIS_PUBLISHED, date(2027, 4, 20)), paris(2027, 1, 20)
    )
    assert refused.reason == "out_of_order"
    assert refused.phase is Phase.PROVISIONAL_OPEN
    # Every rule the move breaks is told, the first one giving the reason.
    refused = refusal(
        campaign, MoveStart(1, Phase.PROVISIONAL_CLOSED, date(2027, 3, 20)), paris(2027, 1, 20)
    )
    assert (refused.reason, refused.message) == (
        "out_of_order",
        (
            "« Consultation de l'avis provisoire et accusé de réception » doit commencer après "
            "« Conseils de classe du 2e trimestre ». La phase « Saisie des intentions "
            "provisoires » doit se tenir entre le 04/01/2027 et le 12/02/2027, selon le "
            "calendrier académique."
        ),
    )


def test_the_head_may_move_the_opening_to_the_first_local_day_of_the_academy_window() -> None:
    # Midnight in Paris on 4 January is still 3 January in UTC: the window is
    # read in the school's zone.
    campaign = example_campaign()
    moved, _ = campaign.handle(
        MoveStart(1, Phase.PROVISIONAL_OPEN, date(2027, 1, 4)),
        actor=head_of(campaign),
        now=paris(2027, 1, 1),
    )
    assert moved.start_of(Phase.PROVISIONAL_OPEN) == paris(2027, 1, 4)


def test_the_campaign_cannot_leave_its_school_year() -> None:
    campaign = example_campaign()
    refused = refusal(campaign, MoveEnd(1, Phase.DECISIONS, date(2027, 9, 3)), paris(2027, 1, 20))
    assert refused.reason == "outside_school_year"


def test_closing_at_the_very_instant_of_opening_leaves_that_instant_open() -> None:
    campaign = example_campaign()
    opening = paris(2027, 1, 11)
    closed, _ = campaign.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN), actor=head_of(campaign), now=opening
    )
    assert closed.phase_at(opening) is Phase.PROVISIONAL_OPEN
    assert closed.phase_at(opening + US) is Phase.PROVISIONAL_CLOSED


def test_moving_a_boundary_where_it_is_changes_nothing() -> None:
    campaign = example_campaign()
    assert campaign.handle(
        MoveStart(1, Phase.CLOSED, date(2027, 7, 5)),
        actor=head_of(campaign),
        now=paris(2027, 1, 20),
    ) == (campaign, ())


def test_a_boundary_may_move_to_the_next_instant_but_not_to_now() -> None:
    campaign = example_campaign()
    now = paris(2027, 3, 1, 10)
    # Now is already the past of whatever was done at it.
    refused = refusal(campaign, MoveStart(1, Phase.AVIS_PUBLISHED, now), now)
    assert refused.reason == "target_in_past"
    moved, _ = campaign.handle(
        MoveStart(1, Phase.AVIS_PUBLISHED, now + US), actor=head_of(campaign), now=now
    )
    assert moved.phase_at(now) is Phase.PROVISIONAL_CLOSED
    assert moved.phase_at(now + US) is Phase.AVIS_PUBLISHED


def test_a_target_at_the_end_of_time_is_refused() -> None:
    campaign = example_campaign()
    with pytest.raises(InvalidValue) as caught:
        campaign.handle(
            MoveEnd(1, Phase.DECISIONS, date.max), actor=head_of(campaign), now=paris(2027, 1, 20)
        )
    assert [(p.code, p.path) for p in caught.value.problems] == [("date.out_of_range", ("to",))]


def test_bad_commands_are_invalid_values() -> None:
    with pytest.raises(InvalidValue) as caught:
        MoveStart(1, Phase.NOT_OPEN, datetime(2027, 1, 1))  # noqa: DTZ001
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("schedule.not_dated", ("phase",)),
        ("time.naive", ("to",)),
    ]
    with pytest.raises(InvalidValue) as caught:
        MoveEnd(1, Phase.CLOSED, "2027-01-01")  # type: ignore[arg-type] # wrong type on purpose
    assert said(caught) == [
        (
            "schedule.not_dated",
            ("phase",),
            "La phase « Campagne d'orientation terminée » n'a pas de dates dans le calendrier.",
        ),
        ("type.invalid", ("to",), "Cette valeur n'a pas le type attendu."),
    ]
    with pytest.raises(InvalidValue) as caught:
        CloseService(1, Phase.AVIS_PUBLISHED)
    assert caught.value.codes == ("command.not_an_open_phase",)
    with pytest.raises(InvalidValue) as caught:
        CloseService(1, "PROVISIONAL_OPEN")  # type: ignore[arg-type] # wrong type on purpose
    assert said(caught) == [("type.invalid", ("phase",), "Cette valeur n'a pas le type attendu.")]
    campaign = example_campaign()
    head = head_of(campaign)
    # Neither junk nor the bare base of the commands is a command.
    for junk in ("close", CampaignCommand(1)):
        with pytest.raises(InvalidValue) as caught:
            campaign.handle(junk, actor=head, now=paris(2027, 1, 20))  # type: ignore[arg-type] # wrong type on purpose
        assert said(caught) == [
            (
                "type.invalid",
                ("command",),
                "Cette valeur n'a pas le type attendu.",
            )
        ]
    with pytest.raises(InvalidValue) as caught:
        campaign.handle(PublishAvis(1), actor=head, now=datetime(2027, 3, 1))  # noqa: DTZ001
    assert caught.value.codes == ("time.naive",)


# --- who steers the campaign ------------------------------------------------------


def _head_commands_in_january() -> tuple[CampaignCommand, ...]:
    # Each would be accepted from the head on 20 January 2027, but the last,
    # refused for its phase: the actor is checked before the phase.
    return (
        CloseService(1, Phase.PROVISIONAL_OPEN),
        MoveEnd(1, Phase.PROVISIONAL_OPEN, date(2027, 2, 12)),
        MoveStart(1, Phase.AVIS_PUBLISHED, date(2027, 3, 8)),
        PublishAvis(1),
    )


def _assert_every_head_command_refused(campaign: Campaign, actor: Staff, reason: str) -> None:
    now = paris(2027, 1, 20, 17)
    for command in _head_commands_in_january():
        with pytest.raises(PermissionDenied) as caught:
            campaign.handle(command, actor=actor, now=now)
        assert caught.value.reason == reason
        assert caught.value.actor is actor
        assert caught.value.action is command.action
    assert campaign == example_campaign()


@pytest.mark.parametrize("role", [Role.PROFESSEUR_PRINCIPAL, Role.SECRETARIAT])
def test_only_the_head_opens_and_closes_the_service(role: Role) -> None:
    campaign = example_campaign()
    now = paris(2027, 1, 20, 17)
    _assert_every_head_command_refused(campaign, Staff("agent-1", campaign.uai, role), "head_only")
    assert campaign.phase_at(now) is Phase.PROVISIONAL_OPEN
    # The head's own command goes through.
    closed, _ = campaign.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN), actor=head_of(campaign), now=now
    )
    assert closed.phase_at(now + US) is Phase.PROVISIONAL_CLOSED


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
            CloseService(1, Phase.PROVISIONAL_OPEN),
            actor=actor,  # type: ignore[arg-type] # wrong type on purpose
            now=paris(2027, 1, 20, 17),
        )
    assert said(caught) == [("type.invalid", ("actor",), "Cette valeur n'a pas le type attendu.")]
    # ``now`` and the command are checked first.
    with pytest.raises(InvalidValue) as caught:
        campaign.handle(PublishAvis(1), actor=actor, now=datetime(2027, 3, 1))  # type: ignore[arg-type] # noqa: DTZ001
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
        CloseService(1, Phase.PROVISIONAL_OPEN), actor=head, now=paris(2027, 1, 20)
    )
    second, events_2 = first.handle(PublishAvis(2), actor=successor, now=paris(2027, 2, 20))
    third, events_3 = second.handle(
        PublishPropositions(3), actor=successor, now=paris(2027, 6, 1, 9)
    )
    events = head_events((*events_1, *events_2, *events_3))
    assert [event.actor for event in events] == [head, successor, successor]
    assert events_2 == (AvisPublished(campaign.uai, 2027, 3, successor, paris(2027, 2, 20)),)
    assert events_2 != (AvisPublished(campaign.uai, 2027, 3, head, paris(2027, 2, 20)),)
    replayed = Campaign.replay([campaign.planned, *events])
    assert replayed == third
    assert replayed.phase_at(paris(2027, 6, 1, 9) + US) is Phase.PROPOSITIONS_PUBLISHED


def test_an_event_must_name_a_member_of_staff_and_an_aware_instant() -> None:
    uai = example_campaign().uai
    for actor in ("chef", None, Guardian("resp-1", "Claire Martin")):
        with pytest.raises(InvalidValue) as caught:
            ServiceClosed(uai, 2027, 2, actor, paris(2027, 1, 20), Phase.PROVISIONAL_OPEN)  # type: ignore[arg-type] # wrong type on purpose
        assert [(p.code, p.path) for p in caught.value.problems] == [("type.invalid", ("actor",))]
    with pytest.raises(InvalidValue) as caught:
        EndMoved(uai, 2027, 2, "chef", "now", Phase.DECISIONS, paris(2027, 7, 5), paris(2027, 7, 6))  # type: ignore[arg-type] # wrong type on purpose
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("type.invalid", ("actor",)),
        ("type.invalid", ("at",)),
    ]
    for event_type in (AvisPublished, PropositionsPublished):
        with pytest.raises(InvalidValue) as caught:
            event_type(uai, 2027, 2, None, paris(2027, 3, 1))  # type: ignore[arg-type] # wrong type on purpose
        assert [(p.code, p.path) for p in caught.value.problems] == [("type.invalid", ("actor",))]


def test_bad_events_are_invalid_values() -> None:
    campaign = example_campaign()
    uai, head = campaign.uai, head_of(campaign)
    naive = datetime(2027, 1, 1)  # noqa: DTZ001
    with pytest.raises(InvalidValue) as caught:
        StartMoved(uai, 2027, 2, head, "now", Phase.NOT_OPEN, naive, paris(2027, 1, 1))  # type: ignore[arg-type] # wrong type on purpose
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("type.invalid", ("at",)),
        ("schedule.not_dated", ("phase",)),
        ("time.naive", ("previous",)),
    ]
    # CLOSED never ends: there is no end of it to move.
    with pytest.raises(InvalidValue) as caught:
        EndMoved(
            uai,
            2027,
            2,
            head,
            paris(2027, 1, 1),
            Phase.CLOSED,
            paris(2027, 7, 5),
            paris(2027, 7, 6),
        )
    assert [(p.code, p.path) for p in caught.value.problems] == [("schedule.not_dated", ("phase",))]
    with pytest.raises(InvalidValue) as caught:
        ServiceClosed(uai, 2027, 2, head, paris(2027, 1, 1), Phase.DECISIONS)
    assert caught.value.codes == ("command.not_an_open_phase",)
    with pytest.raises(InvalidValue) as caught:
        AvisPublished(uai, 2027, 2, head, datetime(2027, 1, 1))  # noqa: DTZ001
    assert [(p.code, p.path) for p in caught.value.problems] == [("time.naive", ("at",))]
    with pytest.raises(InvalidValue) as caught:
        PropositionsPublished(
            uai, 2027, 2, head, datetime.max.replace(tzinfo=ZoneInfo("Pacific/Tahiti"))
        )
    assert [(p.code, p.path) for p in caught.value.problems] == [("date.out_of_range", ("at",))]
    # Which campaign, and which version: a version counts from 1, the plan.
    with pytest.raises(InvalidValue) as caught:
        AvisPublished("", "2027", 0, head, paris(2027, 3, 1))  # type: ignore[arg-type] # wrong type on purpose
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("type.invalid", ("uai",)),
        ("type.invalid", ("version",)),
        ("type.invalid", ("rentree",)),
    ]
    assert caught.value.problems[2].message == "Cette valeur n'a pas le type attendu."


def test_a_moved_boundary_is_recorded_with_both_its_places_as_aware_instants() -> None:
    campaign = example_campaign()
    uai, head, at = campaign.uai, head_of(campaign), paris(2027, 1, 1)
    naive = datetime(2027, 7, 6)  # noqa: DTZ001
    for event, where in (
        (
            lambda: EndMoved(uai, 2027, 2, head, at, Phase.DECISIONS, naive, paris(2027, 7, 6)),
            "previous",
        ),
        (
            lambda: EndMoved(uai, 2027, 2, head, at, Phase.DECISIONS, paris(2027, 7, 5), naive),
            "end",
        ),
        (
            lambda: StartMoved(uai, 2027, 2, head, at, Phase.CLOSED, paris(2027, 7, 5), naive),
            "start",
        ),
    ):
        with pytest.raises(InvalidValue) as caught:
            event()
        assert [(p.code, p.path) for p in caught.value.problems] == [("time.naive", (where,))]


def test_events_keep_plain_utc_instants() -> None:
    campaign = example_campaign()
    event = AvisPublished(
        campaign.uai,
        2027,
        2,
        head_of(campaign),
        pendulum.datetime(2027, 3, 1, 9, tz="Europe/Paris"),
    )
    assert type(event.at) is datetime
    assert event.at == datetime(2027, 3, 1, 8, tzinfo=UTC)
    assert event.at.tzinfo is UTC


def test_replaying_the_events_gives_the_same_campaign() -> None:
    campaign = example_campaign()
    head = head_of(campaign)
    planned = campaign.planned
    assert planned == CampaignPlanned(
        campaign.uai,
        2027,
        1,
        campaign.academy,
        campaign.starts,
        "Europe/Paris",
        Territory.METROPOLE,
    )
    first, events_1 = campaign.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN), actor=head, now=paris(2027, 1, 20)
    )
    second, events_2 = first.handle(PublishAvis(2), actor=head, now=paris(2027, 2, 20))
    third, events_3 = second.handle(
        MoveEnd(3, Phase.DEFINITIVE_OPEN, date(2027, 5, 20)), actor=head, now=paris(2027, 2, 21)
    )
    assert [event.version for event in (planned, *events_1, *events_2, *events_3)] == [1, 2, 3, 4]
    assert Campaign.replay([planned, *events_1, *events_2, *events_3]) == third
    assert Campaign.replay([planned, *events_1]) == first
    assert Campaign.replay([planned]) == campaign
    assert Campaign.replay(iter([planned, *events_1])) == first
    # One step at a time.
    assert campaign.apply(events_1[0]).apply(events_2[0]) == second


def test_the_plan_of_a_changed_campaign_is_no_longer_available() -> None:
    campaign = example_campaign()
    closed, _ = campaign.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN), actor=head_of(campaign), now=paris(2027, 1, 20)
    )
    with pytest.raises(InvalidValue) as caught:
        _ = closed.planned
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("campaign.already_changed", ("version",))
    ]


def _replay_refusal(events: object) -> tuple[tuple[str, tuple[str | int, ...]], ...]:
    with pytest.raises(InvalidValue) as caught:
        Campaign.replay(events)  # type: ignore[arg-type] # anything a host may pass
    return tuple((p.code, p.path) for p in caught.value.problems)


def test_a_history_starts_with_the_campaigns_plan() -> None:
    campaign = example_campaign()
    head = head_of(campaign)
    closed, events = campaign.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN), actor=head, now=paris(2027, 1, 20)
    )
    assert _replay_refusal([]) == (("events.invalid", ("events",)),)
    assert _replay_refusal(events) == (("events.invalid", ("events", 0)),)
    assert _replay_refusal([closed.starts[0], *events]) == (("events.invalid", ("events", 0)),)
    # A plan is at version 1, and comes once, first.
    assert _replay_refusal([campaign.planned, campaign.planned]) == (
        ("events.invalid", ("events", 1)),
    )
    # A plan whose campaign cannot exist cannot even be built.
    with pytest.raises(InvalidValue) as caught:
        attrs.evolve(campaign.planned, starts=tuple(reversed(campaign.starts)))
    assert "schedule.out_of_order" in caught.value.codes


@pytest.mark.parametrize("junk", [3, None, "events", b"events", {"events": []}])
def test_replaying_junk_is_refused(junk: object) -> None:
    assert _replay_refusal(junk) == (("type.invalid", ("events",)),)
    with pytest.raises(InvalidValue) as caught:
        Campaign.replay(junk)  # type: ignore[arg-type] # wrong type on purpose
    assert caught.value.problems[0].message == "Cette valeur n'a pas le type attendu."


def test_a_command_that_is_not_a_campaign_event_breaks_the_history() -> None:
    campaign = example_campaign()
    assert _replay_refusal([campaign.planned, PublishAvis(1)]) == (
        ("events.invalid", ("events", 1)),
    )
    assert _replay_refusal([PublishAvis(1)]) == (("events.invalid", ("events", 0)),)
    # The reason: a history starts with a plan, not with a head's event.
    with pytest.raises(InvalidValue) as caught:
        Campaign.replay(
            [AvisPublished(campaign.uai, 2027, 2, head_of(campaign), paris(2027, 3, 1))]
        )
    cause = caught.value.__cause__
    assert isinstance(cause, InvalidValue)
    assert [(p.code, p.path) for p in cause.problems] == [("events.invalid", ("event",))]


def test_an_event_the_campaign_would_refuse_breaks_the_history_and_says_why() -> None:
    campaign = example_campaign()
    # Nobody publishes the avis in May: the campaign is in the conseils of the 3e trimestre.
    late = AvisPublished(campaign.uai, 2027, 2, head_of(campaign), paris(2027, 5, 20))
    with pytest.raises(InvalidValue) as caught:
        Campaign.replay([campaign.planned, late])
    assert [(p.code, p.path) for p in caught.value.problems] == [("events.invalid", ("events", 1))]
    cause = caught.value.__cause__
    assert isinstance(cause, IllegalTransition)
    assert cause.reason == "wrong_phase"
    assert cause.phase is Phase.DEFINITIVE_CLOSED


def test_an_event_of_another_school_does_not_apply() -> None:
    campaign = example_campaign()
    neighbour = example_campaign("Indian/Reunion")
    _, (event,) = neighbour.handle(
        PublishAvis(1),
        actor=head_of(neighbour),
        now=instant_in(neighbour, Phase.PROVISIONAL_CLOSED),
    )
    with pytest.raises(InvalidValue) as caught:
        campaign.apply(event)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("event.other_campaign", ("event",))
    ]
    with pytest.raises(InvalidValue) as caught:
        campaign.apply(campaign.planned)
    assert [(p.code, p.path) for p in caught.value.problems] == [("events.invalid", ("event",))]


# --- versions: one head, several tabs -----------------------------------------------


def test_two_tabs_of_the_head_on_the_same_version_one_wins_the_other_conflicts() -> None:
    campaign = example_campaign()
    head = head_of(campaign)
    # Both tabs show version 1; the first tab closes the intentions...
    closed, _ = campaign.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN), actor=head, now=paris(2027, 1, 20, 17)
    )
    snapshot = pickle.loads(pickle.dumps(closed))
    # ...and the second, still on version 1, wants to extend them.
    extend = MoveEnd(1, Phase.PROVISIONAL_OPEN, date(2027, 2, 12))
    with pytest.raises(Conflict) as caught:
        closed.handle(extend, actor=head, now=paris(2027, 1, 20, 18))
    assert (caught.value.expected, caught.value.actual) == (1, 2)
    assert caught.value.code == "conflict"
    assert closed == snapshot
    assert closed.phase_at(paris(2027, 1, 20, 18)) is Phase.PROVISIONAL_CLOSED
    # Once reloaded, the second tab decides again on version 2.
    assert refusal(closed, attrs.evolve(extend, version=2), paris(2027, 1, 20, 18)).reason == (
        "boundary_passed"
    )


def test_a_command_from_a_version_not_yet_reached_conflicts_too() -> None:
    campaign = example_campaign()
    with pytest.raises(Conflict) as caught:
        campaign.handle(
            CloseService(2, Phase.PROVISIONAL_OPEN), actor=head_of(campaign), now=paris(2027, 1, 20)
        )
    assert (caught.value.expected, caught.value.actual) == (2, 1)


def test_a_stale_command_is_checked_for_its_sender_first_and_for_its_rules_after() -> None:
    campaign = example_campaign()
    closed, _ = campaign.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN), actor=head_of(campaign), now=paris(2027, 1, 20)
    )
    stale = CloseService(1, Phase.PROVISIONAL_OPEN)
    # Someone who may not steer learns nothing about versions.
    secretariat = Staff("sec", campaign.uai, Role.SECRETARIAT)
    with pytest.raises(PermissionDenied) as denied:
        closed.handle(stale, actor=secretariat, now=paris(2027, 1, 21))
    assert denied.value.reason == "head_only"
    # The stale command would also be refused for its phase: the conflict comes first.
    with pytest.raises(Conflict):
        closed.handle(stale, actor=head_of(campaign), now=paris(2027, 1, 21))


def test_a_command_dated_before_the_last_change_is_refused() -> None:
    campaign = example_campaign()
    head = head_of(campaign)
    changed_at = paris(2027, 1, 20, 17)
    closed, _ = campaign.handle(CloseService(1, Phase.PROVISIONAL_OPEN), actor=head, now=changed_at)
    assert closed.updated_at == changed_at
    for command in (PublishAvis(2), PublishAvis(1)):
        # Time going backwards is reported before a stale version.
        with pytest.raises(InvalidValue) as caught:
            closed.handle(command, actor=head, now=changed_at - US)
        assert [(p.code, p.path) for p in caught.value.problems] == [("time.backwards", ("now",))]
    # At the very instant of the last change, time has not gone back.
    moved, _ = closed.handle(
        MoveEnd(2, Phase.DEFINITIVE_OPEN, date(2027, 5, 20)), actor=head, now=changed_at
    )
    assert (moved.version, moved.updated_at) == (3, changed_at)
    # A campaign as planned was never changed: any instant will do.
    assert campaign.updated_at is None
    assert campaign.handle(
        MoveStart(1, Phase.CLOSED, date(2027, 7, 5)), actor=head, now=paris(2026, 9, 1)
    ) == (campaign, ())


def test_every_accepted_command_bumps_the_version_and_dates_the_change_in_utc() -> None:
    campaign = example_campaign()
    head = head_of(campaign)
    assert (campaign.version, campaign.updated_at) == (1, None)
    now = pendulum.datetime(2027, 1, 20, 17, tz="Europe/Paris")
    moved, given = campaign.handle(
        MoveEnd(1, Phase.DEFINITIVE_OPEN, date(2027, 5, 20)), actor=head, now=now
    )
    (event,) = head_events(given)
    assert moved.version == event.version == 2
    assert moved.updated_at == event.at == datetime(2027, 1, 20, 16, tzinfo=UTC)
    assert type(moved.updated_at) is datetime
    assert moved.updated_at.tzinfo is UTC
    later = datetime(2027, 2, 1, 9, tzinfo=NOUMEA)
    moved_again, _ = moved.handle(
        MoveStart(2, Phase.AVIS_PUBLISHED, date(2027, 3, 8)), actor=head, now=later
    )
    assert moved_again.version == 3
    assert moved_again.updated_at == later
    assert moved_again.updated_at is not None
    assert moved_again.updated_at.tzinfo is UTC


def test_a_move_that_changes_nothing_keeps_the_version_and_the_last_change() -> None:
    campaign = example_campaign()
    head = head_of(campaign)
    changed_at = paris(2027, 1, 20)
    moved, _ = campaign.handle(
        MoveEnd(1, Phase.DEFINITIVE_OPEN, date(2027, 5, 20)), actor=head, now=changed_at
    )
    for command in (
        MoveEnd(2, Phase.DEFINITIVE_OPEN, date(2027, 5, 20)),
        MoveStart(2, Phase.DEFINITIVE_CLOSED, date(2027, 5, 21)),
        MoveStart(2, Phase.CLOSED, paris(2027, 7, 5)),
    ):
        again, events = moved.handle(command, actor=head, now=paris(2027, 1, 25))
        assert again is moved
        assert events == ()
        assert (again.version, again.updated_at) == (2, changed_at)


def test_a_campaigns_version_and_last_change_are_checked() -> None:
    base = example_campaign()
    naive = datetime(2027, 1, 1)  # noqa: DTZ001
    with pytest.raises(InvalidValue) as caught:
        Campaign(base.academy, base.uai, 2027, base.starts, version=0, updated_at=naive)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("type.invalid", ("version",)),
        ("time.naive", ("updated_at",)),
    ]
    with pytest.raises(InvalidValue) as caught:
        PublishAvis(0)
    assert [(p.code, p.path) for p in caught.value.problems] == [("type.invalid", ("version",))]
    # Only the head's changes date a campaign, and each bumps its version.
    for version, updated_at in ((1, paris(2027, 1, 20)), (5, None)):
        with pytest.raises(InvalidValue) as caught:
            Campaign(
                base.academy, base.uai, 2027, base.starts, version=version, updated_at=updated_at
            )
        assert [(p.code, p.path) for p in caught.value.problems] == [
            ("campaign.version_inconsistent", ("updated_at",))
        ]


def test_a_plan_checks_itself_as_the_campaign_it_plans() -> None:
    base = example_campaign()
    with pytest.raises(InvalidValue) as caught:
        CampaignPlanned(base.uai, 2027, 1, cast("Academy", "Paris"), (), "Nowhere", None)
    assert ("academy",) in [p.path for p in caught.value.problems]
    with pytest.raises(InvalidValue) as caught:
        attrs.evolve(base.planned, version=2)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("event.inconsistent", ("version",))
    ]


def test_an_event_saying_otherwise_than_handle_would_is_refused() -> None:
    campaign = example_campaign()
    head = head_of(campaign)
    _, (moved,) = campaign.handle(
        MoveStart(1, Phase.AVIS_PUBLISHED, date(2027, 3, 8)), actor=head, now=paris(2027, 1, 12)
    )
    assert isinstance(moved, StartMoved)
    # Where it started before is not a claim the history can make up.
    forged = attrs.evolve(moved, previous=paris(2027, 3, 1))
    with pytest.raises(InvalidValue) as caught:
        campaign.apply(forged)
    assert [(p.code, p.path) for p in caught.value.problems] == [("events.invalid", ("event",))]
    # Nor a move that would have changed nothing.
    no_op = attrs.evolve(moved, start=moved.previous)
    with pytest.raises(InvalidValue) as caught:
        campaign.apply(no_op)
    assert [(p.code, p.path) for p in caught.value.problems] == [("events.invalid", ("event",))]


def test_each_head_event_gives_back_its_command() -> None:
    campaign = example_campaign()
    head = head_of(campaign)
    steps: list[tuple[CampaignCommand, datetime]] = [
        (MoveStart(1, Phase.AVIS_PUBLISHED, date(2027, 3, 8)), paris(2027, 1, 12)),
        (MoveEnd(2, Phase.PROVISIONAL_OPEN, paris(2027, 2, 3, 18)), paris(2027, 1, 13)),
        (CloseService(3, Phase.PROVISIONAL_OPEN), paris(2027, 1, 20, 17)),
        (PublishAvis(4), paris(2027, 3, 1, 9)),
        (PublishPropositions(5), paris(2027, 6, 1, 9)),
    ]
    kinds = []
    for command, now in steps:
        after, (event,) = campaign.handle(command, actor=head, now=now)
        assert isinstance(event, HEAD_EVENTS)
        kinds.append(type(event))
        again = event.command
        assert type(again) is type(command)
        assert again.version == event.version - 1 == campaign.version
        assert campaign.handle(again, actor=event.actor, now=event.at) == (after, (event,))
        campaign = after
    assert kinds == [StartMoved, EndMoved, ServiceClosed, AvisPublished, PropositionsPublished]


@pytest.mark.parametrize(
    ("tampering", "refused_at"),
    [
        ("two events swapped", 1),
        ("an event dropped", 1),
        ("an event twice", 2),
        ("an event renumbered", 2),
        ("an event dated before the one before it", 2),
        ("an event of another school's head", 1),
        ("an event of the secretariat", 2),
        ("an event of another campaign", 2),
    ],
)
def test_a_forged_history_is_refused_at_its_first_forged_event(
    tampering: str, refused_at: int
) -> None:
    campaign = example_campaign()
    head = head_of(campaign)
    closed, (close,) = campaign.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN), actor=head, now=paris(2027, 1, 20)
    )
    published, (publish,) = closed.handle(PublishAvis(2), actor=head, now=paris(2027, 2, 20))
    assert isinstance(close, ServiceClosed)
    assert isinstance(publish, AvisPublished)
    planned = campaign.planned
    neighbour = example_campaign("Pacific/Noumea")
    _, (elsewhere,) = neighbour.handle(
        PublishAvis(1),
        actor=head_of(neighbour),
        now=instant_in(neighbour, Phase.PROVISIONAL_CLOSED),
    )
    forged: list[CampaignEvent] = {
        "two events swapped": [planned, publish, close],
        "an event dropped": [planned, publish],
        "an event twice": [planned, close, close, publish],
        "an event renumbered": [planned, close, attrs.evolve(publish, version=4)],
        "an event dated before the one before it": [
            planned,
            close,
            attrs.evolve(publish, at=paris(2027, 1, 19)),
        ],
        "an event of another school's head": [
            planned,
            attrs.evolve(close, actor=Staff("chef-voisin", "0759999Z", Role.HEAD)),
            publish,
        ],
        "an event of the secretariat": [
            planned,
            close,
            attrs.evolve(publish, actor=Staff("sec", campaign.uai, Role.SECRETARIAT)),
        ],
        "an event of another campaign": [planned, close, elsewhere],
    }[tampering]
    assert Campaign.replay([planned, close, publish]) == published
    with pytest.raises(InvalidValue) as caught:
        Campaign.replay(forged)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("events.invalid", ("events", refused_at))
    ]
    assert isinstance(caught.value.__cause__, OrientationError)


def test_a_history_moved_in_time_replays_if_the_head_could_have_done_it_then() -> None:
    campaign = example_campaign()
    head = head_of(campaign)
    closed, given = campaign.handle(
        CloseService(1, Phase.PROVISIONAL_OPEN), actor=head, now=paris(2027, 1, 20)
    )
    (close,) = head_events(given)
    # Closed a day later: the head could have done that too.
    later = attrs.evolve(close, at=paris(2027, 1, 21))
    assert (
        Campaign.replay([campaign.planned, later])
        == campaign.handle(
            CloseService(1, Phase.PROVISIONAL_OPEN), actor=head, now=paris(2027, 1, 21)
        )[0]
    )
    assert Campaign.replay([campaign.planned, later]) != closed
    # Closed before the intentions opened: the head could not.
    with pytest.raises(InvalidValue) as caught:
        Campaign.replay([campaign.planned, attrs.evolve(close, at=paris(2027, 1, 5))])
    assert [(p.code, p.path) for p in caught.value.problems] == [("events.invalid", ("events", 1))]
    assert isinstance(caught.value.__cause__, IllegalTransition)
    assert caught.value.__cause__.reason == "wrong_phase"


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
            rhythm=campaign.rhythm,
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
    assert Campaign.replay([original.planned, *events]) == campaign


# --- histories --------------------------------------------------------------------

HEAD_EVENTS = (StartMoved, EndMoved, ServiceClosed, AvisPublished, PropositionsPublished)
OPEN = (Phase.PROVISIONAL_OPEN, Phase.DEFINITIVE_OPEN)


def head_events(events: Iterable[CampaignEvent]) -> tuple[HeadEvent, ...]:
    """``events``, each checked to be a head's event (all that ``handle`` gives)."""
    found = tuple(events)
    for event in found:
        assert isinstance(event, HEAD_EVENTS), event
    return cast("tuple[HeadEvent, ...]", found)


@attrs.frozen
class Step:
    """One command the head sent and the campaign took, with or without a change."""

    before: Campaign
    command: CampaignCommand
    actor: Staff
    now: datetime
    after: Campaign
    events: tuple[HeadEvent, ...]


@attrs.frozen
class History:
    """A campaign's plan and the commands it took, as a host records them."""

    planned: CampaignPlanned
    steps: tuple[Step, ...]

    @property
    def campaign(self) -> Campaign:
        """The campaign now."""
        return self.steps[-1].after if self.steps else self.planned.campaign

    @property
    def events(self) -> tuple[HeadEvent, ...]:
        """What the head did, in order."""
        return tuple(event for step in self.steps for event in step.events)

    @property
    def record(self) -> list[CampaignEvent]:
        """The whole history a host stores: the plan, then every event."""
        return [self.planned, *self.events]


@st.composite
def moves_ahead(draw: st.DrawFn, campaign: Campaign, now: datetime) -> CampaignCommand:
    """A move of a boundary still ahead of ``now``, to somewhere between its neighbours."""
    starts = campaign.starts
    index = draw(st.sampled_from([i for i, start in enumerate(starts) if start > now]))
    low = max(now, starts[index - 1]) if index else now
    high = starts[index + 1] if index + 1 < len(starts) else starts[index] + timedelta(days=30)
    moment = low + US * draw(st.integers(1, max(1, (high - low) // US - 1)))
    target: date | datetime = campaign.local(moment).date() if draw(st.booleans()) else moment
    if index and draw(st.booleans()):
        return MoveEnd(campaign.version, tuple(Phase)[index], target)
    return MoveStart(campaign.version, tuple(Phase)[index + 1], target)


@st.composite
def likely_commands(draw: st.DrawFn, campaign: Campaign, now: datetime) -> CampaignCommand:
    """Any head command, often one the campaign takes at ``now``."""
    phase = campaign.phase_at(now)
    version = campaign.version
    options = [head_commands(campaign)]
    if phase in OPEN:
        options.append(st.just(CloseService(version, phase)))
    elif phase is Phase.PROVISIONAL_CLOSED:
        options.append(st.just(PublishAvis(version)))
    elif phase is Phase.DEFINITIVE_CLOSED:
        options.append(st.just(PublishPropositions(version)))
    if campaign.starts[-1] > now:
        options.append(moves_ahead(campaign, now))
    return draw(st.one_of(options))


@st.composite
def histories(draw: st.DrawFn) -> History:
    """A campaign in any zone, and what its heads (it may change) sent as time went by.

    Commands the campaign refuses leave no trace, as in a host.
    """
    campaign = draw(campaigns())
    planned = campaign.planned
    heads = (head_of(campaign), Staff("chef-interim", campaign.uai, Role.HEAD))
    instants = sorted(draw(st.lists(campaign_instants(campaign), max_size=10)))
    steps = []
    for now in instants:
        command = draw(likely_commands(campaign, now))
        actor = draw(st.sampled_from(heads))
        try:
            after, events = campaign.handle(command, actor=actor, now=now)
        except IllegalTransition:
            continue
        steps.append(Step(campaign, command, actor, now, after, head_events(events)))
        campaign = after
    return History(planned, tuple(steps))


def _elsewhere() -> tuple[HeadEvent, ...]:
    # Events of two other campaigns, at versions 2 and 3.
    found: list[CampaignEvent] = []
    for zone in ("Pacific/Noumea", "Indian/Reunion"):
        campaign = example_campaign(zone)
        head = head_of(campaign)
        closing = campaign.start_of(Phase.PROVISIONAL_OPEN)
        assert closing is not None
        closed, events = campaign.handle(
            CloseService(1, Phase.PROVISIONAL_OPEN), actor=head, now=closing + timedelta(days=3)
        )
        found += events
        found += closed.handle(PublishAvis(2), actor=head, now=closing + timedelta(days=4))[1]
    return head_events(found)


ELSEWHERE = _elsewhere()


@attrs.frozen
class Tampering:
    """A history changed after the fact, and what is known of its fate without replaying it.

    Attributes:
        how: What was done to it.
        events: The changed history.
        refused_at: Where it must be refused, if it must.
        replays: Whether it must replay.

    """

    how: str
    events: list[CampaignEvent]
    refused_at: int | None = None
    replays: bool = False


# The ways to change a history after the fact: the first ones rework the
# history as a whole, the others change one head event.
REWORKINGS = (
    "an event twice",
    "an event of another campaign",
    "two events swapped",
    "an event dropped",
    "every head event renumbered",
)
ALTERATIONS = (
    "an event renumbered",
    "an event dated earlier",
    "an event dated later",
    "an event of another school's head",
    "an event of someone but the head",
    "an event of another head of the school",
)


@st.composite
def tamperings(draw: st.DrawFn, history: History) -> Tampering:
    """``history`` changed in one way: events swapped, dropped, doubled, renumbered, re-dated,
    given another actor, or an event of another campaign spliced in."""
    if len(history.record) == 1:
        how = draw(st.sampled_from(REWORKINGS[:2]))
    else:
        how = draw(st.sampled_from(REWORKINGS + ALTERATIONS))
    if how in REWORKINGS:
        return draw(reworked(history, how))
    return draw(altered(history, how))


@st.composite
def reworked(draw: st.DrawFn, history: History, how: str) -> Tampering:
    """``history`` reworked as a whole, ``how``."""
    events = history.record
    size = len(events)
    if how == "an event twice":
        index = draw(st.integers(0, size - 1))
        events.insert(index + 1, events[index])
        return Tampering(how, events, refused_at=index + 1)
    if how == "an event of another campaign":
        index = draw(st.integers(1, size))
        uai = history.planned.uai
        events.insert(index, draw(st.sampled_from(ELSEWHERE).filter(lambda e: e.uai != uai)))
        return Tampering(how, events, refused_at=index)
    if how == "two events swapped":
        pair = draw(st.lists(st.integers(0, size - 1), min_size=2, max_size=2, unique=True))
        first, second = sorted(pair)
        events[first], events[second] = events[second], events[first]
        return Tampering(how, events, refused_at=first)
    if how == "an event dropped":
        index = draw(st.integers(0, size - 1))
        del events[index]
        # Dropping the last event leaves the history as it was one step before.
        last = index == size - 1
        return Tampering(how, events, refused_at=None if last else index, replays=last)
    shift = draw(st.integers(1, 3))
    events[1:] = [attrs.evolve(e, version=e.version + shift) for e in head_events(events[1:])]
    return Tampering(how, events, refused_at=1)


@st.composite
def altered(draw: st.DrawFn, history: History, how: str) -> Tampering:
    """``history`` with one head event changed, ``how``."""
    events = history.record
    index = draw(st.integers(1, len(events) - 1))
    event = history.events[index - 1]
    uai = history.planned.uai
    refused_at: int | None = index
    if how == "an event renumbered":
        version = draw(st.integers(1, len(events) + 3).filter(lambda v: v != event.version))
        events[index] = attrs.evolve(event, version=version)
    elif how in ("an event dated earlier", "an event dated later"):
        shift = draw(
            st.sampled_from((US, timedelta(days=1))) | st.timedeltas(US, timedelta(days=60))
        )
        at = event.at - shift if how == "an event dated earlier" else event.at + shift
        events[index] = attrs.evolve(event, at=at)
        # The head may or may not have been able to do it then.
        refused_at = None
    elif how == "an event of another school's head":
        other = draw(uais.filter(lambda u: u != uai))
        events[index] = attrs.evolve(event, actor=Staff("chef-" + other, other, Role.HEAD))
    elif how == "an event of someone but the head":
        role = draw(st.sampled_from((Role.PROFESSEUR_PRINCIPAL, Role.SECRETARIAT)))
        events[index] = attrs.evolve(event, actor=draw(staff_members(uai, role)))
    else:
        # The school's other head could have sent the very same command.
        actor = Staff("chef-adjoint-faisant-fonction", uai, Role.HEAD)
        events[index] = attrs.evolve(event, actor=actor)
        return Tampering(how, events, replays=True)
    return Tampering(how, events, refused_at=refused_at)


def decided_by_handle(events: list[CampaignEvent]) -> Campaign | int:
    """The campaign ``handle`` gives when sent each event's command, from its actor, at its
    instant, if it gives back every event; else the index of the first it does not give."""
    planned = events[0]
    if type(planned) is not CampaignPlanned or planned.version != 1:
        return 0
    campaign = planned.campaign
    for index, event in enumerate(events[1:], start=1):
        if not isinstance(event, HEAD_EVENTS):
            return index
        try:
            after, given = campaign.handle(event.command, actor=event.actor, now=event.at)
        except OrientationError:
            return index
        if given != (event,):
            return index
        campaign = after
    return campaign


@given(histories())
def test_replaying_a_history_built_through_handle_gives_the_same_campaign(
    history: History,
) -> None:
    assert Campaign.replay(history.record) == history.campaign
    # Each prefix of a history is the history of the campaign at that step.
    for count, step in enumerate(history.steps):
        done = sum(len(s.events) for s in history.steps[: count + 1])
        assert Campaign.replay(history.record[: 1 + done]) == step.after


@given(histories())
def test_each_accepted_command_bumps_the_version_by_one_and_a_no_op_does_not(
    history: History,
) -> None:
    for step in history.steps:
        if step.events:
            (event,) = step.events
            assert step.after.version == event.version == step.before.version + 1
            assert step.after.updated_at == event.at == step.now
            assert step.after.updated_at is not None
            assert step.after.updated_at.tzinfo is UTC
            assert event.actor == step.actor
        else:
            assert step.after is step.before
    assert history.campaign.version == 1 + len(history.events)


@given(histories())
def test_each_event_comes_back_from_its_command(history: History) -> None:
    for step in history.steps:
        for event in step.events:
            command = event.command
            assert type(command) is type(step.command)
            assert command.version == step.command.version
            assert step.before.handle(command, actor=event.actor, now=event.at) == (
                step.after,
                (event,),
            )


@given(data=st.data(), history=histories())
def test_a_tampered_history_is_refused_where_it_goes_wrong_or_could_have_been_produced(
    data: st.DataObject, history: History
) -> None:
    tampering = data.draw(tamperings(history))
    decided = decided_by_handle(tampering.events)
    try:
        replayed = Campaign.replay(tampering.events)
    except InvalidValue as refused:
        assert isinstance(decided, int), tampering.how
        assert not tampering.replays, tampering.how
        assert [(p.code, p.path) for p in refused.problems] == [
            ("events.invalid", ("events", decided))
        ]
        assert isinstance(refused.__cause__, OrientationError)
        if tampering.refused_at is not None:
            assert decided == tampering.refused_at, tampering.how
        # Everything before the first bad event is a history of its own.
        if decided:
            Campaign.replay(tampering.events[:decided])
    else:
        assert tampering.refused_at is None, tampering.how
        assert replayed == decided, tampering.how


def test_a_territory_must_be_a_territory_and_a_phase_a_phase() -> None:
    base = example_campaign()
    with pytest.raises(InvalidValue) as caught:
        Campaign(base.academy, base.uai, 2027, base.starts, territory="METROPOLE")  # type: ignore[arg-type] # wrong type on purpose
    assert said(caught) == [
        ("type.invalid", ("territory",), "Cette valeur n'a pas le type attendu.")
    ]
    with pytest.raises(InvalidValue) as caught:
        base.start_of("PROVISIONAL_OPEN")  # type: ignore[arg-type] # wrong type on purpose
    assert said(caught) == [("type.invalid", ("phase",), "Cette valeur n'a pas le type attendu.")]


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
