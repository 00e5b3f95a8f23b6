"""The cohort table: one schema for CSV, JSON Lines, Parquet, Arrow, pandas, polars and the batch path.

A cohort table (kohorttabell) has one row per person and the flat
``snake_case`` columns of :data:`COLUMNS` (schema version
:data:`TABLE_SCHEMA_VERSION`, described in ``docs/io.md``). The same names
are what :func:`etableringsmodell.batch.evaluate` reads, so a table read here
goes to the batch path unchanged, without building a
:class:`~etableringsmodell.model.Participant` per row.

:func:`read_table` reads CSV, JSON Lines or Parquet (or takes an Arrow table,
a pandas or polars frame), validates each column with vectorised checks and
returns a :class:`TableRead`: an Arrow table of the good rows in the schema's
types, the line of each, and one :class:`~etableringsmodell.io.cohort.RowProblem`
per bad row and field. Files in the previous layout (``permit.ground``,
``PROTECTION``) are read too.

>>> import io
>>> text = "id,birth_date,received_on,permit_ground,permit_granted_on\\n"
>>> text += "c1,1980-05-02,2003-01-10,protection,2002-12-01\\nc2,1981-02-29,2003-01-10,,\\n"
>>> read = read_table(io.BytesIO(text.encode()), format="csv")
>>> read.table.column("id").to_pylist(), read.lines.tolist()
(['c1'], [2])
>>> print(read.problems[0])
line 3: birth_date: must be an ISO 8601 date YYYY-MM-DD that exists
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
from collections.abc import Generator, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from etableringsmodell._shared import trusted_maker
from etableringsmodell.errors import (
    DateOrderError,
    InvalidCodeError,
    InvalidTypeError,
    InvalidValueError,
    MissingFieldError,
    UndecodableTextError,
    UnknownFieldError,
    ValidationError,
)
from etableringsmodell.i18n import N_
from etableringsmodell.model.enums import BarringSituation, EducationLevel, PermitGround, SfiCourse
from etableringsmodell.model.participant import PERSONAL_NUMBER_ID, FactKind

__all__ = [
    "COLUMNS",
    "FORMULA_PREFIX",
    "TABLE_SCHEMA_VERSION",
    "Column",
    "Limits",
    "TableRead",
    "arrow_schema",
    "from_participants",
    "iter_csv_batches",
    "read_table",
    "to_participants",
    "write_table",
]

TABLE_SCHEMA_VERSION: Final = 1
"""The version of the cohort table schema; written into Parquet metadata as ``etablering.schema``."""

FORMULA_PREFIX: Final = "'"
"""Put before a CSV text cell starting with ``= + - @`` or ``'`` on writing, and taken off one on reading."""

_FORMULA_STARTS: Final = ("=", "+", "-", "@", "'")
_LIST_SEPARATOR: Final = ";"

Kind = Literal["text", "date", "bool", "code", "number_code", "flag", "text_list", "float_list", "bool_list"]


@frozen
class Column:
    """One column of the cohort table: its name, kind, vocabulary and whether a row needs it."""

    name: str
    kind: Kind
    vocabulary: Any = None  # the enum of a coded column
    required: bool = False
    doc: str = ""


_UNITS: Final[Mapping[str, str]] = {
    **dict.fromkeys(("year", "years", "år", "a", "yr"), "year"),
    **dict.fromkeys(("month", "months", "månad", "månader"), "month"),
    **dict.fromkeys(("week", "weeks", "vecka", "veckor"), "week"),
    **dict.fromkeys(("day", "days", "dag", "dagar", "d"), "day"),
}
"""Experience units read from data: a fixed list, never pint's parser (issue 12)."""

YEARS_PER_UNIT: Final[Mapping[str, float]] = {
    "year": 1.0,
    "month": 1 / 12,
    "week": 7 / 365.25,
    "day": 1 / 365.25,
}
"""pint's own definitions: a year of 365.25 days and a month of a twelfth of it."""

COLUMNS: Final[tuple[Column, ...]] = (
    Column("id", "text", required=True, doc="opaque id; never a personal identity number"),
    Column("birth_date", "date", required=True),
    Column("received_on", "date", required=True, doc="received in a municipality (kommunmottagen)"),
    Column("first_registered_on", "date"),
    Column("permit_ground", "code", PermitGround, doc="empty: no permit"),
    Column("permit_granted_on", "date", doc="required with a permit ground"),
    Column("permit_applied_on", "date"),
    Column("permit_sponsor_received_on", "date", doc="family tie only"),
    Column("permit_sponsor_is_swedish_citizen", "bool", doc="family tie only"),
    Column("parent_in_sweden", "bool"),
    Column("municipality", "text", doc="4-digit kommunkod"),
    Column("education", "number_code", EducationLevel, doc="SUN 2020 level 1-7"),
    Column("swedish", "number_code", SfiCourse, doc="SFI course 1-4 (A-D)"),
    *(
        Column(f"situation_{member.value}", "flag", doc="a barring situation (empty: false)")
        for member in BarringSituation
    ),
    Column("interests", "text_list"),
    Column("plan_started_on", "date"),
    Column("plan_ended_on", "date"),
    Column("competence_occupation", "text_list", doc="SSYK 2012 codes, one per competence"),
    Column("competence_experience", "float_list", doc="experience of each competence; empty: unknown"),
    Column("competence_experience_unit", "text_list", doc="year, month, week or day"),
    Column("competence_validated", "bool_list", doc="whether each competence is validated"),
    Column(
        "permit_first_granted_on", "date", doc="the first permit's grant day; empty: this permit is the first"
    ),
    *(
        column
        for kind in FactKind
        for column in (
            Column(
                f"fact_{kind.value}", "bool", doc="an assessed fact: true, false, or empty when not assessed"
            ),
            Column(f"fact_{kind.value}_on", "date", doc="the day the fact was assessed; empty: undated"),
        )
    ),
)
"""The columns of schema version 1, in the order the writers write them."""

_BY_NAME: Final = {column.name: column for column in COLUMNS}
_COMPETENCE_PARTS: Final = (
    "competence_experience",
    "competence_experience_unit",
    "competence_validated",
)

_OLD_NAMES: Final[Mapping[str, str]] = {
    "permit.ground": "permit_ground",
    "permit.granted_on": "permit_granted_on",
    "permit.applied_on": "permit_applied_on",
    "permit.sponsor_received_on": "permit_sponsor_received_on",
    "permit.sponsor_is_swedish_citizen": "permit_sponsor_is_swedish_citizen",
    "sponsor_received_on": "permit_sponsor_received_on",
    "sponsor_is_swedish_citizen": "permit_sponsor_is_swedish_citizen",
}
"""Column names of the previous layout (version 0) and of the batch path's first release."""


def arrow_schema() -> Any:
    """The Arrow schema of a cohort table (``pyarrow.Schema``), with the version in its metadata."""
    import pyarrow as pa

    types = {
        "text": pa.string(),
        "date": pa.date32(),
        "bool": pa.bool_(),
        "code": pa.string(),
        "number_code": pa.int8(),
        "flag": pa.bool_(),
        "text_list": pa.list_(pa.string()),
        "float_list": pa.list_(pa.float64()),
        "bool_list": pa.list_(pa.bool_()),
    }
    fields = [pa.field(c.name, types[c.kind], nullable=not (c.required or c.kind == "flag")) for c in COLUMNS]
    return pa.schema(fields, metadata={"etablering.schema": str(TABLE_SCHEMA_VERSION)})


@frozen
class Limits:
    """Caller-settable limits that keep reading proportional to the input.

    ``problems`` caps the problems kept (the rest are counted in
    :attr:`TableRead.problems_not_shown`); ``rows`` caps the data rows read;
    ``line_bytes`` caps one JSON Lines line; ``cell_bytes`` one cell;
    ``columns`` the header's width.
    """

    problems: int = 1000
    rows: int | None = None
    line_bytes: int = 1 << 20
    cell_bytes: int = 1 << 16
    columns: int = 1000


@frozen
class TableRead:
    """What :func:`read_table` made of a file.

    ``table`` holds the good rows in the schema's Arrow types, ``lines[i]``
    is the line row ``i`` started on (1 is a CSV header), ``problems`` the
    problems kept and ``problems_not_shown`` how many more there were.
    """

    table: Any
    lines: npt.NDArray[np.int64]
    problems: tuple[Any, ...]
    rows: int
    problems_not_shown: int = 0
    encoding: str = "utf-8"
    delimiter: str | None = None
    truncated: bool = field(default=False)

    @property
    def ok(self) -> bool:
        """Whether the file was read without a single problem."""
        return not self.problems

    def to_participants(self) -> list[Any]:
        """The good rows as :class:`~etableringsmodell.model.Participant` objects."""
        return to_participants(self.table, checked=False)


# --- problems ---------------------------------------------------------------------


class _Problems:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: list[Any] = []
        # Each kept problem's (stage, line): the order of a whole-file read, by which
        # the problems of a file read in slices are merged (see _read_csv_slices).
        self.order: list[tuple[int, int]] = []
        self.more = 0

    def add(self, line: int, error: ValidationError, stage: int = -1) -> None:
        from etableringsmodell.io.cohort import RowProblem

        if len(self.kept) < self.limit:
            self.kept.append(RowProblem.of(line, error))
            self.order.append((stage, line))
        else:
            self.more += 1

    def full(self) -> bool:
        return len(self.kept) >= self.limit


# --- bytes to text ------------------------------------------------------------------


def _read_bytes(source: Any) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if isinstance(source, str) and source == "-":
        import sys

        return sys.stdin.buffer.read()
    if isinstance(source, str | os.PathLike):
        return Path(source).read_bytes()
    if hasattr(source, "read"):
        content = source.read()
        if isinstance(content, str):  # a text stream: its BOM, if any, is a character now
            return content.encode("utf-8", "surrogatepass")
        if isinstance(content, bytes | bytearray):
            return bytes(content)
    raise InvalidTypeError("source", f"must be a path, bytes or a file, got {type(source).__name__}")


_BAD_CHARACTER = re.compile("[\ud800-\udfff]")


def _decode(data: bytes, encoding: str | None, problems: _Problems) -> tuple[bytes, str]:
    """UTF-8 bytes for pyarrow: BOM taken off, cp1252 or UTF-16 decoded, undecodable lines blanked.

    A line that cannot be decoded is one problem naming the line; the other
    lines are kept, and the line numbers stay those of the file.
    """
    name = None if encoding is None else codecs.lookup(encoding).name
    if data.startswith(codecs.BOM_UTF8) and name in (None, "utf-8", "utf-8-sig"):
        data, name = data[len(codecs.BOM_UTF8) :], "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and name in (None, "utf-16"):
        name = "utf-16"
    if name in (None, "utf-8", "utf-8-sig"):
        if data.isascii() or _is_utf8(data):  # the common cases, checked far faster than decoding
            return data, "utf-8"
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            if name is None and _is_cp1252(data):
                name = "cp1252"
            else:
                name = "utf-8"
                return _blank_bad_lines(data.decode("utf-8", "surrogateescape"), name, problems), name
        else:
            return data, "utf-8"
    if name.startswith("utf-16") and len(data) % 2:
        # A last odd byte cannot be UTF-16: its line is marked as undecodable below.
        data = data[:-1] + "\ud800".encode(
            "utf-16-le" if data[:2] == codecs.BOM_UTF16_LE else "utf-16-be", "surrogatepass"
        )
    try:
        text = data.decode(name, "surrogatepass" if name.startswith("utf-16") else "surrogateescape")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.add(line, UndecodableTextError("file", f"cannot be decoded as {name} from line {line} on"))
        text = data[: error.start].decode(name, "ignore")
    if name.startswith("utf-16") and text.startswith("\ufeff"):
        text = text[1:]
    return _blank_bad_lines(text, name, problems), name


def _is_utf8(data: bytes | bytearray) -> bool:
    """Whether the bytes are UTF-8, checked by Arrow's vectorised validator without building a ``str``.

    Decoding a 250 MB file only to learn that it decodes takes half a second and
    a copy of the file; Arrow validates the same bytes in place in a tenth of it.
    """
    import pyarrow as pa

    offsets = pa.array([0, len(data)], pa.int64()).buffers()[1]
    whole = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        whole.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def _is_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _blank_bad_lines(text: str, encoding: str, problems: _Problems) -> bytes:
    if not _BAD_CHARACTER.search(text):
        return text.encode("utf-8")
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if _BAD_CHARACTER.search(line):
            problems.add(
                index + 1, UndecodableTextError("row", f"cannot be decoded as {encoding}; row left out")
            )
            lines[index] = ""
    return "\n".join(lines).encode("utf-8")


