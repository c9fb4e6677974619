"""Checks of the sales-force exercises of lessons 3 and 4: sizing methods, travel, pay, bonuses, quotas.

The expected value is recomputed with :mod:`.sales_force` or plain Python on the
Outivis tables; every check returns French feedback and never raises.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...kit.feedback import Feedback, check_number
from ...kit.nombres import fr_euros, fr_nombre
from .checks import _pct_tol, _row
from .rules import FIELD_DAYS, VISIT_FREQUENCIES, VISITS_PER_DAY, abc_classes
from .sales_force import (
    annual_pay,
    break_even_revenue,
    capacity_use,
    employer_cost,
    quotas_by_unexploited_potential,
    reps_needed,
    shortest_tour,
    staff_by_productivity,
    tour_minutes,
    visits_per_day,
)

CAPACITY = FIELD_DAYS * VISITS_PER_DAY


def verifier_utilisation_capacite(reponse: Any, vendeurs: pd.DataFrame) -> Feedback:
    """Share (in %) of the team's theoretical visit capacity used in 2025."""
    made, reps = sum(vendeurs["visites_2025"]), len(vendeurs)
    expected = capacity_use(made, reps, CAPACITY)
    return check_number(
        reponse, expected, rel_tol=_pct_tol(expected),
        success=f"Les vendeurs n'ont utilisé que {fr_nombre(expected, 1)} % de leur capacité théorique "
                f"({fr_nombre(made / reps, 0)} visites chacun au lieu de {fr_nombre(CAPACITY)}) : avant de recruter, "
                "on cherche où passe le temps (trajets, devis, administratif).",
        traps=[(made / CAPACITY * 100, "Vous avez comparé les visites de toute l'équipe à la capacité d'un seul vendeur : "
                                       "multipliez la capacité par le nombre de vendeurs."),
               (expected / 100, "Exprimez la part en % (multipliez par 100)."),
               (reps * CAPACITY / made * 100, "Le rapport est inversé : visites faites / capacité théorique.")],
        hint="Part utilisée = visites faites par l'équipe / (nombre de vendeurs × 180 jours × 4 visites) × 100.",
    )


def verifier_effectif_productivite(reponse: Any, vendeurs: pd.DataFrame, ca_vise: float) -> Feedback:
    """Representatives needed by the productivity method: target revenue / revenue per representative, rounded up."""
    per_rep = sum(vendeurs["ca_2025"]) / len(vendeurs)
    expected = staff_by_productivity(ca_vise, per_rep)
    exact = ca_vise / per_rep
    return check_number(
        reponse, expected, rel_tol=1e-9,
        success=f"{expected} vendeurs ({fr_nombre(exact, 2)} arrondi à l'entier supérieur), à comparer avec la méthode "
                "de la charge de travail ; un vendeur recruté n'atteint pas le CA moyen dès sa première année.",
        traps=[(int(exact), "Vous avez arrondi à l'entier inférieur : l'objectif ne serait pas couvert."),
               (exact, "Un vendeur ne se partage pas : arrondissez à l'entier supérieur (math.ceil).")],
        hint="Effectif = CA visé / CA moyen d'un vendeur en 2025, arrondi à l'entier supérieur.",
    )


def verifier_seuil_vendeur(reponse: Any, cout_complet: float, taux_de_marque: float) -> Feedback:
    """Extra revenue one more representative must bring to pay for itself: full cost / taux de marque."""
    expected = break_even_revenue(cout_complet, taux_de_marque)
    markup_on_cost = taux_de_marque / (1 - taux_de_marque)
    return check_number(
        reponse, expected, rel_tol=0.005,
        success=f"Le vendeur supplémentaire doit apporter au moins {fr_euros(expected)} de CA nouveau pour que sa marge "
                "couvre son coût complet : c'est le raisonnement marginal, à comparer au potentiel inexploité du secteur.",
        traps=[(cout_complet, "C'est son coût : le CA à apporter est plus élevé, car seule la marge couvre le coût "
                              "(divisez par le taux de marque)."),
               (cout_complet / markup_on_cost, "Vous avez divisé par le taux de marge (marge / coût d'achat) ; le CA se "
                                               "convertit en marge par le taux de marque (marge / CA)."),
               (cout_complet * taux_de_marque, "Vous avez multiplié : CA à apporter = coût complet / taux de marque.")],
        hint="CA à apporter = coût complet annuel / taux de marque (en proportion).",
    )


