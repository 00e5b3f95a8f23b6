"""Tracks, parties, partner agreements, goals and outcomes."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from attrs import field, frozen

from etableringsmodell import _html
from etableringsmodell.calendar import Span
from etableringsmodell.errors import DateOrderError, InvalidValueError, RangeError
from etableringsmodell.model import _validators as v
from etableringsmodell.model.criteria import Criterion, _cited, _is_criterion, _to_sources
from etableringsmodell.model.enums import GoalMeasure, OutcomeKind, PartyKind, StepKind, TrackKind
from etableringsmodell.sources import Source

__all__ = ["Goal", "GoalStatus", "Outcome", "PartnerAgreement", "Party", "Track"]


def _unique_ids(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    seen: set[str] = set()
    for index, item in enumerate(value):
        if item.id in seen:
            raise InvalidValueError(f"{attribute.name}[{index}].id", f"{item.id!r} appears twice")
        seen.add(item.id)


@frozen
class Party:
    """A party (part) to an agreement: a municipality, an agency, an employer, a funder."""

    name: str = field(validator=v.non_empty_text)
    kind: PartyKind = field(validator=v.instance_of(PartyKind))
    municipality: str | None = field(default=None, kw_only=True, validator=v.municipality_code)


@frozen
class Track:
    """A track: a local job track (jobbspår) or a national fast track (snabbspår).

    ``occupations`` are the SSYK 2012 codes the track leads to; ``requirements``
    is the entry rule (a criterion, ``None`` for none); ``steps`` are its
    activities (insatser) in order; ``min_duration`` and ``max_duration`` are
    calendar spans; ``capacity`` is the number of places (``None``: not set).
    """

    id: str = field(validator=v.non_empty_text)
    name: str = field(validator=v.non_empty_text)
    kind: TrackKind = field(validator=v.instance_of(TrackKind))
    branch: str = field(validator=v.non_empty_text)
    occupations: tuple[str, ...] = field(
        default=(), converter=v.to_tuple, validator=[v.is_tuple, v.ssyk_codes]
    )
    requirements: Criterion | None = field(default=None, validator=v.optional(_is_criterion))
    steps: tuple[StepKind, ...] = field(
        default=(), converter=v.to_tuple, validator=[v.is_tuple, v.members_of(StepKind)]
    )
    min_duration: Span | None = field(default=None, validator=v.optional(v.instance_of(Span)))
    max_duration: Span | None = field(default=None, validator=v.optional(v.instance_of(Span)))
    capacity: int | None = field(default=None, validator=v.optional(v.whole_number(0)))
    sources: tuple[Source, ...] = field(kw_only=True, converter=_to_sources, validator=_cited)

    def __attrs_post_init__(self) -> None:
        low, high = self.min_duration, self.max_duration
        if (
            low is not None
            and high is not None
            and (low.total_months, low.days) > (high.total_months, high.days)
        ):
            # Spans with both months and days compare only when one dominates
            # in both parts; refuse an order that cannot be told apart.
            raise RangeError("min_duration", f"{low} is longer than max_duration {high}")


@frozen
class Goal:
    """A goal (mål): reach ``target`` of ``measure`` from ``start`` to ``deadline``.

    The period includes both days. ``target`` is a positive whole number.
    """

    id: str = field(validator=v.non_empty_text)
    measure: GoalMeasure = field(validator=v.instance_of(GoalMeasure))
    target: int = field(validator=v.whole_number(1))
    start: date = field(validator=v.is_date)
    deadline: date = field(validator=v.is_date)
    description: str = field(default="", kw_only=True, validator=v.instance_of(str))
    sources: tuple[Source, ...] = field(kw_only=True, converter=_to_sources, validator=_cited)

    def __attrs_post_init__(self) -> None:
        if self.deadline < self.start:
            raise DateOrderError(
                "deadline", f"{self.deadline.isoformat()} is before the start {self.start.isoformat()}"
            )


@frozen
class GoalStatus:
    """A reported status of a goal: ``achieved`` counted by the end of ``on``.

    ``approximate`` marks a figure the source gives loosely ("just under
    3,500"); ``note`` quotes or explains it.
    """

    goal_id: str = field(validator=v.non_empty_text)
    on: date = field(validator=v.is_date)
    achieved: int = field(validator=v.whole_number(0))
    approximate: bool = field(default=False, kw_only=True, validator=v.instance_of(bool))
    note: str = field(default="", kw_only=True, validator=v.instance_of(str))
    sources: tuple[Source, ...] = field(kw_only=True, converter=_to_sources, validator=_cited)


@frozen
class Outcome:
    """Where one participant was at a follow-up (uppföljning) after leaving.

    ``days_after_exit`` is the follow-up point (the official measure uses 90).
    """

    participant_id: str = field(validator=v.non_empty_text, repr=False)
    kind: OutcomeKind = field(validator=v.instance_of(OutcomeKind))
    measured_on: date = field(validator=v.is_date)
    days_after_exit: int = field(validator=v.whole_number(0))


@frozen
class PartnerAgreement:
    """A partner agreement (överenskommelse) between parties (parterna).

    The agreement applies from ``start`` through ``end`` (inclusive; ``None``
    when the agreement states no end). ``target_group`` is the criterion a
    participant must meet; ``tracks`` and ``goals`` are what it sets up.
    ``notes`` records what the source says that the model does not evaluate.
    """

    id: str = field(validator=v.non_empty_text)
    title: str = field(validator=v.non_empty_text)
    parties: tuple[Party, ...] = field(converter=v.to_tuple, validator=[v.is_tuple, v.members_of(Party)])
    start: date = field(validator=v.is_date)
    end: date | None = field(validator=v.optional_date)
    target_group: Criterion = field(validator=_is_criterion)
    tracks: tuple[Track, ...] = field(
        default=(), converter=v.to_tuple, validator=[v.is_tuple, v.members_of(Track), _unique_ids]
    )
    goals: tuple[Goal, ...] = field(
        default=(), converter=v.to_tuple, validator=[v.is_tuple, v.members_of(Goal), _unique_ids]
    )
    notes: tuple[str, ...] = field(
        default=(), kw_only=True, converter=v.to_tuple, validator=[v.is_tuple, v.members_of(str)]
    )
    sources: tuple[Source, ...] = field(kw_only=True, converter=_to_sources, validator=_cited)

    def _repr_html_(self) -> str:
        end = self.end.isoformat() if self.end is not None else "no stated end"
        rows = [
            ("parties", ", ".join(f"{p.name} ({p.kind.value})" for p in self.parties)),
            ("period", f"{self.start.isoformat()} to {end}"),
            ("target group", self.target_group.id),
            ("tracks", ", ".join(t.name for t in self.tracks) or "none"),
            (
                "goals",
                ", ".join(f"{g.target:,} {g.measure.value} by {g.deadline.isoformat()}" for g in self.goals)
                or "none",
            ),
            ("sources", "; ".join(dict.fromkeys(str(s) for s in self.sources))),
        ]
        return _html.titled(self.title, _html.table(("", ""), rows), subtitle=self.id)

    def __attrs_post_init__(self) -> None:
        if not self.parties:
            raise InvalidValueError("parties", "an agreement needs at least one party")
        if self.end is not None and self.end < self.start:
            raise DateOrderError(
                "end", f"{self.end.isoformat()} is before the start {self.start.isoformat()}"
            )