def _sniff_delimiter(data: bytes) -> str:
    header = data[: data.find(b"\n") if b"\n" in data else len(data)]
    counts = {d: header.count(d.encode()) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


# --- the CSV records, found with numpy where pyarrow does not say -------------------


class _CsvRecords:
    """Where each record starts and how many fields it has, as Python's csv reads them (the rare files numpy's reading gets wrong)."""

    def __init__(self, data: bytes, delimiter: str) -> None:
        import csv

        text = io.StringIO(data.decode("utf-8", "replace"), newline="")
        reader = csv.reader(text, delimiter=delimiter)
        line, fields, blank = [], [], []
        previous = 0
        try:
            for row in reader:
                line.append(previous + 1)
                fields.append(len(row))
                blank.append(not row)
                previous = reader.line_num
        except csv.Error:
            pass  # a quote never closed: the rows before it stand, and the count check above says the rest
        self.line = np.array(line, dtype=np.int64)
        self.fields = np.array(fields, dtype=np.int64)
        self.blank = np.array(blank, dtype=np.bool_)


class _Records:
    """Where each CSV record starts and how many fields it has (quotes respected)."""

    def __init__(self, data: bytes, delimiter: str) -> None:
        raw = np.frombuffer(data, dtype=np.uint8)
        newline = raw == 10
        if b'"' in data:
            # Parity of the quotes seen so far; a doubled quote toggles twice.
            inside = (np.cumsum(raw == 34, dtype=np.uint8) & 1).astype(np.bool_)
            ends = np.flatnonzero(newline & ~inside)
            delimiters = np.flatnonzero((raw == ord(delimiter)) & ~inside)
        else:
            ends = np.flatnonzero(newline)
            delimiters = np.flatnonzero(raw == ord(delimiter))
        all_newlines = np.flatnonzero(newline)
        starts = np.concatenate(([0], ends + 1))
        stops = np.concatenate((ends, [len(raw)]))
        keep = starts < len(raw)
        starts, stops = starts[keep], stops[keep]
        length = stops - starts
        cr_only = (length == 1) & (raw[np.minimum(starts, max(len(raw) - 1, 0))] == 13)
        self.blank = (length == 0) | cr_only
        self.line = np.searchsorted(all_newlines, starts) + 1
        self.fields = (
            np.bincount(np.searchsorted(stops, delimiters), minlength=len(starts))[: len(starts)] + 1
        )


def _unterminated_quote(data: bytes) -> int | None:
    """The offset of the quote that opens a field never closed, if there is one."""
    if data.count(b'"') % 2 == 0:
        return None
    quotes = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 34)
    if len(quotes) % 2 == 0:
        return None
    return int(quotes[-1]) if len(quotes) == 1 else _last_opening(data, quotes)


def _last_opening(data: bytes, quotes: npt.NDArray[np.intp]) -> int:
    # Quotes pair up from the start; with an odd count the last opening one is unpaired.
    del data
    return int(quotes[-1]) if len(quotes) % 2 else int(quotes[-2])


# --- reading ---------------------------------------------------------------------------


def read_table(  # each option is one a caller can need
    source: Any,
    *,
    format: Literal["csv", "jsonl", "parquet", None] = None,  # the word users know
    encoding: str | None = None,
    delimiter: str | None = None,
    key: bytes | None = None,
    on: date | None = None,
    limits: Limits | None = None,
) -> TableRead:
    """Read and validate a cohort table; never raises for bad rows (see :class:`TableRead`).

    ``source`` is a path (``"-"`` for standard input), bytes, a binary or
    text file, an Arrow table, or a pandas or polars frame. ``format`` is
    taken from the file name when not given (``.csv``, ``.jsonl``,
    ``.parquet``). ``encoding`` (UTF-8 with or without BOM, UTF-16 with BOM,
    or cp1252 from Swedish Excel) and ``delimiter`` (``,``, ``;`` or tab)
    are detected when not given. With ``key``, an id that is a personal
    identity number (or a ``personal_number`` column) becomes its keyed
    pseudonym; without it, such an id is refused.
    """
    limits = limits or Limits()
    if not isinstance(limits, Limits):
        raise InvalidTypeError("limits", f"must be a Limits, got {type(limits).__name__}")
    if key is not None and not isinstance(key, bytes | bytearray):
        raise InvalidTypeError("key", f"must be bytes, got {type(key).__name__}")
    problems = _Problems(limits.problems)
    table = _as_arrow(source)
    if table is not None:
        return _validate(_to_text(table), np.arange(1, table.num_rows + 1), problems, key, on, limits)
    chosen = format or _format_of(source)
    if chosen == "parquet":
        import pyarrow.parquet as pq

        opened = source if not hasattr(source, "read") else io.BytesIO(source.read())
        sliced = _read_parquet_batches(opened, key, on, limits)
        if isinstance(sliced, TableRead):
            return sliced
        parquet = pq.read_table(opened)
        return _validate(_to_text(parquet), np.arange(1, parquet.num_rows + 1), problems, key, on, limits)
    if (
        chosen == "csv"
        and isinstance(source, str | os.PathLike)
        and str(source) != "-"
        and (encoding is None or codecs.lookup(encoding).name in ("utf-8", "utf-8-sig"))
        and Path(source).is_file()
    ):
        quick = _read_csv_file(Path(source), delimiter, problems, key, on, limits)
        if quick is not None:
            return quick
    data, used = _decode(_read_bytes(source), encoding, problems)
    if chosen == "jsonl" and b'"format_version"' in data[: data.find(b"\n") if b"\n" in data else len(data)]:
        return _previous_jsonl(data, problems, key, on, used)
    if chosen == "jsonl":
        text_table, lines = _jsonl_columns(data, problems, limits)
        result = _validate(text_table, lines, problems, key, on, limits)
    else:
        result = _read_csv(data, delimiter, problems, key, on, limits)
    return TableRead(
        result.table,
        result.lines,
        result.problems,
        result.rows,
        result.problems_not_shown,
        used,
        result.delimiter,
        result.truncated,
    )


def _format_of(source: Any) -> str:
    name = str(source) if isinstance(source, str | os.PathLike) else str(getattr(source, "name", ""))
    suffix = Path(name).suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    return "csv"


def _as_arrow(source: Any) -> Any:
    module = type(source).__module__.split(".")[0]
    if module == "pyarrow":
        import pyarrow as pa

        return source if isinstance(source, pa.Table) else pa.Table.from_batches([source])
    if module == "pandas":
        import pyarrow as pa

        return pa.Table.from_pandas(source, preserve_index=False)
    if module == "polars":
        return source.to_arrow()
    return None


def _to_text(table: Any) -> Any:
    """Every column as text (lists as lists of text), so one set of checks serves every format."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for column in table.columns:
        kind = column.type
        if pa.types.is_dictionary(kind):
            column = column.cast(kind.value_type)  # noqa: PLW2901  # each column is converted in steps
            kind = column.type
        if pa.types.is_list(kind) or pa.types.is_large_list(kind):
            flat = pc.list_flatten(column)
            text = _scalar_text(flat)
            offsets = pc.list_value_length(column).fill_null(0).to_numpy(zero_copy_only=False)
            bounds = np.concatenate(([0], np.cumsum(offsets))).astype(np.int32)
            mask = column.is_null()
            column = pa.ListArray.from_arrays(  # noqa: PLW2901  # each column is converted in steps
                pa.array(bounds),
                text.combine_chunks() if hasattr(text, "combine_chunks") else text,
                mask=mask.combine_chunks() if hasattr(mask, "combine_chunks") else mask,
            )
        elif pa.types.is_timestamp(kind) or pa.types.is_date64(kind):
            column = column.cast(pa.date32())  # noqa: PLW2901  # kept typed: no text round trip for dates
        elif not (pa.types.is_date32(kind) or pa.types.is_boolean(kind)):
            column = _scalar_text(column)  # noqa: PLW2901  # each column is converted in steps
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def _scalar_text(column: Any) -> Any:  # noqa: PLR0911  # one early answer per case
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_string(kind):
        return column
    if pa.types.is_large_string(kind) or pa.types.is_date32(kind) or pa.types.is_integer(kind):
        return column.cast(pa.string())
    if pa.types.is_timestamp(kind) or pa.types.is_date64(kind):
        return column.cast(pa.date32()).cast(pa.string())
    if pa.types.is_boolean(kind):
        return pc.if_else(column, "true", "false")
    if pa.types.is_floating(kind):
        values = column.to_pylist()
        return pa.array([None if v is None else repr(v) for v in values], pa.string())
    if pa.types.is_null(kind):
        return pa.nulls(len(column), pa.string())
    return pa.array(
        [None if v is None else json.dumps(v, default=str) for v in column.to_pylist()], pa.string()
    )


def _read_csv(  # noqa: PLR0917  # internal helper; the reader's state passed explicitly
    data: bytes,
    delimiter: str | None,
    problems: _Problems,
    key: bytes | None,
    on: date | None,
    limits: Limits,
) -> TableRead:
    import pyarrow as pa

    chosen = delimiter or _sniff_delimiter(data)
    if len(chosen) != 1 or chosen in '"\n\r':
        raise InvalidValueError("delimiter", N_("must be one character other than a quote or a line break"))
    header_end = data.find(b"\n")
    header = data if header_end < 0 else data[:header_end]
    if header.count(chosen.encode()) + 1 > limits.columns:
        problems.add(1, InvalidValueError("header", f"has more than {limits.columns} columns; file not read"))
        return _empty(problems, chosen)
    # An unterminated quote would swallow every later row: the line it opens on is left out.
    for _ in range(limits.problems + 1):
        opening = _unterminated_quote(data)
        if opening is None:
            break
        start = data.rfind(b"\n", 0, opening) + 1
        stop = data.find(b"\n", opening)
        stop = len(data) if stop < 0 else stop
        problems.add(
            data.count(b"\n", 0, start) + 1,
            InvalidValueError("row", N_("has a quote that is never closed; row left out")),
        )
        data = data[:start] + data[stop:]  # the line's own newline stays, so the numbering holds
    else:
        # Still one after as many as problems are kept: each pass reads the whole file, so
        # the rest is cut at its line and said to be so, rather than read on without end.
        opening = _unterminated_quote(data)
        if opening is not None:
            start = data.rfind(b"\n", 0, opening) + 1
            problems.add(
                data.count(b"\n", 0, start) + 1,
                InvalidValueError(
                    "row", N_("has a quote that is never closed; it and every row after it are left out")
                ),
            )
            data = data[:start]
    bad_rows: list[str] = []
    lines = data.count(b"\n") + (not data.endswith(b"\n"))

    def invalid(row: Any) -> str:
        bad_rows.append(row.text)
        return "skip"

    def parse(*, typed: bool, whole_records: bool) -> Any:
        bad_rows.clear()
        return _parse_csv(
            pa.BufferReader(data), chosen, header, invalid, typed=typed, whole_records=whole_records
        )

    try:
        table = _quick_parse(parse, bad_rows, lines, has_cr=b"\r" in data)
        if table is None:
            try:
                # Dates and booleans parsed by Arrow as it reads; one bad value anywhere
                # sends the whole file through the text path, which finds each.
                table = parse(typed=True, whole_records=True)
            except pa.ArrowInvalid:
                table = parse(typed=False, whole_records=True)
    except pa.ArrowInvalid as error:
        problems.add(1, InvalidValueError("file", f"is not CSV that can be read: {str(error)[:200]}"))
        return _empty(problems, chosen)
    except RecursionError:
        # Python's stack running out inside Arrow's reader. The cause the long fuzz run found (this
        # reader and the object reader handing a mixed header back and forth) is fixed in
        # _previous_layout; this stays as a guard, so that such a file is a problem, not a crash.
        problems.add(
            1, InvalidValueError("file", N_("is not CSV that can be read (too many bad rows in a row)"))
        )
        return _empty(problems, chosen)
    expected = np.arange(table.num_rows, dtype=np.int64) + 2
    # Row i is line i + 2 unless a row was refused, a line was blank or a value holds a line break.
    if bad_rows or lines != table.num_rows + 1:
        found = _record_lines(
            data, chosen, table.num_rows, table.num_columns, len(bad_rows), problems, limits
        )
        if found is None:
            return _empty(problems, chosen)
        expected = found
    result = _validate(table, expected[: table.num_rows], problems, key, on, limits)
    return TableRead(
        result.table,
        result.lines,
        result.problems,
        result.rows + len(bad_rows),
        result.problems_not_shown,
        "utf-8",
        chosen,
        result.truncated,
    )


def _record_lines(  # noqa: PLR0917  # internal helper; the reader's state passed explicitly
    data: bytes, delimiter: str, rows: int, width: int, refused: int, problems: _Problems, limits: Limits
) -> npt.NDArray[np.int64] | None:
    """The line each of Arrow's ``rows`` starts on, each refused row reported; None when the rows cannot be told apart."""
    records: _Records | _CsvRecords = _Records(data, delimiter)
    for attempt in range(2):
        data_records = ~records.blank
        data_records[: int(np.argmax(data_records)) + 1] = False  # the header
        good = data_records & (records.fields == width)
        if int(good.sum()) == rows and int((data_records & ~good).sum()) == refused:
            break
        if attempt:
            problems.add(
                1,
                InvalidValueError("file", N_("has quotes that leave its rows unclear; the file is not read")),
            )
            return None
        # Quote parity and Arrow part ways on a quote opened inside a row and closed on a
        # later line, which Arrow (like Python's csv) ends early: the records as Python's
        # csv reads them, so that each kept row has its own line and each bad one is named.
        records = _CsvRecords(data, delimiter)
    bad_lines = records.line[data_records & (records.fields != width)]
    for line in bad_lines[: limits.problems]:
        problems.add(
            int(line), InvalidValueError("row", f"has a different number of cells than the header's {width}")
        )
    problems.more += max(0, len(bad_lines) - limits.problems)  # counted, not each built
    lines: npt.NDArray[np.int64] = records.line[good].astype(np.int64)
    return lines[:rows]


_QUICK_BLOCK = 1 << 20
"""The quick path's block: 1 MiB keeps both cores busy (16 MiB left one idle most of a read)."""


def _parse_csv(  # Arrow's options, passed through
    source: Any, delimiter: str, header: bytes, invalid: Any, *, typed: bool, whole_records: bool
) -> Any:
    """One read of a CSV file by Arrow: every cell kept as written (no null strings), bad rows to ``invalid``."""
    import pyarrow.csv as pcsv

    return pcsv.read_csv(
        source,
        # Blocks of 1 MiB keep both cores busy; a record longer than that is read
        # by the careful pass, with its blocks of 16 MiB.
        read_options=pcsv.ReadOptions(block_size=_QUICK_BLOCK if not whole_records else 1 << 24),
        parse_options=pcsv.ParseOptions(
            delimiter=delimiter, newlines_in_values=whole_records, invalid_row_handler=invalid
        ),
        convert_options=pcsv.ConvertOptions(
            column_types=_column_types(header, delimiter, typed=typed),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            true_values=["true", "True", "TRUE"],
            false_values=["false", "False", "FALSE"],
        ),
    )


