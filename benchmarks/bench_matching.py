"""Time and peak memory of assigning a cohort to tracks, with both solvers.

10,000 synthetic participants x 50 tracks (capacities 40 each, 2,000 places)
with scipy's linear_sum_assignment; the pure-Python min-cost flow fallback on
the same size and, for comparison, on 1,000 x 50. Fit scoring (rank) is
timed apart from solving. Peak memory is tracemalloc's, which sees numpy's
allocations but not scipy's C++ work space.

Run: .venv/bin/python benchmarks/bench_matching.py
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from datetime import date

from etableringsmodell.model import AgeBetween, StepKind, Track, TrackKind
from etableringsmodell.rules.matching import assign
from etableringsmodell.sources import Source
from etableringsmodell.synthetic import synthetic_cohort

ON = date(2018, 6, 1)
SEED = Source.seed("003_71a72925e54781f3.txt")
CODES = ("5120", "9412", "72", "81", "2221", "53", "8332", "7131", "23", "43", "91", "74")
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


def run(size: int, solver: str) -> tuple[float, float, int, float]:
    cohort = synthetic_cohort(size, ON, seed=4)
    offered = tracks(50)
    tracemalloc.start()
    start = time.perf_counter()
    result = assign(cohort, offered, ON, solver=solver)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, len(result.placements), result.total_fit


def main() -> int:
    rows = [(10_000, "scipy"), (1_000, "python"), (10_000, "python")]
    totals: dict[int, dict[str, float]] = {}
    for size, solver in rows:
        seconds, peak, placed, total = run(size, solver)
        totals.setdefault(size, {})[solver] = total
        print(
            f"{size:>6,} x 50 {solver:>6}: {seconds:7.1f} s, peak {peak:7.1f} MiB, {placed:,} placed, total fit {total:.3f}"
        )
    same = all(abs(v["scipy"] - v["python"]) < 1e-6 for v in totals.values() if len(v) == 2)
    print("scipy and the fallback reach the same total:", "yes" if same else "NO")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
