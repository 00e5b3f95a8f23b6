"""The Norrköping agreement (seed 001) and its four job tracks."""

from __future__ import annotations

from datetime import date

import pytest

from etableringsmodell import catalog
from etableringsmodell.catalog import norrkoping
from etableringsmodell.errors import NotCoveredError
from etableringsmodell.model import (
    Competence,
    EducationLevel,
    Participant,
    PartnerAgreement,
    PartyKind,
    StepKind,
    Track,
)
from etableringsmodell.rules.eligibility import Status, check_eligibility

ON = date(2018, 6, 1)
SEED = "001_f230a1e9640a4119.txt"


def person(**changes: object) -> Participant:
    base: dict[str, object] = {
        "id": "n1",
        "birth_date": date(1990, 3, 1),
        "received_on": date(2017, 2, 1),
    }
    base.update(changes)
    return Participant(**base)  # type: ignore[arg-type]  # keyword bag built above


def test_entry_parties_and_seed() -> None:
    entry = catalog.get("norrkoping-2018")
    assert isinstance(entry, PartnerAgreement)
    assert entry is norrkoping.ENTRY
    assert [(p.name, p.kind, p.municipality) for p in entry.parties] == [
        ("Norrköpings kommun", PartyKind.MUNICIPALITY, "0581"),
        ("Arbetsförmedlingen Norrköping", PartyKind.PUBLIC_AGENCY, None),
    ]
    assert entry.start == date(2018, 4, 27)  # the article's date
    assert entry.sources[0].reference == SEED


def test_four_tracks_in_the_articles_order() -> None:
    tracks = catalog.get("norrkoping-2018").tracks
    assert len(tracks) == 4
    assert all(isinstance(t, Track) for t in tracks)
    assert [t.name for t in tracks] == [
        "Eget företagande",
        "Restaurang och storkök",
        "Industri",
        "Särskilt spår för personer utan gymnasial utbildning",
    ]
    for track in tracks:
        assert track.requirements is not None
        assert track.steps[0] is StepKind.SKILLS_MAPPING  # the article's joint mapping comes first
        assert any(s.reference == SEED for s in track.sources)


def test_occupation_mappings_are_marked_unverified() -> None:
    for track in (norrkoping.RESTAURANT_KITCHEN, norrkoping.INDUSTRY):
        assert track.occupations
        assert any(not s.verified for s in track.sources)
    # Cooks are SSYK 2012 unit group 5120 (Kockar och kallskänkor).
    assert "5120" in norrkoping.RESTAURANT_KITCHEN.occupations
    assert norrkoping.OWN_BUSINESS.occupations == ()


@pytest.mark.parametrize(
    ("level", "admitted"),
    [
        (EducationLevel.PRIMARY_UNDER_9_YEARS, Status.PASSED),
        (EducationLevel.PRIMARY_9_YEARS, Status.PASSED),
        (EducationLevel.UPPER_SECONDARY_MAX_2_YEARS, Status.PASSED),  # no complete upper-secondary
        (EducationLevel.UPPER_SECONDARY_3_YEARS, Status.FAILED),
        (EducationLevel.POST_SECONDARY_3_YEARS_OR_MORE, Status.FAILED),
        (None, Status.UNDETERMINED),
    ],
)
def test_track_without_upper_secondary(level: EducationLevel | None, admitted: Status) -> None:
    decision = check_eligibility(person(education=level), norrkoping.NO_UPPER_SECONDARY, ON)
    assert decision.status is admitted


def test_branch_tracks_take_interest_or_competence() -> None:
    cook = person(competences=(Competence("5120"),))
    keen = person(interests=frozenset({"Restaurang"}))
    welder = person(competences=(Competence("7212"),))  # svetsare, within 72
    neither = person(interests=frozenset({"vård"}))
    assert check_eligibility(cook, norrkoping.RESTAURANT_KITCHEN, ON)
    assert check_eligibility(keen, norrkoping.RESTAURANT_KITCHEN, ON)
    assert not check_eligibility(neither, norrkoping.RESTAURANT_KITCHEN, ON)
    assert check_eligibility(welder, norrkoping.INDUSTRY, ON)
    assert not check_eligibility(cook, norrkoping.INDUSTRY, ON)
    assert check_eligibility(person(interests=frozenset({"eget företagande"})), norrkoping.OWN_BUSINESS, ON)
    assert not check_eligibility(cook, norrkoping.OWN_BUSINESS, ON)


def test_agreement_period() -> None:
    entry = catalog.get("norrkoping-2018")
    assert check_eligibility(person(), entry, date(2018, 4, 27))
    with pytest.raises(NotCoveredError, match="norrkoping-2018"):
        check_eligibility(person(), entry, date(2018, 4, 26))
    # 36 months from reception on 2017-02-01: the last day is 2020-02-01.
    assert check_eligibility(person(), entry, date(2020, 2, 1))
    assert not check_eligibility(person(), entry, date(2020, 2, 2))
