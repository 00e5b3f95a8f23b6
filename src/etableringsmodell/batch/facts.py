"""Columnar evaluators for ages on another date, the 2010 plan rules and assessed facts.

Each mirrors its scalar evaluator in :mod:`etableringsmodell.rules.eligibility`
verdict for verdict, including which missing fact is *undetermined*. Columns,
beside those of :mod:`etableringsmodell.batch.columns` and
:mod:`etableringsmodell.batch.requirements`:

===============================  ===========================================================
column                           holds
===============================  ===========================================================
``fact_<kind>``                  one per :class:`~etableringsmodell.model.FactKind`, named by
                                 its value (``fact_registered_job_seeker``): booleans, null
                                 (``None``, ``pd.NA``) where not assessed. A table without
                                 the column has the fact for no row: every row undetermined.
``fact_<kind>_on``               optional: the day the fact was assessed (null: undated).
                                 A fact assessed after the reference date is undetermined.
``first_permit_granted_on``      the day the first residence permit was granted (the anchor
                                 :attr:`~etableringsmodell.model.ArrivalAnchor.FIRST_PERMIT_GRANTED`)
===============================  ===========================================================

The criteria that read these columns (``AgeWhen``, ``EstablishmentPlanInTime``,
``PlanStartedBefore``, ``FactIs``) are judged from their forms
(:mod:`etableringsmodell.rules.forms`) by :mod:`etableringsmodell.batch.forms`;
an age on another date and a plan's deadline are calendar additions on each
row's own date, done on ``datetime64[M]`` with the month-end clamping of
Lag (1930:173).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from etableringsmodell.model.participant import FactKind, Participant

__all__ = ["fact_column", "fact_columns", "fact_date_column"]


def fact_column(kind: FactKind) -> str:
    """The cohort column of an assessed fact: ``fact_registered_job_seeker``."""
    return f"fact_{kind.value}"


def fact_date_column(kind: FactKind) -> str:
    """The column of the day an assessed fact was assessed: ``fact_registered_job_seeker_on``."""
    return f"fact_{kind.value}_on"


def fact_columns(participants: list[Participant]) -> dict[str, npt.NDArray[Any]]:
    """The ``fact_<kind>`` and ``fact_<kind>_on`` columns of :class:`Participant` objects."""
    columns: dict[str, npt.NDArray[Any]] = {}
    for kind in FactKind:
        found = [p.fact(kind) for p in participants]
        columns[fact_column(kind)] = np.array([None if f is None else f.value for f in found], dtype=object)
        columns[fact_date_column(kind)] = np.array(
            ["NaT" if f is None or f.assessed_on is None else f.assessed_on.isoformat() for f in found],
            dtype="datetime64[D]",
        )
    return columns
