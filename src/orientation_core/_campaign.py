"""A school's campaign: its calendar, the phase at any instant, and the head's commands."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, ClassVar, cast

import attrs

from orientation_core._academy import MAX_RENTREE, MIN_RENTREE, Academy
from orientation_core._actors import Role, Staff
from orientation_core._checks import identifier
from orientation_core._checks import version as version_problems
from orientation_core._coerce import collected
from orientation_core._describe import describe
from orientation_core._phase import CampaignAction, Phase, Rhythm
from orientation_core._policy import HEAD_ONLY, NO_ACCESS
from orientation_core._problems import problem
from orientation_core._refusals import conflict, denied
from orientation_core._schedule import (
    BOUNDARY_PHASES,
    DATED_PHASES,
    day_end,
    day_start,
    format_day,
    instant,
    instant_problems,
    optional_utc_field,
    schedule_problems,
    starts_from_windows,
    to_utc,
    utc_field,
    within_calendar,
    zone_info,
)
from orientation_core._workdays import APPEAL_JOURS_OUVRABLES, Territory, count_jours_ouvrables
from orientation_core.exceptions import (
    IllegalTransition,
    InvalidValue,
    OrientationError,
    Problem,
)

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from orientation_core._settings import AcademySettings

__all__ = [
    "AvisPublished",
    "CalendarEntry",
    "Campaign",
    "CampaignCommand",
    "CampaignEvent",
    "CampaignPlanned",
    "CloseService",
    "EndMoved",
    "HeadEvent",
    "MoveEnd",
    "MoveStart",
    "PhaseChange",
    "PropositionsPublished",
    "PublishAvis",
    "PublishPropositions",
    "ServiceClosed",
    "StartMoved",
]

_PHASES = tuple(Phase)
_UAI = re.compile(r"[0-9]{7}[A-Z]")
_OPEN_PHASES = (Phase.PROVISIONAL_OPEN, Phase.DEFINITIVE_OPEN)


# Closing or publishing "now" starts the next phase at the next instant
# a datetime can hold, so that ``now`` itself keeps its phase.
_JUST_AFTER = timedelta(microseconds=1)


def _next(phase: Phase) -> Phase:
    return _PHASES[phase.index + 1]


def _target_problems(to: object) -> list[Problem]:
    if isinstance(to, datetime):
        return instant_problems(to, ("to",))
    if isinstance(to, date):
        return []
    return [problem("type.invalid", ("to",), expected="date | datetime")]


def _phase_problems(phase: object, allowed: tuple[Phase, ...], code: str) -> list[Problem]:
    if not isinstance(phase, Phase):
        return [problem("type.invalid", ("phase",), expected="Phase")]
    if phase not in allowed:
        return [problem(code, ("phase",), label=phase.label)]
    return []


# --- commands --------------------------------------------------------------


@attrs.frozen
class CampaignCommand:
    """What the head of a school asks of its campaign; the base of every such command.

    Attributes:
        version: The campaign version the sender saw: a command built from a
            stale version is refused with
            :class:`~orientation_core.exceptions.Conflict` (two tabs of the
            head sending commands from the same state: one wins).

    """

    action: ClassVar[CampaignAction]

    version: int

    def __attrs_post_init__(self) -> None:
        problems = [*version_problems(self.version), *self._payload_problems()]
        if problems:
            raise InvalidValue(problems)

    def _payload_problems(self) -> list[Problem]:
        return []


@attrs.frozen
class MoveStart(CampaignCommand):
    """Move the start of a phase (its opening) to another day or instant.

    A day means the start of that day in the school's zone.

    Attributes:
        phase: The phase whose start moves: any but NOT_OPEN.
        to: The new start, a local day or an aware datetime.

    """

    action: ClassVar[CampaignAction] = CampaignAction.MOVE_START

    phase: Phase
    to: date | datetime

    def _payload_problems(self) -> list[Problem]:
        return [
            *_phase_problems(self.phase, BOUNDARY_PHASES, "schedule.not_dated"),
            *_target_problems(self.to),
        ]


@attrs.frozen
class MoveEnd(CampaignCommand):
    """Move the end of a phase (its closing) to another day or instant.

    A day means the end of that day in the school's zone: ``MoveEnd(version,
    phase, date(2027, 1, 20))`` closes at midnight between the 20th and the
    21st.  The next phase starts when this one ends.

    Attributes:
        phase: The phase whose end moves: one of the dated phases.
        to: The new end, a local day or an aware datetime.

    """

    action: ClassVar[CampaignAction] = CampaignAction.MOVE_END

    phase: Phase
    to: date | datetime

    def _payload_problems(self) -> list[Problem]:
        return [
            *_phase_problems(self.phase, DATED_PHASES, "schedule.not_dated"),
            *_target_problems(self.to),
        ]


@attrs.frozen
class CloseService(CampaignCommand):
    """Close the service now: end the open ``phase`` at the instant the command applies.

    Attributes:
        phase: The open phase the head sees and closes (intentions
            provisoires or choix définitifs); if the campaign is no longer in
            it, the command is refused rather than closing something else.

    """

    action: ClassVar[CampaignAction] = CampaignAction.CLOSE_SERVICE

    phase: Phase

    def _payload_problems(self) -> list[Problem]:
        return _phase_problems(self.phase, _OPEN_PHASES, "command.not_an_open_phase")


@attrs.frozen
class PublishAvis(CampaignCommand):
    """Publish the conseils' avis provisoires now (ends PROVISIONAL_CLOSED)."""

    action: ClassVar[CampaignAction] = CampaignAction.PUBLISH_AVIS


