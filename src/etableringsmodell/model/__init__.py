"""The domain model: frozen, validated attrs classes with no rules in them.

Build a changed copy with :func:`attrs.evolve`; there are no setters.
"""

from etableringsmodell.model.criteria import (
    AgeBetween,
    AllOf,
    AnyOf,
    ArrivalAnchor,
    Criterion,
    Everyone,
    NewlyArrived,
    NoBarringSituation,
    Not,
    PermitGroundIn,
)
from etableringsmodell.model.enums import (
    BarringSituation,
    EducationLevel,
    GoalMeasure,
    OutcomeKind,
    PartyKind,
    PermitGround,
    SfiCourse,
    StepKind,
    TrackKind,
)
from etableringsmodell.model.participant import Competence, Participant, ResidencePermit
from etableringsmodell.model.programme import Goal, GoalStatus, Outcome, PartnerAgreement, Party, Track

__all__ = [
    "AgeBetween",
    "AllOf",
    "AnyOf",
    "ArrivalAnchor",
    "BarringSituation",
    "Competence",
    "Criterion",
    "EducationLevel",
    "Everyone",
    "Goal",
    "GoalMeasure",
    "GoalStatus",
    "NewlyArrived",
    "NoBarringSituation",
    "Not",
    "Outcome",
    "OutcomeKind",
    "Participant",
    "PartnerAgreement",
    "Party",
    "PartyKind",
    "PermitGround",
    "PermitGroundIn",
    "ResidencePermit",
    "SfiCourse",
    "StepKind",
    "Track",
    "TrackKind",
]
