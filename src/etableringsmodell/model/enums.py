"""The closed vocabularies of the domain, with their Swedish names and sources."""

from __future__ import annotations

import enum

__all__ = [
    "BarringSituation",
    "EducationLevel",
    "GoalMeasure",
    "OutcomeKind",
    "PartyKind",
    "PermitGround",
    "SfiCourse",
    "StepKind",
    "TrackKind",
]


class PermitGround(enum.Enum):
    """The legal ground of a residence permit (uppehållstillstånd, UT).

    The first seven are the grounds that qualify a person for the establishment
    programmes, in Utlänningslagen (2005:716) and Lag (2016:752) as listed by
    Lag (2017:584) 2 § and earlier by Lag (2010:197) 2 §; the rest are other
    grounds.
    """

    PROTECTION = "protection"
    """Refugee or otherwise in need of protection (flykting, skyddsbehövande), 5 kap. 1 § UtlL."""
    RESETTLEMENT = "resettlement"
    """Resettled (quota) refugee (kvotflykting, vidarebosättning), 5 kap. 2 § UtlL."""
    TEMPORARY_PROTECTION = "temporary_protection"
    """After temporary protection in a mass influx (massflykt), 5 kap. 4 § UtlL."""
    DISTRESSING_CIRCUMSTANCES = "distressing_circumstances"
    """Exceptionally distressing circumstances (synnerligen ömmande omständigheter), 5 kap. 6 § UtlL."""
    IMPEDIMENT_TO_ENFORCEMENT = "impediment_to_enforcement"
    """Impediment to enforcing an expulsion (verkställighetshinder), 12 kap. 18 § UtlL."""
    SECURITY_CASES = "security_cases"
    """Permits in cases under 21 or 22 kap. UtlL (säkerhetsärenden)."""
    TEMPORARY_ACT_UPPER_SECONDARY_STUDIES = "temporary_act_upper_secondary_studies"
    """A permit for upper-secondary studies (studier på gymnasial nivå) under 16 d, 16 f or 16 h §
    Lag (2016:752), the temporary act; a qualifying ground under Lag (2010:197) 2 § 4 from SFS
    2017:357."""
    FAMILY_TIE = "family_tie"
    """Family tie (anknytning) to a person living in Sweden, 5 kap. 3 § UtlL."""
    WORK = "work"
    """Work (arbete), 6 kap. UtlL."""
    STUDIES = "studies"
    """Studies (studier), 5 kap. 5 § UtlL and the student ordinance."""
    OTHER = "other"
    """Any other ground."""


class EducationLevel(enum.IntEnum):
    """Highest education level in the seven usual SUN 2020 groups (utbildningsnivå).

    Ordered, so ``EducationLevel.UPPER_SECONDARY_3_YEARS > EducationLevel.PRIMARY_9_YEARS``.
    The mapping to ISCED 2011 belongs to the classification data, not here.
    """

    PRIMARY_UNDER_9_YEARS = 1
    """Förgymnasial utbildning kortare än 9 år."""
    PRIMARY_9_YEARS = 2
    """Förgymnasial utbildning 9 (10) år."""
    UPPER_SECONDARY_MAX_2_YEARS = 3
    """Gymnasial utbildning högst 2 år."""
    UPPER_SECONDARY_3_YEARS = 4
    """Gymnasial utbildning 3 år."""
    POST_SECONDARY_UNDER_3_YEARS = 5
    """Eftergymnasial utbildning kortare än 3 år."""
    POST_SECONDARY_3_YEARS_OR_MORE = 6
    """Eftergymnasial utbildning 3 år eller längre."""
    RESEARCH = 7
    """Forskarutbildning."""


class SfiCourse(enum.IntEnum):
    """A completed course in Swedish for immigrants (SFI), ordered A < B < C < D.

    Study path 1 runs A-D, path 2 B-D, path 3 C-D. "No course" is ``None``
    on the participant.
    """

    A = 1
    B = 2
    C = 3
    D = 4


