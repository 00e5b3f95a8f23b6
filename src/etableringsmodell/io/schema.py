"""JSON Schema (draft 2020-12) for the JSON format, generated from the model.

The schema is derived from the attrs classes and their annotations, with the
same mapping as :mod:`etableringsmodell.io.convert` (dates and spans as ISO
text, quantities as value and unit, enums by name, criteria tagged by
type), so it cannot drift from what the converter reads and writes. It
describes the shape of a document; the rules the model checks on
construction (an SSYK code's digits, a birth date before the reception
date) are the model's, and :func:`~etableringsmodell.io.convert.loads`
applies them.

The published copies live in ``docs/schema/``; regenerate them with
``python -m etableringsmodell.io.schema docs/schema``.

>>> from etableringsmodell.model import Participant
>>> schema = json_schema(Participant)
>>> schema["required"][:4]
['format_version', 'id', 'birth_date', 'received_on']
>>> schema["properties"]["birth_date"]
{'$ref': '#/$defs/date'}
"""

from __future__ import annotations

import enum
import inspect
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, Final, Union, get_args, get_origin

import attrs

from etableringsmodell.calendar import Span
from etableringsmodell.errors import InvalidTypeError
from etableringsmodell.io.convert import (
    FORMAT_VERSION,
    VERSION_KEY,
    _field_types,
    _init_plan,
    criterion_types,
)
from etableringsmodell.model.criteria import Criterion

__all__ = ["PUBLISHED", "json_schema", "library_criteria", "main", "schema_text"]

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"


def _published() -> dict[str, type]:
    from etableringsmodell.model import Participant, PartnerAgreement
    from etableringsmodell.rules.eligibility import Decision

    return {"participant": Participant, "partner_agreement": PartnerAgreement, "decision": Decision}


PUBLISHED: Final = ("participant", "partner_agreement", "decision")
"""The schemas published in ``docs/schema/`` as ``<name>.schema.json``."""

_DATE = {
    "type": "string",
    "format": "date",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": "An ISO 8601 calendar date, YYYY-MM-DD.",
}
_SPAN = {
    "type": "string",
    "pattern": "^P(?=[0-9])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+W)?(?:[0-9]+D)?$",
    "description": "A calendar span as an ISO 8601 duration of years, months, weeks and days (P36M, P1Y6M, P0D), counted by Lag (1930:173) 1 §.",
}
_QUANTITY = {
    "type": "object",
    "description": "A pint quantity: a finite number and a unit pint knows, such as {'value': 4, 'unit': 'year'}.",
    "properties": {
        "value": {"type": "number"},
        "unit": {"type": "string", "minLength": 1, "maxLength": 64},
    },
    "required": ["value", "unit"],
    "additionalProperties": False,
}


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return " ".join(doc.split("\n\n", 1)[0].split())


class _Builder:
    def __init__(self, criteria: dict[str, type[Criterion]]) -> None:
        self.defs: dict[str, Any] = {}
        self.criteria = criteria

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{name}"}

    def of(self, kind: Any, where: str) -> dict[str, Any]:  # noqa: PLR0911, PLR0912  # one branch per kind of annotation
        origin = get_origin(kind)
        args = get_args(kind)
        if kind is Any:
            self.defs.setdefault("quantity", _QUANTITY)
            return self.ref("quantity")
        if origin in (Union, getattr(sys.modules["types"], "UnionType", None)):
            options = [self.of(arg, where) for arg in args if arg is not type(None)]
            if type(None) in args:
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.of(args[0], f"{where}[]")}
        if origin in (frozenset, set):
            return {"type": "array", "items": self.of(args[0], f"{where}[]"), "uniqueItems": True}
        if kind is bool:
            return {"type": "boolean"}
        if kind is int:
            return {"type": "integer"}
        if kind is float:
            return {"type": "number"}
        if kind is str:
            return {"type": "string"}
        if kind is date:
            self.defs.setdefault("date", _DATE)
            return self.ref("date")
        if kind is Span:
            self.defs.setdefault("Span", _SPAN)
            return self.ref("Span")
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            if kind.__name__ not in self.defs:
                self.defs[kind.__name__] = {"enum": list(kind.__members__), "description": _summary(kind)}
            return self.ref(kind.__name__)
        if kind is Criterion:
            return self.criterion()
        if isinstance(kind, type) and attrs.has(kind):
            return self.attrs_class(kind)
        raise InvalidTypeError(where, f"has an annotation the JSON format does not cover: {kind!r}")

    def criterion(self) -> dict[str, Any]:
        if "Criterion" not in self.defs:
            self.defs["Criterion"] = {}  # placeholder against recursion
            self.defs["Criterion"] = {
                "description": "A criterion, tagged with its type.",
                "oneOf": [self.attrs_class(cls, tag=tag) for tag, cls in self.criteria.items()],
            }
        return self.ref("Criterion")

    def attrs_class(self, cls: type, tag: str | None = None) -> dict[str, Any]:
        name = tag or cls.__name__
        if name in self.defs:
            return self.ref(name)
        self.defs[name] = {}  # placeholder against recursion
        types = _field_types(cls)
        by_field, required = _init_plan(cls)
        properties: dict[str, Any] = {}
        if tag is not None:
            properties["type"] = {"const": tag}
        for field_name in by_field:
            properties[field_name] = self.of(types[field_name], f"{name}.{field_name}")
        body: dict[str, Any] = {"type": "object", "description": _summary(cls), "properties": properties}
        needed = (["type"] if tag is not None else []) + [f for f in by_field if f in required]
        if needed:
            body["required"] = needed
        body["additionalProperties"] = False
        self.defs[name] = body
        return self.ref(name)


