"""The optional compiled lookup of coded text columns (``batch/_codes.c``) against Python's own reading.

The references are independent of the kernel: a row's code is the position of
its value (as Python or numpy reads it back) in the vocabulary, ``None`` and
``""`` are missing (-1), and any other value is not coded. The batch path must
give the same codes, and the same verdicts, with the kernel and without it.
"""

from __future__ import annotations

import shutil
import sysconfig
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etableringsmodell import batch
from etableringsmodell.batch import columns
from etableringsmodell.batch.columns import ColumnTable
from etableringsmodell.batch.synthetic import synthetic_columns
from etableringsmodell.errors import InvalidCodeError
from etableringsmodell.model import PermitGround, PermitGroundIn

kernel: Any = columns._kernel  # the module, or None where it was not built (then skipped)
needs_kernel = pytest.mark.skipif(kernel is None, reason="the C module was not built here")

VOCABULARY = tuple(g.value for g in PermitGround)
# Texts of every width Python stores (1, 2 and 4 bytes a character), NULs inside included.
TEXT = st.text(st.characters(codec="utf-8"), max_size=8)


def _compiler_and_headers() -> bool:
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    headers = Path(sysconfig.get_paths()["include"], "Python.h")
    return shutil.which(compiler) is not None and headers.exists()


def test_the_kernel_is_built_wherever_a_c_compiler_and_pythons_headers_are() -> None:
    # setup.py promises it; an optional build that failed quietly would lose the speed unnoticed.
    if not _compiler_and_headers():
        pytest.skip("no C compiler or Python headers: the package installs without the kernel")
    assert kernel is not None


def _reference(values: list[Any], vocabulary: tuple[str, ...]) -> tuple[list[int], int]:
    """Each row's code up to the first row that has none, and that row (-1 if none)."""
    codes: list[int] = []
    for row, value in enumerate(values):
        if value is None or (type(value) is str and value == ""):
            codes.append(-1)
        elif type(value) is str and value in vocabulary:
            codes.append(vocabulary.index(value))
        else:
            return codes, row
    return codes, -1


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(
    st.lists(TEXT.filter(bool), min_size=1, max_size=12, unique=True),
    st.lists(st.none() | st.just("") | TEXT | st.integers(0, 11) | st.floats(allow_nan=True), max_size=60),
)
def test_object_rows_get_their_position_in_the_vocabulary(vocabulary: list[str], drawn: list[Any]) -> None:
    words = tuple(vocabulary)
    # Most rows vocabulary values, as fresh objects (numpy's astype(object) makes one per row).
    values = [words[v % len(words)][:] if isinstance(v, int) else v for v in drawn]
    column = np.empty(len(values), dtype=object)
    column[:] = values
    out = np.full(len(values), -7, dtype=np.intp)
    want, first_bad = _reference(values, words)
    assert kernel.object_codes(column, words, out) == first_bad
    assert out[: len(want)].tolist() == want


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(
    st.lists(TEXT.filter(bool), min_size=1, max_size=12, unique=True),
    st.lists(st.just("") | TEXT | st.integers(0, 11), min_size=1, max_size=60),
    st.integers(0, 6),
)
def test_numpy_text_rows_get_the_position_of_the_value_numpy_reads_back(
    vocabulary: list[str], drawn: list[Any], extra: int
) -> None:
    words = tuple(vocabulary)
    values = [words[v % len(words)] if isinstance(v, int) else v for v in drawn]
    width = max(len(v) for v in values) + extra
    if width == 0:
        width = 1
    column = np.array(values, dtype=f"<U{width}")
    # numpy drops trailing NULs when it reads a value back: that is the value a row holds.
    want, first_bad = _reference(column.tolist(), words)
    out = np.full(len(values), -7, dtype=np.intp)
    assert kernel.text_codes(column, words, out) == first_bad
    assert out[: len(want)].tolist() == want


