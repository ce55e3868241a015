"""How far the value layer is from a hand-written floor: ``python -m benchmarks.values``.

Each case does the same work with the library and with plain tuples and the
same checks written by hand (the floor: what no design could beat by much),
and, when they are installed (the ``bench`` extra), with pydantic v2 models
and msgspec structs making the same decisions (benchmarks/_pydantic_rival.py
and _msgspec_rival.py).  Every side runs interleaved in the same rounds, so
that noise (another process, the CPU's clock) falls on all alike; the table
shows the fastest time per call (see compare_sides) and each side's ratio to
the floor.

For information, a last table compares building an intention with the
library's one ``__attrs_post_init__`` and with per-field attrs validators.
"""

from __future__ import annotations

import importlib
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import Any

import attrs

from benchmarks._timing import Sides, compare, compare_sides, table
from orientation_core import AcademySettings, Intention, IntentionSet, Statut, Voie
from orientation_core.codec import dump, load

ROWS: list[dict[str, Any]] = [
    {"voie": "GT", "precision": "", "statuts": []},
    {"voie": "PRO", "precision": "  Pâtisserie ", "statuts": ["SCOLAIRE"]},
    {"voie": "CAP", "precision": "Boulangerie", "statuts": ["SCOLAIRE", "APPRENTI"]},
]
SETTINGS = AcademySettings()

# --- the floor: plain tuples, the same checks --------------------------------

FloorIntention = tuple[str, str | None, frozenset[str]]
_VOIES = frozenset({"GT", "PRO", "CAP"})
STATUT_CODES = ("SCOLAIRE", "APPRENTI")
_FIELDS = frozenset({"voie", "precision", "statuts"})
_WHITESPACE = re.compile(r"\s+")
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def floor_precision(text: str) -> str | None:
    folded = _WHITESPACE.sub(" ", text).strip()
    if not folded.isascii():
        folded = unicodedata.normalize("NFC", folded)
    return folded or None


def floor_checked_precision(text: str | None) -> str | None:
    # For the rivals' models; the floor's own functions keep it inline.
    precision = None if text is None else floor_precision(text)
    if precision is not None and (len(precision) > 200 or _FORBIDDEN.search(precision)):
        raise ValueError("precision")
    return precision


def floor_from_form(
    rows: Sequence[Mapping[str, Any]], *, details_enabled: bool
) -> tuple[FloorIntention, ...]:
    if not isinstance(rows, list | tuple) or not 1 <= len(rows) <= 3:
        raise ValueError("rows")
    seen: set[str] = set()
    out = []
    for row in rows:
        if not isinstance(row, Mapping) or not _FIELDS.issuperset(row):
            raise ValueError("row")
        voie, text, codes = row.get("voie"), row.get("precision"), row.get("statuts")
        if not isinstance(voie, str) or voie.strip() not in _VOIES or voie.strip() in seen:
            raise ValueError("voie")
        voie = voie.strip()
        seen.add(voie)
        if text is not None and not isinstance(text, str):
            raise ValueError("precision")
        precision = None if text is None else floor_precision(text)
        if precision is not None and (len(precision) > 200 or _FORBIDDEN.search(precision)):
            raise ValueError("precision")
        if not isinstance(codes, list | tuple) or not all(
            isinstance(c, str) and c.strip() in STATUT_CODES for c in codes
        ):
            raise ValueError("statuts")
        statuts = frozenset(c.strip() for c in codes)
        if (precision is not None or statuts) and (voie == "GT" or not details_enabled):
            raise ValueError("details")
        out.append((voie, precision, statuts))
    return tuple(out)


def floor_move_up(intentions: tuple[FloorIntention, ...], rank: int) -> tuple[FloorIntention, ...]:
    if type(rank) is not int or not 2 <= rank <= len(intentions):
        raise ValueError("rank")
    items = list(intentions)
    items[rank - 2], items[rank - 1] = items[rank - 1], items[rank - 2]
    return tuple(items)


# The statuts of each of the four sets in the form's order, looked up as the
# library looks them up (issue 10: before, the floor sorted them at each dump
# and the library now beat it, 0.76 times its time).
_IN_ORDER = {
    frozenset(codes): codes
    for codes in ((), ("SCOLAIRE",), ("APPRENTI",), ("SCOLAIRE", "APPRENTI"))
}


def floor_dump(intentions: tuple[FloorIntention, ...]) -> dict[str, Any]:
    return {
        "schema": 1,
        "type": "IntentionSet",
        "intentions": [
            {"voie": v, "precision": p, "statuts": list(_IN_ORDER[ss])} for v, p, ss in intentions
        ],
    }


def floor_load(data: Any) -> tuple[FloorIntention, ...]:
    if (
        not isinstance(data, dict)
        or data.keys() != {"schema", "type", "intentions"}
        or type(data["schema"]) is not int
        or data["schema"] != 1
        or data["type"] != "IntentionSet"
        or type(data["intentions"]) is not list
    ):
        raise ValueError("envelope")
    rows = data["intentions"]
    if not 1 <= len(rows) <= 3:
        raise ValueError("count")
    seen: set[str] = set()
    out = []
    for row in rows:
        if type(row) is not dict or row.keys() != _FIELDS:
            raise ValueError("row")
        voie, text, codes = row["voie"], row["precision"], row["statuts"]
        if type(voie) is not str or voie not in _VOIES or voie in seen:
            raise ValueError("voie")
        seen.add(voie)
        if text is not None and type(text) is not str:
            raise ValueError("precision")
        precision = None if text is None else floor_precision(text)
        if precision is not None and (len(precision) > 200 or _FORBIDDEN.search(precision)):
            raise ValueError("precision")
        if type(codes) is not list or not all(type(c) is str and c in STATUT_CODES for c in codes):
            raise ValueError("statuts")
        statuts = frozenset(codes)
        if voie == "GT" and (precision is not None or statuts):
            raise ValueError("details")
        out.append((voie, precision, statuts))
    return tuple(out)


