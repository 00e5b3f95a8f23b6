"""The batch path agrees with the scalar path, row by row and criterion by criterion."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell import batch, catalog
from etableringsmodell.batch.columns import from_participants
from etableringsmodell.calendar import MissingDay, Span
from etableringsmodell.errors import (
    InvalidCodeError,
    InvalidTypeError,
    InvalidValueError,
    MissingColumnError,
    UnknownCriterionError,
)
from etableringsmodell.model import (
    AgeBetween,
    AllOf,
    AnyOf,
    ArrivalAnchor,
    BarringSituation,
    Criterion,
    Everyone,
    NewlyArrived,
    NoBarringSituation,
    Not,
    Participant,
    PermitGround,
    PermitGroundIn,
)
from etableringsmodell.rules.eligibility import Status, check_eligibility
from etableringsmodell.synthetic import synthetic_cohort
from tests.strategies import (
    boundary_participants,
    every_criterion,
    participants,
    reference_dates,
    requirement_criteria,
    requirement_participants,
)

ON = date(2004, 6, 1)
RULE = AllOf(AgeBetween(18, 64), NewlyArrived(within=Span(months=36)))


def days(*isodates: str) -> npt.NDArray[np.datetime64]:
    return np.array(isodates, dtype="datetime64[D]")


@st.composite
def cohorts(draw: st.DrawFn) -> tuple[date, list[Participant]]:
    on = draw(reference_dates)
    people = draw(st.lists(participants(on) | boundary_participants(on), min_size=1, max_size=25))
    return on, people


@settings(max_examples=300, deadline=None)
@given(cohorts(), every_criterion)
def test_batch_agrees_with_scalar_for_every_criterion(
    cohort: tuple[date, list[Participant]], rule: Criterion
) -> None:
    on, people = cohort
    result = batch.evaluate(from_participants(people), rule, on)
    for row, person in enumerate(people):
        decision = check_eligibility(person, rule, on)
        expected = tuple((r.criterion_id, r.status) for r in decision.reasons)
        assert result.statuses(row) == expected
        assert bool(result.eligible[row]) is decision.eligible


@settings(max_examples=60, deadline=None)
@given(cohorts(), every_criterion)
def test_pandas_and_arrow_tables_give_the_numpy_verdicts(
    cohort: tuple[date, list[Participant]], rule: Criterion
) -> None:
    on, people = cohort
    columns = from_participants(people)
    expected = batch.evaluate(columns, rule, on)
    frame = pd.DataFrame(columns)
    arrow = pa.table({k: pa.array(v.tolist() if v.dtype == object else v) for k, v in columns.items()})
    for table in (frame, arrow):
        got = batch.evaluate(table, rule, on)
        for mine, theirs in zip(got.columns, expected.columns, strict=True):
            assert np.array_equal(mine.codes, theirs.codes), mine.id


# ---- the calendar conventions, with values reasoned from Lag (1930:173) 1 § -----


def test_born_29_february_is_18_on_28_february_by_default() -> None:
    # Lag 1930:173 1 §: the year counted from 29 February ends on the last day of February.
    births = days("2004-02-29", "2004-02-29")
    result = batch.evaluate({"birth_date": births}, AgeBetween(18, None), date(2022, 2, 28))
    assert result.eligible.tolist() == [True, True]
    first_of_march = AgeBetween(18, None, convention=MissingDay.FIRST_OF_NEXT_MONTH)
    assert batch.evaluate({"birth_date": births}, first_of_march, date(2022, 2, 28)).eligible.tolist() == [
        False,
        False,
    ]
    assert batch.evaluate({"birth_date": births}, first_of_march, date(2022, 3, 1)).eligible.tolist() == [
        True,
        True,
    ]


def test_age_64_ends_the_day_before_the_65th_birthday() -> None:
    # 18-64 admits up to the day before the 65th birthday, and from the 18th birthday.
    births = days("1939-06-01", "1939-06-02", "1986-06-01", "1986-06-02", "2004-06-02")
    result = batch.evaluate({"birth_date": births}, AgeBetween(18, 64), ON)
    assert result.eligible.tolist() == [False, True, True, False, False]


def test_window_of_36_months_includes_its_end_day() -> None:
    # Received 2018-03-15: the 36-month window ends 2021-03-15, which belongs to it.
    received = days("2018-03-15", "2018-03-14", "2021-03-15", "2021-03-16")
    rule = NewlyArrived(within=Span(months=36))
    result = batch.evaluate({"received_on": received}, rule, date(2021, 3, 15))
    # The third is received on the day itself; the fourth after it, so not yet newly arrived.
    assert result.eligible.tolist() == [True, False, True, False]
    exclusive = NewlyArrived(within=Span(months=36), inclusive_end=False)
    assert batch.evaluate({"received_on": received}, exclusive, date(2021, 3, 15)).eligible.tolist() == [
        False,
        False,
        True,
        False,
    ]


def test_month_end_start_clamps_to_the_last_day_of_february() -> None:
    # 2023-08-31 + 6 months is 2024-02-29 (the end month has no 31st); under the
    # other convention it is 2024-03-01.
    received = days("2023-08-31", "2023-08-31")
    clamped = NewlyArrived(within=Span(months=6))
    next_month = NewlyArrived(within=Span(months=6), convention=MissingDay.FIRST_OF_NEXT_MONTH)
    assert batch.evaluate({"received_on": received}, clamped, date(2024, 2, 29)).eligible.tolist() == [
        True,
        True,
    ]
    assert batch.evaluate({"received_on": received}, clamped, date(2024, 3, 1)).eligible.tolist() == [
        False,
        False,
    ]
    assert batch.evaluate({"received_on": received}, next_month, date(2024, 3, 1)).eligible.tolist() == [
        True,
        True,
    ]


# ---- missing facts, Kleene logic, columns --------------------------------------


def test_missing_dates_and_permits_are_undetermined_and_kleene_combines_them() -> None:
    table = {
        "birth_date": days("1980-01-01", "1980-01-01", "1930-01-01"),
        "first_registered_on": days("NaT", "2003-01-01", "NaT"),
        "permit_ground": np.array(["protection", None, "work"], dtype=object),
    }
    arrived = NewlyArrived(within=Span(years=3), anchor=ArrivalAnchor.FIRST_REGISTERED)
    grounds = PermitGroundIn({PermitGround.PROTECTION})
    codes = batch.evaluate(table, arrived, ON).codes.tolist()
    assert codes == [batch.UNDETERMINED, batch.PASSED, batch.UNDETERMINED]
    assert batch.evaluate(table, grounds, ON).codes.tolist() == [
        batch.PASSED,
        batch.UNDETERMINED,
        batch.FAILED,
    ]
    # all-of: a failure wins over an unknown; any-of: a pass wins; not keeps unknown unknown.
    both = batch.evaluate(table, AllOf(AgeBetween(18, 64), arrived), ON)
    assert [both.status(i) for i in range(3)] == [Status.UNDETERMINED, Status.PASSED, Status.FAILED]
    either = batch.evaluate(table, AnyOf(grounds, arrived), ON)
    assert [either.status(i) for i in range(3)] == [Status.PASSED, Status.PASSED, Status.UNDETERMINED]
    negated = batch.evaluate(table, Not(arrived), ON)
    assert [negated.status(i) for i in range(3)] == [Status.UNDETERMINED, Status.FAILED, Status.UNDETERMINED]


def test_barring_situations_are_read_from_one_column_each() -> None:
    n = 3
    table = {batch.situation_column(s): np.zeros(n, dtype=bool) for s in BarringSituation}
    table["situation_full_time_work"] = np.array([True, False, False])
    table["situation_migration_agency_accommodation"] = np.array([False, False, True])
    assert batch.evaluate(table, NoBarringSituation(), ON).eligible.tolist() == [False, True, False]
    only_work = NoBarringSituation({BarringSituation.FULL_TIME_WORK})
    assert batch.evaluate(table, only_work, ON).eligible.tolist() == [False, True, True]


def test_summary_counts_and_most_common_failures() -> None:
    table = {
        # eligible; too old; too old and arrived long ago; arrived long ago
        "birth_date": days("1980-01-01", "1930-01-01", "1930-01-01", "1980-01-01"),
        "received_on": days("2003-01-01", "2003-01-01", "1990-01-01", "1990-01-01"),
    }
    table["fact_work_oriented_capacity"] = np.array([True] * 4)  # seed 004's capacity, assessed for all
    summary = batch.evaluate(table, catalog.get("goteborg-2004"), ON).summary()
    assert (summary.total, summary.eligible, summary.failed, summary.undetermined) == (4, 1, 3, 0)
    assert summary.failing == (("age-18-64", 2), ("newly-arrived-36m", 2))
    assert summary.rule_id == "goteborg-2004-target-group"
    assert any("004_2ae1cbc02798eb8a.txt" in str(s) for s in summary.sources)
    assert "1 of 4 eligible (25.0%)" in str(summary)


def test_results_as_pandas_and_arrow() -> None:
    table = {"birth_date": days("1980-01-01", "1930-01-01"), "received_on": days("2003-01-01", "2003-01-01")}
    result = batch.evaluate(table, AllOf(RULE.criteria[0], RULE.criteria[0], id="twice"), ON)
    frame = result.to_pandas()
    assert list(frame.columns) == ["eligible", "status", "twice", "age-18-64", "age-18-64#2"]
    assert frame["status"].tolist() == ["passed", "failed"]
    arrow = result.to_arrow()
    assert arrow.column("age-18-64#2").to_pylist() == ["passed", "failed"]
    assert arrow.column("eligible").to_pylist() == [True, False]


def test_pandas_timestamps_and_arrow_dates_with_nulls() -> None:
    frame = pd.DataFrame(
        {
            "birth_date": pd.to_datetime(["1980-01-01 13:00", "1939-06-02 00:00", None]),
            "received_on": pd.to_datetime(["2003-01-01", "2003-01-01", "2003-01-01"]),
        }
    )
    assert [batch.evaluate(frame, RULE, ON).status(i) for i in range(3)] == [
        Status.PASSED,
        Status.PASSED,
        Status.UNDETERMINED,
    ]
    arrow = pa.table(
        {
            "birth_date": pa.array([date(1980, 1, 1), None], pa.date32()),
            "received_on": pa.array([date(2003, 1, 1), date(2000, 1, 1)], pa.date32()),
        }
    )
    assert [batch.evaluate(arrow, RULE, ON).status(i) for i in range(2)] == [Status.PASSED, Status.FAILED]


def test_rename_maps_the_tables_own_column_names() -> None:
    table = {"fodelsedatum": days("1980-01-01"), "mottagen": days("2003-01-01")}
    result = batch.evaluate(table, RULE, ON, rename={"birth_date": "fodelsedatum", "received_on": "mottagen"})
    assert result.eligible.tolist() == [True]


def test_bad_tables_get_typed_errors_naming_the_column() -> None:
    with pytest.raises(MissingColumnError, match="received_on"):
        batch.evaluate({"birth_date": days("1980-01-01")}, RULE, ON)
    with pytest.raises(InvalidTypeError, match="birth_date"):
        batch.evaluate({"birth_date": np.array([1.5]), "received_on": days("2003-01-01")}, RULE, ON)
    with pytest.raises(InvalidCodeError, match=r"permit_ground.*'refugee'"):
        batch.evaluate(
            {"permit_ground": np.array(["refugee"])}, PermitGroundIn({PermitGround.PROTECTION}), ON
        )
    with pytest.raises(InvalidValueError, match=r"received_on.*rows"):
        batch.evaluate(
            {"birth_date": days("1980-01-01"), "received_on": days("2003-01-01", "2003-01-02")}, RULE, ON
        )
    with pytest.raises(InvalidTypeError, match="table"):
        batch.evaluate([1, 2], RULE, ON)
    with pytest.raises(InvalidTypeError, match="on"):
        batch.evaluate({"birth_date": days("1980-01-01")}, AgeBetween(18, 64), "2004-06-01")  # type: ignore[arg-type]


class _Unknown(Criterion):
    id = "unknown-kind"
    sources = ()


def test_an_unknown_criterion_type_is_named_with_how_to_register_it() -> None:
    with pytest.raises(UnknownCriterionError, match=r"_Unknown.*register_column_evaluator"):
        batch.evaluate({"birth_date": days("1980-01-01")}, AllOf(AgeBetween(18, 64), _Unknown()), ON)


def test_a_registered_column_evaluator_is_used_and_checked() -> None:
    class Born1980s(Criterion):
        id = "born-1980s"
        sources = ()

    def born_1980s(c: Born1980s, table: batch.ColumnTable, on: date) -> npt.NDArray[np.bool_]:
        years = table.days("birth_date").astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
        return (years >= 1980) & (years < 1990)

    batch.register_column_evaluator(Born1980s, born_1980s)
    table = {"birth_date": days("1985-05-05", "1979-12-31")}
    assert batch.evaluate(table, Born1980s(), ON).eligible.tolist() == [True, False]

    class Broken(Criterion):
        id = "broken"
        sources = ()

    batch.register_column_evaluator(Broken, lambda c, t, on: np.array([5, 0], dtype=np.int8))
    with pytest.raises(InvalidValueError, match=r"Broken.*outside 0-2"):
        batch.evaluate(table, Broken(), ON)
    with pytest.raises(InvalidValueError, match="AllOf"):
        batch.register_column_evaluator(AllOf, lambda c, t, on: np.ones(2, dtype=bool))


def test_every_catalogue_rule_agrees_with_the_scalar_path() -> None:
    """Every agreement on its first day and every programme version on its first and last day."""
    checked = 0
    for entry_id in catalog.ids():
        entry = catalog.get(entry_id)
        if hasattr(entry, "versions"):
            days = [d for v in entry.versions for d in (v.effective_from, v.effective_to) if d is not None]
        else:
            days = [entry.start]
        for on in days:
            people = synthetic_cohort(150, on, seed=checked)
            result = batch.evaluate(from_participants(people), entry, on)
            for row, person in enumerate(people):
                decision = check_eligibility(person, entry, on)
                expected = tuple((r.criterion_id, r.status) for r in decision.reasons)
                assert result.statuses(row) == expected, (entry_id, on)
            checked += 1
    assert checked >= len(catalog.ids())


def test_the_core_imports_no_numpy_and_a_missing_extra_names_it() -> None:
    code = (
        "import sys\n"
        "import etableringsmodell, etableringsmodell.rules.eligibility, etableringsmodell.catalog\n"
        "print(sorted(m for m in ('numpy', 'pandas', 'pyarrow') if m in sys.modules))\n"
        "sys.modules['numpy'] = None\n"
        "try:\n"
        "    import etableringsmodell.batch\n"
        "except ImportError as error:\n"
        "    print(type(error).__name__, error)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0] == "[]"
    assert lines[1].startswith("MissingExtraError etableringsmodell.batch needs numpy")
    assert "pip install 'etableringsmodell[batch]'" in lines[1]


def test_everyone_passes_every_row() -> None:
    result = batch.evaluate({"birth_date": days("1980-01-01", "NaT")}, Everyone(), ON)
    assert result.eligible.tolist() == [True, True]


def test_arrow_record_batches_as_spark_map_in_arrow_hands_them() -> None:
    # mapInArrow gives RecordBatches of Arrays (not ChunkedArrays), with nulls for missing dates.
    record_batches = [
        pa.RecordBatch.from_pydict(
            {
                "birth_date": pa.array([date(1980, 1, 1), None], pa.date32()),
                "received_on": pa.array([date(2003, 1, 1), date(2003, 1, 1)], pa.date32()),
                "permit_ground": pa.array(["protection", None]),
            }
        )
    ]

    def judge(batches: list[pa.RecordBatch]) -> list[pa.RecordBatch]:
        out = []
        for record_batch in batches:
            result = batch.evaluate(record_batch, RULE, ON)
            out += result.to_arrow(dictionary=False).to_batches()
        return out

    (statuses,) = judge(record_batches)
    assert statuses.schema.field("status").type == pa.string()
    assert statuses.column(1).to_pylist() == ["passed", "undetermined"]
    grounds = batch.evaluate(record_batches[0], PermitGroundIn({PermitGround.PROTECTION}), ON)
    assert grounds.codes.tolist() == [batch.PASSED, batch.UNDETERMINED]


@settings(max_examples=150, deadline=None)
@given(st.data(), reference_dates, requirement_criteria, requirement_criteria)
def test_batch_agrees_with_scalar_for_the_requirement_criteria(
    data: st.DataObject, on: date, first: Criterion, second: Criterion
) -> None:
    people = data.draw(st.lists(requirement_participants(on), min_size=1, max_size=12))
    columns = from_participants(people)
    for rule in (first, AnyOf(first, Not(second))):
        result = batch.evaluate(columns, rule, on)
        for row, person in enumerate(people):
            decision = check_eligibility(person, rule, on)
            assert result.statuses(row) == tuple((r.criterion_id, r.status) for r in decision.reasons)
    arrow = pa.table({k: pa.array(v.tolist() if v.dtype == object else v) for k, v in columns.items()})
    frame = pd.DataFrame(columns)
    expected = batch.evaluate(columns, first, on).codes
    assert np.array_equal(batch.evaluate(arrow, first, on).codes, expected)
    assert np.array_equal(batch.evaluate(frame, first, on).codes, expected)


def test_experience_adds_up_across_competences_as_on_the_scalar_path() -> None:
    from etableringsmodell.model import Competence, ExperienceAtLeast
    from etableringsmodell.units import quantity

    def person(*months: float | None) -> Participant:
        competences = [Competence("5120", None if m is None else quantity(m, "months")) for m in months]
        return Participant(
            "p", birth_date=date(1980, 1, 1), received_on=date(2003, 1, 1), competences=competences
        )

    # Three stints of 4 months are a year; 11 known months and one unknown stint might be.
    people = [person(4, 4, 4), person(11), person(11, None), person()]
    rule = ExperienceAtLeast(quantity(1, "year"), {"51"})
    result = batch.evaluate(from_participants(people), rule, ON)
    expected = [Status.PASSED, Status.FAILED, Status.UNDETERMINED, Status.FAILED]
    assert [result.status(i) for i in range(4)] == expected
    assert [check_eligibility(p, rule, ON).status for p in people] == expected
    with pytest.raises(InvalidValueError, match="experience_years"):
        batch.evaluate(
            {
                "occupations": np.array([("5120",)], dtype=object),
                "experience_years": np.array([()], dtype=object),
            },
            rule,
            ON,
        )
