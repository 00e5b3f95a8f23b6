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
    Competence,
    Criterion,
    EducationAtLeast,
    EducationBelow,
    EducationLevel,
    EstablishmentPlan,
    Everyone,
    ExperienceAtLeast,
    FamilyTieWithin,
    InterestIn,
    NewlyArrived,
    NoBarringSituation,
    NoParentInSweden,
    Not,
    NotAssessed,
    OccupationIn,
    Participant,
    PermitGround,
    PermitGroundIn,
    ResidencePermit,
    SfiCourse,
    SwedishAtLeast,
    Validated,
)
from etableringsmodell.testing import strategies as kit

# The public testing kit's strategies, shared with downstream suites; what
# follows here is only what the library's own tests need beyond them.
dates = kit.dates
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


participants = kit.participants
"""Valid participants, often at the age and arrival boundaries of the reference date."""

criteria: st.SearchStrategy[Criterion] = kit.criteria()
"""Trees of the foundation's criteria under AllOf, AnyOf and Not."""


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


# --- reading and writing data (etableringsmodell.io) -------------------------------------

ssyk_codes = st.from_regex(r"\A[0-9]{1,4}\Z")

_safe_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters=";|"),
    min_size=1,
    max_size=12,
).filter(lambda t: t == t.strip() and bool(t))
"""Non-empty text without edge spaces or the CSV list separators; any script, emoji included."""


@st.composite
def experiences(draw: st.DrawFn) -> object:
    """A pint quantity of experience (or ``None``), in whole or fractional units."""
    from etableringsmodell.units import quantity

    magnitude = draw(st.integers(0, 40) | st.floats(0, 40, allow_nan=False, allow_infinity=False))
    return quantity(magnitude, draw(st.sampled_from(["year", "month", "week", "day"])))


competences = st.builds(
    Competence, occupation=ssyk_codes, experience=st.none() | experiences(), validated=st.booleans()
)


@st.composite
def full_participants(draw: st.DrawFn) -> Participant:
    """A valid participant with every optional field drawn, for round trips through the io formats."""
    birth = draw(st.dates(date(1900, 1, 1), date(2090, 12, 31)))
    received = draw(st.dates(birth, date(2100, 12, 31)))
    ground = draw(st.sampled_from(PermitGround))
    permit = draw(
        st.none()
        | st.builds(
            ResidencePermit,
            ground=st.just(ground),
            granted_on=st.dates(birth, date(2100, 12, 31)),
            sponsor_received_on=st.none() | dates if ground is PermitGround.FAMILY_TIE else st.none(),
            sponsor_is_swedish_citizen=st.none() | st.booleans()
            if ground is PermitGround.FAMILY_TIE
            else st.none(),
        )
    )
    return Participant(
        id=draw(_safe_text),
        birth_date=birth,
        received_on=received,
        first_registered_on=draw(st.none() | st.dates(birth, date(2100, 12, 31))),
        permit=permit,
        parent_in_sweden=draw(st.none() | st.booleans()),
        municipality=draw(st.none() | st.from_regex(r"\A(0[1-9]|1[0-9]|2[0-5])[0-9]{2}\Z")),
        education=draw(st.none() | st.sampled_from(EducationLevel)),
        swedish=draw(st.none() | st.sampled_from(SfiCourse)),
        competences=draw(st.lists(competences, max_size=3)),
        situations=draw(st.frozensets(st.sampled_from(BarringSituation), max_size=3)),
        interests=draw(st.frozensets(_safe_text, max_size=3)),
    )


def _luhn_digit(nine: str) -> str:
    total = 0
    for index, char in enumerate(nine):
        value = int(char) * (2 - index % 2)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


@st.composite
def personal_numbers(draw: st.DrawFn, *, coordination: bool | None = None) -> str:
    """A valid 12-digit personnummer or samordningsnummer (day plus 60), Luhn digit computed here."""
    born = draw(st.dates(date(1900, 1, 1), date(2020, 12, 31)))
    is_coordination = draw(st.booleans()) if coordination is None else coordination
    day = born.day + (60 if is_coordination else 0)
    serial = draw(st.integers(1, 999))
    nine = f"{born.year % 100:02d}{born.month:02d}{day:02d}{serial:03d}"
    return f"{born.year // 100:02d}{nine}{_luhn_digit(nine)}"


