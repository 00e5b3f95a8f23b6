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
    "sphinx.ext.viewcode",
    "catalogue_page",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_generated/.gitkeep"]
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
