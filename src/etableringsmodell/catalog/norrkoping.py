"""Norrköping: local job tracks (lokala jobbspår) for newly arrived people (2018).

Source: seed ``001_f230a1e9640a4119.txt`` (27 April 2018). Norrköpings kommun
and Arbetsförmedlingen in Norrköping agreed (överenskommelse) on a model built
on a joint mapping and analysis of the skills the municipality and local
employers need; the needs are then matched with the interests and competences
of newly arrived people ("matchas sedan dessa med intresse och kompetens").
The mapping gave four job tracks (jobbspår): own business (eget företagande),
restaurant and large-scale kitchen (restaurang och storkök), industry
(industri), and a special track for people without upper-secondary education
(särskilt spår för personer utan gymnasial utbildning). The tracks go "via
utbildning": they lead to a job through education.

What the article does not say, and the defaults used here (overridable with
:func:`attrs.evolve`):

* The signing date: the article (2018-04-27) reports the agreement as new; its
  date is used as the start, with no end (*unverified*).
* The target group's window: "nyanlända" without a window. In 2018 the
  establishment programme counted 36 months from the first population
  registration (Förordning (2017:820) 15 §); that window is used, counted
  from reception in the municipality as the Göteborg entry does, because the
  article does not tie the tracks to the programme (*unverified*).
* The tracks' target occupations (SSYK 2012): the article names branches, not
  occupations. The codes below are this library's reading of the branch
  names; each track's source note says so (*unverified* mapping).
* The steps: the article names the skills mapping (kartläggning) and
  education; the other steps are the usual package of a local job track
  funded through DUA (SFI or vocational SFI, training, work placement),
  *unverified* for Norrköping.
* "Utan gymnasial utbildning" is read as *without a complete (three-year)
  upper-secondary education*, SUN 2020 levels below ``UPPER_SECONDARY_3_YEARS``;
  a stricter reading ("no upper-secondary at all") would use
  ``UPPER_SECONDARY_MAX_2_YEARS``.

>>> from etableringsmodell import catalog
>>> [t.id for t in catalog.get("norrkoping-2018").tracks]  # doctest: +NORMALIZE_WHITESPACE
['norrkoping-eget-foretagande', 'norrkoping-restaurang-storkok', 'norrkoping-industri',
 'norrkoping-utan-gymnasieutbildning']
"""

from __future__ import annotations

from datetime import date

from etableringsmodell.calendar import Span
from etableringsmodell.model import (
    AnyOf,
    EducationBelow,
    EducationLevel,
    InterestIn,
    NewlyArrived,
    OccupationIn,
    PartnerAgreement,
    Party,
    PartyKind,
    StepKind,
    Track,
    TrackKind,
)
from etableringsmodell.sources import Source

__all__ = [
    "BRANCH_INDUSTRY",
    "BRANCH_OWN_BUSINESS",
    "BRANCH_RESTAURANT",
    "ENTRY",
    "INDUSTRY",
    "MUNICIPALITY",
    "NEWLY_ARRIVED",
    "NO_UPPER_SECONDARY",
    "OWN_BUSINESS",
    "RESTAURANT_KITCHEN",
    "SEED",
    "TRACKS",
]

MUNICIPALITY = "0581"
"""Norrköping's kommunkod (SCB: Östergötlands län 05, Norrköping 81)."""

SEED = Source.seed("001_f230a1e9640a4119.txt", "Så ska nyanlända komma snabbare i jobb (27 april 2018)")

_MAPPING_NOTE = (
    "unverified mapping: the article names the branch only; the SSYK 2012 codes are "
    "this library's reading of it"
)

_STEPS_NOTE = (
    "unverified steps: the article names the mapping (kartläggning) and education; the rest is the usual "
    "package of a DUA-funded local job track"
)

BRANCH_OWN_BUSINESS = frozenset({"eget företagande", "own business", "entrepreneurship"})
"""Interests (``Participant.interests``) that point to the own-business track, Swedish and English."""

BRANCH_RESTAURANT = frozenset(
    {"restaurang och storkök", "restaurang", "storkök", "restaurant", "large-scale kitchen", "hospitality"}
)
"""Interests that point to the restaurant and large-scale kitchen track."""

BRANCH_INDUSTRY = frozenset({"industri", "industry", "manufacturing", "tillverkning"})
"""Interests that point to the industry track."""

_RESTAURANT_CODES = ("5120", "9412")
"""Kockar och kallskänkor (5120); restaurang- och köksbiträden m.fl. (9412)."""

_INDUSTRY_CODES = ("72", "81")
"""Metallhantverkare, reparatörer m.fl. (72); process- och maskinoperatörer (81)."""

OWN_BUSINESS = Track(
    id="norrkoping-eget-foretagande",
    name="Eget företagande",
    kind=TrackKind.JOB_TRACK,
    branch="own business (eget företagande)",
    # Self-employment is a form of work, not an occupation: SSYK 2012 has no
    # code for it, so the track names no target occupation.
    occupations=(),
    requirements=InterestIn(
        BRANCH_OWN_BUSINESS,
        id="norrkoping-interest-own-business",
        sources=Source.seed(
            SEED.reference,
            SEED.title,
            note="matched on interest: 'matchas ... med intresse och kompetens'",
        ),
    ),
    steps=(StepKind.SKILLS_MAPPING, StepKind.VOCATIONAL_SWEDISH, StepKind.TRAINING, StepKind.MATCHING),
    sources=(SEED, Source.seed(SEED.reference, "Norrköping: own-business track", note=_STEPS_NOTE)),
)
"""Own business (eget företagande): for people who want to start a company."""

