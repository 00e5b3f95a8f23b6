"""Columns in, numpy arrays out: one reader for numpy, pandas and Arrow tables.

A cohort is a table with one row per person and one column per fact. The
column names follow :class:`~etableringsmodell.model.Participant`:

============================  =====================================================
column                        holds
============================  =====================================================
``birth_date``                dates (``datetime64[D]``, Arrow ``date32``, pandas dates)
``received_on``               date received in a municipality (kommunmottagen)
``first_registered_on``       first population registration (folkbokföring)
``permit_granted_on``         the residence permit's grant date
``permit_ground``             the permit's ground, as :class:`PermitGround` values
                              (``"protection"``) or members; missing: no permit
``situation_<value>``         one boolean column per :class:`BarringSituation`
                              (``situation_full_time_work``, ...)
``education``                 SUN 2020 level as its number 1-7; missing: unknown
``swedish``                   highest SFI course as 1-4 (A-D); missing: none
============================  =====================================================

A missing date (``NaT``, an Arrow or pandas null) is a missing fact: the
criteria that need it are *undetermined* for that row, as on the scalar path.
Only the columns a rule needs are read, each once, and a column of another
name can be mapped with ``rename``.

>>> import numpy as np
>>> table = ColumnTable({"birth_date": np.array(["1980-02-29", "NaT"], dtype="datetime64[D]")})
>>> len(table), table.days("birth_date").tolist(), table.missing("birth_date").tolist()
(2, [3711, -9223372036854775808], [False, True])
"""

from __future__ import annotations

import ctypes
import enum
from collections.abc import Iterable, Mapping
from datetime import date
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from etableringsmodell.errors import InvalidCodeError, InvalidTypeError, InvalidValueError, MissingColumnError
from etableringsmodell.i18n import N_
from etableringsmodell.model.enums import BarringSituation
from etableringsmodell.model.participant import Participant

__all__ = ["NAT", "ColumnTable", "Table", "from_participants"]

NAT = np.iinfo(np.int64).min
"""``NaT`` as the int64 count of days it is stored as."""

Table = Any
"""A ``Mapping[str, array]`` of numpy arrays, a pandas ``DataFrame``, or an Arrow ``Table``/``RecordBatch``."""

_Days = npt.NDArray[np.int64]
_Bools = npt.NDArray[np.bool_]
_Codes = npt.NDArray[np.intp]


def _factorize_numpy(values: npt.NDArray[Any]) -> tuple[_Codes, list[Any]]:
    """Distinct values and each row's index among them; -1 for a missing value."""
    if values.dtype.kind != "O":
        uniques, inverse = np.unique(values, return_inverse=True)
        return inverse.astype(np.intp).reshape(-1), uniques.tolist()
    # An object column already holds one Python object per row; a dict keeps
    # the pass over it linear and accepts enum members, which do not sort.
    seen: dict[Any, int] = {}
    indices = np.empty(len(values), dtype=np.intp)
    for row, value in enumerate(values.tolist()):
        if (
            value is None
            or (isinstance(value, float) and np.isnan(value))
            or type(value).__name__ == "NAType"
        ):
            indices[row] = -1
        else:
            indices[row] = seen.setdefault(value, len(seen))
    return indices, list(seen)


_PER_DAY: Mapping[str, int] = {
    "h": 24,
    "m": 1440,
    "s": 86_400,
    "ms": 86_400_000,
    "us": 86_400_000_000,
    "ns": 86_400_000_000_000,
}
"""Ticks of each ``datetime64`` unit finer than a day in one day."""

_ALIASES: Mapping[str, tuple[str, ...]] = {
    "sponsor_received_on": ("permit_sponsor_received_on",),
    "sponsor_is_swedish_citizen": ("permit_sponsor_is_swedish_citizen",),
    "permit_sponsor_received_on": ("sponsor_received_on",),
    "permit_sponsor_is_swedish_citizen": ("sponsor_is_swedish_citizen",),
    "occupations": ("competence_occupation",),
}
"""Other names of a column: the cohort table schema's (:mod:`etableringsmodell.io.table`) and the first release's."""

_YEARS_PER_UNIT: Mapping[str, float] = {"year": 1.0, "month": 1 / 12, "week": 7 / 365.25, "day": 1 / 365.25}
"""pint's year of 365.25 days and month of a twelfth of it, for ``competence_experience_unit``."""


