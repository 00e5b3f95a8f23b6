"""Sphinx configuration: MyST pages, furo theme, API reference from docstrings.

Built with warnings as errors by CI (`.ci/run`):
``sphinx-build -W -b html docs docs/_build/html`` and ``-b doctest``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

project = "etableringsmodell"
author = "etableringsmodell contributors"
copyright = "2026, etableringsmodell contributors"  # noqa: A001  # Sphinx's own setting name

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "catalogue_page",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_generated/.gitkeep", "_inventories"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "etableringsmodell"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
# attrs-generated and re-exported names confuse cross-references of type
# hints; the API pages document each object where it is defined.
nitpicky = False
# Docstring examples (>>>) are run by pytest --doctest-modules; the doctest
# builder runs only the {doctest} blocks of these pages.
doctest_test_doctest_blocks = ""
suppress_warnings = ["myst.header"]

# Cross-references to Python, attrs, pint, numpy and pandas, resolved from
# inventories kept in the repository (docs/_inventories/README.md says where
# each comes from), so a build never needs the network. Each link points at
# the project's published documentation; the page paths are the inventory's.
_INVENTORIES = HERE / "_inventories"
intersphinx_mapping = {
    "python": ("https://docs.python.org/3/", str(_INVENTORIES / "python.inv")),
    "attrs": ("https://www.attrs.org/en/stable/", str(_INVENTORIES / "attrs.inv")),
    "pint": ("https://pint.readthedocs.io/en/stable/", str(_INVENTORIES / "pint.inv")),
    "numpy": ("https://numpy.org/doc/stable/", str(_INVENTORIES / "numpy.inv")),
    # pandas moved its API pages (generated/ to reference/api/) after 0.22: the
    # links go to the documentation of the version the inventory describes.
    "pandas": ("https://pandas.pydata.org/pandas-docs/version/0.22.0/", str(_INVENTORIES / "pandas.inv")),
}
