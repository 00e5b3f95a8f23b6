"""Effective-dated programmes and parameters: rules that change with the law.

A national programme is a sequence of :class:`RuleVersion` values, each in
force from ``effective_from`` through ``effective_to`` (both days included;
``None`` for a version still in force), with its criterion and the statutes
and sections it comes from. A :class:`Programme` picks the version by the
exact reference date, never by the start of a month or a year, as OpenFisca's
period-start resolution does and gets mid-period changes wrong. A date
outside every version raises :class:`~etableringsmodell.errors.NotCoveredError`
naming the programme and the range it covers.

A :class:`DatedParameter` is one effective-dated value with its unit and
legal reference (the target age for pension, riktålder), in the manner of
OpenFisca's parameters.

>>> from datetime import date
>>> from etableringsmodell.model import AgeBetween
>>> from etableringsmodell.sources import Source
>>> law = Source.statute("SFS 2003:623", "2 §")
>>> trial = Programme(
...     id="trial",
...     title="A trial",
...     versions=(RuleVersion(date(2003, 9, 1), date(2005, 12, 31), AgeBetween(20, None), sources=law),),
...     sources=law,
... )
>>> trial.criterion_on(date(2005, 12, 31)).id
'age-20-'
>>> trial.criterion_on(date(2006, 1, 1))
Traceback (most recent call last):
...
etableringsmodell.errors.NotCoveredError: programme trial does not cover 2006-01-01: it covers 2003-09-01 to 2005-12-31
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from typing import Any

import attrs
from attrs import field, frozen

from etableringsmodell.calendar import Span
from etableringsmodell.errors import DateOrderError, InvalidValueError, NotCoveredError
from etableringsmodell.i18n import N_
from etableringsmodell.model import _validators as v
from etableringsmodell.model.criteria import Criterion, _cited, _is_criterion, _to_sources
from etableringsmodell.sources import Source, SourceKind

__all__ = ["DatedParameter", "DatedValue", "LeavingReason", "Programme", "RuleVersion"]


def _cited_not_uncited(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    _cited(instance, attribute, value)
    if any(s.kind is SourceKind.UNCITED for s in value):
        raise InvalidValueError(attribute.name, "a dated rule must cite its source, not UNCITED")


def _text_tuple() -> Any:
    return field(default=(), kw_only=True, converter=v.to_tuple, validator=[v.is_tuple, v.members_of(str)])


def _check_period(what: str, start: date, end: date | None) -> None:
    if end is not None and end < start:
        raise DateOrderError(what, f"{end.isoformat()} is before effective_from {start.isoformat()}")


def _period_text(start: date, end: date | None) -> str:
    return f"{start.isoformat()} to {end.isoformat() if end is not None else 'with no end'}"


def _ordered(name: str, items: tuple[Any, ...], *, allow_gaps: bool) -> None:
    """Refuse periods out of order or overlapping (and gaps unless allowed)."""
    for index in range(1, len(items)):
        before, after = items[index - 1], items[index]
        if before.effective_to is None or after.effective_from <= before.effective_to:
            raise DateOrderError(
                f"{name}[{index}].effective_from",
                f"{after.effective_from.isoformat()} overlaps the version before it "
                f"({_period_text(before.effective_from, before.effective_to)})",
            )
        if not allow_gaps and (after.effective_from - before.effective_to).days != 1:
            raise DateOrderError(
                f"{name}[{index}].effective_from",
                f"{after.effective_from.isoformat()} leaves a gap after {before.effective_to.isoformat()}",
            )


@frozen
class RuleVersion:
    """One version of a programme's rule, in force from ``effective_from`` through ``effective_to``.

    ``criterion`` is who may take part; ``sources`` the statutes and sections
    of this version (the amending SFS where an amendment started it).
    ``max_duration`` is the longest a participant may stay (``None``: not
    limited by this rule); ``notes`` records what the text says that the
    criterion does not evaluate, and anything *unverified*.
    """

    effective_from: date = field(validator=v.is_date)
    effective_to: date | None = field(validator=v.optional_date)
    criterion: Criterion = field(validator=_is_criterion)
    max_duration: Span | None = field(default=None, kw_only=True, validator=v.optional(v.instance_of(Span)))
    notes: tuple[str, ...] = _text_tuple()
    sources: tuple[Source, ...] = field(kw_only=True, converter=_to_sources, validator=_cited_not_uncited)

    def __attrs_post_init__(self) -> None:
        _check_period("effective_to", self.effective_from, self.effective_to)

    def covers(self, on: date) -> bool:
        """Whether this version is in force on ``on`` (both ends included)."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@frozen
