"""Engine parts without nbgrader runs: settings, staging of odd copies, names handed to the evaluator, PATH, --sandbox=required."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import nbformat
import pytest

from builders import make_course
from cpmc_course.engine import sandbox
from cpmc_course.engine.evaluation import names_read
from cpmc_course.engine.execute import instructor_bindings, source_tests
from cpmc_course.engine.staging import fingerprint, stage
from cpmc_course.errors import CpmcError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_limits_defaults_and_settings(tmp_path):
    assert sandbox.load_limits(tmp_path) == sandbox.Limits()
    (tmp_path / "autograder").mkdir()
    (tmp_path / "autograder" / "cpmc.toml").write_text("[sandbox]\nmemoire_mio = 1024\ndelai_cellule_s = 30\n", encoding="utf-8")
    limits = sandbox.load_limits(tmp_path)
    assert (limits.memoire_mio, limits.delai_cellule_s, limits.cpu_s) == (1024, 30, sandbox.Limits().cpu_s)


@pytest.mark.parametrize("text,expected", [
    ("[sandbox]\nmemoir = 1\n", "réglage(s) inconnu(s) memoir"),
    ("[sandbox]\nmemoire_mio = -5\n", "memoire_mio doit être un entier positif"),
    ("[sandbox\n", "fichier de réglages illisible"),
])
def test_bad_settings_are_french_errors(tmp_path, text, expected):
    (tmp_path / "autograder").mkdir()
    (tmp_path / "autograder" / "cpmc.toml").write_text(text, encoding="utf-8")
    with pytest.raises(CpmcError, match=re.escape(expected)):
        sandbox.load_limits(tmp_path)


def _source(tmp_path):
    course = make_course(tmp_path / "cours")
    return course / "source" / "b5_test"


def test_links_and_special_files_are_never_followed(tmp_path):
    source = _source(tmp_path)
    copy = tmp_path / "copie"
    copy.mkdir()
    (copy / "exercice.ipynb").write_bytes((source / "exercice.ipynb").read_bytes())
    os.symlink("/dev/zero", copy / "zero.csv")
    os.symlink(source / "exercice.ipynb", copy / "solution.ipynb")
    os.mkfifo(copy / "tube")
    (tmp_path / "carnet.db").write_text("notes", encoding="utf-8")
    os.link(tmp_path / "carnet.db", copy / "donnees.csv")
    digest = fingerprint(copy)  # would never end if /dev/zero or the pipe were read
    staged = stage(copy, tmp_path / "depot", source)
    assert not staged.fatal and sorted(p.name for p in (tmp_path / "depot").iterdir()) == ["exercice.ipynb"]
    assert any("zero.csv : lien symbolique ignoré" in n for n in staged.notes)
    assert any("tube : fichier spécial ignoré" in n for n in staged.notes)
    assert any("donnees.csv : fichier à plusieurs liens physiques ignoré" in n for n in staged.notes)
    assert digest == fingerprint(copy)


@pytest.mark.parametrize("data,reason", [
    (b"", "fichier vide"), (b"\xff\xfe{", "non UTF-8"), (b'{"cells": [', "JSON invalide"), (b"[1, 2]", "pas un notebook"),
    (b'{"cells": [], "metadata": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "JSON imbriqué sur plus de 64 niveaux"),
    (b'{"cells": [], "metadata": ' + b"[" * 65 + b"]" * 65 + b"}", "JSON imbriqué sur plus de 64 niveaux"),
    (b'{"cells": [' + b"[" * 100_000, "JSON imbriqué"),
])
def test_unreadable_notebooks(tmp_path, data, reason):
    source = _source(tmp_path)
    copy = tmp_path / "copie"
    copy.mkdir()
    (copy / "exercice.ipynb").write_bytes(data)
    staged = stage(copy, tmp_path / "depot", source)
    assert reason in staged.fatal and "exercice.ipynb" in staged.fatal


def test_nbformat3_is_upgraded(tmp_path):
    source = _source(tmp_path)
    copy = tmp_path / "copie"
    copy.mkdir()
    nb = nbformat.read(str(source / "exercice.ipynb"), as_version=4)
    (copy / "exercice.ipynb").write_text(nbformat.writes(nbformat.convert(nb, 3), version=3), encoding="utf-8")
    staged = stage(copy, tmp_path / "depot", source)
    upgraded = json.loads((tmp_path / "depot" / "exercice.ipynb").read_text(encoding="utf-8"))
    assert not staged.fatal and upgraded["nbformat"] == 4 and not staged.zero


def test_duplicated_renamed_and_deleted_graded_cells(tmp_path):
    source = _source(tmp_path)
    nb = json.loads((source / "exercice.ipynb").read_text(encoding="utf-8"))
    ids = [c["metadata"].get("nbgrader", {}).get("grade_id") for c in nb["cells"]]
    nb["cells"].append(json.loads(json.dumps(nb["cells"][ids.index("b5_total_leads")])))
    nb["cells"][ids.index("b5_taux_conversion")]["metadata"]["nbgrader"]["grade_id"] = "b5_mon_test"
    del nb["cells"][ids.index("b5_synthese")]
    copy = tmp_path / "copie"
    copy.mkdir()
    (copy / "exercice.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    staged = stage(copy, tmp_path / "depot", source)
    assert set(staged.zero["exercice"]) == {"b5_total_leads", "b5_taux_conversion", "b5_synthese"}
    assert any("'b5_mon_test'" in n for n in staged.notes)
    graded = [c["metadata"].get("nbgrader", {}).get("grade_id")
              for c in json.loads((tmp_path / "depot" / "exercice.ipynb").read_text(encoding="utf-8"))["cells"]]
    assert graded.count("b5_total_leads") == 1 and "b5_mon_test" not in graded


def test_instructor_bindings_come_from_non_answer_cells(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import numpy as np\nfrom math import isclose\nfrom pandas import testing as pdt"),
        nbformat.v4.new_code_cell("import os as np2"),
    ])
    nb.cells[1].metadata["nbgrader"] = {"solution": True, "grade_id": "x"}
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, str(path))
    assert instructor_bindings(path) == {"np": ("numpy", ""), "isclose": ("math", "isclose"), "pdt": ("pandas", "testing")}


def test_test_cells_are_those_of_source(tmp_path):
    """Which cells run in the evaluator comes from ``source/``: a copy flipping a test cell's flags changes nothing."""
    path = make_course(tmp_path / "cours") / "source" / "b5_test" / "exercice.ipynb"
    assert source_tests(path) == {"b5_taux_conversion", "b5_total_leads"}
    assert source_tests(tmp_path / "absent.ipynb") is None


