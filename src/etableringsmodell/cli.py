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
``sql``
    Print a catalogue rule compiled to SQL (DuckDB, Spark, PostgreSQL or
    T-SQL) for the version in force on ``--on``: one status column per
    criterion and ``eligible``, to run where the cohort lives.

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

from etableringsmodell.errors import EtableringsmodellError, redact, translate_text
from etableringsmodell.i18n import N_, _, format_number

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


class _Formatter(argparse.HelpFormatter):
    """argparse's own words (usage, the section headings) in the run's language, from our catalogue.

    argparse translates them through the process-wide gettext domain, which a
    library must not set; these few are looked up in the library's catalogue instead.
    """

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        super().start_section(_(heading) if heading in _ARGPARSE_HEADINGS else heading)


_ARGPARSE_HEADINGS = frozenset({N_("options"), N_("positional arguments")})


class _Parser(argparse.ArgumentParser):
    """argparse, whose messages quote the arguments given: shown safely like everything else."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # argparse's own -h has an English help text
        super().__init__(*args, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", help=_("show this help message and exit"))

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
    from etableringsmodell import __version__
    from etableringsmodell.demo import (
        DEFAULT_AGREEMENT,
        DEFAULT_GOALS_FROM,
        DEFAULT_ON,
        DEFAULT_SIZE,
        DEFAULT_TRACKS_FROM,
    )

    parser = _Parser(
        prog="etablering",
        description=_("Eligibility, goals and outcomes for the establishment of newly arrived people."),
        epilog=_(
            "Exit codes: 0 success; 1 some cohort rows invalid (listed on stderr); 2 usage error; "
            "3 invalid input, nothing judged."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"etablering {__version__}",
        help=_("show the program's version and exit"),
    )
    parser.add_argument(
        "--lang",
        choices=("en", "sv"),
        default="en",
        help=_("language of the verdicts' messages and explanations (default en; sv: Swedish)"),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def cohort_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--on",
            type=_iso_date,
            default=DEFAULT_ON,
            help=_("reference date (default {day})").format(day=DEFAULT_ON),
        )
        sub.add_argument(
            "--size",
            type=_size,
            default=DEFAULT_SIZE,
            help=_("size of the built-in cohort (default {size})").format(size=DEFAULT_SIZE),
        )
        sub.add_argument(
            "--seed", type=int, default=2004, help=_("random seed of the built-in cohort (default 2004)")
        )

    report = commands.add_parser(
        "report", help=_("the main job: eligibility, goal progress and track fit of a cohort")
    )
    report.add_argument(
        "--cohort", type=Path, help=_("a cohort file (.csv or .jsonl); default: the built-in cohort")
    )
    report.add_argument(
        "--agreement",
        default=DEFAULT_AGREEMENT,
        help=_("catalogue agreement (default {id})").format(id=DEFAULT_AGREEMENT),
    )
    report.add_argument(
        "--goals-from",
        action="append",
        metavar="ID",
        help=_("also show the recorded goal statuses of ID, repeatable (always shown: {ids})").format(
            ids=", ".join(DEFAULT_GOALS_FROM)
        ),
    )
    report.add_argument(
        "--tracks-from",
        metavar="ID",
        default=DEFAULT_TRACKS_FROM,
        help=_("fit the cohort to the tracks of ID (default {id})").format(id=DEFAULT_TRACKS_FROM),
    )
    report.add_argument(
        "--format",
        choices=("table", "json", "html"),
        default="table",
        help=_("output format (default table)"),
    )
    report.add_argument("--output", type=Path, help=_("write to this file instead of standard output"))
    cohort_options(report)

    demo = commands.add_parser("demo", help=_("the report on the built-in cohort, as terminal tables"))
    cohort_options(demo)

    check = commands.add_parser(
        "check", help=_("judge every participant of a cohort file under a catalogue rule")
    )
    check.add_argument("cohort", help=_("a cohort file (.csv, .jsonl or .parquet), or - for standard input"))
    check.add_argument("--rule", required=True, help=_("catalogue id of the agreement or programme"))
    check.add_argument("--on", type=_iso_date, required=True, help=_("reference date"))
    check.add_argument(
        "--format",
        choices=("table", "json", "csv", "jsonl", "parquet"),
        default="table",
        help=_(
            "table and json explain each verdict; csv, jsonl and parquet write the columns of the batch path (default table)"
        ),
    )
    check.add_argument("--encoding", help=_("the file's encoding (default: detected; utf-8, utf-16, cp1252)"))
    check.add_argument("--delimiter", help=_("the CSV delimiter (default: detected; ',', ';' or tab)"))
    check.add_argument(
        "--input-format", choices=("csv", "jsonl", "parquet"), help=_("default: from the name")
    )
    check.add_argument("--output", help=_("write the verdicts to this file (parquet needs one)"))

    goal = commands.add_parser("goal", help=_("the progress of a catalogue goal"))
    goal.add_argument("entry", help=_("catalogue id of the agreement that sets the goal"))
    goal.add_argument("--goal", help=_("goal id (default: the entry's only goal)"))
    goal.add_argument("--achieved", type=int, help=_("count achieved (default: the latest recorded status)"))
    goal.add_argument(
        "--on", type=_iso_date, help=_("date of the count (default: that of the recorded status)")
    )
    goal.add_argument(
        "--format", choices=("table", "json"), default="table", help=_("output format (default table)")
    )

    show = commands.add_parser("catalog", help=_("list the catalogue, or show one entry with its sources"))
    show.add_argument("entry", nargs="?", help=_("catalogue id to show (default: list them all)"))
    show.add_argument(
        "--format", choices=("table", "json"), default="table", help=_("output format (default table)")
    )

    serve = commands.add_parser(
        "serve", help=_("the rules as an HTTP service (extra [serve]); OpenAPI at /schema/openapi.json")
    )
    serve.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1)"))
    serve.add_argument("--port", type=_port, default=8000, help=_("port to listen on (default 8000)"))
    serve.add_argument(
        "--max-body-bytes",
        type=_positive,
        default=5_000_000,
        help=_("largest request body (default 5000000)"),
    )
    serve.add_argument(
        "--timeout", type=_positive, default=20, help=_("seconds a request may take (default 20)")
    )
    to_sql = commands.add_parser(
        "sql", help=_("print a catalogue rule compiled to SQL for a database (extra [sql])")
    )
    to_sql.add_argument("rule", help=_("catalogue id of the agreement or programme"))
    to_sql.add_argument("--on", type=_iso_date, required=True, help=_("reference date (chooses the version)"))
    to_sql.add_argument(
        "--dialect",
        choices=("duckdb", "spark", "postgres", "tsql"),
        default="duckdb",
        help=_("SQL dialect (default duckdb)"),
    )
    to_sql.add_argument("--table", default="cohort", help=_("the cohort table's name (default cohort)"))
    return parser


def _sql(args: argparse.Namespace) -> int:
    from etableringsmodell import catalog
    from etableringsmodell.sql import compile_rule

    compiled = compile_rule(catalog.get(args.rule), args.on, dialect=args.dialect, source=args.table)
    print(
        "-- "
        + _("{rule} on {on}, {dialect}; 0 failed, 1 undetermined, 2 passed").format(
            rule=compiled.rule.id, on=args.on.isoformat(), dialect=args.dialect
        )
    )
    for column in compiled.columns:
        print(f"-- {column.name}: {'  ' * column.depth}{column.criterion.id}")
    print(compiled.sql + ";")
    return EXIT_OK


def _port(text: str) -> int:
    value = _positive(text)
    if value > 65535:
        raise argparse.ArgumentTypeError("must be a port number, at most 65535")
    return value


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from etableringsmodell.service import Limits, create_app

    app = create_app(Limits(max_body_bytes=args.max_body_bytes, timeout=float(args.timeout)))
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return EXIT_OK


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
                shown = _("{label}: {done} of {total}").format(
                    label=_(label), done=format_number(done), total=format_number(total)
                )
                print(shown, file=sys.stderr)

        return plain
    bar = tqdm(total=total, desc=_(label), unit=_("participants"), file=sys.stderr, leave=False)

    def update(done: int) -> None:
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def _read_cohort(path: Path, on: date) -> tuple[Any, int]:
    from etableringsmodell.io.cohort import read_csv, read_jsonl

    suffix = path.suffix.lower()
    if suffix not in {".csv", ".jsonl", ".ndjson"}:
        raise _InvalidInputError(_("{path}: a cohort file must end in .csv or .jsonl").format(path=path))
    if not path.exists():
        raise _InvalidInputError(_("{path}: no such file").format(path=path))
    read = read_csv(path, on=on) if suffix == ".csv" else read_jsonl(path, on=on)
    for problem in read.problems:
        _say(f"etablering: {path.name}: {_problem_text(problem)}", sys.stderr)
    if not read.participants:
        raise _InvalidInputError(_no_participant(str(path), read.rows))
    return read, (EXIT_SOME_ROWS_INVALID if read.problems else EXIT_OK)


def _problem_text(problem: Any) -> str:
    """A row problem (line, field, reason) in the current language."""
    return _("line {line}: {field}: {reason}").format(
        line=problem.line, field=problem.field, reason=translate_text(problem.reason)
    )


def _no_participant(name: str, rows: int) -> str:
    return _("{name}: no valid participant to judge ({rows} rows read)").format(name=name, rows=rows)


def _open_output(path: Path | None) -> TextIO:
    return sys.stdout if path is None else path.open("w", encoding="utf-8")


def _report(args: argparse.Namespace) -> int:
    from etableringsmodell.demo import DEFAULT_AGREEMENT, DEFAULT_TRACKS_FROM, built_in_report
    from etableringsmodell.report import build_report, render_html, render_json, render_text

    code = EXIT_OK
    if getattr(args, "cohort", None) is None:
        report = built_in_report(
            on=args.on,
            size=args.size,
            seed=args.seed,
            progress=_progress_bar(args.size, N_("judging")),
            agreement=getattr(args, "agreement", DEFAULT_AGREEMENT),
            goals_from=_goals_from(args),
            tracks_from=getattr(args, "tracks_from", DEFAULT_TRACKS_FROM),
        )
    else:
        read, code = _read_cohort(args.cohort, args.on)
        cohort = read.participants
        report = build_report(
            cohort,
            args.agreement,
            args.on,
            cohort_label=_("{count} participants from {file}").format(
                count=format_number(len(cohort)), file=args.cohort.name
            ),
            goal_entries=_goals_from(args),
            tracks_from=args.tracks_from,
            progress=_progress_bar(len(cohort), N_("judging")),
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


def _goals_from(args: argparse.Namespace) -> tuple[str, ...]:
    """The default goal entries and those given with ``--goals-from``, each once: the option adds."""
    from etableringsmodell.demo import DEFAULT_GOALS_FROM

    return tuple(dict.fromkeys((*DEFAULT_GOALS_FROM, *(getattr(args, "goals_from", None) or ()))))


def _stages(rows_hint: int) -> Callable[[str], None]:
    """A progress bar over the stages of ``check`` (read, validate, judge, write) on standard error."""
    import time

    names = (N_("read and validate"), N_("judge"), N_("write"))
    if rows_hint <= PROGRESS_FROM:
        return lambda _stage: None
    started = time.perf_counter()
    try:
        from tqdm import tqdm
    except ImportError:

        def plain(stage: str) -> None:
            seconds = format_number(time.perf_counter() - started, decimals=1)
            print(f"{_(stage)}: {seconds} s", file=sys.stderr)

        return plain
    bar = tqdm(total=len(names), desc=_(names[0]), unit=_("stage"), file=sys.stderr, leave=False)

    def step(stage: str) -> None:
        bar.update(1)
        following = names.index(stage) + 1 if stage in names else len(names)
        if following < len(names):
            bar.set_description(_(names[following]))
        else:
            bar.close()

    return step


def _check(args: argparse.Namespace) -> int:
    from etableringsmodell import catalog
    from etableringsmodell.errors import UndecodableTextError
    from etableringsmodell.io.table import read_table
    from etableringsmodell.rules.eligibility import resolve_rule

    criterion = resolve_rule(catalog.get(args.rule), args.on)
    source = args.cohort
    if source != "-" and not Path(source).exists():
        raise _InvalidInputError(_("{path}: no such file").format(path=source))
    try:
        import pyarrow  # noqa: F401  # the table reader's engine
    except ImportError:
        if args.format != "table" or source == "-" or args.encoding or args.delimiter:
            from etableringsmodell.errors import MissingExtraError

            raise MissingExtraError("pyarrow", "arrow", "reading cohort tables") from None
        return _check_objects(args, criterion)
    size = 0 if source == "-" else Path(source).stat().st_size
    step = _stages(size // 60)  # about 60 bytes a row
    read = read_table(
        source, format=args.input_format, encoding=args.encoding, delimiter=args.delimiter, on=args.on
    )
    step("read and validate")
    name = "<stdin>" if source == "-" else Path(source).name
    for problem in read.problems:
        print(f"etablering: {name}: {_shown(_problem_text(problem))}", file=sys.stderr)
    if read.problems_not_shown:
        more = _("and {count} more problems").format(count=format_number(read.problems_not_shown))
        print(f"etablering: {name}: {more}", file=sys.stderr)
    undecodable = [p for p in read.problems if isinstance(p.error, UndecodableTextError)]
    if read.table.num_rows == 0:
        raise _InvalidInputError(_no_participant(name, read.rows))
    code = EXIT_INVALID if undecodable else (EXIT_SOME_ROWS_INVALID if read.problems else EXIT_OK)
    if args.format in ("csv", "jsonl", "parquet"):
        _check_columns(args, read, criterion, step)
        return code
    from etableringsmodell.rules.eligibility import check_eligibility

    participants = read.to_participants()
    rows = []
    for person, line in zip(participants, read.lines.tolist(), strict=True):
        rows.append((line, person.id, check_eligibility(person, criterion, args.on)))
    step("judge")
    if args.format == "json":
        documents = [
            {
                "line": line,
                "id": redact(pid),  # an id shaped like a personal number is masked, as in every message
                "status": d.status.value,
                "eligible": d.eligible,
                "failing": [_reason_json(r) for r in d.failures],
                "undetermined": [_reason_json(r) for r in d.undetermined],
            }
            for line, pid, d in rows
        ]
        sys.stdout.write(
            _json_text(
                {
                    "rule": criterion.id,
                    "on": args.on.isoformat(),
                    "summary": _check_summary([d for _, _, d in rows]),
                    "participants": documents,
                }
            )
            + "\n"
        )
    else:
        for line, pid, d in rows:
            why = "; ".join(f"{r.criterion_id}: {r.message}" for r in d.failures + d.undetermined)
            _say(_line(line, pid, d) + (f"  ({why})" if why else ""))
        _print_summary(criterion.id, args.on, [d for _, _, d in rows])
    step("write")
    return code


def _print_summary(rule_id: str, on: Any, decisions: list[Any]) -> None:
    summary = _check_summary(decisions)
    counts = summary["counts"]
    n = format_number
    print(
        _(
            "{eligible} of {total} eligible under {rule} on {on}; {failed} not eligible, {undetermined} undetermined"
        ).format(
            eligible=n(counts["eligible"]),
            total=n(len(decisions)),
            rule=rule_id,
            on=on.isoformat(),
            failed=n(counts["not eligible"]),
            undetermined=n(counts["undetermined"]),
        )
    )
    for verdict in (N_("not eligible"), N_("undetermined")):
        for item in summary["top_reasons"][verdict]:
            print(f"  {n(item['participants']):>10}  {_(verdict)}: {item['criterion']}")


# A verdict's status words in the check listing (the status values in English).
_STATUS_WORDS = {"passed": N_("passed"), "failed": N_("failed"), "undetermined": N_("undetermined")}


def _line(line: int, pid: str, decision: Any) -> str:
    return _("line {line}  {id}  {status}").format(
        line=f"{line:>6}", id=pid, status=_(_STATUS_WORDS[decision.status.value])
    )


def _reason_json(reason: Any) -> dict[str, Any]:
    # Each cited source as the explanation cites it: an unverified claim says so.
    return {
        "criterion": reason.criterion_id,
        "reason": reason.message,
        "sources": [s.citation() for s in reason.sources],
        "unverified": any(not s.verified for s in reason.sources),
    }


def _check_summary(decisions: list[Any], top: int = 5) -> dict[str, Any]:
    """Eligible, not eligible and undetermined, each with its count and its most common reasons."""
    from collections import Counter

    from etableringsmodell.rules.eligibility import Status

    names = {Status.PASSED: "eligible", Status.FAILED: "not eligible", Status.UNDETERMINED: "undetermined"}
    counts = Counter(names[d.status] for d in decisions)
    failing: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    for d in decisions:
        if d.status is Status.FAILED:
            failing.update({r.criterion_id for r in d.failures})
        elif d.status is Status.UNDETERMINED:
            unknown.update({r.criterion_id for r in d.undetermined})
    return {
        "counts": {name: counts.get(name, 0) for name in names.values()},
        "top_reasons": {
            verdict: [{"criterion": k, "participants": n} for k, n in counter.most_common(top)]
            for verdict, counter in (("not eligible", failing), ("undetermined", unknown))
        },
    }


def _check_objects(args: argparse.Namespace, criterion: Any) -> int:
    """``check`` without pyarrow: the object readers, one decision per participant."""
    from etableringsmodell.rules.eligibility import check_eligibility

    read, code = _read_cohort(Path(args.cohort), args.on)
    rows = [
        (line, p.id, check_eligibility(p, criterion, args.on))
        for p, line in zip(read.participants, read.lines, strict=True)
    ]
    for line, pid, d in rows:
        print(_line(line, _shown(pid), d))
    _print_summary(criterion.id, args.on, [d for _, _, d in rows])
    return code


def _check_columns(args: argparse.Namespace, read: Any, criterion: Any, step: Callable[[str], None]) -> None:
    """``check`` on the columnar path: the batch path's statuses, one column per criterion."""
    import numpy as np
    import pyarrow as pa

    from etableringsmodell.batch import evaluate
    from etableringsmodell.io.table import write_table

    result = evaluate(read.table, criterion, args.on)
    step("judge")
    words = np.array(["failed", "undetermined", "passed"], dtype=object)
    columns: dict[str, Any] = {
        "line": pa.array(read.lines),
        "id": read.table.column("id"),
        "status": pa.array(words[result.codes]).dictionary_encode(),
        "eligible": pa.array(result.eligible),
    }
    for column in result:
        if column.depth > 0:
            columns[f"criterion_{column.id}"] = pa.array(words[column.codes]).dictionary_encode()
    verdicts = pa.table(columns)
    if args.format == "parquet" and not args.output:
        raise _InvalidInputError(_("--format parquet needs --output FILE"))
    target: Any = args.output or sys.stdout
    if args.format == "csv":
        import pyarrow.csv as pcsv

        sink = args.output or sys.stdout.buffer
        pcsv.write_csv(verdicts.cast(_plain_schema(verdicts)), sink)
    else:
        write_table(verdicts, target, format=args.format)
    step("write")


