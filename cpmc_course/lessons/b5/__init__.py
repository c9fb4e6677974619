"""Checks, calculations and simulators of the bloc 5 lessons (``courses/b5``).

Bloc 5 is "Gestion des données marketing et commerciales" (C34–C37,
CE33–CE36). One module per concern, everything re-exported here so that a
notebook writes ``from cpmc_course.lessons.b5 import verifier_csat``:

* :mod:`.feedback` — :class:`Feedback` and the generic numeric and
  multiple-choice checks. A ``verifier_*`` check takes the learner's answer
  (``None`` while the cell is not completed) and the data of the exercise,
  recomputes the expected value and returns French feedback: no answer yet,
  right, or a targeted hint for the plausible mistake. A check never raises.
* :mod:`.objectives` — the official wording of the référentiel codes.
* :mod:`.data` — :func:`torvane`, the tables of the training case (never the exam company's).
* :mod:`.tracking`, :mod:`.funnel`, :mod:`.customers`, :mod:`.forecast`,
  :mod:`.campaign`, :mod:`.dataviz` — the business calculations (UTM → canal,
  funnel, RFM, cohorts, CLV, seasonality, uplift and significance, message
  charts) and the checks of each lesson; the tests compare the calculations
  with independent computations.
* :mod:`.widgets` — :class:`FunnelSimulator` and :class:`CampaignSimulator`,
  ipywidgets whose sliders feed :func:`simulate_funnel` and
  :func:`simulate_campaign`.
"""

from .campaign import (
    CampaignResult,
    ProportionTest,
    discounted_margin_rate,
    incremental_margin,
    incremental_roi,
    proportions_test,
    simulate_campaign,
    verifier_roi_campagne,
    verifier_uplift_absolu,
    verifier_uplift_relatif,
)
from .customers import (
    CRITERIA_FAMILIES,
    FREQUENCY_BINS,
    RFM_SEGMENTS,
    clv_discounted,
    clv_simple,
    cohort_retention,
    frequency_score,
    quintile_score,
    rfm_scores,
    rfm_segment,
    rfm_table,
    verifier_clv_actualisee,
    verifier_clv_simple,
    verifier_colonnes_psychographiques,
    verifier_csat,
    verifier_montant_par_client,
    verifier_part_acheteurs_uniques,
    verifier_retention,
    verifier_score_r,
    verifier_taux_reachat,
)
from .dataviz import (
    CHART_QUIZ,
    HIGHLIGHT,
    MUTED,
    TITLE_QUIZ,
    message_bar_chart,
    verifier_choix_graphique,
    verifier_graphique_manager,
    verifier_titre,
    verifier_tri,
)
from ...kit.feedback import EMPTY, NO_ANSWER, RIGHT, WRONG, Feedback, check_choice, check_number
from .forecast import mape, verifier_coefficient_saisonnier, verifier_croissance_annuelle, verifier_mape
from .funnel import (
    FunnelResult,
    simulate_funnel,
    verifier_cout_par_lead,
    verifier_nombre_mql,
    verifier_roas,
    verifier_roi,
    verifier_taux_clic_cta,
    verifier_taux_conversion_leads,
)
from .data import TORVANE_DIR, torvane
from .objectives import objectives
from .tracking import (
    BASE_LEGALE_QUIZ,
    CHANNELS,
    CNIL_QUIZ,
    SEARCH_ENGINES,
    TORVANE_SOURCES,
    torvane_channel,
    utm_parameters,
    verifier_base_legale,
    verifier_canal,
    verifier_cpc,
    verifier_ctr,
    verifier_duree_cookie,
    verifier_sessions_par_canal,
    verifier_utm_campaign,
)
from .widgets import CampaignSimulator, FunnelSimulator

__all__ = [name for name in dir() if not name.startswith("_")]
