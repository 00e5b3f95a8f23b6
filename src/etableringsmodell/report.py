"""The report: eligibility, the national programme beside it, goal progress and track fit.

:func:`build_report` computes a :class:`Report` once; :func:`render_text`,
:func:`render_json` and :func:`render_html` show the same figures as terminal
tables, as JSON, and as a self-contained HTML page with a goal-progress chart
(inline SVG, so the page needs no network and no plotting library).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from html import escape
from typing import Any, TextIO

from attrs import frozen

from etableringsmodell import catalog
from etableringsmodell.model import GoalStatus, Participant, PartnerAgreement
from etableringsmodell.rules.eligibility import Decision, Status, check_eligibility, resolve_rule
from etableringsmodell.rules.goals import Progress, goal_progress

__all__ = [
    "REPORT_FORMAT_VERSION",
    "EligibilitySection",
    "GoalSection",
    "ProgrammeSection",
    "Report",
    "TrackFitSection",
    "build_report",
    "render_html",
    "render_json",
    "render_text",
]

REPORT_FORMAT_VERSION = 1
"""The version of the report's JSON form (``format_version``), raised when a field changes meaning
or goes away; a new field does not raise it."""

Progressor = Callable[[int], None]
"""Called with the number of participants done, for a progress bar."""


@frozen
class EligibilitySection:
    """How the cohort fares under the agreement's target group."""

    title: str
    rule_id: str
    sources: tuple[str, ...]
    total: int
    counts: dict[str, int]
    """Participants per status value (passed, failed, undetermined)."""
    top_reasons: tuple[tuple[str, int, str], ...]
    """(criterion id, participants, an example message) for the not eligible, most common first."""
    top_undetermined: tuple[tuple[str, int, str], ...] = ()
    """(criterion id, participants, an example message): what could not be judged for the undetermined."""

    @property
    def eligible(self) -> int:
        return self.counts.get(Status.PASSED.value, 0)


@frozen
class ProgrammeSection:
    """The same cohort under a national programme in force on the reference date."""

    id: str
    title: str
    version_from: date
    version_to: date | None
    rule_id: str
    sources: tuple[str, ...]
    counts: dict[str, int]
    both: int
    agreement_only: int
    programme_only: int
    neither: int


@frozen
class GoalSection:
    """The progress of a goal from a recorded status."""

    title: str
    note: str
    progress: Progress


@frozen
class TrackFitSection:
    """The cohort's assignment to tracks by fit."""

    tracks_from: str
    solver: str
    rows: tuple[tuple[str, str, int, float], ...]
    """(track id, name, participants placed, mean fit of those placed)."""
    unplaced: int
    top_reason: str | None


@frozen
class Report:
    """Everything the report shows, computed once."""

    agreement_id: str
    title: str
    on: date
    cohort_label: str
    cohort_size: int
    eligibility: EligibilitySection
    programmes: tuple[ProgrammeSection, ...]
    goals: tuple[GoalSection, ...]
    track_fit: TrackFitSection | None


def _decide_all(
    cohort: Sequence[Participant], rule: Any, on: date, progress: Progressor | None
) -> list[Decision]:
    criterion = resolve_rule(rule, on)
    decisions = []
    for index, person in enumerate(cohort, 1):
        decisions.append(check_eligibility(person, criterion, on))
        if progress is not None and index % 1000 == 0:
            progress(index)
    if progress is not None:
        progress(len(cohort))
    return decisions


def _counts(decisions: Sequence[Decision]) -> dict[str, int]:
    counted = Counter(d.status.value for d in decisions)
    return {status.value: counted.get(status.value, 0) for status in Status}


def _eligibility(agreement: PartnerAgreement, decisions: Sequence[Decision], top: int) -> EligibilitySection:
    failing: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    # One example per criterion and status: the same criterion can fail for one person
    # and be undetermined for another, and each list shows its own kind of message.
    examples: dict[tuple[Status, str], str] = {}
    for decision in decisions:
        # Not eligible: what failed; undetermined: what the record could not show. Kept apart,
        # so a missing fact is never counted as a refusal.
        if decision.status is Status.FAILED:
            counter, reasons = failing, decision.failures
        elif decision.status is Status.UNDETERMINED:
            counter, reasons = unknown, decision.undetermined
        else:
            continue
        for reason in reasons:
            counter[reason.criterion_id] += 1
            examples.setdefault((decision.status, reason.criterion_id), reason.message)
    cited = dict.fromkeys(s.citation() for d in decisions[:1] for s in d.sources)
    if not cited:
        cited = dict.fromkeys(s.citation() for s in agreement.target_group.sources)
    return EligibilitySection(
        title=agreement.title,
        rule_id=agreement.target_group.id,
        sources=tuple(cited),
        total=len(decisions),
        counts=_counts(decisions),
        top_reasons=tuple((cid, n, examples[Status.FAILED, cid]) for cid, n in failing.most_common(top)),
        top_undetermined=tuple(
            (cid, n, examples[Status.UNDETERMINED, cid]) for cid, n in unknown.most_common(top)
        ),
    )


