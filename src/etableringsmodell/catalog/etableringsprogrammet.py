"""Etableringsprogrammet under Lag (2017:584) and Förordning (2017:820), from 2018-01-01.

Arbetsförmedlingen may assign (anvisa) a newly arrived person to the
establishment programme when Lag (2017:584) 2 § covers them and none of the
situations of Förordning (2017:820) 5 § applies. Activities last at most 24
months full time, all within 36 months of the first population registration
(folkbokföring) (15 §). The upper age changed twice, which gives the
versions:

* 2018-01-01: aged 20 but not 65 (``AgeBetween(20, 64)``);
* 2023-01-01 (SFS 2022:895): 20 but not yet 66 (``AgeBetween(20, 65)``);
* 2026-01-01 (SFS 2022:896): 20 but not yet the target age for
  pension (riktålder) of the year, :data:`PENSION_TARGET_AGE`. One version is
  made for each run of years with the same riktålder, so a change of the
  riktålder starts a new version on its own 1 January.

The riktålder is fixed by the government six years ahead for each calendar
year (Socialförsäkringsbalken 2 kap. 10 a-10 d §§, prop. 2018/19:133);
Pensionsmyndigheten reports it set at 67 for 2026-2031. Later years are not
yet in this catalogue, so a date after 2031-12-31 raises
:class:`~etableringsmodell.errors.NotCoveredError` rather than guessing the
age limit; add the newly fixed value to :data:`PENSION_TARGET_AGE` to extend
the programme.

Family members are covered when they applied within six years of the person
joined first being received in a municipality, unless that person was a
Swedish citizen (as in Lag 2010:197 2 a § from 2014).

Who Arbetsförmedlingen may assign, Förordning (2017:820) 5 § (the SFS print
on lagboken.se): "En anvisning till etableringsprogrammet får göras för en
person som omfattas av lagen (2017:584) ... och som är anmäld som
arbetssökande hos Arbetsförmedlingen" (a
:class:`~etableringsmodell.model.FactIs` over
:attr:`~etableringsmodell.model.FactKind.REGISTERED_JOB_SEEKER`:
*undetermined* unless the record says so), and not for one who "1. har ett
förvärvsarbete på heltid, 2. går i gymnasieskola eller gymnasiesärskola,
3. vårdar barn på heltid med föräldrapenning ..., 4. får hel sjukpenning
..., 5. vistas i ett anläggningsboende hos Migrationsverket". Sickness or
activity compensation (sjuk- eller aktivitetsersättning) is not in the list.

The 18- and 19-year-olds: as under Lag (2010:197) 2 b §, the age is taken
when the permit was granted (:class:`~etableringsmodell.model.AgeWhen`).

Plans started before 2018 continue under Lag (2010:197) (the transitional
provision): judge those people with ``etableringsinsatser-2010``, whose last
version covers them from 2018-01-01.

Verified with the search tool: Förordning (2017:820) 5 § (lagboken.se, the
SFS print), the riktålder of 67 for 2026-2031 (Dagens PS, 9 October 2025,
quoting Pensionsmyndigheten) and its legal basis (prop. 2018/19:133).
SFS 2025:311, once listed here as an amendment, left no trace in any text
found and is removed. *Unverified*: the text of Lag (2017:584) 2 § itself
(no text of it was found: the grounds, including 16 d, 16 f and 16 h §§ Lag
2016:752, and the family rule are taken to be those of Lag 2010:197 as last
amended, and the 18- and 19-year-olds without parents in Sweden are judged
as under Lag 2010:197 2 b §); the SFS numbers of the amendments, from
DOMAIN.md; the split of the reasons for leaving between 17 § and 18 §;
reading "not yet the riktålder" as the riktålder of the reference date's
calendar year. :doc:`/unverified` lists each with what would verify it.
"""

from __future__ import annotations

from datetime import date

from etableringsmodell.calendar import Span
from etableringsmodell.catalog._national import QUALIFYING_GROUNDS_2017
from etableringsmodell.model import (
    AgeBetween,
    AgeWhen,
    AllOf,
    AnyOf,
    ArrivalAnchor,
    Criterion,
    DatedParameter,
    DatedValue,
    FactIs,
    FactKind,
    FamilyTieWithin,
    LeavingReason,
    NewlyArrived,
    NoBarringSituation,
    NoParentInSweden,
    PermitGroundIn,
    Programme,
    RuleVersion,
)
from etableringsmodell.model.criteria import SFS_2017_820_5
from etableringsmodell.sources import Source, SourceKind