RESTAURANT_KITCHEN = Track(
    id="norrkoping-restaurang-storkok",
    name="Restaurang och storkök",
    kind=TrackKind.JOB_TRACK,
    branch="restaurant and large-scale kitchen (restaurang och storkök)",
    occupations=_RESTAURANT_CODES,
    requirements=AnyOf(
        InterestIn(BRANCH_RESTAURANT, id="norrkoping-interest-restaurant", sources=SEED),
        OccupationIn(
            _RESTAURANT_CODES,
            id="norrkoping-competence-restaurant",
            sources=Source.seed(SEED.reference, "Norrköping: restaurant track", note=_MAPPING_NOTE),
        ),
        id="norrkoping-restaurant-entry",
    ),
    steps=(
        StepKind.SKILLS_MAPPING,
        StepKind.VOCATIONAL_SWEDISH,
        StepKind.TRAINING,
        StepKind.WORK_PLACEMENT,
        StepKind.MATCHING,
    ),
    sources=(
        SEED,
        Source.seed(SEED.reference, "Norrköping: restaurant track", note=_MAPPING_NOTE),
        Source.seed(SEED.reference, "Norrköping: restaurant track", note=_STEPS_NOTE),
    ),
)
"""Restaurant and large-scale kitchen: interest in the branch, or competence as a cook or kitchen hand."""

INDUSTRY = Track(
    id="norrkoping-industri",
    name="Industri",
    kind=TrackKind.JOB_TRACK,
    branch="industry (industri)",
    occupations=_INDUSTRY_CODES,
    requirements=AnyOf(
        InterestIn(BRANCH_INDUSTRY, id="norrkoping-interest-industry", sources=SEED),
        OccupationIn(
            _INDUSTRY_CODES,
            id="norrkoping-competence-industry",
            sources=Source.seed(SEED.reference, "Norrköping: industry track", note=_MAPPING_NOTE),
        ),
        id="norrkoping-industry-entry",
    ),
    steps=(
        StepKind.SKILLS_MAPPING,
        StepKind.VOCATIONAL_SWEDISH,
        StepKind.TRAINING,
        StepKind.WORK_PLACEMENT,
        StepKind.MATCHING,
    ),
    sources=(
        SEED,
        Source.seed(SEED.reference, "Norrköping: industry track", note=_MAPPING_NOTE),
        Source.seed(SEED.reference, "Norrköping: industry track", note=_STEPS_NOTE),
    ),
)
"""Industry: interest in the branch, or competence in metal trades or machine operation."""

NO_UPPER_SECONDARY = Track(
    id="norrkoping-utan-gymnasieutbildning",
    name="Särskilt spår för personer utan gymnasial utbildning",
    kind=TrackKind.JOB_TRACK,
    branch="any branch, for people without upper-secondary education",
    occupations=(),
    requirements=EducationBelow(
        EducationLevel.UPPER_SECONDARY_3_YEARS,
        id="norrkoping-without-upper-secondary",
        sources=Source.seed(
            SEED.reference,
            SEED.title,
            note="'utan gymnasial utbildning' read as without a complete three-year upper-secondary education",
        ),
    ),
    steps=(
        StepKind.SKILLS_MAPPING,
        StepKind.VOCATIONAL_SWEDISH,
        StepKind.TRAINING,
        StepKind.WORK_PLACEMENT,
        StepKind.MATCHING,
    ),
    sources=(SEED, Source.seed(SEED.reference, "Norrköping: education track", note=_STEPS_NOTE)),
)
"""The special track for people without upper-secondary education; no branch is named."""

TRACKS = (OWN_BUSINESS, RESTAURANT_KITCHEN, INDUSTRY, NO_UPPER_SECONDARY)
"""The four tracks in the article's order."""

NEWLY_ARRIVED = NewlyArrived(
    within=Span(months=36),
    id="norrkoping-newly-arrived-36m",
    sources=(
        Source.seed(
            SEED.reference,
            "Norrköping agreement: 'nyanlända'",
            note="unverified: the article states no window; 36 months is the library's default",
        ),
        Source.statute(
            "SFS 2017:820",
            "15 §",
            "Förordning (2017:820) om etableringsinsatser för vissa nyanlända invandrare",
            note="the common 36-month window, used as the default",
        ),
    ),
)

ENTRY = PartnerAgreement(
    id="norrkoping-2018",
    title="Överenskommelse om lokala jobbspår för nyanlända i Norrköping",
    parties=(
        Party("Norrköpings kommun", PartyKind.MUNICIPALITY, municipality=MUNICIPALITY),
        Party("Arbetsförmedlingen Norrköping", PartyKind.PUBLIC_AGENCY),
    ),
    start=date(2018, 4, 27),
    end=None,
    target_group=NEWLY_ARRIVED,
    tracks=TRACKS,
    notes=(
        "Start date 2018-04-27 is the article's date, unverified as the signing date.",
        (
            "The tracks come from a joint mapping of the skills the municipality and local employers "
            "need; more tracks were to be developed in the coming years."
        ),
        "Matching uses both interest and competence ('intresse och kompetens').",
    ),
    sources=SEED,
)