class _Scan:
    """What one pass over a CSV file in slices learnt, so Arrow can read the file itself.

    Holding the whole file as bytes beside Arrow's columns doubles the memory a
    read needs; a file of clean UTF-8 with balanced quotes is read by Arrow from
    its path instead, and only the first slice (the header) is kept.
    """

    SLICE: Final = 1 << 22

    def __init__(self, path: Path) -> None:
        self.path = path
        self.head = b""
        self.lines = 0
        self.has_cr = False
        self.clean = True  # UTF-8 throughout, quotes balanced
        quotes = 0
        carry = b""
        last = b"\n"
        with path.open("rb") as handle:
            while chunk := handle.read(self.SLICE):
                if not self.head:
                    self.head = chunk
                quotes += chunk.count(b'"')
                self.lines += chunk.count(b"\n")
                self.has_cr = self.has_cr or b"\r" in chunk
                last = chunk[-1:]
                if carry or not chunk.isascii():
                    piece = carry + chunk
                    cut = _whole_characters(piece)
                    if not _is_utf8(piece[:cut]):
                        self.clean = False
                        return
                    carry = piece[cut:]
        self.lines += last != b"\n"
        self.clean = quotes % 2 == 0 and (not carry or _is_utf8(carry))


def _whole_characters(piece: bytes) -> int:
    """Where the last UTF-8 character that may be cut off at the slice's end begins (or the length)."""
    for back in range(1, min(4, len(piece)) + 1):
        byte = piece[-back]
        if byte & 0xC0 != 0x80:  # not a continuation byte: ASCII or a lead byte
            return len(piece) - back if byte >= 0xC0 else len(piece)
    return len(piece)


def _read_csv_file(  # noqa: PLR0917, PLR0911  # internal helper, the reader's state passed explicitly; one early answer per case
    path: Path,
    delimiter: str | None,
    problems: _Problems,
    key: bytes | None,
    on: date | None,
    limits: Limits,
) -> TableRead | None:
    """A clean UTF-8 CSV file read by Arrow from its path on the quick path; None to read it as bytes.

    Anything the bytes path treats specially (another encoding, an unbalanced
    quote, a bad row, a blank line, a line break in a value, a very wide
    header) makes this return None before a problem is recorded, and the
    file is read by the bytes path as before.
    """
    with path.open("rb") as handle:
        first = handle.read(_Scan.SLICE)
    if not first:
        return None
    head = first[3:] if first.startswith(codecs.BOM_UTF8) else first
    chosen = delimiter or _sniff_delimiter(head)
    if len(chosen) != 1 or chosen in '"\n\r' or b"\n" not in head:
        return None
    header = head[: head.find(b"\n")]
    if header.count(chosen.encode()) + 1 > limits.columns or not _is_utf8(header):
        return None
    bad_rows: list[str] = []

    def invalid(row: Any) -> str:
        bad_rows.append(row.text)
        return "skip"

    def parse(*, typed: bool, whole_records: bool) -> Any:
        bad_rows.clear()
        return _parse_csv(str(path), chosen, header, invalid, typed=typed, whole_records=whole_records)

    body = len(first) - len(head) + len(header) + 1  # where the first data line starts
    del first
    # The slices check their own bytes (UTF-8, balanced quotes) as they are read, so
    # the whole-file scan below is made only for a file the slices hand back.
    sliced = _read_csv_slices(path, body, header, chosen, key, on, limits)
    if sliced != "whole":
        return sliced if isinstance(sliced, TableRead) else None
    scan = _Scan(path)
    if not scan.clean or not scan.head:
        return None
    table = _quick_parse(parse, bad_rows, scan.lines, has_cr=scan.has_cr)
    if table is None or scan.lines != table.num_rows + 1:
        return None
    result = _validate(table, np.arange(table.num_rows, dtype=np.int64) + 2, problems, key, on, limits)
    return TableRead(
        result.table,
        result.lines,
        result.problems,
        result.rows,
        result.problems_not_shown,
        "utf-8",
        chosen,
        result.truncated,
    )


_SLICE_BYTES = 1 << 23
"""The quick path's slice: the file is parsed and validated this many bytes at a time (cut at a line break).

Measured for 1,000,000 rows (a 243 MiB CSV, 153 MiB of validated columns), the first
read in a fresh process, three rounds: 4 MiB slices peak at 229-241 MiB over the
process in 2.35-2.72 s; 8 MiB at 251-257 MiB in 2.08-2.31 s; 16 MiB (pages never handed
back) at 306-336 MiB in 2.02-2.28 s; the whole-file reader 532 MiB in 1.91-2.68 s. 2 MiB
slices save no memory more and take longer. 8 MiB: a peak of 256 MiB (1.67x the columns)
with the time within about 2x pyarrow's read, which 4 MiB passes (2.4-2.5x).
"""

_RELEASE_BYTES = 1 << 24
"""How much of the file is read between two hand-backs of Arrow's free pages to the system."""


def _plain_header(column_names: list[str]) -> bool:
    """Whether _validate reads these columns in slices: no problem in the header, nor the previous layout."""
    names = [_OLD_NAMES.get(name.strip(), name.strip()) for name in column_names]
    previous = {"permit.ground", "competences", "situations"} & set(column_names)
    unknown = [n for n in names if n not in _BY_NAME and n != "personal_number"]
    missing = [
        c.name
        for c in COLUMNS
        if c.required
        and c.name not in names
        and not (c.name in ("id", "birth_date") and "personal_number" in names)
    ]
    return len(set(names)) == len(names) and not previous and not unknown and not missing


class _Untyped(Exception):  # noqa: N818  # a signal inside the module, not an error
    """A slice holds a date or boolean Arrow cannot convert: every slice is read as text, as a whole read is."""


def _read_csv_slices(  # noqa: PLR0917  # internal helper; the reader's state passed explicitly
    path: Path,
    body: int,
    header: bytes,
    delimiter: str,
    key: bytes | None,
    on: date | None,
    limits: Limits,
) -> TableRead | Literal["whole"] | None:
    """A clean CSV file read and validated slice by slice: the same TableRead as the whole file validated at once.

    Only the validated columns and one slice's text and temporaries are alive at
    a time, instead of the whole file's text table beside them. The slices are
    cut at line breaks; each is parsed on the quick path's terms (a slice Arrow
    cannot read as it reads the whole file sends the file to the careful path,
    None) and validated alone. What needs the whole file is done once: the
    header (a header with anything to report is read whole, ``"whole"``),
    the row limit, and ids repeated anywhere in the file. Problems keep the
    order of a whole read, (check, line): each slice keeps its first
    ``limits.problems`` in that order, and the slices' lists are merged.
    """
    # Dates and booleans parsed by Arrow as it reads; one it cannot convert, in any
    # slice, sends every slice through the text columns, as a whole read does.
    for typed in (True, False):
        pieces = _csv_pieces(path, body, header, delimiter, typed=typed)
        try:
            return _validate_pieces(pieces, None, 2, delimiter, key, on, limits)
        except _Untyped:
            continue
        finally:
            pieces.close()  # the parse still running, if any, finished before the file is left
    # Only a typed read raises _Untyped; were a text read to, the careful path would read the file.
    return None


_PARQUET_ROWS = 1 << 15
"""Rows a Parquet file is read and validated at a time (about 5 MiB of columns in the table schema)."""


def _read_parquet_batches(
    source: Any, key: bytes | None, on: date | None, limits: Limits
) -> TableRead | Literal["whole"] | None:
    """A Parquet file read and validated in batches of rows, as a CSV file is in slices (same TableRead)."""
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(source)
    try:
        pieces = (_to_text(_batch_table(batch)) for batch in handle.iter_batches(batch_size=_PARQUET_ROWS))
        return _validate_pieces(pieces, handle.metadata.num_rows, 1, None, key, on, limits)
    finally:
        handle.close()
        if hasattr(source, "seek"):
            source.seek(0)  # for the whole read, if this one declines


def _batch_table(batch: Any) -> Any:
    import pyarrow as pa

    return pa.Table.from_batches([batch])


