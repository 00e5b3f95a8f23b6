"""Requirement criteria over education, Swedish, occupations, experience and interests."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etableringsmodell.errors import InvalidCodeError, InvalidTypeError, InvalidValueError
from etableringsmodell.model import (
    AllOf,
    Competence,
    EducationAtLeast,
    EducationBelow,
    EducationLevel,
    ExperienceAtLeast,
    InterestIn,
    OccupationIn,
    Participant,
    SfiCourse,
    SwedishAtLeast,
    Validated,
)
from etableringsmodell.rules.eligibility import Status, check_eligibility
from etableringsmodell.units import quantity

ON = date(2018, 6, 1)


def person(**extra: object) -> Participant:
    return Participant("p", birth_date=date(1985, 1, 1), received_on=date(2017, 1, 1), **extra)  # type: ignore[arg-type]


NURSE = Competence("2221", quantity(4, "years"), validated=True)
COOK = Competence("5120", quantity(18, "months"))
HELPER = Competence("5321", None)


class TestEducation:
    def test_below_upper_secondary(self) -> None:
        rule = EducationBelow(EducationLevel.UPPER_SECONDARY_3_YEARS)
        assert check_eligibility(person(education=EducationLevel.PRIMARY_9_YEARS), rule, ON)
        assert check_eligibility(person(education=EducationLevel.UPPER_SECONDARY_MAX_2_YEARS), rule, ON)
        decision = check_eligibility(person(education=EducationLevel.UPPER_SECONDARY_3_YEARS), rule, ON)
        assert not decision
        assert decision.reasons[0].message == (
            "education (SUN 2020) UPPER_SECONDARY_3_YEARS is not below UPPER_SECONDARY_3_YEARS"
        )
        assert check_eligibility(person(), rule, ON).status is Status.UNDETERMINED

    @given(st.sampled_from(EducationLevel), st.sampled_from(EducationLevel))
    def test_at_least_and_below_are_complements(self, have: EducationLevel, need: EducationLevel) -> None:
        p = person(education=have)
        assert (
            check_eligibility(p, EducationAtLeast(need), ON).eligible
            != check_eligibility(p, EducationBelow(need), ON).eligible
        )


class TestSwedish:
    def test_sfi_courses(self) -> None:
        rule = SwedishAtLeast(SfiCourse.C)
        assert check_eligibility(person(swedish=SfiCourse.D), rule, ON)
        assert check_eligibility(person(swedish=SfiCourse.C), rule, ON)
        below = check_eligibility(person(swedish=SfiCourse.B), rule, ON)
        assert below.reasons[0].message == "SFI course B is below the required C"
        none = check_eligibility(person(), rule, ON)
        assert none.status is Status.FAILED
        assert none.reasons[0].message == "no SFI course completed; at least C is required"


class TestOccupation:
    def test_any_level_matches_downward_only(self) -> None:
        nurse = person(competences=[NURSE])
        assert check_eligibility(nurse, OccupationIn({"22"}), ON)
        assert check_eligibility(nurse, OccupationIn({"2221"}), ON)
        assert check_eligibility(nurse, OccupationIn({"2"}), ON)
        assert not check_eligibility(nurse, OccupationIn({"2211"}), ON)
        coarse = person(competences=[Competence("22")])
        assert not check_eligibility(coarse, OccupationIn({"2221"}), ON)

    def test_message_and_validation(self) -> None:
        decision = check_eligibility(person(competences=[COOK]), OccupationIn({"2221", "22"}), ON)
        assert decision.reasons[0].message == "no competence within SSYK 22, 2221"
        with pytest.raises(InvalidCodeError):
            OccupationIn({"22210"})
        with pytest.raises(InvalidValueError):
            OccupationIn(set())


class TestExperience:
    def test_years_and_months_add_up(self) -> None:
        rule = ExperienceAtLeast(quantity(2, "years"), {"51", "2221"})
        # 4 years as a nurse + 18 months as a cook = 5.5 years.
        assert check_eligibility(person(competences=[NURSE, COOK]), rule, ON)
        cook = check_eligibility(person(competences=[COOK]), rule, ON)
        assert not cook
        assert cook.reasons[0].message == "experience in SSYK 2221, 51: 1.5 years, below the required 2 years"

    def test_unknown_experience_is_undetermined(self) -> None:
        rule = ExperienceAtLeast(quantity(1, "year"), {"53"})
        assert check_eligibility(person(competences=[HELPER]), rule, ON).status is Status.UNDETERMINED
        assert check_eligibility(person(competences=[COOK]), rule, ON).status is Status.FAILED

    def test_minimum_must_be_time(self) -> None:
        with pytest.raises(InvalidValueError):
            ExperienceAtLeast(quantity(2, "kg"))
        with pytest.raises(InvalidTypeError):
            ExperienceAtLeast(2)
        assert ExperienceAtLeast(quantity(24, "months")).id == "experience-at-least-2y-in(any)"


class TestValidatedAndInterest:
    def test_validated(self) -> None:
        assert check_eligibility(person(competences=[NURSE]), Validated({"22"}), ON)
        assert not check_eligibility(person(competences=[COOK]), Validated(), ON)

    def test_interest_is_case_insensitive(self) -> None:
        rule = InterestIn({"Restaurang", "storkök"})
        assert check_eligibility(person(interests={"restaurang"}), rule, ON)
        assert check_eligibility(person(interests={" Storkök "}), rule, ON)
        assert not check_eligibility(person(interests={"industri"}), rule, ON)

    def test_combined(self) -> None:
        rule = AllOf(OccupationIn({"5120"}), SwedishAtLeast(SfiCourse.B), InterestIn({"restaurang"}))
        chef = person(competences=[COOK], swedish=SfiCourse.C, interests={"restaurang"})
        decision = check_eligibility(chef, rule, ON)
        assert decision
        assert len(decision.reasons) == 4


def test_an_experience_given_as_a_fraction_is_explained() -> None:
    # A Fraction magnitude (exact months) used to crash the message: Fraction has no 'g' format
    # on Python 3.11. 7/2 years of nursing is 3.5 years, at least the 2 required.
    from datetime import date
    from fractions import Fraction

    from etableringsmodell.model import Competence, ExperienceAtLeast, Participant
    from etableringsmodell.rules.eligibility import check_eligibility
    from etableringsmodell.units import quantity, registry

    person = Participant(
        "fr-1",
        birth_date=date(1990, 1, 1),
        received_on=date(2019, 1, 1),
        competences=(Competence("2221", registry().Quantity(Fraction(7, 2), "years")),),
    )
    decision = check_eligibility(person, ExperienceAtLeast(quantity(2, "years"), {"222"}), date(2020, 1, 1))
    assert decision.eligible
    assert "3.5 years" in decision.reasons[0].message
