"""Physical and economic quantities with pint, loaded on first use.

pint is for quantities (experience in years, hours per week, kronor per day,
placements per month), never for calendar arithmetic: its month is a mean
month of 30.4375 days, so a pint month must never be added to a date (use
:class:`etableringsmodell.calendar.Span`).

Importing pint and building a registry costs about 300 ms, more than the whole
rest of the package, so the registry is built the first time a quantity is
needed, not at import.

>>> from etableringsmodell.units import quantity
>>> str(quantity(4, "years").to("months"))
'48.0 month'
"""

from __future__ import annotations

from functools import cache
from typing import Any

from etableringsmodell.errors import InvalidTypeError, InvalidValueError

__all__ = ["Quantity", "check_quantity", "quantity", "registry"]

Quantity = Any
"""Type alias for a pint quantity (pint's own generic types are not stable enough to annotate)."""


@cache
def registry() -> Any:
    """The library's pint unit registry, shared by every quantity it makes.

    Quantities from another registry cannot be compared with these; use
    :func:`quantity` (or convert with ``registry().Quantity(q.magnitude, str(q.units))``).
    """
    import pint

    ureg: Any = pint.UnitRegistry(cache_folder=None)
    # Counted things (placements, participants) are dimensionless counts.
    ureg.define("placement = count")
    ureg.define("participant = count")
    return ureg


def quantity(magnitude: float, unit: str) -> Quantity:
    """A quantity in the library's registry: ``quantity(4, "years")``."""
    return registry().Quantity(magnitude, unit)


def check_quantity(value: object, field: str, dimensionality: str, *, allow_negative: bool = False) -> None:
    """Raise a typed error naming ``field`` unless ``value`` is a fitting quantity.

    ``dimensionality`` is a pint dimensionality such as ``"[time]"``.
    """
    import pint

    if not isinstance(value, pint.Quantity):
        raise InvalidTypeError(
            field, f"must be a pint quantity of {dimensionality}, got {type(value).__name__}"
        )
    if value._REGISTRY is not registry():
        raise InvalidValueError(
            field, "must be made with etableringsmodell.units.quantity (another pint registry)"
        )
    if not value.check(dimensionality):
        raise InvalidValueError(field, f"must have dimension {dimensionality}, got {value.units}")
    if not allow_negative and value.magnitude < 0:
        raise InvalidValueError(field, f"must not be negative, got {value}")
