"""Explained eligibility: evaluate a criterion for a participant on a date.

:func:`check_eligibility` returns a :class:`Decision` with one
:class:`Reason` per criterion in the rule (composites included, in pre-order),
each with the criterion id, its status, a message a caseworker can read with
the actual figures, and the sources.

Criteria are judged in three values: passed, failed, or undetermined when a
fact the criterion needs is missing (no first-registration date, no permit on
record). A composite follows Kleene's logic: :class:`AllOf` fails if any part
fails, else is undetermined if any part is; :class:`AnyOf` passes if any part
passes, else is undetermined if any part is. A decision is eligible only when
its rule passed.

>>> from datetime import date
>>> from etableringsmodell.calendar import Span
>>> from etableringsmodell.model import AgeBetween, AllOf, NewlyArrived, Participant
>>> rule = AllOf(AgeBetween(18, 64), NewlyArrived(within=Span(months=36)))
>>> person = Participant("p1", birth_date=date(1939, 5, 2), received_on=date(2003, 1, 10))
>>> decision = check_eligibility(person, rule, date(2004, 6, 1))
>>> bool(decision)
False
>>> [r.message for r in decision.failures]
['age 65 on 2004-06-01 is above the maximum 64']
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any, Protocol, TypeVar, runtime_checkable

import attrs

from etableringsmodell._shared import trusted_maker
from etableringsmodell.calendar import MissingDay, Span, add_span, age_on, earliest_start
from etableringsmodell.errors import (
    InvalidTypeError,
    NotCoveredError,
    OutOfCalendarError,
    UnknownCriterionError,
)
from etableringsmodell.i18n import N_, Message, _, current, language, lazy
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
from etableringsmodell.model.dated import Programme
from etableringsmodell.model.enums import PermitGround
from etableringsmodell.model.participant import Participant
from etableringsmodell.model.programme import PartnerAgreement, Track
from etableringsmodell.sources import Source

__all__ = [
    "Change",
    "DatedRule",
    "Decision",
    "Reason",
    "Rule",
    "Status",
    "check_all",
    "check_eligibility",
    "diff",
    "register_evaluator",
    "resolve_rule",
]


class Status(enum.Enum):
    """The verdict on one criterion."""

    PASSED = "passed"
    FAILED = "failed"
    UNDETERMINED = "undetermined"
    """A fact the criterion needs is missing from the participant."""

    # Enum's own __hash__ is a Python function hashing the member's name; a status is
    # hashed in every cache key of a decision. Members are singletons compared by
    # identity, so the identity hash is as consistent with equality and costs no call.
    __hash__ = object.__hash__


PASSED, FAILED, UNDETERMINED = Status.PASSED, Status.FAILED, Status.UNDETERMINED
_MARK = {PASSED: "+", FAILED: "-", UNDETERMINED: "?"}
_VERDICTS = {PASSED: N_("eligible"), FAILED: N_("not eligible"), UNDETERMINED: N_("undetermined")}


@attrs.frozen(eq=False)
class Reason:
    """The verdict on one criterion, with why and says who.

    ``message`` is rendered from ``figures`` when first read, so a cohort run
    that never reads messages never pays for formatting them. A reason is a
    record, not a tuple: two reasons are equal when they judge the same
    criterion at the same depth alike, on the same sources, with the same message.
    """

    criterion_id: str
    status: Status
    sources: tuple[Source, ...]
    depth: int
    """Nesting depth in the rule: 0 for the rule itself, 1 for its parts, ..."""
    figures: tuple[Any, ...] = ()
    """The facts the message is made of (ages, dates, bounds), for programs to read."""
    template: Callable[..., str] = attrs.field(default=str, repr=False)
    """Turns ``figures`` into the message."""

    @property
    def message(self) -> str:
        """A sentence a caseworker can read, with the actual figures (in the current language)."""
        return self.template(*self.figures)

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``"sv"`` or ``"en"``)."""
        with language(lang):
            return self.template(*self.figures)

    @property
    def passed(self) -> bool:
        return self.status is PASSED

    def _key(self) -> tuple[Any, ...]:
        return (self.criterion_id, self.status, self.sources, self.depth, self.message)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Reason):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __str__(self) -> str:
        # Two sources can cite the same text with different notes: show it once.
        cited = "; ".join(dict.fromkeys(s.citation() for s in self.sources))
        return f"{_MARK[self.status]} {self.criterion_id}: {self.message} [{cited}]"

    def __repr__(self) -> str:
        return f"Reason({self.criterion_id!r}, {self.status.name}, {self.message!r})"


def _library_version() -> str:
    from etableringsmodell import __version__

    return __version__


_VERSION = _library_version()


