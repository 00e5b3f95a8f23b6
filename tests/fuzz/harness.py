"""What every fuzz target shares: input counts, the per-input time limit, the tally and the checks.

Each input is run through :func:`run`, which holds it to these promises:

* the entry answers with a result or an error from :mod:`etableringsmodell.errors`
  (any other exception is *unexpected* and counted by the place it came from);
* it answers within :data:`TIME_LIMIT` seconds (a *hang* otherwise);
* no message, problem or explanation shows a personal identity number;
* for readers, every good row given among the bad ones comes back unchanged.

Failures are tallied rather than raised at once, so a long run counts them
all; :func:`assert_clean` fails the target at its end with a summary.
``ETABLERING_FUZZ=long`` selects the long profile; ``ETABLERING_FUZZ_REPORT``
names a JSON file the tallies are written to (``tools/fuzz.py`` reads it).
"""

from __future__ import annotations

import faulthandler
import json
import os
import random
import signal
import sys
import threading
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from etableringsmodell.errors import EtableringsmodellError, redact

LONG = os.environ.get("ETABLERING_FUZZ", "") == "long"
TIME_LIMIT = float(os.environ.get("ETABLERING_FUZZ_TIME_LIMIT", "10"))
"""Seconds one input may take (a loaded machine gets a wide margin; a hang is minutes)."""
SEED = int(os.environ.get("ETABLERING_FUZZ_SEED", "12"))

SECRET = "19121212-1212"
"""A valid personal identity number planted in inputs; no output may show it in any form."""
SECRET_FORMS = ("19121212-1212", "191212121212", "121212-1212", "1212121212")


def count(short: int, long: int) -> int:
    """Inputs for a mutation loop: ``short`` in the default run, ``long`` in the long profile."""
    return long if LONG else short


def rng(target: str) -> random.Random:
    return random.Random(f"{SEED}-{target}")  # noqa: S311  # reproducible test input, not secrets


@dataclass
class Tally:
    inputs: int = 0
    typed_errors: int = 0
    unexpected: Counter[str] = field(default_factory=Counter)
    hangs: int = 0
    rows_lost: int = 0
    ids_shown: int = 0
    examples: dict[str, str] = field(default_factory=dict)

    def note(self, kind: str, example: object) -> None:
        if kind not in self.examples:
            text = repr(example)
            self.examples[kind] = text if len(text) <= 600 else f"{text[:300]} ... {text[-300:]}"


TALLIES: dict[str, Tally] = {}
_LOCK = threading.Lock()


def tally(target: str) -> Tally:
    with _LOCK:
        return TALLIES.setdefault(target, Tally())


class Hang(BaseException):
    """Raised by the alarm inside an input that ran past the time limit (BaseException: nothing catches it)."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Hang


@contextmanager
def time_limit() -> Iterator[None]:
    """The per-input limit: an alarm for Python code, and a watchdog that ends the process for C code.

    A signal is only seen between bytecodes, so a computation inside one C
    call (a huge integer power) would outlast the alarm; the watchdog then
    dumps every thread's stack and exits, which the long run reports as a hang.
    """
    main = threading.current_thread() is threading.main_thread()
    if main:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    faulthandler.dump_traceback_later(TIME_LIMIT * 6, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        if main:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _place(error: BaseException) -> str:
    """Where an unexpected exception came from: the innermost frame in the library, and its kind."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "etableringsmodell" in f.filename.replace("\\", "/")]
    if not (ours or frames):
        return type(error).__name__
    frame = (ours or frames)[-1]
    name = frame.filename.replace("\\", "/").split("/src/")[-1]
    return f"{name}:{frame.lineno} {frame.name}: {type(error).__name__}"


def shows_id(text: str, *, shaped: bool = False) -> bool:
    """Whether ``text`` shows the planted personal identity number in any form.

    With ``shaped``, anything shaped like one counts too (for error messages,
    which never carry long numbers; results may show large counts).
    """
    return any(form in text for form in SECRET_FORMS) or (shaped and redact(text) != text)


