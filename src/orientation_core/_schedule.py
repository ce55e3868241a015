"""Time as the campaign reads it: aware instants, local days, and the schedule's rules.

Every instant is stored as a plain :class:`datetime.datetime` in UTC, so that
values compare, hash and pickle the same everywhere; a school's local days and
times are computed from its zone when they are read or shown.

A schedule is the start of each phase from the intentions provisoires to
the closing: a phase runs from its start (included) to the next phase's
start (excluded).  Heads give each phase as a window of local days
("du 12 au 20 janvier") or of aware instants; :func:`starts_from_windows`
reads those, and :func:`schedule_problems` checks the result against the
académie and the school year.
"""

from __future__ import annotations

import contextlib
import itertools
import zoneinfo
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from orientation_core._describe import describe
from orientation_core._phase import Phase, Rhythm
from orientation_core._problems import Path, problem
from orientation_core.exceptions import InvalidValue, Problem

if TYPE_CHECKING:
    from orientation_core._academy import Academy

DATED_PHASES: tuple[Phase, ...] = tuple(Phase)[1:-1]
"""The phases a schedule dates, from the intentions provisoires to the decisions."""

BOUNDARY_PHASES: tuple[Phase, ...] = tuple(Phase)[1:]
"""The phases that start at a boundary of the schedule, in order (all but NOT_OPEN)."""

_ONE_DAY = timedelta(days=1)


def zone_info(name: object) -> zoneinfo.ZoneInfo | None:
    """The zone named ``name`` (an IANA key such as ``"Pacific/Noumea"``), or None."""
    if type(name) is not str:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        # A malformed key, a directory of the database, or no such zone.
        return None


def instant_problems(value: object, at: Path) -> list[Problem]:
    """What keeps ``value`` from being an aware instant, located at ``at``."""
    if not isinstance(value, datetime):
        return [problem("type.invalid", at, expected="datetime")]
    if value.tzinfo is None or value.utcoffset() is None:
        return [problem("time.naive", at)]
    return []


def to_utc(value: datetime) -> datetime:
    """The same instant as a plain UTC datetime (``value`` must be aware)."""
    if type(value) is datetime:
        # A plain datetime comes back plain from astimezone: no rebuild
        # (0.5 against 1.1 µs a conversion).
        return value if value.tzinfo is UTC else value.astimezone(UTC)
    u = value.astimezone(UTC)
    # Rebuilt, so that a pendulum DateTime or another subclass is not kept.
    return datetime(u.year, u.month, u.day, u.hour, u.minute, u.second, u.microsecond, tzinfo=UTC)


def utc_field(value: datetime) -> datetime:
    """An aware ``value`` as a plain UTC datetime, for a converter; anything else as it is.

    Events, dossiers and campaigns keep UTC instants, so that an instant
    compares equal however it was given (a local time in a repeated hour
    never equals its UTC twin) and comes back from the codec equal; anything
    else is left for ``__attrs_post_init__`` to report.
    """
    if type(value) is datetime and value.tzinfo is UTC:
        # What handle gives every event: nothing to convert (0.20 against 0.33 µs).
        return value
    if isinstance(value, datetime) and value.utcoffset() is not None:
        try:
            return to_utc(value)
        except OverflowError:
            return value
    return value


def optional_utc_field(value: datetime | None) -> datetime | None:
    """:func:`utc_field`, or None."""
    return None if value is None else utc_field(value)


@contextlib.contextmanager
def within_calendar(at: Path) -> Iterator[None]:
    """Report a day or an instant pushed past year 1 or 9999 as ``date.out_of_range`` at ``at``.

    Moving by days or into a zone can leave the range :mod:`datetime` holds,
    where it raises a bare :class:`OverflowError`.
    """
    try:
        yield
    except OverflowError:
        raise InvalidValue((problem("date.out_of_range", at),)) from None


def instant(value: object, at: Path = ("now",)) -> datetime:
    """``value`` as a UTC instant; raise :class:`InvalidValue` unless it is aware."""
    if type(value) is datetime and value.tzinfo is UTC:
        # What the library keeps, such as a decision's notification: nothing
        # to check or convert (an appeal deadline: 16.3 to 12.7 thousand
        # instructions).
        return value
    problems = instant_problems(value, at)
    if problems or not isinstance(value, datetime):
        raise InvalidValue(problems)
    # within_calendar's work, written out: the context manager cost more than
    # the conversion itself (with the rebuild, 3.8 µs an instant, now 0.8).
    try:
        return to_utc(value)
    except OverflowError:
        raise InvalidValue((problem("date.out_of_range", at),)) from None


def day_start(day: date, zone: tzinfo) -> datetime:
    """The first instant of the local ``day`` in ``zone``, in UTC.

    Where a summer-time change skips local midnight, the day starts at the
    first local time that exists.
    """
    return to_utc(datetime.combine(day, time(), tzinfo=zone))


def day_end(day: date, zone: tzinfo) -> datetime:
    """The instant the local ``day`` ends in ``zone`` (the next day's start), in UTC."""
    return day_start(day + _ONE_DAY, zone)