json_values: st.SearchStrategy[object] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["2004-06-01", "P36M", "PROTECTION", "2221", "19121212-1212", "year", ""]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "value",
                    "unit",
                    "birth_date",
                    "received_on",
                    "competences",
                    "min",
                    "max",
                    "criteria",
                ]
            )
            | st.text(max_size=8),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)
"""Arbitrary JSON values, biased towards the keys and texts the model reads, for malformed input."""


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


# ---- the requirement criteria, and participants with every fact they read -----

_branches = st.sampled_from(["Vård", "industri", " Restaurang ", "bygg", "IT"])
_codes = st.frozensets(st.sampled_from(["2", "22", "2221", "51", "5120", "8332"]), min_size=1, max_size=3)

requirement_criteria: st.SearchStrategy[Criterion] = st.one_of(
    st.sampled_from(EducationLevel).map(EducationAtLeast),
    st.sampled_from(EducationLevel).map(EducationBelow),
    st.sampled_from(SfiCourse).map(SwedishAtLeast),
    _codes.map(OccupationIn),
    (st.none() | _codes).map(Validated),
    st.frozensets(_branches, min_size=1, max_size=2).map(InterestIn),
    st.builds(ExperienceAtLeast, experiences(), st.none() | _codes),
    st.just(NoParentInSweden()),
    st.just(NotAssessed("capacity to take part")),
    st.builds(EstablishmentPlan, ended_within=spans),
    st.builds(
        lambda within, bounds, after, swedish: FamilyTieWithin(
            within,
            applied_from=bounds[0],
            applied_before=bounds[1],
            sponsor_received_after=after,
            swedish_sponsor_excluded=swedish,
        ),
        st.none() | st.sampled_from([Span(years=6), Span(years=2), Span(months=3)]),
        st.sampled_from([(None, None), (date(2014, 1, 1), None), (None, date(2014, 1, 1))]),
        st.none() | st.just(date(2016, 6, 1)),
        st.booleans(),
    ),
)
"""Every requirement criterion, with the parameters that change its verdict."""


@st.composite
def requirement_participants(draw: st.DrawFn, on: date) -> Participant:
    """A participant with every fact a requirement criterion reads, often near ``on``'s boundaries."""
    birth = draw(st.dates(date(1950, 1, 1), date(2000, 12, 31)))
    sponsor = draw(st.none() | st.dates(date(2005, 1, 1), date(2025, 12, 31)) | month_ends)
    ground = draw(st.sampled_from([PermitGround.FAMILY_TIE, PermitGround.FAMILY_TIE, PermitGround.WORK]))
    applied = draw(st.none() | st.dates(date(2005, 1, 1), date(2030, 12, 31)))
    if sponsor is not None and draw(st.booleans()):
        # Within a few days of the deadline of a 6- or 2-year window, or of 3 months.
        span = draw(st.sampled_from([Span(years=6), Span(years=2), Span(months=3)]))
        applied = sponsor + span + timedelta(days=draw(st.integers(-2, 2)))
    permit = draw(
        st.none()
        | st.just(
            ResidencePermit(
                ground,
                granted_on=max(applied or birth, birth),
                applied_on=max(applied, birth) if applied else None,
                sponsor_received_on=sponsor if ground is PermitGround.FAMILY_TIE else None,
                sponsor_is_swedish_citizen=draw(st.none() | st.booleans())
                if ground is PermitGround.FAMILY_TIE
                else None,
            )
        )
    )
    plan_start = draw(st.none() | st.dates(on - timedelta(days=5 * 366), on + timedelta(days=30)))
    plan_end = None
    if plan_start is not None and draw(st.booleans()):
        plan_end = draw(
            st.dates(plan_start, on + timedelta(days=30)) | month_ends.filter(lambda d: d >= plan_start)
        )
    return Participant(
        id="row",
        birth_date=birth,
        received_on=draw(st.dates(birth, max(birth, on))),
        permit=permit,
        parent_in_sweden=draw(st.none() | st.booleans()),
        education=draw(st.none() | st.sampled_from(EducationLevel)),
        swedish=draw(st.none() | st.sampled_from(SfiCourse)),
        competences=draw(st.lists(competences, max_size=3)),
        interests=draw(st.frozensets(_branches, max_size=2)),
        plan_started_on=plan_start,
        plan_ended_on=plan_end,
    )
