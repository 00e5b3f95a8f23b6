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

from etableringsmodell.batch._extras import require

require("numpy", "etableringsmodell.batch")

from etableringsmodell.batch import facts as _facts  # noqa: E402, F401  # registers the evaluators
from etableringsmodell.batch import requirements as _requirements  # noqa: E402, F401  # registers the evaluators
from etableringsmodell.batch.columns import NAT, ColumnTable, Table, from_participants  # noqa: E402  # after the numpy check
from etableringsmodell.batch.eligibility import (  # noqa: E402  # after the numpy check
    ANCHOR_COLUMNS,
    CODES,
    FAILED,
    PASSED,
    UNDETERMINED,
    BatchResult,
    CriterionColumn,
    Summary,
    evaluate,
    register_column_evaluator,
    situation_column,
)
from etableringsmodell.batch.groups import (  # noqa: E402  # after the numpy check
    GroupCounts,
    ages_on,
    eligibility_by,
    goal_progress_by,
    goal_progress_monthly,
    outcome_rate_by,
)

__all__ = [
    "ANCHOR_COLUMNS",
    "CODES",
    "FAILED",
    "NAT",
    "PASSED",
    "UNDETERMINED",
    "BatchResult",
    "ColumnTable",
    "CriterionColumn",
    "GroupCounts",
    "Summary",
    "Table",
    "ages_on",
    "eligibility_by",
    "evaluate",
    "from_participants",
    "goal_progress_by",
    "goal_progress_monthly",
    "outcome_rate_by",
    "register_column_evaluator",
    "situation_column",
]
