"""Explained eligibility: verdicts, messages with figures, sources, invariants."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from attrs import frozen
from hypothesis import given
from hypothesis import strategies as st

from etableringsmodell import catalog
from etableringsmodell.calendar import MissingDay, Span
from etableringsmodell.errors import InvalidTypeError, NotCoveredError, UnknownCriterionError
from etableringsmodell.model import (
    AgeBetween,
    AllOf,
    AnyOf,
    ArrivalAnchor,
    AssessedFact,
    BarringSituation,
    Criterion,
    FactKind,
    NewlyArrived,
    NoBarringSituation,
    Not,
    Participant,
    PermitGround,
    PermitGroundIn,
    ResidencePermit,
    Track,
    TrackKind,
)
from etableringsmodell.rules.eligibility import Status, check_all, check_eligibility, register_evaluator
from etableringsmodell.sources import Source
from tests.strategies import criteria, participants

ON = date(2004, 6, 1)
GOTEBORG = catalog.get("goteborg-2004")
RULE = AllOf(AgeBetween(18, 64), NewlyArrived(within=Span(months=36)))


CAPABLE = (AssessedFact(FactKind.WORK_ORIENTED_CAPACITY, value=True),)
"""Seed 004's 'förutsättningar att delta i arbetsinriktad introduktion', assessed."""


def person(birth: date, received: date = date(2003, 1, 10), **extra: object) -> Participant:
    extra.setdefault("facts", CAPABLE)
    return Participant("p", birth_date=birth, received_on=received, **extra)  # type: ignore[arg-type]


class TestGoteborgAgreement:
    """The 18-64, newly-arrived rule of seed 004 at its boundaries."""

    @pytest.mark.parametrize(
        ("birth", "eligible"),
        [
            (date(1986, 6, 2), False),  # 17: turns 18 tomorrow
            (date(1986, 6, 1), True),  # 18 today
            (date(1939, 6, 2), True),  # 64: turns 65 tomorrow
            (date(1939, 6, 1), False),  # 65 today
        ],
    )
    def test_age_boundaries(self, birth: date, eligible: bool) -> None:
        assert check_eligibility(person(birth), GOTEBORG, ON).eligible is eligible

    def test_leap_day_born_turns_18_on_28_february(self) -> None:
        # Born 29 February 1988; 2006 is a common year: Lag 1930:173 1 § makes
        # 28 February the birthday.
        born = date(1988, 2, 29)
        rule = AgeBetween(18, 64)
        assert not check_eligibility(person(born, date(2005, 1, 1)), rule, date(2006, 2, 27))
        assert check_eligibility(person(born, date(2005, 1, 1)), rule, date(2006, 2, 28))
        other = AgeBetween(18, 64, convention=MissingDay.FIRST_OF_NEXT_MONTH)
        assert not check_eligibility(person(born, date(2005, 1, 1)), other, date(2006, 2, 28))
        assert check_eligibility(person(born, date(2005, 1, 1)), other, date(2006, 3, 1))

    @pytest.mark.parametrize(
        ("received", "eligible"),
        [
            (date(2001, 6, 1), True),  # the window's end day is 2004-06-01 itself
            (date(2001, 5, 31), False),  # ended 2004-05-31
            (ON, True),  # received today
            (ON + timedelta(days=1), False),  # not yet received
        ],
    )
    def test_newly_arrived_window(self, received: date, eligible: bool) -> None:
        assert check_eligibility(person(date(1970, 1, 1), received), GOTEBORG, ON).eligible is eligible

    def test_window_from_31_may_ends_on_31_may(self) -> None:
        on = date(2004, 2, 29)
        # 29 February 2001 does not exist; a start of 2001-02-28 ends 2004-02-28.
        assert not check_eligibility(person(date(1970, 1, 1), date(2001, 2, 28)), RULE, on)
        assert check_eligibility(person(date(1970, 1, 1), date(2001, 3, 1)), RULE, on)

    def test_message_with_figures_and_source(self) -> None:
        decision = check_eligibility(person(date(1939, 5, 2)), GOTEBORG, ON)
        assert not decision
        (failure,) = decision.failures
        assert failure.criterion_id == "age-18-64"
        assert failure.message == "age 65 on 2004-06-01 is above the maximum 64"
        assert [str(s) for s in failure.sources] == ["seed 004_2ae1cbc02798eb8a.txt"]
        assert "seed 004_2ae1cbc02798eb8a.txt" in decision.explain()

    def test_window_message(self) -> None:
        decision = check_eligibility(person(date(1970, 1, 1), date(2001, 5, 31)), GOTEBORG, ON)
        (failure,) = decision.failures
        assert failure.message == (
            "received in a municipality on 2001-05-31: the 36 months window ends 2004-05-31, before 2004-06-01"
        )

    def test_one_reason_per_criterion(self) -> None:
        decision = check_eligibility(person(date(1970, 1, 1)), GOTEBORG, ON)
        assert [r.criterion_id for r in decision.reasons] == [
            "goteborg-2004-target-group",
            "age-18-64",
            "newly-arrived-36m",
            "goteborg-2004-work-oriented-capacity",
        ]
        assert [r.depth for r in decision.reasons] == [0, 1, 1, 1]
        assert all(r.passed for r in decision.reasons)
        assert {str(s) for s in decision.sources} == {"seed 004_2ae1cbc02798eb8a.txt", "SFS 2017:820 15 §"}

    def test_outside_the_agreement_period(self) -> None:
        with pytest.raises(NotCoveredError) as caught:
            check_eligibility(person(date(1970, 1, 1)), GOTEBORG, date(2003, 12, 31))
        assert "goteborg-2004" in str(caught.value)
        assert "2004-01-01" in str(caught.value)


