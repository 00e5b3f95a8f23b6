"""Import time of the package, measured with ``python -X importtime``.

The target (issue 2): ``import etableringsmodell`` at most 120 ms on this
machine class. Also measured: importing what a decision needs (the model and
the eligibility rules), and the first pint quantity, which is deferred.

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


def measure(code: str) -> float:
    samples = []
    for _ in range(RUNS):
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
        samples.append(total / 1000)
    return statistics.median(samples)


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
    return 0 if first <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
