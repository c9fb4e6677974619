"""The shared lesson kit: what every bloc's lessons, the revision quizzes and the reports use alike.

* :mod:`.nombres` — the one French number formatter (``fr_nombre``, ``fr_pourcent``,
  ``fr_points``, ``fr_euros``, ``fr_montant``) and ``parse_nombre`` for typed answers.
* :mod:`.feedback` — :class:`Feedback` and the generic checks ``check_number`` and
  ``check_choice``: a check takes the learner's answer (``None`` while the cell is
  not completed), compares it with the expected value and returns French feedback
  (no answer yet, right, or a targeted hint). A check never raises.
* :mod:`.formulas` — the marketing and management formulas (taux de marge and de
  marque, coût de revient, NPS, CSAT, ROI, CLV, PERT floats, Pareto…), one
  implementation shared by lessons, revision banks and tests.
* :mod:`.widgets` — :class:`Simulator` and the slider constructors with French readouts.
* :mod:`.erreurs` — in a Jupyter kernel, errors that say what to do: a hint to run the
  cells above after a ``NameError``, a failed check's French message first. Installed
  when the kit is imported (the setup cell of every épreuve and of the bloc lessons imports it).
* :mod:`.reussite` — in a Jupyter kernel, « ✓ Test réussi » under a test cell that passed
  (stdout only, so nbgrader grades the cell as before). Installed with :mod:`.erreurs`.

A bloc's own package (``cpmc_course.lessons.bN``) keeps only its rules, checks and simulators.
"""

from . import erreurs, reussite
from .nombres import DASH, NNBSP, fr_euros, fr_euros_auto, fr_montant, fr_nombre, fr_points, fr_pourcent, parse_nombre

erreurs.install()
reussite.install()

_LAZY = {name: "feedback" for name in (
    "EMPTY", "NO_ANSWER", "RIGHT", "WRONG", "Feedback", "accepted", "check_choice", "check_number", "no_answer", "rejected",
)}
"""Names of :mod:`.feedback`, imported on first use: it loads pandas, which the reports do not need."""


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DASH", "EMPTY", "NNBSP", "NO_ANSWER", "RIGHT", "WRONG", "Feedback", "accepted", "check_choice", "check_number",
    "fr_euros", "fr_euros_auto", "fr_montant", "fr_nombre", "fr_points", "fr_pourcent", "no_answer", "parse_nombre",
    "rejected",
]
