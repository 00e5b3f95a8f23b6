"""Calendar rules: the three conventions of Lag (1930:173) 1 §, named and as properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from etableringsmodell.calendar import (
    LAG_1930_173,
    MissingDay,
    Span,
    add_span,
    age_on,
    birthday_in,
    earliest_start,
    latest_birth_date,
    months_between,
    within,
)
from etableringsmodell.errors import AmbiguousDateError, DateOrderError, InvalidValueError, ValidationError
from tests.strategies import conventions, dates, leap_day_births, ordinary_dates, spans

LAST = MissingDay.LAST_DAY_OF_MONTH
NEXT = MissingDay.FIRST_OF_NEXT_MONTH


class TestLeapDayBirthday:
    """Convention 1: a 29 February birthday in a common year."""

    def test_statute_rule_is_28_february(self) -> None:
        # Lag 1930:173 1 §: no corresponding day in February 2022, so the
        # month's last day, 28 February, is the end day.
        assert age_on(date(2004, 2, 29), date(2022, 2, 27)) == 17
        assert age_on(date(2004, 2, 29), date(2022, 2, 28)) == 18

    def test_selectable_first_of_march(self) -> None:
        assert age_on(date(2004, 2, 29), date(2022, 2, 28), NEXT) == 17
        assert age_on(date(2004, 2, 29), date(2022, 3, 1), NEXT) == 18

    def test_leap_years_use_the_day_itself(self) -> None:
        # 2024 has 29 February: both conventions agree there.
        for convention in MissingDay:
            assert age_on(date(2004, 2, 29), date(2024, 2, 28), convention) == 19
            assert age_on(date(2004, 2, 29), date(2024, 2, 29), convention) == 20

    def test_century_years(self) -> None:
        # 1900 was not a leap year, 2000 was (the 400-year rule).
        assert birthday_in(date(1896, 2, 29), 1900) == date(1900, 2, 28)
        assert birthday_in(date(1896, 2, 29), 2000) == date(2000, 2, 29)
        assert birthday_in(date(1896, 2, 29), 1900, NEXT) == date(1900, 3, 1)

    def test_the_statute_is_cited(self) -> None:
        assert str(LAG_1930_173) == "SFS 1930:173 1 §"


class TestMonthEnds:
    """Convention 2: a missing day at the end of a span of months."""

    def test_31_august_plus_6_months(self) -> None:
        assert add_span(date(2022, 8, 31), Span(months=6)) == date(2023, 2, 28)
        assert add_span(date(2023, 8, 31), Span(months=6)) == date(2024, 2, 29)  # leap year

    def test_31_august_plus_6_months_first_of_next(self) -> None:
        assert add_span(date(2022, 8, 31), Span(months=6), NEXT) == date(2023, 3, 1)
        assert add_span(date(2023, 8, 31), Span(months=6), NEXT) == date(2024, 3, 1)

    def test_day_that_exists_is_kept(self) -> None:
        assert add_span(date(2022, 8, 28), Span(months=6), NEXT) == date(2023, 2, 28)
        assert add_span(date(2022, 1, 31), Span(months=2)) == date(2022, 3, 31)

    def test_years_and_months_before_days(self) -> None:
        # relativedelta's order: 31 Jan + 1 month = 28 Feb, then + 1 day.
        assert add_span(date(2023, 1, 31), Span(months=1, days=1)) == date(2023, 3, 1)

    def test_date_plus_span(self) -> None:
        assert date(2018, 3, 15) + Span(months=36) == date(2021, 3, 15)


class TestInclusiveEnd:
    """Convention 3: the end day (slutdag) of "within 36 months" is inside."""

    def test_last_day_is_within(self) -> None:
        start = date(2018, 3, 15)
        assert within(start, Span(months=36), date(2021, 3, 15))
        assert not within(start, Span(months=36), date(2021, 3, 16))

    def test_start_day_is_within_and_before_is_not(self) -> None:
        start = date(2018, 3, 15)
        assert within(start, Span(months=36), start)
        assert not within(start, Span(months=36), start - timedelta(days=1))

    def test_exclusive_end_is_selectable(self) -> None:
        start = date(2018, 3, 15)
        assert not within(start, Span(months=36), date(2021, 3, 15), inclusive_end=False)
        assert within(start, Span(months=36), date(2021, 3, 14), inclusive_end=False)

    def test_window_from_a_month_end(self) -> None:
        # 31 May 2018 + 36 months = 31 May 2021; 30 November + 3 months = 28 February.
        assert within(date(2018, 5, 31), Span(months=36), date(2021, 5, 31))
        assert within(date(2020, 11, 30), Span(months=3), date(2021, 2, 28))
        assert not within(date(2020, 11, 30), Span(months=3), date(2021, 3, 1))


class TestSpan:
    def test_negative_span_is_refused(self) -> None:
        with pytest.raises(AmbiguousDateError) as caught:
            Span(months=-1)
        assert caught.value.field == "months"

    def test_non_integer_is_refused(self) -> None:
        with pytest.raises(InvalidValueError):
            Span(months=1.5)  # type: ignore[arg-type]

    def test_str_and_iso(self) -> None:
        assert str(Span(months=36)) == "36 months"
        assert str(Span(years=1, months=1, days=2)) == "1 year 1 month 2 days"
        assert Span(years=2, months=3).isoformat() == "P2Y3M"
        assert Span().isoformat() == "P0D"
        assert Span.fromisoformat("P2W3D") == Span(days=17)

    @pytest.mark.parametrize("text", ["", "P", "36M", "P1.5M", "PT3H", "P-1M"])
    def test_bad_iso_is_refused(self, text: str) -> None:
        with pytest.raises(ValidationError):
            Span.fromisoformat(text)

    def test_from_relativedelta(self) -> None:
        assert Span.from_relativedelta(relativedelta(years=1, weeks=2)) == Span(years=1, days=14)
        with pytest.raises(AmbiguousDateError):
            Span.from_relativedelta(relativedelta(day=31))
        with pytest.raises(AmbiguousDateError):
            Span.from_relativedelta(relativedelta(hours=5))

    @given(spans)
    def test_iso_round_trip(self, span: Span) -> None:
        assert Span.fromisoformat(span.isoformat()) == span

    @given(ordinary_dates, spans)
    def test_agrees_with_relativedelta_on_ordinary_dates(self, start: date, span: Span) -> None:
        expected = start + relativedelta(years=span.years, months=span.months, days=span.days)
        for convention in MissingDay:
            assert add_span(start, span, convention) == expected

    @given(dates, spans)
    def test_default_convention_is_relativedelta(self, start: date, span: Span) -> None:
        # relativedelta clamps to the month's last day, which is the statute's rule.
        assert add_span(start, span) == start + span.relativedelta

    @given(dates, spans, conventions)
    def test_never_before_start(self, start: date, span: Span, convention: MissingDay) -> None:
        assert add_span(start, span, convention) >= start


class TestAge:
    def test_named_birthdays(self) -> None:
        assert age_on(date(1986, 6, 1), date(2004, 5, 31)) == 17
        assert age_on(date(1986, 6, 1), date(2004, 6, 1)) == 18
        assert age_on(date(1939, 6, 1), date(2004, 6, 1)) == 65
        assert age_on(date(2000, 1, 1), date(2000, 1, 1)) == 0

    def test_before_birth_is_refused(self) -> None:
        with pytest.raises(DateOrderError) as caught:
            age_on(date(2000, 1, 2), date(2000, 1, 1))
        assert caught.value.field == "on"

    @given(dates, dates, dates, conventions)
    def test_never_decreases(self, birth: date, a: date, b: date, convention: MissingDay) -> None:
        early, late = sorted((a, b))
        if early >= birth:
            assert age_on(birth, early, convention) <= age_on(birth, late, convention)

    @given(dates, st.integers(1, 100), conventions)
    def test_rises_by_one_on_each_birthday(self, birth: date, years: int, convention: MissingDay) -> None:
        year = birth.year + years
        if year > 9000:
            return
        birthday = birthday_in(birth, year, convention)
        assert age_on(birth, birthday, convention) == years
        assert age_on(birth, birthday - timedelta(days=1), convention) == years - 1

    @given(dates, dates)
    def test_is_the_whole_years_of_relativedelta(self, birth: date, on: date) -> None:
        # An independent definition: the most years n with birth + n years <= on.
        if on >= birth:
            assert age_on(birth, on) == relativedelta(on, birth).years

    @given(leap_day_births, st.integers(1, 90))
    def test_leap_day_conventions_differ_only_on_28_february(self, birth: date, years: int) -> None:
        day = date(birth.year + years, 2, 28)
        differ = age_on(birth, day, LAST) != age_on(birth, day, NEXT)
        common_year = (day + timedelta(days=1)).month == 3
        assert differ == common_year


class TestThresholds:
    @given(dates, dates, spans, conventions, st.booleans())
    def test_earliest_start_splits_the_starts(
        self, start: date, on: date, span: Span, convention: MissingDay, inclusive: bool
    ) -> None:
        if start > on:
            return
        threshold = earliest_start(on, span, convention, inclusive_end=inclusive)
        assert within(start, span, on, convention, inclusive_end=inclusive) == (start >= threshold)

    @given(dates, dates, st.integers(0, 100), conventions)
    def test_latest_birth_date_splits_the_births(
        self, birth: date, on: date, age: int, convention: MissingDay
    ) -> None:
        if birth > on:
            return
        limit = latest_birth_date(on, age, convention)
        assert (age_on(birth, on, convention) >= age) == (birth <= limit)


class TestMonthsBetween:
    def test_whole_months(self) -> None:
        assert months_between(date(2003, 9, 1), date(2004, 11, 1)) == 14
        assert months_between(date(2004, 11, 1), date(2005, 1, 1)) == 2
        assert months_between(date(2003, 9, 1), date(2005, 1, 1)) == 16

    def test_fraction_of_the_month_it_falls_in(self) -> None:
        # 14 days of February 2004 (29 days long).
        assert months_between(date(2004, 2, 1), date(2004, 2, 15)) == pytest.approx(14 / 29)
        # From 31 January: one month ends 29 February 2004, the next 31 March (31 days).
        assert months_between(date(2004, 1, 31), date(2004, 3, 1)) == pytest.approx(1 + 1 / 31)

    def test_end_before_start_is_refused(self) -> None:
        with pytest.raises(DateOrderError):
            months_between(date(2004, 2, 1), date(2004, 1, 1))

    @given(dates, st.integers(0, 600))
    def test_whole_month_spans_count_exactly(self, start: date, months: int) -> None:
        end = add_span(start, Span(months=months))
        assert months_between(start, end) == months

    @given(dates, dates)
    def test_monotone_and_between_whole_counts(self, a: date, b: date) -> None:
        start, end = sorted((a, b))
        value = months_between(start, end)
        whole = int(value)
        assert add_span(start, Span(months=whole)) <= end
        assert add_span(start, Span(months=whole + 1)) > end
