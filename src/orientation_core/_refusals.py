"""Refusals worded for the person who acted: a family, or the school's staff.

The dossier and the campaign raise their refusals through these functions,
where the actor is known: the sentences are in
:mod:`orientation_core._problems`, this module picks the family's or the
staff's, and adds the dates when the service is not open, or no longer, and
the campaign can tell them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from orientation_core._actors import Staff
from orientation_core._phase import PHASE_ACTIONS, Action, Phase
from orientation_core._problems import dated_refusal, refusal
from orientation_core._schedule import day_start, format_day, to_utc
from orientation_core.exceptions import Conflict, IllegalTransition, PermissionDenied

if TYPE_CHECKING:
    from orientation_core._commands import DossierCommand
    from orientation_core._phase import CampaignAction

__all__ = ["conflict", "denied", "refused", "refused_by_phase", "when"]


@runtime_checkable
class _Calendar(Protocol):
    # What a campaign that can tell its dates answers (Campaign does; a host's
    # own CampaignView may not, and its refusals are then undated).
    def start_of(self, phase: Phase) -> datetime | None: ...

    def end_of(self, phase: Phase) -> datetime | None: ...


# The phases that open each action, first and last: the window a family is
# told about when it acts outside it.
_WINDOWS: dict[Action, tuple[Phase, Phase]] = {
    action: (
        min(p for p in Phase if action in PHASE_ACTIONS[p]),
        max(p for p in Phase if action in PHASE_ACTIONS[p]),
    )
    for action in Action
}


def _is_staff(actor: object) -> bool:
    return type(actor) is Staff


def _clock(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _aware(value: object) -> datetime | None:
    # Whatever a host's campaign answers, only an aware datetime is shown.
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return value
    return None


def _start_text(start: datetime) -> str:
    # "11/01/2027", or "11/01/2027 à 08:00" for a start that is not the
    # start of the local day.
    zone = start.tzinfo
    assert zone is not None  # checked aware
    day = start.date()
    if to_utc(start) == day_start(day, zone):
        return format_day(day)
    return f"{format_day(day)} à {_clock(start)}"


def _end_text(end: datetime) -> str:
    # The last day it was possible: a window ending at local midnight ended
    # with the day before; one ending during a day shows the time too.
    zone = end.tzinfo
    assert zone is not None  # checked aware
    day = end.date()
    if to_utc(end) == day_start(day, zone):
        return format_day(day - timedelta(days=1))
    return f"{format_day(day)} à {_clock(end)}"


def when(end: datetime) -> str:
    """The last day before the aware instant ``end``, as a refusal writes it."""
    return _end_text(end)


def _dated_phase_message(campaign: object, action: Action, phase: Phase, reason: str) -> str | None:
    # None when the campaign cannot tell its dates, or when the action has
    # no dated wording (the school's own actions).
    if not isinstance(campaign, _Calendar):
        return None
    first, last = _WINDOWS[action]
    text: Callable[[datetime], str]
    if reason == "closed":
        key, moment, text = "closed", campaign.end_of(Phase.DECISIONS), _end_text
    elif phase < first:
        key, moment, text = f"{action.value}.opens", campaign.start_of(first), _start_text
    else:
        key, moment, text = f"{action.value}.ended", campaign.end_of(last), _end_text
    aware = _aware(moment)
    return None if aware is None else dated_refusal(key, text(aware))


def refused_by_phase(
    actor: object, command: Action | DossierCommand, phase: Phase, reason: str, *, campaign: object
) -> IllegalTransition:
    """The refusal of ``action`` because ``phase`` does not open it.

    The reason is ``"not_in_phase"`` or ``"closed"``.  The family's actions,
    whoever takes them, are told when they open or when they ended, when the
    campaign can tell its dates; the campaign's end is told for every action.
    """
    action = command if isinstance(command, Action) else command.action
    message = _dated_phase_message(campaign, action, phase, reason)
    return IllegalTransition(
        phase, command, reason, message or refusal(reason, staff=_is_staff(actor))
    )


def refused(
    actor: object, phase: Phase, command: object, reason: str, message: str | None = None
) -> IllegalTransition:
    """The refusal of ``command`` by the dossier's rules, worded for ``actor``."""
    return IllegalTransition(
        phase, command, reason, message or refusal(reason, staff=_is_staff(actor))
    )


def denied(actor: object, action: Action | CampaignAction, reason: str) -> PermissionDenied:
    """``actor`` may not take ``action``, for ``reason``: worded for them."""
    return PermissionDenied(actor, action, reason, refusal(reason, staff=_is_staff(actor)))


def conflict(actor: object, expected: int, actual: int) -> Conflict:
    """``actor`` sent a command built from version ``expected``; ``actual`` is current."""
    return Conflict(expected, actual, refusal("conflict", staff=_is_staff(actor)))