# --- for information: per-field attrs validators ------------------------------


def _precision_rules(instance: ValidatedIntention, _: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if type(value) is not str or len(value) > 200 or _FORBIDDEN.search(value):
        raise ValueError("precision")
    if instance.voie is Voie.GT:
        raise ValueError("details on GT")


def _statut_rules(instance: ValidatedIntention, _: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not frozenset or not all(isinstance(s, Statut) for s in value):
        raise ValueError("statuts")
    if value and instance.voie is Voie.GT:
        raise ValueError("details on GT")


def _optional_precision(value: str | None) -> str | None:
    return value if value is None else floor_precision(value)


def _statut_set(value: Iterable[Statut]) -> frozenset[Statut]:
    return value if type(value) is frozenset else frozenset(value)


@attrs.frozen
class ValidatedIntention:
    """The library's Intention, checked by one attrs validator per field instead."""

    voie: Voie = attrs.field(validator=attrs.validators.instance_of(Voie))
    precision: str | None = attrs.field(
        default=None, converter=_optional_precision, validator=_precision_rules
    )
    statuts: frozenset[Statut] = attrs.field(
        default=frozenset(), converter=_statut_set, validator=_statut_rules
    )


COLUMNS = ("library", "floor", "pydantic", "msgspec")


def rivals() -> dict[str, Any]:
    """The rivals' modules that can be imported, by column: those missing are skipped."""
    found = {}
    for column in COLUMNS[2:]:
        try:
            found[column] = importlib.import_module(f"benchmarks._{column}_rival")
        except ImportError:
            print(f"({column} is not installed: its column is skipped; pip install -e '.[bench]')")
    return found


def main(rounds: int = 300, number: int = 100) -> list[tuple[str, float, float]]:
    """Run every case, print the tables, and return the first table's rows."""
    built = IntentionSet.from_form(ROWS, SETTINGS)
    floor_built = floor_from_form(ROWS, details_enabled=True)
    dumped = dump(built)
    # The benchmark is worth nothing if the sides do not agree.
    assert floor_dump(floor_built) == dumped
    assert floor_load(dumped) == floor_built
    assert load(IntentionSet, dumped) == built
    assert dump(built.move_up(2)) == floor_dump(floor_move_up(floor_built, 2))

    cases: list[tuple[str, Sides]] = [
        (
            "from_form (3 rows)",
            {
                "library": lambda: IntentionSet.from_form(ROWS, SETTINGS),
                "floor": lambda: floor_from_form(ROWS, details_enabled=True),
            },
        ),
        (
            "codec.load",
            {"library": lambda: load(IntentionSet, dumped), "floor": lambda: floor_load(dumped)},
        ),
        (
            "move_up",
            {"library": lambda: built.move_up(2), "floor": lambda: floor_move_up(floor_built, 2)},
        ),
        ("codec.dump", {"library": lambda: dump(built), "floor": lambda: floor_dump(floor_built)}),
    ]
    for column, rival in rivals().items():
        theirs = rival.load(dumped)
        # The same data in, the same data out, the same refusals (tests/test_benchmarks.py).
        assert rival.dump(theirs) == dumped
        assert rival.dump(rival.from_form(ROWS, details_enabled=True)) == dumped
        assert rival.dump(theirs.move_up(2)) == dump(built.move_up(2))
        # partial calls cost less than a lambda: if anything, the rivals gain by it.
        cases[0][1][column] = partial(rival.from_form, ROWS, details_enabled=True)
        cases[1][1][column] = partial(rival.load, dumped)
        cases[2][1][column] = partial(theirs.move_up, 2)
        cases[3][1][column] = partial(rival.dump, theirs)
    times = compare_sides(cases, rounds, number)
    print(sides_table("The values against a hand-written floor (fastest sample per call)", times))
    rows = [(name, by_side["library"], by_side["floor"]) for name, by_side in times.items()]

    pro = (Voie.PRO, "Pâtisserie", frozenset({Statut.SCOLAIRE}))
    variant = compare(
        [
            (
                "Intention(PRO, précision, statut)",
                lambda: Intention(*pro),
                lambda: ValidatedIntention(*pro),
            ),
            ("Intention(GT)", lambda: Intention(Voie.GT), lambda: ValidatedIntention(Voie.GT)),
        ],
        rounds,
        number,
    )
    print()
    print(
        table(
            "For information: one __attrs_post_init__ against per-field validators",
            variant,
            "fields",
        )
    )
    return rows


def sides_table(title: str, times: dict[str, dict[str, float]]) -> str:
    """Microseconds per call of each side, then each side's ratio to the floor."""
    columns = [c for c in COLUMNS if any(c in by_side for by_side in times.values())]
    ratios = [c for c in columns if c != "floor"]
    lines = [
        title,
        f"{'case':<22}"
        + "".join(f"{c + ' µs':>13}" for c in columns)
        + "".join(f"{c + '/floor':>15}" for c in ratios),
    ]
    for name, by_side in times.items():
        floor = by_side["floor"]
        lines.append(
            f"{name:<22}"
            + "".join(
                f"{by_side[c] * 1e6:>13.2f}" if c in by_side else f"{'-':>13}" for c in columns
            )
            + "".join(
                f"{by_side[c] / floor:>15.2f}" if c in by_side else f"{'-':>15}" for c in ratios
            )
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
