"""Eligibility criteria as data: what a rule requires, with its id and sources.

A criterion here only describes a requirement and validates it; the
functions that evaluate criteria against a participant live in
:mod:`etableringsmodell.rules.eligibility`, which keeps the model free of
rules. Criteria compose with :class:`AllOf`, :class:`AnyOf` and :class:`Not`.

Every criterion has an ``id`` (stable, readable, derived from its parameters
unless given) and ``sources``. A leaf built without a source cites
:data:`~etableringsmodell.sources.UNCITED`, openly; a composite cites the
sources of its parts unless given its own.

>>> from etableringsmodell.model.criteria import AgeBetween, AllOf, NewlyArrived
>>> from etableringsmodell.calendar import Span
>>> rule = AllOf(AgeBetween(18, 64), NewlyArrived(within=Span(months=36)))
>>> rule.id
'all-of(age-18-64,newly-arrived-36m)'
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs
from attrs import Factory, field, frozen

from etableringsmodell.calendar import MissingDay, Span
from etableringsmodell.errors import InvalidTypeError, InvalidValueError, RangeError
from etableringsmodell.model import _validators as v
from etableringsmodell.model.enums import BarringSituation, EducationLevel, PermitGround, SfiCourse
from etableringsmodell.model.participant import FactKind
from etableringsmodell.sources import UNCITED, Source

__all__ = [
    "SFS_2017_820_5",
    "AgeBetween",
    "AgeWhen",
    "AllOf",
    "AnyOf",
    "ArrivalAnchor",
    "Criterion",
    "EducationAtLeast",
    "EducationBelow",
    "EstablishmentPlan",
    "EstablishmentPlanInTime",
    "Everyone",
    "ExperienceAtLeast",
    "FactIs",
    "FamilyTieWithin",
    "InterestIn",
    "NewlyArrived",
    "NoBarringSituation",
    "NoParentInSweden",
    "Not",
    "NotAssessed",
    "OccupationIn",
    "PermitGroundIn",
    "PlanStartedBefore",
    "SwedishAtLeast",
    "Validated",
]

SFS_2017_820_5 = Source.statute(
    "SFS 2017:820",
    "5 §",
    "Förordning (2017:820) om etableringsinsatser för vissa nyanlända invandrare",
)


# Every class spells out its ``sources`` field as ``field(converter=_to_sources, ...)``
# rather than through a helper: the attrs mypy plugin reads the converter only
# from a direct ``field()`` call, and that is what lets callers pass one Source.
def _to_sources(value: Source | Iterable[Source]) -> tuple[Source, ...]:
    """Converter: one source, or any iterable of them, to a tuple."""
    if isinstance(value, Source):
        return (value,)
    result: tuple[Source, ...] = v.to_tuple(value)
    return result


def _check_sources(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.is_tuple(_instance, attribute, value)
    v.members_of(Source)(_instance, attribute, value)


def _cited(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: as :func:`_check_sources`, and at least one source."""
    _check_sources(instance, attribute, value)
    if not value:
        raise InvalidValueError(attribute.name, "needs at least one source")


def _safe_default_id(self: Criterion) -> str:
    # attrs computes defaults before it runs validators, so a default id is
    # built from fields not yet checked; a wrong type there must reach the
    # field's validator (a typed error naming it), not escape as AttributeError.
    try:
        return self._default_id()
    except (AttributeError, TypeError, ValueError, KeyError):
        return "?"


def _id_field() -> Any:
    return field(
        default=Factory(_safe_default_id, takes_self=True),
        kw_only=True,
        validator=v.non_empty_text,
    )


class Criterion:
    """Base class of every criterion; subclasses are frozen attrs classes.

    A user can add a criterion of their own by subclassing this (as a frozen
    attrs class with ``id`` and ``sources``) and registering an evaluator with
    :func:`etableringsmodell.rules.eligibility.register_evaluator`.
    """

    __slots__ = ()

    id: str
    sources: tuple[Source, ...]

    def _default_id(self) -> str:
        return type(self).__name__.lower()


