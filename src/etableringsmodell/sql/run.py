"""Run a compiled rule on DuckDB or Spark and get the batch path's result back.

:func:`evaluate_duckdb` and :func:`evaluate_spark` return a
:class:`~etableringsmodell.batch.BatchResult`, the same per-criterion status
arrays and :meth:`~etableringsmodell.batch.BatchResult.summary` as
:func:`etableringsmodell.batch.evaluate`, with rows in the order of the source.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from etableringsmodell.batch._extras import require
from etableringsmodell.batch.eligibility import BatchResult, CriterionColumn
from etableringsmodell.errors import InvalidTypeError, InvalidValueError
from etableringsmodell.i18n import N_
from etableringsmodell.rules.eligibility import Rule
from etableringsmodell.sql.compile import CompiledRule, compile_rule

__all__ = ["ROW", "evaluate_duckdb", "evaluate_spark", "result_of", "to_arrow"]

ROW = "__etablering_row"
"""The row-number column the runners add, so that rows come back in the source's order."""

_BOOLEAN = ("parent_in_sweden", "sponsor_is_swedish_citizen")
_TEXT_LISTS = ("occupations", "validated_occupations", "interests")


def to_arrow(columns: Mapping[str, Any]) -> Any:
    """An Arrow table of a batch cohort (a mapping of numpy arrays, as :func:`~etableringsmodell.batch.from_participants` gives).

    Dates become ``date32``, the ternary flags (``parent_in_sweden``,
    ``fact_<kind>``) nullable booleans, and list columns ``list<string>``
    (``experience_years``: ``list<double>``), the types every engine reads.
    """
    pa = require("pyarrow", "etableringsmodell.sql.to_arrow")
    arrays: dict[str, Any] = {}
    for name, values in columns.items():
        array = np.asarray(values) if not isinstance(values, np.ndarray) else values
        if array.dtype.kind == "M":
            arrays[name] = pa.array(array.astype("datetime64[D]"), type=pa.date32())
        elif name in _BOOLEAN or (name.startswith("fact_") and array.dtype.kind in "Ob"):
            arrays[name] = pa.array([None if v is None else bool(v) for v in array.tolist()], type=pa.bool_())
        elif name in _TEXT_LISTS:
            arrays[name] = pa.array(
                [None if v is None else list(v) for v in array.tolist()], pa.list_(pa.string())
            )
        elif name == "experience_years":
            arrays[name] = pa.array(
                [None if v is None else list(v) for v in array.tolist()], pa.list_(pa.float64())
            )
        elif array.dtype.kind == "O":
            arrays[name] = pa.array(array.tolist(), type=pa.string())
        else:
            arrays[name] = pa.array(array)
    return pa.table(arrays)


def result_of(compiled: CompiledRule, codes: Mapping[str, Any]) -> BatchResult:
    """The :class:`~etableringsmodell.batch.BatchResult` of a compiled rule's rows fetched from any database.

    ``codes`` maps each status column's name (``criterion_0``...) to its
    values, in the order of the rows wanted.
    """
    columns = []
    for status in compiled.columns:
        values = np.asarray(codes[status.name])
        if values.dtype.kind not in "iu" or (values.size and (values.min() < 0 or values.max() > 2)):
            raise InvalidValueError(
                status.name, N_("the engine returned something other than status codes 0-2")
            )
        columns.append(CriterionColumn(status.criterion, status.depth, status.leaf, values.astype(np.int8)))
    return BatchResult(compiled.rule, compiled.on, tuple(columns))


def _is_frame(source: object) -> bool:
    module = type(source).__module__.split(".")[0]
    return module in ("pandas", "polars", "pyarrow")


