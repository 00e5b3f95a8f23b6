"""SUN 2020 education groups (utbildningsnivå) and their ISCED 2011 levels.

The groups are :class:`~etableringsmodell.model.EducationLevel` 1-7. The
ISCED 2011 correspondence is shipped *unverified* (see the data file's
header): :func:`isced_2011` returns it with ``verified`` false so that no
caller mistakes it for SCB's table.

>>> from etableringsmodell.classifications import sun
>>> sun.get(7).name_sv, sun.get(7).isced_2011
('Forskarutbildning', (8,))
>>> sun.get(7).verified
False
"""

from __future__ import annotations

from attrs import frozen

from etableringsmodell._shared import built_once
from etableringsmodell.classifications._data import read
from etableringsmodell.errors import InvalidCodeError
from etableringsmodell.sources import Source, SourceKind

__all__ = ["ISCED_2011_LEVELS", "SOURCE", "EducationGroup", "get", "groups", "isced_2011", "provenance"]

SOURCE = Source(
    SourceKind.CLASSIFICATION,
    "SUN 2020",
    title="Svensk utbildningsnomenklatur (SCB)",
    url="https://www.scb.se/dokumentation/klassifikationer-och-standarder/svensk-utbildningsnomenklatur-sun/",
    note="the ISCED 2011 correspondence of the seven groups is unverified",
)

ISCED_2011_LEVELS = {
    0: "Early childhood education",
    1: "Primary education",
    2: "Lower secondary education",
    3: "Upper secondary education",
    4: "Post-secondary non-tertiary education",
    5: "Short-cycle tertiary education",
    6: "Bachelor's or equivalent level",
    7: "Master's or equivalent level",
    8: "Doctoral or equivalent level",
}
"""The nine levels of ISCED 2011 (UNESCO Institute for Statistics)."""


@frozen
class EducationGroup:
    """One of the seven SUN 2020 groups, with the ISCED 2011 levels it corresponds to."""

    group: int
    name_sv: str
    isced_2011: tuple[int, ...]
    verified: bool


@built_once
def _table() -> dict[int, EducationGroup]:
    _header, rows = read("sun2020.csv")
    return {
        int(row["group"]): EducationGroup(
            int(row["group"]),
            row["name_sv"],
            tuple(int(level) for level in row["isced_2011"].split("|")),
            row["verified"] == "true",
        )
        for row in rows
    }


def provenance() -> str:
    """The data file's own statement of where the list comes from and its version."""
    return read("sun2020.csv")[0]


def groups() -> tuple[EducationGroup, ...]:
    """The seven groups, lowest first."""
    return tuple(_table()[g] for g in sorted(_table()))


def get(group: int) -> EducationGroup:
    """The group numbered ``group`` (1-7; an ``EducationLevel`` works too)."""
    found = _table().get(int(group)) if isinstance(group, int) and not isinstance(group, bool) else None
    if found is None:
        raise InvalidCodeError("group", f"SUN 2020 has groups 1 to 7, got {group!r}")
    return found


def isced_2011(group: int) -> tuple[int, ...]:
    """The ISCED 2011 levels of a SUN 2020 group (*unverified*, see :data:`SOURCE`)."""
    return get(group).isced_2011
