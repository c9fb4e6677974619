"""Checks, calculations and simulators of the bloc 1 lessons (``courses/b1``).

Bloc 1 is « Mise en œuvre de la stratégie marketing » (C1–C8, CE1–CE7). One
module per concern, re-exported here so that a notebook writes
``from cpmc_course.lessons.b1 import verifier_tcam``:

* :mod:`.donnees` — :func:`ardene`, the loader of the Ardène training case tables, and
  :func:`objectifs`, the official wording of bloc 1 codes.
* :mod:`.marche` — market sizing: shares, relative share, TCAM, potential,
  survey rates with their margin of error, and the checks of the lessons.
* :mod:`.campagnes` — campaign KPIs (CPM, CPC, conversion, CPA, margin, ROI,
  break-even in sales) and their checks.
* :mod:`.media` — media planning (GRP, contacts, cost per thousand) and the
  budget as a share of turnover, with their checks.
* :mod:`.widgets` — :class:`RentabiliteSimulator` (budget, CPC, conversion,
  basket, margin rate → sales, margin, ROI, break-even) and
  :class:`CartePerceptuelle` (a perceptual map whose axes and the studied brand's
  price the learner moves).

Generic pieces (French numbers, feedback, sliders, formulas) come from
:mod:`cpmc_course.kit`.
"""

from .campagnes import KpiLevier, kpi_levier, verifier_cpa, verifier_roi_levier, verifier_seuil_ventes
from .donnees import ardene, objectifs
from .marche import (
    marge_erreur_points,
    verifier_marge_erreur,
    verifier_part_de_marche,
    verifier_part_relative,
    verifier_tcam,
)
from .media import (
    contacts,
    cout_pour_mille,
    grp,
    verifier_budget_pourcentage_ca,
    verifier_cout_pour_mille,
    verifier_grp,
)
from .widgets import CartePerceptuelle, RentabiliteSimulator, simuler_rentabilite

__all__ = [
    "CartePerceptuelle", "KpiLevier", "RentabiliteSimulator", "ardene", "contacts", "cout_pour_mille", "grp", "kpi_levier", "marge_erreur_points", "objectifs",
    "simuler_rentabilite", "verifier_budget_pourcentage_ca", "verifier_cout_pour_mille", "verifier_cpa", "verifier_grp", "verifier_marge_erreur", "verifier_part_de_marche",
    "verifier_part_relative", "verifier_roi_levier", "verifier_seuil_ventes", "verifier_tcam",
]
