"""JSON-compatible data for hosts and synchronisation: :func:`dump` and :func:`load`.

:func:`dump` turns a value into plain data (dicts, lists, strings, numbers,
booleans and None) that :mod:`json` writes as it is; :func:`load` builds the
value back, or raises :class:`~orientation_core.exceptions.InvalidValue`
listing every problem at once, each located by the keys and 0-based indices
that lead to it from the top of the data.

Every top-level dump is a dict whose first key is ``"schema"``
(:data:`SCHEMA_VERSION`), then ``"type"`` (the name of the value's class),
then the body of the value.  Values inside a value (the intentions of a set)
are bare bodies, without schema or type.  Enum members are written as their
code, and at the top level as ``{"schema": 1, "type": "Voie", "code": "GT"}``
so that every dump has the same envelope.

>>> from orientation_core import Intention, Voie
>>> dump(Intention(Voie.PRO, "Pâtisserie"))
{'schema': 1, 'type': 'Intention', 'voie': 'PRO', 'precision': 'Pâtisserie', 'statuts': []}
>>> load(Intention, {"schema": 1, "type": "Intention", "voie": "GT",
...                  "precision": None, "statuts": []})
Intention(voie=<Voie.GT: 'GT'>, precision=None, statuts=frozenset())

What :func:`load` accepts is exactly what :func:`dump` writes, with two
allowances: a précision is normalised as the constructor does (see
:func:`~orientation_core.normalise_precision`), so text typed by hand or
sent by an older client is taken as the family meant it; and the statuts of
an intention are a set, so their order and any repetition carry no meaning.
Every key is required, ``null`` and ``[]`` included: a record that lacks one
is more likely truncated than abbreviated.  When ``"schema"`` names another
version or ``"type"`` another class, the body is not read, since its meaning
depends on both; when either key is missing, the body is still read as this
version's body of the requested class, so that every problem shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeAlias, TypeVar, cast

from orientation_core._describe import describe
from orientation_core._intention import (
    Intention,
    IntentionSet,
    intention_problems,
    normalise_precision,
    set_problems,
)
from orientation_core._problems import Path, problem
from orientation_core._settings import AcademySettings
from orientation_core._voie import Statut, Voie
from orientation_core.exceptions import InvalidValue, Problem

__all__ = ["SCHEMA_VERSION", "JsonValue", "dump", "load"]

SCHEMA_VERSION: Final = 1
"""The version of the wire format :func:`dump` writes and :func:`load` reads."""

JsonValue: TypeAlias = dict[str, "JsonValue"] | list["JsonValue"] | str | int | float | bool | None
"""What :mod:`json` can write: the shape of everything :func:`dump` returns."""

T = TypeVar("T")

Body: TypeAlias = dict[str, JsonValue]
# A body loader reads one value's body (a dict without schema and type) found
# at the path ``at``, appends what is wrong to ``problems`` and returns the
# value, or None when it found problems.
DumpBody: TypeAlias = Callable[[Any], Body]
LoadBody: TypeAlias = Callable[[dict[Any, object], Path, list[Problem]], object]

_ENVELOPE = ("schema", "type")
# Absent keys are told apart from keys whose value is null.
_MISSING: Final = object()
# Stands in, for the set's rules, for a row whose voie could not be read.
_UNREADABLE: Final = object()

_VOIES = {v.value: v for v in Voie}
_STATUTS = {s.value: s for s in Statut}
# In the Statut enum's order, which is the form's; codes looked up once.
_STATUT_CODES = tuple((s, s.value) for s in Statut)
_INTENTION_KEYS = ("voie", "precision", "statuts")
_INTENTION_KEY_SET = frozenset(_INTENTION_KEYS)


def dump(value: object) -> dict[str, JsonValue]:
    """The JSON-compatible data of ``value``, with the schema version and the type.

    Raises:
        InvalidValue: with the code ``type.unsupported`` when the codec does
            not know the class of ``value``.

    """
    codec = _CODECS.get(type(value))
    if codec is None:
        raise InvalidValue((problem("type.unsupported", (), name=describe(type(value).__name__)),))
    return {"schema": SCHEMA_VERSION, "type": type(value).__name__, **codec[0](value)}


def load(cls: type[T], data: object) -> T:
    """The value of class ``cls`` that ``data`` (as :func:`dump` writes it) describes.

    Args:
        cls: The class expected, such as ``IntentionSet``.
        data: Plain data, typically what :func:`json.loads` returned.

    Raises:
        InvalidValue: with every problem found in ``data``, each located by
            its path from the top; or with the code ``type.unsupported`` when
            the codec does not know ``cls``.

    """
    codec = _CODECS.get(cls) if isinstance(cls, type) else None
    if codec is None:
        name = cls.__name__ if isinstance(cls, type) else type(cls).__name__
        raise InvalidValue((problem("type.unsupported", (), name=describe(name)),))
    if not isinstance(data, dict):
        raise InvalidValue((problem("type.invalid", (), expected="dict"),))
    problems: list[Problem] = []
    readable = True
    schema = data.get("schema", _MISSING)
    if schema is _MISSING:
        problems.append(problem("key.missing", ("schema",)))
    elif type(schema) is not int or schema != SCHEMA_VERSION:
        problems.append(problem("schema.unsupported", ("schema",), found=describe(schema)))
        readable = False
    kind = data.get("type", _MISSING)
    if kind is _MISSING:
        problems.append(problem("key.missing", ("type",)))
    elif type(kind) is not str or kind != cls.__name__:
        problems.append(problem("type.invalid", ("type",), expected=cls.__name__))
        readable = False
    if not readable:
        raise InvalidValue(problems)
    body = data.copy()
    for key in _ENVELOPE:
        body.pop(key, None)
    value = codec[1](body, (), problems)
    if problems:
        raise InvalidValue(problems)
    return cast("T", value)


def _keys(
    data: dict[Any, object], expected: tuple[str, ...], at: Path, problems: list[Problem]
) -> None:
    """Report the keys of ``expected`` that ``data`` lacks and those it has beyond them."""
    if len(data) == len(expected) and all(key in data for key in expected):
        return
    problems.extend(problem("key.missing", (*at, key)) for key in expected if key not in data)
    for key in data:
        if key not in expected:
            # A key that is not text (from a Python host: JSON has none) cannot
            # be a step of a path; the mapping that holds it is reported.
            where = (*at, describe(key)) if type(key) is str else at
            problems.append(problem("key.unknown", where))


def _typed(
    data: dict[Any, object], key: str, kind: type[T], at: Path, problems: list[Problem]
) -> T | None:
    """The value of ``key`` when it is exactly of type ``kind``, else None.

    A missing key was reported by :func:`_keys`; a value of another type is
    reported here.
    """
    value = data.get(key, _MISSING)
    if value is _MISSING:
        return None
    if type(value) is not kind:
        problems.append(problem("type.invalid", (*at, key), expected=kind.__name__))
        return None
    return value


def _dump_enum(value: Voie | Statut) -> Body:
    return {"code": value.value}


def _enum_loader(codes: dict[str, T], unknown: str) -> LoadBody:
    def load_enum(data: dict[Any, object], at: Path, problems: list[Problem]) -> T | None:
        _keys(data, ("code",), at, problems)
        code = _typed(data, "code", str, at, problems)
        if code is None:
            return None
        member = codes.get(code)
        if member is None:
            problems.append(problem(unknown, (*at, "code")))
        return member

    return load_enum


def _dump_intention(intention: Intention) -> Body:
    statuts = intention.statuts
    return {
        "voie": intention.voie.value,
        "precision": intention.precision,
        "statuts": [code for s, code in _STATUT_CODES if s in statuts] if statuts else [],
    }


def _load_intention(data: dict[Any, object], at: Path, problems: list[Problem]) -> Intention | None:
    return _read_intention(data, at, problems)[1]


def _read_intention(
    data: object, at: Path, problems: list[Problem]
) -> tuple[Voie | None, Intention | None]:
    """The voie (when readable) and the intention (when valid) of one body."""
    if not isinstance(data, dict):
        problems.append(problem("type.invalid", at, expected="dict"))
        return None, None
    before = len(problems)
    # Checked once per row of every record synchronised: the common case first.
    if data.keys() != _INTENTION_KEY_SET:
        _keys(data, _INTENTION_KEYS, at, problems)

    voie: Voie | None = None
    voie_code = data.get("voie", _MISSING)
    if voie_code is None:
        problems.append(problem("voie.missing", (*at, "voie")))
    elif type(voie_code) is str:
        voie = _VOIES.get(voie_code)
        if voie is None:
            problems.append(problem("voie.unknown", (*at, "voie")))
    elif voie_code is not _MISSING:
        problems.append(problem("type.invalid", (*at, "voie"), expected="str"))

    precision = data.get("precision")
    if type(precision) is str:
        precision = normalise_precision(precision)
    statuts = _read_statuts(data.get("statuts", _MISSING), at, problems)

    # The voie's own problems were worded above, for what the data holds;
    # intention_problems only sees a voie that is None or a Voie.
    found = intention_problems(voie, precision, statuts, at)
    if found:
        problems.extend(p for p in found if p.code != "voie.missing")
    if voie is None or len(problems) > before:
        return voie, None
    # Every rule of the constructor was checked just above.
    return voie, Intention._trusted(voie, cast("str | None", precision), statuts)


def _read_statuts(value: object, at: Path, problems: list[Problem]) -> frozenset[Statut]:
    """The statuts of the intention at ``at``, from the list of their codes."""
    if type(value) is not list:
        if value is not _MISSING:
            problems.append(problem("type.invalid", (*at, "statuts"), expected="list[str]"))
        return frozenset()
    statuts: set[Statut] = set()
    for index, code in enumerate(value):
        if type(code) is not str:
            problems.append(problem("type.invalid", (*at, "statuts", index), expected="str"))
            continue
        statut = _STATUTS.get(code)
        if statut is None:
            problems.append(problem("statut.unknown", (*at, "statuts", index)))
        else:
            statuts.add(statut)
    return frozenset(statuts)


def _dump_intention_set(intentions: IntentionSet) -> Body:
    return {"intentions": [_dump_intention(i) for i in intentions.intentions]}


def _load_intention_set(
    data: dict[Any, object], at: Path, problems: list[Problem]
) -> IntentionSet | None:
    _keys(data, ("intentions",), at, problems)
    rows = data.get("intentions", _MISSING)
    if rows is _MISSING:
        return None
    where = (*at, "intentions")
    if type(rows) is not list:
        problems.append(problem("type.invalid", where, expected="list"))
        return None
    before = len(problems)
    read = [_read_intention(row, (*where, index), problems) for index, row in enumerate(rows)]
    intentions = tuple(intention for _, intention in read)
    if len(problems) > before:
        # The set's rules (count, each voie once) still apply to the rows whose
        # voie could be read; a row that could not stands in as a non-intention,
        # whose type.invalid problem is dropped since the row's own came first.
        probes = tuple(
            _UNREADABLE if voie is None else Intention._trusted(voie, None, frozenset())
            for voie, _ in read
        )
        problems.extend(p for p in set_problems(probes, where) if p.code != "type.invalid")
        return None
    set_level = set_problems(intentions, where)
    if set_level:
        problems.extend(set_level)
        return None
    return IntentionSet._trusted(cast("tuple[Intention, ...]", intentions))


def _dump_settings(settings: AcademySettings) -> Body:
    return {"details_enabled": settings.details_enabled}


def _load_settings(
    data: dict[Any, object], at: Path, problems: list[Problem]
) -> AcademySettings | None:
    _keys(data, ("details_enabled",), at, problems)
    enabled = _typed(data, "details_enabled", bool, at, problems)
    if enabled is None:
        return None
    return AcademySettings(details_enabled=enabled)


# Every class the codec knows, with how to write and read its body.  Adding a
# class is adding its entry here; its name in the data is the class's name.
_CODECS: dict[type[Any], tuple[DumpBody, LoadBody]] = {
    Voie: (_dump_enum, _enum_loader(_VOIES, "voie.unknown")),
    Statut: (_dump_enum, _enum_loader(_STATUTS, "statut.unknown")),
    Intention: (_dump_intention, _load_intention),
    IntentionSet: (_dump_intention_set, _load_intention_set),
    AcademySettings: (_dump_settings, _load_settings),
    # campaign (issue 3)
    # dossier (issue 4)
}
