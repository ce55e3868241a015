"""Dates and durations in French, as people read them, in the school's own zone.

The words (day and month names, "1er", "dans 3 jours") are pendulum's French
locale: nothing here spells a month or a day by hand.  Which local day an
instant falls on, and where a day starts and ends, is the core's arithmetic on
the standard :mod:`datetime` (:mod:`orientation_core._schedule`), so that a page
and the campaign always agree on the day.

Every function takes aware instants and the IANA name of the school's zone
(``campaign.zone``); anything else raises
:class:`~orientation_core.exceptions.InvalidValue` (``"type.invalid"``,
``"time.naive"``, ``"timezone.unknown"``, ``"date.out_of_range"`` for an
instant that has no local day in the zone, at the ends of time).
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

import pendulum

from orientation_core._describe import describe
from orientation_core._problems import Path, problem
from orientation_core._schedule import (
    day_end,
    day_start,
    instant_problems,
    to_utc,
    within_calendar,
    zone_info,
)
from orientation_core.exceptions import InvalidValue

__all__ = ["TODAY", "date_range", "long_date", "short_date", "time_left"]

LOCALE = "fr"
"""The locale of every word: pendulum's French."""

TODAY = "aujourd'hui"
"""What :func:`time_left` says when the service closes at the end of today."""

_LONG = "dddd D MMMM YYYY"
# pendulum's French ordinal gives "1er", as French writes the first of a
# month, but also "2e", "11e", which French never writes in a date: the
# ordinal form is for the first only.
_LONG_FIRST = "dddd Do MMMM YYYY"
_SHORT = "DD/MM/YYYY"
_ONE_HOUR = timedelta(hours=1)
_ONE_DAY = timedelta(days=1)
_JUST_BEFORE = timedelta(microseconds=1)


def _zone(zone: object) -> tzinfo:
    found = zone_info(zone)
    if found is None:
        raise InvalidValue((problem("timezone.unknown", ("zone",), zone=describe(zone)),))
    return found


def _instant(value: object, at: Path) -> datetime:
    problems = instant_problems(value, at)
    if problems or not isinstance(value, datetime):
        raise InvalidValue(problems)
    with within_calendar(at):
        return to_utc(value)


def _local(value: datetime, zone: tzinfo, at: Path) -> datetime:
    with within_calendar(at):
        return value.astimezone(zone)


def _words(local: datetime, pattern: str) -> str:
    # Formatted from the local fields only: pendulum never converts again.
    return pendulum.instance(local).format(pattern, locale=LOCALE)


def _long(local: datetime) -> str:
    return _words(local, _LONG_FIRST if local.day == 1 else _LONG)


def _clock(local: datetime) -> str:
    # To the second at most, as the campaign's calendar shows a time: a
    # service closed "now" ends a microsecond after the head's command.
    return _words(local, "HH:mm:ss" if local.second else "HH:mm")


def long_date(instant: datetime, zone: str) -> str:
    """The local day of ``instant`` in ``zone``, written out: "lundi 11 janvier 2027".

    The first of a month is "1er", as French writes it.

    >>> from datetime import UTC, datetime
    >>> long_date(datetime(2027, 1, 11, 9, tzinfo=UTC), "Europe/Paris")
    'lundi 11 janvier 2027'
    >>> long_date(datetime(2027, 1, 31, 14, tzinfo=UTC), "Pacific/Noumea")
    'lundi 1er février 2027'
    """
    moment, tz = _instant(instant, ("instant",)), _zone(zone)
    return _long(_local(moment, tz, ("instant",)))


def short_date(instant: datetime, zone: str) -> str:
    """The local day of ``instant`` in ``zone`` in figures: "11/01/2027".

    >>> from datetime import UTC, datetime
    >>> short_date(datetime(2027, 1, 10, 21, tzinfo=UTC), "Indian/Reunion")
    '11/01/2027'
    """
    moment, tz = _instant(instant, ("instant",)), _zone(zone)
    return _words(_local(moment, tz, ("instant",)), _SHORT)


