"""Fuzz the calendar, eligibility and its explanations, goals and outcomes, near the calendar's edges."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell import calendar as cal
from etableringsmodell.calendar import MissingDay, Span
from etableringsmodell.catalog import get, ids
from etableringsmodell.model import Goal, GoalMeasure, Outcome, OutcomeKind
from etableringsmodell.rules.eligibility import check_eligibility
from etableringsmodell.rules.goals import goal_progress
from etableringsmodell.rules.outcomes import outcome_rate, wilson_interval
from etableringsmodell.sources import Source
from etableringsmodell.synthetic import synthetic_cohort
from tests.fuzz.harness import LONG, SECRET, assert_clean, count, rng, run
from tests.strategies import criteria, full_participants

HYPOTHESIS = settings(max_examples=3_000 if LONG else 40)
EDGE_DAYS = (0, 1, 2, 27, 28, 29, 30, 31, 58, 59, 60, 365, 366)


def _edge_date(r: Any) -> date:
    """Any date, most of them within a few years of the calendar's ends or of a month end."""
    pick = r.random()
    if pick < 0.3:
        return date.min + timedelta(days=r.randrange(0, 3 * 366))
    if pick < 0.6:
        return date.max - timedelta(days=r.randrange(0, 3 * 366))
    if pick < 0.8:
        return date(r.randint(1900, 2100), r.randint(1, 12), 1) - timedelta(days=r.choice(EDGE_DAYS))
    return date.fromordinal(r.randint(1, date.max.toordinal()))


def _span(r: Any) -> Span:
    big = r.random() < 0.3

    def part() -> int:
        value: int = (
            r.randint(0, 10 ** r.randint(1, 30)) if big else r.choice((0, 0, 1, 6, 11, 12, 18, 36, 120))
        )
        return value

    return Span(years=part(), months=part(), days=part())


def _calendar_call(r: Any) -> tuple[Any, tuple[Any, ...]]:  # noqa: PLR0911  # one return per function
    convention = r.choice(list(MissingDay))
    a, b = _edge_date(r), _edge_date(r)
    which = r.randrange(8)
    if which == 0:
        return cal.add_span, (a, _span(r), convention)
    if which == 1:
        return (lambda *x: cal.within(*x, inclusive_end=r.random() < 0.5)), (a, _span(r), b, convention)
    if which == 2:
        return (lambda *x: cal.earliest_start(*x, inclusive_end=r.random() < 0.5)), (a, _span(r), convention)
    if which == 3:
        return cal.latest_birth_date, (a, r.choice((0, 1, 18, 64, 65, 200, 10**6, 10**20)), convention)
    if which == 4:
        return cal.months_between, (min(a, b), max(a, b), convention)
    if which == 5:
        return cal.age_on, (min(a, b), max(a, b), convention)
    if which == 6:
        return cal.birthday_in, (a, r.choice((1, 9999, 0, 10000, -5, 2004, 10**20)), convention)
    text = r.choice(
        ("P", "P1Y", "P" + "9" * r.randint(1, 5000) + "M", "P1W2D", "P-1M", "PT1H", "P1Y1Y", SECRET)
    )
    return Span.fromisoformat, (text,)


def test_calendar() -> None:
    target = "calendar (mutation)"
    r = rng(target)
    for _ in range(count(600, 250_000)):
        function, args = _calendar_call(r)
        run(target, partial(function, *args), (getattr(function, "__name__", "within"), args))
    assert_clean(target)


RULES: list[Any] = [
    version.criterion for entry_id in ids() for version in getattr(get(entry_id), "versions", ())
]
COHORT = synthetic_cohort(30, date(2004, 6, 1), seed=9)