__all__ = [
    "ENTRY",
    "LEAVING_REASONS",
    "PENSION_TARGET_AGE",
    "SFS_2017_584",
    "SFS_2017_820_5",
    "SFS_2017_820_15",
    "SFS_2022_895",
    "SFS_2022_896",
]

_LAW = "Lag (2017:584) om ansvar för etableringsinsatser för vissa nyanlända invandrare"
_ORDINANCE = "Förordning (2017:820) om etableringsinsatser för vissa nyanlända invandrare"
SFS_2017_584 = Source.statute(
    "SFS 2017:584",
    "2 §",
    _LAW,
    note="unverified text: grounds and family rule taken from Lag 2010:197 as last amended",
)
SFS_2017_820_15 = Source.statute(
    "SFS 2017:820",
    "15 §",
    _ORDINANCE,
    note="unverified text: 24 months within 36 months of the first folkbokföring, from DOMAIN.md",
)
SFS_2022_895 = Source.statute(
    "SFS 2022:895",
    "2 §",
    f"Lag om ändring i {_LAW}",
    note="20 to not yet 66 from 2023-01-01; SFS number from DOMAIN.md, unverified",
)
SFS_2022_896 = Source.statute(
    "SFS 2022:896",
    "2 §",
    f"Lag om ändring i {_LAW}",
    note="up to the riktålder from 2026-01-01; SFS numbers from DOMAIN.md, unverified",
)
_YOUNG = Source.statute(
    "SFS 2017:584",
    "2 §",
    _LAW,
    note="unverified text: 18-19 when the permit was granted, with no parent in Sweden, as Lag 2010:197 2 b §",
)
_SFB = Source.statute(
    "SFS 2010:110",
    "2 kap. 10 a-10 d §§",
    "Socialförsäkringsbalken: riktålder för pension (prop. 2018/19:133)",
)
_RIKTALDER_2026_2031 = Source(
    SourceKind.OFFICIAL,
    "Pensionsmyndigheten: riktåldern för pension",
    title="Riktåldern satt till 67 år för 2026-2031 (reported by Dagens PS, 2025-10-09)",
    url="https://www.dagensps.se/privatekonomi/da-hojs-sveriges-pensionsalder-igen/",
)

PENSION_TARGET_AGE = DatedParameter(
    id="riktalder-for-pension",
    name="Riktålder för pension (target age for pension)",
    unit="years",
    values=(DatedValue(date(2026, 1, 1), date(2031, 12, 31), 67, sources=(_SFB, _RIKTALDER_2026_2031)),),
)
"""The target age for pension by calendar year, as fixed by the government; 67 for 2026-2031."""

_ORDINANCE_17 = Source.statute("SFS 2017:820", "17 §", _ORDINANCE, note="from DOMAIN.md, text unverified")
_ORDINANCE_18 = Source.statute("SFS 2017:820", "18 §", _ORDINANCE, note="from DOMAIN.md, text unverified")

LEAVING_REASONS = (
    LeavingReason("full-time-work", "Full-time work, with or without a wage subsidy", sources=_ORDINANCE_17),
    LeavingReason(
        "full-time-studies",
        "Full-time studies without establishment benefit (etableringsersättning)",
        sources=_ORDINANCE_17,
    ),
    LeavingReason(
        "parental-leave",
        "Full-time care of a child with parental benefit (föräldrapenning)",
        after_days=30,
        sources=(_ORDINANCE_17, _ORDINANCE_18),
    ),
    LeavingReason(
        "sick-leave",
        "Full sickness benefit (sjukpenning)",
        after_days=30,
        sources=(_ORDINANCE_17, _ORDINANCE_18),
    ),
    LeavingReason(
        "unable-to-take-part", "Judged unable to take part in the programme", sources=_ORDINANCE_18
    ),
)
"""The reasons a participant leaves (§§ 17-18); a short absence ends it only after 30 consecutive days."""