def _csv_pieces(
    path: Path, body: int, header: bytes, delimiter: str, *, typed: bool
) -> Generator[Any, None, None]:
    """The file's slices as Arrow reads them on the quick path, list columns split; None for one only the careful path may read."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa

    def parse(data: bytearray) -> Any:
        bad_rows: list[str] = []

        def invalid(row: Any) -> str:
            bad_rows.append(row.text)
            return "skip"

        # What the whole-file scan checks, on this slice: UTF-8 throughout and quotes balanced
        # (a slice is cut at a line break, so a quoted value across the cut unbalances it).
        quotes, breaks = _count_bytes(data, b'"'), _count_bytes(data, b"\n")
        if quotes % 2 or not (data.isascii() or _is_utf8(data)):
            return None
        count = breaks + (not data.endswith(b"\n"))
        try:
            table = _parse_csv(
                pa.BufferReader(pa.py_buffer(data)),
                delimiter,
                header,
                invalid,
                typed=typed,
                whole_records=False,
            )
        except pa.ArrowInvalid as error:
            if typed and "conversion error" in str(error):
                raise _Untyped from error
            return None
        except RecursionError:
            return None
        table = _quick_checked(table, bad_rows, count, has_cr=b"\r" in data)
        return None if table is None or count != table.num_rows + 1 else _lists_split(table)

    slices = _line_slices(path, body, header + b"\n")
    end = object()

    def read_and_parse() -> Any:
        data = next(slices, None)  # only the worker reads the slices, one at a time
        return end if data is None else parse(data)

    # The next slice is read and parsed while this one is validated: validation runs
    # on one core, and the parse (Arrow's, without the interpreter's lock) takes the other.
    with ThreadPoolExecutor(max_workers=1) as worker:
        pending = worker.submit(read_and_parse)
        while (table := pending.result()) is not end:
            pending = worker.submit(read_and_parse)
            yield table
            del table


def _count_bytes(data: bytearray, byte: bytes) -> int:
    """How many times a byte occurs in the data, counted by numpy a megabyte at a time.

    ``bytearray.count`` holds the interpreter's lock for the whole slice (5 ms
    for 8 MiB), stalling the validation of the previous slice beside it;
    numpy's comparison lets it go, takes about an eighth of the time, and its
    temporary is a megabyte.
    """
    view = np.frombuffer(data, np.uint8)
    code = ord(byte)
    step = 1 << 20
    return sum(
        int(np.count_nonzero(view[start : start + step] == code)) for start in range(0, len(view), step)
    )


def _validate_pieces(  # noqa: PLR0917, PLR0912, PLR0915  # the reader's state passed explicitly; one pass, read as one story
    pieces: Iterator[Any],
    rows: int | None,
    first_line: int,
    delimiter: str | None,
    key: bytes | None,
    on: date | None,
    limits: Limits,
) -> TableRead | Literal["whole"] | None:
    """Pieces of a file (Arrow tables of consecutive rows, the first on ``first_line``) validated one by one.

    A piece that is None sends the file to another reader (None); a header
    with anything to report, ``"whole"``. See :func:`_read_csv_slices`.
    """
    import heapq

    import attrs
    import pyarrow as pa

    limit = limits.rows
    if rows == 0 or limit == 0:
        return "whole"
    each = attrs.evolve(limits, rows=None)  # the row limit is the whole file's, below
    # (stage, line, problem); at most limits.problems, the first in a whole read's order.
    merged: list[tuple[int, int, Any]] = []
    total = 0
    truncated = False
    tables: list[Any] = []
    kept_lines: list[npt.NDArray[np.int64]] = []
    prints: list[npt.NDArray[np.uint64]] = []
    done = 0
    for read_slices, table in enumerate(pieces, start=1):
        if table is None:
            return None
        if not tables and not _plain_header(table.column_names):
            return "whole"
        take = table.num_rows if limit is None else max(min(table.num_rows, limit - done), 0)
        if take < table.num_rows and not truncated and limit is not None:
            # The row limit passed in this piece: said once, first in a whole read's order.
            truncated = True
            merged = heapq.nsmallest(
                limits.problems,
                merged + _row_limit_problem(limit, first_line, limits),
                key=lambda item: item[:2],
            )
            total += 1
        if take > 0:
            problems = _Problems(limits.problems)
            read = _validate(
                table.slice(0, take),
                np.arange(done + first_line, done + first_line + take, dtype=np.int64),
                problems,
                key,
                on,
                each,
                duplicates=False,
                pool=pa.system_memory_pool(),
            )
            total += len(problems.kept) + problems.more
            found = [(stage, line, p) for (stage, line), p in zip(problems.order, problems.kept, strict=True)]
            merged = heapq.nsmallest(limits.problems, merged + found, key=lambda item: item[:2])
            tables.append(read.table)
            kept_lines.append(read.lines)
            prints.append(_fingerprints(read.table.column("id")))
        done += table.num_rows
        del table
        # The slices' text and temporaries are free now; every 16 MiB read, the
        # allocator hands their pages back rather than holding them beside the
        # growing columns (each slice: 35 MiB less at the peak for 1,000,000 rows,
        # but 0.4 s more, the pages taken again; every fourth: most of both).
        if read_slices % max(_RELEASE_BYTES // _SLICE_BYTES, 1) == 0:
            pa.default_memory_pool().release_unused()
    if rows is not None and done != rows:
        return None
    if done == 0:
        return "whole"  # no data rows: the whole-file reader says what the file lacks
    wanted = done if limit is None else min(done, limit)
    # Ids repeated anywhere in the file, among the rows every other check kept (as a whole read does).
    good = pa.concat_tables(tables)
    lines = np.concatenate(kept_lines)
    del kept_lines
    repeats = _Problems(limits.problems)
    check = _Checker(good, lines, repeats, limits, stage=1 << 62)
    # Equal ids have equal fingerprints: with none repeated (the common case, told by
    # sorting 8 bytes a row), no id is; otherwise the ids themselves are compared.
    fingerprints = np.concatenate(prints)
    del prints
    fingerprints.sort()  # in place: no second copy
    if (fingerprints[1:] == fingerprints[:-1]).any():
        _duplicates(good.column("id"), check)
    del fingerprints
    if check.bad.any():
        total += len(repeats.kept) + repeats.more
        found = [(stage, line, p) for (stage, line), p in zip(repeats.order, repeats.kept, strict=True)]
        merged = heapq.nsmallest(limits.problems, merged + found, key=lambda item: item[:2])
        keep = ~check.bad
        start = 0
        for index, part in enumerate(tables):
            mask = keep[start : start + part.num_rows]
            if not mask.all():
                tables[index] = part.filter(pa.array(mask))
            start += part.num_rows
        good = pa.concat_tables(tables)
        lines = lines[keep]
    kept = [p for _, _, p in sorted(merged, key=lambda item: item[:2])]
    return TableRead(
        good, lines, tuple(kept), wanted, total - len(kept), "utf-8", delimiter, truncated=truncated
    )


def _row_limit_problem(limit: int, first_line: int, limits: Limits) -> list[tuple[int, int, Any]]:
    """The problem of a file longer than ``limits.rows``, as (stage, line, problem), or none when none are kept."""
    whole = _Problems(limits.problems)
    whole.add(
        limit + first_line,
        InvalidValueError("rows", f"more than the limit of {limit}; the rest are not read"),
    )
    return [(-1, limit + first_line, p) for p in whole.kept]


def _fingerprints(ids: Any) -> npt.NDArray[np.uint64]:
    """A 64-bit polynomial hash of each id (null as empty), from the bytes of Arrow's string array.

    Ids that are equal have equal fingerprints, so fingerprints all different
    prove the ids all different, in 8 bytes a row where sorting the ids
    themselves holds a copy of them and the sort's indices.
    """
    import pyarrow as pa

    array = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    array = array.fill_null("").cast(pa.large_string())
    _, offsets_buffer, data_buffer = array.buffers()
    rows = len(array)
    hashed = np.zeros(rows, np.uint64)
    if not rows or data_buffer is None:
        return hashed
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[array.offset : array.offset + rows + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    row = 0
    while row < rows:  # a megabyte of ids at a time: the temporaries take 24 bytes a byte
        stop = int(np.searchsorted(offsets, offsets[row] + (1 << 20), side="right")) - 1
        stop = min(max(stop, row + 1), rows)
        hashed[row:stop] = _polynomial_hash(data, offsets[row : stop + 1])
        row = stop
    return hashed


def _polynomial_hash(data: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
    base = int(offsets[0])
    starts, ends = offsets[:-1] - base, offsets[1:] - base
    lengths = ends - starts
    piece = data[base : base + int(ends[-1])]
    position = np.arange(len(piece), dtype=np.int64) - np.repeat(starts, lengths)
    # Powers of an odd multiplier, modulo 2**64 (numpy's unsigned arithmetic wraps).
    powers = np.cumprod(np.full(max(int(lengths.max()), 1), 0x100000001B3, dtype=np.uint64), dtype=np.uint64)
    terms = (piece.astype(np.uint64) + np.uint64(1)) * powers[position]
    sums = np.concatenate((np.zeros(1, np.uint64), np.cumsum(terms, dtype=np.uint64)))
    hashed: npt.NDArray[np.uint64] = (sums[ends] - sums[starts]) ^ lengths.astype(np.uint64)
    return hashed


def _line_slices(path: Path, body: int, prefix: bytes) -> Iterator[bytearray]:
    """The file from ``body`` on in slices of about :data:`_SLICE_BYTES` cut after a line break, each after ``prefix``.

    Each slice is read into a buffer of its own size (no copy of it is made), so
    one slice's bytes are alive at a time; a line longer than a slice is read on
    until it ends.
    """
    with path.open("rb") as handle:
        handle.seek(body)
        carry = b""
        while True:
            start = len(prefix) + len(carry)
            data = bytearray(start + _SLICE_BYTES)
            data[: len(prefix)] = prefix
            data[len(prefix) : start] = carry
            with memoryview(data) as view:
                got = handle.readinto(view[start:])
            filled = start + got
            end = filled if not got else data.rfind(b"\n", len(prefix), filled) + 1
            if not got and filled == len(prefix):
                return
            if got and end == 0:  # no line break yet: one long line, read on
                carry = bytes(data[len(prefix) : filled])
                continue
            carry = bytes(data[end:filled])
            del data[end:]
            yield data
            del data  # before the next slice is read, not after


def _quick_parse(parse: Any, bad_rows: list[str], lines: int, *, has_cr: bool) -> Any:
    """The file parsed on the quick path, or None when only the careful path reads it as it is.

    The quick path lets Arrow cut the file into blocks at any line break
    (``newlines_in_values=False``) and parse the blocks on every core. It reads
    exactly what the careful path reads unless a cut fell inside a quoted value
    holding a line break; such a cut leaves either a parse error, a row of the
    wrong width, or a value holding the line break the cut came after. So the
    quick table is kept only with none of those: no error, no bad row, and no
    line feed or carriage return in any text value (known without looking at the
    values when every line is one record and the file has no carriage return).
    A cut inside a quoted value splits one record of ``W`` fields into pieces of
    ``k`` and ``W - k + 1``, so with two columns or more at least one piece is a
    bad row. Anything else (a short row, a value with a line break, a header of
    one column) is read again by the careful path, which reports it as before.
    """
    import pyarrow as pa

    table = None
    for typed in (True, False):
        try:
            table = parse(typed=typed, whole_records=False)
            break
        except pa.ArrowInvalid as error:
            # A value Arrow cannot convert: the text columns are tried on the quick path too.
            if not (typed and "conversion error" in str(error)):
                return None
        except RecursionError:
            return None
    return None if table is None else _quick_checked(table, bad_rows, lines, has_cr=has_cr)


def _quick_checked(table: Any, bad_rows: list[str], lines: int, *, has_cr: bool) -> Any:
    """The table Arrow read with cuts at any line break, or None when a cut may have fallen in a value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if bad_rows or table.num_columns < 2:  # see _quick_parse: one column cannot tell a cut
        return None
    breaks = [] if lines == table.num_rows + 1 else ["\n"]
    if has_cr:
        breaks.append("\r")
    for column in table.columns:
        if pa.types.is_string(column.type) and any(
            pc.any(pc.match_substring(column, mark)).as_py() for mark in breaks
        ):
            return None
    return table


def _all_text(header: bytes, delimiter: str) -> dict[str, Any]:
    return _column_types(header, delimiter, typed=False)


def _column_types(header: bytes, delimiter: str, *, typed: bool) -> dict[str, Any]:
    """Text for every column; with ``typed``, dates and booleans of the schema as Arrow parses them."""
    import pyarrow as pa

    text = header.decode("utf-8", "replace").rstrip("\r")
    types: dict[str, Any] = {}
    for raw in text.split(delimiter):
        name = raw.strip('"')
        column = _BY_NAME.get(name)
        if typed and column is not None and column.kind == "date":
            types[name] = pa.date32()
        elif typed and column is not None and column.kind in ("bool", "flag"):
            types[name] = pa.bool_()
        else:
            types[name] = pa.string()
    return types


def _empty(problems: _Problems, delimiter: str | None) -> TableRead:
    return TableRead(
        arrow_schema().empty_table(),
        np.empty(0, np.int64),
        tuple(problems.kept),
        0,
        problems.more,
        "utf-8",
        delimiter,
    )


def _jsonl_columns(data: bytes, problems: _Problems, limits: Limits) -> tuple[Any, npt.NDArray[np.int64]]:  # noqa: PLR0912  # one branch per kind or layout, read as one story
    """JSON Lines to text columns; split on ``\\n`` only (JSON counts a lone ``\\r`` as space)."""
    import pyarrow as pa

    known = set(_BY_NAME) | set(_OLD_NAMES) | {"personal_number"}
    values: dict[str, list[Any]] = {}
    lines: list[int] = []
    row = 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        if len(raw) > limits.line_bytes:
            problems.add(
                number, InvalidValueError("document", f"is longer than {limits.line_bytes} bytes; left out")
            )
            continue
        try:
            document = json.loads(raw, object_pairs_hook=_no_duplicates)
        except _DuplicateKeyError as error:
            problems.add(
                number, InvalidValueError(error.key, N_("appears twice in the document; row left out"))
            )
            continue
        except (json.JSONDecodeError, RecursionError, ValueError) as error:
            reason = (
                f"{error.msg} at column {error.colno}"
                if isinstance(error, json.JSONDecodeError)
                else "too deep or too large"
            )
            problems.add(number, InvalidValueError("document", f"is not valid JSON: {reason}"))
            continue
        if not isinstance(document, dict):
            problems.add(number, InvalidTypeError("document", "must be a JSON object"))
            continue
        unknown = [name for name in document if name not in known and name != "format_version"]
        if unknown:
            problems.add(
                number,
                UnknownFieldError(
                    unknown[0][:80],
                    f"is not a column of the cohort table ({len(unknown)} unknown); row left out",
                ),
            )
            continue
        for name, value in document.items():
            if name == "format_version":
                continue
            values.setdefault(name, [None] * row).append(_json_text(value))
        row += 1
        lines.append(number)
        for column in values.values():
            if len(column) < row:
                column.append(None)
    arrays = {}
    for name, column in values.items():
        if any(isinstance(v, list) for v in column):
            arrays[name] = pa.array(
                [v if isinstance(v, list) or v is None else [v] for v in column], pa.list_(pa.string())
            )
        else:
            arrays[name] = pa.array(column, pa.string())
    return pa.table(arrays) if arrays else pa.table(
        {c.name: pa.array([], pa.string()) for c in COLUMNS if c.required}
    ), np.array(lines, dtype=np.int64)


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key[:80]


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document = dict(pairs)
    if len(document) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise _DuplicateKeyError(name)
            seen.add(name)
    return document


def _json_text(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [_json_text(v) for v in value]
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int | str):
        return str(value)
    return json.dumps(value)[:200]


# --- column checks -------------------------------------------------------------------


class _Checker:
    """Vectorised checks over text columns; ``bad`` collects (row mask, field, error).

    Each check is a numbered stage, counted whether it finds anything or not,
    so that every slice of a file numbers its checks alike: a whole-file read
    lists its problems by (stage, line), and the slices' problems merged in
    that order are the same list.
    """

    def __init__(
        self,
        table: Any,
        lines: npt.NDArray[np.int64],
        problems: _Problems,
        limits: Limits,
        *,
        stage: int = 0,
    ) -> None:
        self.table = table
        self.rows = table.num_rows
        self.lines = lines
        self.problems = problems
        self.limits = limits
        self.bad = np.zeros(self.rows, dtype=np.bool_)
        self.stage = stage

    def next_stage(self) -> int:
        """A stage number for a check made row by row, or one that may not run on every slice."""
        self.stage += 1
        return self.stage - 1

    def report(self, mask: npt.NDArray[np.bool_], error: ValidationError, stage: int | None = None) -> None:
        stage = self.next_stage() if stage is None else stage
        mask = np.asarray(mask, dtype=np.bool_)
        if not mask.any():
            return
        self.bad |= mask
        rows = np.flatnonzero(mask)
        room = max(self.problems.limit - len(self.problems.kept), 0)
        for row in rows[:room]:
            self.problems.add(int(self.lines[row]), error, stage)
        self.problems.more += max(len(rows) - room, 0)


def _mask(array: Any) -> npt.NDArray[np.bool_]:
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return np.asarray(array.fill_null(False).to_numpy(zero_copy_only=False), dtype=np.bool_)  # noqa: FBT003


def _unformula(column: Any) -> Any:
    import pyarrow.compute as pc

    prefixed = pc.starts_with(column, FORMULA_PREFIX)
    if not _mask(prefixed).any():
        return column
    return pc.if_else(prefixed, pc.utf8_slice_codeunits(column, 1), column)


def _offsets(column: Any) -> npt.NDArray[np.int64]:
    """A string array's value offsets into its bytes, read in place from Arrow's buffer (``rows + 1`` of them)."""
    rows = len(column)
    buffer = column.buffers()[1]
    if buffer is None or buffer.size < 4 * (column.offset + rows + 1):  # an empty array may have none
        return np.zeros(rows + 1, np.int64)
    return np.frombuffer(buffer, np.int32)[column.offset : column.offset + rows + 1].astype(np.int64)


def _value_bytes(column: Any, offsets: npt.NDArray[np.int64]) -> npt.NDArray[np.uint8]:
    """The bytes of a string array's values, null ones' too, in place."""
    buffer = column.buffers()[2]
    if buffer is None:
        return np.zeros(0, np.uint8)
    return np.frombuffer(buffer, np.uint8)[int(offsets[0]) : int(offsets[-1])]


def _may_hold(column: Any, byte: str) -> bool:
    """Whether any value of a string array may hold this ASCII byte: one numpy pass over the bytes.

    An ASCII byte is never part of another UTF-8 character, and null values'
    bytes only make the answer a cautious yes.
    """
    import pyarrow as pa

    if not pa.types.is_string(column.type):
        return True
    return bool((_value_bytes(column, _offsets(column)) == ord(byte)).any())


