"""The quick CSV path of read_table reads exactly what the careful path reads.

The quick path lets Arrow cut a file into blocks at any line break and reads a
clean UTF-8 file from its path; the careful path (``newlines_in_values``, the
file as bytes) is the reader as it was. Files the library wrote, with bad cells,
line breaks in values, short and long rows, blank lines, an unclosed quote and
Windows line ends injected, must give the same rows, lines and problems on
both, with blocks small enough that cuts fall inside records.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell.io import table as table_module
from etableringsmodell.io.table import TableRead, read_table, write_table
from tests.strategies import full_participants

_CELLS = (
    "1981-02-29",
    "2019-13-01",
    "x\ny",
    "a\r\nb",
    "tail\n",
    "",
    "  ",
    "=1+2",
    "true",
    "maybe",
    "PROTECTION",
    "'quoted",
    "åäö",
    'he said "hi"',
    "9999",
    "1;2",
)

_EDIT = st.one_of(
    st.tuples(st.just("cell"), st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(_CELLS)),
    st.tuples(st.just("drop"), st.integers(0, 10**6), st.integers(0, 10**6), st.just("")),
    st.tuples(st.just("extra"), st.integers(0, 10**6), st.just(0), st.just("")),
    st.tuples(st.just("blank"), st.integers(0, 10**6), st.just(0), st.just("")),
    st.tuples(st.just("unclosed"), st.integers(0, 10**6), st.just(0), st.just("")),
)


def _edited(text: str, edits: list[tuple[str, int, int, str]], *, crlf: bool) -> bytes:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    raw_lines: dict[int, str] = {}
    for kind, at, column, value in edits:
        if not body:
            break
        row = body[at % len(body)]
        if kind == "cell" and row:
            row[column % len(row)] = value
        elif kind == "drop" and row:
            del row[column % len(row)]
        elif kind == "extra":
            row.append("more")
        elif kind == "blank":
            raw_lines[at % (len(body) + 1)] = ""
        elif kind == "unclosed":
            raw_lines[at % (len(body) + 1)] = 'p-open,"1980-01-01,2003-01-01'
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    for index, row in enumerate(body):
        if index in raw_lines:
            out.write(raw_lines[index] + ("\r\n" if crlf else "\n"))
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _same(first: TableRead, second: TableRead) -> None:
    assert [str(p) for p in first.problems] == [str(p) for p in second.problems]
    assert first.problems_not_shown == second.problems_not_shown
    assert first.rows == second.rows
    assert first.lines.tolist() == second.lines.tolist()
    assert first.table.equals(second.table)
    assert first.delimiter == second.delimiter


def _careful(data: bytes) -> TableRead:
    with (
        mock.patch.object(table_module, "_quick_parse", return_value=None),
        mock.patch.object(table_module, "_read_csv_file", return_value=None),
    ):
        return read_table(data, format="csv")


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(full_participants(), min_size=1, max_size=6, unique_by=lambda p: p.id),
    edits=st.lists(_EDIT, max_size=4),
    crlf=st.booleans(),
    block=st.sampled_from([48, 97, 256, 1 << 20]),
)
def test_the_quick_path_reads_what_the_careful_path_reads(
    people: list[Any], edits: list[tuple[str, int, int, str]], crlf: bool, block: int
) -> None:
    buffer = io.StringIO()
    write_table(people, buffer)
    data = _edited(buffer.getvalue(), edits, crlf=crlf)
    careful = _careful(data)
    with mock.patch.object(table_module, "_QUICK_BLOCK", block), tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.csv"
        path.write_bytes(data)
        _same(read_table(data, format="csv"), careful)
        _same(read_table(path), careful)


def test_a_clean_file_is_read_by_arrow_from_its_path() -> None:
    # The quick file path is taken (and the bytes path is not) for a clean file the library wrote.
    from datetime import date

    from etableringsmodell.synthetic import synthetic_cohort

    people = synthetic_cohort(30, date(2019, 6, 1), seed=3)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.csv"
        write_table(people, path)
        with mock.patch.object(table_module, "_decode", side_effect=AssertionError("read as bytes")):
            read = read_table(path)
        assert read.ok
        assert read.to_participants() == people
        assert read.lines.tolist() == list(range(2, 32))


def test_the_trusted_objects_equal_the_checked_ones() -> None:
    from datetime import date

    from etableringsmodell.synthetic import synthetic_cohort

    people = synthetic_cohort(200, date(2019, 6, 1), seed=5)
    table = table_module.from_participants(people)
    trusted = table_module.to_participants(table, checked=False)
    assert trusted == table_module.to_participants(table, checked=True) == people
    assert [hash(p) for p in trusted] == [hash(p) for p in people]


def test_read_csv_by_path_leaves_out_a_line_that_is_not_utf8() -> None:
    from etableringsmodell.io.cohort import read_csv

    text = b"id,birth_date,received_on,permit_ground,permit_granted_on,municipality\n"
    text += b"c1,1980-05-02,2003-01-10,protection,2002-12-01,1480\n"
    text += b"c\xe52,1980-05-02,2003-01-10,,,1480\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.csv"
        path.write_bytes(text)
        read = read_csv(path)
    assert [p.id for p in read.participants] == ["c1"]
    assert [p.line for p in read.problems] == [3]
    assert "cannot be decoded" in str(read.problems[0])