def _rule(age: AgeBetween, start: date, *, sources: tuple[Source, ...]) -> Criterion:
    return AllOf(
        AnyOf(
            age,
            AllOf(
                AgeWhen(18, 19, id="etableringsprogrammet-age-18-19-when-granted", sources=_YOUNG),
                NoParentInSweden(sources=_YOUNG),
                id="etableringsprogrammet-18-19-without-parents",
            ),
            id="etableringsprogrammet-age",
        ),
        AnyOf(
            PermitGroundIn(
                QUALIFYING_GROUNDS_2017, id="etableringsprogrammet-qualifying-ground", sources=SFS_2017_584
            ),
            AllOf(
                FamilyTieWithin(
                    Span(years=6),
                    swedish_sponsor_excluded=True,
                    id="family-within-6y-not-swedish-sponsor",
                    sources=SFS_2017_584,
                ),
                FactIs(
                    FactKind.SPONSOR_QUALIFYING_PERMIT,
                    id="etableringsprogrammet-sponsor-qualifying-permit",
                    sources=SFS_2017_584,
                ),
                id="etableringsprogrammet-family-member",
            ),
            id="etableringsprogrammet-permit",
        ),
        NewlyArrived(
            within=Span(months=36),
            anchor=ArrivalAnchor.FIRST_REGISTERED,
            id="etableringsprogrammet-within-36m-of-registration",
            sources=SFS_2017_820_15,
        ),
        FactIs(
            FactKind.REGISTERED_JOB_SEEKER,
            id="etableringsprogrammet-registered-job-seeker",
            sources=SFS_2017_820_5,
        ),
        NoBarringSituation(),
        id=f"etableringsprogrammet-from-{start.isoformat()}",
        sources=sources,
    )


_DURATION = Span(months=24)
_NOTES = ("Activities at most 24 months full time, all within 36 months of the first registration.",)


def _riktalder_versions() -> tuple[RuleVersion, ...]:
    # One version per run of equal values: a change of the riktålder starts
    # a new version, an unchanged year does not.
    runs: list[list[DatedValue]] = []
    for value in PENSION_TARGET_AGE.values:
        if runs and runs[-1][-1].value == value.value:
            runs[-1].append(value)
        else:
            runs.append([value])
    versions = []
    for run in runs:
        target = run[0].value
        cited = tuple(dict.fromkeys(s for item in run for s in item.sources))
        age = AgeBetween(20, target - 1, id=f"etableringsprogrammet-age-20-under-{target}", sources=cited)
        versions.append(
            RuleVersion(
                run[0].effective_from,
                run[-1].effective_to,
                _rule(
                    age,
                    run[0].effective_from,
                    sources=(SFS_2022_896, SFS_2017_584, SFS_2017_820_5, SFS_2017_820_15),
                ),
                max_duration=_DURATION,
                notes=(*_NOTES, f"Upper age: not yet the riktålder for pension, {target} in these years."),
                sources=(SFS_2022_896, _SFB, SFS_2017_584),
            )
        )
    return tuple(versions)


ENTRY = Programme(
    id="etableringsprogrammet-2018",
    title="Etableringsprogrammet (Lag 2017:584, Förordning 2017:820)",
    versions=(
        RuleVersion(
            date(2018, 1, 1),
            date(2022, 12, 31),
            _rule(
                AgeBetween(20, 64, id="etableringsprogrammet-age-20-64", sources=SFS_2017_584),
                date(2018, 1, 1),
                sources=(SFS_2017_584, SFS_2017_820_5, SFS_2017_820_15),
            ),
            max_duration=_DURATION,
            notes=_NOTES,
            sources=(SFS_2017_584, SFS_2017_820_5, SFS_2017_820_15),
        ),
        RuleVersion(
            date(2023, 1, 1),
            date(2025, 12, 31),
            _rule(
                AgeBetween(20, 65, id="etableringsprogrammet-age-20-65", sources=SFS_2022_895),
                date(2023, 1, 1),
                sources=(SFS_2022_895, SFS_2017_584, SFS_2017_820_5, SFS_2017_820_15),
            ),
            max_duration=_DURATION,
            notes=_NOTES,
            sources=(SFS_2022_895, SFS_2017_584),
        ),
        *_riktalder_versions(),
    ),
    leaving_reasons=LEAVING_REASONS,
    notes=(
        "Coverage ends where the published riktålder values end (2031-12-31); extend PENSION_TARGET_AGE.",
        (
            "From 2026 time before the action plan and full-time parental benefit for a child under one do "
            "not count towards the 24 months (DOMAIN.md; not evaluated)."
        ),
    ),
    sources=(SFS_2017_584, Source.statute("SFS 2017:820", title=_ORDINANCE)),
)
