"""`cpmc lab` opens JupyterLab in French.

The browser check (a real chromium reads « Fichier », « Édition » in the menu bar of JupyterLab
started with the launcher's own command line and no user language) runs in the JupyterLab that
``tests/browser/test_hand_in_and_rubric_browser.py`` starts anyway: one server for three checks.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from cpmc_course.lab import LOCALE_PLUGIN, SETTINGS_DIR, lab_command

ROOT = Path(__file__).resolve().parents[2]


def test_the_launcher_makes_french_the_default_locale():
    overrides = json.loads((SETTINGS_DIR / "overrides.json").read_text(encoding="utf-8"))
    assert overrides[LOCALE_PLUGIN]["locale"] == "fr_FR"
    command = lab_command(Path("/cours"), ["--no-browser"])
    assert f"--LabApp.app_settings_dir={SETTINGS_DIR}" in command and command[-1] == "--no-browser"
    assert "--ServerApp.root_dir=/cours" in command
    assert importlib.util.find_spec("jupyterlab_language_pack_fr_FR") is not None  # declared in pyproject.toml


def test_cpmc_lab_outside_a_course_says_so_in_french(tmp_path, capsys):
    from cpmc_course.cli import BAD_INPUT, main

    assert main(["--course-dir", str(tmp_path), "lab"]) == BAD_INPUT
    assert "n'est pas une racine de cours" in capsys.readouterr().err


def test_cpmc_lab_passes_jupyter_options_on(tmp_path, monkeypatch):
    from cpmc_course import lab
    from cpmc_course.cli import OK, main

    (tmp_path / "source").mkdir()
    seen = {}
    monkeypatch.chdir(tmp_path.parent)
    monkeypatch.setattr(lab.os, "execv", lambda path, command: seen.update(path=path, command=command, cwd=Path.cwd()))
    assert main(["--course-dir", str(tmp_path), "lab", "--", "--no-browser", "--port=8899"]) == OK
    assert seen["cwd"] == tmp_path.resolve() and seen["command"][-2:] == ["--no-browser", "--port=8899"]
    assert seen["path"] == seen["command"][0]
    assert f"--LabApp.app_settings_dir={lab.SETTINGS_DIR}" in seen["command"]