@attrs.frozen
class Decision:
    """The outcome of :func:`check_eligibility`; true when eligible.

    A record (frozen attrs class) with a stable JSON form
    (:func:`etableringsmodell.io.dumps`, schema ``docs/schema/decision.schema.json``):
    ``reasons`` has one entry per criterion of the rule, the rule itself first.
    ``programme_id``, ``version_from`` and ``version_to`` name the catalogue programme
    and the dates of its rule version when the rule was a dated programme;
    ``library_version`` is the etableringsmodell that judged. The decisions of
    :func:`check_eligibility` build their reasons when first read, and are in every
    other way (fields, equality, hash, JSON, pickling) the Decision built here.
    """

    eligible: bool
    status: Status
    rule_id: str
    on: date
    reasons: tuple[Reason, ...]
    programme_id: str | None = None
    version_from: date | None = None
    version_to: date | None = None
    library_version: str = attrs.field(factory=_library_version)

    def __bool__(self) -> bool:
        return self.eligible

    @property
    def failures(self) -> tuple[Reason, ...]:
        """Why the rule failed: the deepest failed criteria on failed paths from the rule.

        A criterion that failed inside a branch that passed anyway (one
        alternative of an :class:`AnyOf` that another alternative satisfied)
        is not a reason the rule failed, and is left out; a failed
        :class:`Not` is its own reason.
        """
        return self._causes(FAILED, frozenset({FAILED}))

    @property
    def undetermined(self) -> tuple[Reason, ...]:
        """What could not be judged for lack of a fact, on paths that did not pass."""
        return self._causes(UNDETERMINED, frozenset({FAILED, UNDETERMINED}))

    def _causes(self, status: Status, ancestors_allowed: frozenset[Status]) -> tuple[Reason, ...]:
        reasons = self.reasons
        found = []
        path: list[Status] = []  # statuses of the ancestors of the current reason
        for index, reason in enumerate(reasons):
            del path[reason.depth :]
            children = []
            for later in reasons[index + 1 :]:
                if later.depth <= reason.depth:
                    break
                if later.depth == reason.depth + 1:
                    children.append(later.status)
            if (
                reason.status is status
                and all(s in ancestors_allowed for s in path)
                and status not in children
            ):
                found.append(reason)
            path.append(reason.status)
        return tuple(found)

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source the decision rests on, each once, in order of first use."""
        seen: dict[Source, None] = {}
        for reason in self.reasons:
            for source in reason.sources:
                seen.setdefault(source, None)
        return tuple(seen)

    def _repr_html_(self) -> str:
        from etableringsmodell import _html

        verdict = _(_VERDICTS[self.status])
        rows = [
            (
                _MARK[r.status],
                "&nbsp;" * 4 * r.depth + _html.escape(r.criterion_id),
                r.message,
                "; ".join(dict.fromkeys(s.citation() for s in r.sources)),
            )
            for r in self.reasons
        ]
        body = _html.table(("", _("criterion"), _("reason"), _("sources")), rows, raw_columns=frozenset({1}))
        return _html.titled(
            _("{verdict} under {rule}").format(verdict=verdict, rule=self.rule_id),
            body,
            subtitle=_("on {on}").format(on=self.on.isoformat()),
        )

    def explain(self, lang: str | None = None) -> str:
        """The decision as indented text, one line per criterion, with sources.

        ``lang`` (``"sv"`` or ``"en"``; see :mod:`etableringsmodell.i18n`) chooses the
        language of the verdict and the messages; by default the current language.
        """
        if lang is not None:
            with language(lang):
                return self.explain()
        lines = [
            _("{verdict} under {rule} on {on}").format(
                verdict=_(_VERDICTS[self.status]), rule=self.rule_id, on=self.on.isoformat()
            )
        ]
        if self.programme_id is not None and self.version_from is not None:
            to = self.version_to.isoformat() if self.version_to else _("in force")
            lines[0] += " " + _("({programme}, version {start} to {end})").format(
                programme=self.programme_id, start=self.version_from.isoformat(), end=to
            )
        lines += ["  " * (r.depth + 1) + str(r) for r in self.reasons]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"Decision(eligible={self.eligible}, rule_id={self.rule_id!r}, on={self.on.isoformat()}, reasons={len(self.reasons)})"


# ---- fast construction on the trusted internal path ----------------------------
#
# attrs' frozen __init__ sets each field through ``object.__setattr__`` looked up
# per call, which made the reasons and the decision most of the time of a whole
# decision. The evaluators below build them from values they computed themselves
# (Reason and Decision have no validators or converters to skip), so a Reason's
# slots are set directly, and a decision is a _LazyDecision holding its verdict in
# one tuple; the public constructors are unchanged. The field lists are checked
# against attrs' at import, so a field added later cannot be left unset.

_REASON_FIELDS = ("criterion_id", "status", "sources", "depth", "figures", "template")
_DECISION_FIELDS = (
    "eligible",
    "status",
    "rule_id",
    "on",
    "reasons",
    "programme_id",
    "version_from",
    "version_to",
    "library_version",
)
for _cls, _names in ((Reason, _REASON_FIELDS), (Decision, _DECISION_FIELDS)):
    if tuple(a.name for a in attrs.fields(_cls)) != _names:  # pragma: no cover - a guard for maintainers
        raise TypeError(f"the fast constructor of {_cls.__name__} does not match its attrs fields")
_new_object = object.__new__
_reason: Callable[[str, Status, tuple[Source, ...], int, tuple[Any, ...], Callable[..., str]], Reason] = (
    trusted_maker(Reason, *_REASON_FIELDS)
)
"""``Reason(criterion_id, status, sources, depth, figures, template)``, built without attrs' __init__."""


class _LazyDecision(Decision):
    """A :class:`Decision` made by :func:`check_eligibility`, whose Reasons are built when first read.

    It holds the verdict (status, rule, date, programme) and the criteria's
    recorded verdicts in one tuple, set once; every field of Decision is a property
    over it (installed below, one per attrs field), so it reads, compares, hashes,
    prints, pickles and serialises as the Decision built eagerly from the same
    values. Two threads reading the reasons at once may each build them: the
    results are equal, and the last one written is kept.
    """

    __slots__ = ("_reasons", "_record")
    _record: tuple[Status, Criterion, date, tuple[str | None, date | None, date | None], list[Any] | None]
    """The recorded verdicts are dropped (None) once the reasons are built."""
    _reasons: tuple[Reason, ...]
    """Unset until the reasons are first read."""

    # attrs.evolve calls ``type(decision)(**fields)``: that gives a plain Decision.
    def __new__(cls, *args: Any, **kwargs: Any) -> Decision:  # type: ignore[misc]
        return Decision(*args, **kwargs)

    def __bool__(self) -> bool:
        return self._record[0] is PASSED

    def __eq__(self, other: object) -> bool:
        # attrs' __eq__ requires the same class: a lazy decision equals the eager one.
        if not isinstance(other, Decision):
            return NotImplemented
        return _values(self) == _values(other)

    # Defining __eq__ would drop the inherited hash; attrs' hash does not depend on the class.
    __hash__ = Decision.__hash__

    def __reduce__(self) -> tuple[type[Decision], tuple[Any, ...]]:
        # Pickled and copied as the plain Decision it equals.
        return Decision, _values(self)


def _values(decision: Decision) -> tuple[Any, ...]:
    return tuple(getattr(decision, name) for name in _DECISION_FIELDS)


_get_record = _LazyDecision.__dict__["_record"].__get__
_set_record = _LazyDecision.__dict__["_record"].__set__
_get_reasons: Callable[[_LazyDecision], tuple[Reason, ...]] = _LazyDecision.__dict__["_reasons"].__get__
_set_reasons = _LazyDecision.__dict__["_reasons"].__set__


def _lazy_reasons(decision: _LazyDecision) -> tuple[Reason, ...]:
    try:
        return _get_reasons(decision)
    except AttributeError:
        pass
    record = _get_record(decision)
    verdicts = record[4]
    if verdicts is None:  # another thread built the reasons (set before the verdicts were dropped)
        return _get_reasons(decision)
    reasons = _reasons_of(verdicts)
    _set_reasons(decision, reasons)
    _set_record(decision, (*record[:4], None))
    return reasons


_LAZY_FIELDS: dict[str, Callable[[_LazyDecision], Any]] = {
    "eligible": lambda d: _get_record(d)[0] is PASSED,
    "status": lambda d: _get_record(d)[0],
    "rule_id": lambda d: _get_record(d)[1].id,
    "on": lambda d: _get_record(d)[2],
    "reasons": _lazy_reasons,
    "programme_id": lambda d: _get_record(d)[3][0],
    "version_from": lambda d: _get_record(d)[3][1],
    "version_to": lambda d: _get_record(d)[3][2],
    "library_version": lambda d: _VERSION,
}
if tuple(_LAZY_FIELDS) != _DECISION_FIELDS:  # pragma: no cover - a guard for maintainers
    raise TypeError("the lazy decision does not match Decision's attrs fields")
for _name, _getter in _LAZY_FIELDS.items():
    # Each shadows the (unset) slot of Decision's field of the same name.
    setattr(_LazyDecision, _name, property(_getter))


@runtime_checkable
class DatedRule(Protocol):
    """Anything that yields the criterion in force on a date (a catalogue programme)."""

    def criterion_on(self, on: date) -> Criterion: ...


Rule = Criterion | PartnerAgreement | Track | DatedRule
"""What :func:`check_eligibility` accepts as a rule."""

_Out = list[Any]
_Evaluator = Callable[[Any, Participant, date, _Out, int], Status]
_EVALUATORS: dict[type, _Evaluator] = {}

C = TypeVar("C", bound=Criterion)


def _evaluate(criterion: Criterion, participant: Participant, on: date, out: _Out, depth: int) -> Status:
    evaluator = _EVALUATORS.get(type(criterion))
    if evaluator is None:
        evaluator = _find_evaluator(type(criterion))
    return evaluator(criterion, participant, on, out, depth)


