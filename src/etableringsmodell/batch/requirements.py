"""Columnar evaluators for the requirement criteria: education, SFI, competences, plans, family ties.

Each mirrors its scalar evaluator in :mod:`etableringsmodell.rules.eligibility`
verdict for verdict, including which missing fact is *undetermined* and which
fails. Columns, beside those of :mod:`etableringsmodell.batch.columns`:

================================  ==========================================================
column                            holds
================================  ==========================================================
``education``                     SUN 2020 level 1-7; ``0`` or null: not recorded
``swedish``                       highest SFI course 1-4 (A-D); ``0`` or null: none
``parent_in_sweden``              booleans; null (``None``, ``pd.NA``): not known
``plan_started_on``               first day of the establishment or action plan; null: none
``plan_ended_on``                 its last day; null: still running
``permit_applied_on``             the permit application's date
``sponsor_received_on``           the day the person joined was received in a municipality
``sponsor_is_swedish_citizen``    booleans; null: not known
``occupations``                   a list per row: the SSYK 2012 codes of every competence
``experience_years``              a list per row, beside ``occupations``: each competence's
                                  experience in years (pint's year); null: not known
``validated_occupations``         a list per row: the codes of the validated competences
``interests``                     a list per row: branches named (free text)
================================  ==========================================================

List columns are Arrow ``list<string>`` columns, or pandas or numpy object
columns of lists, tuples or sets. A family-tie deadline counts from each row's
own sponsor date, so it is the one rule here that needs calendar arithmetic
per row; it is done once per distinct date by
:func:`~etableringsmodell.calendar.add_span`, never re-implemented.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from etableringsmodell.batch.columns import NAT, ColumnTable
from etableringsmodell.batch.eligibility import (
    FAILED,
    PASSED,
    UNDETERMINED,
    Codes,
    _codes,
    _day,
    register_column_evaluator,
)
from etableringsmodell.calendar import add_span, earliest_start
from etableringsmodell.errors import InvalidValueError
from etableringsmodell.model.criteria import (
    EducationAtLeast,
    EducationBelow,
    EstablishmentPlan,
    ExperienceAtLeast,
    FamilyTieWithin,
    InterestIn,
    NoParentInSweden,
    NotAssessed,
    OccupationIn,
    SwedishAtLeast,
    Validated,
)
from etableringsmodell.model.enums import EducationLevel, PermitGround, SfiCourse

__all__: list[str] = []  # the evaluators are registered on import; nothing to call

_Bools = npt.NDArray[np.bool_]


def _lookup(members: list[Any], verdict: Any, missing: np.int8) -> npt.NDArray[np.int8]:
    # A missing category (None) is never indexed, its rows point at the last slot; give it that slot's code.
    return np.array([missing if m is None else verdict(m) for m in members] + [missing], dtype=np.int8)


def _education_at_least(c: EducationAtLeast, table: ColumnTable, on: date) -> Codes:
    indices, members = table.codes("education", EducationLevel, zero_missing=True)
    result: Codes = _lookup(members, lambda m: PASSED if m >= c.level else FAILED, UNDETERMINED)[indices]
    return result


def _education_below(c: EducationBelow, table: ColumnTable, on: date) -> Codes:
    indices, members = table.codes("education", EducationLevel, zero_missing=True)
    result: Codes = _lookup(members, lambda m: PASSED if m < c.level else FAILED, UNDETERMINED)[indices]
    return result


def _swedish_at_least(c: SwedishAtLeast, table: ColumnTable, on: date) -> Codes:
    # No course recorded fails, as on the scalar path: SFI is a fact the record has.
    indices, members = table.codes("swedish", SfiCourse, zero_missing=True)
    result: Codes = _lookup(members, lambda m: PASSED if m >= c.course else FAILED, FAILED)[indices]
    return result


def _no_parent_in_sweden(c: NoParentInSweden, table: ColumnTable, on: date) -> Codes:
    values, missing = table.ternary("parent_in_sweden")
    return _codes(~values, missing)


def _not_assessed(c: NotAssessed, table: ColumnTable, on: date) -> Codes:
    return np.full(len(table), UNDETERMINED, dtype=np.int8)


def _establishment_plan(c: EstablishmentPlan, table: ColumnTable, on: date) -> Codes:
    start = table.days("plan_started_on")
    end = table.days("plan_ended_on")
    today = _day(on)
    # A plan that ended before ``on`` still counts while ``on`` is within
    # ``ended_within`` of its last day: for every end before ``on``, that is
    # ``end >= earliest_start(on, ended_within)``, one threshold for all rows.
    threshold = _day(earliest_start(on, c.ended_within))
    started = (start != NAT) & (start <= today)
    running = (end == NAT) | (end >= threshold)
    return _codes(started & running, None)


def _deadlines(sponsor: npt.NDArray[np.int64], c: FamilyTieWithin) -> npt.NDArray[np.int64]:
    """``add_span(sponsor, within)`` for each row, computed once per distinct date."""
    assert c.within is not None  # noqa: S101  # only called with a window
    span = c.within
    known = sponsor != NAT
    distinct, inverse = np.unique(sponsor[known], return_inverse=True)
    epoch = date(1970, 1, 1)
    ends = np.array(
        [(add_span(date.fromordinal(epoch.toordinal() + int(d)), span) - epoch).days for d in distinct],
        dtype=np.int64,
    )
    deadlines = np.full(len(sponsor), NAT, dtype=np.int64)
    deadlines[known] = ends[inverse.reshape(-1)]
    return deadlines


def _family_tie_within(c: FamilyTieWithin, table: ColumnTable, on: date) -> Codes:
    indices, members = table.codes("permit_ground", PermitGround)
    family = np.array([m is PermitGround.FAMILY_TIE for m in members] + [False])[indices]
    no_permit = indices < 0
    rows = len(table)
    failed = np.zeros(rows, dtype=np.bool_)
    missing = np.zeros(rows, dtype=np.bool_)
    applied: npt.NDArray[np.int64] | None = None
    if c.within is not None or c.applied_from is not None or c.applied_before is not None:
        applied = table.days("permit_applied_on")
        applied_known = applied != NAT
        missing |= ~applied_known
        if c.applied_from is not None:
            failed |= applied_known & (applied < _day(c.applied_from))
        if c.applied_before is not None:
            failed |= applied_known & (applied >= _day(c.applied_before))
    if c.within is not None or c.sponsor_received_after is not None:
        sponsor = table.days("sponsor_received_on")
        sponsor_known = sponsor != NAT
        missing |= ~sponsor_known
        if c.sponsor_received_after is not None:
            failed |= sponsor_known & (sponsor <= _day(c.sponsor_received_after))
        if c.within is not None and applied is not None:
            # Only the family-tie rows with both dates need their deadline.
            both = family & sponsor_known & (applied != NAT)
            deadline = _deadlines(np.where(both, sponsor, NAT), c)
            failed |= both & (applied > deadline)
    if c.swedish_sponsor_excluded:
        citizen, unknown = table.ternary("sponsor_is_swedish_citizen")
        if unknown is not None:
            missing |= unknown
            failed |= citizen & ~unknown
        else:
            failed |= citizen
    codes = np.where(failed, FAILED, np.where(missing, UNDETERMINED, PASSED)).astype(np.int8)
    codes[~family] = FAILED
    codes[no_permit] = UNDETERMINED
    return codes


def _any_prefix(table: ColumnTable, column: str, codes: frozenset[str] | None) -> _Bools:
    values, parents = table.lists(column)
    hit = np.ones(len(values), dtype=np.bool_) if codes is None else _prefixed(values, codes)
    found = np.zeros(len(table), dtype=np.bool_)
    found[parents[hit]] = True
    return found


def _experience_at_least(c: ExperienceAtLeast, table: ColumnTable, on: date) -> Codes:
    codes, parents = table.lists("occupations")
    years, year_parents = table.lists("experience_years", numbers=True)
    if not np.array_equal(parents, year_parents):
        raise InvalidValueError(
            table.name("experience_years"), "must have one entry for each entry of occupations, row by row"
        )
    matching = (
        np.ones(len(codes), dtype=np.bool_) if c.occupations is None else _prefixed(codes, c.occupations)
    )
    unknown = matching & np.isnan(years)
    known = matching & ~unknown
    rows = len(table)
    # Summed in years, competence by competence in row order, as the scalar path adds pint quantities.
    total = np.bincount(parents[known], weights=years[known], minlength=rows)
    passed = total >= c.minimum.to("years").magnitude
    undetermined = np.bincount(parents[unknown], minlength=rows) > 0
    return np.where(passed, PASSED, np.where(undetermined, UNDETERMINED, FAILED)).astype(np.int8)


def _prefixed(values: npt.NDArray[Any], codes: frozenset[str]) -> _Bools:
    text = values.astype(str)
    hit = np.zeros(len(values), dtype=np.bool_)
    for code in sorted(codes):
        # A competence meets a code it starts with (2221 meets 22), never the reverse.
        hit |= np.char.startswith(text, code)
    return hit


def _occupation_in(c: OccupationIn, table: ColumnTable, on: date) -> Codes:
    return _codes(_any_prefix(table, "occupations", c.codes), None)


def _validated(c: Validated, table: ColumnTable, on: date) -> Codes:
    return _codes(_any_prefix(table, "validated_occupations", c.occupations), None)


def _interest_in(c: InterestIn, table: ColumnTable, on: date) -> Codes:
    values, parents = table.lists("interests")
    if len(values):
        normalised = np.char.lower(np.char.strip(values.astype(str)))
        hit = np.isin(normalised, sorted(c.branches))
    else:
        hit = np.zeros(0, dtype=np.bool_)
    found = np.zeros(len(table), dtype=np.bool_)
    found[parents[hit]] = True
    return _codes(found, None)


register_column_evaluator(EducationAtLeast, _education_at_least)
register_column_evaluator(EducationBelow, _education_below)
register_column_evaluator(SwedishAtLeast, _swedish_at_least)
register_column_evaluator(NoParentInSweden, _no_parent_in_sweden)
register_column_evaluator(NotAssessed, _not_assessed)
register_column_evaluator(EstablishmentPlan, _establishment_plan)
register_column_evaluator(FamilyTieWithin, _family_tie_within)
register_column_evaluator(OccupationIn, _occupation_in)
register_column_evaluator(ExperienceAtLeast, _experience_at_least)
register_column_evaluator(Validated, _validated)
register_column_evaluator(InterestIn, _interest_in)
