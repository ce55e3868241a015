"""The sync record: one accepted dossier event, as the back office receives it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Final, cast

import attrs

from orientation_core._actors import Actor
from orientation_core._coerce import collected
from orientation_core._describe import describe
from orientation_core._events import DossierEvent, DossierId, FamilyEvent
from orientation_core._problems import Path, problem
from orientation_core._wire import INSTANT, MISSING, keys_problems
from orientation_core.codec import SCHEMA_VERSION, WIRE_NAMES, JsonValue, load_any, schema
from orientation_core.codec import dump as dump_value
from orientation_core.exceptions import InvalidValue, Problem

__all__ = [
    "SYNC_SCHEMA_VERSION",
    "SyncRecord",
    "dump",
    "load",
    "record_schema",
    "schema_files",
    "sync_record",
    "sync_records",
]

SYNC_SCHEMA_VERSION: Final = 1
"""The version of the sync record's format (its ``"schema"``); the event inside has the codec's."""

WIRE_NAME: Final = "SyncRecord"

# Every event a dossier's history holds, by wire name, in the codec's order.
EVENT_KINDS: Final = {
    name: cls
    for cls, name in WIRE_NAMES.items()
    if isinstance(cls, type) and issubclass(cls, DossierEvent)
}
_KEYS = ("key", "dossier", "version", "kind", "actor", "paper_form", "at", "event")
_KEY_SET = frozenset(_KEYS)


def _escaped(text: str) -> str:
    # An identifier may hold ":" itself: escaped, with "%" first, so that no
    # two dossiers ever share a key.
    return text.replace("%", "%25").replace(":", "%3A")


def _key(uai: str, rentree: int, pupil_id: str, version: int) -> str:
    return f"{_escaped(uai)}:{rentree}:{_escaped(pupil_id)}:{version}"


def _event(value: object) -> DossierEvent:
    # Only an event the codec writes can be synced: a host's subclass cannot.
    if type(value) not in WIRE_NAMES or not isinstance(value, DossierEvent):
        raise InvalidValue((problem("type.invalid", ("event",), expected="DossierEvent"),))
    return value


@attrs.frozen
class SyncRecord:
    """One accepted dossier event, as the back office (Siècle Orientation) receives it.

    Everything a receiver needs to apply it once and in order is derived from
    the event: its :attr:`key`, its :attr:`dossier` and its :attr:`version`.

    Attributes:
        event: The accepted event: an event exists only once
            :meth:`~orientation_core.Dossier.handle` has accepted its command
            (or :meth:`~orientation_core.Dossier.open` opened the dossier).

    """

    event: DossierEvent = attrs.field(converter=_event)

    @property
    def dossier(self) -> DossierId:
        """The dossier the event belongs to."""
        return self.event.dossier

    @property
    def version(self) -> int:
        """The dossier's version after the event: 1 for the opening, then one more each."""
        return self.event.version

    @property
    def key(self) -> str:
        """The idempotency key: ``"<uai>:<rentree>:<pupil_id>:<version>"``.

        The same event always gives the same key, and two events of the same
        dossier and version the same key: a receiver that already holds a key
        has the record.  A ``%`` or a ``:`` inside the UAI or the pupil's id
        is written ``%25`` or ``%3A``, so that two dossiers never share a key.
        """
        dossier = self.event.dossier
        return _key(dossier.uai, dossier.rentree, dossier.pupil_id, self.event.version)

    @property
    def kind(self) -> str:
        """The event's wire name, such as ``"IntentionsValidated"``."""
        return WIRE_NAMES[type(self.event)]

    @property
    def actor(self) -> Actor:
        """Who did it: for a paper form, the member of staff who keyed it in."""
        return self.event.actor

    @property
    def at(self) -> datetime:
        """When the event was accepted, in UTC."""
        return self.event.at

    @property
    def paper_form(self) -> bool | None:
        """Whether a family act was keyed in from a paper form; None for any other event."""
        return self.event.paper_form if isinstance(self.event, FamilyEvent) else None


def sync_record(event: DossierEvent) -> SyncRecord:
    """The sync record of an accepted event.

    Raises:
        InvalidValue: ``event`` is not a dossier event (``"type.invalid"``):
            a command, a draft or a refused change has no record.

    """
    return SyncRecord(event)


def sync_records(events: Iterable[DossierEvent]) -> tuple[SyncRecord, ...]:
    """The sync records of accepted events, in their order.

    Raises:
        InvalidValue: ``events`` is not a collection of dossier events; each
            problem is located by its index.

    """
    items = collected(events, tuple)
    if type(items) is not tuple:
        raise InvalidValue((problem("type.invalid", ("events",), expected="list[DossierEvent]"),))
    problems = [
        problem("type.invalid", ("events", index), expected="DossierEvent")
        for index, event in enumerate(items)
        if type(event) not in WIRE_NAMES or not isinstance(event, DossierEvent)
    ]
    if problems:
        raise InvalidValue(problems)
    return tuple(SyncRecord(event) for event in items)


