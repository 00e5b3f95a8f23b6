"""Eligibility over whole cohorts: every criterion judged on columns at once.

:func:`evaluate` is :func:`~etableringsmodell.rules.eligibility.check_eligibility`
for a table: the same rule, the same reference date, the same three-valued
(Kleene) verdicts, for every row at once, with one status column per
criterion in the rule (composites included, in the pre-order of
``Decision.reasons``).

Statuses are small integers ordered ``FAILED < UNDETERMINED < PASSED``
(0, 1, 2), so Kleene's :class:`AllOf` is the row-wise minimum, :class:`AnyOf`
the maximum and :class:`Not` is ``2 - status``.

Every criterion is judged from its form (:mod:`etableringsmodell.rules.forms`)
by :mod:`etableringsmodell.batch.forms`, as the SQL back ends judge it. On one
reference date, most calendar rules reduce to comparisons with dates the form
computes once with :mod:`etableringsmodell.calendar`, so every convention
(29 February, month ends, inclusive ends) is the scalar path's own:

* ``AgeBetween(low, high)``: ``age_on(b, on) >= n`` exactly when
  ``b <= latest_birth_date(on, n)``, so the rule is
  ``latest_birth_date(on, high + 1) < b <= latest_birth_date(on, low)``.
* ``NewlyArrived(within)``: for a start on or before ``on``, the start is in
  the window exactly when ``start >= earliest_start(on, within, ...)``.

A criterion type with neither a form nor a columnar evaluator is an
:class:`~etableringsmodell.errors.UnknownCriterionError` that names it and
says how to register either (a form with
:func:`etableringsmodell.sql.register_criterion` or
:func:`etableringsmodell.rules.forms.register_form`, a numpy evaluator with
:func:`register_column_evaluator`); the batch path never falls back to a
loop over rows.

>>> import numpy as np
>>> from datetime import date
>>> from etableringsmodell.calendar import Span
>>> from etableringsmodell.model import AgeBetween, AllOf, NewlyArrived
>>> rule = AllOf(AgeBetween(18, 64), NewlyArrived(within=Span(months=36)))
>>> cohort = {
...     "birth_date": np.array(["1986-06-01", "1939-05-02", "1980-01-01"], dtype="datetime64[D]"),
...     "received_on": np.array(["2003-01-10", "2003-01-10", "2001-05-31"], dtype="datetime64[D]"),
... }
>>> result = evaluate(cohort, rule, date(2004, 6, 1))
>>> result.eligible.tolist()
[True, False, False]
>>> result.summary().failing
(('age-18-64', 1), ('newly-arrived-36m', 1))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from etableringsmodell.batch.columns import ColumnTable, Table
from etableringsmodell.batch.forms import FormRun
from etableringsmodell.errors import InvalidTypeError, InvalidValueError, UnknownCriterionError
from etableringsmodell.model.criteria import AllOf, AnyOf, ArrivalAnchor, Criterion, Not
from etableringsmodell.rules.eligibility import Rule, Status, resolve_rule
from etableringsmodell.rules.forms import FormBuilder, registered_form
from etableringsmodell.sources import Source

__all__ = [
    "ANCHOR_COLUMNS",
    "CODES",
    "FAILED",
    "PASSED",
    "UNDETERMINED",
    "BatchResult",
    "CriterionColumn",
    "Summary",
    "evaluate",
    "register_column_evaluator",
    "situation_column",
]

FAILED = np.int8(0)
UNDETERMINED = np.int8(1)
PASSED = np.int8(2)
CODES: Mapping[Status, np.int8] = {
    Status.FAILED: FAILED,
    Status.UNDETERMINED: UNDETERMINED,
    Status.PASSED: PASSED,
}
"""The status code of each :class:`~etableringsmodell.rules.eligibility.Status`."""
_STATUS_OF_CODE = (Status.FAILED, Status.UNDETERMINED, Status.PASSED)

ANCHOR_COLUMNS: Mapping[ArrivalAnchor, str] = {
    ArrivalAnchor.RECEIVED: "received_on",
    ArrivalAnchor.FIRST_REGISTERED: "first_registered_on",
    ArrivalAnchor.PERMIT_GRANTED: "permit_granted_on",
    ArrivalAnchor.FIRST_PERMIT_GRANTED: "first_permit_granted_on",
}
"""The column a :class:`NewlyArrived` window is counted from, by anchor."""

Codes = npt.NDArray[np.int8]
"""One status code per row: 0 failed, 1 undetermined, 2 passed."""
ColumnEvaluator = Callable[[Any, ColumnTable, date], npt.NDArray[Any]]
"""``evaluator(criterion, table, on)``: status codes, or booleans (passed or failed), one per row."""

C = TypeVar("C", bound=Criterion)


def situation_column(situation: Any) -> str:
    """The boolean column of a barring situation: ``situation_full_time_work``."""
    return f"situation_{situation.value}"


def _codes(passed: npt.NDArray[np.bool_], missing: npt.NDArray[np.bool_] | None) -> Codes:
    # True is 1, so shifting a boolean's byte left once gives PASSED (2) or FAILED (0).
    codes: Codes = np.left_shift(passed.view(np.int8), 1)
    if missing is not None:
        codes[missing] = UNDETERMINED
    return codes


# ---- evaluators ----------------------------------------------------------------

_EVALUATORS: dict[type, ColumnEvaluator] = {}
"""Column evaluators registered by hand, for criteria without a form; the rest run from their forms."""


def register_column_evaluator(
    kind: type[C], evaluator: Callable[[C, ColumnTable, date], npt.NDArray[Any]]
) -> None:
    """Teach :func:`evaluate` a criterion type of your own, or one it does not know yet.

    ``evaluator(criterion, table, on)`` reads the columns it needs from
    ``table`` (:meth:`ColumnTable.days`, :meth:`ColumnTable.codes`,
    :meth:`ColumnTable.flags`, :meth:`ColumnTable.raw`) and returns one value
    per row: status codes (:data:`FAILED`, :data:`UNDETERMINED`,
    :data:`PASSED`) or booleans (passed or failed). Registering a type again
    replaces its evaluator; subclasses use their base's unless given their own.
    Register the scalar evaluator too
    (:func:`~etableringsmodell.rules.eligibility.register_evaluator`), and
    test that the two agree.
    """
    if not isinstance(kind, type) or not issubclass(kind, Criterion):
        raise InvalidTypeError("kind", f"must be a Criterion subclass, got {kind!r}")
    if kind in (AllOf, AnyOf, Not):
        raise InvalidValueError("kind", f"{kind.__name__} is combined by evaluate itself")
    _EVALUATORS[kind] = evaluator


def unregister_column_evaluator(kind: type) -> None:
    """Forget the column evaluator registered for exactly ``kind``, if any (its form then judges it)."""
    _EVALUATORS.pop(kind, None)


class _FormEvaluator:
    """A criterion judged from its form, over the columns and tests this evaluation shares."""

    __slots__ = ("builder",)

    def __init__(self, builder: FormBuilder) -> None:
        self.builder = builder


def _find(kind: type) -> ColumnEvaluator | _FormEvaluator:
    """The most specific of a hand-registered column evaluator and a registered form, base by base."""
    for base in kind.__mro__:
        if base in _EVALUATORS:
            return _EVALUATORS[base]
        builder = registered_form(base)
        if builder is not None:
            return _FormEvaluator(builder)
    raise UnknownCriterionError(
        f"no form and no columnar evaluator is registered for {kind.__module__}.{kind.__qualname__}; the "
        "batch path does not fall back to a loop over rows. Write its form and register it with "
        f"etableringsmodell.sql.register_criterion({kind.__name__}, builder) (numpy and SQL alike), or "
        "register a numpy evaluator with etableringsmodell.batch.register_column_evaluator("
        f"{kind.__name__}, evaluator), where evaluator(criterion, table, on) returns a status code per row"
    )


def _checked(kind: type, values: npt.NDArray[Any], rows: int) -> Codes:
    values = np.asarray(values)
    if values.shape != (rows,):
        raise InvalidValueError(
            "evaluator", f"the evaluator of {kind.__name__} returned shape {values.shape}, expected ({rows},)"
        )
    if values.dtype == np.bool_:
        return _codes(values, None)
    if values.dtype != np.int8:
        if values.dtype.kind not in "iu":
            raise InvalidTypeError(
                "evaluator",
                f"the evaluator of {kind.__name__} returned dtype {values.dtype}, not codes or booleans",
            )
        values = values.astype(np.int8)
    if values.size and (values.min() < FAILED or values.max() > PASSED):
        raise InvalidValueError("evaluator", f"the evaluator of {kind.__name__} returned codes outside 0-2")
    return values


# ---- results ------------------------------------------------------------------


@frozen(eq=False)
class CriterionColumn:
    """The status of one criterion of the rule, for every row."""

    criterion: Criterion
    depth: int
    """0 for the rule itself, 1 for its parts, and so on (as ``Reason.depth``)."""
    leaf: bool
    """Whether the criterion has no parts (composites are not leaves)."""
    codes: Codes = field(repr=False)

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.criterion.sources

    @property
    def passed(self) -> npt.NDArray[np.bool_]:
        result: npt.NDArray[np.bool_] = self.codes == PASSED
        return result

    @property
    def failed(self) -> npt.NDArray[np.bool_]:
        result: npt.NDArray[np.bool_] = self.codes == FAILED
        return result

    @property
    def undetermined(self) -> npt.NDArray[np.bool_]:
        result: npt.NDArray[np.bool_] = self.codes == UNDETERMINED
        return result


@frozen
class Summary:
    """Counts over a cohort, and the leaf criteria that most often kept people out."""

    rule_id: str
    on: date
    total: int
    eligible: int
    failed: int
    undetermined: int
    failing: tuple[tuple[str, int], ...]
    """Leaf criteria that failed for rows not eligible, most common first (a row can count for several)."""
    undetermined_by: tuple[tuple[str, int], ...]
    """Leaf criteria that were undetermined for rows not eligible, most common first."""
    sources: tuple[Source, ...]

    @property
    def share_eligible(self) -> float:
        return self.eligible / self.total if self.total else 0.0

    def __str__(self) -> str:
        lines = [
            (
                f"{self.eligible:,} of {self.total:,} eligible ({self.share_eligible:.1%}) under {self.rule_id} "
                f"on {self.on.isoformat()}; {self.failed:,} not eligible, {self.undetermined:,} undetermined"
            )
        ]
        lines += [f"  {count:>10,}  failed {criterion_id}" for criterion_id, count in self.failing]
        lines += [
            f"  {count:>10,}  undetermined {criterion_id}" for criterion_id, count in self.undetermined_by
        ]
        return "\n".join(lines)


@frozen(eq=False)
class BatchResult:
    """What :func:`evaluate` found, row by row and criterion by criterion."""

    rule: Criterion
    on: date
    columns: tuple[CriterionColumn, ...]
    """One per criterion of the rule, the rule itself first, in the order of ``Decision.reasons``."""

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def codes(self) -> Codes:
        """The rule's status code for each row."""
        return self.columns[0].codes

    @property
    def eligible(self) -> npt.NDArray[np.bool_]:
        """Whether each row is eligible (the rule passed)."""
        result: npt.NDArray[np.bool_] = self.codes == PASSED
        return result

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[CriterionColumn]:
        return iter(self.columns)

    def __getitem__(self, criterion_id: str) -> CriterionColumn:
        """The first column of the criterion with ``criterion_id``."""
        for column in self.columns:
            if column.id == criterion_id:
                return column
        raise KeyError(criterion_id)

    def status(self, row: int) -> Status:
        """The rule's status for one row, as a :class:`Status` (for spot checks)."""
        return _STATUS_OF_CODE[int(self.codes[row])]

    def statuses(self, row: int) -> tuple[tuple[str, Status], ...]:
        """Each criterion's id and status for one row, in the order of ``Decision.reasons``."""
        return tuple((c.id, _STATUS_OF_CODE[int(c.codes[row])]) for c in self.columns)

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source the verdicts rest on, each once, in order of first use."""
        seen: dict[Source, None] = {}
        for column in self.columns:
            for source in column.sources:
                seen.setdefault(source, None)
        return tuple(seen)

    def column_names(self) -> tuple[str, ...]:
        """Unique names for the criterion columns: the id, with ``#2``... for a repeated id."""
        counts: Counter[str] = Counter()
        names = []
        for column in self.columns:
            counts[column.id] += 1
            names.append(column.id if counts[column.id] == 1 else f"{column.id}#{counts[column.id]}")
        return tuple(names)

    def summary(self, top: int = 5) -> Summary:
        """Counts, and the ``top`` leaf criteria that most often failed or were undetermined."""
        codes = self.codes
        counts = np.bincount(codes, minlength=3)
        out = codes != PASSED
        failing: Counter[str] = Counter()
        unknown: Counter[str] = Counter()
        for column in self.columns:
            if column.leaf:
                failing[column.id] += int(np.count_nonzero(out & (column.codes == FAILED)))
                unknown[column.id] += int(np.count_nonzero(out & (column.codes == UNDETERMINED)))
        return Summary(
            rule_id=self.rule_id,
            on=self.on,
            total=len(codes),
            eligible=int(counts[PASSED]),
            failed=int(counts[FAILED]),
            undetermined=int(counts[UNDETERMINED]),
            failing=tuple((k, n) for k, n in failing.most_common(top) if n),
            undetermined_by=tuple((k, n) for k, n in unknown.most_common(top) if n),
            sources=self.sources,
        )

    def to_pandas(self, *, index: Any = None) -> Any:
        """A :class:`pandas.DataFrame`: ``eligible``, ``status`` and one status column per criterion (categoricals)."""
        from etableringsmodell.batch._extras import require

        pd = require("pandas", "BatchResult.to_pandas")
        labels = [s.value for s in _STATUS_OF_CODE]
        data: dict[str, Any] = {"eligible": self.eligible}
        data["status"] = pd.Categorical.from_codes(self.codes, labels)
        for name, column in zip(self.column_names(), self.columns, strict=True):
            data[name] = pd.Categorical.from_codes(column.codes, labels)
        return pd.DataFrame(data, index=index)

    def to_arrow(self, *, dictionary: bool = True) -> Any:
        """An Arrow table: ``eligible``, ``status`` and one status column per criterion.

        The statuses are dictionary-encoded strings, or plain strings with
        ``dictionary=False`` (for engines that take no dictionary type, such as
        Spark's ``mapInArrow``).
        """
        from etableringsmodell.batch._extras import require

        pa = require("pyarrow", "BatchResult.to_arrow")
        labels = pa.array([s.value for s in _STATUS_OF_CODE])
        names = ["eligible", "status", *self.column_names()]
        arrays = [pa.array(self.eligible)]
        for codes in (self.codes, *(c.codes for c in self.columns)):
            encoded = pa.DictionaryArray.from_arrays(pa.array(codes), labels)
            arrays.append(encoded if dictionary else encoded.cast(pa.string()))
        return pa.table(arrays, names=names)


