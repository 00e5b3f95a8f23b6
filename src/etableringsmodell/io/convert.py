"""JSON for every model type: cattrs converters kept out of the model classes.

The mapping, the same in every direction:

* dates as ISO 8601 strings (``"2004-06-01"``, nothing else is accepted);
* calendar spans as ISO 8601 durations (``"P36M"``, :meth:`Span.isoformat`);
* pint quantities as ``{"value": 4, "unit": "year"}``;
* enums by name (``"PROTECTION"``, ``"UPPER_SECONDARY_3_YEARS"``);
* tuples as arrays, sets as arrays sorted for a stable output (duplicates
  are refused on reading rather than silently merged);
* criteria as objects tagged with their type: ``{"type": "AgeBetween",
  "min": 18, "max": 64, ...}``. Every :class:`Criterion` subclass that is an
  attrs class is found by its class name, including those added after this
  module was written; :func:`register_criterion` gives one a tag of its own;
* a whole document carries ``"format_version"`` (:data:`FORMAT_VERSION`).

Reading is strict, as JSON from another system deserves: no key the model
does not have, no key given twice in one object, no integer of more than
:data:`MAX_DIGITS` digits, no number where text belongs, no text where a date belongs.
Every problem becomes one of our typed errors naming the field path
(``competences[0].occupation``), all of them collected in an
:class:`~etableringsmodell.errors.InvalidDocumentError`.

>>> from datetime import date
>>> from etableringsmodell.model import Participant
>>> text = dumps(Participant("case-17", birth_date=date(1980, 5, 2), received_on=date(2003, 1, 10)))
>>> text[:60]
'{"format_version": 1, "id": "case-17", "birth_date": "1980-0'
>>> loads(text, Participant).birth_date
datetime.date(1980, 5, 2)
>>> loads('{"format_version": 1, "id": "x", "birth_date": "1980-13-01"}', Participant)
Traceback (most recent call last):
...
etableringsmodell.errors.InvalidDocumentError: birth_date: must be an ISO 8601 date YYYY-MM-DD that exists (and 1 more: received_on: is required)
"""

from __future__ import annotations

import enum
import inspect
import json
import math
import re
import sys
import threading
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from typing import Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from etableringsmodell._shared import built_once
from etableringsmodell.calendar import Span
from etableringsmodell.errors import (
    EtableringsmodellError,
    FormatVersionError,
    InvalidDocumentError,
    InvalidTypeError,
    InvalidValueError,
    MissingFieldError,
    UnknownFieldError,
    ValidationError,
)
from etableringsmodell.i18n import N_
from etableringsmodell.model.criteria import Criterion

__all__ = [
    "FORMAT_VERSION",
    "converter",
    "criterion_types",
    "dumps",
    "from_dict",
    "loads",
    "parse_json",
    "register_criterion",
    "structure",
    "to_dict",
    "unstructure",
]

FORMAT_VERSION: Final = 1
"""The version of the JSON format this library writes (the ``format_version`` key)."""

VERSION_KEY: Final = "format_version"

_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""Upgrades from an older format version ``n`` to ``n + 1``, applied in turn.

Empty while version 1 is the only one: a change to the format adds the step
from the version before it here, so older documents keep being read.
"""

T = TypeVar("T")

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

MAX_DIGITS: Final = 1000
"""The most digits a JSON integer may have; a longer one is reported at its field.

Python refuses to turn more than 4,300 digits into an int with a bare
``ValueError`` that would end the whole read, and converting is quadratic in
the length; nothing in the model needs more than a few digits.
"""


class _LongNumber:
    """Stands in for a JSON integer longer than :data:`MAX_DIGITS`, so its field can be named."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _parse_int(text: str) -> int | _LongNumber:
    if len(text.lstrip("-")) > MAX_DIGITS:
        return _LongNumber(len(text.lstrip("-")))
    return int(text)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's members, refusing a key given twice (JSON would keep the last silently)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise InvalidValueError(_shown_key(key), "is given twice in one object")
            seen.add(key)
    return out


def _shown_key(key: str) -> str:
    # A key is input: shown printable and short, never a terminal escape.
    shown = "".join(c if c.isprintable() else "?" for c in key[:64])
    return shown + ("..." if len(key) > 64 else "") or "''"


