"""Seed 004: who the Göteborg agreement covers, explained person by person.

Source: ../shared/seeds/004_2ae1cbc02798eb8a.txt. The agreement covers newly
arrived refugees and immigrants aged 18 to 64 "med förutsättningar att delta i
arbetsinriktad introduktion": a caseworker's assessment, which each person
below carries as an assessed fact (without it the verdict is undetermined).

Run: python examples/seed_004_goteborg.py
"""

from __future__ import annotations

from datetime import date

from etableringsmodell import catalog
from etableringsmodell.model import AssessedFact, FactKind, Participant
from etableringsmodell.rules.eligibility import check_eligibility

ON = date(2004, 6, 1)
CAPABLE = (AssessedFact(FactKind.WORK_ORIENTED_CAPACITY, value=True, assessed_on=date(2004, 5, 3)),)

PEOPLE = [
    Participant("turns-18-today", birth_date=date(1986, 6, 1), received_on=date(2003, 2, 1), facts=CAPABLE),
    Participant("turns-65-today", birth_date=date(1939, 6, 1), received_on=date(2003, 2, 1), facts=CAPABLE),
    Participant(
        "window-ends-today", birth_date=date(1970, 3, 3), received_on=date(2001, 6, 1), facts=CAPABLE
    ),
    Participant(
        "window-ended-yesterday", birth_date=date(1970, 3, 3), received_on=date(2001, 5, 31), facts=CAPABLE
    ),
]


def main() -> None:
    agreement = catalog.get("goteborg-2004")
    print(agreement.title)
    for person in PEOPLE:
        decision = check_eligibility(person, agreement, ON)
        print()
        print(f"{person.id}:")
        print(decision.explain())


if __name__ == "__main__":
    main()