class TestCriteria:
    def test_below_minimum_message(self) -> None:
        decision = check_eligibility(person(date(1990, 1, 1)), AgeBetween(18, 64), ON)
        assert decision.reasons[0].message == "age 14 on 2004-06-01 is below the minimum 18"

    def test_born_after_the_reference_date(self) -> None:
        decision = check_eligibility(person(date(2005, 1, 1), date(2005, 1, 1)), AgeBetween(0, 64), ON)
        assert not decision
        assert "after the reference date" in decision.reasons[0].message

    def test_first_registration_anchor(self) -> None:
        rule = NewlyArrived(within=Span(months=36), anchor=ArrivalAnchor.FIRST_REGISTERED)
        unknown = check_eligibility(person(date(1970, 1, 1)), rule, ON)
        assert unknown.status is Status.UNDETERMINED
        assert not unknown
        assert unknown.undetermined[0].message == "the date of first population registration is not known"
        known = person(date(1970, 1, 1), first_registered_on=date(2000, 1, 1))
        assert check_eligibility(known, rule, ON).status is Status.FAILED

    def test_permit_anchor_and_ground(self) -> None:
        permit = ResidencePermit(PermitGround.RESETTLEMENT, date(2002, 12, 1))
        refugee = person(date(1970, 1, 1), permit=permit)
        assert check_eligibility(refugee, PermitGroundIn({PermitGround.RESETTLEMENT}), ON)
        failed = check_eligibility(refugee, PermitGroundIn({PermitGround.WORK}), ON)
        assert failed.reasons[0].message == "permit ground RESETTLEMENT is not one of WORK"
        assert (
            check_eligibility(
                refugee, NewlyArrived(Span(years=1), anchor=ArrivalAnchor.PERMIT_GRANTED), ON
            ).status
            is Status.FAILED
        )
        assert (
            check_eligibility(person(date(1970, 1, 1)), PermitGroundIn({PermitGround.WORK}), ON).status
            is Status.UNDETERMINED
        )

    def test_barring_situation(self) -> None:
        working = person(date(1970, 1, 1), situations={BarringSituation.FULL_TIME_WORK})
        decision = check_eligibility(working, NoBarringSituation(), ON)
        assert not decision
        assert decision.reasons[0].message == "bars assignment: FULL_TIME_WORK"
        only_school = NoBarringSituation({BarringSituation.UPPER_SECONDARY_SCHOOL})
        assert check_eligibility(working, only_school, ON)

    def test_kleene_logic(self) -> None:
        unknown = PermitGroundIn({PermitGround.WORK})  # undetermined: no permit
        yes, no = AgeBetween(0, None), AgeBetween(None, 10)
        p = person(date(1970, 1, 1))

        def status(rule: Criterion) -> Status:
            return check_eligibility(p, rule, ON).status

        assert status(AllOf(yes, unknown)) is Status.UNDETERMINED
        assert status(AllOf(no, unknown)) is Status.FAILED
        assert status(AnyOf(yes, unknown)) is Status.PASSED
        assert status(AnyOf(no, unknown)) is Status.UNDETERMINED
        assert status(Not(unknown)) is Status.UNDETERMINED
        assert status(Not(no)) is Status.PASSED

    def test_track_rule(self) -> None:
        src = Source.seed("001_f230a1e9640a4119.txt")
        open_track = Track("open", "Open", TrackKind.JOB_TRACK, "any", sources=src)
        decision = check_eligibility(person(date(1970, 1, 1)), open_track, ON)
        assert decision
        assert decision.reasons[0].sources == (src,)
        strict = Track(
            "adults", "Adults", TrackKind.JOB_TRACK, "any", requirements=AgeBetween(40, None), sources=src
        )
        assert not check_eligibility(person(date(1970, 1, 1)), strict, ON)

    def test_bad_arguments(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            check_eligibility(person(date(1970, 1, 1)), RULE, "2004-06-01")  # type: ignore[arg-type]
        assert caught.value.field == "on"
        with pytest.raises(InvalidTypeError) as caught:
            check_eligibility("p", RULE, ON)  # type: ignore[arg-type]
        assert caught.value.field == "participant"
        with pytest.raises(InvalidTypeError):
            check_eligibility(person(date(1970, 1, 1)), "18-64", ON)  # type: ignore[arg-type]


@frozen
class LivesIn(Criterion):
    municipality: str
    id: str = "lives-in"
    sources: tuple[Source, ...] = (Source.seed("002_f053fa0f147346fa.txt"),)


@frozen
class Unregistered(Criterion):
    id: str = "unregistered"
    sources: tuple[Source, ...] = ()


class TestExtension:
    def test_user_criterion(self) -> None:
        def evaluate(c: LivesIn, p: Participant, on: date) -> tuple[Status, str]:
            ok = p.municipality == c.municipality
            return (Status.PASSED if ok else Status.FAILED), f"lives in {p.municipality}"

        register_evaluator(LivesIn, evaluate)
        ystad = person(date(1970, 1, 1), municipality="1286")
        decision = check_eligibility(ystad, AllOf(LivesIn("1286"), AgeBetween(18, 64)), ON)
        assert decision
        assert decision.reasons[1].message == "lives in 1286"
        assert not check_eligibility(ystad, LivesIn("1480"), ON)

    def test_unknown_criterion(self) -> None:
        with pytest.raises(UnknownCriterionError, match="Unregistered"):
            check_eligibility(person(date(1970, 1, 1)), Unregistered(), ON)


class TestInvariants:
    @given(
        st.lists(criteria.filter(lambda c: not isinstance(c, AllOf | AnyOf | Not)), min_size=1, max_size=5),
        participants(ON),
    )
    def test_all_of_leaves_is_eligible_exactly_when_every_reason_passed(
        self, parts: list[Criterion], p: Participant
    ) -> None:
        decision = check_eligibility(p, AllOf(*parts), ON)
        assert decision.eligible == all(r.passed for r in decision.reasons)
        assert len(decision.reasons) == len(parts) + 1

    @given(criteria, participants(ON))
    def test_same_inputs_same_decision(self, rule: Criterion, p: Participant) -> None:
        first = check_eligibility(p, rule, ON)
        second = check_eligibility(p, rule, ON)
        assert first == second
        assert [r.message for r in first.reasons] == [r.message for r in second.reasons]

    @given(criteria, participants(ON))
    def test_every_reason_cites_and_explains(self, rule: Criterion, p: Participant) -> None:
        decision = check_eligibility(p, rule, ON)
        assert decision.reasons[0].criterion_id == rule.id
        assert bool(decision) == (decision.status is Status.PASSED)
        for reason in decision.reasons:
            assert reason.sources
            assert reason.message

    @given(participants())
    def test_age_reason_agrees_with_age_on(self, p: Participant) -> None:
        from etableringsmodell.calendar import age_on

        on = p.received_on
        decision = check_eligibility(p, AgeBetween(18, 64), on)
        assert decision.eligible == (18 <= age_on(p.birth_date, on) <= 64)

    @given(participants(ON), st.integers(0, 80))
    def test_window_agrees_with_span(self, p: Participant, months: int) -> None:
        span = Span(months=months)
        decision = check_eligibility(p, NewlyArrived(span), ON)
        assert decision.eligible == span.covers(p.received_on, ON)


def test_check_all_resolves_once() -> None:
    people = [person(date(1970, 1, 1)), person(date(1939, 6, 1))]
    assert [d.eligible for d in check_all(people, GOTEBORG, ON)] == [True, False]


def test_failures_are_the_causes_not_every_failed_leaf() -> None:
    # AllOf(AnyOf(age passes, window fails), barring fails): the window's
    # failure was outvoted by the age inside AnyOf; only the barring situation
    # is why the rule failed.
    working = person(date(1970, 1, 1), date(1990, 1, 1), situations={BarringSituation.FULL_TIME_WORK})
    window = NewlyArrived(within=Span(months=36))
    rule = AllOf(AnyOf(AgeBetween(18, 64), window), NoBarringSituation())
    decision = check_eligibility(working, rule, ON)
    assert [r.criterion_id for r in decision.failures] == ["no-barring-situation"]
    # A failed Not is its own cause: its child passed.
    negated = check_eligibility(working, Not(AgeBetween(18, 64)), ON)
    assert [r.criterion_id for r in negated.failures] == ["not(age-18-64)"]
    # Undetermined causes only on paths that did not pass.
    unknown = PermitGroundIn({PermitGround.WORK})
    assert check_eligibility(working, AnyOf(AgeBetween(18, 64), unknown), ON).undetermined == ()
    assert [
        r.criterion_id
        for r in check_eligibility(working, AllOf(AgeBetween(18, 64), unknown), ON).undetermined
    ] == [unknown.id]
