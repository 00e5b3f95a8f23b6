"""The main job's figures, what it loads, and the synthetic cohort it is built on (issue 15).

The main job (README command 1) is timed in benchmarks/bench_mainjob.py, never here.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
from datetime import date, datetime

import attrs
import pytest

from etableringsmodell.errors import InvalidTypeError
from etableringsmodell.model import AssessedFact, Competence, Participant, ResidencePermit
from etableringsmodell.synthetic import synthetic_cohort

ON = date(2004, 6, 1)


def test_the_readme_figures() -> None:
    # README.md and docs quote these for the default report: 970, 1,904 and 126 of 3,000,
    # and seed 000's 3,500 of 5,775 placements.
    from io import StringIO

    from etableringsmodell.demo import run_demo

    out = StringIO()
    run_demo(out)
    text = out.getvalue()
    assert "eligible: 970 of 3,000 (32.3%)\n" in text
    assert "not eligible: 1,904;" in text
    assert "undetermined: 126;" in text
    assert "3,500 of 5,775 (60.6%)" in text


def _validated(person: Participant) -> Participant:
    """``person`` built again through every validating constructor of the model."""
    permit = person.permit
    return Participant(
        **{
            **attrs.asdict(person, recurse=False),
            "permit": None if permit is None else ResidencePermit(**attrs.asdict(permit, recurse=False)),
            "competences": [Competence(**attrs.asdict(k, recurse=False)) for k in person.competences],
            "facts": [AssessedFact(**attrs.asdict(f, recurse=False)) for f in person.facts],
        }
    )


@pytest.mark.parametrize(
    ("size", "on", "seed"), [(400, ON, 2004), (300, date(2019, 6, 1), 7), (200, date(1950, 1, 1), 3)]
)
def test_synthetic_participants_pass_the_models_validation(size: int, on: date, seed: int) -> None:
    # The generator builds participants without running the validators (it draws only valid
    # values); each must still be exactly what the validating constructors make of its values.
    cohort = synthetic_cohort(size, on, seed)
    assert len(cohort) == size
    for person in cohort:
        again = _validated(person)
        assert again == person
        assert type(again.competences) is type(person.competences) is tuple
        assert type(again.interests) is type(person.interests) is frozenset
        assert type(again.situations) is type(person.situations) is frozenset
        assert type(again.facts) is type(person.facts) is tuple


def test_synthetic_cohort_checks_its_date() -> None:
    # The participants are not validated one by one, so the reference date is checked up front.
    with pytest.raises(InvalidTypeError, match=r"^on: must be a datetime\.date, got datetime$"):
        synthetic_cohort(3, datetime(2004, 6, 1, 12, 0))  # noqa: DTZ001  # the type is what is refused
    with pytest.raises(InvalidTypeError, match=r"^on: must be a datetime\.date, got str$"):
        synthetic_cohort(3, "2004-06-01")  # type: ignore[arg-type]
    assert synthetic_cohort(0, ON) == []


_LOADED = """
import json, sys
from io import StringIO
from etableringsmodell.cli import main

out = StringIO()
sys.stdout, saved = out, sys.stdout
try:
    code = main(["report"])
finally:
    sys.stdout = saved