def _find_evaluator(kind: type) -> _Evaluator:
    for base in kind.__mro__[1:]:
        if base in _EVALUATORS:
            _EVALUATORS[kind] = _EVALUATORS[base]
            return _EVALUATORS[base]
    raise UnknownCriterionError(
        f"no evaluator is registered for {kind.__name__}; "
        "register one with etableringsmodell.rules.eligibility.register_evaluator"
    )


def register_evaluator(
    kind: type[C], evaluator: Callable[[C, Participant, date], tuple[Status, str]]
) -> None:
    """Teach :func:`check_eligibility` a criterion type of your own.

    ``evaluator(criterion, participant, on)`` returns the status and the
    message for the reason. Registering a type again replaces its evaluator.
    """

    def adapted(criterion: C, participant: Participant, on: date, out: _Out, depth: int) -> Status:
        status, message = evaluator(criterion, participant, on)
        if not isinstance(status, Status):
            raise InvalidTypeError(
                "status", f"an evaluator must return a Status, got {type(status).__name__}"
            )
        out.append(Reason(criterion.id, status, criterion.sources, depth, (message,), str))
        return status

    _EVALUATORS[kind] = adapted
    # Subclasses that inherited an earlier evaluator look it up again.
    for known in [k for k in _EVALUATORS if k is not kind and issubclass(k, kind)]:
        del _EVALUATORS[known]


# ---- verdicts recorded now, reasons built when read -----------------------------
#
# An evaluator appends one verdict per criterion to ``out``: the tuple
# ``(criterion, status, depth, figures, template)``, or a finished Reason (an
# evaluator registered from outside builds its own). A tuple costs a tenth of a
# Reason; the decision turns the verdicts into Reasons when its reasons are first
# read (see _LazyDecision), so a cohort run that only counts the eligible never
# builds one.


def _reasons_of(verdicts: list[Any]) -> tuple[Reason, ...]:
    """The Reasons of recorded verdicts, in their order."""
    reasons = []
    shareable = _SHAREABLE
    for verdict in verdicts:
        if type(verdict) is tuple:
            criterion, status, depth, figures, template = verdict
            if template in shareable:
                reasons.append(_shared_reason(criterion, status, depth, figures, template))
            else:
                reasons.append(_reason(criterion.id, status, criterion.sources, depth, figures, template))
        else:
            reasons.append(verdict)
    return tuple(reasons)


# Reasons whose figures take few values across a cohort (an age, a count of parts,
# a permit ground, a yes or no) recur from person to person: one shared, immutable
# Reason serves them all. The key holds the criterion's id() and the entry holds the
# criterion itself, so the id cannot be reused by another object while the entry
# lives. Only the messages whose figures are of fixed, plain types (ints, dates,
# text, enums, None) are shared (_SHAREABLE, filled below): equal figures are then
# the same figures (no 1 == True or 12 months == 1 year conflation). Bounded, and
# cleared whole when full; a dict's get and set are atomic, so threads at worst
# build a reason twice.
_SHARED_REASONS: dict[tuple[Any, ...], tuple[Criterion, Reason]] = {}
_SHARED_REASONS_SIZE = 8192
_SHAREABLE: set[Callable[..., str]] = set()


def _shared_reason(
    criterion: Criterion, status: Status, depth: int, figures: tuple[Any, ...], template: Callable[..., str]
) -> Reason:
    """A Reason, shared between decisions with the same figures."""
    key = (id(criterion), depth, status, template, figures)
    hit = _SHARED_REASONS.get(key)
    if hit is not None and hit[0] is criterion:
        return hit[1]
    reason = _reason(criterion.id, status, criterion.sources, depth, figures, template)
    if len(_SHARED_REASONS) >= _SHARED_REASONS_SIZE:
        _SHARED_REASONS.clear()
    _SHARED_REASONS[key] = (criterion, reason)
    return reason


# Values derived from a criterion alone (its allowed grounds sorted, its scope in
# words, its minimum in canonical units), computed on its first judgement rather
# than per decision. Keyed and guarded as _SHARED_REASONS is.
_DERIVED: dict[tuple[int, Callable[[Any], Any]], tuple[Criterion, Any]] = {}
_DERIVED_SIZE = 4096

_D = TypeVar("_D")


def _derived(criterion: C, compute: Callable[[C], _D]) -> _D:
    """``compute(criterion)``, once per criterion (while the cache holds it)."""
    key = (id(criterion), compute)
    hit = _DERIVED.get(key)
    if hit is not None and hit[0] is criterion:
        value: _D = hit[1]
        return value
    value = compute(criterion)
    if len(_DERIVED) >= _DERIVED_SIZE:
        _DERIVED.clear()
    _DERIVED[key] = (criterion, value)
    return value


def _clear_caches() -> None:
    """Forget every cached threshold, shared reason and derived value (tests compare with and without)."""
    global _LAST_THRESHOLD  # noqa: PLW0603  # forgotten with the rest
    _THRESHOLDS.clear()
    _LAST_THRESHOLD = (None, date.min, date.min)
    _SHARED_REASONS.clear()
    _DERIVED.clear()
    _YEAR_FACTORS.clear()


# ---- messages -----------------------------------------------------------------


def _age_message(age: int, on: date, low: int | None, high: int | None, status: Status) -> str:
    day = on.isoformat()
    if status is FAILED and low is not None and age < low:
        text = _("age {age} on {day} is below the minimum {low}")
    elif status is FAILED:
        text = _("age {age} on {day} is above the maximum {high}")
    elif low is None:
        text = _("age {age} on {day} is at most the maximum {high}")
    elif high is None:
        text = _("age {age} on {day} is at least the minimum {low}")
    else:
        text = _("age {age} on {day} is within {low}-{high}")
    return text.format(age=age, day=day, low=low, high=high)


def _unborn_message(birth: date, on: date) -> str:
    return _("born {birth}, after the reference date {on}").format(birth=birth.isoformat(), on=on.isoformat())


def _span_end(start: date, span: Span, convention: MissingDay = MissingDay.LAST_DAY_OF_MONTH) -> date | None:
    """``add_span``, or None for an end after 9999-12-31: a window that has not closed by any date."""
    try:
        return add_span(start, span, convention)
    except OutOfCalendarError:
        return None


def _shown_end(end: date | None) -> str:
    return _("after 9999-12-31") if end is None else end.isoformat()


def _arrival_message(criterion: NewlyArrived, start: date, on: date, status: Status) -> str:
    what = _(_ANCHOR_WORDS[criterion.anchor])
    span = _span_text(criterion.within)
    end = _shown_end(_span_end(start, criterion.within, criterion.convention))
    last = _("ends") if criterion.inclusive_end else _("ends before")
    values = {
        "what": what,
        "start": start.isoformat(),
        "on": on.isoformat(),
        "span": span,
        "last": last,
        "end": end,
    }
    if start > on:
        return _("{what} {start}, after the reference date {on}").format(**values)
    if status is PASSED:
        return _("{what} {start}: within {span} on {on} (the window {last} {end})").format(**values)
    return _("{what} {start}: the {span} window {last} {end}, before {on}").format(**values)


