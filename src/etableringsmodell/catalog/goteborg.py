"""The Göteborg agreement on newly arrived refugees and immigrants (about 2004).

Source: seed ``004_2ae1cbc02798eb8a.txt``. Migrationsverket Väst,
Arbetsförmedlingen in Göteborg and Göteborgs Stad agreed to identify newly
arrived people's capacity for work early and to work in parallel with
work-preparing activities while they learn Swedish. The agreement covers
"nyanlända flyktingar och invandrare mellan 18 och 64 år med förutsättningar
att delta i arbetsinriktad introduktion". The new way of working was tried at
Arbetsforum in Kortedala, and Gunnared/Lärjedalen started a similar activity.

What the article does not say, and the defaults used here (overridable with
:func:`attrs.evolve`):

* The signing date: "undertecknade i veckan", after a decision of the city
  executive board in May "last year", in an article giving 2003 figures. The
  start is taken as 2004-01-01 and no end is stated (*unverified*).
* What "newly arrived" means: the article gives no window. The common window
  of 36 months from reception in a municipality is used (*unverified* for
  2004; Förordning (2017:820) 15 § is where the 36 months come from).
* The capacity to take part in work-oriented introduction ("med
  förutsättningar att delta i arbetsinriktad introduktion") is a caseworker's
  judgement: an assessed fact
  (:attr:`~etableringsmodell.model.FactKind.WORK_ORIENTED_CAPACITY`,
  :data:`CAPACITY`). Without it on record the verdict is *undetermined*,
  never eligible.
"""

from __future__ import annotations

from datetime import date

from etableringsmodell.calendar import Span
from etableringsmodell.model import (
    AgeBetween,
    AllOf,
    FactIs,
    FactKind,
    NewlyArrived,
    PartnerAgreement,
    Party,
    PartyKind,
)
from etableringsmodell.sources import Source

__all__ = ["AGE", "CAPACITY", "ENTRY", "NEWLY_ARRIVED", "SEED", "SITES"]

SEED = Source.seed(
    "004_2ae1cbc02798eb8a.txt",
    "Nyanlända flyktingar och invandrare ska snabbare få arbete eller utbildning (Göteborgs Stad)",
)

AGE = AgeBetween(18, 64, sources=SEED)
"""'mellan 18 och 64 år', both ends included."""

NEWLY_ARRIVED = NewlyArrived(
    within=Span(months=36),
    sources=(
        Source.seed(
            "004_2ae1cbc02798eb8a.txt",
            "Göteborg agreement: 'nyanlända'",
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

CAPACITY = FactIs(
    FactKind.WORK_ORIENTED_CAPACITY,
    id="goteborg-2004-work-oriented-capacity",
    sources=Source.seed(
        "004_2ae1cbc02798eb8a.txt",
        "Göteborg agreement: 'med förutsättningar att delta i arbetsinriktad introduktion'",
    ),
)
"""'med förutsättningar att delta i arbetsinriktad introduktion': an assessed fact."""

SITES = ("Kortedala (Arbetsforum)", "Gunnared/Lärjedalen")
"""Where the way of working was tried first, in the article's order."""

ENTRY = PartnerAgreement(
    id="goteborg-2004",
    title="Överenskommelse om nyanlända flyktingar och invandrare i Göteborg",
    parties=(
        Party("Migrationsverket Väst", PartyKind.PUBLIC_AGENCY),
        Party("Arbetsförmedlingen Göteborg", PartyKind.PUBLIC_AGENCY),
        Party("Göteborgs Stad", PartyKind.MUNICIPALITY, municipality="1480"),
    ),
    start=date(2004, 1, 1),
    end=None,
    target_group=AllOf(AGE, NEWLY_ARRIVED, CAPACITY, id="goteborg-2004-target-group"),
    notes=(
        "Start date 2004-01-01 is unverified: the article says only that the parties signed 'this week'.",
        "Sites: " + ", ".join(SITES) + ".",
        "In 2003 about 3,000 foreign-born people aged 20-64 moved to Göteborg, about 600 of them refugees.",
    ),
    sources=SEED,
)
