"""etableringsmodell: the establishment of newly arrived people in Swedish working life.

A typed domain model (participants, competences, tracks, partner agreements,
goals and outcomes) and pure, cited rules over it: calendar spans by
Lag (1930:173), explained eligibility, goal progress and outcome rates.

The names below are imported on first use, so ``import etableringsmodell`` is
cheap; pint in particular loads only when a quantity is first needed.

>>> import etableringsmodell as em
>>> from datetime import date
>>> rule = em.AllOf(em.AgeBetween(18, 64), em.NewlyArrived(within=em.Span(months=36)))
>>> person = em.Participant("p1", birth_date=date(1980, 1, 1), received_on=date(2003, 5, 1))
>>> em.check_eligibility(person, rule, date(2004, 6, 1)).eligible
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from etableringsmodell._shared import lazy_names

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # calendar
    "LAG_1930_173": "etableringsmodell.calendar",
    "MissingDay": "etableringsmodell.calendar",
    "Span": "etableringsmodell.calendar",
    "add_span": "etableringsmodell.calendar",
    "age_on": "etableringsmodell.calendar",
    "months_between": "etableringsmodell.calendar",
    "within": "etableringsmodell.calendar",
    # sources
    "Source": "etableringsmodell.sources",
    "SourceKind": "etableringsmodell.sources",
    # model
    "AgeBetween": "etableringsmodell.model",
    "AllOf": "etableringsmodell.model",
    "AnyOf": "etableringsmodell.model",
    "ArrivalAnchor": "etableringsmodell.model",
    "BarringSituation": "etableringsmodell.model",
    "Competence": "etableringsmodell.model",
    "Criterion": "etableringsmodell.model",
    "EducationLevel": "etableringsmodell.model",
    "Everyone": "etableringsmodell.model",
    "Validated": "etableringsmodell.model",
    "SwedishAtLeast": "etableringsmodell.model",
    "OccupationIn": "etableringsmodell.model",
    "InterestIn": "etableringsmodell.model",
    "ExperienceAtLeast": "etableringsmodell.model",
    "EducationBelow": "etableringsmodell.model",
    "EducationAtLeast": "etableringsmodell.model",
    "Goal": "etableringsmodell.model",
    "GoalMeasure": "etableringsmodell.model",
    "GoalStatus": "etableringsmodell.model",
    "NewlyArrived": "etableringsmodell.model",
    "NoBarringSituation": "etableringsmodell.model",
    "Not": "etableringsmodell.model",
    "Outcome": "etableringsmodell.model",
    "OutcomeKind": "etableringsmodell.model",
    "Participant": "etableringsmodell.model",
    "PartnerAgreement": "etableringsmodell.model",
    "Party": "etableringsmodell.model",
    "PartyKind": "etableringsmodell.model",
    "PermitGround": "etableringsmodell.model",
    "PermitGroundIn": "etableringsmodell.model",
    "ResidencePermit": "etableringsmodell.model",
    "SfiCourse": "etableringsmodell.model",
    "StepKind": "etableringsmodell.model",
    "Track": "etableringsmodell.model",
    "TrackKind": "etableringsmodell.model",
    # rules
    "Decision": "etableringsmodell.rules.eligibility",
    "Reason": "etableringsmodell.rules.eligibility",
    "Status": "etableringsmodell.rules.eligibility",
    "check_all": "etableringsmodell.rules.eligibility",
    "check_eligibility": "etableringsmodell.rules.eligibility",
    "register_evaluator": "etableringsmodell.rules.eligibility",
    "Progress": "etableringsmodell.rules.goals",
    "goal_progress": "etableringsmodell.rules.goals",
    "OutcomeRate": "etableringsmodell.rules.outcomes",
    "outcome_rate": "etableringsmodell.rules.outcomes",
    # units
    "quantity": "etableringsmodell.units",
}

__all__ = ["__version__", *sorted(_EXPORTS)]  # noqa: PLE0604  # built from _EXPORTS so they cannot drift


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals())


if TYPE_CHECKING:
    from etableringsmodell.calendar import (
        LAG_1930_173 as LAG_1930_173,
    )
    from etableringsmodell.calendar import (
        MissingDay as MissingDay,
    )
    from etableringsmodell.calendar import (
        Span as Span,
    )
    from etableringsmodell.calendar import (
        add_span as add_span,
    )
    from etableringsmodell.calendar import (
        age_on as age_on,
    )
    from etableringsmodell.calendar import (
        months_between as months_between,
    )
    from etableringsmodell.calendar import (
        within as within,
    )
    from etableringsmodell.model import (
        AgeBetween as AgeBetween,
    )
    from etableringsmodell.model import (
        AllOf as AllOf,
    )
    from etableringsmodell.model import (
        AnyOf as AnyOf,
    )
    from etableringsmodell.model import (
        ArrivalAnchor as ArrivalAnchor,
    )
    from etableringsmodell.model import (
        BarringSituation as BarringSituation,
    )
    from etableringsmodell.model import (
        Competence as Competence,
    )
    from etableringsmodell.model import (
        Criterion as Criterion,
    )
    from etableringsmodell.model import (
        EducationAtLeast as EducationAtLeast,
    )
    from etableringsmodell.model import (
        EducationBelow as EducationBelow,
    )
    from etableringsmodell.model import (
        EducationLevel as EducationLevel,
    )
    from etableringsmodell.model import (
        Everyone as Everyone,
    )
    from etableringsmodell.model import (
        ExperienceAtLeast as ExperienceAtLeast,
    )
    from etableringsmodell.model import (
        Goal as Goal,
    )
    from etableringsmodell.model import (
        GoalMeasure as GoalMeasure,
    )
    from etableringsmodell.model import (
        GoalStatus as GoalStatus,
    )
    from etableringsmodell.model import (
        InterestIn as InterestIn,
    )
    from etableringsmodell.model import (
        NewlyArrived as NewlyArrived,
    )
    from etableringsmodell.model import (
        NoBarringSituation as NoBarringSituation,
    )
    from etableringsmodell.model import (
        Not as Not,
    )
    from etableringsmodell.model import (
        OccupationIn as OccupationIn,
    )
    from etableringsmodell.model import (
        Outcome as Outcome,
    )
    from etableringsmodell.model import (
        OutcomeKind as OutcomeKind,
    )
    from etableringsmodell.model import (
        Participant as Participant,
    )
    from etableringsmodell.model import (
        PartnerAgreement as PartnerAgreement,
    )
    from etableringsmodell.model import (
        Party as Party,
    )
    from etableringsmodell.model import (
        PartyKind as PartyKind,
    )
    from etableringsmodell.model import (
        PermitGround as PermitGround,
    )
    from etableringsmodell.model import (
        PermitGroundIn as PermitGroundIn,
    )
    from etableringsmodell.model import (
        ResidencePermit as ResidencePermit,
    )
    from etableringsmodell.model import (
        SfiCourse as SfiCourse,
    )
    from etableringsmodell.model import (
        StepKind as StepKind,
    )
    from etableringsmodell.model import (
        SwedishAtLeast as SwedishAtLeast,
    )
    from etableringsmodell.model import (
        Track as Track,
    )
    from etableringsmodell.model import (
        TrackKind as TrackKind,
    )
    from etableringsmodell.model import (
        Validated as Validated,
    )
    from etableringsmodell.rules.eligibility import (
        Decision as Decision,
    )
    from etableringsmodell.rules.eligibility import (
        Reason as Reason,
    )
    from etableringsmodell.rules.eligibility import (
        Status as Status,
    )
    from etableringsmodell.rules.eligibility import (
        check_all as check_all,
    )
    from etableringsmodell.rules.eligibility import (
        check_eligibility as check_eligibility,
    )
    from etableringsmodell.rules.eligibility import (
        register_evaluator as register_evaluator,
    )
    from etableringsmodell.rules.goals import Progress as Progress
    from etableringsmodell.rules.goals import goal_progress as goal_progress
    from etableringsmodell.rules.outcomes import OutcomeRate as OutcomeRate
    from etableringsmodell.rules.outcomes import outcome_rate as outcome_rate
    from etableringsmodell.sources import Source as Source
    from etableringsmodell.sources import SourceKind as SourceKind
    from etableringsmodell.units import quantity as quantity
