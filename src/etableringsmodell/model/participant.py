"""Participants (deltagare) and what they bring: permits and competences."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from attrs import field, frozen

from etableringsmodell.errors import DateOrderError, InvalidValueError
from etableringsmodell.model import _validators as v
from etableringsmodell.model.enums import (
    BarringSituation,
    EducationLevel,
    PermitGround,
    SfiCourse,
)
from etableringsmodell.units import Quantity, check_quantity

__all__ = ["PERSONAL_NUMBER_ID", "Competence", "Participant", "ResidencePermit"]

PERSONAL_NUMBER_ID = re.compile(
    r"^\s*(?:18|19|20)?[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]|6[1-9]|[78][0-9]|9[01])"
    "[-+ \u00a0\u2010-\u2015\u2212\ufe63\uff0d._/]?[0-9]{4}\\s*$"
)
"""An id shaped like a personnummer or samordningsnummer (10 or 12 digits, any common separator).

The date part must be a possible month and day (a samordningsnummer adds 60
to the day); the check digit is not tested, so a mistyped number is refused
too.
"""


def _not_personal_number(_instance: object, attribute: Any, value: str) -> None:
    if isinstance(value, str) and PERSONAL_NUMBER_ID.match(value):
        # The value is not shown: it is the very number that must not spread.
        raise InvalidValueError(
            attribute.name, "is a personal identity number; pseudonymise it or use another id"
        )


def _experience(_instance: object, attribute: Any, value: object) -> None:
    if value is not None:
        check_quantity(value, attribute.name, "[time]")


@frozen
class Competence:
    """A competence (kompetens): an occupation with experience and validation.

    ``occupation`` is an SSYK 2012 code of 1 to 4 digits (``"2221"`` is a
    nurse, ``"22"`` the whole health-professional sub-major group).
    ``experience`` is a pint quantity of time made with
    :func:`etableringsmodell.units.quantity` (``quantity(4, "years")``), or
    ``None`` when unknown. ``validated`` says whether the competence has been
    validated (validering, branschvalidering) against Swedish standards.
    """

    occupation: str = field(validator=v.ssyk_code)
    experience: Quantity | None = field(default=None, validator=_experience)
    validated: bool = field(default=False, validator=v.instance_of(bool))


@frozen
class ResidencePermit:
    """A residence permit (uppehållstillstånd) and its legal ground.

    For a family tie (anknytning), ``sponsor_received_on`` is the day the
    person joined was received in a municipality and
    ``sponsor_is_swedish_citizen`` whether that person is a Swedish citizen:
    the family-member rules of Lag (2010:197) and Lag (2017:584) turn on both,
    together with ``applied_on``. Giving sponsor facts for another ground is
    an error rather than silently ignored.
    """

    ground: PermitGround = field(validator=v.instance_of(PermitGround))
    granted_on: date = field(validator=v.is_date)
    applied_on: date | None = field(default=None, validator=v.optional_date)
    sponsor_received_on: date | None = field(default=None, validator=v.optional_date)
    sponsor_is_swedish_citizen: bool | None = field(default=None, validator=v.optional(v.instance_of(bool)))

    def __attrs_post_init__(self) -> None:
        if self.applied_on is not None and self.applied_on > self.granted_on:
            raise DateOrderError(
                "applied_on",
                f"{self.applied_on.isoformat()} is after the grant date {self.granted_on.isoformat()}",
            )
        sponsor_given = self.sponsor_received_on is not None or self.sponsor_is_swedish_citizen is not None
        if sponsor_given and self.ground is not PermitGround.FAMILY_TIE:
            raise InvalidValueError(
                "sponsor_received_on",
                f"sponsor facts belong to a family-tie permit, not to {self.ground.name}",
            )


@frozen
class Participant:
    """A newly arrived person (nyanländ) as a programme or agreement sees them.

    ``id`` is an opaque identifier chosen by the caller: never a personal
    identity number (personnummer) in clear; pseudonymise it first. The id is
    never repeated in an error message.

    ``received_on`` is the day the person was received in a municipality
    (kommunmottagen), which by Förordning (2010:1122) 6 § is, for people
    registered at a Migration Agency reception unit and for quota refugees,
    the day they actually arrived in the municipality, and for everyone else
    the day of population registration (folkbokföring) there.
    ``first_registered_on`` is the first population registration in any
    municipality, where known: Förordning (2017:820) 15 § counts its 36 months
    from it.

    ``parent_in_sweden`` matters for 18- and 19-year-olds under Lag (2010:197);
    ``None`` means unknown. ``municipality`` is the 4-digit kommunkod.
    ``education`` is the highest SUN 2020 level, ``swedish`` the highest SFI
    course completed (``None``: none). ``situations`` are the current
    situations that bar assignment under Förordning (2017:820) 5 §.
    ``interests`` are the branches (branscher) the person has said they want
    to work in, as free text matched case-insensitively by
    :class:`~etableringsmodell.model.criteria.InterestIn`.
    ``plan_started_on`` and ``plan_ended_on`` are the first and last day of
    the person's establishment plan (etableringsplan, 2010-2017) or action
    plan (handlingsplan, 2018-): ``None`` for no plan, and an end of ``None``
    for a plan still running. The fast tracks (snabbspår) admit people with a
    plan now or one that ended within the last 12 months.
    """

    id: str = field(validator=[v.non_empty_text, _not_personal_number], repr=False)
    birth_date: date = field(validator=v.is_date)
    received_on: date = field(validator=v.is_date)
    first_registered_on: date | None = field(default=None, validator=v.optional_date)
    permit: ResidencePermit | None = field(default=None, validator=v.optional(v.instance_of(ResidencePermit)))
    parent_in_sweden: bool | None = field(default=None, validator=v.optional(v.instance_of(bool)))
    municipality: str | None = field(default=None, validator=v.municipality_code)
    education: EducationLevel | None = field(
        default=None, validator=v.optional(v.instance_of(EducationLevel))
    )
    swedish: SfiCourse | None = field(default=None, validator=v.optional(v.instance_of(SfiCourse)))
    competences: tuple[Competence, ...] = field(
        default=(), converter=v.to_tuple, validator=[v.is_tuple, v.members_of(Competence)]
    )
    situations: frozenset[BarringSituation] = field(
        default=frozenset(),
        converter=v.to_frozenset,
        validator=[v.is_frozenset, v.members_of(BarringSituation)],
    )
    interests: frozenset[str] = field(
        default=frozenset(), converter=v.to_frozenset, validator=[v.is_frozenset, v.members_of(str)]
    )
    plan_started_on: date | None = field(default=None, validator=v.optional_date)
    plan_ended_on: date | None = field(default=None, validator=v.optional_date)

    def __attrs_post_init__(self) -> None:
        if self.birth_date > self.received_on:
            raise DateOrderError(
                "birth_date",
                f"{self.birth_date.isoformat()} is after received_on {self.received_on.isoformat()}",
            )
        if self.first_registered_on is not None and self.first_registered_on < self.birth_date:
            raise DateOrderError(
                "first_registered_on",
                f"{self.first_registered_on.isoformat()} is before the birth date {self.birth_date.isoformat()}",
            )
        if self.plan_ended_on is not None and (
            self.plan_started_on is None or self.plan_ended_on < self.plan_started_on
        ):
            start = "no start" if self.plan_started_on is None else self.plan_started_on.isoformat()
            raise DateOrderError(
                "plan_ended_on",
                f"{self.plan_ended_on.isoformat()} is not on or after plan_started_on ({start})",
            )
        if self.permit is not None and self.permit.granted_on < self.birth_date:
            raise DateOrderError(
                "permit.granted_on",
                f"{self.permit.granted_on.isoformat()} is before the birth date {self.birth_date.isoformat()}",
            )
