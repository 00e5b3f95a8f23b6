"""Rules compiled to SQL agree with the scalar and batch paths, on DuckDB; the T-SQL text is checked by parsing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import numpy.typing as npt
import pandas as pd
import polars as pl
import pytest
import sqlglot
from attrs import frozen
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

from etableringsmodell import batch, catalog, sql
from etableringsmodell.batch.columns import from_participants
from etableringsmodell.calendar import MissingDay, Span, age_on
from etableringsmodell.errors import MissingColumnError, UnknownCriterionError
from etableringsmodell.model import (
    AgeBetween,
    Criterion,
    ExperienceAtLeast,
    FamilyTieWithin,
    Participant,
    Validated,
)
from etableringsmodell.rules import forms
from etableringsmodell.rules.eligibility import Status, check_eligibility, register_evaluator
from etableringsmodell.sources import UNCITED, Source
from etableringsmodell.synthetic import synthetic_cohort
from etableringsmodell.units import quantity
from tests.sql_support import (
    BOUNDARY_EXPECTED,
    assert_agrees,
    boundary_cohort,
    composite,
    law_criteria,
    law_participants,
)
from tests.strategies import (
    boundary_participants,
    every_criterion,
    participants,
    reference_dates,
    requirement_criteria,
)


@st.composite
def cohorts(draw: st.DrawFn) -> tuple[date, list[Participant]]:
    on = draw(reference_dates)
    people = draw(st.lists(participants(on) | boundary_participants(on), min_size=1, max_size=20))
    return on, people


@settings(max_examples=40, deadline=None)
@given(cohorts(), every_criterion)
def test_duckdb_agrees_with_scalar_for_every_foundation_criterion(
    cohort: tuple[date, list[Participant]], rule: Criterion
) -> None:
    on, people = cohort
    assert_agrees(sql.evaluate_duckdb(from_participants(people), rule, on), people, rule, on)


@settings(max_examples=40, deadline=None)
@given(st.data(), reference_dates, requirement_criteria | law_criteria, requirement_criteria | law_criteria)
def test_duckdb_agrees_with_scalar_for_requirement_and_law_criteria(
    data: st.DataObject, on: date, first: Criterion, second: Criterion
) -> None:
    people = data.draw(st.lists(law_participants(on), min_size=1, max_size=12))
    rule = composite(first, second)
    assert_agrees(sql.evaluate_duckdb(from_participants(people), rule, on), people, rule, on)


def test_every_catalogue_programme_agrees_on_duckdb_with_batch_and_scalar() -> None:
    """Every entry on every version's first and last day, the version chosen by the date."""
    checked = 0
    for entry_id in catalog.ids():
        entry = catalog.get(entry_id)
        if hasattr(entry, "versions"):
            days = [d for v in entry.versions for d in (v.effective_from, v.effective_to) if d is not None]
        else:
            days = [entry.start]
        for on in days:
            people = synthetic_cohort(120, on, seed=checked)
            columns = from_participants(people)
            result = sql.evaluate_duckdb(columns, entry, on)
            expected = batch.evaluate(columns, entry, on)
            assert result.column_names() == expected.column_names()
            for mine, theirs in zip(result.columns, expected.columns, strict=True):
                assert np.array_equal(mine.codes, theirs.codes), (entry_id, on, mine.id)
            assert result.summary() == expected.summary()
            assert_agrees(result, people, entry, on)
            checked += 1
    assert checked >= len(catalog.ids())


def test_hand_built_boundaries_on_duckdb() -> None:
    people, rules, on = boundary_cohort()
    columns = from_participants(people)
    for key, rule in rules.items():
        result = sql.evaluate_duckdb(columns, rule, on)
        for row, person in enumerate(people):
            want = BOUNDARY_EXPECTED.get(person.id, {}).get(key)
            if want is not None:
                assert result.status(row).value == want, (key, person.id)
        assert_agrees(result, people, rule, on)