def _span_text(span: Span | str) -> str:
    """A span (or a span as English text) in words in the current language: ``36 months``, ``36 månader``."""
    text = str(span)
    if current() == "en":
        return text
    for english, swedish in _SPAN_WORDS:
        text = text.replace(english, swedish)
    return text


# Swedish words for the units of a span (Lag 1930:173 counts in år, månader, veckor, dagar).
_SPAN_WORDS = (
    (" years", " år"),
    (" year", " år"),
    (" months", " månader"),
    (" month", " månad"),
    (" weeks", " veckor"),
    (" week", " vecka"),
    (" days", " dagar"),
    (" day", " dag"),
)


_ANCHOR_WORDS = {
    ArrivalAnchor.RECEIVED: N_("received in a municipality on"),
    ArrivalAnchor.FIRST_REGISTERED: N_("first registered on"),
    ArrivalAnchor.PERMIT_GRANTED: N_("residence permit granted on"),
    ArrivalAnchor.FIRST_PERMIT_GRANTED: N_("first residence permit granted on"),
}
# AgeWhen's words for the event an age is taken on.
_ANCHOR_EVENTS = {
    ArrivalAnchor.RECEIVED: N_("received in a municipality"),
    ArrivalAnchor.FIRST_REGISTERED: N_("first registered"),
    ArrivalAnchor.PERMIT_GRANTED: N_("residence permit granted"),
    ArrivalAnchor.FIRST_PERMIT_GRANTED: N_("first residence permit granted"),
}
_ANCHOR_MISSING = {
    ArrivalAnchor.FIRST_REGISTERED: N_("the date of first population registration is not known"),
    ArrivalAnchor.PERMIT_GRANTED: N_("no residence permit is recorded"),
    ArrivalAnchor.FIRST_PERMIT_GRANTED: N_("no residence permit is recorded"),
}


def _anchor_date(p: Participant, anchor: ArrivalAnchor) -> date | None:
    """The participant's date for ``anchor``; ``None`` when the record does not have it."""
    if anchor is ArrivalAnchor.RECEIVED:
        return p.received_on
    if anchor is ArrivalAnchor.FIRST_REGISTERED:
        return p.first_registered_on
    permit = p.permit
    if permit is None:
        return None
    if anchor is ArrivalAnchor.FIRST_PERMIT_GRANTED and permit.first_granted_on is not None:
        return permit.first_granted_on
    return permit.granted_on


def _constant(text: str | Message) -> str:
    # A fixed message is its own msgid: translated when the catalogue has it;
    # a Message is rendered in the current language.
    return text.text() if isinstance(text, Message) else _(text)


def _permit_message(ground: str, grounds: tuple[str, ...], status: Status) -> str:
    allowed = ", ".join(grounds)
    if status is PASSED:
        return _("permit ground {ground} is one of {allowed}").format(ground=ground, allowed=allowed)
    return _("permit ground {ground} is not one of {allowed}").format(ground=ground, allowed=allowed)


def _barring_message(found: tuple[str, ...]) -> str:
    if not found:
        return _("no situation that bars assignment")
    return _("bars assignment: {found}").format(found=", ".join(found))


def _composite_message(word: str, counts: tuple[int, int, int]) -> str:
    passed, failed, undetermined = counts
    total = passed + failed + undetermined
    parts = [_("{passed} of {total} passed").format(passed=passed, total=total)]
    if failed:
        parts.append(_("{failed} failed").format(failed=failed))
    if undetermined:
        parts.append(_("{undetermined} undetermined").format(undetermined=undetermined))
    return _(word) + ": " + ", ".join(parts)


def _not_message(inner: Status) -> str:
    return _("the negated criterion {status}").format(status=_(_STATUS_WORDS[inner]))


_STATUS_WORDS = {PASSED: N_("passed"), FAILED: N_("failed"), UNDETERMINED: N_("undetermined")}


# ---- evaluators ---------------------------------------------------------------
#
# Enum members are read as ``member._name_`` and ``member._value_`` (the documented
# attributes behind ``.name`` and ``.value``), which skip the property call.


def _age_between(c: AgeBetween, p: Participant, on: date, out: _Out, depth: int) -> Status:
    birth = p.birth_date
    if on < birth:
        out.append((c, FAILED, depth, (birth, on), _unborn_message))
        return FAILED
    # On or after this year's birthday (by month and day) the age is the difference
    # of the years under either convention, as age_on computes it, and one less before
    # it; only a 29 February birthday, on a 28 February, needs the full rule.
    age = on.year - birth.year
    month = birth.month
    if on.month < month or (on.month == month and on.day < birth.day):
        if birth.day != 29 or month != 2:
            age -= 1
        else:
            age = age_on(birth, on, c.convention)
    low, high = c.min, c.max
    status = FAILED if (low is not None and age < low) or (high is not None and age > high) else PASSED
    out.append((c, status, depth, (age, on, low, high, status), _age_message))
    return status


_RECEIVED, _FIRST_REGISTERED = ArrivalAnchor.RECEIVED, ArrivalAnchor.FIRST_REGISTERED
# The key holds the criterion's id() (hashing a criterion is as slow as a decision);
# the entry holds the criterion, so the id is not reused while the entry lives.
_THRESHOLDS: dict[tuple[int, date], tuple[NewlyArrived, date]] = {}
_THRESHOLD_CACHE_SIZE = 4096
# (criterion, reference date, threshold) of the last threshold looked up; the
# criterion is held, so its identity is not reused while it is here.
_LAST_THRESHOLD: tuple[object, date, date] = (None, date.min, date.min)


def _threshold(c: NewlyArrived, on: date) -> date:
    """The earliest start within ``c``'s window on ``on``, cached; the last one used kept apart."""
    global _LAST_THRESHOLD  # noqa: PLW0603  # rebound whole, so threads read one consistent triple
    key = (id(c), on)
    hit = _THRESHOLDS.get(key)
    if hit is not None and hit[0] is c:
        threshold = hit[1]
    else:
        threshold = earliest_start(on, c.within, c.convention, inclusive_end=c.inclusive_end)
        if len(_THRESHOLDS) >= _THRESHOLD_CACHE_SIZE:
            _THRESHOLDS.clear()
        _THRESHOLDS[key] = (c, threshold)
    _LAST_THRESHOLD = (c, on, threshold)
    return threshold


def _newly_arrived(c: NewlyArrived, p: Participant, on: date, out: _Out, depth: int) -> Status:
    anchor = c.anchor
    if anchor is _RECEIVED:
        start: date | None = p.received_on
    elif anchor is _FIRST_REGISTERED:
        start = p.first_registered_on
    else:
        start = _anchor_date(p, anchor)
    if start is None:
        out.append((c, UNDETERMINED, depth, (_ANCHOR_MISSING[anchor],), _constant))
        return UNDETERMINED
    if start > on:
        status = FAILED
    else:
        # One threshold per criterion and reference date serves a whole
        # cohort: start >= threshold exactly when start is within the window.
        # The last one used is checked first: a cohort is judged on one date.
        last_c, last_on, threshold = _LAST_THRESHOLD
        if last_c is not c or last_on != on:
            threshold = _threshold(c, on)
        status = PASSED if start >= threshold else FAILED
    # Per person (the start date), so not shared: a reason of its own.
    out.append((c, status, depth, (c, start, on, status), _arrival_message))
    return status


