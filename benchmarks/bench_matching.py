"""Time of assigning a whole region to tracks, beside a hand-written peer and the scalar path.

1. 100,000 synthetic participants x 200 tracks (capacity 40 each, 8,000
   places; entry rule: age 18-64; fit: occupation, branch interest, and a
   validation on every other track). ``assign`` (the columnar path of
   :mod:`etableringsmodell.batch.matching`, HiGHS, explanations for the
   placed) beside a hand-written peer from the same ``Participant`` objects:
   the verdicts of these very criteria by hand with numpy, the same integer
   weights, identical rows grouped, and ``scipy.optimize.linprog`` (HiGHS)
   on the groups x tracks programme as built directly, with no candidate
   pruning, no optimality check and no explanations. Both must reach the
   same total fit. Then once with 200 places a track (40,000 placed and
   explained, and places no longer scarce).
2. 10,000 x 200: ``assign`` on columns beside the scalar path it replaces
   (the columnar path switched off: every person judged criterion by
   criterion), the figures the issue started from.
3. ``Assignment.track_of`` beside a scan of the placements (what it did
   before): the median time of one lookup.
4. The solvers alone where grouping cannot help: 10,000 participants whose
   weight rows all differ (random weights, one pair in five ineligible),
   HiGHS and the pure-Python flow, which must reach the same total.

Each timing is the median of ``REPEAT`` runs (the scalar path: one run);
the machine is shared, so compare the ratios in one run, not the figures
across runs.

Run: .venv/bin/python benchmarks/bench_matching.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

import numpy as np

from etableringsmodell.model import AgeBetween, Participant, StepKind, Track, TrackKind
from etableringsmodell.rules import matching
from etableringsmodell.rules.matching import _SCALE, _solve, assign
from etableringsmodell.sources import Source
from etableringsmodell.synthetic import synthetic_cohort

ON = date(2018, 6, 1)
SEED = Source.seed("003_71a72925e54781f3.txt")
CODES = ("5120", "9412", "72", "81", "2221", "53", "8332", "7131", "23", "43", "91", "74")
BRANCHES = ("restaurang", "industri", "vård", "eget företagande", "handel", "transport", "bygg")
REPEAT = 3
T = TypeVar("T")


def tracks(count: int, capacity: int = 40) -> list[Track]:
    return [
        Track(
            f"t{i:03d}",
            f"Track {i}",
            TrackKind.JOB_TRACK,
            BRANCHES[i % len(BRANCHES)],
            occupations=(CODES[i % len(CODES)],),
            requirements=AgeBetween(18, 64),
            steps=(StepKind.VALIDATION,) if i % 2 else (),
            capacity=capacity,
            sources=SEED,
        )
        for i in range(count)
    ]


def median_time(work: Callable[[], T], repeat: int = REPEAT) -> tuple[T, float]:
    """``work``'s last result and the median of its times."""
    times = []
    result: Any = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def hand_written(cohort: Sequence[Participant], offered: Sequence[Track]) -> tuple[float, float]:
    """The peer: these tracks' fit by hand, then linprog on the grouped weights as built.

    The total fit, and the seconds spent before linprog (reading the objects and scoring).
    """
    from scipy.optimize import linprog
    from scipy.sparse import coo_array

    start = time.perf_counter()
    n, m = len(cohort), len(offered)
    codes = sorted({t.occupations[0] for t in offered})
    branches = sorted({t.branch for t in offered})
    adult = np.empty(n, dtype=np.bool_)
    has = np.zeros((n, len(codes)), dtype=np.bool_)
    validated = np.zeros((n, len(codes)), dtype=np.bool_)
    likes = np.zeros((n, len(branches)), dtype=np.bool_)
    for i, p in enumerate(cohort):
        b = p.birth_date
        age = ON.year - b.year - ((ON.month, ON.day) < (b.month, b.day))
        adult[i] = 18 <= age <= 64
        for j, code in enumerate(codes):
            for competence in p.competences:
                if competence.occupation.startswith(code):
                    has[i, j] = True
                    validated[i, j] |= competence.validated
        interests = {s.strip().lower() for s in p.interests}
        for j, branch in enumerate(branches):
            likes[i, j] = branch in interests
    code_of = [codes.index(t.occupations[0]) for t in offered]
    branch_of = [branches.index(t.branch) for t in offered]
    checks = np.array([StepKind.VALIDATION in t.steps for t in offered])
    met = 3 * has[:, code_of] + 2 * likes[:, branch_of] + (validated[:, code_of] & checks)
    score = met / (5 + checks)
    weights = np.rint(score * _SCALE).astype(np.int64) * (n + 1) + 1
    weights[~adult] = -1
    rows, first, supply = np.unique(weights, axis=0, return_index=True, return_counts=True)
    scoring = time.perf_counter() - start
    g, k = np.nonzero(rows >= 0)
    count = len(g)
    columns = np.arange(count)
    matrix = coo_array(
        (np.ones(2 * count), (np.concatenate([g, len(rows) + k]), np.concatenate([columns, columns]))),
        shape=(len(rows) + m, count),
    ).tocsc()
    bounds = np.concatenate([supply, [t.capacity or n for t in offered]]).astype(np.float64)
    result = linprog(
        -rows[g, k].astype(np.float64), A_ub=matrix, b_ub=bounds, bounds=(0, None), method="highs-ds"
    )
    amounts = np.rint(result.x)
    return float((amounts * score[first][g, k]).sum()), scoring


