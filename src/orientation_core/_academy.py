"""The académie: its zone, its school-year rhythm, its settings and its calendar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast

import attrs

from orientation_core._coerce import Coded, collected
from orientation_core._describe import describe
from orientation_core._phase import Phase
from orientation_core._problems import problem
from orientation_core._schedule import DATED_PHASES, zone_info
from orientation_core._settings import AcademySettings
from orientation_core.exceptions import InvalidValue, Problem

__all__ = ["Academy", "PhaseWindow", "SchoolYear"]

# Years a rentrée may be in: wide enough for any real campaign, narrow enough
# that every day the calendar computes stays inside what datetime can hold.
MIN_RENTREE = 2000
MAX_RENTREE = 2200


class SchoolYear(Coded, kind="rythme de l'année scolaire"):
    """The rhythm of the school year, which places the rentrée a campaign prepares."""

    NORTHERN = "NORTHERN"
    """From September to July; the rentrée is in September."""
    SOUTHERN = "SOUTHERN"
    """From February to December (Nouvelle-Calédonie, Wallis-et-Futuna); the rentrée is in
    February."""

    @property
    def rentree_month(self) -> int:
        """The month of the rentrée: 9 (September) or 2 (February)."""
        return 9 if self is SchoolYear.NORTHERN else 2

    def campaign_days(self, rentree: int) -> tuple[date, date]:
        """The first and last local days a campaign preparing ``rentree`` may use.

        They are the twelve months before the rentrée's month: for a
        northern rentrée 2027, 1 September 2026 to 31 August 2027; for a
        southern rentrée 2027, 1 February 2026 to 31 January 2027.

        >>> SchoolYear.SOUTHERN.campaign_days(2027)
        (datetime.date(2026, 2, 1), datetime.date(2027, 1, 31))
        """
        month = self.rentree_month
        last = date(rentree, month, 1).toordinal() - 1
        return date(rentree - 1, month, 1), date.fromordinal(last)

    def label(self, rentree: int) -> str:
        """The school year of the campaign, as schools write it.

        >>> SchoolYear.NORTHERN.label(2027), SchoolYear.SOUTHERN.label(2027)
        ('2026-2027', '2026')
        """
        if self is SchoolYear.NORTHERN:
            return f"{rentree - 1}-{rentree}"
        return f"{rentree - 1}"


@attrs.frozen
class PhaseWindow:
    """The local days within which the académie has schools place one phase.

    The days are read in each school's own zone: a window ending on
    20 January ends at midnight in Nouméa for a school in Nouméa.

    Attributes:
        phase: One of the dated phases (intentions provisoires to decisions).
        first_day: The first day the phase may start.
        last_day: The last day the phase may run (it ends by that day's end).

    """

    phase: Phase
    first_day: date
    last_day: date

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        # Tested for its type first: a host's object is never compared.
        if not isinstance(self.phase, Phase) or self.phase not in DATED_PHASES:
            label = self.phase.label if isinstance(self.phase, Phase) else describe(self.phase)
            problems.append(problem("schedule.not_dated", ("phase",), label=label))
        # A datetime is a date too, but a window is made of whole days.
        problems.extend(
            problem("type.invalid", (name,), expected="date")
            for name in ("first_day", "last_day")
            if type(getattr(self, name)) is not date
        )
        if not problems and self.last_day < self.first_day:
            problems.append(problem("window.empty", ("last_day",)))
        if problems:
            raise InvalidValue(problems)


def _windows(value: Iterable[PhaseWindow]) -> tuple[PhaseWindow, ...]:
    # Kept in the order of the year whatever order they came in, so that two
    # académies with the same calendar are equal.
    items = collected(value, tuple)
    if type(items) is tuple and all(isinstance(w, PhaseWindow) for w in items):
        return tuple(sorted(items, key=lambda w: w.phase.index))
    return cast("tuple[PhaseWindow, ...]", items)


def _uais(value: Iterable[str]) -> frozenset[str]:
    return cast("frozenset[str]", collected(value, frozenset))


@attrs.frozen
class Academy:
    """An académie (or vice-rectorat): what every school's campaign in it shares.

    >>> paris = Academy("Paris", "Europe/Paris")
    >>> paris.school_year, paris.settings.details_enabled
    (<SchoolYear.NORTHERN: 'NORTHERN'>, True)

    Attributes:
        name: The académie's name, such as ``"Paris"`` or ``"Nouvelle-Calédonie"``.
        timezone: The IANA name of its default zone; a school may have its own.
        school_year: The rhythm of its school year.
        settings: What the académie allows families to enter.
        windows: For each phase it constrains, the days within which schools
            place it; a phase without a window is free within the school year.
        dernier_mot_schools: The UAIs of the schools that run the "dernier
            mot aux familles" variant.

    """

    name: str
    timezone: str
    school_year: SchoolYear = SchoolYear.NORTHERN
    settings: AcademySettings = attrs.field(factory=AcademySettings)
    windows: tuple[PhaseWindow, ...] = attrs.field(default=(), converter=_windows)
    dernier_mot_schools: frozenset[str] = attrs.field(default=frozenset(), converter=_uais)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if type(self.name) is not str:
            problems.append(problem("type.invalid", ("name",), expected="str"))
        elif not self.name.strip():
            problems.append(problem("academy.name_empty", ("name",)))
        if zone_info(self.timezone) is None:
            zone = describe(self.timezone)
            problems.append(problem("timezone.unknown", ("timezone",), zone=zone))
        if type(self.school_year) is not SchoolYear:
            problems.append(problem("type.invalid", ("school_year",), expected="SchoolYear"))
        settings: object = self.settings
        if not isinstance(settings, AcademySettings):
            problems.append(problem("type.invalid", ("settings",), expected="AcademySettings"))
        problems.extend(self._window_problems())
        if type(self.dernier_mot_schools) is not frozenset or not all(
            type(uai) is str for uai in self.dernier_mot_schools
        ):
            problems.append(
                problem("type.invalid", ("dernier_mot_schools",), expected="frozenset[str]")
            )
        if problems:
            raise InvalidValue(problems)

    def _window_problems(self) -> list[Problem]:
        if type(self.windows) is not tuple:
            return [problem("type.invalid", ("windows",), expected="tuple[PhaseWindow, ...]")]
        problems = []
        seen: set[Phase] = set()
        windows: tuple[object, ...] = self.windows
        for index, window in enumerate(windows):
            if not isinstance(window, PhaseWindow):
                problems.append(problem("type.invalid", ("windows", index), expected="PhaseWindow"))
            elif window.phase in seen:
                label = window.phase.label
                problems.append(
                    problem("academy.window_duplicate", ("windows", index), label=label)
                )
            else:
                seen.add(window.phase)
        return problems

    def window(self, phase: Phase) -> PhaseWindow | None:
        """The académie's window for ``phase``, or None when it sets none."""
        for window in self.windows:
            if window.phase is phase:
                return window
        return None

    def runs_dernier_mot(self, uai: str) -> bool:
        """Whether the school ``uai`` runs the "dernier mot aux familles" variant."""
        if type(uai) is not str:
            raise InvalidValue((problem("type.invalid", ("uai",), expected="str"),))
        return uai in self.dernier_mot_schools