def library_criteria() -> dict[str, type[Criterion]]:
    """The criterion types defined by etableringsmodell itself, by tag."""
    return {
        tag: cls for tag, cls in criterion_types().items() if cls.__module__.startswith("etableringsmodell.")
    }


def json_schema(cls: type, *, criteria: dict[str, type[Criterion]] | None = None) -> dict[str, Any]:
    """The JSON Schema of a document holding one ``cls`` (with its ``format_version``).

    ``criteria`` are the criterion types a criterion field may hold, by tag:
    by default the library's own (:func:`library_criteria`), so the published
    schema does not depend on what else is imported; pass
    :func:`~etableringsmodell.io.convert.criterion_types` to include yours.
    """
    from etableringsmodell.rules.eligibility import Decision

    builder = _Builder(library_criteria() if criteria is None else criteria)
    if cls is Decision:
        return _decision_schema(builder)
    builder.attrs_class(cls)
    root = dict(builder.defs.pop(cls.__name__))
    root["properties"] = {VERSION_KEY: {"const": FORMAT_VERSION}, **root["properties"]}
    root["required"] = [VERSION_KEY, *root.get("required", [])]
    return {
        "$schema": DIALECT,
        "title": f"etableringsmodell {cls.__name__}, format version {FORMAT_VERSION}",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }


def _decision_schema(builder: _Builder) -> dict[str, Any]:
    """The JSON Schema of a decision, as :mod:`etableringsmodell.io._decisions` writes one."""
    from etableringsmodell.sources import Source

    builder.attrs_class(Source)
    statuses = {"enum": ["passed", "failed", "undetermined"]}
    optional_date = {"anyOf": [_DATE, {"type": "null"}]}
    reason = {
        "type": "object",
        "description": "The verdict on one criterion: its status, the message with the actual figures, and its sources.",
        "properties": {
            "criterion": {"type": "string", "minLength": 1},
            "status": statuses,
            "depth": {"type": "integer", "minimum": 0},
            "message": {"type": "string"},
            "figures": {"type": "array", "description": "The facts the message is made of, as JSON values."},
            "sources": {"type": "array", "items": {"$ref": "#/$defs/Source"}},
            "unverified": {
                "type": "boolean",
                "description": "Whether a source marks its claim as unverified.",
            },
        },
        "required": ["criterion", "status", "depth", "message", "sources"],
        "additionalProperties": False,
    }
    return {
        "$schema": DIALECT,
        "title": f"etableringsmodell Decision, format version {FORMAT_VERSION}",
        "type": "object",
        "description": "A decision: the verdict, the rule and version used, the reference date, and one reason per criterion of the rule, the rule itself first.",
        "properties": {
            VERSION_KEY: {"const": FORMAT_VERSION},
            "eligible": {"type": "boolean"},
            "status": statuses,
            "rule": {"type": "string", "minLength": 1},
            "on": _DATE,
            "programme": {"type": ["string", "null"]},
            "version_from": optional_date,
            "version_to": optional_date,
            "library_version": {"type": "string"},
            "reasons": {"type": "array", "items": {"$ref": "#/$defs/Reason"}},
        },
        "required": [VERSION_KEY, "eligible", "status", "rule", "on", "reasons"],
        "additionalProperties": False,
        "$defs": dict(sorted({**builder.defs, "Reason": reason}.items())),
    }


def schema_text(cls: type) -> str:
    """The schema as the published file holds it: indented JSON ending in a newline."""
    return json.dumps(json_schema(cls), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write every published schema into the folder given (``docs/schema``)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m etableringsmodell.io.schema FOLDER\n")
        return 2
    folder = Path(args[0])
    folder.mkdir(parents=True, exist_ok=True)
    for name, cls in _published().items():
        (folder / f"{name}.schema.json").write_text(schema_text(cls), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
