"""How a user's code reads to mypy --strict: checked by mypy over tests/, and run by pytest.

``assert_type`` fails type checking if an inferred type changes; each
``type: ignore[code]`` must stay needed, because strict mode reports an
unused ignore, so the expected type errors are checked as well.
"""

from __future__ import annotations

from datetime import date
from typing import assert_type

import attrs
import pytest

import etableringsmodell as em
from etableringsmodell.errors import InvalidTypeError
from etableringsmodell.rules.eligibility import Decision, Reason


def test_user_code_types() -> None:
    person = em.Participant("p", birth_date=date(1980, 1, 1), received_on=date(2003, 1, 1))
    rule = em.AllOf(em.AgeBetween(18, 64), em.NewlyArrived(within=em.Span(months=36)))
    decision = em.check_eligibility(person, rule, date(2004, 6, 1))
    assert_type(decision, Decision)
    assert_type(decision.eligible, bool)
    assert_type(decision.reasons, tuple[Reason, ...])
    assert_type(decision.reasons[0].message, str)
    assert_type(em.age_on(person.birth_date, date(2004, 6, 1)), int)
    assert_type(date(2004, 1, 31) + em.Span(months=1), date)
    assert_type(em.Span(months=36).covers(date(2001, 1, 1), date(2004, 1, 1)), bool)
    assert decision.eligible


def test_expected_type_errors() -> None:
    with pytest.raises(InvalidTypeError):
        em.Participant("p", birth_date="1980-01-01", received_on=date(2003, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        em.check_eligibility(None, em.AgeBetween(18, 64), date(2004, 6, 1))  # type: ignore[arg-type]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        em.AgeBetween(18, 64).id = "other"  # type: ignore[misc]
