"""Hardening: generated inputs, well-formed and malformed, at every public constructor and reader.

Run with the default profile these are quick property tests; the ``long``
profile (tests/conftest.py) runs 12,000 inputs each, over 100,000 in all.
What must hold for every input:

* no exception escapes except the library's own typed errors;
* no error message, problem report or repr shows a personal identity number;
* every valid object survives the JSON round trip unchanged;
* threads evaluating or reading the same cohort at once agree.
"""

from __future__ import annotations

import io
import json
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell import model
from etableringsmodell.calendar import Span
from etableringsmodell.errors import EtableringsmodellError
from etableringsmodell.io.cohort import read_csv, read_jsonl, write_jsonl
from etableringsmodell.io.convert import dumps, from_dict, loads
from etableringsmodell.io.personal_number import PersonalNumber, participant_from_personal_number
from etableringsmodell.model import (
    AgeBetween,
    AllOf,
    Criterion,
    NewlyArrived,
    Outcome,
    Participant,
    PartnerAgreement,
)
from etableringsmodell.rules.eligibility import check_all
from etableringsmodell.synthetic import synthetic_cohort
from etableringsmodell.units import registry
from tests.strategies import criteria, full_participants, json_values, personal_numbers

# Built once here: pint's registry takes about a second to build, which
# Hypothesis would otherwise blame on the first participant it draws.
registry()