def _is_finite(value: float) -> bool:
    # math.isfinite converts an int to float first, which overflows above 1.8e308.
    if isinstance(value, int):
        return abs(value) <= sys.float_info.max
    return math.isfinite(value)


# --- the criterion registry ----------------------------------------------------

_lock = threading.Lock()
_by_tag: dict[str, type[Criterion]] = {}
_tag_of: dict[type[Criterion], str] = {}


def register_criterion(cls: type[Criterion], tag: str | None = None) -> type[Criterion]:
    """Register a criterion class for JSON under ``tag`` (its class name by default).

    Needed only for a criterion whose class name another criterion already
    uses; every other attrs subclass of :class:`Criterion` is found by name.
    Usable as a decorator. Registering a second class under a taken tag is
    an :class:`~etableringsmodell.errors.InvalidValueError`.
    """
    if not (isinstance(cls, type) and issubclass(cls, Criterion) and _is_attrs(cls)):
        raise InvalidTypeError("cls", N_("must be an attrs class that subclasses Criterion"))
    name = cls.__name__ if tag is None else tag
    if not isinstance(name, str) or not name.strip():
        raise InvalidValueError("tag", "must be non-empty text")
    with _lock:
        owner = _by_tag.get(name)
        if owner is not None and owner is not cls:
            raise InvalidValueError(
                "tag", f"{name!r} is already the tag of {owner.__module__}.{owner.__qualname__}"
            )
        _by_tag[name] = cls
        _tag_of[cls] = name
    return cls


def _is_attrs(cls: type) -> bool:
    # attrs.has() narrows to type[AttrsInstance], which would lose the Criterion type.
    return attrs.has(cls)


def _discover() -> None:
    """Register every attrs subclass of Criterion not registered yet, by class name."""
    pending: list[type[Criterion]] = list(Criterion.__subclasses__())
    seen: set[type] = set()
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.add(cls)
        pending.extend(cls.__subclasses__())
        if _is_attrs(cls) and cls not in _tag_of:
            with _lock:
                if cls.__name__ not in _by_tag:
                    _by_tag[cls.__name__] = cls
                    _tag_of[cls] = cls.__name__


def criterion_types() -> dict[str, type[Criterion]]:
    """Every criterion type JSON can carry, by tag (found and registered ones)."""
    _discover()
    with _lock:
        return dict(sorted(_by_tag.items()))


def _tag(cls: type[Criterion]) -> str:
    tag = _tag_of.get(cls)
    if tag is None:
        _discover()
        tag = _tag_of.get(cls)
    if tag is None:
        raise InvalidValueError(
            "type",
            f"criterion class {cls.__module__}.{cls.__qualname__} shares its name with another; "
            "give it a tag with register_criterion",
        )
    return tag


def _lookup(tag: str) -> type[Criterion] | None:
    found = _by_tag.get(tag)
    if found is None:
        _discover()
        found = _by_tag.get(tag)
    return found


# --- leaf hooks ----------------------------------------------------------------


def _structure_date(value: object, _type: object) -> date:
    if not isinstance(value, str):
        raise InvalidTypeError("", f"must be an ISO 8601 date as text, got {_json_type(value)}")
    if _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidValueError("", N_("must be an ISO 8601 date YYYY-MM-DD that exists"))


def _structure_span(value: object, _type: object) -> Span:
    if not isinstance(value, str):
        raise InvalidTypeError("", f"must be an ISO 8601 duration as text, got {_json_type(value)}")
    if not value.isascii():
        raise InvalidValueError("", "must be an ISO 8601 duration like 'P36M' or 'P1Y6M'")
    try:
        return Span.fromisoformat(value)
    except ValidationError as error:
        raise InvalidValueError("", "must be an ISO 8601 duration like 'P36M' or 'P1Y6M'") from error


def _structure_enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    if not isinstance(value, str):
        raise InvalidTypeError("", f"must be the name of a {kind.__name__} as text, got {_json_type(value)}")
    member = kind.__members__.get(value)
    if member is None:
        names = ", ".join(kind.__members__)
        raise InvalidValueError("", f"is not a {kind.__name__}; use one of {names}")
    return member


