"""Time of one whole scalar decision with reasons, beside the same decision written by hand.

Targets: a decision with reasons for "18-64 and received within 36 months" in
at most 5 µs median on this machine class (issue 2), and, in the same run
(issue 15), within 2x of a hand-written function that yields the same verdict
and the same figures; a decision under the national programme
``etableringsprogrammet-2018`` within 3x of a hand-written version of it; and
``ExperienceAtLeast`` (a pint quantity) timed beside a hand-written version.

Each hand-written peer is written for its one rule and one reference date, as
a programmer would write it without the library, and returns every reason's
status and figures in the library's order (composites first, with their counts
of passed, failed and undetermined parts), so both sides compute the same
facts. Before timing, the peers are checked against the library on every
person of the cohort: a peer that disagreed would not be a peer.

Each sample times a loop over a synthetic cohort (the participants vary, as in
real use, and the criteria both pass and fail), and the median per decision
over the samples is reported; the samples of the library and of its peer
alternate, so a change in the machine's load falls on both alike. A decision
records each criterion's verdict and builds its Reasons when they are first
read, and a message is rendered when read: the time to read every reason, and
every message, of a decision is reported too. The machine is shared and noisy:
compare the ratios, which are measured in the same run.

Run: .venv/bin/python benchmarks/bench_decision.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import attrs

from etableringsmodell import catalog
from etableringsmodell.calendar import Span, earliest_start
from etableringsmodell.model import AgeBetween, AllOf, ExperienceAtLeast, NewlyArrived, Participant
from etableringsmodell.model.enums import PermitGround
from etableringsmodell.model.participant import FactKind
from etableringsmodell.rules.eligibility import Status, check_eligibility
from etableringsmodell.synthetic import synthetic_cohort
from etableringsmodell.units import quantity, registry

PASSED, FAILED, UNDETERMINED = Status.PASSED, Status.FAILED, Status.UNDETERMINED
ON = date(2004, 6, 1)
RULE = AllOf(AgeBetween(18, 64), NewlyArrived(within=Span(months=36)))
TARGET_US = 5.0
SIMPLE_GOAL, PROGRAMME_GOAL = 2.0, 3.0
WINDOW = Span(months=36)
EARLIEST = earliest_start(ON, WINDOW)
SAMPLES = 41

Peer = Callable[[Participant], tuple[tuple[Status, tuple[Any, ...]], ...]]


def per_call_us(cohort: list[Participant], *fns: Callable[[Participant], object]) -> list[float]:
    """The median µs per call of each of ``fns``, their samples taken in turn."""
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(SAMPLES):
        for fn, times in zip(fns, samples, strict=True):
            start = time.perf_counter()
            for person in cohort:
                fn(person)
            times.append((time.perf_counter() - start) / len(cohort) * 1e6)
    return [statistics.median(times) for times in samples]


def _counts(*statuses: Status) -> tuple[int, int, int]:
    passed = failed = 0
    for status in statuses:
        if status is PASSED:
            passed += 1
        elif status is FAILED:
            failed += 1
    return passed, failed, len(statuses) - passed - failed


def _all(statuses: tuple[int, int, int]) -> Status:
    _passed, failed, undetermined = statuses
    return FAILED if failed else UNDETERMINED if undetermined else PASSED


def _any(statuses: tuple[int, int, int]) -> Status:
    passed, _failed, undetermined = statuses
    return PASSED if passed else UNDETERMINED if undetermined else FAILED


# ---- 18-64 and received within 36 months, on 2004-06-01 --------------------------


def hand_written(person: Participant) -> tuple[tuple[Status, tuple[Any, ...]], ...]:
    """The simple rule by hand for this one date, with the figures of each verdict (issue 15's peer)."""
    birth, received = person.birth_date, person.received_on
    # Reference date 1 June: no 29 February birthday falls before it.
    age = ON.year - birth.year - ((ON.month, ON.day) < (birth.month, birth.day))
    age_status = PASSED if 18 <= age <= 64 else FAILED
    # As the library does: the window's earliest start on the reference date, computed once.
    arrived_status = PASSED if EARLIEST <= received <= ON else FAILED
    counts = _counts(age_status, arrived_status)
    return (
        (_all(counts), ("all of", counts)),
        (age_status, (age, ON, 18, 64, age_status)),
        (arrived_status, (RULE.criteria[1], received, ON, arrived_status)),
    )


# ---- etableringsprogrammet-2018, on 2019-06-01 -------------------------------------

P_ON = date(2019, 6, 1)
PROGRAMME = catalog.get("etableringsprogrammet-2018")
# The version in force on P_ON, read once: its criteria, in the library's pre-order.
P_RULE = PROGRAMME.criterion_on(P_ON)
P_NEWLY = P_RULE.criteria[2]
P_EARLIEST = earliest_start(P_ON, Span(months=36))
P_GROUNDS = frozenset(
    {
        PermitGround.PROTECTION,
        PermitGround.RESETTLEMENT,
        PermitGround.TEMPORARY_PROTECTION,
        PermitGround.DISTRESSING_CIRCUMSTANCES,
        PermitGround.IMPEDIMENT_TO_ENFORCEMENT,
        PermitGround.SECURITY_CASES,
        PermitGround.TEMPORARY_ACT_UPPER_SECONDARY_STUDIES,
    }
)
P_GROUND_NAMES = tuple(sorted(g.name for g in P_GROUNDS))
P_BARRING = P_RULE.criteria[4].situations
NO_PERMIT = "no residence permit is recorded"


def _age(birth: date, day: date) -> int:
    # Lag (1930:173): a 29 February birthday falls on 28 February in other years.
    before = (day.month, day.day) < (birth.month, birth.day)
    if before and (birth.month, birth.day, day.month, day.day) == (2, 29, 2, 28):
        before = day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)
    return day.year - birth.year - before


