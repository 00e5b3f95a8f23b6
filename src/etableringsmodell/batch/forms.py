"""Forms on numpy: the batch path's one evaluator, derived from each criterion's form.

:func:`evaluate_form` judges a :mod:`form <etableringsmodell.rules.forms>`
over a :class:`~etableringsmodell.batch.ColumnTable` with Kleene's logic.
:func:`etableringsmodell.batch.evaluate` runs every criterion this way, the
catalogue's and a user's alike, so the meaning of a criterion is written once
(its form) and the SQL back ends (:mod:`etableringsmodell.sql`) read the same.

How the columns' speed is kept, without a line per criterion:

* a test gives a pair of masks, *true* and *unknown* (``None`` when no row is
  unknown, the common case, so the Kleene connectives cost one pass each);
* a constant (a threshold computed once from the reference date) stays a
  numpy scalar, broadcast in the comparison;
* a coded column (text or integer with a vocabulary, such as the permit
  ground) is factorised once against its small vocabulary
  (:meth:`ColumnTable.codes`), each test is judged on the few distinct codes
  and gathered back to the rows in one indexing;
* a calendar addition on a row's own date (:class:`~etableringsmodell.rules.forms.AddMonths`)
  is done on ``datetime64[M]``: the day of the month clamped to the target
  month's length, the last day (Lag 1930:173 1 §) or the first of the next
  month by the convention; for a large table it is done once for each day in
  the column's range and gathered, so no Python call is made per row or per
  distinct date;
* every column, mask and test result is computed once per call of
  :func:`~etableringsmodell.batch.evaluate` and shared by every criterion that
  reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from etableringsmodell.batch.columns import NAT, ColumnTable
from etableringsmodell.calendar import MissingDay
from etableringsmodell.errors import InvalidTypeError, InvalidValueError
from etableringsmodell.rules.forms import (
    AddMonths,
    And,
    AnyElement,
    AnyMissing,
    Cases,
    Column,
    ColumnKind,
    Combine,
    Compare,
    Const,
    Form,
    InSet,
    IsNull,
    ListSum,
    Negate,
    Or,
    Predicate,
    Value,
)

__all__ = ["FormRun", "evaluate_form"]

_EPOCH = date(1970, 1, 1)
_Bools = npt.NDArray[np.bool_]
_Codes = npt.NDArray[np.int8]
# A test's result: where it is true, and where it is unknown (None: nowhere).
_Pair = tuple[_Bools, _Bools | None]

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": np.less,
    "<=": np.less_equal,
    "=": np.equal,
    "<>": np.not_equal,
    ">=": np.greater_equal,
    ">": np.greater,
}


class _Coded:
    """A coded column: each row's index into ``members`` (-1: missing), judged on the members."""

    __slots__ = ("indices", "members", "missing")

    def __init__(self, indices: npt.NDArray[np.intp], members: list[Any], missing: _Bools | None) -> None:
        self.indices = indices
        self.members = members
        self.missing = missing

    def gather(self, verdicts: list[bool], if_missing: bool = False) -> _Bools:  # a fill value
        # The last slot serves -1, a missing value.
        lookup = np.array([*verdicts, if_missing], dtype=np.bool_)
        result: _Bools = lookup[self.indices]
        return result

    def values(self) -> npt.NDArray[Any]:
        """The values themselves, for a comparison with another column (rare)."""
        result: npt.NDArray[Any] = np.array([*self.members, None], dtype=object)[self.indices]
        return result


class _Plain:
    """Values (numbers, days since 1970 for dates, flags) and where missing; a scalar for a constant."""

    __slots__ = ("missing", "values")

    def __init__(self, values: Any, missing: _Bools | None) -> None:
        self.values = values
        self.missing = missing


def _or(a: _Bools | None, b: _Bools | None) -> _Bools | None:
    if a is None:
        return b
    if b is None:
        return a
    return a | b


