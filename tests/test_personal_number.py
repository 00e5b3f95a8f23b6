"""Personal identity numbers and pseudonyms (etableringsmodell.io.personal_number)."""

from __future__ import annotations

import copy
import hashlib
import hmac
import logging
import pickle
from datetime import date

import pytest
from hypothesis import given

from etableringsmodell.errors import (
    DateOrderError,
    InvalidPersonalNumberError,
    InvalidTypeError,
    InvalidValueError,
    ValidationError,
)
from etableringsmodell.io.personal_number import (
    PersonalNumber,
    participant_from_personal_number,
    pseudonymise,
)
from tests.strategies import personal_numbers

KEY = b"0123456789abcdef"
# Skatteverket's own example number, and a samordningsnummer (day 03 + 60).
SKATTEVERKET = "19121212-1212"
COORDINATION = "19701063-2391"


def test_the_forms_of_one_number_are_equal() -> None:
    long = PersonalNumber.parse("191212121212")
    on = date(2004, 6, 1)
    for text in ("19121212-1212", " 191212121212 ", "121212-1212", "1212121212"):
        assert PersonalNumber.parse(text, on=on) == long
    assert long.birth_date == date(1912, 12, 12)
    assert not long.is_coordination_number
    assert long.digits() == "191212121212"
    assert long.digits(long=False, separator=True) == "121212-1212"


def test_the_century_of_a_ten_digit_number() -> None:
    # '-' : the latest year ending in 12 not after the reference year; '+' a century before.
    assert PersonalNumber.parse("121212-1212", on=date(2013, 1, 1)).birth_date == date(2012, 12, 12)
    assert PersonalNumber.parse("121212+1212", on=date(2013, 1, 1)).birth_date == date(1912, 12, 12)
    with pytest.raises(InvalidPersonalNumberError, match="on="):
        PersonalNumber.parse("121212-1212")
    # Not yet born on the reference date.
    with pytest.raises(DateOrderError):
        PersonalNumber.parse("121212-1212", on=date(2012, 12, 1))
    # '+' for someone under 100 that year is wrong.
    with pytest.raises(InvalidPersonalNumberError):
        PersonalNumber.parse("19121212+1212", on=date(2004, 1, 1))
    assert PersonalNumber.parse("19121212+1212", on=date(2012, 1, 1)).birth_date == date(1912, 12, 12)


def test_coordination_numbers_are_accepted() -> None:
    number = PersonalNumber.parse(COORDINATION)
    assert number.is_coordination_number
    assert number.birth_date == date(1970, 10, 3)


@given(personal_numbers())
def test_generated_numbers_are_valid_and_masked(text: str) -> None:
    number = PersonalNumber.parse(text)
    assert number.is_coordination_number == (int(text[6:8]) > 60)
    assert number.digits() == text
    assert text not in repr(number)
    assert text[2:] not in str(number)
    assert text not in f"{number!s:>40}"


@pytest.mark.parametrize(
    "text",
    [
        "19121212-1213",
        "19121312-1212",
        "19120230-1234",
        "1912121212121",
        "19121212_1212",
        "abc",
        "",
        "191212-12120",
        "١٩١٢١٢١٢١٢١٢",
    ],
)
def test_malformed_numbers_are_refused_without_being_echoed(text: str) -> None:
    with pytest.raises(InvalidPersonalNumberError) as caught:
        PersonalNumber.parse(text, on=date(2004, 1, 1))
    if text:
        assert text not in str(caught.value)
    assert caught.value.field == "personal_number"


def test_not_text_is_a_type_error() -> None:
    with pytest.raises(InvalidTypeError):
        PersonalNumber.parse(191212121212)
    with pytest.raises(TypeError):
        PersonalNumber("191212121212")


def test_the_number_never_shows(caplog: pytest.LogCaptureFixture) -> None:
    number = PersonalNumber.parse(SKATTEVERKET)
    with caplog.at_level(logging.INFO):
        logging.getLogger("test").info("read %s and %r", number, number)
    shown = [repr(number), str(number), f"{number}", caplog.text, repr([number]), repr({"n": number})]
    for text in shown:
        assert "1212" not in text
    assert pickle.loads(pickle.dumps(number)) == number  # noqa: S301  # our own bytes, just made
    assert copy.deepcopy(number) is number
    with pytest.raises(AttributeError):
        number._digits = "x"


def test_pseudonyms_are_keyed_hmacs_of_the_twelve_digits() -> None:
    number = PersonalNumber.parse(SKATTEVERKET)
    expected = hmac.new(KEY, b"191212121212", hashlib.sha256).hexdigest()[:32]
    assert pseudonymise(number, KEY) == expected
    assert pseudonymise(PersonalNumber.parse("1212121212", on=date(2004, 1, 1)), KEY) == expected
    assert pseudonymise(number, KEY + b"!") != expected
    assert pseudonymise(number, KEY, length=64) == hmac.new(KEY, b"191212121212", hashlib.sha256).hexdigest()
    with pytest.raises(InvalidValueError):
        pseudonymise(number, b"short")
    with pytest.raises(InvalidTypeError):
        pseudonymise(number, "0123456789abcdef")  # type: ignore[arg-type]  # the error under test
    with pytest.raises(InvalidValueError):
        pseudonymise(number, KEY, length=4)


def test_a_participant_from_a_personal_number() -> None:
    number = PersonalNumber.parse(COORDINATION)
    person = participant_from_personal_number(number, KEY, received_on=date(2003, 1, 10), municipality="0581")
    assert person.id == pseudonymise(number, KEY)
    assert person.birth_date == date(1970, 10, 3)
    assert person.municipality == "0581"
    same = participant_from_personal_number(
        number, KEY, received_on=date(2003, 1, 10), birth_date=date(1970, 10, 3)
    )
    assert same.birth_date == date(1970, 10, 3)
    with pytest.raises(DateOrderError) as caught:
        participant_from_personal_number(
            number, KEY, received_on=date(2003, 1, 10), birth_date=date(1970, 10, 4)
        )
    assert "1970" not in str(caught.value)
    with pytest.raises(ValidationError):
        participant_from_personal_number(number, KEY, received_on=date(2003, 1, 10), id="x")
