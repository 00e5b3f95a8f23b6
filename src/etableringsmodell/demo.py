"""The main job on built-in data: ``python -m etableringsmodell demo``.

It builds a deterministic synthetic cohort, checks it against the target
group of the Göteborg agreement (seed ``004_2ae1cbc02798eb8a.txt``) on a
reference date, reports how many are eligible and the most common reasons
why the others are not, sets that beside the national programme in force on
the same date (:func:`write_side_by_side`), and then the goal progress of the
arbetsplatsintroduktion trial (seed ``000_a45a643b89c85aa4.txt``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TextIO

from etableringsmodell import catalog
from etableringsmodell.model import Participant
from etableringsmodell.rules.eligibility import Decision, Status, check_all
from etableringsmodell.rules.goals import goal_progress
from etableringsmodell.synthetic import synthetic_cohort

__all__ = ["DEFAULT_ON", "DEFAULT_SIZE", "run_demo"]

DEFAULT_ON = date(2004, 6, 1)
DEFAULT_SIZE = 3000


def run_demo(
    out: TextIO, *, on: date = DEFAULT_ON, size: int = DEFAULT_SIZE, seed: int = 2004, top: int = 5
) -> None:
    """Write the demo report to ``out``."""
    agreement = catalog.get("goteborg-2004")
    cohort = synthetic_cohort(size, on, seed)
    decisions = check_all(cohort, agreement, on)
    eligible = sum(1 for d in decisions if d)
    failing: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for decision in decisions:
        if decision:
            continue
        for reason in decision.failures + decision.undetermined:
            failing[reason.criterion_id] += 1
            examples.setdefault(reason.criterion_id, reason.message)

    write = out.write
    write(f"{agreement.title}\n")
    write(f"  target group: {agreement.target_group.id}\n")
    cited = dict.fromkeys(str(s) for d in decisions[:1] for s in d.sources)
    write("  sources: " + "; ".join(cited) + "\n")
    write(f"  reference date {on.isoformat()}, {size:,} synthetic participants (seed {seed})\n\n")
    share = eligible / size if size else 0.0
    write(f"eligible: {eligible:,} of {size:,} ({share:.1%})\n")
    write(f"not eligible: {size - eligible:,}; most common reasons (a person can have several):\n")
    for criterion_id, count in failing.most_common(top):
        write(f"  {count:>6,}  {criterion_id}  e.g. {examples[criterion_id]}\n")
    write_side_by_side(out, cohort, on, agreement.id, decisions)

    programme = catalog.get("arbetsplatsintroduktion-ams")
    from etableringsmodell.catalog.arbetsplatsintroduktion_ams import STATUS_2004_10_31

    status = STATUS_2004_10_31
    goal = programme.goals[0]
    progress = goal_progress(goal, status.achieved, status.on)
    write(f"\n{programme.title}\n")
    write(f"  status: {status.note}\n")
    write(progress.explain() + "\n")
    write_track_fit(out, cohort, on)


def write_track_fit(out: TextIO, cohort: list[Participant], on: date, *, solver: str = "auto") -> None:
    """The cohort's fit to the Norrköping job tracks (seed 001) and a capacity-free assignment."""
    from etableringsmodell.catalog import norrkoping
    from etableringsmodell.rules.matching import assign

    tracks = norrkoping.TRACKS
    result = assign(cohort, tracks, on, solver=solver)
    write = out.write
    write(f"\nTrack fit against the Norrköping job tracks ({len(tracks)} tracks, solver: {result.solver})\n")
    placed: Counter[str] = Counter(p.fit.track.id for p in result.placements)
    for track in tracks:
        fits = [p.fit.score for p in result.placements if p.fit.track.id == track.id]
        mean = sum(fits) / len(fits) if fits else 0.0
        write(f"  {placed[track.id]:>6,}  {track.id}  mean fit {mean:.2f}\n")
    write(f"  {len(result.unplaced):>6,}  without a track")
    reasons = Counter(u.reason for u in result.unplaced)
    if reasons:
        write(f"; most common reason: {reasons.most_common(1)[0][0]}")
    write("\n")


def write_side_by_side(
    out: TextIO, cohort: list[Participant], on: date, agreement_id: str, decisions: list[Decision]
) -> None:
    """The cohort under the agreement and under each national programme in force on ``on``, side by side.

    ``decisions`` are the agreement's, one per person in ``cohort``. The
    programme is chosen by the exact date (:func:`catalog.in_force`), and so is
    its rule version.
    """
    from etableringsmodell.model import Programme

    programmes = [e for e in catalog.in_force(on) if isinstance(e, Programme)]
    write = out.write
    write(f"\nSide by side on {on.isoformat()}: {agreement_id} and the national programme in force\n")
    if not programmes:
        write(f"  no national programme in the catalogue was in force on {on.isoformat()}\n")
        return
    for programme in programmes:
        version = programme.version_on(on)
        national = check_all(cohort, programme, on)
        end = version.effective_to.isoformat() if version.effective_to is not None else "open"
        write(f"  {programme.id}: {programme.title}\n")
        write(f"    version {version.effective_from.isoformat()} to {end}, rule {version.criterion.id}\n")
        write(f"    sources: {'; '.join(str(s) for s in version.sources)}\n")
        write(f"    {'':<14}{'agreement':>11}{'programme':>11}\n")
        for status in Status:
            mine = sum(1 for d in decisions if d.status is status)
            theirs = sum(1 for d in national if d.status is status)
            write(f"    {status.value:<14}{mine:>11,}{theirs:>11,}\n")
        both = sum(1 for a, b in zip(decisions, national, strict=True) if a and b)
        only_agreement = sum(1 for a, b in zip(decisions, national, strict=True) if a and not b)
        only_programme = sum(1 for a, b in zip(decisions, national, strict=True) if b and not a)
        neither = len(cohort) - both - only_agreement - only_programme
        write(
            f"    eligible under both {both:,}; agreement only {only_agreement:,}; "
            f"programme only {only_programme:,}; neither {neither:,}\n"
        )
