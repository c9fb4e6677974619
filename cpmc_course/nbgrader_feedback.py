"""What nbgrader's ``generate_feedback`` may show a student: never a hidden test, never its reference values.

nbgrader's feedback is the autograded notebook rendered as HTML, and autograde
puts the hidden tests back into it: their code (with the expected values) and
the tracebacks of failing hidden asserts (which quote that code) would reach
the student. :class:`SafeFeedback`, registered in the course's
``nbgrader_config.py`` after ``GetGrades``, removes the hidden region of every
test cell and replaces every test cell's outputs by a French verdict: passed,
or failed with the visible test's own message, or failed on a hidden test
whose detail is not given. While a written answer awaits its manual grade,
the feedback is refused: a partial mark must not pass for the final one.
"""

from __future__ import annotations

import re

from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import ClearHiddenTests

from .kit.erreurs import name_missing_in_copy

PASSED = "Test réussi."
HIDDEN_FAILED = "Test non réussi : un contrôle complémentaire (non communiqué) n'est pas passé. Relisez la consigne et l'unité demandée."


class FeedbackNotReady(ValueError):
    """The copy still has cells awaiting a manual grade."""


def verdict_of_test_cell(cell, visible_source: str) -> str:
    """What a student may read of an executed test cell: passed, its visible message, or a hidden check failed.

    One rule for nbgrader's feedback (:class:`SafeFeedback`) and ``cpmc feedback``'s pages.
    """
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if not errors:
        return PASSED
    message = str(errors[-1].get("evalue", "")).strip()
    if errors[-1].get("ename") == "NameError":  # a question left blank or a cell not run: say what to do
        missing = re.search(r"name '(\w+)' is not defined", message)
        return f"Test non réussi : {name_missing_in_copy(missing.group(1) if missing else None)}"
    if message and message in visible_source:
        return f"Test non réussi : {message}"
    return HIDDEN_FAILED


class SafeFeedback(ClearHiddenTests):
    """Hidden tests removed, test outputs replaced by a French verdict, no feedback while grading is unfinished."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_submission_notebook(info["notebook"], info["assignment"], info["student"])
            pending = [g.name for g in notebook.grades if g.needs_manual_grade]
        if pending:
            raise FeedbackNotReady(
                f"Retour refusé pour {info['student']} ({info['assignment']}/{info['notebook']}) : correction en cours, "
                f"{len(pending)} réponse(s) à noter ({', '.join(sorted(pending))}). Terminez la correction manuelle avant de "
                "générer le retour."
            )
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
            cell, resources = super().preprocess_cell(cell, resources, cell_index)
            cell.outputs = [new_output("stream", name="stdout", text=verdict_of_test_cell(cell, cell.source) + "\n")]
            cell.execution_count = None
        return cell, resources
