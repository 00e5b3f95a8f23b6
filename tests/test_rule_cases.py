"""The rule-case file format: collected by the plugin, failures read well."""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ["pytester"]

# Each run is a pytest of its own in a fresh interpreter: run in this process, pytester drops
# the modules a run imported, and the library's lazily loaded modules (the model, pint's
# registry) then came back as second copies (`must be a Goal, got Goal`), or importlib.metadata
# lost its distributions; the file passed only after other tests had loaded them first.

CASE = """
[[eligibility]]
name = "a wrong expectation"
rule = "goteborg-2004"
on = 2004-06-01
expect = "eligible"
[eligibility.participant]
birth_date = 1939-06-01
received_on = 2003-01-10

[[goal]]
name = "a wrong figure"
entry = "arbetsplatsintroduktion-ams"
goal = "arbetsplatsintroduktion-placements"
achieved = 3500
on = 2004-10-31
on_track = true
"""


def test_failures_are_readable(pytester: pytest.Pytester) -> None:
    pytester.makefile(".cases.toml", mine=textwrap.dedent(CASE))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "*eligibility case 0: a wrong expectation: expected eligible, got not eligible*",
            "*age 65 on 2004-06-01 is above the maximum 64*",
            "*goal case 0: a wrong figure: expected on_track = True, got False*",
        ]
    )


def test_unknown_keys_are_refused(pytester: pytest.Pytester) -> None:
    text = CASE.replace('expect = "eligible"', 'expect = "eligible"\nexpected_reason = "x"')
    pytester.makefile(".cases.toml", mine=textwrap.dedent(text))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*unknown key(s) expected_reason*"])


def test_passing_cases(pytester: pytest.Pytester) -> None:
    text = CASE.replace('expect = "eligible"', 'expect = "not eligible"').replace(
        "on_track = true", "on_track = false"
    )
    pytester.makefile(".cases.toml", mine=textwrap.dedent(text))
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=2)
