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

A copy's own cells may have printed a hidden test too (from ``In``, from its
notebook file, or from a guess): every output of a cell that is not a test
cell is masked when it contains a line of a hidden test, read from the
instructor's ``source/`` notebook (never from the copy). The comparison
ignores spacing, backslashes, ANSI colours and HTML escapes; an encoded copy
(base64, an image of the text) is beyond it: keeping the tests out of the
student's kernel is the grader's job (``cpmc_course.engine``).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import ClearHiddenTests

from .kit.erreurs import name_missing_in_copy

PASSED = "Test réussi."
HIDDEN_FAILED = "Test non réussi : un contrôle complémentaire (non communiqué) n'est pas passé. Relisez la consigne et l'unité demandée."


HIDDEN_OUTPUT = "[Sortie masquée\u202f: elle reproduit un test caché de l'épreuve.]"
MIN_SECRET_CHARS = 6
"""Shortest hidden-test line (spaces left out) that is looked for in outputs: ``)`` or ``else:`` tells nothing."""
_HIDDEN_REGION = re.compile(r"### BEGIN HIDDEN TESTS[^\n]*\n(.*?)### END HIDDEN TESTS", re.S)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_IGNORED = re.compile(r"[\s\\]+")


class FeedbackNotReady(ValueError):
    """The copy still has cells awaiting a manual grade."""


def _squeeze(text: str) -> str:
    """``text`` as compared with hidden tests: no ANSI colour, no HTML escape, no spacing, no backslash."""
    return _IGNORED.sub("", html.unescape(_ANSI.sub("", text)))


def hidden_test_lines(source_notebook: Path) -> frozenset[str]:
    """Every line of the hidden-test regions of an instructor's notebook, squeezed (see :func:`_squeeze`)."""
    try:
        nb = json.loads(source_notebook.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FeedbackNotReady(
            f"Retour refusé\u202f: le sujet {source_notebook} est illisible ({exc}). Il sert à masquer les tests cachés "
            "qu'une copie aurait affichés\u202f; rétablissez-le dans source/ puis relancez."
        ) from exc
    lines = set()
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        for region in _HIDDEN_REGION.findall("".join(source) if isinstance(source, list) else source):
            lines.update(line for line in map(_squeeze, region.splitlines()) if len(line) >= MIN_SECRET_CHARS)
    return frozenset(lines)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def mask_hidden_outputs(outputs: list, secrets: frozenset[str]) -> list:
    """``outputs`` with every output that reproduces a hidden-test line replaced by a French notice."""
    kept = []
    for output in outputs:
        text = _squeeze("\n".join(_strings(output)))
        if any(secret in text for secret in secrets):
            output = new_output("stream", name="stdout", text=HIDDEN_OUTPUT + "\n")
        kept.append(output)
    return kept


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
        self._secrets = hidden_test_lines(self._source_notebook(info))
        return super().preprocess(nb, resources)

    def _source_notebook(self, info: dict) -> Path:
        from nbgrader.coursedir import CourseDirectory

        coursedir = CourseDirectory(config=self.config)  # the course's own settings (root: where nbgrader runs)
        return Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"])) / f"{info['notebook']}.ipynb"

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
            cell, resources = super().preprocess_cell(cell, resources, cell_index)
            cell.outputs = [new_output("stream", name="stdout", text=verdict_of_test_cell(cell, cell.source) + "\n")]
            cell.execution_count = None
        elif cell.cell_type == "code":
            cell.outputs = mask_hidden_outputs(cell.get("outputs", []), self._secrets)
        return cell, resources
