"""The values of benchmarks/values.py as pydantic v2 models, making the same decisions.

Benchmark-only (the ``bench`` extra); benchmarks/values.py skips this column
when pydantic is not installed.  The rules are the floor's: 1 to 3
intentions, each voie once, a précision normalised and checked, statuts,
details only where the académie allows them and never for GT.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationInfo,
    field_serializer,
    field_validator,
    model_validator,
)

from benchmarks.values import STATUT_CODES, floor_checked_precision
from orientation_core import Statut, Voie


class Intention(BaseModel):
    """One intention, as read back from data (codes exactly, no stripping)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    voie: Voie
    precision: Annotated[str | None, Strict()]
    statuts: frozenset[Statut]

    @field_validator("precision")
    @classmethod
    def _normalised(cls, text: str | None) -> str | None:
        return floor_checked_precision(text)

    @model_validator(mode="after")
    def _details(self, info: ValidationInfo) -> Intention:
        disabled = info.context is not None and not info.context["details_enabled"]
        if (self.precision is not None or self.statuts) and (self.voie is Voie.GT or disabled):
            raise ValueError("details")
        return self

    @field_serializer("statuts")
    def _in_order(self, statuts: frozenset[Statut]) -> list[str]:
        return [code for code in STATUT_CODES if Statut(code) in statuts]


class FormIntention(Intention):
    """One row of the form: codes trimmed of the white space a browser leaves."""

    @field_validator("voie", mode="before")
    @classmethod
    def _trimmed(cls, voie: Any) -> Any:
        return voie.strip() if isinstance(voie, str) else voie

    @field_validator("statuts", mode="before")
    @classmethod
    def _trimmed_codes(cls, codes: Any) -> Any:
        if isinstance(codes, list | tuple):
            return [c.strip() if isinstance(c, str) else c for c in codes]
        return codes


def _unique(intentions: tuple[Intention, ...]) -> tuple[Intention, ...]:
    if len({i.voie for i in intentions}) != len(intentions):
        raise ValueError("voie.duplicate")
    return intentions


class IntentionSet(BaseModel):
    """The set, with its envelope, as the codec writes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_: Literal[1] = Field(alias="schema")
    type: Literal["IntentionSet"]
    intentions: Annotated[tuple[Intention, ...], Field(min_length=1, max_length=3)]

    _check = field_validator("intentions")(_unique)

    def move_up(self, rank: int) -> IntentionSet:
        """The floor's decisions: the rank is checked, a permutation needs no more."""
        if type(rank) is not int or not 2 <= rank <= len(self.intentions):
            raise ValueError("rank")
        items = list(self.intentions)
        items[rank - 2], items[rank - 1] = items[rank - 1], items[rank - 2]
        return self.model_copy(update={"intentions": tuple(items)})


class Form(BaseModel):
    """What the form posts: 1 to 3 rows."""

    rows: Annotated[tuple[FormIntention, ...], Field(min_length=1, max_length=3)]

    _check = field_validator("rows")(_unique)


def from_form(rows: list[dict[str, Any]], *, details_enabled: bool) -> IntentionSet:
    """The set the form describes."""
    form = Form.model_validate({"rows": rows}, context={"details_enabled": details_enabled})
    return IntentionSet.model_construct(schema_=1, type="IntentionSet", intentions=form.rows)


def load(data: Any) -> IntentionSet:
    """The set that the codec's data describes."""
    return IntentionSet.model_validate(data)


def dump(intentions: IntentionSet) -> dict[str, Any]:
    """The codec's data of the set."""
    return intentions.model_dump(mode="json", by_alias=True)
