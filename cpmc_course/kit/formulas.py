"""Named marketing and management calculations that numeric questions rely on.

A numeric question of a bank does not just state its answer: it gives its
inputs as named values and names one of these calculations. The bank loader
recomputes the answer and refuses a bank whose stated answer disagrees with its
own data.

**One convention for the whole package.** Every rate these formulas take or
return is in percent (``25.0`` for 25 %), ROI included: ``roi(3, 1)`` is
``200.0`` (200 %: each euro invested brings back 1 + ROI = 3 € of margin, 2 € of
it gain). Amounts are in euros, durations in the unit of the inputs. Lessons and
épreuves ask learners for proportions (``0.25``), the form pandas computes: their
checks call these formulas and convert once with :func:`proportion`, and the
formatter writes proportions (``fr_pourcent(0.25)`` is ``25,0 %``). No other
module re-derives a formula of this file.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

Number = float | int


def taux_de_marge(prix_vente_ht: Number, cout_achat_ht: Number) -> float:
    """Taux de marge in percent: marge / coût d'achat HT."""
    return (prix_vente_ht - cout_achat_ht) / cout_achat_ht * 100


def taux_de_marque(prix_vente_ht: Number, cout_achat_ht: Number) -> float:
    """Taux de marque in percent: marge / prix de vente HT."""
    return (prix_vente_ht - cout_achat_ht) / prix_vente_ht * 100


def prix_vente_ht_par_taux_de_marque(cout_achat_ht: Number, taux_de_marque: Number) -> float:
    """Selling price HT that gives a target taux de marque (in percent)."""
    return cout_achat_ht / (1 - taux_de_marque / 100)


def prix_vente_ttc(prix_vente_ht: Number, taux_tva: Number) -> float:
    """Price including VAT, the VAT rate given in percent."""
    return prix_vente_ht * (1 + taux_tva / 100)


def coefficient_multiplicateur(cout_achat_ht: Number, prix_vente_ttc: Number) -> float:
    """Coefficient multiplicateur: prix de vente TTC / coût d'achat HT."""
    return prix_vente_ttc / cout_achat_ht


def cout_de_revient(
    cout_production: Number, cout_logistique: Number, cout_commercialisation: Number
) -> float:
    """Coût de revient: sum of production, logistics and selling costs."""
    return cout_production + cout_logistique + cout_commercialisation


def prix_vente_ht_par_marge_sur_cout(cout_de_revient: Number, taux_marge_souhaite: Number) -> float:
    """Selling price HT that adds a margin rate (percent of the coût de revient)."""
    return cout_de_revient * (1 + taux_marge_souhaite / 100)


def prix_vente_ht_par_marge_sur_prix(cout_de_revient: Number, marge_sur_prix: Number) -> float:
    """Selling price HT whose margin over the coût de revient is ``marge_sur_prix`` percent of that price."""
    return cout_de_revient / (1 - marge_sur_prix / 100)


def part_de_marche(ventes_entreprise: Number, ventes_marche: Number) -> float:
    """Market share in percent."""
    return ventes_entreprise / ventes_marche * 100


def part_de_marche_relative(ventes_entreprise: Number, ventes_premier_concurrent: Number) -> float:
    """Relative market share (ratio to the largest competitor), as a ratio."""
    return ventes_entreprise / ventes_premier_concurrent


def marche_potentiel(
    acheteurs_potentiels: Number, quantite_par_acheteur: Number, prix_moyen: Number
) -> float:
    """Potential market value: buyers × quantity per buyer × average price."""
    return acheteurs_potentiels * quantite_par_acheteur * prix_moyen


def taux_de_penetration(acheteurs: Number, population_cible: Number) -> float:
    """Penetration rate in percent."""
    return acheteurs / population_cible * 100


def taux_d_evolution(valeur_initiale: Number, valeur_finale: Number) -> float:
    """Change between two values, in percent."""
    return (valeur_finale - valeur_initiale) / valeur_initiale * 100