def _shift_dates(r: Any, value: Any) -> Any:
    """``value`` (a participant or nested record) with some dates moved to the calendar's edges."""
    if not attrs.has(type(value)):
        return value
    changes: dict[str, Any] = {}
    for a in attrs.fields(type(value)):
        if not a.init:
            continue
        current = getattr(value, a.name)
        if isinstance(current, date) and r.random() < 0.5:
            changes[a.alias] = _edge_date(r)
        elif attrs.has(type(current)):
            changes[a.alias] = _shift_dates(r, current)
    try:
        return attrs.evolve(value, **changes)
    except Exception:  # an impossible order of dates is refused by the model: keep the original
        return value


def _explained(decision: Any) -> tuple[int, list[str]]:
    # The explanation is built lazily; it must work for every decision returned.
    return 0, [decision.explain(), *(str(reason) for reason in decision.reasons)]


def test_eligibility() -> None:
    target = "check_eligibility + explain (mutation)"
    r = rng(target)
    for _ in range(count(300, 150_000)):
        person = _shift_dates(r, r.choice(COHORT))
        rule = r.choice(RULES)
        on = _edge_date(r)
        run(
            target,
            partial(check_eligibility, person, rule, on),
            (person, rule.id, on),
            _explained,
        )
    assert_clean(target)


_dates = st.dates() | st.sampled_from([date.min, date.max, date(2004, 2, 29), date(9999, 12, 1)])


@HYPOTHESIS
@given(full_participants(), criteria, _dates)
def _fuzz_generated_eligibility(person: Any, criterion: Any, on: date) -> None:
    run(
        "check_eligibility + explain (grammar)",
        lambda: check_eligibility(person, criterion, on),
        (person, criterion, on),
        _explained,
    )


def test_generated_eligibility() -> None:
    _fuzz_generated_eligibility()
    assert_clean("check_eligibility + explain (grammar)")


_counts = st.integers(min_value=-5, max_value=2**60) | st.sampled_from(
    [0, 1, 2**53, 2**53 + 1, 10**309, 10**400]
)


@HYPOTHESIS
@given(_dates, _dates, _counts, _counts, _dates, st.sampled_from(GoalMeasure))
def _fuzz_goals(  # noqa: PLR0917  # one argument per generated value
    start: date, deadline: date, target: int, achieved: int, on: date, measure: GoalMeasure
) -> None:
    def call() -> Any:
        goal = Goal(
            "g", measure, target, min(start, deadline), max(start, deadline), sources=Source.seed("x.txt")
        )
        return goal_progress(goal, achieved, on)

    run(
        "goal_progress (grammar)", call, (start, deadline, target, achieved, on), lambda p: (0, [p.explain()])
    )


def test_goals() -> None:
    _fuzz_goals()
    assert_clean("goal_progress (grammar)")


_confidence = st.floats(allow_nan=True) | st.sampled_from(
    [0.95, 0.9999999999999999, 1e-300, 5e-324, 1.0, 0, "0.95", None, True, 10**400]
)
_kinds = st.sampled_from([5, "WORK", None, [OutcomeKind.WORK], [[1]], frozenset(OutcomeKind), [], iter(())])


@HYPOTHESIS
@given(
    st.lists(
        st.tuples(st.sampled_from(OutcomeKind), st.integers(0, 400), st.sampled_from(["a", "b", SECRET])),
        max_size=8,
    ),
    _kinds,
    st.integers(-3, 400) | st.sampled_from([10**400, "90", None]),
    _confidence,
)
def _fuzz_outcomes(rows: list[tuple[OutcomeKind, int, str]], kinds: Any, after: Any, confidence: Any) -> None:
    outcomes = [
        Outcome(f"{pid}-{i}", kind, date(2018, 1, 1), days) for i, (kind, days, pid) in enumerate(rows)
    ]
    run(
        "outcome_rate (grammar)",
        lambda: outcome_rate(outcomes, kinds, after, confidence=confidence),
        (rows, kinds, after, confidence),
        lambda rate: (0, [str(rate)]),
    )
    run(
        "outcome_rate (grammar)",
        lambda: wilson_interval(len(rows) // 2, len(rows), confidence),
        (rows, confidence),
    )


def test_outcomes() -> None:
    _fuzz_outcomes()
    assert_clean("outcome_rate (grammar)")
