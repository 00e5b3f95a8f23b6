"""A pytest plugin for projects whose tests depend on etableringsmodell.

Registered through the ``pytest11`` entry point, so installing the package
makes these fixtures available in every test suite:

* ``etablering_catalog``: the catalogue module (``get``, ``ids``).
* ``participant_factory``: builds valid participants from a few keywords,
  with an age and a time since reception on a reference date instead of raw
  dates: ``participant_factory(age=18, on=date(2004, 6, 1), months_since_arrival=36)``.

Nothing here imports Hypothesis, so the plugin costs nothing in a suite that
does not use the strategies.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import ModuleType
from typing import Any

import pytest

from etableringsmodell.calendar import MissingDay, Span, birthday_in
from etableringsmodell.model import Participant

__all__ = ["ParticipantFactory", "etablering_catalog", "make_participant", "participant_factory"]

ParticipantFactory = Callable[..., Participant]


def make_participant(
    *,
    on: date,
    age: int = 30,
    months_since_arrival: int = 12,
    id: str | None = None,
    convention: MissingDay = MissingDay.LAST_DAY_OF_MONTH,
    **fields: Any,
) -> Participant:
    """A participant who is exactly ``age`` on ``on`` (their birthday) and was
    received exactly ``months_since_arrival`` calendar months before it.

    Birthday and reception fall on the boundary day itself, which is where a
    rule's verdict turns; any other :class:`Participant` field can be given.
    """
    birth = birthday_in(on, on.year - age, convention)
    received = fields.pop("received_on", None)
    if received is None:
        received = _months_before(on, months_since_arrival)
    received = max(received, birth)
    return Participant(
        id=id or f"factory-{age}-{months_since_arrival}",
        birth_date=fields.pop("birth_date", birth),
        received_on=received,
        **fields,
    )


def _months_before(on: date, months: int) -> date:
    # The earliest day from which ``on`` is still within ``months``: the day
    # a window of that length ends on ``on`` (Lag 1930:173 1 §).
    from etableringsmodell.calendar import earliest_start

    return earliest_start(on, Span(months=months))


@pytest.fixture
def participant_factory() -> ParticipantFactory:
    """Build participants at the boundaries; see :func:`make_participant`."""
    return make_participant


@pytest.fixture
def etablering_catalog() -> ModuleType:
    """The catalogue of programmes and agreements (:mod:`etableringsmodell.catalog`)."""
    from etableringsmodell import catalog

    return catalog


# ---- rule cases as data -------------------------------------------------------


class RuleCaseItem(pytest.Item):
    """One case of a ``.cases.toml`` file, run as a test."""

    def __init__(self, *, case: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        from etableringsmodell.testing.cases import run_case

        run_case(self.case)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        from etableringsmodell.testing.cases import RuleCaseError

        if isinstance(excinfo.value, RuleCaseError):
            return f"{self.path.name}, {self.case.kind} case {self.case.index}: {excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Any, int, str]:
        return self.path, 0, f"{self.case.kind}: {self.case.name}"


class RuleCaseFile(pytest.File):
    """A ``.cases.toml`` file of eligibility and goal cases."""

    def collect(self) -> Any:
        from etableringsmodell.testing.cases import load_cases

        for case in load_cases(self.path):
            yield RuleCaseItem.from_parent(self, name=f"{case.kind}: {case.name}", case=case)


def pytest_collect_file(file_path: Any, parent: Any) -> RuleCaseFile | None:
    """Collect rule cases from files named ``*.cases.toml``."""
    if file_path.name.endswith(".cases.toml"):
        file: RuleCaseFile = RuleCaseFile.from_parent(parent, path=file_path)
        return file
    return None
