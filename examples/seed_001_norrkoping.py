"""Seed 001: Norrköping's four job tracks, and who may enter each.

Source: ../shared/seeds/001_f230a1e9640a4119.txt (27 April 2018). Norrköpings
kommun and Arbetsförmedlingen matched the skills employers need with newly
arrived people's interests and competences, which gave four job tracks: own
business, restaurant and large-scale kitchen, industry, and a track for
people without upper-secondary education.

Run: python examples/seed_001_norrkoping.py
"""

from __future__ import annotations

from datetime import date

from etableringsmodell import catalog
from etableringsmodell.model import Competence, EducationLevel, Participant
from etableringsmodell.rules.eligibility import check_eligibility

ON = date(2018, 4, 27)

PEOPLE = [
    Participant(
        "cook-with-upper-secondary",
        birth_date=date(1988, 2, 1),
        received_on=date(2016, 9, 1),
        education=EducationLevel.UPPER_SECONDARY_3_YEARS,
        competences=(Competence("5120"),),
    ),
    Participant(
        "wants-own-business",
        birth_date=date(1979, 7, 9),
        received_on=date(2017, 1, 15),
        education=EducationLevel.POST_SECONDARY_3_YEARS_OR_MORE,
        interests=frozenset({"eget företagande"}),
    ),
    Participant(
        "nine-years-school-likes-industry",
        birth_date=date(1995, 11, 30),
        received_on=date(2016, 3, 1),
        education=EducationLevel.PRIMARY_9_YEARS,
        interests=frozenset({"industri"}),
    ),
]


def main() -> None:
    agreement = catalog.get("norrkoping-2018")
    municipality = agreement.parties[0]
    print(agreement.title)
    print(f"parties: {', '.join(p.name for p in agreement.parties)} (kommunkod {municipality.municipality})")
    print(f"job tracks: {len(agreement.tracks)}")
    for track in agreement.tracks:
        codes = ", ".join(track.occupations) or "none named"
        print(f"  {track.name}: SSYK {codes}; entry {track.requirements.id if track.requirements else '-'}")
    print()
    for person in PEOPLE:
        fits = [t.name for t in agreement.tracks if check_eligibility(person, t, ON)]
        print(f"{person.id}: {len(fits)} track(s): {'; '.join(fits) or 'none'}")


if __name__ == "__main__":
    main()
