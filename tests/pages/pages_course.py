"""A throwaway course for the page tests: every state a copy can be in, gradebook filled through nbgrader's API.

Assignment ``b5_test`` (individual, :func:`builders.small_assignment`: taux 2 pts, leads 3 pts, synthèse 5 pts
written) and ``b4_equipe`` (team of ``ana`` and ``bob``, ``cid`` declared absent; one task of 10 points).

* ``ana``: graded copy; the visible test of ``b5_taux_conversion`` failed with its own message, the hidden check of
  ``b5_total_leads`` failed, the synthèse has the grader's comment; CE35 and C35 are « non acquis ».
* ``bob``: copy awaiting the manual grade of its synthèse (« correction en cours »).
* ``cid``: copy that could not be graded (reason recorded by autograde); absent from the team's épreuve.
* ``dan``: nothing handed in.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
from nbformat import v4

import builders
from cpmc_course.records import SubmissionOutcome, save_outcomes
from cpmc_course.teams import team_id

VISIBLE_MESSAGE = "Le taux attendu est 12 / 48."
HIDDEN_MESSAGE = "référence cachée : 12 leads"
COMMENT = "Diagnostic juste, mais la préconisation ne chiffre pas le budget."
TEAM_COMMENT = "Planning complet ; le chemin critique n'est pas justifié."
FAILED_REASON = "notebook illisible : JSON invalide (ligne 3)"
TEAM = "Alpha"
TEAM_ID = team_id("b4_equipe", TEAM)
ROOT = Path(__file__).resolve().parents[2]


def _team_assignment() -> nbformat.NotebookNode:
    nb = builders.notebook([builders.task("b4_planning", "Construisez le planning du projet.", 10, ["CE26", "C27"])], bloc="B4")
    nb.metadata["cpmc"]["equipe"] = True
    return nb


def _autograded(course: Path, student: str) -> None:
    """The autograded copy of ``student``: the two tests failed (a visible assert, then a hidden one)."""
    cells = []
    for cell in builders.small_assignment().cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "b5_taux_conversion":
            cell.outputs = [v4.new_output("error", ename="AssertionError", evalue=VISIBLE_MESSAGE, traceback=[])]
        elif grade_id == "b5_total_leads":
            cell.source += f'\n### BEGIN HIDDEN TESTS\nassert total_leads == 12, "{HIDDEN_MESSAGE}"\n### END HIDDEN TESTS'
            cell.outputs = [v4.new_output("error", ename="AssertionError", evalue=HIDDEN_MESSAGE, traceback=[])]
        cells.append(cell)
    builders.write(builders.notebook(cells), course / "autograded" / student / "b5_test" / "exercice.ipynb")


def build(root: Path) -> Path:
    """The course described in the module docstring; returns its root."""
    from nbgrader.api import Gradebook

    course = builders.make_course(root)
    builders.write(_team_assignment(), course / "source" / "b4_equipe" / "projet.ipynb")
    gb = Gradebook(f"sqlite:///{course / 'gradebook.db'}")
    try:
        gb.add_assignment("b5_test")
        gb.add_notebook("exercice", "b5_test")
        for grade_id, points, cell_type in builders.SMALL_CELLS:
            gb.add_grade_cell(grade_id, "exercice", "b5_test", max_score=points, cell_type=cell_type)
        gb.add_solution_cell("b5_synthese", "exercice", "b5_test")
        gb.add_assignment("b4_equipe")
        gb.add_notebook("projet", "b4_equipe")
        gb.add_task_cell("b4_planning", "projet", "b4_equipe", max_score=10, cell_type="markdown")
        for sid, first in (("ana", "Ana"), ("bob", "Bob"), ("cid", "Cid"), ("dan", "Dan")):
            gb.add_student(sid, first_name=first, last_name="Test")
        gb.add_student(TEAM_ID, first_name="Équipe", last_name=TEAM)
        for sid in ("ana", "bob"):
            gb.add_submission("b5_test", sid)
        gb.add_submission("b4_equipe", TEAM_ID)
        scores = {("ana", "b5_taux_conversion"): (0.0, None, False), ("ana", "b5_total_leads"): (0.0, None, False),
                  ("ana", "b5_synthese"): (None, 2.0, False), ("bob", "b5_taux_conversion"): (2.0, None, False),
                  ("bob", "b5_total_leads"): (3.0, None, False), ("bob", "b5_synthese"): (None, None, True)}
        for (sid, grade_id), (auto, manual, needs) in scores.items():
            g = gb.find_grade(grade_id, "exercice", "b5_test", sid)
            g.auto_score, g.manual_score, g.needs_manual_grade = auto, manual, needs
        g = gb.find_grade("b4_planning", "projet", "b4_equipe", TEAM_ID)
        g.manual_score, g.needs_manual_grade = 7.0, False
        gb.find_comment("b5_synthese", "exercice", "b5_test", "ana").manual_comment = COMMENT
        gb.find_comment("b4_planning", "projet", "b4_equipe", TEAM_ID).manual_comment = TEAM_COMMENT
        gb.db.commit()
    finally:
        gb.close()
    (course / "autograder").mkdir(exist_ok=True)
    (course / "autograder" / "equipes.csv").write_text(
        "sujet;equipe;etudiant;statut\n" + "".join(f"b4_equipe;{TEAM};{s};\n" for s in ("ana", "bob")) + f"b4_equipe;{TEAM};cid;absent\n",
        encoding="utf-8")
    (course / "submitted" / "cid" / "b5_test").mkdir(parents=True)
    save_outcomes(course, [SubmissionOutcome("cid", "b5_test", False, FAILED_REASON)])
    _autograded(course, "ana")
    return course


def add_unheld_assignments(course: Path) -> list[str]:
    """Copy the notebooks of this repository's ``source/`` into ``course``: épreuves nobody in its cohort has sat
    (the cohort then sat one individual épreuve and one team épreuve out of ten); returns their names."""
    names = []
    for nb in sorted((ROOT / "source").glob("*/*.ipynb")):
        folder = course / "source" / nb.parent.name
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(nb, folder / nb.name)
        names = names if nb.parent.name in names else names + [nb.parent.name]
    return names


def read_html(path: Path) -> str:
    """A page's text with its entities decoded and no-break spaces made plain (for `in` checks)."""
    import html

    return html.unescape(path.read_text(encoding="utf-8")).replace("\u00a0", " ").replace("\u202f", " ")


__all__ = ["build", "read_html", "json"]
