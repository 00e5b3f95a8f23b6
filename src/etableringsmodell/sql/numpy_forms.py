"""Forms on numpy: a criterion's form judged on the batch path's columns.

:func:`evaluate_form` interprets a :mod:`form <etableringsmodell.rules.forms>`
over a :class:`~etableringsmodell.batch.ColumnTable` with Kleene's logic, each
test giving a ``(true, false)`` pair of masks (neither: unknown).
:func:`register_criterion` registers a form and the column evaluator derived
from it, so that a criterion of one's own, written once, runs on
:func:`etableringsmodell.batch.evaluate` and on every SQL engine.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from etableringsmodell.batch.columns import NAT, ColumnTable
from etableringsmodell.batch.eligibility import register_column_evaluator
from etableringsmodell.calendar import Span, add_span
from etableringsmodell.errors import InvalidTypeError
from etableringsmodell.model.criteria import Criterion
from etableringsmodell.rules.forms import (
    And,
    AnyElement,
    Cases,
    Column,
    ColumnKind,
    Combine,
    Compare,
    Const,
    Form,
    InSet,
    IsNull,
    Negate,
    Or,
    Predicate,
    Value,
    register_form,
)

__all__ = ["evaluate_form", "register_criterion"]

_EPOCH = date(1970, 1, 1)
_Bools = npt.NDArray[np.bool_]
_Pair = tuple[_Bools, _Bools]
# A value: the numbers (days since 1970 for dates) or objects, and where missing.
_Values = tuple[npt.NDArray[Any], _Bools]
C = TypeVar("C", bound=Criterion)


def _column(table: ColumnTable, c: Column) -> _Values:
    rows = len(table)
    if c.optional and not table.has(c.name):
        return np.zeros(rows, dtype=np.int64), np.ones(rows, dtype=np.bool_)
    if c.kind is ColumnKind.DATE:
        days = table.days(c.name)
        return days, days == NAT
    if c.kind is ColumnKind.BOOLEAN:
        values, missing = table.ternary(c.name)
        return values, np.zeros(rows, dtype=np.bool_) if missing is None else missing
    raw = table.raw(c.name)
    items = raw.to_pylist() if hasattr(raw, "to_pylist") else list(raw.tolist())
    missing = np.array([v is None or (isinstance(v, float) and np.isnan(v)) for v in items], dtype=np.bool_)
    if c.kind is ColumnKind.INTEGER:
        return np.array(
            [0 if m else int(v) for v, m in zip(items, missing, strict=True)], dtype=np.int64
        ), missing
    return np.array(
        [None if m else str(getattr(v, "value", v)) for v, m in zip(items, missing, strict=True)],
        dtype=object,
    ), missing


def _value(table: ColumnTable, v: Value) -> _Values:
    rows = len(table)
    if isinstance(v, Column):
        return _column(table, v)
    if isinstance(v, Const):
        value: Any = v.value
        if isinstance(value, date):
            value = (value - _EPOCH).days
        return np.full(rows, value, dtype=object if isinstance(value, str) else None), np.zeros(
            rows, dtype=np.bool_
        )
    start, missing = _value(table, v.value)
    out = np.zeros(rows, dtype=np.int64)
    known = ~missing
    # add_span once per distinct day: the calendar's own month arithmetic, never re-implemented.
    distinct, inverse = np.unique(start[known], return_inverse=True)
    span = Span(months=v.months, days=v.days)
    moved = np.array(
        [
            (add_span(date.fromordinal(_EPOCH.toordinal() + int(d)), span, v.convention) - _EPOCH).days
            for d in distinct
        ],
        dtype=np.int64,
    )
    out[known] = moved[inverse.reshape(-1)] if len(distinct) else out[known]
    return out, missing


_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": np.less,
    "<=": np.less_equal,
    "=": np.equal,
    "<>": np.not_equal,
    ">=": np.greater_equal,
    ">": np.greater,
}


def _test(table: ColumnTable, p: Predicate) -> _Pair:  # noqa: PLR0911  # one return per kind of test
    rows = len(table)
    if isinstance(p, Compare):
        left, lm = _value(table, p.left)
        right, rm = _value(table, p.right)
        known = ~(lm | rm)
        result = np.asarray(_COMPARE[p.op](left, right), dtype=np.bool_)
        return known & result, known & ~result
    if isinstance(p, IsNull):
        _, missing = _value(table, p.value)
        return missing.copy(), ~missing
    if isinstance(p, InSet):
        values, missing = _value(table, p.value)
        hit = np.isin(values.astype(object), np.array(p.members, dtype=object))
        return ~missing & hit, ~missing & ~hit
    if isinstance(p, AnyElement):
        elements, parents = table.lists(p.column.name)
        if p.prefixes is None:
            hit = np.ones(len(elements), dtype=np.bool_)
        elif p.casefold:
            hit = (
                np.isin(np.char.lower(np.char.strip(elements.astype(str))), list(p.prefixes))
                if len(elements)
                else np.zeros(0, dtype=np.bool_)
            )
        else:
            text = elements.astype(str)
            hit = np.zeros(len(elements), dtype=np.bool_)
            for prefix in p.prefixes:
                hit |= np.char.startswith(text, prefix)
        found = np.zeros(rows, dtype=np.bool_)
        found[parents[hit]] = True
        return found, ~found
    if isinstance(p, Negate):
        true, false = _test(table, p.part)
        return false, true
    pairs = [_test(table, q) for q in p.parts]
    if isinstance(p, And):
        false = np.logical_or.reduce([f for _, f in pairs])
        true = np.logical_and.reduce([t for t, _ in pairs])
        return true, false
    if isinstance(p, Or):
        true = np.logical_or.reduce([t for t, _ in pairs])
        false = np.logical_and.reduce([f for _, f in pairs])
        return true, false
    raise InvalidTypeError("form", f"not a test: {p!r}")


def evaluate_form(form: Form, table: ColumnTable) -> npt.NDArray[np.int8]:
    """The status codes (0 failed, 1 undetermined, 2 passed) of ``form`` for every row of ``table``."""
    rows = len(table)
    if isinstance(form, Combine):
        parts = [evaluate_form(f, table) for f in form.parts]
        if form.how == "not":
            return np.subtract(2, parts[0], dtype=np.int8)
        combine = np.minimum if form.how == "all" else np.maximum
        codes = parts[0].copy()
        for part in parts[1:]:
            combine(codes, part, out=codes)
        return codes
    if not isinstance(form, Cases):
        raise InvalidTypeError("form", f"must be Cases or Combine, got {type(form).__name__}")
    codes = np.full(rows, form.default, dtype=np.int8)
    decided = np.zeros(rows, dtype=np.bool_)
    for test, code in form.cases:
        true, _ = _test(table, test)
        take = true & ~decided
        codes[take] = code
        decided |= take
    return codes


def register_criterion(kind: type[C], builder: Callable[[C, date], Form]) -> None:
    """Register a criterion type's form for SQL, and the numpy evaluator derived from it for the batch path.

    Register the scalar evaluator too
    (:func:`~etableringsmodell.rules.eligibility.register_evaluator`), for
    single decisions with their explanations, and test that all agree.
    """
    register_form(kind, builder)

    def evaluator(criterion: C, table: ColumnTable, on: date) -> npt.NDArray[np.int8]:
        return evaluate_form(builder(criterion, on), table)

    register_column_evaluator(kind, evaluator)
