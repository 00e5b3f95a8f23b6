"""The Dask example of docs/batch.md runs as written, and agrees with one call over the whole table."""

from __future__ import annotations

import pathlib
import re
from typing import Any

import numpy as np
import pandas as pd

from etableringsmodell import batch

DOC = pathlib.Path(__file__).parent.parent / "docs" / "batch.md"


def test_the_dask_example_of_the_docs() -> None:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- tested: dask -->\n```python\n(.*?)```", text, re.DOTALL)
    assert match is not None, "docs/batch.md lost its tested Dask block"
    namespace: dict[str, Any] = {"__name__": "docs_batch"}
    exec(compile(match.group(1), str(DOC), "exec"), namespace)  # noqa: S102  # our own documentation

    # The same register judged in one call, without Dask.
    whole = namespace["register"].compute()
    expected = batch.evaluate(whole, namespace["RULE"], namespace["ON"])
    counts = namespace["counts"]
    assert int(counts.sum()) == 20_000
    assert int(counts.get("passed", 0)) == int(expected.eligible.sum())
    by_municipality = namespace["by_municipality"]
    assert int(by_municipality["count"].sum()) == 20_000
    frame = pd.DataFrame({"m": whole["municipality"].to_numpy(), "e": expected.eligible})
    assert by_municipality["sum"].sort_index().tolist() == frame.groupby("m")["e"].sum().sort_index().tolist()
    assert np.issubdtype(by_municipality["sum"].dtype, np.integer)
