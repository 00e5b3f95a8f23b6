"""attrs validators that raise the library's typed errors, naming the field.

attrs' own validators raise bare TypeError/ValueError whose messages repr the
value; ours name the field, stay inside :mod:`etableringsmodell.errors`, and
never echo an id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import attrs

from etableringsmodell.errors import InvalidCodeError, InvalidTypeError, InvalidValueError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def is_date(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A :class:`datetime.date` that is not a datetime (a time of day would be dropped)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidTypeError(attribute.name, f"must be a datetime.date, got {type(value).__name__}")


def optional_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        is_date(instance, attribute, value)


def instance_of(kind: type | tuple[type, ...]) -> Validator:
    """Like ``attrs.validators.instance_of`` with our error (bool is no int here)."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
            names = " or ".join(k.__name__ for k in _kinds(kind))
            raise InvalidTypeError(attribute.name, f"must be {names}, got {type(value).__name__}")

    return check


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def optional(inner: Validator) -> Validator:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def non_empty_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(attribute.name, f"must be text, got {type(value).__name__}")
    if not value.strip():
        raise InvalidValueError(attribute.name, "must not be empty")
    encodable(attribute.name, value)


def encodable(field: str, value: str) -> None:
    """Refuse a lone surrogate: such text cannot be written as UTF-8, so no writer could keep it."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidValueError(field, "is not valid Unicode text (it holds a lone surrogate)") from None


def whole_number(minimum: int | None = None) -> Validator:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidTypeError(attribute.name, f"must be a whole number, got {type(value).__name__}")
        if minimum is not None and value < minimum:
            raise InvalidValueError(attribute.name, f"must be at least {minimum}, got {value}")

    return check


def members_of(kind: type | tuple[type, ...]) -> Validator:
    """Every member of a tuple or frozenset is an instance of ``kind``."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        for index, item in enumerate(value):
            if not isinstance(item, kind):
                names = " or ".join(k.__name__ for k in _kinds(kind))
                raise InvalidTypeError(
                    f"{attribute.name}[{index}]", f"must be {names}, got {type(item).__name__}"
                )

    return check


_SSYK = re.compile(r"^[0-9]{1,4}$")


def ssyk_code(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An SSYK 2012 code: 1 to 4 digits (major group to unit group)."""
    if not isinstance(value, str):
        raise InvalidTypeError(
            attribute.name, f"must be an SSYK 2012 code as text, got {type(value).__name__}"
        )
    if not _SSYK.match(value):
        raise InvalidCodeError(attribute.name, f"{value!r} is not an SSYK 2012 code of 1 to 4 digits")


def ssyk_codes(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for index, code in enumerate(value):
        try:
            ssyk_code(instance, attribute, code)
        except InvalidTypeError as error:
            raise InvalidTypeError(f"{attribute.name}[{index}]", error.reason) from None
        except InvalidCodeError as error:
            raise InvalidCodeError(f"{attribute.name}[{index}]", error.reason) from None


_KOMMUNKOD = re.compile(r"^[0-2][0-9]{3}$")


def municipality_code(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A 4-digit kommunkod: county (län) 01-25 then two digits (SCB)."""
    if value is None:
        return
    if not isinstance(value, str):
        raise InvalidTypeError(
            attribute.name, f"must be a 4-digit kommunkod as text, got {type(value).__name__}"
        )
    if not _KOMMUNKOD.match(value) or not 1 <= int(value[:2]) <= 25:
        raise InvalidCodeError(attribute.name, f"{value!r} is not a 4-digit kommunkod (county 01-25)")


def to_tuple(value: Any) -> Any:
    """Converter: keep a tuple, turn any other iterable (not text) into one."""
    if isinstance(value, tuple):
        return value
    if isinstance(value, str | bytes):
        return value  # the validator names the field and refuses it
    try:
        return tuple(value)
    except TypeError:
        return value


def to_frozenset(value: Any) -> Any:
    if isinstance(value, frozenset):
        return value
    if isinstance(value, str | bytes):
        return value
    try:
        return frozenset(value)
    except TypeError:
        return value


def is_tuple(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise InvalidTypeError(attribute.name, f"must be a sequence, got {type(value).__name__}")


def is_frozenset(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, frozenset):
        raise InvalidTypeError(attribute.name, f"must be a set, got {type(value).__name__}")
