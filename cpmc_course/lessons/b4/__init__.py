"""Calculations, checks and simulators of the bloc 4 lessons (``courses/b4``) and épreuve notes.

Bloc 4 is « Management d'une équipe projet » (C27–C33, SC2–SC4, CE26–CE32):

* :mod:`.data` — :func:`vallon`, the Pépinières Vallon case tables.
* :mod:`.pert` — the PERT network with networkx: dates, floats, critical path,
  PERT and Gantt charts.
* :mod:`.projet` — skills, task allocation, budget, risk criticality, activity
  tracking, Pareto of problems, situational leadership.
* :mod:`.checks` — ``verifier_*`` checks of the lesson exercises and
  :func:`objectives` (official wording of the codes).
* :mod:`.widgets` — :class:`PertExplorer`, sliders on task durations that move
  the critical path and the Gantt chart.
"""

from .checks import (
    objectives,
    verifier_affectation,
    verifier_budget,
    verifier_causes_80,
    verifier_criticite,
    verifier_duree_projet,
    verifier_marge_totale,
    verifier_style,
)
from .data import TABLES, VALLON_DIR, vallon
from .widgets import PertExplorer
from .pert import Planning, chemin_critique, dates_pert, duree_projet, planifier, reseau_pert, tracer_gantt, tracer_pert
from .projet import (
    STYLES,
    causes_80,
    charge_par_membre,
    competences_manquantes,
    competences_membres,
    cout_externe,
    cout_interne,
    criticite,
    ecarts_suivi,
    problemes_affectation,
    style_situationnel,
    tableau_pareto,
)

__all__ = [
    "STYLES", "TABLES", "VALLON_DIR", "PertExplorer", "Planning", "causes_80", "charge_par_membre", "chemin_critique",
    "competences_manquantes", "competences_membres", "cout_externe", "cout_interne", "criticite", "dates_pert",
    "duree_projet", "ecarts_suivi", "objectives", "planifier", "problemes_affectation", "reseau_pert",
    "style_situationnel", "tableau_pareto", "tracer_gantt", "tracer_pert", "vallon", "verifier_affectation",
    "verifier_budget", "verifier_causes_80", "verifier_criticite", "verifier_duree_projet", "verifier_marge_totale",
    "verifier_style",
]