class BarringSituation(enum.Enum):
    """A current situation in which Arbetsförmedlingen may not assign a person.

    Förordning (2017:820) 5 §.
    """

    FULL_TIME_WORK = "full_time_work"
    """Works full time (förvärvsarbetar på heltid)."""
    UPPER_SECONDARY_SCHOOL = "upper_secondary_school"
    """Attends upper-secondary school (går i gymnasieskola eller gymnasiesärskola), 5 § 2."""
    FULL_PARENTAL_BENEFIT = "full_parental_benefit"
    """Has full-time parental benefit (hel föräldrapenning)."""
    FULL_SICKNESS_BENEFIT = "full_sickness_benefit"
    """Has full sickness benefit (får hel sjukpenning enligt socialförsäkringsbalken), 5 § 4. Sickness or
    activity compensation (sjuk- eller aktivitetsersättning) is not in the list and does not bar."""
    MIGRATION_AGENCY_ACCOMMODATION = "migration_agency_accommodation"
    """Lives in accommodation of the Migration Agency (Migrationsverket)."""


class TrackKind(enum.Enum):
    """The kind of a track."""

    JOB_TRACK = "job_track"
    """Local job track (lokalt jobbspår): a package built on local employers' needs."""
    FAST_TRACK = "fast_track"
    """Fast track (snabbspår): national, branch-wide, for people with experience in a shortage occupation."""


class StepKind(enum.Enum):
    """A step (insats) in a track, in the order tracks usually take them."""

    SKILLS_MAPPING = "skills_mapping"
    """Kartläggning: what the person knows and wants, often in the mother tongue."""
    VOCATIONAL_SWEDISH = "vocational_swedish"
    """Yrkessvenska or vocational SFI (yrkes-SFI)."""
    VALIDATION = "validation"
    """Validering or branchvalidering of foreign skills against Swedish standards."""
    TRAINING = "training"
    """Complementary or labour-market training (kompletterande utbildning, arbetsmarknadsutbildning)."""
    WORK_PLACEMENT = "work_placement"
    """Praktik or arbetsträning."""
    MATCHING = "matching"
    """Matchning to a job."""
    SUPPORTED_EMPLOYMENT = "supported_employment"
    """Employment with support at the workplace (for example arbetsplatsintroduktion)."""


class PartyKind(enum.Enum):
    """The kind of a party (part) to an agreement."""

    MUNICIPALITY = "municipality"
    """Kommun."""
    REGION = "region"
    """Region (landsting before 2020)."""
    PUBLIC_AGENCY = "public_agency"
    """A state agency (Arbetsförmedlingen, Migrationsverket, Försäkringskassan)."""
    EMPLOYER = "employer"
    """An employer (arbetsgivare)."""
    BRANCH_ORGANISATION = "branch_organisation"
    """A branch organisation or social partner (arbetsmarknadens parter)."""
    FUNDER = "funder"
    """A funder, such as DUA (Delegationen för unga och nyanlända till arbete)."""
    COORDINATION_ASSOCIATION = "coordination_association"
    """A FINSAM coordination association (samordningsförbund), Lag (2003:1210)."""


class GoalMeasure(enum.Enum):
    """What a goal (mål) counts."""

    PLACEMENTS = "placements"
    """Placements or employments arranged (anställningar, platser)."""
    PARTICIPANTS_STARTED = "participants_started"
    """Participants who started a track or programme."""
    IN_WORK_OR_STUDIES_AFTER_EXIT = "in_work_or_studies_after_exit"
    """Participants in work or studies a set time after leaving."""
    ESTABLISHED = "established"
    """Participants established in working life (etablerade, egenförsörjning)."""
    OTHER = "other"
    """Anything else; say what in the goal's description."""


class OutcomeKind(enum.Enum):
    """Where a participant is at a follow-up after leaving."""

    WORK = "work"
    """Work without subsidy (arbete)."""
    SUBSIDISED_WORK = "subsidised_work"
    """Work with a wage subsidy (subventionerad anställning)."""
    STUDIES = "studies"
    """Studies (studier)."""
    SEARCHING = "searching"
    """Still searching for work (arbetssökande)."""
    OTHER = "other"
    """Anything else (parental leave, sick leave, moved abroad, unknown)."""
