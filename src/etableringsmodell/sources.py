"""Citations: where a rule, a catalogue entry or a figure comes from.

Every criterion, catalogue entry and goal carries one or more :class:`Source`
values, and every decision carries the sources of the criteria it applied, so
a caseworker can always answer "says who?".

>>> from etableringsmodell.sources import Source
>>> str(Source.statute("SFS 2017:820", "15 §", "Förordning (2017:820) om etableringsinsatser"))
'SFS 2017:820 15 §'
>>> str(Source.seed("004_2ae1cbc02798eb8a.txt", "Göteborg agreement"))
'seed 004_2ae1cbc02798eb8a.txt'
"""

from __future__ import annotations

import enum
from typing import Any

from attrs import field, frozen

from etableringsmodell.errors import InvalidTypeError, InvalidValueError

__all__ = ["UNCITED", "Source", "SourceKind"]


class SourceKind(enum.Enum):
    """What kind of text a :class:`Source` points at."""

    STATUTE = "statute"
    """A law or ordinance in Svensk författningssamling (SFS)."""
    SEED = "seed"
    """One of the project's source articles in ``shared/seeds``, cited by file name."""
    AGREEMENT = "agreement"
    """A partner agreement (överenskommelse) or letter of intent (avsiktsförklaring)."""
    CLASSIFICATION = "classification"
    """An official classification (SSYK 2012, SUN 2020) and its version."""
    OFFICIAL = "official"
    """A publication of an authority (Arbetsförmedlingen, SCB, Kolada)."""
    CONVENTION = "convention"
    """A convention the library chose and documents, with the reason in ``note``."""
    UNCITED = "uncited"
    """No source was given; decisions show this openly instead of inventing one."""


def _text(_instance: object, attribute: object, value: Any) -> None:
    name = getattr(attribute, "name", "text")
    if not isinstance(value, str):
        raise InvalidTypeError(name, f"must be text, got {type(value).__name__}")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidValueError(name, "is not valid Unicode text (it holds a lone surrogate)") from None


def _optional_text(instance: object, attribute: object, value: Any) -> None:
    if value is not None:
        _text(instance, attribute, value)


def _non_empty(instance: object, attribute: object, value: Any) -> None:
    _text(instance, attribute, value)
    if not str(value).strip():
        name = getattr(attribute, "name", "reference")
        raise InvalidValueError(name, "must not be empty")


def _kind(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, SourceKind):
        raise InvalidTypeError("kind", f"must be a SourceKind, got {type(value).__name__}")


@frozen
class Source:
    """A citation.

    ``reference`` is the short, stable handle a reader can look up (``"SFS
    2017:820"``, a seed file name); ``section`` narrows it (``"15 §"``,
    ``"5 kap. 1 §"``); ``title`` is the full name; ``note`` says anything a
    reader must know, such as that a fact is *unverified*.
    """

    kind: SourceKind = field(validator=_kind)
    reference: str = field(validator=_non_empty)
    title: str = field(default="", validator=_text)
    section: str | None = field(default=None, validator=_optional_text)
    url: str | None = field(default=None, validator=_optional_text)
    note: str | None = field(default=None, validator=_optional_text)

    @classmethod
    def statute(
        cls, sfs: str, section: str | None = None, title: str = "", note: str | None = None
    ) -> Source:
        """Cite a statute by its SFS number (``"SFS 2017:820"``) and section."""
        return cls(SourceKind.STATUTE, sfs, title=title, section=section, note=note)

    @classmethod
    def seed(cls, file_name: str, title: str = "", note: str | None = None) -> Source:
        """Cite one of the project's seed articles by its file name."""
        return cls(SourceKind.SEED, file_name, title=title, note=note)

    @property
    def verified(self) -> bool:
        """False when the note marks the cited fact as unverified."""
        return not (self.note and "unverified" in self.note.lower())

    def citation(self, lang: str | None = None) -> str:
        """The source as an explanation cites it: ``str(source)``, marked when the claim is unverified.

        Every explanation that cites a source (a decision's text, HTML and
        JSON, the report) uses this, so doubt is shown wherever the source is.
        The mark is written in ``lang`` (``"sv"`` or ``"en"``), by default in
        the current language (:mod:`etableringsmodell.i18n`).

        >>> source = Source.statute("SFS 2017:584", "2 §", note="unverified text")
        >>> source.citation(), source.citation("sv")
        ('SFS 2017:584 2 § (unverified)', 'SFS 2017:584 2 § (ej verifierad)')
        """
        if self.verified:
            return str(self)
        from etableringsmodell.i18n import N_, translate

        return translate(N_("{source} (unverified)"), lang).format(source=self)

    def __str__(self) -> str:
        if self.kind is SourceKind.SEED:
            return f"seed {self.reference}"
        if self.section:
            return f"{self.reference} {self.section}"
        return self.reference


UNCITED = Source(SourceKind.UNCITED, "uncited", title="no source was given by the caller")
"""The source of a criterion built without one. Catalogue entries never use it."""
