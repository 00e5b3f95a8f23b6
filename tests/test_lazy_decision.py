"""A decision builds its reasons when first read, and is in every other way the eager Decision.

:func:`check_eligibility` records each criterion's verdict and builds the Reasons
on first reading. Here each decision it returns is compared with the Decision
built eagerly through the public constructors (``Decision(...)``, ``Reason(...)``)
from the same values, over generated people, rules and dates and the catalogue's
programmes: through every face (the fields, failures, undetermined, explain in
English and Swedish, the JSON record, repr, hash, equality both ways, pickle,
copy, attrs.evolve and attrs.asdict), read in a drawn order, so that no face
depends on another having built the reasons first.
"""

from __future__ import annotations

import copy
import pickle
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import attrs
import pytest
from attrs import frozen
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell import catalog, io
from etableringsmodell.model import AgeBetween, AllOf, Criterion, Not, Participant
from etableringsmodell.model.dated import Programme
from etableringsmodell.rules.eligibility import (
    Decision,
    Reason,
    Status,
    check_eligibility,
    register_evaluator,
)
from etableringsmodell.sources import Source
from tests.strategies import criteria
from tests.test_decision_caches import competence_rules, people

ON = date(2004, 6, 1)
_PROGRAMMES = [
    ("goteborg-2004", ON),
    ("etableringsinsatser-2010", date(2014, 6, 1)),
    ("etableringsprogrammet-2018", date(2019, 6, 1)),
    ("snabbspar-2015", date(2016, 6, 1)),
]


def eager(decision: Decision) -> Decision:
    """The same decision built through attrs' own __init__, every Reason too."""
    reasons = tuple(
        Reason(r.criterion_id, r.status, r.sources, r.depth, r.figures, r.template) for r in decision.reasons
    )
    return Decision(
        decision.eligible,
        decision.status,
        decision.rule_id,
        decision.on,
        reasons,
        decision.programme_id,
        decision.version_from,
        decision.version_to,
        decision.library_version,
    )


def _texts(reasons: tuple[Reason, ...]) -> list[tuple[Any, ...]]:
    # repr of the figures tells 1 from True and 3 years from 36 months; == alone would not.
    return [
        (r.criterion_id, r.status, r.sources, r.depth, repr(r.figures), r.text("en"), r.text("sv"))
        for r in reasons
    ]


# Each face of a decision, as something comparable.
_FACES: dict[str, Callable[[Decision], Any]] = {
    "fields": lambda d: [getattr(d, a.name) for a in attrs.fields(Decision) if a.name != "reasons"],
    "reasons": lambda d: _texts(d.reasons),
    "failures": lambda d: _texts(d.failures),
    "undetermined": lambda d: _texts(d.undetermined),
    "sources": lambda d: d.sources,
    "bool": bool,
    "explain-en": lambda d: d.explain("en"),
    "explain-sv": lambda d: d.explain("sv"),
    "json": io.dumps,
    "repr": repr,
    "hash": hash,
    "html": lambda d: d._repr_html_(),
}


def same_in_every_face(person: Participant, rule: Any, on: date, order: list[str]) -> Decision:
    """Judge ``person`` twice, and compare one decision, unread, with the other built eagerly."""
    lazy = check_eligibility(person, rule, on)
    expected = eager(check_eligibility(person, rule, on))
    for face in order:
        assert _FACES[face](lazy) == _FACES[face](expected), face
    assert lazy == expected
    assert expected == lazy
    assert (lazy != expected) is False
    assert (expected != lazy) is False
    assert len({lazy, expected}) == 1
    for copied in (
        pickle.loads(pickle.dumps(lazy)),  # noqa: S301  # the bytes just written here
        copy.copy(lazy),
        copy.deepcopy(lazy),
        attrs.evolve(lazy),
    ):
        assert type(copied) is Decision
        assert copied == lazy
        assert io.dumps(copied) == io.dumps(expected)
    assert attrs.asdict(lazy) == attrs.asdict(expected)
    assert attrs.evolve(lazy, eligible=not lazy.eligible) != lazy
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        lazy.reasons = ()  # type: ignore[misc]
    return lazy


_ORDERS = st.permutations(list(_FACES))


@settings(max_examples=80, deadline=None)
@given(st.data(), criteria | competence_rules(), _ORDERS)
def test_a_lazy_decision_is_the_eager_one(data: st.DataObject, rule: Criterion, order: list[str]) -> None:
    on = data.draw(st.dates(date(1990, 1, 1), date(2030, 12, 31)))
    person = data.draw(people(on))
    same_in_every_face(person, rule, on, order)


@settings(max_examples=30, deadline=None)
@given(st.data(), st.sampled_from(_PROGRAMMES), _ORDERS)
def test_a_lazy_programme_decision_is_the_eager_one(
    data: st.DataObject, entry: tuple[str, date], order: list[str]
) -> None:
    entry_id, on = entry
    person = data.draw(people(on))
    rule = catalog.get(entry_id)
    decision = same_in_every_face(person, rule, on, order)
    # A dated programme names itself and its version; an agreement does not.
    assert decision.programme_id == (entry_id if isinstance(rule, Programme) else None)


@settings(max_examples=20, deadline=None)
@given(people(ON), criteria | competence_rules())
def test_threads_reading_at_once_read_the_same_reasons(person: Participant, rule: Criterion) -> None:
    decision = check_eligibility(person, rule, ON)
    expected = _texts(eager(check_eligibility(person, rule, ON)).reasons)
    start = threading.Barrier(4)
    seen: list[list[tuple[Any, ...]]] = []

    def read() -> None:
        start.wait()
        seen.append(_texts(decision.reasons))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [expected] * 4
    # Read once, the reasons stay the same tuple.
    assert decision.reasons is decision.reasons


@frozen
class _Odd(Criterion):
    """A criterion of the user's own: passes for an odd birth day."""

    id: str = "odd-day"
    sources: tuple[Source, ...] = ()


def _odd(criterion: _Odd, person: Participant, on: date) -> tuple[Status, str]:
    odd = person.birth_date.day % 2 == 1
    return (Status.PASSED if odd else Status.FAILED), f"born on day {person.birth_date.day}"


@settings(max_examples=30, deadline=None)
@given(people(ON), _ORDERS)
def test_a_users_evaluator_keeps_its_reason_among_the_recorded_ones(
    person: Participant, order: list[str]
) -> None:
    register_evaluator(_Odd, _odd)
    rule = AllOf(AgeBetween(18, 64), Not(_Odd()))
    decision = same_in_every_face(person, rule, ON, order)
    # Worked by hand: all-of, age, not, and the user's reason last, at depth 2, in its own words.
    odd = person.birth_date.day % 2 == 1
    user = decision.reasons[3]
    assert (user.criterion_id, user.depth, user.message) == (
        "odd-day",
        2,
        f"born on day {person.birth_date.day}",
    )
    assert user.status is (Status.PASSED if odd else Status.FAILED)
    assert decision.reasons[2].status is (Status.FAILED if odd else Status.PASSED)