def test_date_additions_stay_dates_and_clamp_to_the_month_end_in_duckdb() -> None:
    """31 August + 6 months is the last day of February (Lag 1930:173 1 §), and the type is DATE."""
    con = duckdb.connect()
    writer_cases = [
        (date(2023, 8, 31), 6, MissingDay.LAST_DAY_OF_MONTH, date(2024, 2, 29)),
        (date(2022, 8, 31), 6, MissingDay.LAST_DAY_OF_MONTH, date(2023, 2, 28)),
        (date(2022, 8, 31), 6, MissingDay.FIRST_OF_NEXT_MONTH, date(2023, 3, 1)),
        (date(2000, 2, 29), 12 * 18, MissingDay.LAST_DAY_OF_MONTH, date(2018, 2, 28)),
        (date(2000, 2, 29), 12 * 18, MissingDay.FIRST_OF_NEXT_MONTH, date(2018, 3, 1)),
    ]
    from etableringsmodell.sql.compile import _Writer

    writer = _Writer("duckdb", None)
    for start, months, convention, want in writer_cases:
        added = writer.add_months(
            forms.AddMonths(forms.Column("d", forms.ColumnKind.DATE), months, 0, convention)
        )
        got, kind = con.execute(  # the text is sqlglot's, of a fixed form
            f"SELECT {added.sql('duckdb')}, typeof({added.sql('duckdb')}) FROM (SELECT ?::DATE AS d)", [start]
        ).fetchone()  # type: ignore[misc]
        assert (got, kind) == (want, "DATE"), (start, months, convention)


def test_sources_files_tables_and_frames_give_the_same_result(tmp_path: Path) -> None:
    on = date(2019, 5, 31)
    people = synthetic_cohort(60, on, seed=7)
    rule = catalog.get("etableringsprogrammet-2018")
    columns = from_participants(people)
    expected = batch.evaluate(columns, rule, on)
    arrow = sql.to_arrow(columns)
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    pq.write_table(arrow, tmp_path / "cohort.parquet")
    flat = arrow.drop_columns(
        [n for n in arrow.column_names if str(arrow.schema.field(n).type).startswith("list")]
    )
    pacsv.write_csv(flat, tmp_path / "cohort.csv")
    con = duckdb.connect()
    con.register("staged", arrow)
    con.execute("CREATE TABLE cohort AS SELECT * FROM staged")
    sources: list[object] = [
        arrow,
        arrow.to_pandas(),
        pl.from_arrow(arrow),
        tmp_path / "cohort.parquet",
        str(tmp_path / "cohort.parquet"),
    ]
    for source in sources:
        got = sql.evaluate_duckdb(source, rule, on)
        assert np.array_equal(got.codes, expected.codes), type(source)
    got = sql.evaluate_duckdb("cohort", rule, on, connection=con)
    assert sorted(got.codes.tolist()) == sorted(expected.codes.tolist())
    # A CSV holds no lists; a rule that reads none runs on it.
    age = AgeBetween(18, 64)
    assert np.array_equal(
        sql.evaluate_duckdb(tmp_path / "cohort.csv", age, on).codes, batch.evaluate(columns, age, on).codes
    )


def _escapes_case(tree: exp.Expr) -> list[exp.Expr]:
    """Boolean-valued expressions that sit outside a WHEN test or a WHERE clause."""
    bad: list[exp.Expr] = []
    for node in tree.walk():
        if isinstance(node, (exp.Predicate, exp.Connector, exp.Not, exp.Boolean)):
            parent = node.parent
            inside = False
            while parent is not None:
                if isinstance(parent, (exp.If, exp.Where)):
                    inside = True
                    break
                parent = parent.parent
            if not inside:
                bad.append(node)
    return bad