def _structure_str(value: object, _type: object) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError("", f"must be text, got {_json_type(value)}")
    return value


def _too_long(value: object) -> None:
    if isinstance(value, _LongNumber):
        raise InvalidValueError(
            "", f"is a number of {value.digits:,} digits; at most {MAX_DIGITS:,} are read"
        )


def _structure_int(value: object, _type: object) -> int:
    _too_long(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidTypeError("", f"must be a whole number, got {_json_type(value)}")
    return value


def _structure_float(value: object, _type: object) -> float:
    _too_long(value)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise InvalidTypeError("", f"must be a number, got {_json_type(value)}")
    if not _is_finite(value):
        raise InvalidValueError("", "must be a finite number")
    return float(value)


def _structure_bool(value: object, _type: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError("", f"must be true or false, got {_json_type(value)}")
    return value


def _json_type(value: object) -> str:
    names = {
        str: "text",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "an array",
        dict: "an object",
    }
    if value is None:
        return "null"
    if isinstance(value, _LongNumber):
        return f"a number of {value.digits:,} digits"
    return names.get(type(value), type(value).__name__)


def _quantity_class() -> type | None:
    pint = sys.modules.get("pint")
    return None if pint is None else pint.Quantity


def _is_quantity_class(kind: Any) -> bool:
    quantity = _quantity_class()
    return quantity is not None and isinstance(kind, type) and issubclass(kind, quantity)


def _unstructure_quantity(value: Any) -> dict[str, Any]:
    magnitude = value.magnitude
    if not isinstance(magnitude, int | float) or isinstance(magnitude, bool):
        raise InvalidTypeError(
            "value", f"a quantity's magnitude must be a plain number, got {type(magnitude).__name__}"
        )
    if not _is_finite(magnitude):
        raise InvalidValueError("value", "a quantity's magnitude must be finite to be written as JSON")
    return {"value": magnitude, "unit": str(value.units)}


def _structure_any(value: object, _type: object) -> Any:
    # The model annotates pint quantities as ``Quantity`` (= Any), so an
    # Any-typed field holds a quantity: ``{"value": ..., "unit": ...}``.
    if not isinstance(value, dict):
        raise InvalidTypeError(
            "", f'must be a quantity {{"value": ..., "unit": ...}}, got {_json_type(value)}'
        )
    errors: list[Exception] = [
        UnknownFieldError(str(key), "is not a field of a quantity")
        for key in sorted(set(value) - {"value", "unit"}, key=str)
    ]
    magnitude, unit = value.get("value"), value.get("unit")
    if "value" not in value:
        errors.append(MissingFieldError("value", "is required"))
    elif isinstance(magnitude, _LongNumber):
        errors.append(InvalidValueError("value", f"is a number of {magnitude.digits:,} digits"))
    elif not isinstance(magnitude, int | float) or isinstance(magnitude, bool):
        errors.append(InvalidTypeError("value", f"must be a number, got {_json_type(magnitude)}"))
    elif not _is_finite(magnitude):
        errors.append(InvalidValueError("value", "must be a finite number"))
    if "unit" not in value:
        errors.append(MissingFieldError("unit", "is required"))
    elif not isinstance(unit, str):
        errors.append(InvalidTypeError("unit", f"must be text, got {_json_type(unit)}"))
    if errors:
        raise InvalidDocumentError([e for e in errors if isinstance(e, ValidationError)])
    from etableringsmodell.units import parse_unit, registry

    # A fixed list, never pint's parser: it evaluates exponents (s**9**9**9 never ends).
    return registry().Quantity(magnitude, parse_unit(unit))


def _collection_hook(kind: Any) -> Callable[[object, object], Any]:
    origin = get_origin(kind)
    args = get_args(kind)
    member = args[0] if args else Any
    build: Callable[[list[Any]], Any] = frozenset if origin in (frozenset, set) else tuple
    is_set = build is frozenset
    # Looked up on first use: while this factory runs, the converter is still being built.
    member_hook: list[Callable[[Any, Any], Any]] = []

    def hook(value: object, _type: object) -> Any:
        if not isinstance(value, list):
            raise InvalidTypeError("", f"must be an array, got {_json_type(value)}")
        out: list[Any] = []
        errors: list[Exception] = []
        if not member_hook:
            member_hook.append(_converter().get_structure_hook(member))
        structure_member = member_hook[0]
        for index, item in enumerate(value):
            try:
                out.append(structure_member(item, member))
            except Exception as error:
                error.__notes__ = [IterableValidationNote(f"@ index {index}", index, member)]
                errors.append(error)
        if errors:
            raise IterableValidationError(f"While structuring {kind!r}", errors, kind)
        result = build(out)
        if is_set and len(result) != len(out):
            raise InvalidValueError("", N_("lists the same member twice"))
        return result

    return hook


def _is_collection(kind: Any) -> bool:
    origin = get_origin(kind)
    if origin in (frozenset, set):
        return True
    if origin is tuple:
        args = get_args(kind)
        return len(args) == 2 and args[1] is Ellipsis
    return False


def _is_set_type(kind: Any) -> bool:
    return kind in (frozenset, set) or get_origin(kind) in (frozenset, set)


def _unstructure_set(value: frozenset[Any]) -> list[Any]:
    items = [_converter().unstructure(item) for item in value]
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))


