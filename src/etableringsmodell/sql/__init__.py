"""The rules run where the data lives: one compiled rule on DuckDB, Spark and any SQL database.

Every criterion has one :mod:`form <etableringsmodell.rules.forms>`; from it
:func:`compile_rule` writes SQL for DuckDB, Spark SQL, PostgreSQL and SQL
Server (T-SQL) with `sqlglot <https://sqlglot.com>`_, and
:func:`evaluate_duckdb` and :func:`evaluate_spark` run it and give back the
batch path's :class:`~etableringsmodell.batch.BatchResult`. A criterion of
one's own, written once as a form, runs on numpy and on SQL alike after
:func:`register_criterion`. See ``docs/engines.md``.
"""

from __future__ import annotations

from etableringsmodell.sql.compile import (
    DIALECTS,
    CompiledRule,
    StatusColumn,
    compile_rule,
    status_column,
    to_sql,
)
from etableringsmodell.sql.numpy_forms import evaluate_form, register_criterion
from etableringsmodell.sql.run import ROW, evaluate_duckdb, evaluate_spark, result_of, to_arrow

__all__ = [
    "DIALECTS",
    "ROW",
    "CompiledRule",
    "StatusColumn",
    "compile_rule",
    "evaluate_duckdb",
    "evaluate_form",
    "evaluate_spark",
    "register_criterion",
    "result_of",
    "status_column",
    "to_arrow",
    "to_sql",
]
