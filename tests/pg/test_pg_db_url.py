"""One gradebook URL: ``gradebook.db_url`` answers what nbgrader's own apps resolve, and a bad one is a French error."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest

from builders import make_course
from cpmc_course.cli import build_parser, main
from cpmc_course.errors import CpmcError
from cpmc_course.gradebook import db_url, describe

NBGRADER_SAYS = r"""
import json, os, sys
from nbgrader.apps import NbGrader
answers = []
for course, config_dir in json.loads(sys.argv[1]):
    os.environ["JUPYTER_CONFIG_DIR"] = config_dir
    os.chdir(course)  # cpmc runs nbgrader from the course root
    NbGrader.clear_instance()
    app = NbGrader()
    app.initialize([])
    answers.append(app.coursedir.db_url)
print(json.dumps(answers))
"""
"""nbgrader's answer, independent of cpmc: its ``NbGrader`` app loads the configuration and its ``CourseDirectory`` says."""


def _course(tmp_path, name: str, line: str = "") -> str:
    root = make_course(tmp_path / name)
    if line:
        with open(root / "nbgrader_config.py", "a", encoding="utf-8") as f:
            f.write("\n" + line + "\n")
    return str(root)


def _config_dir(tmp_path, name: str, files: dict[str, str]) -> str:
    folder = tmp_path / name
    folder.mkdir()
    for filename, text in files.items():
        (folder / filename).write_text(text, encoding="utf-8")
    return str(folder)


def test_db_url_is_the_one_nbgrader_uses(tmp_path, monkeypatch):
    empty = _config_dir(tmp_path, "jupyter_vide", {})
    user_py = _config_dir(tmp_path, "jupyter_py", {"nbgrader_config.py": "c = get_config()\nc.CourseDirectory.db_url = 'postgresql://ecole@serveur/ecole_py'\n"})
    user_json = _config_dir(tmp_path, "jupyter_json", {"nbgrader_config.json": json.dumps({"CourseDirectory": {"db_url": "postgresql://ecole@serveur/ecole_json"}})})
    cases = [
        (_course(tmp_path, "defaut"), empty),  # nbgrader's default: the SQLite file of the course root
        (_course(tmp_path, "cours_pg", "c.CourseDirectory.db_url = 'postgresql+psycopg://cpmc:secret@db.ecole.fr:5432/cpmc_b5'"), empty),
        (_course(tmp_path, "utilisateur"), user_py),  # set by the school for every course (~/.jupyter)
        (_course(tmp_path, "utilisateur_json"), user_json),
        (_course(tmp_path, "cours_gagne", "c.CourseDirectory.db_url = 'postgresql://cours@serveur/cours'"), user_py),
        (_course(tmp_path, "racine", "c.CourseDirectory.root = 'ailleurs'"), empty),
    ]
    proc = subprocess.run([sys.executable, "-c", NBGRADER_SAYS, json.dumps(cases)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    expected = json.loads(proc.stdout.strip().splitlines()[-1])
    ours = []
    for course, config_dir in cases:
        monkeypatch.setenv("JUPYTER_CONFIG_DIR", config_dir)
        ours.append(db_url(course))
    assert ours == expected
    assert expected[0] == f"sqlite:///{tmp_path / 'defaut' / 'gradebook.db'}"
    assert expected[2].endswith("/ecole_py") and expected[3].endswith("/ecole_json") and expected[4].endswith("/cours")


def test_messages_hide_the_password():
    assert describe("postgresql+psycopg://cpmc:secret@db.ecole.fr:5432/cpmc_b5") == "postgresql+psycopg://cpmc:***@db.ecole.fr:5432/cpmc_b5"
    assert describe("sqlite:////srv/cours/gradebook.db") == "/srv/cours/gradebook.db (SQLite)"


def test_broken_nbgrader_config_is_a_french_error(tmp_path, capsys):
    course = _course(tmp_path, "casse", "c.CourseDirectory.db_url = (")
    with pytest.raises(CpmcError, match="Configuration nbgrader illisible"):
        db_url(course)
    assert main(["--course-dir", course, "report", "--out", str(tmp_path / "rapport")]) == 2
    assert "nbgrader_config.py" in capsys.readouterr().err


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again on return: nothing listens there


@pytest.mark.parametrize("command", [["report"], ["export"], ["autograde", "--quiet"], ["release"]])
def test_unreachable_server_is_a_french_error(tmp_path, capsys, command):
    url = f"postgresql://cpmc:motdepasse@127.0.0.1:{_closed_port()}/cpmc"
    course = _course(tmp_path, "injoignable", f"c.CourseDirectory.db_url = {url!r}")
    assert main(["--course-dir", course, *command]) == 2
    err = capsys.readouterr().err
    assert "Connexion au carnet de notes impossible (postgresql://cpmc:***@127.0.0.1:" in err, err
    assert "motdepasse" not in err
    assert not (tmp_path / "injoignable" / "release").exists()


def test_bad_url_is_a_french_error(tmp_path, capsys):
    course = _course(tmp_path, "mauvaise_url", "c.CourseDirectory.db_url = 'postgres ql//serveur'")
    assert main(["--course-dir", course, "report"]) == 2
    assert "URL du carnet de notes invalide" in capsys.readouterr().err


def test_help_says_which_gradebook(capsys):
    for command in ("release", "autograde", "report", "export"):
        with pytest.raises(SystemExit):
            build_parser().parse_args([command, "--help"])
        assert "c.CourseDirectory.db_url" in capsys.readouterr().out.replace("\n", " ")


def test_the_demo_never_writes_to_the_school_server(tmp_path, monkeypatch):
    """A gradebook server set in Jupyter's config folders for the real course is not where simulated students go."""
    from pathlib import Path

    from cpmc_course.demo import _prepare

    config_dir = tmp_path / "jupyter"
    config_dir.mkdir()
    (config_dir / "nbgrader_config.py").write_text(
        'c = get_config()\nc.CourseDirectory.db_url = "postgresql+psycopg://cpmc@ecole.example/cpmc"\n', encoding="utf-8")
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(config_dir))
    assert db_url(make_course(tmp_path / "vrai_cours")).startswith("postgresql+psycopg://")
    demo = tmp_path / "demo"
    _prepare(demo, Path(__file__).resolve().parents[2])
    assert db_url(demo) == f"sqlite:///{(demo / 'gradebook.db').resolve()}"
