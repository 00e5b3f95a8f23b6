"""One compiled rule on DuckDB and Spark local[2], beside the numpy batch path, in one run.

Two catalogue rules over a synthetic register of 1,000,000 persons (10,000,000
with ``ETABLERING_BENCH_10M=1``) on 2020-02-29:

* ``norrkoping-2018``: thresholds computed once from the reference date;
* ``etableringsprogrammet-2018``: adds months to each row's own dates (age
  on the grant date, the family-tie window), the costly case on every engine.

Each engine runs in its own process, so its peak memory (``ru_maxrss``, the
JVM's included for Spark) is its own. Times are medians of repeated runs of
the evaluation with the statuses back in the caller as numpy arrays (DuckDB,
numpy) or written to Spark's ``noop`` sink (Spark: the engine's own cost, as a
cluster job would write a table); loading the data is timed apart. Every
engine's statuses are checked against the numpy path, criterion by criterion,
on the first run.

Run: python benchmarks/bench_sql.py (``ETABLERING_BENCH_ENGINES=spark`` for one engine)
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from typing import Any

import numpy as np

from etableringsmodell import batch, catalog, sql
from etableringsmodell.batch.synthetic import synthetic_columns

ON = date(2020, 2, 29)
RULES = ("norrkoping-2018", "etableringsprogrammet-2018")
ROWS = 10_000_000 if os.environ.get("ETABLERING_BENCH_10M") else 1_000_000


def cohort(rows: int) -> dict[str, Any]:
    """The synthetic register, with the family-tie and parent columns the national programme reads."""
    columns = synthetic_columns(rows, ON, seed=13)
    rng = np.random.default_rng(13)
    parent = rng.choice(np.array([True, False, None], dtype=object), rows, p=[0.1, 0.85, 0.05])
    columns["parent_in_sweden"] = parent
    granted = columns["permit_granted_on"]
    columns["permit_applied_on"] = granted - rng.integers(0, 400, rows).astype("timedelta64[D]")
    columns["sponsor_received_on"] = granted - rng.integers(0, 3000, rows).astype("timedelta64[D]")
    columns["sponsor_is_swedish_citizen"] = rng.choice(np.array([True, False, None], dtype=object), rows)
    return columns


def _median(run: Any, repeat: int) -> tuple[float, list[float], Any]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def _spark_statuses(spark: Any, compiled: sql.CompiledRule, rows: int) -> batch.BatchResult:
    import tempfile

    import pyarrow.parquet as pq
    from pyspark.sql import functions

    spark.table("cohort").withColumn(
        sql.ROW, functions.monotonically_increasing_id()
    ).createOrReplaceTempView("cohort_rows")
    keyed = sql.compile_rule(
        compiled.rule,
        ON,
        dialect="spark",
        source="cohort_rows",
        keep=(sql.ROW,),
        schema=[*spark.table("cohort").columns, sql.ROW],
    )
    with tempfile.TemporaryDirectory() as folder:
        spark.sql(keyed.sql).write.mode("overwrite").parquet(folder + "/statuses")
        table = pq.read_table(folder + "/statuses").sort_by(sql.ROW)
    assert table.num_rows == rows
    return sql.result_of(keyed, {name: table.column(name).to_numpy() for name in table.column_names})


def _same(got: batch.BatchResult, want: batch.BatchResult) -> bool:
    return all(np.array_equal(a.codes, b.codes) for a, b in zip(got.columns, want.columns, strict=True))


def engine(name: str, rows: int) -> dict[str, Any]:
    columns = cohort(rows)
    out: dict[str, Any] = {"engine": name, "rows": rows, "rules": {}}
    start = time.perf_counter()
    if name == "numpy":
        # The same Arrow table the engines read: batch.evaluate reads Arrow columns without copies.
        table = sql.to_arrow(columns)
    elif name == "duckdb":
        import duckdb

        con = duckdb.connect()
        con.execute("SET threads = 2")
        arrow = sql.to_arrow(columns)
    else:
        from pyspark.sql import SparkSession

        os.environ["PYSPARK_PYTHON"] = sys.executable
        spark = (
            SparkSession.builder.master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.memory", "3g")
            .getOrCreate()
        )
        frame = spark.createDataFrame(sql.to_arrow(columns)).cache()
        frame.count()
        frame.createOrReplaceTempView("cohort")
    load = time.perf_counter() - start
    out["load_s"] = load
    for rule_id in RULES:
        rule = catalog.get(rule_id)
        want = batch.evaluate(columns, rule, ON)
        if name == "numpy":
            median, times, got = _median(lambda rule=rule: batch.evaluate(table, rule, ON), 5)
        elif name == "duckdb":
            median, times, got = _median(
                lambda rule=rule: sql.evaluate_duckdb(arrow, rule, ON, connection=con), 5
            )
        else:
            compiled = sql.compile_rule(rule, ON, dialect="spark", source="cohort", schema=frame.columns)
            median, times, _ = _median(
                lambda text=compiled.sql: spark.sql(text).write.format("noop").mode("overwrite").save(), 3
            )
            # Checked through a Parquet file, not the driver: a register's statuses do not fit there.
            got = _spark_statuses(spark, compiled, rows)
        out["rules"][rule_id] = {
            "median_s": median,
            "runs_s": times,
            "ns_per_row": median / rows * 1e9,
            "agrees": _same(got, want),
            "criteria": len(want.columns),
        }
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["peak_mb"] = own + sum(_peak_kb(pid) for pid in _descendants(os.getpid())) / 1024
    return out


def _descendants(pid: int) -> list[int]:
    """The running processes under ``pid`` (Spark's JVM), from /proc."""
    found: list[int] = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if parent == pid:
                found += [int(entry), *_descendants(int(entry))]
    return found


def _peak_kb(pid: int) -> int:
    """A process's peak resident memory (VmHWM), in kB."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--engine":
        print(json.dumps(engine(sys.argv[2], ROWS)))
        return
    results = []
    for name in os.environ.get("ETABLERING_BENCH_ENGINES", "numpy,duckdb,spark").split(","):
        done = subprocess.run(  # our own interpreter and script
            [sys.executable, __file__, "--engine", name], capture_output=True, text=True, check=False
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode or not lines:
            print(f"{name}: failed\n{done.stderr[-2000:]}")
            continue
        results.append(json.loads(lines[-1]))
    print(f"{ROWS:,} rows on {ON.isoformat()}")
    print(
        f"{'engine':8} {'rule':28} {'median s':>9} {'ns/row':>8} {'vs numpy':>9} {'agrees':>7} {'load s':>7} {'peak MB':>8}"
    )
    base = {
        r: next((x["rules"][r]["median_s"] for x in results if x["engine"] == "numpy"), None) for r in RULES
    }
    for result in results:
        for rule_id, figures in result["rules"].items():
            ratio = figures["median_s"] / base[rule_id] if base[rule_id] else float("nan")
            print(
                f"{result['engine']:8} {rule_id:28} {figures['median_s']:9.3f} {figures['ns_per_row']:8.0f} "
                f"{ratio:8.1f}x {figures['agrees']!s:>7} {result['load_s']:7.1f} {result['peak_mb']:8.0f}"
            )


if __name__ == "__main__":
    main()
