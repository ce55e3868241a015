"""How values take what hosts pass: collections from any iterable, enums from their codes."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, ClassVar

from orientation_core._problems import problem
from orientation_core.exceptions import InvalidValue


def collected(value: Any, kind: type[tuple[Any, ...]] | type[frozenset[Any]]) -> Any:
    """``value`` as a ``kind`` when it is an iterable, else ``value`` as it is.

    Text and mappings are iterable but never the collection meant, so they are
    left as they are too.  Whatever is left is for the class's
    ``__attrs_post_init__`` to report with every other problem, rather than
    failing here with a bare ``TypeError``.
    """
    if type(value) is kind:
        return value
    # A list, the host's usual collection, is never text or a mapping: it
    # skips the Mapping ABC's check, which runs the ABC machinery (a list
    # collected: 5.7 against 1.9 thousand instructions; an AnswerPropositions
    # of a list: 21.3 against 17.6).
    if type(value) is not list and isinstance(value, str | bytes | Mapping):
        return value
    try:
        return kind(value)
    except TypeError:
        return value


class _CodedType(enum.EnumType):
    _kind: str  # each Coded enum names its kind of code in French

    # Python's own lookup writes the value into a ValueError of its own
    # (``%r is not a valid Voie``) even when _missing_ raises, which fails on
    # a huge integer, a deeply nested list or an object whose __repr__ or
    # __hash__ raises; so the codes are looked up here, without ever hashing,
    # comparing or writing out what the host passed.  Only codes are looked
    # up: Enum's functional API, which builds new enums, is not for them.
    def __call__(cls, value: object) -> Any:  # type: ignore[override]
        enum_class: type = cls  # typed as a class, so that mypy sees a member can be passed
        if type(value) is enum_class:
            return value
        # A str subclass (a host's own StrEnum member) is read as its plain text.
        member = cls._value2member_map_.get(str.__str__(value)) if isinstance(value, str) else None
        if member is None:
            raise InvalidValue((problem("code.unknown", (), kind=cls._kind),))
        return member


class Coded(enum.Enum, metaclass=_CodedType):
    """An enum whose values are stable codes; an unknown code is the library's own error.

    ``Voie("BTS")``, or ``Voie(x)`` for any ``x`` at all that is not a code,
    raises :class:`~orientation_core.exceptions.InvalidValue` with the code
    ``"code.unknown"`` rather than a bare ``ValueError``.  Each enum names its
    kind in French for the message: ``class Voie(Coded, kind="voie")``.
    """

    _kind: ClassVar[str]

    # Enum hashes a member by its name in Python code (0.09 µs, against 0.03
    # for this one): the permission matrix alone hashed three per command.
    # Members are singletons and compare by identity (Enum keeps
    # object.__eq__; a pickled member comes back as the same object), so the
    # identity hash agrees with equality and runs in C.  Like a name's hash,
    # it differs from one process to the next, and nothing keeps one.
    __hash__ = object.__hash__

    def __init_subclass__(cls, /, kind: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._kind = kind