def _factorize(values: npt.NDArray[Any]) -> tuple[_Codes, list[Any]]:
    """Distinct values and each row's index among them; -1 for a missing value (hashing, linear)."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is there wherever the tests run
        return _factorize_numpy(values)
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except (TypeError, ValueError) as error:
        raise InvalidTypeError(
            "column", f"holds values that cannot be compared ({type(error).__name__})"
        ) from None
    return np.asarray(codes, dtype=np.intp), list(np.asarray(uniques, dtype=object).tolist())


def _as_arrow_text(values: Any) -> Any:
    """Text values as an Arrow string array, or ``None`` (no pyarrow, or not all text)."""
    kind = getattr(getattr(values, "dtype", None), "kind", None)
    if kind not in ("U", "O") and type(getattr(values, "dtype", None)).__name__ != "StringDtype":
        return None
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is there wherever the tests run
        return None
    try:
        array = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        return None  # enum members, numbers or mixed values: the general path
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    # Large strings (pandas' Arrow-backed text) are kept as they are: a cast would copy every string.
    return array if pa.types.is_string(array.type) or pa.types.is_large_string(array.type) else None


_SHARED_SAMPLE = 4096
_SHARED_MOST = 1024


def _shared_object_codes(values: npt.NDArray[Any]) -> tuple[_Codes, list[Any]] | None:
    """Codes of an object column whose rows share a few objects, found by address; ``None`` otherwise.

    pandas' CSV reader, for one, gives every row with the same text the same
    string object. Looking up addresses (integers) is a fraction of hashing the
    strings; the few distinct objects are then grouped by value in Python. A
    column with an object per row (``astype(object)``) is seen in a sample of
    its first rows and left to the general path.
    """
    if values.ndim != 1 or not len(values):
        return None
    contiguous = np.ascontiguousarray(values)
    # A view of the array's buffer of object addresses, read while ``contiguous`` holds them.
    buffer = (ctypes.c_size_t * len(contiguous)).from_address(contiguous.ctypes.data)
    pointers = np.ctypeslib.as_array(buffer)
    sample, first = np.unique(pointers[:_SHARED_SAMPLE], return_index=True)
    if len(sample) > _SHARED_MOST // 4:
        return None
    found = _addresses_in(pointers, sample)
    if found is None:
        found, first = _factorized_addresses(contiguous, pointers)
        if found is None:
            return None
    objects = contiguous[first].tolist()
    by_value: dict[Any, int] = {}
    lookup = np.empty(len(objects) + 1, dtype=np.intp)
    lookup[-1] = -1
    try:
        for index, value in enumerate(objects):
            missing = (
                value is None
                or (isinstance(value, float) and np.isnan(value))
                or type(value).__name__ == "NAType"
            )
            lookup[index] = -1 if missing else by_value.setdefault(value, len(by_value))
    except TypeError:
        return None  # an unhashable value: the general path names the column
    result: _Codes = lookup[found]
    return result, list(by_value)


def _addresses_in(pointers: npt.NDArray[np.uintp], sample: npt.NDArray[np.uintp]) -> _Codes | None:
    """Each row's index in ``sample`` (sorted, distinct addresses); ``None`` if a row holds another address.

    A few bits of the addresses (after the alignment's zeros) that tell the
    sample apart index a small table; each row's candidate is then checked
    against its address, so a row holding another object sends the column on.
    """
    for bits in range(max(1, len(sample).bit_length() + 1), 17):
        mask = np.uintp((1 << bits) - 1)
        for shift in range(3, 24):
            slots = (sample >> np.uintp(shift)) & mask
            if len(np.unique(slots)) == len(sample):
                # The extra last entry, 0, is no object's address: a row whose slot is empty fails the check.
                table = np.full(int(mask) + 1, len(sample), dtype=np.intp)
                table[slots.astype(np.intp)] = np.arange(len(sample), dtype=np.intp)
                # The slots are small non-negative numbers: their bits read as intp are the same numbers, without a copy.
                found: _Codes = table[((pointers >> np.uintp(shift)) & mask).view(np.intp)]
                known = np.append(sample, np.uintp(0))
                return found if np.array_equal(known[found], pointers) else None
    return None


def _factorized_addresses(
    contiguous: npt.NDArray[Any], pointers: npt.NDArray[np.uintp]
) -> tuple[_Codes | None, npt.NDArray[np.intp]]:
    """Each row's index among the column's distinct addresses, and a row holding each; ``None`` for too many."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is there wherever the tests run
        return None, np.empty(0, np.intp)
    codes, distinct = pd.factorize(pointers)
    if len(distinct) > _SHARED_MOST:
        return None, np.empty(0, np.intp)
    # One row holding each distinct object: the last write of each code wins, so go backwards.
    first = np.empty(len(distinct), dtype=np.intp)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1, dtype=np.intp)
    return np.asarray(codes, dtype=np.intp), first


def _singleton_flags(array: npt.NDArray[Any]) -> tuple[_Bools, _Bools] | None:
    """Where an object column holds ``None`` and where ``True``, when it holds only ``True``, ``False`` and ``None``.

    These three are singletons in Python, so each row's object is one of them
    exactly when its address is one of theirs: three integer comparisons over
    the column instead of a Python call per row. ``None`` when any row holds
    another object (``numpy.bool_``, ``pd.NA``, NaN, or no boolean at all).
    """
    if array.dtype != np.object_ or array.ndim != 1 or not len(array):
        return None
    contiguous = np.ascontiguousarray(array)
    # A view of the array's buffer of object addresses, read while ``contiguous`` holds them.
    buffer = (ctypes.c_size_t * len(contiguous)).from_address(contiguous.ctypes.data)
    pointers = np.ctypeslib.as_array(buffer)
    missing = pointers == id(None)
    true = pointers == id(True)  # noqa: FBT003  # the singleton's address, not a flag
    if not (missing | true | (pointers == id(False))).all():  # noqa: FBT003
        return None
    return missing, true


def _load_kernel() -> ModuleType | None:
    """The compiled module ``batch/_codes.c``, or ``None`` where it was not built."""
    try:
        from etableringsmodell.batch import _codes
    except ImportError:  # no C compiler where the package was installed: numpy and pandas do its work
        return None
    return _codes


_kernel = _load_kernel()


