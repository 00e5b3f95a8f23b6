"""Deterministic synthetic cohorts for demonstrations, examples and benchmarks.

No real person is in them: every participant is drawn from a seeded
:class:`random.Random`, so the same size, reference date and seed give the
same cohort on every machine.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from etableringsmodell._shared import trusted_maker
from etableringsmodell.errors import InvalidTypeError
from etableringsmodell.model import (
    AssessedFact,
    BarringSituation,
    Competence,
    EducationLevel,
    FactKind,
    Participant,
    PermitGround,
    ResidencePermit,
    SfiCourse,
)

__all__ = ["FACT_SHARES", "MUNICIPALITY_WEIGHTS", "PERMIT_GROUND_WEIGHTS", "synthetic_cohort"]

# Competences and interests, drawn from their own generator so that adding
# them left every earlier field (and the demo's earlier figures) unchanged.
# SSYK 2012 unit groups of the fast tracks and local job tracks (shared/DOMAIN.md,
# seeds 001 and 003).
_OCCUPATIONS = (
    "5120",
    "9412",
    "7212",
    "8121",
    "2221",
    "5321",
    "8332",
    "7131",
    "2341",
    "4322",
    "9111",
    "7411",
)
_INTERESTS = ("restaurang", "industri", "vård", "eget företagande", "handel", "transport", "bygg")

MUNICIPALITY_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("1480", 3),
    ("1481", 1),
    ("1401", 1),
    ("1402", 1),
    ("1440", 1),
)
"""Göteborg, Mölndal, Härryda, Partille and Ale with their relative weights: the area
of the demo's agreement (seed 004). Shared with the columnar twin in
:mod:`etableringsmodell.batch.synthetic`, so both draw from one table."""

PERMIT_GROUND_WEIGHTS: tuple[tuple[PermitGround, int], ...] = (
    (PermitGround.PROTECTION, 40),
    (PermitGround.FAMILY_TIE, 30),
    (PermitGround.RESETTLEMENT, 8),
    (PermitGround.DISTRESSING_CIRCUMSTANCES, 4),
    (PermitGround.WORK, 10),
    (PermitGround.STUDIES, 5),
    (PermitGround.OTHER, 3),
)
"""Permit grounds with their relative weights, shared with the columnar twin."""

FACT_SHARES: tuple[tuple[FactKind, float, float], ...] = (
    (FactKind.REGISTERED_JOB_SEEKER, 0.95, 0.90),
    (FactKind.IMMIGRANT_OR_REFUGEE, 1.00, 1.00),
    (FactKind.INTRODUCTION_PROGRAMME, 0.90, 0.80),
    (FactKind.LONG_TERM_REGISTERED_OR_AT_RISK, 0.70, 0.50),
    (FactKind.WORK_ORIENTED_CAPACITY, 0.90, 0.85),
    (FactKind.SPONSOR_QUALIFYING_PERMIT, 0.90, 0.70),
    (FactKind.LONG_TERM_UNEMPLOYED, 0.70, 0.30),
)
"""Each assessed fact (:class:`~etableringsmodell.model.FactKind`) with the share of the
synthetic cohort for whom it is on record and, of those, the share for whom it holds.
Invented for demonstrations, not measured: a real register's shares differ. Every
synthetic person came with a residence permit, so ``immigrant_or_refugee`` is on record
and true for all; ``sponsor_qualifying_permit`` is drawn only for family-tie permits.
A fact is assessed on a day from the reception up to 90 days later, never after the
reference date. Shared with the columnar twin in :mod:`etableringsmodell.batch.synthetic`."""

# Expanded by weight, in this order, because ``random.choice`` over this exact
# tuple is what fixed the demo's published figures.
_MUNICIPALITIES = tuple(code for code, weight in MUNICIPALITY_WEIGHTS for _ in range(weight))


def synthetic_cohort(size: int, on: date, seed: int = 2004) -> list[Participant]:
    """``size`` synthetic participants as a register would hold them on ``on``.

    Ages run from 16 to 70 and receptions from six years before ``on`` up to
    ``on``, so that a cohort has people on both sides of the usual age and
    newly-arrived limits; about one in ten is in a situation that bars
    assignment.
    """
    if size < 0:
        raise ValueError("size must not be negative")
    if not isinstance(on, date) or isinstance(on, datetime):
        # Checked here once: the participants are built without their validators (see trusted_maker below).
        raise InvalidTypeError("on", f"must be a datetime.date, got {type(on).__name__}")
    rng = random.Random(seed)
    # random.Random's own draws, bound once: randint(a, b) is a + _randbelow(b - a + 1) and
    # choice(s) is s[_randbelow(len(s))], the very calls those make, so every number is the
    # one the published figures were drawn with (tests/test_mainjob.py checks them).
    below = _below(rng)
    uniform = rng.random
    grounds = [g for g, _ in PERMIT_GROUND_WEIGHTS]
    weights = [w for _, w in PERMIT_GROUND_WEIGHTS]
    situations_drawn = list(BarringSituation)
    educations = list(EducationLevel)
    courses = (None, *SfiCourse)
    extra = random.Random(f"etableringsmodell-competences-{seed}")
    # Facts came last, from a generator of their own, so every earlier field stays as it was.
    facts_rng = random.Random(f"etableringsmodell-facts-{seed}")
    years = _year_unit() if size else None
    no_situation: frozenset[BarringSituation] = frozenset()
    cohort = []
    for index in range(size):
        received_on = on - timedelta(days=below(6 * 365 + 1))
        age_days = 16 * 365 + below(70 * 365 - 16 * 365 + 1)
        birth_date = on - timedelta(days=age_days)
        birth_date = min(birth_date, received_on)
        ground = rng.choices(grounds, weights)[0]
        granted_on = received_on - timedelta(days=below(121))
        granted_on = max(granted_on, birth_date)
        sponsor = None
        if ground is PermitGround.FAMILY_TIE:
            sponsor = max(granted_on - timedelta(days=180 + below(3 * 365 - 180 + 1)), birth_date)
        permit = _PERMIT(ground, granted_on, sponsor, False if sponsor else None)
        situations = (
            frozenset({situations_drawn[below(len(situations_drawn))]}) if uniform() < 0.1 else no_situation
        )
        first_registered_on = received_on - timedelta(days=below(61))
        parent_in_sweden = uniform() < 0.3
        municipality = _MUNICIPALITIES[below(len(_MUNICIPALITIES))]
        education = educations[below(len(educations))]
        swedish = courses[below(len(courses))]
        competences = _competences(extra, years)
        interests = frozenset(extra.sample(_INTERESTS, extra.choice((0, 1, 1, 2))))
        cohort.append(
            _PARTICIPANT(
                f"syn-{index:07d}",
                birth_date,
                received_on,
                first_registered_on,
                permit,
                parent_in_sweden,
                municipality,
                education,
                swedish,
                situations,
                competences,
                interests,
                _facts(facts_rng, ground, received_on, on),
            )
        )
    return cohort


def _below(rng: random.Random) -> Callable[[int], int]:
    """``rng``'s own draw of a whole number below ``n``, the one ``randint`` and ``choice`` make."""
    below: Callable[[int], int] = rng._randbelow  # type: ignore[attr-defined]  # CPython's; not in typeshed
    return below


