"""Rules, checks and the simulator of the bloc 2 lessons (``courses/b2``).

Bloc 2 is « Mise en œuvre de la politique commerciale » (C9–C16, CE8–CE16).
Everything is re-exported here so that a notebook writes
``from cpmc_course.lessons.b2 import verifier_effectif``:

* :mod:`.data` — :func:`outivis`, the tables of the Outivis training case (the épreuve examines another company).
* :mod:`.objectives` — the official wording of the bloc 2 codes.
* :mod:`.rules` — the business rules in plain Python (ABC classes, workload
  sizing, ROI, budget, early and late dates, critical path with networkx): the lessons' checks and the
  tests recompute with them, never with the learner's pandas route.
* :mod:`.checks` — the ``verifier_*`` exercise checks (French feedback, never raise).
* :mod:`.checks_plan` — the checks of the choice within the envelope (expected revenue per euro) and of the
  calendar of the kept actions.
* :mod:`.sales_force` and :mod:`.checks_sales_force` — other sizing methods, travel, pay, bonuses and quotas:
  the rules and their exercise checks.
* :mod:`.law` — the law questions (VRP, agent commercial, B2B e-mail, SMART) and public-procurement thresholds.
* :mod:`.widgets` — :class:`SimulateurForceDeVente` (workload sizing) and :class:`SimulateurRemuneration` (pay plans).
"""

from .checks import (
    verifier_charge_visites,
    verifier_couverture_objectif,
    verifier_cout_par_lead,
    verifier_ecart_enveloppe,
    verifier_effectif,
    verifier_marge_jours,
    verifier_motivation_soncas,
    verifier_objectif_euros,
    verifier_part_ca_classe_a,
    verifier_retard_projet,
    verifier_roi_action,
    verifier_roi_operation,
    verifier_taux_realisation,
    verifier_zone_a_renforcer,
)
from .checks_plan import (
    verifier_ca_par_euro,
    verifier_calendrier_actions,
    verifier_choix_enveloppe,
    verifier_contribution_retenue,
)
from .checks_sales_force import (
    verifier_besoin_secteur,
    verifier_cout_concours,
    verifier_duree_tournee,
    verifier_effectif_productivite,
    verifier_quota,
    verifier_remuneration,
    verifier_seuil_vendeur,
    verifier_utilisation_capacite,
    verifier_visites_clients_a,
    verifier_visites_par_jour,
)
from .data import outivis
from .law import verifier_question, verifier_procedure_marche
from .objectives import objectives
from .rules import (
    ABC_THRESHOLDS,
    FIELD_DAYS,
    VISIT_FREQUENCIES,
    VISITS_PER_DAY,
    abc_classes,
    best_choice,
    choose_by_revenue_per_euro,
    critical_path,
    schedule,
    staff_needed,
    visit_workload,
)
from .widgets import SimulateurForceDeVente, SimulateurRemuneration

__all__ = [
    "ABC_THRESHOLDS",
    "FIELD_DAYS",
    "VISITS_PER_DAY",
    "VISIT_FREQUENCIES",
    "SimulateurForceDeVente",
    "SimulateurRemuneration",
    "abc_classes",
    "best_choice",
    "choose_by_revenue_per_euro",
    "critical_path",
    "objectives",
    "outivis",
    "schedule",
    "staff_needed",
    "verifier_ca_par_euro",
    "verifier_calendrier_actions",
    "verifier_choix_enveloppe",
    "verifier_contribution_retenue",
    "verifier_charge_visites",
    "verifier_couverture_objectif",
    "verifier_objectif_euros",
    "verifier_cout_par_lead",
    "verifier_ecart_enveloppe",
    "verifier_effectif",
    "verifier_marge_jours",
    "verifier_motivation_soncas",
    "verifier_part_ca_classe_a",
    "verifier_retard_projet",
    "verifier_roi_action",
    "verifier_roi_operation",
    "verifier_taux_realisation",
    "verifier_zone_a_renforcer",
    "verifier_besoin_secteur",
    "verifier_cout_concours",
    "verifier_duree_tournee",
    "verifier_effectif_productivite",
    "verifier_quota",
    "verifier_remuneration",
    "verifier_seuil_vendeur",
    "verifier_utilisation_capacite",
    "verifier_visites_clients_a",
    "verifier_visites_par_jour",
    "verifier_question",
    "verifier_procedure_marche",
    "visit_workload",
]