def tcam(valeur_initiale: Number, valeur_finale: Number, annees: Number) -> float:
    """Taux de croissance annuel moyen in percent over ``annees`` years."""
    return ((valeur_finale / valeur_initiale) ** (1 / annees) - 1) * 100


def taille_echantillon(marge_erreur: Number, proportion: Number = 50, z: Number = 1.96) -> int:
    """Sample size for a proportion survey (margin and proportion in percent), rounded up."""
    p, e = proportion / 100, marge_erreur / 100
    return math.ceil(z**2 * p * (1 - p) / e**2 - 1e-9)


def marge_d_erreur(taille: Number, proportion: Number = 50, z: Number = 1.96) -> float:
    """Margin of error in percentage points of a proportion measured on ``taille`` answers."""
    p = proportion / 100
    return z * math.sqrt(p * (1 - p) / taille) * 100


def nps(promoteurs: Number, passifs: Number, detracteurs: Number) -> float:
    """Net Promoter Score: % promoters (9-10) − % detractors (0-6), from counts."""
    total = promoteurs + passifs + detracteurs
    return (promoteurs - detracteurs) / total * 100


def csat(satisfaits: Number, repondants: Number) -> float:
    """CSAT in percent: share of answers 4 or 5 on a 5-point scale."""
    return satisfaits / repondants * 100


def moyenne_ponderee(valeurs: Sequence[Number], effectifs: Sequence[Number]) -> float:
    """Weighted mean of ``valeurs`` (e.g. a CES: mean effort score)."""
    return sum(v * n for v, n in zip(valeurs, effectifs, strict=True)) / sum(effectifs)


def taux(partie: Number, total: Number) -> float:
    """A plain ratio in percent (conversion, clics, ouverture, rétention…)."""
    return partie / total * 100


def taux_de_conversion_global(visiteurs: Number, leads: Number, clients: Number) -> float:
    """Visitors turned into customers, in percent (``leads`` shows the funnel)."""
    del leads
    return clients / visiteurs * 100


def ratio(numerateur: Number, denominateur: Number) -> float:
    """A plain ratio (coût par lead, panier moyen, ROAS…)."""
    return numerateur / denominateur


def roi(marge_generee: Number, cout: Number) -> float:
    """Return on investment in percent: (marge générée − coût) / coût.

    The margin is the gross margin the action generates (incremental when a control
    group measures it), not the revenue: a ROI of 150 % means each euro invested
    brings back 2,50 € of margin (1 + ROI), 1,50 € of it gain.
    """
    return (marge_generee - cout) / cout * 100


def roas(chiffre_affaires: Number, depense: Number) -> float:
    """ROAS, a plain ratio: revenue per euro of advertising spend."""
    return chiffre_affaires / depense


def proportion(pourcentage: Number) -> float:
    """A rate given in percent (as the formulas return it) as a proportion: ``25.0`` → ``0.25``."""
    return pourcentage / 100


def clv(panier_moyen: Number, achats_par_an: Number, taux_de_marque: Number, duree_annees: Number) -> float:
    """Simple customer lifetime value: gross margin per year × expected years.

    The margin of a basket is its price × ``taux_de_marque`` (margin over the
    selling price excluding VAT, in percent), not × the taux de marge (margin
    over the purchase cost): see :func:`taux_de_marque`.
    """
    return panier_moyen * achats_par_an * taux_de_marque / 100 * duree_annees


def taux_de_retention(clients_debut: Number, clients_fin: Number, nouveaux_clients: Number) -> float:
    """Customers of the start still there at the end, in percent."""
    return (clients_fin - nouveaux_clients) / clients_debut * 100


def effectif_force_de_vente(
    nb_clients: Number, visites_par_an: Number, duree_visite_h: Number, temps_disponible_h: Number
) -> int:
    """Sales force size by the workload method, rounded up to whole people."""
    return math.ceil(nb_clients * visites_par_an * duree_visite_h / temps_disponible_h - 1e-9)


