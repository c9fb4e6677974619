"""Bloc 2: the table of every number quoted in the Nettalpe sujet's markdown and instructor notes.

Each quoted number maps to a ``Data`` computation (``b2_data``, on the session's
case data) or a ``Fixed`` reason (barème, rule of the brief, norm…). ``render``
in ``figures`` rewrites the example's documents for another session with these
tables; ``tests/test_sessions_b2.py`` checks them on every session.
"""

from __future__ import annotations

from cpmc_course.sessions import b2_data as d
from cpmc_course.sessions.figures import Data, Fixed, Table, merge

RECRUITMENT = "Recrutement du commercial Alpes"


def _needed() -> int:
    return -(-d.workload() // d.capacity())


def _hire_cost() -> float:
    return d.cost("Recrutement") + d.cost("Véhicule")


def _others_penetration() -> float:
    by = d.csv("comptes.csv").query("segment != 'Santé'")
    return by["ca_2026"].sum() / by["potentiel_annuel"].sum()


DATA = {
    # portfolio, zones, workload
    "925": Data(lambda: d.count("client")),
    "290": Data(lambda: d.count("prospect")),
    "259": Data(lambda: d.class_count("A")),
    "28,0 %": Data(lambda: d.class_share_of_clients("A")),
    "80,0 %": Data(lambda: d.class_share_of_revenue("A")),
    "80 %": [("font 80 %", Data(lambda: d.class_share_of_revenue("A")))],
    "384": Data(lambda: d.class_count("C")),
    "41,5 %": Data(lambda: d.class_share_of_clients("C")),
    "40 %": [("plus de 40 % des clients", Data(lambda: d.class_share_of_clients("C"), ">"))],
    "5,0 %": Data(lambda: d.class_share_of_revenue("C")),
    "5 %": Data(lambda: d.class_share_of_revenue("C")),
    "20,8 %": Data(lambda: d.potential_share(d.SAVOIE)),
    "21 %": Data(lambda: d.potential_share(d.SAVOIE)),
    "7,1 %": Data(lambda: d.penetration(d.SAVOIE)),
    "7 %": Data(lambda: d.penetration(d.SAVOIE)),
    "18,9 %": Data(lambda: d.penetration(d.LYON)),
    "1,37": Data(lambda: d.workload(d.SAVOIE) / d.capacity()),
    "6 148": Data(d.workload),
    "5 380": Data(lambda: d.workload(without_c=True)),
    "6,40": Data(lambda: d.workload(without_c=True) / d.capacity()),
    "3 243": Data(d.visits_2026),
    "55 %": Data(lambda: d.visits_2026() / (d.staff() * d.capacity())),
    "5 880": Data(lambda: d.staff() * d.capacity()),
    "5,7": Data(d.a_visits),
    "3,9": Data(lambda: d.a_visits(d.SAVOIE)),
    "69": Data(lambda: d.travel(d.SAVOIE)),
    "25": [("25 min à Lyon", Data(lambda: d.travel(d.LYON)))],
    "9": [("plus de 9 h", Data(lambda: 2 * 4 * d.travel(d.SAVOIE) / 60, ">"))],
    "70": Data(lambda: d.zone_travel(d.SAVOIE)),
    "10,7 %": Data(lambda: d.segment_penetration()["Santé"]),
    "15 %": [("environ 15 %", Data(_others_penetration, "~"))],
    "35 %": Data(d.margin_rate),
    "178 000 €": Data(lambda: _hire_cost() / d.margin_rate(), "~"),
    "815 762 €": Data(d.health_revenue),
    "1 019 703 €": Data(lambda: d.health_revenue() * 1.25),
    "203 940 €": Data(lambda: d.health_revenue() * 0.25),
    "58,8 %": Data(lambda: d.operation("Challenge", "ca") / (d.health_revenue() * 0.25)),
    "5 700 €": Data(lambda: d.cost("Webinaires")),
    "296 000 €": Data(lambda: d.health_contribution(d.retained())),
    "52 000 €": Data(lambda: d.line_health("Webinaires")),
    # team
    "1 612 €": Data(lambda: d.rep("Julien Bertrand", "ca_par_visite")),
    "19,2 %": Data(lambda: d.rep("Julien Bertrand", "transformation")),
    "35,7 %": Data(lambda: d.rep("Camille Roux", "transformation")),
    "87,8 %": Data(lambda: d.rep("Laura Perrin", "realisation")),
    # actions 2026
    "364,0 %": Data(lambda: d.action(d.EMAILING, "roi")),
    "349,7 %": Data(lambda: d.action(d.WEBINAR, "roi")),
    "230,4 %": Data(lambda: d.action(d.DEMOS, "roi")),
    "26,5 %": Data(lambda: d.action("Télévente relance comptes C", "roi")),
    "9,1 %": Data(lambda: d.action("Salon Hygiène Pro (Eurexpo)", "roi")),
    "16,0 %": Data(lambda: d.action("Annonces moteur de recherche", "roi")),
    "22,0 %": Data(lambda: d.action(d.CATALOGUE, "roi")),
    "22 %": Data(lambda: d.action(d.CATALOGUE, "roi")),
    "38,9 %": Data(lambda: d.action(d.CATALOGUE, "transformation")),
    "46": Data(lambda: d.action(d.WEBINAR, "leads")),
    "30,4 %": Data(lambda: d.action(d.WEBINAR, "transformation")),
    "19,1 %": Data(lambda: d.wilson(d.WEBINAR)[0]),
    "44,8 %": Data(lambda: d.wilson(d.WEBINAR)[1]),
    "4,50 €": Data(lambda: 1 + d.action(d.WEBINAR, "roi")),
    "3,30 €": Data(lambda: 1 + d.action(d.DEMOS, "roi")),
    "21 €": Data(lambda: d.action(d.EMAILING, "cout_par_lead")),
    "130 €": Data(lambda: d.action(d.WEBINAR, "cout_par_lead")),
    # costed plan, support operations, planning
    "62 525 €": Data(_hire_cost),
    "172 525 €": Data(d.budget),
    "22 525 €": Data(lambda: d.budget() - d.envelope()),
    "23 800 €": Data(lambda: d.cost("Catalogue")),
    "148 725 €": Data(lambda: d.budget() - d.cost("Catalogue")),
    "1 275 €": Data(lambda: d.envelope() - d.budget() + d.cost("Catalogue")),
    "14 000 €": [("budget : 14 000 €", Data(lambda: d.cost("Challenge"))), ("", Data(lambda: d.cost("Salon")))],
    "55 400 €": Data(lambda: d.cost("Recrutement")),
    "7 125 €": Data(lambda: d.cost("Véhicule")),
    "120 000 €": Data(lambda: d.operation("Challenge", "ca")),
    "45 600 €": Data(lambda: d.operation("Challenge", "marge")),
    "225,7 %": Data(lambda: d.operation("Challenge", "roi")),
    "3,26 €": Data(lambda: 1 + d.operation("Challenge", "roi")),
    "72 000 €": Data(lambda: d.operation("Formation", "ca")),
    "28 800 €": Data(lambda: d.operation("Formation", "marge")),
    "11 500 €": Data(lambda: d.operation("Formation", "cout")),
    "150,4 %": Data(lambda: d.operation("Formation", "roi")),
    "56": Data(lambda: d.task_days(RECRUITMENT)),
    "19": [("le 19 avril", Data(lambda: d.launch_end().day)), ("(19 quinzaines", Fixed("quantité du plan chiffré : quinzaines du 15 mars au 31 décembre"))],
    "11": [("11 jours", Data(d.launch_margin))],
    "8": [("8 commerciaux pour", Data(_needed)), (": 8 commerciaux", Data(_needed)),
          ("(8 semaines)", Data(lambda: d.task_days(RECRUITMENT) / 7))],
    "7": [("arrondi à 7", Data(lambda: -(-d.workload(without_c=True) // d.capacity()))),
          ("donc 7)", Data(lambda: -(-d.workload(without_c=True) // d.capacity())))],
}

FIXED = {
    "0": Fixed("borne d'une proportion, ou note nulle de la grille"),
    "1": Fixed("borne d'une proportion, numéro de partie, barème ou effectif d'une zone (1 commercial en poste)"),
    "2": Fixed("numéro de partie, barème, fréquence de visite d'un compte C ou d'un prospect (règle du cas)"),
    "3": Fixed("numéro de partie ou barème"),
    "4": Fixed("numéro de partie, barème ou visites par jour (règle du cas)"),
    "5": Fixed("durée de l'épreuve (5 h), numéro de partie, barème ou longueur demandée (5 à 8 lignes)"),
    "6": Fixed("numéro de partie, barème ou quantité du plan chiffré (6 webinaires)"),
    "7": Fixed("numéro de partie, barème, ou les 7 commerciaux en poste (effectif du cas, le même dans toutes les sessions)"),
    "8": Fixed("numéro de partie, barème, longueur demandée, ou les 8 commerciaux du plan (7 en poste + 1 recrutement)"),
    "9": Fixed("numéro de partie ou barème"),
    "10": Fixed("numéro de partie ou barème"),
    "11": Fixed("numéro de partie, ou date de l'examen du plan (lundi 11 janvier, règle du cas)"),
    "80 %": Fixed("seuil de la classe A (règle du cas)"),
    "12": Fixed("fréquence de visite d'un compte A (règle du cas), ou objectif de comptes de la fiche action modèle"),
    "14": Fixed("barème"),
    "13": Fixed("barème"),
    "23": Fixed("barème"),
    "17": Fixed("barème"),
    "35": Fixed("points automatiques du barème"),
    "65 points": Fixed("barème"),
    "0,5 point": Fixed("barème de la grille"),
    "15": Fixed("date de fin du recrutement (15 mars : validation + 56 jours, règle du planning)"),
    "24": Fixed("barème"),
    "30": Fixed("points automatiques du barème (dont 30 automatiques) ou date limite du lancement (30 avril, règle du cas)"),
    "40": Fixed("objectif de leads de la fiche action modèle (exemple de la réponse modèle)"),
    "31": Fixed("fin de l'année (31 décembre)"),
    "100": Fixed("total des points"),
    "840": Fixed("capacité d'un commercial (210 jours × 4 visites, règle du cas)"),
    "9,5": Fixed("mois du 15 mars au 31 décembre (règle du planning)"),
    "0,80": Fixed("seuil de la classe A (règle du cas)"),
    "0,95": Fixed("seuil de la classe B (règle du cas)"),
    "25 %": Fixed("objectif du plan marketing (+25 % de CA Santé)"),
    "10 %": Fixed("seuil d'alerte du tableau de bord modèle"),
    "100 %": Fixed("cible du tableau de bord modèle (budget engagé ≤ 100 %)"),
    "95 %": Fixed("niveau de confiance des intervalles"),
    "40 %": Fixed("seuil de CONTENT.md §2"),
    "150 000 €": Fixed("enveloppe du cahier des charges"),
    "13727": Fixed("numéro de la norme NF EN 13727"),
    "14476": Fixed("numéro de la norme NF EN 14476"),
    "16615": Fixed("numéro de la norme NF EN 16615"),
    "70 points": Fixed("barème"),
    "100 points": Fixed("barème"),
    **{f"{n} points": Fixed("barème de la grille") for n in range(2, 13)},
    "1 point": Fixed("barème de la grille"),
    "0 point": Fixed("barème de la grille"),
}

BRIEF_DATA = {
    "3,8 M€": Data(lambda: d.csv("comptes.csv")["ca_2026"].sum()),
}
BRIEF_FIXED = {
    **FIXED,
    "85": Fixed("effectif de l'entreprise (fiction du cas)"),
    "0 €": Fixed("CA Santé du véhicule, compté avec le recrutement (règle du cas)"),
    "48": Fixed("salariés de l'usine, qui explique l'effectif (fiction du cas)"),
    "95 %": Fixed("seuil de la classe B (règle du cas)"),
    "210": Fixed("jours terrain d'un commercial (règle du cas)"),
    "150 %": Fixed("exemple de lecture d'un ROI"),
    "2,50 €": Fixed("exemple de lecture d'un ROI"),
    "1,50 €": Fixed("exemple de lecture d'un ROI"),
}

NOTEBOOK = "plan_actions_commerciales.ipynb"
NOTES = "NOTES_FORMATEUR.md"
BRIEF = "README.md"
TABLES: dict[str, Table] = {NOTEBOOK: merge(FIXED, DATA), NOTES: merge(FIXED, DATA), BRIEF: merge(BRIEF_FIXED, BRIEF_DATA)}
"""Document → its table (the notebook's markdown cells and the instructor notes share one; the brief has its own)."""