def test_cli_by_full_path_without_environment_on_path(tmp_path):
    """Gradebook creation calls the `alembic` program: it must be found without an activated environment."""
    course = make_course(tmp_path / "cours")
    env = dict(os.environ, PATH="/usr/bin:/bin", PYTHONPATH=ROOT)
    proc = subprocess.run([sys.executable, "-m", "cpmc_course", "--course-dir", str(course), "release"],
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-800:]
    assert (course / "gradebook.db").exists()


def test_sandbox_required_refuses_without_sandbox(tmp_path, monkeypatch):
    from cpmc_course.pipeline import autograde

    course = make_course(tmp_path / "cours")
    (course / "gradebook.db").write_bytes(b"")
    target = course / "submitted" / "alice" / "b5_test"
    target.mkdir(parents=True)
    (target / "exercice.ipynb").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(sandbox, "probe", lambda: sandbox.Support(problems=("test",)))
    monkeypatch.setattr("cpmc_course.pipeline.ensure_students", lambda *a: None)
    with pytest.raises(CpmcError, match="refusée"):
        autograde(course, progress=False, sandbox="required")


def test_sandbox_available_here():
    """CI machines (CI=true) must offer the sandbox: this fails there instead of skipping."""
    support = sandbox.probe()
    if not support.available and not os.environ.get("CI"):
        pytest.skip(support.describe())
    assert support.available, support.describe()


def test_names_read_by_a_test_cell():
    """What the evaluator receives from the copy: builtins, the cell's functions, arguments and loop names left out."""
    source = ("# Vérifie\nassert math.isclose(total, 12) and abs(x - 1) < 1e-9\ny = 3\nprint(y)\n"
              "def _aide(z):\n    return z + w\nassert all(_aide(c) for c in leads)\n%time pass")
    assert names_read(source) == ["leads", "math", "total", "w", "x", "y"]
    assert names_read("def (") == []


def test_kernel_environment_drops_the_graders_secrets():
    from cpmc_course.engine.kernels import kernel_environment

    grader = {"PATH": "/usr/bin", "LANG": "fr_FR.UTF-8", "PYTHONPATH": "/cours", "PGPASSWORD": "x", "PGSERVICEFILE": "x",
              "JUPYTERHUB_API_TOKEN": "x", "GITHUB_TOKEN": "x", "AWS_SECRET_ACCESS_KEY": "x", "DATABASE_URL": "x",
              "my_api_key": "x", "SMTP_PASSWORD": "x"}
    assert kernel_environment(grader) == {"PATH": "/usr/bin", "LANG": "fr_FR.UTF-8", "PYTHONPATH": "/cours"}
