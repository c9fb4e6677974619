"""Feedback never shows a hidden test or a solution, and is refused while grading is unfinished (real nbgrader).

nbgrader's ``generate_feedback`` renders the autograded notebook, into which
autograde has put the hidden tests back; the course's configuration adds
``cpmc_course.nbgrader_feedback.SafeFeedback``. Checked on a small assignment
whose hidden assert quotes its reference value, and on the real bloc 5 épreuve.
On the small one, hostile copies too: HTML and JavaScript in a written answer
and in a code output (never raw in the feedback or the formgrader page), and
copies that print the hidden tests (a guessed string, their own notebook file,
the kernel's ``In`` history after the tests ran): none reaches their feedback.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import builders
from cpmc_course.gradebook import db_url, read_grades, set_manual_grade
from cpmc_course.nbgrader_feedback import HIDDEN_FAILED, HIDDEN_OUTPUT, PASSED
from cpmc_course.pipeline import autograde, release

pytestmark = pytest.mark.nbgrader
ROOT = Path(__file__).resolve().parents[2]
B5 = "b5_donnees_marketing"
REGION = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)


def _generate_feedback(course: Path, assignment: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "nbgrader", "generate_feedback", assignment, "--force"], cwd=course,
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)


def _submit(course: Path, student: str, assignment: str, edit=None) -> None:
    target = course / "submitted" / student / assignment
    shutil.copytree(course / "release" / assignment, target)
    if edit:
        for path in target.glob("*.ipynb"):
            nb = json.loads(path.read_text(encoding="utf-8"))
            edit(nb)
            path.write_text(json.dumps(nb), encoding="utf-8")


def _grade_pending(course: Path) -> None:
    url = db_url(course)
    for g in read_grades(url):
        if g.pending:
            set_manual_grade(url, g.student_id, g.assignment, g.notebook, g.grade_id, 0)


def _feedback_text(course: Path) -> str:
    pages = sorted((course / "feedback").rglob("*.html"))
    assert pages, "aucun retour généré"
    return html.unescape("\n".join(p.read_text(encoding="utf-8") for p in pages))


def _small_course(root: Path) -> Path:
    nb = builders.notebook([
        builders.solution("b5_taux_calc", "taux = 12 / 48"),
        builders.graded_test(
            "b5_taux_conversion",
            "# Vérifie le taux\nassert isinstance(taux, float), \"Le taux doit être un nombre décimal.\"\n"
            "### BEGIN HIDDEN TESTS\nassert abs(taux - 0.2500) < 0.0005, \"référence cachée 0.2500\"\n### END HIDDEN TESTS",
            2, ["CE35", "C35"]),
        builders.solution("b5_bilan_calc", "bilan = taux * 100", question="# Le taux en pourcentage"),
        builders.manual("b5_synthese", "Le canal e-mail convertit le mieux.", 5, ["CE36", "C36"]),
    ])
    return builders.make_course(root, nb=nb)


def _answer(value: str, synthese: str = "L'e-mail, d'après le tableau.", bilan: str | None = None):
    def edit(nb):
        for cell in nb["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if grade_id == "b5_taux_calc":
                cell["source"] = f"taux = {value}"
            if grade_id == "b5_synthese":
                cell["source"] = synthese
            if grade_id == "b5_bilan_calc" and bilan is not None:
                cell["source"] = bilan
    return edit


PAYLOAD = "<script>alert('cpmc-xss')</script><img src=x onerror=\"alert('cpmc-xss')\">"
INJECTION = _answer(f"12 / 48\nfrom IPython.display import HTML, Markdown, display\ndisplay(HTML({PAYLOAD!r}))\n"
                    f"display(Markdown({PAYLOAD!r}))", synthese=f"Ma réponse {PAYLOAD}")
# The hidden line is never written whole in the copy's source (which its feedback shows): it is put together
GUESS = "'assert abs(taux - 0.' + '2500) < 0.0005, \"réf' + 'érence cachée 0.' + '2500\"'"
SPY = _answer(f"12 / 48\nprint({GUESS})\nimport glob\nprint(open(sorted(glob.glob('*.ipynb'))[0]).read())",
              bilan="bilan = taux * 100\nprint('\\n'.join(In))\nprint(In)")


def _no_live_markup(page: str) -> None:
    assert not re.search(r"<script[^>]*>[^<]*cpmc-xss", page), "un <script> de la copie est resté actif"
    assert not re.search(r"<[a-z][^<>]*\bonerror\s*=", page, re.I), "un attribut onerror= de la copie est resté actif"


def test_hidden_failures_give_a_verdict_never_the_reference(tmp_path):
    course = _small_course(tmp_path / "cours")
    release(course)
    _submit(course, "faux", "b5_test", _answer("0.3"))
    _submit(course, "juste", "b5_test", _answer("12 / 48"))
    _submit(course, "texte", "b5_test", _answer("'un quart'"))
    _submit(course, "injection", "b5_test", INJECTION)
    _submit(course, "espion", "b5_test", SPY)
    outcomes = autograde(course, jobs=2, progress=False)
    assert all(o.ok for o in outcomes)

    refused = _generate_feedback(course, "b5_test")  # written answers not graded yet
    assert "correction en cours" in refused.stdout + refused.stderr
    assert not list((course / "feedback").rglob("*.html"))

    _grade_pending(course)
    result = _generate_feedback(course, "b5_test")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    raw = {p.parts[-3]: p.read_text(encoding="utf-8") for p in (course / "feedback").rglob("*.html")}
    pages = {student: html.unescape(page) for student, page in raw.items()}
    assert set(pages) == {"faux", "juste", "texte", "injection", "espion"}
    for text in pages.values():
        assert "0.2500" not in text and "HIDDEN" not in text and "référence cachée" not in text
    assert HIDDEN_FAILED in pages["faux"]
    assert PASSED in pages["juste"]
    assert "Test non réussi : Le taux doit être un nombre décimal." in pages["texte"]  # the visible message
    # the guessed line was printed and is masked; the history holds no test cell (they run in the evaluator kernel)
    assert pages["espion"].count(HIDDEN_OUTPUT) >= 1
    assert "bilan = taux * 100" in re.sub(r"<[^>]+>", "", pages["espion"])  # its own code is still shown
    assert "cpmc-xss" in raw["injection"] and "Ma réponse" in pages["injection"]  # shown as text, not live
    for page in raw.values():
        _no_live_markup(page)
    _no_live_markup(builders.formgrader_page(course, "b5_test", "injection"))


def test_bloc5_feedback_holds_no_hidden_test_and_no_solution(tmp_path):
    course = tmp_path / "cours"
    course.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "source" / B5, course / "source" / B5)
    release(course)
    _submit(course, "blanc", B5)
    outcomes = autograde(course, jobs=1, progress=False)
    assert all(o.ok for o in outcomes), outcomes
    _grade_pending(course)
    result = _generate_feedback(course, B5)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    feedback = _feedback_text(course)
    secret = set()
    for path in (course / "source" / B5).glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for _, region in REGION.findall("".join(cell["source"])):
                secret |= {line.strip() for line in region.splitlines() if len(line.strip()) >= 12}
    released = "\n".join("".join(cell["source"]) for p in (course / "release" / B5).glob("*.ipynb")
                         for cell in json.loads(p.read_text(encoding="utf-8"))["cells"])
    secret = {line for line in secret if line not in released}  # what the student already has is no secret
    assert len(secret) > 50
    leaked = sorted(line for line in secret if line in feedback)
    assert not leaked, leaked[:10]
    assert "BEGIN HIDDEN TESTS" not in feedback and "BEGIN SOLUTION" not in feedback


def test_pages_keep_tables_and_paragraphs_and_drop_active_markup():
    import pandas as pd

    from cpmc_course.safe_html import clean_html

    table = clean_html(pd.DataFrame({"canal": ["e-mail"], "leads": [12]})._repr_html_())
    assert "<th>" in table and "<td>e-mail</td>" in table and "<style" not in table and ".dataframe" not in table
    text = clean_html('<p>Réponse <a href="javascript:alert(1)">lien</a> <b class="btn score" id="top" onclick="x()">gras</b></p>')
    assert text == "<p>Réponse <a rel=\"noopener noreferrer\">lien</a> <b>gras</b></p>"


def test_outputs_quoting_a_hidden_line_are_masked_whatever_the_spacing(tmp_path):
    from nbformat.v4 import new_output

    from cpmc_course.nbgrader_feedback import hidden_test_lines, mask_hidden_outputs

    nb = builders.notebook([builders.graded_test("b5_t", "# Vérifie\nassert x > 0\n### BEGIN HIDDEN TESTS\n"
                                                 "assert abs(x - 0.2500) < 0.0005\n)\n### END HIDDEN TESTS", 1, ["CE35"])])
    secrets = hidden_test_lines(builders.write(nb, tmp_path / "exercice.ipynb"))
    assert secrets == {"assertabs(x-0.2500)<0.0005"}  # ")" tells nothing and is not looked for
    outputs = [new_output("stream", name="stdout", text="['# Vérifie\\\\n', 'assert  abs(x - 0.2500) <\t0.0005\\\\n']\n"),
               new_output("display_data", data={"text/html": "<pre>assert abs(x - 0.2500) &lt; 0.0005</pre>"}),
               new_output("error", ename="E", evalue="", traceback=["\x1b[31massert abs(x - 0.2500) <\x1b[0m 0.0005"]),
               new_output("stream", name="stdout", text="x = 0.25 (réponse)\n")]
    masked = mask_hidden_outputs(outputs, secrets)
    assert [o.get("text") for o in masked] == [HIDDEN_OUTPUT + "\n"] * 3 + ["x = 0.25 (réponse)\n"]
