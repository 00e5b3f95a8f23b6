"""The compiled rules on real engines beside DuckDB: Spark in local mode and a PostgreSQL server the test starts."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from etableringsmodell import batch, catalog, sql
from etableringsmodell.batch.columns import from_participants
from etableringsmodell.calendar import MissingDay
from etableringsmodell.model import Participant
from etableringsmodell.rules import forms
from etableringsmodell.synthetic import synthetic_cohort
from tests.sql_support import BOUNDARY_EXPECTED, assert_agrees, boundary_cohort

# 31 August + 6 months ends on the last day of February (Lag 1930:173 1 §, add_span's doctest);
# someone born 29 February turns 18 on 28 February, or on 1 March by the other convention.
ADDITIONS = [
    (date(2023, 8, 31), 6, MissingDay.LAST_DAY_OF_MONTH, date(2024, 2, 29)),
    (date(2022, 8, 31), 6, MissingDay.LAST_DAY_OF_MONTH, date(2023, 2, 28)),
    (date(2022, 8, 31), 6, MissingDay.FIRST_OF_NEXT_MONTH, date(2023, 3, 1)),
    (date(2000, 2, 29), 12 * 18, MissingDay.LAST_DAY_OF_MONTH, date(2018, 2, 28)),
    (date(2000, 2, 29), 12 * 18, MissingDay.FIRST_OF_NEXT_MONTH, date(2018, 3, 1)),
    (date(2019, 2, 28), 1, MissingDay.LAST_DAY_OF_MONTH, date(2019, 3, 28)),
]


def _addition(dialect: str, months: int, convention: MissingDay) -> str:
    from etableringsmodell.sql.compile import _Writer

    added = _Writer(dialect, None).add_months(
        forms.AddMonths(forms.Column("d", forms.ColumnKind.DATE), months, 0, convention)
    )
    text: str = added.sql(dialect)
    return text


def _programme_days() -> list[tuple[str, date]]:
    days = []
    for entry_id in catalog.ids():
        entry = catalog.get(entry_id)
        if hasattr(entry, "versions"):
            days += [(entry_id, v.effective_from) for v in entry.versions]
        else:
            days.append((entry_id, entry.start))
    return days


# ---- Spark ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime for Spark's local mode")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[1]")
        .appName("etableringsmodell-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_spark_agrees_on_every_catalogue_programme_and_the_boundaries(spark: Any) -> None:
    """One frame per programme version on its first day, and the hand-built boundary cohort."""
    for number, (entry_id, on) in enumerate(_programme_days()):
        people = synthetic_cohort(40, on, seed=number)
        columns = from_participants(people)
        entry = catalog.get(entry_id)
        result = sql.evaluate_spark(columns, entry, on, spark=spark)
        expected = batch.evaluate(columns, entry, on)
        for mine, theirs in zip(result.columns, expected.columns, strict=True):
            assert np.array_equal(mine.codes, theirs.codes), (entry_id, on, mine.id)
        assert_agrees(result, people, entry, on)
    people, rules, on = boundary_cohort()
    for key, rule in rules.items():
        result = sql.evaluate_spark(from_participants(people), rule, on, spark=spark)
        _check_boundaries(result, people, key)
        assert_agrees(result, people, rule, on)


def test_spark_date_additions_clamp_and_stay_dates(spark: Any) -> None:
    for start, months, convention, want in ADDITIONS:
        expression = _addition("spark", months, convention)
        row = spark.sql(
            f"SELECT {expression} AS v, typeof({expression}) AS t FROM (SELECT DATE'{start}' AS d)"
        )
        got = row.collect()[0]
        assert (got["v"], got["t"]) == (want, "date"), (start, months, convention)


def _check_boundaries(result: batch.BatchResult, people: list[Participant], key: str) -> None:
    for row, person in enumerate(people):
        want = BOUNDARY_EXPECTED.get(person.id, {}).get(key)
        if want is not None:
            assert result.status(row).value == want, (key, person.id)


# ---- PostgreSQL ------------------------------------------------------------------------

# Debian's postgresql package, whichever major version the release gives (newest first).
PG_BIN = next(
    iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)),
    Path("/usr/lib/postgresql/15/bin"),
)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def postgres() -> Iterator[Any]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL binaries are not installed")
    psycopg = pytest.importorskip("psycopg")
    root = Path(tempfile.mkdtemp(prefix="etablering-pg-"))
    data = root / "data"
    prefix: list[str] = []
    if os.geteuid() == 0:
        # initdb refuses to run as root: the server runs as the postgres user, in a directory it owns.
        shutil.chown(root, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*prefix, str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [
            *prefix,
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        with psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            yield conn
    finally:
        subprocess.run(
            [*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


_PG_TYPES = {
    "date32[day]": "date",
    "bool": "boolean",
    "string": "text",
    "int8": "smallint",
    "int64": "bigint",
    "list<item: string>": "text[]",
    "list<item: double>": "double precision[]",
}


def _load(conn: Any, name: str, columns: dict[str, Any]) -> list[str]:
    arrow = sql.to_arrow(columns)
    names = [*arrow.column_names, sql.ROW]
    types = [_PG_TYPES[str(arrow.schema.field(n).type)] for n in arrow.column_names] + ["bigint"]
    with conn.cursor() as cur:
        cur.execute(f'DROP TABLE IF EXISTS "{name}"')
        cur.execute(
            f'CREATE TABLE "{name}" ('
            + ", ".join(f'"{n}" {t}' for n, t in zip(names, types, strict=True))
            + ")"
        )
        rows = [(*row.values(), index) for index, row in enumerate(arrow.to_pylist())]
        placeholders = ", ".join(["%s"] * len(names))
        cur.executemany(f'INSERT INTO "{name}" VALUES ({placeholders})', rows)
    return names


def _evaluate_postgres(conn: Any, columns: dict[str, Any], rule: Any, on: date) -> batch.BatchResult:
    names = _load(conn, "cohort", columns)
    compiled = sql.compile_rule(rule, on, dialect="postgres", source="cohort", keep=(sql.ROW,), schema=names)
    with conn.cursor() as cur:
        cur.execute(compiled.sql + f' ORDER BY "{sql.ROW}"')
        described = [d.name for d in cur.description]
        fetched = cur.fetchall()
    values = {name: np.array([row[i] for row in fetched]) for i, name in enumerate(described)}
    assert all(isinstance(row[described.index("eligible")], bool) for row in fetched)
    return sql.result_of(compiled, values)


def test_postgres_runs_the_generated_sql_and_agrees(postgres: Any) -> None:
    for number, (entry_id, on) in enumerate(_programme_days()):
        people = synthetic_cohort(60, on, seed=100 + number)
        columns = from_participants(people)
        entry = catalog.get(entry_id)
        result = _evaluate_postgres(postgres, columns, entry, on)
        expected = batch.evaluate(columns, entry, on)
        for mine, theirs in zip(result.columns, expected.columns, strict=True):
            assert np.array_equal(mine.codes, theirs.codes), (entry_id, on, mine.id)
        assert_agrees(result, people, entry, on)
    people, rules, on = boundary_cohort()
    for key, rule in rules.items():
        result = _evaluate_postgres(postgres, from_participants(people), rule, on)
        _check_boundaries(result, people, key)
        assert_agrees(result, people, rule, on)


def test_postgres_date_additions_clamp_and_stay_dates(postgres: Any) -> None:
    with postgres.cursor() as cur:
        for start, months, convention, want in ADDITIONS:
            expression = _addition("postgres", months, convention)
            cur.execute(
                f"SELECT {expression}, pg_typeof({expression})::text FROM (SELECT %s::date AS d) AS t",
                [start],
            )
            assert cur.fetchone() == (want, "date"), (start, months, convention)


def test_spark_sums_experience_and_reads_validated_competences(spark: Any) -> None:
    from etableringsmodell.model import ExperienceAtLeast, Validated
    from etableringsmodell.units import quantity
    from tests.test_batch_forms import EXPERIENCED

    on = date(2020, 1, 1)
    columns = from_participants(EXPERIENCED)
    for rule in (
        ExperienceAtLeast(quantity(2, "years"), {"222"}),
        ExperienceAtLeast(quantity(30, "months")),
        Validated({"51"}),
    ):
        assert_agrees(sql.evaluate_spark(columns, rule, on, spark=spark), EXPERIENCED, rule, on)


def test_spark_reads_experience_in_its_own_units_from_a_written_cohort_table(
    spark: Any, tmp_path: Path
) -> None:
    from etableringsmodell.io.table import write_table
    from etableringsmodell.model import ExperienceAtLeast
    from etableringsmodell.units import quantity
    from tests.test_batch_forms import EXPERIENCED

    on = date(2020, 1, 1)
    path = tmp_path / "cohort.parquet"
    write_table(EXPERIENCED, path)
    frame = spark.read.parquet(str(path))
    for rule in (
        ExperienceAtLeast(quantity(30, "months"), {"2221"}),  # 18 months + 1 year: passes
        ExperienceAtLeast(quantity(31, "months"), {"2221"}),  # fails
        ExperienceAtLeast(quantity(2, "years"), {"222"}),
    ):
        assert_agrees(sql.evaluate_spark(frame, rule, on, spark=spark), EXPERIENCED, rule, on)
