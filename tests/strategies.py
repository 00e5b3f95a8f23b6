"""Hypothesis strategies shared by every property test."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from etableringsmodell.calendar import MissingDay, Span
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
    ResidencePermit,
)

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
"""Any date the domain can meet, leap days and month ends included."""

ordinary_dates = st.builds(
    date,
    st.integers(1900, 2100),
    st.integers(1, 12),
    st.integers(1, 28),
)
"""Dates on day 1-28: every month has them, so no convention is involved."""

conventions = st.sampled_from(MissingDay)

spans = st.builds(
    Span,
    years=st.integers(0, 10),
    months=st.integers(0, 60),
    days=st.integers(0, 400),
)

leap_day_births = (
    st.integers(1904, 2096)
    .filter(lambda y: y % 4 == 0 and (y % 100 != 0 or y % 400 == 0))
    .map(lambda y: date(y, 2, 29))
)


@st.composite
def participants(draw: st.DrawFn, on: date | None = None) -> Participant:
    """A valid participant, often near the age and arrival boundaries of ``on``."""
    reference = on or draw(st.dates(date(1990, 1, 1), date(2040, 12, 31)))
    age_days = draw(st.integers(0, 80 * 366))
    birth = reference - timedelta(days=age_days)
    received = draw(st.dates(birth, reference + timedelta(days=400)))
    permit = draw(
        st.none()
        | st.builds(
            ResidencePermit,
            ground=st.sampled_from([g for g in PermitGround if g is not PermitGround.FAMILY_TIE]),
            granted_on=st.dates(birth, received),
        )
    )
    situations = draw(st.frozensets(st.sampled_from(BarringSituation), max_size=2))
    first = draw(st.none() | st.dates(birth, received))
    return Participant(
        id=draw(st.text("abcdefghij0123456789-", min_size=1, max_size=12)),
        birth_date=birth,
        received_on=received,
        first_registered_on=first,
        permit=permit,
        situations=situations,
    )


age_bounds = st.tuples(st.integers(0, 100), st.integers(0, 100)).map(sorted)

leaf_criteria: st.SearchStrategy[Criterion] = st.one_of(
    age_bounds.map(lambda b: AgeBetween(b[0], b[1])),
    st.builds(lambda s, c: NewlyArrived(within=s, convention=c), spans, conventions),
    st.frozensets(st.sampled_from(PermitGround), min_size=1).map(PermitGroundIn),
    st.just(NoBarringSituation()),
)

criteria: st.SearchStrategy[Criterion] = st.recursive(
    leaf_criteria,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4).map(lambda cs: AllOf(*cs)),
        st.lists(inner, min_size=1, max_size=4).map(lambda cs: AnyOf(*cs)),
        inner.map(Not),
    ),
    max_leaves=8,
)


# ---- every criterion of the foundation, and cohorts near its boundaries -------

month_ends = st.builds(
    lambda y, m: date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1),
    st.integers(1990, 2040),
    st.integers(1, 12),
)
"""The last day of a month: where month-end clamping decides."""

reference_dates = st.one_of(
    st.dates(date(1990, 1, 1), date(2040, 12, 31)),
    month_ends,
    st.builds(date, st.integers(1990, 2040), st.just(3), st.just(1)),
    st.builds(date, st.integers(1990, 2040), st.just(2), st.just(28)),
    leap_day_births.filter(lambda d: 1990 <= d.year <= 2040),
)
"""Reference dates weighted towards 28-29 February, 1 March and month ends."""

newly_arrived_criteria = st.builds(
    lambda span, anchor, convention, inclusive: NewlyArrived(
        within=span, anchor=anchor, convention=convention, inclusive_end=inclusive
    ),
    spans,
    st.sampled_from(ArrivalAnchor),
    conventions,
    st.booleans(),
)

every_leaf_criterion: st.SearchStrategy[Criterion] = st.one_of(
    st.builds(
        lambda b, c: AgeBetween(b[0], b[1], convention=c),
        st.tuples(st.none() | st.integers(0, 100), st.none() | st.integers(0, 100))
        .filter(lambda b: b != (None, None))
        .map(lambda b: b if None in b else (min(b), max(b))),  # type: ignore[type-var]  # None is ruled out above
        conventions,
    ),
    newly_arrived_criteria,
    st.frozensets(st.sampled_from(PermitGround), min_size=1).map(PermitGroundIn),
    st.frozensets(st.sampled_from(BarringSituation), min_size=1).map(NoBarringSituation),
    st.just(Everyone()),
)
"""Every leaf criterion of the foundation, with every anchor, convention and end."""

every_criterion: st.SearchStrategy[Criterion] = st.recursive(
    every_leaf_criterion,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4).map(lambda cs: AllOf(*cs)),
        st.lists(inner, min_size=1, max_size=4).map(lambda cs: AnyOf(*cs)),
        inner.map(Not),
    ),
    max_leaves=8,
)


@st.composite
def boundary_participants(draw: st.DrawFn, on: date) -> Participant:
    """A participant whose dates lie within a few days of a year or month boundary of ``on``."""
    birth = on - relativedelta(years=draw(st.integers(0, 90))) + timedelta(days=draw(st.integers(-3, 3)))
    received = on - relativedelta(months=draw(st.integers(0, 130))) + timedelta(days=draw(st.integers(-3, 3)))
    received = max(received, birth)
    first = None
    months_back = draw(st.none() | st.integers(0, 130))
    if months_back is not None:
        first = max(on - relativedelta(months=months_back) + timedelta(days=draw(st.integers(-3, 3))), birth)
    granted_back = draw(st.none() | st.integers(0, 130))
    permit = None
    if granted_back is not None:
        granted = max(
            on - relativedelta(months=granted_back) + timedelta(days=draw(st.integers(-3, 3))), birth
        )
        permit = ResidencePermit(draw(st.sampled_from(PermitGround)), granted)
    return Participant(
        id="row",
        birth_date=birth,
        received_on=received,
        first_registered_on=first,
        permit=permit,
        situations=draw(st.frozensets(st.sampled_from(BarringSituation), max_size=2)),
    )


# --- the catalogue's dated rules (issue 3) -----------------------------------------------


@st.composite
def family_permits(draw: st.DrawFn) -> tuple[date, ResidencePermit]:
    """A birth date and a family-tie permit with an application date and the sponsor's facts."""
    birth = draw(st.dates(date(1950, 1, 1), date(2000, 12, 31)))
    sponsor = draw(st.dates(date(2005, 1, 1), date(2025, 12, 31)))
    applied = draw(st.dates(max(birth, sponsor - timedelta(days=400)), sponsor + timedelta(days=9 * 366)))
    granted = applied + timedelta(days=draw(st.integers(0, 700)))
    citizen = draw(st.none() | st.booleans())
    permit = ResidencePermit(
        PermitGround.FAMILY_TIE,
        granted_on=granted,
        applied_on=applied,
        sponsor_received_on=sponsor,
        sponsor_is_swedish_citizen=citizen,
    )
    return birth, permit


@st.composite
def plan_periods(draw: st.DrawFn) -> tuple[date, date | None]:
    """The first and last day of an establishment plan (``None``: still running)."""
    start = draw(st.dates(date(2010, 12, 1), date(2030, 12, 31)))
    end = draw(st.none() | st.dates(start, start + timedelta(days=3 * 366)))
    return start, end