# The participants are built from values known to be valid, without the model's validators
# (etableringsmodell._shared.trusted_maker). The model validates every value on construction, which is most of the
# cost of a synthetic participant and proves nothing here: the generator
# draws only valid values (dates in order, codes from fixed tables, one fact
# of each kind, tuples and frozensets as the converters would make them),
# and ``on`` is checked once up front. A field added to the model without a plain
# default stops the module from loading rather than leaving a slot unset.
# tests/test_mainjob.py rebuilds synthetic participants through the
# validating constructors and gets equal objects.
_PARTICIPANT = trusted_maker(
    Participant,
    "id",
    "birth_date",
    "received_on",
    "first_registered_on",
    "permit",
    "parent_in_sweden",
    "municipality",
    "education",
    "swedish",
    "situations",
    "competences",
    "interests",
    "facts",
)
_PERMIT = trusted_maker(
    ResidencePermit, "ground", "granted_on", "sponsor_received_on", "sponsor_is_swedish_citizen"
)
_COMPETENCE = trusted_maker(Competence, "occupation", "experience", "validated")
_FACT = trusted_maker(AssessedFact, "kind", "value", "assessed_on")


def _year_unit() -> Any:
    from etableringsmodell.units import registry

    # One parsed unit for the whole cohort: building a quantity from the string
    # "years" parses it again each time, which cost most of a cohort's build.
    return registry().Unit("year")


def _facts(rng: random.Random, ground: PermitGround, received_on: date, on: date) -> tuple[AssessedFact, ...]:
    facts = []
    below = _below(rng)
    uniform = rng.random
    family = ground is PermitGround.FAMILY_TIE
    for kind, assessed, holds in FACT_SHARES:
        # Draw all three numbers for every kind, so one kind's outcome never shifts another's.
        is_assessed, value, delay = uniform() < assessed, uniform() < holds, below(91)
        if kind is FactKind.SPONSOR_QUALIFYING_PERMIT and not family:
            continue
        if is_assessed:
            facts.append(_FACT(kind, value, min(received_on + timedelta(days=delay), on)))
    return tuple(facts)


def _competences(rng: random.Random, years: Any) -> tuple[Competence, ...]:
    below = _below(rng)
    uniform = rng.random
    count = (0, 1, 1, 2)[below(4)]
    found = []
    for _ in range(count):
        occupation = _OCCUPATIONS[below(len(_OCCUPATIONS))]
        # Whether the years are on record is drawn before the years, as the conditional
        # expression this was first written with drew them.
        experience = years._REGISTRY.Quantity(below(16), years) if uniform() < 0.85 else None
        found.append(_COMPETENCE(occupation, experience, uniform() < 0.2))
    return tuple(found)