def _programmes(
    cohort: Sequence[Participant], on: date, decisions: Sequence[Decision]
) -> tuple[ProgrammeSection, ...]:
    from etableringsmodell.model import Programme

    sections = []
    for programme in (e for e in catalog.in_force(on) if isinstance(e, Programme)):
        version = programme.version_on(on)
        national = _decide_all(cohort, programme, on, None)
        pairs = list(zip(decisions, national, strict=True))
        both = sum(1 for a, b in pairs if a and b)
        agreement_only = sum(1 for a, b in pairs if a and not b)
        programme_only = sum(1 for a, b in pairs if b and not a)
        sections.append(
            ProgrammeSection(
                id=programme.id,
                title=programme.title,
                version_from=version.effective_from,
                version_to=version.effective_to,
                rule_id=version.criterion.id,
                sources=tuple(s.citation() for s in version.sources),
                counts=_counts(national),
                both=both,
                agreement_only=agreement_only,
                programme_only=programme_only,
                neither=len(pairs) - both - agreement_only - programme_only,
            )
        )
    return tuple(sections)


def _goals(entry_ids: Sequence[str]) -> tuple[GoalSection, ...]:
    sections = []
    for entry_id in entry_ids:
        entry = catalog.get(entry_id)
        goals = {g.id: g for g in getattr(entry, "goals", ())}
        for status in catalog.statuses(entry_id):
            if isinstance(status, GoalStatus) and status.goal_id in goals:
                progress = goal_progress(goals[status.goal_id], status.achieved, status.on)
                sections.append(GoalSection(title=entry.title, note=status.note, progress=progress))
    return tuple(sections)


def _track_fit(
    cohort: Sequence[Participant], on: date, tracks_from: str, solver: str
) -> TrackFitSection | None:
    from etableringsmodell.rules.matching import assign

    entry = catalog.get(tracks_from)
    tracks = tuple(getattr(entry, "tracks", ()))
    if not tracks:
        return None
    result = assign(cohort, tracks, on, solver=solver)
    rows = []
    for track in tracks:
        fits = [p.fit.score for p in result.placements if p.fit.track.id == track.id]
        rows.append((track.id, track.name, len(fits), sum(fits) / len(fits) if fits else 0.0))
    reasons = Counter(u.reason for u in result.unplaced)
    return TrackFitSection(
        tracks_from=tracks_from,
        solver=result.solver,
        rows=tuple(rows),
        unplaced=len(result.unplaced),
        top_reason=reasons.most_common(1)[0][0] if reasons else None,
    )


def build_report(
    cohort: Sequence[Participant],
    agreement_id: str,
    on: date,
    *,
    cohort_label: str,
    goal_entries: Sequence[str] = (),
    tracks_from: str | None = None,
    solver: str = "auto",
    top: int = 5,
    progress: Progressor | None = None,
) -> Report:
    """Judge ``cohort`` under an agreement on ``on`` and gather the report's figures.

    ``goal_entries`` are catalogue entries whose recorded goal statuses are
    shown (the agreement's own are always included); ``tracks_from`` is the
    entry whose tracks the cohort is fitted to (by default the agreement, when
    it has tracks). ``progress`` is called as participants are judged.
    """
    agreement = catalog.get(agreement_id)
    if not isinstance(agreement, PartnerAgreement):
        from etableringsmodell.errors import InvalidValueError

        raise InvalidValueError("agreement", f"{agreement_id!r} is a programme, not an agreement")
    decisions = _decide_all(cohort, agreement, on, progress)
    entries = list(dict.fromkeys([agreement_id, *goal_entries]))
    fit_source = tracks_from or (agreement_id if agreement.tracks else None)
    return Report(
        agreement_id=agreement_id,
        title=agreement.title,
        on=on,
        cohort_label=cohort_label,
        cohort_size=len(cohort),
        eligibility=_eligibility(agreement, decisions, top),
        programmes=_programmes(cohort, on, decisions),
        goals=_goals(entries),
        track_fit=None if fit_source is None else _track_fit(cohort, on, fit_source, solver),
    )


# ---- text ---------------------------------------------------------------------


