"""Goal progress, with seed 000 as the worked example."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etableringsmodell import catalog
from etableringsmodell.catalog.arbetsplatsintroduktion_ams import GOAL, STATUS_2004_10_31
from etableringsmodell.errors import DateOrderError, InvalidTypeError, InvalidValueError
from etableringsmodell.model import Goal, GoalMeasure
from etableringsmodell.rules.goals import goal_progress
from etableringsmodell.sources import Source
from etableringsmodell.units import quantity

SEED = Source.seed("000_a45a643b89c85aa4.txt")


class TestSeed000:
    """5,775 placements from 2003-09-01 to 2004-12-31; just under 3,500 by 2004-10-31."""

    def test_reproduces_the_article(self) -> None:
        progress = goal_progress(GOAL, STATUS_2004_10_31.achieved, STATUS_2004_10_31.on)
        # September 2003 to October 2004 is 14 whole months; November and
        # December are the "two months left" of the article.
        assert progress.months_elapsed == 14
        assert progress.months_remaining == 2
        assert progress.share_achieved == pytest.approx(3500 / 5775)
        assert round(progress.share_achieved, 2) == 0.61
        assert progress.remaining == 2275
        assert progress.observed_pace == quantity(250, "placement / month")
        assert progress.needed_pace is not None
        assert progress.needed_pace.to("placement / month").magnitude == pytest.approx(1137.5)
        assert round(progress.needed_pace.magnitude) == 1138
        assert progress.projected == pytest.approx(4000)
        assert not progress.on_track
        # 2003-09-01 to 2004-10-31 is 427 of the period's 488 days.
        assert progress.share_elapsed == pytest.approx(427 / 488)

    def test_just_under_3500_gives_the_same_picture(self) -> None:
        progress = goal_progress(GOAL, 3499, date(2004, 10, 31))
        assert round(progress.needed_pace.magnitude) == 1138  # type: ignore[union-attr]
        assert progress.projected == pytest.approx(3499 + 3499 / 14 * 2)
        assert not progress.on_track

    def test_catalogue_carries_goal_and_status(self) -> None:
        entry = catalog.get("arbetsplatsintroduktion-ams")
        assert entry.goals == (GOAL,)
        assert STATUS_2004_10_31.approximate
        assert [str(s) for s in goal_progress(GOAL, 3500, date(2004, 10, 31)).sources] == [
            "seed 000_a45a643b89c85aa4.txt",
            "SFS 2003:623",
        ]

    def test_explain_has_the_figures(self) -> None:
        text = goal_progress(GOAL, 3500, date(2004, 10, 31)).explain()
        assert "3,500 of 5,775" in text
        assert "not on track" in text


def goal(target: int = 120, start: date = date(2020, 1, 1), deadline: date = date(2020, 12, 31)) -> Goal:
    return Goal("g", GoalMeasure.PARTICIPANTS_STARTED, target, start, deadline, sources=SEED)


class TestEdges:
    def test_on_track_exactly(self) -> None:
        # 60 in the first 6 months of a 12-month goal of 120: exactly on pace.
        progress = goal_progress(goal(), 60, date(2020, 6, 30))
        assert progress.months_elapsed == 6
        assert progress.projected == pytest.approx(120)
        assert progress.on_track
        assert str(progress.observed_pace.units) == "participant / month"

    def test_target_reached(self) -> None:
        progress = goal_progress(goal(), 130, date(2020, 6, 30))
        assert progress.remaining == 0
        assert progress.needed_pace == quantity(0, "participant / month")
        assert progress.on_track

    def test_after_the_deadline(self) -> None:
        progress = goal_progress(goal(), 100, date(2021, 3, 1))
        assert progress.months_remaining == 0
        assert progress.months_elapsed == 12
        assert progress.share_elapsed == 1
        assert progress.needed_pace is None
        assert progress.projected == 100
        assert not progress.on_track

    def test_first_day(self) -> None:
        progress = goal_progress(goal(), 1, date(2020, 1, 1))
        assert progress.months_elapsed == pytest.approx(1 / 31)

    def test_bad_input(self) -> None:
        with pytest.raises(DateOrderError) as caught:
            goal_progress(goal(), 1, date(2019, 12, 31))
        assert caught.value.field == "on"
        with pytest.raises(InvalidValueError) as negative:
            goal_progress(goal(), -1, date(2020, 5, 1))
        assert negative.value.field == "achieved"
        with pytest.raises(InvalidTypeError):
            goal_progress(goal(), 1.5, date(2020, 5, 1))  # type: ignore[arg-type]

    @given(
        st.integers(1, 10_000),
        st.integers(0, 20_000),
        st.dates(date(2020, 1, 1), date(2022, 12, 31)),
    )
    def test_invariants(self, target: int, achieved: int, on: date) -> None:
        progress = goal_progress(goal(target, date(2020, 1, 1), date(2021, 12, 31)), achieved, on)
        assert progress.remaining == max(target - achieved, 0)
        assert 0 < progress.share_elapsed <= 1
        assert progress.projected >= achieved
        assert progress.on_track == (progress.projected >= target * (1 - 1e-12))
        if achieved >= target:
            assert progress.on_track
