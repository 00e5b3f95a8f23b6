"""Reading and writing cohorts (etableringsmodell.io): rows per second and per-participant JSON time.

Figures, not a pass/fail target beyond sanity: a CSV cohort of 100,000 read
with every row validated (the figure case systems and analysts meet when
loading a register extract), the same as JSON Lines, the CSV written, a CSV in
the cohort table layout read by the same ``read_csv`` (columnar, beside the
standard library's csv with ``date.fromisoformat`` on that file), and the
JSON round trip (``dumps`` then ``loads``) of one participant with a permit
and a competence. Each figure is the median of a few runs.

Run: .venv/bin/python benchmarks/bench_io.py
"""

from __future__ import annotations

import csv
import io
import statistics
import sys
import time
from datetime import date

from etableringsmodell.io.cohort import read_csv, read_jsonl, write_csv, write_jsonl
from etableringsmodell.io.convert import dumps, loads
from etableringsmodell.io.table import write_table
from etableringsmodell.model import Competence, Participant, PermitGround, ResidencePermit
from etableringsmodell.synthetic import synthetic_cohort
from etableringsmodell.units import quantity

ON = date(2004, 6, 1)
SIZE = 100_000
RUNS = 3
ROUND_TRIPS = 20_000


def _median_seconds(fn) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _stdlib(text: str) -> int:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    birth, received = header.index("birth_date"), header.index("received_on")
    count = 0
    for row in reader:
        date.fromisoformat(row[birth])
        date.fromisoformat(row[received])
        count += 1
    return count


def main() -> int:
    cohort = synthetic_cohort(SIZE, ON, seed=1)
    csv_buffer = io.StringIO()
    write_csv(cohort, csv_buffer)
    csv_text = csv_buffer.getvalue()
    jsonl_buffer = io.StringIO()
    write_jsonl(cohort, jsonl_buffer)
    jsonl_text = jsonl_buffer.getvalue()

    table_buffer = io.StringIO()
    write_table(cohort, table_buffer)
    table_text = table_buffer.getvalue()

    result = read_csv(io.StringIO(csv_text))
    ok = result.ok and len(result.participants) == SIZE
    read_csv_s = _median_seconds(lambda: read_csv(io.StringIO(csv_text)))
    read_jsonl_s = _median_seconds(lambda: read_jsonl(io.StringIO(jsonl_text)))
    write_csv_s = _median_seconds(lambda: write_csv(cohort, io.StringIO()))
    table_read = read_csv(io.StringIO(table_text))
    ok = ok and table_read.ok and list(table_read.participants) == list(cohort)
    read_table_layout_s = _median_seconds(lambda: read_csv(io.StringIO(table_text)))
    stdlib_s = _median_seconds(lambda: _stdlib(table_text))

    person = Participant(
        "case-17",
        birth_date=date(1980, 5, 2),
        received_on=date(2003, 1, 10),
        permit=ResidencePermit(PermitGround.PROTECTION, date(2002, 11, 1)),
        municipality="1480",
        competences=[Competence("2221", quantity(4, "year"), validated=True)],
    )
    start = time.perf_counter()
    for _ in range(ROUND_TRIPS):
        same = loads(dumps(person), Participant)
    round_trip_us = (time.perf_counter() - start) / ROUND_TRIPS * 1e6
    ok = ok and same == person

    print(f"cohort of {SIZE:,} synthetic participants, median of {RUNS} runs:")
    print(
        f"  read CSV ({len(csv_text) / 1e6:.1f} MB):    {read_csv_s:6.2f} s  {SIZE / read_csv_s:9,.0f} rows/s"
    )
    print(
        f"  read JSON Lines ({len(jsonl_text) / 1e6:.1f} MB): {read_jsonl_s:6.2f} s  {SIZE / read_jsonl_s:9,.0f} rows/s"
    )
    print(f"  write CSV:                {write_csv_s:6.2f} s  {SIZE / write_csv_s:9,.0f} rows/s")
    print(
        f"  read CSV, table layout ({len(table_text) / 1e6:.1f} MB): {read_table_layout_s:6.2f} s"
        f"  {SIZE / read_table_layout_s:9,.0f} rows/s (columnar, io.table)"
    )
    print(
        f"  stdlib csv + fromisoformat on that file: {stdlib_s:6.2f} s  {SIZE / stdlib_s:9,.0f} rows/s"
        " (the hand-written floor: rows split, two dates parsed)"
    )
    print(f"JSON round trip of one participant with permit and competence: {round_trip_us:.1f} µs")
    print("all rows read back without a problem:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
