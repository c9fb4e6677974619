"""« ✓ Test réussi » under a test cell that passed, installed in the IPython kernel when the kit is imported.

A test cell that passes shows nothing, and a beginner does not know whether it
ran. :func:`install` adds an IPython AST transformer: a cell that *is a test* —
its last top-level statement is an ``assert``, as every test cell of the
épreuves ends — gets one more statement, run only when every assert before it
passed, that prints « ✓ Test réussi » on stdout. Nothing is written to stderr
and the cell still has no value, so nbgrader grades it as before (full points
when it raises nothing). The test cells themselves are unchanged: the
épreuves' setup cell already imports the kit. (An AST transformer rather than a
``post_run_cell`` callback: the grading engine's tamper guard removes unknown
callbacks before each hidden test.) Outside IPython nothing is installed.
"""

from __future__ import annotations

import ast
import sys

from .erreurs import running_shell

PASSED = "✓ Test réussi"
"""What a passing test cell prints."""


def is_test(body: list[ast.stmt]) -> bool:
    """True when a cell's top-level statements end with an ``assert`` (every test cell of the course does)."""
    return bool(body) and isinstance(body[-1], ast.Assert)


def passed() -> None:
    """Print :data:`PASSED` (called by the statement added at the end of a test cell)."""
    print(PASSED, file=sys.stdout, flush=True)


_CALL = "__import__('cpmc_course.kit.reussite', fromlist=['passed']).passed()"
"""The added statement: reaches the function through the import system, whatever names the learner rebound."""


class SuccessLine(ast.NodeTransformer):
    """IPython AST transformer: after the last ``assert`` of a test cell, a call to :func:`passed`."""

    def visit(self, node):
        if isinstance(node, ast.Module) and is_test(node.body):
            call = ast.parse(_CALL).body[0]
            ast.copy_location(call, node.body[-1])
            node.body.append(ast.fix_missing_locations(call))
        return node


def install() -> bool:
    """Register the transformer once in the running IPython shell; ``False`` outside IPython."""
    shell = running_shell()
    if shell is None or not hasattr(shell, "ast_transformers"):
        return False
    if not any(isinstance(t, SuccessLine) for t in shell.ast_transformers):
        shell.ast_transformers.append(SuccessLine())
    return True
