"""Each criterion's meaning written once, as data: the form a back end compiles.

A *form* (formulär) says what a criterion reads and how it judges, without
running anything: the cohort columns it reads (:class:`Column`), the
thresholds it computes once from the reference date with
:mod:`etableringsmodell.calendar` (as :class:`Const` dates), the calendar
additions it makes on a row's own date (:class:`AddMonths`, counted by
Lag 1930:173 as :func:`~etableringsmodell.calendar.add_span` counts them),
the comparisons (:class:`Compare`), set tests (:class:`InSet`,
:class:`AnyElement`) and three-valued connectives (:class:`And`,
:class:`Or`, :class:`Negate`, Kleene's logic, as SQL's own).

A criterion's form is a :class:`Cases`: the first case whose test is true
gives the status code (0 failed, 1 undetermined, 2 passed, as the batch
path codes them); a test that is unknown because an input is missing (SQL's
NULL) is not true, so it falls through, and :func:`kleene` turns a test into
"passed when true, failed when false, undetermined when unknown".
Composites are :class:`Combine` (``AllOf`` is the minimum of its parts'
codes, ``AnyOf`` the maximum, ``Not`` is ``2 - code``).

:func:`form_of` gives the form of a criterion on a reference date;
:func:`register_form` teaches it a criterion type of one's own. The SQL
compiler (:mod:`etableringsmodell.sql`) and the batch path's numpy
interpreter (:mod:`etableringsmodell.batch.forms`) derive from the same form,
so a criterion written once, the catalogue's or a user's, runs on both.

>>> from datetime import date
>>> from etableringsmodell.model import AgeBetween
>>> form = form_of(AgeBetween(18, 64), date(2024, 2, 29))
>>> test = form.cases[0][0]
>>> [(c.op, c.left.name, c.right.value) for c in test.parts]  # 18 on 2024-02-29: born by 2006-02-28
[('<=', 'birth_date', datetime.date(2006, 2, 28)), ('>', 'birth_date', datetime.date(1959, 2, 28))]
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from attrs import field, frozen

from etableringsmodell.calendar import MissingDay, Span, earliest_start, latest_birth_date
from etableringsmodell.errors import InvalidTypeError, InvalidValueError, UnknownCriterionError
from etableringsmodell.model.criteria import (
    AgeBetween,
    AgeWhen,
    AllOf,
    AnyOf,
    ArrivalAnchor,
    Criterion,
    EducationAtLeast,
    EducationBelow,
    EstablishmentPlan,
    EstablishmentPlanInTime,
    Everyone,
    ExperienceAtLeast,
    FactIs,
    FamilyTieWithin,
    InterestIn,
    NewlyArrived,
    NoBarringSituation,
    NoParentInSweden,
    Not,
    NotAssessed,
    OccupationIn,
    PermitGroundIn,
    PlanStartedBefore,
    SwedishAtLeast,
    Validated,
)
from etableringsmodell.model.enums import EducationLevel, PermitGround, SfiCourse

__all__ = [
    "ANCHOR_COLUMNS",
    "FAILED",
    "PASSED",
    "UNDETERMINED",
    "AddMonths",
    "And",
    "AnyElement",
    "AnyMissing",
    "Cases",
    "Column",
    "ColumnKind",
    "Combine",
    "Compare",
    "Const",
    "Form",
    "InSet",
    "IsNull",
    "ListSum",
    "Negate",
    "Or",
    "Predicate",
    "Value",
    "form_of",
    "kleene",
    "leaf_form",
    "register_form",
    "registered_form",
]

FAILED = 0
UNDETERMINED = 1
PASSED = 2


class ColumnKind(enum.Enum):
    """What a cohort column holds."""

    DATE = "date"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    TEXT = "text"
    TEXT_LIST = "text_list"
    NUMBER_LIST = "number_list"


@frozen
class Column:
    """A cohort column, by its name in :mod:`etableringsmodell.batch.columns`.

    An ``optional`` column may be absent from a table: it then reads as
    missing (NULL) on every row, as the batch path reads an absent fact column.
    ``vocabulary``, for a coded column (text or integer), is the enumeration
    its values come from: the batch path factorises the column against it
    once, judges each test on the few distinct codes, and names a value
    outside it (:class:`~etableringsmodell.errors.InvalidCodeError`); an
    integer code 0 is "not recorded", as registers write it, and reads as
    missing. SQL back ends read the column as it is.
    """

    name: str
    kind: ColumnKind
    optional: bool = False
    vocabulary: type[enum.Enum] | None = None


@frozen
class Const:
    """A constant: a date computed once from the reference date, a number, a code or a flag."""

    value: date | int | float | str | bool


@frozen
class AddMonths:
    """``value`` moved by ``months`` then ``days``, as :func:`~etableringsmodell.calendar.add_span`.

    A day the target month lacks (31 August + 6 months) is the month's last
    day under :attr:`MissingDay.LAST_DAY_OF_MONTH` (Lag 1930:173 1 §), the
    first of the next month under ``FIRST_OF_NEXT_MONTH``. Missing stays missing.
    """

    value: Column | AddMonths
    months: int
    days: int = 0
    convention: MissingDay = MissingDay.LAST_DAY_OF_MONTH


@frozen
class ListSum:
    """The sum of the known numbers of the list column ``values`` whose element of ``keys`` matches.

    ``values`` and ``keys`` are parallel list columns (one number per key, a
    missing number "not known"); a key matches when it starts with one of
    ``prefixes`` (``None``: every key), as in :class:`AnyElement`. Never
    missing: a row with no matching known number sums to 0. Numbers are in
    the unit the column is documented in, so a threshold is converted once,
    when the form is built, never per row.
    """

    values: Column
    keys: Column
    prefixes: tuple[str, ...] | None


Value = Column | Const | AddMonths | ListSum


@frozen
class Compare:
    """``left op right``; unknown when either side is missing."""

    op: str = field(validator=lambda _i, _a, v: _check_op(v))
    left: Value
    right: Value


def _check_op(op: str) -> None:
    if op not in ("<", "<=", "=", "<>", ">=", ">"):
        raise InvalidValueError("op", f"must be one of < <= = <> >= >, got {op!r}")


@frozen
class IsNull:
    """``value`` is missing: never unknown."""

    value: Value


@frozen
class InSet:
    """``value`` is one of ``members``; unknown when ``value`` is missing."""

    value: Value
    members: tuple[str | int, ...]


@frozen
class AnyElement:
    """Some element of the list column ``column`` matches; never unknown (a missing list is empty).

    ``prefixes``: an element matches when it starts with one of them (an SSYK
    2012 code meets a shorter code it starts with); ``None`` matches any
    element. ``casefold``: elements are trimmed and lower-cased and must
    equal one of ``prefixes`` exactly instead.
    """

    column: Column
    prefixes: tuple[str, ...] | None
    casefold: bool = False


@frozen
class AnyMissing:
    """Some key of ``keys`` that matches ``prefixes`` has no number in ``values`` (see :class:`ListSum`).

    Never unknown: a missing list is an empty one.
    """

    values: Column
    keys: Column
    prefixes: tuple[str, ...] | None


@frozen
class And:
    """Kleene AND: false if any part is false, else unknown if any is unknown."""

    parts: tuple[Predicate, ...]


@frozen
class Or:
    """Kleene OR: true if any part is true, else unknown if any is unknown."""

    parts: tuple[Predicate, ...]


@frozen
class Negate:
    """Kleene NOT: unknown stays unknown."""

    part: Predicate


Predicate = Compare | IsNull | InSet | AnyElement | AnyMissing | And | Or | Negate


@frozen
class Cases:
    """The first case whose test is true gives the status code; else ``default``."""

    cases: tuple[tuple[Predicate, int], ...]
    default: int


@frozen
class Combine:
    """A composite: ``"all"`` (minimum of the codes), ``"any"`` (maximum) or ``"not"`` (2 - code)."""

    how: str
    parts: tuple[Form, ...]


Form = Cases | Combine


def kleene(test: Predicate) -> Cases:
    """Passed when ``test`` is true, failed when false, undetermined when unknown."""
    return Cases(((test, PASSED), (Negate(test), FAILED)), UNDETERMINED)


# ---- the catalogue's criteria ------------------------------------------------------

ANCHOR_COLUMNS: dict[ArrivalAnchor, str] = {
    ArrivalAnchor.RECEIVED: "received_on",
    ArrivalAnchor.FIRST_REGISTERED: "first_registered_on",
    ArrivalAnchor.PERMIT_GRANTED: "permit_granted_on",
    ArrivalAnchor.FIRST_PERMIT_GRANTED: "first_permit_granted_on",
}
"""The column of each anchor date (as :data:`etableringsmodell.batch.ANCHOR_COLUMNS`)."""


def _date(name: str, *, optional: bool = False) -> Column:
    return Column(name, ColumnKind.DATE, optional)


BIRTH = _date("birth_date")
PLAN_START = _date("plan_started_on")
PLAN_END = _date("plan_ended_on")


def _span(value: Column, span: Span, convention: MissingDay = MissingDay.LAST_DAY_OF_MONTH) -> Value:
    if not span.total_months and not span.days:
        return value
    return AddMonths(value, span.total_months, span.days, convention)


def _age_between(c: AgeBetween, on: date) -> Form:
    # age_on(b, on) >= n exactly when b <= latest_birth_date(on, n): one date per bound.
    tests: list[Predicate] = [Compare("<=", BIRTH, Const(latest_birth_date(on, c.min or 0, c.convention)))]
    if c.max is not None:
        tests.append(Compare(">", BIRTH, Const(latest_birth_date(on, c.max + 1, c.convention))))
    return kleene(And(tuple(tests)))


def _age_when(c: AgeWhen, on: date) -> Form:
    # The age on a row's own date: the n-th birthday is birth + 12n months by the
    # convention (29 February: 28 February or 1 March), and age >= n exactly when it
    # is on or before the anchor date.
    anchor = _date(ANCHOR_COLUMNS[c.anchor])
    tests: list[Predicate] = [
        Compare("<=", AddMonths(BIRTH, 12 * (c.min or 0), 0, c.convention) if c.min else BIRTH, anchor)
    ]
    if c.max is not None:
        tests.append(Compare(">", AddMonths(BIRTH, 12 * (c.max + 1), 0, c.convention), anchor))
    if c.min:
        # As the scalar rule: without the anchor, someone already under ``min`` on the reference
        # date fails, since the anchor can be no later than that date.
        too_young = Compare(">", BIRTH, Const(latest_birth_date(on, c.min, c.convention)))
        return Cases(
            (
                (And((IsNull(anchor), too_young)), FAILED),
                (IsNull(anchor), UNDETERMINED),
                (And(tuple(tests)), PASSED),
            ),
            FAILED,
        )
    return Cases(((IsNull(anchor), UNDETERMINED), (And(tuple(tests)), PASSED)), FAILED)


def _newly_arrived(c: NewlyArrived, on: date) -> Form:
    # The earliest start r with r + within >= on (2020-02-29 - 36 months: 2017-03-01), computed once.
    start = _date(ANCHOR_COLUMNS[c.anchor])
    threshold = earliest_start(on, c.within, c.convention, inclusive_end=c.inclusive_end)
    return kleene(And((Compare(">=", start, Const(threshold)), Compare("<=", start, Const(on)))))


GROUND = Column("permit_ground", ColumnKind.TEXT, vocabulary=PermitGround)


def _permit_ground_in(c: PermitGroundIn, on: date) -> Form:
    return kleene(InSet(GROUND, tuple(sorted(g.value for g in c.grounds))))


def _situation(value: str) -> Column:
    return Column(f"situation_{value}", ColumnKind.BOOLEAN)


def _no_barring(c: NoBarringSituation, on: date) -> Form:
    flags = tuple(
        Compare("=", _situation(s.value), Const(value=True))
        for s in sorted(c.situations, key=lambda s: s.value)
    )
    return kleene(Negate(Or(flags)))


def _everyone(c: Everyone, on: date) -> Form:
    return Cases((), PASSED)


def _not_assessed(c: NotAssessed, on: date) -> Form:
    return Cases((), UNDETERMINED)


EDUCATION = Column("education", ColumnKind.INTEGER, vocabulary=EducationLevel)
SWEDISH = Column("swedish", ColumnKind.INTEGER, vocabulary=SfiCourse)


def _education(op: str) -> Callable[[Any, date], Form]:
    def build(c: EducationAtLeast | EducationBelow, on: date) -> Form:
        # 0 or missing: not recorded, undetermined.
        unknown = Or((IsNull(EDUCATION), Compare("=", EDUCATION, Const(0))))
        return Cases(((unknown, UNDETERMINED), (Compare(op, EDUCATION, Const(int(c.level))), PASSED)), FAILED)

    return build


def _swedish_at_least(c: SwedishAtLeast, on: date) -> Form:
    # No course recorded (0 or missing) fails: SFI is a fact the record has.
    return Cases(((Compare(">=", SWEDISH, Const(int(c.course))), PASSED),), FAILED)


def _no_parent(c: NoParentInSweden, on: date) -> Form:
    return kleene(Compare("=", Column("parent_in_sweden", ColumnKind.BOOLEAN), Const(value=False)))


def _establishment_plan(c: EstablishmentPlan, on: date) -> Form:
    started = And((Negate(IsNull(PLAN_START)), Compare("<=", PLAN_START, Const(on))))
    running = Or((IsNull(PLAN_END), Compare(">=", PLAN_END, Const(earliest_start(on, c.ended_within)))))
    return Cases(((And((started, running)), PASSED),), FAILED)


def _plan_in_time(c: EstablishmentPlanInTime, on: date) -> Form:
    anchor = _date(ANCHOR_COLUMNS[c.anchor])
    deadline = _span(anchor, c.deadline)
    extra = 1 if c.inclusive_end else 0
    length = c.max_length
    plan_end = AddMonths(PLAN_START, length.total_months, length.days + extra)
    today = Const(on)
    no_plan = Or((IsNull(PLAN_START), Compare(">", PLAN_START, today)))
    # The batch and scalar evaluators' order of tests: no plan, ended, ran out, deadline unknown, late.
    return Cases(
        (
            (And((no_plan, IsNull(anchor))), UNDETERMINED),
            (And((no_plan, Compare(">", today, deadline))), FAILED),
            (no_plan, PASSED),
            (Compare("<", PLAN_END, today), FAILED),
            (Compare(">=", today, plan_end), FAILED),
            (IsNull(anchor), UNDETERMINED),
            (Compare(">", PLAN_START, deadline), FAILED),
        ),
        PASSED,
    )


def _plan_started_before(c: PlanStartedBefore, on: date) -> Form:
    return Cases(((Compare("<", PLAN_START, Const(c.day)), PASSED),), FAILED)


def _fact_is(c: FactIs, on: date) -> Form:
    value = Column(f"fact_{c.kind.value}", ColumnKind.BOOLEAN, optional=True)
    assessed = _date(f"fact_{c.kind.value}_on", optional=True)
    # A fact assessed after the reference date does not show the state on it: undetermined.
    return Cases(
        (
            (Compare(">", assessed, Const(on)), UNDETERMINED),
            (Compare("=", value, Const(c.value)), PASSED),
            (Compare("=", value, Const(not c.value)), FAILED),
        ),
        UNDETERMINED,
    )


def _family_tie(c: FamilyTieWithin, on: date) -> Form:
    applied = _date("permit_applied_on")
    sponsor = _date("sponsor_received_on")
    failed: list[Predicate] = []
    missing: list[Predicate] = []
    # A comparison with a missing date is unknown and so not a failure: the row is
    # undetermined by the missing tests below, as on the batch path.
    if c.within is not None or c.applied_from is not None or c.applied_before is not None:
        missing.append(IsNull(applied))
        if c.applied_from is not None:
            failed.append(Compare("<", applied, Const(c.applied_from)))
        if c.applied_before is not None:
            failed.append(Compare(">=", applied, Const(c.applied_before)))
    if c.within is not None or c.sponsor_received_after is not None:
        missing.append(IsNull(sponsor))
        if c.sponsor_received_after is not None:
            failed.append(Compare("<=", sponsor, Const(c.sponsor_received_after)))
        if c.within is not None:
            failed.append(Compare(">", applied, _span(sponsor, c.within)))
    if c.swedish_sponsor_excluded:
        citizen = Column("sponsor_is_swedish_citizen", ColumnKind.BOOLEAN)
        missing.append(IsNull(citizen))
        failed.append(Compare("=", citizen, Const(value=True)))
    cases: list[tuple[Predicate, int]] = [
        (IsNull(GROUND), UNDETERMINED),
        (Compare("<>", GROUND, Const(PermitGround.FAMILY_TIE.value)), FAILED),
    ]
    if failed:
        cases.append((Or(tuple(failed)), FAILED))
    if missing:
        cases.append((Or(tuple(missing)), UNDETERMINED))
    return Cases(tuple(cases), PASSED)


def _any(column: str, codes: frozenset[str] | None) -> Form:
    test = AnyElement(Column(column, ColumnKind.TEXT_LIST), None if codes is None else tuple(sorted(codes)))
    return Cases(((test, PASSED),), FAILED)


def _occupation_in(c: OccupationIn, on: date) -> Form:
    return _any("occupations", c.codes)


OCCUPATIONS = Column("occupations", ColumnKind.TEXT_LIST)
EXPERIENCE_YEARS = Column("experience_years", ColumnKind.NUMBER_LIST)


def _experience_at_least(c: ExperienceAtLeast, on: date) -> Form:
    # Summed and compared in years, pint's year (365.25 days), the unit of the
    # experience_years column: the minimum is converted once, here, as the scalar
    # rule converts its total and its minimum to years before comparing.
    prefixes = None if c.occupations is None else tuple(sorted(c.occupations))
    minimum = float(c.minimum.to("years").magnitude)
    reached = Compare(">=", ListSum(EXPERIENCE_YEARS, OCCUPATIONS, prefixes), Const(minimum))
    return Cases(
        ((reached, PASSED), (AnyMissing(EXPERIENCE_YEARS, OCCUPATIONS, prefixes), UNDETERMINED)),
        FAILED,
    )


def _validated(c: Validated, on: date) -> Form:
    return _any("validated_occupations", c.occupations)


def _interest_in(c: InterestIn, on: date) -> Form:
    test = AnyElement(Column("interests", ColumnKind.TEXT_LIST), tuple(sorted(c.branches)), casefold=True)
    return Cases(((test, PASSED),), FAILED)


C = TypeVar("C", bound=Criterion)
FormBuilder = Callable[[Any, date], Form]
"""``builder(criterion, on)``: the criterion's form on the reference date ``on``."""

