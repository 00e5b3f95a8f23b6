"""The model validates on construction with typed errors that name the field."""

from __future__ import annotations

from datetime import date, datetime

import attrs
import pytest

from etableringsmodell.calendar import Span
from etableringsmodell.errors import (
    DateOrderError,
    InvalidCodeError,
    InvalidTypeError,
    InvalidValueError,
    RangeError,
    ValidationError,
)
from etableringsmodell.model import (
    AgeBetween,
    AllOf,
    AnyOf,
    BarringSituation,
    Competence,
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
    Track,
    TrackKind,
)
from etableringsmodell.sources import UNCITED, Source
from etableringsmodell.units import quantity

SOURCE = Source.seed("004_2ae1cbc02798eb8a.txt")
SECRET_ID = "case-7731-secret"  # a personal number is refused as an id outright (test_io_table)


def participant(**changes: object) -> Participant:
    fields: dict[str, object] = {
        "id": SECRET_ID,
        "birth_date": date(1981, 12, 18),
        "received_on": date(2003, 5, 1),
    }
    fields.update(changes)
    return Participant(**fields)  # type: ignore[arg-type]


class TestParticipant:
    def test_valid_participant(self) -> None:
        person = participant(
            competences=[Competence("2221", quantity(4, "years"), validated=True)],
            situations=[BarringSituation.FULL_TIME_WORK],
            municipality="1480",
        )
        assert person.competences[0].occupation == "2221"
        assert person.situations == frozenset({BarringSituation.FULL_TIME_WORK})

    def test_birth_after_reception(self) -> None:
        with pytest.raises(DateOrderError) as caught:
            participant(birth_date=date(2004, 1, 1))
        assert caught.value.field == "birth_date"
        assert "received_on" in str(caught.value)

    def test_errors_never_show_the_id(self) -> None:
        for bad in ({"birth_date": date(2004, 1, 1)}, {"municipality": "99"}, {"received_on": "2003"}):
            with pytest.raises(ValidationError) as caught:
                participant(**bad)
            assert SECRET_ID not in str(caught.value)
            assert "9876" not in str(caught.value)

    def test_repr_never_shows_the_id(self) -> None:
        assert SECRET_ID not in repr(participant())

    def test_datetime_is_not_a_date(self) -> None:
        # A datetime would silently drop its time of day.
        with pytest.raises(InvalidTypeError) as caught:
            participant(received_on=datetime(2003, 5, 1, 12, 0))  # noqa: DTZ001
        assert caught.value.field == "received_on"

    @pytest.mark.parametrize("code", ["9999", "14", "0000", "abcd", "2600"])
    def test_bad_municipality_code(self, code: str) -> None:
        with pytest.raises(InvalidCodeError) as caught:
            participant(municipality=code)
        assert caught.value.field == "municipality"

    def test_empty_id(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            participant(id=" ")
        assert caught.value.field == "id"

    def test_members_are_checked(self) -> None:
        with pytest.raises(InvalidTypeError) as caught:
            participant(competences=["2221"])
        assert caught.value.field == "competences[0]"

    def test_permit_before_birth(self) -> None:
        with pytest.raises(DateOrderError) as caught:
            participant(permit=ResidencePermit(PermitGround.PROTECTION, date(1970, 1, 1)))
        assert caught.value.field == "permit.granted_on"

    def test_sponsor_facts_only_for_family_tie(self) -> None:
        with pytest.raises(InvalidValueError):
            ResidencePermit(PermitGround.WORK, date(2003, 1, 1), sponsor_received_on=date(2001, 1, 1))
        permit = ResidencePermit(
            PermitGround.FAMILY_TIE,
            date(2003, 1, 1),
            applied_on=date(2002, 6, 1),
            sponsor_received_on=date(2001, 1, 1),
            sponsor_is_swedish_citizen=False,
        )
        assert permit.sponsor_received_on == date(2001, 1, 1)

    def test_application_after_grant(self) -> None:
        with pytest.raises(DateOrderError) as caught:
            ResidencePermit(PermitGround.PROTECTION, date(2003, 1, 1), applied_on=date(2003, 2, 1))
        assert caught.value.field == "applied_on"

    def test_frozen_and_evolve(self) -> None:
        person = participant()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            person.received_on = date(2003, 6, 1)  # type: ignore[misc]
        moved = attrs.evolve(person, received_on=date(2003, 6, 1))
        assert moved.received_on == date(2003, 6, 1)
        assert person.received_on == date(2003, 5, 1)


class TestCompetence:
    @pytest.mark.parametrize("code", ["2", "22", "222", "2221"])
    def test_ssyk_levels(self, code: str) -> None:
        assert Competence(code).occupation == code

    @pytest.mark.parametrize("code", ["", "22210", "22a1", " 222"])
    def test_bad_ssyk(self, code: str) -> None:
        with pytest.raises(InvalidCodeError) as caught:
            Competence(code)
        assert caught.value.field == "occupation"

    def test_experience_must_be_time(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            Competence("2221", quantity(4, "kg"))
        assert caught.value.field == "experience"
        with pytest.raises(InvalidTypeError):
            Competence("2221", 4)
        with pytest.raises(InvalidValueError):
            Competence("2221", quantity(-1, "years"))


class TestCriteria:
    def test_min_above_max(self) -> None:
        with pytest.raises(RangeError) as caught:
            AgeBetween(65, 18)
        assert caught.value.field == "min"

    def test_open_bounds(self) -> None:
        assert AgeBetween(20, None).id == "age-20-"
        with pytest.raises(InvalidValueError):
            AgeBetween(None, None)

    def test_ids_and_sources(self) -> None:
        rule = AllOf(AgeBetween(18, 64, sources=SOURCE), NewlyArrived(within=Span(months=36)))
        assert rule.id == "all-of(age-18-64,newly-arrived-36m)"
        assert rule.sources == (SOURCE, UNCITED)
        assert AllOf(AgeBetween(18, 64), id="mine").id == "mine"
        assert Not(AgeBetween(18, 64)).id == "not(age-18-64)"
        assert AnyOf(PermitGroundIn({PermitGround.PROTECTION})).id == "any-of(permit-ground-in(protection))"

    def test_no_barring_cites_the_ordinance(self) -> None:
        assert str(NoBarringSituation().sources[0]) == "SFS 2017:820 5 §"

    def test_composite_needs_parts(self) -> None:
        with pytest.raises(InvalidValueError):
            AllOf()
        with pytest.raises(InvalidTypeError) as caught:
            AllOf(AgeBetween(18, 64), "age")  # type: ignore[arg-type]
        assert caught.value.field == "criteria[1]"

    def test_empty_permit_set(self) -> None:
        with pytest.raises(InvalidValueError):
            PermitGroundIn(set())


class TestProgramme:
    def test_negative_target(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            Goal("g", GoalMeasure.PLACEMENTS, -5, date(2003, 9, 1), date(2004, 12, 31), sources=SOURCE)
        assert caught.value.field == "target"

    def test_deadline_before_start(self) -> None:
        with pytest.raises(DateOrderError) as caught:
            Goal("g", GoalMeasure.PLACEMENTS, 5, date(2004, 9, 1), date(2004, 1, 1), sources=SOURCE)
        assert caught.value.field == "deadline"

    def test_goal_needs_a_source(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            Goal("g", GoalMeasure.PLACEMENTS, 5, date(2004, 1, 1), date(2004, 2, 1), sources=())
        assert caught.value.field == "sources"

    def test_agreement_end_before_start(self) -> None:
        with pytest.raises(DateOrderError) as caught:
            PartnerAgreement(
                "a",
                "A",
                [Party("Ystad", PartyKind.MUNICIPALITY, municipality="1286")],
                date(2018, 1, 1),
                date(2017, 1, 1),
                AgeBetween(18, 64),
                sources=SOURCE,
            )
        assert caught.value.field == "end"

    def test_duplicate_track_ids(self) -> None:
        track = Track("t", "T", TrackKind.JOB_TRACK, "industry", sources=SOURCE)
        with pytest.raises(InvalidValueError) as caught:
            PartnerAgreement(
                "a",
                "A",
                [Party("AF", PartyKind.PUBLIC_AGENCY)],
                date(2018, 1, 1),
                None,
                AgeBetween(18, 64),
                tracks=[track, track],
                sources=SOURCE,
            )
        assert caught.value.field == "tracks[1].id"

    def test_track_durations(self) -> None:
        with pytest.raises(RangeError):
            Track(
                "t",
                "T",
                TrackKind.JOB_TRACK,
                "industry",
                min_duration=Span(years=2),
                max_duration=Span(months=3),
                sources=SOURCE,
            )
        track = Track(
            "t",
            "T",
            TrackKind.JOB_TRACK,
            "industry",
            occupations=["8211"],
            min_duration=Span(days=84),
            max_duration=Span(years=2),
            capacity=20,
            sources=SOURCE,
        )
        assert track.occupations == ("8211",)

    def test_track_occupation_codes(self) -> None:
        with pytest.raises(InvalidCodeError) as caught:
            Track("t", "T", TrackKind.FAST_TRACK, "health", occupations=["2221", "22211"], sources=SOURCE)
        assert caught.value.field == "occupations[1]"

    def test_outcome(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            Outcome("p", OutcomeKind.WORK, date(2019, 1, 1), -1)
        assert caught.value.field == "days_after_exit"
        assert "p" not in repr(Outcome("secret", OutcomeKind.WORK, date(2019, 1, 1), 90)).split("kind")[0][8:]

    def test_errors_are_value_errors(self) -> None:
        with pytest.raises(ValueError):  # noqa: PT011
            AgeBetween(65, 18)
