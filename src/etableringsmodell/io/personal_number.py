"""Personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

A personnummer is ``YYMMDD-NNNC``: the birth date, a three-digit birth number
(odd for men, even for women) and a Luhn check digit over the nine digits
before it (Folkbokföringslag (1991:481) 18 §; Skatteverket's SKV 704). A
samordningsnummer, which newly arrived people often have before they are
registered (Folkbokföringslag 18 a §), is the same with 60 added to the day.
Both are accepted here, in 10 or 12 digits, with or without the separator:
``-``, or ``+`` from the year the person turns 100.

The check itself is done by the ``personnummer`` package (install the extra
``etableringsmodell[ids]``), which accepts coordination numbers where
python-stdnum's ``se.personnummer`` does not; this module is a thin wrapper
that gives our own typed errors, resolves the century of a 10-digit number
from a reference date the caller gives (the package reads the clock), and
keeps the number out of every repr, str, error message and log line.

>>> from datetime import date
>>> number = PersonalNumber.parse("19121212-1212")
>>> number
PersonalNumber(<masked>)
>>> print(number)
<masked personal number>
>>> number.birth_date
datetime.date(1912, 12, 12)
>>> PersonalNumber.parse("121212+1212", on=date(2024, 1, 1)) == number
True
>>> PersonalNumber.parse("19701063-2391").is_coordination_number
True
>>> PersonalNumber.parse("19701063-2391").birth_date
datetime.date(1970, 10, 3)
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from etableringsmodell.errors import (
    DateOrderError,
    InvalidPersonalNumberError,
    InvalidTypeError,
    InvalidValueError,
    MissingExtraError,
)
from etableringsmodell.i18n import N_

if TYPE_CHECKING:
    from etableringsmodell.model import Participant

__all__ = ["MIN_KEY_BYTES", "PersonalNumber", "participant_from_personal_number", "pseudonymise"]

MIN_KEY_BYTES: Final = 16
"""The shortest pseudonymisation key accepted: 128 bits, so the pseudonyms cannot be found by trying keys."""

# ASCII digits only: ``\\d`` would also take Arabic-Indic and other digits.
_FORM = re.compile(r"^([0-9]{2})?([0-9]{2})([0-9]{2})([0-9]{2})([-+]?)([0-9]{3})([0-9])$")
_FIELD = "personal_number"


def _parse_with_library(twelve_digits: str) -> date:
    """Check the Luhn digit and the date with the ``personnummer`` package; return the birth date."""
    try:
        from personnummer import personnummer  # the package's own module; its __init__ is empty
    except ImportError:  # pragma: no cover - the dev extra installs it
        raise MissingExtraError("personnummer", "ids", "Checking personal identity numbers") from None
    try:
        parsed = personnummer.parse(twelve_digits)
    except personnummer.PersonnummerException:
        raise InvalidPersonalNumberError(
            _FIELD, "the check digit or the date is wrong (not a valid personnummer or samordningsnummer)"
        ) from None
    born: date = parsed.get_date()
    return born


class PersonalNumber:
    """A checked personnummer or samordningsnummer, masked whenever shown.

    Build one with :meth:`parse`. ``repr()``, ``str()`` and f-strings show
    ``<masked>``; the digits come out only through :meth:`digits`, which a
    caller must ask for by name. Equal numbers compare and hash equal, however
    they were written.
    """

    __slots__ = ("_digits", "birth_date", "is_coordination_number")

    _digits: str
    birth_date: date
    """The birth date the number encodes (the day less 60 for a samordningsnummer)."""
    is_coordination_number: bool
    """Whether this is a samordningsnummer (day plus 60) rather than a personnummer."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        raise TypeError("build a PersonalNumber with PersonalNumber.parse(text, on=...)")

    @classmethod
    def parse(cls, text: object, *, on: date | None = None) -> PersonalNumber:
        """Check ``text`` and return the number, or raise :class:`InvalidPersonalNumberError`.

        Accepts ``YYYYMMDDNNNC``, ``YYYYMMDD-NNNC``, ``YYMMDDNNNC``,
        ``YYMMDD-NNNC`` and ``YYMMDD+NNNC``, with surrounding spaces. A
        10-digit number does not say its century: ``on`` is the date it was
        written on, and the birth year is the latest one not after ``on``'s
        year that ends in ``YY`` (``-`` or no separator), or a century before
        that (``+``, used from the year one turns 100). Without ``on`` a
        10-digit number is refused rather than resolved against the clock.
        For a 12-digit number ``on``, when given, checks a ``+``.
        """
        if not isinstance(text, str):
            raise InvalidTypeError(_FIELD, f"must be text, got {type(text).__name__}")
        if on is not None and not isinstance(on, date):
            raise InvalidTypeError("on", f"must be a datetime.date, got {type(on).__name__}")
        match = _FORM.match(text.strip())
        if match is None:
            raise InvalidPersonalNumberError(
                _FIELD, "must be 10 or 12 digits, as YYMMDD-NNNC or YYYYMMDDNNNC ('-' or '+' optional)"
            )
        century, yy, month, day, separator, serial, check = match.groups()
        if century is None:
            if on is None:
                raise InvalidPersonalNumberError(
                    _FIELD, "a 10-digit number needs the date it was written on (on=) to know its century"
                )
            year = on.year - (on.year - int(yy)) % 100
            if separator == "+":
                year -= 100
        else:
            year = int(century + yy)
        born = _parse_with_library(f"{year:04d}{month}{day}{serial}{check}")
        number = object.__new__(cls)
        object.__setattr__(number, "_digits", f"{year:04d}{month}{day}{serial}{check}")
        object.__setattr__(number, "birth_date", born)
        object.__setattr__(number, "is_coordination_number", int(day) > 60)
        if on is not None:
            if born > on:
                raise DateOrderError(_FIELD, f"encodes a birth date after {on.isoformat()}")
            if separator == "+" and on.year - born.year < 100:
                raise InvalidPersonalNumberError(
                    _FIELD,
                    f"'+' is only used from the year one turns 100, and on {on.isoformat()} this person is younger",
                )
        return number

    @classmethod
    def is_valid(cls, text: object, *, on: date | None = None) -> bool:
        """Whether :meth:`parse` would accept ``text``."""
        try:
            cls.parse(text, on=on)
        except InvalidValueError:
            return False
        return True

    def digits(self, *, long: bool = True, separator: bool = False) -> str:
        """The number in clear: ``YYYYMMDDNNNC`` (``long``) or ``YYMMDDNNNC``.

        ``separator`` puts ``-`` before the last four digits (for the short
        form callers must themselves decide between ``-`` and ``+``, which
        depends on the date the number is written on, so it gets ``-``).
        Only call this to hand the number to a system that needs it.
        """
        text = self._digits if long else self._digits[2:]
        return f"{text[:-4]}-{text[-4:]}" if separator else text

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a PersonalNumber cannot be changed")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a PersonalNumber cannot be changed")

    def __repr__(self) -> str:
        return "PersonalNumber(<masked>)"

    def __str__(self) -> str:
        return "<masked personal number>"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PersonalNumber):
            return NotImplemented
        return hmac.compare_digest(self._digits, other._digits)

    def __hash__(self) -> int:
        return hash((PersonalNumber, self._digits))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickling (multiprocessing) keeps the number: it is data, not display.
        return (_restore, (self._digits,))

    def __copy__(self) -> PersonalNumber:
        return self

    def __deepcopy__(self, _memo: object) -> PersonalNumber:
        return self