def _ground_names(c: PermitGroundIn) -> tuple[str, ...]:
    return tuple(sorted(g.name for g in c.grounds))


def _permit_ground_in(c: PermitGroundIn, p: Participant, on: date, out: _Out, depth: int) -> Status:
    if p.permit is None:
        out.append((c, UNDETERMINED, depth, ("no residence permit is recorded",), _constant))
        return UNDETERMINED
    ground = p.permit.ground
    status = PASSED if ground in c.grounds else FAILED
    allowed = _derived(c, _ground_names)
    out.append((c, status, depth, (ground._name_, allowed, status), _permit_message))
    return status


def _no_barring(c: NoBarringSituation, p: Participant, on: date, out: _Out, depth: int) -> Status:
    found = p.situations & c.situations
    status = FAILED if found else PASSED
    out.append((c, status, depth, (tuple(sorted(s._name_ for s in found)),), _barring_message))
    return status


def _everyone(c: Everyone, p: Participant, on: date, out: _Out, depth: int) -> Status:
    out.append((c, PASSED, depth, (N_("no entry requirement: everyone is admitted"),), _constant))
    return PASSED


def _level_message(what: str, actual: str | None, relation: str, required: str, status: Status) -> str:
    values = {"what": _(what), "actual": actual, "relation": _(relation), "required": required}
    if actual is None:
        return _("{what} is not recorded").format(**values)
    if status is PASSED:
        return _("{what} {actual} is {relation} {required}").format(**values)
    return _("{what} {actual} is not {relation} {required}").format(**values)


def _education_at_least(c: EducationAtLeast, p: Participant, on: date, out: _Out, depth: int) -> Status:
    level = p.education
    status = UNDETERMINED if level is None else (PASSED if level >= c.level else FAILED)
    actual = None if level is None else level._name_
    figures = (N_("education (SUN 2020)"), actual, N_("at least"), c.level._name_, status)
    out.append((c, status, depth, figures, _level_message))
    return status


def _education_below(c: EducationBelow, p: Participant, on: date, out: _Out, depth: int) -> Status:
    level = p.education
    status = UNDETERMINED if level is None else (PASSED if level < c.level else FAILED)
    actual = None if level is None else level._name_
    figures = (N_("education (SUN 2020)"), actual, N_("below"), c.level._name_, status)
    out.append((c, status, depth, figures, _level_message))
    return status


def _swedish_message(actual: str | None, required: str, status: Status) -> str:
    if actual is None:
        return _("no SFI course completed; at least {required} is required").format(required=required)
    if status is PASSED:
        return _("SFI course {actual} meets the required {required}").format(actual=actual, required=required)
    return _("SFI course {actual} is below the required {required}").format(actual=actual, required=required)


def _swedish_at_least(c: SwedishAtLeast, p: Participant, on: date, out: _Out, depth: int) -> Status:
    course = p.swedish
    status = PASSED if course is not None and course >= c.course else FAILED
    figures = (None if course is None else course._name_, c.course._name_, status)
    out.append((c, status, depth, figures, _swedish_message))
    return status


def _prefixes(c: OccupationIn | ExperienceAtLeast | Validated) -> tuple[str, ...] | None:
    """The criterion's SSYK codes as one tuple for ``str.startswith``, which tries each (None: any).

    A competence meets a code it starts with (2221 meets 22), never the
    reverse: a coarse record does not prove a finer occupation.
    """
    codes = c.codes if isinstance(c, OccupationIn) else c.occupations
    return None if codes is None else tuple(codes)


def _occupation_message(found: tuple[str, ...], codes: tuple[str, ...]) -> str:
    wanted = ", ".join(codes)
    if found:
        return _("occupation {found} is within SSYK {wanted}").format(found=", ".join(found), wanted=wanted)
    return _("no competence within SSYK {wanted}").format(wanted=wanted)


def _sorted_codes(c: OccupationIn) -> tuple[str, ...]:
    return tuple(sorted(c.codes))


def _occupation_in(c: OccupationIn, p: Participant, on: date, out: _Out, depth: int) -> Status:
    prefixes = _derived(c, _prefixes)
    found = tuple(
        k.occupation for k in p.competences if prefixes is None or k.occupation.startswith(prefixes)
    )
    status = PASSED if found else FAILED
    out.append((c, status, depth, (found, _derived(c, _sorted_codes)), _occupation_message))
    return status


def _experience_message(known: Any, minimum: Any, unknown: int, scope: str, status: Status) -> str:
    values = {
        "scope": _(scope) if scope == "any occupation" else scope,
        # float(): a Fraction or Decimal magnitude has no 'g' format on every Python this supports.
        "have": f"{float(known.to('years').magnitude):g}",
        "need": f"{float(minimum.to('years').magnitude):g}",
        "unknown": unknown,
    }
    if status is PASSED:
        return _("experience in {scope}: {have} years, at least the required {need} years").format(**values)
    if status is UNDETERMINED:
        return _(
            "experience in {scope}: {have} years known, {unknown} competence(s) without a recorded "
            "experience; {need} years required"
        ).format(**values)
    return _("experience in {scope}: {have} years, below the required {need} years").format(**values)


def _experience_at_least(c: ExperienceAtLeast, p: Participant, on: date, out: _Out, depth: int) -> Status:
    prefixes = _derived(c, _prefixes)
    total: Any = 0  # the magnitude in years, summed as pint sums quantities
    unknown = 0
    for competence in p.competences:
        if prefixes is None or competence.occupation.startswith(prefixes):
            experience = competence.experience
            if experience is None:
                unknown += 1
            else:
                total = _add_years(total, experience)
    # Summed and compared in years, exactly as the batch path does, so the
    # two agree even where unit conversion rounds (a minimum of 1e-320 months).
    reached = total >= c._minimum_years
    status = PASSED if reached else (UNDETERMINED if unknown else FAILED)
    scope = _derived(c, _experience_scope)
    figures = (_years_quantity(total), c.minimum, unknown, scope, status)
    out.append((c, status, depth, figures, _experience_message))
    return status


def _experience_scope(c: ExperienceAtLeast) -> str:
    return "any occupation" if c.occupations is None else "SSYK " + ", ".join(sorted(c.occupations))


# Experience is summed in pint's year. pint adds ``a + b`` with ``a`` in years as
# ``a.magnitude + b.magnitude`` when ``b`` is in years too, else as
# ``a.magnitude + b.magnitude * factor`` with the conversion factor from b's unit to
# the year; the factor depends on the unit only, so it is asked of pint once per unit
# (the model keeps four units of time) and the sum is the same number pint makes.
# Magnitudes other than int and float (Decimal, Fraction: pint converts the factor
# for them) go through pint itself.
_YEAR_FACTORS: dict[Any, Any] = {}


def _add_years(total: Any, experience: Any) -> Any:
    magnitude = experience.magnitude
    if type(magnitude) is not int and type(magnitude) is not float:
        return (_years_quantity(total) + experience).magnitude
    units = experience._units  # pint's hashable UnitsContainer, the key of its own caches
    factor: Any = _YEAR_FACTORS.get(units)
    if factor is None:
        make, year = _year_units()
        # 1 * factor is the factor itself, of its own type.
        factor = _SAME_UNIT if units == year else make(1, units).to(year).magnitude
        _YEAR_FACTORS[units] = factor
    return total + magnitude if factor is _SAME_UNIT else total + magnitude * factor