def _bound(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    v.whole_number(0)(_instance, attribute, value)


@frozen
class AgeBetween(Criterion):
    """Age in whole years between ``min`` and ``max``, both inclusive.

    ``AgeBetween(18, 64)`` admits people from their 18th birthday up to the day
    before their 65th. Either bound may be ``None`` (open). ``convention``
    decides the birthday of someone born on 29 February (see
    :mod:`etableringsmodell.calendar`).
    """

    min: int | None = field(validator=_bound)
    max: int | None = field(validator=_bound)
    convention: MissingDay = field(
        default=MissingDay.LAST_DAY_OF_MONTH, kw_only=True, validator=v.instance_of(MissingDay)
    )
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def __attrs_post_init__(self) -> None:
        if self.min is None and self.max is None:
            raise InvalidValueError("min", "an age range needs at least one bound")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise RangeError("min", f"the minimum {self.min} is above the maximum {self.max}")

    def _default_id(self) -> str:
        low = "" if self.min is None else str(self.min)
        high = "" if self.max is None else str(self.max)
        return f"age-{low}-{high}"


class ArrivalAnchor(enum.Enum):
    """The date a newly-arrived window is counted from."""

    RECEIVED = "received_on"
    """Kommunmottagen: the day received in a municipality, Förordning (2010:1122) 6 §."""
    FIRST_REGISTERED = "first_registered_on"
    """The first population registration (folkbokföring), Förordning (2017:820) 15 §."""
    PERMIT_GRANTED = "permit.granted_on"
    """The day the residence permit on record was granted (Lag 2010:197 2 b §: "när uppehållstillstånd
    ... beviljats")."""
    FIRST_PERMIT_GRANTED = "permit.first_granted_on"
    """The day the person's first residence permit was granted: ``permit.first_granted_on`` when
    recorded, else ``permit.granted_on`` (the permit on record is the first). The fast tracks count
    their three years from it, not from a renewal."""


@frozen
class AgeWhen(Criterion):
    """Age in whole years between ``min`` and ``max`` (both inclusive) on another date of the participant.

    :class:`AgeBetween` measures the age on the reference date; ``AgeWhen``
    measures it on the participant's ``anchor`` date, by default the day the
    residence permit was granted. Lag (2010:197) 2 b § (SFS 2012:1000) reads
    "har fyllt 18 men inte 20 år, *när uppehållstillstånd som anges i 2 eller
    2 a § beviljats*" (lagen.nu / klevringsjuridik.se consolidated text,
    paragraf.nu, Karnov Open SFS 2012:1000): the age is taken on the grant
    date, so ``AgeWhen(18, 19)`` admits someone granted a permit at 18 or 19
    and refuses someone granted one at 16 or 17 who has since turned 18.
    A participant without the anchor date (no permit on record) is
    *undetermined*, unless already younger than ``min`` on the reference date:
    the anchor date can only count if it falls on or before the reference date,
    and the age on it is then at most the age now, so such a person fails
    whatever the date. ``convention`` decides the birthday of someone born on
    29 February, as for :class:`AgeBetween`.
    """

    min: int | None = field(validator=_bound)
    max: int | None = field(validator=_bound)
    anchor: ArrivalAnchor = field(
        default=ArrivalAnchor.PERMIT_GRANTED, kw_only=True, validator=v.instance_of(ArrivalAnchor)
    )
    convention: MissingDay = field(
        default=MissingDay.LAST_DAY_OF_MONTH, kw_only=True, validator=v.instance_of(MissingDay)
    )
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def __attrs_post_init__(self) -> None:
        if self.min is None and self.max is None:
            raise InvalidValueError("min", "an age range needs at least one bound")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise RangeError("min", f"the minimum {self.min} is above the maximum {self.max}")

    def _default_id(self) -> str:
        low = "" if self.min is None else str(self.min)
        high = "" if self.max is None else str(self.max)
        anchor = self.anchor.name.lower().replace("_", "-") if isinstance(self.anchor, ArrivalAnchor) else "?"
        return f"age-{low}-{high}-when-{anchor}"


@frozen(cache_hash=True)  # it keys the per-date threshold cache of the rules
class NewlyArrived(Criterion):
    """Counted as newly arrived (nyanländ): the anchor date lies within ``within`` of the reference date.

    The start day and the end day (slutdag) both belong to the window, by
    Lag (1930:173) 1 §, unless ``inclusive_end`` is false. A participant
    without the anchor date (no first registration, no permit) is
    *undetermined*, not failed.
    """

    within: Span = field(validator=v.instance_of(Span))
    anchor: ArrivalAnchor = field(
        default=ArrivalAnchor.RECEIVED, kw_only=True, validator=v.instance_of(ArrivalAnchor)
    )
    convention: MissingDay = field(
        default=MissingDay.LAST_DAY_OF_MONTH, kw_only=True, validator=v.instance_of(MissingDay)
    )
    inclusive_end: bool = field(default=True, kw_only=True, validator=v.instance_of(bool))
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        span = self.within
        short = "".join(f"{n}{u}" for n, u in ((span.years, "y"), (span.months, "m"), (span.days, "d")) if n)
        suffix = (
            "" if self.anchor is ArrivalAnchor.RECEIVED else f"-{self.anchor.name.lower().replace('_', '-')}"
        )
        return f"newly-arrived-{short or '0d'}{suffix}"


def _non_empty_set(kind: type) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        v.is_frozenset(instance, attribute, value)
        v.members_of(kind)(instance, attribute, value)
        if not value:
            raise InvalidValueError(attribute.name, "must name at least one member")

    return check


@frozen
class PermitGroundIn(Criterion):
    """The residence permit's legal ground is one of ``grounds``.

    A participant without a recorded permit is undetermined.
    """

    grounds: frozenset[PermitGround] = field(converter=v.to_frozenset, validator=_non_empty_set(PermitGround))
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        return "permit-ground-in(" + ",".join(sorted(g.value for g in self.grounds)) + ")"


@frozen
class NoBarringSituation(Criterion):
    """None of ``situations`` applies to the participant now.

    By default every situation in which Arbetsförmedlingen may not assign a
    person under Förordning (2017:820) 5 §, which it cites.
    """

    situations: frozenset[BarringSituation] = field(
        default=frozenset(BarringSituation),
        converter=v.to_frozenset,
        validator=_non_empty_set(BarringSituation),
    )
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(SFS_2017_820_5,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        if self.situations == frozenset(BarringSituation):
            return "no-barring-situation"
        return "none-of(" + ",".join(sorted(s.value for s in self.situations)) + ")"


@frozen
class Everyone(Criterion):
    """Admits every participant: the entry rule of a track open to all."""

    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        return "everyone"


def _education(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    v.instance_of(EducationLevel)(_instance, attribute, value)


@frozen
class EducationAtLeast(Criterion):
    """The highest education (SUN 2020 level) is at least ``level``.

    A participant whose education is not recorded is undetermined.
    """

    level: EducationLevel = field(validator=_education)
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        return f"education-at-least-{self.level.name.lower().replace('_', '-')}"


@frozen
class EducationBelow(Criterion):
    """The highest education (SUN 2020 level) is below ``level``.

    ``EducationBelow(EducationLevel.UPPER_SECONDARY_3_YEARS)`` is "without a
    full upper-secondary education" (utan gymnasial utbildning).
    """

    level: EducationLevel = field(validator=_education)
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        return f"education-below-{self.level.name.lower().replace('_', '-')}"


@frozen
class SwedishAtLeast(Criterion):
    """Has completed at least SFI course ``course`` (no course recorded fails)."""

    course: SfiCourse = field(validator=v.instance_of(SfiCourse))
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        return f"sfi-at-least-{self.course.name.lower()}"


def _codes(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.is_frozenset(_instance, attribute, value)
    if not value:
        raise InvalidValueError(attribute.name, "must name at least one SSYK 2012 code")
    # Sorted by repr: before validation the members may be of any type.
    v.ssyk_codes(_instance, attribute, tuple(sorted(value, key=repr)))


def _optional_codes(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _codes(_instance, attribute, value)


def _to_optional_frozenset(value: Any) -> Any:
    return None if value is None else v.to_frozenset(value)


def _scope(codes: frozenset[str] | None) -> str:
    return "any" if codes is None else "+".join(sorted(codes))


@frozen(cache_hash=True)
class OccupationIn(Criterion):
    """Has a competence in one of the SSYK 2012 ``codes``, at any level.

    A competence matches a code it starts with: a nurse (2221) meets a
    requirement of 22 (health professionals) or 2221, but a competence
    recorded only as 22 does not meet a requirement of 2221.
    """

    codes: frozenset[str] = field(converter=v.to_frozenset, validator=_codes)
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        return f"occupation-in({_scope(self.codes)})"


def _minimum_time(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    from etableringsmodell.units import check_quantity

    check_quantity(value, attribute.name, "[time]")


@frozen(cache_hash=True)
class ExperienceAtLeast(Criterion):
    """At least ``minimum`` experience (a pint quantity of time) in ``occupations``.

    The experience of every matching competence is added up; ``occupations``
    of ``None`` counts every competence. Competences without a recorded
    experience make the verdict undetermined when the known ones fall short.
    """

    minimum: Any = field(validator=_minimum_time)
    occupations: frozenset[str] | None = field(
        default=None, converter=_to_optional_frozenset, validator=_optional_codes
    )
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def __attrs_post_init__(self) -> None:
        # Fixed when the criterion is built, so no decision converts it.
        _ = self._minimum_years

    @functools.cached_property
    def _minimum_years(self) -> Any:
        """``minimum`` in pint's year, the unit experience is compared in: converted once per criterion.

        attrs keeps it in a slot of its own, outside the fields: it takes no part in
        equality, hashing or the criterion's JSON form.
        """
        return self.minimum.to("years").magnitude

    def _default_id(self) -> str:
        # Runs before the validator: an invalid minimum gets a placeholder id
        # and is then refused with a typed error.
        check = getattr(self.minimum, "check", None)
        years = f"{self.minimum.to('years').magnitude:g}y" if check and check("[time]") else "?"
        return f"experience-at-least-{years}-in({_scope(self.occupations)})"


@frozen(cache_hash=True)
class Validated(Criterion):
    """Has a competence in ``occupations`` validated in Sweden (validering).

    ``occupations`` of ``None``: any validated competence.
    """

    occupations: frozenset[str] | None = field(
        default=None, converter=_to_optional_frozenset, validator=_optional_codes
    )
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        return f"validated-in({_scope(self.occupations)})"


def _branches(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    _non_empty_set(str)(_instance, attribute, value)


def _to_lower_set(value: Any) -> Any:
    converted = v.to_frozenset(value)
    if isinstance(converted, frozenset) and all(isinstance(b, str) for b in converted):
        return frozenset(b.strip().lower() for b in converted)
    return converted


@frozen
class InterestIn(Criterion):
    """Has said they are interested in one of ``branches`` (case-insensitive)."""

    branches: frozenset[str] = field(converter=_to_lower_set, validator=_branches)
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        return "interest-in(" + ",".join(sorted(self.branches)) + ")"


@frozen
class NoParentInSweden(Criterion):
    """No parent lives in Sweden (saknar föräldrar i Sverige).

    Judged from ``Participant.parent_in_sweden``: ``False`` passes, ``True``
    fails, ``None`` (not known) is undetermined. Lag (2010:197) 2 b § and
    Lag (2017:584) 2 § admit 18- and 19-year-olds on this condition.
    """

    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        return "no-parent-in-sweden"


def _optional_span(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    v.optional(v.instance_of(Span))(_instance, attribute, value)


@frozen
class FamilyTieWithin(Criterion):
    """A family-tie permit (anknytning) applied for in time, as the establishment laws require.

    The permit's ground is ``FAMILY_TIE`` and its ``applied_on`` lies within
    ``within`` from the day the person joined was first received in a
    municipality (``sponsor_received_on``), both days included; ``within`` of
    ``None`` sets no deadline. ``applied_from`` and ``applied_before`` limit
    the application date (before is exclusive), which is how a transitional
    rule keeps an older text for older applications. ``sponsor_received_after``
    requires the person joined to have been received after that day.
    ``swedish_sponsor_excluded`` refuses a family tie to a Swedish citizen.

    An application made before the person joined was received is counted as
    within the window: it is not later than the deadline (a convention; the
    statutes only set the deadline). Whether the person joined holds a
    qualifying permit is not recorded on the participant and is not judged.
    """

    within: Span | None = field(validator=_optional_span)
    applied_from: date | None = field(default=None, kw_only=True, validator=v.optional_date)
    applied_before: date | None = field(default=None, kw_only=True, validator=v.optional_date)
    sponsor_received_after: date | None = field(default=None, kw_only=True, validator=v.optional_date)
    swedish_sponsor_excluded: bool = field(default=False, kw_only=True, validator=v.instance_of(bool))
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def __attrs_post_init__(self) -> None:
        low, high = self.applied_from, self.applied_before
        if low is not None and high is not None and high <= low:
            raise RangeError(
                "applied_before", f"{high.isoformat()} is not after applied_from {low.isoformat()}"
            )

    def _default_id(self) -> str:
        span = self.within
        window = "any" if not isinstance(span, Span) else span.isoformat()
        parts = [f"family-tie-within-{window}"]
        if self.applied_from is not None:
            parts.append(f"applied-from-{self.applied_from.isoformat()}")
        if self.applied_before is not None:
            parts.append(f"applied-before-{self.applied_before.isoformat()}")
        if self.sponsor_received_after is not None:
            parts.append(f"sponsor-received-after-{self.sponsor_received_after.isoformat()}")
        if self.swedish_sponsor_excluded:
            parts.append("not-swedish-sponsor")
        return ",".join(parts)


@frozen
class EstablishmentPlan(Criterion):
    """Has an establishment plan (etableringsplan) now, or ended one within ``ended_within``.

    Judged from ``Participant.plan_started_on`` and ``plan_ended_on``: a plan
    started on or before the reference date and not yet ended passes; an
    ended plan passes while the reference date is within ``ended_within``
    after its last day (both days included). No plan recorded fails: the
    fields say whether there is a plan, and ``None`` means none.
    """

    ended_within: Span = field(validator=v.instance_of(Span))
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        return f"establishment-plan-or-ended-within-{self.ended_within.isoformat()}"


@frozen
class EstablishmentPlanInTime(Criterion):
    """Covered by the 2010 regime's plan rules: a plan drawn up by the deadline, and not yet run out.

    Förordning (2010:409) 3 § (lagen.nu, konsolidering 2010:1743; as amended
    by SFS 2014:102, lagboken.se): the plan is drawn up within two months, and
    "Om det finns särskilda skäl, får etableringsplanen upprättas senare, dock
    senast inom ett år efter det att den nyanlände första gången folkbokfördes
    i en kommun". 6 § (SFS 2010:1743, Karnov Open / lagboken.se): "Den
    sammanlagda giltighetstiden för planen får dock som längst motsvara tiden
    för beviljat uppehållstillstånd eller högst 24 kalendermånader".

    The one year is a deadline for drawing up the plan, not a test of who is
    covered. So, on the reference date:

    * with no plan started (``plan_started_on`` ``None`` or later): passes
      while the deadline (``deadline`` from the ``anchor`` date, both days
      included, Lag 1930:173) has not passed, so a plan may still be drawn
      up; fails after it; undetermined when the anchor date is not known;
    * with a plan started: passes when the plan started by the deadline and
      has neither ended (``plan_ended_on`` before the reference date) nor run
      ``max_length``; fails otherwise; undetermined when the anchor date is
      not known (the start cannot be checked against the deadline).

    *Convention* ``inclusive_end``: a plan of at most 24 calendar months
    that starts on 1 March runs through the last day of February two years
    later, and the day ``max_length`` after the start is the first day after
    it (``inclusive_end=False``, the default; the start day is the plan's
    first day). ``inclusive_end=True`` reads it as Lag (1930:173) 1 §'s
    slutdag instead, one day longer. The cap at the permit's length is not
    judged: the model does not record when a permit expires. Time not
    counted for sickness or parental benefit (6 § second paragraph) is not
    recorded either; a caller who knows it records the plan's real end.
    """

    deadline: Span = field(validator=v.instance_of(Span))
    max_length: Span = field(validator=v.instance_of(Span))
    anchor: ArrivalAnchor = field(
        default=ArrivalAnchor.FIRST_REGISTERED, kw_only=True, validator=v.instance_of(ArrivalAnchor)
    )
    inclusive_end: bool = field(default=False, kw_only=True, validator=v.instance_of(bool))
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        return f"plan-within-{self.deadline.isoformat()}-lasting-{self.max_length.isoformat()}"


@frozen
class PlanStartedBefore(Criterion):
    """An establishment plan (etableringsplan) started before ``day``.

    The transitional provision of Lag (2017:584) keeps Lag (2010:197) for
    people whose plan started before 2018-01-01 (Arbetsförmedlingen, AFFS
    2017:2: "Personer som har en pågående etableringsplan får slutföra den
    enligt (2010:197)"). No plan recorded fails, as for
    :class:`EstablishmentPlan`.
    """

    day: date = field(validator=v.is_date)
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        day = self.day.isoformat() if isinstance(self.day, date) else "?"
        return f"plan-started-before-{day}"


@frozen
class FactIs(Criterion):
    """An assessed fact of ``kind`` has the ``value`` (by default true).

    For a condition that rests on a caseworker's or a register's judgement
    (registered as a job seeker, in an introduction programme): the
    participant carries it as an
    :class:`~etableringsmodell.model.participant.AssessedFact`. Without
    the fact the verdict is *undetermined*, never silently passed.

    *Convention* on dates: a fact assessed after the reference date does not
    show the state on it and counts as absent (undetermined); an undated fact
    (``assessed_on`` ``None``) is taken to hold on every reference date. How
    old an assessment may be is not judged.
    """

    kind: FactKind = field(validator=v.instance_of(FactKind))
    value: bool = field(default=True, kw_only=True, validator=v.instance_of(bool))
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        kind = self.kind.value.replace("_", "-") if isinstance(self.kind, FactKind) else "?"
        return f"fact-{kind}" if self.value is not False else f"fact-not-{kind}"


@frozen
class NotAssessed(Criterion):
    """A condition the participant record cannot show; always undetermined.

    For a condition of a real rule that rests on a caseworker's judgement or
    on a fact the model does not record (``"long-term unemployed"``): the
    rule keeps it, and a decision says openly that it could not judge it
    instead of silently passing or failing everyone.
    """

    description: str = field(validator=v.non_empty_text)
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=(UNCITED,), kw_only=True, converter=_to_sources, validator=_check_sources
    )

    def _default_id(self) -> str:
        text = self.description if isinstance(self.description, str) else "?"
        return "not-assessed(" + "-".join(text.lower().split()) + ")"


def _part_id(part: object) -> str:
    # Default ids are built before validators run; a non-criterion part is
    # then refused by the validator with a typed error naming its index.
    return part.id if isinstance(part, Criterion) else "?"


def _parts_sources(parts: Iterable[Criterion]) -> tuple[Source, ...]:
    seen: dict[Source, None] = {}
    for part in parts:
        for source in part.sources:
            seen.setdefault(source, None)
    return tuple(seen)


def _check_parts(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    v.is_tuple(_instance, attribute, value)
    if not value:
        raise InvalidValueError(attribute.name, "a composite needs at least one criterion")
    for index, part in enumerate(value):
        if not isinstance(part, Criterion):
            raise InvalidTypeError(
                f"{attribute.name}[{index}]", f"must be a criterion, got {type(part).__name__}"
            )


@frozen(init=False)
class AllOf(Criterion):
    """Every one of ``criteria`` holds: ``AllOf(a, b, c)``."""

    criteria: tuple[Criterion, ...] = field(validator=_check_parts)
    id: str = _id_field()
    sources: tuple[Source, ...] = field(kw_only=True, converter=_to_sources, validator=_check_sources)

    def __init__(
        self, *criteria: Criterion, id: str | None = None, sources: Iterable[Source] | Source | None = None
    ) -> None:
        parts = tuple(criteria)
        self.__attrs_init__(  # attrs generates it with init=False
            parts,
            **({} if id is None else {"id": id}),
            sources=_parts_sources(p for p in parts if isinstance(p, Criterion))
            if sources is None
            else sources,
        )

    def _default_id(self) -> str:
        return "all-of(" + ",".join(_part_id(c) for c in self.criteria) + ")"


@frozen(init=False)
class AnyOf(Criterion):
    """At least one of ``criteria`` holds: ``AnyOf(a, b)``."""

    criteria: tuple[Criterion, ...] = field(validator=_check_parts)
    id: str = _id_field()
    sources: tuple[Source, ...] = field(kw_only=True, converter=_to_sources, validator=_check_sources)

    def __init__(
        self, *criteria: Criterion, id: str | None = None, sources: Iterable[Source] | Source | None = None
    ) -> None:
        parts = tuple(criteria)
        self.__attrs_init__(  # attrs generates it with init=False
            parts,
            **({} if id is None else {"id": id}),
            sources=_parts_sources(p for p in parts if isinstance(p, Criterion))
            if sources is None
            else sources,
        )

    def _default_id(self) -> str:
        return "any-of(" + ",".join(_part_id(c) for c in self.criteria) + ")"


def _is_criterion(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Criterion):
        raise InvalidTypeError(attribute.name, f"must be a criterion, got {type(value).__name__}")


@frozen
class Not(Criterion):
    """``criterion`` does not hold. An undetermined criterion stays undetermined."""

    criterion: Criterion = field(validator=_is_criterion)
    id: str = _id_field()
    sources: tuple[Source, ...] = field(
        default=Factory(lambda self: tuple(getattr(self.criterion, "sources", ())), takes_self=True),
        kw_only=True,
        converter=_to_sources,
        validator=_check_sources,
    )

    def _default_id(self) -> str:
        return f"not({_part_id(self.criterion)})"
