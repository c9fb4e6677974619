"""Calculations, checks and simulators of the bloc 4 lessons (``courses/b4``) and épreuve notes.

Bloc 4 is « Management d'une équipe projet » (C27–C33, SC2–SC4, CE26–CE32):

* :mod:`.data` — :func:`combes`, the Fruitière des Combes training case (the lessons'
  company; the exam company's tables are not served here).
* :mod:`.pert` — the PERT network with networkx: dates, floats, every critical
  path (ties included), re-forecast from a tracking grid, PERT and Gantt charts.
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
    verifier_debut_tot,
    verifier_duree_projet,
    verifier_fin_reprevue,
    verifier_fin_tard,
    verifier_marge_libre,
    verifier_marge_totale,
    verifier_raci,
    verifier_risques_prioritaires,
    verifier_style,
    verifier_taches_critiques,
)
from .data import COMBES_DIR, COMBES_TABLES, combes
from .pert import (
    Planning,
    chemin_critique,
    chemins_critiques,
    dates_pert,
    duree_projet,
    planifier,
    reprevoir,
    reseau_pert,
    tracer_gantt,
    tracer_pert,
)
from .projet import (
    MODELES,
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
    problemes_raci,
    risques_prioritaires,
    style_situationnel,
    tableau_pareto,
)
from .widgets import PertExplorer

__all__ = [
    "COMBES_DIR", "COMBES_TABLES", "MODELES", "STYLES", "PertExplorer", "Planning", "causes_80",
    "charge_par_membre", "chemin_critique", "chemins_critiques", "combes", "competences_manquantes", "competences_membres",
    "cout_externe", "cout_interne", "criticite", "dates_pert", "duree_projet", "ecarts_suivi", "objectives", "planifier",
    "problemes_affectation", "problemes_raci", "reprevoir", "reseau_pert", "risques_prioritaires", "style_situationnel",
    "tableau_pareto", "tracer_gantt", "tracer_pert", "verifier_affectation", "verifier_budget",
    "verifier_causes_80", "verifier_criticite", "verifier_debut_tot", "verifier_duree_projet", "verifier_fin_reprevue",
    "verifier_fin_tard", "verifier_marge_libre", "verifier_marge_totale", "verifier_raci", "verifier_risques_prioritaires",
    "verifier_style", "verifier_taches_critiques",
]
