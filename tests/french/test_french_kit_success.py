"""« ✓ Test réussi » (cpmc_course/kit/reussite.py) in an in-process IPython shell; the real kernel and nbgrader's
score of a passing test cell are checked in test_french_nbgrader.py."""

from __future__ import annotations

import ast

import pytest
from IPython.core.interactiveshell import InteractiveShell

from cpmc_course.kit import reussite
from cpmc_course.kit.reussite import PASSED, is_test


@pytest.fixture
def shell():
    shell = InteractiveShell.instance()
    try:
        assert reussite.install() and reussite.install()  # twice: registered once
        yield shell
    finally:
        shell.ast_transformers[:] = [t for t in shell.ast_transformers if not isinstance(t, reussite.SuccessLine)]
        InteractiveShell.clear_instance()


def test_a_passing_test_cell_says_so_on_stdout_only(shell, capsys):
    result = shell.run_cell("# Vérifie le taux\ntaux = 0.25\nassert abs(taux - 0.25) < 0.001, \"Le taux attendu est 12 / 48.\"")
    assert result.success and result.result is None  # no value: nbgrader's score is unchanged
    shown = capsys.readouterr()
    assert shown.out.strip() == PASSED and shown.err == ""


def test_a_failing_test_an_answer_and_a_bare_expression_say_nothing(shell, capsys):
    shell.run_cell('assert 0.3 == 0.25, "Le taux attendu est 12 / 48."')
    shell.run_cell("taux = 12 / 48")
    shell.run_cell("assert taux > 0\ntaux")  # ends on an expression: not a test cell of the course
    shell.run_cell("print = None\nassert taux > 0")  # a rebound print neither breaks the test nor fakes it
    out = capsys.readouterr().out
    assert out.count(PASSED) == 1, out  # only the last cell, whose assert passed


@pytest.mark.parametrize("source, expected", [
    ("# Vérifie\nassert x == 1", True),
    ("for v in valeurs:\n    assert v > 0\nassert len(valeurs) == 3", True),
    ("x = 1", False),
    ("assert x\nprint(x)", False),
    ("", False),
])
def test_what_counts_as_a_test_cell(source, expected):
    assert is_test(ast.parse(source).body) is expected
