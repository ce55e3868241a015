"""Jours ouvrables: every day but Sundays and the public holidays of a territory.

The holidays come from the ``holidays`` package, which keeps the list of
each French territory up to date (Alsace-Moselle's two extra days, each
overseas territory's abolition day...); nothing here restates that table.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays

from orientation_core._coerce import Coded
from orientation_core._problems import problem
from orientation_core._schedule import within_calendar
from orientation_core.exceptions import InvalidValue

__all__ = [
    "APPEAL_JOURS_OUVRABLES",
    "Territory",
    "is_jour_ouvrable",
    "jours_ouvrables_after",
    "public_holidays",
]

APPEAL_JOURS_OUVRABLES = 3
"""How many jours ouvrables a family has to appeal after the notification day."""

_SUNDAY = 6
# A year has at most a dozen and a half holidays and 53 Sundays, so this many
# days always hold more jours ouvrables than any count the procedure uses;
# it bounds the search instead of trusting a loop to end.
_MAX_COUNT = 366


class Territory(Coded, kind="territoire"):
    """Whose public holidays apply to a school; the value is the stable code."""

    METROPOLE = "METROPOLE"
    ALSACE_MOSELLE = "ALSACE_MOSELLE"
    GUADELOUPE = "GUADELOUPE"
    MARTINIQUE = "MARTINIQUE"
    GUYANE = "GUYANE"
    REUNION = "REUNION"
    MAYOTTE = "MAYOTTE"
    SAINT_PIERRE_ET_MIQUELON = "SAINT_PIERRE_ET_MIQUELON"
    SAINT_BARTHELEMY = "SAINT_BARTHELEMY"
    SAINT_MARTIN = "SAINT_MARTIN"
    NOUVELLE_CALEDONIE = "NOUVELLE_CALEDONIE"
    WALLIS_ET_FUTUNA = "WALLIS_ET_FUTUNA"
    POLYNESIE_FRANCAISE = "POLYNESIE_FRANCAISE"

    @property
    def label(self) -> str:
        """The French name of the territory."""
        return _LABELS[self]

    @property
    def subdivision(self) -> str | None:
        """The ``holidays`` package's subdivision code, None for metropolitan France."""
        return _SUBDIVISIONS[self]

    @classmethod
    def for_zone(cls, zone: str) -> Territory | None:
        """The territory a time zone names without doubt, or None.

        Europe/Paris gives metropolitan France: a school in Alsace-Moselle
        says so explicitly.
        """
        return _BY_ZONE.get(zone)


_LABELS = {
    Territory.METROPOLE: "France métropolitaine",
    Territory.ALSACE_MOSELLE: "Alsace-Moselle",
    Territory.GUADELOUPE: "Guadeloupe",
    Territory.MARTINIQUE: "Martinique",
    Territory.GUYANE: "Guyane",
    Territory.REUNION: "La Réunion",
    Territory.MAYOTTE: "Mayotte",
    Territory.SAINT_PIERRE_ET_MIQUELON: "Saint-Pierre-et-Miquelon",
    Territory.SAINT_BARTHELEMY: "Saint-Barthélemy",
    Territory.SAINT_MARTIN: "Saint-Martin",
    Territory.NOUVELLE_CALEDONIE: "Nouvelle-Calédonie",
    Territory.WALLIS_ET_FUTUNA: "Wallis-et-Futuna",
    Territory.POLYNESIE_FRANCAISE: "Polynésie française",
}

_SUBDIVISIONS: dict[Territory, str | None] = {
    Territory.METROPOLE: None,
    # Moselle ("57") and Alsace ("6AE") have the same two extra days.
    Territory.ALSACE_MOSELLE: "57",
    Territory.GUADELOUPE: "971",
    Territory.MARTINIQUE: "972",
    Territory.GUYANE: "973",
    Territory.REUNION: "974",
    Territory.MAYOTTE: "976",
    Territory.SAINT_PIERRE_ET_MIQUELON: "PM",
    Territory.SAINT_BARTHELEMY: "BL",
    Territory.SAINT_MARTIN: "MF",
    Territory.NOUVELLE_CALEDONIE: "NC",
    Territory.WALLIS_ET_FUTUNA: "WF",
    Territory.POLYNESIE_FRANCAISE: "PF",
}

