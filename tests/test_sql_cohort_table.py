"""A cohort file as the library writes it (the cohort table schema) judged on DuckDB, as check_eligibility judges it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest

from etableringsmodell import catalog
from etableringsmodell.io.table import write_table
from etableringsmodell.model import Participant
from etableringsmodell.rules.eligibility import check_eligibility
from etableringsmodell.sql.run import evaluate_duckdb
from etableringsmodell.synthetic import synthetic_cohort

ENTRIES = [
    ("goteborg-2004", date(2004, 6, 1)),
    ("arbetsplatsintroduktion-2003", date(2004, 6, 1)),
    ("etableringsinsatser-2010", date(2014, 6, 1)),
    ("etableringsprogrammet-2018", date(2019, 6, 1)),
    ("norrkoping-2018", date(2019, 6, 1)),
    ("snabbspar-2015", date(2016, 6, 1)),
    ("sydostra-skane-2017", date(2018, 6, 1)),
]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Participant]]:
    people = synthetic_cohort(400, date(2004, 6, 1), seed=8)
    # Renewed permits: the first one granted two years before (the fast tracks count from it).
    people = [
        attrs.evolve(
            p, permit=attrs.evolve(p.permit, first_granted_on=p.permit.granted_on - timedelta(days=730))
        )
        if i % 5 == 0 and p.permit is not None and p.permit.granted_on - timedelta(days=730) >= p.birth_date
        else p
        for i, p in enumerate(people)
    ]
    path = tmp_path_factory.mktemp("sql") / "cohort.parquet"
    write_table(people, path)
    return path, people


@pytest.mark.parametrize(("entry", "on"), ENTRIES)
def test_a_written_cohort_file_agrees_with_the_scalar_path(
    written: tuple[Path, list[Participant]], entry: str, on: date
) -> None:
    path, people = written
    rule = catalog.get(entry)
    result = evaluate_duckdb(path, rule, on)
    for row, person in enumerate(people):
        decision = check_eligibility(person, rule, on)
        assert result.statuses(row) == tuple((r.criterion_id, r.status) for r in decision.reasons)
