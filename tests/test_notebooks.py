"""Every notebook in examples/ runs top to bottom, and its figures hold together.

The cells are executed in one namespace in this interpreter (no Jupyter
kernel, so CI needs nothing but the ``dev`` extra), with matplotlib on its
non-interactive Agg backend.
"""

from __future__ import annotations

import contextlib
import io
import pathlib
from typing import Any

import matplotlib as mpl
import nbformat
import numpy as np

EXAMPLES = pathlib.Path(__file__).parent.parent / "examples"


def execute(name: str) -> tuple[dict[str, Any], str]:
    notebook = nbformat.read(EXAMPLES / name, as_version=4)  # type: ignore[no-untyped-call]  # nbformat is partly typed
    nbformat.validate(notebook)
    mpl.use("Agg")
    namespace: dict[str, Any] = {"__name__": "__main__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                exec(compile(cell.source, f"{name}[cell {index}]", "exec"), namespace)  # noqa: S102  # our own notebook
    import matplotlib.pyplot as plt

    plt.close("all")
    return namespace, out.getvalue()


def test_every_notebook_is_tested() -> None:
    assert {p.name for p in EXAMPLES.glob("*.ipynb")} == {"batch_cohort.ipynb"}


def test_batch_cohort_notebook() -> None:
    ns, out = execute("batch_cohort.ipynb")
    summary = ns["summary"]
    # 100,000 synthetic persons, every one counted once.
    assert summary.total == 100_000
    assert summary.eligible + summary.failed + summary.undetermined == 100_000
    # Every row has both dates, so nothing is undetermined, and both criteria keep people out.
    assert summary.undetermined == 0
    assert {criterion for criterion, _ in summary.failing} == {"age-18-64", "newly-arrived-36m"}
    assert "batch and scalar agree on row 17 criterion by criterion: True" in out
    by_age, by_municipality = ns["by_age"], ns["by_municipality"]
    assert by_age["total"].sum() == by_municipality["total"].sum() == 100_000
    # Nobody under 18 or over 64 is eligible: those bands have none.
    assert by_age.loc[by_age.index < 15, "eligible"].sum() == 0
    assert by_age.loc[by_age.index >= 65, "eligible"].sum() == 0
    assert set(by_municipality.index) == {"1401", "1402", "1440", "1480", "1481"}
    series = ns["series"]
    achieved = [p.achieved for p in series]
    # A running count ends at the 3,500 placements of the status date (seed 000), never falling.
    assert achieved[-1] == 3500
    assert np.all(np.diff(achieved) >= 0)
    assert series[-1].on.isoformat() == "2004-10-31"
    assert not series[-1].on_track
    rates = ns["rates"]
    assert sum(r.total for r in rates.values()) == summary.eligible
