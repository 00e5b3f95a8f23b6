"""Calendar rules: ages, spans of years, months and days, and their conventions.

Swedish law counts periods in weeks, months and years by Lag (1930:173) om
beräkning av lagstadgad tid, 1 §:

    Då enligt lag eller särskild författning tid skall räknas efter vecka,
    månad eller år, varde den dag för slutdag ansedd som genom sitt namn i
    veckan eller sitt tal i månaden motsvarar den, från vilken tidräkningen
    börjas. Finnes ej motsvarande dag i slutmånaden, varde den månadens sista
    dag ansedd för slutdag.

This module follows it and writes down three conventions, each tested:

1. **29 February.** The end day of a period counted in years from 29 February
   is, in a year without one, 28 February: "the last day of that month"
   (Lag 1930:173 1 §). So a person born on 29 February 2004 turns 18 on
   28 February 2022. The other common convention, 1 March, is selectable with
   ``MissingDay.FIRST_OF_NEXT_MONTH``.
2. **Month ends.** 31 August + 6 months is 28 February (29 in a leap year),
   the last day of the end month, by the same sentence. The same selectable
   convention gives 1 March instead.
3. **Inclusive end.** The end day (slutdag) belongs to the period: "within 36
   months" of 15 March 2018 includes 15 March 2021 and excludes 16 March 2021.
   The start day belongs to it too. ``inclusive_end=False`` is available for
   rules written as "before" rather than "within".

**The calendar's edges.** Python's dates run from 1 January of year 1 to
31 December 9999. Arithmetic that would leave that range raises
:class:`~etableringsmodell.errors.OutOfCalendarError` naming the field,
never a bare ``ValueError`` or ``OverflowError``; a question that has an
answer all the same gets it (a span whose end is past 9999 covers every date
after its start).

dateutil's :class:`~dateutil.relativedelta.relativedelta` clamps a missing day
to the month's last day, which is exactly the statute's rule, so spans are
built on it.

>>> from datetime import date
>>> from etableringsmodell.calendar import Span, age_on, MissingDay
>>> date(2023, 8, 31) + Span(months=6)
datetime.date(2024, 2, 29)
>>> age_on(date(2004, 2, 29), date(2022, 2, 28))
18
>>> age_on(date(2004, 2, 29), date(2022, 2, 28), MissingDay.FIRST_OF_NEXT_MONTH)
17
>>> Span(months=36).covers(date(2018, 3, 15), date(2021, 3, 15))
True
>>> Span(months=36).covers(date(2018, 3, 15), date(2021, 3, 16))
False
"""

from __future__ import annotations

import enum
import re
from datetime import date, timedelta
from functools import lru_cache

from attrs import field, frozen
from dateutil import relativedelta as _rd

from etableringsmodell.errors import AmbiguousDateError, DateOrderError, InvalidValueError, OutOfCalendarError
from etableringsmodell.sources import Source

__all__ = [
    "LAG_1930_173",
    "MissingDay",
    "Span",
    "add_span",
    "age_on",
    "birthday_in",
    "earliest_start",
    "latest_birth_date",
    "months_between",
    "within",
]

LAG_1930_173 = Source.statute(
    "SFS 1930:173",
    "1 §",
    "Lag (1930:173) om beräkning av lagstadgad tid",
)
"""The statute behind every period counted in weeks, months or years here."""

_ONE_DAY = timedelta(days=1)


class MissingDay(enum.Enum):
    """What a period counted in months or years ends on when its day is missing.

    A period that starts on the 29th, 30th or 31st can end in a month without
    that day (29 February in a common year, 31 April).
    """

    LAST_DAY_OF_MONTH = "last_day_of_month"
    """The end month's last day: Lag (1930:173) 1 §. The default everywhere."""
    FIRST_OF_NEXT_MONTH = "first_of_next_month"
    """The first day of the following month (a 29 February birthday on 1 March)."""


_DEFAULT = MissingDay.LAST_DAY_OF_MONTH