_SAME_UNIT = object()


@functools.cache
def _year_units() -> tuple[Any, Any]:
    """The registry's Quantity and pint's year as a UnitsContainer (naming a unit parses it each time)."""
    from etableringsmodell.units import registry

    ureg = registry()
    return ureg.Quantity, ureg.year._units


def _years_quantity(magnitude: Any) -> Any:
    """The figure: a quantity in pint's year, as pint's sum makes it."""
    make, year = _year_units()
    return make(magnitude, year)


def _validated_message(found: tuple[str, ...], scope: str) -> str:
    if found:
        return _("competence {found} is validated").format(found=", ".join(found))
    return _("no validated competence in {scope}").format(
        scope=_(scope) if scope == "any occupation" else scope
    )


def _validated_scope(c: Validated) -> str:
    return N_("any occupation") if c.occupations is None else "SSYK " + ", ".join(sorted(c.occupations))


def _validated(c: Validated, p: Participant, on: date, out: _Out, depth: int) -> Status:
    prefixes = _derived(c, _prefixes)
    found = tuple(
        k.occupation
        for k in p.competences
        if k.validated and (prefixes is None or k.occupation.startswith(prefixes))
    )
    status = PASSED if found else FAILED
    scope = _derived(c, _validated_scope)
    out.append((c, status, depth, (found, scope), _validated_message))
    return status


def _interest_message(found: tuple[str, ...], wanted: tuple[str, ...]) -> str:
    if found:
        return _("interested in {found}").format(found=", ".join(found))
    return _("no stated interest in {wanted}").format(wanted=", ".join(wanted))


def _sorted_branches(c: InterestIn) -> tuple[str, ...]:
    return tuple(sorted(c.branches))


def _interest_in(c: InterestIn, p: Participant, on: date, out: _Out, depth: int) -> Status:
    found = tuple(sorted(b for b in p.interests if b.strip().lower() in c.branches))
    status = PASSED if found else FAILED
    out.append((c, status, depth, (found, _derived(c, _sorted_branches)), _interest_message))
    return status


def _no_parent_message(parent_in_sweden: bool | None) -> str:
    if parent_in_sweden is None:
        return _("whether a parent lives in Sweden is not known")
    return _("a parent lives in Sweden") if parent_in_sweden else _("no parent lives in Sweden")


def _no_parent_in_sweden(c: NoParentInSweden, p: Participant, on: date, out: _Out, depth: int) -> Status:
    known = p.parent_in_sweden
    status = UNDETERMINED if known is None else (FAILED if known else PASSED)
    out.append((c, status, depth, (known,), _no_parent_message))
    return status


def _not_assessed_message(description: str) -> str:
    return _("not recorded, a judgement for the caseworker: {description}").format(description=description)


def _not_assessed(c: NotAssessed, p: Participant, on: date, out: _Out, depth: int) -> Status:
    out.append((c, UNDETERMINED, depth, (c.description,), _not_assessed_message))
    return UNDETERMINED


def _joined(texts: tuple[str | Message, ...]) -> str:
    return "; ".join(map(_constant, texts))


def _application_dates(c: FamilyTieWithin, applied: date, failed: list[Message]) -> None:
    if c.applied_from is not None and applied < c.applied_from:
        failed.append(Message(N_("applied {applied}, before {day}"), applied=applied, day=c.applied_from))
    if c.applied_before is not None and applied >= c.applied_before:
        failed.append(
            Message(N_("applied {applied}, not before {day}"), applied=applied, day=c.applied_before)
        )


def _sponsor_window(
    c: FamilyTieWithin, sponsor: date, applied: date | None, failed: list[Message], passed: list[Message]
) -> None:
    after = c.sponsor_received_after
    if after is not None and sponsor <= after:
        failed.append(
            Message(
                N_("the person joined was received {sponsor}, not after {after}"),
                sponsor=sponsor,
                after=after,
            )
        )
    if c.within is not None and applied is not None:
        deadline = _span_end(sponsor, c.within)
        late = deadline is not None and applied > deadline
        text = (
            N_("applied {applied}, after the {span} deadline {end}")
            if late
            else N_("applied {applied}, within the {span} deadline {end}")
        )
        message = Message(
            text, applied=applied, span=lazy(_span_text, c.within), end=lazy(_shown_end, deadline)
        )
        (failed if late else passed).append(message)


def _family_tie_within(c: FamilyTieWithin, p: Participant, on: date, out: _Out, depth: int) -> Status:
    permit = p.permit
    if permit is None or permit.ground is not PermitGround.FAMILY_TIE:
        status = UNDETERMINED if permit is None else FAILED
        text = (
            Message(N_("no residence permit is recorded"))
            if permit is None
            else Message(N_("permit ground {ground} is not a family tie"), ground=permit.ground.name)
        )
        out.append((c, status, depth, (text,), _constant))
        return status
    failed: list[Message] = []
    missing: list[Message] = []
    passed: list[Message] = []
    applied = permit.applied_on
    if c.within is not None or c.applied_from is not None or c.applied_before is not None:
        if applied is None:
            missing.append(Message(N_("the permit's application date is not recorded")))
        else:
            _application_dates(c, applied, failed)
    if c.within is not None or c.sponsor_received_after is not None:
        if permit.sponsor_received_on is None:
            missing.append(
                Message(N_("the day the person joined was received in a municipality is not recorded"))
            )
        else:
            _sponsor_window(c, permit.sponsor_received_on, applied, failed, passed)
    if c.swedish_sponsor_excluded and permit.sponsor_is_swedish_citizen is None:
        missing.append(Message(N_("whether the person joined is a Swedish citizen is not recorded")))
    elif c.swedish_sponsor_excluded and permit.sponsor_is_swedish_citizen:
        failed.append(Message(N_("the person joined is a Swedish citizen")))
    status = FAILED if failed else UNDETERMINED if missing else PASSED
    texts = failed or missing or passed or [Message(N_("a family-tie permit"))]
    out.append((c, status, depth, (tuple(texts),), _joined))
    return status


def _plan_message(start: date | None, end: date | None, on: date, window: str, until: date | None) -> str:
    if start is None:
        return _("no establishment plan is recorded")
    if start > on:
        return _("the plan starts {start}, after {on}").format(start=start.isoformat(), on=on.isoformat())
    if end is None or end >= on:
        return _("has a plan since {start}").format(start=start.isoformat())
    # ``until`` is set whenever the plan has ended before ``on``.
    text = (
        _("the plan ended {end}, within {span} before {on} (until {last})")
        if until is None or on <= until
        else _("the plan ended {end}, more than {span} before {on} (until {last})")
    )
    return text.format(
        end=end.isoformat(), span=_span_text(window), on=on.isoformat(), last=_shown_end(until)
    )


def _establishment_plan(c: EstablishmentPlan, p: Participant, on: date, out: _Out, depth: int) -> Status:
    start, end = p.plan_started_on, p.plan_ended_on
    until = None
    if start is None or start > on:
        status = FAILED
    elif end is None or end >= on:
        status = PASSED
    else:
        until = _span_end(end, c.ended_within)
        status = PASSED if until is None or on <= until else FAILED
    out.append((c, status, depth, (start, end, on, str(c.ended_within), until), _plan_message))
    return status


