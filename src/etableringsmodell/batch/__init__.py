"""Whole cohorts at once: eligibility, goal progress and outcome rates over columns.

The batch face (layer 4) judges a register of hundreds of thousands or
millions of persons in one call, over numpy ``datetime64[D]`` arrays, a pandas
``DataFrame`` or an Arrow table, and agrees with the scalar rules row by row
and criterion by criterion. It needs numpy (``pip install
'etableringsmodell[batch]'``); pandas and pyarrow are optional adapters
(``[pandas]``, ``[arrow]``). The core imports none of them.

>>> import numpy as np
>>> from datetime import date
>>> from etableringsmodell import batch, catalog
>>> cohort = {
...     "birth_date": np.array(["1986-06-01", "1939-05-02"], dtype="datetime64[D]"),
...     "received_on": np.array(["2003-01-10", "2003-01-10"], dtype="datetime64[D]"),
...     "fact_work_oriented_capacity": np.array([True, True]),
... }
>>> batch.evaluate(cohort, catalog.get("goteborg-2004"), date(2004, 6, 1)).eligible.tolist()
[True, False]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from etableringsmodell._shared import lazy_names
from etableringsmodell.batch._extras import require

require("numpy", "etableringsmodell.batch")

# The names below are imported on first use, as the model's are: ``import etableringsmodell.batch``
# costs numpy and little more, and the rules, the forms and the model's classes are loaded when
# a cohort is first judged (issue 15: the import within 1.5x of numpy's own).
_EXPORTS: dict[str, str] = {
    "NAT": "etableringsmodell.batch.columns",
    "ColumnTable": "etableringsmodell.batch.columns",
    "Table": "etableringsmodell.batch.columns",
    "from_participants": "etableringsmodell.batch.columns",
    "ANCHOR_COLUMNS": "etableringsmodell.batch.eligibility",
    "CODES": "etableringsmodell.batch.eligibility",
    "FAILED": "etableringsmodell.batch.eligibility",
    "PASSED": "etableringsmodell.batch.eligibility",
    "UNDETERMINED": "etableringsmodell.batch.eligibility",
    "BatchResult": "etableringsmodell.batch.eligibility",
    "CriterionColumn": "etableringsmodell.batch.eligibility",
    "Summary": "etableringsmodell.batch.eligibility",
    "evaluate": "etableringsmodell.batch.eligibility",
    "register_column_evaluator": "etableringsmodell.batch.eligibility",
    "situation_column": "etableringsmodell.batch.eligibility",
    "GroupCounts": "etableringsmodell.batch.groups",
    "ages_on": "etableringsmodell.batch.groups",
    "eligibility_by": "etableringsmodell.batch.groups",
    "goal_progress_by": "etableringsmodell.batch.groups",
    "goal_progress_monthly": "etableringsmodell.batch.groups",
    "outcome_rate_by": "etableringsmodell.batch.groups",
}

_SUBMODULES = frozenset(
    {"columns", "eligibility", "facts", "forms", "groups", "matching", "requirements", "synthetic"}
)

__all__ = sorted(_EXPORTS)  # noqa: PLE0605  # built from _EXPORTS so they cannot drift


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals(), _SUBMODULES)


if TYPE_CHECKING:
    from etableringsmodell.batch.columns import NAT as NAT
    from etableringsmodell.batch.columns import ColumnTable as ColumnTable
    from etableringsmodell.batch.columns import Table as Table
    from etableringsmodell.batch.columns import from_participants as from_participants
    from etableringsmodell.batch.eligibility import ANCHOR_COLUMNS as ANCHOR_COLUMNS
    from etableringsmodell.batch.eligibility import CODES as CODES
    from etableringsmodell.batch.eligibility import FAILED as FAILED
    from etableringsmodell.batch.eligibility import PASSED as PASSED
    from etableringsmodell.batch.eligibility import UNDETERMINED as UNDETERMINED
    from etableringsmodell.batch.eligibility import BatchResult as BatchResult
    from etableringsmodell.batch.eligibility import CriterionColumn as CriterionColumn
    from etableringsmodell.batch.eligibility import Summary as Summary
    from etableringsmodell.batch.eligibility import evaluate as evaluate
    from etableringsmodell.batch.eligibility import register_column_evaluator as register_column_evaluator
    from etableringsmodell.batch.eligibility import situation_column as situation_column
    from etableringsmodell.batch.groups import GroupCounts as GroupCounts
    from etableringsmodell.batch.groups import ages_on as ages_on
    from etableringsmodell.batch.groups import eligibility_by as eligibility_by
    from etableringsmodell.batch.groups import goal_progress_by as goal_progress_by
    from etableringsmodell.batch.groups import goal_progress_monthly as goal_progress_monthly
    from etableringsmodell.batch.groups import outcome_rate_by as outcome_rate_by
