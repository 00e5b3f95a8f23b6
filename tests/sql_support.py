"""Shared cohorts and checks for the SQL engine tests: boundary-aimed participants and the scalar verdicts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs
from hypothesis import strategies as st

from etableringsmodell import batch
from etableringsmodell.calendar import MissingDay, Span
from etableringsmodell.model import (
    AgeBetween,
    AgeWhen,
    AllOf,
    AnyOf,
    ArrivalAnchor,
    Criterion,
    EstablishmentPlanInTime,
    FactIs,
    FamilyTieWithin,
    NewlyArrived,
    Not,
    Participant,
    PermitGround,
    PlanStartedBefore,
)
from etableringsmodell.model.participant import AssessedFact, FactKind, ResidencePermit
from etableringsmodell.rules.eligibility import check_eligibility
from tests.strategies import requirement_participants

law_criteria: st.SearchStrategy[Criterion] = st.one_of(
    st.builds(
        lambda b, anchor, c: AgeWhen(b[0], b[1], anchor=anchor, convention=c),
        st.sampled_from([(18, 19), (16, 19), (None, 64), (20, None), (0, 17)]),
        st.sampled_from(ArrivalAnchor),
        st.sampled_from(MissingDay),
    ),
    st.builds(lambda kind, value: FactIs(kind, value=value), st.sampled_from(FactKind), st.booleans()),
    st.builds(
        lambda deadline, length, anchor, inclusive: EstablishmentPlanInTime(
            deadline, length, anchor=anchor, inclusive_end=inclusive
        ),
        st.sampled_from([Span(years=1), Span(months=2), Span(months=12, days=3)]),
        st.sampled_from([Span(months=24), Span(years=1)]),
        st.sampled_from(ArrivalAnchor),
        st.booleans(),
    ),
    st.dates(date(2010, 1, 1), date(2024, 1, 1)).map(PlanStartedBefore),
)
"""The criteria of the law (issue 10), with their anchors and conventions."""


@st.composite
def law_participants(draw: st.DrawFn, on: date) -> Participant:
    """A requirement participant with assessed facts and a permit granted near an age boundary."""
    person = draw(requirement_participants(on))
    facts = []
    for kind in FactKind:
        if draw(st.booleans()):
            assessed = draw(
                st.none() | st.dates(on - timedelta(days=400), on + timedelta(days=3)) | st.just(on)
            )
            facts.append(AssessedFact(kind, draw(st.booleans()), assessed))
    changes: dict[str, Any] = {"facts": tuple(facts)}
    if person.permit is not None and draw(st.booleans()):
        # Granted within a few days of the 16th to 20th birthday: the ages AgeWhen measures.
        birth = person.birth_date
        years = draw(st.integers(16, 21))
        try:
            birthday = birth.replace(year=birth.year + years)
        except ValueError:  # 29 February in a common year
            birthday = date(birth.year + years, 2, 28)
        granted = max(birthday + timedelta(days=draw(st.integers(-2, 2))), birth)
        if person.permit.applied_on is None or person.permit.applied_on <= granted:
            changes["permit"] = attrs.evolve(person.permit, granted_on=granted, first_granted_on=None)
    return attrs.evolve(person, **changes)


def assert_agrees(result: batch.BatchResult, people: list[Participant], rule: Any, on: date) -> None:
    """Row by row and criterion by criterion, ``result`` is what the scalar path says."""
    assert len(result) == len(people)
    for row, person in enumerate(people):
        decision = check_eligibility(person, rule, on)
        assert result.statuses(row) == tuple((r.criterion_id, r.status) for r in decision.reasons), row
        assert bool(result.eligible[row]) is decision.eligible


def composite(first: Criterion, second: Criterion) -> Criterion:
    """A rule that puts both criteria through Kleene AND, OR and NOT."""
    return AnyOf(AllOf(first, Not(second)), Not(AnyOf(first, second)))


def boundary_cohort() -> tuple[list[Participant], dict[str, Criterion], date]:
    """A cohort built by hand on the boundaries, and the rules whose verdicts on it are reasoned out.

    On 2020-02-29: 36 months back is 2017-03-01 (the earliest r with r + 36
    months >= D, Lag 1930:173 1 §); someone born 2002-02-28 is 18; a family-tie
    window of 6 months from 2019-08-31 ends 2020-02-29 (31 August + 6 months is
    the last day of February).
    """
    on = date(2020, 2, 29)

    def person(pid: str, birth: date, received: date, **permit: Any) -> Participant:
        granted = permit.pop("granted", received)
        ground = permit.pop("ground", PermitGround.PROTECTION)
        return Participant(
            id=pid,
            birth_date=birth,
            received_on=received,
            permit=ResidencePermit(ground, granted, **permit),
        )

    people = [
        person("window-first-day", date(1990, 1, 1), date(2017, 3, 1)),
        person("window-day-before", date(1990, 1, 1), date(2017, 2, 28)),
        person("turns-18-today", date(2002, 2, 28), date(2019, 1, 1)),
        person("turns-18-tomorrow", date(2002, 3, 1), date(2019, 1, 1)),
        person(
            "tie-last-day",
            date(1990, 1, 1),
            date(2019, 9, 1),
            ground=PermitGround.FAMILY_TIE,
            applied_on=date(2020, 2, 29),
            sponsor_received_on=date(2019, 8, 31),
            granted=date(2020, 2, 29),
        ),
        person(
            "tie-day-after",
            date(1990, 1, 1),
            date(2019, 9, 1),
            ground=PermitGround.FAMILY_TIE,
            applied_on=date(2020, 3, 1),
            sponsor_received_on=date(2019, 8, 31),
            granted=date(2020, 3, 1),
        ),
        # Born 29 February 2000, granted on 28 February 2018: 18 then (Lag 1930:173, last day of the month).
        person("leap-born-granted-at-18", date(2000, 2, 29), date(2018, 3, 1), granted=date(2018, 2, 28)),
        person("leap-born-granted-at-17", date(2000, 2, 29), date(2018, 3, 1), granted=date(2018, 2, 27)),
    ]
    rules: dict[str, Criterion] = {
        "newly": NewlyArrived(within=Span(months=36)),
        "adult": AgeBetween(18, None),
        "tie": FamilyTieWithin(Span(months=6)),
        "age-at-grant": AgeWhen(18, 19),
    }
    return people, rules, on


BOUNDARY_EXPECTED: dict[str, dict[str, str]] = {
    "window-first-day": {"newly": "passed"},
    "window-day-before": {"newly": "failed"},
    "turns-18-today": {"adult": "passed"},
    "turns-18-tomorrow": {"adult": "failed"},
    "tie-last-day": {"tie": "passed"},
    "tie-day-after": {"tie": "failed"},
    "leap-born-granted-at-18": {"age-at-grant": "passed"},
    "leap-born-granted-at-17": {"age-at-grant": "failed"},
}
"""Reasoned by hand from Lag (1930:173) 1 § and the issue's example, not from the code."""
