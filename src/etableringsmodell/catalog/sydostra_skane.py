"""Sydöstra Skåne: deeper cooperation on the labour market (signed at the end of 2017).

Source: seed ``002_f053fa0f147346fa.txt`` (published 2018-02-05). At the end
of 2017 Arbetsförmedlingen and the municipalities of Ystad, Tomelilla,
Simrishamn and Sjöbo signed an agreement on deeper cooperation
(fördjupad samverkan) to build job tracks (jobbspår) on the labour market's
needs, with coordination, planning and close follow-up leading to work for
newly arrived people, young people and the long-term unemployed. Drafting
the agreement was partly funded by DUA (Delegationen för unga och nyanlända
till arbete); the municipalities and Arbetsförmedlingen got money from FINSAM
(a coordination association, samordningsförbund, Lag 2003:1210) for the
coordination, and later DUA money to develop cooperation with employers.
"About 1,000 newly arrived people with varied education and experience are
to establish themselves on the labour market in the coming years."

What the article does not say, and the defaults used here (overridable with
:func:`attrs.evolve`):

* The signing date: "i slutet av 2017". The start is 2017-12-31, the last day
  it can have been signed, so every date covered is one it applied on
  (*unverified*).
* The goal's deadline: "under de kommande åren". Four years, to 2021-12-31,
  is this library's reading (*unverified*).
* Which FINSAM coordination association: the article does not name it.
* "Unga": no age is given; DUA's remit for young people is 16-24, used here
  (*unverified*).
* Long-term unemployment ("långtidsarbetslösa") is an assessed fact
  (:attr:`~etableringsmodell.model.FactKind.LONG_TERM_UNEMPLOYED`): someone
  who is neither newly arrived nor young and has no such fact on record is
  *undetermined*, not refused; the article gives no definition of "long-term".
* No tracks yet: work on them was to start in the spring of 2018; vocational
  SFI (yrkes-SFI) was already available.
"""

from __future__ import annotations

from datetime import date

from etableringsmodell.calendar import Span
from etableringsmodell.model import (
    AgeBetween,
    AnyOf,
    FactIs,
    FactKind,
    Goal,
    GoalMeasure,
    NewlyArrived,
    PartnerAgreement,
    Party,
    PartyKind,
)
from etableringsmodell.sources import Source

__all__ = ["ENTRY", "GOAL", "MUNICIPALITIES", "SEED"]

SEED = Source.seed(
    "002_f053fa0f147346fa.txt", "Tydligare väg till arbetsmarknaden i sydöstra Skåne (2018-02-05)"
)

MUNICIPALITIES = {"Ystad": "1286", "Tomelilla": "1270", "Simrishamn": "1291", "Sjöbo": "1265"}
"""The four municipalities and their kommunkoder (SCB: Skåne län 12), in the article's order."""

_START = date(2017, 12, 31)

GOAL = Goal(
    id="sydostra-skane-established",
    measure=GoalMeasure.ESTABLISHED,
    target=1000,
    start=_START,
    deadline=date(2021, 12, 31),
    description="cirka 1 000 nyanlända ska etablera sig på arbetsmarknaden under de kommande åren",
    sources=(
        SEED,
        Source.seed(SEED.reference, "Sydöstra Skåne goal", note="unverified deadline: 'de kommande åren'"),
    ),
)
"""About 1,000 newly arrived established; the deadline is *unverified*."""

ENTRY = PartnerAgreement(
    id="sydostra-skane-2017",
    title="Överenskommelse om fördjupad samverkan kring arbetsmarknadsarbetet i sydöstra Skåne",
    parties=(
        *(
            Party(f"{name} kommun", PartyKind.MUNICIPALITY, municipality=code)
            for name, code in MUNICIPALITIES.items()
        ),
        Party("Arbetsförmedlingen", PartyKind.PUBLIC_AGENCY),
        Party("Delegationen för unga och nyanlända till arbete (DUA)", PartyKind.FUNDER),
        Party("Samordningsförbund (FINSAM)", PartyKind.COORDINATION_ASSOCIATION),
    ),
    start=_START,
    end=None,
    target_group=AnyOf(
        NewlyArrived(
            within=Span(months=36),
            id="sydostra-skane-newly-arrived-36m",
            sources=Source.seed(
                SEED.reference,
                "Sydöstra Skåne: 'nyanlända'",
                note="unverified: the article states no window; 36 months is the library's default",
            ),
        ),
        AgeBetween(
            16,
            24,
            id="sydostra-skane-young-16-24",
            sources=Source.seed(SEED.reference, "Sydöstra Skåne: 'unga'", note="unverified: DUA's 16-24"),
        ),
        FactIs(FactKind.LONG_TERM_UNEMPLOYED, id="sydostra-skane-long-term-unemployed", sources=SEED),
        id="sydostra-skane-target-group",
    ),
    goals=(GOAL,),
    notes=(
        "Signed 'i slutet av 2017'; the start 2017-12-31 is unverified.",
        "DUA partly funded drafting the agreement and later cooperation with employers; FINSAM funds coordination.",
        "Job tracks were to be built from the spring of 2018; vocational SFI was already offered.",
    ),
    sources=SEED,
)
