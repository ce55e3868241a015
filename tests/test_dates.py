"""Dates and durations in French, as families read them, in the school's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, cast
from zoneinfo import ZoneInfo

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orientation_core import Campaign
from orientation_core.exceptions import InvalidValue
from orientation_core.texts import TODAY, date_range, long_date, short_date, time_left
from tests.strategies import CAMPAIGN_ZONES, campaign_zones, campaigns

PARIS = ZoneInfo("Europe/Paris")
REUNION = ZoneInfo("Indian/Reunion")
NOUMEA = ZoneInfo("Pacific/Noumea")
# Bounds of Hypothesis's instants, which it takes naive and then puts in UTC.
MIN_LOCAL = datetime(1900, 1, 2)  # noqa: DTZ001
MAX_LOCAL = datetime(2200, 1, 1)  # noqa: DTZ001

# Written by hand, for the test only: the library takes them from pendulum.
FRENCH_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


# -- long and short dates ----------------------------------------------------------


def test_a_long_date_names_the_day_the_month_and_the_year() -> None:
    assert long_date(datetime(2027, 1, 11, 9, tzinfo=PARIS), "Europe/Paris") == (
        "lundi 11 janvier 2027"
    )
    assert long_date(datetime(2027, 8, 15, 9, tzinfo=PARIS), "Europe/Paris") == (
        "dimanche 15 août 2027"
    )


def test_the_first_of_a_month_is_premier_and_no_other_day_is_an_ordinal() -> None:
    assert long_date(datetime(2027, 2, 1, 9, tzinfo=PARIS), "Europe/Paris") == (
        "lundi 1er février 2027"
    )
    assert long_date(datetime(2027, 2, 2, 9, tzinfo=PARIS), "Europe/Paris") == (
        "mardi 2 février 2027"
    )
    assert long_date(datetime(2027, 2, 21, 9, tzinfo=PARIS), "Europe/Paris") == (
        "dimanche 21 février 2027"
    )


def test_a_short_date_is_in_figures() -> None:
    assert short_date(datetime(2027, 1, 11, 9, tzinfo=PARIS), "Europe/Paris") == "11/01/2027"
    assert short_date(datetime(2027, 12, 1, 9, tzinfo=PARIS), "Europe/Paris") == "01/12/2027"


def test_near_midnight_the_day_is_the_schools_not_pariss_nor_utcs() -> None:
    # 22:30 in Paris on Sunday 10 January is already Monday 11 in La Réunion
    # (UTC+4) and in Nouméa (UTC+11).
    moment = datetime(2027, 1, 10, 22, 30, tzinfo=PARIS)
    assert long_date(moment, "Europe/Paris") == "dimanche 10 janvier 2027"
    assert long_date(moment, "Indian/Reunion") == "lundi 11 janvier 2027"
    assert long_date(moment, "Pacific/Noumea") == "lundi 11 janvier 2027"
    # 23:30 UTC on 31 January is already 1 February in Nouméa.
    assert long_date(datetime(2027, 1, 31, 13, 30, tzinfo=UTC), "Pacific/Noumea") == (
        "lundi 1er février 2027"
    )
    assert short_date(datetime(2027, 1, 31, 12, 59, tzinfo=UTC), "Pacific/Noumea") == ("31/01/2027")
    assert short_date(datetime(2027, 1, 31, 13, tzinfo=UTC), "Pacific/Noumea") == "01/02/2027"


def test_a_pendulum_instant_reads_as_the_same_instant() -> None:
    moment = pendulum.datetime(2027, 1, 10, 21, tz="UTC")
    assert long_date(moment, "Indian/Reunion") == "lundi 11 janvier 2027"


@given(
    moment=st.datetimes(
        MIN_LOCAL,
        MAX_LOCAL,
        timezones=st.sampled_from((UTC, PARIS, NOUMEA, timezone(timedelta(hours=-9, minutes=-30)))),
    ),
    zone=st.sampled_from(CAMPAIGN_ZONES),
)
def test_a_long_date_names_the_local_day_of_any_instant_in_any_zone(
    moment: datetime, zone: str
) -> None:
    local = moment.astimezone(ZoneInfo(zone))
    day = "1er" if local.day == 1 else str(local.day)
    expected = f"{FRENCH_DAYS[local.weekday()]} {day} {FRENCH_MONTHS[local.month - 1]} {local.year}"
    assert long_date(moment, zone) == expected
    assert short_date(moment, zone) == f"{local.day:02d}/{local.month:02d}/{local.year}"


# -- periods -------------------------------------------------------------------


def test_a_period_ending_at_midnight_shows_the_day_before_as_its_last() -> None:
    start = datetime(2027, 1, 11, tzinfo=PARIS)
    end = datetime(2027, 2, 6, tzinfo=PARIS)  # the end of Friday 5 February
    assert date_range(start, end, "Europe/Paris") == "du 11/01/2027 au 05/02/2027"


def test_a_period_not_at_midnight_shows_its_times() -> None:
    start = datetime(2027, 1, 11, 8, tzinfo=PARIS)
    end = datetime(2027, 2, 5, 18, tzinfo=PARIS)
    assert date_range(start, end, "Europe/Paris") == ("du 11/01/2027 à 08:00 au 05/02/2027 à 18:00")
    closed_now = datetime(2027, 2, 5, 18, 30, 15, 1, tzinfo=PARIS)
    assert date_range(start, closed_now, "Europe/Paris") == (
        "du 11/01/2027 à 08:00 au 05/02/2027 à 18:30:15"
    )


def test_a_period_is_read_in_the_schools_zone() -> None:
    # Midnight in Nouméa is 13:00 UTC the day before.
    start = datetime(2027, 1, 10, 13, tzinfo=UTC)
    end = datetime(2027, 2, 5, 13, tzinfo=UTC)
    assert date_range(start, end, "Pacific/Noumea") == "du 11/01/2027 au 05/02/2027"
    assert date_range(start, end, "Europe/Paris") == ("du 10/01/2027 à 14:00 au 05/02/2027 à 14:00")


def test_an_empty_period_is_refused() -> None:
    moment = datetime(2027, 1, 11, tzinfo=PARIS)
    with pytest.raises(InvalidValue) as caught:
        date_range(moment, moment, "Europe/Paris")
    assert caught.value.problems[0].code == "range.empty"
    assert caught.value.problems[0].message == "La fin de cette période doit suivre son début."


@given(campaign=campaigns())
def test_every_calendar_line_reads_as_the_campaigns_own_calendar(campaign: Campaign) -> None:
    for entry in campaign.calendar():
        assert date_range(entry.start, entry.end, campaign.zone) == entry.text


# -- time left -------------------------------------------------------------------


FRIDAY_END = datetime(2027, 2, 6, tzinfo=PARIS)  # open until the end of Friday 5 February


def test_days_are_counted_to_the_last_open_day() -> None:
    tuesday = datetime(2027, 2, 2, 10, tzinfo=PARIS)
    assert time_left(tuesday, FRIDAY_END, "Europe/Paris") == "dans 3 jours"
    thursday_night = datetime(2027, 2, 4, 20, tzinfo=PARIS)
    assert time_left(thursday_night, FRIDAY_END, "Europe/Paris") == "dans 1 jour"


def test_on_the_last_day_it_closes_today() -> None:
    friday = datetime(2027, 2, 5, 8, tzinfo=PARIS)
    assert time_left(friday, FRIDAY_END, "Europe/Paris") == TODAY == "aujourd'hui"


def test_a_closing_at_a_time_within_a_day_is_in_hours() -> None:
    at_six = datetime(2027, 2, 5, 18, tzinfo=PARIS)
    assert time_left(datetime(2027, 2, 5, 16, tzinfo=PARIS), at_six, "Europe/Paris") == (
        "dans 2 heures"
    )
    assert time_left(datetime(2027, 2, 5, 16, 59, tzinfo=PARIS), at_six, "Europe/Paris") == (
        "dans 1 heure"
    )
    tomorrow_at_eight = datetime(2027, 2, 6, 8, tzinfo=PARIS)
    assert time_left(datetime(2027, 2, 5, 20, tzinfo=PARIS), tomorrow_at_eight, "Europe/Paris") == (
        "dans 12 heures"
    )


def test_the_last_hour_is_in_minutes() -> None:
    assert time_left(datetime(2027, 2, 5, 23, 55, tzinfo=PARIS), FRIDAY_END, "Europe/Paris") == (
        "dans 5 minutes"
    )
    last_second = FRIDAY_END - timedelta(seconds=1)
    assert time_left(last_second, FRIDAY_END, "Europe/Paris") == "dans 1 minute"


def test_nothing_is_left_once_closed() -> None:
    assert time_left(FRIDAY_END, FRIDAY_END, "Europe/Paris") is None
    assert time_left(FRIDAY_END + timedelta(days=2), FRIDAY_END, "Europe/Paris") is None


def test_the_last_day_is_the_schools() -> None:
    # Open until the end of Friday 5 February in Nouméa (14:00 in Paris); at 20:00
    # in Paris on Thursday it is already Friday 6:00 there.
    end = datetime(2027, 2, 6, tzinfo=NOUMEA)
    now = datetime(2027, 2, 4, 20, tzinfo=PARIS)
    assert time_left(now, end, "Pacific/Noumea") == TODAY
    assert time_left(now, end, "Europe/Paris") == "dans 18 heures"


@given(
    now=st.datetimes(MIN_LOCAL, MAX_LOCAL, timezones=st.just(UTC)),
    left=st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=400)),
    zone=campaign_zones,
)
def test_something_is_left_exactly_until_the_end(now: datetime, left: timedelta, zone: str) -> None:
    words = time_left(now, now + left, zone)
    assert words is not None
    assert words == TODAY or words.startswith("dans ")
    assert time_left(now + left, now + left, zone) is None
    assert time_left(now + left, now, zone) is None


@given(
    day=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    days=st.integers(1, 300),
    hour=st.integers(0, 23),
    zone=campaign_zones,
)
def test_a_service_open_until_the_end_of_a_later_day_counts_the_days(
    day: date, days: int, hour: int, zone: str
) -> None:
    tz = ZoneInfo(zone)
    now = datetime(day.year, day.month, day.day, hour, tzinfo=tz)
    last = day + timedelta(days=days)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    expected = "dans 1 jour" if days == 1 else f"dans {days} jours"
    assert time_left(now, end, zone) == expected


# -- bad input ---------------------------------------------------------------------

END_OF_TIME = datetime.max.replace(tzinfo=UTC)
START_OF_TIME = datetime.min.replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: long_date(datetime(2027, 1, 11), "Europe/Paris"), "time.naive"),  # noqa: DTZ001
        (lambda: short_date(cast(Any, "2027-01-11"), "Europe/Paris"), "type.invalid"),
        (lambda: long_date(datetime(2027, 1, 11, tzinfo=UTC), "Europe/Pariss"), "timezone.unknown"),
        (
            lambda: short_date(datetime(2027, 1, 11, tzinfo=UTC), cast(Any, None)),
            "timezone.unknown",
        ),
        (
            lambda: long_date(datetime.max.replace(tzinfo=UTC), "Pacific/Noumea"),
            "date.out_of_range",
        ),
        (
            lambda: short_date(datetime.min.replace(tzinfo=UTC), "America/Cayenne"),
            "date.out_of_range",
        ),
        (
            lambda: long_date(
                datetime.max.replace(tzinfo=timezone(-timedelta(hours=5))), "Europe/Paris"
            ),
            "date.out_of_range",
        ),
        (
            lambda: date_range(cast(Any, date(2027, 1, 1)), datetime.now(UTC), "Europe/Paris"),
            "type.invalid",
        ),
        (
            lambda: date_range(
                datetime(2027, 1, 1, tzinfo=UTC), datetime.max.replace(tzinfo=UTC), "Pacific/Noumea"
            ),
            "date.out_of_range",
        ),
        (
            lambda: date_range(
                datetime.min.replace(tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC), "Europe/Paris"
            ),
            "date.out_of_range",
        ),
        (
            lambda: time_left(datetime(2027, 1, 1, tzinfo=UTC), cast(Any, 3), "Europe/Paris"),
            "type.invalid",
        ),
        (
            lambda: time_left(
                datetime(2027, 1, 1, tzinfo=UTC), datetime.max.replace(tzinfo=UTC), "Pacific/Noumea"
            ),
            "date.out_of_range",
        ),
    ],
)
def test_bad_input_is_refused_in_the_librarys_words(call: object, code: str) -> None:
    assert callable(call)
    with pytest.raises(InvalidValue) as caught:
        call()
    assert [p.code for p in caught.value.problems] == [code]