def dump(record: SyncRecord) -> dict[str, JsonValue]:
    """The JSON-compatible data of ``record``.

    After ``"schema"`` (:data:`SYNC_SCHEMA_VERSION`) and ``"type"``
    (``"SyncRecord"``) come the key, the dossier, the version, the event's
    kind, actor, paper form and instant, so that a receiver can route and
    order a record without reading its event; then ``"event"``, the event as
    :func:`orientation_core.codec.dump` writes it.

    Raises:
        InvalidValue: ``record`` is not a :class:`SyncRecord`.

    """
    if type(record) is not SyncRecord:
        raise InvalidValue((problem("type.invalid", ("record",), expected="SyncRecord"),))
    source = record.event
    event = dump_value(source)
    # The header read from the event and its data rather than through the
    # record's properties, which say the same (a test holds them equal): the
    # 9 events' records, 451 to 428 thousand instructions.  Only a family
    # event writes a paper form.
    dossier = source.dossier
    return {
        "schema": SYNC_SCHEMA_VERSION,
        "type": WIRE_NAME,
        "key": _key(dossier.uai, dossier.rentree, dossier.pupil_id, source.version),
        "dossier": event["dossier"],
        "version": source.version,
        "kind": event["type"],
        "actor": event["actor"],
        "paper_form": event.get("paper_form"),
        "at": event["at"],
        "event": event,
    }


def load(data: object) -> SyncRecord:
    """The record ``data`` (as :func:`dump` writes it) describes.

    The event is read by :func:`orientation_core.codec.load_any`, with all its
    checks; every other field must say what the event says
    (``"sync.inconsistent"`` otherwise), so that a receiver that trusts the
    header routes the record where its event belongs.

    Raises:
        InvalidValue: with every problem found, each located by its path from
            the top of ``data``.

    """
    if not isinstance(data, dict):
        raise InvalidValue((problem("type.invalid", (), expected="dict"),))
    problems: list[Problem] = []
    readable = True
    version = data.get("schema", MISSING)
    kind = data.get("type", MISSING)
    if version is MISSING:
        problems.append(problem("key.missing", ("schema",)))
    elif type(version) is not int or version != SYNC_SCHEMA_VERSION:
        problems.append(problem("schema.unsupported", ("schema",), found=describe(version)))
        readable = False
    if kind is MISSING:
        problems.append(problem("key.missing", ("type",)))
    elif type(kind) is not str or kind != WIRE_NAME:
        problems.append(problem("type.invalid", ("type",), expected=WIRE_NAME))
        readable = False
    if not readable:
        # Another format's body means something else: it is not read.
        raise InvalidValue(problems)
    body = {key: value for key, value in data.items() if key not in ("schema", "type")}
    if body.keys() != _KEY_SET:
        problems += keys_problems(body, _KEYS, ())
    event = _read_event(body.get("event", MISSING), problems)
    header = _header(event) if event is not None else None
    for key, read in _READERS.items():
        found = body.get(key, MISSING)
        if found is MISSING:
            continue
        if header is not None and key in _COPIED and _same_data(found, body["event"][key]):
            # Written as the event's own, which was read: the common case, read once.
            continue
        value = read(found, (key,), problems)
        if value is not MISSING and header is not None and header[key] != value:
            problems.append(problem("sync.inconsistent", (key,)))
    if problems or event is None:
        raise InvalidValue(problems)
    return SyncRecord(event)


# The header's fields that are written as the event's own.
_COPIED = frozenset({"dossier", "actor", "at"})


def _same_data(found: object, read: object) -> bool:
    # Equal as data, types included (True is not 1): ``read`` was read by the
    # codec, so the walk is as shallow as the event's own data.
    if type(found) is not type(read):
        return False
    if type(read) is dict:
        mapping = cast("dict[Any, object]", found)
        return mapping.keys() == read.keys() and all(_same_data(mapping[k], read[k]) for k in read)
    if type(read) is list:
        items = cast("list[object]", found)
        return len(items) == len(read) and all(map(_same_data, items, read))
    return found == read


def _read_event(data: object, problems: list[Problem]) -> DossierEvent | None:
    if data is MISSING:
        return None
    kind = data.get("type", MISSING) if isinstance(data, dict) else MISSING
    if kind is not MISSING and not (type(kind) is str and kind in EVENT_KINDS):
        problems.append(problem("type.invalid", ("event", "type"), expected="DossierEvent"))
        return None
    try:
        event = load_any(data)
    except InvalidValue as error:
        problems += (Problem(p.code, ("event", *p.path), p.message) for p in error.problems)
        return None
    return event if isinstance(event, DossierEvent) else None