# --- criteria ------------------------------------------------------------------


def _is_criterion_type(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, Criterion)


def _unstructure_criterion(value: Criterion) -> dict[str, Any]:
    cls: Any = type(value)
    if not _is_attrs(cls):
        raise InvalidTypeError(
            "type", f"criterion {cls.__qualname__} is not an attrs class and cannot be written"
        )
    out: dict[str, Any] = {"type": _tag(cls)}
    conv = _converter()
    for a in attrs.fields(cls):
        out[a.name] = conv.unstructure(getattr(value, a.name), unstructure_as=_field_types(cls)[a.name])
    return out


@cache
def _field_types(cls: Any) -> dict[str, Any]:
    attrs.resolve_types(cls)
    return {a.name: (Any if a.type is None else a.type) for a in attrs.fields(cls)}


@cache
def _init_plan(cls: Any) -> tuple[dict[str, inspect.Parameter], frozenset[str]]:
    """How to call ``cls``: its init parameters by field name, and the required field names."""
    params = inspect.signature(cls).parameters
    by_field: dict[str, inspect.Parameter] = {}
    required: set[str] = set()
    for a in attrs.fields(cls):
        name = a.alias if a.alias in params else a.name
        param = params.get(name)
        if param is None:
            continue  # init=False field: not read from input
        by_field[a.name] = param
        if param.default is inspect.Parameter.empty and param.kind is not inspect.Parameter.VAR_POSITIONAL:
            required.add(a.name)
    return by_field, frozenset(required)


def _structure_criterion(value: object, declared: Any) -> Criterion:
    if not isinstance(value, dict):
        raise InvalidTypeError("", f'must be a criterion object with a "type", got {_json_type(value)}')
    tag = value.get("type")
    if "type" not in value:
        raise MissingFieldError("type", "is required: the criterion's type, such as 'AgeBetween'")
    if not isinstance(tag, str):
        raise InvalidTypeError("type", f"must be text, got {_json_type(tag)}")
    cls = _lookup(tag)
    if cls is None:
        raise InvalidValueError(
            "type", "is not a known criterion type; see etableringsmodell.io.criterion_types()"
        )
    if isinstance(declared, type) and not issubclass(cls, declared):
        raise InvalidTypeError("type", f"must be a {declared.__name__}, got {tag}")
    built: Criterion = _structure_by_signature(cls, {k: v for k, v in value.items() if k != "type"})
    return built


