"""Seed 003: the fast tracks' status in October 2016, and their entry rule.

Source: ../shared/seeds/003_71a72925e54781f3.txt. In October 2016 there were
fast tracks in 13 branches covering about 20 occupations; 2,063 people
started one from January to August 2016. Health care and teachers worked
well; painters, butchers and social workers lagged.

Run: python examples/seed_003_snabbspar.py
"""

from __future__ import annotations

from datetime import date

from etableringsmodell import catalog
from etableringsmodell.calendar import months_between
from etableringsmodell.catalog.snabbspar import STATUS_2016_10
from etableringsmodell.model import Competence, Participant, PermitGround, ResidencePermit
from etableringsmodell.rules.eligibility import check_eligibility

ON = date(2016, 10, 31)

PEOPLE = [
    Participant(
        "nurse-permit-2014",
        birth_date=date(1984, 3, 3),
        received_on=date(2014, 9, 1),
        permit=ResidencePermit(PermitGround.PROTECTION, granted_on=date(2014, 6, 2)),
        competences=(Competence("2221"),),
    ),
    Participant(
        "painter-permit-2012-plan-ended-2016",
        birth_date=date(1975, 10, 10),
        received_on=date(2012, 5, 1),
        permit=ResidencePermit(PermitGround.PROTECTION, granted_on=date(2012, 3, 1)),
        plan_started_on=date(2014, 2, 1),
        plan_ended_on=date(2016, 1, 31),
        competences=(Competence("7131"),),
    ),
    Participant(
        "butcher-permit-2012-no-plan",
        birth_date=date(1980, 4, 4),
        received_on=date(2012, 5, 1),
        permit=ResidencePermit(PermitGround.PROTECTION, granted_on=date(2012, 3, 1)),
        competences=(Competence("7611"),),
    ),
]


def main() -> None:
    agreement = catalog.get("snabbspar-2015")
    status = STATUS_2016_10
    # January to August inclusive: from the first day to the day after the last.
    months = months_between(status.started_from, date(2016, 9, 1))
    print(agreement.title)
    print(f"branches: {status.branches}; occupations: about {status.occupations_approx}")
    print(f"started {status.started_from.isoformat()} to {status.started_to.isoformat()}: {status.started:,}")
    print(f"pace: {status.started / months:.0f} started / month over {months:.0f} months")
    codes = sorted({code for track in agreement.tracks for code in track.occupations})
    print(f"tracks in the catalogue: {len(agreement.tracks)}, with {len(codes)} SSYK codes")
    tracks = {t.id: t for t in agreement.tracks}
    print("working well: " + ", ".join(tracks[i].name for i in status.working))
    print("lagging:      " + ", ".join(tracks[i].name for i in status.lagging))
    print()
    for person in PEOPLE:
        entry = check_eligibility(person, agreement, ON)
        fits = [t.name for t in agreement.tracks if check_eligibility(person, t, ON)]
        print(f"{person.id}: entry {entry.status.value}; tracks: {'; '.join(fits) or 'none'}")
        for reason in entry.reasons[1:]:
            print(f"    {reason.criterion_id}: {reason.message}")


if __name__ == "__main__":
    main()
