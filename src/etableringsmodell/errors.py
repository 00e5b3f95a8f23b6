"""One exception hierarchy for the whole library.

Every error a user can provoke with bad input is a :class:`ValidationError`
(a :class:`ValueError`) that names the field it is about. Messages never echo
a participant id or a personal identity number (personnummer): they show the
field, the rule that was broken and, for dates and numbers, the offending
values, which are not personal data on their own.

Every error's text is also written in Swedish: ``str(error)`` stays English
(scripts and logs read it), and :meth:`EtableringsmodellError.text` gives it
in a language of :mod:`etableringsmodell.i18n`, by default the current one.
The sentences are msgids of the library's gettext catalogue: a reason that is
a msgid, or has the shape of one with fields (``{day} is before the start
{start}``), is translated, its values kept as they are; a reason in no such
shape stays in English.

>>> from etableringsmodell.errors import ValidationError
>>> try:
...     raise DateOrderError("deadline", "2004-01-01 is before the start 2004-06-01")
... except ValidationError as error:
...     print(error.field, "|", error, "|", error.text("sv"))
deadline | deadline: 2004-01-01 is before the start 2004-06-01 | deadline: 2004-01-01 är före starten 2004-06-01
"""

from __future__ import annotations

import re
from functools import cache
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


def N_(message: str) -> str:  # noqa: N802  # gettext's marker; i18n's own would import this module
    """Mark ``message`` for the catalogue (``pybabel extract``), untranslated."""
    return message


# The shapes of the reasons the library gives, as msgids whose fields are the
# values a reason quotes. A reason of one of these shapes is written in the
# reader's language by translate_text; the English text stays what str() shows.
_SHAPES = (
    # Dates and spans: the calendar and the model.
    N_("must be a datetime.date, got {type}"),
    N_("must be a whole number, got {value}"),
    N_("must not be negative, got {value}"),
    N_("{day} is before the start {start}"),
    N_("{day} is before the birth date {birth}"),
    N_("{day} is before the birth date"),
    N_("{day} is after the grant date {granted}"),
    N_("{day} is after received_on {received}"),
    N_("{day} is not on or after plan_started_on ({start})"),
    N_("{day} is not after applied_from {start}"),
    N_("{day} is before the goal's start {start}"),
    N_("{day} is before effective_from {start}"),
    N_("{day} overlaps the version before it ({other})"),
    N_("{day} leaves a gap after {other}"),
    N_("{what} {value} falls outside the years 1 to 9999"),
    N_("must be between 1 and 9999, got {value}"),
    N_("{text} is not an ISO 8601 duration like 'P36M'"),
    N_("must be an ISO 8601 duration like 'P36M' or 'P1Y6M'"),
    N_("must be an ISO 8601 date as text, got {type}"),
    N_("must be an ISO 8601 duration as text, got {type}"),
    N_("a span counts whole days, not hours or seconds"),
    N_("a relativedelta with absolute fields is not a span"),
    N_("no one born in year 1 or later is {age} years old on {on}"),
    N_("the period must end before 9999-12-31 to be counted in months"),
    N_("{span} is longer than max_duration {maximum}"),
    # types and values
    N_("must be text, got {type}"),
    N_("must be {expected}, got {type}"),
    N_("must be a {expected}, got {type}"),
    N_("must be at least {minimum}, got {value}"),
    N_("must be a sequence, got {type}"),
    N_("must be a set, got {type}"),
    N_("must not be empty"),
    N_("must be non-empty text"),
    N_("must be true or false"),
    N_("must be true or false, got {type}"),
    N_("must be a whole number"),
    N_("must be a number"),
    N_("must be a finite number"),
    N_("must be one of {allowed}"),
    N_("is empty"),
    N_("is required"),
    N_("is not valid Unicode text (it holds a lone surrogate)"),
    N_("is more than 2**53 ({limit}); paces could not be computed exactly"),
    # the model
    N_("the minimum {low} is above the maximum {high}"),
    N_("an age range needs at least one bound"),
    N_("needs at least one source"),
    N_("must name at least one SSYK 2012 code"),
    N_("a composite needs at least one criterion"),
    N_("must name at least one member"),
    N_("an agreement needs at least one party"),
    N_("a programme needs at least one version"),
    N_("a dated rule must cite its source, not UNCITED"),
    N_("{item} appears twice"),
    N_("{item} is given twice"),
    N_("{code} is not an SSYK 2012 code of 1 to 4 digits"),
    N_("must be an SSYK 2012 code as text, got {type}"),
    N_("{code} is not a 4-digit kommunkod (county 01-25)"),
    N_("must be a 4-digit kommunkod as text, got {type}"),
    N_("SUN 2020 has groups 1 to 7, got {value}"),
    N_("SFI has courses A to D, got {value}"),
    N_("SFI has study paths 1 to 3, got {value}"),
    N_("SSYK 2012 has levels 1 to 4, got {value}"),
    N_("sponsor facts belong to a family-tie permit, not to {ground}"),
    N_("is a personal identity number; pseudonymise it or use another id"),
    # units
    N_("is not a unit of the model; use years, months, weeks or days"),
    N_("must be in years, months, weeks or days, got {unit}"),
    N_("must have dimension {expected}, got {actual}"),
    N_("must be a pint quantity of {expected}, got {type}"),
    N_("must be a quantity such as '4 year'"),
    # personal identity numbers
    N_("does not agree with the birth date in the personal number"),
    N_("the check digit or the date is wrong (not a valid personnummer or samordningsnummer)"),
    N_("must be 10 or 12 digits, as YYMMDD-NNNC or YYYYMMDDNNNC ('-' or '+' optional)"),
    N_("a 10-digit number needs the date it was written on (on=) to know its century"),
    N_("encodes a birth date after {on}"),
    N_("a personal_number needs a pseudonymisation key"),
    N_("needs a pseudonymisation key (key=) to be read"),
    N_("give an id or a personal_number, not both"),
    N_("the file has a personal_number column: give the pseudonymisation key to read it"),
    # cohort files and documents
    N_("is a required column and is missing"),
    N_("is not a participant field; its values are not read"),
    N_("appears twice in the header"),
    N_("the file has no header row"),
    N_("repeats the id of line {line}; this row is left out"),
    N_("has {cells} cells where the header has {expected}"),
    N_("is not well-formed CSV ({detail})"),
    N_("line {line} holds bytes that are not UTF-8 text; the line is left out"),
    N_("has leading or trailing spaces (or is empty), which a CSV cell loses"),
    N_("contains ';' or '|', which the CSV format uses to separate values"),
    N_("is not a field of this document"),
    N_("is not a field of {what}"),
    N_("is given twice in one object"),
    N_("a document must be a JSON object, got {type}"),
    N_("must be a JSON object"),
    N_("must be JSON text, got {type}"),
    N_("is not a known criterion type; see etableringsmodell.io.criterion_types()"),
    N_("is required: the criterion's type, such as 'AgeBetween'"),
    N_("is missing; documents of this library carry it (now {version})"),
    N_("{version} is newer than this library reads ({reads}); upgrade etableringsmodell"),
    N_("could not be read ({detail})"),
    # the service
    N_("is required: a date such as 2004-06-01"),
    N_("must be an ISO date such as 2004-06-01"),
    N_("is not valid JSON: {detail} at line {line} column {column}"),
    N_("is not UTF-8 text"),
    N_("is nested too deeply to read"),
    N_("holds a number too large to read"),
    N_("at most {count} in one request"),
    N_("{what} is not JSON"),
    N_("{entry} is an agreement, not a programme with versions"),
    N_("{goal} has no such goal; its goals: {goals}"),
    N_("no status is on record for this goal; give achieved and on"),
    # the frames of errors that are not about one field
    N_("{what} does not cover {on}: it covers {covered}"),
    N_("agreement {id}"),
    N_("{start} to {end}"),
    N_("with no stated end"),
    N_("no catalogue entry {id}; known entries: {known}"),
    N_("{purpose} needs {package}, which is not installed: pip install '{install}'"),
    N_("no evaluator is registered for {type}; register one with {how}"),
    N_("(and {count} more: {rest})"),
)
_FIELD = re.compile(r"\{(\w+)\}")


