"""Physical and economic quantities with pint, loaded on first use.

pint is for quantities (experience in years, hours per week, kronor per day,
placements per month), never for calendar arithmetic: its month is a mean
month of 30.4375 days, so a pint month must never be added to a date (use
:class:`etableringsmodell.calendar.Span`).

Importing pint and building a registry costs about 300 ms, more than the whole
rest of the package, so the registry is built the first time a quantity is
needed, not at import. It is built under a lock (:mod:`etableringsmodell._shared`):
threads that start cold all get the same registry, so their quantities compare.
Parsing pint's definitions file is most of that cost, so the registry keeps
pint's own cache of the parsed definitions (``cache_folder=":auto:"``, the
user's cache folder, ``~/.cache/pint`` on Linux): the first process parses
and writes it, later ones read it, which makes the registry several times
cheaper to build (benchmarks/bench_mainjob.py). The definitions, and so every quantity, are the same;
where the cache cannot be used (a folder that cannot be written, a file
another process is still writing) the registry parses the file as before.

A unit read from data (a JSON document, a cohort cell) is never handed to
pint's parser, which evaluates exponents as Python integers: ``s**9**9**9``
would pin a CPU for hours. :func:`parse_unit` looks it up in a fixed list of
the units of time the model keeps (:data:`DATA_UNITS`), in English or
Swedish, singular or plural.

>>> from etableringsmodell.units import quantity
>>> str(quantity(4, "years").to("months"))
'48.0 month'
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from etableringsmodell._shared import built_once
from etableringsmodell.errors import InvalidTypeError, InvalidValueError
from etableringsmodell.i18n import N_

__all__ = ["DATA_UNITS", "Quantity", "check_quantity", "parse_unit", "quantity", "registry"]

DATA_UNITS: Final[Mapping[str, str]] = MappingProxyType(
    {
        spelling: unit
        for unit, spellings in {
            "year": ("year", "years", "år"),
            "month": ("month", "months", "månad", "månader"),
            "week": ("week", "weeks", "vecka", "veckor"),
            "day": ("day", "days", "dag", "dagar"),
        }.items()
        for spelling in spellings
    }
)
"""Every unit spelling read from data, mapped to the pint unit it means.

Case and surrounding spaces are ignored. Quantities in the model are
spans of experience, so these units of time are the only ones a document
carries; :func:`check_quantity` refuses any other, so whatever is written
can be read back.
"""

_MAX_UNIT_LENGTH: Final = 32

Quantity = Any
"""Type alias for a :class:`pint.Quantity` (pint's own generic types are not stable enough to annotate)."""


@built_once
def registry() -> Any:
    """The library's pint unit registry, shared by every quantity it makes.

    Quantities from another registry cannot be compared with these; use
    :func:`quantity` (or convert with ``registry().Quantity(q.magnitude, str(q.units))``).
    """
    import pint

    ureg: Any
    try:
        ureg = pint.UnitRegistry(cache_folder=":auto:")
    except Exception:
        # Any failure of the cache (I/O, a truncated or foreign pickle) only costs time.
        ureg = pint.UnitRegistry(cache_folder=None)
    # Counted things (placements, participants) are dimensionless counts.
    ureg.define("placement = count")
    ureg.define("participant = count")
    return ureg


def quantity(magnitude: float, unit: str) -> Quantity:
    """A quantity in the library's registry: ``quantity(4, "years")``."""
    return registry().Quantity(magnitude, unit)


def parse_unit(text: object, field: str = "unit") -> Any:
    """The pint unit a unit name read from data means, from :data:`DATA_UNITS` only.

    Anything else is an :class:`~etableringsmodell.errors.InvalidValueError`
    naming ``field``; pint's parser never sees the text.

    >>> str(parse_unit(" Månader "))
    'month'
    >>> parse_unit("s**9**9**9")
    Traceback (most recent call last):
    ...
    etableringsmodell.errors.InvalidValueError: unit: is not a unit of the model; use years, months, weeks or days
    """
    if not isinstance(text, str):
        raise InvalidTypeError(field, f"must be text, got {type(text).__name__}")
    name = DATA_UNITS.get(text.strip().lower()) if len(text) <= _MAX_UNIT_LENGTH else None
    if name is None:
        raise InvalidValueError(field, "is not a unit of the model; use years, months, weeks or days")
    return _units()[name]


@built_once
def _units() -> dict[str, Any]:
    ureg = registry()
    # Attribute access looks a name up in the registry's table; no expression is parsed.
    return {name: getattr(ureg, name) for name in set(DATA_UNITS.values())}


_MAX_UNIT_CHECKS: Final = 256
_UNIT_CHECKS: dict[tuple[Any, str], tuple[bool, bool]] = {}


def _unit_checks(units: Any, dimensionality: str) -> tuple[bool, bool]:
    """Whether ``units`` (a quantity's unit container) has ``dimensionality``, and is a unit kept.

    Remembered per unit and dimensionality: pint answers both by formatting
    and parsing, a tenth of a millisecond each, and a cohort checks the same
    few units thousands of times. The answers depend only on the one
    registry's definitions, so a race can only store the same value twice.
    """
    key = (units, dimensionality)
    found = _UNIT_CHECKS.get(key)
    if found is None:
        quantity = registry().Quantity(1, units)
        found = (bool(quantity.check(dimensionality)), str(quantity.units) in _units())
        if len(_UNIT_CHECKS) < _MAX_UNIT_CHECKS:  # bounded: units made in code can be endless
            _UNIT_CHECKS[key] = found
    return found


def check_quantity(value: object, field: str, dimensionality: str, *, allow_negative: bool = False) -> None:
    """Raise a typed error naming ``field`` unless ``value`` is a fitting quantity.

    ``dimensionality`` is a pint dimensionality such as ``"[time]"``.
    """
    # A value can only be a pint quantity once pint is imported: checking a
    # model without quantities never loads it.
    pint = sys.modules.get("pint")
    if pint is None or not isinstance(value, pint.Quantity):
        raise InvalidTypeError(
            field, f"must be a pint quantity of {dimensionality}, got {type(value).__name__}"
        )
    if value._REGISTRY is not registry():
        raise InvalidValueError(
            field, N_("must be made with etableringsmodell.units.quantity (another pint registry)")
        )
    has_dimension, kept = _unit_checks(value._units, dimensionality)
    if not has_dimension:
        raise InvalidValueError(field, f"must have dimension {dimensionality}, got {value.units}")
    if dimensionality == "[time]" and not kept:
        # Only these are read back (parse_unit), so only these are kept.
        raise InvalidValueError(field, f"must be in years, months, weeks or days, got {value.units}")
    if not allow_negative and value.magnitude < 0:
        raise InvalidValueError(field, f"must not be negative, got {value}")
