"""release/ is exactly what `cpmc release` generates from source/ (never hand-edited)."""

import filecmp
import shutil
from pathlib import Path

import pytest

from cpmc_course.cli import main
from cpmc_course.pipeline import assignments_in

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.nbgrader


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts)


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """One course holding every assignment of source/, released by one `cpmc release` (one gradebook created)."""
    course = tmp_path_factory.mktemp("publication") / "cours"
    course.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "source", course / "source", ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    assert main(["--course-dir", str(course), "release"]) == 0
    return course


@pytest.mark.parametrize("assignment", assignments_in(ROOT / "source"))
def test_release_matches_source(assignment, released):
    fresh, committed = released / "release" / assignment, ROOT / "release" / assignment
    assert _files(fresh) == _files(committed), "release/ lists other files: run `cpmc release` and commit"
    for name in _files(fresh):
        assert filecmp.cmp(fresh / name, committed / name, shallow=False), f"{name} differs: run `cpmc release` and commit"