def _six_years_after(day: date) -> date | None:
    if day.year + 6 > 9999:
        return None
    try:
        return day.replace(year=day.year + 6)
    except ValueError:  # 29 February: the last day of February
        return day.replace(year=day.year + 6, day=28)


def _fact(person: Participant, kind: FactKind) -> tuple[Status, tuple[Any, ...]]:
    fact = person.fact(kind)
    if fact is None:
        return UNDETERMINED, (kind.value, None, None, P_ON, UNDETERMINED)
    assessed = fact.assessed_on
    status = UNDETERMINED if assessed is not None and assessed > P_ON else PASSED if fact.value else FAILED
    return status, (kind.value, fact.value, assessed, P_ON, status)


def _family_tie(person: Participant) -> tuple[Status, tuple[Any, ...]]:
    permit = person.permit
    if permit is None:
        return UNDETERMINED, (NO_PERMIT,)
    if permit.ground is not PermitGround.FAMILY_TIE:
        return FAILED, (f"permit ground {permit.ground.name} is not a family tie",)
    failed: list[str] = []
    missing: list[str] = []
    passed: list[str] = []
    applied, sponsor = permit.applied_on, permit.sponsor_received_on
    if applied is None:
        missing.append("the permit's application date is not recorded")
    if sponsor is None:
        missing.append("the day the person joined was received in a municipality is not recorded")
    elif applied is not None:
        deadline = _six_years_after(sponsor)
        late = deadline is not None and applied > deadline
        end = "after 9999-12-31" if deadline is None else deadline.isoformat()
        text = (
            f"applied {applied.isoformat()}, {'after the' if late else 'within the'} 6 years deadline {end}"
        )
        (failed if late else passed).append(text)
    if permit.sponsor_is_swedish_citizen is None:
        missing.append("whether the person joined is a Swedish citizen is not recorded")
    elif permit.sponsor_is_swedish_citizen:
        failed.append("the person joined is a Swedish citizen")
    status = FAILED if failed else UNDETERMINED if missing else PASSED
    return status, (tuple(failed or missing or passed or ["a family-tie permit"]),)


