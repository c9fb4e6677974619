"""The architecture holds: no import loop, no climb back into ``course``, small modules and functions, one notebook reader.

Read with ``ast`` over the package's files (nothing imported, a second or so). The exceptions to the size rules
are the ones ``docs/architecture.md`` names and justifies, read from its table: the doc and the test cannot drift.
"""

from __future__ import annotations

import ast
import re

from import_graph import PACKAGE, cycles, import_graph, modules

DOC = PACKAGE.parent / "docs" / "architecture.md"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

GRADE_WALK = ("cpmc_course.gradebook", "cpmc_course.mapping", "cpmc_course.grading.notebook", "cpmc_course.grading.members",
              "cpmc_course.grading.copies", "cpmc_course.grading.cohort", "cpmc_course.mastery", "cpmc_course.exports",
              "cpmc_course.report", "cpmc_course.views.student_page", "cpmc_course.views.feedback_page",
              "cpmc_course.feedback_pages", "cpmc_course.grading_sheet", "cpmc_course.coverage", "cpmc_course.items")
"""The modules a grade walks through, from the gradebook to a bloc status and a feedback page."""


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _exceptions(kind: str) -> set[str]:
    """Names in the doc's table of exceptions whose second column is ``kind`` (``module`` or ``function``)."""
    rows = re.findall(r"^\|\s*`([^`]+)`\s*\|\s*(module|function|nbgrader-metadata)\s*\|", DOC.read_text(encoding="utf-8"), re.M)
    return {name for name, k in rows if k == kind}


def test_the_package_has_no_import_loop_even_through_imports_inside_functions():
    assert cycles(import_graph()) == []


def test_a_loop_is_seen_by_the_check():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_walk_of_a_grade_never_climbs_back_into_course_or_the_cli():
    graph = import_graph()
    assert set(GRADE_WALK) <= set(graph), set(GRADE_WALK) - set(graph)
    for name in GRADE_WALK:
        climbs = _reachable(graph, name) & {"cpmc_course.course", "cpmc_course.cli", "cpmc_course.demo"}
        assert not climbs, f"{name} remonte vers {sorted(climbs)}"


def test_no_module_over_400_lines_but_those_the_doc_justifies():
    allowed = _exceptions("module")
    too_long = {str(p.relative_to(PACKAGE.parent)): len(p.read_text(encoding="utf-8").splitlines()) for p in modules().values()}
    too_long = {name: n for name, n in too_long.items() if n > MAX_MODULE_LINES and name not in allowed}
    assert not too_long, f"modules de plus de {MAX_MODULE_LINES} lignes non justifiés dans {DOC.name} : {too_long}"


def test_no_function_over_60_lines_but_those_the_doc_justifies():
    allowed = _exceptions("function")
    too_long = {}
    for path in modules().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{path.relative_to(PACKAGE.parent)}::{node.name}"
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES and name not in allowed:
                    too_long[name] = length
    assert not too_long, f"fonctions de plus de {MAX_FUNCTION_LINES} lignes non justifiées dans {DOC.name} : {too_long}"


def test_the_doc_names_only_files_that_exist():
    for name in _exceptions("module") | {n.split("::")[0] for n in _exceptions("function")}:
        assert (PACKAGE.parent / name).is_file(), name


def test_nbgrader_cell_metadata_is_read_in_one_place():
    """Only the notebook model reads ``metadata["nbgrader"]`` (and the modules the doc names as exceptions)."""
    allowed = _exceptions("nbgrader-metadata") | {"cpmc_course/grading/notebook.py"}
    reading = re.compile(r"""\.get\(\s*["']nbgrader["']\s*\)|\[\s*["']nbgrader["']\s*\]""")
    found = sorted(str(p.relative_to(PACKAGE.parent)) for p in modules().values()
                   if reading.search(p.read_text(encoding="utf-8")) and str(p.relative_to(PACKAGE.parent)) not in allowed)
    assert found == [], found
