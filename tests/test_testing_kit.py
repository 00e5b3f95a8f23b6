"""The testing kit: strategies hit the boundaries, the plugin's fixtures work."""

from __future__ import annotations

from datetime import date
from types import ModuleType

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etableringsmodell.calendar import Span, age_on, within
from etableringsmodell.model import (
    AssessedFact,
    FactKind,
    Goal,
    Outcome,
    Participant,
    PartnerAgreement,
    Track,
)
from etableringsmodell.rules.eligibility import check_eligibility
from etableringsmodell.testing.plugin import ParticipantFactory
from etableringsmodell.testing.strategies import (
    BOUNDARY_AGES,
    ages_around,
    agreements,
    boundary_dates,
    criteria,
    goals,
    outcomes,
    participants,
    tracks,
)

ON = date(2004, 6, 1)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(participants(on=ON))
def test_participants_are_valid(p: Participant) -> None:
    assert p.birth_date <= p.received_on


@given(ages_around(ON))
def test_ages_around_are_boundary_ages(birth: date) -> None:
    # A day either side of a boundary birthday, or a 29 February birth.
    assert min(abs(age_on(birth, ON) - a) for a in BOUNDARY_AGES) <= 1


def test_boundaries_are_actually_reached() -> None:
    seen_ages: set[int] = set()
    seen_window_edges: set[bool] = set()

    # Derandomized, so whether every boundary is reached cannot vary between runs.
    @settings(max_examples=300, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(participants(on=ON))
    def collect(p: Participant) -> None:
        seen_ages.add(age_on(p.birth_date, ON))
        first_inside = date(2001, 6, 1)  # 2001-06-01 + 36 months = 2004-06-01
        if p.received_on in (first_inside, date(2001, 5, 31)):
            seen_window_edges.add(within(p.received_on, Span(months=36), ON))

    collect()
    assert set(BOUNDARY_AGES) <= seen_ages
    assert seen_window_edges == {True, False}


@given(boundary_dates())
def test_boundary_dates_are_month_edges(day: date) -> None:
    assert (day.month, day.day) in {(2, 28), (2, 29), (3, 1)} or (day.replace(day=1) - day).days != 0


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_model_strategy_builds(data: st.DataObject) -> None:
    assert isinstance(data.draw(tracks()), Track)
    assert isinstance(data.draw(goals()), Goal)
    assert isinstance(data.draw(outcomes()), Outcome)
    assert isinstance(data.draw(agreements()), PartnerAgreement)
    rule = data.draw(criteria())
    person = data.draw(participants(on=ON))
    assert check_eligibility(person, rule, ON).reasons[0].criterion_id == rule.id


def test_participant_factory_fixture(participant_factory: ParticipantFactory) -> None:
    turning = participant_factory(
        on=ON,
        age=18,
        months_since_arrival=36,
        facts=[AssessedFact(FactKind.WORK_ORIENTED_CAPACITY, value=True)],
    )
    assert turning.birth_date == date(1986, 6, 1)
    assert turning.received_on == date(2001, 6, 1)
    goteborg_rule = check_eligibility(turning, _goteborg(), ON)
    assert goteborg_rule.eligible
    leap = participant_factory(on=date(2022, 2, 28), age=18, birth_date=date(2004, 2, 29))
    assert age_on(leap.birth_date, date(2022, 2, 28)) == 18


def test_catalog_fixture(etablering_catalog: ModuleType) -> None:
    assert "goteborg-2004" in etablering_catalog.ids()


def _goteborg() -> PartnerAgreement:
    from etableringsmodell import catalog

    agreement: PartnerAgreement = catalog.get("goteborg-2004")
    return agreement


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(participants(on=date(1951, 1, 1)))
def test_participants_born_before_1900_get_valid_permits(p: Participant) -> None:
    # A reference date in 1951 draws people born as early as 1860, whose
    # family-tie sponsors were received before 1900 (a bug once made the
    # strategy itself fail here).
    assert p.permit is None or p.permit.granted_on >= p.birth_date