def _age_when_message(what: str | Message, *age_figures: Any) -> str:
    # The figures of _age_message (age, day, low, high, status), after what the day is.
    age, day, low, high, status = age_figures
    text = _age_message(age, day, low, high, status)
    return f"{text} ({_constant(what)} {day.isoformat()})"


def _age_when(c: AgeWhen, p: Participant, on: date, out: _Out, depth: int) -> Status:
    day = _anchor_date(p, c.anchor)
    if day is None:
        now = age_on(p.birth_date, on, c.convention) if p.birth_date <= on else -1
        if c.min is not None and now < c.min:
            # The anchor (a grant, a registration) can only count if it falls on or before the
            # reference date, and one's age then is at most one's age now: below the minimum either way.
            what = Message(
                N_("{missing}; the age on it is at most the age on"),
                missing=Message(_ANCHOR_MISSING[c.anchor]),
            )
            out.append((c, FAILED, depth, (what, now, on, c.min, c.max, FAILED), _age_when_message))
            return FAILED
        out.append((c, UNDETERMINED, depth, (_ANCHOR_MISSING[c.anchor],), _constant))
        return UNDETERMINED
    # The anchor dates are never before the birth date (the model refuses it).
    age = age_on(p.birth_date, day, c.convention)
    low, high = c.min, c.max
    status = FAILED if (low is not None and age < low) or (high is not None and age > high) else PASSED
    event = _ANCHOR_EVENTS[c.anchor]
    out.append((c, status, depth, (event, age, day, low, high, status), _age_when_message))
    return status


def _plan_end(c: EstablishmentPlanInTime, start: date) -> date:
    """The first day after a plan of ``max_length`` that starts on ``start`` (the day after it, inclusive)."""
    end = add_span(start, c.max_length)
    return end + _ONE_DAY if c.inclusive_end else end


_ONE_DAY = timedelta(days=1)


def _plan_in_time(c: EstablishmentPlanInTime, p: Participant, on: date, out: _Out, depth: int) -> Status:
    anchor = _anchor_date(p, c.anchor)
    start, end = p.plan_started_on, p.plan_ended_on
    deadline = None if anchor is None else add_span(anchor, c.deadline)
    text: Message
    if start is None or start > on:
        if deadline is None:
            missing = Message(_ANCHOR_MISSING[c.anchor])
            status, text = UNDETERMINED, Message(N_("no plan yet, and {missing}"), missing=missing)
        elif on <= deadline:
            status = PASSED
            text = Message(N_("no plan yet; one may be drawn up until {deadline}"), deadline=deadline)
        else:
            status = FAILED
            text = Message(N_("no plan, and the deadline for one passed on {deadline}"), deadline=deadline)
    elif end is not None and end < on:
        status, text = FAILED, Message(N_("the plan ended {end}, before {on}"), end=end, on=on)
    elif on >= _plan_end(c, start):
        last = _plan_end(c, start) - _ONE_DAY
        status, text = (
            FAILED,
            Message(
                N_("the plan from {start} ran its {span} on {last}"),
                start=start,
                span=lazy(_span_text, c.max_length),
                last=last,
            ),
        )
    elif deadline is None:
        missing = Message(_ANCHOR_MISSING[c.anchor])
        status, text = (
            UNDETERMINED,
            Message(N_("a plan since {start}, but {missing}"), start=start, missing=missing),
        )
    elif start > deadline:
        status, text = (
            FAILED,
            Message(
                N_("the plan started {start}, after the deadline {deadline}"), start=start, deadline=deadline
            ),
        )
    else:
        last = _plan_end(c, start) - _ONE_DAY
        status, text = (
            PASSED,
            Message(
                N_("a plan since {start}, drawn up by the deadline {deadline}, running at most until {last}"),
                start=start,
                deadline=deadline,
                last=last,
            ),
        )
    out.append((c, status, depth, (text,), _constant))
    return status


def _plan_started_before(c: PlanStartedBefore, p: Participant, on: date, out: _Out, depth: int) -> Status:
    start = p.plan_started_on
    if start is None:
        status, text = FAILED, Message(N_("no establishment plan is recorded"))
    elif start < c.day:
        status, text = PASSED, Message(N_("the plan started {start}, before {day}"), start=start, day=c.day)
    else:
        status, text = (
            FAILED,
            Message(N_("the plan started {start}, not before {day}"), start=start, day=c.day),
        )
    out.append((c, status, depth, (text,), _constant))
    return status


_FACT_LABELS = frozenset(
    (
        # The codes of FactKind, marked for translation: English keeps the code (the cohort file's
        # column is fact_<code>), Swedish writes the statute's or the agreement's own words.
        N_("registered_job_seeker"),
        N_("immigrant_or_refugee"),
        N_("introduction_programme"),
        N_("long_term_registered_or_at_risk"),
        N_("work_oriented_capacity"),
        N_("sponsor_qualifying_permit"),
        N_("long_term_unemployed"),
    )
)


def _fact_message(code: str, value: bool | None, assessed: date | None, on: date, status: Status) -> str:
    kind = _(code) if code in _FACT_LABELS else code
    if value is None:
        return _("{kind}: not assessed on record").format(kind=kind)
    if assessed is not None and assessed > on:
        return _("{kind}: assessed {assessed}, after {on}; not known on that date").format(
            kind=kind, assessed=assessed.isoformat(), on=on.isoformat()
        )
    answer = _("yes") if value else _("no")
    if assessed is None:
        return f"{kind}: {answer}"
    return _("{kind}: {answer} (assessed {assessed})").format(
        kind=kind, answer=answer, assessed=assessed.isoformat()
    )


def _fact_is(c: FactIs, p: Participant, on: date, out: _Out, depth: int) -> Status:
    fact = p.fact(c.kind)
    if fact is None:
        status, value, assessed = UNDETERMINED, None, None
    else:
        value, assessed = fact.value, fact.assessed_on
        if assessed is not None and assessed > on:
            status = UNDETERMINED
        else:
            status = PASSED if value is c.value else FAILED
    figures = (c.kind._value_, value, assessed, on, status)
    out.append((c, status, depth, figures, _fact_message))
    return status


_ALL_OF, _ANY_OF = N_("all of"), N_("any of")


def _composite(c: AllOf | AnyOf, p: Participant, on: date, out: _Out, depth: int) -> Status:
    index = len(out)
    out.append(None)  # the composite's own reason goes first, once known
    passed = failed = 0
    evaluators = _EVALUATORS
    parts, inner = c.criteria, depth + 1
    for part in parts:
        evaluator = evaluators.get(type(part)) or _find_evaluator(type(part))
        status = evaluator(part, p, on, out, inner)
        if status is PASSED:
            passed += 1
        elif status is FAILED:
            failed += 1
    undetermined = len(parts) - passed - failed
    if type(c) is AllOf or isinstance(c, AllOf):
        word = _ALL_OF
        result = FAILED if failed else (UNDETERMINED if undetermined else PASSED)
    else:
        word = _ANY_OF
        result = PASSED if passed else (UNDETERMINED if undetermined else FAILED)
    out[index] = (c, result, depth, (word, (passed, failed, undetermined)), _composite_message)
    return result