def marge_libre(debut_tot: Number, duree: Number, debuts_tot_successeurs: Sequence[Number]) -> float:
    """PERT free float: earliest start of the successors − earliest finish of the task."""
    return min(debuts_tot_successeurs) - (debut_tot + duree)


def marge_totale(debut_tot: Number, duree: Number, fin_tard: Number) -> float:
    """PERT total float: latest finish − earliest finish."""
    return fin_tard - (debut_tot + duree)


def duree_chemin_critique(durees_chemins: Sequence[Sequence[Number]]) -> float:
    """Project duration: the longest of the given paths (each a list of durations)."""
    return max(sum(chemin) for chemin in durees_chemins)


def part_pareto(valeurs: Sequence[Number], part_des_premiers: Number = 20) -> float:
    """Share of the total (percent) made by the largest ``part_des_premiers`` % of items.

    Items are customers (their revenue) or causes (their incident counts); the
    number of items kept is rounded up.
    """
    tries = sorted(valeurs, reverse=True)
    k = math.ceil(len(tries) * part_des_premiers / 100 - 1e-9)
    return sum(tries[:k]) / sum(tries) * 100


def seuil_de_rentabilite(charges_fixes: Number, chiffre_affaires: Number, charges_variables: Number) -> float:
    """Break-even revenue: fixed costs / taux de marge sur coûts variables."""
    return charges_fixes / ((chiffre_affaires - charges_variables) / chiffre_affaires)


def chiffre_affaires_pour_couvrir(charges_fixes: Number, taux_mcv: Number) -> float:
    """Revenue whose contribution margin (``taux_mcv`` percent of revenue) covers ``charges_fixes``."""
    return charges_fixes / (taux_mcv / 100)


def point_mort_jours(charges_fixes: Number, chiffre_affaires: Number, charges_variables: Number) -> float:
    """Break-even date in days of a 360-day year, sales being regular."""
    return seuil_de_rentabilite(charges_fixes, chiffre_affaires, charges_variables) / chiffre_affaires * 360


def budget_projet(jours: Sequence[Number], taux_journaliers: Sequence[Number], frais_externes: Number = 0) -> float:
    """Project budget: Σ days × daily rate of each member, plus external costs."""
    return sum(j * t for j, t in zip(jours, taux_journaliers, strict=True)) + frais_externes


def moyenne(valeurs: Sequence[Number]) -> float:
    """Arithmetic mean."""
    return sum(valeurs) / len(valeurs)


def mediane(valeurs: Sequence[Number]) -> float:
    """Median."""
    tries = sorted(valeurs)
    n = len(tries)
    milieu = n // 2
    return float(tries[milieu]) if n % 2 else (tries[milieu - 1] + tries[milieu]) / 2


CALCULS: dict[str, Callable[..., float]] = {
    f.__name__: f
    for f in (
        taux_de_marge, taux_de_marque, prix_vente_ht_par_taux_de_marque, prix_vente_ttc,
        coefficient_multiplicateur, cout_de_revient, prix_vente_ht_par_marge_sur_cout, prix_vente_ht_par_marge_sur_prix,
        part_de_marche, part_de_marche_relative, marche_potentiel, taux_de_penetration,
        taux_d_evolution, tcam, taille_echantillon, marge_d_erreur, nps, csat,
        moyenne_ponderee, taux, taux_de_conversion_global, ratio, roi, roas, clv, taux_de_retention,
        effectif_force_de_vente, marge_libre, marge_totale, duree_chemin_critique, part_pareto,
        seuil_de_rentabilite, chiffre_affaires_pour_couvrir, point_mort_jours, budget_projet, moyenne, mediane,
    )
}
"""Every calculation a numeric question may name, by its function name."""