def evaluate_duckdb(
    source: Any, rule: Rule, on: date, *, connection: Any = None, threads: int | None = None
) -> BatchResult:
    """Judge every row of ``source`` against ``rule`` on ``on`` in DuckDB.

    ``source`` is a Parquet or CSV file (a :class:`~pathlib.Path`, or a text
    ending in ``.parquet``, ``.csv`` or ``.csv.gz``), the name of a table or
    view on ``connection``, a pandas, polars or Arrow frame, or a mapping of
    numpy arrays as the batch path takes. ``connection`` defaults to a new
    in-memory database; ``threads`` caps DuckDB's threads.
    """
    duckdb = require("duckdb", "etableringsmodell.sql.evaluate_duckdb")
    con = connection if connection is not None else duckdb.connect()
    if threads is not None:
        con.execute(f"SET threads = {int(threads)}")
    view = "__etablering_cohort"
    registered = f"{view}_source"
    text = str(source) if isinstance(source, (str, Path)) else None
    if text is not None and text.lower().endswith(".parquet"):
        # file_row_number keeps the file's order whatever DuckDB's parallel scan does.
        con.execute(  # the path is a quoted literal, the names are ours
            f'CREATE OR REPLACE TEMP VIEW {view} AS SELECT * EXCLUDE (file_row_number), file_row_number AS "{ROW}" '
            "FROM read_parquet($path, file_row_number = true)".replace("$path", _quote(text))
        )
    elif text is not None and text.lower().endswith((".csv", ".csv.gz")):
        con.execute(  # the path is a quoted literal, the names are ours
            f'CREATE OR REPLACE TEMP VIEW {view} AS SELECT *, row_number() OVER () AS "{ROW}" '
            f"FROM read_csv({_quote(text)}, header = true)"
        )
    elif text is not None:
        if connection is None:
            raise InvalidValueError("source", N_("a table name needs the connection that holds it"))
        con.execute(  # _name admits only dotted identifiers, quoted
            f'CREATE OR REPLACE TEMP VIEW {view} AS SELECT *, row_number() OVER () AS "{ROW}" FROM {_name(text)}'
        )
    elif isinstance(source, Mapping) or _is_frame(source):
        pa = require("pyarrow", "etableringsmodell.sql.evaluate_duckdb")
        table = to_arrow(source) if isinstance(source, Mapping) else _arrow_of(source, pa)
        table = table.append_column(ROW, pa.array(np.arange(table.num_rows, dtype=np.int64)))
        con.register(registered, table)
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM {registered}")  # our names
    else:
        raise InvalidTypeError(
            "source", f"must be a file path, a table name or a frame, got {type(source).__name__}"
        )
    schema = [row[0] for row in con.execute(f"DESCRIBE {view}").fetchall()]
    compiled = compile_rule(rule, on, dialect="duckdb", source=view, keep=(ROW,), schema=schema, pretty=False)
    query = f'{compiled.sql} ORDER BY "{ROW}"'
    fetched = con.execute(query).fetchnumpy()
    return result_of(compiled, fetched)


def _arrow_of(frame: Any, pa: Any) -> Any:
    module = type(frame).__module__.split(".")[0]
    if module == "pyarrow":
        return frame if hasattr(frame, "num_rows") and hasattr(frame, "append_column") else pa.table(frame)
    if module == "polars":
        return frame.to_arrow()
    return pa.Table.from_pandas(frame, preserve_index=False)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _name(text: str) -> str:
    parts = text.split(".")
    if not all(p.replace("_", "").isalnum() for p in parts):
        raise InvalidValueError("source", N_("a table name is letters, digits and underscores, dotted"))
    return ".".join(f'"{p}"' for p in parts)


def evaluate_spark(source: Any, rule: Rule, on: date, *, spark: Any = None) -> BatchResult:
    """Judge every row of ``source`` against ``rule`` on ``on`` in Spark.

    ``source`` is a Spark ``DataFrame``, a table name known to ``spark`` (the
    active session by default), or a pandas or Arrow frame or a mapping of
    numpy arrays to load into it. The statuses come back to the driver as
    numpy arrays; for a register, run :func:`~etableringsmodell.sql.compile_rule`'s
    query with ``spark.sql`` and write its result to a table instead.
    """
    require("pyspark", "etableringsmodell.sql.evaluate_spark")
    from pyspark.sql import SparkSession, functions

    session = spark if spark is not None else SparkSession.getActiveSession()
    if session is None:
        raise InvalidValueError("spark", N_("no Spark session is active; pass spark="))
    if isinstance(source, str):
        frame = session.table(source)
    elif isinstance(source, Mapping):
        frame = session.createDataFrame(to_arrow(source))
    elif _is_frame(source):
        pa = require("pyarrow", "etableringsmodell.sql.evaluate_spark")
        frame = session.createDataFrame(_arrow_of(source, pa))
    else:
        frame = source
    view = "etablering_cohort"
    frame.withColumn(ROW, functions.monotonically_increasing_id()).createOrReplaceTempView(view)
    compiled = compile_rule(rule, on, dialect="spark", source=view, keep=(ROW,), schema=[*frame.columns, ROW])
    result = session.sql(compiled.sql).orderBy(ROW)
    if hasattr(result, "toArrow"):
        arrow = result.toArrow()
        fetched = {name: arrow.column(name).to_numpy() for name in arrow.column_names}
    else:  # pyspark before 4.0
        rows = result.collect()
        fetched = {status.name: np.array([r[status.name] for r in rows]) for status in compiled.columns}
    return result_of(compiled, fetched)
