"""How near the cohort's floor the library's design can come: its checks switched off.

Run it with ``python -m benchmarks.bound [--pupils N] [--rounds R]``.

The cohort of ``benchmarks/cohort.py`` (every phase, the replay, the sync
records), library and floor in turn school by school, in processor time, for
three builds of the library, each in a fresh interpreter:

- as shipped;
- with no checks: every ``__attrs_post_init__`` of the library's classes (the
  values, the commands, the events, the campaign) does nothing, so that what
  is left is what the design costs by itself: the attrs classes built, the
  dossier folded, the policy asked, the codec and the sync records;
- with no checks and nothing frozen: the same, and ``attrs.frozen`` made into
  a mutable ``attrs.define`` before the library is imported, so that an
  ``__init__`` sets its fields as plain attributes.

Neither of the last two is a library anyone may use: they measure a bound.
Both still run the converters (texts trimmed, instants brought to UTC), and
each round checks that the library's records and checksum are the floor's.
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing
import pkgutil
import statistics
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

# Nothing of the library is imported at the top, only in the functions: the
# build with nothing frozen must change attrs before the library's classes
# are made, in a fresh interpreter that imports this module first.

SHIPPED = "as shipped"
UNCHECKED = "no checks"
THAWED = "no checks, nothing frozen"
BUILDS = (SHIPPED, UNCHECKED, THAWED)
SPAWN = multiprocessing.get_context("spawn")


def _thaw() -> None:
    # Every class the library decorates with attrs.frozen becomes mutable,
    # still hashable and compared by value.
    define = attrs.define

    def thawed(maybe_cls: Any = None, **options: Any) -> Any:
        options.update(frozen=False, unsafe_hash=True, on_setattr=attrs.setters.NO_OP)
        return define(**options) if maybe_cls is None else define(maybe_cls, **options)

    attrs.frozen = thawed


def _skip(_self: object) -> None:
    return None


def _uncheck() -> int:
    # Every class of the library with checks of its own skips them; the
    # number of classes changed is returned, so that a run shows it.
    library = importlib.import_module("orientation_core")
    changed = 0
    for found in pkgutil.walk_packages(library.__path__, "orientation_core."):
        if found.name.endswith("__main__"):  # running it would run the CLI
            continue
        module = importlib.import_module(found.name)
        for value in list(vars(module).values()):
            if (
                isinstance(value, type)
                and value.__module__ == module.__name__
                and attrs.has(value)
                and "__attrs_post_init__" in vars(value)
            ):
                value.__attrs_post_init__ = _skip  # type: ignore[attr-defined]
                changed += 1
    return changed


def measure(build: str, pupils: int, rounds: int) -> tuple[float, float, int]:
    """Processor seconds per pupil of each side, and the classes changed; in a fresh interpreter.

    The sides run in turn school by school (``benchmarks.cohort.run_in_turn``,
    which checks that they agree); each side's figure is the median of
    ``rounds`` runs over the cohort.
    """
    if build == THAWED:
        _thaw()
    cohort = importlib.import_module("benchmarks.cohort")

    changed = 0 if build == SHIPPED else _uncheck()
    sizes = cohort.school_sizes(pupils)
    # A first school on each side, not counted: the first run of a process
    # pays for what is made once (compiled patterns, caches).
    for side in ("library", "floor"):
        cohort.run_school(side, 0, cohort.SCHOOL_SIZE)
    runs = [cohort.run_in_turn(sizes) for _ in range(rounds)]
    return (
        statistics.median(library for library, _ in runs) / pupils,
        statistics.median(floor for _, floor in runs) / pupils,
        changed,
    )


def main(pupils: int = 3_000, rounds: int = 5) -> list[tuple[str, float, float, int]]:
    """Run each build in a fresh interpreter, print the table, and return its rows."""
    rows = []
    for build in BUILDS:
        with SPAWN.Pool(1) as pool:
            library, floor, changed = pool.apply(measure, (build, pupils, rounds))
        rows.append((build, library, floor, changed))
    print(f"The cohort's bound: {pupils:,} pupils, one core, sides in turn by school")
    print(f"{'library':<28}{'classes':>8}{'library µs':>12}{'floor µs':>10}{'ratio':>8}")
    for build, library, floor, changed in rows:
        print(
            f"{build:<28}{changed:>8}{library * 1e6:>12.1f}{floor * 1e6:>10.1f}"
            f"{library / floor:>8.2f}"
        )
    return rows


def arguments(argv: Sequence[str]) -> Mapping[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bound", description=__doc__)
    parser.add_argument("--pupils", type=int, default=3_000)
    parser.add_argument("--rounds", type=int, default=5)
    return vars(parser.parse_args(argv))


if __name__ == "__main__":
    given = arguments(sys.argv[1:])
    main(given["pupils"], given["rounds"])
