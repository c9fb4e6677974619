"""Error messages that tell a learner what to do, installed in the IPython kernel when the kit is imported.

A skipped question leaves its variable undefined, and the next cell stops on a
bare ``NameError: name 'entonnoir' is not defined``; a failed check prints the
whole test code before its French message. :func:`install` registers an IPython
custom exception handler for ``NameError`` and ``AssertionError`` that keeps
the error (the cell still fails, nbgrader still gives it 0, nothing is written
to stderr) and only adds a French line before the usual traceback: the message
of a failed check, or after a ``NameError`` the hint to run the cells above.
The traceback still ends on Python's own line, which the primer teaches to
read. Outside IPython (scripts, reports) nothing is installed.
"""

from __future__ import annotations

import sys

NBSP = "\u00a0"
RUN_ABOVE = "menu Exécution › Exécuter tout au-dessus de la cellule sélectionnée"
"""The JupyterLab command, as the French language pack names it."""


def name_hint(name: str | None) -> str:
    """What to do after ``NameError`` on ``name``: run the cells above (or check the spelling)."""
    variable = f"La variable «{NBSP}{name}{NBSP}»" if name else "Ce nom"
    return (
        f"{variable} n'existe pas encore{NBSP}: exécutez d'abord les cellules précédentes ({RUN_ABOVE}), "
        "puis cette cellule. Si l'erreur persiste, complétez la question qui la calcule (elle s'arrête peut-être "
        "sur une erreur) ou vérifiez l'orthographe du nom."
    )


def name_missing_in_copy(name: str | None) -> str:
    """Feedback after grading, where every cell ran: the question that defines ``name`` gave nothing."""
    variable = f"la variable «{NBSP}{name}{NBSP}»" if name else "une variable"
    return (
        f"{variable} n'existe pas dans votre copie{NBSP}: la question qui la calcule est restée sans réponse "
        "ou s'est arrêtée sur une erreur. Reprenez cette question, puis exécutez toutes les cellules."
    )


def assertion_lead(error: BaseException) -> str:
    """The first line shown for a failed check: its French message, else a generic sentence."""
    message = str(error).strip()
    if message:
        return f"Test non réussi{NBSP}: {message}"
    return f"Test non réussi{NBSP}: relisez la consigne (unité, arrondi) et votre réponse, puis réexécutez la cellule."


def lead(etype, value) -> str | None:
    """The French line shown before the traceback of ``value`` (``None``: the error is shown as usual)."""
    if issubclass(etype, NameError):
        return name_hint(getattr(value, "name", None))
    if issubclass(etype, AssertionError):
        return assertion_lead(value)
    return None


def _handler(shell, etype, value, tb, tb_offset=None):
    """IPython custom exception handler: the usual traceback, after a French line saying what to do."""
    stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    line = lead(etype, value)
    if line:
        stb = [line, "", *stb]
    shell._showtraceback(etype, value, stb)
    return stb


def install() -> bool:
    """Register the handler in the running IPython shell; ``False`` outside IPython."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    shell.set_custom_exc((NameError, AssertionError), _handler)
    return True
