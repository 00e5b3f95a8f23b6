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

import re
from typing import Any

__all__ = [
    "AmbiguousDateError",
    "DateOrderError",
    "EtableringsmodellError",
    "FormatVersionError",
    "InvalidCodeError",
    "InvalidDocumentError",
    "InvalidPersonalNumberError",
    "InvalidTypeError",
    "InvalidValueError",
    "MissingColumnError",
    "MissingExtraError",
    "MissingFieldError",
    "NotCoveredError",
    "OutOfCalendarError",
    "RangeError",
    "UndecodableTextError",
    "UnknownCriterionError",
    "UnknownEntryError",
    "UnknownFieldError",
    "ValidationError",
    "redact",
]


_PERSONAL_NUMBER_LIKE = re.compile(r"\d{6,}[-+ \u00a0\u202f\u2010-\u2015\u2212\ufe63\uff0d./_]?\d{4,}")
# Any dash (hyphen, en and em dash, minus sign, full-width hyphen), a space or
# no-break space, '.', '/' or '_' between the date and the serial number.


def redact(text: str) -> str:
    """Mask every run of digits long enough to be a personal identity number.

    Ten or more digits, with or without a separator after the sixth or eighth
    (``YYMMDD-NNNC``, ``YYYYMMDDNNNC``): ISO dates and codes stay readable.

    >>> redact("'19121212-1212' is not an SSYK 2012 code; 2004-06-01 stays")
    "'<redacted>' is not an SSYK 2012 code; 2004-06-01 stays"
    """
    return _PERSONAL_NUMBER_LIKE.sub("<redacted>", text)


_CAUSE: Any = BaseException.__dict__["__cause__"]
_CONTEXT: Any = BaseException.__dict__["__context__"]


def _masked_chain(error: BaseException | None) -> BaseException | None:
    """A chained exception, unless its text holds something shaped like a personal number.

    Such an exception is dropped from the chain (traceback and logging read
    ``__cause__`` and ``__context__`` through these properties), so a number
    in another library's message does not reach a log through ours.
    """
    if error is None or isinstance(error, ValidationError):
        return error
    try:
        text = f"{error!s} {error!r}"
    except Exception:  # an exception whose str fails shows nothing either way
        return None
    return None if _PERSONAL_NUMBER_LIKE.search(text) else error


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
        # A personal identity number can reach a message by accident (typed
        # into the wrong column, echoed by a validator that shows bad codes),
        # so anything shaped like one is masked here, where every error passes.
        self.field = redact(field)
        self.reason = redact(reason)
        super().__init__(f"{self.field}: {self.reason}")

    @property  # hides what the chained exception would show
    def __cause__(self) -> BaseException | None:
        return _masked_chain(_CAUSE.__get__(self))

    @__cause__.setter
    def __cause__(self, value: BaseException | None) -> None:
        _CAUSE.__set__(self, value)

    @property
    def __context__(self) -> BaseException | None:
        return _masked_chain(_CONTEXT.__get__(self))

    @__context__.setter
    def __context__(self, value: BaseException | None) -> None:
        _CONTEXT.__set__(self, value)

    def __reduce__(self) -> tuple[type[ValidationError], tuple[str, str]]:
        # Keeps the error picklable (multiprocessing, Dask) with its field.
        return (type(self), (self.field, self.reason))


class InvalidDocumentError(ValidationError):
    """A document or row (JSON, a CSV row) could not be read into the model.

    ``errors`` holds every problem found, each a :class:`ValidationError`
    whose ``field`` is the full path in the document, such as
    ``"competences[0].occupation"``; ``field`` and ``reason`` are the first
    one's, and the message lists them all.
    """

    errors: tuple[ValidationError, ...]

    def __init__(self, errors: tuple[ValidationError, ...] | list[ValidationError]) -> None:
        self.errors = tuple(errors)
        if not self.errors:
            raise ValueError("an InvalidDocumentError needs at least one error")
        first = self.errors[0]
        if len(self.errors) == 1:
            super().__init__(first.field, first.reason)
        else:
            rest = "; ".join(str(error) for error in self.errors[1:])
            super().__init__(first.field, f"{first.reason} (and {len(self.errors) - 1} more: {rest})")

    def __reduce__(self) -> tuple[type[InvalidDocumentError], tuple[tuple[ValidationError, ...]]]:  # type: ignore[override]  # its one argument is the errors
        return (type(self), (self.errors,))


class InvalidTypeError(ValidationError, TypeError):
    """A field got a value of the wrong type (also a :class:`TypeError`)."""


class InvalidValueError(ValidationError):
    """A field got a value outside its domain (a negative target, an empty id)."""


class InvalidCodeError(InvalidValueError):
    """A classification code is malformed (SSYK 2012, kommunkod, SFI course)."""


class MissingFieldError(InvalidValueError):
    """A required field or column is missing from a document or row."""


class UnknownFieldError(InvalidValueError):
    """A document or file has a field or column the model does not know.

    Refused (or, for cohort files, reported) rather than silently ignored.
    """


class FormatVersionError(InvalidValueError):
    """A document's ``format_version`` is missing, malformed or not one this version reads."""


class InvalidPersonalNumberError(InvalidValueError):
    """A personal identity number (personnummer) or coordination number is malformed.

    The message says what is wrong and never repeats the number.
    """


class UndecodableTextError(InvalidValueError):
    """A line of a file cannot be decoded in the file's encoding; the other lines are read."""


class RangeError(InvalidValueError):
    """The bounds of a range are the wrong way round (min above max)."""


class DateOrderError(InvalidValueError):
    """Two dates are in an impossible order (birth after reception, deadline before start)."""


class OutOfCalendarError(InvalidValueError):
    """Date arithmetic would leave the calendar Python can hold (years 1 to 9999).

    Raised instead of the bare ``ValueError`` or ``OverflowError`` of
    :mod:`datetime`; ``field`` names the date or span that went too far.
    """


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
