"""The main job, ``python -m etableringsmodell report`` (README command 1), end to end.

The target (issue 15): the whole report in at most 1 s of wall-clock time on
this machine class. It is timed in fresh interpreters, as a user runs it,
beside what no change of ours can make faster: the interpreter's own start-up
(``python -c pass``) and importing the libraries the main job needs (attrs,
python-dateutil and pint, with a pint registry). Each figure is the median of
several runs; wall-clock time moves with the machine's load, so the CPU time
(user + system) of the same runs is shown beside it.

Python writes compiled bytecode next to the sources on a first import, as an
installed package has it; a warm-up run of each command makes sure it exists,
even when the environment sets ``PYTHONDONTWRITEBYTECODE`` (then every run
would compile the package again, which no installed copy does).

Run: .venv/bin/python benchmarks/bench_mainjob.py
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time

RUNS = 9
TARGET_S = 1.0

CASES = {
    "python -c pass (start-up)": ["-c", "pass"],
    "import attrs, dateutil, pint": [
        "-c",
        "import attrs, dateutil.relativedelta, pint",
    ],
    "  + a pint registry": [
        "-c",
        "from etableringsmodell.units import registry; registry()",
    ],
    "python -m etableringsmodell report": ["-m", "etableringsmodell", "report"],
}
MAIN_JOB = "python -m etableringsmodell report"


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(arguments: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``python *arguments`` in fresh interpreters."""
    command = [sys.executable, *arguments]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # warm-up: bytecode
    walls, cpus = [], []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    env = _environment()
    print(f"the main job in fresh interpreters, median of {RUNS} runs:")
    print(f"  {'':<38}{'wall':>9}{'cpu':>9}")
    figures = {}
    for label, arguments in CASES.items():
        wall, cpu = measure(arguments, env)
        figures[label] = wall
        print(f"  {label:<38}{wall * 1000:7.0f} ms{cpu * 1000:6.0f} ms")
    wall = figures[MAIN_JOB]
    verdict = "OK" if wall <= TARGET_S else "OVER TARGET"
    print(f"target for the report: <= {TARGET_S:.1f} s wall-clock: {verdict}")
    return 0 if wall <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