@attrs.frozen
class PublishPropositions(CampaignCommand):
    """Publish the conseils' propositions now (ends DEFINITIVE_CLOSED)."""

    action: ClassVar[CampaignAction] = CampaignAction.PUBLISH_PROPOSITIONS


# --- events ----------------------------------------------------------------


def _actor_problems(actor: object) -> list[Problem]:
    if isinstance(actor, Staff):
        return []
    return [problem("type.invalid", ("actor",), expected="Staff")]


def _event_problems(event: object, *names: str) -> list[Problem]:
    problems = []
    for name in names:
        value = getattr(event, name)
        found = instant_problems(value, (name,))
        if not found and value.tzinfo is not UTC:
            # The converter could not bring it to UTC: too close to the ends of time.
            found = [problem("date.out_of_range", (name,))]
        problems += found
    return problems


@attrs.frozen
class CampaignEvent:
    """The base of every campaign event: which campaign, and its version after it.

    Attributes:
        uai: The school's UAI code.
        rentree: The year of the rentrée the campaign prepares.
        version: The campaign's version after it: 1 for the plan, then one
            more per event.

    """

    uai: str
    rentree: int
    version: int

    def __attrs_post_init__(self) -> None:
        problems = [*identifier(self.uai, ("uai",)), *version_problems(self.version)]
        if type(self.rentree) is not int:
            problems.append(problem("type.invalid", ("rentree",), expected="int"))
        problems += self._payload_problems()
        if problems:
            raise InvalidValue(problems)

    def _payload_problems(self) -> list[Problem]:
        return []


@attrs.frozen
class CampaignPlanned(CampaignEvent):
    """The campaign as planned: the first event of its history (see :attr:`Campaign.planned`).

    Attributes:
        academy: The académie.
        starts: When each phase starts, from PROVISIONAL_OPEN to CLOSED, in UTC.
        zone: The IANA name of the school's zone.
        territory: Whose public holidays apply.
        rhythm: Whether the school's year runs in trimestres or semestres.

    """

    academy: Academy
    starts: tuple[datetime, ...]
    zone: str
    territory: Territory | None
    rhythm: Rhythm = attrs.field(default=Rhythm.TRIMESTRES, kw_only=True)

    def _payload_problems(self) -> list[Problem]:
        # The plan checks itself as the campaign it plans would.
        if self.version != 1:
            return [problem("event.inconsistent", ("version",))]
        try:
            self.campaign  # noqa: B018 -- built for its checks
        except InvalidValue as error:
            return list(error.problems)
        return []

    @property
    def campaign(self) -> Campaign:
        """The campaign it plans, at version 1."""
        return Campaign(
            self.academy,
            self.uai,
            self.rentree,
            self.starts,
            self.zone,
            self.territory,
            rhythm=self.rhythm,
        )