class LeavingReason:
    """A reason a participant leaves a programme (avbrott, upphörande), as data.

    ``after_days`` is how long the situation must last before it ends the
    participation (``None``: at once).
    """

    id: str = field(validator=v.non_empty_text)
    description: str = field(validator=v.non_empty_text)
    after_days: int | None = field(default=None, kw_only=True, validator=v.optional(v.whole_number(1)))
    sources: tuple[Source, ...] = field(kw_only=True, converter=_to_sources, validator=_cited_not_uncited)


@frozen
class Programme:
    """A national programme: its rule versions in date order, chosen by the exact date.

    It satisfies :class:`~etableringsmodell.rules.eligibility.DatedRule`, so
    ``check_eligibility(participant, programme, on)`` judges by the version in
    force on ``on``. Versions must be in order and may not overlap; a gap
    between them is refused unless ``gaps`` explains it.
    """

    id: str = field(validator=v.non_empty_text)
    title: str = field(validator=v.non_empty_text)
    versions: tuple[RuleVersion, ...] = field(
        converter=v.to_tuple, validator=[v.is_tuple, v.members_of(RuleVersion)]
    )
    leaving_reasons: tuple[LeavingReason, ...] = field(
        default=(), kw_only=True, converter=v.to_tuple, validator=[v.is_tuple, v.members_of(LeavingReason)]
    )
    gaps: tuple[str, ...] = _text_tuple()
    """Why the versions leave a gap, when they do (empty: they may not)."""
    notes: tuple[str, ...] = _text_tuple()
    sources: tuple[Source, ...] = field(kw_only=True, converter=_to_sources, validator=_cited_not_uncited)
    _starts: tuple[date, ...] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not self.versions:
            raise InvalidValueError("versions", "a programme needs at least one version")
        _ordered("versions", self.versions, allow_gaps=bool(self.gaps))
        object.__setattr__(self, "_starts", tuple(r.effective_from for r in self.versions))

    @property
    def effective_from(self) -> date:
        """The first day of the first version."""
        return self.versions[0].effective_from

    @property
    def effective_to(self) -> date | None:
        """The last day of the last version (``None``: still in force)."""
        return self.versions[-1].effective_to

    @property
    def covered(self) -> str:
        """The covered range as text, for messages."""
        return _period_text(self.effective_from, self.effective_to)

    def in_force(self, on: date) -> bool:
        """Whether some version is in force on ``on``."""
        return self._find(on) is not None

    def _find(self, on: date) -> RuleVersion | None:
        index = bisect_right(self._starts, on) - 1
        if index < 0:
            return None
        version = self.versions[index]
        return version if version.covers(on) else None

    def version_on(self, on: date) -> RuleVersion:
        """The version in force on ``on``; :class:`NotCoveredError` outside them all."""
        version = self._find(on)
        if version is None:
            raise NotCoveredError(f"programme {self.id}", on.isoformat(), self.covered)
        return version

    def criterion_on(self, on: date) -> Criterion:
        """The criterion of the version in force on ``on`` (the ``DatedRule`` protocol)."""
        return self.version_on(on).criterion


@frozen
class DatedValue:
    """One value of a :class:`DatedParameter`, in force from ``effective_from`` through ``effective_to``."""

    effective_from: date = field(validator=v.is_date)
    effective_to: date | None = field(validator=v.optional_date)
    value: int = field(validator=v.whole_number(0))
    sources: tuple[Source, ...] = field(kw_only=True, converter=_to_sources, validator=_cited_not_uncited)

    def __attrs_post_init__(self) -> None:
        _check_period("effective_to", self.effective_from, self.effective_to)


@frozen
class DatedParameter:
    """A whole-number parameter that changes by date, with its unit and sources.

    ``value_on(on)`` is the value in force on ``on``; a date no value covers
    raises :class:`NotCoveredError` (the value is not yet published, or the
    parameter did not yet exist) rather than guessing.
    """

    id: str = field(validator=v.non_empty_text)
    name: str = field(validator=v.non_empty_text)
    unit: str = field(validator=v.non_empty_text)
    values: tuple[DatedValue, ...] = field(
        converter=v.to_tuple, validator=[v.is_tuple, v.members_of(DatedValue)]
    )

    def __attrs_post_init__(self) -> None:
        if not self.values:
            raise InvalidValueError("values", N_("a parameter needs at least one value"))
        _ordered("values", self.values, allow_gaps=False)

    def value_at(self, on: date) -> DatedValue:
        """The dated value in force on ``on``, with its sources."""
        for item in self.values:
            if item.effective_from <= on and (item.effective_to is None or on <= item.effective_to):
                return item
        covered = _period_text(self.values[0].effective_from, self.values[-1].effective_to)
        raise NotCoveredError(f"parameter {self.id}", on.isoformat(), covered)

    def value_on(self, on: date) -> int:
        """The value in force on ``on``."""
        return self.value_at(on).value
