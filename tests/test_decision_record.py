"""A decision is a record: JSON that round-trips, a published schema, and a diff between two."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell import catalog
from etableringsmodell.calendar import Span
from etableringsmodell.io import dumps, loads
from etableringsmodell.io.schema import json_schema
from etableringsmodell.model import AgeBetween, AllOf, NewlyArrived, Participant
from etableringsmodell.rules.eligibility import Decision, Reason, Status, check_eligibility, diff
from etableringsmodell.testing.strategies import criteria, participants

ON = date(2004, 6, 1)
DECISION = jsonschema.Draft202012Validator(
    json_schema(Decision), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
_ENTRIES = [
    ("goteborg-2004", ON),
    ("arbetsplatsintroduktion-2003", ON),
    ("etableringsinsatser-2010", date(2014, 6, 1)),
    ("etableringsprogrammet-2018", date(2023, 6, 1)),
    ("snabbspar-2015", date(2016, 6, 1)),
]


def test_a_decision_is_not_a_tuple() -> None:
    person = Participant("p1", birth_date=date(1939, 5, 2), received_on=date(2003, 1, 10))
    decision = check_eligibility(person, AllOf(AgeBetween(18, 64), NewlyArrived(within=Span(months=36))), ON)
    assert attrs.has(Decision)
    assert attrs.has(Reason)
    assert not isinstance(decision, tuple)
    assert not isinstance(decision.reasons[0], tuple)
    as_tuple: object = tuple(decision.reasons)
    assert decision != as_tuple
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        decision.eligible = True  # type: ignore[misc]


@settings(max_examples=60, deadline=None)
@given(st.data(), st.sampled_from(_ENTRIES))
def test_catalogue_decisions_round_trip_and_validate(data: st.DataObject, entry: tuple[str, date]) -> None:
    entry_id, on = entry
    person = data.draw(participants(on=on))
    decision = check_eligibility(person, catalog.get(entry_id), on)
    text = dumps(decision)
    DECISION.validate(json.loads(text))
    back = loads(text, Decision)
    assert back == decision
    assert back.explain() == decision.explain()
    assert dumps(back) == text


@settings(max_examples=60, deadline=None)
@given(participants(on=ON), criteria())
def test_any_rule_round_trips(person: Participant, rule: object) -> None:
    decision = check_eligibility(person, rule, ON)  # type: ignore[arg-type]
    assert loads(dumps(decision), Decision) == decision


def test_a_programme_decision_names_its_version() -> None:
    person = Participant("p1", birth_date=date(1960, 1, 1), received_on=date(2022, 1, 10))
    decision = check_eligibility(person, catalog.get("etableringsprogrammet-2018"), date(2023, 6, 1))
    # SFS 2022:895: the version from 2023-01-01 (20 to not yet 66) is in force until 2025-12-31.
    assert (decision.programme_id, decision.version_from, decision.version_to) == (
        "etableringsprogrammet-2018",
        date(2023, 1, 1),
        date(2025, 12, 31),
    )
    document = json.loads(dumps(decision))
    assert document["library_version"]
    assert document["programme"] == "etableringsprogrammet-2018"


def test_unverified_sources_are_flagged_in_json() -> None:
    person = Participant("p1", birth_date=date(1980, 1, 1), received_on=date(2015, 1, 10))
    decision = check_eligibility(person, catalog.get("snabbspar-2015"), date(2016, 6, 1))
    document = json.loads(dumps(decision))
    flagged = [r for r in document["reasons"] if r["unverified"]]
    assert flagged, "the fast tracks' entry rule is marked unverified in the catalogue"
    assert all(any("unverified" in (s.get("note") or "").lower() for s in r["sources"]) for r in flagged)


def test_refused_documents_name_the_field() -> None:
    from etableringsmodell.errors import ValidationError

    person = Participant("p1", birth_date=date(1980, 1, 1), received_on=date(2003, 1, 10))
    document = json.loads(dumps(check_eligibility(person, catalog.get("goteborg-2004"), ON)))
    document["reasons"][0]["status"] = "maybe"
    with pytest.raises(ValidationError, match="status"):
        loads(json.dumps(document), Decision)
    document["reasons"][0]["status"] = "failed"
    document["eligible"] = "yes"
    with pytest.raises(ValidationError, match="eligible"):
        loads(json.dumps(document), Decision)


def test_diff_between_two_dates() -> None:
    rule = AllOf(AgeBetween(18, 64), NewlyArrived(within=Span(months=36)))
    person = Participant("p1", birth_date=date(1986, 6, 1), received_on=date(2003, 1, 10))
    # Received 2003-01-10: within 36 months to 2006-01-10 (Lag 1930:173 1 §), so in on 2004-06-01, out on 2006-06-01.
    early, late = check_eligibility(person, rule, ON), check_eligibility(person, rule, date(2006, 6, 1))
    changes = diff(early, late)
    assert [c.criterion_id for c in changes] == [rule.id, "newly-arrived-36m"]
    assert all(
        c.before and c.after and c.before.status is Status.PASSED and c.after.status is Status.FAILED
        for c in changes
    )
    assert diff(early, early) == ()


def test_diff_between_two_rule_versions() -> None:
    # 65 in 2023: above 64 under the 2018 version, below 66 under SFS 2022:895's.
    person = Participant("p1", birth_date=date(1958, 1, 1), received_on=date(2021, 1, 10))
    programme = catalog.get("etableringsprogrammet-2018")
    old = check_eligibility(person, programme.version_on(date(2022, 6, 1)).criterion, date(2023, 6, 1))
    new = check_eligibility(person, programme, date(2023, 6, 1))
    changed = {c.criterion_id for c in diff(old, new)}
    assert any("age" in c for c in changed)


def test_the_published_decision_schema_is_the_generated_one() -> None:
    from etableringsmodell.io.schema import schema_text

    published = Path(__file__).parents[1] / "docs" / "schema" / "decision.schema.json"
    assert published.read_text(encoding="utf-8") == schema_text(Decision)
