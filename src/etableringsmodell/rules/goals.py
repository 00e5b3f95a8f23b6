"""Goal progress (måluppfyllelse): how far a goal has come and whether it will be reached.

Conventions, written down because every figure depends on them:

* The goal's period runs from the start of ``goal.start`` to the end of
  ``goal.deadline``; both days belong to it.
* Progress reported "on" a day counts that whole day as elapsed: a status of
  31 October has two months left to a deadline of 31 December.
* Months are calendar months counted by Lag (1930:173) 1 §, with the days
  left over as a fraction of the month they fall in
  (:func:`etableringsmodell.calendar.months_between`). The share of the
  period elapsed is counted in days, which are exact.
* Paces are pint quantities of a count per month (``placement / month``,
  ``participant / month``). The month in those units is pint's mean month
  (30.4375 days), which only matters if a pace is converted to another unit.

Seed ``000_a45a643b89c85aa4.txt`` is the worked example: 5,775 placements
planned from 2003-09-01 to 2004-12-31, just under 3,500 made with two months
left.

>>> from datetime import date
>>> from etableringsmodell.model import Goal, GoalMeasure
>>> from etableringsmodell.sources import Source
>>> goal = Goal("ams", GoalMeasure.PLACEMENTS, 5775, date(2003, 9, 1), date(2004, 12, 31),
...             sources=Source.seed("000_a45a643b89c85aa4.txt"))
>>> progress = goal_progress(goal, 3500, date(2004, 10, 31))
>>> round(progress.share_achieved, 2), progress.months_remaining, progress.on_track
(0.61, 2.0, False)
>>> print(progress.observed_pace, "|", progress.needed_pace, "|", progress.projected)
250.0 placement / month | 1137.5 placement / month | 4000.0
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from attrs import frozen

from etableringsmodell import _html
from etableringsmodell.calendar import months_between
from etableringsmodell.errors import DateOrderError, InvalidTypeError, InvalidValueError, OutOfCalendarError
from etableringsmodell.i18n import N_, _, current, format_number, format_percent, language
from etableringsmodell.model.enums import GoalMeasure
from etableringsmodell.model.programme import Goal
from etableringsmodell.sources import Source
from etableringsmodell.units import Quantity, quantity

__all__ = ["Progress", "goal_progress", "pace_unit"]

_ONE_DAY = timedelta(days=1)
_EXACT = 2**53


def pace_unit(measure: GoalMeasure) -> str:
    """The pint unit a goal's paces are given in (``"placement / month"``)."""
    counted = (
        "placement"
        if measure is GoalMeasure.PLACEMENTS
        else ("count" if measure is GoalMeasure.OTHER else "participant")
    )
    return f"{counted} / month"


@frozen
class Progress:
    """How far a goal has come on a date. See the module for the conventions."""

    goal: Goal
    on: date
    achieved: int
    remaining: int
    """What is still needed to reach the target (0 once reached)."""
    share_achieved: float
    """Achieved over target; above 1 when the target is exceeded."""
    share_elapsed: float
    """Days of the period elapsed through ``on`` over all its days (at most 1)."""
    months_elapsed: float
    months_remaining: float
    observed_pace: Quantity
    """Achieved per month elapsed."""
    needed_pace: Quantity | None
    """Remaining per month left; ``None`` when the deadline has passed short of the target."""
    projected: float
    """The total at the deadline if the observed pace holds."""
    on_track: bool
    """Whether the projected total reaches the target."""

    @property
    def target(self) -> int:
        return self.goal.target

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.goal.sources

    def _repr_html_(self) -> str:
        number, percent = format_number, format_percent
        needed = _("deadline passed") if self.needed_pace is None else _pace(self.needed_pace)
        achieved = _("{achieved} of {target} ({share})").format(
            achieved=number(self.achieved), target=number(self.target), share=percent(self.share_achieved)
        )
        elapsed = _("{elapsed}; {left} months left").format(
            elapsed=percent(self.share_elapsed), left=number(self.months_remaining, decimals=2)
        )
        rows = [
            (_("achieved"), achieved),
            (_("period elapsed"), elapsed),
            (_("observed pace"), _pace(self.observed_pace)),
            (_("needed pace"), needed),
            (_("projected at the deadline"), number(round(self.projected))),
            (_("on track"), _("yes") if self.on_track else _("no")),
            (_("sources"), "; ".join(str(s) for s in self.sources)),
        ]
        subtitle = _("on {on}, period {start} to {deadline}").format(
            on=self.on.isoformat(), start=self.goal.start.isoformat(), deadline=self.goal.deadline.isoformat()
        )
        title = _("goal {goal}").format(goal=self.goal.id)
        return _html.titled(title, _html.table(("", ""), rows), subtitle=subtitle)

    def explain(self, lang: str | None = None) -> str:
        """The progress as a few lines a reader can check by hand.

        In ``lang`` (``"sv"`` or ``"en"``), by default the current language
        (:mod:`etableringsmodell.i18n`), with numbers as the language writes them.
        """
        if lang is not None:
            with language(lang):
                return self.explain()
        number, percent = format_number, format_percent
        needed = (
            _("needed {pace}").format(pace=_pace(self.needed_pace))
            if self.needed_pace is not None
            else _("deadline passed")
        )
        lines = [
            _("goal {goal}: {achieved} of {target} ({share}) on {on}").format(
                goal=self.goal.id,
                achieved=number(self.achieved),
                target=number(self.target),
                share=percent(self.share_achieved),
                on=self.on.isoformat(),
            ),
            "  "
            + _("period {start} to {deadline}: {elapsed} elapsed, {left} months left").format(
                start=self.goal.start.isoformat(),
                deadline=self.goal.deadline.isoformat(),
                elapsed=percent(self.share_elapsed),
                left=number(self.months_remaining, decimals=2),
            ),
            "  " + _("observed pace {pace}; {needed}").format(pace=_pace(self.observed_pace), needed=needed),
            "  "
            + _("projected at the deadline {projected}: {verdict}").format(
                projected=number(round(self.projected)),
                verdict=_("on track") if self.on_track else _("not on track"),
            ),
            "  " + _("sources: {sources}").format(sources="; ".join(str(s) for s in self.sources)),
        ]
        return "\n".join(lines)


