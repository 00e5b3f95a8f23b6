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

from importlib import import_module
from typing import Any

from etableringsmodell.errors import UnknownEntryError

__all__ = ["get", "ids"]

_REGISTRY: dict[str, str] = {
    "arbetsplatsintroduktion-ams": "etableringsmodell.catalog.arbetsplatsintroduktion_ams",
    "goteborg-2004": "etableringsmodell.catalog.goteborg",
    "norrkoping-2018": "etableringsmodell.catalog.norrkoping",
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
