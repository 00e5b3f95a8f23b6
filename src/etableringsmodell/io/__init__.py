"""Reading and writing data safely: JSON, JSON Schema, cohort files, personal identity numbers.

A face of the library (layer 4): it uses the model, and the model knows
nothing of it.

* :mod:`~etableringsmodell.io.convert`: JSON for every model type with
  cattrs (``dumps``, ``loads``, ``to_dict``, ``from_dict``), a format
  version, and typed errors naming the field path.
* :mod:`~etableringsmodell.io.schema`: JSON Schema generated from the model
  (``python -m etableringsmodell.io.schema docs/schema`` writes the published copies).
* :mod:`~etableringsmodell.io.cohort`: cohorts from and to CSV and JSON
  Lines, every bad row reported with its line, field and reason.
* :mod:`~etableringsmodell.io.personal_number`: personnummer and
  samordningsnummer, masked everywhere, and keyed pseudonyms (needs the
  ``ids`` extra).
"""

from etableringsmodell.io.cohort import (
    CohortRead,
    RowProblem,
    csv_columns,
    read_csv,
    read_jsonl,
    write_csv,
    write_jsonl,
)
from etableringsmodell.io.convert import (
    FORMAT_VERSION,
    converter,
    criterion_types,
    dumps,
    from_dict,
    loads,
    register_criterion,
    structure,
    to_dict,
    unstructure,
)
from etableringsmodell.io.personal_number import (
    PersonalNumber,
    participant_from_personal_number,
    pseudonymise,
)

__all__ = [
    "FORMAT_VERSION",
    "CohortRead",
    "PersonalNumber",
    "RowProblem",
    "converter",
    "criterion_types",
    "csv_columns",
    "dumps",
    "from_dict",
    "loads",
    "participant_from_personal_number",
    "pseudonymise",
    "read_csv",
    "read_jsonl",
    "register_criterion",
    "structure",
    "to_dict",
    "unstructure",
    "write_csv",
    "write_jsonl",
]
