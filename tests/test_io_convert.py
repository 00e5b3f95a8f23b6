"""JSON for every model type (etableringsmodell.io.convert): round trips, strictness, typed errors with paths."""

from __future__ import annotations

import enum
import json
from datetime import date
from typing import Any, cast, get_args, get_origin

import attrs
import pytest
from hypothesis import given, settings

from etableringsmodell import catalog
from etableringsmodell.calendar import MissingDay, Span
from etableringsmodell.errors import (
    DateOrderError,
    FormatVersionError,
    InvalidCodeError,
    InvalidDocumentError,
    InvalidTypeError,
    InvalidValueError,
    MissingFieldError,
    UnknownFieldError,
)
from etableringsmodell.io import convert
from etableringsmodell.io.convert import dumps, from_dict, loads, register_criterion, to_dict
from etableringsmodell.model import (
    AgeBetween,
    AllOf,
    AnyOf,
    ArrivalAnchor,
    BarringSituation,
    Competence,
    Criterion,
    EducationAtLeast,
    EducationBelow,
    EducationLevel,
    Everyone,
    ExperienceAtLeast,
    Goal,
    GoalMeasure,
    GoalStatus,
    InterestIn,
    NewlyArrived,
    NoBarringSituation,
    Not,
    OccupationIn,
    Outcome,
    OutcomeKind,
    Participant,
    Party,
    PartyKind,
    PermitGround,
    PermitGroundIn,
    ResidencePermit,
    SfiCourse,
    StepKind,
    SwedishAtLeast,
    Track,
    TrackKind,
    Validated,
)
from etableringsmodell.sources import Source
from etableringsmodell.units import quantity, registry
from tests.strategies import criteria, full_participants

# pint's registry takes about a second to build; built here, Hypothesis does not blame the first draw.
registry()

SEED_004 = Source.seed("004_2ae1cbc02798eb8a.txt", "Göteborg agreement")

EXAMPLES: dict[type[Criterion], Criterion] = {
    AgeBetween: AgeBetween(18, None, convention=MissingDay.FIRST_OF_NEXT_MONTH, sources=SEED_004),
    NewlyArrived: NewlyArrived(
        Span(years=1, days=3), anchor=ArrivalAnchor.PERMIT_GRANTED, inclusive_end=False
    ),
    PermitGroundIn: PermitGroundIn({PermitGround.PROTECTION, PermitGround.RESETTLEMENT}),
    NoBarringSituation: NoBarringSituation({BarringSituation.FULL_TIME_WORK}),
    Everyone: Everyone(id="open-to-all"),
    EducationAtLeast: EducationAtLeast(EducationLevel.UPPER_SECONDARY_3_YEARS),
    EducationBelow: EducationBelow(EducationLevel.UPPER_SECONDARY_3_YEARS),
    SwedishAtLeast: SwedishAtLeast(SfiCourse.C),
    OccupationIn: OccupationIn({"2221", "22"}),
    ExperienceAtLeast: ExperienceAtLeast(quantity(1.5, "year"), {"5120"}),
    Validated: Validated(None),
    InterestIn: InterestIn({"Vård", "bygg"}),
    AllOf: AllOf(AgeBetween(18, 64), Not(Everyone()), id="custom-id"),
    AnyOf: AnyOf(OccupationIn({"2221"}), Validated({"2221"}), sources=[SEED_004]),
    Not: Not(PermitGroundIn({PermitGround.WORK})),
}


def _model_criterion_classes() -> list[type[Criterion]]:
    from etableringsmodell import model

    found: list[type[Criterion]] = [
        value
        for value in vars(model).values()
        if isinstance(value, type) and issubclass(value, Criterion) and value is not Criterion
    ]
    return [cls for cls in found if attrs.has(cast("Any", cls))]