def run(
    target: str,
    call: Callable[[], Any],
    example: object,
    check: Callable[[Any], tuple[int, list[str]]] | None = None,
) -> Any:
    """Run one input through ``call`` under the promises above; the result, or None.

    ``check`` looks at a result and returns (good rows lost, texts to search
    for personal numbers).
    """
    t = tally(target)
    t.inputs += 1
    try:
        with time_limit():
            result = call()
            lost, texts = check(result) if check is not None else (0, [])
    except Hang:
        t.hangs += 1
        t.note("hang", example)
        return None
    except EtableringsmodellError as error:
        t.typed_errors += 1
        if shows_id(str(error), shaped=True):
            t.ids_shown += 1
            t.note("id shown", (example, str(error)))
        return None
    except Exception as error:  # the very thing being counted
        place = _place(error)
        t.unexpected[place] += 1
        t.note(place, example)
        return None
    if lost:
        t.rows_lost += lost
        t.note("rows lost", example)
    if any(shows_id(text) for text in texts):
        t.ids_shown += 1
        t.note("id shown", (example, [text for text in texts if shows_id(text)][:1]))
    return result


def summary(target: str) -> str:
    t = tally(target)
    lines = [
        (
            f"{target}: {t.inputs:,} inputs, {sum(t.unexpected.values()):,} unexpected, {t.hangs} hangs, "
            f"{t.rows_lost} rows lost, {t.ids_shown} ids shown"
        )
    ]
    lines += [f"  {n:,} x {place}" for place, n in t.unexpected.most_common()]
    lines += [f"  e.g. {kind}: {text}" for kind, text in t.examples.items()]
    return "\n".join(lines)


def assert_clean(target: str) -> None:
    t = tally(target)
    assert t.inputs > 0
    clean = not (t.unexpected or t.hangs or t.rows_lost or t.ids_shown)
    assert clean, summary(target)


def write_report(path: str) -> None:
    document = {
        target: {
            "inputs": t.inputs,
            "typed_errors": t.typed_errors,
            "unexpected": dict(t.unexpected),
            "hangs": t.hangs,
            "rows_lost": t.rows_lost,
            "ids_shown": t.ids_shown,
            "examples": t.examples,
        }
        for target, t in sorted(TALLIES.items())
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2, ensure_ascii=True)
    sys.stderr.write(f"fuzz tallies written to {path}\n")


# --- mutation ------------------------------------------------------------------------

TOKENS: tuple[bytes, ...] = (
    b'"',
    b"'",
    b"\r",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b";",
    b"|",
    b":",
    b"\\",
    b"\\ud800",
    b"\\u001b",
    b"\x1b[31m",
    b"-",
    b"0",
    b"-1",
    b"1e999",
    b"NaN",
    b"Infinity",
    b"null",
    b"true",
    b"9" * 40,
    b"9" * 4301,
    b"0001-01-01",
    b"9999-12-31",
    b"2004-02-29",
    b"P99999999999M",
    b"s**9**9**9",
    b"year",
    b"m\xc3\xa5nader",
    b'"id"',
    b'"format_version"',
    b'"birth_date"',
    b'"unit"',
    b'"type"',
    SECRET.encode(),
    b"191212121212",
    b'"x":1,"x":2',
    b"[" * 50,
    b"{}" * 20,
    b"x," * 200,
)


def mutate(r: random.Random, data: bytes, rounds: int = 0) -> bytes:
    """``data`` with one to four byte-level edits: flips, cuts, repeats and interesting tokens."""
    out = bytearray(data)
    for _ in range(rounds or r.randint(1, 4)):
        at = r.randint(0, len(out))
        op = r.randrange(6)
        if op == 0 and out:
            out[min(at, len(out) - 1)] = r.randrange(256)
        elif op == 1:
            del out[at : at + r.randint(1, 16)]
        elif op == 2:
            end = min(len(out), at + r.randint(1, 32))
            out[at:at] = out[at:end] * r.randint(1, 3)
        else:
            out[at:at] = r.choice(TOKENS)
    return bytes(out)
