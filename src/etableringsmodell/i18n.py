"""Swedish and English: the language a message is written in, chosen per call.

Messages are marked with :func:`_` in the code and kept in gettext catalogues
under ``etableringsmodell/locale/<lang>/LC_MESSAGES/etableringsmodell.po``,
maintained with Babel (``pybabel extract`` / ``update`` / ``compile``; see
``docs/architecture.md``). English is the source language, so its catalogue is
empty and a message without a Swedish translation is caught by the test suite,
not shown half in English. The Swedish terms are the statutes' and
Arbetsförmedlingen's (``shared/GLOSSARY.md``): kommunmottagen, folkbokförd,
uppehållstillstånd, etableringsplan, handlingsplan, anmäld som arbetssökande.

A language is chosen for a block of code with :func:`language` (a context
variable, so threads and asyncio tasks each keep their own), and the lazy
messages of a decision are rendered in it: ``decision.explain(lang="sv")``,
``reason.text("sv")``.

>>> from etableringsmodell.i18n import format_number, negotiate
>>> format_number(1288, "sv") == "1\\N{NO-BREAK SPACE}288", format_number(1288, "en")
(True, '1,288')
>>> negotiate("sv-SE,sv;q=0.9,en;q=0.5"), negotiate("fr"), negotiate(None)
('sv', 'en', 'en')
"""

from __future__ import annotations

import contextvars
import gettext as _gettext
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from etableringsmodell.errors import InvalidValueError

__all__ = [
    "DEFAULT",
    "N_",
    "SUPPORTED",
    "Message",
    "current",
    "format_date",
    "format_number",
    "format_percent",
    "language",
    "lazy",
    "negotiate",
    "translate",
]

SUPPORTED = ("en", "sv")
"""The languages messages are written in; the first is the default."""
DEFAULT = SUPPORTED[0]
DOMAIN = "etableringsmodell"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("etableringsmodell_language", default=DEFAULT)


def _checked(lang: str) -> str:
    if lang not in SUPPORTED:
        raise InvalidValueError("lang", f"must be one of {', '.join(SUPPORTED)}")
    return lang


@cache
def _catalogue(lang: str) -> _gettext.NullTranslations:
    # Built once per language; gettext's own objects are safe to read from many threads.
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])


def translate(message: str, lang: str | None = None) -> str:
    """``message`` (an English msgid) in ``lang``, or in the current language (:func:`language`)."""
    return _catalogue(_current.get() if lang is None else _checked(lang)).gettext(message)


def _(message: str) -> str:
    """Mark ``message`` for the catalogue and translate it into the current language."""
    return translate(message)


def N_(message: str) -> str:  # noqa: N802  # gettext's conventional name for a marker
    """Mark ``message`` for the catalogue without translating it yet (it is translated where shown)."""
    return message


@contextmanager
def language(lang: str) -> Iterator[str]:
    """Write the messages made inside the block in ``lang``."""
    token = _current.set(_checked(lang))
    try:
        yield lang
    finally:
        _current.reset(token)