# ---- entry point --------------------------------------------------------------


def evaluate(table: Table, rule: Rule, on: date, *, rename: Mapping[str, str] | None = None) -> BatchResult:
    """Judge every row of ``table`` against ``rule`` on the reference date ``on``.

    ``table`` is a mapping of column names to numpy arrays, a pandas
    ``DataFrame`` or an Arrow ``Table`` (see :mod:`etableringsmodell.batch.columns`
    for the column names; ``rename`` maps them to the table's own). ``rule``
    is anything :func:`~etableringsmodell.rules.eligibility.check_eligibility`
    takes: a criterion, an agreement, a track or a catalogue programme.
    Row ``i`` gets the verdict ``check_eligibility`` would give the participant
    in row ``i``, criterion by criterion.
    """
    if type(on) is not date and (not isinstance(on, date) or isinstance(on, datetime)):
        raise InvalidTypeError("on", f"must be a datetime.date, got {type(on).__name__}")
    criterion = resolve_rule(rule, on)
    columns = table if isinstance(table, ColumnTable) else ColumnTable(table, rename)
    out: list[CriterionColumn | None] = []
    _walk(criterion, FormRun(columns), on, out, 0)
    return BatchResult(criterion, on, tuple(c for c in out if c is not None))


def _walk(c: Criterion, run: FormRun, on: date, out: list[CriterionColumn | None], depth: int) -> Codes:
    kind = type(c)
    if kind is AllOf or kind is AnyOf or isinstance(c, (AllOf, AnyOf)):
        index = len(out)
        out.append(None)  # the composite goes first, as in Decision.reasons
        parts = [_walk(part, run, on, out, depth + 1) for part in c.criteria]  # type: ignore[attr-defined]
        combine = np.minimum if isinstance(c, AllOf) else np.maximum
        codes = parts[0].copy()
        for part in parts[1:]:
            combine(codes, part, out=codes)
        out[index] = CriterionColumn(c, depth, leaf=False, codes=codes)
        return codes
    if isinstance(c, Not):
        index = len(out)
        out.append(None)
        inner = _walk(c.criterion, run, on, out, depth + 1)
        codes = np.subtract(PASSED, inner, dtype=np.int8)
        out[index] = CriterionColumn(c, depth, leaf=False, codes=codes)
        return codes
    found = _find(kind)
    if isinstance(found, _FormEvaluator):
        codes = run.codes(found.builder(c, on))
    else:
        codes = _checked(kind, found(c, run.table, on), len(run.table))
    out.append(CriterionColumn(c, depth, leaf=True, codes=codes))
    return codes