_PROFILE_EXAMPLES = settings().max_examples
HARDENING = settings(
    # The long profile's count as it is; a fifth of the default's, so the default run stays quick.
    max_examples=_PROFILE_EXAMPLES if _PROFILE_EXAMPLES >= 1_000 else max(10, _PROFILE_EXAMPLES // 5)
)

SECRET = "19121212-1212"
SECRET_FORMS = ("19121212-1212", "191212121212", "121212-1212", "1212121212")
KEY = b"hardening-key-0123456789"
# Anything that could be one of SECRET's forms, or any generated number, in output.
NUMBER_LIKE = re.compile(r"[0-9]{6,8}[-+]?[0-9]{4}")

MODEL_CLASSES = sorted(
    (value for value in vars(model).values() if isinstance(value, type) and attrs.has(value)),
    key=lambda cls: cls.__name__,
)


def _clean(text: str) -> None:
    for form in SECRET_FORMS:
        assert form not in text
    assert NUMBER_LIKE.search(text) is None, text


junk: st.SearchStrategy[Any] = (
    json_values
    | st.sampled_from([SECRET, date(2004, 6, 1), Span(months=3), float("nan"), -1, 10**30, b"x", object()])
    | criteria
)
"""Values of every kind, right and wrong, for any field."""


@HARDENING
@given(st.data())
def test_model_constructors_raise_only_typed_errors(data: st.DataObject) -> None:
    cls = data.draw(st.sampled_from(MODEL_CLASSES))
    kwargs = {a.alias: data.draw(junk) for a in attrs.fields(cls) if a.init and data.draw(st.booleans())}
    try:
        value = cls(**kwargs)
    except EtableringsmodellError as error:
        _clean(str(error))
    except TypeError as error:
        # Only a missing or unexpected argument: Python's own call check.
        message = str(error)
        assert "argument" in message
    else:
        # A record's own id is never shown; other text a caller gives (a
        # criterion's id, a party's name) is theirs to show.
        own = {"id", "participant_id"} if cls in (Participant, Outcome) else set()
        others = [v for k, v in kwargs.items() if k not in own]
        if any(kwargs.get(name) == SECRET for name in own) and SECRET not in repr(others):
            assert SECRET not in repr(value)


@HARDENING
@given(json_values, st.sampled_from([Participant, PartnerAgreement, Criterion, *MODEL_CLASSES]))
def test_from_dict_raises_only_typed_errors(document: object, cls: type) -> None:
    if isinstance(document, dict) and document and not document.get("format_version"):
        document = {"format_version": 1, **document}
    try:
        value: object = from_dict(document, cls)
    except EtableringsmodellError as error:
        _clean(str(error))
    else:
        assert loads(dumps(value), cls) == value


@HARDENING
@given(st.text(max_size=200) | json_values.map(json.dumps))
def test_loads_raises_only_typed_errors(text: str) -> None:
    try:
        loads(text, Participant)
    except EtableringsmodellError as error:
        _clean(str(error))


csv_cells = st.sampled_from(
    ["", SECRET, "1980-01-01", "2003-01-01", "2221|4 year|true", "PROTECTION", "x"]
) | st.text(max_size=12)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    header = draw(
        st.lists(
            st.sampled_from(
                [
                    "id",
                    "birth_date",
                    "received_on",
                    "competences",
                    "permit.ground",
                    "permit.granted_on",
                    "colour",
                ]
            )
            | st.text(max_size=6),
            min_size=1,
            max_size=7,
        )
    )
    rows = draw(st.lists(st.lists(csv_cells, max_size=len(header) + 1), max_size=5))
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    return draw(st.just(text) | st.text(max_size=300).map(lambda noise: text + noise))


@HARDENING
@given(csv_texts())
def test_read_csv_reports_and_never_raises(text: str) -> None:
    result = read_csv(io.StringIO(text))
    assert len(result.participants) == len(result.lines)
    for problem in result.problems:
        _clean(str(problem))
        _clean(repr(problem))
    _clean(repr(result.participants))


@HARDENING
@given(st.lists(json_values.map(json.dumps) | st.text(max_size=40), max_size=5))
def test_read_jsonl_reports_and_never_raises(lines: list[str]) -> None:
    text = "\n".join(line.replace("\n", " ") for line in lines)
    result = read_jsonl(io.StringIO(text))
    assert len(result.participants) + len(result.bad_lines) <= result.rows
    for problem in result.problems:
        _clean(str(problem))


@HARDENING
@given(st.text(alphabet="0123456789-+ ", max_size=14) | st.text(max_size=14) | personal_numbers())
def test_personal_numbers_raise_only_typed_errors_and_never_show(text: str) -> None:
    try:
        number = PersonalNumber.parse(text, on=date(2024, 1, 1))
    except EtableringsmodellError as error:
        _clean(str(error))
        return
    _clean(repr(number) + str(number) + f"{number}")
    person = participant_from_personal_number(number, KEY, received_on=date(2024, 1, 1))
    _clean(repr(person))


@HARDENING
@given(personal_numbers(), st.integers(2, 11), st.sampled_from("0123456789"))
def test_a_changed_digit_is_caught_or_is_another_valid_number(text: str, index: int, digit: str) -> None:
    changed = text[:index] + digit + text[index + 1 :]
    try:
        number = PersonalNumber.parse(changed)
    except EtableringsmodellError as error:
        _clean(str(error))
        return
    # The Luhn digit covers YYMMDDNNN: any one changed digit there is caught, so a
    # valid result is the same number (the century digits are outside it).
    assert number.digits() == text


@HARDENING
@given(full_participants())
def test_random_participants_round_trip(person: Participant) -> None:
    assert loads(dumps(person), Participant) == person
    buffer = io.StringIO()
    write_jsonl([person], buffer)
    assert read_jsonl(io.StringIO(buffer.getvalue())).participants == (person,)


@HARDENING
@given(criteria)
def test_random_criteria_round_trip(criterion: Criterion) -> None:
    assert loads(dumps(criterion), Criterion) == criterion


ON = date(2004, 6, 1)
RULE = AllOf(AgeBetween(18, 64), NewlyArrived(Span(months=36)))


def test_eight_threads_agree() -> None:
    cohort = synthetic_cohort(500, ON, seed=5)
    expected = check_all(cohort, RULE, ON)
    buffer = io.StringIO()
    write_jsonl(cohort, buffer)
    text = buffer.getvalue()
    with ThreadPoolExecutor(max_workers=8) as pool:
        decisions = list(pool.map(lambda _: check_all(cohort, RULE, ON), range(8)))
        reads = list(pool.map(lambda _: read_jsonl(io.StringIO(text)).participants, range(8)))
    assert all(found == expected for found in decisions)
    assert all(found == tuple(cohort) for found in reads)


@pytest.mark.parametrize("form", SECRET_FORMS)
def test_a_number_in_any_field_is_masked(form: str) -> None:
    document = {
        "format_version": 1,
        "id": form,
        "birth_date": form,
        "received_on": "2003-01-01",
        "municipality": form,
        "competences": [{"occupation": form}],
    }
    with pytest.raises(EtableringsmodellError) as caught:
        from_dict(document, Participant)
    _clean(str(caught.value))
    text = f"id,birth_date,received_on,municipality,competences\n{form},{form},2003-01-01,{form},{form}\n"
    for problem in read_csv(io.StringIO(text)).problems:
        _clean(str(problem))
