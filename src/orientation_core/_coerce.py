"""How collection fields take what hosts pass: any iterable, stored as a tuple or a frozenset."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


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