def hand_written_programme(person: Participant) -> tuple[tuple[Status, tuple[Any, ...]], ...]:
    """Etableringsprogrammet's 2018 version by hand for 2019-06-01, with every reason's figures."""
    birth, permit = person.birth_date, person.permit
    age = _age(birth, P_ON)
    adult = PASSED if 20 <= age <= 64 else FAILED
    if permit is None:
        if age < 18:
            what = NO_PERMIT + "; the age on it is at most the age on"
            young: tuple[Status, tuple[Any, ...]] = (FAILED, (what, age, P_ON, 18, 19, FAILED))
        else:
            young = (UNDETERMINED, (NO_PERMIT,))
    else:
        granted = permit.granted_on
        at_grant = _age(birth, granted)
        status = PASSED if 18 <= at_grant <= 19 else FAILED
        young = (status, ("residence permit granted", at_grant, granted, 18, 19, status))
    parent = person.parent_in_sweden
    no_parent = UNDETERMINED if parent is None else FAILED if parent else PASSED
    young_counts = _counts(young[0], no_parent)
    young_status = _all(young_counts)
    age_counts = _counts(adult, young_status)
    if permit is None:
        ground: tuple[Status, tuple[Any, ...]] = (UNDETERMINED, (NO_PERMIT,))
    else:
        status = PASSED if permit.ground in P_GROUNDS else FAILED
        ground = (status, (permit.ground.name, P_GROUND_NAMES, status))
    tie = _family_tie(person)
    sponsor = _fact(person, FactKind.SPONSOR_QUALIFYING_PERMIT)
    family_counts = _counts(tie[0], sponsor[0])
    family_status = _all(family_counts)
    permit_counts = _counts(ground[0], family_status)
    start = person.first_registered_on
    if start is None:
        newly: tuple[Status, tuple[Any, ...]] = (
            UNDETERMINED,
            ("the date of first population registration is not known",),
        )
    else:
        status = PASSED if P_EARLIEST <= start <= P_ON else FAILED
        newly = (status, (P_NEWLY, start, P_ON, status))
    seeker = _fact(person, FactKind.REGISTERED_JOB_SEEKER)
    found = tuple(sorted(s.name for s in person.situations & P_BARRING))
    barring = (FAILED if found else PASSED, (found,))
    age_status, permit_status = _any(age_counts), _any(permit_counts)
    counts = _counts(age_status, permit_status, newly[0], seeker[0], barring[0])
    return (
        (_all(counts), ("all of", counts)),
        (age_status, ("any of", age_counts)),
        (adult, (age, P_ON, 20, 64, adult)),
        (young_status, ("all of", young_counts)),
        young,
        (no_parent, (parent,)),
        (permit_status, ("any of", permit_counts)),
        ground,
        (family_status, ("all of", family_counts)),
        tie,
        sponsor,
        newly,
        seeker,
        barring,
    )


# ---- ExperienceAtLeast: 3 years in health professions (SSYK 22), on 2004-06-01 ------------

EXPERIENCE = ExperienceAtLeast(quantity(36, "months"), frozenset({"22"}))
MONTHS = registry().month


def hand_written_experience(person: Participant) -> tuple[tuple[Status, tuple[Any, ...]], ...]:
    """ExperienceAtLeast by hand: summed in years with the factors fixed once, as the library must."""
    total: Any = 0
    unknown = 0
    for competence in person.competences:
        if competence.occupation.startswith("22"):
            experience = competence.experience
            if experience is None:
                unknown += 1
            elif experience._units == YEAR_UNITS:  # pint's UnitsContainer: no Unit built per call
                total = total + experience.magnitude
            else:
                total = total + experience.magnitude * MONTH_IN_YEARS
    status = PASSED if total >= MINIMUM_YEARS else UNDETERMINED if unknown else FAILED
    figures = (registry().Quantity(total, YEAR), EXPERIENCE.minimum, unknown, "SSYK 22", status)
    return ((status, figures),)


YEAR = registry().year
YEAR_UNITS = YEAR._units
MONTH_IN_YEARS = quantity(1, "months").to("years").magnitude
MINIMUM_YEARS = EXPERIENCE.minimum.to("years").magnitude


def with_experience_in_months(cohort: list[Participant]) -> list[Participant]:
    """Every other person's experience recorded in months, so the sums convert units."""
    changed = []
    for index, person in enumerate(cohort):
        competences = tuple(
            attrs.evolve(k, experience=registry().Quantity(k.experience.magnitude * 12, MONTHS))
            if k.experience is not None and index % 2
            else k
            for k in person.competences
        )
        changed.append(attrs.evolve(person, competences=competences))
    return changed


# ---- running ---------------------------------------------------------------------


def _plain(figure: Any) -> Any:
    """A figure with any translatable message (``i18n.Message``) as its English text, which the peers write."""
    if isinstance(figure, tuple):
        return tuple(_plain(f) for f in figure)
    return str(figure) if hasattr(figure, "msgid") else figure


