"""`cpmc hub` writes a JupyterHub folder that JupyterHub, nbgrader and JupyterLab load as they are; bad settings write nothing."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

from cpmc_course.cli import main

ARGS = ["--formateurs", "prof1,prof2", "--candidats", "etu1,etu2", "--cours-id", "cpmc-b5", "--port", "8123"]


@pytest.fixture(scope="module")
def python() -> str:
    """An executable every account can reach (mkdtemp makes a private folder: opened to others here)."""
    folder = Path(tempfile.mkdtemp(prefix="cpmc-hub-python-"))
    folder.chmod(0o755)
    exe = folder / "python3"
    exe.write_text("#!/bin/sh\n", encoding="utf-8")
    exe.chmod(0o755)
    yield str(exe)
    shutil.rmtree(folder)


def _write(tmp_path: Path, python: str, *extra: str) -> Path:
    out = tmp_path / "hub"
    assert main(["hub", "--out", str(out), "--python", python, *ARGS, *extra]) == 0
    return out


def _hub_app(config: Path):
    from jupyterhub.app import JupyterHub

    app = JupyterHub()
    app.load_config_file(str(config))
    return app


def test_jupyterhub_loads_the_configuration(tmp_path, python):
    out = _write(tmp_path, python, "--dossier-cours", "/srv/cours/cpmc-b5")
    app = _hub_app(out / "jupyterhub_config.py")
    assert app.bind_url == "http://:8123"
    assert app.authenticator_class.__name__ == "PAMAuthenticator"
    assert set(app.config.Authenticator.allowed_users) == {"prof1", "prof2", "etu1", "etu2"}
    assert app.load_groups == {"formgrade-cpmc-b5": {"users": ["prof1", "prof2"]}}
    formgrade = next(r for r in app.load_roles if r["name"] == "formgrade-cpmc-b5")
    assert "access:services!service=cpmc-b5" in formgrade["scopes"] and formgrade["groups"] == ["formgrade-cpmc-b5"]
    service = next(s for s in app.services if s["name"] == "cpmc-b5")
    assert service["user"] == "grader-cpmc-b5" and service["cwd"] == "/srv/cours/cpmc-b5"
    assert service["command"][:3] == [python, "-m", "jupyterhub.singleuser"]
    culler = next(s for s in app.services if s["name"] == "idle-culler")
    assert culler["command"][1:] == ["-m", "jupyterhub_idle_culler", "--timeout=3600"]
    assert any(r.get("services") == ["idle-culler"] and "delete:servers" in r["scopes"] for r in app.load_roles)
    assert app.config.Spawner.environment["JUPYTER_CONFIG_PATH"] == str(out / "jupyter")
    assert app.db_url == f"sqlite:///{out / 'etat' / 'jupyterhub.sqlite'}"


def test_users_and_course_read_the_same_course_and_exchange(tmp_path, python):
    out = _write(tmp_path, python, "--echange", "/srv/echange", "--carnet", "postgresql+psycopg://cpmc@db/cpmc")
    users = PyFileConfigLoader("nbgrader_config.py", str(out / "jupyter")).load_config()
    course = PyFileConfigLoader("nbgrader_config.py", str(out / "cours")).load_config()
    for config in (users, course):
        assert config.CourseDirectory.course_id == "cpmc-b5"
        assert config.Exchange.root == "/srv/echange"
    assert course.CourseDirectory.db_url == "postgresql+psycopg://cpmc@db/cpmc"
    assert course.CourseDirectory.root == "/home/grader-cpmc-b5/cours"
    assert course.ClearSolutions.text_stub == "VOTRE RÉPONSE ICI"  # the course's own settings come first


def test_every_jupyterlab_of_the_hub_is_french(tmp_path, python, monkeypatch):
    from jupyterlab_server.settings_utils import _get_overrides

    out = _write(tmp_path, python)
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(out / "jupyter"))
    overrides, error = _get_overrides(str(tmp_path / "aucun-reglage"))
    assert not error and overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "fr_FR"
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_the_sqlite_gradebook_lies_in_the_course_and_the_readme_is_french(tmp_path, python):
    out = _write(tmp_path, python)
    course = PyFileConfigLoader("nbgrader_config.py", str(out / "cours")).load_config()
    assert course.CourseDirectory.db_url == "sqlite:////home/grader-cpmc-b5/cours/gradebook.db"
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "Mise en service" in readme and "grader-cpmc-b5" in readme and "/services/cpmc-b5/formgrader" in readme
    assert (out / "installer.sh").stat().st_mode & 0o111


def test_candidates_by_unix_group(tmp_path, python):
    out = tmp_path / "hub"
    assert main(["hub", "--out", str(out), "--python", python, "--formateurs", "prof1", "--groupe-candidats", "etudiants"]) == 0
    app = _hub_app(out / "jupyterhub_config.py")
    assert app.config.LocalAuthenticator.allowed_groups == ["etudiants"]
    assert app.config.Authenticator.allowed_users == ["prof1"]


def test_lti13_login_from_moodle(tmp_path, python):
    out = _write(tmp_path, python, "--auth", "lti13", "--lti-emetteur", "https://moodle.ecole.fr", "--lti-client", "abc",
                 "--lti-autorisation", "https://moodle.ecole.fr/mod/lti/auth.php",
                 "--lti-cles", "https://moodle.ecole.fr/mod/lti/certs.php")
    app = _hub_app(out / "jupyterhub_config.py")
    assert app.authenticator_class.__name__ == "LTI13Authenticator"
    lti = app.config.LTI13Authenticator
    assert lti.issuer == "https://moodle.ecole.fr" and lti.client_id == ["abc"]
    assert lti.jwks_endpoint.endswith("/certs.php")
    assert "https://<hub>/hub/lti13/config" in (out / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("extra", "expected"), [
    (["--cours-id", "Mon Cours"], "identifiant de cours 'Mon Cours' invalide"),
    (["--formateurs", ""], "aucun formateur"),
    (["--candidats", "prof1"], "prof1 : à la fois formateur et candidat"),
    (["--echange", "echange"], "dossier d'échange 'echange' : un chemin absolu est attendu"),
    (["--port-formgrader", "8123"], "ne peuvent pas écouter le même port 8123"),
    (["--auth", "lti13"], "--auth lti13 demande --lti-emetteur"),
    (["--carnet", "mysql://x"], "carnet de notes 'mysql://x'"),
    (["--inactivite", "1"], "5 minutes au moins"),
    (["--groupe-candidats", "etudiants", "--auth", "lti13", "--lti-emetteur", "http://moodle", "--lti-client", "x",
      "--lti-autorisation", "https://m/a", "--lti-cles", "https://m/c"],
     "--groupe-candidats ne vaut que pour les comptes Unix"),
    (["--lti-client", "abc"], "réglages LTI donnés sans --auth lti13"),
])
def test_bad_settings_are_refused_in_french_and_nothing_is_written(tmp_path, python, capsys, extra, expected):
    out = tmp_path / "hub"
    assert main(["hub", "--out", str(out), "--python", python, *ARGS, *extra]) == 2
    err = capsys.readouterr().err
    assert "Réglages du hub invalides, rien n'a été écrit" in err and expected in err
    assert list(tmp_path.iterdir()) == []


def test_an_interpreter_other_accounts_cannot_reach_is_refused(tmp_path, capsys):
    private = tmp_path / "prive"  # pytest's tmp_path lies in a folder only its owner crosses
    private.mkdir(mode=0o700)
    exe = private / "python3"
    exe.write_text("#!/bin/sh\n", encoding="utf-8")
    exe.chmod(0o755)
    assert main(["hub", "--out", str(tmp_path / "hub"), "--python", str(exe), *ARGS]) == 2
    err = capsys.readouterr().err
    assert f"interpréteur Python {exe} inaccessible aux comptes des candidats" in err
    assert "n'est pas traversable par les autres utilisateurs" in err
    assert not (tmp_path / "hub").exists()


def test_a_folder_in_use_is_not_overwritten(tmp_path, python, capsys):
    (tmp_path / "hub").mkdir()
    (tmp_path / "hub" / "jupyterhub_config.py").write_text("# à garder\n", encoding="utf-8")
    assert main(["hub", "--out", str(tmp_path / "hub"), "--python", python, *ARGS]) == 2
    assert "n'est pas un dossier vide" in capsys.readouterr().err
    assert (tmp_path / "hub" / "jupyterhub_config.py").read_text(encoding="utf-8") == "# à garder\n"


def test_a_hub_that_cannot_start_says_why(tmp_path):
    """What the live test turns into a failure when ``CI`` is set (a skip otherwise): the hub's own last words."""
    from live import Hub

    config = tmp_path / "jupyterhub_config.py"
    config.write_text("raise ValueError('réglage cassé')\n", encoding="utf-8")
    hub = Hub(config, "http://127.0.0.1:9")
    try:
        with pytest.raises(RuntimeError, match="(?s)le hub s'est arrêté au démarrage.*réglage cassé"):
            hub.wait(timeout=60)
    finally:
        hub.stop()