def _compiled_codes(values: npt.NDArray[Any], texts: list[str]) -> _Codes | None:
    """Each row's index in ``texts`` (-1 for ``None`` or ``""``) by the compiled kernel; ``None`` if it cannot say.

    The kernel (``batch/_codes.c``) reads each row once: its length and first
    and last characters pick a bucket, one ``memcmp`` settles it. It answers for
    a 1-D numpy text column in native byte order and for an object column of
    exact ``str`` and ``None``; a row it does not know (an unknown text, a number,
    NaN, an enum member) hands the column to the general path, which reads such
    values and names a bad one. ``None`` too where the kernel was not built.
    """
    if _kernel is None or values.ndim != 1:
        return None
    vocabulary = tuple(texts)
    codes = np.empty(len(values), dtype=np.intp)
    if values.dtype.kind == "U" and values.dtype.byteorder in "=|<" and values.dtype.itemsize:
        failed = _kernel.text_codes(np.ascontiguousarray(values), vocabulary, codes)
    elif values.dtype == np.object_:
        failed = _kernel.object_codes(np.ascontiguousarray(values), vocabulary, codes)
    else:
        return None
    return codes if failed < 0 else None


def _arrow_booleans(raw: Any) -> tuple[_Bools, _Bools] | None:
    """Where an Arrow boolean column is null, and its values (``False`` where null); ``None`` for another type.

    Arrow keeps both as bitmaps: unpacked by numpy they cost a fraction of a
    millisecond a million rows, where ``fill_null`` and ``to_numpy`` take about nine.
    """
    import pyarrow as pa  # only reached with an Arrow table, so pyarrow is there

    array = raw.combine_chunks() if isinstance(raw, pa.ChunkedArray) else raw
    if not pa.types.is_boolean(array.type):
        return None
    rows, offset = len(array), array.offset

    def unpack(buffer: Any) -> _Bools:
        if buffer is None:  # a column without rows may have no buffer at all
            return np.zeros(rows, dtype=np.bool_)
        # Bits are kept least significant first; a slice starts ``offset`` bits in.
        bits = np.unpackbits(np.frombuffer(buffer, dtype=np.uint8), count=rows + offset, bitorder="little")
        result: _Bools = bits[offset:].view(np.bool_)
        return result

    validity, data = array.buffers()[:2]
    values = unpack(data)
    if validity is None:
        return np.zeros(rows, dtype=np.bool_), values
    valid = unpack(validity)
    return ~valid, values & valid


_CHUNK = 1 << 13
"""Rows checked at once by :func:`_fixed_text_codes`: a few hundred kB of text, which stays in cache."""


def _fixed_text_codes(values: npt.NDArray[np.str_], texts: list[str]) -> _Codes | None:
    """Each row's index in ``texts`` (-1 for an empty string) of a numpy text column; ``None`` if one is not there.

    A numpy text column holds each value in a fixed width of UCS-4 characters. One
    character position tells the few vocabulary values apart (the first, often);
    reading that character gives each row its candidate, and each row is then
    compared whole with its candidate, a block of rows at a time so that the
    candidates' copy stays in cache. Each row is read about once, where comparing
    the column with each value in turn reads it once per value.
    """
    rows = len(values)
    width = values.dtype.itemsize // 4
    if rows == 0 or width == 0:
        return np.full(rows, -1, dtype=np.intp) if rows == 0 or (values == "").all() else None
    fitting = [i for i, t in enumerate(texts) if len(t) <= width]  # a longer value cannot be in the column
    vocabulary = np.array([texts[i] for i in fitting] + [""], dtype=values.dtype)
    grid = vocabulary.view(np.uint32).reshape(len(vocabulary), width)
    # The fewest character positions (taken in order while they tell more values apart) that tell all apart.
    positions: list[int] = []
    seen = 1
    for j in range(width):
        told = len({tuple(row) for row in grid[:, [*positions, j]].tolist()})
        if told > seen:
            positions.append(j)
            seen = told
        if seen == len(vocabulary):
            break
    if seen < len(vocabulary) or len(positions) > 4:
        return None  # values alike in every position: the general path
    contiguous = np.ascontiguousarray(values)
    characters = contiguous.view(np.uint32).reshape(rows, width)
    # Each chosen character as its rank among the vocabulary's characters there (0: none of them),
    # the ranks combined into one key, and a table from key to candidate.
    ranks: list[tuple[int, npt.NDArray[np.intp], int]] = []
    vocabulary_key = np.zeros(len(vocabulary), dtype=np.intp)
    for j in positions:
        distinct = sorted(set(grid[:, j].tolist()))
        rank = np.zeros(distinct[-1] + 2, dtype=np.intp)
        rank[distinct] = np.arange(1, len(distinct) + 1)
        ranks.append((j, rank, len(distinct) + 1))
        vocabulary_key = vocabulary_key * (len(distinct) + 1) + rank[grid[:, j]]
    # Every other combination points at "" and fails its check below, unless the row is "".
    table = np.full(int(vocabulary_key.max()) + 1, len(vocabulary) - 1, dtype=np.intp)
    table[vocabulary_key] = np.arange(len(vocabulary))
    candidates = np.empty(rows, dtype=np.intp)
    for start in range(0, rows, _CHUNK):
        # A block at a time: its key, its candidates and its check read it while it is in cache.
        block = characters[start : start + _CHUNK]
        key = np.zeros(len(block), dtype=np.intp)
        for j, rank, base in ranks:
            key *= base
            key += rank[np.minimum(block[:, j], len(rank) - 1)]
        found = table[np.minimum(key, len(table) - 1)]
        if not np.array_equal(block, grid.take(found, axis=0)):
            return None
        candidates[start : start + _CHUNK] = found
    original = np.array([*fitting, -1], dtype=np.intp)
    result: _Codes = original[candidates]
    return result