def _non_negative(_instance: object, attribute: object, value: int) -> None:
    name = getattr(attribute, "name", "span")
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidValueError(name, f"must be a whole number, got {type(value).__name__}")
    if value < 0:
        # A negative span has no single answer under month-end clamping
        # (31 March - 1 month + 1 month is not 31 March), so refuse it.
        raise AmbiguousDateError(name, f"must not be negative, got {value}")


# At most 12 digits a part: more is beyond any calendar, and int() of
# thousands of digits is slow and, past 4,300, a bare ValueError.
_ISO = re.compile(r"^P(?:([0-9]{1,12})Y)?(?:([0-9]{1,12})M)?(?:([0-9]{1,12})W)?(?:([0-9]{1,12})D)?$")


@frozen(cache_hash=True)
class Span:
    """A calendar span of whole years, months and days (never negative).

    Added to a date it moves years and months first, applying the
    :class:`MissingDay` convention, and days last, as dateutil's
    ``relativedelta`` does. ``Span(years=3)`` and ``Span(months=36)`` end on
    the same day.
    """

    years: int = field(default=0, validator=_non_negative)
    months: int = field(default=0, validator=_non_negative)
    days: int = field(default=0, validator=_non_negative)

    @property
    def total_months(self) -> int:
        """Years and months as months (the day part left out)."""
        return self.years * 12 + self.months

    @property
    def relativedelta(self) -> _rd.relativedelta:
        """The same span as a dateutil ``relativedelta``."""
        return _rd.relativedelta(years=self.years, months=self.months, days=self.days)

    @classmethod
    def from_relativedelta(cls, delta: _rd.relativedelta) -> Span:
        """Build a span from a relativedelta of whole years, months, weeks and days.

        Refuses absolute fields (``year=``, ``day=``), times of day and
        negative parts rather than guess what they should mean.
        """
        absolute = (delta.year, delta.month, delta.day, delta.weekday, delta.hour, delta.minute)
        if any(part is not None for part in absolute) or delta.leapdays:
            raise AmbiguousDateError("span", "a relativedelta with absolute fields is not a span")
        if delta.hours or delta.minutes or delta.seconds or delta.microseconds:
            raise AmbiguousDateError("span", "a span counts whole days, not hours or seconds")
        return cls(years=delta.years, months=delta.months, days=delta.days)

    @classmethod
    def fromisoformat(cls, text: str) -> Span:
        """Parse an ISO 8601 duration of years, months, weeks and days (``"P36M"``)."""
        match = _ISO.match(text)
        if match is None or text == "P":
            raise InvalidValueError("span", f"{text!r} is not an ISO 8601 duration like 'P36M'")
        years, months, weeks, days = (int(part) if part else 0 for part in match.groups())
        return cls(years=years, months=months, days=days + 7 * weeks)

    def isoformat(self) -> str:
        """The span as an ISO 8601 duration (``"P36M"``; ``"P0D"`` when empty)."""
        parts = [(self.years, "Y"), (self.months, "M"), (self.days, "D")]
        text = "".join(f"{n}{unit}" for n, unit in parts if n)
        return f"P{text or '0D'}"

    def end_from(self, start: date, convention: MissingDay = _DEFAULT) -> date:
        """The end day (slutdag) of this span counted from ``start``."""
        return add_span(start, self, convention)

    def covers(
        self,
        start: date,
        on: date,
        convention: MissingDay = _DEFAULT,
        *,
        inclusive_end: bool = True,
    ) -> bool:
        """Whether ``on`` lies within this span from ``start`` (see :func:`within`)."""
        return within(start, self, on, convention, inclusive_end=inclusive_end)

    def __radd__(self, other: object) -> date:
        if isinstance(other, date):
            return add_span(other, self)
        return NotImplemented

    def __str__(self) -> str:
        parts = []
        for n, unit in ((self.years, "year"), (self.months, "month"), (self.days, "day")):
            if n:
                parts.append(f"{n} {unit}{'' if n == 1 else 's'}")
        return " ".join(parts) or "0 days"


