"""Matching a whole cohort on columns: the fast path behind :func:`~etableringsmodell.rules.matching.assign`.

:func:`etableringsmodell.rules.matching.assign` decides what a fit is and
what an optimal assignment is; this module does the same sums for a whole
cohort at once, with numpy, and is used by ``assign`` for cohorts of
:data:`~etableringsmodell.rules.matching.COLUMNAR_FROM` participants or more
whenever numpy is installed. The answers are the same as the scalar path's
(the tests compare them on generated cohorts); only the time differs.

1. **Verdicts.** The tracks' entry rules and fit criteria repeat (the same
   age limits, branches and occupations over hundreds of tracks), so each
   *distinct* criterion is judged once, over the whole cohort as a column,
   by :func:`etableringsmodell.batch.evaluate` (the columnar evaluators of
   forms of :mod:`etableringsmodell.rules.forms`). Only the columns those
   criteria's forms read are built from the :class:`Participant` objects (building
   every column, with pint's unit conversions, costs more than the whole
   matching); a criterion this module does not know the columns of gets the
   full :func:`~etableringsmodell.batch.from_participants` table, and one no
   columnar evaluator exists for is judged by the scalar rule, person by
   person.
2. **Groups.** People whose verdicts agree on every distinct criterion get
   the same weight on every track, so the weights are computed once per
   distinct verdict row (a matrix product with each track's fit weights),
   and people whose weight rows agree form one group: the transportation
   problem is solved over groups x tracks, with group sizes as supplies.
3. **Solving.** Each track keeps only its best candidates (as many as there
   are places in all), HiGHS solves the linear programme, and its answer is
   checked exactly, in whole numbers (no negative cycle in the residual
   network, by Bellman-Ford over the tracks), before it is used; all three
   steps are the vectorised twins of the pure-Python ones in
   :mod:`etableringsmodell.rules.matching`.

Layers: the rules never import a face. ``assign`` reaches this module by
its name, through :func:`importlib.import_module` (as it reaches scipy), and
works without it; this module imports the rules, never the reverse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, cast

import attrs
import numpy as np
import numpy.typing as npt

from etableringsmodell.batch import eligibility as _batch_eligibility
from etableringsmodell.batch.columns import NAT, ColumnTable, from_participants
from etableringsmodell.batch.eligibility import PASSED, evaluate
from etableringsmodell.errors import MissingColumnError, MissingExtraError, UnknownCriterionError
from etableringsmodell.model.criteria import AllOf, AnyOf, Criterion, Not
from etableringsmodell.model.participant import Participant
from etableringsmodell.rules.forms import Column, leaf_form
from etableringsmodell.rules.matching import _SCALE

__all__ = ["candidates", "grouped_weights", "is_optimal", "rows", "solve", "transport_scipy", "verdicts"]

Weights = npt.NDArray[np.int64]
"""Groups x tracks: each group's weight on each track, :data:`INELIGIBLE` where it may not enter."""
Amounts = npt.NDArray[np.int64]
"""Groups x tracks: how many of each group are placed in each track."""
INELIGIBLE = -1
"""The weight of a pair that may not be used; real weights are at least 1 (see ``rules.matching._weights``)."""

_EPOCH = date(1970, 1, 1).toordinal()


# ---- the columns the criteria read ------------------------------------------


def _dates(values: Iterable[date | None]) -> npt.NDArray[np.datetime64]:
    # Ordinals rather than ISO strings: the same datetime64[D] values as from_participants, without parsing.
    days = np.fromiter((NAT if d is None else d.toordinal() - _EPOCH for d in values), dtype=np.int64)
    return days.view("datetime64[D]")


def _objects(values: Iterable[Any], size: int) -> npt.NDArray[Any]:
    column = np.empty(size, dtype=object)
    for row, value in enumerate(values):
        column[row] = value  # one tuple per row: assigning the list at once could make a 2-D array
    return column


