"""Snabbspår: fast tracks for newly arrived people in shortage occupations (from 2015).

Source: seed ``003_71a72925e54781f3.txt`` (Arbetsförmedlingen's press
release on its review of the fast tracks, October 2016). In the spring of
2015 the government asked Arbetsförmedlingen to find, together with the
social partners (arbetsmarknadens parter), ways for newly arrived people with
education or experience in a shortage occupation (bristyrke) to get work
faster. In October 2016 there were fast tracks in 13 branches covering about
20 occupations, and 2,063 people had started one from January to August
2016. The tracks for health-care occupations and teachers were working as
intended; much remained for painters, butchers (slaktare/styckare) and
social workers (socionomer). Arbetsförmedlingen's three lessons: better
candidates (quality in the skills mapping), the branch-validation models
still to be procured, and more internal work on the new methods.

What the article does not say, and where the values come from:

* The tracks, their occupations and SSYK 2012 codes, and the steps follow
  DOMAIN.md; the article names only the occupations of its status. The code
  mapping is *unverified*.
* The entry rule (a residence permit granted within the last 3 years, or an
  establishment plan now or one that ended within the last 12 months) is
  Arbetsförmedlingen's rule as DOMAIN.md gives it, not the seed's
  (*unverified*: no published description by Arbetsförmedlingen or the
  parties was found with the search tool). The three years count from the
  *first* permit, not a renewed one
  (:attr:`~etableringsmodell.model.ArrivalAnchor.FIRST_PERMIT_GRANTED`:
  ``permit.first_granted_on`` when recorded).
* Electricians are installation electricians (installationselektriker,
  SSYK 2012 7411), not distribution electricians (7413); nurses are the
  whole of SSYK 222 (sjuksköterskor, specialist nurses and midwives,
  2221-2228).
* The start: "under våren 2015"; 2015-03-01 is used (*unverified*), with no end.
* The 13 branches of October 2016 are not all named anywhere we could check:
  the tracks below are those DOMAIN.md names (12), so :data:`STATUS_2016_10`
  keeps the article's count separately.
"""

from __future__ import annotations

from datetime import date

from attrs import field, frozen

from etableringsmodell.calendar import Span
from etableringsmodell.model import (
    AnyOf,
    ArrivalAnchor,
    EstablishmentPlan,
    NewlyArrived,
    OccupationIn,
    PartnerAgreement,
    Party,
    PartyKind,
    StepKind,
    Track,
    TrackKind,
)
from etableringsmodell.sources import Source, SourceKind

__all__ = ["ENTRY", "ENTRY_RULE", "SEED", "STATUS_2016_10", "STEPS", "TRACKS", "FastTrackStatus"]

SEED = Source.seed(
    "003_71a72925e54781f3.txt", "Snabbspåren får ris och ros i egen rapport (Arbetsförmedlingen)"
)
_DOMAIN = Source(
    SourceKind.OFFICIAL,
    "Arbetsförmedlingen: snabbspår",
    title="Arbetsförmedlingen's description of the fast tracks, as summarised in DOMAIN.md",
    note="unverified: not in the seed article, and no published description by Arbetsförmedlingen or the "
    "parties was found; the SSYK 2012 mapping is the library's",
)

STEPS = (
    StepKind.SKILLS_MAPPING,
    StepKind.VALIDATION,
    StepKind.VOCATIONAL_SWEDISH,
    StepKind.TRAINING,
    StepKind.WORK_PLACEMENT,
    StepKind.MATCHING,
)
"""Self-assessment and mapping (often in the mother tongue), branch validation or vocational
assessment, vocational Swedish, complementary training, work placement, matching."""

ENTRY_RULE = AnyOf(
    NewlyArrived(
        within=Span(years=3),
        anchor=ArrivalAnchor.FIRST_PERMIT_GRANTED,
        id="snabbspar-permit-within-3y",
        sources=_DOMAIN,
    ),
    EstablishmentPlan(
        ended_within=Span(months=12), id="snabbspar-plan-now-or-ended-within-12m", sources=_DOMAIN
    ),
    id="snabbspar-entry",
)
"""A first permit granted within the last 3 years, or an establishment plan now or ended within the last 12 months."""

