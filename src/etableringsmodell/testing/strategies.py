"""Hypothesis strategies for every model type, aimed at the boundaries.

Every strategy draws valid objects (the model's validators never fire), and
leans towards the dates where eligibility rules change their verdict: the
birthdays that make a person 17, 18, 19, 20, 64, 65 or 66 on the reference
date, the last day of a 36-month window and the day after, 29 February and
month ends.

>>> from datetime import date
>>> from hypothesis import given
>>> from etableringsmodell.testing.strategies import participants
>>> @given(participants(on=date(2004, 6, 1)))
... def test_received_before_or_on(p):
...     assert p.birth_date <= p.received_on
>>> test_received_before_or_on()
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta

from hypothesis import strategies as st

from etableringsmodell.calendar import MissingDay, Span, add_span, age_on, earliest_start
from etableringsmodell.model import (
    AgeBetween,
    AllOf,
    AnyOf,
    BarringSituation,
    Competence,
    Criterion,
    EducationLevel,
    Goal,
    GoalMeasure,
    NewlyArrived,
    NoBarringSituation,
    Not,
    Outcome,
    OutcomeKind,
    Participant,
    PartnerAgreement,
    Party,
    PartyKind,
    PermitGround,
    PermitGroundIn,
    ResidencePermit,
    SfiCourse,
    StepKind,
    Track,
    TrackKind,
)
from etableringsmodell.sources import Source, SourceKind

__all__ = [
    "BOUNDARY_AGES",
    "ages_around",
    "agreements",
    "boundary_dates",
    "competences",
    "criteria",
    "dates",
    "goals",
    "outcomes",
    "participants",
    "parties",
    "permits",
    "sources",
    "spans",
    "ssyk_codes",
    "tracks",
]

BOUNDARY_AGES = (17, 18, 19, 20, 64, 65, 66)
"""Ages at which the national programmes' and agreements' age rules turn."""

_MIN = date(1900, 1, 1)
_MAX = date(2100, 12, 31)

dates = st.dates(min_value=_MIN, max_value=_MAX)
"""Any date from 1900 to 2100."""


def boundary_dates(min_value: date = _MIN, max_value: date = _MAX) -> st.SearchStrategy[date]:
    """Dates that break careless calendar code: 28/29 February, 1 March, month ends."""

    def in_range(year: int) -> list[date]:
        days = [date(year, 2, 28), date(year, 3, 1)]
        if _calendar.isleap(year):
            days.append(date(year, 2, 29))
        days += [date(year, m, _calendar.monthrange(year, m)[1]) for m in (1, 4, 6, 8, 9, 11, 12)]
        return [d for d in days if min_value <= d <= max_value]

    years = st.integers(min_value.year, max_value.year)
    return years.flatmap(lambda y: st.sampled_from(in_range(y)) if in_range(y) else st.nothing())


def ages_around(on: date, ages: tuple[int, ...] = BOUNDARY_AGES) -> st.SearchStrategy[date]:
    """Birth dates that make a person one of ``ages`` on ``on``, give or take a day.

    Includes people born on 29 February, whose birthday in a common year is
    the boundary the 29-February convention decides.
    """

    def around(age: int) -> st.SearchStrategy[date]:
        year = on.year - age
        candidates = [on.replace(year=year) if not (on.month == 2 and on.day == 29) else date(year, 2, 28)]
        candidates += [candidates[0] - timedelta(days=1), candidates[0] + timedelta(days=1)]
        # 29 February births whose age on ``on`` is still next to ``age``.
        for leap in (y for y in range(year - 4, year + 2) if _calendar.isleap(y)):
            born = date(leap, 2, 29)
            if born <= on and abs(age_on(born, on) - age) <= 1:
                candidates.append(born)
        return st.sampled_from([c for c in candidates if c <= on])

    return st.sampled_from(ages).flatmap(around)


def spans(max_years: int = 10) -> st.SearchStrategy[Span]:
    """Calendar spans, often whole months (the shape rules use)."""
    return st.one_of(
        st.integers(0, 12 * max_years).map(lambda m: Span(months=m)),
        st.builds(Span, years=st.integers(0, max_years), months=st.integers(0, 11), days=st.integers(0, 60)),
    )


def sources() -> st.SearchStrategy[Source]:
    """Citations of every kind but the uncited one."""
    return st.builds(
        Source,
        kind=st.sampled_from([k for k in SourceKind if k is not SourceKind.UNCITED]),
        reference=st.sampled_from(["SFS 2017:820", "SFS 2010:197", "004_2ae1cbc02798eb8a.txt", "SSYK 2012"]),
        section=st.none() | st.sampled_from(["5 §", "15 §", "5 kap. 1 §"]),
        note=st.none() | st.just("unverified: a test note"),
    )


ssyk_codes = st.integers(1, 4).flatmap(lambda n: st.integers(0, 10**n - 1).map(lambda x: f"{x:0{n}d}"))
"""Syntactically valid SSYK 2012 codes of every level."""


def competences() -> st.SearchStrategy[Competence]:
    """Competences with and without experience; pint is loaded on first draw."""
    from etableringsmodell.units import quantity

    experience = st.none() | st.builds(quantity, st.integers(0, 40), st.sampled_from(["years", "months"]))
    return st.builds(Competence, ssyk_codes, experience, st.booleans())


def permits(born: date, latest: date) -> st.SearchStrategy[ResidencePermit]:
    """Permits granted between ``born`` and ``latest``, family ties with their sponsor facts."""
    granted = st.dates(born, latest)

    @st.composite
    def build(draw: st.DrawFn) -> ResidencePermit:
        ground = draw(st.sampled_from(PermitGround))
        granted_on = draw(granted)
        applied_on = draw(st.none() | st.dates(born, granted_on))
        if ground is PermitGround.FAMILY_TIE:
            return ResidencePermit(
                ground,
                granted_on,
                applied_on=applied_on,
                sponsor_received_on=draw(st.none() | st.dates(min(_MIN, granted_on), granted_on)),
                sponsor_is_swedish_citizen=draw(st.none() | st.booleans()),
            )
        return ResidencePermit(ground, granted_on, applied_on=applied_on)

    return build()


@st.composite
def participants(
    draw: st.DrawFn,
    on: date | None = None,
    *,
    boundaries: bool = True,
    window: Span = Span(months=36),  # noqa: B008  # a frozen value, safe as a default
) -> Participant:
    """A valid participant; with ``boundaries``, often at a rule's turning point on ``on``.

    The birth date is then often one of :func:`ages_around` ``on``, and the
    reception often the first day still within ``window`` of ``on`` or the
    last day outside it.
    """
    reference = on or draw(st.dates(date(1950, 1, 1), date(2080, 12, 31)))
    if boundaries and draw(st.booleans()):
        birth = draw(ages_around(reference))
    else:
        birth = draw(st.dates(reference - timedelta(days=90 * 366), reference))
    received = birth
    if boundaries and draw(st.booleans()):
        first = earliest_start(reference, window, MissingDay.LAST_DAY_OF_MONTH)
        received = draw(st.sampled_from([first, first - timedelta(days=1), reference]))
    received = max(received, birth)
    if not boundaries or received == birth:
        received = draw(st.dates(birth, max(birth, reference + timedelta(days=400))))
    first_registered = draw(st.none() | st.dates(birth, received))
    return Participant(
        id=f"p-{draw(st.integers(0, 999_999))}",
        birth_date=birth,
        received_on=received,
        first_registered_on=first_registered,
        permit=draw(st.none() | permits(birth, received)),
        parent_in_sweden=draw(st.none() | st.booleans()),
        municipality=draw(
            st.none() | st.sampled_from(["0581", "1480", "1286", "1270", "1291", "1265", "0180"])
        ),
        education=draw(st.none() | st.sampled_from(EducationLevel)),
        swedish=draw(st.none() | st.sampled_from(SfiCourse)),
        competences=draw(st.lists(competences(), max_size=3)),
        situations=draw(st.frozensets(st.sampled_from(BarringSituation), max_size=2)),
        interests=draw(
            st.frozensets(st.sampled_from(["industri", "restaurang", "vård", "eget företag"]), max_size=2)
        ),
    )


def _leaves() -> st.SearchStrategy[Criterion]:
    bounds = st.tuples(st.integers(0, 100), st.integers(0, 100)).map(sorted)
    return st.one_of(
        bounds.map(lambda b: AgeBetween(b[0], b[1])),
        st.sampled_from(BOUNDARY_AGES).map(lambda a: AgeBetween(a, None)),
        st.builds(lambda s, c: NewlyArrived(within=s, convention=c), spans(), st.sampled_from(MissingDay)),
        st.frozensets(st.sampled_from(PermitGround), min_size=1).map(PermitGroundIn),
        st.just(NoBarringSituation()),
    )


def criteria(max_leaves: int = 8) -> st.SearchStrategy[Criterion]:
    """Criteria trees of the foundation's criteria, nested with AllOf, AnyOf and Not."""
    return st.recursive(
        _leaves(),
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=4).map(lambda cs: AllOf(*cs)),
            st.lists(inner, min_size=1, max_size=4).map(lambda cs: AnyOf(*cs)),
            inner.map(Not),
        ),
        max_leaves=max_leaves,
    )


