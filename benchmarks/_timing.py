"""The method every benchmark shares: library and floor interleaved, medians, ratios.

Each case does the same work twice, once with the library and once with a
hand-written floor.  Both sides run in the same rounds, one after the other,
so that the noise of the machine (another process, the processor's clock)
falls on both alike; only the ratio is worth reading.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence

Case = tuple[str, Callable[[], object], Callable[[], object]]
Row = tuple[str, float, float]


def per_call(function: Callable[[], object], number: int) -> float:
    """Seconds per call of ``function`` over ``number`` calls."""
    start = time.perf_counter()
    for _ in range(number):
        function()
    return (time.perf_counter() - start) / number


def compare(cases: Sequence[Case], rounds: int, number: int) -> list[Row]:
    """Median seconds per call of each side of each case, measured interleaved."""
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name, _, _ in cases}
    for _ in range(rounds):
        for name, library, floor in cases:
            times[name][0].append(per_call(library, number))
            times[name][1].append(per_call(floor, number))
    return [
        (name, statistics.median(times[name][0]), statistics.median(times[name][1]))
        for name, _, _ in cases
    ]


def table(title: str, rows: list[Row], against: str) -> str:
    """The rows as a text table: microseconds per call on each side, and the ratio."""
    lines = [
        title,
        f"{'case':<34}{'library µs':>12}{against + ' µs':>12}{'ratio':>8}",
    ]
    lines.extend(
        f"{name:<34}{lib * 1e6:>12.2f}{ref * 1e6:>12.2f}{lib / ref:>8.2f}"
        for name, lib, ref in rows
    )
    return "\n".join(lines)


# --- more than two sides (the values against pydantic and msgspec) ------------------

Sides = dict[str, Callable[[], object]]


def compare_sides(
    cases: Sequence[tuple[str, Sides]], rounds: int, number: int
) -> dict[str, dict[str, float]]:
    """Like :func:`compare` for any number of sides: the fastest seconds per call, by case and side.

    Every side of every case runs in each round, one after the other, so that
    the ratio of any two sides is read off the same rounds.  The fastest
    sample is kept rather than the median: on a shared 2-core machine a
    sample that the scheduler interrupts takes milliseconds more, and when
    the machine is busy most samples are interrupted (medians of the same
    run then varied 2 to 5 times between runs, the minimum by about 10%).
    Keep ``number`` small, so that many samples run uninterrupted.
    """
    times: dict[str, dict[str, list[float]]] = {
        name: {side: [] for side in sides} for name, sides in cases
    }
    for _ in range(rounds):
        for name, sides in cases:
            for side, function in sides.items():
                times[name][side].append(per_call(function, number))
    return {
        name: {side: min(samples) for side, samples in by_side.items()}
        for name, by_side in times.items()
    }