# The units paces are written in (pace_unit), marked for the catalogue.
_PACE_UNITS = (N_("placement / month"), N_("participant / month"), N_("count / month"))


def _pace(pace: Quantity) -> str:
    """A pace with one decimal and its unit, as the current language writes them.

    English keeps pint's own form (``1137.5 placement / month``), which scripts read.
    """
    if current() == "en":
        return f"{pace:.1f}"
    return f"{format_number(pace.magnitude, decimals=1)} {_(str(pace.units))}"


def goal_progress(goal: Goal, achieved: int, on: date) -> Progress:
    """The progress of ``goal`` with ``achieved`` counted by the end of ``on``."""
    if not isinstance(goal, Goal):
        raise InvalidTypeError("goal", f"must be a Goal, got {type(goal).__name__}")
    if not isinstance(achieved, int) or isinstance(achieved, bool):
        raise InvalidTypeError("achieved", f"must be a whole number, got {type(achieved).__name__}")
    if achieved < 0:
        raise InvalidValueError("achieved", f"must not be negative, got {achieved}")
    if not isinstance(on, date) or isinstance(on, datetime):
        raise InvalidTypeError("on", f"must be a datetime.date, got {type(on).__name__}")
    if on < goal.start:
        raise DateOrderError("on", f"{on.isoformat()} is before the goal's start {goal.start.isoformat()}")
    # Paces and shares are floats: above 2**53 they would be inexact, and
    # above about 1.8e308 not numbers at all, so such counts are refused.
    for name, count in (("goal.target", goal.target), ("achieved", achieved)):
        if count > _EXACT:
            raise InvalidValueError(
                name, f"is more than 2**53 ({_EXACT:,}); paces could not be computed exactly"
            )
    if goal.deadline == date.max:
        raise OutOfCalendarError(
            "goal.deadline", "the period must end before 9999-12-31 to be counted in months"
        )

    period_end = goal.deadline + _ONE_DAY
    elapsed_end = min(on, goal.deadline) + _ONE_DAY
    months_elapsed = months_between(goal.start, elapsed_end)
    months_remaining = months_between(elapsed_end, period_end)
    share_elapsed = (elapsed_end - goal.start).days / (period_end - goal.start).days

    remaining = max(goal.target - achieved, 0)
    observed = achieved / months_elapsed
    if remaining == 0:
        needed: float | None = 0.0
    elif months_remaining > 0:
        needed = remaining / months_remaining
    else:
        needed = None
    projected = achieved + observed * months_remaining
    unit = pace_unit(goal.measure)
    return Progress(
        goal=goal,
        on=on,
        achieved=achieved,
        remaining=remaining,
        share_achieved=achieved / goal.target,
        share_elapsed=share_elapsed,
        months_elapsed=months_elapsed,
        months_remaining=months_remaining,
        observed_pace=quantity(observed, unit),
        needed_pace=None if needed is None else quantity(needed, unit),
        projected=projected,
        # A relative tolerance keeps an exactly reached projection on track
        # despite the rounding of fractional months.
        on_track=projected >= goal.target * (1 - 1e-12),
    )
