"""Grouped figures over columns: eligibility, ages, goal progress and outcome rates.

A group is any column of keys, one per row: a municipality code (kommunkod),
an age from :func:`ages_on`, a month (``dates.astype("datetime64[M]")``). Each
function counts with numpy and then hands the few per-group totals to the
scalar rules (:func:`~etableringsmodell.rules.goals.goal_progress`,
:func:`~etableringsmodell.rules.outcomes.wilson_interval`), so every figure
follows the same conventions and cites the same sources as the scalar path.
A row whose key is missing (``None``, ``NaN``, ``NaT``) is counted under the
key ``None``, never dropped.

>>> import numpy as np
>>> from datetime import date
>>> ages_on(np.array(["1986-06-01", "1986-06-02", "2004-02-29"], dtype="datetime64[D]"), date(2004, 6, 1)).tolist()
[18, 17, 0]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from attrs import frozen

from etableringsmodell.batch.columns import NAT, _factorize
from etableringsmodell.batch.eligibility import FAILED, PASSED, UNDETERMINED, BatchResult
from etableringsmodell.calendar import MissingDay, latest_birth_date
from etableringsmodell.errors import InvalidTypeError, InvalidValueError
from etableringsmodell.i18n import N_
from etableringsmodell.model.enums import OutcomeKind
from etableringsmodell.model.programme import Goal
from etableringsmodell.rules.goals import Progress, goal_progress
from etableringsmodell.rules.outcomes import (
    OFFICIAL_FOLLOW_UP_DAYS,
    OFFICIAL_MEASURE,
    WILSON_1927,
    WORK_OR_STUDIES,
    OutcomeRate,
    wilson_interval,
)

__all__ = [
    "GroupCounts",
    "ages_on",
    "eligibility_by",
    "goal_progress_by",
    "goal_progress_monthly",
    "outcome_rate_by",
]

MAX_AGE = 130
"""Ages are counted up to this; an older birth date is an error, not a silent cap."""

_EPOCH = date(1970, 1, 1)


def _days(values: Any, name: str) -> npt.NDArray[np.int64]:
    array = np.asarray(values)
    if array.dtype.kind != "M":
        try:
            array = array.astype("datetime64[D]")
        except (TypeError, ValueError):
            raise InvalidTypeError(name, f"must hold dates, got dtype {array.dtype}") from None
    result: npt.NDArray[np.int64] = array.astype("datetime64[D]").view(np.int64)
    return result


def _group(keys: Any, rows: int, name: str) -> tuple[npt.NDArray[np.intp], list[Any]]:
    """Each row's group index and the groups' keys, ``None`` last for missing keys."""
    array = np.asarray(keys)
    if array.shape != (rows,):
        raise InvalidValueError(name, f"has {array.shape[0] if array.ndim else 0} rows, expected {rows}")
    if array.dtype.kind == "M":
        missing = np.isnat(array)
        array = array.astype(object) if missing.any() else array
    if array.dtype.kind == "f":
        array = array.astype(object)
    indices, uniques = _factorize(array)
    if array.dtype.kind == "O":
        try:
            order = sorted(range(len(uniques)), key=lambda i: uniques[i])
        except TypeError:  # keys of mixed types keep their order of first appearance
            order = list(range(len(uniques)))
        rank = np.empty(len(uniques) + 1, dtype=np.intp)
        rank[order] = np.arange(len(uniques))
        rank[-1] = -1
        indices = rank[indices]
        uniques = [uniques[i] for i in order]
    if (indices < 0).any():
        indices = np.where(indices < 0, len(uniques), indices)
        uniques = [*uniques, None]
    return indices, uniques


def ages_on(
    birth_dates: Any, on: date, convention: MissingDay = MissingDay.LAST_DAY_OF_MONTH
) -> npt.NDArray[np.int16]:
    """Each person's age in whole years on ``on``, as :func:`~etableringsmodell.calendar.age_on` counts it.

    ``-1`` for a missing birth date or one after ``on``. The age is found by
    comparing the birth date with ``latest_birth_date(on, a)`` for every age
    ``a``, each computed once, so the 29 February convention is the calendar's own.
    """
    births = _days(birth_dates, "birth_dates")
    # Thresholds for ages 1..MAX_AGE+1, ascending: the oldest first.
    thresholds = np.array(
        [(latest_birth_date(on, a, convention) - _EPOCH).days for a in range(MAX_AGE + 1, 0, -1)],
        dtype=np.int64,
    )
    known = births != NAT
    if known.any() and births[known].min() <= thresholds[0]:
        raise InvalidValueError(
            "birth_dates", f"a birth date gives an age above {MAX_AGE} on {on.isoformat()}"
        )
    ages = (len(thresholds) - np.searchsorted(thresholds, births, side="left")).astype(np.int16)
    ages[(births > (on - _EPOCH).days) | ~known] = -1
    return ages


@frozen(eq=False)
class GroupCounts:
    """Eligibility counted per group: one entry per key, in key order (``None`` last)."""

    rule_id: str
    on: date
    keys: tuple[Any, ...]
    total: npt.NDArray[np.int64]
    eligible: npt.NDArray[np.int64]
    failed: npt.NDArray[np.int64]
    undetermined: npt.NDArray[np.int64]

    @property
    def share_eligible(self) -> npt.NDArray[np.float64]:
        result: npt.NDArray[np.float64] = self.eligible / np.maximum(self.total, 1)
        return result

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[tuple[Any, int, int, int, int]]:
        """``(key, total, eligible, failed, undetermined)`` for each group."""
        for i, key in enumerate(self.keys):
            yield (
                key,
                int(self.total[i]),
                int(self.eligible[i]),
                int(self.failed[i]),
                int(self.undetermined[i]),
            )

    def to_pandas(self, name: str = "group") -> Any:
        """A :class:`pandas.DataFrame` indexed by the group keys."""
        from etableringsmodell.batch._extras import require

        pd = require("pandas", "GroupCounts.to_pandas")
        return pd.DataFrame(
            {
                "total": self.total,
                "eligible": self.eligible,
                "failed": self.failed,
                "undetermined": self.undetermined,
                "share_eligible": self.share_eligible,
            },
            index=pd.Index(list(self.keys), name=name),
        )


def eligibility_by(result: BatchResult, groups: Any) -> GroupCounts:
    """How many rows of each group are eligible, not eligible and undetermined."""
    if not isinstance(result, BatchResult):
        raise InvalidTypeError("result", f"must be a BatchResult, got {type(result).__name__}")
    codes = result.codes
    index, keys = _group(groups, len(codes), "groups")
    size = len(keys)
    # One bincount over (group, status) pairs counts all three statuses at once.
    counts = np.bincount(index * 3 + codes, minlength=size * 3).reshape(size, 3).astype(np.int64)
    return GroupCounts(
        rule_id=result.rule_id,
        on=result.on,
        keys=tuple(keys),
        total=counts.sum(axis=1),
        eligible=counts[:, PASSED],
        failed=counts[:, FAILED],
        undetermined=counts[:, UNDETERMINED],
    )


def _counted(goal: Goal, days: npt.NDArray[np.int64], on: date) -> npt.NDArray[np.bool_]:
    """Events inside the goal's period and on or before ``on``: what counts as achieved by ``on``."""
    start = (goal.start - _EPOCH).days
    last = (min(on, goal.deadline) - _EPOCH).days
    result: npt.NDArray[np.bool_] = (days >= start) & (days <= last)
    return result