def _header(event: DossierEvent) -> dict[str, object]:
    record = SyncRecord(event)
    return {
        "key": record.key,
        "dossier": record.dossier,
        "version": record.version,
        "kind": record.kind,
        "actor": record.actor,
        "paper_form": record.paper_form,
        "at": record.at,
    }


# Each header field is read to a value (MISSING after a problem), to be
# compared with the event's: an instant in another offset says the same.


def _text(data: object, at: Path, problems: list[Problem]) -> object:
    if type(data) is str:
        return data
    problems.append(problem("type.invalid", at, expected="str"))
    return MISSING


def _whole(data: object, at: Path, problems: list[Problem]) -> object:
    if type(data) is int:
        return data
    problems.append(problem("type.invalid", at, expected="int"))
    return MISSING


def _flag(data: object, at: Path, problems: list[Problem]) -> object:
    if data is None or type(data) is bool:
        return data
    problems.append(problem("type.invalid", at, expected="bool | None"))
    return MISSING


def _instant(data: object, at: Path, problems: list[Problem]) -> object:
    before = len(problems)
    moment = INSTANT.load(data, at, problems)
    return MISSING if len(problems) > before else moment


def _value(name: str, *, tagged: bool = False) -> Any:
    # A body the codec reads as the class named ``name``, given the envelope it lacks; a tagged
    # body (an actor's) holds its own "type".
    envelope = ("schema",) if tagged else ("schema", "type")

    def read(data: object, at: Path, problems: list[Problem]) -> object:
        if not isinstance(data, dict):
            problems.append(problem("type.invalid", at, expected="dict"))
            return MISSING
        extra = [problem("key.unknown", (*at, key)) for key in envelope if key in data]
        try:
            value = load_any({**data, "schema": SCHEMA_VERSION, "type": name})
        except InvalidValue as error:
            problems += extra
            problems += (Problem(p.code, (*at, *p.path), p.message) for p in error.problems)
            return MISSING
        problems += extra
        return MISSING if extra else value

    return read


_ACTOR_READERS = {name: _value(name, tagged=True) for name in ("Guardian", "Pupil", "Staff")}


def _actor(data: object, at: Path, problems: list[Problem]) -> object:
    # The actor's body is led by its own "type", as in the event.
    name = data.get("type", MISSING) if isinstance(data, dict) else MISSING
    expected = "Guardian | Pupil | Staff"
    if type(name) is not str or name not in _ACTOR_READERS:
        where = at if name is MISSING else (*at, "type")
        problems.append(problem("type.invalid", where, expected=expected))
        return MISSING
    # The body's "type" is the envelope's.
    return _ACTOR_READERS[name](data, at, problems)


_READERS = {
    "key": _text,
    "dossier": _value("DossierId"),
    "version": _whole,
    "kind": _text,
    "actor": _actor,
    "paper_form": _flag,
    "at": _instant,
}


# --- the published schema ---------------------------------------------------------


def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of what :func:`dump` writes.

    The event is one of the codec's published event schemas; the schema cannot
    say that the header agrees with the event, which only :func:`load` checks.
    """
    defs: dict[str, Any] = {}
    events = []
    for name in EVENT_KINDS:
        document = schema(name)
        defs.update(document.pop("$defs", {}))
        for key in ("$schema", "$id", "title"):
            del document[key]
        defs[name] = document
        events.append({"$ref": f"#/$defs/{name}"})
    opened = defs["DossierOpened"]["properties"]
    properties = {
        "schema": {"const": SYNC_SCHEMA_VERSION},
        "type": {"const": WIRE_NAME},
        "key": {"type": "string"},
        "dossier": opened["dossier"],
        "version": {"type": "integer", "minimum": 1},
        "kind": {"enum": list(EVENT_KINDS)},
        "actor": opened["actor"],
        "paper_form": {"anyOf": [{"type": "null"}, {"type": "boolean"}]},
        "at": opened["at"],
        "event": {"oneOf": events},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:orientation-core:sync:{SYNC_SCHEMA_VERSION}:{WIRE_NAME}",
        "title": WIRE_NAME,
        "type": "object",
        "properties": properties,
        "required": ["schema", "type", *_KEYS],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def schema_files() -> dict[str, str]:
    """The published file, ``SyncRecord.schema.json``, as JSON text ending with a new line."""
    return {f"{WIRE_NAME}.schema.json": _text_of(record_schema())}


def _text_of(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