def _plain_schema(table: Any) -> Any:
    import pyarrow as pa

    return pa.schema(
        [pa.field(f.name, pa.string()) if pa.types.is_dictionary(f.type) else f for f in table.schema]
    )


def _goal(args: argparse.Namespace) -> int:
    from etableringsmodell import catalog
    from etableringsmodell.report import _progress_dict
    from etableringsmodell.rules.goals import goal_progress

    entry = catalog.get(args.entry)
    goals = {g.id: g for g in getattr(entry, "goals", ())}
    if not goals:
        raise _InvalidInputError(
            _("{entry} sets no goal; try: etablering catalog {entry}").format(entry=args.entry)
        )
    if args.goal is None and len(goals) > 1:
        raise _InvalidInputError(
            _("{entry} sets several goals; choose one with --goal ({goals})").format(
                entry=args.entry, goals=", ".join(sorted(goals))
            )
        )
    goal_id = args.goal or next(iter(goals))
    if goal_id not in goals:
        raise _InvalidInputError(
            _("{entry} has no goal {goal}; its goals: {goals}").format(
                entry=args.entry, goal=repr(goal_id), goals=", ".join(sorted(goals))
            )
        )
    achieved, on, note = args.achieved, args.on, ""
    if achieved is None or on is None:
        recorded = [s for s in catalog.statuses(args.entry) if s.goal_id == goal_id]
        if not recorded:
            raise _InvalidInputError(
                _("no status is recorded for {goal}; give --achieved and --on").format(goal=goal_id)
            )
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
            print(_("status: {note}").format(note=note))
        print(progress.explain())
    return EXIT_OK