def goal_progress_by(
    goal: Goal,
    event_dates: Any,
    on: date,
    *,
    groups: Any = None,
    targets: Mapping[Any, int] | None = None,
) -> dict[Any, Progress]:
    """:func:`~etableringsmodell.rules.goals.goal_progress` per group, counting dated events.

    ``event_dates`` holds the date of each event (a placement, a start), one
    row each; an event counts when it falls in the goal's period on or before
    ``on``. ``targets`` gives a group its own target (the goal's id then gets
    ``:<key>``); a group with events but no target is an error rather than
    judged against the whole goal's target. Without ``groups``, the one key
    is ``None``.
    """
    if not isinstance(goal, Goal):
        raise InvalidTypeError("goal", f"must be a Goal, got {type(goal).__name__}")
    days = _days(event_dates, "event_dates")
    counted = _counted(goal, days, on)
    if groups is None:
        index, keys = np.zeros(len(days), dtype=np.intp), [None]
    else:
        index, keys = _group(groups, len(days), "groups")
    achieved = np.bincount(index[counted], minlength=len(keys))
    per_group = dict(zip(keys, achieved.tolist(), strict=True))
    if targets is not None:
        unknown = [k for k in keys if k not in targets]
        if unknown:
            raise InvalidValueError("targets", f"no target for the groups {unknown!r}")
        for key in targets:
            per_group.setdefault(key, 0)
    progress: dict[Any, Progress] = {}
    for key, count in per_group.items():
        target_goal = (
            goal if targets is None else attrs.evolve(goal, id=f"{goal.id}:{key}", target=targets[key])
        )
        progress[key] = goal_progress(target_goal, int(count), on)
    return progress