def _member_value(member: Any) -> Any:
    return getattr(member, "value", member)


class FormRun:
    """The forms of one evaluation over one table, sharing every column and test they read."""

    def __init__(self, table: ColumnTable) -> None:
        self.table = table
        self.rows = len(table)
        self._values: dict[Value, _Plain | _Coded] = {}
        self._tests: dict[Predicate, _Pair] = {}

    # ---- values -------------------------------------------------------------------

    def value(self, v: Value) -> _Plain | _Coded:
        if isinstance(v, Const):
            constant: Any = v.value
            if isinstance(constant, date):
                constant = np.int64((constant - _EPOCH).days)
            return _Plain(constant, None)
        found = self._values.get(v)
        if found is None:
            found = self._compute(v)
            self._values[v] = found
        return found

    def _compute(self, v: Value) -> _Plain | _Coded:
        if isinstance(v, Column):
            return self._column(v)
        if isinstance(v, AddMonths):
            start = self.value(v.value)
            if not isinstance(start, _Plain):
                raise InvalidTypeError("form", f"AddMonths needs a date, got the coded column in {v!r}")
            return _Plain(_add_months(start.values, start.missing, v), start.missing)
        if isinstance(v, ListSum):
            return _Plain(self._list_sum(v), None)
        raise InvalidTypeError("form", f"not a value: {v!r}")

    def _column(self, c: Column) -> _Plain | _Coded:
        table = self.table
        if c.optional and not table.has(c.name):
            return _Plain(np.zeros(self.rows, dtype=np.int64), np.ones(self.rows, dtype=np.bool_))
        if c.kind is ColumnKind.DATE:
            return _Plain(table.days(c.name), table.missing(c.name))
        if c.kind is ColumnKind.BOOLEAN:
            flags, unknown = table.ternary(c.name)
            return _Plain(flags, unknown)
        if c.kind in (ColumnKind.TEXT, ColumnKind.INTEGER):
            if c.vocabulary is not None:
                indices, members = table.codes(
                    c.name, c.vocabulary, zero_missing=c.kind is ColumnKind.INTEGER
                )
                values = [_member_value(m) for m in members]
            else:
                indices, values = table.factorized(c.name)
            lost = indices < 0
            return _Coded(indices, values, lost if lost.any() else None)
        raise InvalidTypeError("form", f"a {c.kind.value} column ({c.name}) is read by AnyElement or ListSum")

    # ---- lists ----------------------------------------------------------------------

    def _matching_keys(self, keys: Column, prefixes: tuple[str, ...] | None) -> tuple[_Bools, Any]:
        elements, parents = self.table.lists(keys.name)
        if prefixes is None:
            return np.ones(len(elements), dtype=np.bool_), parents
        text = elements.astype(str)
        hit = np.zeros(len(elements), dtype=np.bool_)
        for prefix in prefixes:
            # A code meets a shorter code it starts with (2221 meets 22), never the reverse.
            hit |= np.char.startswith(text, prefix)
        return hit, parents

    def _numbers(self, values: Column, keys: Column) -> tuple[npt.NDArray[np.float64], Any]:
        numbers, parents = self.table.lists(values.name, numbers=True)
        _, key_parents = self.table.lists(keys.name)
        if not np.array_equal(parents, key_parents):
            raise InvalidValueError(
                self.table.name(values.name),
                f"must have one entry for each entry of {keys.name}, row by row",
            )
        return numbers, parents

    def _list_sum(self, v: ListSum) -> npt.NDArray[np.float64]:
        numbers, parents = self._numbers(v.values, v.keys)
        hit, _ = self._matching_keys(v.keys, v.prefixes)
        known = hit & ~np.isnan(numbers)
        # Summed element by element in row order, as the scalar rule adds the competences.
        total = np.bincount(parents[known], weights=numbers[known], minlength=self.rows)
        return np.asarray(total, dtype=np.float64)

    # ---- tests ----------------------------------------------------------------------

    def test(self, p: Predicate) -> _Pair:
        found = self._tests.get(p)
        if found is None:
            found = self._judge(p)
            self._tests[p] = found
        return found

    def _judge(self, p: Predicate) -> _Pair:  # noqa: PLR0911  # one return per kind of test
        if isinstance(p, Compare):
            return self._compare(p)
        if isinstance(p, IsNull):
            value = self.value(p.value)
            missing = value.missing
            return (np.zeros(self.rows, dtype=np.bool_) if missing is None else missing), None
        if isinstance(p, InSet):
            return self._in_set(p)
        if isinstance(p, AnyElement):
            return self._any_element(p), None
        if isinstance(p, AnyMissing):
            numbers, parents = self._numbers(p.values, p.keys)
            hit, _ = self._matching_keys(p.keys, p.prefixes)
            found = np.zeros(self.rows, dtype=np.bool_)
            found[parents[hit & np.isnan(numbers)]] = True
            return found, None
        if isinstance(p, Negate):
            true, unknown = self.test(p.part)
            return (~true if unknown is None else ~(true | unknown)), unknown
        if isinstance(p, And):
            return self._and(p)
        if isinstance(p, Or):
            return self._or(p)
        raise InvalidTypeError("form", f"not a test: {p!r}")

    def _compare(self, p: Compare) -> _Pair:
        op = _COMPARE[p.op]
        left = self.value(p.left)
        right = self.value(p.right)
        if isinstance(left, _Coded) and isinstance(right, _Plain) and np.ndim(right.values) == 0:
            verdicts = [m is not None and bool(op(m, right.values)) for m in left.members]
            return left.gather(verdicts), left.missing
        if isinstance(right, _Coded) and isinstance(left, _Plain) and np.ndim(left.values) == 0:
            verdicts = [m is not None and bool(op(left.values, m)) for m in right.members]
            return right.gather(verdicts), right.missing
        a = left.values() if isinstance(left, _Coded) else left.values
        b = right.values() if isinstance(right, _Coded) else right.values
        result = np.asarray(op(a, b), dtype=np.bool_)
        unknown = _or(left.missing, right.missing)
        if result.ndim == 0:
            result = np.full(self.rows, bool(result), dtype=np.bool_)
        if unknown is not None:
            result = result & ~unknown
        return result, unknown

    def _in_set(self, p: InSet) -> _Pair:
        value = self.value(p.value)
        members = set(p.members)
        if isinstance(value, _Coded):
            return value.gather([m in members for m in value.members]), value.missing
        values = value.values
        if np.ndim(values) == 0:
            hit = np.full(self.rows, values in members, dtype=np.bool_)
        else:
            hit = np.isin(np.asarray(values, dtype=object), np.array(p.members, dtype=object))
        if value.missing is not None:
            hit &= ~value.missing
        return hit, value.missing

    def _any_element(self, p: AnyElement) -> _Bools:
        if not p.casefold:
            hit, parents = self._matching_keys(p.column, p.prefixes)
        else:
            elements, parents = self.table.lists(p.column.name)
            hit = (
                np.isin(np.char.lower(np.char.strip(elements.astype(str))), list(p.prefixes or ()))
                if len(elements)
                else np.zeros(0, dtype=np.bool_)
            )
        found = np.zeros(self.rows, dtype=np.bool_)
        found[parents[hit]] = True
        return found

    def _and(self, p: And) -> _Pair:
        pairs = [self.test(q) for q in p.parts]
        true = pairs[0][0]
        for t, _ in pairs[1:]:
            true = true & t
        if all(u is None for _, u in pairs):
            return true, None
        # False where any part is false; unknown where not true and not false.
        false = np.zeros(self.rows, dtype=np.bool_)
        for t, u in pairs:
            false |= ~t if u is None else ~(t | u)
        return true, ~(true | false)

    def _or(self, p: Or) -> _Pair:
        pairs = [self.test(q) for q in p.parts]
        true = pairs[0][0]
        for t, _ in pairs[1:]:
            true = true | t
        unknowns = [u for _, u in pairs if u is not None]
        if not unknowns:
            return true, None
        # Unknown where not true and some part is unknown.
        unknown = unknowns[0]
        for u in unknowns[1:]:
            unknown = unknown | u
        return true, unknown & ~true

    # ---- statuses -------------------------------------------------------------------

    def codes(self, form: Form) -> _Codes:
        """The status codes (0 failed, 1 undetermined, 2 passed) of ``form`` for every row."""
        if isinstance(form, Combine):
            parts = [self.codes(f) for f in form.parts]
            if form.how == "not":
                return np.subtract(2, parts[0], dtype=np.int8)
            combine = np.minimum if form.how == "all" else np.maximum
            codes = parts[0].copy()
            for part in parts[1:]:
                combine(codes, part, out=codes)
            return codes
        if not isinstance(form, Cases):
            raise InvalidTypeError("form", f"must be Cases or Combine, got {type(form).__name__}")
        codes = np.full(self.rows, form.default, dtype=np.int8)
        # The first true case wins. Written as arithmetic on whole columns (add the step
        # from the default where a case is taken): a masked assignment branches on every
        # row and costs some twenty times as much.
        open_rows: _Bools | None = None
        for test, code in form.cases:
            true, _ = self.test(test)
            taken = true if open_rows is None else true & open_rows
            if code != form.default:
                codes += taken.view(np.int8) * np.int8(code - form.default)
            open_rows = ~true if open_rows is None else open_rows & ~true
        return codes