def _structure_by_signature(cls: Any, data: Mapping[str, Any]) -> Any:
    """Build an attrs class through its own ``__init__``, whatever its shape.

    Composites like ``AllOf(*criteria, id=..., sources=...)`` take their
    parts as ``*args``; this finds that from the signature instead of
    knowing the class.
    """
    by_field, required = _init_plan(cls)
    types = _field_types(cls)
    conv = _converter()
    errors: list[Exception] = [
        UnknownFieldError(str(key), f"is not a field of {cls.__name__}")
        for key in sorted(set(data) - set(by_field), key=str)
    ]
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for name, param in by_field.items():
        if name not in data:
            if name in required:
                missing = MissingFieldError("", "is required")
                missing.__notes__ = [
                    AttributeValidationNote(f"Required field {name} missing", name, types[name])
                ]
                errors.append(missing)
            continue
        kind = types[name]
        try:
            if param.kind is inspect.Parameter.VAR_POSITIONAL:
                args.extend(conv.structure(data[name], kind))
            else:
                kwargs[param.name] = conv.structure(data[name], kind)
        except Exception as error:
            error.__notes__ = [AttributeValidationNote(f"Structuring {name}", name, kind)]
            errors.append(error)
    if errors:
        raise ClassValidationError(f"While structuring {cls.__name__}", errors, cls)
    return cls(*args, **kwargs)


# --- the converter -------------------------------------------------------------


@built_once
def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(Span, Span.isoformat)
    conv.register_structure_hook(Span, _structure_span)
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda member: member.name
    )
    conv.register_structure_hook(enum.Enum, _structure_enum)
    # cattrs keeps a class hook for int (and str), which an IntEnum (StrEnum)
    # would reach first through its MRO; these are more specific.
    conv.register_structure_hook(enum.IntEnum, _structure_enum)
    conv.register_structure_hook(enum.StrEnum, _structure_enum)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook_func(lambda t: t is Any, _structure_any)
    conv.register_unstructure_hook_func(_is_quantity_class, _unstructure_quantity)
    conv.register_structure_hook_factory(_is_collection, _collection_hook)
    conv.register_unstructure_hook_func(_is_set_type, _unstructure_set)
    conv.register_unstructure_hook_func(_is_criterion_type, _unstructure_criterion)
    conv.register_structure_hook_func(_is_criterion_type, _structure_criterion)
    from etableringsmodell.io import _decisions  # decisions: a rules type, written by this face

    _decisions.register(conv)
    return conv


def converter() -> cattrs.Converter:
    """The library's cattrs converter (built on first use, shared, thread-safe to use).

    Use :func:`structure` rather than ``converter().structure`` to get the
    typed errors with field paths.
    """
    return _converter()


# --- turning cattrs' errors into ours ------------------------------------------


def _join(path: str, name: str) -> str:
    if not name:
        return path
    if not path:
        return name
    return f"{path}{name}" if name.startswith("[") else f"{path}.{name}"


def _rebuild(error: ValidationError, path: str) -> ValidationError:
    copy = type(error).__new__(type(error))
    ValidationError.__init__(copy, path, error.reason)
    return copy


def _flatten(error: BaseException, path: str) -> list[ValidationError]:  # noqa: PLR0911  # one return per kind of error
    if isinstance(error, InvalidDocumentError):
        return [found for inner in error.errors for found in _flatten(inner, _join(path, ""))]
    if isinstance(error, ValidationError):
        return [_rebuild(error, _join(path, error.field) or "document")]
    if isinstance(error, ClassValidationError | IterableValidationError):
        found: list[ValidationError] = []
        for inner in error.exceptions:
            inner_path = path
            for note in getattr(inner, "__notes__", ()):
                if isinstance(note, AttributeValidationNote):
                    inner_path = _join(path, note.name)
                elif isinstance(note, IterableValidationNote):
                    inner_path = f"{path}[{note.index}]"
            found.extend(_flatten(inner, inner_path))
        return found
    if isinstance(error, ForbiddenExtraKeysError):
        return [
            UnknownFieldError(_join(path, str(key)), f"is not a field of {error.cl.__name__}")
            for key in sorted(error.extra_fields, key=str)
        ]
    if isinstance(error, KeyError) and not isinstance(error, EtableringsmodellError):
        return [MissingFieldError(path or "document", "is required")]
    if isinstance(error, RecursionError):
        return [InvalidValueError(path or "document", "is nested too deeply to read")]
    # Anything else is a bug or an input cattrs could not place; its message
    # might quote the input, so only its kind is shown.
    return [InvalidValueError(path or "document", f"could not be read ({type(error).__name__})")]


