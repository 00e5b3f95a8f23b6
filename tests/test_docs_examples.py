"""Every Python example on every documentation page runs.

Pages written as doctests (``{doctest}`` blocks) are checked by ``sphinx -b doctest``;
the plain ``python`` blocks of the other pages are run here, each page's blocks in order
in one namespace, as a reader would paste them, so an example that crashes fails the suite.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[1] / "docs"
README = Path(__file__).parents[1] / "README.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
PAGES = sorted([*DOCS.glob("*.md"), *DOCS.glob("howto/*.md"), README])


def _blocks(page: Path) -> list[str]:
    return _BLOCK.findall(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", [p for p in PAGES if _blocks(p)], ids=lambda p: p.name)
def test_every_python_example_runs(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for index, block in enumerate(_blocks(page)):
        code = compile(block, f"{page.name} (example {index + 1})", "exec")
        exec(code, namespace)  # noqa: S102  # the documentation's own examples, the point of the test
    assert os.getcwd() == str(tmp_path)
