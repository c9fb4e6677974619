"""Calculations, checks and simulators of the bloc 3 lessons (``courses/b3``) and épreuves.

Bloc 3 is « Gestion des relations clients » (C17–C26, SC1, B3.CE16, CE17–CE25).

* :mod:`.donnees` — :func:`mitonelle` (the lessons' training company).
* :mod:`.objectifs` — :func:`objectifs`, the official wording of the codes a lesson works on.
* :mod:`.offre` — coût de revient, selling price under a taux de marque, break-even in orders.
* :mod:`.satisfaction` — CSAT, NPS, CES and the Pareto of complaints.
* :mod:`.ecoute` — social listening: a scikit-learn classifier of themes and sentiment, its cross-validated exactitude.
* :mod:`.checks` — the ``verifier_*`` exercise checks (French feedback, never an exception).
* :mod:`.widgets` — :class:`PrixSimulator`, the price and margin calculator.
"""

from .checks import (
    verifier_causes_principales,
    verifier_cout_de_revient,
    verifier_csat,
    verifier_methode,
    verifier_nps,
    verifier_prix_de_vente,
    verifier_seuil,
)
from .donnees import mitonelle
from .ecoute import annoter, validation_croisee
from .objectifs import objectifs
from .offre import (
    cout_de_revient,
    couts_par_categorie,
    prix_pour_taux_de_marque,
    seuil_en_commandes,
    taux_de_marge,
)
from .satisfaction import causes_principales, ces, csat, nps, pareto
from .widgets import PrixSimulator, simulate_prix

__all__ = [
    "PrixSimulator", "annoter", "causes_principales", "ces", "cout_de_revient", "couts_par_categorie", "csat", "mitonelle", "nps",
    "objectifs", "pareto", "prix_pour_taux_de_marque", "seuil_en_commandes", "simulate_prix", "taux_de_marge", "validation_croisee", "verifier_causes_principales",
    "verifier_cout_de_revient", "verifier_csat", "verifier_methode", "verifier_nps", "verifier_prix_de_vente", "verifier_seuil",
]