def _container(column: object) -> str:
    """What holds one column: ``"arrow"``, ``"pandas"`` or ``"mapping"`` (numpy, or anything numpy reads).

    A mapping's columns may be pandas Series or Arrow arrays too (a dictionary of
    mixed columns); each is read as its container allows, not as a numpy copy.
    """
    module = type(column).__module__.split(".")[0]
    if module == "pyarrow":
        return "arrow"
    if module == "pandas":
        return "pandas"
    return "mapping"


def _kind(table: object) -> str:
    module = type(table).__module__.split(".")[0]
    if module == "pandas":
        return "pandas"
    if module == "pyarrow":
        return "arrow"
    if isinstance(table, Mapping):
        return "mapping"
    raise InvalidTypeError(
        "table",
        "must be a mapping of column names to numpy arrays, a pandas DataFrame or an Arrow table, "
        f"got {type(table).__name__}",
    )


class ColumnTable:
    """A read-only view of a cohort's columns, converted once on first use.

    ``rename`` maps this library's column names to the table's own
    (``{"birth_date": "fodelsedatum"}``).
    """

    __slots__ = ("_cache", "_kind", "_length", "_rename", "_table")

    def __init__(self, table: Table, rename: Mapping[str, str] | None = None) -> None:
        source: Table = table.source if isinstance(table, ColumnTable) else table
        self._kind = _kind(source)
        self._table: Table = source
        self._rename = dict(rename or {})
        self._cache: dict[tuple[str, ...], Any] = {}
        self._length = self._count_rows()
        if self.has("id"):
            self._refuse_personal_numbers()

    def _refuse_personal_numbers(self) -> None:
        """An id column may not hold personal identity numbers (the numbers are not shown)."""
        from etableringsmodell.model.participant import PERSONAL_NUMBER_ID

        raw = self.raw("id")
        if self._kind == "pandas" and type(raw.dtype).__name__ != "StringDtype":
            raw = raw.to_numpy()
        try:
            import pyarrow as pa
            import pyarrow.compute as pc
        except ImportError:  # pragma: no cover - pyarrow is there wherever the tests run
            found = any(isinstance(v, str) and PERSONAL_NUMBER_ID.match(v) for v in np.asarray(raw).tolist())
        else:
            try:
                if self._kind == "arrow":
                    ids = raw
                elif self._kind == "pandas" and type(raw.dtype).__name__ == "StringDtype":
                    # pandas text, held by Arrow already (pandas 3's default): taken without a copy.
                    ids = _as_arrow_text(raw)
                else:
                    ids = pa.array(np.asarray(raw, dtype=object), from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                return  # not text: no personal number either
            if ids is None or not (pa.types.is_string(ids.type) or pa.types.is_large_string(ids.type)):
                return
            long_enough = pc.filter(ids, pc.greater_equal(pc.utf8_length(ids), 10))
            found = (
                len(long_enough) > 0
                and pc.any(pc.match_substring_regex(long_enough, PERSONAL_NUMBER_ID.pattern)).as_py()
            )
        if found:
            raise InvalidValueError(
                self.name("id"), N_("holds personal identity numbers; pseudonymise them or use other ids")
            )

    def _count_rows(self) -> int:
        if self._kind == "mapping":
            for name, column in self._table.items():
                if isinstance(column, str | bytes) or not hasattr(column, "__len__"):
                    raise InvalidTypeError(
                        str(name),
                        f"must be a column (numpy array, pandas Series, Arrow array or list), got {type(column).__name__}",
                    )
        if self._kind != "mapping":
            return int(self._table.shape[0] if self._kind == "pandas" else self._table.num_rows)
        lengths = {name: len(column) for name, column in self._table.items()}
        if len(set(lengths.values())) > 1:
            first = next(iter(lengths))
            odd = next(name for name, n in lengths.items() if n != lengths[first])
            raise InvalidValueError(
                str(odd),
                f"has {lengths[odd]} rows, but {first} has {lengths[first]}: columns must be equally long",
            )
        return next(iter(lengths.values()), 0)

    def __len__(self) -> int:
        return self._length

    @property
    def source(self) -> Table:
        """The table as given."""
        return self._table

    def name(self, column: str) -> str:
        """The table's own name of ``column`` (``rename``, else the column, else a known other name)."""
        if column in self._rename:
            return self._rename[column]
        if not self._holds(column):
            for other in _ALIASES.get(column, ()):
                if self._holds(other):
                    return other
        return column

    def _holds(self, name: str) -> bool:
        if self._kind == "arrow":
            return name in self._table.schema.names
        return name in self._table

    def has(self, column: str) -> bool:
        """Whether the table has ``column``."""
        return self._holds(self.name(column))

    def raw(self, column: str) -> Any:
        """The column as the table holds it (a numpy array, a pandas Series, an Arrow array)."""
        name = self.name(column)
        if not self.has(column):
            shown = column if name == column else f"{column} (as {name!r})"
            raise MissingColumnError(
                shown, N_("the rule needs this column, and the table has none by that name")
            )
        if self._kind == "arrow":
            return self._table.column(name)
        return self._table[name]

    # ---- dates -----------------------------------------------------------------

    def days(self, column: str) -> _Days:
        """The date column as days since 1970-01-01 (int64), ``NaT`` as :data:`NAT`."""
        key = ("days", column)
        if key not in self._cache:
            if column == "first_permit_granted_on" and not self.has(column):
                # The cohort table keeps the first permit's day as given (``permit_first_granted_on``,
                # empty when it is this permit); as the scalar path, the grant day stands in.
                granted = self._read_days("permit_granted_on")
                if self.has("permit_first_granted_on"):
                    first = self._read_days("permit_first_granted_on")
                    granted = np.where(first == NAT, granted, first)
                self._cache[key] = granted
            else:
                self._cache[key] = self._read_days(column)
        result: _Days = self._cache[key]
        return result

    def missing(self, column: str) -> _Bools | None:
        """Where the date column is missing, or ``None`` when no row is (the common case)."""
        key = ("missing", column)
        if key not in self._cache:
            days = self.days(column)
            mask = days == NAT
            self._cache[key] = mask if mask.any() else None
        result: _Bools | None = self._cache[key]
        return result

    def _read_days(self, column: str) -> _Days:
        raw = self.raw(column)
        if _container(raw) == "arrow":
            import pyarrow as pa  # only reached with an Arrow table, so pyarrow is there

            kind = raw.type
            if pa.types.is_null(kind):  # a column of nulls only: every date missing
                return np.full(len(raw), NAT, dtype=np.int64)
            if pa.types.is_date64(kind):
                raw = raw.cast(pa.timestamp("ms"))
            if pa.types.is_timestamp(raw.type) or pa.types.is_date32(kind):
                # A RecordBatch (Spark's mapInArrow) gives Arrays, which copy only when asked to.
                values = raw.to_numpy(zero_copy_only=False) if isinstance(raw, pa.Array) else raw.to_numpy()
            else:
                raise InvalidTypeError(self.name(column), f"must hold dates, got Arrow type {kind}")
        elif _container(raw) == "pandas":
            values = raw.to_numpy()
        else:
            values = np.asarray(raw)
        if values.dtype.kind == "M":
            unit, count = np.datetime_data(values.dtype)
            per_day = _PER_DAY.get(unit, 0)
            if per_day and per_day % count == 0:
                # pandas' dates (ms, ns): an integer floor division takes half of numpy's cast, and floors alike.
                ticks = values.view(np.int64)
                days: _Days = ticks // (per_day // count)
                days[ticks == NAT] = NAT
                return days
            # Casting to days floors times of day, also before 1970.
            dates = values if values.dtype == np.dtype("datetime64[D]") else values.astype("datetime64[D]")
        elif values.dtype.kind in "OU":
            try:
                dates = values.astype("datetime64[D]")
            except (ValueError, TypeError) as error:
                raise InvalidTypeError(
                    self.name(column), f"must hold dates (datetime64[D], ISO strings or dates): {error}"
                ) from None
        else:
            raise InvalidTypeError(self.name(column), f"must hold dates, got dtype {values.dtype}")
        result: _Days = dates.view(np.int64)
        return result

    # ---- codes and flags ---------------------------------------------------------

    def codes(
        self, column: str, vocabulary: type[enum.Enum], *, zero_missing: bool = False
    ) -> tuple[_Codes, list[enum.Enum]]:
        """The column as indices into a list of ``vocabulary`` members; -1 where missing.

        Values may be members or their ``.value`` (``"protection"``, or ``4``
        for an :class:`enum.IntEnum`). With ``zero_missing``, ``0`` is a
        missing value too (registers code "not recorded" so). An unknown value
        is an error naming the column, never silently dropped.
        """
        key = ("codes", column, vocabulary.__name__, str(zero_missing))
        if key not in self._cache:
            self._cache[key] = self._read_codes(column, vocabulary, zero_missing=zero_missing)
        result: tuple[_Codes, list[enum.Enum]] = self._cache[key]
        return result

    def _read_codes(
        self, column: str, vocabulary: type[enum.Enum], *, zero_missing: bool
    ) -> tuple[_Codes, list[enum.Enum]]:
        raw = self.raw(column)
        fast = self._text_codes(column, raw, vocabulary)
        if fast is not None:
            return fast
        if _container(raw) == "arrow" and str(raw.type) == "null":  # nulls only: every value missing
            return np.full(len(raw), -1, dtype=np.intp), []
        indices, categories = self.factorized(column)
        by_value = {member.value: member for member in vocabulary}
        members: list[enum.Enum] = []
        for raw_category in categories:
            category = raw_category.item() if isinstance(raw_category, np.generic) else raw_category
            if isinstance(category, float) and category.is_integer():
                category = int(category)  # a numeric column with nulls arrives as floats
            if isinstance(category, vocabulary):
                members.append(category)
            elif category in by_value and not isinstance(category, bool):
                members.append(by_value[category])
            elif (
                category is None
                or (isinstance(category, str) and category == "")
                or (zero_missing and not isinstance(category, bool) and category == 0)
                or (isinstance(category, float) and np.isnan(category))
            ):
                members.append(None)  # type: ignore[arg-type]  # None or an empty string is a missing value
            else:
                known = ", ".join(repr(m.value) for m in vocabulary)
                raise InvalidCodeError(
                    self.name(column), f"{category!r} is not a {vocabulary.__name__}; known: {known}"
                )
        if any(m is None for m in members):
            empty = np.array([m is None for m in members] + [True])
            indices = np.where(empty[indices], -1, indices)
        return indices, members

    def _text_codes(  # noqa: PLR0911  # one early answer per case
        self, column: str, raw: Any, vocabulary: type[enum.Enum]
    ) -> tuple[_Codes, list[enum.Enum]] | None:
        """Text looked up in the small vocabulary of ``.value``s at once; ``None`` for the general path.

        Numpy text and objects go to the compiled kernel (:func:`_compiled_codes`);
        without it, numpy text is looked up by one of its characters and checked
        whole (:func:`_fixed_text_codes`) and objects are hashed by pandas in the
        general path. Arrow and pandas string columns go to Arrow, whose
        ``index_in`` looks every row up in the vocabulary. A value outside it sends
        the column to the general path, which names it.
        """
        members = list(vocabulary)
        if not all(isinstance(m.value, str) for m in members):
            return None
        if _container(raw) == "pandas" and type(raw.dtype).__name__ == "CategoricalDtype":
            return None  # the categories are looked up one by one, which is already cheap
        dtype = getattr(raw, "dtype", None)
        # numpy's own dtypes only: pandas' StringDtype also says kind "O", but is Arrow's text below.
        kind = dtype.kind if isinstance(dtype, np.dtype) else None
        if _container(raw) != "arrow" and kind in ("U", "O"):
            values = np.asarray(raw)  # a pandas object Series gives its array without a copy
            found = _compiled_codes(values, [m.value for m in members])
            if found is None and kind == "U":
                found = _fixed_text_codes(values, [m.value for m in members])
            if found is not None:
                return found, members
            if kind == "U":
                return None
        if _container(raw) == "arrow":
            text = raw.combine_chunks() if hasattr(raw, "combine_chunks") else raw
            import pyarrow as pa

            if not (pa.types.is_string(text.type) or pa.types.is_large_string(text.type)):
                return None
        elif _container(raw) == "pandas" and type(raw.dtype).__name__ == "StringDtype":
            # pandas text: Arrow already holds it (pandas 3's default), or takes it in one conversion.
            text = _as_arrow_text(raw)
            if text is None:
                return None
        else:
            return None  # object text the kernel could not code: hashed by pandas in _factorized
        import pyarrow as pa
        import pyarrow.compute as pc

        found = pc.index_in(text, value_set=pa.array([m.value for m in members], text.type))
        given = pc.and_(pc.is_valid(text), pc.not_equal(text, ""))
        if pc.any(pc.and_(given, pc.is_null(found))).as_py():
            return None
        indices = np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.intp)
        return indices, members

    def _factorized(self, column: str, values: Any) -> tuple[_Codes, list[Any]]:
        kind = getattr(getattr(values, "dtype", None), "kind", None)
        text = _as_arrow_text(values) if kind == "U" else None
        if text is not None:
            # Arrow's hash-based dictionary encoding is the fastest way from text of any
            # container (numpy str or object, pandas string) to codes.
            encoded = text.dictionary_encode()
            indices = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)
            return indices, encoded.dictionary.to_pylist()
        if kind == "O" and isinstance(values, np.ndarray):
            shared = _shared_object_codes(values)
            if shared is not None:
                return shared
        try:
            return _factorize(values)
        except InvalidTypeError as error:
            raise InvalidTypeError(self.name(column), error.reason) from None

    def factorized(self, column: str) -> tuple[_Codes, list[Any]]:
        """A text or number column without a vocabulary: each row's index into its distinct values; -1 where missing."""
        key = ("factorized", column)
        if key not in self._cache:
            raw = self.raw(column)
            if _container(raw) == "arrow":
                encoded = raw.combine_chunks() if hasattr(raw, "combine_chunks") else raw
                if not hasattr(encoded, "indices"):
                    encoded = encoded.dictionary_encode()
                indices = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)
                values = encoded.dictionary.to_pylist()
            elif _container(raw) == "pandas" and type(raw.dtype).__name__ == "CategoricalDtype":
                indices = raw.cat.codes.to_numpy().astype(np.intp)
                values = list(raw.cat.categories)
            else:
                indices, values = self._factorized(
                    column, raw if _container(raw) == "pandas" else np.asarray(raw)
                )
            values = [v.item() if isinstance(v, np.generic) else v for v in values]
            self._cache[key] = (indices, values)
        result: tuple[_Codes, list[Any]] = self._cache[key]
        return result

    def ternary(self, column: str) -> tuple[_Bools, _Bools | None]:  # noqa: PLR0912  # one branch per container and dtype
        """A boolean column that may have missing values: the values (missing as ``False``) and where missing.

        The mask is ``None`` when no value is missing.
        """
        key = ("ternary", column)
        if key not in self._cache:
            raw = self.raw(column)
            if _container(raw) == "arrow" and str(raw.type) == "null":  # a column of nulls only
                missing_mask = np.ones(len(raw), dtype=np.bool_)
                values = np.zeros(len(raw), dtype=np.bool_)
            elif _container(raw) == "arrow" and (bits := _arrow_booleans(raw)) is not None:
                missing_mask, values = bits
            elif _container(raw) == "arrow":
                missing = raw.is_null()
                missing_mask = np.asarray(
                    missing.to_numpy(zero_copy_only=False)
                    if hasattr(missing, "offset")
                    else missing.to_numpy(),
                    dtype=np.bool_,
                )
                filled = raw.fill_null(False)  # noqa: FBT003  # the fill value, not a flag
                values = (
                    filled.to_numpy(zero_copy_only=False) if hasattr(filled, "offset") else filled.to_numpy()
                )
            elif _container(raw) == "pandas" and raw.dtype == np.object_:
                # Booleans with None (pandas keeps them as objects): read with vectorised calls,
                # as a numpy object column, not by a Python test of each value.
                missing_mask, values = self._object_ternary(column, raw.to_numpy())
            elif _container(raw) == "pandas" and (raw.dtype == np.bool_ or str(raw.dtype) == "boolean"):
                missing_mask = np.asarray(raw.isna().to_numpy(), dtype=np.bool_)
                values = raw.fillna(False).to_numpy(dtype=np.bool_)  # noqa: FBT003  # the fill value
            elif _container(raw) == "pandas":
                missing_mask = raw.isna().to_numpy()
                values = raw.where(~raw.isna(), other=False).to_numpy()
            else:
                array = np.asarray(raw)
                if array.dtype == np.bool_:
                    missing_mask = np.zeros(len(array), dtype=np.bool_)
                    values = array
                elif array.dtype == np.object_:
                    missing_mask, values = self._object_ternary(column, array)
                else:
                    missing_mask = np.array(
                        [v is None or type(v).__name__ == "NAType" for v in array.tolist()], dtype=np.bool_
                    )
                    try:
                        values = np.where(missing_mask, np.False_, array)
                    except (TypeError, ValueError):  # numpy cannot mix these values with booleans
                        raise InvalidTypeError(
                            self.name(column), N_("must hold booleans or missing values")
                        ) from None
            array = np.asarray(values)
            if array.dtype == np.object_ and all(isinstance(v, (bool, np.bool_)) for v in array.tolist()):
                array = array.astype(np.bool_)
            if array.dtype != np.bool_:
                raise InvalidTypeError(
                    self.name(column), f"must hold booleans or missing values, got {array.dtype}"
                )
            flags = array
            self._cache[key] = (flags, missing_mask if missing_mask.any() else None)
        result: tuple[_Bools, _Bools | None] = self._cache[key]
        return result

    def _object_ternary(self, column: str, array: npt.NDArray[Any]) -> tuple[_Bools, Any]:
        """An object column of booleans and missing values, checked and read with vectorised calls."""
        singletons = _singleton_flags(array)
        if singletons is not None:
            return singletons
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - pandas is there wherever the tests run
            missing = np.array(
                [v is None or type(v).__name__ == "NAType" for v in array.tolist()], dtype=np.bool_
            )
            return missing, np.where(missing, np.False_, array)
        # infer_dtype skips None, NaN and pd.NA and stops at the first value that is no
        # boolean (1 == True in Python, so an equality test would let 1 and 0 through).
        if pd.api.types.infer_dtype(array, skipna=True) not in ("boolean", "empty"):
            raise InvalidTypeError(self.name(column), N_("must hold booleans or missing values"))
        missing = np.asarray(pd.isna(array), dtype=np.bool_)
        if not missing.any():
            return missing, array.astype(np.bool_)
        values = np.zeros(len(array), dtype=np.bool_)
        values[~missing] = array[~missing].astype(np.bool_)
        return missing, values

    def lists(self, column: str, *, numbers: bool = False) -> tuple[npt.NDArray[Any], _Codes]:
        """A column of lists, flattened: every element, and the row it belongs to.

        A missing list (null, ``None``) is an empty one: these columns say what
        a person has, and an empty record has nothing.
        """
        key = ("lists", column, str(numbers))
        if key not in self._cache and not self.has(column) and self.has("competence_occupation"):
            self._cache[key] = self._derived_list(column)
        if key not in self._cache:
            flat, rows = self._flat(column)
            if numbers:
                # Numbers, a missing one (None, null) as NaN: "not known", which the caller judges.
                try:
                    flat = np.array([np.nan if v is None else v for v in flat.tolist()], dtype=np.float64)
                except (TypeError, ValueError):
                    raise InvalidTypeError(self.name(column), N_("must hold lists of numbers")) from None
            elif any(not isinstance(v, str) for v in flat.tolist()):
                raise InvalidTypeError(self.name(column), N_("must hold lists of text"))
            self._cache[key] = (flat, rows.astype(np.intp))
        result: tuple[npt.NDArray[Any], _Codes] = self._cache[key]
        return result

    def _flat(self, column: str) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
        """Every element of a list column and the row it belongs to, unchecked."""
        raw = self.raw(column)
        if _container(raw) == "arrow":
            import pyarrow.compute as pc

            values = pc.list_flatten(raw)
            parents = pc.list_parent_indices(raw)
            flat = np.asarray(
                values.to_numpy(zero_copy_only=False) if hasattr(values, "offset") else values.to_numpy()
            )
            rows = np.asarray(
                parents.to_numpy(zero_copy_only=False) if hasattr(parents, "offset") else parents.to_numpy()
            )
        else:
            items = raw.tolist() if _container(raw) == "pandas" else np.asarray(raw, dtype=object).tolist()
            flat_list: list[Any] = []
            row_list: list[int] = []
            for row, entry in enumerate(items):
                if entry is None or (isinstance(entry, float) and np.isnan(entry)):
                    continue
                if isinstance(entry, str) or not hasattr(entry, "__iter__"):
                    raise InvalidTypeError(
                        self.name(column), f"must hold lists, got {type(entry).__name__} in a row"
                    )
                members = sorted(entry) if isinstance(entry, (set, frozenset)) else list(entry)
                flat_list += members
                row_list += [row] * len(members)
            flat = np.array(flat_list, dtype=object)
            rows = np.array(row_list, dtype=np.intp)
        return flat, rows

    def _derived_list(self, column: str) -> tuple[npt.NDArray[Any], _Codes]:
        """``experience_years`` and ``validated_occupations`` from the cohort table's competence columns."""
        if column == "experience_years":
            values, rows = self.lists("competence_experience", numbers=True)
            units, _ = self._flat("competence_experience_unit")
            factors = np.array(
                [_YEARS_PER_UNIT.get(u, np.nan) if u is not None else np.nan for u in units.tolist()]
            )
            return (values * factors if len(values) else values.astype(np.float64)), rows
        if column == "validated_occupations":
            codes, rows = self.lists("competence_occupation")
            flags, _ = self.lists("competence_validated", numbers=True)
            keep = flags == 1.0
            return codes[keep], rows[keep]
        return self.raw(column), np.empty(0, np.intp)  # raw() raises the missing-column error

    def flags(self, column: str) -> _Bools:
        """A boolean column without missing values."""
        key = ("flags", column)
        if key not in self._cache:
            raw = self.raw(column)
            if _container(raw) == "arrow":
                if raw.null_count:
                    raise InvalidValueError(self.name(column), f"has {raw.null_count} missing values")
                values = raw.to_numpy(zero_copy_only=False) if hasattr(raw, "offset") else raw.to_numpy()
            elif _container(raw) == "pandas":
                if raw.isna().any():
                    raise InvalidValueError(self.name(column), f"has {int(raw.isna().sum())} missing values")
                values = raw.to_numpy()
            else:
                values = np.asarray(raw)
            if values.dtype != np.bool_:
                raise InvalidTypeError(self.name(column), f"must hold booleans, got dtype {values.dtype}")
            self._cache[key] = values
        result: _Bools = self._cache[key]
        return result