@cache
def _shapes(shapes: tuple[str, ...] = _SHAPES) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each shape as a pattern over English text, the longest (most specific) first."""
    compiled = []
    for shape in sorted(shapes, key=lambda m: (-len(_FIELD.sub("", m)), m)):
        parts = _FIELD.split(shape)
        # Literal text escaped; each field matches any text (the values a reason quotes).
        pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        compiled.append((re.compile(pattern + r"\Z", re.DOTALL), shape))
    return tuple(compiled)


def translate_text(text: str, lang: str | None = None, *, shapes: tuple[str, ...] = _SHAPES) -> str:
    """An English message of the library in ``lang`` (by default the current language).

    A msgid is translated; a text with the shape of a msgid with fields is
    translated with the values it quotes (each value translated in turn, as
    in ``agreement goteborg-2004``); any other text is returned as it is.
    ``shapes`` are the msgids tried, by default those of the library's errors.

    >>> translate_text("2004-01-01 is before the birth date 2004-06-01", "sv")
    '2004-01-01 är före födelsedagen 2004-06-01'
    >>> translate_text("something this library never says", "sv")
    'something this library never says'
    """
    from etableringsmodell.i18n import SUPPORTED, current, translate

    lang = current() if lang is None else lang
    if lang not in SUPPORTED:
        raise InvalidValueError("lang", f"must be one of {', '.join(SUPPORTED)}")
    if lang == "en" or not text:
        return text
    translated = translate(text, lang)
    if translated != text:
        return translated
    for pattern, shape in _shapes(shapes):
        found = pattern.match(text)
        if found is not None:
            values = {k: translate_text(v, lang) for k, v in found.groupdict().items()}
            return translate(shape, lang).format(**values)
    # "field: reason", as str() of a typed error writes it: the field is a name, the reason a message.
    field = _FIELD_PREFIX.match(text)
    if field is not None:
        reason = translate_text(field.group(2), lang, shapes=shapes)
        if reason != field.group(2):
            return f"{field.group(1)}: {reason}"
    return text


_FIELD_PREFIX = re.compile(r"([\w.\[\]-]+): (.+)", re.DOTALL)


class EtableringsmodellError(Exception):
    """Base class of every error this library raises on purpose."""

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``"sv"`` or ``"en"``), by default the current language.

        ``str(error)`` is always English; this is the text for a reader.
        """
        return translate_text(str(self), lang)


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

    def text(self, lang: str | None = None) -> str:
        """``field: reason`` with the reason in ``lang``; the field is a name in the data, kept as it is."""
        return f"{self.field}: {translate_text(self.reason, lang)}"

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

    def text(self, lang: str | None = None) -> str:
        """Every problem's text in ``lang``: the first one's, then the rest in brackets."""
        first = self.errors[0]
        if len(self.errors) == 1:
            return first.text(lang)
        from etableringsmodell.i18n import translate

        rest = "; ".join(error.text(lang) for error in self.errors[1:])
        more = translate("(and {count} more: {rest})", lang).format(count=len(self.errors) - 1, rest=rest)
        return f"{first.text(lang)} {more}"

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
