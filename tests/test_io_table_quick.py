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

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from etableringsmodell.io import table as table_module
from etableringsmodell.io.table import Limits, TableRead, read_table, write_table
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

_IDS = ("19121212-1212", "19701063-2391", "p-same", "")
"""Ids that are a personal identity number (valid, then not), one repeated by other rows, none."""

_EDIT = st.one_of(
    st.tuples(st.just("cell"), st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(_CELLS)),
    st.tuples(st.just("drop"), st.integers(0, 10**6), st.integers(0, 10**6), st.just("")),
    st.tuples(st.just("extra"), st.integers(0, 10**6), st.just(0), st.just("")),
    st.tuples(st.just("blank"), st.integers(0, 10**6), st.just(0), st.just("")),
    st.tuples(st.just("unclosed"), st.integers(0, 10**6), st.just(0), st.just("")),
)

_QUICK_CELLS = tuple(cell for cell in _CELLS if "\n" not in cell and "\r" not in cell)
"""Bad cells a file keeps on the quick path with (no line break in a value)."""

_QUICK_EDIT = st.tuples(
    st.just("cell"), st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(_QUICK_CELLS)
)

_ID_EDIT = st.one_of(
    st.tuples(st.just("id"), st.integers(0, 10**6), st.just(0), st.sampled_from(_IDS)),
    st.tuples(st.just("copy"), st.integers(0, 10**6), st.integers(0, 10**6), st.just("")),
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
        elif kind == "id" and row:
            row[0] = value
        elif kind == "copy" and row and len(body) > 1:  # the id of another row, maybe in another slice
            other = body[(at + 1 + column % (len(body) - 1)) % len(body)]
            row[0] = other[0] if other else row[0]
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


def _careful(data: bytes, **options: Any) -> TableRead:
    with (
        mock.patch.object(table_module, "_quick_parse", return_value=None),
        mock.patch.object(table_module, "_read_csv_file", return_value=None),
    ):
        return read_table(data, format="csv", **options)


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


@settings(max_examples=80, deadline=None)
@given(
    people=st.lists(full_participants(), min_size=2, max_size=14, unique_by=lambda p: p.id),
    # Mostly edits a file keeps on the quick path with, read in slices; sometimes any edit.
    edits=st.lists(st.one_of(_QUICK_EDIT, _ID_EDIT), max_size=10)
    | st.lists(st.one_of(_EDIT, _ID_EDIT), max_size=6),
    crlf=st.booleans(),
    slice_bytes=st.sampled_from([64, 150, 400, 1 << 24]),
    problems=st.sampled_from([0, 1, 2, 5, 1000]),
    rows=st.sampled_from([None, None, 0, 1, 4, 9]),
    key=st.sampled_from([None, b"k" * 32]),
)
def test_a_file_read_in_slices_reads_what_the_whole_file_reads(  # noqa: PLR0917  # one drawn value each
    people: list[Any],
    edits: list[tuple[str, int, int, str]],
    crlf: bool,
    slice_bytes: int,
    problems: int,
    rows: int | None,
    key: bytes | None,
) -> None:
    # Slices of a few hundred bytes hold a row or two: problems, ids repeated across
    # slices and the limits must come out as the whole file validated at once reads
    # them, the same problems on the same lines in the same order and the same count
    # left unshown, whether the careful path (the file as bytes) or the quick path
    # without slices is that whole read.
    # The careful path leaves out at most problems + 1 unclosed quotes (a known limit of
    # _read_csv, outside what this test is about); with more it fails on its own.
    assume(sum(kind == "unclosed" for kind, *_ in edits) <= problems)
    buffer = io.StringIO()
    write_table(people, buffer)
    data = _edited(buffer.getvalue(), edits, crlf=crlf)
    options: dict[str, Any] = {"limits": Limits(problems=problems, rows=rows), "key": key}
    careful = _careful(data, **options)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.csv"
        path.write_bytes(data)
        with mock.patch.object(table_module, "_read_csv_slices", return_value="whole"):
            whole = read_table(path, **options)
        with mock.patch.object(table_module, "_SLICE_BYTES", slice_bytes):
            sliced = read_table(path, **options)
    _same(sliced, careful)
    _same(sliced, whole)
    assert sliced.truncated == careful.truncated


def test_problems_of_many_slices_keep_the_order_of_a_whole_read() -> None:
    # Hand-made: row 2 (line 3) has a bad date, rows 1 and 3 (lines 2 and 4) an
    # unknown code, row 4 (line 5) repeats row 0's id. A whole read lists the
    # column checks in the schema's order (birth_date before permit_ground), each
    # column's rows in line order, and repeated ids last.
    header = "id,birth_date,received_on,permit_ground,permit_granted_on,municipality"
    lines = [
        "a,1980-01-01,2003-01-01,,,1480",
        "b,1980-01-01,2003-01-01,nonsense,,1480",
        "c,1980-02-30,2003-01-01,,,1480",
        "d,1980-01-01,2003-01-01,nonsense,,1480",
        "a,1980-01-01,2003-01-01,,,1480",
    ]
    data = "\n".join([header, *lines, ""]).encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.csv"
        path.write_bytes(data)
        with mock.patch.object(table_module, "_SLICE_BYTES", 40):  # one row a slice
            sliced = read_table(path)
            limited = read_table(path, limits=Limits(problems=2))
    assert [(p.line, p.error.field) for p in sliced.problems] == [
        (4, "birth_date"),
        (3, "permit_ground"),
        (5, "permit_ground"),
        (6, "id"),
    ]
    assert sliced.lines.tolist() == [2]
    assert [(p.line, p.error.field) for p in limited.problems] == [(4, "birth_date"), (3, "permit_ground")]
    assert limited.problems_not_shown == 2


def test_a_check_that_runs_on_some_slices_only_keeps_its_place() -> None:
    # Line 2 alone has an id that is a personal identity number, a date that does
    # not exist and one experience for two competences: checks a slice without
    # such values skips. Lines 2 and 3 both have a bad municipality, reported after
    # those in a whole read: line 2's first, whichever checks its slice ran.
    header = "id,birth_date,received_on,municipality,competence_occupation,competence_experience"
    lines = [
        "19121212-1212,1980-02-30,2003-01-01,9999,1234;2345,3",
        "b,1980-01-01,2003-01-01,9999,,",
    ]
    data = "\n".join([header, *lines, ""]).encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.csv"
        path.write_bytes(data)
        with mock.patch.object(table_module, "_SLICE_BYTES", 30):  # one row a slice
            sliced = read_table(path)
    assert [(p.line, p.error.field) for p in sliced.problems] == [
        (2, "id"),
        (2, "birth_date"),
        (2, "competence_experience"),
        (2, "municipality"),
        (3, "municipality"),
    ]


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


@settings(max_examples=60, deadline=None)
@given(ids=st.lists(st.none() | st.text(max_size=12), min_size=1, max_size=40), cut=st.integers(0, 40))
def test_equal_ids_have_equal_fingerprints_however_chunked(ids: list[str | None], cut: int) -> None:
    # The slices' check of repeated ids trusts fingerprints all different to mean ids
    # all different: equal ids (a null counts as empty) must never differ in print.
    import pyarrow as pa

    array = pa.array(ids, pa.string())
    whole = table_module._fingerprints(array)
    cut %= len(ids) + 1
    chunked = table_module._fingerprints(pa.chunked_array([array.slice(0, cut), array.slice(cut)]))
    assert whole.tolist() == chunked.tolist()
    assert table_module._fingerprints(array.slice(cut)).tolist() == whole[cut:].tolist()
    by_id: dict[str, int] = {}
    for value, printed in zip(ids, whole.tolist(), strict=True):
        assert by_id.setdefault(value or "", printed) == printed


def test_an_id_longer_than_a_piece_of_fingerprinting_is_printed_whole() -> None:
    # Fingerprints are taken a megabyte of ids at a time; an id longer than that is one piece.
    import pyarrow as pa

    long = "x" * (3 << 20)
    printed = table_module._fingerprints(pa.array(["a", long, "b", long, long + "y"], pa.string())).tolist()
    assert printed[1] == printed[3]
    assert len({printed[0], printed[1], printed[2], printed[4]}) == 4


def test_a_table_of_many_slices_serves_every_consumer_as_one_chunk_does() -> None:
    # The table read in slices is chunked (one chunk a slice): the objects, the
    # batch verdicts and a written file must be those of the same table in one chunk.
    from datetime import date

    from etableringsmodell.batch import evaluate
    from etableringsmodell.catalog import get
    from etableringsmodell.synthetic import synthetic_cohort

    people = synthetic_cohort(120, date(2019, 6, 1), seed=11)
    rule = get("etableringsprogrammet-2018")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.csv"
        write_table(people, path)
        with mock.patch.object(table_module, "_SLICE_BYTES", 2000):
            sliced = read_table(path)
        assert sliced.table.column("id").num_chunks > 5
        whole = sliced.table.combine_chunks()
        assert sliced.to_participants() == people
        assert table_module.to_participants(sliced.table, checked=True) == people
        chunked_verdicts = evaluate(sliced.table, rule, date(2019, 6, 1))
        whole_verdicts = evaluate(whole, rule, date(2019, 6, 1))
        assert chunked_verdicts.eligible.tolist() == whole_verdicts.eligible.tolist()
        assert len(chunked_verdicts.eligible) == len(people)
        for suffix in ("csv", "jsonl", "parquet"):
            written, again = Path(folder) / f"sliced.{suffix}", Path(folder) / f"whole.{suffix}"
            write_table(sliced.table, written)
            write_table(whole, again)
            assert written.read_bytes() == again.read_bytes() or suffix == "parquet"
            assert read_table(written).table.equals(read_table(again).table)


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(full_participants(), min_size=2, max_size=14, unique_by=lambda p: p.id),
    edits=st.lists(st.one_of(_QUICK_EDIT, _ID_EDIT), max_size=10),
    batch_rows=st.sampled_from([1, 2, 5, 1 << 15]),
    problems=st.sampled_from([0, 1, 2, 5, 1000]),
    rows=st.sampled_from([None, None, 0, 1, 4, 9]),
    key=st.sampled_from([None, b"k" * 32]),
    typed=st.booleans(),
)
def test_a_parquet_file_read_in_batches_reads_what_the_whole_file_reads(  # noqa: PLR0917  # one drawn value each
    people: list[Any],
    edits: list[tuple[str, int, int, str]],
    batch_rows: int,
    problems: int,
    rows: int | None,
    key: bytes | None,
    typed: bool,
) -> None:
    # A Parquet file of text columns (bad cells, ids repeated across batches) or of
    # the schema's own types, read a few rows at a time, gives the whole read's TableRead.
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    buffer = io.StringIO()
    write_table(people, buffer)
    data = _edited(buffer.getvalue(), edits, crlf=False)
    text = pcsv.read_csv(
        io.BytesIO(data),
        parse_options=pcsv.ParseOptions(newlines_in_values=True),
        convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(data.split(b"\n", 1)[0].decode().split(","), _pa_string()),
            strings_can_be_null=False,
        ),
    )
    options: dict[str, Any] = {"limits": Limits(problems=problems, rows=rows), "key": key}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.parquet"
        if typed:
            write_table(read_table(io.BytesIO(data), format="csv").table, path)
        else:
            pq.write_table(text, path, row_group_size=3)
        with mock.patch.object(table_module, "_read_parquet_batches", return_value="whole"):
            whole = read_table(path, **options)
        with mock.patch.object(table_module, "_PARQUET_ROWS", batch_rows):
            batched = read_table(path, **options)
            from_bytes = read_table(io.BytesIO(path.read_bytes()), format="parquet", **options)
    _same(batched, whole)
    _same(from_bytes, whole)
    assert batched.truncated == whole.truncated


def _pa_string() -> Any:
    import pyarrow as pa

    return pa.string()
