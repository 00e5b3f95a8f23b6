"""Deterministic synthetic cohorts for demonstrations, examples and benchmarks.

No real person is in them: every participant is drawn from a seeded
:class:`random.Random`, so the same size, reference date and seed give the
same cohort on every machine.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import cache
from typing import Any

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
    rng = random.Random(seed)
    grounds = [g for g, _ in PERMIT_GROUND_WEIGHTS]
    weights = [w for _, w in PERMIT_GROUND_WEIGHTS]
    extra = random.Random(f"etableringsmodell-competences-{seed}")
    # Facts came last, from a generator of their own, so every earlier field stays as it was.
    facts_rng = random.Random(f"etableringsmodell-facts-{seed}")
    cohort = []
    for index in range(size):
        received_on = on - timedelta(days=rng.randint(0, 6 * 365))
        age_days = rng.randint(16 * 365, 70 * 365)
        birth_date = on - timedelta(days=age_days)
        birth_date = min(birth_date, received_on)
        ground = rng.choices(grounds, weights)[0]
        granted_on = received_on - timedelta(days=rng.randint(0, 120))
        granted_on = max(granted_on, birth_date)
        sponsor = None
        if ground is PermitGround.FAMILY_TIE:
            sponsor = max(granted_on - timedelta(days=rng.randint(180, 3 * 365)), birth_date)
        permit = ResidencePermit(
            ground,
            granted_on,
            sponsor_received_on=sponsor,
            sponsor_is_swedish_citizen=False if sponsor else None,
        )
        situations = frozenset({rng.choice(list(BarringSituation))}) if rng.random() < 0.1 else frozenset()
        cohort.append(
            Participant(
                id=f"syn-{index:07d}",
                birth_date=birth_date,
                received_on=received_on,
                first_registered_on=received_on - timedelta(days=rng.randint(0, 60)),
                permit=permit,
                parent_in_sweden=rng.random() < 0.3,
                municipality=rng.choice(_MUNICIPALITIES),
                education=rng.choice(list(EducationLevel)),
                swedish=rng.choice((None, *SfiCourse)),
                situations=situations,
                competences=_competences(extra),
                interests=frozenset(extra.sample(_INTERESTS, extra.choice((0, 1, 1, 2)))),
                facts=_facts(facts_rng, ground, received_on, on),
            )
        )
    return cohort


@cache
def _year_unit(ureg: Any) -> Any:
    return ureg.Unit("year")


def _facts(rng: random.Random, ground: PermitGround, received_on: date, on: date) -> tuple[AssessedFact, ...]:
    facts = []
    for kind, assessed, holds in FACT_SHARES:
        # Draw all three numbers for every kind, so one kind's outcome never shifts another's.
        is_assessed, value, delay = rng.random() < assessed, rng.random() < holds, rng.randint(0, 90)
        if kind is FactKind.SPONSOR_QUALIFYING_PERMIT and ground is not PermitGround.FAMILY_TIE:
            continue
        if is_assessed:
            facts.append(AssessedFact(kind, value, min(received_on + timedelta(days=delay), on)))
    return tuple(facts)


def _competences(rng: random.Random) -> tuple[Competence, ...]:
    from etableringsmodell.units import registry

    # One parsed unit for the whole cohort: building a quantity from the string
    # "years" parses it again each time, which cost most of a cohort's build.
    ureg = registry()
    years = _year_unit(ureg)
    count = rng.choice((0, 1, 1, 2))
    return tuple(
        Competence(
            rng.choice(_OCCUPATIONS),
            ureg.Quantity(rng.randint(0, 15), years) if rng.random() < 0.85 else None,
            validated=rng.random() < 0.2,
        )
        for _ in range(count)
    )
