"""Time of one whole scalar decision with reasons.

The target (issue 2): a decision with reasons for "18-64 and received within
36 months" in at most 5 µs median on this machine class. Each sample times a
loop over a synthetic cohort (so the participants vary, as in real use, and
age and window both pass and fail), and the median per decision over the
samples is reported. Messages are rendered lazily; the time to read every
message of a decision is reported too.

Run: .venv/bin/python benchmarks/bench_decision.py
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date

from etableringsmodell import catalog
from etableringsmodell.calendar import Span, earliest_start
from etableringsmodell.model import AgeBetween, AllOf, NewlyArrived
from etableringsmodell.rules.eligibility import check_eligibility
from etableringsmodell.synthetic import synthetic_cohort

ON = date(2004, 6, 1)
RULE = AllOf(AgeBetween(18, 64), NewlyArrived(within=Span(months=36)))
TARGET_US = 5.0
WINDOW = Span(months=36)
EARLIEST = earliest_start(ON, WINDOW)
SAMPLES = 41


def per_call_us(cohort: list, fn) -> float:  # type: ignore[type-arg,no-untyped-def]
    samples = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        for person in cohort:
            fn(person)
        samples.append((time.perf_counter() - start) / len(cohort) * 1e6)
    return statistics.median(samples)


def hand_written(person):  # type: ignore[no-untyped-def]
    """The same rule written by hand for this one case, keeping the figures of each verdict (issue 15's peer)."""
    birth, received = person.birth_date, person.received_on
    age = ON.year - birth.year - ((ON.month, ON.day) < (birth.month, birth.day))
    age_ok = 18 <= age <= 64
    # As the library does: the window's earliest start on the reference date, computed once.
    arrived_ok = EARLIEST <= received <= ON
    return (age_ok and arrived_ok, (age, 18, 64, age_ok), (received, EARLIEST, arrived_ok))


def main() -> int:
    cohort = synthetic_cohort(5000, ON, seed=1)
    hand_us = per_call_us(cohort, hand_written)
    programme = catalog.get("etableringsprogrammet-2018")
    programme_us = per_call_us(cohort, lambda p: check_eligibility(p, programme, date(2019, 6, 1)))
    eligible = sum(check_eligibility(p, RULE, ON).eligible for p in cohort)
    decision_us = per_call_us(cohort, lambda p: check_eligibility(p, RULE, ON))
    messages_us = per_call_us(cohort, lambda p: [r.message for r in check_eligibility(p, RULE, ON).reasons])
    print(f"cohort of {len(cohort)} ({eligible} eligible), rule {RULE.id}, median of {SAMPLES} samples:")
    print(f"  decision with reasons:           {decision_us:6.2f} µs")
    print(f"  decision and every message read: {messages_us:6.2f} µs")
    print(
        f"  hand-written, with the figures:  {hand_us:6.2f} µs  (library / hand-written: {decision_us / hand_us:.1f}x; goal 2x)"
    )
    print(f"  etableringsprogrammet-2018:      {programme_us:6.2f} µs  (on 2019-06-01)")
    verdict = "OK" if decision_us <= TARGET_US else "OVER TARGET"
    print(f"target <= {TARGET_US} µs median: {verdict}")
    return 0 if decision_us <= TARGET_US else 1


if __name__ == "__main__":
    sys.exit(main())
