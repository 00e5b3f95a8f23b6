"""The command line: ``etablering`` or ``python -m etableringsmodell``.

Commands:

``report``
    The main job: eligibility, the national programme beside it, goal progress
    and track fit of a cohort under an agreement, as terminal tables
    (``--format table``), JSON or a self-contained HTML page with a
    goal-progress chart. Without ``--cohort`` it runs on the built-in
    synthetic cohort. ``demo`` is the same report as tables.
``check``
    Judge every participant of a cohort file (CSV or JSON Lines) under a
    catalogue rule, one line (or JSON object) per participant.
``goal``
    The progress of a catalogue goal with a count achieved by a date.
``catalog``
    List the catalogue, or show one entry with its sources.

Exit codes:

* 0: success.
* 1: done, but some rows of the cohort file were invalid; they are listed on
  standard error with their line numbers and were not judged.
* 2: a usage error (unknown option, a malformed date).
* 3: invalid input: nothing could be judged (an unknown catalogue id, a date
  a rule does not cover, a file with no valid row, a file that cannot be read).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from etableringsmodell.errors import EtableringsmodellError, redact

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_SOME_ROWS_INVALID", "EXIT_USAGE", "main"]

EXIT_OK = 0
EXIT_SOME_ROWS_INVALID = 1
EXIT_USAGE = 2
EXIT_INVALID = 3

PROGRESS_FROM = 10_000
"""Cohorts larger than this get a progress bar on standard error."""

MAX_SIZE = 1_000_000
"""The largest built-in cohort ``--size`` builds (it is held in memory); larger cohorts go in a file."""

EARLIEST_ON = date(1900, 1, 1)
"""The earliest reference date ``--on`` takes: the built-in cohort is born up to a century before it."""


class _InvalidInputError(Exception):
    """A problem with the input that the user must fix; the message says how."""


def _shown(text: str, *, lines: bool = False) -> str:
    """``text`` safe for a terminal: control and other unprintable characters as escapes.

    Ids and cells come from the user's file; printed raw, an escape sequence
    in one could rewrite the screen, hide lines or set the window title. Text
    shaped like a personal identity number is masked (:func:`redact`).
    ``lines`` keeps line breaks (for argparse's own multi-line messages).
    """
    text = redact(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or (lines and c == "\n") else repr(c)[1:-1] for c in text)


def _say(text: str, file: TextIO | None = None) -> None:
    print(_shown(text), file=sys.stdout if file is None else file)


class _Parser(argparse.ArgumentParser):
    """argparse, whose messages quote the arguments given: shown safely like everything else."""

    def _print_message(self, message: str, file: Any = None) -> None:
        super()._print_message(_shown(message, lines=True) if message else message, file)


_UNPRINTABLE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _json_text(document: object) -> str:
    """JSON whose text shows no raw C1 control or bidirectional override (json escapes only C0)."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return _UNPRINTABLE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _iso_date(text: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{_shown(text)!r} is not a date like 2004-06-01") from None
    if value < EARLIEST_ON:
        raise argparse.ArgumentTypeError(f"must be {EARLIEST_ON.isoformat()} or later")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{_shown(text)[:40]!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _size(text: str) -> int:
    value = _positive(text)
    if value > MAX_SIZE:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_SIZE:,}; put a larger cohort in a file")
    return value


def _parser() -> argparse.ArgumentParser:
    from etableringsmodell.demo import DEFAULT_AGREEMENT, DEFAULT_ON, DEFAULT_SIZE

    parser = _Parser(
        prog="etablering",
        description="Eligibility, goals and outcomes for the establishment of newly arrived people.",
        epilog="Exit codes: 0 success; 1 some cohort rows invalid (listed on stderr); 2 usage error; "
        "3 invalid input, nothing judged.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def cohort_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--on", type=_iso_date, default=DEFAULT_ON, help=f"reference date (default {DEFAULT_ON})"
        )
        sub.add_argument("--size", type=_size, default=DEFAULT_SIZE, help="size of the built-in cohort")
        sub.add_argument("--seed", type=int, default=2004, help="random seed of the built-in cohort")

    report = commands.add_parser(
        "report", help="the main job: eligibility, goal progress and track fit of a cohort"
    )
    report.add_argument(
        "--cohort", type=Path, help="a cohort file (.csv or .jsonl); default: the built-in cohort"
    )
    report.add_argument(
        "--agreement", default=DEFAULT_AGREEMENT, help=f"catalogue agreement (default {DEFAULT_AGREEMENT})"
    )
    report.add_argument(
        "--goals-from", action="append", metavar="ID", help="also show the recorded goal statuses of ID"
    )
    report.add_argument("--tracks-from", metavar="ID", help="fit the cohort to the tracks of ID")
    report.add_argument("--format", choices=("table", "json", "html"), default="table")
    report.add_argument("--output", type=Path, help="write to this file instead of standard output")
    cohort_options(report)

    demo = commands.add_parser("demo", help="the report on the built-in cohort, as terminal tables")
    cohort_options(demo)

    check = commands.add_parser(
        "check", help="judge every participant of a cohort file under a catalogue rule"
    )
    check.add_argument("cohort", type=Path, help="a cohort file (.csv or .jsonl)")
    check.add_argument("--rule", required=True, help="catalogue id of the agreement or programme")
    check.add_argument("--on", type=_iso_date, required=True, help="reference date")
    check.add_argument("--format", choices=("table", "json"), default="table")

    goal = commands.add_parser("goal", help="the progress of a catalogue goal")
    goal.add_argument("entry", help="catalogue id of the agreement that sets the goal")
    goal.add_argument("--goal", help="goal id (default: the entry's only goal)")
    goal.add_argument("--achieved", type=int, help="count achieved (default: the latest recorded status)")
    goal.add_argument("--on", type=_iso_date, help="date of the count (default: that of the recorded status)")
    goal.add_argument("--format", choices=("table", "json"), default="table")

    show = commands.add_parser("catalog", help="list the catalogue, or show one entry with its sources")
    show.add_argument("entry", nargs="?", help="catalogue id to show")
    return parser


