"""The synthetic cohorts' assessed facts: dated within reach, drawn by one shared table."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from etableringsmodell.model import FactKind, PermitGround
from etableringsmodell.synthetic import FACT_SHARES, synthetic_cohort

ON = date(2004, 6, 1)


def _within(observed: float, expected: float, n: int) -> bool:
    # Five binomial standard deviations: a wrong share in the table fails, chance does not.
    return abs(observed - expected) <= 5 * math.sqrt(max(expected * (1 - expected), 1e-9) / n) + 1e-9


def test_facts_are_dated_between_reception_and_the_reference_date() -> None:
    for person in synthetic_cohort(500, ON, seed=3):
        for fact in person.facts:
            assert fact.assessed_on is not None
            assert person.received_on <= fact.assessed_on <= ON
        if person.permit is None or person.permit.ground is not PermitGround.FAMILY_TIE:
            assert person.fact(FactKind.SPONSOR_QUALIFYING_PERMIT) is None


@pytest.mark.parametrize(("kind", "assessed", "holds"), FACT_SHARES)
def test_both_generators_draw_the_shares_of_the_table(kind: FactKind, assessed: float, holds: float) -> None:
    from etableringsmodell.batch.synthetic import synthetic_columns

    n = 4000
    people = synthetic_cohort(n, ON, seed=11)
    columns = synthetic_columns(20 * n, ON, seed=11)
    if kind is FactKind.SPONSOR_QUALIFYING_PERMIT:
        people = [p for p in people if p.permit is not None and p.permit.ground is PermitGround.FAMILY_TIE]
        family = columns["permit_ground"] == PermitGround.FAMILY_TIE.value
        values = columns[f"fact_{kind.value}"][family]
    else:
        values = columns[f"fact_{kind.value}"]
    found = [p.fact(kind) for p in people]
    on_record = [f for f in found if f is not None]
    assert _within(len(on_record) / len(found), assessed, len(found))
    assert _within(sum(f.value for f in on_record) / len(on_record), holds, len(on_record))
    known = np.array([v is not None for v in values])
    assert _within(float(known.mean()), assessed, len(values))
    assert _within(float(np.mean([bool(v) for v in values[known]])), holds, int(known.sum()))
