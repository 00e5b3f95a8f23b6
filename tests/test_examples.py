"""Every script in examples/ runs and prints the figures of its seed article."""

from __future__ import annotations

import pathlib
import runpy

import pytest

EXAMPLES = pathlib.Path(__file__).parent.parent / "examples"


def run(name: str, capsys: pytest.CaptureFixture[str]) -> str:
    runpy.run_path(str(EXAMPLES / name), run_name="__main__")
    return capsys.readouterr().out


def test_every_example_is_tested() -> None:
    assert {p.name for p in EXAMPLES.glob("*.py")} == {
        "seed_000_arbetsplatsintroduktion.py",
        "seed_004_goteborg.py",
    }


def test_seed_000(capsys: pytest.CaptureFixture[str]) -> None:
    out = run("seed_000_arbetsplatsintroduktion.py", capsys)
    assert "share achieved:      0.61" in out
    assert "needed pace:         1138 placement / month" in out
    assert "observed pace:       250 placement / month" in out
    assert "projected by 31 Dec: 4,000 of 5,775" in out


def test_seed_004(capsys: pytest.CaptureFixture[str]) -> None:
    out = run("seed_004_goteborg.py", capsys)
    blocks = out.split("\n\n")
    verdicts = {b.splitlines()[0]: b.splitlines()[1].split(" under ")[0] for b in blocks[1:]}
    assert verdicts == {
        "turns-18-today:": "eligible",
        "turns-65-today:": "not eligible",
        "window-ends-today:": "eligible",
        "window-ended-yesterday:": "not eligible",
    }
