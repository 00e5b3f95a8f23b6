"""Optional dependencies of the batch path, each behind the extra that installs it.

The core never imports numpy, pandas or pyarrow; this face does, and a missing
one is a :class:`~etableringsmodell.errors.MissingExtraError` that names the
extra to install rather than a bare ``ModuleNotFoundError``.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from etableringsmodell.errors import MissingExtraError

__all__ = ["EXTRAS", "require"]

EXTRAS = {
    "numpy": "batch",
    "pandas": "pandas",
    "pyarrow": "arrow",
    "polars": "polars",
    "matplotlib": "plot",
    "sqlglot": "sql",
    "duckdb": "duckdb",
    "pyspark": "spark",
}
"""The extra of ``etableringsmodell`` that installs each optional module."""


def require(module: str, purpose: str) -> ModuleType:
    """Import ``module``, or raise an error naming the extra that installs it."""
    try:
        return import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module and not (error.name or "").startswith(module + "."):
            raise  # the package is there but broken: show the real error
        raise MissingExtraError(module, EXTRAS.get(module, module), purpose) from None
