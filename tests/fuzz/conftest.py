"""Writes the fuzz tallies to ``$ETABLERING_FUZZ_REPORT`` when the session ends (see harness.py)."""

from __future__ import annotations

import os

import pytest

from tests.fuzz.harness import write_report


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    path = os.environ.get("ETABLERING_FUZZ_REPORT")
    if path:
        write_report(path)
