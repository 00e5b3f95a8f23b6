"""The batch path over 1,000,000 persons, against OpenFisca, and checked against the scalar path.

The target (issue 6): the rule "18 <= age <= 64 and received within 36
calendar months", from two ``datetime64[D]`` columns of 1,000,000 persons,
per-criterion status columns included, in at most 10 ms (median) on this
2-core machine class, with peak memory under 200 MB; at least 20 times faster
than the same rule written as OpenFisca variables (building the simulation
plus calculating, timed in the same run). Both must agree row by row, and the
batch path must agree with ``check_eligibility`` on every one of the 1,000,000
rows, criterion by criterion.

The cohort is drawn with a seeded numpy generator, weighted towards the
boundaries where the conventions decide: birthdays on 29 February, receptions
on month ends, and dates a day either side of the 18th and 65th birthdays and
of the window's end day.

OpenFisca is a benchmark-only dependency: ``pip install -e '.[bench-openfisca]'``.
Without it the peer comparison is skipped and said so.

Run: .venv/bin/python benchmarks/bench_batch.py
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from etableringsmodell import batch
from etableringsmodell.calendar import Span
from etableringsmodell.model import AgeBetween, AllOf, NewlyArrived, Participant
from etableringsmodell.rules.eligibility import check_eligibility

ON = date(2004, 6, 1)
RULE = AllOf(AgeBetween(18, 64), NewlyArrived(within=Span(months=36)))
SIZE = 1_000_000
TARGET_MS = 10.0
TARGET_RATIO = 20.0
TARGET_PEAK_MB = 200.0
SAMPLES = 41
Dates = npt.NDArray[np.datetime64]


def cohort(size: int, seed: int = 6) -> dict[str, Dates]:
    """Birth and reception dates, a third of them on or beside a boundary of ``ON``."""
    rng = np.random.default_rng(seed)
    on = np.datetime64(ON, "D")
    birth = on - rng.integers(16 * 365, 70 * 365, size).astype("timedelta64[D]")
    received = on - rng.integers(0, 6 * 365, size).astype("timedelta64[D]")
    third = size // 3
    # The 18th and 65th birthdays and the window's end day, a day either side.
    edges = np.array(["1986-06-01", "1939-06-01", "2001-06-01"], dtype="datetime64[D]")
    near = edges[rng.integers(0, 3, third)] + rng.integers(-1, 2, third).astype("timedelta64[D]")
    birth[:third] = np.where(near < np.datetime64("1990-01-01"), near, birth[:third])
    received[:third] = np.where(near >= np.datetime64("1990-01-01"), near, received[:third])
    # Born on 29 February; received on the last day of a month.
    leap_years = rng.choice(np.arange(1936, 1988, 4), third)
    birth[third : 2 * third] = (leap_years - 1970).astype("datetime64[Y]").astype(
        "datetime64[M]"
    ) + np.timedelta64(1, "M")
    birth[third : 2 * third] += np.timedelta64(28, "D")
    months = on.astype("datetime64[M]") - rng.integers(0, 72, third).astype("timedelta64[M]")
    received[third : 2 * third] = (months + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(
        1, "D"
    )
    received = np.maximum(received, birth)
    return {"birth_date": birth, "received_on": received}


def time_batch(table: dict[str, Dates]) -> tuple[float, batch.BatchResult]:
    result = batch.evaluate(table, RULE, ON)
    samples = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        result = batch.evaluate(table, RULE, ON)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000, result


def peak_mb(table: dict[str, Dates]) -> float:
    tracemalloc.start()
    batch.evaluate(table, RULE, ON)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def agrees_with_scalar(table: dict[str, Dates], result: batch.BatchResult) -> int:
    """Rows on which the batch path and ``check_eligibility`` disagree, criterion by criterion."""
    births = table["birth_date"].tolist()
    receptions = table["received_on"].tolist()
    codes = np.stack([c.codes for c in result.columns], axis=1).tolist()
    code_of = {status: int(code) for status, code in batch.CODES.items()}
    wrong = 0
    for row, (birth, received) in enumerate(zip(births, receptions, strict=True)):
        person = Participant(f"r{row}", birth_date=birth, received_on=received)
        decision = check_eligibility(person, RULE, ON)
        if [code_of[r.status] for r in decision.reasons] != codes[row]:
            wrong += 1
    return wrong


# ---- the same rule as OpenFisca variables --------------------------------------


def openfisca_system() -> Any:
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import DAY, ETERNITY
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    person = build_entity(key="person", plural="persons", label="A person", is_person=True)

    def parts(days: Any) -> tuple[Any, Any, Any]:
        years = days.astype("datetime64[Y]")
        months = days.astype("datetime64[M]")
        year = years.astype(int) + 1970
        month = (months - years).astype(int) + 1
        day = (days - months).astype(int) + 1
        return year, month, day

    class birth_date(Variable):  # noqa: N801  # OpenFisca names variables in snake case
        value_type = date
        entity = person
        definition_period = ETERNITY
        label = "Birth date"

    class received_on(Variable):  # noqa: N801
        value_type = date
        entity = person
        definition_period = ETERNITY
        label = "Received in a municipality (kommunmottagen)"

    class age(Variable):  # noqa: N801
        value_type = int
        entity = person
        definition_period = DAY
        label = "Age in whole years, a 29 February birthday on 28 February (Lag 1930:173)"

        def formula(persons: Any, period: Any, parameters: Any) -> Any:  # noqa: N805  # OpenFisca passes the entity
            birth = persons("birth_date", period)
            on = np.datetime64(period.start.date, "D")
            by, bm, bd = parts(birth)
            oy, om, od = parts(np.array([on]))
            before = (om < bm) | ((om == bm) & (od < bd))
            leap_today = (bm == 2) & (bd == 29) & (om == 2) & (od == 28) & ~_leap(oy)
            return oy - by - (before & ~leap_today)

    class newly_arrived(Variable):  # noqa: N801
        value_type = bool
        entity = person
        definition_period = DAY
        label = "Received within 36 calendar months, the end day included (Lag 1930:173)"

        def formula(persons: Any, period: Any, parameters: Any) -> Any:  # noqa: N805  # OpenFisca passes the entity
            received = persons("received_on", period)
            on = np.datetime64(period.start.date, "D")
            month = received.astype("datetime64[M]") + np.timedelta64(36, "M")
            last = (month + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
            _, _, day = parts(received)
            end = np.minimum(month.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]"), last)
            return (received <= on) & (on <= end)

    class eligible(Variable):  # noqa: N801
        value_type = bool
        entity = person
        definition_period = DAY
        label = "18-64 and newly arrived"

        def formula(persons: Any, period: Any, parameters: Any) -> Any:  # noqa: N805  # OpenFisca passes the entity
            age_now = persons("age", period)
            return (age_now >= 18) & (age_now <= 64) & persons("newly_arrived", period)

    class System(TaxBenefitSystem):  # type: ignore[misc]  # OpenFisca is untyped
        def __init__(self) -> None:
            super().__init__([person])
            for variable in (birth_date, received_on, age, newly_arrived, eligible):
                self.add_variable(variable)

    return System()


def _leap(year: Any) -> Any:
    return (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))


def openfisca_run(system: Any, table: dict[str, Dates]) -> Any:
    from openfisca_core import periods
    from openfisca_core.simulations import SimulationBuilder

    builder = SimulationBuilder()
    simulation = builder.build_default_simulation(system, count=len(table["birth_date"]))
    eternity = periods.period(periods.ETERNITY)
    simulation.set_input("birth_date", eternity, table["birth_date"])
    simulation.set_input("received_on", eternity, table["received_on"])
    return simulation.calculate("eligible", ON.isoformat())


def main() -> int:
    table = cohort(SIZE)
    ms, result = time_batch(table)
    peak = peak_mb(table)
    summary = result.summary()
    print(f"{SIZE:,} persons, rule {RULE.id} on {ON.isoformat()}, median of {SAMPLES}:")
    print(
        f"  batch path (numpy, per-criterion columns): {ms:7.2f} ms   peak memory {peak:6.1f} MB (tracemalloc)"
    )
    # The whole process so far, the two input columns (16 MB) and the interpreter included.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  process peak resident memory before the peers run: {rss:6.1f} MB")
    print(f"  {summary.eligible:,} eligible; failing: {dict(summary.failing)}")
    ok = ms <= TARGET_MS and peak <= TARGET_PEAK_MB

    try:
        system = openfisca_system()
    except ImportError:
        print("  OpenFisca: not installed (pip install -e '.[bench-openfisca]'); peer comparison skipped")
    else:
        openfisca_run(system, {k: v[:1000] for k, v in table.items()})  # warm up
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            theirs = openfisca_run(system, table)
            runs.append(time.perf_counter() - start)
        of_ms = statistics.median(runs) * 1000
        disagree = int(np.count_nonzero(np.asarray(theirs) != result.eligible))
        ratio = of_ms / ms
        print(f"  OpenFisca 46 (build simulation + calculate, median of 5): {of_ms:7.1f} ms")
        print(
            f"  ratio: {ratio:5.1f}x faster (target >= {TARGET_RATIO:.0f}x); rows that disagree: {disagree}"
        )
        ok = ok and ratio >= TARGET_RATIO and disagree == 0

    start = time.perf_counter()
    wrong = agrees_with_scalar(table, result)
    print(
        f"  scalar check_eligibility on all {SIZE:,} rows, every criterion: {wrong} rows disagree "
        f"({time.perf_counter() - start:.0f} s)"
    )
    ok = ok and wrong == 0
    print(
        f"targets: <= {TARGET_MS:.0f} ms, <= {TARGET_PEAK_MB:.0f} MB, agreement everywhere: "
        + ("OK" if ok else "NOT MET")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
