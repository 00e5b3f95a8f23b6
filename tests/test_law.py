"""Issue 10: ages on the grant date, assessed facts, the 2010 plan deadline, doubt shown.

The boundary cases of each changed rule are in ``tests/cases/law_issue_10.cases.toml``;
here are the invariants (Hypothesis), the batch path agreeing with the scalar
path criterion by criterion, and the explanations that must show doubt.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell import batch, catalog
from etableringsmodell.batch.columns import from_participants
from etableringsmodell.calendar import Span, add_span, age_on
from etableringsmodell.io.cohort import csv_columns, read_csv, write_csv
from etableringsmodell.io.convert import dumps, loads
from etableringsmodell.model import (
    AgeWhen,
    ArrivalAnchor,
    AssessedFact,
    Competence,
    Criterion,
    EstablishmentPlanInTime,
    FactIs,
    FactKind,
    NewlyArrived,
    Not,
    Participant,
    PermitGround,
    PlanStartedBefore,
    ResidencePermit,
)
from etableringsmodell.rules.eligibility import Status, check_eligibility
from etableringsmodell.sources import Source

ON = date(2018, 6, 1)
_dates = st.dates(date(2008, 1, 1), date(2022, 12, 31))


@st.composite
def law_participants(draw: st.DrawFn, on: date) -> Participant:
    """A participant with a permit, a first registration, a plan and assessed facts, often near boundaries."""
    birth = draw(st.dates(date(1990, 1, 1), date(2002, 12, 31)))
    permit = None
    if draw(st.integers(0, 4)):
        # Near the 18th or 20th birthday half the time: the 2 b § boundaries.
        if draw(st.booleans()):
            birthday = add_span(birth, Span(years=draw(st.sampled_from([18, 20]))))
            granted = birthday + timedelta(days=draw(st.integers(-2, 2)))
        else:
            granted = draw(st.dates(birth, date(2022, 12, 31)))
        granted = max(granted, birth)
        first = draw(st.none() | st.dates(birth, granted))
        permit = ResidencePermit(PermitGround.PROTECTION, granted_on=granted, first_granted_on=first)
    registered = draw(st.none() | st.dates(max(birth, date(2008, 1, 1)), date(2022, 12, 31)))
    plan_start = draw(st.none() | _dates)
    if registered is not None and plan_start is not None and draw(st.booleans()):
        # Near the one-year deadline of 2010:409 3 §.
        plan_start = add_span(registered, Span(years=1)) + timedelta(days=draw(st.integers(-2, 2)))
    plan_end = None
    if plan_start is not None and draw(st.booleans()):
        plan_end = plan_start + timedelta(days=draw(st.integers(0, 1000)))
    facts = []
    for kind in draw(st.frozensets(st.sampled_from(FactKind), max_size=3)):
        assessed = draw(st.none() | st.dates(on - timedelta(days=3), on + timedelta(days=3)))
        facts.append(AssessedFact(kind, value=draw(st.booleans()), assessed_on=assessed))
    return Participant(
        "row",
        birth_date=birth,
        received_on=draw(st.dates(birth, date(2022, 12, 31))),
        first_registered_on=registered,
        permit=permit,
        plan_started_on=plan_start,
        plan_ended_on=plan_end,
        facts=facts,
    )


law_criteria = st.sampled_from(
    [
        AgeWhen(18, 19),
        AgeWhen(20, None, anchor=ArrivalAnchor.FIRST_REGISTERED),
        AgeWhen(None, 64, anchor=ArrivalAnchor.FIRST_PERMIT_GRANTED),
        EstablishmentPlanInTime(Span(years=1), Span(months=24)),
        EstablishmentPlanInTime(Span(years=1), Span(months=24), inclusive_end=True),
        PlanStartedBefore(date(2018, 1, 1)),
        NewlyArrived(within=Span(years=3), anchor=ArrivalAnchor.FIRST_PERMIT_GRANTED),
        *(FactIs(kind) for kind in FactKind),
        FactIs(FactKind.REGISTERED_JOB_SEEKER, value=False),
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.data(), st.dates(date(2012, 1, 1), date(2021, 12, 31)), law_criteria)
def test_batch_agrees_with_scalar_for_the_new_criteria(
    data: st.DataObject, on: date, rule: Criterion
) -> None:
    people = data.draw(st.lists(law_participants(on), min_size=1, max_size=10))
    columns = from_participants(people)
    for judged in (rule, Not(rule)):
        result = batch.evaluate(columns, judged, on)
        for row, person in enumerate(people):
            decision = check_eligibility(person, judged, on)
            assert result.statuses(row) == tuple((r.criterion_id, r.status) for r in decision.reasons)
    frame = pd.DataFrame(columns)
    arrow = pa.table({k: pa.array(v.tolist() if v.dtype == object else v) for k, v in columns.items()})
    expected = batch.evaluate(columns, rule, on).codes
    assert np.array_equal(batch.evaluate(frame, rule, on).codes, expected)
    assert np.array_equal(batch.evaluate(arrow, rule, on).codes, expected)


@settings(max_examples=100, deadline=None)
@given(law_participants(ON), st.dates(date(2010, 1, 1), date(2030, 12, 31)))
def test_the_age_when_granted_does_not_move_with_the_reference_date(person: Participant, on: date) -> None:
    # 2 b § fixes the age on the grant day: any two reference dates give one verdict.
    rule = AgeWhen(18, 19)
    if person.permit is None:
        # No grant day on record: undetermined, unless already under 18 on the reference date,
        # when no grant day on or before it can have found the person 18 or older.
        too_young = person.birth_date > on or age_on(person.birth_date, on) < 18
        expected = Status.FAILED if too_young else Status.UNDETERMINED
        assert check_eligibility(person, rule, on).status is expected
        return
    assert check_eligibility(person, rule, on).status is check_eligibility(person, rule, ON).status
    if person.permit is not None:
        age = age_on(person.birth_date, person.permit.granted_on)
        assert check_eligibility(person, rule, on).eligible is (18 <= age <= 19)


@settings(max_examples=100, deadline=None)
@given(law_participants(ON), st.integers(0, 2000))
def test_with_no_plan_the_deadline_only_runs_out(person: Participant, days: int) -> None:
    # No plan: passes while a plan may still be drawn up, and once refused never passes again.
    rule = EstablishmentPlanInTime(Span(years=1), Span(months=24))
    person = Participant(
        "p",
        birth_date=person.birth_date,
        received_on=person.received_on,
        first_registered_on=person.first_registered_on,
    )
    first = date(2010, 1, 1) + timedelta(days=days)
    statuses = [check_eligibility(person, rule, first + timedelta(days=d)).status for d in (0, 1, 400)]
    if person.first_registered_on is None:
        assert set(statuses) == {Status.UNDETERMINED}
    else:
        deadline = add_span(person.first_registered_on, Span(years=1))
        assert statuses[0] is (Status.PASSED if first <= deadline else Status.FAILED)
        assert statuses == sorted(statuses, key=lambda s: s is Status.FAILED)


@given(st.sampled_from(FactKind), st.booleans(), st.integers(-3, 3))
def test_a_fact_assessed_after_the_date_is_not_known_on_it(kind: FactKind, value: bool, offset: int) -> None:
    person = Participant(
        "p",
        birth_date=date(1980, 1, 1),
        received_on=date(2010, 1, 1),
        facts=[AssessedFact(kind, value=value, assessed_on=ON + timedelta(days=offset))],
    )
    status = check_eligibility(person, FactIs(kind), ON).status
    if offset > 0:
        assert status is Status.UNDETERMINED
    else:
        assert status is (Status.PASSED if value else Status.FAILED)
        # FactIs(kind, value=False) is the negation wherever the fact is known.
        negated = check_eligibility(person, FactIs(kind, value=False), ON).status
        assert negated is (Status.FAILED if value else Status.PASSED)


def test_a_table_without_the_fact_column_knows_it_for_no_one() -> None:
    table = {"birth_date": np.array(["1980-01-01", "1990-01-01"], dtype="datetime64[D]")}
    result = batch.evaluate(table, FactIs(FactKind.REGISTERED_JOB_SEEKER), ON)
    assert result.codes.tolist() == [batch.UNDETERMINED, batch.UNDETERMINED]
    table["fact_registered_job_seeker"] = np.array([True, None], dtype=object)
    table["fact_registered_job_seeker_on"] = np.array(["2018-06-01", "NaT"], dtype="datetime64[D]")
    result = batch.evaluate(table, FactIs(FactKind.REGISTERED_JOB_SEEKER), ON)
    assert result.codes.tolist() == [batch.PASSED, batch.UNDETERMINED]
    result = batch.evaluate(table, FactIs(FactKind.REGISTERED_JOB_SEEKER), ON - timedelta(days=1))
    assert result.codes.tolist() == [batch.UNDETERMINED, batch.UNDETERMINED]


def test_plan_length_convention() -> None:
    # A plan from 2015-04-01: 24 months on is 2017-04-01. By default that day is
    # the first after the plan; inclusive_end reads it as Lag 1930:173's slutdag.
    person = Participant(
        "p",
        birth_date=date(1980, 1, 1),
        received_on=date(2014, 4, 1),
        first_registered_on=date(2014, 4, 1),
        plan_started_on=date(2015, 4, 1),
    )
    default = EstablishmentPlanInTime(Span(years=1), Span(months=24))
    slutdag = EstablishmentPlanInTime(Span(years=1), Span(months=24), inclusive_end=True)
    assert check_eligibility(person, default, date(2017, 3, 31)).status is Status.PASSED
    assert check_eligibility(person, default, date(2017, 4, 1)).status is Status.FAILED
    assert check_eligibility(person, slutdag, date(2017, 4, 1)).status is Status.PASSED
    assert check_eligibility(person, slutdag, date(2017, 4, 2)).status is Status.FAILED


def test_a_plan_whose_deadline_cannot_be_checked_is_undetermined() -> None:
    person = Participant(
        "p", birth_date=date(1980, 1, 1), received_on=date(2014, 4, 1), plan_started_on=date(2015, 4, 1)
    )
    rule = EstablishmentPlanInTime(Span(years=1), Span(months=24))
    decision = check_eligibility(person, rule, date(2015, 6, 1))
    assert decision.status is Status.UNDETERMINED
    assert "first population registration is not known" in decision.reasons[0].message


def test_the_snabbspar_occupations() -> None:
    tracks = {t.id: t for t in catalog.get("snabbspar-2015").tracks}

    def person(code: str) -> Participant:
        return Participant(
            "p", birth_date=date(1985, 1, 1), received_on=date(2015, 6, 1), competences=[Competence(code)]
        )

    electricians, nurses = tracks["snabbspar-elektriker"], tracks["snabbspar-sjukskoterskor"]
    assert check_eligibility(person("7411"), electricians, ON)  # installation electricians
    assert not check_eligibility(person("7413"), electricians, ON)  # distribution electricians
    for code in ("2221", "2222", "2228"):  # nurses, midwives (barnmorskor), specialist nurses
        assert check_eligibility(person(code), nurses, ON), code


def test_unverified_sources_say_so_in_every_explanation(tmp_path: object) -> None:
    doubtful = Source.statute("SFS 2017:584", "2 §", note="unverified text")
    sure = Source.statute("SFS 2017:820", "5 §")
    assert doubtful.citation() == "SFS 2017:584 2 § (unverified)"
    assert sure.citation() == "SFS 2017:820 5 §"
    person = Participant("p", birth_date=date(1980, 1, 1), received_on=date(2010, 1, 1))
    decision = check_eligibility(person, AgeWhen(18, 19, sources=doubtful), ON)
    assert "[SFS 2017:584 2 § (unverified)]" in decision.explain()
    assert "SFS 2017:584 2 § (unverified)" in decision._repr_html_()
    # A catalogue rule that rests on an unverified text says so in its explanation.
    refugee = Participant(
        "r",
        birth_date=date(1990, 1, 1),
        received_on=date(2018, 3, 1),
        first_registered_on=date(2018, 3, 1),
        permit=ResidencePermit(PermitGround.PROTECTION, granted_on=date(2018, 1, 15)),
    )
    text = check_eligibility(refugee, catalog.get("etableringsprogrammet-2018"), ON).explain()
    assert "SFS 2017:584 2 § (unverified)" in text


def test_the_cli_json_marks_unverified_sources(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    from etableringsmodell.cli import main

    path = Path(str(tmp_path)) / "c.csv"
    person = Participant(
        "p", birth_date=date(1990, 1, 1), received_on=date(2018, 3, 1), first_registered_on=date(2018, 3, 1)
    )
    with path.open("w", encoding="utf-8") as handle:
        write_csv([person], handle)
    main(
        ["check", str(path), "--rule", "etableringsprogrammet-2018", "--on", "2018-06-01", "--format", "json"]
    )
    document = json.loads(capsys.readouterr().out)
    reasons = document["participants"][0]["undetermined"]
    assert any(r["unverified"] and any("(unverified)" in s for s in r["sources"]) for r in reasons)
    assert document["summary"]["counts"] == {"eligible": 0, "not eligible": 0, "undetermined": 1}


def test_sfs_2025_311_is_not_cited() -> None:
    # It left no trace in any text found: removed, not kept as a citation.
    for entry_id in catalog.ids():
        entry = catalog.get(entry_id)
        cited = [*entry.sources, *(s for v in getattr(entry, "versions", ()) for s in v.sources)]
        assert all(s.reference != "SFS 2025:311" for s in cited), entry_id


def test_facts_in_json_and_csv() -> None:
    person = Participant(
        "p",
        birth_date=date(1980, 1, 1),
        received_on=date(2010, 1, 1),
        facts=[
            AssessedFact(FactKind.REGISTERED_JOB_SEEKER, value=True, assessed_on=date(2018, 1, 2)),
            AssessedFact(FactKind.WORK_ORIENTED_CAPACITY, value=False),
        ],
    )
    assert loads(dumps(person), Participant) == person
    assert {f"fact_{k.value}" for k in FactKind} <= set(csv_columns())
    buffer = io.StringIO()
    write_csv([person], buffer)
    header, row = buffer.getvalue().splitlines()
    cells = dict(zip(header.split(","), row.split(","), strict=True))
    assert cells["fact_registered_job_seeker"] == "true"
    assert cells["fact_registered_job_seeker_on"] == "2018-01-02"
    assert cells["fact_work_oriented_capacity"] == "false"
    assert cells["fact_long_term_unemployed"] == ""
    assert read_csv(io.StringIO(buffer.getvalue())).participants == (person,)


def test_a_fact_kind_is_given_at_most_once() -> None:
    from etableringsmodell.errors import InvalidValueError

    fact = AssessedFact(FactKind.REGISTERED_JOB_SEEKER, value=True)
    with pytest.raises(InvalidValueError, match=r"facts\[1\]\.kind"):
        Participant("p", birth_date=date(1980, 1, 1), received_on=date(2010, 1, 1), facts=[fact, fact])


def _walk(criterion: Criterion) -> list[Source]:
    found = list(criterion.sources)
    for part in getattr(criterion, "criteria", ()):
        found += _walk(part)
    inner = getattr(criterion, "criterion", None)
    if isinstance(inner, Criterion):
        found += _walk(inner)
    return found


def test_every_unverified_source_is_on_the_docs_page() -> None:
    from pathlib import Path

    page = (Path(__file__).parent.parent / "docs" / "unverified.md").read_text(encoding="utf-8")
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    checked = 0
    for entry_id in catalog.ids():
        entry = catalog.get(entry_id)
        cited = list(entry.sources)
        for version in getattr(entry, "versions", ()):
            cited += [*version.sources, *_walk(version.criterion)]
        if getattr(entry, "target_group", None) is not None:
            cited += _walk(entry.target_group)
        for track in getattr(entry, "tracks", ()):
            cited += list(track.sources) + ([] if track.requirements is None else _walk(track.requirements))
        for source in cited:
            if source.verified:
                continue
            shown = source.reference if source.section is None else f"{source.reference} {source.section}"
            assert any(f"`{entry_id}`" in row and shown in row for row in rows), (entry_id, str(source))
            checked += 1
    assert checked >= 10
