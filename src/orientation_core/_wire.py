"""The codec's machinery: wire kinds, records, and the JSON Schema both are declared with.

A :class:`Record` declares one class once: its wire name and, for each field,
its name and its wire :class:`Kind`.  Writing a value, reading it back and the
JSON Schema of its data are all derived from that one declaration, so that the
codec and its published schema cannot drift apart.

Every kind reads what it is given without ever recursing into data it did not
expect: a value of the wrong type is reported where it stands, whatever it
holds (a list nested past the recursion limit, an integer of thousands of
digits), so that no input escapes as a bare Python error.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any, Final, Protocol

from orientation_core._describe import describe
from orientation_core._problems import Path, problem
from orientation_core.exceptions import InvalidValue, Problem

JSON_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

Problems = list[Problem]
Json = Any
Schema = dict[str, Any]
Defs = dict[str, Schema]
# A body reader reads one value's body (a dict without schema and type) found
# at ``at``, appends what is wrong to ``problems`` and returns the value, or
# None when it found problems: callers tell by the number of problems.
Reader = Callable[[dict[Any, Any], Path, Problems], Any]
# A body writer writes one value's fields into the dict it is given, after the
# keys it already holds (an envelope, a tag), and returns that dict.
Writer = Callable[[dict[str, Any], Any], dict[str, Any]]

MISSING: Final = object()
"""Stands for an absent key, told apart from a key whose value is null."""

# Instants and days as ISO 8601 text; [0-9] rather than \d, which Python lets
# match any script's digits.
_DAY = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
_TIME = "[0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.][0-9]{1,6})?"
_OFFSET = "(?:Z|[+-][0-9]{2}:[0-9]{2})"
INSTANT_PATTERN: Final = f"^{_DAY}T{_TIME}{_OFFSET}$"
DAY_PATTERN: Final = f"^{_DAY}$"
_INSTANT_TEXT = re.compile(f"{_DAY}T{_TIME}({_OFFSET})?")
_DAY_TEXT = re.compile(_DAY)
_INSTANT_WORDS = "date et heure ISO 8601"
_DAY_WORDS = "date ISO 8601"


def keys_problems(data: dict[Any, Any], expected: tuple[str, ...], at: Path) -> Problems:
    """The keys of ``expected`` that ``data`` lacks and those it has beyond them."""
    problems = [problem("key.missing", (*at, key)) for key in expected if key not in data]
    for key in data:
        if key not in expected:
            # A key that is not text (from a Python host: JSON has none) cannot
            # be a step of a path; the mapping that holds it is reported.
            where = (*at, describe(key)) if type(key) is str else at
            problems.append(problem("key.unknown", where))
    return problems


class Kind(Protocol):
    """How one field is written, read and described in the schema."""

    plain: bool = False
    """Whether the wire form is the value itself (text, numbers, booleans, None)."""

    def dump(self, value: Any) -> Json:
        """The wire form of ``value``."""
        return value

    def load(self, data: object, at: Path, problems: Problems) -> Any:
        """The value ``data`` holds, or None after appending what is wrong."""

    def schema(self, defs: Defs) -> Schema:
        """The JSON Schema of the wire form, adding the records it names to ``defs``."""


class _Typed(Kind):
    # Text, a whole number or a boolean, exactly: 1 is not True, nor 1.0 an int.
    plain = True

    def __init__(self, kind: type, json_type: str) -> None:
        self._kind = kind
        self._json_type = json_type

    def load(self, data: object, at: Path, problems: Problems) -> Any:
        if type(data) is self._kind:
            return data
        problems.append(problem("type.invalid", at, expected=self._kind.__name__))
        return None

    def schema(self, defs: Defs) -> Schema:
        return {"type": self._json_type}


TEXT: Final = _Typed(str, "string")
INT: Final = _Typed(int, "integer")
BOOL: Final = _Typed(bool, "boolean")


class _Step(Kind):
    # One step of a problem's path: a key or an index.
    plain = True

    def load(self, data: object, at: Path, problems: Problems) -> Any:
        if type(data) is str or type(data) is int:
            return data
        problems.append(problem("type.invalid", at, expected="str | int"))
        return None

    def schema(self, defs: Defs) -> Schema:
        return {"type": ["string", "integer"]}


STEP: Final = _Step()


class Optional(Kind):
    """``kind``, or null."""

    def __init__(self, kind: Kind) -> None:
        self._kind = kind
        self.plain = kind.plain

    def dump(self, value: Any) -> Json:
        return None if value is None else self._kind.dump(value)

    def load(self, data: object, at: Path, problems: Problems) -> Any:
        return None if data is None else self._kind.load(data, at, problems)

    def schema(self, defs: Defs) -> Schema:
        return {"anyOf": [{"type": "null"}, self._kind.schema(defs)]}


class Code(Kind):
    """An enum member, written as its code.

    ``unknown`` is the problem code of a code that names no member; by default
    ``code.unknown``, worded with the enum's kind.
    """

    def __init__(self, enum: Any, unknown: str | None = None) -> None:
        self.enum = enum
        self.members = tuple(enum)
        self._codes = {member.value: member for member in self.members}
        self._unknown = unknown

    def dump(self, value: Any) -> Json:
        # _value_ is the code as Enum's value property gives it, without the
        # property's call: a dump of the benchmark's 9 events, 448 to 432
        # thousand instructions.
        return value._value_

    def load(self, data: object, at: Path, problems: Problems) -> Any:
        if type(data) is not str:
            problems.append(problem("type.invalid", at, expected="str"))
            return None
        member = self._codes.get(data)
        if member is None:
            if self._unknown is None:
                problems.append(problem("code.unknown", at, kind=self.enum._kind))
            else:
                problems.append(problem(self._unknown, at))
        return member

    def schema(self, defs: Defs) -> Schema:
        return {"enum": [member.value for member in self.members]}


class _Instant(Kind):
    # An aware instant, written in UTC with its offset; read back in UTC.
    def dump(self, value: datetime) -> Json:
        if value.tzinfo is UTC:
            # Every instant the library keeps is in UTC already: written
            # without the conversion and its guard (10 against 16 thousand
            # instructions a dump, counted with callgrind).
            return datetime.isoformat(value)
        # At the very ends of time UTC cannot hold it: written with its own offset.
        with contextlib.suppress(OverflowError):
            value = value.astimezone(UTC)
        # The base class's wording, whatever subclass a host passed (pendulum).
        return datetime.isoformat(value)

    def load(self, data: object, at: Path, problems: Problems) -> Any:
        matched = _INSTANT_TEXT.fullmatch(data) if type(data) is str else None
        if matched is not None and matched.group(1) is None:
            problems.append(problem("time.naive", at))
            return None
        moment = _parsed(datetime.fromisoformat, data, matched)
        if moment is None:
            problems.append(problem("type.invalid", at, expected=_INSTANT_WORDS))
            return None
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            return moment

    def schema(self, defs: Defs) -> Schema:
        return {"type": "string", "format": "date-time", "pattern": INSTANT_PATTERN}


class _Day(Kind):
    # A local day, without a time or a zone.
    def dump(self, value: date) -> Json:
        return date.isoformat(value)

    def load(self, data: object, at: Path, problems: Problems) -> Any:
        matched = _DAY_TEXT.fullmatch(data) if type(data) is str else None
        day = _parsed(date.fromisoformat, data, matched)
        if day is None:
            problems.append(problem("type.invalid", at, expected=_DAY_WORDS))
        return day

    def schema(self, defs: Defs) -> Schema:
        return {"type": "string", "format": "date", "pattern": DAY_PATTERN}


def _parsed(parse: Callable[[str], Any], data: Any, matched: re.Match[str] | None) -> Any:
    # The day or instant of text already matched, or None when it names none
    # (a 13th month, a 30th of February).
    if matched is None:
        return None
    try:
        return parse(data)
    except ValueError:
        return None


INSTANT: Final = _Instant()
DAY: Final = _Day()


class _DayOrInstant(Kind):
    # A local day or an aware instant, told apart by their text.
    def dump(self, value: date) -> Json:
        if isinstance(value, datetime):
            return INSTANT.dump(value)
        return DAY.dump(value)

    def load(self, data: object, at: Path, problems: Problems) -> Any:
        if type(data) is str and _DAY_TEXT.fullmatch(data):
            return DAY.load(data, at, problems)
        return INSTANT.load(data, at, problems)

    def schema(self, defs: Defs) -> Schema:
        return {"anyOf": [DAY.schema(defs), INSTANT.schema(defs)]}


DAY_OR_INSTANT: Final = _DayOrInstant()


class _Items(Kind):
    # A collection written as a list, each item of ``kind``.
    def __init__(self, kind: Kind) -> None:
        self._kind = kind

    def items(self, data: object, at: Path, problems: Problems) -> list[Any] | None:
        if type(data) is not list:
            problems.append(problem("type.invalid", at, expected="list"))
            return None
        kind = self._kind
        return [kind.load(item, (*at, index), problems) for index, item in enumerate(data)]

    def schema(self, defs: Defs) -> Schema:
        return {"type": "array", "items": self._kind.schema(defs)}


class Tuple(_Items):
    """A tuple, written as a list in its order."""

    def dump(self, value: Iterable[Any]) -> Json:
        kind = self._kind
        if kind.plain:
            return list(value)
        return [kind.dump(item) for item in value]

    def load(self, data: object, at: Path, problems: Problems) -> Any:
        items = self.items(data, at, problems)
        return None if items is None else tuple(items)


class Set(_Items):
    """A frozenset, written as a sorted list; order and repeats carry no meaning on reading.

    Enum members are sorted in their enum's order (the form's), anything else
    by its wire form.
    """

    def dump(self, value: frozenset[Any]) -> Json:
        kind = self._kind
        if not value:
            return []
        # Not isinstance: Code is a Protocol's subclass, whose isinstance runs
        # in Python (the sync records of 9 events: 606 to 593 thousand
        # instructions).
        if type(kind) is Code:
            return [member._value_ for member in kind.members if member in value]
        return sorted(kind.dump(item) for item in value)

    def load(self, data: object, at: Path, problems: Problems) -> Any:
        items = self.items(data, at, problems)
        return None if items is None else frozenset(items)


class Record:
    """One class on the wire: its name, written once, and its fields, declared once.

    Args:
        name: The wire name, which never changes once released.
        cls: The class.
        fields: Each field's name (the attribute's) and wire kind, in order.
        build: Builds the value from the fields read, by keyword (the class itself
            by default, so that the constructor checks the rules it always checks).
        write: Writes the body into the dict given, when not field by field.
        read: Reads the body, when its problems are worded otherwise than the
            constructor words them.

    """

    def __init__(
        self,
        name: str,
        cls: type[Any],
        fields: tuple[tuple[str, Kind], ...],
        *,
        build: Callable[..., Any] | None = None,
        write: Writer | None = None,
        read: Reader | None = None,
    ) -> None:
        self.name = name
        self.cls = cls
        self.fields = fields
        self.keys = tuple(key for key, _ in fields)
        self._key_set = frozenset(self.keys)
        self._build = cls if build is None else build
        self._writers = tuple((key, None if kind.plain else kind.dump) for key, kind in fields)
        self.write = self._write if write is None else write
        self.read = self._read if read is None else read

    def _write(self, body: dict[str, Json], value: Any) -> dict[str, Json]:
        # A loop into the dict given rather than a comprehension, which is a
        # call of its own, merged after the envelope's keys: the 9 events'
        # dumps, 418 to 334 thousand instructions.
        for key, dump in self._writers:
            body[key] = getattr(value, key) if dump is None else dump(getattr(value, key))
        return body

    def _read(self, data: dict[Any, Any], at: Path, problems: Problems) -> Any:
        before = len(problems)
        # Checked once per record read: the common case first.
        if data.keys() != self._key_set:
            problems += keys_problems(data, self.keys, at)
        values = {}
        for key, kind in self.fields:
            found = data.get(key, MISSING)
            if found is not MISSING:
                values[key] = kind.load(found, (*at, key), problems)
        if len(problems) > before:
            return None
        try:
            return self._build(**values)
        except InvalidValue as error:
            # The constructor's problems, located from the top of the data.
            problems += (
                Problem(p.code, (*at, *p.path), p.message, p.detail) for p in error.problems
            )
            return None

    def properties(self, defs: Defs) -> Schema:
        """The JSON Schema of each field of the body, by name."""
        return {key: kind.schema(defs) for key, kind in self.fields}

    def body_schema(self, defs: Defs) -> Schema:
        """The JSON Schema of the body: exactly these keys, each of its kind."""
        return _object(self.properties(defs), self.keys)


def _object(properties: Schema, required: Iterable[str]) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


class Nested(Kind):
    """The body of a value of another record, without schema or type."""

    def __init__(self, record: Record) -> None:
        self._record = record

    def dump(self, value: Any) -> Json:
        return self._record.write({}, value)

    def load(self, data: object, at: Path, problems: Problems) -> Any:
        if not isinstance(data, dict):
            problems.append(problem("type.invalid", at, expected="dict"))
            return None
        return self._record.read(data, at, problems)

    def schema(self, defs: Defs) -> Schema:
        name = self._record.name
        if name not in defs:
            defs[name] = {}  # taken before its fields, which may name it again
            defs[name] = self._record.body_schema(defs)
        return {"$ref": f"#/$defs/{name}"}


class Tagged(Kind):
    """A value of one of several records, its body led by ``"type"``: its record's name."""

    def __init__(self, *records: Record) -> None:
        self._records = records
        self._by_class = {record.cls: record for record in records}
        self._by_name = {record.name: record for record in records}
        self._expected = " | ".join(record.name for record in records)

    def dump(self, value: Any) -> Json:
        record = self._by_class[type(value)]
        return record.write({"type": record.name}, value)

    def load(self, data: object, at: Path, problems: Problems) -> Any:
        if not isinstance(data, dict):
            problems.append(problem("type.invalid", at, expected="dict"))
            return None
        name = data.get("type", MISSING)
        record = self._by_name.get(name) if type(name) is str else None
        if record is None:
            if name is MISSING:
                problems.append(problem("key.missing", (*at, "type")))
            else:
                problems.append(problem("type.invalid", (*at, "type"), expected=self._expected))
            return None
        body = data.copy()
        del body["type"]
        return record.read(body, at, problems)

    def schema(self, defs: Defs) -> Schema:
        return {
            "oneOf": [
                _object(
                    {"type": {"const": record.name}, **record.properties(defs)},
                    ("type", *record.keys),
                )
                for record in self._records
            ]
        }


def document(record: Record, version: int) -> Schema:
    """The JSON Schema document of ``record``'s top-level data, envelope included."""
    defs: Defs = {}
    properties = {
        "schema": {"const": version},
        "type": {"const": record.name},
        **record.properties(defs),
    }
    schema: Schema = {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"urn:orientation-core:schema:{version}:{record.name}",
        "title": record.name,
        **_object(properties, ("schema", "type", *record.keys)),
    }
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema
