"""How events become rows and rows become events again, checked both ways.

Every event is written as the JSON text of :func:`orientation_core.codec.dump`
and read back with :func:`orientation_core.codec.load_any`, through
:func:`_encode` and :func:`_decode` only.  A row read back must hold an event
of the stream's kind, of that very stream, at that very version: anything
else is ``"store.corrupt"``, located by the stream and the version, and never
a wrong dossier.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Final, TypeVar

import attrs

from orientation_core import codec
from orientation_core._campaign import CampaignEvent
from orientation_core._checks import identifier
from orientation_core._events import DossierEvent, DossierId
from orientation_core._problems import problem
from orientation_core.exceptions import InvalidValue, Problem

__all__ = ["Stream", "batch", "campaign_stream", "dossier_stream", "position_problems", "read"]

E = TypeVar("E", DossierEvent, CampaignEvent)

# What the JSON and codec layers raise on text that is no event: json's
# errors are ValueErrors (InvalidValue is one too), bytes of another
# encoding a UnicodeDecodeError (a ValueError), a value of another type a
# TypeError, and nesting too deep a RecursionError.
_UNREADABLE: Final = (ValueError, TypeError, RecursionError)


def _encode(event: object) -> str:
    return json.dumps(codec.dump(event), ensure_ascii=False, separators=(",", ":"))


def _decode(text: str) -> object:
    return codec.load_any(json.loads(text))


@attrs.frozen
class Stream:
    """One stream: its key columns' values, its name for people, and its kind of event."""

    key: tuple[str | int, ...]
    name: str
    kind: type[DossierEvent] | type[CampaignEvent]

    def owns(self, event: object) -> bool:
        """Whether ``event`` is an event of this stream."""
        if isinstance(event, DossierEvent) and self.kind is DossierEvent:
            return (event.dossier.uai, event.dossier.rentree, event.dossier.pupil_id) == self.key
        if isinstance(event, CampaignEvent) and self.kind is CampaignEvent:
            return (event.uai, event.rentree) == self.key
        return False


def dossier_stream(stream: object) -> Stream:
    """The stream of the dossier ``stream``, a :class:`DossierId`."""
    if not isinstance(stream, DossierId):
        raise InvalidValue((problem("type.invalid", ("stream",), expected="DossierId"),))
    return dossier_key(stream.uai, stream.rentree, stream.pupil_id)


def dossier_key(uai: str, rentree: int, pupil_id: str) -> Stream:
    """The stream of a dossier from its key columns, as a row holds them."""
    return Stream((uai, rentree, pupil_id), f"{uai}/{rentree}/{pupil_id}", DossierEvent)


def campaign_stream(uai: object, rentree: object) -> Stream:
    """The stream of the campaign of ``uai`` for ``rentree``."""
    problems = identifier(uai, ("uai",))
    if type(rentree) is not int:
        problems.append(problem("type.invalid", ("rentree",), expected="int"))
    if problems:
        raise InvalidValue(problems)
    return Stream((str(uai), int(str(rentree))), f"{uai}/{rentree}", CampaignEvent)


def batch(stream: Stream, events: Sequence[object], expected_version: object) -> list[str]:
    """The rows of ``events``, checked to be ``stream``'s next ones after ``expected_version``."""
    if type(expected_version) is not int or expected_version < 0:
        raise InvalidValue((problem("type.invalid", ("expected_version",), expected="int >= 0"),))
    if isinstance(events, str | bytes) or not isinstance(events, Sequence) or not events:
        raise InvalidValue((problem("events.invalid", ("events",)),))
    problems: list[Problem] = []
    for index, event in enumerate(events):
        if not stream.owns(event):
            problems.append(problem("store.other_stream", ("events", index), stream=stream.name))
        elif getattr(event, "version", None) != expected_version + 1 + index:
            problems.append(problem("events.invalid", ("events", index, "version")))
    if problems:
        raise InvalidValue(problems)
    return [_encode(event) for event in events]


def read(
    stream: Stream, version: object, text: object, kind: type[E], expected: int | None = None
) -> E:
    """The event of ``kind`` a row of ``stream`` at ``version`` holds.

    Raises:
        InvalidValue: ``"store.corrupt"`` located at ``("stream", name,
            "version", version)``: the text is no event the codec reads,
            or an event of another kind, stream or version.  What the codec
            said is the error's ``__cause__``.

    """
    where = ("stream", stream.name, "version", version if type(version) is int else str(version))
    if expected is not None and version != expected:
        raise InvalidValue((problem("store.corrupt", where),))
    try:
        event = _decode(text)  # type: ignore[arg-type]  # a row may hold anything
    except _UNREADABLE as error:
        raise InvalidValue((problem("store.corrupt", where),)) from error
    if not isinstance(event, kind) or not stream.owns(event) or event.version != version:
        raise InvalidValue((problem("store.corrupt", where),))
    return event


def position_problems(position: object, limit: object) -> list[Problem]:
    """What is wrong with a position and a page size for :meth:`read_after`."""
    problems = []
    if type(position) is not int or position < 0:
        problems.append(problem("type.invalid", ("position",), expected="int >= 0"))
    if type(limit) is not int or limit < 1:
        problems.append(problem("type.invalid", ("limit",), expected="int >= 1"))
    return problems