def _progress_bar(total: int, label: str) -> Callable[[int], None] | None:
    """A progress bar on standard error for cohorts over :data:`PROGRESS_FROM` rows."""
    if total <= PROGRESS_FROM:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        # Without the `cli` extra: a plain line per tenth, still on stderr.
        marks = {total * k // 10 for k in range(1, 11)}

        def plain(done: int) -> None:
            if done in marks or done == total:
                print(f"{label}: {done:,} of {total:,}", file=sys.stderr)

        return plain
    bar = tqdm(total=total, desc=label, unit="participants", file=sys.stderr, leave=False)

    def update(done: int) -> None:
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def _read_cohort(path: Path, on: date) -> tuple[Any, int]:
    from etableringsmodell.io.cohort import read_csv, read_jsonl

    suffix = path.suffix.lower()
    if suffix not in {".csv", ".jsonl", ".ndjson"}:
        raise _InvalidInputError(f"{path}: a cohort file must end in .csv or .jsonl")
    if not path.exists():
        raise _InvalidInputError(f"{path}: no such file")
    read = read_csv(path, on=on) if suffix == ".csv" else read_jsonl(path, on=on)
    for problem in read.problems:
        _say(f"etablering: {path.name}: {problem}", sys.stderr)
    if not read.participants:
        raise _InvalidInputError(f"{path}: no valid participant to judge ({read.rows} rows read)")
    return read, (EXIT_SOME_ROWS_INVALID if read.problems else EXIT_OK)


def _open_output(path: Path | None) -> TextIO:
    return sys.stdout if path is None else path.open("w", encoding="utf-8")


def _report(args: argparse.Namespace) -> int:
    from etableringsmodell.demo import DEFAULT_GOALS_FROM, DEFAULT_TRACKS_FROM, built_in_report
    from etableringsmodell.report import build_report, render_html, render_json, render_text

    code = EXIT_OK
    if getattr(args, "cohort", None) is None:
        report = built_in_report(
            on=args.on, size=args.size, seed=args.seed, progress=_progress_bar(args.size, "judging")
        )
    else:
        read, code = _read_cohort(args.cohort, args.on)
        cohort = read.participants
        report = build_report(
            cohort,
            args.agreement,
            args.on,
            cohort_label=f"{len(cohort):,} participants from {args.cohort.name}",
            goal_entries=args.goals_from or DEFAULT_GOALS_FROM,
            tracks_from=args.tracks_from or DEFAULT_TRACKS_FROM,
            progress=_progress_bar(len(cohort), "judging"),
        )
    render = {"table": render_text, "json": render_json, "html": render_html}[
        getattr(args, "format", "table")
    ]
    out = _open_output(getattr(args, "output", None))
    try:
        render(report, out)
    finally:
        if out is not sys.stdout:
            out.close()
    return code


def _check(args: argparse.Namespace) -> int:
    from etableringsmodell import catalog
    from etableringsmodell.rules.eligibility import check_eligibility, resolve_rule

    read, code = _read_cohort(args.cohort, args.on)
    criterion = resolve_rule(catalog.get(args.rule), args.on)
    bar = _progress_bar(len(read.participants), "judging")
    rows = []
    for index, (person, line) in enumerate(zip(read.participants, read.lines, strict=True), 1):
        decision = check_eligibility(person, criterion, args.on)
        rows.append((line, person.id, decision))
        if bar is not None and (index % 1000 == 0 or index == len(read.participants)):
            bar(index)
    if args.format == "json":
        documents = [
            {
                "line": line,
                "id": redact(pid),  # an id shaped like a personal number is masked, as in every message
                "status": d.status.value,
                "eligible": d.eligible,
                "failing": [{"criterion": r.criterion_id, "reason": r.message} for r in d.failures],
                "undetermined": [{"criterion": r.criterion_id, "reason": r.message} for r in d.undetermined],
            }
            for line, pid, d in rows
        ]
        sys.stdout.write(
            _json_text({"rule": criterion.id, "on": args.on.isoformat(), "participants": documents}) + "\n"
        )
    else:
        for line, pid, d in rows:
            why = "; ".join(f"{r.criterion_id}: {r.message}" for r in d.failures + d.undetermined)
            _say(f"line {line:>6}  {pid}  {d.status.value}" + (f"  ({why})" if why else ""))
        eligible = sum(1 for _, _, d in rows if d)
        print(f"{eligible:,} of {len(rows):,} eligible under {criterion.id} on {args.on.isoformat()}")
    return code


def _goal(args: argparse.Namespace) -> int:
    from etableringsmodell import catalog
    from etableringsmodell.report import _progress_dict
    from etableringsmodell.rules.goals import goal_progress

    entry = catalog.get(args.entry)
    goals = {g.id: g for g in getattr(entry, "goals", ())}
    if not goals:
        raise _InvalidInputError(f"{args.entry} sets no goal; try: etablering catalog {args.entry}")
    if args.goal is None and len(goals) > 1:
        raise _InvalidInputError(
            f"{args.entry} sets several goals; choose one with --goal ({', '.join(sorted(goals))})"
        )
    goal_id = args.goal or next(iter(goals))
    if goal_id not in goals:
        raise _InvalidInputError(
            f"{args.entry} has no goal {goal_id!r}; its goals: {', '.join(sorted(goals))}"
        )
    achieved, on, note = args.achieved, args.on, ""
    if achieved is None or on is None:
        recorded = [s for s in catalog.statuses(args.entry) if s.goal_id == goal_id]
        if not recorded:
            raise _InvalidInputError(f"no status is recorded for {goal_id}; give --achieved and --on")
        latest = recorded[-1]
        achieved = latest.achieved if achieved is None else achieved
        on = latest.on if on is None else on
        note = latest.note
    progress = goal_progress(goals[goal_id], achieved, on)
    if args.format == "json":
        json.dump(_progress_dict(progress), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        if note:
            print(f"status: {note}")
        print(progress.explain())
    return EXIT_OK


def _catalog(args: argparse.Namespace) -> int:
    from etableringsmodell import catalog

    if args.entry is None:
        for entry_id in catalog.ids():
            entry = catalog.get(entry_id)
            title = getattr(entry, "title", "")
            print(f"{entry_id:<32} {title}")
        return EXIT_OK
    entry = catalog.get(args.entry)
    print(f"{args.entry}: {getattr(entry, 'title', '')}")
    start, end = getattr(entry, "start", None), getattr(entry, "end", None)
    if start is not None:
        print(f"  period: {start.isoformat()} to {end.isoformat() if end else 'no stated end'}")
    for party in getattr(entry, "parties", ()):
        print(f"  party: {party.name} ({party.kind.value})")
    for version in getattr(entry, "versions", ()):
        to = version.effective_to.isoformat() if version.effective_to else "in force"
        print(f"  version {version.effective_from.isoformat()} to {to}: {version.criterion.id}")
        for source in version.sources:
            print(f"    source: {source}" + (f" ({source.title})" if source.title else ""))
    target = getattr(entry, "target_group", None)
    if target is not None:
        print(f"  target group: {target.id}")
    for track in getattr(entry, "tracks", ()):
        print(f"  track: {track.id}: {track.name} (SSYK {', '.join(track.occupations) or 'none'})")
    for goal in getattr(entry, "goals", ()):
        print(f"  goal: {goal.id}: {goal.target:,} {goal.measure.value} by {goal.deadline.isoformat()}")
    for note in getattr(entry, "notes", ()):
        print(f"  note: {note}")
    for source in getattr(entry, "sources", ()):
        print(
            f"  source: {source}"
            + (f" ({source.title})" if source.title else "")
            + (f" — {source.note}" if source.note else "")
        )
    return EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "report": _report,
    "demo": _report,
    "check": _check,
    "goal": _goal,
    "catalog": _catalog,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except (EtableringsmodellError, _InvalidInputError) as error:
        _say(f"etablering: {error}", sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        if isinstance(error, BrokenPipeError):
            # The reader went away (``| head``): not an error of ours. Point
            # stdout at devnull so the interpreter's final flush stays quiet.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK
        _say(f"etablering: {error.filename or ''}: {error.strerror}", sys.stderr)
        return EXIT_INVALID