@attrs.frozen
class _HeadEvent(CampaignEvent):
    """What the head did, and when.

    Attributes:
        actor: The head who gave the command.
        at: When the head gave it.

    """

    actor: Staff
    at: datetime = attrs.field(converter=utc_field)

    def _payload_problems(self) -> list[Problem]:
        return [*_actor_problems(self.actor), *_event_problems(self, "at"), *self._own_problems()]

    def _own_problems(self) -> list[Problem]:
        return []


@attrs.frozen
class StartMoved(_HeadEvent):
    """The head moved the start of ``phase`` (the end of the phase before moves with it).

    Attributes:
        phase: The phase whose start moved.
        previous: Where it started before.
        start: Where it starts now.

    """

    phase: Phase
    previous: datetime = attrs.field(converter=utc_field)
    start: datetime = attrs.field(converter=utc_field)

    def _own_problems(self) -> list[Problem]:
        return [
            *_phase_problems(self.phase, BOUNDARY_PHASES, "schedule.not_dated"),
            *_event_problems(self, "previous", "start"),
        ]

    @property
    def command(self) -> MoveStart:
        """The command that gives this event."""
        return MoveStart(self.version - 1, self.phase, self.start)


@attrs.frozen
class EndMoved(_HeadEvent):
    """The head moved the end of ``phase`` (the start of the next phase moves with it).

    Attributes:
        phase: The phase whose end moved.
        previous: Where it ended before.
        end: Where it ends now.

    """

    phase: Phase
    previous: datetime = attrs.field(converter=utc_field)
    end: datetime = attrs.field(converter=utc_field)

    def _own_problems(self) -> list[Problem]:
        return [
            *_phase_problems(self.phase, DATED_PHASES, "schedule.not_dated"),
            *_event_problems(self, "previous", "end"),
        ]

    @property
    def command(self) -> MoveEnd:
        """The command that gives this event."""
        return MoveEnd(self.version - 1, self.phase, self.end)


@attrs.frozen
class ServiceClosed(_HeadEvent):
    """The head closed the open ``phase`` at ``at``; the next phase starts then.

    Attributes:
        phase: The open phase that was closed.

    """

    phase: Phase

    def _own_problems(self) -> list[Problem]:
        return _phase_problems(self.phase, _OPEN_PHASES, "command.not_an_open_phase")

    @property
    def command(self) -> CloseService:
        """The command that gives this event."""
        return CloseService(self.version - 1, self.phase)


@attrs.frozen
class AvisPublished(_HeadEvent):
    """The head published the avis provisoires at ``at``; AVIS_PUBLISHED starts then."""

    @property
    def command(self) -> PublishAvis:
        """The command that gives this event."""
        return PublishAvis(self.version - 1)


@attrs.frozen
class PropositionsPublished(_HeadEvent):
    """The head published the propositions at ``at``; PROPOSITIONS_PUBLISHED starts then."""

    @property
    def command(self) -> PublishPropositions:
        """The command that gives this event."""
        return PublishPropositions(self.version - 1)


HeadEvent = StartMoved | EndMoved | ServiceClosed | AvisPublished | PropositionsPublished
"""What a head's command gives; each knows its ``command``."""

_HEAD_EVENTS = (StartMoved, EndMoved, ServiceClosed, AvisPublished, PropositionsPublished)


def _event_of(
    command: CampaignCommand,
    head: tuple[str, int, int, Staff, datetime],
    boundary: Phase,
    previous: datetime,
    target: datetime,
) -> HeadEvent:
    # The event a command gives, once the campaign accepted it.
    if isinstance(command, CloseService):
        return ServiceClosed(*head, command.phase)
    if isinstance(command, PublishAvis):
        return AvisPublished(*head)
    if isinstance(command, PublishPropositions):
        return PropositionsPublished(*head)
    if isinstance(command, MoveEnd):
        return EndMoved(*head, command.phase, previous, target)
    return StartMoved(*head, boundary, previous, target)


def _refused(phase: Phase, command: object, code: str, **details: object) -> IllegalTransition:
    # ``code`` is written out in full at each call, so that every problem
    # code can be found in the sources; the reason is the code's last part.
    message = problem(code, (), **details).message
    return IllegalTransition(phase, command, code.removeprefix("transition."), message)


