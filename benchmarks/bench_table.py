"""The cohort table (etableringsmodell.io.table) beside pyarrow, polars and pandas, in one run.

Figures (medians of a few runs, noisy shared machine: read the ratios):

* a CSV of ``ROWS`` rows in the table schema read by pyarrow's own CSV
  reader, polars and pandas (no validation), and by :func:`read_table` (read
  and every column validated), with the ratio to pyarrow (goal: at most 2);
* the peak memory of each reader, in a fresh process, beside the size of the
  validated columns (goal for read_table: about 1.5x the columns);
* the object reader (``io.read_csv``: a CSV file to ``Participant`` objects) in
  rows a second beside the standard library's csv reading the same file with
  ``date.fromisoformat`` on each row's two dates (goal: 100,000 rows/s, half
  the standard library's);
* ``batch.evaluate`` of ``etableringsprogrammet-2018`` with the coded
  ``permit_ground`` column held as numpy text, object, pandas string and
  category, Arrow string and dictionary (goal: each within 1.5 of the best).

Run: .venv/bin/python benchmarks/bench_table.py  (ETABLERING_BENCH_ROWS=1000000 for the issue's figure)
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

ROWS = int(os.environ.get("ETABLERING_BENCH_ROWS", "200000"))
RUNS = 3
ON = date(2019, 6, 1)


def _median(fn: Any, runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _cohort_table(rows: int) -> Any:
    import pyarrow as pa

    from etableringsmodell.io.table import from_participants
    from etableringsmodell.synthetic import synthetic_cohort

    base = from_participants(synthetic_cohort(min(rows, 50_000), ON, seed=1))
    repeats = -(-rows // base.num_rows)
    table = pa.concat_tables([base] * repeats).slice(0, rows)
    ids = pa.array([f"p{i}" for i in range(rows)], pa.string())
    return table.set_column(0, "id", ids)


_PEAK = """
import sys
import pyarrow.csv, polars, pandas
import etableringsmodell.io.table

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1])

# Linux: reset the peak (VmHWM) after the imports, so only the read is measured.
with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")
base = status("VmRSS:")
which, path = sys.argv[1], sys.argv[2]
if which == "none":
    pass
elif which == "pyarrow":
    import pyarrow.csv as c; c.read_csv(path)
elif which == "polars":
    import polars as pl; pl.read_csv(path)
elif which == "pandas":
    import pandas as pd; pd.read_csv(path)
else:
    from etableringsmodell.io.table import read_table; read_table(path)
import pyarrow
# read_table keeps its columns in the system pool, apart from the slices' temporaries.
pools = pyarrow.default_memory_pool().max_memory() + pyarrow.system_memory_pool().max_memory()
print(status("VmHWM:") - base, pools // 1024)
"""


def _peak_mib(which: str, path: Path) -> tuple[float, float]:
    """The peak resident memory over the process before reading, and the peaks of Arrow's pools, in MiB."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, which, str(path)], capture_output=True, text=True, env=env, check=True
    )
    resident, pool = out.stdout.split()
    return int(resident) / 1024, int(pool) / 1024


def stdlib_rows(path: Path) -> int:
    """The hand-written floor: the standard library's csv over the file, two dates per row parsed."""
    count = 0
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        birth, received = header.index("birth_date"), header.index("received_on")
        for row in reader:
            date.fromisoformat(row[birth])
            date.fromisoformat(row[received])
            count += 1
    return count


