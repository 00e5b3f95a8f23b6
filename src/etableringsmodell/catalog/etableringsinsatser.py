"""Etableringsinsatser under Lag (2010:197) and Förordning (2010:409), 2010-12-01 to 2017-12-31.

The establishment reform (etableringsreformen): Arbetsförmedlingen made an
establishment plan (etableringsplan) with a newly arrived person, lasting at
most 24 months, made at the latest one year after the first population
registration (folkbokföring). Lag (2017:584) replaced the law on 2018-01-01
(see :mod:`etableringsmodell.catalog.etableringsprogrammet`).

Who the law covered (2 §, 2 a §, 2 b §):

* aged 20 but not 65 (``AgeBetween(20, 64)``), or 18 or 19 with no parent in
  Sweden, with a permit that can ground population registration on one of
  the qualifying grounds: Utlänningslagen 5 kap. 1, 2, 4 or 6 §, 12 kap.
  18 §, or 21 or 22 kap.;
* or a family member (anknytning) of such a person, who applied for the
  permit in time. The time changed twice, which gives three versions:

  - 2010-12-01: within **two years** of the person joined first being
    received in a municipality;
  - 2013-02-01 (SFS 2012:1000): the two-year limit does not apply to an
    application made by 2013-12-31 when the person joined was first received
    after 2008-12-31;
  - 2014-01-01 (SFS 2013:1083): within **six years**, and not when the person
    joined was a Swedish citizen when the application was made. Applications
    made before 2014-01-01 keep the older text (its transitional provision),
    so the version carries both texts, chosen by the application date.

Verified with the search tool: the 2 § / 2 a § / 2 b § texts of SFS
2012:1000 and the 2 a § text and transitional provision of SFS 2013:1083
(Karnov Open, lagboken.se, paragraf.nu), and the two-year rule of the
original text (prop. 2012/13:26). *Unverified*: that SFS 2012:1000 came into
force on 2013-02-01 (the date the bill proposed); that 18- and 19-year-olds
without parents in Sweden were covered before SFS 2012:1000 (the original 2 §
as quoted in the bill does not show it; they are admitted throughout here);
whether 2 b § counts the age on the reference date or when the permit was
granted (the reference date is used); the plan deadline and the 24 months
(Förordning 2010:409 / Lag 2010:197 6 §, from DOMAIN.md). Grounds under Lag
(2016:752) 16 d, 16 f and 16 h §§ (added by SFS 2017:357) have no
:class:`~etableringsmodell.model.PermitGround` member and are not evaluated.
"""

from __future__ import annotations

from datetime import date

from etableringsmodell.calendar import Span
from etableringsmodell.catalog._national import QUALIFYING_GROUNDS
from etableringsmodell.model import (
    AgeBetween,
    AllOf,
    AnyOf,
    ArrivalAnchor,
    Criterion,
    FamilyTieWithin,
    NewlyArrived,
    NoParentInSweden,
    PermitGroundIn,
    Programme,
    RuleVersion,
)
from etableringsmodell.sources import Source

__all__ = ["ENTRY", "SFS_2010_197", "SFS_2010_409", "SFS_2012_1000", "SFS_2013_1083"]

_LAW = "Lag (2010:197) om etableringsinsatser för vissa nyanlända invandrare"
SFS_2010_197 = Source.statute("SFS 2010:197", "2 §", _LAW)
SFS_2010_409 = Source.statute(
    "SFS 2010:409",
    title="Förordning (2010:409) om etableringsplan för vissa nyanlända invandrare",
    note="unverified: section not checked; the one-year plan deadline and 24 months follow DOMAIN.md",
)
SFS_2012_1000 = Source.statute(
    "SFS 2012:1000",
    "2, 2 a, 2 b §§",
    f"Lag om ändring i {_LAW}",
    note="in force 2013-02-01 as prop. 2012/13:26 proposed (unverified date)",
)
SFS_2013_1083 = Source.statute("SFS 2013:1083", "2 a §", f"Lag om ändring i {_LAW}")
_FAMILY_2Y = Source.statute("SFS 2010:197", "2 §", _LAW, note="family members: within two years")
_YOUNG = Source.statute(
    "SFS 2010:197",
    "2 b §",
    _LAW,
    note="18-19 with no parent in Sweden; unverified before SFS 2012:1000 and whether the age is taken at the grant",
)
_PLAN = Source.statute(
    "SFS 2010:197",
    "6 §",
    _LAW,
    note="unverified section: plan at the latest one year after the first population registration",
)

