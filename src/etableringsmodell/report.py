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
from etableringsmodell.errors import translate_text
from etableringsmodell.i18n import N_, _, current, format_number, format_percent, language
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


def render_text(report: Report, out: TextIO, lang: str | None = None) -> None:
    """The report as terminal tables, in ``lang`` (``"sv"`` or ``"en"``; by default the current language).

    Numbers are written as the language writes them (``1 904`` with a no-break
    space in Swedish, ``1,904`` in English); dates as ISO 8601 in both. The
    example messages and citations are in the language the report was built in.
    """
    if lang is not None:
        with language(lang):
            render_text(report, out)
        return
    write = out.write
    n = format_number
    section = report.eligibility
    write(f"{report.title}\n")
    write("  " + _("target group: {rule}").format(rule=section.rule_id) + "\n")
    write("  " + _("sources: {sources}").format(sources="; ".join(section.sources)) + "\n")
    write(
        "  "
        + _("reference date {on}, {cohort}").format(on=report.on.isoformat(), cohort=report.cohort_label)
        + "\n\n"
    )
    share = section.eligible / section.total if section.total else 0.0
    write(
        _("eligible: {eligible} of {total} ({share})").format(
            eligible=n(section.eligible), total=n(section.total), share=format_percent(share)
        )
        + "\n"
    )
    failed = section.counts.get(Status.FAILED.value, 0)
    undetermined = section.counts.get(Status.UNDETERMINED.value, 0)
    write(
        _("not eligible: {count}; most common reasons (a person can have several):").format(count=n(failed))
        + "\n"
    )
    example = _("e.g. {example}")
    for criterion_id, count, text in section.top_reasons:
        write(f"  {n(count):>6}  {criterion_id}  {example.format(example=text)}\n")
    write(_("undetermined: {count}; what the record could not show:").format(count=n(undetermined)) + "\n")
    for criterion_id, count, text in section.top_undetermined:
        write(f"  {n(count):>6}  {criterion_id}  {example.format(example=text)}\n")

    on = report.on.isoformat()
    write(
        "\n"
        + _("Side by side on {on}: {agreement} and the national programme in force").format(
            on=on, agreement=report.agreement_id
        )
        + "\n"
    )
    if not report.programmes:
        write("  " + _("no national programme in the catalogue was in force on {on}").format(on=on) + "\n")
    agreement_word, programme_word = _("agreement"), _("programme")
    width = max(11, len(agreement_word) + 2, len(programme_word) + 2)
    status_words = {s: _(_STATUS_ROWS[s]) for s in Status}
    label_width = max(14, *(len(w) + 2 for w in status_words.values()))
    for programme in report.programmes:
        end = programme.version_to.isoformat() if programme.version_to is not None else _("open")
        write(f"  {programme.id}: {programme.title}\n")
        write(
            "    "
            + _("version {start} to {end}, rule {rule}").format(
                start=programme.version_from.isoformat(), end=end, rule=programme.rule_id
            )
            + "\n"
        )
        write("    " + _("sources: {sources}").format(sources="; ".join(programme.sources)) + "\n")
        write(f"    {'':<{label_width}}{agreement_word:>{width}}{programme_word:>{width}}\n")
        for status in Status:
            write(
                f"    {status_words[status]:<{label_width}}"
                f"{n(section.counts[status.value]):>{width}}{n(programme.counts[status.value]):>{width}}\n"
            )
        write("    " + _overlap(programme) + "\n")

    for goal in report.goals:
        write(f"\n{goal.title}\n")
        # A catalogue note marked for translation has its Swedish text in the catalogue; any other stays as given.
        write("  " + _("status: {note}").format(note=_(goal.note)) + "\n")
        write(goal.progress.explain() + "\n")

    fit = report.track_fit
    if fit is not None:
        write(
            "\n"
            + _("Track fit against the {entry} tracks ({count} tracks, solver: {solver})").format(
                entry=fit.tracks_from, count=n(len(fit.rows)), solver=fit.solver
            )
            + "\n"
        )
        for track_id, _name, placed, mean in fit.rows:
            write(
                f"  {n(placed):>6}  {track_id}  "
                + _("mean fit {mean}").format(mean=n(mean, decimals=2))
                + "\n"
            )
        write(f"  {n(fit.unplaced):>6}  " + _("without a track"))
        if fit.top_reason:
            write("; " + _("most common reason: {reason}").format(reason=_fit_reason(fit.top_reason)))
        write("\n")


# The rows of the side-by-side table, one per status (the words of Decision.explain's reasons).
_STATUS_ROWS = {
    Status.PASSED: N_("passed"),
    Status.FAILED: N_("failed"),
    Status.UNDETERMINED: N_("undetermined"),
}


# Why rules.matching leaves a participant without a track, as msgids of its English text.
_FIT_REASONS = (
    N_("passes the entry rule of no track"),
    N_("every track they are eligible for ({tracks}) is full with better or equal fits"),
)


def _fit_reason(reason: str | None) -> str:
    return "" if reason is None else translate_text(reason, shapes=_FIT_REASONS)