_FORMS: dict[type, FormBuilder] = {
    AgeBetween: _age_between,
    AgeWhen: _age_when,
    NewlyArrived: _newly_arrived,
    PermitGroundIn: _permit_ground_in,
    NoBarringSituation: _no_barring,
    Everyone: _everyone,
    NotAssessed: _not_assessed,
    EducationAtLeast: _education(">="),
    EducationBelow: _education("<"),
    SwedishAtLeast: _swedish_at_least,
    NoParentInSweden: _no_parent,
    EstablishmentPlan: _establishment_plan,
    EstablishmentPlanInTime: _plan_in_time,
    PlanStartedBefore: _plan_started_before,
    FactIs: _fact_is,
    FamilyTieWithin: _family_tie,
    OccupationIn: _occupation_in,
    ExperienceAtLeast: _experience_at_least,
    Validated: _validated,
    InterestIn: _interest_in,
}


def register_form(kind: type[C], builder: Callable[[C, date], Form]) -> None:
    """Teach :func:`form_of` a criterion type: ``builder(criterion, on)`` returns its form.

    Registering a type again replaces its form; subclasses use their base's
    unless given their own. The form is then read by the batch path
    (:func:`etableringsmodell.batch.evaluate`, unless a numpy evaluator was
    registered by hand for the type) and by every SQL back end;
    :func:`etableringsmodell.sql.register_criterion` registers it and drops
    such a hand-registered evaluator.
    """
    if not isinstance(kind, type) or not issubclass(kind, Criterion):
        raise InvalidTypeError("kind", f"must be a Criterion subclass, got {kind!r}")
    if kind in (AllOf, AnyOf, Not):
        raise InvalidValueError("kind", f"{kind.__name__} is combined by form_of itself")
    _FORMS[kind] = builder


def registered_form(kind: type) -> FormBuilder | None:
    """The form builder registered for exactly ``kind`` (not its bases), or ``None``."""
    return _FORMS.get(kind)


def leaf_form(c: Criterion, on: date) -> Form:
    """The form of one criterion that is not a composite."""
    for base in type(c).__mro__:
        if base in _FORMS:
            return _FORMS[base](c, on)
    raise UnknownCriterionError(
        f"no form is registered for {type(c).__module__}.{type(c).__qualname__}; register one with "
        f"etableringsmodell.rules.forms.register_form({type(c).__name__}, builder)"
    )


def form_of(c: Criterion, on: date) -> Form:
    """The form of ``c`` on the reference date ``on``, composites included."""
    if isinstance(c, (AllOf, AnyOf)):
        return Combine("all" if isinstance(c, AllOf) else "any", tuple(form_of(p, on) for p in c.criteria))
    if isinstance(c, Not):
        return Combine("not", (form_of(c.criterion, on),))
    return leaf_form(c, on)
