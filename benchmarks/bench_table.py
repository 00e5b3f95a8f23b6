"""The cohort table (etableringsmodell.io.table) beside pyarrow, polars and pandas, in one run.

Figures (medians of a few runs, noisy shared machine: read the ratios):

* a CSV of ``ROWS`` rows in the table schema read by pyarrow's own CSV
  reader, polars and pandas (no validation), and by :func:`read_table` (read
  and every column validated), with the ratio to pyarrow (goal: at most 2);
* the peak memory of each reader, in a fresh process, beside the size of the
  validated columns;
* the object reader (``TableRead.to_participants``) in rows a second beside
  the standard library's csv with ``date.fromisoformat`` (goal: 100,000 rows/s);
* ``batch.evaluate`` of ``etableringsprogrammet-2018`` with the coded
  ``permit_ground`` column held as numpy text, object, pandas string and
  category, Arrow string and dictionary (goal: each within 1.5 of the best).

Run: .venv/bin/python benchmarks/bench_table.py  (ETABLERING_BENCH_ROWS=1000000 for the issue's figure)
"""

from __future__ import annotations

import csv
import io
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
print(status("VmHWM:") - base)
"""


def _peak_mib(which: str, path: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, which, str(path)], capture_output=True, text=True, env=env, check=True
    )
    return int(out.stdout.strip()) / 1024


def main() -> int:  # noqa: PLR0912, PLR0915  # one report, read top to bottom
    import pandas as pd
    import polars as pl
    import pyarrow as pa
    import pyarrow.csv as pcsv

    from etableringsmodell.batch import evaluate
    from etableringsmodell.catalog import get
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
            print(
                f"  peak memory {which:<15} {_peak_mib(which, path):7.1f} MiB over the process before reading"
            )

    sample = read.table.slice(0, min(ROWS, 100_000))
    objects_s = _median(lambda: read_table(sample).to_participants(), runs=1)
    print(f"object reader: {sample.num_rows / objects_s:,.0f} rows/s (goal >= 100,000)")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in sample.select(["id", "birth_date", "received_on"]).to_pylist():
        writer.writerow([row["id"], row["birth_date"].isoformat(), row["received_on"].isoformat()])
    text = buffer.getvalue()

    def stdlib() -> None:
        for row in csv.reader(io.StringIO(text)):
            date.fromisoformat(row[1])
            date.fromisoformat(row[2])

    print(f"  stdlib csv + fromisoformat: {sample.num_rows / _median(stdlib):,.0f} rows/s")

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
