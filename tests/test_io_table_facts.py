"""Assessed facts and the first permit's day survive every table format, and the batch path reads them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest

from etableringsmodell import batch, catalog
from etableringsmodell.io.table import COLUMNS, read_table, write_table
from etableringsmodell.model import FactKind
from etableringsmodell.rules.eligibility import check_eligibility
from etableringsmodell.synthetic import synthetic_cohort

ON = date(2004, 6, 1)


def test_every_fact_has_its_two_columns() -> None:
    names = {c.name for c in COLUMNS}
    for kind in FactKind:
        assert {f"fact_{kind.value}", f"fact_{kind.value}_on"} <= names
    assert "permit_first_granted_on" in names


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_facts_round_trip_and_judge_alike(tmp_path: Path, suffix: str) -> None:
    people = synthetic_cohort(200, ON, seed=21)
    first = people[0]
    assert first.permit is not None
    # A renewed permit: the fast tracks count three years from the first one (issue 10, point 6).
    people[0] = attrs.evolve(
        first,
        permit=attrs.evolve(first.permit, first_granted_on=first.permit.granted_on - timedelta(days=800)),
    )
    assert any(p.facts for p in people)
    path = tmp_path / f"cohort{suffix}"
    write_table(people, path)
    read = read_table(path)
    assert read.problems == ()
    assert read.to_participants() == people
    for entry, on in (
        ("goteborg-2004", ON),
        ("arbetsplatsintroduktion-2003", ON),
        ("snabbspar-2015", date(2016, 6, 1)),
    ):
        rule = catalog.get(entry)
        result = batch.evaluate(read.table, rule, on)
        for row, person in enumerate(people):
            decision = check_eligibility(person, rule, on)
            assert result.statuses(row) == tuple((r.criterion_id, r.status) for r in decision.reasons)
