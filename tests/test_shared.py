"""The shared builders: objects made without their checks equal those the constructors make."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from etableringsmodell._shared import trusted_maker
from etableringsmodell.model import Competence, Participant, PermitGround, ResidencePermit


def test_a_trusted_object_equals_the_checked_one() -> None:
    make = trusted_maker(ResidencePermit, "ground", "granted_on")
    made = make(PermitGround.PROTECTION, date(2003, 1, 10))
    assert made == ResidencePermit(PermitGround.PROTECTION, date(2003, 1, 10))
    assert type(made) is ResidencePermit
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.ground = PermitGround.RESETTLEMENT  # type: ignore[misc]  # frozen, as checked ones are


def test_every_field_in_order_by_default() -> None:
    assert [a.name for a in attrs.fields(Competence)] == ["occupation", "experience", "validated"]
    made = trusted_maker(Competence)("2221", None, validated=True)
    assert made == Competence("2221", None, validated=True)


def test_a_field_without_a_plain_default_must_be_given() -> None:
    with pytest.raises(TypeError, match="birth_date"):
        trusted_maker(Participant, "id")
    with pytest.raises(TypeError, match="no fields"):
        trusted_maker(Participant, "id", "id")


def test_only_slotted_classes() -> None:
    @attrs.frozen(slots=False)
    class Loose:
        x: int

    with pytest.raises(TypeError, match="not a slot"):
        trusted_maker(Loose)
