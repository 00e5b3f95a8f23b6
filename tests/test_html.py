"""Notebook representations: escaped, complete, with sources."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

from etableringsmodell import catalog
from etableringsmodell.calendar import Span
from etableringsmodell.catalog.arbetsplatsintroduktion_ams import GOAL
from etableringsmodell.model import AgeBetween, AllOf, NewlyArrived, Participant
from etableringsmodell.rules.eligibility import check_eligibility
from etableringsmodell.rules.goals import goal_progress


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_decision_html() -> None:
    rule = AllOf(AgeBetween(18, 64, id="age<18-64>"), NewlyArrived(Span(months=36)))
    person = Participant("p", birth_date=date(1939, 6, 1), received_on=date(2003, 1, 10))
    html = check_eligibility(person, rule, date(2004, 6, 1))._repr_html_()
    assert "age&lt;18-64&gt;" in html  # ids are escaped
    text = text_of(html)
    assert "not eligible under" in text
    assert "age 65 on 2004-06-01 is above the maximum 64" in text
    assert text.count("uncited") == 3


def test_progress_and_agreement_html() -> None:
    text = text_of(goal_progress(GOAL, 3500, date(2004, 10, 31))._repr_html_())
    assert "3,500 of 5,775 (60.6%)" in text
    assert "1137.5 placement / month" in text
    agreement = text_of(catalog.get("goteborg-2004")._repr_html_())
    assert "Migrationsverket Väst" in agreement
    assert "seed 004_2ae1cbc02798eb8a.txt" in agreement


def test_track_fit_html() -> None:
    from etableringsmodell.catalog import norrkoping
    from etableringsmodell.model import Competence
    from etableringsmodell.rules.matching import rank_tracks

    cook = Participant(
        "c", birth_date=date(1990, 1, 1), received_on=date(2017, 1, 1), competences=[Competence("5120")]
    )
    fits = rank_tracks(cook, norrkoping.TRACKS, date(2018, 6, 1))
    assert fits
    text = text_of(fits[0]._repr_html_())
    assert fits[0].track.name in text
    assert f"fit {fits[0].score:.2f}" in text
    assert "seed 001_f230a1e9640a4119.txt" in text
