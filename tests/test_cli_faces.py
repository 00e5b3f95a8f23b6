"""The command line keeps its word: every option does what its help says, with or without a cohort."""

from __future__ import annotations

import json

import pytest

import etableringsmodell
from etableringsmodell import catalog
from etableringsmodell.cli import EXIT_OK, _parser, main


def _json_report(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    assert main(["report", "--size", "200", "--format", "json", *extra]) == EXIT_OK
    document: dict[str, object] = json.loads(capsys.readouterr().out)
    return document


def test_agreement_is_honoured_without_a_cohort(capsys: pytest.CaptureFixture[str]) -> None:
    document = _json_report(capsys, "--agreement", "sydostra-skane-2017", "--on", "2018-06-01")
    assert document["agreement"] == "sydostra-skane-2017"
    assert document["format_version"] == 1


def test_tracks_from_is_honoured_without_a_cohort(capsys: pytest.CaptureFixture[str]) -> None:
    document = _json_report(capsys, "--tracks-from", "snabbspar-2015")
    text = json.dumps(document)
    assert "snabbspar" in text
    assert "norrkoping-industri" not in text


def test_goals_from_adds_to_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    default = json.dumps(_json_report(capsys))
    added = json.dumps(_json_report(capsys, "--goals-from", "arbetsplatsintroduktion-ams"))
    # The default's goal stays, and asking again for the same entry shows it once.
    assert (
        default.count("arbetsplatsintroduktion-placements")
        == added.count("arbetsplatsintroduktion-placements")
        > 0
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"etablering {etableringsmodell.__version__}"


def test_every_option_has_help_that_names_its_default() -> None:
    parser = _parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    for name, sub in commands.choices.items():  # type: ignore[union-attr]  # argparse's subparsers action holds a dict
        for action in sub._actions:
            if action.dest in {"help"} or not action.option_strings:
                continue
            assert action.help, f"{name} {action.option_strings} has no help"
            if action.default not in (None, False) and not action.required:
                assert "default" in action.help or "always shown" in action.help, (
                    name,
                    action.option_strings,
                )


def test_catalog_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "--format", "json"]) == EXIT_OK
    listed = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in listed] == list(catalog.ids())
    assert main(["catalog", "etableringsprogrammet-2018", "--format", "json"]) == EXIT_OK
    entry = json.loads(capsys.readouterr().out)
    # Three age regimes: 20–64 from 2018, 20 to not yet 66 from 2023, under the riktålder from 2026.
    assert [v["effective_from"] for v in entry["versions"]][:3] == ["2018-01-01", "2023-01-01", "2026-01-01"]
