"""Fuzz the command line: generated argv over every command, with cohort files holding hostile ids."""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from etableringsmodell.cli import main
from tests.fuzz.harness import SECRET, assert_clean, count, mutate, rng, run

HOSTILE_IDS = ("\x1b]0;title\x07", "\x1b[2J\x1b[H", "a\x9bb", "\u202eevil", SECRET, "x\ry", "ok")
VALUES = (
    "2004-06-01",
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2004-02-30",
    "-1",
    "0",
    "1",
    "10",
    "1000001",
    "9" * 5000,
    "goteborg-2004",
    "etableringsprogrammet-2018",
    "nope",
    "\x1b[31m",
    SECRET,
    "",
    "table",
    "json",
)
COMMANDS = ("check", "goal", "catalog", "demo", "report")


@pytest.fixture(scope="module")
def files() -> Iterator[list[str]]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        csv_lines = ["id,birth_date,received_on"]
        csv_lines += [f'"{pid}",1980-01-01,2003-06-01' for pid in HOSTILE_IDS]
        (root / "c.csv").write_text("\n".join(csv_lines) + "\n", encoding="utf-8", newline="")
        jsonl = [
            '{{"format_version": 1, "id": "{}", "birth_date": "1980-01-01", "received_on": "2003-06-01"}}'.format(
                pid.encode("unicode_escape").decode("ascii").replace("\\x", "\\u00")
            )
            for pid in HOSTILE_IDS
        ]
        (root / "c.jsonl").write_text("\n".join(jsonl) + "\n", encoding="utf-8")
        (root / "junk.csv").write_bytes(mutate(rng("cli files"), (root / "c.csv").read_bytes(), 6))
        yield [
            str(root / "c.csv"),
            str(root / "c.jsonl"),
            str(root / "junk.csv"),
            str(root / "none.csv"),
            folder,
        ]


def _argv(r: Any, paths: list[str]) -> list[str]:
    command = r.choice(COMMANDS)
    argv = [command]
    if command == "check":
        argv += [r.choice(paths), "--rule", r.choice(VALUES[10:13]), "--on", r.choice(VALUES[:5])]
    elif command in ("goal", "catalog"):
        argv.append(r.choice(VALUES[10:13]))
    elif command == "report" and r.random() < 0.7:
        argv += ["--cohort", r.choice(paths)]
    if command in ("demo", "report"):
        argv += ["--size", r.choice(("3", "5", "0", "-1", "1000001", "x"))]
    for _ in range(r.randint(0, 3)):
        option = r.choice(("--on", "--format", "--goal", "--achieved", "--seed", "--rule", "--bogus"))
        argv += [option, r.choice(VALUES)]
    if r.random() < 0.2:
        argv.insert(r.randrange(len(argv) + 1), r.choice(VALUES))
    return argv


def _call(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as done:  # argparse's usage error (2) or --help (0)
            code = done.code if isinstance(done.code, int) else 2
    return code, out.getvalue() + err.getvalue()


def _check(result: tuple[int, str]) -> tuple[int, list[str]]:
    code, text = result
    assert code in (0, 1, 2, 3), code
    # No raw escape sequence reaches the terminal: ESC, CSI or a bidirectional override.
    assert not any(c in text for c in ("\x1b", "\x9b", "\u202e", "\x07")), text[:200]
    return 0, [text]


def test_cli(files: list[str]) -> None:
    target = "cli.main (grammar)"
    r = rng(target)
    for _ in range(count(40, 10_000)):
        argv = _argv(r, files)
        run(target, partial(_call, argv), argv, _check)
    assert_clean(target)
