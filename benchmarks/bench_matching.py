"""Time and peak memory of assigning a cohort to tracks, with both solvers.

10,000 synthetic participants x 50 tracks (capacities 40 each, 2,000 places)
with scipy's HiGHS (linprog) and with the pure-Python min-cost flow
fallback, each timed from the cohort to the explained result. Then the
solvers alone on the case grouping cannot help: 10,000 participants whose
weight rows all differ (random weights, one pair in five ineligible). Each
case runs twice: once timed as is, once under tracemalloc for the peak memory
(which sees numpy's allocations but not HiGHS's C++ work space); tracing
slows pure-Python code several times over, so that run's time is printed
apart ("traced"), comparable with figures measured under tracing.

Run: .venv/bin/python benchmarks/bench_matching.py
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from etableringsmodell.model import AgeBetween, StepKind, Track, TrackKind
from etableringsmodell.rules.matching import _solve, assign
from etableringsmodell.sources import Source
from etableringsmodell.synthetic import synthetic_cohort

ON = date(2018, 6, 1)
SEED = Source.seed("003_71a72925e54781f3.txt")
CODES = ("5120", "9412", "72", "81", "2221", "53", "8332", "7131", "23", "43", "91", "74")
T = TypeVar("T")

BRANCHES = ("restaurang", "industri", "vård", "eget företagande", "handel", "transport", "bygg")


def tracks(count: int) -> list[Track]:
    return [
        Track(
            f"t{i:02d}",
            f"Track {i}",
            TrackKind.JOB_TRACK,
            BRANCHES[i % len(BRANCHES)],
            occupations=(CODES[i % len(CODES)],),
            requirements=AgeBetween(18, 64),
            steps=(StepKind.VALIDATION,) if i % 2 else (),
            capacity=40,
            sources=SEED,
        )
        for i in range(count)
    ]


def measured(work: Callable[[], T]) -> tuple[T, float, float, float]:
    """``work``'s result, its time, then its peak memory (MiB) and time under tracemalloc."""
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    start = time.perf_counter()
    work()
    traced = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak / 2**20, traced


def run(size: int, solver: str) -> tuple[float, float, float, int, float]:
    cohort = synthetic_cohort(size, ON, seed=4)
    offered = tracks(50)
    result, seconds, peak, traced = measured(lambda: assign(cohort, offered, ON, solver=solver))
    return seconds, peak, traced, len(result.placements), result.total_fit


def distinct(size: int, use_scipy: bool) -> tuple[float, float, float, int]:
    rng = random.Random(1)
    weights = [
        [None if rng.random() < 0.2 else rng.randint(1, 10**6) * (size + 1) + 1 for _ in range(50)]
        for _ in range(size)
    ]
    chosen, seconds, peak, traced = measured(lambda: _solve(weights, [40] * 50, use_scipy=use_scipy)[0])
    total = 0
    for row, k in zip(weights, chosen, strict=True):
        total += 0 if k is None else row[k] or 0
    return seconds, peak, traced, total


def main() -> int:
    rows = [(10_000, "scipy"), (10_000, "python")]
    totals: dict[int, dict[str, float]] = {}
    for size, solver in rows:
        seconds, peak, traced, placed, total = run(size, solver)
        totals.setdefault(size, {})[solver] = total
        print(
            f"{size:>6,} x 50 {solver:>6}: {seconds:5.1f} s, peak {peak:5.1f} MiB ({traced:5.1f} s traced), "
            f"{placed:,} placed, total fit {total:.3f}"
        )
    same = all(abs(v["scipy"] - v["python"]) < 1e-6 for v in totals.values() if len(v) == 2)
    weights: dict[bool, int] = {}
    for use_scipy in (True, False):
        seconds, peak, traced, weights[use_scipy] = distinct(10_000, use_scipy)
        name = "scipy" if use_scipy else "python"
        print(
            f"10,000 x 50 {name:>6}, every row distinct, solver only: {seconds:5.1f} s, "
            f"peak {peak:5.1f} MiB ({traced:5.1f} s traced)"
        )
    same = same and weights[True] == weights[False]
    print("scipy and the fallback reach the same total:", "yes" if same else "NO")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
