"""The published JSON Schemas are the generated ones, and written JSON validates against them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

from etableringsmodell import catalog
from etableringsmodell.io.convert import to_dict
from etableringsmodell.io.schema import PUBLISHED, _published, json_schema, schema_text
from etableringsmodell.model import Participant, PartnerAgreement
from etableringsmodell.units import registry
from tests.strategies import full_participants

# pint's registry takes about a second to build; built here, Hypothesis does not blame the first draw.
registry()

DOCS = Path(__file__).parent.parent / "docs" / "schema"


def _validator(cls: type) -> jsonschema.Draft202012Validator:
    schema = json_schema(cls)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


PARTICIPANT = _validator(Participant)
AGREEMENT = _validator(PartnerAgreement)


@pytest.mark.parametrize("name", PUBLISHED)
def test_the_published_schema_is_the_generated_one(name: str) -> None:
    published = (DOCS / f"{name}.schema.json").read_text(encoding="utf-8")
    # Regenerate with: python -m etableringsmodell.io.schema docs/schema
    assert published == schema_text(_published()[name])


@settings(max_examples=max(10, settings().max_examples // 4))  # the long profile scales it
@given(full_participants())
def test_written_participants_validate(person: Participant) -> None:
    PARTICIPANT.validate(to_dict(person))


@pytest.mark.parametrize("entry", catalog.ids())
def test_written_agreements_validate(entry: str) -> None:
    value = catalog.get(entry)
    if isinstance(value, PartnerAgreement):
        AGREEMENT.validate(to_dict(value))


def test_the_schema_refuses_what_the_reader_refuses() -> None:
    good = {"format_version": 1, "id": "x", "birth_date": "1980-01-01", "received_on": "2003-01-01"}
    PARTICIPANT.validate(good)
    for bad in (
        {**good, "colour": "red"},
        {**good, "birth_date": 19800101},
        {**good, "education": "MASTERS"},
        {**good, "format_version": 2},
        {k: v for k, v in good.items() if k != "received_on"},
    ):
        assert not PARTICIPANT.is_valid(bad), bad
    schema = json.loads(schema_text(PartnerAgreement))
    assert {"AgeBetween", "AllOf", "Not"} <= set(schema["$defs"])
