"""Arbetsplatsintroduktion för vissa invandrare: the AMS trial and its goal (2003-2004).

Source: seed ``000_a45a643b89c85aa4.txt`` (Sveriges Radio) and Förordning
(2003:623) om försöksverksamhet med arbetsplatsintroduktion. A two-year trial
in about 20 municipalities: specially trained employment officers help
immigrants with enough competence to take a job at once to get hired, then
support them at the workplace for at most six months. 5,775 such
employments were planned by New Year; with two months left just under 3,500
had been made, and of those who had gone through, just over half had a job
afterwards.

The article is undated; its "two months left of the year" and the trial's
start under Förordning (2003:623) on 2003-09-01 place the status at
2004-10-31 and the goal's deadline at 2004-12-31.
"""

from __future__ import annotations

from datetime import date

from etableringsmodell.calendar import Span
from etableringsmodell.catalog.arbetsplatsintroduktion import RULE as _RULE
from etableringsmodell.i18n import N_
from etableringsmodell.model import (
    Goal,
    GoalMeasure,
    GoalStatus,
    PartnerAgreement,
    Party,
    PartyKind,
    StepKind,
    Track,
    TrackKind,
)
from etableringsmodell.sources import Source

__all__ = ["ENTRY", "GOAL", "SEED", "SFS_2003_623", "STATUS_2004_10_31", "TRACK"]

SEED = Source.seed("000_a45a643b89c85aa4.txt", "AMS missar målet med invandrarjobb (Sveriges Radio)")
SFS_2003_623 = Source.statute(
    "SFS 2003:623",
    title="Förordning (2003:623) om försöksverksamhet med arbetsplatsintroduktion",
)

GOAL = Goal(
    id="arbetsplatsintroduktion-placements",
    measure=GoalMeasure.PLACEMENTS,
    target=5775,
    start=date(2003, 9, 1),
    deadline=date(2004, 12, 31),
    description="5 775 anställningar med arbetsplatsintroduktion fram till nyår",
    sources=(SEED, SFS_2003_623),
)

STATUS_2004_10_31 = GoalStatus(
    goal_id=GOAL.id,
    on=date(2004, 10, 31),
    achieved=3500,
    approximate=True,
    # Marked for translation: the report writes the note in the reader's language.
    note=N_("'med bara två månader kvar är den siffran knappt 3 500': just under 3,500"),
    sources=SEED,
)

TRACK = Track(
    id="arbetsplatsintroduktion",
    name="Arbetsplatsintroduktion",
    kind=TrackKind.JOB_TRACK,
    branch="all branches",
    steps=(StepKind.MATCHING, StepKind.SUPPORTED_EMPLOYMENT),
    max_duration=Span(months=6),
    sources=(SEED, SFS_2003_623),
)
"""Support at the new workplace for at most six months ('under högst sex månader')."""

ENTRY = PartnerAgreement(
    id="arbetsplatsintroduktion-ams",
    title="Arbetsplatsintroduktion för vissa invandrare (AMS försöksverksamhet)",
    parties=(
        Party("Arbetsmarknadsstyrelsen (AMS)", PartyKind.PUBLIC_AGENCY),
        Party("about 20 municipalities", PartyKind.MUNICIPALITY),
    ),
    start=date(2003, 9, 1),
    end=date(2005, 12, 31),
    # The trial's own target group, Förordning (2003:623) 3 §: the same criteria as the programme entry.
    target_group=_RULE,
    tracks=(TRACK,),
    goals=(GOAL,),
    notes=("Of those who had gone through the trial, just over half had a job afterwards (seed 000).",),
    sources=(SEED, SFS_2003_623),
)
