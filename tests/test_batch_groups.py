"""Grouped figures over columns: ages, eligibility per group, goal progress, outcome rates."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell import batch
from etableringsmodell.calendar import MissingDay, age_on
from etableringsmodell.catalog.arbetsplatsintroduktion_ams import GOAL
from etableringsmodell.errors import InvalidValueError
from etableringsmodell.model import AgeBetween, Outcome, OutcomeKind
from etableringsmodell.rules.outcomes import outcome_rate
from tests.strategies import conventions, leap_day_births, reference_dates

ON = date(2004, 6, 1)


@settings(max_examples=200, deadline=None)
@given(
    reference_dates,
    st.lists(
        st.integers(0, 120 * 366) | leap_day_births.map(lambda d: -d.toordinal()), min_size=1, max_size=30
    ),
    conventions,
)
def test_ages_on_agrees_with_age_on(on: date, offsets: list[int], convention: MissingDay) -> None:
    births = [on - timedelta(days=o) if o >= 0 else date.fromordinal(-o) for o in offsets]
    births = [b for b in births if b <= on and age_on(b, on) <= batch.groups.MAX_AGE]
    column = np.array([b.isoformat() for b in births], dtype="datetime64[D]")
    got = batch.ages_on(column, on, convention)
    assert got.tolist() == [age_on(b, on, convention) for b in births]


def test_ages_on_marks_missing_and_unborn_and_refuses_the_impossible() -> None:
    births = np.array(["2004-02-29", "NaT", "2004-06-02"], dtype="datetime64[D]")
    # 29 February 2004 is 18 on 28 February 2022 under Lag 1930:173, 17 under the 1 March convention.
    # Born 2004-06-02: the 18th birthday is 2022-06-02, so 17 on 2022-02-28.
    assert batch.ages_on(births, date(2022, 2, 28)).tolist() == [18, -1, 17]
    assert batch.ages_on(births, date(2022, 2, 28), MissingDay.FIRST_OF_NEXT_MONTH).tolist() == [17, -1, 17]
    assert batch.ages_on(births, ON).tolist() == [0, -1, -1]
    with pytest.raises(InvalidValueError, match="birth_dates"):
        batch.ages_on(np.array(["1800-01-01"], dtype="datetime64[D]"), ON)


def test_eligibility_by_municipality_counts_every_row() -> None:
    table = {
        "birth_date": np.array(
            ["1980-01-01", "1930-01-01", "1980-01-01", "1980-01-01"], dtype="datetime64[D]"
        ),
    }
    result = batch.evaluate(table, AgeBetween(18, 64), ON)
    municipality = np.array(["1480", "1480", "1401", None], dtype=object)
    counts = batch.eligibility_by(result, municipality)
    # Sorted keys, the missing key last; the 1930 birth is 74 and fails.
    assert list(counts) == [("1401", 1, 1, 0, 0), ("1480", 2, 1, 1, 0), (None, 1, 1, 0, 0)]
    assert counts.share_eligible.tolist() == [1.0, 0.5, 1.0]
    frame = counts.to_pandas("municipality")
    assert frame.loc["1480", "failed"] == 1


def test_goal_progress_by_reproduces_seed_000() -> None:
    # Seed 000: just under 3,500 of 5,775 placements made with two months left
    # (2004-10-31): 2,275 remain over 2 months, a needed pace of 1,137.5 a month.
    inside = np.datetime64("2003-09-01") + (np.arange(3500) % 400).astype("timedelta64[D]")
    outside = np.array(["2003-08-31", "2004-11-01"], dtype="datetime64[D]")  # before the start; after the day
    events = np.concatenate([inside, outside])
    progress = batch.goal_progress_by(GOAL, events, date(2004, 10, 31))[None]
    assert progress.achieved == 3500
    assert progress.needed_pace is not None
    assert progress.needed_pace.magnitude == pytest.approx(1137.5)


def test_goal_progress_by_group_with_own_targets() -> None:
    events = np.array(["2004-01-10", "2004-02-10", "2004-03-10"], dtype="datetime64[D]")
    groups = np.array(["1480", "1480", "1401"])
    result = batch.goal_progress_by(
        GOAL, events, ON, groups=groups, targets={"1480": 4, "1401": 2, "1402": 1}
    )
    assert {k: (p.achieved, p.target, p.goal.id) for k, p in result.items()} == {
        "1480": (2, 4, "arbetsplatsintroduktion-placements:1480"),
        "1401": (1, 2, "arbetsplatsintroduktion-placements:1401"),
        "1402": (0, 1, "arbetsplatsintroduktion-placements:1402"),
    }
    with pytest.raises(InvalidValueError, match="targets"):
        batch.goal_progress_by(GOAL, events, ON, groups=groups, targets={"1480": 4})


def test_goal_progress_monthly_is_a_running_count_at_month_ends() -> None:
    events = np.array(["2003-09-01", "2003-09-30", "2003-10-01", "2003-11-15"], dtype="datetime64[D]")
    series = batch.goal_progress_monthly(GOAL, events, date(2003, 11, 10))
    assert [(p.on, p.achieved) for p in series] == [
        (date(2003, 9, 30), 2),
        (date(2003, 10, 31), 3),
        (date(2003, 11, 10), 3),
    ]
    # A full month elapsed at the end of September (the day itself counts).
    assert series[0].months_elapsed == 1.0


def test_outcome_rate_by_agrees_with_outcome_rate() -> None:
    kinds = ["work"] * 44 + ["searching"] * 56 + ["studies"] * 10 + ["other"] * 5 + ["work"]
    days = [90] * 115 + [180]
    groups = ["1480"] * 100 + ["1401"] * 16
    rates = batch.outcome_rate_by(np.array(kinds), np.array(days), np.array(groups))
    gbg = rates["1480"]
    assert gbg is not None
    # Arbetsförmedlingen's 44 % (January-September 2018) as a cohort of 100.
    assert (gbg.count, gbg.total, gbg.share) == (44, 100, 0.44)
    for key in ("1480", "1401"):
        outcomes = [
            Outcome(f"p{i}", OutcomeKind(k), date(2018, 12, 1), d)
            for i, (k, d, g) in enumerate(zip(kinds, days, groups, strict=True))
            if g == key
        ]
        assert rates[key] == outcome_rate(outcomes)
    assert batch.outcome_rate_by(np.array(["work"]), np.array([180]))[None] is None
    with pytest.raises(InvalidValueError, match="participant_ids"):
        batch.outcome_rate_by(
            np.array(["work", "work"]), np.array([90, 90]), participant_ids=np.array(["a", "a"])
        )
    with pytest.raises(InvalidValueError, match="kinds"):
        batch.outcome_rate_by(np.array(["job"]), np.array([90]))
