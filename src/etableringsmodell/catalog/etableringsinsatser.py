"""Etableringsinsatser under Lag (2010:197) and Förordning (2010:409), 2010-12-01 to 2017-12-31.

The establishment reform (etableringsreformen): Arbetsförmedlingen made an
establishment plan (etableringsplan) with a newly arrived person. Lag
(2017:584) replaced the law on 2018-01-01 (see
:mod:`etableringsmodell.catalog.etableringsprogrammet`), but plans started
before then continue under this one (below).

Who the law covers, each section in its own words (consolidated text as
amended by SFS 2012:1000, 2013:1083 and 2017:357, read on klevringsjuridik.se
and paragraf.nu; SFS 2012:1000 on Karnov Open):

* 2 §: "Lagen gäller en nyanländ som har fyllt 20 men inte 65 år och som har
  beviljats ett uppehållstillstånd som kan ligga till grund för folkbokföring,
  om uppehållstillståndet har beviljats enligt 1. 5 kap. 1, 2, 4 eller 6 §
  utlänningslagen (2005:716), 2. 12 kap. 18 § utlänningslagen, 3. 21 eller
  22 kap. utlänningslagen, eller 4. 16 d, 16 f eller 16 h § lagen (2016:752)"
  (point 4 added by SFS 2017:357);
* 2 a §: a family member (anknytning) of such a person, aged 20 but not 65,
  who applied in time. That the person joined holds a permit on a 2 § ground
  is an assessed fact
  (:attr:`~etableringsmodell.model.FactKind.SPONSOR_QUALIFYING_PERMIT`):
  the record does not otherwise show it. The time changed twice, which gives versions:

  - 2010-12-01: within **two years** of the person joined first being
    received in a municipality;
  - 2013-02-01 (SFS 2012:1000): the two-year limit does not apply to an
    application made by 2013-12-31 when the person joined was first received
    after 2008-12-31;
  - 2014-01-01 (SFS 2013:1083): "inom sex år", and not when the person
    joined "var svensk medborgare vid tidpunkten för den nyanländes ansökan".
    Applications made before 2014-01-01 keep the older text (its
    transitional provision), so the version carries both texts;

* 2 b §: "Lagen gäller också en nyanländ som har fyllt 18 men inte 20 år,
  *när uppehållstillstånd som anges i 2 eller 2 a § beviljats*, förutsatt
  att han eller hon saknar föräldrar här i landet": the age is taken on the
  day the permit was granted (:class:`~etableringsmodell.model.AgeWhen`), not
  on the reference date, so someone granted a permit at 16 or 17 is not
  admitted when they later turn 18.

The plan (Förordning 2010:409, lagen.nu konsolidering 2010:1743 and SFS
2014:102 on lagboken.se): 3 § "Arbetsförmedlingen ska upprätta
etableringsplanen för den nyanlände inom två månader ... Om det finns
särskilda skäl, får etableringsplanen upprättas senare, dock senast inom ett
år efter det att den nyanlände första gången folkbokfördes i en kommun";
6 § (SFS 2010:1743) "Den sammanlagda giltighetstiden för planen får dock som
längst motsvara tiden för beviljat uppehållstillstånd eller högst 24
kalendermånader". The year is a deadline for drawing up the plan, not a test
of who is covered: :class:`~etableringsmodell.model.EstablishmentPlanInTime`
admits a person while a plan may still be drawn up, and a person whose plan
started by the deadline for the plan's length (24 months; the cap at the
permit's length is not judged, the model records no permit expiry). The
permit must be one "som kan ligga till grund för folkbokföring": every
passing path needs the first folkbokföring on record (the plan's anchor), and
a person who was registered had such a permit.

Plans started before 2018 (the transitional provision of SFS 2017:584, as
Arbetsförmedlingen applies it, AFFS 2017:2: "Personer som har en pågående
etableringsplan får slutföra den enligt (2010:197)"): a last version from
2018-01-01 with no end admits only people whose plan started before
2018-01-01, under the rule last in force. Judging such a person on a date in
2018 or later therefore uses this law, not NotCovered; everyone else is
refused by :class:`~etableringsmodell.model.PlanStartedBefore`.

*Unverified*: that SFS 2012:1000 came into force on 2013-02-01 (the date
prop. 2012/13:26 proposed) and SFS 2017:357 on 2017-06-01 (the date prop.
2016/17:133 proposed for the package); that 18- and 19-year-olds without
parents in Sweden were covered before SFS 2012:1000 (the original 2 § as
quoted in the bill does not show it; they are admitted throughout here); the
wording of the transitional provision of SFS 2017:584 itself (Arbetsförmedlingen's
reading is used). :doc:`/unverified` lists each with what would verify it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from etableringsmodell.calendar import Span
from etableringsmodell.catalog._national import QUALIFYING_GROUNDS, QUALIFYING_GROUNDS_2017
from etableringsmodell.model import (
    AgeBetween,
    AgeWhen,
    AllOf,
    AnyOf,
    ArrivalAnchor,
    Criterion,
    EstablishmentPlanInTime,
    FactIs,
    FactKind,
    FamilyTieWithin,
    NoParentInSweden,
    PermitGroundIn,
    PlanStartedBefore,
    Programme,
    RuleVersion,
)
from etableringsmodell.sources import Source, SourceKind

__all__ = [
    "ENTRY",
    "SFS_2010_197",
    "SFS_2010_409",
    "SFS_2010_409_3",
    "SFS_2010_409_6",
    "SFS_2012_1000",
    "SFS_2013_1083",
    "SFS_2017_357",
    "TRANSITION",
]

_LAW = "Lag (2010:197) om etableringsinsatser för vissa nyanlända invandrare"
_ORDINANCE = (
    "Förordning (2010:409) om etableringssamtal och etableringsinsatser för vissa nyanlända invandrare"
)
SFS_2010_197 = Source.statute("SFS 2010:197", "2 §", _LAW, note="read on klevringsjuridik.se and paragraf.nu")
SFS_2010_409 = Source.statute("SFS 2010:409", title=_ORDINANCE)
SFS_2010_409_3 = Source.statute(
    "SFS 2010:409",
    "3 §",
    _ORDINANCE,
    note="plan within two months; with special reasons at the latest one year after the first folkbokföring",
)
SFS_2010_409_6 = Source.statute(
    "SFS 2010:409", "6 §", _ORDINANCE, note="at most the permit's time or 24 calendar months (SFS 2010:1743)"
)
SFS_2012_1000 = Source.statute(
    "SFS 2012:1000",
    "2, 2 a, 2 b §§",
    f"Lag om ändring i {_LAW}",
    note="in force 2013-02-01 as prop. 2012/13:26 proposed (unverified date)",
)
SFS_2013_1083 = Source.statute("SFS 2013:1083", "2 a §", f"Lag om ändring i {_LAW}")
SFS_2017_357 = Source.statute(
    "SFS 2017:357",
    "2 § 4",
    f"Lag om ändring i {_LAW}",
    note="16 d, 16 f, 16 h §§ Lag 2016:752 added; in force 2017-06-01 as prop. 2016/17:133 proposed (unverified date)",
)
_FAMILY = Source.statute("SFS 2010:197", "2 a §", _LAW)
_FAMILY_2Y = Source.statute("SFS 2010:197", "2 a §", _LAW, note="family members: within two years")
_YOUNG = Source.statute(
    "SFS 2010:197",
    "2 b §",
    _LAW,
    note="18-19 when the permit was granted, with no parent in Sweden (SFS 2012:1000)",
)
_YOUNG_BEFORE_2013 = Source.statute(
    "SFS 2010:197",
    "2 b §",
    _LAW,
    note="unverified: 18-19 with no parent in Sweden before SFS 2012:1000 introduced 2 b §",
)
TRANSITION = Source(
    SourceKind.OFFICIAL,
    "AFFS 2017:2",
    title="Arbetsförmedlingen: upphävande av AFFS 2010:3, on the transitional provision of SFS 2017:584",
    url="https://arbetsformedlingen.se/om-oss/var-verksamhet/styrning-och-resultat/forfattningssamling-affs/upphavanden/affs-20172",
    note="'Personer som har en pågående etableringsplan får slutföra den enligt (2010:197)' (also "
    "migrationsinfo.se: 'För de som har inlett en etableringsplan före den 1 januari 2018 gäller dock "
    "fortfarande etableringsreformen'); the wording of SFS 2017:584's transitional provision itself is unverified",
)

_SPONSOR = FactIs(
    FactKind.SPONSOR_QUALIFYING_PERMIT,
    id="etableringsinsatser-sponsor-qualifying-permit",
    sources=Source.statute(
        "SFS 2010:197",
        "2 a §",
        _LAW,
        note="'anknytning till en person som har beviljats uppehållstillstånd med stöd av någon av de "
        "bestämmelser som anges i 2 §'",
    ),
)
"""The person joined holds a permit on a 2 § ground: an assessed fact, undetermined unless on record."""

_FIRST_CHANGE = date(2013, 2, 1)
_SIX_YEARS_FROM = date(2014, 1, 1)
_NEW_GROUNDS_FROM = date(2017, 6, 1)
_REPLACED_ON = date(2018, 1, 1)

_PLAN = EstablishmentPlanInTime(
    Span(years=1),
    Span(months=24),
    anchor=ArrivalAnchor.FIRST_REGISTERED,
    id="etableringsinsatser-plan-in-time",
    sources=(SFS_2010_409_3, SFS_2010_409_6),
)


def _common(
    family: Criterion,
    start: date,
    *,
    grounds: frozenset[Any] = QUALIFYING_GROUNDS,
    ground_sources: tuple[Source, ...] = (SFS_2010_197,),
    young: Source = _YOUNG,
    sources: tuple[Source, ...],
) -> Criterion:
    age = AnyOf(
        AgeBetween(20, 64, id="etableringsinsatser-age-20-64", sources=(SFS_2010_197, _FAMILY)),
        AllOf(
            AgeWhen(18, 19, id="etableringsinsatser-age-18-19-when-granted", sources=young),
            NoParentInSweden(sources=young),
            id="etableringsinsatser-18-19-without-parents",
        ),
        id="etableringsinsatser-age",
    )
    ground = AnyOf(
        PermitGroundIn(grounds, id="etableringsinsatser-qualifying-ground", sources=ground_sources),
        AllOf(family, _SPONSOR, id="etableringsinsatser-family-member"),
        id="etableringsinsatser-permit",
    )
    return AllOf(age, ground, _PLAN, id=f"etableringsinsatser-from-{start.isoformat()}", sources=sources)


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
_FAMILY_FROM_2014 = AnyOf(_TWO_YEARS_OLD_TEXT, _WAIVER, _SIX_YEARS, id="etableringsinsatser-family")

_DURATION = Span(months=24)
_NOTES = (
    (
        "The plan lasts at most 24 calendar months and not past the permit (Förordning 2010:409 6 §); "
        "the permit's end is not recorded, not judged."
    ),
    "The person joined must hold a permit on a 2 § ground (2 a §): an assessed fact, undetermined unless given.",
)
_LAST_RULE = _common(
    _FAMILY_FROM_2014,
    _NEW_GROUNDS_FROM,
    grounds=QUALIFYING_GROUNDS_2017,
    ground_sources=(SFS_2010_197, SFS_2017_357),
    sources=(SFS_2010_197, SFS_2013_1083, SFS_2017_357, SFS_2010_409_3),
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
                young=_YOUNG_BEFORE_2013,
                sources=(SFS_2010_197, SFS_2010_409_3),
            ),
            max_duration=_DURATION,
            notes=_NOTES,
            sources=(SFS_2010_197, SFS_2010_409_3, SFS_2010_409_6),
        ),
        RuleVersion(
            _FIRST_CHANGE,
            _SIX_YEARS_FROM - date.resolution,
            _common(
                AnyOf(_TWO_YEARS, _WAIVER, id="etableringsinsatser-family"),
                _FIRST_CHANGE,
                sources=(SFS_2010_197, SFS_2012_1000, SFS_2010_409_3),
            ),
            max_duration=_DURATION,
            notes=_NOTES,
            sources=(SFS_2012_1000, SFS_2010_197, SFS_2010_409_3, SFS_2010_409_6),
        ),
        RuleVersion(
            _SIX_YEARS_FROM,
            _NEW_GROUNDS_FROM - date.resolution,
            _common(
                _FAMILY_FROM_2014, _SIX_YEARS_FROM, sources=(SFS_2010_197, SFS_2013_1083, SFS_2010_409_3)
            ),
            max_duration=_DURATION,
            notes=(
                *_NOTES,
                "Applications made before 2014-01-01 keep the older text (SFS 2013:1083, transitional provision).",
            ),
            sources=(SFS_2013_1083, SFS_2010_197, SFS_2010_409_3, SFS_2010_409_6),
        ),
        RuleVersion(
            _NEW_GROUNDS_FROM,
            _REPLACED_ON - date.resolution,
            _LAST_RULE,
            max_duration=_DURATION,
            notes=(
                *_NOTES,
                "Permits under 16 d, 16 f and 16 h §§ Lag (2016:752) qualify (2 § 4, SFS 2017:357).",
            ),
            sources=(SFS_2017_357, SFS_2010_197, SFS_2013_1083, SFS_2010_409_3, SFS_2010_409_6),
        ),
        RuleVersion(
            _REPLACED_ON,
            None,
            AllOf(
                PlanStartedBefore(
                    _REPLACED_ON, id="etableringsinsatser-plan-started-before-2018", sources=TRANSITION
                ),
                _LAST_RULE,
                id="etableringsinsatser-continuing-plans",
            ),
            max_duration=_DURATION,
            notes=(
                *_NOTES,
                "Replaced by Lag (2017:584) on 2018-01-01; plans started before then continue under this law.",
            ),
            sources=(TRANSITION, SFS_2010_197, SFS_2010_409_6),
        ),
    ),
    notes=(
        "Replaced by Lag (2017:584) on 2018-01-01; plans started before then continue under it (AFFS 2017:2).",
    ),
    sources=(SFS_2010_197, SFS_2010_409),
)