def main() -> int:  # noqa: PLR0912, PLR0915  # one report, read top to bottom
    import pandas as pd
    import polars as pl
    import pyarrow as pa
    import pyarrow.csv as pcsv

    from etableringsmodell.batch import evaluate
    from etableringsmodell.catalog import get
    from etableringsmodell.io.cohort import read_csv
    from etableringsmodell.io.table import read_table, write_table

    table = _cohort_table(ROWS)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.csv"
        write_table(table, path)
        size = path.stat().st_size
        print(f"cohort: {ROWS:,} rows, {table.num_columns} columns, CSV {size / 2**20:.1f} MiB")
        # pyarrow and read_table alternate, so a busy moment of the machine hits both alike.
        pairs = []
        for _ in range(RUNS):
            start = time.perf_counter()
            pcsv.read_csv(path)
            middle = time.perf_counter()
            read_table(path)
            pairs.append((middle - start, time.perf_counter() - middle))
        arrow_s = statistics.median(a for a, _ in pairs)
        ratio = statistics.median(b / a for a, b in pairs)
        polars_s = _median(lambda: pl.read_csv(path))
        pandas_s = _median(lambda: pd.read_csv(path), runs=1)
        read = read_table(path)
        assert read.ok and read.table.num_rows == ROWS, read.problems[:3]  # noqa: PT018  # two facts of one value
        ours_s = statistics.median(b for _, b in pairs)
        print(f"  pyarrow read_csv            {arrow_s:7.2f} s")
        print(f"  polars read_csv             {polars_s:7.2f} s")
        print(f"  pandas read_csv             {pandas_s:7.2f} s")
        print(
            f"  read_table (validated)      {ours_s:7.2f} s   {ratio:.1f}x pyarrow, median of pairs (goal <= 2x)"
        )
        columns_mib = read.table.nbytes / 2**20
        print(f"  validated columns           {columns_mib:7.1f} MiB")
        for which in ("pyarrow", "polars", "pandas", "read_table"):
            resident, pool = _peak_mib(which, path)
            print(
                f"  peak memory {which:<15} {resident:7.1f} MiB over the process before reading,"
                f" {resident / columns_mib:.2f}x the validated columns (Arrow's pools at most {pool:.1f} MiB)"
            )

        # The object reader on a file of its own, beside the standard library reading
        # the same file: csv rows, and each row's two required dates parsed.
        sample = read.table.slice(0, min(ROWS, 100_000))
        sample_path = Path(folder) / "sample.csv"
        write_table(sample, sample_path)
        n = sample.num_rows
        ours = []
        for _ in range(RUNS):
            start = time.perf_counter()
            read_csv(sample_path)
            middle = time.perf_counter()
            stdlib_rows(sample_path)
            ours.append((middle - start, time.perf_counter() - middle))
        objects_s = statistics.median(a for a, _ in ours)
        stdlib_s = statistics.median(b for _, b in ours)
        print(
            f"object reader io.read_csv:  {n / objects_s:9,.0f} rows/s (goal >= 100,000;"
            f" {statistics.median(b / a for a, b in ours):.2f} of the stdlib's speed, median of pairs)"
        )
        print(f"  stdlib csv + fromisoformat:{n / stdlib_s:9,.0f} rows/s (every row, its two dates)")
        columnar = read_table(sample_path)
        built_s = _median(columnar.to_participants)
        print(f"  of which TableRead.to_participants: {n / built_s:9,.0f} rows/s")

    rule = get("etableringsprogrammet-2018")
    grounds = read.table.column("permit_ground").combine_chunks()
    as_text = np.asarray(grounds.fill_null("").to_numpy(zero_copy_only=False), dtype=str)
    encodings: dict[str, Any] = {
        "numpy str": as_text,
        "numpy object": np.asarray(grounds.to_numpy(zero_copy_only=False), dtype=object),
        "pandas string": pd.Series(grounds.to_pylist(), dtype="string"),
        "pandas category": pd.Series(grounds.to_pylist(), dtype="category"),
        "arrow string": grounds,
        "arrow dictionary": grounds.dictionary_encode(),
    }
    print(f"batch.evaluate {rule.id} over {ROWS:,} rows, permit_ground as:")
    lists = [n for n in read.table.column_names if n.startswith(("competence_", "interests"))]
    base = read.table.drop_columns(lists)
    frame = base.to_pandas(date_as_object=False)
    timings = {}
    for name, column in encodings.items():
        if name.startswith("arrow"):
            index = base.schema.get_field_index("permit_ground")
            cohort: Any = base.set_column(index, "permit_ground", pa.chunked_array([column]))
        elif name.startswith("pandas"):
            cohort = frame.assign(permit_ground=column)
        else:
            cohort = {n: frame[n].to_numpy() for n in frame.columns}
            cohort["permit_ground"] = column
        timings[name] = _median(lambda cohort=cohort: evaluate(cohort, rule, ON))
    best = min(timings.values())
    for name, seconds in timings.items():
        print(f"  {name:<18} {seconds * 1000:8.1f} ms  {seconds / best:.2f}x the best")
    print("  (the whole frame in that container; the coded column alone, ColumnTable.codes:)")
    from etableringsmodell.batch.columns import ColumnTable
    from etableringsmodell.model import PermitGround

    alone = {}
    for name, column in encodings.items():
        if name.startswith("arrow"):
            holder: Any = pa.table({"permit_ground": column})
        elif name.startswith("pandas"):
            holder = pd.DataFrame({"permit_ground": column})
        else:
            holder = {"permit_ground": column}
        alone[name] = _median(lambda holder=holder: ColumnTable(holder).codes("permit_ground", PermitGround))
    best = min(alone.values())
    for name, seconds in alone.items():
        print(f"  {name:<18} {seconds * 1000:8.1f} ms  {seconds / best:.2f}x the best")
    return 0


if __name__ == "__main__":
    sys.exit(main())