def _month_ends(start: date, until: date) -> Iterable[date]:
    year, month = start.year, start.month
    while True:
        if (year, month) == (date.max.year, 12):
            # December 9999 ends on the calendar's last day, which ``until`` cannot pass.
            yield until
            return
        following = date(year + month // 12, month % 12 + 1, 1)
        end = following - timedelta(days=1)
        if end >= until:
            yield until
            return
        yield end
        year, month = following.year, following.month


def goal_progress_monthly(goal: Goal, event_dates: Any, until: date) -> list[Progress]:
    """The goal's progress at the end of each month from its start, and on ``until``.

    ``until`` is capped at the deadline. Each entry counts the events on or
    before its day, as :func:`goal_progress_by` does: a series to plot.
    """
    if not isinstance(goal, Goal):
        raise InvalidTypeError("goal", f"must be a Goal, got {type(goal).__name__}")
    last = min(until, goal.deadline)
    if last < goal.start:
        raise InvalidValueError(
            "until", f"{until.isoformat()} is before the goal's start {goal.start.isoformat()}"
        )
    days = _days(event_dates, "event_dates")
    inside = np.sort(days[_counted(goal, days, last)])
    series = []
    for day in _month_ends(goal.start, last):
        achieved = int(np.searchsorted(inside, (day - _EPOCH).days, side="right"))
        series.append(goal_progress(goal, achieved, day))
    return series


def outcome_rate_by(
    kinds: Any,
    days_after_exit: Any,
    groups: Any = None,
    *,
    counted: Iterable[OutcomeKind] = WORK_OR_STUDIES,
    after: int = OFFICIAL_FOLLOW_UP_DAYS,
    confidence: float = 0.95,
    participant_ids: Any = None,
) -> dict[Any, OutcomeRate | None]:
    """:func:`~etableringsmodell.rules.outcomes.outcome_rate` per group, from columns.

    ``kinds`` holds each follow-up's :class:`OutcomeKind` (members or values
    such as ``"work"``), ``days_after_exit`` its follow-up point. A group with
    no follow-up at ``after`` maps to ``None`` (its rows are counted in no
    rate, and the key says so). With ``participant_ids``, a person measured
    twice at ``after`` is an error, as on the scalar path.
    """
    wanted = frozenset(counted)
    if not wanted or not all(isinstance(k, OutcomeKind) for k in wanted):
        raise InvalidValueError("counted", N_("must name at least one OutcomeKind"))
    if not isinstance(after, int) or isinstance(after, bool) or after < 0:
        raise InvalidValueError("after", f"must be a whole number of days, at least 0, got {after!r}")
    kind_index, kind_keys = _factorize(np.asarray(kinds, dtype=object))
    by_value = {k.value: k for k in OutcomeKind}
    members = []
    for key in kind_keys:
        member = key if isinstance(key, OutcomeKind) else by_value.get(key)
        if member is None:
            raise InvalidValueError("kinds", f"{key!r} is not an OutcomeKind")
        members.append(member)
    if (kind_index < 0).any():
        raise InvalidValueError("kinds", f"{int((kind_index < 0).sum())} rows have no outcome kind")
    rows = len(kind_index)
    follow_up = np.asarray(days_after_exit)
    if follow_up.shape != (rows,) or follow_up.dtype.kind not in "iu":
        raise InvalidTypeError("days_after_exit", f"must be {rows} whole numbers, got {follow_up.dtype}")
    at = follow_up == after
    if participant_ids is not None:
        ids = np.asarray(participant_ids)
        _, counts = np.unique(ids[at], return_counts=True)
        if (counts > 1).any():
            # The ids are not repeated: they may be personal data.
            raise InvalidValueError(
                "participant_ids",
                f"{int((counts > 1).sum())} participants are measured twice at {after} days",
            )
    hit = np.array([m in wanted for m in members], dtype=np.bool_)[kind_index] & at
    if groups is None:
        index, keys = np.zeros(rows, dtype=np.intp), [None]
    else:
        index, keys = _group(groups, rows, "groups")
    totals = np.bincount(index[at], minlength=len(keys))
    hits = np.bincount(index[hit], minlength=len(keys))
    others = np.bincount(index[~at], minlength=len(keys))
    sources = (OFFICIAL_MEASURE, WILSON_1927) if after == OFFICIAL_FOLLOW_UP_DAYS else (WILSON_1927,)
    rates: dict[Any, OutcomeRate | None] = {}
    for i, key in enumerate(keys):
        total, count = int(totals[i]), int(hits[i])
        if total == 0:
            rates[key] = None
            continue
        low, high = wilson_interval(count, total, confidence)
        rates[key] = OutcomeRate(
            kinds=wanted,
            after=after,
            count=count,
            total=total,
            other_follow_ups=int(others[i]),
            share=count / total,
            low=low,
            high=high,
            confidence=confidence,
            sources=sources,
        )
    return rates
