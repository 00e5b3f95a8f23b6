"""Package-level promises: lazy imports, layering, a clock-free core."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import etableringsmodell

SRC = pathlib.Path(etableringsmodell.__file__).parent
LAYERS = {"model": 1, "classifications": 1, "rules": 2, "catalog": 3}
"""Foundation modules (_shared, errors, i18n, sources, calendar, units, _html) are layer 0; faces are 4."""


def _layer(module: str) -> int:
    parts = module.split(".")
    if parts[0] != "etableringsmodell" or len(parts) == 1:
        return 0
    if parts[1] in {
        "_shared",
        "errors",
        "i18n",
        "sources",
        "calendar",
        "units",
        "model",
        "classifications",
        "rules",
        "catalog",
    }:
        return LAYERS.get(parts[1], 0)
    return 4


def _imports(path: pathlib.Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return found


def test_layers_never_reach_upward() -> None:
    for path in SRC.rglob("*.py"):
        module = "etableringsmodell." + ".".join(path.relative_to(SRC).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        if module == "etableringsmodell":
            continue  # the package's lazy re-exports
        own = _layer(module)
        for imported in _imports(path):
            if imported.startswith("etableringsmodell"):
                assert _layer(imported) <= own, f"{module} (layer {own}) imports {imported}"


def test_core_never_reads_the_clock() -> None:
    for path in SRC.rglob("*.py"):
        if _layer("etableringsmodell." + path.relative_to(SRC).with_suffix("").parts[0]) >= 4:
            continue
        text = path.read_text(encoding="utf-8")
        for forbidden in ("date.today(", "datetime.now(", "datetime.today(", "time.time("):
            assert forbidden not in text, f"{path.name} reads the clock with {forbidden}"


def test_import_is_lazy() -> None:
    code = "import sys, etableringsmodell; print(sorted(m for m in ('pint', 'cattrs', 'attrs', 'dateutil') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_pint_loads_only_for_quantities() -> None:
    code = (
        "import sys, datetime, etableringsmodell as em\n"
        "rule = em.AllOf(em.AgeBetween(18, 64), em.NewlyArrived(em.Span(months=36)))\n"
        "p = em.Participant('x', birth_date=datetime.date(1980, 1, 1), received_on=datetime.date(2003, 1, 1))\n"
        "em.check_eligibility(p, rule, datetime.date(2004, 6, 1))\n"
        "print('pint' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_public_names_resolve() -> None:
    for name in etableringsmodell.__all__:
        assert getattr(etableringsmodell, name) is not None
    assert "check_eligibility" in dir(etableringsmodell)


def test_typed_marker_is_shipped() -> None:
    assert (SRC / "py.typed").exists()
