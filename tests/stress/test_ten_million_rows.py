"""Read and judge a 10,000,000-row cohort file within a memory bound (issue 12).

    ETABLERING_STRESS=1 PYTHONPATH=src python -m pytest -q tests/stress

The file is written row by row from 1,000 synthetic participants, each under
many ids, so the number eligible is known beforehand from the scalar rule
(:func:`check_eligibility` on the 1,000). It is read with the streaming columnar
reader (:func:`~etableringsmodell.io.table.iter_csv_batches`), a batch of validated
columns at a time, and judged with :func:`batch.evaluate`, no participant object
built; the
peak resident memory of the process must stay under :data:`MEMORY_BOUND`,
whatever the file's size: memory proportional to a slice, not to the file.
"""

from __future__ import annotations

import io
import os
import resource
from datetime import date
from pathlib import Path

import attrs
import pytest

from etableringsmodell.batch import evaluate
from etableringsmodell.catalog import get
from etableringsmodell.io.table import iter_csv_batches, write_table
from etableringsmodell.rules.eligibility import check_eligibility
from etableringsmodell.synthetic import synthetic_cohort

ROWS = int(os.environ.get("ETABLERING_STRESS_ROWS", "10000000"))
SLICE = 100_000
MEMORY_BOUND = 2 * 1024**3
"""Peak resident memory allowed, in bytes: far below the 10M participants as objects (several GB)."""
ON = date(2004, 6, 1)
RULE = "goteborg-2004"


def _templates() -> tuple[str, list[str], list[bool]]:
    people = [attrs.evolve(p, id=f"t{i}") for i, p in enumerate(synthetic_cohort(1_000, ON, seed=10))]
    text = io.StringIO(newline="")
    write_table(people, text)
    header, *lines = text.getvalue().splitlines(keepends=True)
    assert header.startswith(("id,", '"id",'))
    rule = get(RULE)
    verdicts = [check_eligibility(p, rule, ON).eligible for p in people]
    # Each line without its id, which is given per row.
    return header, [line.split(",", 1)[1] for line in lines], verdicts


@pytest.mark.stress
def test_ten_million_rows_are_read_and_judged_within_the_memory_bound(tmp_path: Path) -> None:
    header, rest, verdicts = _templates()
    path = tmp_path / "cohort.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(header)
        for start in range(0, ROWS, SLICE):
            out.write(
                "".join(f'"s{i}",{rest[i % len(rest)]}' for i in range(start, min(ROWS, start + SLICE)))
            )
    expected = sum(verdicts[i % len(verdicts)] for i in range(ROWS))

    rule = get(RULE)
    read_rows = judged = eligible = problems = 0
    for read in iter_csv_batches(path, on=ON, batch_rows=SLICE * 5):
        problems += len(read.problems)
        read_rows += read.rows
        result = evaluate(read.table, rule, ON)
        judged += len(result.codes)
        eligible += int(result.eligible.sum())
        del read, result

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux
    assert problems == 0
    assert read_rows == ROWS
    assert judged == ROWS
    assert eligible == expected
    assert peak < MEMORY_BOUND, f"peak resident memory {peak / 1024**2:,.0f} MiB"
