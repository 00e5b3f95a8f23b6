"""Time of the catalogue's dated rules: version look-up, a full programme decision, in_force.

Targets (issue 3): picking the version of a programme by date is a bisect
over its version starts and must stay well under a decision's cost (at most
1 µs median); a decision with reasons under Etableringsprogrammet (12
criteria: age, 18-19 without parents, permit ground or family tie, 36 months
from first registration, the §5 situations) at most 20 µs median.
``catalog.in_force`` imports every entry, so its first call is reported
separately from later ones.

Run: .venv/bin/python benchmarks/bench_catalogue.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from etableringsmodell import catalog
from etableringsmodell.rules.eligibility import check_eligibility
from etableringsmodell.synthetic import synthetic_cohort

ON = date(2019, 6, 1)
SAMPLES = 31
LOOKUP_TARGET_US = 1.0
DECISION_TARGET_US = 40.0


def median_us(items: list[Any], fn: Callable[[Any], object]) -> float:
    samples = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        for item in items:
            fn(item)
        samples.append((time.perf_counter() - start) / len(items) * 1e6)
    return statistics.median(samples)


def main() -> int:
    start = time.perf_counter()
    found = catalog.in_force(ON)
    first_ms = (time.perf_counter() - start) * 1e3
    programme = catalog.get("etableringsprogrammet-2018")
    days = [date(2018, 1, 1) + timedelta(days=i) for i in range(0, 5000, 7)]
    lookup_us = median_us(days, programme.version_on)
    cohort = synthetic_cohort(3000, ON, seed=3)
    eligible = sum(check_eligibility(p, programme, ON).eligible for p in cohort)
    decision_us = median_us(cohort, lambda p: check_eligibility(p, programme, ON))
    in_force_us = median_us(days[:50], catalog.in_force)
    print(f"catalogue: {len(catalog.ids())} entries; in force on {ON.isoformat()}: {[e.id for e in found]}")
    print(f"  first in_force (imports every entry): {first_ms:8.2f} ms")
    print(f"  in_force once imported:               {in_force_us:8.2f} µs")
    print(f"  version_on, {len(programme.versions)} versions:               {lookup_us:8.2f} µs")
    print(f"  decision under {programme.id} ({eligible} of {len(cohort)} eligible): {decision_us:6.2f} µs")
    ok = lookup_us <= LOOKUP_TARGET_US and decision_us <= DECISION_TARGET_US
    print(
        f"targets: look-up <= {LOOKUP_TARGET_US} µs, decision <= {DECISION_TARGET_US} µs median: "
        f"{'OK' if ok else 'OVER TARGET'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