# --- queries' values -------------------------------------------------------


@attrs.frozen
class PhaseChange:
    """The next change of phase: which phase starts, and when (in the school's zone).

    Attributes:
        phase: The phase that starts.
        at: When it starts, as an aware datetime in the school's zone.

    """

    phase: Phase
    at: datetime


def _clock(moment: datetime) -> str:
    # To the second at most: a phase closed "now" ends a microsecond after
    # the head's command, which people read as the minute it was given.
    if moment.second:
        return f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    return f"{moment.hour:02d}:{moment.minute:02d}"


@attrs.frozen
class CalendarEntry:
    """One line of the calendar the service shows before it opens.

    Attributes:
        phase: The phase.
        start: When it starts, aware, in the school's zone.
        end: When it ends (the next phase starts then), aware, in the school's zone.
        rhythm: The school's rhythm, which names the conseils de classe.

    """

    phase: Phase
    start: datetime
    end: datetime
    rhythm: Rhythm = attrs.field(default=Rhythm.TRIMESTRES, kw_only=True)

    @property
    def label(self) -> str:
        """The phase's French label, in the school's rhythm."""
        return self.phase.label_in(self.rhythm)

    @property
    def first_day(self) -> date:
        """The local day the phase starts."""
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last local day the phase runs (a phase ending at midnight ends the day before)."""
        return (self.end - timedelta(microseconds=1)).date()

    @property
    def text(self) -> str:
        """The dates as the calendar words them: "du 11/01/2027 au 05/02/2027".

        A start or an end that is not at local midnight shows its time:
        "du 11/01/2027 à 08:00 au 05/02/2027 à 18:00".
        """
        zone = self.start.tzinfo
        assert zone is not None  # built by Campaign.calendar, with its zone
        start = format_day(self.first_day)
        if to_utc(self.start) != day_start(self.first_day, zone):
            start += f" à {_clock(self.start)}"
        end_day = self.last_day
        if to_utc(self.end) == day_end(end_day, zone):
            end = format_day(end_day)
        else:
            end = f"{format_day(self.end.date())} à {_clock(self.end)}"
        return f"du {start} au {end}"


# --- the campaign ----------------------------------------------------------


def _utc_starts(value: Iterable[datetime]) -> tuple[datetime, ...]:
    items = collected(value, tuple)
    if type(items) is not tuple:
        return cast("tuple[datetime, ...]", items)  # pragma: no mutate
    return tuple(utc_field(v) for v in items)


def _setup_problems(
    academy: object, uai: object, rentree: object, zone: object, territory: object
) -> tuple[list[Problem], ZoneInfo | None]:
    # Everything but the schedule, shared by the constructor and plan(); the
    # zone comes back whenever it is known, for the schedule to be read in it.
    problems: list[Problem] = []
    if not isinstance(academy, Academy):
        problems.append(problem("type.invalid", ("academy",), expected="Academy"))
    if type(uai) is not str or not _UAI.fullmatch(uai):
        problems.append(problem("uai.invalid", ("uai",)))
    if type(rentree) is not int or not MIN_RENTREE <= rentree <= MAX_RENTREE:
        problems.append(
            problem("rentree.out_of_range", ("rentree",), low=MIN_RENTREE, high=MAX_RENTREE)
        )
    tz = zone_info(zone)
    if tz is None:
        problems.append(problem("timezone.unknown", ("zone",), zone=describe(zone)))
    elif territory is None:
        problems.append(problem("territory.required", ("territory",), zone=describe(zone)))
    elif not isinstance(territory, Territory):
        problems.append(problem("type.invalid", ("territory",), expected="Territory"))
    return problems, tz


def _rhythm_problems(rhythm: object) -> list[Problem]:
    if isinstance(rhythm, Rhythm):
        return []
    return [problem("type.invalid", ("rhythm",), expected="Rhythm")]


def _zone_of(academy: object) -> str:
    # A school is in its académie's zone unless it says otherwise.
    return academy.timezone if isinstance(academy, Academy) else "?"


def _territory_of(zone: object) -> Territory | None:
    # Guessed from the zone only where that is unambiguous.
    return Territory.for_zone(zone) if type(zone) is str else None


# A school notifies its decisions on a few days, and replaying a dossier asks
# each deadline again: counting the jours ouvrables and finding the day's end
# in the zone was most of a deadline (9.4 µs, now 2.9 with the cache and
# without within_calendar's context manager).  The answer depends on nothing
# else, and a datetime never changes.
@functools.lru_cache(maxsize=1024)
def _appeal_deadline(notified_day: date, zone: tzinfo, territory: Territory) -> datetime:
    last = count_jours_ouvrables(notified_day, APPEAL_JOURS_OUVRABLES, territory)
    return day_end(last, zone).astimezone(zone)


def _default_zone(self: Campaign) -> str:
    return _zone_of(self.academy)


def _default_territory(self: Campaign) -> Territory | None:
    return _territory_of(self.zone)


@attrs.frozen
class Campaign:
    """One school's orientation campaign for one rentrée, and how its head steers it.

    Build one with :meth:`plan` from windows of local days; the constructor
    takes the phases' starts directly.  Every query is pure: the instant is
    always passed in, and must be aware.

    Attributes:
        academy: The académie the school belongs to.
        uai: The school's UAI code (seven digits and a letter).
        rentree: The year of the rentrée the campaign prepares.
        starts: When each phase starts, from PROVISIONAL_OPEN to CLOSED
            (eight instants, strictly increasing, kept in UTC).
        zone: The IANA name of the school's zone (the académie's by default).
        territory: Whose public holidays apply (from the zone by default).
        version: The number of events in its history, the plan included.
        updated_at: When the head last changed it (None for a campaign
            as planned): a command is never dated before it.
        rhythm: Whether the school's year runs in three trimestres (the
            default) or two semestres: it names the periods and the
            conseils de classe in every label and text.

    """

    academy: Academy
    uai: str
    rentree: int
    starts: tuple[datetime, ...] = attrs.field(converter=_utc_starts)
    zone: str = attrs.field(default=attrs.Factory(_default_zone, takes_self=True))
    territory: Territory | None = attrs.field(
        default=attrs.Factory(_default_territory, takes_self=True)
    )
    version: int = 1
    updated_at: datetime | None = attrs.field(default=None, converter=optional_utc_field)
    rhythm: Rhythm = attrs.field(default=Rhythm.TRIMESTRES, kw_only=True)

    def __attrs_post_init__(self) -> None:
        problems, zone = _setup_problems(
            self.academy, self.uai, self.rentree, self.zone, self.territory
        )
        problems += _rhythm_problems(self.rhythm)
        problems += version_problems(self.version)
        if self.updated_at is not None:
            problems += _event_problems(self, "updated_at")
        if (self.version == 1) is not (self.updated_at is None):
            # Only the head's changes date a campaign, and each bumps its version.
            problems.append(problem("campaign.version_inconsistent", ("updated_at",)))
        if type(self.starts) is not tuple:
            problems.append(problem("type.invalid", ("starts",), expected="tuple[datetime, ...]"))
        elif len(self.starts) != len(BOUNDARY_PHASES):
            problems.append(problem("schedule.length", ("starts",), expected=len(BOUNDARY_PHASES)))
        else:
            for index, start in enumerate(self.starts):
                problems.extend(instant_problems(start, ("starts", index)))
        if not problems and zone is not None:
            problems = schedule_problems(
                self.starts, zone, self.academy, self.rentree, rhythm=self.rhythm
            )
        if problems:
            raise InvalidValue(problems)

    @classmethod
    def plan(
        cls,
        academy: Academy,
        uai: str,
        rentree: int,
        schedule: Mapping[Phase, tuple[date | datetime, date | datetime]],
        *,
        zone: str | None = None,
        territory: Territory | None = None,
        rhythm: Rhythm = Rhythm.TRIMESTRES,
    ) -> Campaign:
        """Plan a campaign from one window per dated phase, as heads give them.

        Args:
            academy: The school's académie.
            uai: The school's UAI code.
            rentree: The year of the rentrée prepared.
            schedule: For each phase from PROVISIONAL_OPEN to DECISIONS, a
                pair ``(start, end)`` of local days or aware datetimes: a day
                as start is the start of that day, a day as end the end of
                that day, in the school's zone.  Each phase must end exactly
                where the next starts; CLOSED starts when DECISIONS ends.
            zone: The IANA name of the school's zone, if not the académie's.
            territory: Whose public holidays apply, if the zone does not say.
            rhythm: Trimestres (the default) or semestres.

        Raises:
            InvalidValue: listing everything wrong: a missing or empty
                phase, a gap or an overlap between two phases, a phase out
                of its académie window or of the school year, bad types.

        """
        if zone is None:
            zone = _zone_of(academy)
        if territory is None:
            territory = _territory_of(zone)
        problems, tz = _setup_problems(academy, uai, rentree, zone, territory)
        starts = None
        if tz is not None:
            named_by = rhythm if not _rhythm_problems(rhythm) else Rhythm.TRIMESTRES
            starts, schedule_problems_found = starts_from_windows(schedule, tz, rhythm=named_by)
            problems += schedule_problems_found
        problems += _rhythm_problems(rhythm)
        if problems or starts is None:
            raise InvalidValue(problems)
        return cls(academy, uai, rentree, starts, zone, territory, rhythm=rhythm)

    # --- derived values ---------------------------------------------------

    @property
    def timezone(self) -> ZoneInfo:
        """The school's zone, as a tzinfo."""
        zone = zone_info(self.zone)
        assert zone is not None  # checked on construction
        return zone

    @property
    def settings(self) -> AcademySettings:
        """The académie's settings that apply to this school."""
        return self.academy.settings

    @property
    def dernier_mot_aux_familles(self) -> bool:
        """Whether this school runs the "dernier mot aux familles" variant."""
        return self.academy.runs_dernier_mot(self.uai)

    @property
    def school_year(self) -> str:
        """The school year of the campaign, as schools write it ("2026-2027")."""
        return self.academy.school_year.label(self.rentree)

    # --- queries ------------------------------------------------------------

    def local(self, moment: datetime) -> datetime:
        """The aware ``moment`` in the school's zone, for display."""
        with within_calendar(("instant",)):
            return instant(moment, ("instant",)).astimezone(self.timezone)

    def phase_at(self, now: datetime) -> Phase:
        """The phase the service is in at the aware instant ``now``.

        A phase runs from its start, included, to the next phase's start,
        excluded.

        Raises:
            InvalidValue: ``"time.naive"`` when ``now`` has no zone.

        """
        if type(now) is not datetime or now.tzinfo is not UTC:
            # Checked in full and brought to UTC once, off the fast path: the
            # search then compares like with like instead of working out an
            # offset at every step (phase_at runs on every request).
            now = instant(now)
        return _PHASES[bisect_right(self.starts, now)]

    def start_of(self, phase: Phase) -> datetime | None:
        """When ``phase`` starts, in the school's zone; None for NOT_OPEN."""
        index = self._index(phase)
        return None if index == 0 else self.starts[index - 1].astimezone(self.timezone)

    def end_of(self, phase: Phase) -> datetime | None:
        """When ``phase`` ends, in the school's zone; None for CLOSED."""
        index = self._index(phase)
        return None if index == len(self.starts) else self.starts[index].astimezone(self.timezone)

    def next_change(self, now: datetime) -> PhaseChange | None:
        """The next change of phase after ``now``, or None once the campaign is CLOSED."""
        index = bisect_right(self.starts, instant(now))
        if index == len(self.starts):
            return None
        return PhaseChange(_PHASES[index + 1], self.starts[index].astimezone(self.timezone))

    def calendar(self) -> tuple[CalendarEntry, ...]:
        """The dated phases with their local start and end, for the not-open screen."""
        zone = self.timezone
        return tuple(
            CalendarEntry(phase, start.astimezone(zone), end.astimezone(zone), rhythm=self.rhythm)
            for phase, start, end in zip(DATED_PHASES, self.starts, self.starts[1:], strict=False)
        )

    def appeal_deadline(self, notified_at: datetime) -> datetime:
        """Until when the family may appeal a decision notified at ``notified_at``.

        The deadline is the end of the third jour ouvrable after the local day
        of the notification, in the school's zone and its territory's
        holidays; an appeal is in time when made strictly before it.
        """
        zone = self.timezone
        territory = cast("Territory", self.territory)  # pragma: no mutate
        # A notification in the last days of year 9999 has no deadline datetime
        # can hold.  (within_calendar's work, written out: its context manager
        # cost a third of a cached deadline.)
        try:
            notified_day = instant(notified_at, ("notified_at",)).astimezone(zone).date()
            return _appeal_deadline(notified_day, zone, territory)
        except OverflowError:
            raise InvalidValue((problem("date.out_of_range", ("notified_at",)),)) from None

    # --- the head's commands -----------------------------------------------

    def handle(
        self, command: CampaignCommand, *, actor: Staff, now: datetime
    ) -> tuple[Campaign, tuple[HeadEvent, ...]]:
        """Apply ``command`` from ``actor`` at ``now``: the new campaign and what happened.

        Only the school's head opens and closes the service (procedure.md
        §1, §4).  Every command sets the start of one phase.  The past never
        changes, not even at ``now``: the boundary must still be ahead of
        ``now`` and its new place too (closing or publishing "now" starts the
        next phase one microsecond after ``now``, so that whatever a dossier
        did at that very instant stays in the phase it was done in: the
        campaign answers for every past instant as it did then), and the
        schedule must stay strictly
        ordered, inside the académie's windows and the school year.  Moving
        a boundary where it already is changes nothing and produces no event.

        The checks run in this order, and the first that fails raises,
        changing nothing: ``now`` is aware, ``command`` is a command,
        ``actor`` is a member of staff, of this school, its head; ``now`` is
        not before the last change; the command was built from the current
        version (else :class:`~orientation_core.exceptions.Conflict`); then
        the command's own rules.

        Raises:
            InvalidValue: ``now`` is not aware (``"time.naive"``) or before
                the last change (``"time.backwards"``), or ``command`` is
                not a command or ``actor`` not a member of staff
                (``"type.invalid"``).
            Conflict: ``command.version`` is not the current version.
            PermissionDenied: ``actor`` works in another school
                (``"no_access"``) or is not the head (``"head_only"``).
            IllegalTransition: the command is not possible now; its
                ``reason`` says why (``"wrong_phase"``, ``"boundary_passed"``,
                ``"target_in_past"``, ``"out_of_order"``,
                ``"outside_academy_window"``, ``"outside_school_year"``).

        """
        moment = instant(now)
        if not isinstance(command, CampaignCommand) or type(command) is CampaignCommand:
            raise InvalidValue((problem("type.invalid", ("command",), expected="CampaignCommand"),))
        if not isinstance(actor, Staff):
            raise InvalidValue(_actor_problems(actor))
        if actor.uai != self.uai:
            raise denied(actor, command.action, NO_ACCESS)
        if actor.role is not Role.HEAD:
            raise denied(actor, command.action, HEAD_ONLY)
        if self.updated_at is not None and moment < self.updated_at:
            raise InvalidValue((problem("time.backwards", ("now",)),))
        if command.version != self.version:
            raise conflict(actor, command.version, self.version)
        phase = self.phase_at(moment)
        boundary, target = self._target(command, phase, moment)
        index = boundary.index - 1
        previous = self.starts[index]
        if previous <= moment:
            raise _refused(
                phase, command, "transition.boundary_passed", label=boundary.label_in(self.rhythm)
            )
        if target <= moment:
            raise _refused(phase, command, "transition.target_in_past")
        if target == previous:
            return self, ()
        starts = (*self.starts[:index], target, *self.starts[index + 1 :])
        problems = schedule_problems(
            starts, self.timezone, self.academy, self.rentree, rhythm=self.rhythm
        )
        if problems:
            reason = problems[0].code.removeprefix("schedule.")
            raise IllegalTransition(phase, command, reason, " ".join(p.message for p in problems))
        head = (self.uai, self.rentree, self.version + 1, actor, moment)
        event = _event_of(command, head, boundary, previous, target)
        return self._changed(starts, event), (event,)

    def _target(
        self, command: CampaignCommand, phase: Phase, moment: datetime
    ) -> tuple[Phase, datetime]:
        # Which phase's start the command sets, and to what instant.
        if isinstance(command, MoveStart | MoveEnd):
            end = isinstance(command, MoveEnd)
            boundary = _next(command.phase) if end else command.phase
            to = command.to
            with within_calendar(("to",)):
                if isinstance(to, datetime):
                    return boundary, to_utc(to)
                return boundary, (day_end if end else day_start)(to, self.timezone)
        if isinstance(command, CloseService):
            expected = command.phase
        elif isinstance(command, PublishAvis):
            expected = Phase.PROVISIONAL_CLOSED
        else:
            expected = Phase.DEFINITIVE_CLOSED
        if phase is not expected:
            raise _refused(
                phase,
                command,
                "transition.wrong_phase",
                expected=expected.label_in(self.rhythm),
                actual=phase.label_in(self.rhythm),
            )
        return _next(phase), moment + _JUST_AFTER

    def _changed(self, starts: tuple[datetime, ...], event: HeadEvent) -> Campaign:
        # For starts already checked against the académie and the year.
        campaign = object.__new__(Campaign)
        for field in attrs.fields(Campaign):
            object.__setattr__(campaign, field.name, getattr(self, field.name))
        object.__setattr__(campaign, "starts", starts)
        object.__setattr__(campaign, "version", event.version)
        object.__setattr__(campaign, "updated_at", event.at)
        return campaign

    @property
    def planned(self) -> CampaignPlanned:
        """The first event of this campaign's history: its plan.

        Record it when the campaign is planned, then each event
        :meth:`handle` gives; :meth:`replay` folds them back.

        Raises:
            InvalidValue: ``"campaign.already_changed"``: the head changed
                this campaign, so it is no longer the plan.

        """
        if self.version != 1:
            raise InvalidValue((problem("campaign.already_changed", ("version",)),))
        return CampaignPlanned(
            self.uai,
            self.rentree,
            1,
            self.academy,
            self.starts,
            self.zone,
            self.territory,
            rhythm=self.rhythm,
        )

    @classmethod
    def replay(cls, events: Iterable[CampaignEvent]) -> Campaign:
        """The campaign its events, from its plan (:attr:`planned`), describe.

        Each head event is taken through :meth:`handle` again, with its
        actor, at its instant: the history replays only if that gives every
        event back.

        Raises:
            InvalidValue: ``"events.invalid"`` located at the first event
                that ``handle`` could not have produced there: of another
                campaign, out of order, renumbered, dated before the one
                before it, or refused by the campaign's rules.  The reason
                is the error's ``__cause__``.

        """
        if isinstance(events, str | bytes | Mapping) or not isinstance(events, Iterable):
            raise InvalidValue((problem("type.invalid", ("events",), expected="Iterable"),))
        state: Campaign | None = None
        for index, event in enumerate(events):
            try:
                if state is not None:
                    state = state.apply(event)
                elif type(event) is CampaignPlanned:
                    state = event.campaign
                else:
                    raise InvalidValue((problem("events.invalid", ("event",)),))
            except OrientationError as error:
                raise InvalidValue((problem("events.invalid", ("events", index)),)) from error
        if state is None:
            raise InvalidValue((problem("events.invalid", ("events",)),))
        return state

    def apply(self, event: CampaignEvent) -> Campaign:
        """The campaign after ``event``, if :meth:`handle` gives that very event here.

        Raises:
            InvalidValue: ``event`` is not a head's event of this campaign
                (``"events.invalid"``, ``"event.other_campaign"``), or
                ``handle`` gives another event.
            OrientationError: whatever ``handle`` raises for its command.

        """
        if not isinstance(event, _HEAD_EVENTS):
            raise InvalidValue((problem("events.invalid", ("event",)),))
        if (event.uai, event.rentree) != (self.uai, self.rentree):
            raise InvalidValue((problem("event.other_campaign", ("event",)),))
        after, given = self.handle(event.command, actor=event.actor, now=event.at)
        if given != (event,):
            raise InvalidValue((problem("events.invalid", ("event",)),))
        return after

    def _index(self, phase: object) -> int:
        if not isinstance(phase, Phase):
            raise InvalidValue((problem("type.invalid", ("phase",), expected="Phase"),))
        return phase.index
