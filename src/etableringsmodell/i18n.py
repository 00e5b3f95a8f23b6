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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

from etableringsmodell.errors import InvalidValueError

__all__ = [
    "DEFAULT",
    "N_",
    "SUPPORTED",
    "current",
    "format_date",
    "format_number",
    "language",
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


def format_number(value: float, lang: str | None = None) -> str:
    """A number as the language writes it: ``1 288`` (with a no-break space) in Swedish, ``1,288`` in English."""
    from babel.numbers import format_decimal

    lang = _current.get() if lang is None else _checked(lang)
    return str(format_decimal(value, locale="sv_SE" if lang == "sv" else "en_GB"))


def format_date(day: date, lang: str | None = None) -> str:
    """A date as the statutes and registers write it in both languages: ISO 8601, ``2004-06-01``."""
    if lang is not None:
        _checked(lang)
    return day.isoformat()
