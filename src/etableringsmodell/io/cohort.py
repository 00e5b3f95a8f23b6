"""Reading and writing whole cohorts: CSV and JSON Lines, every bad row reported.

A reader never stops at the first bad row and never drops one unseen. It
returns a :class:`CohortRead`: the participants it could build (with the line
each came from) and one :class:`RowProblem` per problem, each with its line
number, the field (a column, or a path such as ``competences[0].occupation``)
and the reason, without the value when that could be personal. What to do
with a partly bad file is the caller's decision; :meth:`CohortRead.raise_for_problems`
refuses it whole. Unknown columns or keys are problems too: their values
would otherwise be lost.

**CSV** has one column per field of :class:`~etableringsmodell.model.Participant`,
named as in JSON, with the permit's fields as ``permit.ground``,
``permit.granted_on`` and so on. Cells hold the JSON text of their value
(dates ``2004-06-01``, enums by name, ``true``/``false``); an empty cell is
"not given" (``None`` or the default). Sets and lists are separated by ``;``;
each competence is ``occupation|experience|validated``, with the experience
as ``<number> <unit>`` (``2221|4 year|true;5120||false``). A cell that a
spreadsheet would run as a formula (starting with ``= + - @`` or ``'``) is
written with a leading ``'``, which reading takes off. Column order is
free and only ``id`` (or ``personal_number``), ``birth_date`` and
``received_on`` are needed. A ``personal_number`` column is read only with a
pseudonymisation key: the id becomes the keyed pseudonym and the birth date
comes from the number (or must agree with it); the number itself is kept
nowhere.

**JSON Lines** has one JSON document per line, as written by
:func:`etableringsmodell.io.convert.to_dict` (``format_version`` included).

>>> import io
>>> text = "id,birth_date,received_on\\nc1,1980-05-02,2003-01-10\\nc2,1980-02-30,2003-01-10\\n"
>>> result = read_csv(io.StringIO(text))
>>> [p.birth_date.isoformat() for p in result.participants], result.lines
(['1980-05-02'], (2,))
>>> print(result.problems[0])
line 3: birth_date: must be an ISO 8601 date YYYY-MM-DD that exists
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import IO, Any, Final, get_args, get_origin

import attrs
from attrs import field as attrs_field
from attrs import frozen

from etableringsmodell.errors import (
    DateOrderError,
    InvalidDocumentError,
    InvalidTypeError,
    InvalidValueError,
    MissingFieldError,
    UndecodableTextError,
    UnknownFieldError,
    ValidationError,
)
from etableringsmodell.io.convert import _field_types, from_dict, parse_json, structure, to_dict, unstructure
from etableringsmodell.model import Participant

__all__ = [
    "PERSONAL_NUMBER_COLUMN",
    "CohortRead",
    "RowProblem",
    "csv_columns",
    "read_csv",
    "read_jsonl",
    "write_csv",
    "write_jsonl",
]

PERSONAL_NUMBER_COLUMN: Final = "personal_number"
"""The column (or JSON key) that may hold a personnummer or samordningsnummer."""

_LIST_SEPARATOR: Final = ";"
_FORMULA_PREFIX: Final = "'"  # the same as etableringsmodell.io.table.FORMULA_PREFIX
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "'")
_PART_SEPARATOR: Final = "|"


@frozen
class RowProblem:
    """One problem in one row: ``line`` (1 is the CSV header), ``field`` and ``reason``.

    ``error`` is the typed error behind it, for callers who sort problems by
    kind (``isinstance(problem.error, MissingFieldError)``).
    """

    line: int
    field: str
    reason: str
    error: ValidationError = attrs_field(eq=False, repr=False)

    @classmethod
    def of(cls, line: int, error: ValidationError) -> RowProblem:
        return cls(line, error.field, error.reason, error)

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


@frozen
class CohortRead:
    """What a reader made of a file: the good participants and every problem.

    ``lines[i]`` is the line ``participants[i]`` started on. ``rows`` counts
    the data rows seen, good and bad.
    """

    participants: tuple[Participant, ...]
    lines: tuple[int, ...]
    problems: tuple[RowProblem, ...]
    rows: int

    @property
    def ok(self) -> bool:
        """Whether the file was read without a single problem."""
        return not self.problems

    @property
    def bad_lines(self) -> tuple[int, ...]:
        """The lines with at least one problem, in order."""
        return tuple(sorted({problem.line for problem in self.problems}))

    def raise_for_problems(self) -> None:
        """Raise an :class:`InvalidDocumentError` listing every problem, if there is one."""
        if self.problems:
            raise InvalidDocumentError(
                [_at_line(p.line, p.error, p.field) for p in self.problems],
            )


def _at_line(line: int, error: ValidationError, field_name: str) -> ValidationError:
    copy = type(error).__new__(type(error))
    ValidationError.__init__(copy, f"line {line}: {field_name}", error.reason)
    return copy


# --- the CSV column plan --------------------------------------------------------


def _strip_optional(kind: Any) -> tuple[Any, bool]:
    args = get_args(kind)
    if type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0], True
    return kind, False


def _is_list(kind: Any) -> bool:
    origin = get_origin(kind)
    return origin in (frozenset, set) or (origin is tuple and get_args(kind)[1:] == (Ellipsis,))


@frozen
class _Column:
    name: str
    parent: str | None  # the nested attrs field (permit) this column belongs to
    key: str  # the key in the JSON object
    kind: Any  # the annotation, Optional stripped
    optional: bool
    has_default: bool
    parse: Callable[[str], Any] = attrs_field(eq=False, repr=False)  # cell text to a JSON value


def _columns_of(cls: type, parent: str | None) -> list[_Column]:
    out: list[_Column] = []
    types = _field_types(cls)
    for a in attrs.fields(cls):
        if not a.init:
            continue
        kind, optional = _strip_optional(types[a.name])
        has_default = a.default is not attrs.NOTHING
        if parent is None and isinstance(kind, type) and attrs.has(kind):
            out.extend(_columns_of(kind, a.name))
            continue
        name = a.name if parent is None else f"{parent}.{a.name}"
        out.append(_Column(name, parent, a.name, kind, optional, has_default, _parser(kind)))
    return out


_PLAN: list[_Column] | None = None


def _plan() -> list[_Column]:
    global _PLAN  # noqa: PLW0603  # computed once, on first use, from the model's annotations
    if _PLAN is None:
        _PLAN = [c for c in _columns_of(Participant, None) if c.name != "facts"] + _fact_columns()
    return _PLAN


_FACT_PARENT = "fact:"  # the parent of a fact's two columns: "fact:" and the FactKind's name


def _fact_columns() -> list[_Column]:
    """One column per assessed fact, ``fact_<kind>`` (true/false/empty), and its ``fact_<kind>_on`` date."""
    from etableringsmodell.model import FactKind

    out: list[_Column] = []
    for kind in FactKind:
        parent = _FACT_PARENT + kind.name
        for name, key, kind_of in (
            (f"fact_{kind.value}", "value", bool),
            (f"fact_{kind.value}_on", "assessed_on", date),
        ):
            out.append(
                _Column(name, parent, key, kind_of, optional=True, has_default=True, parse=_parser(kind_of))
            )
    return out


def _fold_facts(data: dict[str, Any]) -> dict[str, Any]:
    """The ``fact_<kind>`` cells of a row into the model's ``facts`` list (a JSON document's shape)."""
    from etableringsmodell.model import FactKind

    # A value that is not an object stays where it is, so the converter reports it at its key.
    facts = [
        {"kind": name.removeprefix(_FACT_PARENT), **data.pop(name)}
        for name in [k for k in data if k.startswith(_FACT_PARENT) and isinstance(data[k], dict)]
    ]
    # Flat keys in a JSON Lines document: the same columns as the CSV file.
    for kind in FactKind:
        value_key, date_key = f"fact_{kind.value}", f"fact_{kind.value}_on"
        if value_key in data or date_key in data:
            fact = {"kind": kind.name, "value": data.pop(value_key, None)}
            if data.get(date_key) is not None:
                fact["assessed_on"] = data.pop(date_key)
            data.pop(date_key, None)
            if fact["value"] is not None or "assessed_on" in fact:
                facts.append(fact)
    if facts:
        data["facts"] = [*data.get("facts", []), *facts]
    return data


def _unfold_facts(data: dict[str, Any]) -> dict[str, Any]:
    """The model's ``facts`` list as the ``fact_<kind>`` columns' holders, for writing a row."""
    for fact in data.pop("facts", None) or ():
        data[_FACT_PARENT + fact["kind"]] = {"value": fact["value"], "assessed_on": fact.get("assessed_on")}
    return data


def csv_columns() -> tuple[str, ...]:
    """The CSV columns, in the order :func:`write_csv` writes them."""
    return tuple(column.name for column in _plan())


# --- cells to JSON values -----------------------------------------------------------


def _scalar_from_cell(text: str, kind: Any) -> Any:
    if kind is bool:
        lowered = text.lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise InvalidValueError("", "must be true or false")
    if kind is int:
        if text.isascii() and text.lstrip("-").isdigit():
            return int(text)
        raise InvalidValueError("", "must be a whole number")
    if kind is float:
        try:
            return float(text)
        except ValueError:
            raise InvalidValueError("", "must be a number") from None
    if kind is Any:  # a quantity: "<number> <unit>"
        value, _, unit = text.partition(" ")
        try:
            number: float | int = int(value) if value.lstrip("-").isdigit() else float(value)
        except ValueError:
            raise InvalidValueError("", "must be a quantity such as '4 year'") from None
        return {"value": number, "unit": unit.strip()}
    if isinstance(kind, type) and attrs.has(kind):
        return _item_from_cell(text, kind)
    return text  # text, dates, spans and enums are their JSON text already


def _item_from_cell(text: str, kind: type) -> dict[str, Any]:
    parts = text.split(_PART_SEPARATOR)
    fields = _item_fields(kind)
    if len(parts) > len(fields):
        raise InvalidValueError(
            "", f"has {len(parts)} parts separated by '|'; a {kind.__name__} has {len(fields)}"
        )
    item: dict[str, Any] = {}
    for (name, member), raw in zip(fields, parts, strict=False):
        part = raw.strip()
        if part:
            item[name] = _scalar_from_cell(part, member)
    return item


@cache
def _item_fields(kind: type) -> tuple[tuple[str, Any], ...]:
    types = _field_types(kind)
    return tuple((a.name, _strip_optional(types[a.name])[0]) for a in attrs.fields(kind) if a.init)


def _parser(kind: Any) -> Callable[[str], Any]:
    """The function that turns a cell of this annotation into its JSON value, chosen once per column."""
    if _is_list(kind):
        member = get_args(kind)[0]

        def parse_list(text: str) -> list[Any]:
            return [
                _scalar_from_cell(part.strip(), member)
                for part in text.split(_LIST_SEPARATOR)
                if part.strip()
            ]

        return parse_list
    if kind is bool or kind is int or kind is float or kind is Any:
        return lambda text: _scalar_from_cell(text, kind)
    # Text, dates, spans and enums are their JSON text already.
    return _identity


def _identity(text: str) -> str:
    return text


# --- JSON values to cells ----------------------------------------------------------


def _cell_from_scalar(value: Any, where: str, *, in_list: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict) and set(value) == {"value", "unit"}:
        return f"{value['value']!r} {value['unit']}"
    if isinstance(value, dict):
        return _PART_SEPARATOR.join(_cell_from_scalar(part, where, in_list=True) for part in value.values())
    text = str(value)
    # Refuse what reading the cell back would change, rather than lose it.
    if text != text.strip() or (in_list and not text):
        raise InvalidValueError(where, "has leading or trailing spaces (or is empty), which a CSV cell loses")
    if in_list and (_LIST_SEPARATOR in text or _PART_SEPARATOR in text):
        raise InvalidValueError(where, "contains ';' or '|', which the CSV format uses to separate values")
    return text


def _cell(value: Any, where: str) -> str:
    if isinstance(value, list):
        text = _LIST_SEPARATOR.join(_cell_from_scalar(item, where, in_list=True) for item in value)
    else:
        text = _cell_from_scalar(value, where, in_list=False)
    # A cell a spreadsheet would run as a formula gets the prefix "'", which read_csv takes off.
    return _FORMULA_PREFIX + text if text.startswith(_FORMULA_STARTS) else text


# --- personal numbers ---------------------------------------------------------------


def _take_personal_number(
    data: dict[str, Any], key: bytes | None, on: date | None, birth_given: bool
) -> list[ValidationError]:
    """Replace ``personal_number`` in ``data`` by the pseudonymised id (and the birth date)."""
    from etableringsmodell.io.personal_number import PersonalNumber, pseudonymise

    raw = data.pop(PERSONAL_NUMBER_COLUMN)
    if key is None:  # pragma: no cover - the readers check this before the first row
        raise InvalidValueError("key", "a personal_number needs a pseudonymisation key")
    try:
        number = PersonalNumber.parse(raw, on=on)
    except ValidationError as error:
        return [_rebuild(error, PERSONAL_NUMBER_COLUMN)]
    if "id" in data:
        return [InvalidValueError("id", "give an id or a personal_number, not both")]
    data["id"] = pseudonymise(number, key)
    if not birth_given:
        data["birth_date"] = number.birth_date.isoformat()
    elif data.get("birth_date") != number.birth_date.isoformat():
        return [DateOrderError("birth_date", "does not agree with the birth date in the personal number")]
    return []


def _rebuild(error: ValidationError, field_name: str) -> ValidationError:
    copy = type(error).__new__(type(error))
    ValidationError.__init__(copy, field_name, error.reason)
    return copy


def _check_key(key: object) -> None:
    if key is not None and not isinstance(key, bytes | bytearray):
        raise InvalidTypeError("key", f"must be bytes, got {type(key).__name__}")


# --- reading ---------------------------------------------------------------------------


class _Collector:
    def __init__(self) -> None:
        self.participants: list[Participant] = []
        self.lines: list[int] = []
        self.problems: list[RowProblem] = []
        self.first_line_of: dict[str, int] = {}
        self.rows = 0

    def problem(self, line: int, error: ValidationError) -> None:
        self.problems.append(RowProblem.of(line, error))

    def build(self, line: int, data: dict[str, Any], make: Callable[[dict[str, Any]], Participant]) -> None:
        try:
            participant = make(data)
        except InvalidDocumentError as error:
            for inner in error.errors:
                self.problem(line, inner)
            return
        except ValidationError as error:
            self.problem(line, error)
            return
        first = self.first_line_of.setdefault(participant.id, line)
        if first != line:
            # The id is not shown: it may be a pseudonym, but it may not be.
            self.problem(
                line, InvalidValueError("id", f"repeats the id of line {first}; this row is left out")
            )
            return
        self.participants.append(participant)
        self.lines.append(line)

    def result(self) -> CohortRead:
        return CohortRead(tuple(self.participants), tuple(self.lines), tuple(self.problems), self.rows)


def _open(source: str | os.PathLike[str] | IO[str], mode: str) -> tuple[IO[str], bool]:
    if isinstance(source, str | os.PathLike):
        if mode == "r":
            # A BOM from Excel is not part of the header; bytes that are not UTF-8 are kept as
            # escapes, so their line is reported and every other line still read.
            return Path(source).open(mode, encoding="utf-8-sig", newline="", errors="surrogateescape"), True
        return Path(source).open(mode, encoding="utf-8", newline=""), True
    if not hasattr(source, "read" if mode == "r" else "write"):
        raise InvalidTypeError("source", f"must be a path or a text file, got {type(source).__name__}")
    return source, False


_UNDECODED = re.compile("[\udc80-\udcff]")
"""What ``errors="surrogateescape"`` leaves of a byte that is not UTF-8."""


def _undecodable(line: int) -> UndecodableTextError:
    return UndecodableTextError(
        "row", f"line {line} holds bytes that are not UTF-8 text; the line is left out"
    )


def _csv_records(handle: Iterable[str], delimiter: str, out: _Collector) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    last = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            out.problem(last + 1, InvalidValueError("row", f"is not well-formed CSV ({error})"))
            last = reader.line_num
            continue
        except UnicodeDecodeError:
            # A text stream of the caller's that cannot decode its next bytes cannot be read on.
            out.problem(last + 1, _undecodable(last + 1))
            return
        start, last = last + 1, reader.line_num
        if any(_UNDECODED.search(cell) for cell in row):
            out.problem(start, _undecodable(start))
            continue
        if row and any(cell.strip() for cell in row):
            yield start, row


def read_csv(
    source: str | os.PathLike[str] | IO[str],
    *,
    delimiter: str = ",",
    key: bytes | None = None,
    on: date | None = None,
) -> CohortRead:
    """Read a cohort from CSV (see the module's description of the columns).

    ``delimiter`` is ``,`` by default (``;`` for a Swedish Excel export).
    ``key`` is the pseudonymisation key that a ``personal_number`` column
    needs; ``on`` is the date the file was written, which a 10-digit number
    needs for its century.
    """
    _check_key(key)
    handle, owned = _open(source, "r")
    try:
        try:
            first = handle.readline()
        except UnicodeDecodeError:
            # A caller's text stream that cannot decode its first line: nothing can be read.
            unread = _Collector()
            unread.problem(1, _undecodable(1))
            return unread.result()
        if _is_table_layout(first.split(delimiter)):
            if owned:
                # A file of the table layout is read by Arrow from its path (io.table),
                # not decoded here first; UTF-8 as this reader has always read.
                handle.close()
                return _from_table(Path(source), "csv", delimiter, key, on, encoding="utf-8")  # type: ignore[arg-type]
            return _from_table(first + handle.read(), "csv", delimiter, key, on)
        return _read_csv(_Lines(first, handle), delimiter, key, on)
    finally:
        if owned:
            handle.close()


def read_previous_csv(handle: IO[str], *, key: bytes | None = None, on: date | None = None) -> CohortRead:
    """A comma-separated file in the previous layout, read by the object reader whatever its header.

    For :mod:`etableringsmodell.io.table`, which hands such files here: it
    must not go through :func:`read_csv`'s layout test again.
    """
    _check_key(key)
    return _read_csv(_Lines(handle.readline(), handle), ",", key, on)


class _Lines:
    """The first line, read to see the layout, then the rest of the file."""

    def __init__(self, first: str, rest: IO[str]) -> None:
        self._first: str | None = first
        self._rest = rest
        self.undecodable = False
        """Whether the caller's text stream stopped at bytes it could not decode."""

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self._first is not None:
            line, self._first = self._first, None
            if line:
                return line
        try:
            line = self._rest.readline()
        except UnicodeDecodeError:
            self.undecodable = True
            raise StopIteration from None
        if not line:
            raise StopIteration
        return line


def _is_table_layout(names: Iterable[str]) -> bool:
    """Whether a header (or a JSON document's keys) is the cohort table schema's (io.table)."""
    # Only the table schema has these; the columns both layouts share read alike either way.
    return any(
        name.strip().strip('"\ufeff').startswith(("permit_", "situation_", "competence_")) for name in names
    )


def _from_table(
    text: str | Path,
    fmt: str,
    delimiter: str,
    key: bytes | None,
    on: date | None,
    *,
    encoding: str | None = None,
) -> CohortRead:
    from etableringsmodell.io.table import read_table, to_participants

    source = text if isinstance(text, Path) else text.encode("utf-8", "surrogatepass")
    read = read_table(source, format=fmt, delimiter=delimiter, key=key, on=on, encoding=encoding)  # type: ignore[arg-type]
    # read_table has checked every column, so the objects are filled in without
    # running the model's checks a second time (TableRead.to_participants).
    return CohortRead(
        tuple(to_participants(read.table, checked=False)),
        tuple(read.lines.tolist()),
        read.problems,
        read.rows,
    )


def _read_csv(handle: Iterable[str], delimiter: str, key: bytes | None, on: date | None) -> CohortRead:  # noqa: PLR0912  # header checks, then rows, read as one story
    out = _Collector()
    records = _csv_records(handle, delimiter, out)
    first = next(records, None)
    if first is None:
        out.problem(1, MissingFieldError("header", "the file has no header row"))
        return out.result()
    header_line, header = first
    names = [name.strip() for name in header]
    plan = {column.name: column for column in _plan()}
    columns: list[_Column | None] = []
    seen: set[str] = set()
    for name in names:
        if name in seen:
            out.problem(header_line, InvalidValueError(name or "header", "appears twice in the header"))
        seen.add(name)
        columns.append(plan.get(name))
        if name not in plan and name != PERSONAL_NUMBER_COLUMN:
            out.problem(
                header_line,
                UnknownFieldError(name or "header", "is not a participant field; its values are not read"),
            )
    has_number = PERSONAL_NUMBER_COLUMN in seen
    if has_number and key is None:
        raise InvalidValueError(
            "key", "the file has a personal_number column: give the pseudonymisation key to read it"
        )
    required = {"birth_date", "received_on"} - ({"birth_date"} if has_number else set())
    required |= set() if has_number else {"id"}
    missing = sorted(required - seen)
    for name in missing:
        out.problem(header_line, MissingFieldError(name, "is a required column and is missing"))
    if missing or len(seen) != len(names):
        out.rows = sum(1 for _ in records)
        return out.result()
    number_index = names.index(PERSONAL_NUMBER_COLUMN) if has_number else -1
    for line, row in records:
        out.rows += 1
        if len(row) != len(names):
            out.problem(
                line, InvalidValueError("row", f"has {len(row)} cells where the header has {len(names)}")
            )
            continue
        data, errors = _row_to_data(row, columns)
        if has_number:
            raw = row[number_index].strip()
            if raw:
                data[PERSONAL_NUMBER_COLUMN] = raw
                errors += _take_personal_number(data, key, on, "birth_date" in data)
            else:
                errors.append(MissingFieldError(PERSONAL_NUMBER_COLUMN, "is empty"))
        if errors:
            for error in errors:
                out.problem(line, error)
            continue
        out.build(line, _fold_facts(data), lambda d: structure(d, Participant))
    return out.result()


def _row_to_data(
    row: list[str], columns: list[_Column | None]
) -> tuple[dict[str, Any], list[ValidationError]]:
    data: dict[str, Any] = {}
    errors: list[ValidationError] = []
    for cell, column in zip(row, columns, strict=True):
        if column is None:
            continue
        text = cell.strip()
        if text.startswith(_FORMULA_PREFIX):
            text = text[1:]  # written by write_csv before a formula-like cell (see _cell)
        if not text:
            continue  # not given: the model's default, or a missing-field problem
        try:
            value = column.parse(text)
        except ValidationError as error:
            errors.append(_rebuild(error, column.name))
            continue
        if column.parent is None:
            data[column.key] = value
        else:
            data.setdefault(column.parent, {})[column.key] = value
    return data, errors


def read_jsonl(  # noqa: PLR0912  # one branch per kind or layout, read as one story
    source: str | os.PathLike[str] | IO[str],
    *,
    key: bytes | None = None,
    on: date | None = None,
) -> CohortRead:
    """Read a cohort from JSON Lines: one participant document per line.

    Blank lines are skipped. A ``personal_number`` key is read as in
    :func:`read_csv`, with ``key`` and ``on``.
    """
    _check_key(key)
    handle: IO[str]
    if isinstance(source, str | os.PathLike):
        # Only a line feed ends a line: JSON counts a lone carriage return as a space.
        handle, owned = Path(source).open(encoding="utf-8-sig", newline="\n", errors="surrogateescape"), True  # noqa: SIM115  # closed in the finally below
    else:
        handle, owned = _open(source, "r")
    out = _Collector()
    try:
        try:
            first = handle.readline()
        except UnicodeDecodeError:
            # A caller's text stream that cannot decode its first line: nothing can be read.
            out.problem(1, _undecodable(1))
            return out.result()
        try:
            document = json.loads(first) if first.strip() else None
        except (ValueError, RecursionError):  # bad JSON, or an integer too long to convert
            document = None
        if isinstance(document, dict) and "format_version" not in document and _is_table_layout(document):
            return _from_table(first + handle.read(), "jsonl", ",", key, on)
        lines = _Lines(first, handle)
        line = 0
        for line, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            out.rows += 1
            if _UNDECODED.search(text):
                out.problem(line, _undecodable(line))
                continue
            try:
                # As strict as io.loads: duplicate keys, NaN, integers of thousands of digits refused.
                document = parse_json(text)
            except ValidationError as error:
                out.problem(line, error)
                continue
            if isinstance(document, dict) and PERSONAL_NUMBER_COLUMN in document:
                if key is None:
                    out.problem(
                        line,
                        InvalidValueError(
                            PERSONAL_NUMBER_COLUMN, "needs a pseudonymisation key (key=) to be read"
                        ),
                    )
                    continue
                found = _take_personal_number(document, key, on, "birth_date" in document)
                if found:
                    for problem in found:
                        out.problem(line, problem)
                    continue
            if isinstance(document, dict):
                document = _fold_facts(document)
            out.build(line, document, lambda d: from_dict(d, Participant))
        if lines.undecodable:
            out.problem(line + 1, _undecodable(line + 1))
    finally:
        if owned:
            handle.close()
    return out.result()


# --- writing ---------------------------------------------------------------------------


def write_csv(
    participants: Iterable[Participant],
    destination: str | os.PathLike[str] | IO[str],
    *,
    delimiter: str = ",",
) -> int:
    """Write participants as CSV with every column of :func:`csv_columns`; return the rows written.

    A value the format cannot hold (text with ``;`` or ``|`` in a list)
    raises a typed error naming the row and field, before anything is lost.
    """
    handle, owned = _open(destination, "w")
    try:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        # The csv module quotes a line feed but not a lone carriage return; such rows are quoted whole.
        quote_all = csv.writer(handle, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
        plan = _plan()
        writer.writerow([column.name for column in plan])
        count = 0
        for index, participant in enumerate(participants):
            if not isinstance(participant, Participant):
                raise InvalidTypeError(
                    f"participants[{index}]", f"must be a Participant, got {type(participant).__name__}"
                )
            data = _unfold_facts(unstructure(participant))
            row = []
            for column in plan:
                holder = data if column.parent is None else (data.get(column.parent) or {})
                try:
                    row.append(_cell(holder.get(column.key), column.name))
                except ValidationError as error:
                    raise _rebuild(error, f"participants[{index}].{column.name}") from None
            (quote_all if any("\r" in cell for cell in row) else writer).writerow(row)
            count += 1
        return count
    finally:
        if owned:
            handle.close()


def write_jsonl(participants: Iterable[Participant], destination: str | os.PathLike[str] | IO[str]) -> int:
    """Write participants as JSON Lines, one versioned document a line; return the lines written."""
    handle, owned = _open(destination, "w")
    try:
        count = 0
        for index, participant in enumerate(participants):
            if not isinstance(participant, Participant):
                raise InvalidTypeError(
                    f"participants[{index}]", f"must be a Participant, got {type(participant).__name__}"
                )
            handle.write(json.dumps(to_dict(participant), ensure_ascii=False, allow_nan=False) + "\n")
            count += 1
        return count
    finally:
        if owned:
            handle.close()
