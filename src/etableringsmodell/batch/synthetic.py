"""Synthetic cohorts as columns, for notebooks and benchmarks of whole registers.

The columnar twin of :func:`etableringsmodell.synthetic.synthetic_cohort`:
the same distributions (ages 16 to 70, receptions up to six years back,
Göteborg and its neighbours, about one in ten in a situation that bars
assignment), drawn with a seeded numpy generator straight into columns, so a
million rows take a fraction of a second and no Python object per person.
No real person is in them.

>>> from datetime import date
>>> columns = synthetic_columns(1000, date(2004, 6, 1), seed=1)
>>> len(columns["birth_date"]), columns["birth_date"].dtype.name
(1000, 'datetime64[D]')
>>> bool((columns["birth_date"] <= columns["received_on"]).all())
True
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from etableringsmodell.batch.eligibility import situation_column
from etableringsmodell.errors import InvalidValueError
from etableringsmodell.model.enums import BarringSituation, PermitGround
from etableringsmodell.model.participant import FactKind
from etableringsmodell.synthetic import FACT_SHARES, MUNICIPALITY_WEIGHTS, PERMIT_GROUND_WEIGHTS

__all__ = ["MUNICIPALITIES", "synthetic_columns"]

MUNICIPALITIES = tuple(code for code, _ in MUNICIPALITY_WEIGHTS)
"""Göteborg, Mölndal, Härryda, Partille, Ale: the area of the Göteborg agreement (seed 004)."""


def _weights(values: tuple[int, ...]) -> npt.NDArray[np.float64]:
    array = np.array(values, dtype=np.float64)
    result: npt.NDArray[np.float64] = array / array.sum()
    return result


def synthetic_columns(size: int, on: date, seed: int = 2004) -> dict[str, npt.NDArray[Any]]:
    """``size`` synthetic persons as the columns :func:`~etableringsmodell.batch.evaluate` reads.

    Dates are ``datetime64[D]``; ``permit_ground`` and ``municipality`` are
    fixed-width string arrays; one boolean column per barring situation; the
    assessed facts of :data:`~etableringsmodell.synthetic.FACT_SHARES` as
    ``fact_<kind>`` (object arrays of ``True``, ``False`` or ``None`` where not on
    record) and ``fact_<kind>_on`` (``NaT`` where not on record).
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise InvalidValueError("size", f"must be a whole number, at least 0, got {size!r}")
    rng = np.random.default_rng(seed)
    day = np.datetime64(on, "D")
    received = day - rng.integers(0, 6 * 365, size, endpoint=True).astype("timedelta64[D]")
    birth = np.minimum(
        day - rng.integers(16 * 365, 70 * 365, size, endpoint=True).astype("timedelta64[D]"), received
    )
    first = np.maximum(received - rng.integers(0, 60, size, endpoint=True).astype("timedelta64[D]"), birth)
    granted = np.maximum(received - rng.integers(0, 120, size, endpoint=True).astype("timedelta64[D]"), birth)
    grounds = np.array([g.value for g, _ in PERMIT_GROUND_WEIGHTS])
    columns: dict[str, npt.NDArray[Any]] = {
        "birth_date": birth,
        "received_on": received,
        "first_registered_on": first,
        "permit_granted_on": granted,
        "first_permit_granted_on": granted,  # every synthetic permit is the person's first
        "permit_ground": grounds[
            rng.choice(len(grounds), size, p=_weights(tuple(w for _, w in PERMIT_GROUND_WEIGHTS)))
        ],
        "municipality": np.array(MUNICIPALITIES)[
            rng.choice(len(MUNICIPALITIES), size, p=_weights(tuple(w for _, w in MUNICIPALITY_WEIGHTS)))
        ],
        "education": rng.integers(1, 8, size).astype(np.int8),
        "swedish": rng.integers(0, 5, size).astype(np.int8),
    }
    barred = rng.random(size) < 0.1
    which = rng.integers(0, len(BarringSituation), size)
    for index, situation in enumerate(BarringSituation):
        columns[situation_column(situation)] = barred & (which == index)
    family = columns["permit_ground"] == PermitGround.FAMILY_TIE.value
    for kind, assessed, holds in FACT_SHARES:
        on_record = rng.random(size) < assessed
        if kind is FactKind.SPONSOR_QUALIFYING_PERMIT:
            on_record &= family
        values = (rng.random(size) < holds).astype(object)
        values[~on_record] = None
        assessed_on = np.minimum(
            received + rng.integers(0, 90, size, endpoint=True).astype("timedelta64[D]"), day
        )
        assessed_on[~on_record] = np.datetime64("NaT")
        columns[f"fact_{kind.value}"] = values
        columns[f"fact_{kind.value}_on"] = assessed_on
    return columns