def _restore(digits: str) -> PersonalNumber:
    return PersonalNumber.parse(digits)


def pseudonymise(number: PersonalNumber, key: bytes, *, length: int = 32) -> str:
    """A keyed pseudonym (HMAC-SHA256) of ``number``, as ``length`` hex digits.

    The same number and key always give the same pseudonym, however the
    number was written (10 or 12 digits, with or without separator), so
    analysts can join data sets on it without the number. Without the key
    the pseudonym cannot be traced back by trying every possible number (as a
    plain hash could: there are only a few hundred million). ``key`` is the
    caller's secret, at least :data:`MIN_KEY_BYTES` bytes; the library never
    stores it. A samordningsnummer and the personnummer the same person gets
    later are different numbers and have different pseudonyms.

    ``length`` (8 to 64 hex digits) shortens the pseudonym; 32 (128 bits) is
    far beyond any risk of two people sharing one.

    >>> number = PersonalNumber.parse("19121212-1212")
    >>> pseudonymise(number, b"0123456789abcdef")[:12]
    '9f708bad322f'
    """
    if not isinstance(number, PersonalNumber):
        raise InvalidTypeError("number", f"must be a PersonalNumber, got {type(number).__name__}")
    if not isinstance(key, bytes | bytearray):
        raise InvalidTypeError("key", f"must be bytes, got {type(key).__name__}")
    if len(key) < MIN_KEY_BYTES:
        raise InvalidValueError("key", f"must be at least {MIN_KEY_BYTES} bytes, got {len(key)}")
    if not isinstance(length, int) or isinstance(length, bool) or not 8 <= length <= 64:
        raise InvalidValueError("length", "must be a whole number from 8 to 64")
    return hmac.new(bytes(key), number._digits.encode("ascii"), hashlib.sha256).hexdigest()[:length]


def participant_from_personal_number(
    number: PersonalNumber,
    key: bytes,
    *,
    received_on: date,
    birth_date: date | None = None,
    **fields: Any,
) -> Participant:
    """A :class:`~etableringsmodell.model.Participant` whose id is the keyed pseudonym of ``number``.

    The birth date comes from the number; when ``birth_date`` is given too
    it must agree, or :class:`~etableringsmodell.errors.DateOrderError` is
    raised (without either date, which together with the rest would point at
    the person). ``fields`` are the participant's other fields.

    >>> from datetime import date
    >>> person = participant_from_personal_number(
    ...     PersonalNumber.parse("19701063-2391"), b"0123456789abcdef", received_on=date(2003, 1, 10)
    ... )
    >>> person.birth_date, len(person.id)
    (datetime.date(1970, 10, 3), 32)
    """
    from etableringsmodell.model import Participant

    if not isinstance(number, PersonalNumber):
        raise InvalidTypeError("number", f"must be a PersonalNumber, got {type(number).__name__}")
    if "id" in fields:
        raise InvalidValueError("id", N_("is the pseudonym of the personal number; do not give one"))
    if birth_date is not None and birth_date != number.birth_date:
        raise DateOrderError("birth_date", "does not agree with the birth date in the personal number")
    return Participant(
        pseudonymise(number, key), birth_date=number.birth_date, received_on=received_on, **fields
    )