@needs_kernel
def test_a_str_subclass_a_member_or_nan_is_left_to_the_general_path() -> None:
    class Text(str):
        __slots__ = ()

    for odd in (Text("protection"), PermitGround.PROTECTION, float("nan"), 1, b"protection"):
        column = np.array(["work", None, odd, "work"], dtype=object)
        out = np.empty(4, dtype=np.intp)
        assert kernel.object_codes(column, VOCABULARY, out) == 2


@needs_kernel
@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda k: k.object_codes(np.array(["work"]), VOCABULARY, np.empty(1, np.intp)), TypeError),
        (
            lambda k: k.text_codes(np.array(["work"], dtype=object), VOCABULARY, np.empty(1, np.intp)),
            TypeError,
        ),
        (
            lambda k: k.text_codes(np.array(["work"], dtype=">U4"), VOCABULARY, np.empty(1, np.intp)),
            TypeError,
        ),
        (lambda k: k.text_codes(np.array([["work"]]), VOCABULARY, np.empty(1, np.intp)), TypeError),
        (lambda k: k.text_codes(np.array(["work"]), list(VOCABULARY), np.empty(1, np.intp)), TypeError),
        (lambda k: k.text_codes(np.array(["work"]), ("work", 1), np.empty(1, np.intp)), TypeError),
        (lambda k: k.text_codes(np.array(["work"]), VOCABULARY, np.empty(2, np.intp)), ValueError),
        (lambda k: k.text_codes(np.array(["work"]), VOCABULARY, np.empty(1, np.int32)), ValueError),
        (lambda k: k.object_codes(np.array(["work"], dtype=object), VOCABULARY, b"\0" * 8), BufferError),
    ],
)
def test_the_kernel_refuses_what_it_cannot_read_safely(call: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        call(kernel)


ENCODINGS: dict[str, Callable[[Any], Any]] = {
    "numpy str": lambda g: g,
    "numpy str, strided": lambda g: np.repeat(g, 2)[::2],
    "numpy str, big-endian": lambda g: g.astype(g.dtype.newbyteorder(">")),
    "numpy object": lambda g: g.astype(object),
    "pandas object": lambda g: pd.Series(g.astype(object)),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_codes_and_verdicts_are_the_same_with_and_without_the_kernel(
    encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = date(2019, 6, 1)
    cohort = synthetic_columns(3000, on=on, seed=11)
    grounds = np.asarray(cohort["permit_ground"], dtype=object)
    text = np.array(["" if g is None else str(g) for g in grounds.tolist()])
    text[::13] = ""  # no permit on record: undetermined
    table = {**cohort, "permit_ground": ENCODINGS[encoding](text)}
    rule = PermitGroundIn({PermitGround.PROTECTION, PermitGround.FAMILY_TIE})
    with_kernel = ColumnTable(table).codes("permit_ground", PermitGround)
    verdicts = batch.evaluate(table, rule, on).codes
    monkeypatch.setattr(columns, "_kernel", None)
    without = ColumnTable(table).codes("permit_ground", PermitGround)

    # The general path lists members in order of appearance: compare the member each row gets.
    def members_of(found: tuple[Any, list[Any]]) -> list[Any]:
        return [found[1][c] if c >= 0 else None for c in found[0].tolist()]

    assert members_of(with_kernel) == members_of(without)
    assert batch.evaluate(table, rule, on).codes.tolist() == verdicts.tolist()
    # And both are the values themselves: the member at each code is the row's text.
    members = with_kernel[1]
    assert [members[c].value if c >= 0 else "" for c in with_kernel[0].tolist()] == text.tolist()


@pytest.mark.parametrize("encoding", ["numpy str", "numpy object"])
def test_an_unknown_ground_is_named_with_the_kernel_too(encoding: str) -> None:
    table = {"permit_ground": ENCODINGS[encoding](np.array(["work", "protectiom", ""]))}
    with pytest.raises(InvalidCodeError, match=r"permit_ground.*'protectiom'"):
        ColumnTable(table).codes("permit_ground", PermitGround)
