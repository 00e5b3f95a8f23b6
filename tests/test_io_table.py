"""The cohort table (etableringsmodell.io.table): one schema, every format, every bad row reported."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell.batch import evaluate
from etableringsmodell.errors import InvalidValueError, ValidationError, redact
from etableringsmodell.io.cohort import read_csv, write_csv
from etableringsmodell.io.table import (
    COLUMNS,
    TABLE_SCHEMA_VERSION,
    Limits,
    arrow_schema,
    from_participants,
    read_table,
    to_participants,
    write_table,
)
from etableringsmodell.model import Participant
from etableringsmodell.units import registry
from tests.strategies import full_participants

registry()  # pint's registry is slow to build; not inside Hypothesis' first draw

KEY = b"analyst-secret-key-0001"
HEADER = "id,birth_date,received_on"


def _bytes(participants: list[Participant], fmt: str) -> bytes:
    buffer = io.BytesIO()
    write_table(participants, buffer, format=fmt)  # type: ignore[arg-type]
    return buffer.getvalue()


@settings(max_examples=max(5, settings().max_examples // 10))  # the long profile scales it
@given(
    st.lists(full_participants(), max_size=4, unique_by=lambda p: p.id),
    st.sampled_from(["csv", "jsonl", "parquet"]),
)
def test_round_trip_through_every_format(participants: list[Participant], fmt: str) -> None:
    read = read_table(io.BytesIO(_bytes(participants, fmt)), format=fmt)  # type: ignore[arg-type]
    assert read.problems == ()
    assert read.to_participants() == participants


@settings(max_examples=max(5, settings().max_examples // 10))
@given(st.lists(full_participants(), max_size=4, unique_by=lambda p: p.id))
def test_round_trip_through_arrow_pandas_and_polars(participants: list[Participant]) -> None:
    table = from_participants(participants)
    assert table.schema.equals(arrow_schema())
    for frame in (table, table.to_pandas(), __import__("polars").from_arrow(table)):
        read = read_table(frame)
        assert read.problems == ()
        assert to_participants(read.table) == participants


def test_the_schema_is_versioned_and_flat() -> None:
    assert TABLE_SCHEMA_VERSION == 1
    assert arrow_schema().metadata == {b"etablering.schema": b"1"}
    assert all(c.name == c.name.lower() and "." not in c.name for c in COLUMNS)


def test_a_written_file_goes_to_the_batch_path_unchanged(tmp_path: Path) -> None:
    from etableringsmodell.catalog import get

    people = [
        Participant("a", date(1980, 1, 1), date(2019, 1, 1)),
        Participant("b", date(2010, 1, 1), date(2019, 1, 1)),
    ]
    path = tmp_path / "cohort.csv"
    write_table(people, path)
    read = read_table(path)
    rule = get("etableringsprogrammet-2018")
    result = evaluate(read.table, rule, date(2019, 6, 1))
    assert len(result.eligible) == 2


def test_bad_rows_reported_with_line_and_good_rows_kept() -> None:
    text = (
        f"{HEADER},permit_ground\n"
        "a,1980-01-01,2003-01-01,protection\n"
        "b,1980-13-01,2003-01-01,\n"
        "c,1980-01-01,2003-01-01,PROTECTION\n"  # the previous layout's spelling
        "d,1980-01-01,2003-01-01,asylum\n"
        "e,1980-01-01,2003-01-01\n"
        "f,1980-01-01,2003-01-01,\n"
    )
    read = read_table(io.BytesIO(text.encode()), format="csv")
    assert read.table.column("id").to_pylist() == ["f"] or read.table.column("id").to_pylist() == ["f"]
    assert sorted(p.line for p in read.problems) == [2, 3, 4, 5, 6]


def test_previous_layout_is_still_read() -> None:
    people = [Participant("x1", date(1980, 1, 1), date(2003, 1, 1))]
    buffer = io.StringIO()
    write_csv(people, buffer)
    assert "permit.ground" in buffer.getvalue()
    read = read_table(io.BytesIO(buffer.getvalue().encode()), format="csv")
    assert read.problems == ()
    assert read.to_participants() == people


def test_excel_files_cp1252_semicolons_and_bom() -> None:
    text = "id;birth_date;received_on;interests\nå1;1980-01-01;2003-01-01;vård\n"
    read = read_table(io.BytesIO(text.encode("cp1252")), format="csv")
    assert (read.encoding, read.delimiter) == ("cp1252", ";")
    assert read.table.column("interests").to_pylist() == [["vård"]]
    with_bom = read_table(io.BytesIO(b"\xef\xbb\xbf" + text.encode()), format="csv")
    assert with_bom.encoding == "utf-8"
    assert with_bom.table.column("id").to_pylist() == ["å1"]
    from_text = read_table(io.StringIO("\ufeff" + text), format="csv")
    assert from_text.table.column("id").to_pylist() == ["å1"]
    utf16 = read_table(io.BytesIO(text.encode("utf-16")), format="csv")
    assert utf16.table.column("id").to_pylist() == ["å1"]


def test_undecodable_line_is_one_problem_and_the_rest_kept() -> None:
    data = f"{HEADER}\na,1980-01-01,2003-01-01\nb\xff,1980-01-01,2003-01-01\nc,1980-01-01,2003-01-01\n"
    raw = data.encode("utf-8", "surrogateescape").replace("\xff".encode(), b"\xff")
    read = read_table(io.BytesIO(raw), format="csv", encoding="utf-8")
    assert read.table.column("id").to_pylist() == ["a", "c"]
    assert [p.line for p in read.problems] == [3]
    assert "decoded" in read.problems[0].reason


def test_unterminated_quote_loses_only_its_row() -> None:
    text = f'{HEADER}\na,1980-01-01,2003-01-01\n"b,1980-01-01,2003-01-01\nc,1980-01-01,2003-01-01\n'
    read = read_table(io.BytesIO(text.encode()), format="csv")
    assert read.table.column("id").to_pylist() == ["a", "c"]
    assert read.lines.tolist() == [2, 4]
    assert [p.line for p in read.problems] == [3]


def test_wrong_cell_counts_are_reported_by_line() -> None:
    text = f"{HEADER}\na,1980-01-01,2003-01-01\nb,1980-01-01\nc,1980-01-01,2003-01-01,x\nd,1980-01-01,2003-01-01\n"
    read = read_table(io.BytesIO(text.encode()), format="csv")
    assert read.table.column("id").to_pylist() == ["a", "d"]
    assert read.lines.tolist() == [2, 5]
    assert sorted(p.line for p in read.problems) == [3, 4]


def test_lone_carriage_return_round_trips_and_formulas_are_neutralised() -> None:
    people = [
        Participant("a\rb", date(1980, 1, 1), date(2003, 1, 1)),
        Participant("=cmd()", date(1980, 1, 1), date(2003, 1, 1), interests=frozenset({"@x", "'y"})),
        Participant("'z", date(1980, 1, 1), date(2003, 1, 1)),
    ]
    data = _bytes(people, "csv")
    assert b'"a\rb"' in data
    assert b"\n=" not in data
    assert b",@" not in data
    assert read_table(io.BytesIO(data), format="csv").to_participants() == people
    jsonl = b'{"id":"a\\rb","birth_date":"1980-01-01","received_on":"2003-01-01"}\r' + b"\n"
    assert read_table(io.BytesIO(jsonl), format="jsonl").table.column("id").to_pylist() == ["a\rb"]


def test_jsonl_duplicate_and_unknown_keys_and_long_lines() -> None:
    lines = [
        '{"id":"a","birth_date":"1980-01-01","received_on":"2003-01-01"}',
        '{"id":"b","id":"c","birth_date":"1980-01-01","received_on":"2003-01-01"}',
        '{"id":"d","birth_date":"1980-01-01","received_on":"2003-01-01","x":1}',
        "{" + ",".join(f'"k{i}":0' for i in range(100_000)) + "}",
        "not json",
        '{"id":"e","birth_date":"1980-01-01","received_on":"2003-01-01"}',
    ]
    read = read_table(io.BytesIO("\n".join(lines).encode()), format="jsonl", limits=Limits(line_bytes=10_000))
    assert read.table.column("id").to_pylist() == ["a", "e"]
    assert [p.line for p in read.problems] == [2, 3, 4, 5]


def test_problems_are_capped_and_counted() -> None:
    rows = "".join(f"r{i},1980-02-30,2003-01-01\n" for i in range(50))
    read = read_table(io.BytesIO(f"{HEADER}\n{rows}".encode()), format="csv", limits=Limits(problems=10))
    assert len(read.problems) == 10
    assert read.problems_not_shown == 40


def test_a_wide_header_is_one_problem() -> None:
    read = read_table(io.BytesIO(b"x," * 100_000 + b"x\n"), format="csv")
    assert len(read.problems) == 1


def test_row_limit() -> None:
    rows = "".join(f"r{i},1980-01-01,2003-01-01\n" for i in range(20))
    read = read_table(io.BytesIO(f"{HEADER}\n{rows}".encode()), format="csv", limits=Limits(rows=5))
    assert read.table.num_rows == 5
    assert read.truncated


@pytest.mark.parametrize(
    "number",
    [
        "19121212-1212",
        "191212121212",
        "121212-1212",
        "121212 1212",
        "19121212\u20131212",
        "121212\u22121212",
        "121212\uff0d1212",
        "121212\u00a01212",
        "121212.1212",
        "121212/1212",
        "121212_1212",
        "19701063-2391",
    ],
)
def test_personal_numbers_are_refused_as_ids_and_never_shown(number: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Participant(number, date(1980, 1, 1), date(2003, 1, 1))
    digits = "".join(c for c in number if c.isdigit())
    assert digits[-4:] not in str(caught.value)
    read = read_table(io.BytesIO(f"{HEADER}\n{number},1980-01-01,2003-01-01\n".encode()), format="csv")
    assert read.table.num_rows == 0
    assert digits[-4:] not in str(read.problems[0])
    assert "<redacted>" in redact(f"x {number} y") or digits not in redact(f"x {number} y")


def test_personal_number_ids_pseudonymised_with_a_key() -> None:
    text = f"{HEADER}\n19121212-1212,1912-12-12,2003-01-01\n"
    read = read_table(io.BytesIO(text.encode()), format="csv", key=KEY)
    assert read.problems == ()
    (pseudonym,) = read.table.column("id").to_pylist()
    assert len(pseudonym) == 32
    assert "1212" not in pseudonym[:4]


def test_masked_numbers_do_not_survive_in_a_chained_exception() -> None:
    try:
        try:
            raise KeyError("19121212\u20141212")  # noqa: TRY301  # the chain under test
        except KeyError as inner:
            raise InvalidValueError("id", "bad") from inner
    except ValidationError as error:
        assert error.__cause__ is None or "1212" not in str(error.__cause__)  # noqa: PT017  # the chained exception is the subject
        assert error.__context__ is None or "1212" not in str(error.__context__)  # noqa: PT017  # the chained exception is the subject


def test_the_object_reader_reads_the_new_layout(tmp_path: Path) -> None:
    people = [Participant("a", date(1980, 1, 1), date(2003, 1, 1))]
    path = tmp_path / "new.csv"
    write_table(people, path)
    assert read_csv(path).participants == tuple(people)


def test_batch_columns_take_every_encoding_of_a_coded_column() -> None:
    from etableringsmodell.batch.columns import ColumnTable
    from etableringsmodell.model import PermitGround

    values = ["protection", None, "work"]
    expected = [PermitGround.PROTECTION, None, PermitGround.WORK]
    import pandas as pd

    for column in (
        np.array(values, dtype=object),
        pd.Series(values, dtype="string"),
        pd.Series(values, dtype="category"),
        pa.array(values),
        pa.array(values).dictionary_encode(),
    ):
        table = ColumnTable(
            {"permit_ground": column}
            if not isinstance(column, pa.Array)
            else pa.table({"permit_ground": column})
        )
        indices, members = table.codes("permit_ground", PermitGround)
        assert [None if i < 0 else members[i] for i in indices.tolist()] == expected


def test_check_command_on_the_columnar_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    from etableringsmodell.cli import EXIT_INVALID, EXIT_OK, EXIT_SOME_ROWS_INVALID, main

    people = [
        Participant("a", date(1980, 1, 1), date(2018, 3, 1)),
        Participant("b", date(2012, 1, 1), date(2018, 3, 1)),
    ]
    path = tmp_path / "cohort.csv"
    write_table(people, path, delimiter=";")
    out = tmp_path / "verdicts.parquet"
    args = ["--rule", "etableringsprogrammet-2018", "--on", "2019-06-01"]
    assert main(["check", str(path), *args, "--format", "parquet", "--output", str(out)]) == EXIT_OK
    import pyarrow.parquet as pq

    verdicts = pq.read_table(out)
    assert verdicts.column("id").to_pylist() == ["a", "b"]
    assert verdicts.column("line").to_pylist() == [2, 3]
    # The 12-year-old is too young under Lag (2017:584) 2 § (20-64, or 18-19 without parents).
    assert verdicts.column("status").to_pylist()[1] == "failed"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    assert main(["check", "-", *args, "--format", "csv", "--delimiter", ";"]) == EXIT_OK
    assert capsysbinary.readouterr().out.count(b"\n") == 3
    bad = tmp_path / "bad.csv"
    bad.write_bytes(path.read_bytes() + b"c\xff;1980-01-01;2018-03-01" + b";" * 22 + b"\n")
    assert main(["check", str(bad), *args, "--format", "jsonl", "--encoding", "utf-8"]) == EXIT_INVALID
    assert b"line 4" in capsysbinary.readouterr().err
    bad.write_bytes(path.read_bytes() + b"c;1980-02-30;2018-03-01" + b";" * 22 + b"\n")
    assert main(["check", str(bad), *args, "--format", "jsonl"]) == EXIT_SOME_ROWS_INVALID


def test_batches_of_a_large_file(tmp_path: Path) -> None:
    from etableringsmodell.io.table import iter_csv_batches

    rows = "".join(f"r{i},1980-01-01,2003-01-01\n" for i in range(25))
    path = tmp_path / "big.csv"
    path.write_text(f"{HEADER}\n{rows}r25,1980-02-30,2003-01-01\n", encoding="utf-8")
    batches = list(iter_csv_batches(path, batch_rows=10))
    assert sum(b.table.num_rows for b in batches) == 25
    assert [p.line for b in batches for p in b.problems] == [27]


@pytest.mark.parametrize(
    ("column", "error"),
    [
        (5, "must be a column"),
        ((x for x in "ab"), "must be a column"),
    ],
)
def test_bad_batch_columns_are_typed_errors_naming_the_column(column: object, error: str) -> None:
    from etableringsmodell.batch.columns import ColumnTable
    from etableringsmodell.errors import InvalidTypeError

    with pytest.raises(InvalidTypeError, match=error) as caught:
        ColumnTable({"permit_ground": column})
    assert caught.value.field == "permit_ground"


def test_unhashable_and_null_coded_columns() -> None:
    from etableringsmodell.batch.columns import ColumnTable
    from etableringsmodell.errors import InvalidTypeError
    from etableringsmodell.model import PermitGround

    column = np.empty(2, dtype=object)
    column[0], column[1] = ["x"], "protection"
    with pytest.raises(InvalidTypeError) as caught:
        ColumnTable({"permit_ground": column}).codes("permit_ground", PermitGround)
    assert caught.value.field == "permit_ground"
    nulls = ColumnTable(pa.table({"permit_ground": pa.nulls(3)}))
    assert nulls.codes("permit_ground", PermitGround)[0].tolist() == [-1, -1, -1]


def test_the_batch_path_refuses_personal_numbers_as_ids() -> None:
    from etableringsmodell.batch.columns import ColumnTable

    ids = np.array(["a", "19121212-1212"], dtype=object)
    with pytest.raises(InvalidValueError) as caught:
        ColumnTable({"id": ids})
    assert "1212" not in str(caught.value)
    with pytest.raises(InvalidValueError):
        ColumnTable(pa.table({"id": pa.array(["121212 1212"])}))
    assert len(ColumnTable({"id": np.array(["a", "b1234567890"], dtype=object)})) == 2
    # pandas frames, whatever holds their text: Arrow, Python strings, objects.
    for dtype in ("string[pyarrow]", "string[python]", object):
        frame = pd.DataFrame({"id": pd.Series(["a", None, "19121212\u20131212"], dtype=dtype)})
        with pytest.raises(InvalidValueError) as caught:
            ColumnTable(frame)
        assert "1212" not in str(caught.value)
        assert len(ColumnTable(pd.DataFrame({"id": pd.Series(["a", None], dtype=dtype)}))) == 2


def test_a_huge_quoted_cell_is_one_problem() -> None:
    big = '"' + "x\n" * 200_000 + '"'
    text = f"{HEADER},municipality\na,1980-01-01,2003-01-01,\nb,1980-01-01,2003-01-01,{big}\nc,1980-01-01,2003-01-01,\n"
    read = read_table(io.BytesIO(text.encode()), format="csv", limits=Limits(cell_bytes=1000))
    assert read.table.column("id").to_pylist() == ["a", "c"]
    assert [(p.line, p.field) for p in read.problems] == [(3, "municipality")]
    assert read.lines.tolist() == [2, 200_004]  # b spans lines 3 to 200,003


def test_typed_columns_of_the_wrong_kind_are_problems_not_crashes() -> None:
    table = pa.table(
        {
            "id": pa.array([date(2000, 1, 1), date(2000, 1, 2)]),
            "birth_date": pa.array([True, False]),
            "received_on": pa.array([date(2003, 1, 1), None]),
        }
    )
    read = read_table(table)
    assert read.table.num_rows == 0
    assert {p.field for p in read.problems} >= {"birth_date", "received_on"}


@pytest.mark.parametrize("tail", [b"\x00", b"\x00\xd8,\x00", b"\x00\xdc"])
def test_invalid_utf16_keeps_what_could_be_read(tail: bytes) -> None:
    text = f"{HEADER}\na,1980-01-01,2003-01-01\n"
    read = read_table(io.BytesIO(text.encode("utf-16") + tail), format="csv")
    assert read.table.column("id").to_pylist() == ["a"]
    assert len(read.problems) == 1


def test_the_object_writer_neutralises_formulas_too() -> None:
    people = [
        Participant("=1+1", date(1980, 1, 1), date(2003, 1, 1), interests=frozenset({"@a", "b"})),
        Participant("'q", date(1980, 1, 1), date(2003, 1, 1)),
        Participant("a\rb", date(1980, 1, 1), date(2003, 1, 1)),
    ]
    buffer = io.StringIO()
    write_csv(people, buffer)
    text = buffer.getvalue()
    assert "\n=" not in text
    assert ",@" not in text
    assert '"a\rb"' in text
    assert read_csv(io.StringIO(text)).participants == tuple(people)
    assert read_table(io.BytesIO(text.encode()), format="csv").to_participants() == people
