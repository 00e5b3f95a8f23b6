"""The domain model: frozen, validated attrs classes with no rules in them.

Build a changed copy with :func:`attrs.evolve`; there are no setters.

The names below are imported on first use, as the package's own are: a
module of the model is loaded (and its attrs classes built, most of the cost
of importing it) only when one of its names is first used, so
``from etableringsmodell.model import Participant`` does not build the forty
criterion and programme classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from etableringsmodell._shared import lazy_names

_EXPORTS: dict[str, str] = {
    "AgeBetween": "etableringsmodell.model.criteria",
    "AgeWhen": "etableringsmodell.model.criteria",
    "AllOf": "etableringsmodell.model.criteria",
    "AnyOf": "etableringsmodell.model.criteria",
    "ArrivalAnchor": "etableringsmodell.model.criteria",
    "AssessedFact": "etableringsmodell.model.participant",
    "BarringSituation": "etableringsmodell.model.enums",
    "Competence": "etableringsmodell.model.participant",
    "Criterion": "etableringsmodell.model.criteria",
    "DatedParameter": "etableringsmodell.model.dated",
    "DatedValue": "etableringsmodell.model.dated",
    "EducationAtLeast": "etableringsmodell.model.criteria",
    "EducationBelow": "etableringsmodell.model.criteria",
    "EducationLevel": "etableringsmodell.model.enums",
    "EstablishmentPlan": "etableringsmodell.model.criteria",
    "EstablishmentPlanInTime": "etableringsmodell.model.criteria",
    "Everyone": "etableringsmodell.model.criteria",
    "ExperienceAtLeast": "etableringsmodell.model.criteria",
    "FactIs": "etableringsmodell.model.criteria",
    "FactKind": "etableringsmodell.model.participant",
    "FamilyTieWithin": "etableringsmodell.model.criteria",
    "Goal": "etableringsmodell.model.programme",
    "GoalMeasure": "etableringsmodell.model.enums",
    "GoalStatus": "etableringsmodell.model.programme",
    "InterestIn": "etableringsmodell.model.criteria",
    "LeavingReason": "etableringsmodell.model.dated",
    "NewlyArrived": "etableringsmodell.model.criteria",
    "NoBarringSituation": "etableringsmodell.model.criteria",
    "NoParentInSweden": "etableringsmodell.model.criteria",
    "Not": "etableringsmodell.model.criteria",
    "NotAssessed": "etableringsmodell.model.criteria",
    "OccupationIn": "etableringsmodell.model.criteria",
    "Outcome": "etableringsmodell.model.programme",
    "OutcomeKind": "etableringsmodell.model.enums",
    "Participant": "etableringsmodell.model.participant",
    "PartnerAgreement": "etableringsmodell.model.programme",
    "Party": "etableringsmodell.model.programme",
    "PartyKind": "etableringsmodell.model.enums",
    "PermitGround": "etableringsmodell.model.enums",
    "PermitGroundIn": "etableringsmodell.model.criteria",
    "PlanStartedBefore": "etableringsmodell.model.criteria",
    "Programme": "etableringsmodell.model.dated",
    "ResidencePermit": "etableringsmodell.model.participant",
    "RuleVersion": "etableringsmodell.model.dated",
    "SfiCourse": "etableringsmodell.model.enums",
    "StepKind": "etableringsmodell.model.enums",
    "SwedishAtLeast": "etableringsmodell.model.criteria",
    "Track": "etableringsmodell.model.programme",
    "TrackKind": "etableringsmodell.model.enums",
    "Validated": "etableringsmodell.model.criteria",
}

__all__ = sorted(_EXPORTS)  # noqa: PLE0605  # built from _EXPORTS so they cannot drift


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals())


if TYPE_CHECKING:
    from etableringsmodell.model.criteria import AgeBetween as AgeBetween
    from etableringsmodell.model.criteria import AgeWhen as AgeWhen
    from etableringsmodell.model.criteria import AllOf as AllOf
    from etableringsmodell.model.criteria import AnyOf as AnyOf
    from etableringsmodell.model.criteria import ArrivalAnchor as ArrivalAnchor
    from etableringsmodell.model.criteria import Criterion as Criterion
    from etableringsmodell.model.criteria import EducationAtLeast as EducationAtLeast
    from etableringsmodell.model.criteria import EducationBelow as EducationBelow
    from etableringsmodell.model.criteria import EstablishmentPlan as EstablishmentPlan
    from etableringsmodell.model.criteria import EstablishmentPlanInTime as EstablishmentPlanInTime
    from etableringsmodell.model.criteria import Everyone as Everyone
    from etableringsmodell.model.criteria import ExperienceAtLeast as ExperienceAtLeast
    from etableringsmodell.model.criteria import FactIs as FactIs
    from etableringsmodell.model.criteria import FamilyTieWithin as FamilyTieWithin
    from etableringsmodell.model.criteria import InterestIn as InterestIn
    from etableringsmodell.model.criteria import NewlyArrived as NewlyArrived
    from etableringsmodell.model.criteria import NoBarringSituation as NoBarringSituation
    from etableringsmodell.model.criteria import NoParentInSweden as NoParentInSweden
    from etableringsmodell.model.criteria import Not as Not
    from etableringsmodell.model.criteria import NotAssessed as NotAssessed
    from etableringsmodell.model.criteria import OccupationIn as OccupationIn
    from etableringsmodell.model.criteria import PermitGroundIn as PermitGroundIn
    from etableringsmodell.model.criteria import PlanStartedBefore as PlanStartedBefore
    from etableringsmodell.model.criteria import SwedishAtLeast as SwedishAtLeast
    from etableringsmodell.model.criteria import Validated as Validated
    from etableringsmodell.model.dated import DatedParameter as DatedParameter
    from etableringsmodell.model.dated import DatedValue as DatedValue
    from etableringsmodell.model.dated import LeavingReason as LeavingReason
    from etableringsmodell.model.dated import Programme as Programme
    from etableringsmodell.model.dated import RuleVersion as RuleVersion
    from etableringsmodell.model.enums import BarringSituation as BarringSituation
    from etableringsmodell.model.enums import EducationLevel as EducationLevel
    from etableringsmodell.model.enums import GoalMeasure as GoalMeasure
    from etableringsmodell.model.enums import OutcomeKind as OutcomeKind
    from etableringsmodell.model.enums import PartyKind as PartyKind
    from etableringsmodell.model.enums import PermitGround as PermitGround
    from etableringsmodell.model.enums import SfiCourse as SfiCourse
    from etableringsmodell.model.enums import StepKind as StepKind
    from etableringsmodell.model.enums import TrackKind as TrackKind
    from etableringsmodell.model.participant import AssessedFact as AssessedFact
    from etableringsmodell.model.participant import Competence as Competence
    from etableringsmodell.model.participant import FactKind as FactKind
    from etableringsmodell.model.participant import Participant as Participant
    from etableringsmodell.model.participant import ResidencePermit as ResidencePermit
    from etableringsmodell.model.programme import Goal as Goal
    from etableringsmodell.model.programme import GoalStatus as GoalStatus
    from etableringsmodell.model.programme import Outcome as Outcome
    from etableringsmodell.model.programme import PartnerAgreement as PartnerAgreement
    from etableringsmodell.model.programme import Party as Party
    from etableringsmodell.model.programme import Track as Track
