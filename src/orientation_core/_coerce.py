"""How values take what hosts pass: collections from any iterable, enums from their codes."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from orientation_core._problems import problem
from orientation_core.exceptions import InvalidValue


def collected(value: Any, kind: type[tuple[Any, ...]] | type[frozenset[Any]]) -> Any:
    """``value`` as a ``kind`` when it is an iterable, else ``value`` as it is.

    Text and mappings are iterable but never the collection meant, so they are
    left as they are too.  Whatever is left is for the class's
    ``__attrs_post_init__`` to report with every other problem, rather than
    failing here with a bare ``TypeError``.
    """
    if type(value) is kind or isinstance(value, str | bytes | Mapping):
        return value
    try:
        return kind(value)
    except TypeError:
        return value


class Coded(enum.Enum):
    """An enum whose values are stable codes; an unknown code is the library's own error.

    ``Voie("BTS")`` raises :class:`~orientation_core.exceptions.InvalidValue`
    with the code ``"code.unknown"`` rather than a bare ``ValueError``.
    """

    @classmethod
    def _missing_(cls, value: object) -> Coded:
        raise InvalidValue((problem("code.unknown", (), kind=cls.__name__),))
