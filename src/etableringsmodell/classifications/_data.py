"""Reading the shipped classification files: CSV with a ``#`` comment header.

The header says where the list comes from and its version; :func:`read`
returns it with the rows so that code can cite it.
"""

from __future__ import annotations

import csv
from importlib import resources

__all__ = ["read"]


def read(name: str) -> tuple[str, list[dict[str, str]]]:
    """The comment header (without the ``#``) and the rows of ``data/<name>``."""
    text = resources.files("etableringsmodell.classifications").joinpath("data", name).read_text("utf-8")
    lines = text.splitlines()
    header = [line[1:].strip() for line in lines if line.startswith("#")]
    body = [line for line in lines if line and not line.startswith("#")]
    return "\n".join(header), list(csv.DictReader(body))
