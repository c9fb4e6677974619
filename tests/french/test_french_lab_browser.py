"""`cpmc lab` opens JupyterLab in French: a real chromium reads « Fichier », « Édition » in the menu bar.

JupyterLab is started with the launcher's own command line (``cpmc_course.lab.lab_command``) on a
throwaway course root, with empty user settings (as on a new machine), on loopback with a token; the
helpers that start and stop it and find chromium are those of the revision browser test.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from cpmc_course.lab import LOCALE_PLUGIN, SETTINGS_DIR, lab_command

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("_revision_browser", ROOT / "tests" / "browser" / "test_revision_browser.py")
browser_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser_helpers)


def test_the_launcher_makes_french_the_default_locale():
    overrides = json.loads((SETTINGS_DIR / "overrides.json").read_text(encoding="utf-8"))
    assert overrides[LOCALE_PLUGIN]["locale"] == "fr_FR"
    command = lab_command(Path("/cours"), ["--no-browser"])
    assert f"--LabApp.app_settings_dir={SETTINGS_DIR}" in command and command[-1] == "--no-browser"
    assert "--ServerApp.root_dir=/cours" in command
    assert importlib.util.find_spec("jupyterlab_language_pack_fr_FR") is not None  # declared in pyproject.toml


@pytest.mark.browser
def test_jupyterlab_menus_are_french(tmp_path):
    chromium = browser_helpers._chromium()
    browser_helpers._require(chromium is not None, "chromium est absent")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        browser_helpers._require(False, "le paquet Python playwright est absent")

    course = tmp_path / "cours"
    (course / "source").mkdir(parents=True)
    with browser_helpers.course_lab(course, tmp_path) as (base, token), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=browser_helpers.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            page.goto(f"{base}/lab?token={token}")
            labels = page.locator(".lm-MenuBar-itemLabel")
            expect(labels.filter(has_text="Fichier")).to_have_count(1, timeout=60_000)
            expect(labels.filter(has_text="Édition")).to_have_count(1)
            texts = [t.strip() for t in labels.all_inner_texts()]
            assert "Exécution" in texts and "File" not in texts and "Edit" not in texts, texts
        finally:
            browser.close()


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
