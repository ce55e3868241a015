"""The values of benchmarks/values.py as msgspec structs, making the same decisions.

Benchmark-only (the ``bench`` extra); benchmarks/values.py skips this column
when msgspec is not installed.  msgspec checks types on decoding only, so the
rules beyond types are in ``__post_init__`` (which decoding runs too).  The
statuts are kept as a list in the form's order, which is what the dump writes
(msgspec writes a tuple as a tuple, where JSON-like data has lists).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec.structs import force_setattr

from benchmarks.values import STATUT_CODES, floor_checked_precision
from orientation_core import Statut, Voie

_VOIES = {v.value: v for v in Voie}


def _in_order(statuts: list[Statut]) -> list[Statut]:
    return [s for s in Statut if s in statuts]


class Intention(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One intention, as read back from data (codes exactly, no stripping)."""

    voie: Voie
    precision: str | None
    statuts: list[Statut]

    def __post_init__(self) -> None:
        force_setattr(self, "precision", floor_checked_precision(self.precision))
        force_setattr(self, "statuts", _in_order(self.statuts))
        if self.voie is Voie.GT and (self.precision is not None or self.statuts):
            raise ValueError("details")


class FormRow(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One row of the form, as posted: codes with the white space a browser leaves."""

    voie: str
    precision: str | None
    statuts: list[str]


def _check_unique(intentions: list[Intention]) -> None:
    if len({i.voie for i in intentions}) != len(intentions):
        raise ValueError("voie.duplicate")


class IntentionSet(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, tag_field="type", tag="IntentionSet"
):
    """The set, with its envelope, as the codec writes it."""

    schema: Literal[1]
    intentions: Annotated[list[Intention], msgspec.Meta(min_length=1, max_length=3)]

    def __post_init__(self) -> None:
        _check_unique(self.intentions)

    def move_up(self, rank: int) -> IntentionSet:
        """The floor's decisions: the rank is checked, a permutation needs no more."""
        if type(rank) is not int or not 2 <= rank <= len(self.intentions):
            raise ValueError("rank")
        items = list(self.intentions)
        items[rank - 2], items[rank - 1] = items[rank - 1], items[rank - 2]
        return msgspec.structs.replace(self, intentions=items)


_FORM = Annotated[tuple[FormRow, ...], msgspec.Meta(min_length=1, max_length=3)]


def from_form(rows: list[dict[str, Any]], *, details_enabled: bool) -> IntentionSet:
    """The set the form describes."""
    intentions = []
    for row in msgspec.convert(rows, _FORM):
        voie = _VOIES.get(row.voie.strip())
        codes = [c.strip() for c in row.statuts]
        if voie is None or not all(c in STATUT_CODES for c in codes):
            raise ValueError("code")
        intention = Intention(voie, row.precision, [Statut(c) for c in codes])
        if not details_enabled and (intention.precision is not None or intention.statuts):
            raise ValueError("details")
        intentions.append(intention)
    return IntentionSet(1, intentions)


def load(data: Any) -> IntentionSet:
    """The set that the codec's data describes."""
    return msgspec.convert(data, IntentionSet)


def dump(intentions: IntentionSet) -> Any:
    """The codec's data of the set."""
    return msgspec.to_builtins(intentions)