def _add_months(days: npt.NDArray[np.int64], missing: _Bools | None, v: AddMonths) -> npt.NDArray[np.int64]:
    """``days`` moved by ``v.months`` then ``v.days``, the missing day clamped by ``v.convention``.

    For more rows than days in the column's range, each day of the range is
    moved once and the rows gather their day's result: the same arithmetic on
    fewer values, and one indexing per row.
    """
    known = days if missing is None else days[~missing]
    if known.size == 0:
        return np.full(len(days), NAT, dtype=np.int64)
    low = int(known.min())
    high = int(known.max())
    # Missing rows are set to ``low`` and back to NaT by arithmetic, not masked assignment (see codes).
    keep = None if missing is None else (~missing).view(np.int8)
    if high - low + 1 < len(known):
        moved = _move(np.arange(low, high + 1, dtype=np.int64), v)
        index = days - low if keep is None else (days - low) * keep
        result: npt.NDArray[np.int64] = moved[index]
    else:
        result = _move(days if keep is None else (days - low) * keep + low, v)
    if keep is not None and missing is not None:
        result = result * keep + np.int64(NAT) * missing.view(np.int8)
    return result


def _move(days: npt.NDArray[np.int64], v: AddMonths) -> npt.NDArray[np.int64]:
    dates = days.view("datetime64[D]")
    month = dates.astype("datetime64[M]")
    day = (dates - month.astype("datetime64[D]")).view(np.int64)  # 0 for the first of the month
    target = month + np.timedelta64(v.months, "M")
    first = target.astype("datetime64[D]").view(np.int64)
    length = (target + np.timedelta64(1, "M")).astype("datetime64[D]").view(np.int64) - first
    # A day the target month lacks: its last day, or (FIRST_OF_NEXT_MONTH) the next month's first.
    last = length - 1 if v.convention is MissingDay.LAST_DAY_OF_MONTH else length
    result: npt.NDArray[np.int64] = first + np.minimum(day, last) + v.days
    return result


def evaluate_form(form: Form, table: ColumnTable) -> _Codes:
    """The status codes (0 failed, 1 undetermined, 2 passed) of ``form`` for every row of ``table``."""
    return FormRun(table).codes(form)
