"""What makes a decision fast changes nothing in it.

A decision keeps a few caches (the window's threshold per reference date, reasons
shared between people with the same figures, values derived from a criterion), and
builds its records without attrs' __init__. Here a decision made with warm caches
is compared, figure for figure, with the same decision made from cold ones; and
ExperienceAtLeast, which sums experience in years without asking pint each time,
with pint's own sum.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell import catalog
from etableringsmodell.calendar import MissingDay, Span
from etableringsmodell.model import (
    AllOf,
    AnyOf,
    AssessedFact,
    Competence,
    Criterion,
    EducationAtLeast,
    EducationLevel,
    ExperienceAtLeast,
    FactKind,
    InterestIn,
    NewlyArrived,
    Not,
    OccupationIn,
    Participant,
    SfiCourse,
    SwedishAtLeast,
    Validated,
)
from etableringsmodell.rules import eligibility
from etableringsmodell.rules.eligibility import Decision, Reason, Status, check_eligibility
from etableringsmodell.units import quantity
from tests.strategies import criteria, participants, spans

ON = date(2004, 6, 1)
_ENTRIES = [
    ("goteborg-2004", ON),
    ("arbetsplatsintroduktion-2003", ON),
    ("etableringsinsatser-2010", date(2014, 6, 1)),
    ("etableringsprogrammet-2018", date(2019, 6, 1)),
    ("etableringsprogrammet-2018", date(2023, 6, 1)),
    ("snabbspar-2015", date(2016, 6, 1)),
]
_CODES = st.sampled_from(["2", "22", "2221", "5120", "51", "5321"])
_UNITS = st.sampled_from(["years", "months", "weeks", "days"])
_MAGNITUDES = st.integers(0, 600) | st.floats(0, 600, allow_nan=False) | st.sampled_from([1e-320, 0.1, 1 / 3])


def experiences(fractions: bool = False) -> st.SearchStrategy[Any]:
    # A Fraction's magnitude reaches pint's own sum; but the message formats magnitudes
    # with ":g", which Python 3.11's Fraction refuses, so only the sum test draws them.
    magnitudes = _MAGNITUDES | st.fractions(0, 100) if fractions else _MAGNITUDES
    return st.builds(quantity, magnitudes, _UNITS)


def competence_rules() -> st.SearchStrategy[Criterion]:
    codes = st.frozensets(_CODES, min_size=1, max_size=3)
    leaves = st.one_of(
        st.builds(ExperienceAtLeast, st.builds(quantity, _MAGNITUDES, _UNITS), st.none() | codes),
        st.builds(OccupationIn, codes),
        st.builds(Validated, st.none() | codes),
        st.builds(EducationAtLeast, st.sampled_from(EducationLevel)),
        st.builds(SwedishAtLeast, st.sampled_from(SfiCourse)),
        st.just(InterestIn(frozenset({"vård", "industri"}))),
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda cs: AllOf(*cs)),
            st.lists(inner, min_size=1, max_size=3).map(lambda cs: AnyOf(*cs)),
            inner.map(Not),
        ),
        max_leaves=5,
    )


@st.composite
def people(draw: st.DrawFn, on: date) -> Participant:
    """Participants with assessed facts and experience in every unit of the model."""
    person = draw(participants(on=on))
    competences = draw(
        st.lists(st.builds(Competence, _CODES, st.none() | experiences(), st.booleans()), max_size=4)
    )
    kinds = draw(st.lists(st.sampled_from(FactKind), unique=True, max_size=3))
    facts = tuple(
        AssessedFact(
            kind,
            draw(st.booleans()),
            draw(st.none() | st.dates(on - timedelta(days=400), on + timedelta(days=30))),
        )
        for kind in kinds
    )
    return attrs.evolve(person, competences=tuple(competences), facts=facts)


def record(decision: Decision) -> tuple[Any, ...]:
    """Everything a decision says, figures by repr (which tells 1 from True and 3 years from 36 months)."""
    return (
        decision.eligible,
        decision.status,
        decision.rule_id,
        decision.on,
        decision.programme_id,
        decision.version_from,
        decision.version_to,
        decision.library_version,
        tuple(
            (
                r.criterion_id,
                r.status,
                r.sources,
                r.depth,
                repr(r.figures),
                r.template,
                r.message,
                r.text("sv"),
            )
            for r in decision.reasons
        ),
    )


def cold(person: Participant, rule: Any, on: date) -> Decision:
    eligibility._clear_caches()
    return check_eligibility(person, rule, on)


def warm(others: list[Participant], person: Participant, rule: Any, dates: list[date], on: date) -> Decision:
    for day in dates:
        for other in others:
            check_eligibility(other, rule, day)
    return check_eligibility(person, rule, on)


@settings(max_examples=30, deadline=None)
@given(st.data(), st.sampled_from(_ENTRIES))
def test_catalogue_decisions_are_the_same_warm_or_cold(data: st.DataObject, entry: tuple[str, date]) -> None:
    entry_id, on = entry
    programme = catalog.get(entry_id)
    others = data.draw(st.lists(people(on), min_size=1, max_size=4))
    person = data.draw(people(on))
    expected = record(cold(person, programme, on))
    assert record(warm(others, person, programme, [on], on)) == expected
    assert record(check_eligibility(person, programme, on)) == expected


@settings(max_examples=60, deadline=None)
@given(st.data(), criteria | competence_rules())
def test_any_rule_is_judged_the_same_warm_or_cold(data: st.DataObject, rule: Criterion) -> None:
    dates = data.draw(st.lists(st.dates(date(1990, 1, 1), date(2030, 12, 31)), min_size=1, max_size=3))
    on = data.draw(st.sampled_from(dates))
    others = data.draw(st.lists(people(on), min_size=1, max_size=4))
    person = data.draw(people(on))
    expected = record(cold(person, rule, on))
    assert record(warm(others, person, rule, dates, on)) == expected
    # The same person again: every shared reason is now a cache hit.
    assert record(check_eligibility(person, rule, on)) == expected


@settings(max_examples=80, deadline=None)
@given(
    st.data(),
    spans,
    st.sampled_from(MissingDay),
    st.booleans(),
    st.dates(date(1990, 1, 1), date(2030, 12, 31)),
)
def test_a_window_is_judged_on_its_own_date_after_another(
    data: st.DataObject, within: Span, convention: MissingDay, inclusive: bool, on: date
) -> None:
    # The threshold is cached per reference date: judged on a nearby date first, the same
    # criterion must still put people on the edge of ``on``'s window on the right side of it.
    rule = NewlyArrived(within=within, convention=convention, inclusive_end=inclusive)
    earlier = on - timedelta(days=data.draw(st.integers(1, 40)))
    person = data.draw(participants(on=on, window=within))
    expected = record(cold(person, rule, on))
    cold(person, rule, earlier)  # the caches now hold what ``earlier`` needed
    assert record(check_eligibility(person, rule, on)) == expected


@settings(max_examples=30, deadline=None)
@given(people(ON), criteria | competence_rules())
def test_the_fast_records_equal_the_public_constructors(person: Participant, rule: Criterion) -> None:
    decision = check_eligibility(person, rule, ON)
    # Rebuilt through attrs' own __init__ from every field (an unset slot would raise here).
    reasons = tuple(
        Reason(**{a.name: getattr(r, a.name) for a in attrs.fields(Reason)}) for r in decision.reasons
    )
    fields = {a.name: getattr(decision, a.name) for a in attrs.fields(Decision)}
    rebuilt = Decision(**(fields | {"reasons": reasons}))
    assert rebuilt == decision
    assert record(rebuilt) == record(decision)


def pint_sum(criterion: ExperienceAtLeast, person: Participant) -> tuple[Status, Any]:
    """ExperienceAtLeast as pint computes it, quantity by quantity (the reference)."""
    total = quantity(0, "years")
    unknown = 0
    for competence in person.competences:
        codes = criterion.occupations
        if codes is None or any(competence.occupation.startswith(code) for code in codes):
            if competence.experience is None:
                unknown += 1
            else:
                total = total + competence.experience
    reached = total.to("years").magnitude >= criterion.minimum.to("years").magnitude
    status = Status.PASSED if reached else (Status.UNDETERMINED if unknown else Status.FAILED)
    return status, total


@settings(max_examples=200, deadline=None)
@given(
    st.builds(
        ExperienceAtLeast,
        st.builds(quantity, _MAGNITUDES | st.fractions(0, 100), _UNITS),
        st.none() | st.frozensets(_CODES, min_size=1, max_size=2),
    ),
    st.lists(st.builds(Competence, _CODES, st.none() | experiences(fractions=True)), max_size=5),
)
def test_experience_is_summed_as_pint_sums_it(
    criterion: ExperienceAtLeast, competences: list[Competence]
) -> None:
    person = Participant(
        "p", birth_date=date(1980, 1, 1), received_on=date(2003, 1, 1), competences=competences
    )
    status, total = pint_sum(criterion, person)
    reason = check_eligibility(person, criterion, ON).reasons[0]
    assert reason.status is status
    assert repr(reason.figures[0]) == repr(total)
    assert reason.figures[1] is criterion.minimum


def test_a_month_of_experience_is_summed_in_years_by_pints_factor() -> None:
    # 5 months and 7 months are 5/12 + 7/12 years in floating point, which is not 1.0 exactly:
    # the sum must be pint's (0.41666666666666663 + 0.5833333333333333), not a rounder one.
    person = Participant(
        "p",
        birth_date=date(1980, 1, 1),
        received_on=date(2003, 1, 1),
        competences=(Competence("2221", quantity(5, "months")), Competence("2221", quantity(7, "months"))),
    )
    expected = quantity(5, "months").to("years").magnitude + quantity(7, "months").to("years").magnitude
    reason = check_eligibility(person, ExperienceAtLeast(quantity(1, "years")), ON).reasons[0]
    assert reason.figures[0].magnitude == expected
    assert reason.status is (Status.PASSED if expected >= 1 else Status.FAILED)


def test_a_fraction_of_a_year_goes_through_pint() -> None:
    third: Any = Fraction(1, 3)  # pint takes any number; the fast sum only ints and floats
    person = Participant(
        "p",
        birth_date=date(1980, 1, 1),
        received_on=date(2003, 1, 1),
        competences=(Competence("2221", quantity(third, "years")), Competence("2221", quantity(4, "months"))),
    )
    reason = check_eligibility(person, ExperienceAtLeast(quantity(8, "months")), ON).reasons[0]
    assert repr(reason.figures[0]) == repr(quantity(third, "years") + quantity(4, "months"))
