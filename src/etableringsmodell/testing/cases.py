"""Rule cases as data: eligibility and goal cases in TOML files.

An analyst adds a case without writing Python. A file named
``<anything>.cases.toml`` in a test directory is collected by the pytest
plugin (:mod:`etableringsmodell.testing.plugin`), one test item per case::

    [[eligibility]]
    name = "turns 18 on the reference date"
    rule = "goteborg-2004"        # a catalogue id
    on = 2004-06-01
    expect = "eligible"           # eligible | not eligible | undetermined | not covered
    failing = []                  # optional: the exact leaf criterion ids expected to fail
    criteria = { age-18-64 = "passed" }   # optional: the status of named criteria
    [eligibility.participant]     # any Participant field, in the JSON format
    birth_date = 1986-06-01
    received_on = 2001-06-01

    [[goal]]
    name = "seed 000: two months left"
    entry = "arbetsplatsintroduktion-ams"   # a catalogue agreement
    goal = "arbetsplatsintroduktion-placements"
    achieved = 3500
    on = 2004-10-31
    on_track = false
    share_achieved = 0.606        # optional figures, compared within `tolerance`
    needed_per_month = 1137.5
    tolerance = 0.001

TOML is read with the standard library's :mod:`tomllib`, so cases need no
extra dependency. Participants are built with the library's JSON converter
(:mod:`etableringsmodell.io.convert`), so a case's participant reads like the
JSON a case system would send.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from attrs import frozen

from etableringsmodell.errors import EtableringsmodellError, InvalidValueError

__all__ = ["RuleCase", "RuleCaseError", "load_cases", "run_case"]

_VERDICTS = {"eligible": "passed", "not eligible": "failed", "undetermined": "undetermined"}
_NOT_COVERED = "not covered"
"""The expectation that the rule does not cover the reference date (NotCoveredError)."""
_GOAL_FIGURES = (
    "share_achieved",
    "share_elapsed",
    "remaining",
    "projected",
    "needed_per_month",
    "observed_per_month",
)


class RuleCaseError(AssertionError):
    """A rule case whose outcome differs from what the case expects."""


@frozen
class RuleCase:
    """One case read from a file: its kind (``eligibility`` or ``goal``), name and data."""

    kind: str
    name: str
    data: Mapping[str, Any]
    path: Path
    index: int


def load_cases(path: Path) -> Iterator[RuleCase]:
    """Read every case of a ``.cases.toml`` file, checking the keys it knows."""
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    unknown = set(document) - {"eligibility", "goal", "about"}
    if unknown:
        raise InvalidValueError("case file", f"unknown table(s) {', '.join(sorted(unknown))} in {path.name}")
    for kind in ("eligibility", "goal"):
        for index, data in enumerate(document.get(kind, [])):
            name = data.get("name") or f"{kind}[{index}]"
            yield RuleCase(kind, str(name), data, path, index)


def _iso(value: Any) -> Any:
    # TOML has native dates; the JSON converter takes ISO text, as a case
    # system would send.
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


def _require(case: RuleCase, key: str) -> Any:
    if key not in case.data:
        raise RuleCaseError(f"{case.name}: the case has no '{key}'")
    return case.data[key]


def run_case(case: RuleCase) -> None:
    """Run one case; raise :class:`RuleCaseError` with a readable message if it fails."""
    if case.kind == "eligibility":
        _run_eligibility(case)
    else:
        _run_goal(case)


def _run_eligibility(case: RuleCase) -> None:
    from etableringsmodell import catalog
    from etableringsmodell.errors import NotCoveredError
    from etableringsmodell.io.convert import structure
    from etableringsmodell.model import Participant
    from etableringsmodell.rules.eligibility import check_eligibility

    known = {"name", "rule", "on", "expect", "failing", "criteria", "participant", "note"}
    extra = set(case.data) - known
    if extra:
        raise RuleCaseError(f"{case.name}: unknown key(s) {', '.join(sorted(extra))}")
    expect = _require(case, "expect")
    if expect not in _VERDICTS and expect != _NOT_COVERED:
        choices = ", ".join([*_VERDICTS, _NOT_COVERED])
        raise RuleCaseError(f"{case.name}: expect must be one of {choices}, not {expect!r}")
    person_data = {"id": f"case-{case.index}", **_iso(_require(case, "participant"))}
    try:
        person = structure(person_data, Participant)
        rule = catalog.get(_require(case, "rule"))
        decision = check_eligibility(person, rule, _require(case, "on"))
    except NotCoveredError as error:
        if expect == _NOT_COVERED:
            return
        raise RuleCaseError(f"{case.name}: expected {expect}, but {error}") from None
    except EtableringsmodellError as error:
        raise RuleCaseError(f"{case.name}: {error}") from None
    if expect == _NOT_COVERED:
        raise RuleCaseError(f"{case.name}: expected the rule not to cover {case.data['on']}, but it did")
    problems = []
    if decision.status.value != _VERDICTS[expect]:
        got = {v: k for k, v in _VERDICTS.items()}[decision.status.value]
        problems.append(f"expected {expect}, got {got}")
    if "failing" in case.data:
        wanted = sorted(case.data["failing"])
        failing = sorted(r.criterion_id for r in decision.failures)
        if failing != wanted:
            problems.append(f"expected the failing criteria {wanted}, got {failing}")
    statuses = {r.criterion_id: r.status.value for r in decision.reasons}
    for criterion_id, wanted_status in dict(case.data.get("criteria", {})).items():
        got_status = statuses.get(criterion_id, "absent from the decision")
        if got_status != wanted_status:
            problems.append(f"expected {criterion_id} {wanted_status}, got {got_status}")
    if problems:
        raise RuleCaseError(f"{case.name}: " + "; ".join(problems) + "\n" + decision.explain())


def _run_goal(case: RuleCase) -> None:
    from etableringsmodell import catalog
    from etableringsmodell.rules.goals import goal_progress

    known = {"name", "entry", "goal", "achieved", "on", "on_track", "tolerance", "note", *_GOAL_FIGURES}
    extra = set(case.data) - known
    if extra:
        raise RuleCaseError(f"{case.name}: unknown key(s) {', '.join(sorted(extra))}")
    try:
        entry = catalog.get(_require(case, "entry"))
        goals = {g.id: g for g in getattr(entry, "goals", ())}
        goal_id = _require(case, "goal")
        if goal_id not in goals:
            raise RuleCaseError(f"{case.name}: {entry.id} has no goal {goal_id!r}; it has {sorted(goals)}")
        progress = goal_progress(goals[goal_id], _require(case, "achieved"), _require(case, "on"))
    except EtableringsmodellError as error:
        raise RuleCaseError(f"{case.name}: {error}") from None
    tolerance = float(case.data.get("tolerance", 1e-9))
    actual: dict[str, float | None] = {
        "share_achieved": progress.share_achieved,
        "share_elapsed": progress.share_elapsed,
        "remaining": progress.remaining,
        "projected": progress.projected,
        "observed_per_month": progress.observed_pace.magnitude,
        "needed_per_month": None if progress.needed_pace is None else progress.needed_pace.magnitude,
    }
    problems = []
    if "on_track" in case.data and bool(case.data["on_track"]) != progress.on_track:
        problems.append(f"expected on_track = {case.data['on_track']}, got {progress.on_track}")
    for key in _GOAL_FIGURES:
        if key not in case.data:
            continue
        got = actual[key]
        want = float(case.data[key])
        if got is None or not math.isclose(got, want, rel_tol=tolerance, abs_tol=tolerance):
            problems.append(f"expected {key} = {want}, got {got}")
    if problems:
        raise RuleCaseError(f"{case.name}: " + "; ".join(problems) + "\n" + progress.explain())