class Message:
    """A message translated when it is shown: an English msgid and the values of its fields.

    Made where a fact is found and rendered where it is read, so the language
    is the reader's (:func:`language`), not the one in effect when the rule
    ran. A value that is itself a :class:`Message` (or a :func:`lazy` text)
    is shown in the same language.

    >>> gone = Message(N_("no residence permit is recorded"))
    >>> str(gone), gone.text("sv")
    ('no residence permit is recorded', 'inget uppehållstillstånd är registrerat')
    >>> Message(N_("on {on}"), on=date(2004, 6, 1)).text("sv")
    'den 2004-06-01'
    """

    __slots__ = ("msgid", "values")

    msgid: str
    values: dict[str, Any]

    def __init__(self, msgid: str, /, **values: Any) -> None:
        self.msgid = msgid
        self.values = values

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang``, or in the current language."""
        if lang is not None:
            with language(lang):
                return self.text()
        translated = translate(self.msgid)
        return translated.format(**self.values) if self.values else translated

    def __str__(self) -> str:
        return self.text()

    def __format__(self, spec: str) -> str:
        return format(self.text(), spec)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.msgid == other.msgid and self.values == other.values

    def __hash__(self) -> int:
        return hash(self.msgid)

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, {self.values!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Picklable with its keyword values (batch runs hand decisions between processes).
        return (_message, (self.msgid, self.values))


def _message(msgid: str, values: dict[str, Any]) -> Message:
    return Message(msgid, **values)


class lazy:  # noqa: N801  # used like a function: lazy(render, *args)
    """A text rendered by ``render(*args)`` each time it is shown, in the language then in effect.

    For a value inside a :class:`Message` that has its own way of being
    written in each language (a span of months, a number).
    """

    __slots__ = ("args", "render")

    def __init__(self, render: Callable[..., str], *args: Any) -> None:
        self.render = render
        self.args = args

    def __str__(self) -> str:
        return self.render(*self.args)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, lazy):
            return NotImplemented
        return self.render == other.render and self.args == other.args

    def __hash__(self) -> int:
        return hash(self.args)

    def __repr__(self) -> str:
        return f"lazy({getattr(self.render, '__name__', self.render)}, {', '.join(map(repr, self.args))})"


def current() -> str:
    """The language messages are being written in now."""
    return _current.get()


def negotiate(accept_language: str | None) -> str:
    """The supported language an HTTP ``Accept-Language`` header prefers most (RFC 9110 12.5.4).

    Uses Babel's parser of locale identifiers for each tag; an unknown or
    malformed header gives the default, never an error.
    """
    if not accept_language:
        return DEFAULT
    best, best_q = DEFAULT, 0.0
    for position, item in enumerate(accept_language[:1000].split(",")[:50]):
        tag, _sep, params = item.strip().partition(";")
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().replace("_", "-").split("-")[0]
        if primary in SUPPORTED and 0 < q <= 1 and (q > best_q or (q == best_q and position == 0)):
            best, best_q = primary, q
    return best


def _locale(lang: str | None) -> str:
    lang = _current.get() if lang is None else _checked(lang)
    return "sv_SE" if lang == "sv" else "en_GB"


def format_number(value: float, lang: str | None = None, *, decimals: int | None = None) -> str:
    """A number as the language writes it: ``1 288`` (with a no-break space) in Swedish, ``1,288`` in English.

    Babel's CLDR data for ``sv`` groups thousands with U+00A0 NO-BREAK SPACE
    and writes a decimal comma. ``decimals`` fixes the number of decimals
    (``2,00``); by default Babel's own (up to three, trailing zeros dropped).

    >>> format_number(1137.5, "sv", decimals=1), format_number(0.5, "en", decimals=2)
    ('1\xa0137,5', '0.50')
    """
    from babel.numbers import format_decimal

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale=_locale(lang)))


def format_percent(share: float, lang: str | None = None, *, decimals: int = 1) -> str:
    """A share as a percentage the language writes it: ``32,3 %`` in Swedish, ``32.3%`` in English.

    >>> format_percent(0.323, "sv") == "32,3\N{NO-BREAK SPACE}%", format_percent(0.323, "en")
    (True, '32.3%')
    """
    from babel import Locale
    from babel.numbers import format_percent as babel_percent

    locale = _locale(lang)
    # The locale's own pattern (Swedish puts a no-break space before the sign), with fixed decimals.
    pattern = str(Locale.parse(locale).percent_formats[None].pattern)
    if decimals:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * decimals, 1)
    return str(babel_percent(share, format=pattern, locale=locale))


def format_date(day: date, lang: str | None = None) -> str:
    """A date as the statutes and registers write it in both languages: ISO 8601, ``2004-06-01``."""
    if lang is not None:
        _checked(lang)
    return day.isoformat()
