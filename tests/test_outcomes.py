"""Outcome rates and the Wilson interval, checked against published values."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etableringsmodell.errors import InvalidValueError
from etableringsmodell.model import Outcome, OutcomeKind
from etableringsmodell.rules.outcomes import outcome_rate, wilson_interval


@pytest.mark.parametrize(
    ("successes", "total", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, table II, method 3.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe(successes: int, total: int, low: float, high: float) -> None:
    got = wilson_interval(successes, total)
    assert got == pytest.approx((low, high), abs=5e-5)


def outcomes(kinds: list[OutcomeKind], after: int = 90) -> list[Outcome]:
    return [Outcome(f"p{i}", kind, date(2018, 12, 1), after) for i, kind in enumerate(kinds)]


def test_official_measure() -> None:
    cohort = outcomes(
        [OutcomeKind.WORK] * 30
        + [OutcomeKind.STUDIES] * 10
        + [OutcomeKind.SUBSIDISED_WORK] * 4
        + [OutcomeKind.SEARCHING] * 50
        + [OutcomeKind.OTHER] * 6
    )
    rate = outcome_rate(cohort)
    assert (rate.count, rate.total, rate.share) == (44, 100, 0.44)
    assert "Arbetsförmedlingen" in [s.reference for s in rate.sources]
    assert "44 of 100 (44.0%) at 90 days" in str(rate)


def test_other_follow_ups_are_reported_not_dropped() -> None:
    cohort = outcomes([OutcomeKind.WORK, OutcomeKind.SEARCHING]) + outcomes([OutcomeKind.WORK], after=180)
    rate = outcome_rate(cohort)
    assert rate.total == 2
    assert rate.other_follow_ups == 1
    assert outcome_rate(cohort, {OutcomeKind.WORK}, after=180).share == 1


def test_duplicates_and_empty_are_refused() -> None:
    twice = [Outcome("secret-id", OutcomeKind.WORK, date(2018, 12, 1), 90)] * 2
    with pytest.raises(InvalidValueError) as caught:
        outcome_rate(twice)
    assert caught.value.field == "outcomes[1].participant_id"
    assert "secret-id" not in str(caught.value)
    with pytest.raises(InvalidValueError):
        outcome_rate([])
    with pytest.raises(InvalidValueError):
        outcome_rate(outcomes([OutcomeKind.WORK]), kinds=[])


@given(st.integers(0, 500), st.integers(1, 500), st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_interval_contains_the_share(successes: int, total: int, confidence: float) -> None:
    successes = min(successes, total)
    low, high = wilson_interval(successes, total, confidence)
    assert 0 <= low <= successes / total <= high <= 1
    wider = wilson_interval(successes, total, min(confidence + 0.005, 0.999))
    assert wider[0] <= low + 1e-12
    assert wider[1] >= high - 1e-12