def structure(data: object, cls: type[T]) -> T:
    """Build a ``cls`` from JSON-like data (no version key), or raise every problem at once.

    Raises :class:`~etableringsmodell.errors.InvalidDocumentError`, whose
    ``errors`` are typed errors each naming its field path.
    """
    try:
        return _converter().structure(data, cls)
    except Exception as error:
        raise InvalidDocumentError(_flatten(error, "")) from None


def unstructure(obj: object) -> Any:
    """JSON-ready data (dicts, lists, text, numbers) for any model value, without a version key."""
    return _converter().unstructure(obj)


def to_dict(obj: object) -> dict[str, Any]:
    """A JSON-ready document: ``format_version`` first, then the object's fields."""
    data = unstructure(obj)
    if not isinstance(data, dict):
        raise InvalidTypeError("obj", f"must be a model object, got {type(obj).__name__}")
    return {VERSION_KEY: FORMAT_VERSION, **data}


def _upgrade(document: Mapping[str, Any]) -> dict[str, Any]:
    if VERSION_KEY not in document:
        raise FormatVersionError(
            VERSION_KEY, f"is missing; documents of this library carry it (now {FORMAT_VERSION})"
        )
    version = document[VERSION_KEY]
    if not isinstance(version, int) or isinstance(version, bool):
        raise FormatVersionError(VERSION_KEY, f"must be a whole number, got {_json_type(version)}")
    if version > FORMAT_VERSION:
        raise FormatVersionError(
            VERSION_KEY,
            f"{version} is newer than this library reads ({FORMAT_VERSION}); upgrade etableringsmodell",
        )
    if version < FORMAT_VERSION and version not in _MIGRATIONS:
        raise FormatVersionError(
            VERSION_KEY, f"{version} is not a version this library can read (it reads 1 to {FORMAT_VERSION})"
        )
    data = {k: v for k, v in document.items() if k != VERSION_KEY}
    while version < FORMAT_VERSION:
        data = _MIGRATIONS[version](data)
        version += 1
    return data


def from_dict(document: object, cls: type[T]) -> T:
    """Read a document written by :func:`to_dict` (any version this library reads)."""
    if not isinstance(document, dict):
        raise InvalidTypeError("document", f"a document must be a JSON object, got {_json_type(document)}")
    return structure(_upgrade(document), cls)


def dumps(obj: object, *, indent: int | None = None) -> str:
    """``obj`` as a JSON document (UTF-8 text, ``format_version`` first)."""
    return json.dumps(to_dict(obj), ensure_ascii=False, allow_nan=False, indent=indent)


def _reject_constant(name: str) -> Any:
    raise InvalidValueError("document", f"{name} is not JSON")


def parse_json(text: str | bytes) -> Any:
    """Parse JSON text as strictly as :func:`loads` does, without building a model object.

    A key given twice in one object, ``NaN`` or ``Infinity``, text that is
    not JSON or not UTF-8, and nesting too deep are typed errors; an integer
    of more than :data:`MAX_DIGITS` digits is kept as a marker that
    :func:`from_dict` reports at its field. For readers of many documents
    (a JSON Lines file) that must treat each line as :func:`loads` would.

    >>> parse_json('{"a": 1, "a": 2}')
    Traceback (most recent call last):
    ...
    etableringsmodell.errors.InvalidValueError: a: is given twice in one object
    """
    if not isinstance(text, str | bytes | bytearray):
        raise InvalidTypeError("text", f"must be JSON text, got {type(text).__name__}")
    try:
        return json.loads(
            text, parse_constant=_reject_constant, parse_int=_parse_int, object_pairs_hook=_unique_keys
        )
    except ValidationError as error:
        # Raised while parsing (a key given twice, NaN): a problem of the text, like bad JSON.
        raise error from None
    except json.JSONDecodeError as error:
        # The decoder's message names the place, never the content.
        raise InvalidValueError(
            "document", f"is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except UnicodeDecodeError:
        raise InvalidValueError("document", "is not UTF-8 text") from None
    except RecursionError:
        raise InvalidValueError("document", "is nested too deeply to read") from None


def loads(text: str | bytes, cls: type[T]) -> T:
    """Read a ``cls`` from a JSON document; every problem is a typed error naming its path."""
    return from_dict(parse_json(text), cls)