def format_day(day: date) -> str:
    """A day as French screens write it: ``"20/01/2027"``."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _boundary(value: object, zone: tzinfo, *, end: bool, at: Path) -> datetime | Problem:
    # A day given for a start means its first instant; for an end, the
    # instant it ends.  datetime is a subclass of date: test it first.
    try:
        if isinstance(value, datetime):
            found = instant_problems(value, at)
            return found[0] if found else to_utc(value)
        if isinstance(value, date):
            return day_end(value, zone) if end else day_start(value, zone)
    except OverflowError:
        return problem("date.out_of_range", at)
    return problem("type.invalid", at, expected="date | datetime")


def _phase_key(key: object) -> Phase | None:
    if isinstance(key, Phase):
        return key
    if type(key) is str:
        return Phase.__members__.get(key)
    return None


def starts_from_windows(
    schedule: object,
    zone: tzinfo,
    at: Path = ("schedule",),
    *,
    rhythm: Rhythm = Rhythm.TRIMESTRES,
) -> tuple[tuple[datetime, ...] | None, list[Problem]]:
    """Read a schedule given as one window per phase into the phases' starts.

    Args:
        schedule: A mapping from each of :data:`DATED_PHASES` (or its code) to
            a pair ``(start, end)``, each a local day or an aware datetime; a
            day as ``start`` is the start of that day, a day as ``end`` is the
            end of that day.  Each phase must end exactly where the next begins.
        zone: The school's zone, in which days are read.
        at: Where the schedule is in the input, for the problems' paths.
        rhythm: The school's rhythm, which names the phases in the problems.

    Returns:
        The starts of :data:`BOUNDARY_PHASES` in UTC (None if anything is
        wrong), and every problem found.

    """
    if not isinstance(schedule, Mapping):
        return None, [problem("type.invalid", at, expected="Mapping[Phase, (start, end)]")]
    problems: list[Problem] = []
    windows: dict[Phase, tuple[datetime, datetime]] = {}
    for key, window in schedule.items():
        phase = _phase_key(key)
        if phase not in DATED_PHASES:
            name, label = (
                (describe(key),) * 2 if phase is None else (phase.value, phase.label_in(rhythm))
            )
            problems.append(problem("schedule.not_dated", (*at, name), label=label))
            continue
        here = (*at, phase.value)
        if not isinstance(window, Sequence) or isinstance(window, str) or len(window) != 2:
            problems.append(problem("type.invalid", here, expected="(start, end)"))
            continue
        start = _boundary(window[0], zone, end=False, at=(*here, 0))
        end = _boundary(window[1], zone, end=True, at=(*here, 1))
        if isinstance(start, Problem) or isinstance(end, Problem):
            problems.extend(p for p in (start, end) if isinstance(p, Problem))
        elif end <= start:
            problems.append(problem("schedule.window_empty", here, label=phase.label_in(rhythm)))
        else:
            windows[phase] = (start, end)
    problems.extend(
        problem("schedule.missing", (*at, phase.value), label=phase.label_in(rhythm))
        for phase in DATED_PHASES
        if phase not in schedule and phase.value not in schedule
    )
    for before, after in itertools.pairwise(DATED_PHASES):
        if before in windows and after in windows:
            end, start = windows[before][1], windows[after][0]
            if end != start:
                code = "schedule.gap" if end < start else "schedule.overlap"
                problems.append(
                    problem(
                        code,
                        (*at, after.value),
                        before=before.label_in(rhythm),
                        after=after.label_in(rhythm),
                    )
                )
    if problems:
        return None, problems
    return (*(windows[p][0] for p in DATED_PHASES), windows[DATED_PHASES[-1]][1]), []


def schedule_problems(
    starts: tuple[datetime, ...],
    zone: tzinfo,
    academy: Academy,
    rentree: int,
    at: Path = ("schedule",),
    *,
    rhythm: Rhythm = Rhythm.TRIMESTRES,
) -> list[Problem]:
    """What is wrong with well-typed UTC ``starts`` for this académie and rentrée.

    The starts must be strictly increasing, each phase inside the académie's
    window for it, and the whole campaign inside the school year that
    prepares ``rentree``.
    """
    problems = [
        problem(
            "schedule.out_of_order",
            (*at, phase.value),
            phase=phase.label_in(rhythm),
            before=prev.label_in(rhythm),
        )
        for prev, phase, start, prev_start in zip(
            BOUNDARY_PHASES, BOUNDARY_PHASES[1:], starts[1:], starts, strict=False
        )
        if start <= prev_start
    ]
    for window in academy.windows:
        index = DATED_PHASES.index(window.phase)
        start, end = starts[index], starts[index + 1]
        try:
            low, high = day_start(window.first_day, zone), day_end(window.last_day, zone)
        except OverflowError:
            low, high = start, end  # an académie at the ends of time does not constrain
        if start < low or end > high:
            problems.append(
                problem(
                    "schedule.outside_academy_window",
                    (*at, window.phase.value),
                    label=window.phase.label_in(rhythm),
                    first=format_day(window.first_day),
                    last=format_day(window.last_day),
                )
            )
    first, last = academy.school_year.campaign_days(rentree)
    if starts[0] < day_start(first, zone) or starts[-1] > day_end(last, zone):
        problems.append(
            problem(
                "schedule.outside_school_year",
                at,
                rentree=rentree,
                first=format_day(first),
                last=format_day(last),
            )
        )
    return problems
