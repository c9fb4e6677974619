"""Error messages that tell a learner what to do, installed in the IPython kernel when the kit is imported.

A skipped question leaves its variable undefined, and the next cell stops on a
bare ``NameError: name 'entonnoir' is not defined``; a failed check prints the
whole test code before its French message. :func:`install` registers an IPython
custom exception handler (``NameError``, ``AssertionError`` and the errors below) that keeps
the error (the cell still fails, nbgrader still gives it 0, nothing is written
to stderr) and only adds a French line before the usual traceback: the message
of a failed check, or after a ``NameError`` the hint to run the cells above.
Beginners' mistakes the primer names are recognised by their message and
explained too: a comma as decimal separator in ``round(14,90*1.2, 2)``,
``and``/``or`` between column conditions, conditions without parentheses
around ``&``, a text method called on a column without ``.str``, a column
name that does not exist (or a number written as text). The traceback
still ends on Python's own line, which the primer teaches to read. Outside
IPython (scripts, reports) nothing is installed.
"""

from __future__ import annotations

import re
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


COMMA_DECIMAL = (
    f"En Python, la virgule sépare les valeurs{NBSP}: «{NBSP}round(14,90*1.2, 2){NBSP}» se lit comme trois valeurs "
    f"(14, puis 90*1.2, puis 2). Écrivez les décimales avec un point{NBSP}: round(14.90 * 1.2, 2)."
)
SERIES_CONDITIONS = (
    "Pour combiner des conditions sur des colonnes, écrivez & (et) ou | (ou), jamais and ni or, et mettez chaque "
    f"condition entre parenthèses{NBSP}: (commandes[\"canal\"] == \"Instagram\") & (commandes[\"appareil\"] == \"mobile\")."
)
MISSING_PARENTHESES = (
    f"Il manque des parenthèses autour des conditions{NBSP}: & et | passent avant == et >, si bien que Python "
    f"calcule d'abord «{NBSP}\"Instagram\" & commandes[…]{NBSP}». Écrivez (condition 1) & (condition 2), par exemple "
    "(commandes[\"canal\"] == \"Instagram\") & (commandes[\"appareil\"] == \"mobile\")."
)
STR_METHODS = frozenset({
    "strip", "lstrip", "rstrip", "lower", "upper", "title", "capitalize", "contains", "startswith", "endswith",
    "split", "zfill", "isdigit", "isnumeric", "find", "len", "slice", "casefold",
})
"""Text methods a learner calls on a column without ``.str`` (a Series has none of them)."""


def str_hint(method: str) -> str:
    """What to do after calling the text method ``method`` directly on a column."""
    return (
        f"Une colonne n'a pas de méthode .{method}(){NBSP}: pour traiter le texte de chaque case, passez par "
        f".str, par exemple campagnes[\"canal_saisi\"].str.{method}()."
    )


def key_hint(key: str) -> str:
    """What to do after ``KeyError`` on a label: copy the exact name; a number is written without quotes."""
    if key.strip().isdigit():
        return (f"Aucune colonne ne s'appelle «{NBSP}\"{key}\"{NBSP}» (un texte) : si les colonnes sont numérotées "
                f"(mois 1 à 12…), leurs étiquettes sont des nombres. Écrivez {key.strip()} sans guillemets, "
                f"par exemple tableau.loc[\"Instagram\", {key.strip()}].")
    return (f"Aucune colonne (ou ligne) ne s'appelle «{NBSP}{key}{NBSP}» : affichez les noms exacts avec "
            "print(list(tableau.columns)) et recopiez-le (majuscules, accents et tirets bas compris). Si la colonne "
            "devait être créée par une cellule précédente, exécutez d'abord cette cellule.")


_RULES: tuple[tuple[type, re.Pattern, str], ...] = (
    (TypeError, re.compile(r"round\(\) takes at most 2 arguments"), COMMA_DECIMAL),
    (ValueError, re.compile(r"truth value of a (Series|DataFrame) is ambiguous"), SERIES_CONDITIONS),
    (TypeError, re.compile(r"unsupported operand type\(s\) for [&|]|Cannot perform 'r?(and|or)_'"), MISSING_PARENTHESES),
)
"""Beginners' errors recognised by their message: exception type, pattern, French explanation."""


def lead(etype, value) -> str | None:
    """The French line shown before the traceback of ``value`` (``None``: the error is shown as usual)."""
    if issubclass(etype, NameError):
        return name_hint(getattr(value, "name", None))
    if issubclass(etype, AssertionError):
        return assertion_lead(value)
    message = str(value)
    if issubclass(etype, KeyError) and len(value.args) == 1 and isinstance(value.args[0], str):
        return key_hint(value.args[0])
    if issubclass(etype, AttributeError):
        found = re.search(r"'Series' object has no attribute '(\w+)'", message)
        return str_hint(found.group(1)) if found and found.group(1) in STR_METHODS else None
    return next((text for kind, pattern, text in _RULES if issubclass(etype, kind) and pattern.search(message)), None)


HANDLED = (NameError, AssertionError, TypeError, ValueError, AttributeError, KeyError)
"""Exceptions whose traceback may get a French first line (only those :func:`lead` recognises do)."""


def _handler(shell, etype, value, tb, tb_offset=None):
    """IPython custom exception handler: the usual traceback, after a French line saying what to do."""
    stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    line = lead(etype, value)
    if line:
        stb = [line, "", *stb]
    shell._showtraceback(etype, value, stb)
    return stb


def running_shell():
    """The IPython shell this code runs in (a Jupyter kernel), or ``None`` (scripts, reports)."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def install() -> bool:
    """Register the handler in the running IPython shell; ``False`` outside IPython."""
    shell = running_shell()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    shell.set_custom_exc(HANDLED, _handler)
    return True