def from_participants(participants: Iterable[Participant]) -> dict[str, npt.NDArray[Any]]:
    """The columns of :class:`Participant` objects, for moving a small cohort to the batch path.

    This builds one row at a time, so it is for tests and for cohorts already
    held as objects; a register of millions belongs in columns from the start.
    """
    rows = list(participants)
    for index, person in enumerate(rows):
        if not isinstance(person, Participant):
            raise InvalidTypeError(
                f"participants[{index}]", f"must be a Participant, got {type(person).__name__}"
            )

    def dates(values: list[date | None]) -> npt.NDArray[np.datetime64]:
        return np.array(["NaT" if d is None else d.isoformat() for d in values], dtype="datetime64[D]")

    columns: dict[str, npt.NDArray[Any]] = {
        "birth_date": dates([p.birth_date for p in rows]),
        "received_on": dates([p.received_on for p in rows]),
        "first_registered_on": dates([p.first_registered_on for p in rows]),
        "permit_granted_on": dates([p.permit.granted_on if p.permit else None for p in rows]),
        "first_permit_granted_on": dates(
            [(p.permit.first_granted_on or p.permit.granted_on) if p.permit else None for p in rows]
        ),
        "permit_ground": np.array([p.permit.ground.value if p.permit else None for p in rows], dtype=object),
        "municipality": np.array([p.municipality for p in rows], dtype=object),
        "education": np.array([0 if p.education is None else int(p.education) for p in rows], dtype=np.int8),
        "swedish": np.array([0 if p.swedish is None else int(p.swedish) for p in rows], dtype=np.int8),
    }
    columns["parent_in_sweden"] = np.array([p.parent_in_sweden for p in rows], dtype=object)
    columns["plan_started_on"] = dates([p.plan_started_on for p in rows])
    columns["plan_ended_on"] = dates([p.plan_ended_on for p in rows])
    columns["permit_applied_on"] = dates([p.permit.applied_on if p.permit else None for p in rows])
    columns["sponsor_received_on"] = dates([p.permit.sponsor_received_on if p.permit else None for p in rows])
    columns["sponsor_is_swedish_citizen"] = np.array(
        [p.permit.sponsor_is_swedish_citizen if p.permit else None for p in rows], dtype=object
    )
    lists: dict[str, list[tuple[Any, ...]]] = {
        "occupations": [],
        "experience_years": [],
        "validated_occupations": [],
        "interests": [],
    }
    for p in rows:
        lists["occupations"].append(tuple(k.occupation for k in p.competences))
        lists["experience_years"].append(
            tuple(None if k.experience is None else k.experience.to("years").magnitude for k in p.competences)
        )
        lists["validated_occupations"].append(tuple(k.occupation for k in p.competences if k.validated))
        lists["interests"].append(tuple(sorted(p.interests)))
    for name, values in lists.items():
        column = np.empty(len(rows), dtype=object)
        for row, value in enumerate(values):
            column[row] = value  # one tuple per row: assigning the list at once could make a 2-D array
        columns[name] = column
    for situation in BarringSituation:
        columns[f"situation_{situation.value}"] = np.array(
            [situation in p.situations for p in rows], dtype=np.bool_
        )
    from etableringsmodell.batch.facts import fact_columns  # it imports this module

    columns.update(fact_columns(rows))
    return columns
