"""The catalogue: real programmes and agreements, dated and cited.

One module per programme or agreement, in the manner of python-holidays; this
registry maps each entry's id to its module and imports it only when asked,
so importing the package stays cheap.

>>> from etableringsmodell import catalog
>>> "goteborg-2004" in catalog.ids()
True
>>> catalog.get("goteborg-2004").title
'Överenskommelse om nyanlända flyktingar och invandrare i Göteborg'
"""

from __future__ import annotations

from datetime import date
from importlib import import_module
from typing import Any

from etableringsmodell.errors import UnknownEntryError

__all__ = ["get", "ids", "in_force", "statuses"]

_REGISTRY: dict[str, str] = {
    "arbetsplatsintroduktion-ams": "etableringsmodell.catalog.arbetsplatsintroduktion_ams",
    "arbetsplatsintroduktion-2003": "etableringsmodell.catalog.arbetsplatsintroduktion",
    "etableringsinsatser-2010": "etableringsmodell.catalog.etableringsinsatser",
    "etableringsprogrammet-2018": "etableringsmodell.catalog.etableringsprogrammet",
    "goteborg-2004": "etableringsmodell.catalog.goteborg",
    "norrkoping-2018": "etableringsmodell.catalog.norrkoping",
    "snabbspar-2015": "etableringsmodell.catalog.snabbspar",
    "sydostra-skane-2017": "etableringsmodell.catalog.sydostra_skane",
}
"""Entry id to the module whose ``ENTRY`` it is."""


def ids() -> tuple[str, ...]:
    """The ids of every catalogue entry, sorted."""
    return tuple(sorted(_REGISTRY))


def get(entry_id: str) -> Any:
    """The catalogue entry with ``entry_id`` (imported on first use)."""
    try:
        module_name = _REGISTRY[entry_id]
    except (KeyError, TypeError):
        known = ", ".join(ids())
        raise UnknownEntryError(f"no catalogue entry {entry_id!r}; known entries: {known}") from None
    return import_module(module_name).ENTRY


def in_force(on: date) -> tuple[Any, ...]:
    """The entries that applied on ``on``, in id order (imports every entry).

    A programme applies when one of its versions is in force; an agreement
    from its start through its end (or with no stated end, from its start).
    """
    found = []
    for entry_id in ids():
        entry = get(entry_id)
        applies = getattr(entry, "in_force", None)
        if callable(applies):
            if applies(on):
                found.append(entry)
        elif entry.start <= on and (entry.end is None or on <= entry.end):
            found.append(entry)
    return tuple(found)


def statuses(entry_id: str) -> tuple[Any, ...]:
    """The goal statuses recorded in an entry's module (``GoalStatus`` values), by date.

    A seed article's "just under 3,500 with two months left" is such a status;
    an entry without any has none.
    """
    from etableringsmodell.model import GoalStatus

    get(entry_id)  # the same error as get() for an unknown id
    module = import_module(_REGISTRY[entry_id])
    found = [value for value in vars(module).values() if isinstance(value, GoalStatus)]
    return tuple(sorted(found, key=lambda status: (status.on, status.goal_id)))