def _column(name: str, people: Sequence[Participant]) -> npt.NDArray[Any]:  # noqa: PLR0911  # one answer per column
    """One column of :func:`~etableringsmodell.batch.from_participants`, built alone (the tests compare them)."""
    if name == "birth_date":
        return _dates(p.birth_date for p in people)
    if name == "received_on":
        return _dates(p.received_on for p in people)
    if name == "first_registered_on":
        return _dates(p.first_registered_on for p in people)
    if name == "permit_granted_on":
        return _dates(p.permit.granted_on if p.permit else None for p in people)
    if name == "first_permit_granted_on":
        return _dates(
            (p.permit.first_granted_on or p.permit.granted_on) if p.permit else None for p in people
        )
    if name == "permit_ground":
        return np.array([p.permit.ground.value if p.permit else None for p in people], dtype=object)
    if name == "education":
        return np.array([0 if p.education is None else int(p.education) for p in people], dtype=np.int8)
    if name == "swedish":
        return np.array([0 if p.swedish is None else int(p.swedish) for p in people], dtype=np.int8)
    if name == "occupations":
        return _objects((tuple(k.occupation for k in p.competences) for p in people), len(people))
    if name == "validated_occupations":
        return _objects(
            (tuple(k.occupation for k in p.competences if k.validated) for p in people), len(people)
        )
    if name == "interests":
        return _objects((tuple(sorted(p.interests)) for p in people), len(people))
    situation = name.removeprefix("situation_")
    return np.array([any(s.value == situation for s in p.situations) for p in people], dtype=np.bool_)


_BUILT_HERE = frozenset(
    {
        "birth_date",
        "received_on",
        "first_registered_on",
        "permit_granted_on",
        "first_permit_granted_on",
        "permit_ground",
        "education",
        "swedish",
        "occupations",
        "validated_occupations",
        "interests",
    }
)
"""The columns :func:`_column` builds itself (and every ``situation_*`` column)."""


def _form_columns(node: object, into: set[str]) -> None:
    """The names of the columns a criterion's form reads (its :class:`~etableringsmodell.rules.forms.Column` nodes)."""
    if isinstance(node, Column):
        into.add(node.name)
    elif isinstance(node, tuple):
        for part in node:
            _form_columns(part, into)
    elif attrs.has(type(node)):
        for a in attrs.fields(cast("type[attrs.AttrsInstance]", type(node))):
            _form_columns(getattr(node, a.name), into)


def _columns_read(criteria: Iterable[Criterion], on: date) -> set[str] | None:
    """The columns judging ``criteria`` reads, from their forms; ``None`` if any is not known here.

    Each criterion's form (:mod:`etableringsmodell.rules.forms`) names the
    columns it reads, so this list is never written twice. A criterion with a
    numpy evaluator of the user's own may read anything: it gets every column.
    A criterion with neither is judged by the scalar rule and reads none.
    """
    needed = {"birth_date"}  # never empty: a table of no columns would have no rows
    pending = list(criteria)
    while pending:
        criterion = pending.pop()
        if isinstance(criterion, AllOf | AnyOf):
            pending.extend(criterion.criteria)
            continue
        if isinstance(criterion, Not):
            pending.append(criterion.criterion)
            continue
        if any(base in _batch_eligibility._EVALUATORS for base in type(criterion).__mro__):
            return None
        try:
            form = leaf_form(criterion, on)
        except UnknownCriterionError:
            continue
        names: set[str] = set()
        _form_columns(form, names)
        if not all(name in _BUILT_HERE or name.startswith("situation_") for name in names):
            return None
        needed |= names
    return needed


def _table(people: Sequence[Participant], criteria: Sequence[Criterion], on: date) -> ColumnTable:
    needed = _columns_read(criteria, on)
    if needed is None:
        return ColumnTable(from_participants(people))
    return ColumnTable({name: _column(name, people) for name in sorted(needed)})