def _trimmed(column: Any) -> bool:
    """Whether trimming whitespace would leave every value of a string array as it is.

    It does when each value starts and ends with a printable ASCII character
    other than a space (any other byte may belong to whitespace): told at once
    when every byte is one, else by each value's first and last byte.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_string(column.type):
        return False
    offsets = _offsets(column)
    data = _value_bytes(column, offsets)
    # uint8 arithmetic wraps: below 0x21 or above 0x7E is at least 0x5E.
    if not ((data - np.uint8(0x21)) >= np.uint8(0x5E)).any():
        return True
    starts, ends = offsets[:-1] - offsets[0], offsets[1:] - offsets[0]
    filled = ends > starts
    if column.null_count:
        filled &= _mask(pc.is_valid(column))
    firsts = (data[np.minimum(starts, len(data) - 1)] - np.uint8(0x21)) >= np.uint8(0x5E)
    lasts = (data[np.maximum(ends - 1, 0)] - np.uint8(0x21)) >= np.uint8(0x5E)
    return not (filled & (firsts | lasts)).any()


def _split_lists(column: Any) -> Any:
    """A text column of ``;``-separated items as lists of them, each item trimmed.

    One leading :data:`FORMULA_PREFIX` is taken off a cell, and a null or empty
    cell is an empty list.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    column = pc.fill_null(column, "")
    if not pa.types.is_string(column.type) or _may_hold(column, FORMULA_PREFIX):
        column = _unformula(column)
    # An empty cell is an empty list at once (not a list of one empty item), so
    # the columns of a cohort without competences line up without the slow path.
    column = pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
    split = pc.split_pattern(column, _LIST_SEPARATOR)
    flat = pc.list_flatten(split)
    if not _trimmed(flat):  # most items have no whitespace to trim: the copy is skipped
        flat = pc.utf8_trim_whitespace(flat)
    return pa.ListArray.from_arrays(split.offsets, flat)


_LIST_COLUMNS: Final = frozenset(
    c.name for c in COLUMNS if c.kind in ("text_list", "float_list", "bool_list")
)


def _lists_split(table: Any) -> Any:
    """A parsed slice with its list columns split already, as :func:`_validate` would split them.

    The parsing thread does it, where it would otherwise wait for the
    validation of the previous slice, which then has less to do.
    """
    import pyarrow as pa

    for index, name in enumerate(table.column_names):
        column = table.column(index)
        if name.strip() in _LIST_COLUMNS and pa.types.is_string(column.type):
            split = _split_lists(column.combine_chunks())
            table = table.set_column(index, name, pa.chunked_array([split]))
    return table


def _validate(  # noqa: PLR0917, PLR0912, PLR0915  # one pass over the schema, column by column
    table: Any,
    lines: npt.NDArray[np.int64],
    problems: _Problems,
    key: bytes | None,
    on: date | None,
    limits: Limits,
    *,
    duplicates: bool = True,
    pool: Any = None,
) -> TableRead:
    import pyarrow as pa
    import pyarrow.compute as pc

    truncated = False
    if limits.rows is not None and table.num_rows > limits.rows:
        problems.add(
            int(lines[limits.rows]),
            InvalidValueError("rows", f"more than the limit of {limits.rows}; the rest are not read"),
        )
        table, lines, truncated = table.slice(0, limits.rows), lines[: limits.rows], True
    names = [_OLD_NAMES.get(name.strip(), name.strip()) for name in table.column_names]
    header_line = int(lines[0]) - 1 if len(lines) else 1
    if len(set(names)) != len(names):
        for name in sorted({n for n in names if names.count(n) > 1}):
            problems.add(
                header_line,
                InvalidValueError(name or "header", N_("appears twice in the header; file not read")),
            )
        return _empty(problems, None)
    if (
        "permit.ground" in table.column_names
        or "competences" in table.column_names
        or "situations" in table.column_names
    ):
        return _previous_layout(table, lines, problems, key, on, limits)
    table = table.rename_columns(names)
    unknown = [n for n in names if n not in _BY_NAME and n != "personal_number"]
    for name in unknown[: limits.problems]:
        problems.add(
            header_line,
            UnknownFieldError(
                name[:80] or "header", N_("is not a column of the cohort table; its values are not read")
            ),
        )
    missing = [
        c.name
        for c in COLUMNS
        if c.required
        and c.name not in names
        and not (c.name in ("id", "birth_date") and "personal_number" in names)
    ]
    for name in missing:
        problems.add(header_line, MissingFieldError(name, "is a required column and is missing"))
    if missing or unknown:
        return _empty(problems, None)
    check = _Checker(table, lines, problems, limits)
    out: dict[str, Any] = {}
    rows = table.num_rows

    def text(name: str) -> Any:
        if name not in names:
            return pa.nulls(rows, pa.string())
        column = table.column(name).combine_chunks()
        if pa.types.is_list(column.type):
            check.report(
                _mask(pc.is_valid(column)), InvalidTypeError(name, N_("must be one value, not a list"))
            )
            return pa.nulls(rows, pa.string())
        if not pa.types.is_string(column.type):
            column = _scalar_text(column)  # a typed column where the schema has another kind
        # Trimmed, unprefixed, and its empty or too long cells made null: Arrow's
        # kernels copy the column at each step, so a step no value needs (as a
        # look at the bytes tells) is skipped; most columns need none but the last.
        if not _trimmed(column):
            column = pc.utf8_trim_whitespace(column)
        if _may_hold(column, FORMULA_PREFIX):
            column = _unformula(column)
        lengths = np.diff(_offsets(column))
        valid = np.ones(rows, np.bool_) if not column.null_count else _mask(pc.is_valid(column))
        too_long = valid & (lengths > limits.cell_bytes)
        check.report(too_long, InvalidValueError(name, f"is longer than {limits.cell_bytes} bytes"))
        empty = (valid & (lengths == 0)) | too_long
        if not empty.any():
            return column
        return pc.if_else(pa.array(empty), pa.nulls(rows, pa.string()), column)

    def listed(name: str) -> Any:
        if name not in names:
            return pa.ListArray.from_arrays(pa.array(np.zeros(rows + 1, np.int32)), pa.array([], pa.string()))
        column = table.column(name).combine_chunks()
        if pa.types.is_list(column.type):
            return column.fill_null(pa.scalar([], pa.list_(pa.string()))) if rows else column
        return _split_lists(column)

    # personal numbers
    ids = text("id")
    if "personal_number" in names:
        ids = _personal_numbers(table.column("personal_number").combine_chunks(), ids, check, key, on, out)
    missing_id = _mask(pc.is_null(ids))
    check.report(missing_id, MissingFieldError("id", "is empty"))
    # Only ids of 10 characters or more can be a number; the regular expression runs on those alone.
    long_enough = _mask(pc.greater_equal(pc.utf8_length(ids), 10))
    looks = np.zeros(rows, dtype=np.bool_)
    if long_enough.any():
        candidates = np.flatnonzero(long_enough)
        matched = _mask(pc.match_substring_regex(ids.take(pa.array(candidates)), PERSONAL_NUMBER_ID.pattern))
        looks[candidates[matched]] = True
    stage = check.next_stage()  # counted on every slice, whether any id looks like a number or not
    if looks.any():
        if key is None:
            check.report(
                looks,
                InvalidValueError(
                    "id", N_("is a personal identity number; pseudonymise it (key=) or use another id")
                ),
                stage,
            )
        else:
            ids = _pseudonymise_ids(ids, looks, key, on, check, stage)
    out["id"] = ids
    # dates
    for column in COLUMNS:
        given = table.column(column.name) if column.name in names else None
        if given is not None and (
            (column.kind == "date" and pa.types.is_date32(given.type))
            or (column.kind in ("bool", "flag") and pa.types.is_boolean(given.type))
        ):
            typed = given.combine_chunks()
            if column.required:
                check.report(_mask(pc.is_null(typed)), MissingFieldError(column.name, "is empty"))
            out[column.name] = typed.fill_null(False) if column.kind == "flag" else typed  # noqa: FBT003  # the fill value
            continue
        if column.kind == "date" and column.name not in out:
            out[column.name] = _dates(text(column.name), column, check)
        elif column.kind == "bool":
            out[column.name] = _booleans(text(column.name), column.name, check)
        elif column.kind == "flag":
            flags = _booleans(text(column.name), column.name, check)
            out[column.name] = flags.fill_null(False)  # noqa: FBT003
        elif column.kind == "code":
            out[column.name] = _codes(text(column.name), column, check)
        elif column.kind == "number_code":
            out[column.name] = _number_codes(text(column.name), column, check)
        elif column.kind == "text" and column.name not in out:
            out[column.name] = text(column.name)
    for name in ("interests", "competence_occupation"):
        out[name] = _drop_empty_items(listed(name))
    _competences(out, listed, check, set(names))
    _municipality(out["municipality"], check)
    _cross_checks(out, check)
    schema = arrow_schema()
    arrays = [
        pa.array(out[c.name]) if not isinstance(out[c.name], pa.Array | pa.ChunkedArray) else out[c.name]
        for c in COLUMNS
    ]
    good = table_good = pa.Table.from_arrays(
        [a.cast(schema.field(c.name).type) for a, c in zip(arrays, COLUMNS, strict=True)],
        schema=pa.schema([f.with_nullable(True) for f in schema], metadata=schema.metadata),  # noqa: FBT003  # the fill value, not a flag
    )
    if duplicates:  # a slice of a file leaves them to the whole file (see _read_csv_slices)
        _duplicates(out["id"], check)
    keep = ~check.bad
    del table_good
    if pool is not None:
        # The slices' columns are kept apart from the temporaries (Arrow's default
        # pool): freed each slice, those pages are reused instead of being pinned by
        # the columns kept between them. The copy costs a few milliseconds a slice.
        # With every row kept (the common case) the copy is a concatenation of each
        # column's chunks, buffer by buffer: a tenth of the time of a filter by an
        # all-true mask, which visits every value.
        if keep.all() and all(column.num_chunks for column in good.columns):
            result = pa.Table.from_arrays(
                [pa.concat_arrays(column.chunks, memory_pool=pool) for column in good.columns],
                schema=good.schema,
            )
        else:
            result = pc.filter(good, pa.array(keep), memory_pool=pool)
    else:
        result = good.filter(pa.array(keep)) if not keep.all() else good
    return TableRead(result, lines[keep], tuple(problems.kept), rows, problems.more, truncated=truncated)


def _drop_empty_items(column: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    flat = pc.list_flatten(column)
    nonempty = _mask(pc.not_equal(flat, ""))
    if nonempty.all():
        return column
    parents = pc.list_parent_indices(column).to_numpy()[nonempty]
    counts = np.bincount(parents, minlength=len(column))
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), flat.filter(pa.array(nonempty)))


def _personal_numbers(  # noqa: PLR0917  # internal helper; the reader's state passed explicitly
    column: Any, ids: Any, check: _Checker, key: bytes | None, on: date | None, out: dict[str, Any]
) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    from etableringsmodell.io.personal_number import PersonalNumber, pseudonymise

    if key is None:
        check.report(
            _mask(pc.is_valid(column)),
            InvalidValueError("personal_number", "needs a pseudonymisation key (key=) to be read"),
        )
        return ids
    made: list[str | None] = []
    births: list[str | None] = []
    stage = check.next_stage()
    for row, raw in enumerate(column.to_pylist()):
        if raw is None or not raw.strip():
            made.append(None)
            births.append(None)
            continue
        try:
            number = PersonalNumber.parse(raw, on=on)
        except ValidationError as error:
            check.report(np.arange(check.rows) == row, type(error)("personal_number", error.reason), stage)
            made.append(None)
            births.append(None)
            continue
        made.append(pseudonymise(number, key))
        births.append(number.birth_date.isoformat())
    given = _mask(pc.is_valid(ids))
    both = given & _mask(pc.is_valid(pa.array(made, pa.string())))
    check.report(both, InvalidValueError("id", "give an id or a personal_number, not both"))
    out["birth_date_from_number"] = births
    return pc.coalesce(ids, pa.array(made, pa.string()))


def _pseudonymise_ids(  # noqa: PLR0917  # internal helper; the reader's state passed explicitly
    ids: Any, looks: npt.NDArray[np.bool_], key: bytes, on: date | None, check: _Checker, stage: int
) -> Any:
    import pyarrow as pa

    from etableringsmodell.io.personal_number import PersonalNumber, pseudonymise

    values = ids.to_pylist()
    for row in np.flatnonzero(looks):
        digits = re.sub(r"[^0-9]", "", values[row])
        try:
            number = PersonalNumber.parse(
                digits if len(digits) == 12 else f"{digits[:6]}-{digits[6:]}", on=on
            )
        except ValidationError as error:
            check.report(
                np.arange(check.rows) == row,
                type(error)("id", f"looks like a personal identity number but {error.reason}"),
                stage,
            )
            continue
        values[row] = pseudonymise(number, key)
    return pa.array(values, pa.string())


_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _dates(column: Any, spec: Column, check: _Checker) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    given = _mask(pc.is_valid(column))
    if spec.required:
        check.report(~given, MissingFieldError(spec.name, "is empty"))
    stage = check.next_stage()  # counted on every slice, with bad dates or without
    if not given.any():
        return pa.nulls(len(column), pa.date32())
    try:
        # Arrow's own ISO 8601 parser refuses 1981-02-29 and every other malformed date.
        return pc.cast(column, pa.date32())
    except pa.ArrowInvalid:
        pass  # at least one bad date: find each, below
    shaped = pc.match_substring_regex(column, _ISO_DATE)
    stamps = pc.strptime(pc.if_else(shaped, column, None), format="%Y-%m-%d", unit="s", error_is_null=True)
    days = stamps.cast(pa.date32())
    # strptime rolls 1981-02-29 over to 1 March: printing the date back shows it.
    exists = pc.equal(pc.strftime(stamps, format="%Y-%m-%d"), column)
    bad = given & ~_mask(exists)
    check.report(
        bad, InvalidValueError(spec.name, N_("must be an ISO 8601 date YYYY-MM-DD that exists")), stage
    )
    return pc.if_else(pa.array(bad), pa.nulls(len(column), pa.date32()), days)