def _past_calendar(field: str, start: date, what: str) -> OutOfCalendarError:
    return OutOfCalendarError(field, f"{start.isoformat()} {what} falls outside the years 1 to 9999")


def _add_months(start: date, months: int, convention: MissingDay, field: str = "span") -> date:
    try:
        moved: date = start + _rd.relativedelta(months=months)
        if moved.day != start.day and convention is MissingDay.FIRST_OF_NEXT_MONTH:
            # relativedelta clamped a missing day to the month's last day.
            return moved + _ONE_DAY
    except (ValueError, OverflowError):
        raise _past_calendar(field, start, f"plus {months:,} months") from None
    return moved


def _add_days(start: date, days: int, field: str) -> date:
    try:
        return start + timedelta(days=days)
    except OverflowError:
        raise _past_calendar(field, start, f"plus {days:,} days") from None


def add_span(start: date, span: Span, convention: MissingDay = _DEFAULT) -> date:
    """The end day of ``span`` counted from ``start`` (Lag 1930:173 1 §).

    >>> from datetime import date
    >>> add_span(date(2023, 8, 31), Span(months=6))
    datetime.date(2024, 2, 29)
    >>> add_span(date(2022, 8, 31), Span(months=6), MissingDay.FIRST_OF_NEXT_MONTH)
    datetime.date(2023, 3, 1)
    """
    if not isinstance(start, date):
        raise InvalidValueError("start", f"must be a datetime.date, got {type(start).__name__}")
    moved = _add_months(start, span.total_months, convention) if span.total_months else start
    return _add_days(moved, span.days, "span") if span.days else moved


def within(
    start: date,
    span: Span,
    on: date,
    convention: MissingDay = _DEFAULT,
    *,
    inclusive_end: bool = True,
) -> bool:
    """Whether ``on`` lies within ``span`` from ``start``.

    The start day belongs to the period, and so does its end day (slutdag)
    unless ``inclusive_end`` is false. A date before ``start`` is not within.
    """
    if on < start:
        return False
    try:
        end = add_span(start, span, convention)
    except OutOfCalendarError:
        return True  # the end is after 9999-12-31, so after ``on``
    return on <= end if inclusive_end else on < end


@lru_cache(maxsize=4096)
def earliest_start(
    on: date,
    span: Span,
    convention: MissingDay = _DEFAULT,
    *,
    inclusive_end: bool = True,
) -> date:
    """The earliest start from which ``on`` still lies within ``span``.

    For every ``start <= on``: ``within(start, span, on)`` is true exactly when
    ``start >= earliest_start(on, span)``. A whole cohort can so be checked on
    one reference date by comparing dates with one threshold computed once
    (month-end clamping makes the end day a non-decreasing function of the
    start, so the starts that qualify form an unbroken run).
    """

    def reaches(start: date) -> bool:
        try:
            end = add_span(start, span, convention)
        except OutOfCalendarError:
            return True  # an end after 9999-12-31 is after ``on``
        return end >= on if inclusive_end else end > on

    try:
        guess = on - _rd.relativedelta(months=span.total_months, days=span.days)
    except (ValueError, OverflowError):
        # Before year 1: the first day of the calendar is the earliest start there is.
        guess = date.min
    # The guess is at most a few days off: clamping merges at most three
    # starts (29-31) into one end day. Walk to the exact boundary.
    while not reaches(guess):
        guess = _add_days(guess, 1, "on")
    while guess > date.min and reaches(guess - _ONE_DAY):
        guess -= _ONE_DAY
    return guess


