"""The documentation's cross-references to other projects resolve from files in the repository."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

DOCS = Path(__file__).parents[1] / "docs"

# What the API reference and the pages link to, one object of each project at least.
WANTED = {
    "python": [("py:class", "datetime.date"), ("py:class", "pathlib.Path"), ("py:data", "typing.Any")],
    "attrs": [("py:function", "attrs.define"), ("py:function", "attrs.evolve")],
    "pint": [("py:class", "pint.Quantity")],
    "numpy": [("py:class", "numpy.ndarray")],
    "pandas": [("py:class", "pandas.DataFrame")],
}


def test_every_inventory_is_a_local_file_with_the_objects_the_docs_use() -> None:
    pytest.importorskip("sphinx")
    from sphinx.util.inventory import InventoryFile

    mapping = runpy.run_path(str(DOCS / "conf.py"))["intersphinx_mapping"]
    assert set(mapping) == set(WANTED)
    for name, (url, inventory) in mapping.items():
        assert url.startswith("https://")
        path = Path(inventory)
        # A path, never a URL: the build must not need the network.
        assert path.is_file(), inventory
        assert path.parent == DOCS / "_inventories", inventory
        with path.open("rb") as handle:
            objects = InventoryFile.load(handle, url, lambda base, uri: base + uri)
        for role, target in WANTED[name]:
            assert target in objects.get(role, {}), (name, role, target)
    readme = (DOCS / "_inventories" / "README.md").read_text(encoding="utf-8")
    for name in WANTED:
        assert f"`{name}.inv`" in readme