def _booleans(column: Any, name: str, check: _Checker) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    lowered = pc.utf8_lower(column)
    true = _mask(pc.equal(lowered, "true"))
    false = _mask(pc.equal(lowered, "false"))
    given = _mask(pc.is_valid(column))
    check.report(given & ~true & ~false, InvalidValueError(name, "must be true or false"))
    return pa.array(np.where(true | false, true, False), mask=~(true | false))  # noqa: FBT003  # the fill value, not a flag


def _codes(column: Any, spec: Column, check: _Checker) -> Any:
    import pyarrow as pa

    encoded = column.dictionary_encode()
    spellings: dict[str, str] = {}
    for member in spec.vocabulary:
        spellings[member.value] = member.value
        spellings[member.name] = member.value  # the previous layout wrote names
    known = [spellings.get(word) for word in encoded.dictionary.to_pylist()]
    lookup = np.array([k is not None for k in known] + [True])
    indices = encoded.indices.fill_null(len(known)).to_numpy(zero_copy_only=False)
    values = ", ".join(repr(m.value) for m in spec.vocabulary)
    check.report(
        ~lookup[indices], InvalidCodeError(spec.name, f"is not a {spec.vocabulary.__name__}; known: {values}")
    )
    return pa.DictionaryArray.from_arrays(encoded.indices, pa.array(known, pa.string())).cast(pa.string())


def _number_codes(column: Any, spec: Column, check: _Checker) -> Any:
    import pyarrow as pa

    encoded = column.dictionary_encode()
    spellings: dict[str, int] = {}
    for member in spec.vocabulary:
        spellings[str(member.value)] = member.value
        spellings[f"{member.value}.0"] = member.value  # pandas holds whole numbers with nulls as floats
        spellings[member.name] = member.value
    known = [spellings.get(word) for word in encoded.dictionary.to_pylist()]
    lookup = np.array([k is not None for k in known] + [True])
    indices = encoded.indices.fill_null(len(known)).to_numpy(zero_copy_only=False)
    values = ", ".join(f"{m.value} ({m.name})" for m in spec.vocabulary)
    check.report(
        ~lookup[indices], InvalidCodeError(spec.name, f"is not a {spec.vocabulary.__name__}; known: {values}")
    )
    table = np.array([-1 if k is None else k for k in known] + [-1], dtype=np.int8)
    codes = table[indices]
    return pa.array(codes, pa.int8(), mask=codes < 0)


def _competences(out: dict[str, Any], listed: Any, check: _Checker, present: set[str]) -> None:  # noqa: PLR0915  # the four aligned columns checked together
    import pyarrow as pa
    import pyarrow.compute as pc

    occupations = out["competence_occupation"]
    counts = pc.list_value_length(occupations).to_numpy(zero_copy_only=False)
    flat = pc.list_flatten(occupations)
    parents = pc.list_parent_indices(occupations).to_numpy(zero_copy_only=False)
    # ^[0-9]{1,4}$ without a regular expression: ASCII digits only (never empty), 1 to 4 bytes.
    ssyk = _mask(pc.ascii_is_decimal(flat)) & _mask(pc.less_equal(pc.binary_length(flat), 4))
    check.report(
        _rows_of_items(check.rows, parents[~ssyk]),
        InvalidCodeError(
            "competence_occupation", "holds a value that is not an SSYK 2012 code of 1 to 4 digits"
        ),
    )

    layout: list[npt.NDArray[np.int64]] = []

    def aligned(name: str) -> Any:
        if name not in present:
            return pa.nulls(int(counts.sum()), pa.string())
        column = out.get(name) or listed(name)
        lengths = pc.list_value_length(column).fill_null(0).to_numpy(zero_copy_only=False)
        stage = check.next_stage()  # counted on every slice, aligned or not
        if np.array_equal(lengths, counts):  # the common case: one item per competence already
            flat = pc.list_flatten(column)
            return pc.if_else(pc.equal(flat, ""), pa.nulls(len(flat), pa.string()), flat)
        # An empty cell is "not known" for every competence of the row. Only the rows
        # of one item where another count is due need the look: a row of one blank
        # item and one competence comes out null all the same (blank items, below).
        single = (lengths == 1) & (counts != 1)
        empty_cell = (lengths == 0) | _row_is_blank(column, single)
        wrong = ~empty_cell & (lengths != counts)
        check.report(
            wrong, InvalidValueError(name, N_("must have one item per competence_occupation")), stage
        )
        total = int(counts.sum())
        if total == 0:
            return pa.array([], pa.string())
        offsets = np.asarray(column.offsets.to_numpy(zero_copy_only=False), dtype=np.int64)
        if not layout:  # each item's row and place in it, shared by the three columns
            starts = np.concatenate(([0], np.cumsum(counts)))[:-1]
            layout.append(np.asarray(parents, dtype=np.int64))
            layout.append(np.arange(total) - np.repeat(starts, counts))
        item_rows, within = layout
        source = offsets[item_rows] + within
        usable = ~(empty_cell | wrong)[item_rows]
        flat_values = column.values
        if len(flat_values) == 0:  # every cell of the column empty: nothing known
            return pa.nulls(total, pa.string())
        taken = flat_values.take(pa.array(np.where(usable, source, 0)))
        blank = ~usable | _mask(pc.equal(pc.fill_null(taken, ""), ""))
        return pc.if_else(pa.array(blank), pa.nulls(total, pa.string()), taken)

    experience = aligned("competence_experience")
    units = aligned("competence_experience_unit")
    validated = aligned("competence_validated")
    rows_of = parents
    numbers = _decimals(experience)
    bad_number = _mask(pc.is_valid(experience)) & ~_mask(pc.is_valid(numbers))
    check.report(
        _rows_of_items(check.rows, rows_of[bad_number]),
        InvalidValueError("competence_experience", N_("must be a number of at least 0")),
    )
    encoded = pc.utf8_lower(units).dictionary_encode()
    words = [_UNITS.get(u, "?") for u in encoded.dictionary.to_pylist()]
    normal_codes = pa.DictionaryArray.from_arrays(encoded.indices, pa.array(words, pa.string()))
    normal = normal_codes.cast(pa.string())
    bad_unit = _mask(pc.equal(normal, "?"))
    check.report(
        _rows_of_items(check.rows, rows_of[bad_unit]),
        InvalidValueError("competence_experience_unit", f"must be one of {sorted(set(_UNITS.values()))}"),
    )
    has_number = _mask(pc.is_valid(numbers))
    has_unit = _mask(pc.is_valid(normal))
    check.report(
        _rows_of_items(check.rows, rows_of[has_number != has_unit]),
        InvalidValueError("competence_experience", N_("needs a unit, and a unit needs a number")),
    )
    flags_text = pc.utf8_lower(validated)
    is_true = _mask(pc.equal(flags_text, "true"))
    is_false = _mask(pc.equal(flags_text, "false"))
    given = _mask(pc.is_valid(validated))
    check.report(
        _rows_of_items(check.rows, rows_of[given & ~is_true & ~is_false]),
        InvalidValueError("competence_validated", "must be true or false"),
    )
    offsets = pa.array(np.concatenate(([0], np.cumsum(counts))).astype(np.int32))
    out["competence_experience"] = pa.ListArray.from_arrays(offsets, numbers)
    out["competence_experience_unit"] = pa.ListArray.from_arrays(
        offsets, pc.if_else(pa.array(bad_unit), pa.nulls(len(normal), pa.string()), normal)
    )
    out["competence_validated"] = pa.ListArray.from_arrays(offsets, pa.array(is_true, pa.bool_()))


_NUMBER: Final = r"^[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$"


def _decimals(column: Any) -> Any:
    """Each value as a float when it is written as :data:`_NUMBER` says, else null.

    The common case, every value digits with at most a point after the first
    digit, needs no regular expression: the bytes tell it (digits and points
    only, none first), and Arrow's parser reads each such value, failing on one
    with two points; anything else is matched value by value.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_string(column.type):
        offsets = _offsets(column)
        data = _value_bytes(column, offsets)
        if len(data) and (((data - np.uint8(0x30)) < 10) | (data == ord("."))).all():
            starts = offsets[:-1] - offsets[0]
            filled = offsets[1:] > offsets[:-1]
            if not (filled & (data[np.minimum(starts, len(data) - 1)] == ord("."))).any():
                try:
                    return pc.cast(column, pa.float64())
                except pa.ArrowInvalid:
                    pass  # two points in a value, or an empty one: matched below
    return pc.cast(pc.if_else(pc.match_substring_regex(column, _NUMBER), column, None), pa.float64())


def _rows_of_items(rows: int, parents: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """A row mask, true for each row one of the given items belongs to (a scatter, not a sort as isin)."""
    mask = np.zeros(rows, dtype=np.bool_)
    mask[parents] = True
    return mask


def _row_is_blank(column: Any, rows: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Whether each of these rows (each with an item) has an empty or null first item; false for the others.

    One ``take`` of those rows' first items.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    blank = np.zeros(len(column), dtype=np.bool_)
    if rows.any():
        offsets = np.asarray(column.offsets.to_numpy(zero_copy_only=False), dtype=np.int64)
        firsts = column.values.take(pa.array(offsets[:-1][rows]))
        blank[rows] = _mask(pc.equal(pc.fill_null(firsts, ""), ""))
    return blank


def _municipality(column: Any, check: _Checker) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    # ^(0[1-9]|1[0-9]|2[0-5])[0-9]{2}$ without a regular expression: four ASCII
    # digits whose number is 0100 to 2599.
    four = _mask(pc.ascii_is_decimal(column)) & _mask(pc.equal(pc.binary_length(column), 4))
    shaped = np.zeros(len(four), np.bool_)
    if four.any():
        number = pc.cast(pc.if_else(pa.array(four), column, None), pa.int16())
        shaped = _mask(pc.and_(pc.greater_equal(number, 100), pc.less_equal(number, 2599)))
    check.report(
        _mask(pc.is_valid(column)) & ~shaped,
        InvalidCodeError("municipality", N_("is not a 4-digit kommunkod (county 01-25)")),
    )


def _days(column: Any) -> npt.NDArray[np.int64]:
    import pyarrow as pa

    values = column.cast(pa.int32()).fill_null(np.iinfo(np.int32).min).to_numpy(zero_copy_only=False)
    days: npt.NDArray[np.int64] = np.asarray(values, dtype=np.int64)
    return days


_NONE = np.iinfo(np.int32).min


def _cross_checks(out: dict[str, Any], check: _Checker) -> None:
    """The model's checks across fields, on whole columns."""
    import pyarrow.compute as pc

    births = out.pop("birth_date_from_number", None)
    if births is not None:
        import pyarrow as pa

        from_number = pa.array(births, pa.string()).cast(pa.date32())
        given = _mask(pc.is_valid(out["birth_date"]))
        differs = given & _mask(pc.not_equal(out["birth_date"], from_number))
        check.report(
            differs, DateOrderError("birth_date", "does not agree with the birth date in the personal number")
        )
        out["birth_date"] = pc.coalesce(out["birth_date"], from_number)
        check.bad &= ~(~given & _mask(pc.is_valid(from_number)) & ~check.bad)
    birth, received = _days(out["birth_date"]), _days(out["received_on"])
    first, started, ended = (
        _days(out["first_registered_on"]),
        _days(out["plan_started_on"]),
        _days(out["plan_ended_on"]),
    )
    granted, applied = _days(out["permit_granted_on"]), _days(out["permit_applied_on"])
    known = (birth != _NONE) & (received != _NONE)
    check.report(known & (birth > received), DateOrderError("birth_date", N_("is after received_on")))
    check.report(
        (first != _NONE) & (birth != _NONE) & (first < birth),
        DateOrderError("first_registered_on", N_("is before the birth date")),
    )
    check.report(
        (ended != _NONE) & ((started == _NONE) | (ended < started)),
        DateOrderError("plan_ended_on", N_("is not on or after plan_started_on")),
    )
    ground = out["permit_ground"]
    has_ground = _mask(pc.is_valid(ground))
    permit_parts = (
        "permit_granted_on",
        "permit_applied_on",
        "permit_sponsor_received_on",
        "permit_sponsor_is_swedish_citizen",
    )
    for name in permit_parts:
        check.report(
            ~has_ground & _mask(pc.is_valid(out[name])),
            InvalidValueError(name, N_("is given without a permit_ground")),
        )
    check.report(
        has_ground & (granted == _NONE),
        MissingFieldError("permit_granted_on", N_("is required with a permit_ground")),
    )
    check.report(
        (applied != _NONE) & (granted != _NONE) & (applied > granted),
        DateOrderError("permit_applied_on", N_("is after the grant date")),
    )
    check.report(
        (granted != _NONE) & (birth != _NONE) & (granted < birth),
        DateOrderError("permit_granted_on", N_("is before the birth date")),
    )
    family = _mask(pc.equal(ground, PermitGround.FAMILY_TIE.value))
    sponsor = _mask(pc.is_valid(out["permit_sponsor_received_on"])) | _mask(
        pc.is_valid(out["permit_sponsor_is_swedish_citizen"])
    )
    check.report(
        has_ground & sponsor & ~family,
        InvalidValueError("permit_sponsor_received_on", "sponsor facts belong to a family-tie permit"),
    )


