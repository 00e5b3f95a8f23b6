"""Run every benchmark and print its figures: .venv/bin/python benchmarks/run.py"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}")
        namespace = runpy.run_path(str(script))
        failed += namespace["main"]()
        print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
