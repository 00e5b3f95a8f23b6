"""Seed 002: Sydöstra Skåne's agreement, its parties, target groups and goal.

Source: ../shared/seeds/002_f053fa0f147346fa.txt (2018-02-05). Ystad,
Tomelilla, Simrishamn and Sjöbo signed an agreement with Arbetsförmedlingen
at the end of 2017, partly funded by DUA and FINSAM, for newly arrived
people, young people and the long-term unemployed; about 1,000 newly arrived
people are to establish themselves in the coming years.

Run: python examples/seed_002_sydostra_skane.py
"""

from __future__ import annotations

from datetime import date

from etableringsmodell import catalog
from etableringsmodell.model import Participant, PartyKind
from etableringsmodell.rules.eligibility import check_eligibility

ON = date(2018, 2, 5)

PEOPLE = [
    Participant(
        "newly-arrived", birth_date=date(1985, 4, 2), received_on=date(2017, 5, 10), municipality="1286"
    ),
    Participant("young", birth_date=date(1997, 8, 1), received_on=date(2001, 1, 1), municipality="1291"),
    Participant(
        "neither-recorded", birth_date=date(1970, 1, 1), received_on=date(2001, 1, 1), municipality="1265"
    ),
]


def main() -> None:
    agreement = catalog.get("sydostra-skane-2017")
    municipalities = [p for p in agreement.parties if p.kind is PartyKind.MUNICIPALITY]
    funders = [
        p.name for p in agreement.parties if p.kind in {PartyKind.FUNDER, PartyKind.COORDINATION_ASSOCIATION}
    ]
    print(agreement.title)
    print(
        f"municipalities: {len(municipalities)}: "
        + ", ".join(f"{p.name} {p.municipality}" for p in municipalities)
    )
    print(f"funders: {'; '.join(funders)}")
    goal = agreement.goals[0]
    print(
        f"goal: about {goal.target:,} newly arrived established by {goal.deadline.isoformat()} (deadline unverified)"
    )
    print()
    for person in PEOPLE:
        decision = check_eligibility(person, agreement, ON)
        print(f"{person.id}: {decision.status.value}")
        for reason in decision.reasons[1:]:
            print(f"    {reason.criterion_id}: {reason.status.value}")


if __name__ == "__main__":
    main()