def _plain_value(kind: Any) -> Any:
    """A simple valid-looking value of an annotation, for criteria without a written example."""
    kind = next((arg for arg in get_args(kind) if arg is not type(None)), kind) if get_args(kind) else kind
    simple: dict[Any, Any] = {
        str: "2221",
        int: 1,
        bool: True,
        float: 1.0,
        date: date(2004, 6, 1),
        Span: Span(months=6),
    }
    if kind in simple:
        return simple[kind]
    if kind is Any:
        return quantity(1, "year")
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return next(iter(kind))
    origin = get_origin(kind)
    if origin in (frozenset, tuple):
        return origin([_plain_value(get_args(kind)[0])])
    if kind is Criterion:
        return Everyone()
    raise AssertionError(f"no plain value for {kind!r}: add an example to EXAMPLES")


def _example(cls: type[Criterion]) -> Criterion:
    if cls in EXAMPLES:
        return EXAMPLES[cls]
    # A criterion another change added: build one from its required fields, so
    # its round trip is checked from the day it appears.
    shape: Any = cls
    attrs.resolve_types(shape)
    required = {
        a.alias: _plain_value(a.type) for a in attrs.fields(shape) if a.default is attrs.NOTHING and a.init
    }
    return cls(**required)


@pytest.mark.parametrize("cls", _model_criterion_classes(), ids=lambda c: c.__name__)
def test_every_criterion_class_of_the_model_round_trips(cls: type[Criterion]) -> None:
    criterion = _example(cls)
    document = json.loads(dumps(criterion))
    assert document["type"] == cls.__name__
    assert loads(dumps(criterion), Criterion) == criterion
    assert loads(dumps(criterion), cls) == criterion


def test_the_json_mapping_is_as_documented() -> None:
    person = Participant(
        "case-17",
        birth_date=date(1980, 5, 2),
        received_on=date(2003, 1, 10),
        permit=ResidencePermit(PermitGround.FAMILY_TIE, date(2002, 12, 1), sponsor_is_swedish_citizen=False),
        education=EducationLevel.PRIMARY_9_YEARS,
        swedish=SfiCourse.B,
        competences=[Competence("2221", quantity(4, "years"), validated=True)],
        situations={BarringSituation.FULL_TIME_WORK, BarringSituation.FULL_PARENTAL_BENEFIT},
    )
    document = to_dict(person)
    assert next(iter(document)) == "format_version"
    assert document["format_version"] == 1
    assert document["birth_date"] == "1980-05-02"
    assert document["permit"]["ground"] == "FAMILY_TIE"
    assert document["education"] == "PRIMARY_9_YEARS"  # by name, though an IntEnum
    assert document["swedish"] == "B"
    assert document["competences"] == [
        {"occupation": "2221", "experience": {"value": 4, "unit": "year"}, "validated": True}
    ]
    # Sets are written sorted, so the same participant always gives the same text.
    assert document["situations"] == ["FULL_PARENTAL_BENEFIT", "FULL_TIME_WORK"]
    assert to_dict(NewlyArrived(Span(months=36)))["within"] == "P36M"
    assert from_dict(document, Participant) == person


