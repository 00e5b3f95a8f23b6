"""One exception hierarchy for the whole library.

Every error a user can provoke with bad input is a :class:`ValidationError`
(a :class:`ValueError`) that names the field it is about. Messages never echo
a participant id or a personal identity number (personnummer): they show the
field, the rule that was broken and, for dates and numbers, the offending
values, which are not personal data on their own.

>>> from etableringsmodell.errors import ValidationError
>>> try:
...     raise DateOrderError("deadline", "2004-01-01 is before the start 2004-06-01")
... except ValidationError as error:
...     print(error.field, "|", error)
deadline | deadline: 2004-01-01 is before the start 2004-06-01
"""

from __future__ import annotations

__all__ = [
    "AmbiguousDateError",
    "DateOrderError",
    "EtableringsmodellError",
    "InvalidCodeError",
    "InvalidTypeError",
    "InvalidValueError",
    "MissingColumnError",
    "MissingExtraError",
    "NotCoveredError",
    "RangeError",
    "UnknownCriterionError",
    "UnknownEntryError",
    "ValidationError",
]


class EtableringsmodellError(Exception):
    """Base class of every error this library raises on purpose."""


class ValidationError(EtableringsmodellError, ValueError):
    """A value given to the library breaks a rule of the model.

    ``field`` is the dotted path of the offending field (for example
    ``"permit.granted_on"``); ``reason`` is a human sentence without the field.
    """

    field: str
    reason: str

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")

    def __reduce__(self) -> tuple[type[ValidationError], tuple[str, str]]:
        # Keeps the error picklable (multiprocessing, Dask) with its field.
        return (type(self), (self.field, self.reason))


class InvalidTypeError(ValidationError, TypeError):
    """A field got a value of the wrong type (also a :class:`TypeError`)."""


class InvalidValueError(ValidationError):
    """A field got a value outside its domain (a negative target, an empty id)."""


class InvalidCodeError(InvalidValueError):
    """A classification code is malformed (SSYK 2012, kommunkod, SFI course)."""


class RangeError(InvalidValueError):
    """The bounds of a range are the wrong way round (min above max)."""


class DateOrderError(InvalidValueError):
    """Two dates are in an impossible order (birth after reception, deadline before start)."""


class AmbiguousDateError(InvalidValueError):
    """Calendar arithmetic that has no single answer was asked for.

    The library refuses such a case rather than guess (in the manner of Catala):
    for example a negative span, whose month-end clamping is not reversible.
    """


class NotCoveredError(EtableringsmodellError, LookupError):
    """A rule, programme or agreement was asked about a date it does not cover."""

    def __init__(self, what: str, on: object, covered: str) -> None:
        self.what = what
        self.on = on
        self.covered = covered
        super().__init__(f"{what} does not cover {on}: it covers {covered}")

    def __reduce__(self) -> tuple[type[NotCoveredError], tuple[str, object, str]]:
        return (type(self), (self.what, self.on, self.covered))


class UnknownEntryError(EtableringsmodellError, KeyError):
    """No catalogue entry has the id asked for."""

    def __str__(self) -> str:
        # KeyError's str() would repr the message; show the sentence itself.
        return str(self.args[0]) if self.args else "unknown catalogue entry"


class UnknownCriterionError(EtableringsmodellError, TypeError):
    """A criterion of a type no evaluator is registered for was evaluated."""


class MissingColumnError(InvalidValueError):
    """A table given to the batch path lacks a column the rule needs (``field`` is the column)."""


class MissingExtraError(EtableringsmodellError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{purpose} needs {package}, which is not installed: pip install 'etableringsmodell[{extra}]'"
        )

    def __reduce__(self) -> tuple[type[MissingExtraError], tuple[str, str, str]]:
        purpose = str(self).split(" needs ", 1)[0]
        return (type(self), (self.package, self.extra, purpose))
