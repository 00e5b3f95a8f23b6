"""Cohorts from and to CSV and JSON Lines (etableringsmodell.io.cohort): every bad row reported."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell.errors import (
    DateOrderError,
    InvalidCodeError,
    InvalidDocumentError,
    InvalidPersonalNumberError,
    InvalidValueError,
    MissingFieldError,
    UnknownFieldError,
)
from etableringsmodell.io.cohort import csv_columns, read_csv, read_jsonl, write_csv, write_jsonl
from etableringsmodell.io.personal_number import PersonalNumber, pseudonymise
from etableringsmodell.model import Participant
from etableringsmodell.units import registry
from tests.strategies import full_participants

# pint's registry takes about a second to build; built here, Hypothesis does not blame the first draw.
registry()

KEY = b"analyst-secret-key-0001"


def _csv(participants: list[Participant]) -> str:
    buffer = io.StringIO()
    write_csv(participants, buffer)
    return buffer.getvalue()


@settings(max_examples=max(5, settings().max_examples // 10))  # the long profile scales it
@given(st.lists(full_participants(), max_size=3, unique_by=lambda p: p.id))
def test_csv_round_trip(participants: list[Participant]) -> None:
    result = read_csv(io.StringIO(_csv(participants)))
    assert result.problems == ()
    assert result.participants == tuple(participants)
    assert result.lines == tuple(range(2, 2 + len(participants))) or any("\n" in p.id for p in participants)


@settings(max_examples=max(5, settings().max_examples // 10))  # the long profile scales it
@given(st.lists(full_participants(), max_size=3, unique_by=lambda p: p.id))
def test_jsonl_round_trip(participants: list[Participant]) -> None:
    buffer = io.StringIO()
    assert write_jsonl(participants, buffer) == len(participants)
    result = read_jsonl(io.StringIO(buffer.getvalue()))
    assert result.ok
    assert result.participants == tuple(participants)
    assert result.lines == tuple(range(1, 1 + len(participants)))


def test_every_bad_row_is_reported_and_the_good_ones_kept() -> None:
    text = (
        "id,birth_date,received_on,competences,permit.ground,permit.granted_on,colour\n"  # line 1
        "a,1980-01-01,2003-01-01,2221|4 year|true,PROTECTION,2002-05-01,red\n"  # 2: good (colour reported once)
        "b,1980-02-30,2003-01-01,22x1,,,\n"  # 3: a date that does not exist, and a bad code
        "c,1990-01-01,1980-01-01,,,,\n"  # 4: born after reception
        "a,1980-01-01,2003-01-01,,,,\n"  # 5: the id of line 2 again
        "d,1980-01-01\n"  # 6: too few cells
        "\n"  # 7: blank, not a row
        '"e\nf",1980-01-01,2003-01-01,2221|2 parsecs,,,\n'  # 8-9: one record over two lines
        "g,1980-01-01,2003-01-01,,PROTECTION,,\n"  # 10: a permit without its grant date
        "h,1981-01-01,2004-01-01,5120||false,,,\n"  # 11: good
    )
    result = read_csv(io.StringIO(text))
    assert [p.id for p in result.participants] == ["a", "h"]
    assert result.lines == (2, 11)
    assert result.rows == 8
    found = [(p.line, p.field, type(p.error)) for p in result.problems]
    assert found == [
        (1, "colour", UnknownFieldError),
        (3, "birth_date", InvalidValueError),
        (3, "competences[0].occupation", InvalidCodeError),
        (4, "birth_date", DateOrderError),
        (5, "id", InvalidValueError),
        (6, "row", InvalidValueError),
        (8, "competences[0].experience.unit", InvalidValueError),
        (10, "permit.granted_on", MissingFieldError),
    ]
    assert result.bad_lines == (1, 3, 4, 5, 6, 8, 10)
    with pytest.raises(InvalidDocumentError) as caught:
        result.raise_for_problems()
    assert caught.value.errors[1].field == "line 3: birth_date"


def test_a_code_error_is_named_by_its_path_in_the_cell() -> None:
    text = "id,birth_date,received_on,competences\nb,1980-01-01,2003-01-01,2221;22x1\n"
    (problem,) = read_csv(io.StringIO(text)).problems
    assert (problem.line, problem.field, type(problem.error)) == (
        2,
        "competences[1].occupation",
        InvalidCodeError,
    )


def test_missing_required_columns_are_reported_on_the_header() -> None:
    result = read_csv(io.StringIO("id,birth_date\nx,1980-01-01\n"))
    assert [(p.line, p.field) for p in result.problems] == [(1, "received_on")]
    assert result.participants == ()
    assert result.rows == 1
    assert read_csv(io.StringIO("")).problems[0].field == "header"


def test_semicolon_csv_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "cohort.csv"
    path.write_text(
        "id;birth_date;received_on;situations\nx;1980-01-01;2003-01-01;FULL_TIME_WORK\n", encoding="utf-8-sig"
    )
    result = read_csv(path, delimiter=";")
    assert result.ok
    assert result.participants[0].situations == {result.participants[0].situations.__iter__().__next__()}


def test_files_by_path_round_trip(tmp_path: Path) -> None:
    people = [Participant("p1", birth_date=date(1980, 1, 1), received_on=date(2003, 1, 1))]
    assert write_csv(people, tmp_path / "c.csv") == 1
    assert write_jsonl(people, tmp_path / "c.jsonl") == 1
    assert read_csv(tmp_path / "c.csv").participants == tuple(people)
    assert read_jsonl(tmp_path / "c.jsonl").participants == tuple(people)


def test_csv_columns_cover_every_participant_field() -> None:
    import attrs

    columns = set(csv_columns())
    for a in attrs.fields(Participant):
        if a.name == "facts":  # one column per assessed fact: fact_<kind> and fact_<kind>_on
            assert {"fact_registered_job_seeker", "fact_registered_job_seeker_on"} <= columns
            continue
        assert a.name in columns or any(c.startswith(a.name + ".") for c in columns), a.name


def test_writing_refuses_what_csv_would_change() -> None:
    person = Participant("x", birth_date=date(1980, 1, 1), received_on=date(2003, 1, 1), interests={"a;b"})
    with pytest.raises(InvalidValueError) as caught:
        _csv([person])
    assert caught.value.field == "participants[0].interests"
    with pytest.raises(InvalidValueError):
        _csv([Participant(" x", birth_date=date(1980, 1, 1), received_on=date(2003, 1, 1))])


def test_jsonl_reports_bad_lines() -> None:
    good = '{"format_version": 1, "id": "a", "birth_date": "1980-01-01", "received_on": "2003-01-01"}'
    text = "\n".join(
        [
            good,
            "{not json",
            '{"format_version": 9, "id": "b", "birth_date": "1980-01-01", "received_on": "2003-01-01"}',
            "",
            '{"format_version": 1, "id": "c", "birth_date": "1980-01-01"}',
            "[1]",
        ]
    )
    result = read_jsonl(io.StringIO(text))
    assert [p.id for p in result.participants] == ["a"]
    assert [(p.line, p.field) for p in result.problems] == [
        (2, "document"),
        (3, "format_version"),
        (5, "received_on"),
        (6, "document"),
    ]


def test_a_personal_number_column_becomes_a_pseudonym_and_a_birth_date() -> None:
    text = (
        "personal_number,birth_date,received_on\n"
        "19121212-1212,,2003-01-01\n"  # 2: birth date from the number
        "121212-1212,1912-12-13,2003-01-01\n"  # 3: disagrees with the number
        "701063-2391,1970-10-03,2003-01-01\n"  # 4: samordningsnummer, agrees
        "701063-2392,,2003-01-01\n"  # 5: wrong check digit
        ",,2003-01-01\n"  # 6: no number
    )
    result = read_csv(io.StringIO(text), key=KEY, on=date(2004, 1, 1))
    expected_id = pseudonymise(PersonalNumber.parse("191212121212"), KEY)
    assert [(p.id, p.birth_date) for p in result.participants] == [
        (expected_id, date(1912, 12, 12)),
        (pseudonymise(PersonalNumber.parse("197010632391"), KEY), date(1970, 10, 3)),
    ]
    assert [(p.line, p.field, type(p.error)) for p in result.problems] == [
        (3, "birth_date", DateOrderError),
        (5, "personal_number", InvalidPersonalNumberError),
        (6, "personal_number", MissingFieldError),
    ]
    for problem in result.problems:
        assert "1212" not in str(problem)
        assert "2391" not in str(problem)
    with pytest.raises(InvalidValueError, match="key"):
        read_csv(io.StringIO(text))