def test_tsql_keeps_every_test_inside_case_when() -> None:
    for entry_id in catalog.ids():
        entry = catalog.get(entry_id)
        on = entry.versions[0].effective_from if hasattr(entry, "versions") else entry.start
        text = sql.to_sql(entry, on, dialect="tsql")
        tree = sqlglot.parse_one(text, read="tsql")
        assert _escapes_case(tree) == [], entry_id
        assert "TRUE" not in text.upper().replace("[", " ")
    # The check can fail: DuckDB's text keeps `eligible` as a boolean.
    duck = sqlglot.parse_one(
        sql.to_sql(AgeBetween(18, 64), date(2020, 1, 1), dialect="duckdb"), read="duckdb"
    )
    assert _escapes_case(duck)


def test_every_dialect_parses_back() -> None:
    rule = catalog.get("etableringsinsatser-2010")
    for dialect in sql.DIALECTS:
        text = sql.to_sql(rule, date(2014, 2, 28), dialect=dialect)
        assert sqlglot.parse_one(text, read=dialect) is not None
        assert "WITH" in text


class _NoForm(Criterion):
    id = "no-form"
    sources = ()


def test_unknown_types_and_missing_columns_get_typed_errors() -> None:
    with pytest.raises(UnknownCriterionError, match="register_form"):
        sql.to_sql(_NoForm(), date(2020, 1, 1))
    with pytest.raises(MissingColumnError) as caught:
        sql.compile_rule(
            FamilyTieWithin(Span(months=6)), date(2020, 1, 1), schema=["birth_date", "permit_ground"]
        )
    assert caught.value.field in ("permit_applied_on", "sponsor_received_on")


# ---- a criterion of one's own, written once -----------------------------------------


@frozen
class ArrivedBeforeAge(Criterion):
    """Received in a municipality before turning ``age`` (a user's own criterion, for the test)."""

    age: int
    id: str = "arrived-before-age"
    sources: tuple[Source, ...] = (UNCITED,)


def _arrived_before_age(c: ArrivedBeforeAge, on: date) -> forms.Form:
    birthday = forms.AddMonths(forms.Column("birth_date", forms.ColumnKind.DATE), 12 * c.age)
    return forms.kleene(forms.Compare("<", forms.Column("received_on", forms.ColumnKind.DATE), birthday))


def test_a_users_criterion_written_once_runs_on_numpy_and_sql() -> None:
    sql.register_criterion(ArrivedBeforeAge, _arrived_before_age)

    def scalar(c: ArrivedBeforeAge, person: Participant, on: date) -> tuple[Status, str]:
        passed = age_on(person.birth_date, person.received_on) < c.age
        return (Status.PASSED if passed else Status.FAILED), "by hand"

    register_evaluator(ArrivedBeforeAge, scalar)
    rule = ArrivedBeforeAge(18)
    people = [
        Participant(id="a", birth_date=date(2000, 2, 29), received_on=date(2018, 2, 27)),  # 17: passed
        Participant(id="b", birth_date=date(2000, 2, 29), received_on=date(2018, 2, 28)),  # 18: failed
        Participant(id="c", birth_date=date(1990, 6, 1), received_on=date(2020, 1, 1)),  # 29: failed
    ]
    columns = from_participants(people)
    on = date(2021, 1, 1)
    want: npt.NDArray[np.int8] = np.array([2, 0, 0], dtype=np.int8)
    assert np.array_equal(batch.evaluate(columns, rule, on).codes, want)
    assert np.array_equal(sql.evaluate_duckdb(columns, rule, on).codes, want)
    assert "INTERVAL" in sql.to_sql(rule, on, dialect="postgres")
    assert_agrees(sql.evaluate_duckdb(pd.DataFrame(columns), rule, on), people, rule, on)


