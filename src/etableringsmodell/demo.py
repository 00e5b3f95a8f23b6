"""The main job on built-in data: ``python -m etableringsmodell demo`` (and ``report``).

It builds a deterministic synthetic cohort, checks it against the target
group of the Göteborg agreement (seed ``004_2ae1cbc02798eb8a.txt``) on a
reference date, reports how many are eligible and the most common reasons
why the others are not, sets that beside the national programme in force on
the same date, shows the goal progress of the arbetsplatsintroduktion trial
(seed ``000_a45a643b89c85aa4.txt``) and the cohort's fit to the Norrköping
job tracks (seed ``001_f230a1e9640a4119.txt``). The figures are computed by
:func:`etableringsmodell.report.build_report`.
"""

from __future__ import annotations

from datetime import date
from typing import TextIO

from etableringsmodell.i18n import _, format_number
from etableringsmodell.report import Progressor, Report, build_report, render_text
from etableringsmodell.synthetic import synthetic_cohort

__all__ = [
    "DEFAULT_AGREEMENT",
    "DEFAULT_GOALS_FROM",
    "DEFAULT_ON",
    "DEFAULT_SIZE",
    "DEFAULT_TRACKS_FROM",
    "built_in_report",
    "run_demo",
]

DEFAULT_ON = date(2004, 6, 1)
DEFAULT_SIZE = 3000
DEFAULT_AGREEMENT = "goteborg-2004"
DEFAULT_GOALS_FROM = ("arbetsplatsintroduktion-ams",)
DEFAULT_TRACKS_FROM = "norrkoping-2018"


def built_in_report(
    *,
    on: date = DEFAULT_ON,
    size: int = DEFAULT_SIZE,
    seed: int = 2004,
    top: int = 5,
    solver: str = "auto",
    progress: Progressor | None = None,
    agreement: str = DEFAULT_AGREEMENT,
    goals_from: tuple[str, ...] = DEFAULT_GOALS_FROM,
    tracks_from: str = DEFAULT_TRACKS_FROM,
) -> Report:
    """The report of the built-in synthetic cohort, as the demo shows it.

    ``agreement``, ``goals_from`` and ``tracks_from`` choose the catalogue entries judged,
    followed and fitted, as for a cohort of one's own.
    """
    cohort = synthetic_cohort(size, on, seed)
    return build_report(
        cohort,
        agreement,
        on,
        cohort_label=_("{count} synthetic participants (seed {seed})").format(
            count=format_number(size), seed=seed
        ),
        goal_entries=goals_from,
        tracks_from=tracks_from,
        solver=solver,
        top=top,
        progress=progress,
    )


def run_demo(
    out: TextIO, *, on: date = DEFAULT_ON, size: int = DEFAULT_SIZE, seed: int = 2004, top: int = 5
) -> None:
    """Write the demo report to ``out`` as terminal tables."""
    render_text(built_in_report(on=on, size=size, seed=seed, top=top), out)