def tracks() -> st.SearchStrategy[Track]:
    """Tracks with distinct ids drawn from a small pool, durations in order."""

    @st.composite
    def build(draw: st.DrawFn) -> Track:
        low = draw(st.none() | st.integers(0, 12))
        high = draw(st.none() | st.integers(low or 0, 36))
        return Track(
            id=draw(st.from_regex(r"\A[a-z]{2,8}\Z")),
            name=draw(st.sampled_from(["Industri", "Restaurang och storkök", "Vård", "Eget företagande"])),
            kind=draw(st.sampled_from(TrackKind)),
            branch=draw(st.sampled_from(["industry", "restaurant", "health care", "own business"])),
            occupations=draw(st.lists(ssyk_codes, max_size=3)),
            requirements=draw(st.none() | criteria(4)),
            steps=draw(st.lists(st.sampled_from(StepKind), max_size=5)),
            min_duration=None if low is None else Span(months=low),
            max_duration=None if high is None else Span(months=high),
            capacity=draw(st.none() | st.integers(0, 500)),
            sources=draw(st.lists(sources(), min_size=1, max_size=2)),
        )

    return build()


def parties() -> st.SearchStrategy[Party]:
    return st.builds(
        Party,
        st.sampled_from(["Arbetsförmedlingen", "Norrköpings kommun", "Migrationsverket", "DUA"]),
        st.sampled_from(PartyKind),
    )


