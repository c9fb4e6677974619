"""Where the shipped course is found, `cpmc init`, and what the grading sandbox hides of it (no nbgrader, fast)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from wheel_probes import CONFINED_READ

from cpmc_course import datasets, resources
from cpmc_course.cli import main
from cpmc_course.course import package_course_root
from cpmc_course.engine.sandbox import _without, readable_paths
from cpmc_course.errors import CpmcError
from cpmc_course.lessons import b1, b2

ROOT = Path(__file__).resolve().parents[2]


def test_a_checkout_reads_the_live_folders_of_the_repository():
    assert resources.repository_root() == ROOT
    assert resources.course_root() == ROOT == package_course_root()
    assert datasets.CALYCE_DIR == ROOT / "case_studies" / "b5_calyce" / "data"
    assert b1.donnees.ARDENE_DIR.parent.parent == b2.data.OUTIVIS_DIR.parent.parent == ROOT / "case_studies"
    assert datasets.CASES["lunea"].data_dir.is_dir() and datasets.CASES["vallon"].data_dir.is_dir()
    assert not resources.packaged_root().exists()  # a stale copy would never shadow the live folders anyway


def test_without_cuts_a_secret_out_of_the_trees_that_contain_it(tmp_path):
    for name in ("a/b/secret/x", "a/b/voisin", "a/c", "d"):
        (tmp_path / name).mkdir(parents=True)
    granted = {str(tmp_path / "a"), str(tmp_path / "d"), str(tmp_path / "a/b/secret/x")}
    kept = _without(granted, tmp_path / "a/b/secret")
    assert kept == {str(tmp_path / p) for p in ("a/b/voisin", "a/c", "d")}
    assert _without({str(tmp_path / "a/b/secret")}, tmp_path / "a/b/secret") == set()
    (tmp_path / "a/lien").symlink_to(tmp_path / "a/b")  # a venv's lib64 → lib: granting the link grants the secret
    (tmp_path / "a/b/voisin/vers_secret").symlink_to(tmp_path / "a/b/secret/x")
    assert _without({str(tmp_path / "a")}, tmp_path / "a/b/secret") == {str(tmp_path / p) for p in ("a/b/voisin", "a/c")}


def test_the_sandbox_grants_the_package_but_no_course_content_around_it(tmp_path):
    granted = [Path(p) for p in readable_paths(tmp_path)]
    package = ROOT / "cpmc_course"
    assert package in granted
    for secret in resources.secret_paths():
        assert all(g != secret and g not in secret.parents and secret not in g.parents for g in granted), secret
    assert ROOT / "source" in resources.secret_paths() and ROOT / ".git" in resources.secret_paths()


def test_a_confined_kernel_run_from_the_checkout_cannot_read_its_solutions(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the repository root on sys.path, as in development
    said = subprocess.run([sys.executable, "-c", CONFINED_READ], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert said.returncode == 0, said.stderr
    if said.stdout.strip() == "sans Landlock" and not os.environ.get("CI"):
        pytest.skip("Landlock indisponible sur cette machine")
    assert said.stdout.strip() == "refusé"


def test_init_copies_a_complete_course(tmp_path):
    target = resources.init_course(tmp_path / "nouveau" / "cours")
    for name in resources.CONTENT:
        assert (target / name).exists(), name
    sources = sorted(p.relative_to(ROOT / "source") for p in (ROOT / "source").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    assert sorted(p.relative_to(target / "source") for p in (target / "source").rglob("*.ipynb")) == sources
    example = (target / resources.ROSTER_EXAMPLE).read_text(encoding="utf-8")
    assert example.startswith("sujet;equipe;etudiant;statut\n") and "b4_projet_web_equipe;Alpha;etu01;" in example
    assert not (target / "autograder" / "equipes.csv").exists()
    assert [p.name for p in target.parent.iterdir()] == ["cours"]  # no temporary folder left


def test_init_sets_the_exchange_where_the_assignment_list_reads_it(tmp_path):
    """*Assignment List* loads nbgrader's configuration from the student folder: it must name the course's exchange."""
    from traitlets.config.loader import PyFileConfigLoader

    target = resources.init_course(tmp_path / "Cours Été 2027")
    moved = target.rename(tmp_path / "ailleurs")  # paths follow the folder
    config = PyFileConfigLoader("nbgrader_config.py", path=str(moved / resources.STUDENT_DIR)).load_config()
    assert config.Exchange.root == str(moved / resources.EXCHANGE_DIR)
    assert config.Exchange.assignment_dir == str(moved / resources.STUDENT_DIR)
    assert config.CourseDirectory.course_id == "cours-ete-2027"
    assert (moved / resources.EXCHANGE_DIR).stat().st_mode & 0o1777 == 0o1777


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "cours").mkdir()
    (tmp_path / "cours" / "notes.txt").write_text("à garder", encoding="utf-8")
    assert main(["init", str(tmp_path / "cours")]) == 2
    assert "n'est pas un dossier vide" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["cours", "notes.txt"]
    (tmp_path / "fichier").write_text("x", encoding="utf-8")
    with pytest.raises(CpmcError):
        resources.init_course(tmp_path / "fichier")


def test_init_into_an_empty_folder_and_from_the_command_line(tmp_path, capsys):
    (tmp_path / "vide").mkdir()
    assert main(["init", str(tmp_path / "vide")]) == 0
    assert "Cours complet copié" in capsys.readouterr().out
    assert (tmp_path / "vide" / "nbgrader_config.py").is_file()


def test_init_interrupted_leaves_nothing_half_written(tmp_path, monkeypatch):
    real = resources.shutil.copytree

    def fail_on_courses(origin, dest, *args, **kw):
        if Path(origin).name == "courses":
            raise OSError(28, "No space left on device")
        return real(origin, dest, *args, **kw)

    monkeypatch.setattr(resources.shutil, "copytree", fail_on_courses)
    with pytest.raises(OSError):
        resources.init_course(tmp_path / "cours")
    assert os.listdir(tmp_path) == []


def test_missing_course_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setattr(resources, "repository_root", lambda: None)
    monkeypatch.setattr(resources, "packaged_root", lambda: tmp_path / "_cours")
    with pytest.raises(CpmcError, match="Cours du paquet introuvable"):
        resources.course_root()
    assert resources.secret_paths() == [tmp_path / "_cours"]


def test_the_build_hook_ships_what_the_resolver_and_init_expect():
    import ast

    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    values = {t.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
              for t in node.targets if isinstance(t, ast.Name) and t.id in ("CONTENT", "IGNORED")}
    assert values == {"CONTENT": resources.CONTENT, "IGNORED": resources.IGNORED}
