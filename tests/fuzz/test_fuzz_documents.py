"""Fuzz JSON documents (loads, from_dict, dumps) and every model constructor."""

from __future__ import annotations

import contextlib
import json
from datetime import date
from functools import partial
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell import model
from etableringsmodell.calendar import Span
from etableringsmodell.catalog import get, ids
from etableringsmodell.errors import EtableringsmodellError
from etableringsmodell.io.convert import dumps, from_dict, loads, to_dict
from etableringsmodell.model import Criterion, Participant
from etableringsmodell.sources import Source, SourceKind
from etableringsmodell.synthetic import synthetic_cohort
from tests.fuzz.harness import LONG, SECRET, assert_clean, count, mutate, rng, run
from tests.strategies import criteria, full_participants, json_values

HYPOTHESIS = settings(max_examples=3_000 if LONG else 40)
ON = date(2004, 6, 1)

MODEL_CLASSES = sorted(
    (value for value in vars(model).values() if isinstance(value, type) and attrs.has(value)),
    key=lambda cls: cls.__name__,
)

# Seeds for mutation: real documents of participants, criteria and agreements.
SEEDS: list[tuple[bytes, type]] = [(dumps(p).encode(), Participant) for p in synthetic_cohort(20, ON, seed=5)]
for entry_id in ids():
    entry = get(entry_id)
    SEEDS.extend((dumps(version.criterion).encode(), Criterion) for version in getattr(entry, "versions", ()))
    if attrs.has(type(entry)):
        # An entry the JSON format does not carry is simply not a seed.
        with contextlib.suppress(EtableringsmodellError):
            SEEDS.append((dumps(entry).encode(), type(entry)))


def _round_trip(value: object) -> tuple[int, list[str]]:
    # A value read from JSON is written again and read back the same: nothing is lost.
    text = dumps(value)
    again = loads(text, type(value))
    return (0 if again == value else 1), []


def test_mutated_documents() -> None:
    target = "io.loads (mutation)"
    r = rng(target)
    for _ in range(count(400, 300_000)):
        seed, cls = r.choice(SEEDS)
        data = mutate(r, seed)
        text: str | bytes = data if r.random() < 0.5 else data.decode("utf-8", errors="surrogateescape")
        run(target, partial(loads, text, cls), text, _round_trip)
    assert_clean(target)


_edits: st.SearchStrategy[Any] = st.sampled_from(
    [
        SECRET,
        10**4301 if False else "9" * 4301,
        -1,
        0,
        10**309,
        1e308,
        float("inf"),
        None,
        True,
        "",
        " ",
        "\ud800",
        "\x1b[2J",
        "0001-01-01",
        "9999-12-31",
        "P999999999999Y",
        {"value": 1, "unit": "s**9**9**9"},
        {"value": 10**400, "unit": "year"},
        {"value": 1, "unit": "månader"},
        [],
        {},
        [[[[]]]],
        {"type": "AllOf"},
    ]
)


@st.composite
def edited_documents(draw: st.DrawFn) -> tuple[Any, type]:
    """Grammar-based: a valid document with values replaced, keys added or removed, parts nested."""
    value = draw(full_participants() | criteria)
    document = to_dict(value)
    for _ in range(draw(st.integers(1, 4))):
        keys = sorted(document)
        key = draw(st.sampled_from(keys))
        action = draw(st.integers(0, 3))
        if action == 0:
            document[key] = draw(_edits | json_values)
        elif action == 1:
            document.pop(key)
        elif action == 2:
            document[draw(st.text(max_size=8))] = draw(json_values)
        else:
            document[key] = [document[key]] if draw(st.booleans()) else {"x": document[key]}
    return document, (Participant if isinstance(value, Participant) else Criterion)


@HYPOTHESIS
@given(edited_documents(), st.booleans())
def _fuzz_generated_documents(case: tuple[Any, type], as_text: bool) -> None:
    document, cls = case
    if as_text:
        try:
            text = json.dumps(document)
        except (ValueError, TypeError):
            return
        run("io.loads (grammar)", lambda: loads(text, cls), text, _round_trip)
    else:
        run("io.from_dict (grammar)", lambda: from_dict(document, cls), document, _round_trip)


def test_generated_documents() -> None:
    _fuzz_generated_documents()
    assert_clean("io.loads (grammar)")
    assert_clean("io.from_dict (grammar)")


junk: st.SearchStrategy[Any] = (
    json_values
    | _edits
    | st.sampled_from(
        [
            date(1, 1, 1),
            date(9999, 12, 31),
            Span(months=3),
            Span(years=10**12),
            float("nan"),
            b"x",
            object(),
            SourceKind.STATUTE,
            5,
            Source.statute("SFS 1", "1 §"),
            iter(()),
        ]
    )
    | criteria
)


@HYPOTHESIS
@given(st.data())
def _fuzz_model_constructors(data: st.DataObject) -> None:
    cls = data.draw(st.sampled_from([*MODEL_CLASSES, Source, Span]))
    kwargs = {a.alias: data.draw(junk) for a in attrs.fields(cls) if a.init and data.draw(st.booleans())}

    def build() -> object:
        try:
            return cls(**kwargs)
        except TypeError as error:
            if not isinstance(error, EtableringsmodellError) and "argument" in str(error):
                # Python's own call check (a missing or unexpected argument) is not the library's.
                return None
            raise

    def check(value: object) -> tuple[int, list[str]]:
        if value is None:
            return 0, []
        # Whatever a constructor accepts can be written as JSON, or is refused there with a typed error.
        try:
            return _round_trip(value) if cls not in (Span,) else (0, [])
        except EtableringsmodellError as error:
            return 0, [str(error)]

    run("model constructors (grammar)", build, (cls.__name__, kwargs), check)


def test_model_constructors() -> None:
    _fuzz_model_constructors()
    assert_clean("model constructors (grammar)")