_TRACKS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    # (id suffix, name, branch, SSYK 2012 codes)
    ("kockar", "Snabbspår för kockar", "restaurant", ("5120",)),
    ("lastbilsforare", "Snabbspår för lastbilsförare", "transport", ("8332",)),
    ("lakare", "Snabbspår för läkare", "health care", ("221",)),
    # The whole of 222: nurses, specialist nurses and midwives (2221-2228).
    ("sjukskoterskor", "Snabbspår för sjuksköterskor", "health care", ("222",)),
    ("tandlakare", "Snabbspår för tandläkare", "health care", ("2260",)),
    ("apotek", "Snabbspår för apotekare och receptarier", "pharmacy", ("2281", "3213")),
    ("larare", "Snabbspår för lärare och förskollärare", "education", ("2330", "2341", "2343")),
    ("malare", "Snabbspår för målare", "construction", ("7131",)),
    ("slaktare-styckare", "Snabbspår för slaktare och styckare", "food industry", ("7611",)),
    # Installation electricians (installationselektriker), not distribution electricians (7413).
    ("elektriker", "Snabbspår för elektriker", "electrical installation", ("7411",)),
    (
        "samhallsbyggnad",
        "Snabbspår för ingenjörer och tekniker inom samhällsbyggnad",
        "engineering",
        ("2142", "2143", "2144", "3112", "3113", "3114"),
    ),
    ("socionomer", "Snabbspår för socionomer", "social work", ("2661",)),
)


def _track(suffix: str, name: str, branch: str, codes: tuple[str, ...]) -> Track:
    return Track(
        id=f"snabbspar-{suffix}",
        name=name,
        kind=TrackKind.FAST_TRACK,
        branch=branch,
        occupations=codes,
        requirements=OccupationIn(
            codes,
            id=f"snabbspar-{suffix}-occupation",
            sources=(
                Source.seed(
                    SEED.reference,
                    SEED.title,
                    note="'nyanlända med erfarenhet eller utbildning inom bristyrken'",
                ),
                _DOMAIN,
            ),
        ),
        steps=STEPS,
        sources=(SEED, _DOMAIN),
    )


TRACKS = tuple(_track(*row) for row in _TRACKS)
"""The fast tracks DOMAIN.md names, each requiring a competence in its occupations."""


@frozen
class FastTrackStatus:
    """The fast tracks' reported status (lägesrapport) on a date.

    ``started`` people started a track from ``started_from`` through
    ``started_to``; ``working`` and ``lagging`` are track ids the report
    names as going well and as lagging.
    """

    on: date
    branches: int
    occupations_approx: int
    started: int
    started_from: date
    started_to: date
    working: tuple[str, ...]
    lagging: tuple[str, ...]
    note: str = ""
    sources: tuple[Source, ...] = field(default=(SEED,))


STATUS_2016_10 = FastTrackStatus(
    on=date(2016, 10, 31),
    branches=13,
    occupations_approx=20,
    started=2063,
    started_from=date(2016, 1, 1),
    started_to=date(2016, 8, 31),
    working=("snabbspar-lakare", "snabbspar-sjukskoterskor", "snabbspar-tandlakare", "snabbspar-larare"),
    lagging=("snabbspar-malare", "snabbspar-slaktare-styckare", "snabbspar-socionomer"),
    note=(
        "'I oktober 2016 finns det snabbspår inom 13 branscher som omfattar ett 20-tal yrken'; "
        "'januari till och med augusti i år har 2063 personer börjat ett snabbspår'. The day in October "
        "is not given; the month's last day is used. 'Hälso- och sjukvården' is read as physicians, "
        "nurses and dentists (unverified for the pharmacy track, left out)."
    ),
)

ENTRY = PartnerAgreement(
    id="snabbspar-2015",
    title="Snabbspår för nyanlända med utbildning eller erfarenhet inom bristyrken",
    parties=(
        Party("Arbetsförmedlingen", PartyKind.PUBLIC_AGENCY),
        Party("Arbetsmarknadens parter (the social partners of each branch)", PartyKind.BRANCH_ORGANISATION),
    ),
    start=date(2015, 3, 1),
    end=None,
    target_group=ENTRY_RULE,
    tracks=TRACKS,
    notes=(
        "Start 2015-03-01 is unverified: the government's assignment came 'under våren 2015'.",
        "Entry rule unverified (DOMAIN.md): a first permit within 3 years, or a plan now or ended within 12 months.",
        "October 2016: 13 branches, about 20 occupations; 2,063 started January-August 2016 (seed 003).",
        "Working well: health care and teachers. Lagging: painters, butchers, social workers (seed 003).",
    ),
    sources=(SEED, _DOMAIN),
)
