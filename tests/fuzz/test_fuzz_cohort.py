"""Fuzz the cohort readers (CSV, JSON Lines) and the batch path's columns.

Good rows are planted among mutated and generated bad ones; every good row
must come back unchanged, whatever the bad ones hold.
"""

from __future__ import annotations

import io
import itertools
import tempfile
from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell.batch import evaluate
from etableringsmodell.batch.columns import from_participants
from etableringsmodell.catalog import get
from etableringsmodell.io.cohort import CohortRead, read_csv, read_jsonl, write_csv, write_jsonl
from etableringsmodell.model import Participant
from etableringsmodell.synthetic import synthetic_cohort
from tests.fuzz.harness import LONG, SECRET, assert_clean, count, mutate, rng, run

ON = date(2004, 6, 1)
RULES = tuple(get(entry) for entry in ("goteborg-2004", "etableringsprogrammet-2018", "norrkoping-2018"))
GOOD: tuple[Participant, ...] = tuple(
    attrs.evolve(p, id=f"good-{i}") for i, p in enumerate(synthetic_cohort(40, ON, seed=12))
)
HYPOTHESIS = settings(max_examples=2_000 if LONG else 15)


def _csv_lines() -> tuple[str, list[str]]:
    out = io.StringIO(newline="")
    write_csv(GOOD, out)
    header, *rows = out.getvalue().splitlines(keepends=True)
    return header, rows


def _jsonl_lines() -> list[str]:
    out = io.StringIO()
    write_jsonl(GOOD, out)
    return out.getvalue().splitlines(keepends=True)


CSV_HEADER, CSV_ROWS = _csv_lines()
JSONL_ROWS = _jsonl_lines()
BAD_TEMPLATE_CSV = CSV_ROWS[0].replace("good-0", f"bad-{SECRET}", 1)
BAD_TEMPLATE_JSONL = JSONL_ROWS[0].replace("good-0", f"bad-{SECRET}", 1)


def _kept(read: CohortRead, planted: list[int]) -> tuple[int, list[str]]:
    by_id = {p.id: p for p in read.participants}
    lost = sum(1 for i in planted if by_id.get(GOOD[i].id) != GOOD[i])
    return lost, [str(problem) for problem in read.problems[:50]]


def _no_loss(_read: CohortRead) -> tuple[int, list[str]]:
    return 0, [str(problem) for problem in _read.problems[:50]]


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def _read(kind: str, data: bytes, scratch: Path, via_path: bool) -> CohortRead:
    reader = read_csv if kind == "csv" else read_jsonl
    if via_path:
        path = scratch / f"cohort.{kind}"
        path.write_bytes(data)
        return reader(path, on=ON)
    text = data.decode("utf-8", errors="surrogateescape")
    return reader(io.StringIO(text, newline=""), on=ON)


def _mix(r: Any, kind: str) -> tuple[bytes, list[int], bool]:
    """Good rows with mutated bad lines between them; whether loss is checkable."""
    rows = CSV_ROWS if kind == "csv" else JSONL_ROWS
    template = BAD_TEMPLATE_CSV if kind == "csv" else BAD_TEMPLATE_JSONL
    planted = r.sample(range(len(rows)), r.randint(1, 6))
    parts: list[bytes] = [CSV_HEADER.encode()] if kind == "csv" else []
    checkable = True
    for i in planted:
        if r.random() < 0.7:
            bad = mutate(r, template.encode())
            if not bad.endswith(b"\n"):
                bad += b"\n"
            # In CSV a quote may lawfully open a field that spans lines; such
            # a line is fuzzed for crashes and hangs, not held to the loss check.
            if kind == "csv" and b'"' in bad:
                checkable = False
            parts.append(bad)
        parts.append(rows[i].encode())
    return b"".join(parts), planted, checkable


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_mutated_cohort_files(kind: str, scratch: Path) -> None:
    target = f"io.read_{kind} (mutation)"
    r = rng(target)
    for n in range(count(150, 120_000)):
        via_path = n % 3 == 0
        if n % 4 == 0:
            # The whole file mutated, header too: anything may be refused, nothing may crash or hang.
            whole = (CSV_HEADER + "".join(CSV_ROWS[:5])) if kind == "csv" else "".join(JSONL_ROWS[:5])
            data = mutate(r, whole.encode(), r.randint(1, 8))
            run(target, partial(_read, kind, data, scratch, via_path), data, _no_loss)
            continue
        data, planted, checkable = _mix(r, kind)
        check = partial(_kept, planted=planted) if checkable else _no_loss
        run(target, partial(_read, kind, data, scratch, via_path), data, check)
    assert_clean(target)


_cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            '"',
            '""',
            "\r",
            "\n",
            "\x1b[2J",
            SECRET,
            "9" * 4400,
            "1 s**9**9**9",
            "4 years",
            "2221|4 year|true",
            "0001-01-01",
            "9999-12-31",
            "x" * 2000,
        ]
    ),
)


