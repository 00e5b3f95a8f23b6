"""A Sphinx extension that writes the catalogue page from the catalogue itself.

The page lists every entry with its parties, period, target group, tracks,
goals and sources, so the documentation can never disagree with the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _entry_markdown(entry: Any) -> str:
    from etableringsmodell.model import PartnerAgreement

    lines = [f"## {entry.id}", ""]
    title = getattr(entry, "title", None) or getattr(entry, "name", "")
    if title:
        lines += [f"*{title}*", ""]
    if isinstance(entry, PartnerAgreement):
        end = entry.end.isoformat() if entry.end else "no stated end"
        lines.append(f"- **Period:** {entry.start.isoformat()} to {end}")
        lines.append("- **Parties:** " + ", ".join(f"{p.name} ({p.kind.value})" for p in entry.parties))
        lines.append(f"- **Target group:** `{entry.target_group.id}`")
        for track in entry.tracks:
            occupations = ", ".join(track.occupations) or "none stated"
            lines.append(f"- **Track** `{track.id}`: {track.name} (SSYK {occupations})")
        for goal in entry.goals:
            lines.append(
                f"- **Goal** `{goal.id}`: {goal.target:,} {goal.measure.value} by {goal.deadline.isoformat()}"
            )
        for note in entry.notes:
            lines.append(f"- *Note:* {note}")
    versions = getattr(entry, "versions", None)
    if versions:
        for version in versions:
            start = getattr(version, "effective_from", None)
            end = getattr(version, "effective_to", None)
            criterion = getattr(getattr(version, "criterion", None), "id", "")
            lines.append(f"- **Version** {start} to {end or 'in force'}: `{criterion}`")
    sources = getattr(entry, "sources", ())
    lines.append("- **Sources:** " + "; ".join(_source(s) for s in sources))
    lines.append("")
    return "\n".join(lines)


def _source(source: Any) -> str:
    # citation(): an unverified claim is marked wherever it is cited (see unverified.md).
    text = source.citation()
    if getattr(source, "title", ""):
        text += f" ({source.title})"
    if getattr(source, "note", None):
        text += f" — {source.note}"
    return text


def write_catalogue(app: Any) -> None:
    from etableringsmodell import catalog

    out = Path(app.srcdir) / "_generated" / "catalogue.md"
    out.parent.mkdir(exist_ok=True)
    parts = [
        "# The catalogue",
        "",
        (
            "Generated from `etableringsmodell.catalog` at build time: every programme and agreement, "
            "with its sources. Fetch an entry with `catalog.get(id)`."
        ),
        "",
    ]
    parts += [_entry_markdown(catalog.get(entry_id)) for entry_id in catalog.ids()]
    text = "\n".join(parts)
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", write_catalogue)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
