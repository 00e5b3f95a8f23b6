"""Data tests over every catalogue entry, generated from the data.

New entries, versions and tracks are covered without new tests: every
boundary date of every version is checked on both sides, every criterion in
every rule cites a real source, every occupation is an SSYK 2012 code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest

from etableringsmodell import catalog
from etableringsmodell.classifications import ssyk
from etableringsmodell.errors import NotCoveredError
from etableringsmodell.model import (
    AllOf,
    AnyOf,
    Criterion,
    ExperienceAtLeast,
    Not,
    OccupationIn,
    Participant,
    PartnerAgreement,
    Programme,
    Track,
    Validated,
)
from etableringsmodell.model.dated import DatedParameter
from etableringsmodell.rules.eligibility import check_eligibility
from etableringsmodell.sources import SourceKind

DAY = timedelta(days=1)
ENTRIES = [catalog.get(i) for i in catalog.ids()]
PROGRAMMES = [e for e in ENTRIES if isinstance(e, Programme)]
AGREEMENTS = [e for e in ENTRIES if isinstance(e, PartnerAgreement)]
SSYK = re.compile(r"^[0-9]{1,4}$")


def _boundaries() -> Iterator[tuple[str, Programme, int]]:
    for programme in PROGRAMMES:
        for index in range(len(programme.versions)):
            yield f"{programme.id}[{index}]", programme, index


def _walk(criterion: Criterion) -> Iterator[Criterion]:
    yield criterion
    if isinstance(criterion, (AllOf, AnyOf)):
        for part in criterion.criteria:
            yield from _walk(part)
    elif isinstance(criterion, Not):
        yield from _walk(criterion.criterion)


def _rules(entry: Any) -> Iterator[Criterion]:
    if isinstance(entry, Programme):
        for version in entry.versions:
            yield version.criterion
    else:
        yield entry.target_group
        for track in entry.tracks:
            if track.requirements is not None:
                yield track.requirements


def _tracks(entry: Any) -> tuple[Track, ...]:
    return entry.tracks if isinstance(entry, PartnerAgreement) else ()


def test_the_catalogue_has_what_the_issue_asks_for() -> None:
    assert set(catalog.ids()) >= {
        "arbetsplatsintroduktion-2003",
        "etableringsinsatser-2010",
        "etableringsprogrammet-2018",
        "arbetsplatsintroduktion-ams",
        "goteborg-2004",
        "norrkoping-2018",
        "sydostra-skane-2017",
        "snabbspar-2015",
    }


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_every_entry_and_version_is_cited(entry: Any) -> None:
    assert entry.sources
    assert all(s.kind is not SourceKind.UNCITED for s in entry.sources)
    for version in getattr(entry, "versions", ()):
        assert version.sources
        assert all(s.kind is not SourceKind.UNCITED for s in version.sources)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_every_criterion_cites_a_real_source(entry: Any) -> None:
    for rule in _rules(entry):
        for criterion in _walk(rule):
            assert criterion.sources, criterion.id
            assert all(s.kind is not SourceKind.UNCITED for s in criterion.sources), criterion.id


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_every_occupation_is_an_ssyk_code(entry: Any) -> None:
    codes = [code for track in _tracks(entry) for code in track.occupations]
    for rule in _rules(entry):
        for criterion in _walk(rule):
            if isinstance(criterion, OccupationIn):
                codes += criterion.codes
            elif isinstance(criterion, (ExperienceAtLeast, Validated)) and criterion.occupations:
                codes += criterion.occupations
    for code in codes:
        assert SSYK.match(code), code
    # The code must also name a group that exists in SSYK 2012 (SCB's data, issue 4).
    for code in codes:
        assert ssyk.is_code(code), f"{code} is not a group of SSYK 2012"


@pytest.mark.parametrize("programme", PROGRAMMES, ids=lambda p: p.id)
def test_versions_are_ordered_without_gaps_or_overlaps(programme: Programme) -> None:
    versions = programme.versions
    for before, after in pairwise(versions):
        assert before.effective_to is not None
        assert before.effective_from <= before.effective_to
        if after.effective_from != before.effective_to + DAY:
            # A gap is allowed only when the programme says why.
            assert after.effective_from > before.effective_to
            assert programme.gaps, f"{programme.id} has an unexplained gap after {before.effective_to}"


@pytest.mark.parametrize(
    ("name", "programme", "index"), list(_boundaries()), ids=[b[0] for b in _boundaries()]
)
def test_every_boundary_on_both_sides(name: str, programme: Programme, index: int) -> None:
    version = programme.versions[index]
    first = version.effective_from
    assert programme.version_on(first) is version
    if index == 0:
        with pytest.raises(NotCoveredError, match=programme.id):
            programme.version_on(first - DAY)
    else:
        assert programme.version_on(first - DAY) is not version
    last = version.effective_to
    if last is None:
        assert index == len(programme.versions) - 1
        return
    assert programme.version_on(last) is version
    if index == len(programme.versions) - 1:
        with pytest.raises(NotCoveredError, match=re.escape(programme.covered)):
            programme.version_on(last + DAY)
    else:
        assert programme.version_on(last + DAY) is programme.versions[index + 1]


@pytest.mark.parametrize("programme", PROGRAMMES, ids=lambda p: p.id)
def test_check_eligibility_picks_the_version_by_exact_date(programme: Programme) -> None:
    person = Participant("x", birth_date=date(1970, 1, 1), received_on=date(2000, 1, 1))
    for version in programme.versions:
        for day in (version.effective_from, version.effective_to):
            if day is None:
                continue
            decision = check_eligibility(person, programme, day)
            assert decision.rule_id == version.criterion.id
    with pytest.raises(NotCoveredError):
        check_eligibility(person, programme, programme.effective_from - DAY)


@pytest.mark.parametrize("agreement", AGREEMENTS, ids=lambda a: a.id)
def test_agreement_boundaries_on_both_sides(agreement: PartnerAgreement) -> None:
    person = Participant("x", birth_date=date(1970, 1, 1), received_on=agreement.start - DAY)
    check_eligibility(person, agreement, agreement.start)  # covered: no error
    with pytest.raises(NotCoveredError, match=agreement.id):
        check_eligibility(person, agreement, agreement.start - DAY)
    assert agreement in catalog.in_force(agreement.start)
    assert agreement not in catalog.in_force(agreement.start - DAY)
    if agreement.end is not None:
        check_eligibility(person, agreement, agreement.end)
        with pytest.raises(NotCoveredError, match=agreement.id):
            check_eligibility(person, agreement, agreement.end + DAY)
        assert agreement in catalog.in_force(agreement.end)
        assert agreement not in catalog.in_force(agreement.end + DAY)


@pytest.mark.parametrize("programme", PROGRAMMES, ids=lambda p: p.id)
def test_in_force_follows_the_versions(programme: Programme) -> None:
    assert programme in catalog.in_force(programme.effective_from)
    assert programme not in catalog.in_force(programme.effective_from - DAY)
    if programme.effective_to is not None:
        assert programme in catalog.in_force(programme.effective_to)
        assert programme not in catalog.in_force(programme.effective_to + DAY)


def _parameters() -> list[DatedParameter]:
    from etableringsmodell.catalog import etableringsprogrammet

    return [etableringsprogrammet.PENSION_TARGET_AGE]


@pytest.mark.parametrize("parameter", _parameters(), ids=lambda p: p.id)
def test_parameter_boundaries_on_both_sides(parameter: DatedParameter) -> None:
    for index, item in enumerate(parameter.values):
        assert item.sources
        assert parameter.value_at(item.effective_from) is item
        if index == 0:
            with pytest.raises(NotCoveredError, match=parameter.id):
                parameter.value_on(item.effective_from - DAY)
        if item.effective_to is not None:
            assert parameter.value_at(item.effective_to) is item
            if index == len(parameter.values) - 1:
                with pytest.raises(NotCoveredError, match=parameter.id):
                    parameter.value_on(item.effective_to + DAY)
            else:
                assert parameter.value_at(item.effective_to + DAY) is parameter.values[index + 1]


def test_the_registry_imports_entries_only_when_asked() -> None:
    import subprocess
    import sys

    code = (
        "import sys, etableringsmodell.catalog as c; "
        "print(sorted(m for m in sys.modules if m.startswith('etableringsmodell.catalog.'))); "
        "c.get('norrkoping-2018'); "
        "print(sorted(m for m in sys.modules if m.startswith('etableringsmodell.catalog.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = result.stdout.splitlines()
    assert before == "[]"
    assert after == "['etableringsmodell.catalog.norrkoping']"
