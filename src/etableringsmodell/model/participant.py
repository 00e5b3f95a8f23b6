"""Participants (deltagare) and what they bring: permits, competences and assessed facts."""

from __future__ import annotations

import enum
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

__all__ = ["PERSONAL_NUMBER_ID", "AssessedFact", "Competence", "FactKind", "Participant", "ResidencePermit"]


class FactKind(enum.Enum):
    """What a caseworker or a register assessed about a person: the closed vocabulary of assessed facts.

    A rule that turns on such a judgement reads it with
    :class:`~etableringsmodell.model.criteria.FactIs`; a participant without
    the fact is *undetermined* under that rule, never silently passed. The
    value of each member names its cohort-file column: ``fact_<value>``.
    """

    REGISTERED_JOB_SEEKER = "registered_job_seeker"
    """Registered as a job seeker with Arbetsförmedlingen (anmäld som arbetssökande), Förordning (2017:820) 5 §."""
    IMMIGRANT_OR_REFUGEE = "immigrant_or_refugee"
    """An immigrant or refugee (invandrare eller flykting), Förordning (2003:623) 3 §."""
    INTRODUCTION_PROGRAMME = "introduction_programme"
    """Takes or took part in a municipal introduction programme (deltar eller har deltagit i
    introduktionsprogram), Förordning (2003:623) 3 §."""
    LONG_TERM_REGISTERED_OR_AT_RISK = "long_term_registered_or_at_risk"
    """Is, or risks becoming, long-term registered with the employment service (är eller riskerar att
    bli långtidsinskriven), Förordning (2003:623) 3 §."""
    WORK_ORIENTED_CAPACITY = "work_oriented_capacity"
    """Has the capacity to take part in work-oriented introduction (förutsättningar att delta i
    arbetsinriktad introduktion), the Göteborg agreement (seed ``004_2ae1cbc02798eb8a.txt``)."""
    SPONSOR_QUALIFYING_PERMIT = "sponsor_qualifying_permit"
    """The person a family member joins (anknytningspersonen) "har beviljats uppehållstillstånd med stöd av
    någon av de bestämmelser som anges i 2 §", Lag (2010:197) 2 a § (and Lag 2017:584, read the same way)."""
    LONG_TERM_UNEMPLOYED = "long_term_unemployed"
    """Long-term unemployed (långtidsarbetslös), the Sydöstra Skåne agreement (seed ``002_f053fa0f147346fa.txt``)."""


@frozen
class AssessedFact:
    """An assessed fact: what was assessed (``kind``), the answer (``value``) and when (``assessed_on``).

    ``assessed_on`` of ``None`` is an undated assessment, which the rules take
    to hold on every reference date (the caller vouches for it). A dated
    assessment made after the reference date does not show the state on that
    date, and the rules treat it as absent: *undetermined* (the convention
    :data:`~etableringsmodell.model.criteria.FactIs` documents).
    """

    kind: FactKind = field(validator=v.instance_of(FactKind))
    value: bool = field(validator=v.instance_of(bool))
    assessed_on: date | None = field(default=None, validator=v.optional_date)


def _unique_kinds(_instance: object, attribute: Any, value: tuple[AssessedFact, ...]) -> None:
    seen: set[FactKind] = set()
    for index, fact in enumerate(value):
        if fact.kind in seen:
            raise InvalidValueError(f"{attribute.name}[{index}].kind", f"{fact.kind.value} is given twice")
        seen.add(fact.kind)


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

    ``first_granted_on`` is the day the person's *first* residence permit was
    granted, when this permit is a renewal or a later one (``None``: this is
    the first). The fast tracks count their three years from the first permit
    (:attr:`~etableringsmodell.model.criteria.ArrivalAnchor.FIRST_PERMIT_GRANTED`).
    """

    ground: PermitGround = field(validator=v.instance_of(PermitGround))
    granted_on: date = field(validator=v.is_date)
    applied_on: date | None = field(default=None, validator=v.optional_date)
    sponsor_received_on: date | None = field(default=None, validator=v.optional_date)
    sponsor_is_swedish_citizen: bool | None = field(default=None, validator=v.optional(v.instance_of(bool)))
    first_granted_on: date | None = field(default=None, validator=v.optional_date)

    def __attrs_post_init__(self) -> None:
        if self.first_granted_on is not None and self.first_granted_on > self.granted_on:
            raise DateOrderError(
                "first_granted_on",
                f"{self.first_granted_on.isoformat()} is after the grant date {self.granted_on.isoformat()}",
            )
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
    ``facts`` are assessed facts (:class:`AssessedFact`), at most one of each
    :class:`FactKind`: what a case system knows that the other fields cannot
    show (registered as a job seeker, in an introduction programme).
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
    facts: tuple[AssessedFact, ...] = field(
        default=(), converter=v.to_tuple, validator=[v.is_tuple, v.members_of(AssessedFact), _unique_kinds]
    )

    def fact(self, kind: FactKind) -> AssessedFact | None:
        """The assessed fact of ``kind``, or ``None`` when the record does not have it."""
        for fact in self.facts:
            if fact.kind is kind:
                return fact
        return None

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