def _duplicates(ids: Any, check: _Checker) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    valid = ~check.bad
    if len(ids) > 1:
        # The common case, every id different, is told fastest by Arrow's sort:
        # no two neighbours equal (nulls sort last and never compare equal).
        ordered = ids.take(pc.sort_indices(ids))
        if not pc.any(pc.equal(ordered.slice(1), ordered.slice(0, len(ids) - 1))).as_py():
            return
    ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    encoded = ids.dictionary_encode()
    indices = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    indices = np.where(valid, indices, -1)
    counts = np.bincount(indices[indices >= 0], minlength=len(encoded.dictionary))
    if not (counts > 1).any():
        return
    first = np.full(len(counts), -1, dtype=np.int64)
    rows = np.flatnonzero(indices >= 0)
    first[indices[rows[::-1]]] = rows[::-1]  # the last write for each id is its first row
    repeated = (indices >= 0) & (first[np.maximum(indices, 0)] != np.arange(len(indices)))
    check.report(
        repeated, InvalidValueError("id", N_("repeats the id of an earlier row; this row is left out"))
    )


def _previous_layout(  # noqa: PLR0917  # internal helper; the reader's state passed explicitly
    table: Any,
    lines: npt.NDArray[np.int64],
    problems: _Problems,
    key: bytes | None,
    on: date | None,
    limits: Limits,
) -> TableRead:
    """A file in the previous layout: read by the object reader, then made a table."""
    from etableringsmodell.io import cohort

    buffer = io.StringIO()
    import pyarrow.csv as pcsv

    pcsv.write_csv(table, _TextBridge(buffer))
    # Straight to the object reader: its own layout test would send a header that mixes both
    # layouts (permit.ground beside permit_on) back here, round and round.
    read = cohort.read_previous_csv(io.StringIO(buffer.getvalue()), key=key, on=on)
    for problem in read.problems:
        line = (
            int(lines[problem.line - 2])
            if problem.line >= 2 and problem.line - 2 < len(lines)
            else problem.line
        )
        problems.add(line, problem.error)
    arrow = from_participants(read.participants)
    good = np.array([lines[line - 2] for line in read.lines], dtype=np.int64)
    del limits
    return TableRead(arrow, good, tuple(problems.kept), read.rows, problems.more)


def _previous_jsonl(
    data: bytes, problems: _Problems, key: bytes | None, on: date | None, used: str
) -> TableRead:
    """JSON Lines of the previous layout (nested documents with ``format_version``), read by the object reader."""
    from etableringsmodell.io import cohort

    read = cohort.read_jsonl(
        io.StringIO(data.decode("utf-8", "surrogateescape"), newline="\n"), key=key, on=on
    )
    for problem in read.problems:
        problems.add(problem.line, problem.error)
    return TableRead(
        from_participants(read.participants),
        np.array(read.lines, dtype=np.int64),
        tuple(problems.kept),
        read.rows,
        problems.more,
        used,
    )


class _TextBridge(io.RawIOBase):
    def __init__(self, target: io.StringIO) -> None:
        self.target = target

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.target.write(bytes(data).decode("utf-8"))
        return len(data)


def iter_csv_batches(
    path: str | os.PathLike[str],
    *,
    delimiter: str | None = None,
    batch_rows: int = 1 << 20,
    key: bytes | None = None,
    on: date | None = None,
    limits: Limits | None = None,
) -> Iterator[TableRead]:
    """Read a UTF-8 CSV file larger than memory in validated batches of about ``batch_rows`` rows.

    Each batch is a :class:`TableRead`; lines count from the header and are
    exact for files without blank lines or line breaks inside quotes. An id
    repeated across batches is not found (it is within one).
    """
    import pyarrow.csv as pcsv

    limits = limits or Limits()
    with Path(path).open("rb") as handle:
        head = handle.read(1 << 16)
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    chosen = delimiter or _sniff_delimiter(head)
    header = head[: head.find(b"\n")] if b"\n" in head else head
    reader = pcsv.open_csv(
        path,
        read_options=pcsv.ReadOptions(block_size=1 << 24),
        parse_options=pcsv.ParseOptions(delimiter=chosen, newlines_in_values=True),
        convert_options=pcsv.ConvertOptions(
            column_types=_all_text(header, chosen), strings_can_be_null=False
        ),
    )
    import pyarrow as pa

    pending: list[Any] = []
    size = 0
    first_line = 2
    for batch in reader:
        pending.append(batch)
        size += batch.num_rows
        if size >= batch_rows:
            table = pa.Table.from_batches(pending)
            yield _validate(
                table, np.arange(first_line, first_line + size), _Problems(limits.problems), key, on, limits
            )
            first_line += size
            pending, size = [], 0
    if pending:
        table = pa.Table.from_batches(pending)
        yield _validate(
            table, np.arange(first_line, first_line + size), _Problems(limits.problems), key, on, limits
        )


# --- participants to and from tables ---------------------------------------------------


def from_participants(participants: Iterable[Any]) -> Any:
    """An Arrow table in the cohort schema from :class:`~etableringsmodell.model.Participant` objects."""
    import pyarrow as pa

    from etableringsmodell.model import Participant

    rows = list(participants)
    for index, person in enumerate(rows):
        if not isinstance(person, Participant):
            raise InvalidTypeError(
                f"participants[{index}]", f"must be a Participant, got {type(person).__name__}"
            )
    columns: dict[str, list[Any]] = {c.name: [] for c in COLUMNS}
    for p in rows:
        permit = p.permit
        columns["id"].append(p.id)
        columns["birth_date"].append(p.birth_date)
        columns["received_on"].append(p.received_on)
        columns["first_registered_on"].append(p.first_registered_on)
        columns["permit_ground"].append(permit.ground.value if permit else None)
        columns["permit_granted_on"].append(permit.granted_on if permit else None)
        columns["permit_applied_on"].append(permit.applied_on if permit else None)
        columns["permit_sponsor_received_on"].append(permit.sponsor_received_on if permit else None)
        columns["permit_sponsor_is_swedish_citizen"].append(
            permit.sponsor_is_swedish_citizen if permit else None
        )
        columns["parent_in_sweden"].append(p.parent_in_sweden)
        columns["municipality"].append(p.municipality)
        columns["education"].append(None if p.education is None else int(p.education))
        columns["swedish"].append(None if p.swedish is None else int(p.swedish))
        for member in BarringSituation:
            columns[f"situation_{member.value}"].append(member in p.situations)
        columns["interests"].append(sorted(p.interests))
        columns["plan_started_on"].append(p.plan_started_on)
        columns["plan_ended_on"].append(p.plan_ended_on)
        columns["competence_occupation"].append([k.occupation for k in p.competences])
        columns["competence_experience"].append(
            [None if k.experience is None else float(k.experience.magnitude) for k in p.competences]
        )
        columns["competence_experience_unit"].append(
            [None if k.experience is None else _UNITS[str(k.experience.units)] for k in p.competences]
        )
        columns["competence_validated"].append([k.validated for k in p.competences])
        columns["permit_first_granted_on"].append(permit.first_granted_on if permit else None)
        for kind in FactKind:
            fact = p.fact(kind)
            columns[f"fact_{kind.value}"].append(None if fact is None else fact.value)
            columns[f"fact_{kind.value}_on"].append(None if fact is None else fact.assessed_on)
    return pa.table(
        {name: pa.array(values, arrow_schema().field(name).type) for name, values in columns.items()},
        schema=arrow_schema(),
    )


_KNOWN_FIELDS: Final = (
    "id",
    "birth_date",
    "received_on",
    "first_registered_on",
    "permit",
    "parent_in_sweden",
    "municipality",
    "education",
    "swedish",
    "competences",
    "situations",
    "interests",
    "plan_started_on",
    "plan_ended_on",
    "facts",
)


def to_participants(table: Any, *, checked: bool = True) -> list[Any]:
    """:class:`~etableringsmodell.model.Participant` objects from a cohort table.

    With ``checked`` (the default) every object is built by its constructor,
    so every rule of the model runs again. :meth:`TableRead.to_participants`
    passes ``checked=False`` for a table :func:`read_table` has just
    validated column by column: the objects are then filled in directly,
    about ten times faster, as long as the model has exactly the fields this
    module knows (otherwise the constructors run).
    """
    import attrs

    from etableringsmodell.model import AssessedFact, Competence, Participant, ResidencePermit
    from etableringsmodell.units import registry

    if tuple(a.name for a in attrs.fields(Participant)) != _KNOWN_FIELDS:
        checked = True
    if not checked and all(_slotted(cls) for cls in (AssessedFact, Competence, Participant, ResidencePermit)):
        import gc

        # A million new objects, none of them in a reference cycle: the cyclic
        # collector would otherwise walk the growing heap again and again while
        # they are made (most of the time spent, measured), so it waits.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return _trusted_participants(table)
        finally:
            if enabled:
                gc.enable()
    ureg = registry()
    units = {name: ureg.Unit(name) for name in YEARS_PER_UNIT}
    data = _python_columns(table)
    grounds = {m.value: m for m in PermitGround}
    educations = {m.value: m for m in EducationLevel}
    courses = {m.value: m for m in SfiCourse}
    situation_columns = [(data[f"situation_{m.value}"], m) for m in BarringSituation]
    fact_columns: list[tuple[FactKind, list[Any], list[Any] | None]] = [
        (kind, data[f"fact_{kind.value}"], data.get(f"fact_{kind.value}_on"))
        for kind in FactKind
        if f"fact_{kind.value}" in data
    ]
    first_granted = data.get("permit_first_granted_on")
    build = _construct if checked else _fill
    made: dict[tuple[float, str], Any] = {}

    def experience(value: float, unit: str) -> Any:
        # Few distinct experiences in a cohort: one quantity each, shared (a pint
        # quantity held by a frozen Participant is not to be changed in place).
        key = (value, unit)
        if key not in made:
            made[key] = ureg.Quantity(value, units[unit])
        return made[key]

    people = []
    empty: frozenset[Any] = frozenset()
    for row in range(table.num_rows):
        ground = data["permit_ground"][row]
        permit = (
            None
            if ground is None
            else build(
                ResidencePermit,
                ground=grounds[ground],
                granted_on=data["permit_granted_on"][row],
                applied_on=data["permit_applied_on"][row],
                sponsor_received_on=data["permit_sponsor_received_on"][row],
                sponsor_is_swedish_citizen=data["permit_sponsor_is_swedish_citizen"][row],
                first_granted_on=None if first_granted is None else first_granted[row],
            )
        )
        facts = tuple(
            build(AssessedFact, kind=kind, value=values[row], assessed_on=None if days is None else days[row])
            for kind, values, days in fact_columns
            if values[row] is not None
        )
        occupations = data["competence_occupation"][row]
        competences = (
            tuple(
                build(
                    Competence,
                    occupation=code,
                    experience=None if value is None else experience(value, unit),
                    validated=bool(valid),
                )
                for code, value, unit, valid in zip(
                    occupations,
                    data["competence_experience"][row],
                    data["competence_experience_unit"][row],
                    data["competence_validated"][row],
                    strict=True,
                )
            )
            if occupations
            else ()
        )
        education = data["education"][row]
        swedish = data["swedish"][row]
        situations = frozenset(m for column, m in situation_columns if column[row]) or empty
        interests = data["interests"][row]
        people.append(
            build(
                Participant,
                id=data["id"][row],
                birth_date=data["birth_date"][row],
                received_on=data["received_on"][row],
                first_registered_on=data["first_registered_on"][row],
                permit=permit,
                parent_in_sweden=data["parent_in_sweden"][row],
                municipality=data["municipality"][row],
                education=None if education is None else educations[education],
                swedish=None if swedish is None else courses[swedish],
                competences=competences,
                situations=situations,
                interests=frozenset(interests) if interests else empty,
                plan_started_on=data["plan_started_on"][row],
                plan_ended_on=data["plan_ended_on"][row],
                facts=facts,
            )
        )
    return people


def _slotted(cls: Any) -> bool:
    """Whether every field of an attrs class is a slot (what :func:`~etableringsmodell._shared.trusted_maker` fills)."""
    import attrs

    return all(type(cls.__dict__.get(a.name)).__name__ == "member_descriptor" for a in attrs.fields(cls))


def _by_distinct(array: Any, build: Any) -> list[Any]:
    """One Python object per distinct value of an Arrow array (``build(value)``), shared by its rows; None for null."""
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    encoded = array.dictionary_encode()
    made = np.array([build(value) for value in encoded.dictionary.to_pylist()] + [None], dtype=object)
    indices = encoded.indices.fill_null(len(made) - 1).to_numpy(zero_copy_only=False)
    result: list[Any] = made[indices].tolist()
    return result


