"""The report, check, goal and catalog commands, their formats and exit codes."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from etableringsmodell.cli import EXIT_INVALID, EXIT_OK, EXIT_SOME_ROWS_INVALID, main
from etableringsmodell.demo import DEFAULT_ON
from etableringsmodell.io.cohort import write_jsonl
from etableringsmodell.model import Participant
from etableringsmodell.synthetic import synthetic_cohort


def test_report_json_matches_the_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--size", "300", "--format", "json"]) == EXIT_OK
    document = json.loads(capsys.readouterr().out)
    assert document["agreement"] == "goteborg-2004"
    assert document["cohort"]["size"] == 300
    counts = document["eligibility"]["counts"]
    assert sum(counts.values()) == 300
    (goal,) = document["goals"]
    # Seed 000: 3,500 of 5,775 by 2004-10-31, 1,137.5 a month needed.
    assert (goal["achieved"], goal["target"], goal["on_track"]) == (3500, 5775, False)
    assert goal["needed_pace"] == {"value": 1137.5, "unit": "placement / month"}
    assert document["track_fit"]["tracks_from"] == "norrkoping-2018"
    placed = sum(t["placed"] for t in document["track_fit"]["tracks"])
    assert placed + document["track_fit"]["unplaced"] == 300


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            assert not (name in {"src", "href"} and value and "://" in value), (
                "the page must be self-contained"
            )

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_report_html_is_self_contained(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "--size", "200", "--format", "html", "--output", str(out)]) == EXIT_OK
    page = _Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert "svg" in page.tags  # the goal-progress chart
    assert "script" not in page.tags
    text = " ".join(page.text)
    assert "3,500 of 5,775" in text
    assert "Track fit" in text


def _cohort_file(tmp_path: Path, bad_line: bool, *, facts: bool = True) -> Path:
    path = tmp_path / "cohort.jsonl"
    cohort = synthetic_cohort(20, DEFAULT_ON, seed=7)
    if not facts:
        cohort = [attrs.evolve(p, facts=()) for p in cohort]
    with path.open("w", encoding="utf-8") as handle:
        write_jsonl(cohort, handle)
        if bad_line:
            handle.write(
                '{"format_version": 1, "id": "x", "birth_date": "2004-13-01", "received_on": "2004-01-01"}\n'
            )
    return path


def test_check_reports_bad_rows_and_judges_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _cohort_file(tmp_path, bad_line=True)
    code = main(["check", str(path), "--rule", "goteborg-2004", "--on", "2004-06-01", "--format", "json"])
    captured = capsys.readouterr()
    assert code == EXIT_SOME_ROWS_INVALID
    assert "line 21: birth_date" in captured.err
    document = json.loads(captured.out)
    assert len(document["participants"]) == 20
    assert document["rule"] == "goteborg-2004-target-group"


def test_check_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _cohort_file(tmp_path, bad_line=False, facts=False)
    assert main(["check", str(path), "--rule", "goteborg-2004", "--on", "2004-06-01"]) == EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    # 20 rows, then eligible / not eligible / undetermined with counts, then the top reasons of each.
    summary = lines[20]
    assert " of 20 eligible under goteborg-2004-target-group on 2004-06-01; " in summary
    assert summary.endswith(" undetermined")
    counts = [int(part.split()[0].replace(",", "")) for part in summary.split("; ")[1].split(", ")]
    assert int(summary.split()[0]) + sum(counts) == 20
    # With the assessed facts taken out, seed 004's capacity is undetermined for all.
    assert any(
        line.strip().endswith("undetermined: goteborg-2004-work-oriented-capacity") for line in lines[21:]
    )


def test_check_refuses_what_it_cannot_judge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _cohort_file(tmp_path, bad_line=False)
    assert main(["check", str(path), "--rule", "stockholm", "--on", "2004-06-01"]) == EXIT_INVALID
    assert "known entries" in capsys.readouterr().err
    assert (
        main(["check", str(tmp_path / "none.csv"), "--rule", "goteborg-2004", "--on", "2004-06-01"])
        == EXIT_INVALID
    )
    assert "no such file" in capsys.readouterr().err
    assert main(["check", str(path), "--rule", "goteborg-2004", "--on", "2003-06-01"]) == EXIT_INVALID
    assert "does not cover 2003-06-01" in capsys.readouterr().err


def test_goal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["goal", "arbetsplatsintroduktion-ams"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "3,500 of 5,775 (60.6%) on 2004-10-31" in out
    assert (
        main(
            [
                "goal",
                "arbetsplatsintroduktion-ams",
                "--achieved",
                "5775",
                "--on",
                "2004-12-31",
                "--format",
                "json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["on_track"] is True
    assert main(["goal", "goteborg-2004"]) == EXIT_INVALID
    assert "sets no goal" in capsys.readouterr().err


def test_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog"]) == EXIT_OK
    listing = capsys.readouterr().out
    assert "goteborg-2004" in listing
    assert "norrkoping-2018" in listing
    assert main(["catalog", "goteborg-2004"]) == EXIT_OK
    shown = capsys.readouterr().out
    assert "party: Migrationsverket Väst (public_agency)" in shown
    assert "source: seed 004_2ae1cbc02798eb8a.txt" in shown


def test_progress_bar_only_for_large_cohorts() -> None:
    from etableringsmodell.cli import PROGRESS_FROM, _progress_bar

    assert _progress_bar(PROGRESS_FROM, "judging") is None
    bar = _progress_bar(PROGRESS_FROM + 1, "judging")
    assert bar is not None
    bar(PROGRESS_FROM + 1)


def test_participants_round_trip_through_the_cli_file(tmp_path: Path) -> None:
    from etableringsmodell.io.cohort import read_jsonl

    path = _cohort_file(tmp_path, bad_line=False)
    read = read_jsonl(path)
    assert all(isinstance(p, Participant) for p in read.participants)
    assert read.participants == tuple(synthetic_cohort(20, DEFAULT_ON, seed=7))
