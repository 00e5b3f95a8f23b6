"""Run the fuzzing suite (tests/fuzz) and print what it found.

    PYTHONPATH=src python tools/fuzz.py            # the long profile: over 1,000,000 inputs
    PYTHONPATH=src python tools/fuzz.py --short    # the profile the default test run uses

Prints, per target and in all: inputs, typed errors, unexpected exceptions
(by the place they came from), hangs (over the per-input time limit),
good rows lost and personal identity numbers shown. Exits 1 if any of the
last four is not zero. ``ETABLERING_FUZZ_SEED`` changes the inputs,
``ETABLERING_FUZZ_TIME_LIMIT`` the limit per input (seconds, default 10).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--short", action="store_true", help="the short profile of the default test run")
    parser.add_argument(
        "pytest_args", nargs="*", help="more arguments for pytest, after -- (e.g. -- -k calendar)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "fuzz.json"
        env = {**os.environ, "ETABLERING_FUZZ_REPORT": str(report)}
        env["ETABLERING_FUZZ"] = "short" if args.short else "long"
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH")])
        )
        started = time.monotonic()
        done = subprocess.run(  # noqa: S603  # this interpreter running pytest on the suite
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/fuzz", *args.pytest_args],
            cwd=ROOT,
            env=env,
            check=False,
        )
        seconds = time.monotonic() - started
        if not report.exists():
            print(f"pytest ended with {done.returncode} and wrote no tallies: a hang past the watchdog?")
            return 1
        tallies = json.loads(report.read_text(encoding="utf-8"))
    total: Counter[str] = Counter()
    places: Counter[str] = Counter()
    print(
        f"{'target':<42} {'inputs':>10} {'typed':>9} {'unexpected':>10} {'hangs':>5} {'lost':>5} {'ids':>4}"
    )
    for target, t in tallies.items():
        unexpected = sum(t["unexpected"].values())
        print(
            f"{target:<42} {t['inputs']:>10,} {t['typed_errors']:>9,} {unexpected:>10,} "
            f"{t['hangs']:>5} {t['rows_lost']:>5} {t['ids_shown']:>4}"
        )
        total.update(
            inputs=t["inputs"],
            typed=t["typed_errors"],
            unexpected=unexpected,
            hangs=t["hangs"],
            lost=t["rows_lost"],
            ids=t["ids_shown"],
        )
        places.update(t["unexpected"])
    print(
        f"{'all':<42} {total['inputs']:>10,} {total['typed']:>9,} {total['unexpected']:>10,} "
        f"{total['hangs']:>5} {total['lost']:>5} {total['ids']:>4}"
    )
    print(f"in {seconds / 60:.1f} minutes")
    for place, n in places.most_common():
        print(f"  {n:>8,} x {place}")
    bad = total["unexpected"] or total["hangs"] or total["lost"] or total["ids"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
