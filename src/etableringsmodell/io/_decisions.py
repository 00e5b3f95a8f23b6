"""Decisions as JSON documents, through the library's own converter.

A :class:`~etableringsmodell.rules.eligibility.Decision` is written with its
verdict, the rule and (for a dated programme) the rule version used, the
reference date, the library version, and one entry per criterion: its status,
depth, message, the figures the message is made of, and its sources, each
with an ``unverified`` flag when its note marks the claim as unverified.

Read back, a decision equals the one written: its reasons keep the messages as
written (a reason's equality is its criterion, status, depth, sources and
message), and the figures come back as JSON values (dates as ISO text, codes
as their names), since JSON holds no Python types.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from datetime import date
from typing import Any

import cattrs

from etableringsmodell.errors import InvalidTypeError, InvalidValueError
from etableringsmodell.i18n import N_
from etableringsmodell.rules.eligibility import Decision, Reason, Status
from etableringsmodell.sources import Source

__all__ = ["register"]

_REASON_KEYS = frozenset({"criterion", "status", "depth", "message", "figures", "sources", "unverified"})
_DECISION_KEYS = frozenset(
    {
        "eligible",
        "status",
        "rule",
        "on",
        "programme",
        "version_from",
        "version_to",
        "library_version",
        "reasons",
    }
)


class _Said:
    """A reason's template once its message is text: it says the message whatever the figures."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __call__(self, *_figures: Any) -> str:
        return self.text


def _jsonable(value: Any) -> Any:  # noqa: PLR0911  # one early answer per kind of figure
    """A figure as a JSON value: dates as ISO text, codes by name, collections as lists."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Status):
        return value.value
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, frozenset | set):
        return sorted((_jsonable(v) for v in value), key=repr)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    # A pint quantity, a span, anything else: as the message shows it.
    return str(value)


def _status(data: Any, where: str) -> Status:
    try:
        return Status(data)
    except ValueError:
        raise InvalidValueError(where, f"must be one of {', '.join(s.value for s in Status)}") from None


def _keys(data: Any, allowed: frozenset[str], required: frozenset[str], where: str) -> Mapping[str, Any]:
    if not isinstance(data, dict):
        raise InvalidTypeError(where or "document", "must be a JSON object")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InvalidValueError(f"{where}.{unknown[0]}".lstrip("."), "is not a field of this document")
    missing = sorted(required - set(data))
    if missing:
        raise InvalidValueError(f"{where}.{missing[0]}".lstrip("."), "is required")
    return data


def register(conv: cattrs.Converter) -> None:
    """Teach ``conv`` to write and read decisions and their reasons."""

    def reason_out(reason: Reason) -> dict[str, Any]:
        return {
            "criterion": reason.criterion_id,
            "status": reason.status.value,
            "depth": reason.depth,
            "message": reason.message,
            "figures": [_jsonable(f) for f in reason.figures],
            "sources": [conv.unstructure(s) for s in reason.sources],
            "unverified": any(not s.verified for s in reason.sources),
        }

    def reason_in(data: Any, _: type) -> Reason:
        d = _keys(data, _REASON_KEYS, frozenset({"criterion", "status", "depth", "message", "sources"}), "")
        text, criterion, depth = d["message"], d["criterion"], d["depth"]
        if not isinstance(text, str) or not isinstance(criterion, str) or not criterion:
            raise InvalidTypeError(
                "criterion" if not isinstance(criterion, str) else "message", N_("must be text")
            )
        if isinstance(depth, bool) or not isinstance(depth, int) or not 0 <= depth <= 10_000:
            raise InvalidValueError("depth", N_("must be a whole number from 0"))
        figures = d.get("figures", [])
        if not isinstance(figures, list):
            raise InvalidTypeError("figures", N_("must be a list"))
        sources = d["sources"]
        if not isinstance(sources, list):
            raise InvalidTypeError("sources", N_("must be a list"))
        return Reason(
            criterion,
            _status(d["status"], "status"),
            tuple(conv.structure(s, Source) for s in sources),
            depth,
            tuple(figures),
            _Said(text),
        )

    def decision_out(decision: Decision) -> dict[str, Any]:
        return {
            "eligible": decision.eligible,
            "status": decision.status.value,
            "rule": decision.rule_id,
            "on": decision.on.isoformat(),
            "programme": decision.programme_id,
            "version_from": None if decision.version_from is None else decision.version_from.isoformat(),
            "version_to": None if decision.version_to is None else decision.version_to.isoformat(),
            "library_version": decision.library_version,
            "reasons": [reason_out(r) for r in decision.reasons],
        }

    def decision_in(data: Any, _: type) -> Decision:
        d = _keys(data, _DECISION_KEYS, frozenset({"eligible", "status", "rule", "on", "reasons"}), "")
        if not isinstance(d["eligible"], bool):
            raise InvalidTypeError("eligible", "must be true or false")
        if not isinstance(d["rule"], str) or not d["rule"]:
            raise InvalidTypeError("rule", N_("must be text"))
        if not isinstance(d["reasons"], list):
            raise InvalidTypeError("reasons", N_("must be a list"))
        reasons = []
        for index, item in enumerate(d["reasons"]):
            try:
                reasons.append(reason_in(item, Reason))
            except (InvalidTypeError, InvalidValueError) as error:
                raise type(error)(f"reasons[{index}].{error.field}".rstrip("."), error.reason) from None
        status = _status(d["status"], "status")
        if d["eligible"] is not (status is Status.PASSED):
            raise InvalidValueError("eligible", N_("must be true exactly when the status is passed"))
        programme = d.get("programme")
        if programme is not None and not isinstance(programme, str):
            raise InvalidTypeError("programme", N_("must be text or null"))
        version = d.get("library_version", "")
        if not isinstance(version, str):
            raise InvalidTypeError("library_version", N_("must be text"))
        return Decision(
            d["eligible"],
            status,
            d["rule"],
            conv.structure(d["on"], date),
            tuple(reasons),
            programme,
            None if d.get("version_from") is None else conv.structure(d["version_from"], date),
            None if d.get("version_to") is None else conv.structure(d["version_to"], date),
            version,
        )

    conv.register_unstructure_hook(Reason, reason_out)
    conv.register_structure_hook(Reason, reason_in)
    conv.register_unstructure_hook(Decision, decision_out)
    conv.register_structure_hook(Decision, decision_in)