def birthday_in(birth_date: date, year: int, convention: MissingDay = _DEFAULT) -> date:
    """The day in ``year`` on which a person born on ``birth_date`` has a birthday.

    For 29 February in a common year this is 28 February by Lag (1930:173)
    1 §, or 1 March under ``MissingDay.FIRST_OF_NEXT_MONTH``.
    """
    if not 1 <= year <= 9999:
        raise OutOfCalendarError("year", f"must be between 1 and 9999, got {year}")
    if birth_date.month == 2 and birth_date.day == 29 and not _is_leap(year):
        if convention is MissingDay.FIRST_OF_NEXT_MONTH:
            return date(year, 3, 1)
        return date(year, 2, 28)
    return birth_date.replace(year=year)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def age_on(birth_date: date, on: date, convention: MissingDay = _DEFAULT) -> int:
    """Age in whole years on ``on``: the number of birthdays up to and including it.

    A person is one year older from the start of their birthday. Raises
    :class:`~etableringsmodell.errors.DateOrderError` for a date before birth.

    >>> from datetime import date
    >>> age_on(date(1940, 6, 1), date(2004, 6, 1))
    64
    >>> age_on(date(1940, 6, 2), date(2004, 6, 1))
    63
    """
    if on < birth_date:
        raise DateOrderError("on", f"{on.isoformat()} is before the birth date")
    years = on.year - birth_date.year
    # Hand-written rather than relativedelta because it runs once per
    # participant per decision; the property tests check it against
    # birthday_in and against relativedelta.
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        leap_birthday_today = (
            convention is MissingDay.LAST_DAY_OF_MONTH
            and birth_date.month == 2
            and birth_date.day == 29
            and on.month == 2
            and on.day == 28
            and not _is_leap(on.year)
        )
        if not leap_birthday_today:
            years -= 1
    return years


@lru_cache(maxsize=4096)
def latest_birth_date(on: date, age: int, convention: MissingDay = _DEFAULT) -> date:
    """The latest birth date of a person who is at least ``age`` years old on ``on``.

    ``age_on(b, on) >= age`` exactly when ``b <= latest_birth_date(on, age)``,
    so a cohort's age rule reduces to comparing birth dates with one date.
    """
    if age < 0:
        raise InvalidValueError("age", f"must not be negative, got {age}")
    try:
        guess = on - _rd.relativedelta(years=age)
        while age_on(guess, on, convention) < age:
            guess -= _ONE_DAY
    except (ValueError, OverflowError):
        raise OutOfCalendarError(
            "age", f"no one born in year 1 or later is {age} years old on {on.isoformat()}"
        ) from None
    while guess < on and age_on(guess + _ONE_DAY, on, convention) >= age:
        guess += _ONE_DAY
    return guess


def months_between(start: date, end: date, convention: MissingDay = _DEFAULT) -> float:
    """Calendar months from the start of ``start`` to the start of ``end``.

    Whole months are counted by Lag (1930:173) 1 §; the remaining days count
    as a fraction of the month they fall in (the month from the last whole
    month's end day to the next one). 2003-09-01 to 2004-11-01 is exactly 14;
    2004-02-01 to 2004-02-15 is 14/29.

    >>> from datetime import date
    >>> months_between(date(2003, 9, 1), date(2004, 11, 1))
    14.0
    """
    if end < start:
        raise DateOrderError("end", f"{end.isoformat()} is before the start {start.isoformat()}")
    whole = (end.year - start.year) * 12 + end.month - start.month
    while whole > 0 and _add_months(start, whole, convention, "end") > end:
        whole -= 1
    while _fits(start, whole + 1, convention, end):
        whole += 1
    base = _add_months(start, whole, convention, "end") if whole else start
    if base == end:
        return float(whole)
    try:
        following = _add_months(start, whole + 1, convention, "end")
    except OutOfCalendarError:
        # The base is in December 9999 and the next month end would be in
        # January 10000, on the same day of the month: 31 days later.
        return whole + (end - base).days / 31
    return whole + (end - base).days / (following - base).days


def _fits(start: date, months: int, convention: MissingDay, end: date) -> bool:
    """Whether ``months`` whole months from ``start`` end on or before ``end``."""
    try:
        return _add_months(start, months, convention, "end") <= end
    except OutOfCalendarError:
        return False  # past 9999-12-31, so past ``end``
