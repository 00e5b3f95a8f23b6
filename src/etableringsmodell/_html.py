"""Small HTML helpers for notebook representations (``_repr_html_``).

Foundation layer: plain strings in, escaped HTML out, no domain knowledge, so
the model and the rules can render themselves in Jupyter without reaching up
into the faces.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

__all__ = ["escape", "table", "titled"]

_STYLE = "border-collapse:collapse;text-align:left"
_CELL = "padding:2px 8px;border-bottom:1px solid #ddd;vertical-align:top"


def table(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, raw_columns: frozenset[int] = frozenset()
) -> str:
    """An HTML table; cells are escaped except in ``raw_columns`` (already HTML)."""

    def cell(index: int, value: object, tag: str) -> str:
        text = str(value) if index in raw_columns else escape(str(value))
        return f'<{tag} style="{_CELL}">{text}</{tag}>'

    head = "".join(cell(-1, h, "th") for h in header)
    body = "".join("<tr>" + "".join(cell(i, v, "td") for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f'<table style="{_STYLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def titled(title: str, body: str, *, subtitle: str = "") -> str:
    """A block with an escaped bold title, an optional subtitle and HTML ``body``."""
    sub = f'<div style="color:#555">{escape(subtitle)}</div>' if subtitle else ""
    return f"<div><strong>{escape(title)}</strong>{sub}{body}</div>"
