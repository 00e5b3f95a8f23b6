"""Seed 000: the AMS trial of arbetsplatsintroduktion misses its goal.

Source: ../shared/seeds/000_a45a643b89c85aa4.txt (Sveriges Radio). 5,775
placements were planned from the start of the trial under Förordning
(2003:623) on 2003-09-01 to New Year; with two months left, just under 3,500
had been made.

Run: python examples/seed_000_arbetsplatsintroduktion.py
"""

from __future__ import annotations

from etableringsmodell.catalog.arbetsplatsintroduktion_ams import GOAL, STATUS_2004_10_31
from etableringsmodell.rules.goals import goal_progress


def main() -> None:
    progress = goal_progress(GOAL, STATUS_2004_10_31.achieved, STATUS_2004_10_31.on)
    print(progress.explain())
    print()
    print(f"share achieved:      {progress.share_achieved:.2f}  (the article: about half of the places)")
    print(f"months left:         {progress.months_remaining:.0f}     (the article: two months)")
    print(f"observed pace:       {progress.observed_pace:.0f}")
    print(f"needed pace:         {progress.needed_pace:.0f}")
    print(f"projected by 31 Dec: {progress.projected:,.0f} of {GOAL.target:,}")


if __name__ == "__main__":
    main()