def _catalog(args: argparse.Namespace) -> int:
    from etableringsmodell import catalog

    if getattr(args, "format", "table") == "json":
        document: Any = (
            [{"id": i, "title": getattr(catalog.get(i), "title", "")} for i in catalog.ids()]
            if args.entry is None
            else catalog.describe(args.entry)
        )
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
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
        to_text = end.isoformat() if end else _("no stated end")
        print("  " + _("period: {start} to {end}").format(start=start.isoformat(), end=to_text))
    for party in getattr(entry, "parties", ()):
        print("  " + _("party: {name} ({kind})").format(name=party.name, kind=party.kind.value))
    for version in getattr(entry, "versions", ()):
        to = version.effective_to.isoformat() if version.effective_to else _("in force")
        print(
            "  "
            + _("version {start} to {end}: {rule}").format(
                start=version.effective_from.isoformat(), end=to, rule=version.criterion.id
            )
        )
        for source in version.sources:
            cited = source.citation() + (f" ({source.title})" if source.title else "")
            print("    " + _("source: {source}").format(source=cited))
    target = getattr(entry, "target_group", None)
    if target is not None:
        print("  " + _("target group: {rule}").format(rule=target.id))
    for track in getattr(entry, "tracks", ()):
        codes = ", ".join(track.occupations) or _("none")
        print(
            "  " + _("track: {id}: {name} (SSYK {codes})").format(id=track.id, name=track.name, codes=codes)
        )
    for goal in getattr(entry, "goals", ()):
        print(
            "  "
            + _("goal: {id}: {target} {measure} by {deadline}").format(
                id=goal.id,
                target=format_number(goal.target),
                measure=goal.measure.value,
                deadline=goal.deadline.isoformat(),
            )
        )
    for note in getattr(entry, "notes", ()):
        print("  " + _("note: {note}").format(note=note))
    for source in getattr(entry, "sources", ()):
        cited = (
            source.citation()
            + (f" ({source.title})" if source.title else "")
            + (f" — {source.note}" if source.note else "")
        )
        print("  " + _("source: {source}").format(source=cited))
    return EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "report": _report,
    "demo": _report,
    "check": _check,
    "goal": _goal,
    "catalog": _catalog,
    "serve": _serve,
    "sql": _sql,
}


def _requested_language(argv: Sequence[str]) -> str:
    """The value of the last ``--lang`` among ``argv`` if it is a supported language, else English."""
    chosen = "en"
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.partition("=")[2]
        if (arg == "--lang" or arg.startswith("--lang=")) and value in ("en", "sv"):
            chosen = value
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from etableringsmodell.i18n import language

    # The help and argparse's own words are written while the parser is built and used, so the
    # language is read from the arguments first (the last --lang wins, as argparse's would).
    with language(_requested_language(sys.argv[1:] if argv is None else argv)):
        args = _parser().parse_args(argv)
    try:
        with language(args.lang):
            return _COMMANDS[args.command](args)
    except EtableringsmodellError as error:
        # Raised inside the language block, shown after it: in the run's language still.
        _say(f"etablering: {error.text(args.lang)}", sys.stderr)
        return EXIT_INVALID
    except _InvalidInputError as error:
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