def _overlap(programme: ProgrammeSection) -> str:
    n = format_number
    return _(
        "eligible under both {both}; agreement only {agreement}; programme only {programme}; neither {neither}"
    ).format(
        both=n(programme.both),
        agreement=n(programme.agreement_only),
        programme=n(programme.programme_only),
        neither=n(programme.neither),
    )


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
        (_("achieved"), progress.achieved, "#2b6cb0"),
        (
            _("projected at the deadline"),
            progress.projected,
            "#dd6b20" if not progress.on_track else "#2f855a",
        ),
        (_("target"), target, "#4a5568"),
    ]
    top = max(target, progress.achieved, progress.projected) or 1
    width, bar_height, gap, label_width = 560, 26, 12, 190
    height = len(bars) * (bar_height + gap) + 40
    label = _("goal progress of {goal}").format(goal=progress.goal.id)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
            f'aria-label="{escape(label)}">'
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
            f'<text x="{label_width + value * scale + 6:.1f}" y="{y + 18}" font-size="13">'
            f"{format_number(round(value))}</text>"
        )
    elapsed_x = label_width + progress.share_elapsed * target * scale
    parts.append(
        f'<line x1="{elapsed_x:.1f}" y1="4" x2="{elapsed_x:.1f}" y2="{height - 24}" stroke="#c53030" '
        'stroke-dasharray="4 3"/>'
    )
    parts.append(
        f'<text x="{elapsed_x:.1f}" y="{height - 8}" font-size="12" fill="#c53030" text-anchor="middle">'
        + escape(
            _("share of the period elapsed × target ({share})").format(
                share=format_percent(progress.share_elapsed, decimals=0)
            )
        )
        + "</text>"
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


def render_html(report: Report, out: TextIO, lang: str | None = None) -> None:
    """The report as one self-contained HTML page (no scripts, no external files), in ``lang``."""
    if lang is not None:
        with language(lang):
            render_html(report, out)
        return
    n = format_number
    section = report.eligibility
    on = report.on.isoformat()
    sources = _("Sources: {sources}")
    counts = [(_(_STATUS_ROWS[Status(k)]), n(v)) for k, v in section.counts.items()]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{current()}"><head><meta charset="utf-8">',
        "<title>" + escape(_("{title}: report on {on}").format(title=report.title, on=on)) + "</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{escape(report.title)}</h1>",
        "<p>"
        + escape(_("Reference date {on}; {cohort}.").format(on=on, cohort=report.cohort_label))
        + "</p>",
        "<h2>" + escape(_("Eligibility")) + "</h2>",
        "<p>"
        + escape(_("Target group {rule}.")).format(rule=f"<code>{escape(section.rule_id)}</code>")
        + "</p>",
        _table((_("status"), _("participants")), counts),
        _table(
            (_("criterion"), _("not eligible because of it"), _("example")),
            [(c, n(k), e) for c, k, e in section.top_reasons],
        ),
        _table(
            (_("criterion"), _("undetermined because of it"), _("example")),
            [(c, n(k), e) for c, k, e in section.top_undetermined],
        ),
        f'<p class="sources">{escape(sources.format(sources="; ".join(section.sources)))}</p>',
    ]
    if report.programmes:
        parts.append("<h2>" + escape(_("Beside the national programme in force")) + "</h2>")
    for programme in report.programmes:
        rows = [
            (_(_STATUS_ROWS[s]), n(section.counts[s.value]), n(programme.counts[s.value])) for s in Status
        ]
        rule = f"<code>{escape(programme.rule_id)}</code>"
        parts += [
            f"<h3>{escape(programme.title)}</h3>",
            "<p>"
            + escape(_("Rule {rule}, version from {start}.")).format(
                rule=rule, start=programme.version_from.isoformat()
            )
            + "</p>",
            _table((_("status"), _("agreement"), _("programme")), rows),
            f"<p>{escape(_overlap(programme))}.</p>",
            f'<p class="sources">{escape(sources.format(sources="; ".join(programme.sources)))}</p>',
        ]
    for goal in report.goals:
        progress = goal.progress
        parts += [
            "<h2>" + escape(_("Goal progress: {title}").format(title=goal.title)) + "</h2>",
            f"<p>{escape(_(goal.note))}</p>",
            _progress_svg(progress),
            f"<pre>{escape(progress.explain())}</pre>",
        ]
    fit = report.track_fit
    if fit is not None:
        fit_rows = [(t, name, n(p), n(m, decimals=2)) for t, name, p, m in fit.rows]
        unplaced = (
            _("Solver: {solver}. Without a track: {count} (most common reason: {reason}).")
            if fit.top_reason
            else _("Solver: {solver}. Without a track: {count}.")
        )
        parts += [
            "<h2>" + escape(_("Track fit: {entry}").format(entry=fit.tracks_from)) + "</h2>",
            f"<p>{escape(unplaced.format(solver=fit.solver, count=n(fit.unplaced), reason=_fit_reason(fit.top_reason)))}</p>",
            _table((_("track"), _("name"), _("placed"), _("mean fit")), fit_rows),
        ]
    parts.append("</body></html>")
    out.write("\n".join(parts) + "\n")
