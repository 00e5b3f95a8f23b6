"""SFI (svenska för invandrare): courses A-D and the three study paths (studievägar).

Study path 1 runs courses A-D, path 2 B-D and path 3 C-D; a path is chosen
by the learner's earlier schooling.

>>> from etableringsmodell.classifications import sfi
>>> [c.name for c in sfi.courses_of(2)]
['B', 'C', 'D']
>>> sfi.paths_with("A")
(1,)
"""

from __future__ import annotations

from etableringsmodell._shared import built_once
from etableringsmodell.classifications._data import read
from etableringsmodell.errors import InvalidCodeError
from etableringsmodell.model.enums import SfiCourse
from etableringsmodell.sources import Source

__all__ = ["SOURCE", "courses_of", "path_name", "paths", "paths_with", "provenance"]

SOURCE = Source.statute(
    "SFS 2010:800",
    "20 kap.",
    "Skollag (2010:800)",
    note="the section that lays down the study paths is unverified",
)


@built_once
def _table() -> dict[int, tuple[tuple[SfiCourse, ...], str]]:
    _header, rows = read("sfi.csv")
    return {
        int(row["path"]): (tuple(SfiCourse[c] for c in row["courses"].split("|")), row["name_sv"])
        for row in rows
    }


def provenance() -> str:
    """The data file's own statement of where the list comes from and its version."""
    return read("sfi.csv")[0]


def paths() -> tuple[int, ...]:
    """The study paths: 1, 2 and 3."""
    return tuple(sorted(_table()))


def _path(path: int) -> tuple[tuple[SfiCourse, ...], str]:
    found = _table().get(path) if isinstance(path, int) and not isinstance(path, bool) else None
    if found is None:
        raise InvalidCodeError("path", f"SFI has study paths 1 to 3, got {path!r}")
    return found


def courses_of(path: int) -> tuple[SfiCourse, ...]:
    """The courses of a study path, in order."""
    return _path(path)[0]


def path_name(path: int) -> str:
    """The Swedish name of a study path (``"Studieväg 1"``)."""
    return _path(path)[1]


def paths_with(course: SfiCourse | str) -> tuple[int, ...]:
    """The study paths that include ``course`` (an :class:`SfiCourse` or its letter)."""
    if isinstance(course, str):
        if course not in SfiCourse.__members__:
            raise InvalidCodeError("course", f"SFI has courses A to D, got {course!r}")
        course = SfiCourse[course]
    return tuple(p for p in paths() if course in courses_of(p))