@settings(max_examples=max(10, settings().max_examples // 4))  # the long profile scales it
@given(full_participants())
def test_participants_round_trip(person: Participant) -> None:
    assert loads(dumps(person), Participant) == person


@given(criteria)
def test_criteria_round_trip(criterion: Criterion) -> None:
    assert loads(dumps(criterion), Criterion) == criterion


@pytest.mark.parametrize("entry", catalog.ids())
def test_catalogue_entries_round_trip(entry: str) -> None:
    value = catalog.get(entry)
    assert loads(dumps(value), type(value)) == value


def test_the_other_model_types_round_trip() -> None:
    values: list[object] = [
        Party("Göteborgs Stad", PartyKind.MUNICIPALITY, municipality="1480"),
        Track(
            "t1",
            "Restaurang",
            TrackKind.JOB_TRACK,
            "restaurant",
            occupations=("5120",),
            requirements=AgeBetween(20, 64),
            steps=(StepKind.SKILLS_MAPPING, StepKind.WORK_PLACEMENT),
            min_duration=Span(days=84),
            max_duration=Span(years=2),
            capacity=20,
            sources=SEED_004,
        ),
        Goal("g", GoalMeasure.PLACEMENTS, 5775, date(2003, 9, 1), date(2005, 8, 31), sources=SEED_004),
        GoalStatus(
            "g", date(2004, 10, 31), 3500, approximate=True, note="just under 3,500", sources=SEED_004
        ),
        Outcome("p1", OutcomeKind.STUDIES, date(2019, 4, 1), 90),
        SEED_004,
    ]
    for value in values:
        assert loads(dumps(value), type(value)) == value


def _errors(document: object, cls: type = Participant) -> list[tuple[type, str]]:
    with pytest.raises(InvalidDocumentError) as caught:
        from_dict(document, cls)
    return [(type(error), error.field) for error in caught.value.errors]


BASE = {"format_version": 1, "id": "x", "birth_date": "1980-01-01", "received_on": "2003-01-01"}


def test_a_bad_code_deep_inside_is_named_by_its_path() -> None:
    document = {**BASE, "competences": [{"occupation": "2221"}, {"occupation": "22x1"}]}
    assert _errors(document) == [(InvalidCodeError, "competences[1].occupation")]


def test_every_problem_is_collected_with_its_path() -> None:
    document = {
        **BASE,
        "birth_date": "1980-02-30",
        "received_on": 20030101,
        "colour": "red",
        "permit": {"ground": "REFUGEE", "granted_on": "2002-01-01"},
        "competences": [{"occupation": "2221", "experience": {"value": "4", "unit": "year"}}],
        "situations": ["FULL_TIME_WORK", 3],
    }
    found = _errors(document)
    assert (InvalidValueError, "birth_date") in found
    assert (InvalidTypeError, "received_on") in found
    assert (UnknownFieldError, "colour") in found
    assert (InvalidValueError, "permit.ground") in found
    assert (InvalidTypeError, "competences[0].experience.value") in found
    assert (InvalidTypeError, "situations[1]") in found
    assert len(found) == 6


def test_rules_of_the_model_keep_their_path() -> None:
    document = {
        **BASE,
        "permit": {"ground": "PROTECTION", "granted_on": "2002-01-01", "applied_on": "2002-02-01"},
    }
    assert _errors(document) == [(DateOrderError, "permit.applied_on")]
    assert _errors({**BASE, "received_on": "1979-01-01"}) == [(DateOrderError, "birth_date")]


def test_missing_fields_are_named() -> None:
    assert _errors({"format_version": 1, "id": "x"}) == [
        (MissingFieldError, "birth_date"),
        (MissingFieldError, "received_on"),
    ]
    assert _errors({"format_version": 1, "type": "AgeBetween", "max": 64}, Criterion) == [
        (MissingFieldError, "min")
    ]


def test_json_types_are_not_coerced() -> None:
    # cattrs would turn 5 into "5" and "12" into 12; a case system that sends
    # the wrong type should hear about it.
    assert _errors({**BASE, "id": 5}) == [(InvalidTypeError, "id")]
    assert _errors({**BASE, "parent_in_sweden": "yes"}) == [(InvalidTypeError, "parent_in_sweden")]
    assert _errors({**BASE, "competences": "2221"}) == [(InvalidTypeError, "competences")]
    assert _errors({**BASE, "education": 2}) == [(InvalidTypeError, "education")]
    assert _errors({**BASE, "situations": ["FULL_TIME_WORK", "FULL_TIME_WORK"]}) == [
        (InvalidValueError, "situations")
    ]
    # Python's fromisoformat would take these; the format is YYYY-MM-DD only.
    assert _errors({**BASE, "birth_date": "19800101"}) == [(InvalidValueError, "birth_date")]
    assert _errors({**BASE, "birth_date": "1980-W01-1"}) == [(InvalidValueError, "birth_date")]
    assert _errors({**BASE, "birth_date": "١٩٨٠-٠١-٠١"}) == [(InvalidValueError, "birth_date")]


def test_criteria_are_read_by_their_type_tag() -> None:
    assert _errors({"format_version": 1, "min": 18, "max": 64}, Criterion) == [(MissingFieldError, "type")]
    assert _errors({"format_version": 1, "type": "Older", "min": 18}, Criterion) == [
        (InvalidValueError, "type")
    ]
    document = {
        "format_version": 1,
        "type": "AllOf",
        "criteria": [{"type": "AgeBetween", "min": 70, "max": 64}],
    }
    errors = _errors(document, Criterion)
    assert [field for _, field in errors] == ["criteria[0].min"]
    # A Not must hold a criterion, and the type tag must fit the class asked for.
    assert _errors({"format_version": 1, "type": "Everyone"}, AgeBetween) == [(InvalidTypeError, "type")]


def test_quantities_are_value_and_unit() -> None:
    document = {
        **BASE,
        "competences": [{"occupation": "2221", "experience": {"value": 2, "unit": "lightyears_of_joy"}}],
    }
    assert _errors(document) == [(InvalidValueError, "competences[0].experience.unit")]
    document = {**BASE, "competences": [{"occupation": "2221", "experience": {"value": 2, "unit": "metre"}}]}
    assert _errors(document) == [
        (InvalidValueError, "competences[0].experience.unit")
    ]  # not a time: not in the list
    document = {**BASE, "competences": [{"occupation": "2221", "experience": {"value": 2}}]}
    assert _errors(document) == [(MissingFieldError, "competences[0].experience.unit")]
    with pytest.raises(InvalidValueError):
        dumps(Competence("2221", quantity(float("nan"), "year")))


def test_format_versions() -> None:
    with pytest.raises(FormatVersionError, match="missing"):
        from_dict({k: v for k, v in BASE.items() if k != "format_version"}, Participant)
    with pytest.raises(FormatVersionError, match="newer"):
        from_dict({**BASE, "format_version": 2}, Participant)
    with pytest.raises(FormatVersionError):
        from_dict({**BASE, "format_version": 0}, Participant)
    with pytest.raises(FormatVersionError):
        from_dict({**BASE, "format_version": True}, Participant)
    with pytest.raises(FormatVersionError):
        from_dict({**BASE, "format_version": "1"}, Participant)


def test_an_older_version_is_read_through_its_migration(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pretend the format is at version 2, where "id" was called "case_id" in version 1.
    monkeypatch.setattr(convert, "FORMAT_VERSION", 2)
    monkeypatch.setitem(
        convert._MIGRATIONS, 1, lambda d: {("id" if k == "case_id" else k): v for k, v in d.items()}
    )
    old = {"format_version": 1, "case_id": "x", "birth_date": "1980-01-01", "received_on": "2003-01-01"}
    assert from_dict(old, Participant).id == "x"


def test_bad_json_text_is_a_typed_error_that_does_not_quote_it() -> None:
    with pytest.raises(InvalidValueError, match="line 1 column") as caught:
        loads('{"id": "19121212-1212"', Participant)
    assert "1212" not in str(caught.value)
    with pytest.raises(InvalidValueError):
        loads('{"format_version": NaN}', Participant)
    with pytest.raises(InvalidTypeError):
        loads("[1, 2]", Participant)
    with pytest.raises(InvalidValueError, match="too deeply"):
        loads("[" * 100_000 + "]" * 100_000, Participant)


def test_a_personal_number_in_the_wrong_field_is_not_echoed() -> None:
    with pytest.raises(InvalidDocumentError) as caught:
        from_dict({**BASE, "competences": [{"occupation": "19121212-1212"}]}, Participant)
    assert "1212" not in str(caught.value)
    assert "<redacted>" in str(caught.value)


@attrs.frozen
class _OwnCriterion(Criterion):
    """A user's own criterion, registered under a tag of its own."""

    level: int
    id: str = "own"
    sources: tuple[Source, ...] = ()


def test_a_users_own_criterion_round_trips_under_its_tag() -> None:
    register_criterion(_OwnCriterion, "example.Own")
    rule = AllOf(_OwnCriterion(3), AgeBetween(18, 64))
    text = dumps(rule)
    assert '"type": "example.Own"' in text
    assert loads(text, Criterion) == rule
    with pytest.raises(InvalidValueError):
        register_criterion(AgeBetween, "example.Own")
    with pytest.raises(InvalidTypeError):
        register_criterion(int, "x")  # type: ignore[arg-type]  # the error under test
