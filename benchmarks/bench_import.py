"""Import time of the package, measured with ``python -X importtime``.

The targets: ``import etableringsmodell`` at most 120 ms on this machine
class (issue 2); ``import etableringsmodell.model`` and ``import
etableringsmodell.batch`` each within 1.5 times the import of their own
dependencies (issue 15): attrs and python-dateutil for the model, numpy for
the batch path. Each ratio is measured side by side in the same run: the
dependencies alone, then the module (which imports them too), in fresh
interpreters, the median of several runs. Also measured: importing what a
decision needs (the model and the eligibility rules), every class of the
model (its names load on first use), and the first pint quantity, which is
deferred.

``python -X importtime`` shows what is slow: ``python -X importtime -c
"import etableringsmodell.batch" 2>&1 | sort -t'|' -k2 -n | tail``.

Run: .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys

CASES = {
    "import etableringsmodell": "import etableringsmodell",
    "+ model and eligibility rules": "import etableringsmodell.model, etableringsmodell.rules.eligibility",
    "+ goals (pint registry)": "import etableringsmodell.rules.goals as g; g.quantity(1, 'placement / month')",
}
RUNS = 15
TARGET_MS = 120.0

RATIOS = {
    # label: (the dependencies alone, the module)
    "etableringsmodell.model": ("import attrs, dateutil.relativedelta", "import etableringsmodell.model"),
    "  its every class (on first use)": (
        "import attrs, dateutil.relativedelta",
        "import etableringsmodell.model as m; [getattr(m, n) for n in m.__all__]",
    ),
    "etableringsmodell.batch": ("import numpy", "import etableringsmodell.batch"),
}
RATIO_TARGET = 1.5
CHECKED = ("etableringsmodell.model", "etableringsmodell.batch")


def _imported_ms(code: str) -> float:
    """Milliseconds ``code`` spends importing, in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
    )
    # Top-level entries (no leading spaces in the name column) are what
    # this statement imported, children included in their cumulative time.
    total = 0
    for line in result.stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        fields = line[len("import time:") :].split("|")
        if len(fields) != 3 or not fields[1].strip().isdigit():
            continue
        name = fields[2]
        if name.startswith(" ") and not name.startswith("  "):
            total += int(fields[1])
    return total / 1000


def measure(code: str) -> float:
    return statistics.median(_imported_ms(code) for _ in range(RUNS))


def measure_pair(first: str, second: str) -> tuple[float, float]:
    """Medians of both, their runs taken in turn so that a change in the machine's load hits both."""
    pairs = [(_imported_ms(first), _imported_ms(second)) for _ in range(RUNS)]
    return statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs)


def main() -> int:
    print(f"import time, median of {RUNS} fresh interpreters (python -X importtime):")
    first = None
    for label, code in CASES.items():
        ms = measure(code)
        first = ms if first is None else first
        print(f"  {label:<32} {ms:8.1f} ms")
    assert first is not None
    verdict = "OK" if first <= TARGET_MS else "OVER TARGET"
    print(f"target for 'import etableringsmodell': <= {TARGET_MS:.0f} ms: {verdict}")
    failed = first > TARGET_MS

    print(f"\nimport beside its dependencies, target ratio <= {RATIO_TARGET}:")
    print(f"  {'':<34}{'deps':>10}{'module':>10}{'ratio':>8}")
    for label, (dependencies, module) in RATIOS.items():
        alone, whole = measure_pair(dependencies, module)
        ratio = whole / alone
        checked = label in CHECKED
        mark = ("OK" if ratio <= RATIO_TARGET else "OVER TARGET") if checked else ""
        failed |= checked and ratio > RATIO_TARGET
        print(f"  {label:<34}{alone:7.1f} ms{whole:7.1f} ms{ratio:7.2f}  {mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