def test_the_sql_command_prints_the_rule_for_a_dialect(capsys: pytest.CaptureFixture[str]) -> None:
    from etableringsmodell.cli import main

    assert main(["sql", "etableringsprogrammet-2018", "--on", "2020-02-29", "--dialect", "tsql"]) == 0
    text = capsys.readouterr().out
    assert "DATEADD(MONTH" in text
    assert "-- criterion_0: etableringsprogrammet-from-2018-01-01" in text
    body = "\n".join(line for line in text.splitlines() if not line.startswith("--")).rstrip(";\n")
    assert _escapes_case(sqlglot.parse_one(body, read="tsql")) == []
    assert main(["sql", "no-such-rule", "--on", "2020-02-29"]) == 3


@settings(max_examples=60, deadline=None)
@given(st.data(), reference_dates, requirement_criteria | law_criteria | every_criterion)
def test_the_numpy_interpreter_of_forms_agrees_with_the_scalar_path(
    data: st.DataObject, on: date, rule: Criterion
) -> None:
    """Each criterion's form judged by numpy alone gives the scalar verdicts, criterion by criterion."""
    people = data.draw(st.lists(law_participants(on), min_size=1, max_size=12))
    table = batch.ColumnTable(from_participants(people))
    codes = {status: int(code) for status, code in batch.CODES.items()}
    for row, person in enumerate(people):
        decision = check_eligibility(person, rule, on)
        criteria = [rule] if len(decision.reasons) == 1 else None
        if criteria is None:
            continue  # composites: the batch path's own agreement tests walk them
        got = sql.evaluate_form(forms.form_of(rule, on), table)
        assert int(got[row]) == codes[decision.reasons[0].status], (row, rule.id)
    assert_agrees(batch.evaluate(table, rule, on), people, rule, on)


def test_catalogue_forms_on_numpy_agree_with_the_scalar_path() -> None:
    for number, entry_id in enumerate(catalog.ids()):
        entry = catalog.get(entry_id)
        on = entry.versions[-1].effective_from if hasattr(entry, "versions") else entry.start
        people = synthetic_cohort(150, on, seed=number)
        columns = from_participants(people)
        result = batch.evaluate(columns, entry, on)
        assert_agrees(result, people, entry, on)
        table = batch.ColumnTable(columns)
        for column in result.columns:
            got = sql.evaluate_form(forms.form_of(column.criterion, on), table)
            assert np.array_equal(got, column.codes), (entry_id, column.id)


def test_bad_arguments_get_typed_errors() -> None:
    from datetime import UTC, datetime

    from etableringsmodell.errors import InvalidTypeError, InvalidValueError

    with pytest.raises(InvalidValueError, match="dialect"):
        sql.to_sql(AgeBetween(18, 64), date(2020, 1, 1), dialect="no-such-sql")
    with pytest.raises(InvalidTypeError, match="on"):
        sql.to_sql(AgeBetween(18, 64), datetime(2020, 1, 1, tzinfo=UTC))
    with pytest.raises(InvalidValueError, match="connection"):
        sql.evaluate_duckdb("some_table", AgeBetween(18, 64), date(2020, 1, 1))
    with pytest.raises(InvalidValueError, match="source"):
        sql.evaluate_duckdb(
            "x; DROP TABLE y", AgeBetween(18, 64), date(2020, 1, 1), connection=duckdb.connect()
        )
    with pytest.raises(InvalidTypeError, match="source"):
        sql.evaluate_duckdb(42, AgeBetween(18, 64), date(2020, 1, 1))


def test_experience_and_validated_parse_back_in_every_dialect() -> None:
    rules = (
        ExperienceAtLeast(quantity(2, "years"), {"2221", "51"}),
        ExperienceAtLeast(quantity(6, "months")),
    )
    for dialect in sql.DIALECTS:
        for rule in rules:
            text = sql.to_sql(rule, date(2020, 1, 1), dialect=dialect)
            assert sqlglot.parse_one(text, read=dialect) is not None
        cohort_table = ["competence_occupation", "competence_validated"]
        text = sql.to_sql(Validated({"51"}), date(2020, 1, 1), dialect=dialect, schema=cohort_table)
        assert "competence_validated" in text
        assert sqlglot.parse_one(text, read=dialect) is not None
