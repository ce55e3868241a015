"""The field checks values make in ``__attrs_post_init__``, each giving the problems it finds.

Each returns an empty list when the value is fine, so that a class adds up
the problems of all its fields and raises them together.
"""

from __future__ import annotations

from datetime import datetime

from orientation_core._problems import Path, problem
from orientation_core.exceptions import Problem


def of_type(
    value: object, kind: type | tuple[type, ...], at: Path, expected: str | None = None
) -> list[Problem]:
    """``value`` must be an instance of ``kind`` (named ``expected`` in the message)."""
    if isinstance(value, kind):
        return []
    name = expected or (kind.__name__ if isinstance(kind, type) else "?")
    return [problem("type.invalid", at, expected=name)]


def all_of(value: object, kind: type, at: Path) -> list[Problem]:
    """``value`` must be a tuple of instances of ``kind``."""
    # A loop rather than all() over a generator, whose frame costs more than
    # looking through the one to three items a command carries (RecordAvis
    # of two avis: 12.3 against 10.4 thousand instructions).
    if type(value) is tuple:
        for item in value:
            if not isinstance(item, kind):
                break
        else:
            return []
    return [problem("type.invalid", at, expected=f"tuple[{kind.__name__}, ...]")]


def identifier(value: object, at: Path) -> list[Problem]:
    """``value`` must be a non-empty string, such as an actor's id."""
    if type(value) is str and value:
        return []
    return [problem("type.invalid", at, expected="str")]


def flag(value: object, at: Path) -> list[Problem]:
    """``value`` must be a bool (1 and 0 are not)."""
    return [] if type(value) is bool else [problem("type.invalid", at, expected="bool")]


def aware(value: object, at: Path, *, optional: bool = False) -> list[Problem]:
    """``value`` must be an aware datetime (or None, when ``optional``)."""
    if (optional and value is None) or (
        isinstance(value, datetime) and value.utcoffset() is not None
    ):
        return []
    return [problem("type.invalid", at, expected="aware datetime")]


def version(value: object, at: Path = ("version",)) -> list[Problem]:
    """``value`` must be a dossier version: a whole number from 1 (the opening) up."""
    if type(value) is int and value >= 1:
        return []
    return [problem("type.invalid", at, expected="int >= 1")]