def agrees(cohort: list[Participant], rule: Any, on: date, peer: Peer) -> None:
    """Stop unless ``peer`` gives every person the library's statuses and figures."""
    for person in cohort:
        decision = check_eligibility(person, rule, on)
        ours = tuple((r.status, _plain(r.figures)) for r in decision.reasons)
        theirs = peer(person)
        # repr tells 1 from True and 3 years from 36 months; == alone would not.
        if ours != theirs or repr(ours) != repr(theirs):
            raise SystemExit(
                f"the hand-written peer disagrees with the library for {person.id}: {ours} != {theirs}"
            )


def main() -> int:
    cohort = synthetic_cohort(5000, ON, seed=1)
    programme_cohort = synthetic_cohort(5000, P_ON, seed=1)
    experience_cohort = with_experience_in_months(cohort)
    agrees(cohort, RULE, ON, hand_written)
    agrees(programme_cohort, PROGRAMME, P_ON, hand_written_programme)
    agrees(experience_cohort, EXPERIENCE, ON, hand_written_experience)

    eligible = sum(check_eligibility(p, RULE, ON).eligible for p in cohort)
    hand_us, decision_us, reasons_us = per_call_us(
        cohort,
        hand_written,
        lambda p: check_eligibility(p, RULE, ON),
        lambda p: check_eligibility(p, RULE, ON).reasons,
    )
    (messages_us,) = per_call_us(
        cohort, lambda p: [r.message for r in check_eligibility(p, RULE, ON).reasons]
    )
    hand_programme_us, programme_us, programme_reasons_us = per_call_us(
        programme_cohort,
        hand_written_programme,
        lambda p: check_eligibility(p, PROGRAMME, P_ON),
        lambda p: check_eligibility(p, PROGRAMME, P_ON).reasons,
    )
    hand_experience_us, experience_us = per_call_us(
        experience_cohort, hand_written_experience, lambda p: check_eligibility(p, EXPERIENCE, ON)
    )

    simple_ratio = decision_us / hand_us
    programme_ratio = programme_us / hand_programme_us
    experience_ratio = experience_us / hand_experience_us
    print(f"cohort of {len(cohort)} ({eligible} eligible), rule {RULE.id}, median of {SAMPLES} samples:")
    print(f"  decision with reasons:           {decision_us:6.2f} µs")
    print(f"  decision and every reason read:  {reasons_us:6.2f} µs  ({reasons_us / hand_us:.1f}x)")
    print(f"  decision and every message read: {messages_us:6.2f} µs")
    print(
        f"  hand-written, same figures:      {hand_us:6.2f} µs  "
        f"(library / hand-written: {simple_ratio:.1f}x; goal {SIMPLE_GOAL:g}x)"
    )
    print(f"etableringsprogrammet-2018 on {P_ON.isoformat()}, cohort of {len(programme_cohort)}:")
    print(f"  decision with reasons:           {programme_us:6.2f} µs")
    print(
        f"  decision and every reason read:  {programme_reasons_us:6.2f} µs  "
        f"({programme_reasons_us / hand_programme_us:.1f}x)"
    )
    print(
        f"  hand-written, same figures:      {hand_programme_us:6.2f} µs  "
        f"(library / hand-written: {programme_ratio:.1f}x; goal {PROGRAMME_GOAL:g}x)"
    )
    print(f"{EXPERIENCE.id}, half the experience in months:")
    print(f"  decision with reasons:           {experience_us:6.2f} µs")
    print(
        f"  hand-written, same figures:      {hand_experience_us:6.2f} µs  "
        f"(library / hand-written: {experience_ratio:.1f}x)"
    )
    verdict = "OK" if decision_us <= TARGET_US else "OVER TARGET"
    print(f"target <= {TARGET_US} µs median: {verdict}")
    print(
        f"within {SIMPLE_GOAL:g}x of hand-written: {'OK' if simple_ratio <= SIMPLE_GOAL else 'NOT MET'}; "
        f"programme within {PROGRAMME_GOAL:g}x: {'OK' if programme_ratio <= PROGRAMME_GOAL else 'NOT MET'}"
    )
    return 0 if decision_us <= TARGET_US else 1


if __name__ == "__main__":
    sys.exit(main())
