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

__all__ = ["describe", "describe_version", "get", "ids", "in_force", "statuses"]

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


def describe(entry_id: str) -> dict[str, Any]:
    """An entry as JSON-ready data: title, period, versions, parties, tracks, goals, notes, sources.

    Each source carries its citation as explanations print it (marked when unverified).
    """
    entry = get(entry_id)
    out: dict[str, Any] = {"id": entry_id, "title": getattr(entry, "title", "")}
    start, end = getattr(entry, "start", None), getattr(entry, "end", None)
    if start is not None:
        out["start"], out["end"] = start.isoformat(), end.isoformat() if end else None
    out["versions"] = [describe_version(v) for v in getattr(entry, "versions", ())]
    target = getattr(entry, "target_group", None)
    if target is not None:
        out["target_group"] = target.id
    out["parties"] = [{"name": p.name, "kind": p.kind.value} for p in getattr(entry, "parties", ())]
    out["tracks"] = [
        {"id": t.id, "name": t.name, "occupations": list(t.occupations)} for t in getattr(entry, "tracks", ())
    ]
    out["goals"] = [
        {"id": g.id, "target": g.target, "measure": g.measure.value, "deadline": g.deadline.isoformat()}
        for g in getattr(entry, "goals", ())
    ]
    out["notes"] = list(getattr(entry, "notes", ()))
    out["sources"] = [_source_json(s) for s in getattr(entry, "sources", ())]
    return out


def _source_json(source: Any) -> dict[str, Any]:
    return {
        "citation": source.citation(),
        "title": source.title,
        "note": source.note,
        "verified": source.verified,
    }


def describe_version(version: Any) -> dict[str, Any]:
    """A :class:`~etableringsmodell.model.RuleVersion` as JSON-ready data."""
    return {
        "effective_from": version.effective_from.isoformat(),
        "effective_to": version.effective_to.isoformat() if version.effective_to else None,
        "rule": version.criterion.id,
        "sources": [_source_json(s) for s in version.sources],
    }
