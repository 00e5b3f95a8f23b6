"""The national programmes as effective-dated rules, and the dated model under them.

Expected verdicts are worked out from the statutes' words in the comments,
not from the code: birthdays and deadlines counted by hand.
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from etableringsmodell import catalog
from etableringsmodell.calendar import Span
from etableringsmodell.catalog import etableringsprogrammet
from etableringsmodell.errors import DateOrderError, InvalidValueError, NotCoveredError
from etableringsmodell.model import (
    AgeBetween,
    AssessedFact,
    BarringSituation,
    DatedParameter,
    DatedValue,
    EstablishmentPlan,
    FactKind,
    FamilyTieWithin,
    NoParentInSweden,
    NotAssessed,
    Participant,
    PermitGround,
    Programme,
    ResidencePermit,
    RuleVersion,
)
from etableringsmodell.rules.eligibility import DatedRule, Status, check_eligibility
from etableringsmodell.sources import UNCITED, Source
from tests.strategies import family_permits, plan_periods

LAW = Source.statute("SFS 0000:1", "1 §", "A law")
PROGRAMME = "etableringsprogrammet-2018"
INSATSER = "etableringsinsatser-2010"


def refugee(birth: date, **changes: object) -> Participant:
    """A refugee first registered on 2018-03-01, with every fact the programmes need."""
    base: dict[str, object] = {
        "id": "r",
        "birth_date": birth,
        "received_on": date(2018, 3, 1),
        "first_registered_on": date(2018, 3, 1),
        "permit": ResidencePermit(PermitGround.PROTECTION, granted_on=date(2018, 1, 15)),
        "parent_in_sweden": True,
        # Förordning 2017:820 5 §: "anmäld som arbetssökande hos Arbetsförmedlingen".
        "facts": (AssessedFact(FactKind.REGISTERED_JOB_SEEKER, value=True),),
    }
    base.update(changes)
    return Participant(**base)  # type: ignore[arg-type]  # keyword bag built above


def status(person: Participant, entry_id: str, on: date, criterion_id: str | None = None) -> Status:
    decision = check_eligibility(person, catalog.get(entry_id), on)
    if criterion_id is None:
        return decision.status
    return next(r.status for r in decision.reasons if r.criterion_id == criterion_id)


# ---- the dated model ------------------------------------------------------------


def version(start: date, end: date | None) -> RuleVersion:
    return RuleVersion(start, end, AgeBetween(20, None), sources=LAW)


def test_programme_refuses_overlaps_and_unexplained_gaps() -> None:
    with pytest.raises(DateOrderError, match=r"versions\[1\].effective_from.*overlaps"):
        Programme(
            "p",
            "P",
            (version(date(2020, 1, 1), date(2020, 12, 31)), version(date(2020, 12, 31), None)),
            sources=LAW,
        )
    with pytest.raises(DateOrderError, match="leaves a gap after 2020-12-31"):
        Programme(
            "p",
            "P",
            (version(date(2020, 1, 1), date(2020, 12, 31)), version(date(2021, 1, 2), None)),
            sources=LAW,
        )
    with pytest.raises(DateOrderError, match="overlaps"):  # an open version can only be the last
        Programme("p", "P", (version(date(2020, 1, 1), None), version(date(2021, 1, 1), None)), sources=LAW)
    gapped = Programme(
        "p",
        "P",
        (version(date(2020, 1, 1), date(2020, 12, 31)), version(date(2021, 1, 2), None)),
        gaps=("suspended on 2021-01-01 by a court ruling",),
        sources=LAW,
    )
    with pytest.raises(NotCoveredError, match="2021-01-01"):
        gapped.criterion_on(date(2021, 1, 1))
    assert gapped.in_force(date(2021, 1, 2))


def test_programme_needs_versions_and_real_sources() -> None:
    with pytest.raises(InvalidValueError, match="versions"):
        Programme("p", "P", (), sources=LAW)
    with pytest.raises(InvalidValueError, match="sources"):
        RuleVersion(date(2020, 1, 1), None, AgeBetween(20, None), sources=UNCITED)
    with pytest.raises(DateOrderError, match="effective_to"):
        version(date(2020, 1, 2), date(2020, 1, 1))


def test_not_covered_names_the_programme_and_its_range() -> None:
    with pytest.raises(NotCoveredError) as caught:
        catalog.get(INSATSER).criterion_on(date(2010, 11, 30))
    assert str(caught.value) == (
        "programme etableringsinsatser-2010 does not cover 2010-11-30: it covers 2010-12-01 to with no end"
    )
    # Plans started before 2018 continue under Lag (2010:197): the entry has no end.
    assert caught.value.covered == "2010-12-01 to with no end"


def test_programmes_are_dated_rules() -> None:
    for entry_id in ("arbetsplatsintroduktion-2003", INSATSER, PROGRAMME):
        assert isinstance(catalog.get(entry_id), DatedRule)


def test_dated_parameter() -> None:
    p = DatedParameter(
        "x",
        "X",
        "years",
        (
            DatedValue(date(2026, 1, 1), date(2026, 12, 31), 67, sources=LAW),
            DatedValue(date(2027, 1, 1), None, 68, sources=LAW),
        ),
    )
    assert p.value_on(date(2026, 12, 31)) == 67
    assert p.value_on(date(2027, 1, 1)) == 68
    with pytest.raises(NotCoveredError, match="parameter x does not cover 2025-12-31"):
        p.value_on(date(2025, 12, 31))


def test_pension_target_age_is_67_for_2026_to_2031() -> None:
    # Pensionsmyndigheten: 'För perioden 2026-2031 är riktåldern satt till 67 år'.
    age = etableringsprogrammet.PENSION_TARGET_AGE
    assert [age.value_on(date(year, 6, 1)) for year in range(2026, 2032)] == [67] * 6
    with pytest.raises(NotCoveredError):
        age.value_on(date(2032, 1, 1))


# ---- Etableringsprogrammet (Lag 2017:584) ---------------------------------------------
# The age changes of 2023 and 2026, the 36-month window and the programmes'
# coverage are rule cases in tests/cases/national_programmes.cases.toml.


def test_young_adults_without_parents() -> None:
    # Born 2000-05-01: 18 on 2018-05-01. A permit granted 2018-05-15 finds
    # them 18: admitted only with no parent in Sweden (2 b §: the age "när
    # uppehållstillstånd ... beviljats").
    birth = date(2000, 5, 1)
    on = date(2018, 6, 1)
    at_18 = ResidencePermit(PermitGround.PROTECTION, granted_on=date(2018, 5, 15))
    assert status(refugee(birth, permit=at_18, parent_in_sweden=False), PROGRAMME, on) is Status.PASSED
    assert status(refugee(birth, permit=at_18, parent_in_sweden=True), PROGRAMME, on) is Status.FAILED
    assert status(refugee(birth, permit=at_18, parent_in_sweden=None), PROGRAMME, on) is Status.UNDETERMINED
    # The unaccompanied minor: granted at 17 (2018-01-15), 18 on the reference
    # date. The age on the grant day decides: refused, even with no parent here.
    assert status(refugee(birth, parent_in_sweden=False), PROGRAMME, on) is Status.FAILED
    # Still 17 on the reference date, whenever granted.
    assert status(refugee(date(2000, 6, 2), parent_in_sweden=False), PROGRAMME, on) is Status.FAILED


def test_barring_situation() -> None:
    person = refugee(date(1990, 1, 1), situations={BarringSituation.FULL_TIME_WORK})
    assert status(person, PROGRAMME, date(2019, 1, 1)) is Status.FAILED


def family_member(applied: date, sponsor: date, citizen: bool | None = False) -> Participant:
    permit = ResidencePermit(
        PermitGround.FAMILY_TIE,
        granted_on=max(applied, date(2013, 1, 1)),
        applied_on=applied,
        sponsor_received_on=sponsor,
        sponsor_is_swedish_citizen=citizen,
    )
    # 2 a §: the person joined holds a permit on a 2 § ground, assessed.
    sponsor_permit = AssessedFact(FactKind.SPONSOR_QUALIFYING_PERMIT, value=True)
    joined = AssessedFact(FactKind.REGISTERED_JOB_SEEKER, value=True)
    return refugee(
        date(1985, 1, 1),
        permit=permit,
        first_registered_on=date(2013, 6, 1),
        received_on=date(2013, 6, 1),
        facts=(sponsor_permit, joined),
    )


def test_family_members_within_six_years_in_2018() -> None:
    # Sponsor received 2012-04-10: six years end on 2018-04-10.
    permit = "etableringsprogrammet-permit"
    on = date(2018, 12, 1)

    def fam(applied: date, citizen: bool | None = False) -> Participant:
        p = family_member(applied, date(2012, 4, 10), citizen)
        return refugee(date(1985, 1, 1), permit=p.permit, first_registered_on=date(2018, 9, 1), facts=p.facts)

    assert status(fam(date(2018, 4, 10)), PROGRAMME, on, permit) is Status.PASSED
    assert status(fam(date(2018, 4, 11)), PROGRAMME, on, permit) is Status.FAILED
    assert status(fam(date(2016, 1, 1), citizen=True), PROGRAMME, on, permit) is Status.FAILED
    assert status(fam(date(2016, 1, 1), citizen=None), PROGRAMME, on, permit) is Status.UNDETERMINED


def test_family_members_need_the_sponsors_ground_assessed() -> None:
    # 2 a §: "anknytning till en person som har beviljats uppehållstillstånd med stöd av
    # någon av de bestämmelser som anges i 2 §". Not on record: undetermined; assessed as
    # not: refused, even when the application was in time.
    member = family_member(date(2014, 3, 1), date(2009, 1, 1))
    permit = "etableringsinsatser-permit"
    on = date(2014, 6, 1)
    assert status(member, INSATSER, on, permit) is Status.PASSED
    unknown = attrs.evolve(member, facts=())
    assert status(unknown, INSATSER, on, permit) is Status.UNDETERMINED
    refused = attrs.evolve(member, facts=(AssessedFact(FactKind.SPONSOR_QUALIFYING_PERMIT, value=False),))
    assert status(refused, INSATSER, on, permit) is Status.FAILED


def test_leaving_reasons_are_data() -> None:
    reasons = catalog.get(PROGRAMME).leaving_reasons
    assert {r.id for r in reasons} == {
        "full-time-work",
        "full-time-studies",
        "parental-leave",
        "sick-leave",
        "unable-to-take-part",
    }
    assert all(r.sources for r in reasons)
    assert {r.id for r in reasons if r.after_days == 30} == {"parental-leave", "sick-leave"}


# ---- Etableringsinsatser (Lag 2010:197) -----------------------------------------------


def test_family_rule_changes_with_the_versions() -> None:
    # Applied 2012-12-01 to join someone received 2009-06-01: the two years
    # ended 2011-06-01, so the original text refuses; SFS 2012:1000 waives
    # the limit from 2013-02-01 (applied by 2013-12-31, sponsor received
    # after 2008-12-31).
    late = family_member(date(2012, 12, 1), date(2009, 6, 1))
    fam = "etableringsinsatser-family"
    assert status(late, INSATSER, date(2013, 1, 31), fam) is Status.FAILED
    assert status(late, INSATSER, date(2013, 2, 1), fam) is Status.PASSED
    # From 2014 the old text still applies to this pre-2014 application.
    assert status(late, INSATSER, date(2014, 1, 1), fam) is Status.PASSED
    # Received in 2008: neither the two years nor the waiver, and the six
    # years are only for applications from 2014-01-01.
    older = family_member(date(2013, 11, 1), date(2008, 6, 1))
    assert status(older, INSATSER, date(2014, 6, 1), fam) is Status.FAILED
    # Applied 2014-03-01, sponsor received 2009-01-01: within six years
    # (until 2015-01-01), unless the sponsor is a Swedish citizen.
    six = family_member(date(2014, 3, 1), date(2009, 1, 1))
    assert status(six, INSATSER, date(2014, 6, 1), fam) is Status.PASSED
    citizen = family_member(date(2014, 3, 1), date(2009, 1, 1), citizen=True)
    assert status(citizen, INSATSER, date(2014, 6, 1), fam) is Status.FAILED


def test_plan_deadline_one_year_after_first_registration() -> None:
    # Förordning 2010:409 3 §: "senast inom ett år efter det att den nyanlände
    # första gången folkbokfördes". First registered 2013-06-01: a plan may
    # still be drawn up through 2014-06-01 (the end day counts, Lag 1930:173).
    person = refugee(date(1980, 1, 1), first_registered_on=date(2013, 6, 1), received_on=date(2013, 6, 1))
    plan = "etableringsinsatser-plan-in-time"
    assert status(person, INSATSER, date(2014, 6, 1), plan) is Status.PASSED
    assert status(person, INSATSER, date(2014, 6, 2), plan) is Status.FAILED
    # A plan drawn up on the last day is covered for its 24 months (6 §):
    # 2014-06-01 + 24 months = 2016-06-01, the first day after the plan.
    in_time = attrs.evolve(person, plan_started_on=date(2014, 6, 1))
    assert status(in_time, INSATSER, date(2016, 5, 31), plan) is Status.PASSED
    assert status(in_time, INSATSER, date(2016, 6, 1), plan) is Status.FAILED
    # The one year is a deadline, not a coverage test: in 2015 the plan covers them.
    assert status(in_time, INSATSER, date(2015, 12, 1), plan) is Status.PASSED
    # A day late: not covered.
    late = attrs.evolve(person, plan_started_on=date(2014, 6, 2))
    assert status(late, INSATSER, date(2014, 7, 1), plan) is Status.FAILED


def test_insatser_duration() -> None:
    # The age boundaries are rule cases in tests/cases/national_programmes.cases.toml.
    program = catalog.get(INSATSER)
    assert all(v.max_duration == Span(months=24) for v in program.versions)


def test_arbetsplatsintroduktion_2003_support_period() -> None:
    # The age and coverage boundaries are rule cases in tests/cases/national_programmes.cases.toml.
    program = catalog.get("arbetsplatsintroduktion-2003")
    assert program.version_on(date(2004, 5, 1)).max_duration == Span(months=6)


# ---- the new criteria -----------------------------------------------------------


def test_no_parent_in_sweden() -> None:
    base = Participant("n", birth_date=date(2000, 1, 1), received_on=date(2018, 1, 1))
    rule = NoParentInSweden()
    assert check_eligibility(base, rule, date(2018, 6, 1)).status is Status.UNDETERMINED
    assert check_eligibility(refugee(date(2000, 1, 1), parent_in_sweden=False), rule, date(2018, 6, 1))
    assert rule.id == "no-parent-in-sweden"


def test_family_tie_needs_a_family_permit_and_its_facts() -> None:
    rule = FamilyTieWithin(Span(years=6), swedish_sponsor_excluded=True)
    assert check_eligibility(refugee(date(1990, 1, 1)), rule, date(2019, 1, 1)).status is Status.FAILED
    assert check_eligibility(refugee(date(1990, 1, 1), permit=None), rule, date(2019, 1, 1)).status is (
        Status.UNDETERMINED
    )
    no_dates = refugee(
        date(1990, 1, 1), permit=ResidencePermit(PermitGround.FAMILY_TIE, granted_on=date(2018, 1, 1))
    )
    decision = check_eligibility(no_dates, rule, date(2019, 1, 1))
    assert decision.status is Status.UNDETERMINED
    assert "application date is not recorded" in decision.reasons[0].message
    with pytest.raises(InvalidValueError, match="applied_before"):
        FamilyTieWithin(None, applied_from=date(2014, 1, 1), applied_before=date(2014, 1, 1))


def test_establishment_plan() -> None:
    rule = EstablishmentPlan(ended_within=Span(months=12))
    ended = refugee(date(1990, 1, 1), plan_started_on=date(2014, 1, 1), plan_ended_on=date(2015, 8, 31))
    # 12 months after 2015-08-31 is 2016-08-31, the last day it still counts.
    assert check_eligibility(ended, rule, date(2016, 8, 31))
    assert not check_eligibility(ended, rule, date(2016, 9, 1))
    running = refugee(date(1990, 1, 1), plan_started_on=date(2014, 1, 1))
    assert check_eligibility(running, rule, date(2016, 9, 1))
    assert not check_eligibility(running, rule, date(2013, 12, 31))
    assert not check_eligibility(refugee(date(1990, 1, 1)), rule, date(2016, 9, 1))


def test_plan_dates_are_validated() -> None:
    with pytest.raises(DateOrderError, match="plan_ended_on"):
        refugee(date(1990, 1, 1), plan_ended_on=date(2015, 1, 1))
    with pytest.raises(DateOrderError, match="plan_ended_on"):
        refugee(date(1990, 1, 1), plan_started_on=date(2015, 1, 2), plan_ended_on=date(2015, 1, 1))


def test_not_assessed_is_always_undetermined() -> None:
    rule = NotAssessed("long-term unemployed", sources=LAW)
    decision = check_eligibility(refugee(date(1990, 1, 1)), rule, date(2019, 1, 1))
    assert decision.status is Status.UNDETERMINED
    assert "long-term unemployed" in decision.reasons[0].message
    assert rule.id == "not-assessed(long-term-unemployed)"


@given(family_permits(), st.integers(0, 8), st.integers(0, 8), st.dates(date(2015, 1, 1), date(2040, 1, 1)))
def test_family_window_is_monotone(facts: tuple[date, ResidencePermit], a: int, b: int, on: date) -> None:
    # A longer window never refuses someone a shorter one admits.
    birth, permit = facts
    person = Participant("f", birth_date=birth, received_on=max(birth, permit.granted_on), permit=permit)
    short, long_ = sorted((a, b))
    narrow = check_eligibility(person, FamilyTieWithin(Span(years=short)), on).status
    wide = check_eligibility(person, FamilyTieWithin(Span(years=long_)), on).status
    if narrow is Status.PASSED:
        assert wide is Status.PASSED
    if wide is Status.FAILED:
        assert narrow is Status.FAILED


@given(plan_periods(), st.integers(0, 24), st.dates(date(2010, 1, 1), date(2036, 1, 1)))
def test_plan_rule_invariants(period: tuple[date, date | None], months: int, on: date) -> None:
    start, end = period
    person = Participant(
        "p",
        birth_date=date(1980, 1, 1),
        received_on=date(2009, 1, 1),
        plan_started_on=start,
        plan_ended_on=end,
    )
    verdict = check_eligibility(person, EstablishmentPlan(ended_within=Span(months=months)), on).status
    wider = check_eligibility(person, EstablishmentPlan(ended_within=Span(months=months + 1)), on).status
    assert verdict is not Status.UNDETERMINED  # both dates are facts on the record
    if on < start:
        assert verdict is Status.FAILED
    elif end is None or end >= on:
        assert verdict is Status.PASSED  # a running plan always admits
    if verdict is Status.PASSED:
        assert wider is Status.PASSED
