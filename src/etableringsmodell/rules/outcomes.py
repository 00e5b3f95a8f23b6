"""Outcome rates (uppföljning): the share of a cohort in work or studies after leaving.

The official measure of the establishment programme is the share of those who
left it who were working or studying 90 days later (Arbetsförmedlingen; 44 %
for January-September 2018 and 32 % for 2017; Kolada publishes it per
municipality). :func:`outcome_rate` computes such a share for any follow-up
point and set of outcome kinds, with a Wilson score interval.

>>> from datetime import date
>>> from etableringsmodell.model import Outcome, OutcomeKind
>>> outcomes = [Outcome(f"p{i}", OutcomeKind.WORK if i < 44 else OutcomeKind.SEARCHING,
...                     date(2018, 12, 1), 90) for i in range(100)]
>>> rate = outcome_rate(outcomes)
>>> rate.share, round(rate.low, 3), round(rate.high, 3)
(0.44, 0.347, 0.538)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from statistics import NormalDist

from attrs import frozen

from etableringsmodell.errors import InvalidTypeError, InvalidValueError
from etableringsmodell.i18n import N_
from etableringsmodell.model.enums import OutcomeKind
from etableringsmodell.model.programme import Outcome
from etableringsmodell.sources import Source, SourceKind

__all__ = [
    "OFFICIAL_FOLLOW_UP_DAYS",
    "OFFICIAL_MEASURE",
    "WILSON_1927",
    "WORK_OR_STUDIES",
    "OutcomeRate",
    "outcome_rate",
    "wilson_interval",
]

OFFICIAL_FOLLOW_UP_DAYS = 90
"""Days after leaving at which the official measure looks."""

WORK_OR_STUDIES = frozenset({OutcomeKind.WORK, OutcomeKind.SUBSIDISED_WORK, OutcomeKind.STUDIES})
"""The kinds the official measure counts as "in work or studies"."""

OFFICIAL_MEASURE = Source(
    SourceKind.OFFICIAL,
    "Arbetsförmedlingen",
    title="Andel som lämnat etableringsprogrammet och är i arbete eller studier 90 dagar efter avslut",
    note="published per municipality in Kolada; 44 % for January-September 2018, 32 % for 2017",
)

WILSON_1927 = Source(
    SourceKind.OFFICIAL,
    "Wilson (1927)",
    title="Probable inference, the law of succession, and statistical inference",
    note="Journal of the American Statistical Association 22(158), 209-212",
)


def wilson_interval(successes: int, total: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for a binomial share (Wilson 1927).

    It stays inside [0, 1] and behaves at shares of 0 and 1, where the
    normal-approximation interval does not.
    """
    for name, count in (("successes", successes), ("total", total)):
        if not isinstance(count, int) or isinstance(count, bool):
            raise InvalidTypeError(name, f"must be a whole number, got {type(count).__name__}")
    if total <= 0:
        raise InvalidValueError("total", f"must be positive, got {total}")
    if not 0 <= successes <= total:
        raise InvalidValueError("successes", f"must be between 0 and {total}, got {successes}")
    _check_confidence(confidence)
    # The lower tail, negated: 1 - (1 - c) / 2 rounds to exactly 1.0 for a
    # confidence within 1e-16 of 1, where the quantile is undefined.
    z = -NormalDist().inv_cdf((1 - confidence) / 2)
    share = successes / total
    z2n = z * z / total
    centre = (share + z2n / 2) / (1 + z2n)
    half = z * math.sqrt(share * (1 - share) / total + z2n / (4 * total)) / (1 + z2n)
    # At a share of 0 or 1 the bound is exactly 0 or 1; floating point
    # would otherwise leave it a hair inside and exclude the share itself.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == total else min(1.0, centre + half)
    return low, high


def _check_confidence(confidence: object) -> None:
    if not isinstance(confidence, int | float) or isinstance(confidence, bool):
        raise InvalidTypeError("confidence", f"must be a number, got {type(confidence).__name__}")
    if not 0 < confidence < 1:
        raise InvalidValueError("confidence", f"must be between 0 and 1, got {confidence}")


@frozen
class OutcomeRate:
    """The share of a cohort in ``kinds`` at ``after`` days after exit."""

    kinds: frozenset[OutcomeKind]
    after: int
    count: int
    """Participants in one of ``kinds`` at the follow-up."""
    total: int
    """Participants measured at the follow-up."""
    other_follow_ups: int
    """Outcomes given that were measured at another follow-up point, and so not counted."""
    share: float
    low: float
    high: float
    confidence: float
    sources: tuple[Source, ...]

    def __str__(self) -> str:
        return (
            f"{self.count} of {self.total} ({self.share:.1%}) at {self.after} days; "
            f"{self.confidence:.0%} interval {self.low:.1%}-{self.high:.1%}"
        )


def outcome_rate(
    outcomes: Iterable[Outcome],
    kinds: Iterable[OutcomeKind] = WORK_OR_STUDIES,
    after: int = OFFICIAL_FOLLOW_UP_DAYS,
    *,
    confidence: float = 0.95,
) -> OutcomeRate:
    """The share of those followed up ``after`` days after exit who were in ``kinds``.

    Outcomes at other follow-up points are not counted, and their number is
    reported in ``other_follow_ups`` so none disappears unseen. A participant
    measured twice at the same point is an error, not silently deduplicated.
    """
    try:
        wanted = frozenset(kinds)
    except TypeError:
        raise InvalidTypeError(
            "kinds", f"must be a collection of OutcomeKind, got {type(kinds).__name__}"
        ) from None
    if not wanted or not all(isinstance(k, OutcomeKind) for k in wanted):
        raise InvalidValueError("kinds", N_("must name at least one OutcomeKind"))
    if not isinstance(after, int) or isinstance(after, bool) or after < 0:
        raise InvalidValueError("after", f"must be a whole number of days, at least 0, got {after!r}")
    _check_confidence(confidence)
    try:
        given = iter(outcomes)
    except TypeError:
        raise InvalidTypeError(
            "outcomes", f"must be a collection of Outcome, got {type(outcomes).__name__}"
        ) from None
    seen: set[str] = set()
    count = other = 0
    for index, outcome in enumerate(given):
        if not isinstance(outcome, Outcome):
            raise InvalidTypeError(f"outcomes[{index}]", f"must be an Outcome, got {type(outcome).__name__}")
        if outcome.days_after_exit != after:
            other += 1
            continue
        if outcome.participant_id in seen:
            # The id is not repeated: it may be personal data.
            raise InvalidValueError(
                f"outcomes[{index}].participant_id", f"the same participant is measured twice at {after} days"
            )
        seen.add(outcome.participant_id)
        if outcome.kind in wanted:
            count += 1
    total = len(seen)
    if total == 0:
        raise InvalidValueError("outcomes", f"no outcome was measured {after} days after exit")
    low, high = wilson_interval(count, total, confidence)
    sources = (OFFICIAL_MEASURE, WILSON_1927) if after == OFFICIAL_FOLLOW_UP_DAYS else (WILSON_1927,)
    return OutcomeRate(
        kinds=wanted,
        after=after,
        count=count,
        total=total,
        other_follow_ups=other,
        share=count / total,
        low=low,
        high=high,
        confidence=confidence,
        sources=sources,
    )
