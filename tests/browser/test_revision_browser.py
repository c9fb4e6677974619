"""The revision notebook in a real browser: JupyterLab on loopback, Debian's chromium driven by Playwright.

The test starts its own JupyterLab (free port, token, temporary root holding a
copy of the notebook, temporary progress file), runs the notebook from the
menu, answers one question right and one wrong, reads both feedbacks on the
page, checks the progress file and saves ``test-artifacts/revision.png``. The
server is stopped whatever happens. Without chromium the test fails when ``CI``
is set (``scripts/install-browser.sh`` installs it) and is skipped otherwise.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "courses" / "revision" / "revision.ipynb"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
# First question answered right (taux de marque = 30 %), second answered wrong (matrice BCG).
QUESTIONS = "b3-c20-taux-de-marque,b1-c2-carte-perceptuelle"
WRONG_CHOICE = "Une matrice BCG (croissance du marché et part de marché relative)"


def _require(available: bool, what: str) -> None:
    if available:
        return
    message = f"{what} : lancer scripts/install-browser.sh (paquet Debian chromium) et pip install -e '.[test]'."
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _chromium() -> str | None:
    """The chromium the package prints with (on the PATH, else Debian's), else ``None``."""
    from cpmc_course.pdf import chromium_path

    return chromium_path()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"JupyterLab s'est arrêté au démarrage :\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"JupyterLab ne répond pas après {timeout:.0f} s :\n{log.read_text(errors='replace')[-3000:]}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()  # JupyterLab shuts its kernels down on SIGTERM
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextmanager
def course_lab(course: Path, tmp_path: Path, env: dict | None = None):
    """JupyterLab on ``course`` with `cpmc lab`'s own command line, on loopback with a token; yields ``(base, token)``.

    Runtime, workspaces and user settings are the test's own (no language chosen:
    the course's French default applies); ``env`` adds variables. Stopped on exit.
    """
    from cpmc_course.lab import lab_command

    port, token = _free_port(), secrets.token_hex(16)
    environment = dict(os.environ)
    environment.update({
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        **(env or {}),
    })
    command = lab_command(course, [
        "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ])
    log = tmp_path / "jupyterlab.log"
    with log.open("w") as log_file:
        proc = subprocess.Popen(command, env=environment, stdout=log_file, stderr=subprocess.STDOUT, cwd=course)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for_server(f"{base}/api/status?token={token}", proc, log)
        yield base, token
    finally:
        _stop(proc)


@pytest.mark.browser
def test_revision_notebook_in_jupyterlab(tmp_path):
    chromium = _chromium()
    _require(chromium is not None, "chromium est absent")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _require(False, "le paquet Python playwright est absent")

    started = time.monotonic()
    root = tmp_path / "cours"
    root.mkdir()
    shutil.copy(NOTEBOOK, root / NOTEBOOK.name)
    progression = tmp_path / "progression.json"
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    env.update({
        "CPMC_PROGRESSION": str(progression),
        # the kernel imports the package of this checkout, whatever copy pip last installed as editable
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
        "CPMC_REVISION_QUESTIONS": QUESTIONS,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
    })
    # Render every cell (no virtual scrolling, so the widgets are in the page) and no news pop-up.
    settings = tmp_path / "settings"
    for plugin, values in {
        "notebook-extension/tracker": {"windowingMode": "none"},
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }.items():
        target = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    log = tmp_path / "jupyterlab.log"
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with log.open("w") as log_file:
        proc = subprocess.Popen(command, env=env, stdout=log_file, stderr=subprocess.STDOUT, cwd=root)
    try:
        _wait_for_server(f"http://127.0.0.1:{port}/api/status?token={token}", proc, log)
        server_ready = time.monotonic()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            try:
                page.goto(f"http://127.0.0.1:{port}/lab/tree/{NOTEBOOK.name}?token={token}")
                page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
                # wait for the kernel, then Run › Run All Cells from the menu bar, as a learner would
                page.get_by_text(re.compile(r"\|\s*Idle$")).first.wait_for(timeout=60_000)  # status bar
                page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
                page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

                questions = page.locator(".cpmc-question")
                expect(questions).to_have_count(2, timeout=60_000)
                menu_clicked = time.monotonic()
                right, wrong = questions.nth(0), questions.nth(1)

                right.locator("input[type='text']").fill("30")
                right.locator("button.cpmc-valider").click()
                right_feedback = right.locator(".cpmc-feedback")
                expect(right_feedback).to_contain_text("Bonne réponse", timeout=30_000)

                wrong.get_by_text(WRONG_CHOICE, exact=True).click()
                wrong.locator("button.cpmc-valider").click()
                wrong_feedback = wrong.locator(".cpmc-feedback")
                expect(wrong_feedback).to_contain_text("Réponse incorrecte", timeout=30_000)

                right_text, wrong_text = right_feedback.inner_text(), wrong_feedback.inner_text()
                assert "marge / prix de vente HT" in right_text  # the explanation is shown
                assert "Bonne réponse : Une carte perceptuelle" in wrong_text
                assert "matrice BCG classe les activités" in wrong_text
                expect(page.locator(".cpmc-question").first).to_be_visible()
                expect(page.get_by_text("Score de la séance : 1 / 2")).to_be_visible(timeout=30_000)

                # the carte redraws with the two answers
                page.get_by_role("button", name="Mettre à jour la carte").click()
                expect(page.get_by_text("Compétences révisées : 2 sur 37")).to_be_visible(timeout=30_000)

                # both questions and their feedback in view for the screenshot
                page.get_by_text("Progression enregistrée dans").evaluate("e => e.scrollIntoView({block: 'start'})")
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "revision.png"))
                carte = page.locator(".jp-OutputArea-output img").last
                expect(carte).to_be_visible(timeout=30_000)
                carte.scroll_into_view_if_needed()
                page.screenshot(path=str(ARTIFACTS / "revision-carte.png"))
            except BaseException:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "revision-echec.png"))
                raise
            finally:
                browser.close()
        done = time.monotonic()
    finally:
        _stop(proc)

    saved = json.loads(progression.read_text(encoding="utf-8"))["reponses"]
    assert [(a["question"], a["correct"], a["given"]) for a in saved] == [
        ("b3-c20-taux-de-marque", True, "30"),
        ("b1-c2-carte-perceptuelle", False, WRONG_CHOICE),
    ]
    print(
        f"\nJupyterLab prêt en {server_ready - started:.1f} s ; carnet ouvert et exécuté en "
        f"{menu_clicked - server_ready:.1f} s ; réponses et carte en {done - menu_clicked:.1f} s"
    )


def test_a_missing_browser_fails_in_ci_and_skips_locally(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="install-browser.sh"):
        _require(False, "chromium est absent")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _require(False, "chromium est absent")
    _require(True, "rien")  # present: nothing happens


def test_chromium_is_looked_up_on_the_path_then_at_the_debian_place(monkeypatch, tmp_path):
    own = tmp_path / "chromium"
    monkeypatch.setattr(shutil, "which", lambda name: str(own) if name == "chromium" else None)
    assert _chromium() == str(own)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    from cpmc_course import pdf

    monkeypatch.setattr(pdf, "DEBIAN_CHROMIUM", str(tmp_path / "absent"))
    assert _chromium() is None
    monkeypatch.setattr(pdf, "DEBIAN_CHROMIUM", str(own))
    own.write_text("")
    assert _chromium() == str(own)
