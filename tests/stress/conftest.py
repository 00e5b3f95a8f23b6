"""The ``stress`` marker: such tests run only with ``ETABLERING_STRESS=1`` (never in CI's default run)."""

from __future__ import annotations

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "stress: reads and judges millions of rows; set ETABLERING_STRESS=1 to run"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("ETABLERING_STRESS") == "1":
        return
    skip = pytest.mark.skip(reason="a stress test: set ETABLERING_STRESS=1 to run it")
    for item in items:
        if item.get_closest_marker("stress") is not None:
            item.add_marker(skip)