def date_range(start: datetime, end: datetime, zone: str) -> str:
    """The period from ``start`` to ``end`` as a calendar words it: "du 11/01/2027 au 05/02/2027".

    ``end`` is excluded, as a phase's end is the next phase's start: a
    period ending at local midnight shows the day before as its last day.
    A start or an end that is not at local midnight shows its time, as
    :attr:`CalendarEntry.text <orientation_core.CalendarEntry.text>` does:
    "du 11/01/2027 à 08:00 au 05/02/2027 à 18:00".

    >>> from datetime import UTC, datetime
    >>> date_range(
    ...     datetime(2027, 1, 10, 23, tzinfo=UTC), datetime(2027, 2, 5, 23, tzinfo=UTC),
    ...     "Europe/Paris",
    ... )
    'du 11/01/2027 au 05/02/2027'

    Raises:
        InvalidValue: besides bad instants or zone, ``"range.empty"`` when
            ``end`` is not after ``start``.

    """
    first, last, tz = _instant(start, ("start",)), _instant(end, ("end",)), _zone(zone)
    if last <= first:
        raise InvalidValue((problem("range.empty", ("end",)),))
    local_start = _local(first, tz, ("start",))
    local_end = _local(last, tz, ("end",))
    shown_start = _words(local_start, _SHORT)
    with within_calendar(("start",)):
        at_midnight = first == day_start(local_start.date(), tz)
    if not at_midnight:
        shown_start += f" à {_clock(local_start)}"
    last_day = _local(last - _JUST_BEFORE, tz, ("end",))
    with within_calendar(("end",)):
        ends_a_day = last == day_end(last_day.date(), tz)
    if ends_a_day:
        shown_end = _words(last_day, _SHORT)
    else:
        shown_end = f"{_words(local_end, _SHORT)} à {_clock(local_end)}"
    return f"du {shown_start} au {shown_end}"


def _relative(unit: str, count: int) -> str:
    # pendulum's own "dans 3 jours", "dans 1 heure".
    french = pendulum.locale(LOCALE)
    template: str = french.translation(f"relative.{unit}.future.{french.plural(count)}")
    return template.format(count)


def time_left(now: datetime, end: datetime, zone: str) -> str | None:
    """How long is left before ``end``, as a page says it after "La saisie ferme ".

    The rules, in this order, with days counted in the school's zone:

    - nothing left (``end`` not after ``now``): None;
    - less than an hour: the whole minutes, at least one: "dans 5 minutes";
    - ``end`` is the end of today: :data:`TODAY`, "aujourd'hui" (today is
      the last day, whatever the hour);
    - less than a day, or the last day is today: the whole hours, "dans
      2 heures" (a service closed at 18:00 today, or tomorrow at 8:00);
    - otherwise the days from today to the last day the service is open
      (the day before ``end`` when ``end`` is at midnight): "dans 3 jours"
      on a Tuesday for a service open until the end of Friday.

    >>> from datetime import UTC, datetime
    >>> time_left(datetime(2027, 2, 2, 9, tzinfo=UTC), datetime(2027, 2, 5, 23, tzinfo=UTC),
    ...           "Europe/Paris")
    'dans 3 jours'
    """
    moment, closing, tz = _instant(now, ("now",)), _instant(end, ("end",)), _zone(zone)
    left = closing - moment
    if left <= timedelta(0):
        return None
    if left < _ONE_HOUR:
        return _relative("minute", max(1, left // timedelta(minutes=1)))
    today = _local(moment, tz, ("now",)).date()
    last_day = _local(closing - _JUST_BEFORE, tz, ("end",)).date()
    with within_calendar(("end",)):
        if closing == day_end(today, tz):
            return TODAY
    if left < _ONE_DAY or last_day == today:
        return _relative("hour", left // _ONE_HOUR)
    return _relative("day", (last_day - today).days)