def _trusted_participants(table: Any) -> list[Any]:  # one column after another
    """Participants from a validated table, column by column: each distinct value made once.

    A cohort repeats its dates, codes, flag patterns and assessed facts; each is
    turned into a Python object once and shared (all are immutable), and the
    objects are filled through their slots (:func:`~etableringsmodell._shared.trusted_maker`).
    """

    from etableringsmodell.model import AssessedFact, Competence, Participant, ResidencePermit
    from etableringsmodell.units import registry

    rows = table.num_rows
    names = set(table.column_names)

    def column(name: str) -> Any:
        return table.column(name).combine_chunks()

    def dates(name: str) -> list[Any]:
        return _date_objects(column(name)) if name in names else [None] * rows

    def plain(name: str) -> list[Any]:
        return column(name).to_pylist() if name in names else [None] * rows

    make_permit = trusted_maker(ResidencePermit)
    make_fact = trusted_maker(AssessedFact)
    make_competence = trusted_maker(Competence)
    make_person = trusted_maker(Participant)
    grounds = {m.value: m for m in PermitGround}
    ground = _by_distinct(column("permit_ground"), grounds.__getitem__)
    first_granted = dates("permit_first_granted_on")
    permits = [
        None if g is None else make_permit(g, granted, applied, sponsor_on, citizen, first)
        for g, granted, applied, sponsor_on, citizen, first in zip(
            ground,
            dates("permit_granted_on"),
            dates("permit_applied_on"),
            dates("permit_sponsor_received_on"),
            plain("permit_sponsor_is_swedish_citizen"),
            first_granted,
            strict=True,
        )
    ]
    educations = {m.value: m for m in EducationLevel}
    courses = {m.value: m for m in SfiCourse}
    education = _by_distinct(column("education"), educations.__getitem__)
    swedish = _by_distinct(column("swedish"), courses.__getitem__)
    # The barring situations of a row as bits of one number: at most 2**5 distinct sets.
    members = list(BarringSituation)
    bits = np.zeros(rows, dtype=np.int64)
    for bit, member in enumerate(members):
        flags = _mask(column(f"situation_{member.value}"))
        bits |= flags.astype(np.int64) << bit
    sets = {int(b): frozenset(m for i, m in enumerate(members) if int(b) >> i & 1) for b in np.unique(bits)}
    situations = np.array([sets.get(b) for b in range(max(sets, default=0) + 1)], dtype=object)[bits].tolist()
    interests = _list_sets(column("interests")) if "interests" in names else [frozenset()] * rows
    competences = _competence_tuples(table, make_competence, registry())
    fact_columns = []
    for kind in FactKind:
        if f"fact_{kind.value}" not in names:
            continue
        values = column(f"fact_{kind.value}")
        days = column(f"fact_{kind.value}_on") if f"fact_{kind.value}_on" in names else None
        fact_columns.append(_fact_objects(kind, values, days, make_fact))
    empty: tuple[Any, ...] = ()
    facts = (
        # An AssessedFact is always true (attrs defines no __bool__ or __len__): filter drops the Nones.
        [tuple(filter(None, row)) or empty for row in zip(*fact_columns, strict=True)]
        if fact_columns
        else [empty] * rows
    )
    municipality = _by_distinct(column("municipality"), str) if "municipality" in names else [None] * rows
    return list(
        map(
            make_person,
            plain("id"),
            dates("birth_date"),
            dates("received_on"),
            dates("first_registered_on"),
            permits,
            plain("parent_in_sweden"),
            municipality,
            education,
            swedish,
            competences,
            situations,
            interests,
            dates("plan_started_on"),
            dates("plan_ended_on"),
            facts,
        )
    )


def _list_sets(lists: Any) -> list[Any]:
    """A frozenset per row of a list column, each distinct list made once."""
    import pyarrow.compute as pc

    rows = len(lists)
    flat = pc.list_flatten(lists)
    empty: frozenset[Any] = frozenset()
    if len(flat) == 0:
        return [empty] * rows
    if pc.any(pc.match_substring(flat, "\x1f")).as_py():
        offsets = lists.offsets.to_numpy(zero_copy_only=False).tolist()
        values = lists.values.to_pylist()
        return [frozenset(values[offsets[i] : offsets[i + 1]]) or empty for i in range(rows)]
    # Items joined with a unit separator no item holds: one text per row, one set per distinct text.
    joined = pc.binary_join(lists, "\x1f").fill_null("")
    return _by_distinct(joined, lambda text: frozenset(text.split("\x1f")) if text else empty)


def _competence_tuples(table: Any, make: Any, ureg: Any) -> list[Any]:
    """A tuple of Competence objects per row, the experience quantities shared."""
    import itertools

    import pyarrow as pa
    import pyarrow.compute as pc

    rows = table.num_rows
    if "competence_occupation" not in table.column_names:
        return [()] * rows
    occupations = table.column("competence_occupation").combine_chunks()
    counts = np.asarray(pc.list_value_length(occupations).fill_null(0).to_numpy(zero_copy_only=False))
    total = int(counts.sum())
    if total == 0:
        return [()] * rows

    def items(name: str) -> Any:
        if name not in table.column_names:
            return pa.nulls(total, pa.string() if name != "competence_experience" else pa.float64())
        return pc.list_flatten(table.column(name).combine_chunks())

    # Few distinct experiences: one quantity per distinct (number, unit), shared
    # (a quantity held by a frozen Participant is not changed in place).
    units = {name: ureg.Unit(name) for name in YEARS_PER_UNIT}
    numbers = items("competence_experience").dictionary_encode()
    unit_words = items("competence_experience_unit").dictionary_encode()
    width = len(unit_words.dictionary) + 1
    number_index = numbers.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    unit_index = unit_words.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    code = np.where(number_index < 0, -1, number_index * width + unit_index + 1)  # unit slot 0: none
    distinct, inverse = _distinct(code)
    number_values, unit_values = numbers.dictionary.to_pylist(), unit_words.dictionary.to_pylist()
    quantities = [
        None
        if c < 0 or c % width == 0  # no number, or (never after validation) no unit
        else ureg.Quantity(number_values[c // width], units[unit_values[c % width - 1]])
        for c in distinct
    ]
    experience = np.array(quantities, dtype=object)[inverse].tolist()
    flat = list(
        map(
            make,
            pc.list_flatten(occupations).to_pylist(),
            experience,
            items("competence_validated").fill_null(False).to_pylist(),  # noqa: FBT003  # the fill value
        )
    )
    bounds = np.concatenate(([0], np.cumsum(counts))).tolist()
    empty: tuple[Any, ...] = ()
    return [tuple(flat[a:b]) if a != b else empty for a, b in itertools.pairwise(bounds)]


def _fact_objects(kind: Any, values: Any, days: Any, make: Any) -> list[Any]:
    """One AssessedFact per row of a fact column (None where not assessed), each distinct fact made once."""
    import pyarrow as pa

    given = np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=np.bool_)
    answer = _mask(values)
    epoch = date(1970, 1, 1).toordinal()
    if days is None:
        day_numbers = np.zeros(len(values), dtype=np.int64)
        dated = np.zeros(len(values), dtype=np.bool_)
    else:
        dated = np.asarray(days.is_valid().to_numpy(zero_copy_only=False), dtype=np.bool_)
        day_numbers = np.asarray(
            days.fill_null(0).cast(pa.int32()).to_numpy(zero_copy_only=False), dtype=np.int64
        )
    # One number per distinct (answer, dated, day); the least int64 where nothing was assessed.
    nothing = int(np.iinfo(np.int64).min)
    code = np.where(given, (day_numbers * 2 + dated) * 2 + answer, nothing)
    distinct, inverse = _distinct(code)
    made: list[Any] = []
    for number in distinct:
        if number == nothing:
            made.append(None)
            continue
        value, rest = bool(number & 1), number >> 1
        on = date.fromordinal(epoch + (rest >> 1)) if rest & 1 else None
        made.append(make(kind, value, on))
    result: list[Any] = np.array(made, dtype=object)[inverse].tolist()
    return result


def _distinct(values: npt.NDArray[np.int64]) -> tuple[list[int], npt.NDArray[np.int64]]:
    """The distinct values (in order of first appearance) and each value's index among them.

    Arrow's hash table does in one pass what ``np.unique`` does by sorting.
    """
    import pyarrow as pa

    encoded = pa.array(values, pa.int64()).dictionary_encode()
    indices = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return encoded.dictionary.to_pylist(), indices


def _date_objects(array: Any) -> list[Any]:
    """A date column as Python dates (None for null), each distinct date built once."""
    import pyarrow as pa

    epoch = date(1970, 1, 1).toordinal()
    missing = np.asarray(array.is_null().to_numpy(zero_copy_only=False), dtype=np.bool_)
    days = np.asarray(array.fill_null(0).cast(pa.int32()).to_numpy(zero_copy_only=False), dtype=np.int64)
    distinct, inverse = _distinct(days)
    made = np.array([date.fromordinal(epoch + d) for d in distinct] + [None], dtype=object)
    result: list[Any] = made[np.where(missing, len(distinct), inverse)].tolist()
    return result


def _python_columns(table: Any) -> dict[str, list[Any]]:
    """The table's columns as Python lists, dates and lists built once per distinct value or slice.

    Arrow's own conversion builds a ``date`` per cell and a list per row; a cohort
    has few distinct dates, so each is built once here.
    """
    import pyarrow as pa

    out: dict[str, list[Any]] = {}
    epoch = date(1970, 1, 1).toordinal()
    for name, column in zip(table.column_names, table.columns, strict=True):
        array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        if pa.types.is_date32(array.type):
            missing = np.asarray(array.is_null().to_numpy(zero_copy_only=False), dtype=np.bool_)
            days = np.asarray(
                array.fill_null(0).cast(pa.int32()).to_numpy(zero_copy_only=False), dtype=np.int64
            )
            distinct, inverse = np.unique(days, return_inverse=True)
            made = np.array(
                [date.fromordinal(epoch + int(d)) for d in distinct.tolist()] + [None], dtype=object
            )
            out[name] = made[np.where(missing, len(distinct), inverse.reshape(-1))].tolist()
        elif pa.types.is_list(array.type):
            offsets = array.offsets.to_numpy(zero_copy_only=False).tolist()
            values = array.values.to_pylist()
            out[name] = [values[offsets[i] : offsets[i + 1]] for i in range(len(array))]
        else:
            out[name] = array.to_pylist()
    return out


def _construct(cls: Any, **values: Any) -> Any:
    return cls(**values)


_set = object.__setattr__


def _fill(cls: Any, **values: Any) -> Any:
    """An object of a frozen attrs class with values already checked, without running the checks again."""
    made = object.__new__(cls)
    for name, value in values.items():
        _set(made, name, value)
    return made


# --- writing ---------------------------------------------------------------------------


def write_table(
    table: Any,
    destination: Any,
    *,
    format: Literal["csv", "jsonl", "parquet", None] = None,  # the word users know
    delimiter: str = ",",
) -> int:
    """Write a cohort table (Arrow, or Participants) as CSV, JSON Lines or Parquet; return the rows.

    CSV quotes every field holding a delimiter, quote, line feed or carriage
    return, writes lists joined by ``;`` and puts :data:`FORMULA_PREFIX`
    before a text cell a spreadsheet would run as a formula (the readers take
    it off again).
    """
    import pyarrow as pa

    if not isinstance(table, pa.Table):
        table = from_participants(table)
    chosen = format or _format_of(destination)
    if chosen == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(
            table.replace_schema_metadata(
                {**(table.schema.metadata or {}), b"etablering.schema": str(TABLE_SCHEMA_VERSION).encode()}
            ),
            destination,
        )
        return int(table.num_rows)
    if chosen == "csv":
        return _write_csv_columns(table, destination, delimiter)
    rows = table.to_pylist()
    text = "".join(json.dumps(_json_row(row), ensure_ascii=False, allow_nan=False) + "\n" for row in rows)
    _write_text(text, destination)
    return len(rows)


def _write_csv_columns(table: Any, destination: Any, delimiter: str) -> int:
    """CSV written by Arrow, column by column: text quoted, lists joined, formulas neutralised."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    columns = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        column = column.combine_chunks()  # noqa: PLW2901  # each column is converted in steps
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)  # noqa: PLW2901  # each column is converted in steps
        if pa.types.is_list(column.type):
            flat = column.values.slice(0, len(column.values))
            text = flat.cast(pa.string()) if not pa.types.is_floating(flat.type) else _scalar_text(flat)
            text = text.fill_null("") if len(text) else text
            _refuse_unkeepable(text, name, in_list=True)
            rebuilt = pa.ListArray.from_arrays(column.offsets, text)
            column = _neutralised(pc.binary_join(rebuilt, _LIST_SEPARATOR))  # noqa: PLW2901  # each column is converted in steps
        elif pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            _refuse_unkeepable(column, name, in_list=False)
            column = _neutralised(column)  # noqa: PLW2901  # each column is converted in steps
        columns.append(column)
    out = pa.table(columns, names=table.column_names)
    # Arrow quotes every text cell, so a lone carriage return or a line feed stays inside its cell.
    options = pcsv.WriteOptions(delimiter=delimiter, quoting_style="needed")
    if isinstance(destination, str) and destination == "-":
        import sys

        destination = sys.stdout.buffer
    if isinstance(destination, str | os.PathLike):
        pcsv.write_csv(out, str(destination), options)
    else:
        buffer = io.BytesIO()
        pcsv.write_csv(out, buffer, options)
        _write_text(buffer.getvalue().decode("utf-8"), destination)
    return int(table.num_rows)


def _refuse_unkeepable(column: Any, name: str, *, in_list: bool) -> None:
    import pyarrow.compute as pc

    if len(column) == 0:
        return
    spaces = _mask(pc.not_equal(pc.utf8_trim_whitespace(column), column))
    if spaces.any():
        row = int(np.flatnonzero(spaces)[0])
        raise InvalidValueError(
            f"{name}[{row}]" if not in_list else name, N_("has surrounding spaces, which a CSV cell loses")
        )
    if in_list and _mask(pc.match_substring(column, _LIST_SEPARATOR)).any():
        raise InvalidValueError(name, N_("holds ';' in an item, which a CSV list cannot keep"))


def _neutralised(column: Any) -> Any:
    import pyarrow.compute as pc

    risky = pc.match_substring_regex(column, "^[=+\\-@']")
    if not _mask(risky).any():
        return column
    return pc.if_else(risky, pc.binary_join_element_wise(FORMULA_PREFIX, column, ""), column)


def _json_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value.isoformat() if isinstance(value, date) else value for name, value in row.items()}


def _write_text(text: str, destination: Any) -> None:
    if isinstance(destination, str) and destination == "-":
        import sys

        sys.stdout.write(text)
        return
    if isinstance(destination, str | os.PathLike):
        Path(destination).write_text(text, encoding="utf-8", newline="")
        return
    if hasattr(destination, "write"):
        try:
            destination.write(text)
        except TypeError:
            destination.write(text.encode("utf-8"))
        return
    raise InvalidTypeError("destination", f"must be a path or a file, got {type(destination).__name__}")
