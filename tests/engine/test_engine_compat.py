"""The engine's patches of library internals run only on the versions they were checked on, and say so once when off.

The pins of ``pyproject.toml`` and the checked versions of ``engine/compat.py``
are one list; on a version it does not know, each patch is left out and the
library's own behaviour is used (nbgrader's ``Execute`` and
``SaveAutoGrades``, its own Gradebook and schema checks).
"""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from cpmc_course.engine import compat

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def newer_nbgrader(monkeypatch):
    """nbgrader 0.10.0 installed, as far as ``compat`` can tell; the caches of ``compat`` restored afterwards."""
    real = compat.installed
    monkeypatch.setattr(compat, "installed", lambda d: "0.10.0" if d == "nbgrader" else real(d))
    monkeypatch.setattr(compat, "_WARNED", set())
    compat.enabled.cache_clear()
    yield
    monkeypatch.undo()
    compat.enabled.cache_clear()


def test_every_patch_runs_on_the_versions_installed_here():
    assert {name: compat.unknown_versions(name) for name in compat.PATCHES} == {name: [] for name in compat.PATCHES}
    assert compat.warn_disabled(io.StringIO()) == []


def test_the_pins_are_the_checked_versions():
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = {canonicalize_name(r.name): str(r.specifier) for r in map(Requirement, dependencies)}
    checked = {canonicalize_name(d): str(Requirement(f"x{s}").specifier)
               for patch in compat.PATCHES.values() for d, s in patch.checked if d != "python"}
    checked.update({canonicalize_name(d): str(Requirement(f"x{s}").specifier) for d, s in compat.TEMPLATES_CHECKED})
    assert {name: pins.get(name) for name in checked} == checked
    assert all("<" in spec for spec in checked.values())  # an upper bound on each


def test_an_unknown_version_turns_off_what_relies_on_it_with_one_french_warning(newer_nbgrader):
    off = {name for name in compat.PATCHES if not compat.enabled(name)}
    assert off == {"schema_cache", "reused_gradebook", "batched_save", "hardened_execute"}
    stream = io.StringIO()
    lines = compat.warn_disabled(stream)
    assert len(lines) == 4 and stream.getvalue().count("\n") == 4
    assert all(line.startswith("Attention\u202f:") and "nbgrader 0.10.0" in line and "comportement d'origine" in line
               for line in lines)
    assert compat.warn_disabled(io.StringIO()) == []  # once per process


def test_off_patches_leave_the_libraries_own_steps(newer_nbgrader, tmp_path):
    from nbgrader.converters import autograde as autograde_module
    from nbgrader.nbgraderformat import common
    from nbgrader.preprocessors import Execute, SaveAutoGrades

    from cpmc_course.engine import speedups, worker

    schema_module, gradebook_class = common.jsonschema, autograde_module.Gradebook
    speedups.install()
    assert common.jsonschema is schema_module and autograde_module.Gradebook is gradebook_class
    steps = worker._config(tmp_path, 5, 1024, True).Autograde.autograde_preprocessors
    assert steps[0] is Execute and SaveAutoGrades in steps
    assert "kernel_manager_class" not in worker._config(tmp_path, 5, 1024, True).SafeExecute
