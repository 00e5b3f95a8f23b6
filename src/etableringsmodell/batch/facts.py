"""Columnar evaluators for ages on another date, the 2010 plan rules and assessed facts.

Each mirrors its scalar evaluator in :mod:`etableringsmodell.rules.eligibility`
verdict for verdict, including which missing fact is *undetermined*. Columns,
beside those of :mod:`etableringsmodell.batch.columns` and
:mod:`etableringsmodell.batch.requirements`:

===============================  ===========================================================
column                           holds
===============================  ===========================================================
``fact_<kind>``                  one per :class:`~etableringsmodell.model.FactKind`, named by
                                 its value (``fact_registered_job_seeker``): booleans, null
                                 (``None``, ``pd.NA``) where not assessed. A table without
                                 the column has the fact for no row: every row undetermined.
``fact_<kind>_on``               optional: the day the fact was assessed (null: undated).
                                 A fact assessed after the reference date is undetermined.
``first_permit_granted_on``      the day the first residence permit was granted (the anchor
                                 :attr:`~etableringsmodell.model.ArrivalAnchor.FIRST_PERMIT_GRANTED`)
===============================  ===========================================================

An age on another date and a plan's deadline vary row by row, so these are
computed with :mod:`etableringsmodell.calendar` once per *distinct* date
(``latest_birth_date`` per anchor day, ``add_span`` per registration or
plan-start day), never re-implemented.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from etableringsmodell.batch.columns import NAT, ColumnTable
from etableringsmodell.batch.eligibility import (
    ANCHOR_COLUMNS,
    FAILED,
    PASSED,
    UNDETERMINED,
    Codes,
    _day,
    register_column_evaluator,
)
from etableringsmodell.calendar import add_span, latest_birth_date
from etableringsmodell.model.criteria import AgeWhen, EstablishmentPlanInTime, FactIs, PlanStartedBefore
from etableringsmodell.model.participant import FactKind, Participant

__all__ = ["fact_column", "fact_columns", "fact_date_column"]

_Days = npt.NDArray[np.int64]
_EPOCH = date(1970, 1, 1)


def fact_column(kind: FactKind) -> str:
    """The cohort column of an assessed fact: ``fact_registered_job_seeker``."""
    return f"fact_{kind.value}"


def fact_date_column(kind: FactKind) -> str:
    """The column of the day an assessed fact was assessed: ``fact_registered_job_seeker_on``."""
    return f"fact_{kind.value}_on"


def fact_columns(participants: list[Participant]) -> dict[str, npt.NDArray[Any]]:
    """The ``fact_<kind>`` and ``fact_<kind>_on`` columns of :class:`Participant` objects."""
    columns: dict[str, npt.NDArray[Any]] = {}
    for kind in FactKind:
        found = [p.fact(kind) for p in participants]
        columns[fact_column(kind)] = np.array([None if f is None else f.value for f in found], dtype=object)
        columns[fact_date_column(kind)] = np.array(
            ["NaT" if f is None or f.assessed_on is None else f.assessed_on.isoformat() for f in found],
            dtype="datetime64[D]",
        )
    return columns


def _per_distinct(days: _Days, *computes: Callable[[date], date]) -> list[_Days]:
    """Each ``compute(day)`` for each known row, called once per distinct day; NAT stays NAT."""
    known = days != NAT
    distinct, inverse = np.unique(days[known], return_inverse=True)
    inverse = inverse.reshape(-1)
    starts = [date.fromordinal(_EPOCH.toordinal() + int(d)) for d in distinct]
    results = []
    for compute in computes:
        values = np.array([(compute(day) - _EPOCH).days for day in starts], dtype=np.int64)
        out = np.full(len(days), NAT, dtype=np.int64)
        out[known] = values[inverse]
        results.append(out)
    return results


def _anchor_days(table: ColumnTable, anchor: Any) -> _Days:
    return table.days(ANCHOR_COLUMNS[anchor])


def _age_when(c: AgeWhen, table: ColumnTable, on: date) -> Codes:
    anchor = _anchor_days(table, c.anchor)
    birth = table.days("birth_date")
    known = anchor != NAT
    # age_on(b, a) >= n exactly when b <= latest_birth_date(a, n), as on the
    # reference-date path, with one threshold per distinct anchor day.
    bounds: list[Callable[[date], date]] = [lambda a: latest_birth_date(a, c.min or 0, c.convention)]
    if c.max is not None:
        high = c.max
        bounds.append(lambda a: latest_birth_date(a, high + 1, c.convention))
    thresholds = _per_distinct(anchor, *bounds)
    passed = known & (birth <= thresholds[0])
    if len(thresholds) > 1:
        passed &= birth > thresholds[1]
    codes: Codes = np.where(passed, PASSED, FAILED).astype(np.int8)
    unknown = ~known
    if c.min is not None:
        # As the scalar path: without the anchor, someone already under ``min`` on the
        # reference date fails, since the anchor can be no later than that date.
        too_young_now = birth > _day(latest_birth_date(on, c.min, c.convention))
        codes[unknown & ~too_young_now] = UNDETERMINED
    else:
        codes[unknown] = UNDETERMINED
    return codes


def _plan_in_time(c: EstablishmentPlanInTime, table: ColumnTable, on: date) -> Codes:
    anchor = _anchor_days(table, c.anchor)
    start = table.days("plan_started_on")
    end = table.days("plan_ended_on")
    today = _day(on)
    anchor_known = anchor != NAT
    (deadline,) = _per_distinct(anchor, lambda a: add_span(a, c.deadline))
    extra = timedelta(days=1) if c.inclusive_end else timedelta(0)
    (plan_end,) = _per_distinct(start, lambda s: add_span(s, c.max_length) + extra)
    no_plan = (start == NAT) | (start > today)
    # The scalar evaluator's order of tests, row by row: no plan, ended, ran out, deadline unknown, late.
    codes = np.full(len(table), PASSED, dtype=np.int8)
    with_plan = ~no_plan
    ended = with_plan & (end != NAT) & (end < today)
    ran_out = with_plan & ~ended & (today >= plan_end)
    open_plan = with_plan & ~ended & ~ran_out
    codes[open_plan & ~anchor_known] = UNDETERMINED
    codes[open_plan & anchor_known & (start > deadline)] = FAILED
    codes[ended | ran_out] = FAILED
    codes[no_plan & anchor_known & (today > deadline)] = FAILED
    codes[no_plan & ~anchor_known] = UNDETERMINED
    return codes


def _plan_started_before(c: PlanStartedBefore, table: ColumnTable, on: date) -> Codes:
    start = table.days("plan_started_on")
    passed = (start != NAT) & (start < _day(c.day))
    return np.where(passed, PASSED, FAILED).astype(np.int8)


def _fact_is(c: FactIs, table: ColumnTable, on: date) -> Codes:
    name = fact_column(c.kind)
    rows = len(table)
    if not table.has(name):
        # No column: the table knows the fact for no one, as a participant without it.
        return np.full(rows, UNDETERMINED, dtype=np.int8)
    values, missing = table.ternary(name)
    codes: Codes = np.where(values == c.value, PASSED, FAILED).astype(np.int8)
    if missing is not None:
        codes[missing] = UNDETERMINED
    dated = fact_date_column(c.kind)
    if table.has(dated):
        assessed = table.days(dated)
        codes[(assessed != NAT) & (assessed > _day(on))] = UNDETERMINED
    return codes


register_column_evaluator(AgeWhen, _age_when)
register_column_evaluator(EstablishmentPlanInTime, _plan_in_time)
register_column_evaluator(PlanStartedBefore, _plan_started_before)
register_column_evaluator(FactIs, _fact_is)