from etableringsmodell.units import registry
import pint
json.dump({
    "code": code,
    "eligible": "eligible: 970 of 3,000" in out.getvalue(),
    "modules": sorted(m for m in sys.modules if m.startswith(("scipy", "pint", "etableringsmodell"))),
    "registries": sum(1 for o in __import__("gc").get_objects() if isinstance(o, pint.UnitRegistry)),
}, sys.stdout)
"""


_PINT_ALONE = """
import json, sys
import pint
json.dump(sorted(m for m in sys.modules if m.startswith("scipy")), sys.stdout)
"""


def test_the_main_job_does_not_load_the_solver_or_faces() -> None:
    result = subprocess.run([sys.executable, "-c", _LOADED], capture_output=True, text=True, check=True)
    found = json.loads(result.stdout)
    assert found["code"] == 0
    assert found["eligible"]
    modules = found["modules"]
    # The 3,000 people fit the tracks with the pure-Python flow: scipy's solver is never imported,
    # nor any scipy module beyond what `import pint` loads by itself (pint probes for an installed
    # scipy's top-level package; without scipy installed, that is none).
    probe = subprocess.run([sys.executable, "-c", _PINT_ALONE], capture_output=True, text=True, check=True)
    assert {m for m in modules if m.startswith("scipy")} <= set(json.loads(probe.stdout))
    assert not [m for m in modules if m.startswith(("scipy.optimize", "scipy.sparse"))]
    assert not [m for m in modules if m.startswith("etableringsmodell.") and m.split(".")[1] in FACES]
    # Goal paces and experience are pint quantities, so the one registry is built, once.
    assert found["registries"] == 1


FACES = {"batch", "sql", "io", "service", "testing"}


_UNITS = """
from etableringsmodell.units import quantity, registry
print(quantity(4, "years").to("months"), quantity(250, "placement / month"), registry().cache_folder)
"""


@pytest.mark.skipif(
    sys.platform != "linux", reason="the cache folder is found through XDG_CACHE_HOME on Linux"
)
def test_the_registry_does_without_its_cache(tmp_path: pathlib.Path) -> None:
    def units(cache_home: pathlib.Path) -> list[str]:
        env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
        run = subprocess.run(
            [sys.executable, "-c", _UNITS], capture_output=True, text=True, check=True, env=env
        )
        return run.stdout.split()

    # A usable cache: written by the first registry, read by the next, the same quantities.
    same = ["48.0", "month", "250", "placement", "/", "month"]
    fresh = tmp_path / "fresh"
    assert units(fresh) == [*same, str(fresh / "pint")]
    written = sorted((fresh / "pint").glob("*.pickle"))
    assert written
    assert units(fresh) == [*same, str(fresh / "pint")]
    # A cache that cannot be made (its folder would be inside a file): parsed as before.
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    assert units(blocked) == [*same, "None"]
    # A cache whose files are damaged (another process half way through writing them).
    for cached in written:
        cached.write_bytes(cached.read_bytes()[:20])
    assert units(fresh) == [*same, "None"]


_DECLARED_ONLY = r"""
import importlib.abc, importlib.metadata as md, re, sys

def requirement_name(text):
    return re.split(r"[ ;<>=!~\[(]", text, maxsplit=1)[0].lower().replace("_", "-")

def closure(names):
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            requires = md.requires(name) or ()
        except md.PackageNotFoundError:  # a dependency for other Pythons (a marker): not installed
            continue
        seen.add(name)
        for req in requires:
            if "extra ==" not in req:  # an extra of a dependency is not installed with it
                todo.append(requirement_name(req))
    return seen

core = [requirement_name(r) for r in md.requires("etableringsmodell") if "extra ==" not in r or 'extra == "cli"' in r]
allowed = closure(core) | {"etableringsmodell"}
dists = md.packages_distributions()

def absent(name):
    top = name.partition(".")[0]
    if top in sys.stdlib_module_names or top.startswith("_"):
        return False
    owners = {d.lower().replace("_", "-") for d in dists.get(top, ())}
    return bool(owners) and not owners & allowed

class DeclaredOnly(importlib.abc.MetaPathFinder):
    # Wraps each finder: a module of an undeclared distribution is not found at all, as on a
    # machine without it (find_spec answers None, and importing it raises ModuleNotFoundError).
    def __init__(self, inner):
        self.inner = inner
    def find_spec(self, name, path=None, target=None):
        if absent(name):
            return None
        return self.inner.find_spec(name, path, target)
    def invalidate_caches(self):
        getattr(self.inner, "invalidate_caches", lambda: None)()

sys.meta_path[:] = [DeclaredOnly(f) if hasattr(f, "find_spec") else f for f in sys.meta_path]
from io import StringIO
from etableringsmodell.demo import run_demo
out = StringIO()
run_demo(out)
sys.stdout.write(out.getvalue())
"""


def test_the_main_job_runs_on_what_readme_command_1_installs() -> None:
    # README command 1 installs the core and the [cli] extra only; Babel once reached the main job
    # through Sphinx in the development environment alone, and the command failed on a fresh machine.
    # Here every module of a distribution outside those dependencies (numpy, scipy, dask, ...) is
    # refused at import, as on that machine, and the report must still come out whole.
    result = subprocess.run(
        [sys.executable, "-c", _DECLARED_ONLY], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "eligible: 970 of 3,000 (32.3%)" in result.stdout
