"""SSYK 2012, Standard för svensk yrkesklassificering (SCB): look-ups by code and level.

Four levels by the number of digits: 1 yrkesområde (major group), 2
huvudgrupp (sub-major), 3 yrkesgrupp (minor), 4 undergrupp (unit). Codes are
text (military codes begin with 0). The shipped list is complete: 10, 46,
148 and 429 codes; SCB counts 147 minor groups because 223 "Sjuksköterskor
(fortsättning)" only continues 222 (see :data:`CONTINUATIONS`).

>>> from etableringsmodell.classifications import ssyk
>>> ssyk.get("5120").name_en
'Cooks and cold-buffet managers'
>>> [g.code for g in ssyk.ancestors("5120")]
['512', '51', '5']
>>> len(ssyk.level(1)), len(ssyk.level(4))
(10, 429)
>>> [g.code for g in ssyk.children("22")][:3]
['221', '222', '223']
"""

from __future__ import annotations

from attrs import frozen

from etableringsmodell._shared import built_once
from etableringsmodell.classifications._data import read
from etableringsmodell.errors import InvalidCodeError, InvalidTypeError, UnknownEntryError
from etableringsmodell.sources import Source, SourceKind

__all__ = [
    "CONTINUATIONS",
    "LEVELS",
    "PUBLISHED_COUNTS",
    "SOURCE",
    "OccupationGroup",
    "ancestors",
    "children",
    "codes",
    "get",
    "is_code",
    "level",
    "matches",
    "parent",
    "provenance",
]

LEVELS = (1, 2, 3, 4)
PUBLISHED_COUNTS = {1: 10, 2: 46, 3: 147, 4: 429}
"""The number of groups per level that SCB publishes for SSYK 2012."""
CONTINUATIONS = frozenset({"223"})
"""Codes that continue the group before them rather than start a new one (SCB does not count them)."""

SOURCE = Source(
    SourceKind.CLASSIFICATION,
    "SSYK 2012",
    title="Standard för svensk yrkesklassificering 2012 (SCB, MIS 2012:1)",
    url="https://www.scb.se/dokumentation/klassifikationer-och-standarder/standard-for-svensk-yrkesklassificering-ssyk/",
)


@frozen
class OccupationGroup:
    """One SSYK 2012 group: its code, level (1-4) and Swedish and English names."""

    code: str
    level: int
    name_sv: str
    name_en: str

    def __str__(self) -> str:
        return f"{self.code} {self.name_sv}"


@built_once
def _table() -> dict[str, OccupationGroup]:
    _header, rows = read("ssyk2012.csv")
    return {
        row["code"]: OccupationGroup(row["code"], int(row["level"]), row["name_sv"], row["name_en"])
        for row in rows
    }


@built_once
def _children() -> dict[str, tuple[OccupationGroup, ...]]:
    found: dict[str, list[OccupationGroup]] = {}
    for group in _table().values():
        if group.level > 1:
            found.setdefault(group.code[:-1], []).append(group)
    return {code: tuple(sorted(groups, key=lambda g: g.code)) for code, groups in found.items()}


def provenance() -> str:
    """The data file's own statement of where the list comes from and its version."""
    return read("ssyk2012.csv")[0]


def _check(code: object) -> str:
    if not isinstance(code, str):
        raise InvalidTypeError("code", f"must be an SSYK 2012 code as text, got {type(code).__name__}")
    if not (1 <= len(code) <= 4 and code.isascii() and code.isdigit()):
        raise InvalidCodeError("code", f"{code!r} is not an SSYK 2012 code of 1 to 4 digits")
    return code


def is_code(code: str) -> bool:
    """Whether ``code`` is a group of SSYK 2012 at any level."""
    return isinstance(code, str) and code in _table()


def get(code: str) -> OccupationGroup:
    """The group with ``code``; a well-formed code SSYK 2012 lacks raises :class:`UnknownEntryError`."""
    group = _table().get(_check(code))
    if group is None:
        raise UnknownEntryError(f"{code!r} is not a group of SSYK 2012")
    return group


def level(number: int) -> tuple[OccupationGroup, ...]:
    """Every group on level ``number`` (1 to 4), in code order."""
    if number not in LEVELS:
        raise InvalidCodeError("level", f"SSYK 2012 has levels 1 to 4, got {number!r}")
    return tuple(sorted((g for g in _table().values() if g.level == number), key=lambda g: g.code))


def codes(number: int | None = None) -> tuple[str, ...]:
    """The codes on level ``number``, or on every level when ``None``."""
    groups = _table().values() if number is None else level(number)
    return tuple(sorted((g.code for g in groups), key=lambda c: (len(c), c)))


def parent(code: str) -> OccupationGroup | None:
    """The group one level up (``None`` for a major group)."""
    group = get(code)
    return None if group.level == 1 else get(group.code[:-1])


def ancestors(code: str) -> tuple[OccupationGroup, ...]:
    """The groups above ``code``, nearest first."""
    group = get(code)
    return tuple(get(group.code[:cut]) for cut in range(group.level - 1, 0, -1))


def children(code: str) -> tuple[OccupationGroup, ...]:
    """The groups one level below ``code``, in code order (none for a unit group)."""
    return _children().get(get(code).code, ())


def matches(occupation: str, requirement: str) -> bool:
    """Whether an occupation meets a requirement at any level: 2221 meets 22, 22 does not meet 2221.

    The same rule as :class:`~etableringsmodell.model.criteria.OccupationIn`.
    """
    return _check(occupation).startswith(_check(requirement))