def render_text(report: Report, out: TextIO) -> None:
    """The report as terminal tables."""
    write = out.write
    section = report.eligibility
    write(f"{report.title}\n")
    write(f"  target group: {section.rule_id}\n")
    write("  sources: " + "; ".join(section.sources) + "\n")
    write(f"  reference date {report.on.isoformat()}, {report.cohort_label}\n\n")
    share = section.eligible / section.total if section.total else 0.0
    write(f"eligible: {section.eligible:,} of {section.total:,} ({share:.1%})\n")
    failed = section.counts.get(Status.FAILED.value, 0)
    undetermined = section.counts.get(Status.UNDETERMINED.value, 0)
    write(f"not eligible: {failed:,}; most common reasons (a person can have several):\n")
    for criterion_id, count, example in section.top_reasons:
        write(f"  {count:>6,}  {criterion_id}  e.g. {example}\n")
    write(f"undetermined: {undetermined:,}; what the record could not show:\n")
    for criterion_id, count, example in section.top_undetermined:
        write(f"  {count:>6,}  {criterion_id}  e.g. {example}\n")

    write(
        f"\nSide by side on {report.on.isoformat()}: {report.agreement_id} and the national programme in force\n"
    )
    if not report.programmes:
        write(f"  no national programme in the catalogue was in force on {report.on.isoformat()}\n")
    for programme in report.programmes:
        end = programme.version_to.isoformat() if programme.version_to is not None else "open"
        write(f"  {programme.id}: {programme.title}\n")
        write(f"    version {programme.version_from.isoformat()} to {end}, rule {programme.rule_id}\n")
        write(f"    sources: {'; '.join(programme.sources)}\n")
        write(f"    {'':<14}{'agreement':>11}{'programme':>11}\n")
        for status in Status:
            write(
                f"    {status.value:<14}{section.counts[status.value]:>11,}{programme.counts[status.value]:>11,}\n"
            )
        write(
            f"    eligible under both {programme.both:,}; agreement only {programme.agreement_only:,}; "
            f"programme only {programme.programme_only:,}; neither {programme.neither:,}\n"
        )

    for goal in report.goals:
        write(f"\n{goal.title}\n")
        write(f"  status: {goal.note}\n")
        write(goal.progress.explain() + "\n")

    fit = report.track_fit
    if fit is not None:
        write(
            f"\nTrack fit against the {fit.tracks_from} tracks ({len(fit.rows)} tracks, solver: {fit.solver})\n"
        )
        for track_id, _name, placed, mean in fit.rows:
            write(f"  {placed:>6,}  {track_id}  mean fit {mean:.2f}\n")
        write(f"  {fit.unplaced:>6,}  without a track")
        if fit.top_reason:
            write(f"; most common reason: {fit.top_reason}")
        write("\n")


# ---- JSON ---------------------------------------------------------------------