def verdicts(
    people: Sequence[Participant],
    on: date,
    distinct: Sequence[Criterion],
    judge: Callable[[Criterion, Participant], bool],
) -> npt.NDArray[np.bool_]:
    """Whether each person passes each criterion on ``on``: criteria x people.

    Each criterion is judged once over the whole cohort by the columnar
    evaluators; ``judge(criterion, person)`` (the scalar rule) judges a
    criterion that has none.
    """
    result = np.zeros((len(distinct), len(people)), dtype=np.bool_)
    if not people:
        return result
    table = _table(people, distinct, on)
    for j, criterion in enumerate(distinct):
        try:
            codes = evaluate(table, criterion, on).codes
        except UnknownCriterionError:
            result[j] = np.fromiter((judge(criterion, p) for p in people), dtype=np.bool_, count=len(people))
            continue
        except MissingColumnError:
            # Not expected (_READS names every column), but the full table is always right.
            table = ColumnTable(from_participants(people))
            codes = evaluate(table, criterion, on).codes
        result[j] = codes == PASSED
    return result


def _distinct_rows(matrix: npt.NDArray[Any]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Each distinct row's first index and each row's distinct row, distinct rows in order of first appearance."""
    rows = np.ascontiguousarray(matrix)
    keys = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).reshape(-1)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return first[order], rank[inverse.reshape(-1)]


def grouped_weights(
    people: Sequence[Participant],
    on: date,
    distinct: Sequence[Criterion],
    *,
    entry_slots: Sequence[int],
    fit_slots: Sequence[Sequence[tuple[int, int]]],
    judge: Callable[[Criterion, Participant], bool],
) -> tuple[Weights, npt.NDArray[np.intp]]:
    """Each group's weight per track, and each person's group.

    ``entry_slots[k]`` is the index in ``distinct`` of track ``k``'s entry
    rule, ``fit_slots[k]`` its fit criteria as (index, weight) pairs. The
    weights are ``rules.matching._weights`` of the fit score, computed with
    the same floating-point operations (a division, a product with
    ``_SCALE``, round half to even), so they agree to the unit. Groups are
    numbered in order of their first member in ``people``.
    """
    n, m = len(people), len(entry_slots)
    if n == 0:
        return np.zeros((0, m), dtype=np.int64), np.zeros(0, dtype=np.intp)
    if m == 0:  # no tracks: everyone alike
        return np.zeros((1, 0), dtype=np.int64), np.zeros(n, dtype=np.intp)
    passed = verdicts(people, on, distinct, judge)
    packed = np.packbits(passed, axis=0).T  # one row of bytes per person
    first, kind = _distinct_rows(packed)
    unique = passed[:, first].T  # distinct verdict rows x criteria
    fit = np.zeros((len(distinct), m), dtype=np.int64)
    for k, pairs in enumerate(fit_slots):
        for slot, weight in pairs:
            fit[slot, k] += weight  # a criterion listed twice counts twice, as on the scalar path
    totals = fit.sum(axis=0)
    met = unique.astype(np.int64) @ fit
    score = np.divide(met, totals, out=np.zeros(met.shape), where=totals > 0)
    weights = np.rint(score * _SCALE).astype(np.int64) * (n + 1) + 1
    weights[~unique[:, list(entry_slots)]] = INELIGIBLE
    # Verdict rows that differ only in criteria no track's weight feels share a group.
    group_first, group_of_kind = _distinct_rows(weights)
    return weights[group_first], group_of_kind[kind]


def rows(weights: Weights) -> list[tuple[int | None, ...]]:
    """``weights`` as the scalar path's rows: Python integers, ``None`` where not eligible."""
    marked = weights.astype(object)  # Python ints, and None where not eligible
    marked[weights == INELIGIBLE] = None
    return [tuple(row) for row in marked.tolist()]


# ---- solving ----------------------------------------------------------------


def candidates(weights: Weights, supply: npt.NDArray[np.int64], capacity: Sequence[int]) -> Weights:
    """``weights`` with each track kept only for its best groups, as many people as there are places.

    The vectorised ``rules.matching._candidates``: the same pairs, the same
    ties (the earlier group first).
    """
    places = min(int(sum(capacity)), int(supply.sum()))
    order = np.argsort(-weights, axis=0, kind="stable")  # INELIGIBLE sorts last: real weights are >= 1
    ranked = supply[order]
    before = np.cumsum(ranked, axis=0) - ranked
    tracks = np.arange(weights.shape[1])
    keep = np.zeros(weights.shape, dtype=np.bool_)
    keep[order, tracks] = before < places
    return np.where(keep & (weights != INELIGIBLE), weights, INELIGIBLE)


def transport_scipy(
    weights: Weights, supply: npt.NDArray[np.int64], capacity: Sequence[int]
) -> Amounts | None:
    """The transportation problem for HiGHS, as ``rules.matching._transport_scipy`` builds it; ``None`` if unusable."""
    try:
        from scipy.optimize import linprog
        from scipy.sparse import coo_array
    except ImportError:
        raise MissingExtraError("scipy", "match", "assign(solver='scipy')") from None
    groups, m = weights.shape
    amounts = np.zeros((groups, m), dtype=np.int64)
    group_of, track_of = np.nonzero(weights != INELIGIBLE)
    if not len(group_of) or not any(capacity):
        return amounts
    count = len(group_of)
    columns = np.arange(count)
    matrix = coo_array(
        (
            np.ones(2 * count),
            (np.concatenate([group_of, groups + track_of]), np.concatenate([columns, columns])),
        ),
        shape=(groups + m, count),
    ).tocsc()
    bounds = np.concatenate([supply, np.asarray(capacity)]).astype(np.float64)
    gain = weights[group_of, track_of].astype(np.float64)  # whole numbers below 2**53: exact
    places = min(int(sum(capacity)), int(supply.sum()))
    for method in _methods(places, int(supply.sum())):
        result = linprog(-gain, A_ub=matrix, b_ub=bounds, bounds=(0, None), **method)
        if result.status != 0 or result.x is None:
            continue
        rounded = np.rint(result.x)
        if float(np.max(np.abs(result.x - rounded), initial=0.0)) > 1e-6:
            continue  # not a vertex: the next method
        amounts[group_of, track_of] = rounded.astype(np.int64)
        return amounts
    return None


def _methods(places: int, people: int) -> list[dict[str, Any]]:
    """HiGHS's methods to try, in order: each answer is used only if whole, then checked.

    Measured (benchmarks/bench_matching.py, groups x classes of tracks): when
    places are scarce (8,000 for 100,000 people) most candidates are
    interchangeable and the dual simplex is done in a few hundred pivots,
    0.2 s against the interior point's 0.8 s; when most people can be placed
    (8,000 places for 10,000) the simplex needs thousands of pivots, 5.5 s,
    and the interior point (with crossover, so a vertex) 1.5 s. Presolve
    finds little to remove in a transportation problem and doubled the
    simplex's time on the first case.
    """
    simplex: dict[str, Any] = {"method": "highs-ds", "options": {"presolve": False}}
    interior: dict[str, Any] = {"method": "highs-ipm"}
    return [interior, simplex] if 2 * places > people else [simplex, interior]


_NO_EDGE = np.iinfo(np.int64).max // 4
"""A cost no real path reaches (weights are below 2**53), and far enough from overflow to add to."""


def is_optimal(
    weights: Weights, supply: npt.NDArray[np.int64], capacity: Sequence[int], amounts: Amounts
) -> bool:
    """Whether ``amounts`` is feasible and of maximal weight: the vectorised ``rules.matching._is_optimal``.

    The same residual network over the tracks, "unplaced" (``m``) and the
    sink (``m + 1``), in whole numbers; Bellman-Ford relaxes every edge at
    once each round, so it settles within ``m + 2`` rounds unless a negative
    cycle (a better assignment) exists.
    """
    groups, m = weights.shape
    eligible = weights != INELIGIBLE
    if np.any(amounts < 0) or np.any((amounts > 0) & ~eligible):
        return False
    left = supply - amounts.sum(axis=1)
    used = amounts.sum(axis=0)
    if np.any(left < 0) or np.any(used > np.asarray(capacity)):
        return False
    unplaced, sink = m, m + 1
    # Each group's weight on every track and on "unplaced" (0); moving to an ineligible track is no edge.
    extended = np.concatenate([weights, np.zeros((groups, 1), dtype=np.int64)], axis=1)
    reachable = np.concatenate([eligible, np.ones((groups, 1), dtype=np.bool_)], axis=1)
    cost = np.full((m + 2, m + 2), _NO_EDGE, dtype=np.int64)
    for x in range(m + 1):
        members = np.flatnonzero(amounts[:, x] > 0) if x < m else np.flatnonzero(left > 0)
        if not len(members):
            continue
        here = extended[members, x][:, None]
        steps = np.where(reachable[members], here - extended[members], _NO_EDGE)
        cheapest = steps.min(axis=0)
        cheapest[x] = _NO_EDGE  # staying put is no move
        cost[x, : m + 1] = cheapest
    tracks = np.arange(m)
    room = tracks[used < np.asarray(capacity)]
    cost[room, sink] = np.minimum(cost[room, sink], 0)
    taken = tracks[used > 0]
    cost[sink, taken] = np.minimum(cost[sink, taken], 0)
    cost[unplaced, sink] = min(int(cost[unplaced, sink]), 0)
    if np.any(left > 0):
        cost[sink, unplaced] = min(int(cost[sink, unplaced]), 0)
    distance = np.zeros(m + 2, dtype=np.int64)
    for _ in range(m + 3):
        relaxed = np.minimum(distance, (distance[:, None] + cost).min(axis=0))
        if np.array_equal(relaxed, distance):
            return True
        distance = relaxed
    return False


def _split(merged: Amounts, class_of: npt.NDArray[np.intp], capacity: Sequence[int]) -> Amounts:
    """Amounts per class of identical tracks, shared out: each class's earlier tracks filled first."""
    amounts = np.zeros((merged.shape[0], len(class_of)), dtype=np.int64)
    left = [int(c) for c in capacity]
    tracks_of: list[list[int]] = [[] for _ in range(merged.shape[1])]
    for k, c in enumerate(class_of.tolist()):
        tracks_of[c].append(k)
    groups, classes = merged.nonzero()  # row by row: earlier groups first
    for g, c, total in zip(groups.tolist(), classes.tolist(), merged[groups, classes].tolist(), strict=True):
        remaining = total
        for k in tracks_of[c]:
            take = min(remaining, left[k])
            amounts[g, k] += take
            left[k] -= take
            remaining -= take
            if not remaining:
                break
    return amounts


def solve(weights: Weights, sizes: Sequence[int], capacity: Sequence[int]) -> Amounts | None:
    """HiGHS's optimum, checked exactly; ``None`` if it fails the check.

    ``sizes``: each group's number of members (its supply). Tracks whose
    weight columns are identical (the same entry rule and fit criteria) are
    interchangeable, so they are solved as one with their capacities added,
    over the candidate pairs only, and shared out afterwards; the check is
    on the problem as given.
    """
    supply = np.asarray(sizes, dtype=np.int64)
    if not weights.size:  # no tracks, or no one: nothing to place
        return np.zeros(weights.shape, dtype=np.int64)
    first, class_of = _distinct_rows(weights.T)
    merged_capacity = np.zeros(len(first), dtype=np.int64)
    np.add.at(merged_capacity, class_of, np.asarray(capacity, dtype=np.int64))
    merged = transport_scipy(
        candidates(weights[:, first], supply, merged_capacity.tolist()), supply, merged_capacity.tolist()
    )
    if merged is None:
        return None
    amounts = _split(merged, class_of, capacity)
    if not is_optimal(weights, supply, capacity, amounts):
        return None
    return amounts
