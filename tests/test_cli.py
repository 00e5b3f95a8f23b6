"""The command line and the README's main job."""

from __future__ import annotations

import subprocess
import sys

import pytest

from etableringsmodell.cli import EXIT_OK, EXIT_USAGE, main


def test_demo_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "reference date 2004-06-01, 3,000 synthetic participants" in out
    assert "eligible: " in out
    assert "age-18-64" in out
    assert "newly-arrived-36m" in out
    assert "seed 004_2ae1cbc02798eb8a.txt" in out
    # Seed 000's figures.
    assert "3,500 of 5,775 (60.6%)" in out
    assert "needed 1137.5 placement / month" in out
    assert "not on track" in out


def test_demo_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    main(["demo", "--size", "200"])
    first = capsys.readouterr().out
    main(["demo", "--size", "200"])
    assert capsys.readouterr().out == first


def test_demo_outside_the_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--on", "2003-01-01", "--size", "10"]) == 3
    assert "does not cover 2003-01-01" in capsys.readouterr().err


def test_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["demo", "--on", "June"])
    assert caught.value.code == EXIT_USAGE
    assert "not a date like 2004-06-01" in capsys.readouterr().err
    with pytest.raises(SystemExit) as too_small:
        main(["demo", "--size", "0"])
    assert too_small.value.code == EXIT_USAGE
    assert "--size: must be at least 1" in capsys.readouterr().err


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "etableringsmodell", "demo", "--size", "50"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "50 synthetic participants" in result.stdout


def test_closed_pipe_is_quiet() -> None:
    # `etablering demo | head -0`: the reader is gone before the first write
    # (the demo computes for a while first); the command must end without a
    # BrokenPipeError traceback.
    with subprocess.Popen(
        [sys.executable, "-m", "etableringsmodell", "demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()
        errors = process.stderr.read()
        code = process.wait()
    assert "Traceback" not in errors
    assert code == 0


def _side_by_side(out: str) -> dict[str, tuple[int, int]]:
    block = out.split("Side by side on ", 1)[1].split("\n\n", 1)[0]
    rows = {}
    for line in block.splitlines():
        parts = line.split()
        if parts and parts[0] in {"passed", "failed", "undetermined"}:
            rows[parts[0]] = (int(parts[1].replace(",", "")), int(parts[2].replace(",", "")))
    return rows


def test_demo_side_by_side_with_the_programme_in_force(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--size", "400"]) == EXIT_OK
    out = capsys.readouterr().out
    # On 2004-06-01 the national programme in force is the 2003:623 trial.
    assert "Side by side on 2004-06-01: goteborg-2004 and the national programme in force" in out
    assert "arbetsplatsintroduktion-2003" in out
    assert "version 2003-09-01 to 2005-12-31" in out
    rows = _side_by_side(out)
    assert sum(a for a, _ in rows.values()) == 400
    assert sum(b for _, b in rows.values()) == 400
    # The agreement column agrees with the eligibility line above it.
    assert f"eligible: {rows['passed'][0]:,} of 400" in out


def test_demo_side_by_side_picks_the_version_by_date(capsys: pytest.CaptureFixture[str]) -> None:
    main(["demo", "--on", "2023-01-01", "--size", "50"])
    out = capsys.readouterr().out
    assert "etableringsprogrammet-2018" in out
    assert "version 2023-01-01 to 2025-12-31" in out  # SFS 2022:895 from this day
    main(["demo", "--on", "2008-06-01", "--size", "20"])
    assert "no national programme in the catalogue was in force on 2008-06-01" in capsys.readouterr().out