def region() -> bool:
    start = time.perf_counter()
    cohort = synthetic_cohort(100_000, ON, seed=4)
    offered = tracks(200)
    print(f"(100,000 synthetic participants made in {time.perf_counter() - start:.0f} s)")
    ours, ours_s = median_time(lambda: assign(cohort, offered, ON))
    (peer, scoring), peer_s = median_time(lambda: hand_written(cohort, offered))
    same = round(ours.total_fit * _SCALE) == round(peer * _SCALE)
    print(
        f"100,000 x 200 assign:      {ours_s:6.2f} s  ({len(ours.placements):,} placed, total fit "
        f"{ours.total_fit:.3f}, {ours.solver})"
    )
    print(
        f"100,000 x 200 hand-written:{peer_s:6.2f} s  (total fit {peer:.3f}; reading and scoring "
        f"{scoring:.2f} s of it, the rest linprog on every pair)"
    )
    print(f"  assign / hand-written: {ours_s / peer_s:.2f}x; same optimum: {'yes' if same else 'NO'}")
    lookups(ours)
    harder = tracks(200, capacity=200)
    result, seconds = median_time(lambda: assign(cohort, harder, ON), repeat=1)
    print(
        f"100,000 x 200, 200 places a track: {seconds:6.2f} s ({len(result.placements):,} placed and explained, "
        f"total fit {result.total_fit:.3f})"
    )
    return same


def lookups(result: matching.Assignment) -> None:
    ids = [p.participant.id for p in result.placements] + [u.participant.id for u in result.unplaced[:2000]]
    rng = random.Random(3)
    sample = [rng.choice(ids) for _ in range(200)]

    def scan(pid: str) -> str | None:  # what track_of did before: every placement, each call
        for placement in result.placements:
            if placement.participant.id == pid:
                return placement.fit.track.id
        return None

    result.track_of(sample[0])  # builds the index once, as the first real call does
    _, dict_s = median_time(lambda: [result.track_of(pid) for pid in sample], repeat=5)
    _, scan_s = median_time(lambda: [scan(pid) for pid in sample], repeat=5)
    assert [result.track_of(pid) for pid in sample] == [scan(pid) for pid in sample]
    print(
        f"track_of over {len(result.placements):,} placements: {dict_s / len(sample) * 1e6:.2f} us a call, "
        f"a scan {scan_s / len(sample) * 1e6:,.0f} us ({scan_s / dict_s:,.0f}x)"
    )


def before_and_after() -> bool:
    cohort = synthetic_cohort(10_000, ON, seed=4)
    offered = tracks(200)
    fast, fast_s = median_time(lambda: assign(cohort, offered, ON))
    columnar = matching._accelerator
    matching._accelerator = lambda: None  # the scalar path, as before
    try:
        slow, slow_s = median_time(lambda: assign(cohort, offered, ON), repeat=1)
    finally:
        matching._accelerator = columnar
    same = round(fast.total_fit * _SCALE) == round(slow.total_fit * _SCALE)
    print(
        f" 10,000 x 200 on columns:  {fast_s:6.2f} s; scalar path (before): {slow_s:6.2f} s "
        f"({slow_s / fast_s:.1f}x); same optimum: {'yes' if same else 'NO'}"
    )
    return same


def distinct(size: int, use_scipy: bool) -> tuple[float, int]:
    rng = random.Random(1)
    weights = [
        [None if rng.random() < 0.2 else rng.randint(1, 10**6) * (size + 1) + 1 for _ in range(50)]
        for _ in range(size)
    ]
    chosen, seconds = median_time(lambda: _solve(weights, [40] * 50, use_scipy=use_scipy)[0], repeat=1)
    total = 0
    for row, k in zip(weights, chosen, strict=True):
        total += 0 if k is None else row[k] or 0
    return seconds, total


def main() -> int:
    same = region()
    same = before_and_after() and same
    totals: dict[bool, int] = {}
    for use_scipy in (True, False):
        seconds, totals[use_scipy] = distinct(10_000, use_scipy)
        name = "scipy" if use_scipy else "python"
        print(f" 10,000 x 50 {name:>6}, every row distinct, solver only: {seconds:5.1f} s")
    same = same and totals[True] == totals[False]
    print("every pair of paths reaches the same total:", "yes" if same else "NO")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
