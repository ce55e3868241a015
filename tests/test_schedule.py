"""Local days to instants, and the reading and checking of a schedule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pendulum
import pytest

from orientation_core import Academy, Phase, PhaseWindow, SchoolYear
from orientation_core._schedule import (
    BOUNDARY_PHASES,
    DATED_PHASES,
    day_end,
    day_start,
    format_day,
    instant,
    schedule_problems,
    starts_from_windows,
    to_utc,
    zone_info,
)
from orientation_core.exceptions import InvalidValue

PARIS = ZoneInfo("Europe/Paris")
NOUMEA = ZoneInfo("Pacific/Noumea")


def _days(*pairs: tuple[date, date]) -> dict[Phase, tuple[date, date]]:
    return dict(zip(DATED_PHASES, pairs, strict=True))


# Ordinary northern schedule in whole days, 11 January to 4 July 2027.
WINDOWS = _days(
    (date(2027, 1, 11), date(2027, 2, 5)),
    (date(2027, 2, 6), date(2027, 3, 14)),
    (date(2027, 3, 15), date(2027, 4, 11)),
    (date(2027, 4, 12), date(2027, 5, 14)),
    (date(2027, 5, 15), date(2027, 6, 6)),
    (date(2027, 6, 7), date(2027, 6, 13)),
    (date(2027, 6, 14), date(2027, 7, 4)),
)


def test_a_day_runs_from_local_midnight_to_the_next_local_midnight() -> None:
    assert day_start(date(2027, 1, 20), PARIS) == datetime(2027, 1, 19, 23, tzinfo=UTC)
    assert day_end(date(2027, 1, 20), PARIS) == datetime(2027, 1, 20, 23, tzinfo=UTC)
    # Nouméa is eleven hours ahead: its 20 January ends while Paris is at noon.
    assert day_end(date(2027, 1, 20), NOUMEA) == datetime(2027, 1, 20, 13, tzinfo=UTC)


def test_the_day_summer_time_starts_in_paris_lasts_23_hours() -> None:
    day = date(2027, 3, 28)
    assert day_end(day, PARIS) - day_start(day, PARIS) == timedelta(hours=23)
    assert day_end(day, PARIS) == datetime(2027, 3, 28, 22, tzinfo=UTC)


def test_the_day_summer_time_ends_in_paris_lasts_25_hours() -> None:
    day = date(2027, 10, 31)
    assert day_end(day, PARIS) - day_start(day, PARIS) == timedelta(hours=25)


def test_summer_time_in_miquelon_moves_its_midnight() -> None:
    miquelon = ZoneInfo("America/Miquelon")
    assert day_start(date(2027, 1, 20), miquelon) == datetime(2027, 1, 20, 3, tzinfo=UTC)
    assert day_start(date(2027, 5, 20), miquelon) == datetime(2027, 5, 20, 2, tzinfo=UTC)


def test_the_marquesas_are_nine_and_a_half_hours_behind() -> None:
    marquesas = ZoneInfo("Pacific/Marquesas")
    assert day_start(date(2027, 1, 20), marquesas) == datetime(2027, 1, 20, 9, 30, tzinfo=UTC)


def test_a_day_that_skips_its_midnight_starts_at_its_first_real_instant() -> None:
    # Santiago moves its clocks at midnight; no French zone does, but the rule holds.
    santiago = ZoneInfo("America/Santiago")
    start = day_start(date(2026, 9, 6), santiago)
    assert start.astimezone(santiago).date() == date(2026, 9, 6)
    assert (start - timedelta(microseconds=1)).astimezone(santiago).date() == date(2026, 9, 5)


def test_instants_are_kept_as_plain_utc_datetimes() -> None:
    paris_noon = datetime(2027, 1, 20, 12, tzinfo=PARIS)
    assert type(to_utc(paris_noon)) is datetime
    assert to_utc(paris_noon) == datetime(2027, 1, 20, 11, tzinfo=UTC)
    assert to_utc(paris_noon).tzinfo is UTC
    moment = pendulum.datetime(2027, 1, 20, 12, tz="Europe/Paris")
    assert type(to_utc(moment)) is datetime
    assert to_utc(moment) == paris_noon


def test_a_naive_instant_is_refused_with_a_clear_error() -> None:
    with pytest.raises(InvalidValue) as caught:
        instant(datetime(2027, 1, 20, 12))  # noqa: DTZ001 -- naive on purpose
    assert caught.value.codes == ("time.naive",)
    assert (
        caught.value.problems[0].message == "Cette date doit être donnée avec son fuseau horaire."
    )
    with pytest.raises(InvalidValue) as caught:
        instant("2027-01-20T12:00:00+01:00")
    assert caught.value.codes == ("type.invalid",)


def test_an_instant_at_the_end_of_time_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        instant(datetime.max.replace(tzinfo=timezone(timedelta(hours=-5))))
    assert caught.value.codes == ("date.out_of_range",)


def test_days_are_written_as_french_screens_write_them() -> None:
    assert format_day(date(2027, 1, 5)) == "05/01/2027"


def test_unknown_zones_are_none() -> None:
    assert zone_info("Pacific/Noumea") == NOUMEA
    for name in ("", "Europe", "Mars/Olympus", "../../etc/passwd", 3, None):
        assert zone_info(name) is None


def test_windows_of_days_become_the_starts_of_the_phases() -> None:
    starts, problems = starts_from_windows(WINDOWS, PARIS)
    assert problems == []
    assert starts is not None
    assert len(starts) == len(BOUNDARY_PHASES)
    assert starts[0] == datetime(2027, 1, 10, 23, tzinfo=UTC)
    # Decisions end at the end of 4 July, in summer time.
    assert starts[-1] == datetime(2027, 7, 4, 22, tzinfo=UTC)


def test_windows_may_be_keyed_by_the_phase_code() -> None:
    by_code = {phase.value: window for phase, window in WINDOWS.items()}
    assert starts_from_windows(by_code, PARIS) == starts_from_windows(WINDOWS, PARIS)


def test_aware_instants_and_days_mix() -> None:
    closing = datetime(2027, 2, 5, 18, tzinfo=PARIS)
    windows = dict(WINDOWS)
    windows[Phase.PROVISIONAL_OPEN] = (date(2027, 1, 11), closing)
    windows[Phase.PROVISIONAL_CLOSED] = (closing.astimezone(UTC), date(2027, 3, 14))
    starts, problems = starts_from_windows(windows, PARIS)
    assert problems == []
    assert starts is not None
    assert starts[1] == datetime(2027, 2, 5, 17, tzinfo=UTC)


def test_a_gap_between_two_phases_is_named() -> None:
    windows = dict(WINDOWS)
    windows[Phase.AVIS_PUBLISHED] = (date(2027, 3, 16), date(2027, 4, 11))
    starts, problems = starts_from_windows(windows, PARIS)
    assert starts is None
    assert [(p.code, p.path) for p in problems] == [
        ("schedule.gap", ("schedule", "AVIS_PUBLISHED"))
    ]
    assert problems[0].message == (
        "Le calendrier laisse un intervalle entre « Conseils de classe du 2e trimestre » "
        "et « Consultation de l'avis provisoire et accusé de réception »."
    )


def test_an_overlap_between_two_phases_is_named() -> None:
    windows = dict(WINDOWS)
    windows[Phase.DECISIONS] = (date(2027, 6, 13), date(2027, 7, 4))
    _, problems = starts_from_windows(windows, PARIS)
    assert [(p.code, p.path) for p in problems] == [("schedule.overlap", ("schedule", "DECISIONS"))]


def test_every_problem_of_a_schedule_is_listed_at_once() -> None:
    windows: dict[object, object] = dict(WINDOWS.items())
    del windows[Phase.DEFINITIVE_OPEN]
    windows[Phase.AVIS_PUBLISHED] = (date(2027, 4, 11), date(2027, 3, 15))
    windows[Phase.PROVISIONAL_OPEN] = (datetime(2027, 1, 11), date(2027, 2, 5))  # noqa: DTZ001
    windows[Phase.CLOSED] = (date(2027, 7, 5), date(2027, 7, 6))
    windows["SOMETHING"] = (date(2027, 7, 5), date(2027, 7, 6))
    windows[Phase.DECISIONS] = "14/06/2027-04/07/2027"
    windows[Phase.PROPOSITIONS_PUBLISHED] = (1, 2)
    _, problems = starts_from_windows(windows, PARIS)
    assert [(p.code, p.path) for p in problems] == [
        ("time.naive", ("schedule", "PROVISIONAL_OPEN", 0)),
        ("schedule.window_empty", ("schedule", "AVIS_PUBLISHED")),
        ("type.invalid", ("schedule", "PROPOSITIONS_PUBLISHED", 0)),
        ("type.invalid", ("schedule", "PROPOSITIONS_PUBLISHED", 1)),
        ("type.invalid", ("schedule", "DECISIONS")),
        ("schedule.not_dated", ("schedule", "CLOSED")),
        ("schedule.not_dated", ("schedule", "SOMETHING")),
        ("schedule.missing", ("schedule", "DEFINITIVE_OPEN")),
    ]


def test_a_schedule_must_be_a_mapping() -> None:
    _, problems = starts_from_windows([(date(2027, 1, 11), date(2027, 2, 5))], PARIS)
    assert [p.code for p in problems] == ["type.invalid"]


def test_a_day_at_the_end_of_time_is_refused() -> None:
    windows = dict(WINDOWS)
    windows[Phase.DECISIONS] = (date(2027, 6, 14), date.max)
    _, problems = starts_from_windows(windows, PARIS)
    assert [(p.code, p.path) for p in problems] == [
        ("date.out_of_range", ("schedule", "DECISIONS", 1))
    ]


def _starts() -> tuple[datetime, ...]:
    starts, _ = starts_from_windows(WINDOWS, PARIS)
    assert starts is not None
    return starts


def test_a_phase_outside_the_academys_window_is_named_with_the_window() -> None:
    academy = Academy(
        "Paris",
        "Europe/Paris",
        windows=[PhaseWindow(Phase.PROVISIONAL_OPEN, date(2027, 1, 12), date(2027, 2, 12))],
    )
    problems = schedule_problems(_starts(), PARIS, academy, 2027)
    assert [(p.code, p.path) for p in problems] == [
        ("schedule.outside_academy_window", ("schedule", "PROVISIONAL_OPEN"))
    ]
    assert problems[0].message == (
        "La phase « Saisie des intentions provisoires » doit se tenir entre le 12/01/2027 "
        "et le 12/02/2027, selon le calendrier académique."
    )


def test_a_phase_ending_on_the_last_day_of_its_window_is_inside_it() -> None:
    academy = Academy(
        "Paris",
        "Europe/Paris",
        windows=[PhaseWindow(Phase.PROVISIONAL_OPEN, date(2027, 1, 11), date(2027, 2, 5))],
    )
    assert schedule_problems(_starts(), PARIS, academy, 2027) == []
    shorter = Academy(
        "Paris",
        "Europe/Paris",
        windows=[PhaseWindow(Phase.PROVISIONAL_OPEN, date(2027, 1, 11), date(2027, 2, 4))],
    )
    assert len(schedule_problems(_starts(), PARIS, shorter, 2027)) == 1


def test_an_academy_window_is_read_in_the_schools_zone() -> None:
    # The same days, read in Nouméa, are eleven hours earlier: the Paris
    # schedule ends after Nouméa's 5 February.
    academy = Academy(
        "Paris",
        "Europe/Paris",
        windows=[PhaseWindow(Phase.PROVISIONAL_OPEN, date(2027, 1, 11), date(2027, 2, 5))],
    )
    problems = schedule_problems(_starts(), NOUMEA, academy, 2027)
    assert [p.code for p in problems] == ["schedule.outside_academy_window"]


def test_the_campaign_must_fit_the_school_year_of_its_rentree() -> None:
    academy = Academy("Paris", "Europe/Paris")
    problems = schedule_problems(_starts(), PARIS, academy, 2026)
    assert [(p.code, p.path) for p in problems] == [("schedule.outside_school_year", ("schedule",))]
    assert problems[0].message == (
        "La campagne de la rentrée 2026 doit se tenir entre le 01/09/2025 et le 31/08/2026."
    )
    southern = Academy("Nouvelle-Calédonie", "Pacific/Noumea", SchoolYear.SOUTHERN)
    assert [p.code for p in schedule_problems(_starts(), NOUMEA, southern, 2027)] == [
        "schedule.outside_school_year"
    ]
    assert schedule_problems(_starts(), PARIS, academy, 2027) == []


def test_starts_out_of_order_are_named() -> None:
    starts = list(_starts())
    starts[3] = starts[2]
    problems = schedule_problems(tuple(starts), PARIS, Academy("Paris", "Europe/Paris"), 2027)
    assert [(p.code, p.path) for p in problems] == [
        ("schedule.out_of_order", ("schedule", "DEFINITIVE_OPEN"))
    ]


def test_a_key_that_is_not_a_phase_is_named_as_it_came() -> None:
    windows: dict[object, object] = dict(WINDOWS.items())
    windows[3] = (date(2027, 1, 11), date(2027, 2, 5))
    _, problems = starts_from_windows(windows, PARIS)
    assert [(p.code, p.path) for p in problems] == [("schedule.not_dated", ("schedule", "3"))]


def test_an_academy_window_at_the_end_of_time_constrains_nothing() -> None:
    academy = Academy(
        "Paris",
        "Europe/Paris",
        windows=[PhaseWindow(Phase.DECISIONS, date(2027, 1, 1), date.max)],
    )
    assert schedule_problems(_starts(), PARIS, academy, 2027) == []