def _progress_dict(progress: Progress) -> dict[str, Any]:
    needed = progress.needed_pace
    return {
        "goal": progress.goal.id,
        "on": progress.on.isoformat(),
        "achieved": progress.achieved,
        "target": progress.target,
        "remaining": progress.remaining,
        "share_achieved": progress.share_achieved,
        "share_elapsed": progress.share_elapsed,
        "months_elapsed": progress.months_elapsed,
        "months_remaining": progress.months_remaining,
        "observed_pace": {
            "value": progress.observed_pace.magnitude,
            "unit": str(progress.observed_pace.units),
        },
        "needed_pace": None if needed is None else {"value": needed.magnitude, "unit": str(needed.units)},
        "projected": progress.projected,
        "on_track": progress.on_track,
        "sources": [s.citation() for s in progress.sources],
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    section = report.eligibility
    fit = report.track_fit
    return {
        "format_version": REPORT_FORMAT_VERSION,
        "agreement": report.agreement_id,
        "title": report.title,
        "on": report.on.isoformat(),
        "cohort": {"label": report.cohort_label, "size": report.cohort_size},
        "eligibility": {
            "rule": section.rule_id,
            "sources": list(section.sources),
            "counts": section.counts,
            "top_undetermined": [
                {"criterion": c, "participants": n, "example": e} for c, n, e in section.top_undetermined
            ],
            "top_reasons": [
                {"criterion": c, "participants": n, "example": e} for c, n, e in section.top_reasons
            ],
        },
        "programmes": [
            {
                "id": p.id,
                "title": p.title,
                "version": {
                    "from": p.version_from.isoformat(),
                    "to": None if p.version_to is None else p.version_to.isoformat(),
                },
                "rule": p.rule_id,
                "sources": list(p.sources),
                "counts": p.counts,
                "both": p.both,
                "agreement_only": p.agreement_only,
                "programme_only": p.programme_only,
                "neither": p.neither,
            }
            for p in report.programmes
        ],
        "goals": [{"title": g.title, "note": g.note, **_progress_dict(g.progress)} for g in report.goals],
        "track_fit": None
        if fit is None
        else {
            "tracks_from": fit.tracks_from,
            "solver": fit.solver,
            "tracks": [{"id": t, "name": n, "placed": p, "mean_fit": m} for t, n, p, m in fit.rows],
            "unplaced": fit.unplaced,
            "most_common_reason": fit.top_reason,
        },
    }


def render_json(report: Report, out: TextIO) -> None:
    """The report as one JSON document."""
    json.dump(report_dict(report), out, ensure_ascii=False, indent=2)
    out.write("\n")


# ---- HTML ---------------------------------------------------------------------


def _progress_svg(progress: Progress) -> str:
    """A bar chart: achieved, projected at the deadline and the target, on one scale."""
    target = progress.target
    bars = [
        ("achieved", progress.achieved, "#2b6cb0"),
        ("projected at the deadline", progress.projected, "#dd6b20" if not progress.on_track else "#2f855a"),
        ("target", target, "#4a5568"),
    ]
    top = max(target, progress.achieved, progress.projected) or 1
    width, bar_height, gap, label_width = 560, 26, 12, 190
    height = len(bars) * (bar_height + gap) + 40
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
            f'aria-label="goal progress of {escape(progress.goal.id)}">'
        )
    ]
    scale = (width - label_width - 70) / top
    for index, (label, value, colour) in enumerate(bars):
        y = 10 + index * (bar_height + gap)
        parts.append(f'<text x="0" y="{y + 18}" font-size="13">{escape(label)}</text>')
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{value * scale:.1f}" height="{bar_height}" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{label_width + value * scale + 6:.1f}" y="{y + 18}" font-size="13">{value:,.0f}</text>'
        )
    elapsed_x = label_width + progress.share_elapsed * target * scale
    parts.append(
        f'<line x1="{elapsed_x:.1f}" y1="4" x2="{elapsed_x:.1f}" y2="{height - 24}" stroke="#c53030" '
        'stroke-dasharray="4 3"/>'
    )
    parts.append(
        f'<text x="{elapsed_x:.1f}" y="{height - 8}" font-size="12" fill="#c53030" text-anchor="middle">'
        f"share of the period elapsed × target ({progress.share_elapsed:.0%})</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f"<th>{escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a202c}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{padding:.2rem .6rem;border-bottom:1px solid #e2e8f0;text-align:left}
td:nth-child(n+2){font-variant-numeric:tabular-nums}.sources{color:#4a5568;font-size:.9rem}
"""


def render_html(report: Report, out: TextIO) -> None:
    """The report as one self-contained HTML page (no scripts, no external files)."""
    section = report.eligibility
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(report.title)}: report on {report.on.isoformat()}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{escape(report.title)}</h1>",
        f"<p>Reference date {report.on.isoformat()}; {escape(report.cohort_label)}.</p>",
        "<h2>Eligibility</h2>",
        f"<p>Target group <code>{escape(section.rule_id)}</code>.</p>",
        _table(("status", "participants"), [(k, f"{v:,}") for k, v in section.counts.items()]),
        _table(("criterion", "not eligible because of it", "example"), section.top_reasons),
        _table(("criterion", "undetermined because of it", "example"), section.top_undetermined),
        f'<p class="sources">Sources: {escape("; ".join(section.sources))}</p>',
    ]
    if report.programmes:
        parts.append("<h2>Beside the national programme in force</h2>")
    for programme in report.programmes:
        rows = [(s.value, f"{section.counts[s.value]:,}", f"{programme.counts[s.value]:,}") for s in Status]
        parts += [
            f"<h3>{escape(programme.title)}</h3>",
            f"<p>Rule <code>{escape(programme.rule_id)}</code>, version from {programme.version_from.isoformat()}.</p>",
            _table(("status", "agreement", "programme"), rows),
            (
                f"<p>Eligible under both {programme.both:,}; agreement only {programme.agreement_only:,}; "
                f"programme only {programme.programme_only:,}; neither {programme.neither:,}.</p>"
            ),
            f'<p class="sources">Sources: {escape("; ".join(programme.sources))}</p>',
        ]
    for goal in report.goals:
        progress = goal.progress
        parts += [
            f"<h2>Goal progress: {escape(goal.title)}</h2>",
            f"<p>{escape(goal.note)}</p>",
            _progress_svg(progress),
            f"<pre>{escape(progress.explain())}</pre>",
        ]
    fit = report.track_fit
    if fit is not None:
        fit_rows = [(t, n, f"{p:,}", f"{m:.2f}") for t, n, p, m in fit.rows]
        parts += [
            f"<h2>Track fit: {escape(fit.tracks_from)}</h2>",
            f"<p>Solver: {escape(fit.solver)}. Without a track: {fit.unplaced:,}"
            + (f" (most common reason: {escape(fit.top_reason)})" if fit.top_reason else "")
            + ".</p>",
            _table(("track", "name", "placed", "mean fit"), fit_rows),
        ]
    parts.append("</body></html>")
    out.write("\n".join(parts) + "\n")