@st.composite
def goals(draw: st.DrawFn) -> Goal:
    """Goals whose start and deadline are often month ends or 29 February."""
    start = draw(
        boundary_dates(date(1990, 1, 1), date(2040, 12, 31)) | st.dates(date(1990, 1, 1), date(2040, 12, 31))
    )
    deadline = add_span(start, draw(spans(5)))
    return Goal(
        id=draw(st.from_regex(r"\A[a-z]{1,8}\Z")),
        measure=draw(st.sampled_from(GoalMeasure)),
        target=draw(st.integers(1, 100_000)),
        start=start,
        deadline=deadline,
        sources=draw(st.lists(sources(), min_size=1, max_size=2)),
    )


def outcomes() -> st.SearchStrategy[Outcome]:
    return st.builds(
        Outcome,
        st.integers(0, 999_999).map(lambda i: f"p-{i}"),
        st.sampled_from(OutcomeKind),
        dates,
        st.sampled_from([90, 180, 365]) | st.integers(0, 1000),
    )


@st.composite
def agreements(draw: st.DrawFn) -> PartnerAgreement:
    start = draw(st.dates(date(2000, 1, 1), date(2030, 12, 31)))
    drawn_tracks = draw(st.lists(tracks(), max_size=3, unique_by=lambda t: t.id))
    drawn_goals = draw(st.lists(goals(), max_size=2, unique_by=lambda g: g.id))
    return PartnerAgreement(
        id=draw(st.from_regex(r"\A[a-z]{2,10}-[0-9]{4}\Z")),
        title=draw(st.sampled_from(["Lokala jobbspår", "Överenskommelse om fördjupad samverkan"])),
        parties=draw(st.lists(parties(), min_size=1, max_size=4)),
        start=start,
        end=draw(st.none() | st.dates(start, date(2040, 12, 31))),
        target_group=draw(criteria(4)),
        tracks=drawn_tracks,
        goals=drawn_goals,
        sources=draw(st.lists(sources(), min_size=1, max_size=2)),
    )