_FIRST_CHANGE = date(2013, 2, 1)
_SIX_YEARS_FROM = date(2014, 1, 1)


def _common(family: Criterion, start: date, *, sources: tuple[Source, ...]) -> Criterion:
    age = AnyOf(
        AgeBetween(20, 64, id="etableringsinsatser-age-20-64", sources=SFS_2010_197),
        AllOf(
            AgeBetween(18, 19, id="etableringsinsatser-age-18-19", sources=_YOUNG),
            NoParentInSweden(sources=_YOUNG),
            id="etableringsinsatser-18-19-without-parents",
        ),
        id="etableringsinsatser-age",
    )
    ground = AnyOf(
        PermitGroundIn(QUALIFYING_GROUNDS, id="etableringsinsatser-qualifying-ground", sources=SFS_2010_197),
        family,
        id="etableringsinsatser-permit",
    )
    plan = NewlyArrived(
        within=Span(years=1),
        anchor=ArrivalAnchor.FIRST_REGISTERED,
        id="etableringsinsatser-plan-within-1y-of-registration",
        sources=_PLAN,
    )
    return AllOf(age, ground, plan, id=f"etableringsinsatser-from-{start.isoformat()}", sources=sources)


_TWO_YEARS = FamilyTieWithin(Span(years=2), id="family-within-2y", sources=_FAMILY_2Y)
_WAIVER = FamilyTieWithin(
    None,
    applied_before=_SIX_YEARS_FROM,
    sponsor_received_after=date(2008, 12, 31),
    id="family-2y-waived",
    sources=SFS_2012_1000,
)
_TWO_YEARS_OLD_TEXT = FamilyTieWithin(
    Span(years=2),
    applied_before=_SIX_YEARS_FROM,
    id="family-within-2y-applied-before-2014",
    sources=(_FAMILY_2Y, SFS_2013_1083),
)
_SIX_YEARS = FamilyTieWithin(
    Span(years=6),
    applied_from=_SIX_YEARS_FROM,
    swedish_sponsor_excluded=True,
    id="family-within-6y-not-swedish-sponsor",
    sources=SFS_2013_1083,
)

_DURATION = Span(months=24)
_NOTES = (
    "The plan lasts at most 24 months.",
    "The person joined must hold a permit on a qualifying ground; not recorded on the participant, not judged.",
    "Grounds under Lag (2016:752) 16 d, 16 f, 16 h §§ (SFS 2017:357) are not modelled.",
)

ENTRY = Programme(
    id="etableringsinsatser-2010",
    title="Etableringsinsatser för vissa nyanlända invandrare (Lag 2010:197)",
    versions=(
        RuleVersion(
            date(2010, 12, 1),
            _FIRST_CHANGE - date.resolution,
            _common(
                AnyOf(_TWO_YEARS, id="etableringsinsatser-family"),
                date(2010, 12, 1),
                sources=(SFS_2010_197, _PLAN),
            ),
            max_duration=_DURATION,
            notes=_NOTES,
            sources=(SFS_2010_197, SFS_2010_409),
        ),
        RuleVersion(
            _FIRST_CHANGE,
            _SIX_YEARS_FROM - date.resolution,
            _common(
                AnyOf(_TWO_YEARS, _WAIVER, id="etableringsinsatser-family"),
                _FIRST_CHANGE,
                sources=(SFS_2010_197, SFS_2012_1000, _PLAN),
            ),
            max_duration=_DURATION,
            notes=_NOTES,
            sources=(SFS_2012_1000, SFS_2010_197, SFS_2010_409),
        ),
        RuleVersion(
            _SIX_YEARS_FROM,
            date(2017, 12, 31),
            _common(
                AnyOf(_TWO_YEARS_OLD_TEXT, _WAIVER, _SIX_YEARS, id="etableringsinsatser-family"),
                _SIX_YEARS_FROM,
                sources=(SFS_2010_197, SFS_2013_1083, _PLAN),
            ),
            max_duration=_DURATION,
            notes=(
                *_NOTES,
                "Applications made before 2014-01-01 keep the older text (SFS 2013:1083, transitional provision).",
            ),
            sources=(SFS_2013_1083, SFS_2010_197, SFS_2010_409),
        ),
    ),
    notes=("Replaced by Lag (2017:584) on 2018-01-01.",),
    sources=(SFS_2010_197, SFS_2010_409),
)