def verifier_visites_par_jour(reponse: Any, minutes: float, duree_visite: float, trajet: float) -> Feedback:
    """Whole visits a day once each visit's trip is counted (rounded down)."""
    expected = visits_per_day(minutes, duree_visite, trajet)
    exact = minutes / (duree_visite + trajet)
    return check_number(
        reponse, expected, rel_tol=1e-9,
        success=f"{expected} visites par jour ({fr_nombre(exact, 2)} arrondi à l'entier inférieur : une visite qui ne "
                "tient pas dans la journée ne se fait pas) ; les trajets coûtent des visites là où le secteur est étendu.",
        traps=[(int(minutes // duree_visite), "Vous avez oublié les trajets : chaque visite coûte sa durée plus le trajet."),
               (expected + 1, "On arrondit à l'entier inférieur : la dernière visite ne tiendrait pas dans la journée."),
               (exact, "Le nombre de visites est entier : arrondissez à l'entier inférieur (math.floor).")],
        hint="Visites par jour = temps disponible / (durée d'une visite + trajet moyen), arrondi à l'entier inférieur.",
    )


def verifier_besoin_secteur(reponse: Any, charge: float, minutes: float, duree_visite: float, trajet: float) -> Feedback:
    """Representatives a sector's workload needs at the travel-corrected visits a day, to the hundredth."""
    expected = reps_needed(charge, FIELD_DAYS, visits_per_day(minutes, duree_visite, trajet))
    return check_number(
        reponse, expected, rel_tol=0.006,
        success=f"Il faut {fr_nombre(expected, 2)} vendeurs pour ce secteur, et non "
                f"{fr_nombre(charge / CAPACITY, 2)} avec la capacité théorique : les trajets changent le découpage.",
        traps=[(charge / CAPACITY, "Vous avez pris la capacité théorique (720 visites) : prenez les visites par jour "
                                   "corrigées des trajets."),
               (reps_needed(charge, FIELD_DAYS, minutes / (duree_visite + trajet)),
                "Vous avez gardé des visites par jour non entières : arrondissez-les d'abord à l'entier inférieur.")],
        hint="Besoin = charge du secteur / (180 jours terrain × visites par jour corrigées), au centième.",
    )


def verifier_remuneration(reponse: Any, vendeurs: pd.DataFrame, comptes: pd.DataFrame, nom: str, *,
                          fixe: float, taux_commission: float, prime: float) -> Feedback:
    """Gross annual pay of one representative: fixed + commission on the gross margin of its accounts + bonus if met."""
    r = _row(vendeurs, "vendeur", nom)
    margin = sum(m for v, m in zip(comptes["vendeur"], comptes["marge_2025"]) if v == nom)
    met = r["ca_2025"] >= r["objectif_2025"]
    expected = annual_pay(fixe, taux_commission, margin, prime, met)
    return check_number(
        reponse, expected, rel_tol=0.001,
        success=f"{nom} gagne {fr_euros(expected)} bruts : la commission sur la marge le pousse à défendre les prix.",
        traps=[(annual_pay(fixe, taux_commission, r["ca_2025"], prime, met), "La commission porte sur la marge brute de "
                                                                             "ses clients, pas sur son CA."),
               (annual_pay(fixe, taux_commission, margin, prime, not met), "Regardez si l'objectif est atteint : la "
                                                                           "prime dépend de CA 2025 ≥ objectif 2025.")],
        hint="Rémunération = fixe annuel + taux × marge brute de ses clients + prime si CA 2025 ≥ objectif.",
    )


def verifier_cout_concours(reponse: Any, budget: pd.DataFrame, poste: str, taux_patronal: float) -> Feedback:
    """Cost of a challenge whose per-salesperson prizes are gross pay: fixed part + prizes × (1 + employer rate)."""
    r = _row(budget, "poste", poste)
    prizes = r["cout_unitaire"] * r["quantite"]
    expected = r["cout_fixe"] + employer_cost(prizes, taux_patronal)
    return check_number(
        reponse, expected, rel_tol=0.002,
        success=f"Le concours coûte {fr_euros(expected)} et non {fr_euros(r['cout_fixe'] + prizes)} : les primes sont du "
                "salaire, soumises aux cotisations (code de la sécurité sociale, article L242-1).",
        traps=[(r["cout_fixe"] + prizes, "Les primes versées aux salariés sont soumises aux cotisations : ajoutez les "
                                         "charges patronales."),
               (employer_cost(r["cout_fixe"] + prizes, taux_patronal), "Le coût fixe (lots, communication) n'est pas du "
                                                                       "salaire : seules les primes portent des cotisations.")],
        hint="Coût = coût fixe + primes × (1 + taux de cotisations patronales).",
    )


def verifier_quota(reponse: Any, comptes: pd.DataFrame, secteur: str, croissance: float) -> Feedback:
    """A sector's quota: its revenue + a share of the growth proportional to its unexploited potential."""
    revenue: dict[str, float] = {}
    potential: dict[str, float] = {}
    for zone, ca, pot in zip(comptes["secteur"], comptes["ca_2025"], comptes["potentiel"]):
        revenue[zone] = revenue.get(zone, 0.0) + ca
        potential[zone] = potential.get(zone, 0.0) + pot
    expected = quotas_by_unexploited_potential(revenue, potential, croissance)[secteur]
    by_potential = revenue[secteur] + croissance * potential[secteur] / sum(potential.values())
    return check_number(
        reponse, expected, rel_tol=0.002,
        success=f"Quota {secteur} : {fr_euros(expected)}, dont {fr_euros(expected - revenue[secteur])} de croissance, là "
                "où reste le plus de potentiel à prendre.",
        traps=[(expected - revenue[secteur], "C'est la part de croissance du secteur : ajoutez son CA 2025."),
               (by_potential, "Vous avez réparti selon le potentiel total ; la règle répartit selon le potentiel "
                              "inexploité (potentiel − CA)."),
               (revenue[secteur] + croissance / len(revenue), "Vous avez partagé la croissance en parts égales.")],
        hint="Quota = CA 2025 du secteur + croissance × (potentiel − CA) du secteur / total du (potentiel − CA).",
    )


def verifier_duree_tournee(reponse: Any, temps: pd.DataFrame, base: str, etapes: list[str]) -> Feedback:
    """Travel minutes of a tour from ``base`` through ``etapes`` and back (``temps.loc[a, b]``: minutes from a to b)."""
    times = {a: {b: float(temps.loc[a, b]) for b in temps.columns} for a in temps.index}
    expected = tour_minutes(times, base, etapes)
    _order, best = shortest_tour(times, base, etapes)
    return check_number(
        reponse, expected, rel_tol=1e-9,
        success=f"{fr_nombre(expected)} minutes de trajet" + (
            f" ; un autre ordre n'en demande que {fr_nombre(best)} : cherchez-le." if best < expected else
            " : c'est l'ordre le plus court."),
        traps=[(expected - times[etapes[-1]][base], "Vous avez oublié le retour à la base en fin de journée."),
               (expected - times[base][etapes[0]], "Vous avez oublié le trajet de la base jusqu'au premier client.")],
        hint="Additionnez les trajets étape par étape : base → 1er client → … → dernier client → base.",
    )


def verifier_visites_clients_a(reponse: Any, comptes: pd.DataFrame) -> Feedback:
    """Average number of visits an A client received in 2025 (classes recomputed from the revenue)."""
    clients = comptes[comptes["statut"] == "client"]
    classes = abc_classes(dict(zip(clients["client_id"], clients["ca_2025"])))
    visits = [v for cid, v in zip(comptes["client_id"], comptes["visites_2025"]) if classes.get(cid) == "A"]
    expected = sum(visits) / len(visits)
    norm = VISIT_FREQUENCIES["A"]
    return check_number(
        reponse, expected, rel_tol=max(0.005, 0.051 / expected),
        success=f"Un client A a reçu {fr_nombre(expected, 1)} visites en moyenne, pour une norme de {norm} : les comptes "
                "qui font 80 % du CA sont sous-visités. La charge de travail dit ce qu'il faudrait, pas ce qui se fait.",
        traps=[(sum(clients["visites_2025"]) / len(clients), "C'est la moyenne de tous les clients : gardez les clients A."),
               (sum(comptes["visites_2025"]) / len(comptes), "C'est la moyenne de tous les comptes : gardez les clients A."),
               (sum(visits), "C'est le total des visites des clients A : divisez par leur nombre.")],
        hint="Moyenne de la colonne visites_2025 sur les seuls clients de classe A.",
    )


__all__ = [name for name in dir() if name.startswith("verifier_")]
