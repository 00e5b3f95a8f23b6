"""The batch path's one evaluator, derived from the forms: its vectorised parts against independent references.

Calendar additions on row dates against :func:`~etableringsmodell.calendar.add_span`
(Lag 1930:173 1 §, a day the month lacks is its last day, or the first of the
next under the other convention); numpy text looked up in a vocabulary against
comparing value by value; object columns of booleans against reading them one
by one; and the same verdicts whatever the encoding of a coded column.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell import batch, catalog, sql
from etableringsmodell.batch.columns import NAT, _fixed_text_codes, _shared_object_codes
from etableringsmodell.batch.forms import FormRun, _add_months
from etableringsmodell.batch.synthetic import synthetic_columns
from etableringsmodell.calendar import MissingDay, Span, add_span
from etableringsmodell.errors import InvalidCodeError, InvalidTypeError
from etableringsmodell.model import (
    Competence,
    ExperienceAtLeast,
    Participant,
    PermitGround,
    PermitGroundIn,
    Validated,
)
from etableringsmodell.rules import forms
from etableringsmodell.rules.eligibility import Status, check_eligibility
from etableringsmodell.units import quantity

EPOCH = date(1970, 1, 1)


def _days(values: list[date | None]) -> np.ndarray[Any, np.dtype[np.int64]]:
    return np.array([NAT if d is None else (d - EPOCH).days for d in values], dtype=np.int64)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.none() | st.dates(date(1900, 1, 1), date(2100, 12, 31)), min_size=1, max_size=40),
    st.integers(0, 240),
    st.integers(0, 40),
    st.sampled_from(MissingDay),
    st.booleans(),
)
def test_month_additions_on_columns_are_add_span(
    values: list[date | None], months: int, days: int, convention: MissingDay, crowded: bool
) -> None:
    # ``crowded`` repeats the rows until there are more rows than days in their range: the table path.
    if crowded:
        known = [d for d in values if d is not None]
        span = (max(known) - min(known)).days + 1 if known else 1
        values = values * (span // len(values) + 2)
    column = _days(values)
    missing = column == NAT
    got = _add_months(
        column,
        missing if missing.any() else None,
        forms.AddMonths(forms.Column("d", forms.ColumnKind.DATE), months, days, convention),
    )
    want = _days(
        [None if d is None else add_span(d, Span(months=months, days=days), convention) for d in values]
    )
    assert got.tolist() == want.tolist()


def test_month_additions_clamp_to_the_month_end() -> None:
    # 31 August + 6 months is the last day of February; 29 February + 18 years is 28 February or 1 March.
    column = _days([date(2023, 8, 31), date(2000, 2, 29), None])
    last = _add_months(column, column == NAT, forms.AddMonths(forms.Column("d", forms.ColumnKind.DATE), 6))
    assert last.tolist()[:2] == _days([date(2024, 2, 29), date(2000, 8, 29)]).tolist()
    adult = forms.AddMonths(
        forms.Column("d", forms.ColumnKind.DATE), 12 * 18, 0, MissingDay.FIRST_OF_NEXT_MONTH
    )
    assert _add_months(column, column == NAT, adult).tolist() == [
        (date(2041, 8, 31) - EPOCH).days,
        (date(2018, 3, 1) - EPOCH).days,
        NAT,
    ]


VOCABULARY = [g.value for g in PermitGround]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([*VOCABULARY, ""]), min_size=1, max_size=60), st.integers(0, 40))
def test_numpy_text_codes_are_the_vocabulary_positions(values: list[str], width: int) -> None:
    column = np.array(values, dtype=f"<U{max(width, *(len(v) for v in values), 1)}")
    want = [VOCABULARY.index(v) if v else -1 for v in values]
    got = _fixed_text_codes(column, VOCABULARY)
    assert got is not None
    assert got.tolist() == want


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=20),
    st.text(min_size=1, max_size=12),
    st.data(),
)
def test_a_value_outside_the_vocabulary_is_never_given_a_code(
    values: list[str], odd: str, data: st.DataObject
) -> None:
    if odd in VOCABULARY or "\x00" in odd:
        return
    at = data.draw(st.integers(0, len(values)))
    column = np.array([*values[:at], odd, *values[at:]])
    assert _fixed_text_codes(column, VOCABULARY) is None


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from([*VOCABULARY, None]), min_size=1, max_size=40),
    st.integers(1, 6000) | st.integers(4097, 6000),  # also always past the sampled first 4,096 rows
    st.lists(st.text(max_size=6), min_size=1, max_size=3),
)
def test_shared_objects_get_the_codes_of_their_values(
    values: list[str | None], rows: int, late: list[str]
) -> None:
    # One object per distinct value, shared by every row holding it (as pandas' CSV reader does),
    # then objects first seen after the sampled rows, and fresh copies of seen values.
    shared = {v: ("".join(v) if v is not None else None) for v in values}
    column = np.empty(rows + 2 * len(late), dtype=object)
    column[:rows] = [shared[values[i % len(values)]] for i in range(rows)]
    for k, text in enumerate(late):
        column[rows + 2 * k] = (
            f"late {k} {text}"  # a new object, past the sampled first 4,096 rows when rows is large
        )
        column[rows + 2 * k + 1] = str(values[k % len(values)] or "")[
            :
        ]  # an equal value, maybe another object
    found = _shared_object_codes(column)
    if found is None:  # too many distinct objects for this path: the general one reads it
        assert len({id(v) for v in column.tolist()}) > 256
        return
    codes, distinct = found
    # Each row's code names its own value; a missing value is -1; equal values share one code.
    assert [None if c == -1 else distinct[c] for c in codes.tolist()] == column.tolist()
    assert len(distinct) == len(set(distinct))


def test_an_unknown_ground_in_numpy_text_is_named() -> None:
    table = {"permit_ground": np.array(["protection", "protectiom", ""])}
    with pytest.raises(InvalidCodeError, match=r"permit_ground.*'protectiom'"):
        batch.evaluate(table, PermitGroundIn({PermitGround.PROTECTION}), date(2020, 1, 1))


@pytest.mark.parametrize(
    ("values", "missing", "true"),
    [
        ([True, None, False], [False, True, False], [True, False, False]),
        ([np.True_, None, False], [False, True, False], [True, False, False]),
        ([pd.NA, True, float("nan")], [True, False, True], [False, True, False]),
        ([None, None], [True, True], [False, False]),
    ],
)
def test_object_booleans_are_read_whatever_holds_them(
    values: list[Any], missing: list[bool], true: list[bool]
) -> None:
    table = batch.ColumnTable({"parent_in_sweden": np.array(values, dtype=object)})
    flags, unknown = table.ternary("parent_in_sweden")
    assert flags.tolist() == true
    assert (unknown.tolist() if unknown is not None else [False] * len(values)) == missing


@pytest.mark.parametrize("values", [[1, 0, None], [True, "yes"], [True, 2.5]])
def test_numbers_and_text_are_not_booleans(values: list[Any]) -> None:
    with pytest.raises(InvalidTypeError, match="parent_in_sweden"):
        batch.ColumnTable({"parent_in_sweden": np.array(values, dtype=object)}).ternary("parent_in_sweden")


ENCODINGS = {
    "numpy str": lambda g: g,
    "numpy object": lambda g: g.astype(object),
    "pandas string": lambda g: pd.Series(g, dtype="string"),
    "pandas category": lambda g: pd.Series(g, dtype="category"),
    "Arrow string": pa.array,
    "Arrow dictionary": lambda g: pa.array(g).dictionary_encode(),
}


@pytest.mark.parametrize("entry", ["etableringsprogrammet-2018", "etableringsinsatser-2010"])
def test_every_encoding_of_the_coded_column_gives_the_same_verdicts(entry: str) -> None:
    on = date(2020, 2, 29) if entry.endswith("2018") else date(2014, 2, 28)
    columns = synthetic_columns(3000, on, seed=11)
    ground = columns["permit_ground"].copy()
    ground[::17] = ""  # no permit: undetermined
    columns["permit_ground"] = ground
    columns["parent_in_sweden"] = np.array([True, False, None] * 1000, dtype=object)
    granted = columns["permit_granted_on"]
    columns["permit_applied_on"] = granted - (np.arange(3000) % 400).astype("timedelta64[D]")
    columns["sponsor_received_on"] = granted - (np.arange(3000) * 7 % 3000).astype("timedelta64[D]")
    columns["sponsor_is_swedish_citizen"] = np.array([None, True, False] * 1000, dtype=object)
    columns["plan_started_on"] = columns["first_registered_on"] + (np.arange(3000) % 500).astype(
        "timedelta64[D]"
    )
    columns["plan_ended_on"] = np.full(3000, np.datetime64("NaT"), dtype="datetime64[D]")
    rule = catalog.get(entry)
    want = batch.evaluate(columns, rule, on)
    for name, encode in ENCODINGS.items():
        got = batch.evaluate({**columns, "permit_ground": encode(ground)}, rule, on)
        for mine, theirs in zip(got.columns, want.columns, strict=True):
            assert np.array_equal(mine.codes, theirs.codes), (name, mine.id)


def test_a_form_run_shares_columns_and_tests_between_criteria() -> None:
    table = batch.ColumnTable({"birth_date": np.array(["2000-02-29", "NaT"], dtype="datetime64[D]")})
    run = FormRun(table)
    test = forms.IsNull(forms.Column("birth_date", forms.ColumnKind.DATE))
    assert run.test(test) is run.test(test)
    assert run.codes(forms.kleene(test)).tolist() == [0, 2]


# ---- ExperienceAtLeast: summed in years, the unit fixed when the form is built --------


def _person(pid: str, *competences: Competence) -> Participant:
    return Participant(
        pid, birth_date=date(1990, 1, 1), received_on=date(2019, 1, 1), competences=competences
    )


EXPERIENCED = [
    # 18 months and a year in 2221 (nursing): 2.5 years, passes 2 years.
    _person("a", Competence("2221", quantity(18, "months")), Competence("2221", quantity(1, "years"))),
    # 24 months exactly: 2 years, passes (at least).
    _person("b", Competence("2221", quantity(24, "months"))),
    # A year known, one unknown: short of 2 years, undetermined.
    _person("c", Competence("2221", quantity(1, "years")), Competence("2222", None)),
    # Experience in another occupation only: failed.
    _person("d", Competence("5120", quantity(10, "years"), validated=True)),
    _person("e"),
]


def test_experience_is_summed_in_years_on_numpy_and_duckdb() -> None:
    rule = ExperienceAtLeast(quantity(2, "years"), {"222"})
    on = date(2020, 1, 1)
    want = [Status.PASSED, Status.PASSED, Status.UNDETERMINED, Status.FAILED, Status.FAILED]
    assert [check_eligibility(p, rule, on).status for p in EXPERIENCED] == want
    columns = batch.from_participants(EXPERIENCED)
    assert [batch.evaluate(columns, rule, on).status(i) for i in range(5)] == want
    assert [sql.evaluate_duckdb(columns, rule, on).status(i) for i in range(5)] == want


def test_validated_reads_the_cohort_tables_competence_flags(tmp_path: Any) -> None:
    from etableringsmodell.io.table import write_table

    people = EXPERIENCED
    path = tmp_path / "cohort.parquet"
    write_table(people, path)
    on = date(2020, 1, 1)
    for rule in (Validated(), Validated({"51"}), Validated({"2221"})):
        result = sql.evaluate_duckdb(path, rule, on)
        assert [result.status(i) for i in range(len(people))] == [
            check_eligibility(p, rule, on).status for p in people
        ]
    assert [result.status(i) for i in range(5)] == [Status.FAILED] * 5
    assert sql.evaluate_duckdb(path, Validated({"51"}), on).status(3) is Status.PASSED


@pytest.mark.parametrize(
    ("module", "extra"), [("pyspark", "spark"), ("duckdb", "duckdb"), ("sqlglot", "sql")]
)
def test_a_missing_engine_names_its_extra(monkeypatch: pytest.MonkeyPatch, module: str, extra: str) -> None:
    from etableringsmodell.batch import _extras
    from etableringsmodell.errors import MissingExtraError

    def absent(name: str) -> None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)

    monkeypatch.setattr(_extras, "import_module", absent)
    with pytest.raises(MissingExtraError, match=extra):
        _extras.require(module, "a test")


def test_experience_reads_the_cohort_tables_units_on_duckdb(tmp_path: Any) -> None:
    # The cohort table keeps each competence's experience in its own unit (18 months, 1 year);
    # the SQL turns each into years by pint's definitions before summing, as the scalar path.
    from etableringsmodell.io.table import write_table

    path = tmp_path / "cohort.parquet"
    write_table(EXPERIENCED, path)
    on = date(2020, 1, 1)
    rules = (
        ExperienceAtLeast(quantity(2, "years"), {"222"}),
        ExperienceAtLeast(quantity(30, "months"), {"2221"}),  # "a": 18 + 12 months = 30, passes
        ExperienceAtLeast(quantity(31, "months"), {"2221"}),  # "a": 30 months, fails
        ExperienceAtLeast(quantity(520, "weeks")),  # "d": 10 years = 521.8 weeks, passes
    )
    for rule in rules:
        result = sql.evaluate_duckdb(path, rule, on)
        assert [result.status(i) for i in range(len(EXPERIENCED))] == [
            check_eligibility(p, rule, on).status for p in EXPERIENCED
        ], rule
    assert sql.evaluate_duckdb(path, rules[1], on).status(0) is Status.PASSED
    assert sql.evaluate_duckdb(path, rules[2], on).status(0) is Status.FAILED
    assert sql.evaluate_duckdb(path, rules[3], on).status(3) is Status.PASSED


@pytest.mark.parametrize("dialect", ["postgres", "spark", "tsql"])
def test_experience_over_the_cohort_table_compiles_for_every_dialect(dialect: str) -> None:
    from etableringsmodell.io.table import COLUMNS

    rule = ExperienceAtLeast(quantity(2, "years"), {"222"})
    compiled = sql.compile_rule(rule, date(2020, 1, 1), dialect=dialect, schema=[c.name for c in COLUMNS])
    text = compiled.sql
    assert "competence_experience_unit" in text
    assert "experience_years" not in text
    sqlglot.parse_one(text, read=dialect)  # the text parses back in its own dialect


@pytest.mark.parametrize(
    "holder",
    [
        lambda flags: pd.Series(flags, dtype=object),  # booleans with None, as pandas keeps them
        lambda flags: pd.Series(flags, dtype="boolean"),  # pandas' nullable booleans
        lambda flags: np.array(flags, dtype=object),
        lambda flags: pa.array(flags, pa.bool_()),
    ],
)
def test_a_boolean_column_with_missing_values_reads_alike_in_every_container(holder: Any) -> None:
    # True, False and missing (undetermined: the fact was not assessed) in each container the batch
    # path takes; worked out by hand: passed, failed, undetermined, passed.
    from etableringsmodell.model import FactIs, FactKind

    flags = [True, False, None, True]
    cohort = {
        "birth_date": np.array(["1990-01-01"] * 4, dtype="datetime64[D]"),
        "fact_registered_job_seeker": holder(flags),
    }
    if isinstance(cohort["fact_registered_job_seeker"], pd.Series):
        cohort = pd.DataFrame(cohort)
    result = batch.evaluate(cohort, FactIs(FactKind.REGISTERED_JOB_SEEKER), date(2019, 6, 1))
    assert [result.status(i) for i in range(4)] == [
        Status.PASSED,
        Status.FAILED,
        Status.UNDETERMINED,
        Status.PASSED,
    ]


def test_a_pandas_column_of_numbers_is_no_boolean_column() -> None:
    from etableringsmodell.model import FactIs, FactKind

    frame = pd.DataFrame(
        {
            "birth_date": np.array(["1990-01-01"] * 2, dtype="datetime64[D]"),
            "fact_registered_job_seeker": pd.Series([1, 0], dtype=object),
        }
    )
    with pytest.raises(InvalidTypeError, match="fact_registered_job_seeker"):
        batch.evaluate(frame, FactIs(FactKind.REGISTERED_JOB_SEEKER), date(2019, 6, 1))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.none() | st.integers(-(2**40), 2**40), min_size=1, max_size=30),
    st.sampled_from(["h", "m", "s", "ms", "us", "ns", "10ms", "7s", "D", "W"]),
)
def test_date_columns_of_any_unit_are_floored_to_days_as_numpy_casts_them(
    ticks: list[int | None], unit: str
) -> None:
    # numpy's own cast to datetime64[D] is the reference: it floors a time of day, also before 1970.
    values = np.array([NAT if t is None else t for t in ticks], dtype=np.int64).view(f"datetime64[{unit}]")
    want = values.astype("datetime64[D]").view(np.int64).tolist()
    assert batch.ColumnTable({"d": values}).days("d").tolist() == want
    if unit in ("s", "ms", "us", "ns"):  # the units pandas keeps as they are
        assert batch.ColumnTable(pd.DataFrame({"d": values})).days("d").tolist() == want


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.none() | st.booleans(), max_size=40), min_size=1, max_size=3),
    st.integers(0, 9),
    st.integers(0, 9),
)
def test_arrow_boolean_columns_are_read_as_their_python_values(
    chunks: list[list[bool | None]], start: int, cut: int
) -> None:
    # Chunked, and sliced so that the bitmaps start part-way into a byte: each row as to_pylist gives it.
    column = pa.chunked_array([pa.array(c, type=pa.bool_()) for c in chunks], type=pa.bool_())
    column = column.slice(min(start, len(column)), max(0, len(column) - start - cut))
    rows = column.to_pylist()
    flags, missing = batch.ColumnTable(pa.table({"f": column})).ternary("f")
    assert flags.tolist() == [v is True for v in rows]
    assert (missing.tolist() if missing is not None else [False] * len(rows)) == [v is None for v in rows]