# Saint-Barthélemy and Saint-Martin share their zone with others, so they
# are never guessed from it.
_BY_ZONE = {
    "Europe/Paris": Territory.METROPOLE,
    "America/Guadeloupe": Territory.GUADELOUPE,
    "America/Martinique": Territory.MARTINIQUE,
    "America/Cayenne": Territory.GUYANE,
    "Indian/Reunion": Territory.REUNION,
    "Indian/Mayotte": Territory.MAYOTTE,
    "America/Miquelon": Territory.SAINT_PIERRE_ET_MIQUELON,
    "Pacific/Noumea": Territory.NOUVELLE_CALEDONIE,
    "Pacific/Wallis": Territory.WALLIS_ET_FUTUNA,
    "Pacific/Tahiti": Territory.POLYNESIE_FRANCAISE,
    "Pacific/Marquesas": Territory.POLYNESIE_FRANCAISE,
    "Pacific/Gambier": Territory.POLYNESIE_FRANCAISE,
}


@functools.lru_cache(maxsize=512)
def _holidays(territory: Territory, year: int) -> frozenset[date]:
    # Building the package's table is slow next to a set lookup, and a
    # cohort asks for the same few (territory, year) pairs again and again.
    table = holidays.country_holidays("FR", subdiv=territory.subdivision, years=year)
    return frozenset(table)


def _check(day: object, territory: object) -> None:
    problems = []
    if type(day) is not date:
        problems.append(problem("type.invalid", ("day",), expected="date"))
    if not isinstance(territory, Territory):
        problems.append(problem("type.invalid", ("territory",), expected="Territory"))
    if problems:
        raise InvalidValue(problems)


def public_holidays(territory: Territory, year: int) -> frozenset[date]:
    """The public holidays (jours fériés) of ``territory`` in ``year``.

    >>> date(2027, 12, 26) in public_holidays(Territory.ALSACE_MOSELLE, 2027)
    True
    >>> date(2027, 12, 26) in public_holidays(Territory.METROPOLE, 2027)
    False
    """
    if not isinstance(territory, Territory):
        raise InvalidValue((problem("type.invalid", ("territory",), expected="Territory"),))
    if type(year) is not int or not date.min.year < year < date.max.year:
        raise InvalidValue((problem("type.invalid", ("year",), expected="int"),))
    return _holidays(territory, year)


def is_jour_ouvrable(day: date, territory: Territory) -> bool:
    """Whether ``day`` is a jour ouvrable in ``territory``: neither a Sunday nor a holiday.

    >>> is_jour_ouvrable(date(2027, 5, 22), Territory.METROPOLE)  # a Saturday
    True
    >>> is_jour_ouvrable(date(2027, 5, 22), Territory.MARTINIQUE)  # abolition day
    False
    """
    _check(day, territory)
    return _ouvrable(day, territory)


def _ouvrable(day: date, territory: Territory) -> bool:
    return day.weekday() != _SUNDAY and day not in _holidays(territory, day.year)


def jours_ouvrables_after(day: date, count: int, territory: Territory) -> date:
    """The ``count``-th jour ouvrable after ``day`` (``day`` itself is not counted).

    >>> jours_ouvrables_after(date(2027, 6, 18), 3, Territory.METROPOLE)
    datetime.date(2027, 6, 22)
    """
    _check(day, territory)
    if type(count) is not int or not 0 <= count <= _MAX_COUNT:
        raise InvalidValue((problem("type.invalid", ("count",), expected="int"),))
    with within_calendar(("day",)):
        return count_jours_ouvrables(day, count, territory)


def count_jours_ouvrables(day: date, count: int, territory: Territory) -> date:
    """:func:`jours_ouvrables_after` for checked arguments; past year 9999, an OverflowError."""
    found = 0
    current = day
    while found < count:
        current += timedelta(days=1)
        if _ouvrable(current, territory):
            found += 1
    return current