@HYPOTHESIS
@given(
    header_extra=st.lists(st.sampled_from(["x", "id", "colour", "", "birth_date", SECRET]), max_size=4),
    bad=st.lists(st.lists(_cells, max_size=12), max_size=5),
    planted=st.lists(st.integers(0, len(CSV_ROWS) - 1), min_size=1, max_size=4, unique=True),
)
def _fuzz_generated_csv(header_extra: list[str], bad: list[list[str]], planted: list[int]) -> None:
    """Grammar-based: rows of generated cells written with the csv module, so quoting is always lawful."""
    import csv

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    header = CSV_HEADER.rstrip("\r\n").split(",")
    # Extra columns at the end: known rows still parse, unknown columns are reported.
    writer.writerow(header + header_extra)
    text = out.getvalue()
    rows = []
    for cells, i in itertools.zip_longest(bad, planted):
        if cells is not None:
            line = io.StringIO(newline="")
            csv.writer(line, lineterminator="\n").writerow(cells)
            rows.append(line.getvalue())
        if i is not None:
            good = CSV_ROWS[i].rstrip("\r\n") + "," * len(header_extra) + "\n"
            rows.append(good)
    data = text + "".join(rows)
    checkable = not header_extra
    run(
        "io.read_csv (grammar)",
        lambda: read_csv(io.StringIO(data, newline=""), on=ON),
        data,
        (lambda read: _kept(read, planted)) if checkable else _no_loss,
    )


def test_generated_csv() -> None:
    _fuzz_generated_csv()
    assert_clean("io.read_csv (grammar)")


_json_junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.just(SECRET),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@HYPOTHESIS
@given(
    bad=st.lists(_json_junk, max_size=5),
    planted=st.lists(st.integers(0, len(JSONL_ROWS) - 1), min_size=1, max_size=4, unique=True),
)
def _fuzz_generated_jsonl(bad: list[object], planted: list[int]) -> None:
    import json

    lines = [json.dumps(item, allow_nan=True) + "\n" for item in bad] + [JSONL_ROWS[i] for i in planted]
    data = "".join(lines)
    run(
        "io.read_jsonl (grammar)",
        lambda: read_jsonl(io.StringIO(data), on=ON),
        data,
        lambda read: _kept(read, planted),
    )


def test_generated_jsonl() -> None:
    _fuzz_generated_jsonl()
    assert_clean("io.read_jsonl (grammar)")


# --- batch columns ---------------------------------------------------------------------

COLUMNS = from_participants(GOOD)


def _junk_column(r: Any, n: int) -> object:  # noqa: PLR0911, PLR0912  # one return per kind of junk
    choice = r.randrange(17)
    if choice == 0:
        return 5
    if choice == 1:
        return (x for x in range(n))
    if choice == 2:
        return [[1]] * n
    if choice == 3:
        return [None, "x", 3, 2.5, date(2004, 1, 1)] * (n // 5 + 1)
    if choice == 4:
        return np.zeros(max(0, n - r.randint(1, 5)))
    if choice == 5:
        return np.array([SECRET] * n, dtype=object)
    if choice == 6:
        return np.full(n, np.nan)
    if choice == 7:
        return np.array(["9999-12-31", "0001-01-01"] * (n // 2 + 1))[:n].astype("datetime64[D]")
    if choice == 8:
        import pyarrow as pa

        return pa.nulls(n)
    if choice == 9:
        return np.array([{"a": 1}] * n, dtype=object)
    if choice == 10:
        return np.full(n, 10**18, dtype=np.int64)
    # What the compiled lookup of coded text reads: odd text in numpy's widths and byte
    # orders, and objects a str per row among others (a subclass, bytes, NULs, any script).
    odd = ["protection", "", "\x00", "protection\x00", "å\U0001f600", "work ", None, b"work", 7]
    if choice == 11:
        return np.array([str(odd[i % 6]) for i in range(n)], dtype=r.choice(["<U12", ">U12", "<U1"]))
    if choice == 12:
        column = np.empty(n, dtype=object)
        column[:] = [odd[r.randrange(len(odd))] for _ in range(n)]
        return column
    if choice == 13:  # dates below a day, NaT among them, as pandas holds them
        ticks = np.array([r.randint(-(2**62), 2**62) for _ in range(n)], dtype=np.int64)
        ticks[:: max(1, n // 3)] = np.iinfo(np.int64).min
        return ticks.view(r.choice(["datetime64[ns]", "datetime64[ms]", "datetime64[7s]"]))
    if choice == 14:  # Arrow booleans, chunked and sliced part-way into a byte
        import pyarrow as pa

        values = [r.choice([True, False, None]) for _ in range(n + 5)]
        return pa.chunked_array([pa.array(values[:3], pa.bool_()), pa.array(values[3:], pa.bool_())]).slice(
            5, n
        )
    if choice == 15:  # a pandas text column, as an id or a code
        import pandas as pd

        return pd.Series([SECRET if i % 4 == 0 else f"x{i}" for i in range(n)], dtype="string")
    return None


def test_mutated_batch_columns() -> None:
    target = "batch.evaluate (mutation)"
    r = rng(target)
    n = len(GOOD)
    names = sorted(COLUMNS)
    for _ in range(count(60, 40_000)):
        table: dict[str, Any] = dict(COLUMNS)
        for _edit in range(r.randint(1, 3)):
            name = r.choice(names)
            if r.random() < 0.15:
                table.pop(name, None)
            else:
                table[name] = _junk_column(r, n)
        rule = r.choice(RULES)
        on = r.choice([ON, date(1, 1, 1), date(9999, 12, 31), date(2018, 1, 1)])

        def check(result: Any) -> tuple[int, list[str]]:
            return (0 if len(result.codes) == n else n), []

        run(target, partial(evaluate, table, rule, on), (sorted(table), rule, on), check)
    assert_clean(target)