def _not(c: Not, p: Participant, on: date, out: _Out, depth: int) -> Status:
    index = len(out)
    out.append(None)
    inner = _evaluate(c.criterion, p, on, out, depth + 1)
    result = FAILED if inner is PASSED else PASSED if inner is FAILED else UNDETERMINED
    out[index] = (c, result, depth, (inner,), _not_message)
    return result


_SHAREABLE.update(
    {
        _age_message,
        _permit_message,
        _barring_message,
        _level_message,
        _swedish_message,
        _occupation_message,
        _validated_message,
        _interest_message,
        _no_parent_message,
        _not_assessed_message,
        _fact_message,
        _composite_message,
        _not_message,
    }
)

_EVALUATORS.update(
    {
        AgeBetween: _age_between,
        NewlyArrived: _newly_arrived,
        PermitGroundIn: _permit_ground_in,
        NoBarringSituation: _no_barring,
        Everyone: _everyone,
        EducationAtLeast: _education_at_least,
        EducationBelow: _education_below,
        SwedishAtLeast: _swedish_at_least,
        OccupationIn: _occupation_in,
        ExperienceAtLeast: _experience_at_least,
        Validated: _validated,
        InterestIn: _interest_in,
        NoParentInSweden: _no_parent_in_sweden,
        FamilyTieWithin: _family_tie_within,
        EstablishmentPlan: _establishment_plan,
        NotAssessed: _not_assessed,
        AgeWhen: _age_when,
        EstablishmentPlanInTime: _plan_in_time,
        PlanStartedBefore: _plan_started_before,
        FactIs: _fact_is,
        AllOf: _composite,
        AnyOf: _composite,
        Not: _not,
    }
)


# ---- entry point --------------------------------------------------------------


def resolve_rule(rule: Rule, on: date) -> Criterion:
    """The criterion a rule applies on ``on``.

    A criterion is itself; an agreement is its target group, and only within
    its period; a track is its entry requirements; a dated rule (a catalogue
    programme) is the version in force on ``on``. A date outside an
    agreement's period raises :class:`~etableringsmodell.errors.NotCoveredError`.
    """
    if isinstance(rule, Criterion):
        return rule
    if isinstance(rule, PartnerAgreement):
        if on < rule.start or (rule.end is not None and on > rule.end):
            end = rule.end.isoformat() if rule.end is not None else "with no stated end"
            raise NotCoveredError(
                f"agreement {rule.id}", on.isoformat(), f"{rule.start.isoformat()} to {end}"
            )
        return rule.target_group
    if isinstance(rule, Track):
        if rule.requirements is None:
            return Everyone(id=f"{rule.id}:no-entry-requirements", sources=rule.sources)
        return rule.requirements
    if isinstance(rule, Programme):
        # The catalogue's own dated rules skip the runtime-checkable
        # Protocol's isinstance, which costs about 10 µs per call.
        return rule.criterion_on(on)
    if isinstance(rule, DatedRule):
        return rule.criterion_on(on)
    raise InvalidTypeError(
        "rule", f"must be a criterion, an agreement, a track or a dated rule, got {type(rule).__name__}"
    )


def check_eligibility(participant: Participant, rule: Rule, on: date) -> Decision:
    """Judge ``participant`` against ``rule`` on the reference date ``on``.

    The reference date is always given: nothing here reads the clock.
    """
    if type(on) is not date and (not isinstance(on, date) or isinstance(on, datetime)):
        raise InvalidTypeError("on", f"must be a datetime.date, got {type(on).__name__}")
    if type(participant) is not Participant and not isinstance(participant, Participant):
        raise InvalidTypeError("participant", f"must be a Participant, got {type(participant).__name__}")
    programme: tuple[str | None, date | None, date | None]
    if isinstance(rule, Criterion):
        criterion, programme = rule, _NO_PROGRAMME
    elif isinstance(rule, Programme):
        # The version is found once and gives both the criterion and its dates.
        version = rule.version_on(on)
        criterion = version.criterion
        programme = (rule.id, version.effective_from, version.effective_to)
    else:
        criterion, programme = resolve_rule(rule, on), _NO_PROGRAMME
    out: _Out = []
    evaluator = _EVALUATORS.get(type(criterion)) or _find_evaluator(type(criterion))
    status = evaluator(criterion, participant, on, out, 0)
    # _decision, inlined: a call is a tenth of the time left here.
    decision: _LazyDecision = _new_object(_LazyDecision)
    _set_record(decision, (status, criterion, on, programme, out))
    return decision


_NO_PROGRAMME: tuple[str | None, date | None, date | None] = (None, None, None)


@attrs.frozen
class Change:
    """One criterion judged differently by two decisions: its status and message before and after.

    ``before`` (``after``) is ``None`` when the criterion is only in the later (earlier) decision,
    as when two rule versions differ in their criteria.
    """

    criterion_id: str
    before: Reason | None
    after: Reason | None

    def __str__(self) -> str:
        was = _("absent") if self.before is None else f"{_(self.before.status.value)} ({self.before.message})"
        now = _("absent") if self.after is None else f"{_(self.after.status.value)} ({self.after.message})"
        return f"{self.criterion_id}: {was} -> {now}"


def diff(before: Decision, after: Decision) -> tuple[Change, ...]:
    """The criteria whose status changed between two decisions for the same person, and why.

    Between two reference dates, the same rule's criteria are compared one by one; between
    two rule versions, a criterion found in one only is a change too. A criterion whose
    status is the same in both is left out, even if its figures moved (an age one year on).

    >>> from datetime import date
    >>> from etableringsmodell.calendar import Span
    >>> from etableringsmodell.model import AgeBetween, AllOf, NewlyArrived, Participant
    >>> rule = AllOf(AgeBetween(18, 64), NewlyArrived(within=Span(months=36)))
    >>> person = Participant("p1", birth_date=date(1986, 6, 1), received_on=date(2003, 1, 10))
    >>> early, late = (check_eligibility(person, rule, d) for d in (date(2004, 6, 1), date(2006, 6, 1)))
    >>> [str(c) for c in diff(early, late) if c.criterion_id.startswith("newly")]
    ['newly-arrived-36m: passed (received in a municipality on 2003-01-10: within 36 months on 2004-06-01 (the window ends 2006-01-10)) -> failed (received in a municipality on 2003-01-10: the 36 months window ends 2006-01-10, before 2006-06-01)']
    """
    if not isinstance(before, Decision) or not isinstance(after, Decision):
        raise InvalidTypeError(
            "before" if not isinstance(before, Decision) else "after", N_("must be a Decision")
        )
    old = {(r.criterion_id, r.depth): r for r in before.reasons}
    new = {(r.criterion_id, r.depth): r for r in after.reasons}
    changes = []
    for key in dict.fromkeys([*old, *new]):
        a, b = old.get(key), new.get(key)
        if a is None or b is None or a.status is not b.status:
            changes.append(Change(key[0], a, b))
    return tuple(changes)


def check_all(participants: Iterable[Participant], rule: Rule, on: date) -> list[Decision]:
    """:func:`check_eligibility` for each participant, resolving the rule once."""
    # A programme is kept as it is, so each decision records the version used.
    criterion = rule if isinstance(rule, Programme) else resolve_rule(rule, on)
    return [check_eligibility(p, criterion, on) for p in participants]
