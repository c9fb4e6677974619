"""Bloc 3: the table of every number quoted in the Lunéa sujet's markdown and instructor notes.

For each document of the sujet (the markdown cells of the offer, of the group's
preparation file and of the jury grid; the instructor notes), a table maps every
quoted number to a ``Data`` computation (``b3_data``, on the session's case data)
or a ``Fixed`` reason. ``figures.render`` rewrites the example's documents for
another session with these tables; ``tests/test_sessions_b3.py`` checks them.
"""

from __future__ import annotations

import math

from cpmc_course.sessions import b3_data as d
from cpmc_course.sessions.figures import Data, Fixed, Table, merge

BAREME = Fixed("barème de l'épreuve (points d'une partie, d'une grille ou d'un total)")
SMALL = Fixed("énumération, numéro de partie ou de question, échelle de notation, barème d'une grille")

# ----------------------------------------------------------------- shared data figures
SPARE = Data(d.spare_weeks)
WEEKS = Data(d.weeks)
PRICE = Data(d.price)
FLOOR = Data(lambda: d.price(0.15))
BREAK_EVEN_BUDGET = Data(lambda: d.break_even(d.BUDGET))
BREAK_EVEN_PRICE = Data(lambda: d.break_even(d.price()))
PAYBACK_BUDGET = Data(lambda: math.ceil(d.payback_months(d.BUDGET)))
CSAT_PHONE = Data(lambda: d.csat("Téléphone"))
NPS = Data(d.nps)  # quoted after its minus sign (« NPS −3 »)
LAUNCH_DAY = Data(lambda: d.launch_day().day)

# ----------------------------------------------------------------- épreuve 1: the offer
DATA_OFFRE = {
    "56,1 %": CSAT_PHONE,
    "79,3 %": Data(lambda: d.csat("Boutique")),
    "4,05": Data(d.ces),
    "63,6 %": Data(d.csat),
    "420": Data(lambda: len(d.csv("enquete_satisfaction.csv"))),
    "1 800": Data(lambda: d.quantity("Conseillers en renfort")),
    "200 440 €": PRICE,
    "176 859 €": FLOOR,
    "373,80 €": Data(d.margin_per_order),
    "112 140 €": Data(lambda: d.parameter("commandes_supplementaires_par_an") * d.margin_per_order()),
    "157 140 €": Data(d.yearly_gain),
    "14": PAYBACK_BUDGET,
    "482": BREAK_EVEN_BUDGET,
    "537": BREAK_EVEN_PRICE,
    "18": WEEKS,
    "3": [("soit 3 semaines", SPARE), ("marge de 3 semaines", SPARE), ("3 semaines avant", SPARE),
          ("Pilote** : 3", Data(lambda: d.step_weeks("Pilote")))],
    "9": [("le 9 août", LAUNCH_DAY)],
    "3 points": NPS,
}
DATA_OFFRE["3"].append(("| −3 |", NPS))

FIXED_OFFRE = {
    "73 points": BAREME, "100": Fixed("total des points, essai de 100 nuits"),
    "16": BAREME, "13": BAREME, "20": Fixed("barème, objectif proposé de NPS (+20)"),
    "12": Fixed("12 conseillers (cahier des charges), barème"), "10": Fixed("note 9 ou 10, garantie de 10 ans, délai annoncé"),
    "52 000": Fixed("commandes annuelles de Lunéa (cahier des charges)"),
    "30": Fixed("date (30 août), article 30 du RGPD, essai de 30 nuits de Morphéa"),
    "180 000 €": Fixed("budget de Lunéa, paramètre du cahier des charges"),
    "300": Fixed("commandes supplémentaires par an, paramètre du cahier des charges"),
    "45 000 €": Fixed("économies annuelles, paramètre du cahier des charges"),
    "28": Fixed("article 28 du RGPD"), "44": Fixed("articles 44 à 49 du RGPD"), "49": Fixed("articles 44 à 49 du RGPD"),
    "140": Fixed("taille de matelas 140 × 190"), "190": Fixed("taille de matelas 140 × 190"),
    "490 €": Fixed("prix de Nuit Claire (cahier des charges)"), "100 %": Fixed("Nuit Claire vend 100 % en ligne"),
    "4,1": Fixed("note de Nuit Claire (cahier des charges)"), "1 650 €": Fixed("prix de Morphéa (cahier des charges)"),
    "210": Fixed("magasins de Morphéa (cahier des charges)"), "4,6": Fixed("note de Morphéa (cahier des charges)"),
    "1 070 €": Fixed("prix de Lunéa (cahier des charges)"), "3,8": Fixed("note de Lunéa (cahier des charges)"),
    "15": Fixed("délai de livraison annoncé (10 à 15 jours)"), "4,5": Fixed("objectif proposé de note en ligne"),
    "25 %": Fixed("taux de marque visé, paramètre"), "15 %": Fixed("taux de marque plancher, paramètre"),
    "42 %": Fixed("taux de marque de Lunéa, paramètre"), "890 €": Fixed("panier moyen de Lunéa, paramètre"),
    "10 %": Fixed("remise proposée dans la négociation"), "30 %": Fixed("acompte ou objectif proposé"),
    "21": Fixed("semaines disponibles du 5 avril au 30 août 2027"), "75 %": Fixed("objectif proposé de CSAT"),
    "5,5": Fixed("objectif proposé de CES"), "80 %": Fixed("objectif proposé de résolution au premier contact"),
    "48": Fixed("délai de rappel proposé (48 heures)"), "70 %": Fixed("critère de généralisation du pilote"),
    "0,5": BAREME, "1,5": BAREME,
    **{n: SMALL for n in ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")},
}

# ----------------------------------------------------------------- épreuve 2: the group's preparation
SMS_COST = Data(lambda: d.cost_per_avoided().iloc[0])
DATA_ORAL = {
    "560": Data(lambda: len(d.complaints())),
    "42": Data(d.disputes),
    "30,2 %": Data(lambda: d.share(d.main_causes()[0])),
    "113,10 €": SMS_COST,
    "15 500 €": Data(lambda: d.option("Confirmer le créneau", "cout_ht") + d.option("Corriger le crédit", "cout_ht")),
    "356": Data(lambda: d.monthly(9)),
    "112": Data(lambda: d.monthly(10)),
    "92": Data(lambda: d.monthly(11)),
    "7,5 %": Data(d.dispute_rate),
    "95,4 %": Data(lambda: d.cross_validated("theme")),
    "96,7 %": Data(lambda: d.cross_validated("sentiment")),
    "6": [("le 6 septembre", Data(lambda: d.alert_hours()[0].day))],
    "20": [("entre 20 h", Data(lambda: d.alert_hours()[0].hour))],
    "21": [("et 21 h", Data(lambda: d.alert_hours()[0].hour + 1))],
    "9": [("h, 9 publications", Data(d.burst_count))],
}

FIXED_ORAL = {
    "50": Fixed("durée de l'oral (50 minutes)"), "40": BAREME, "140 points": BAREME, "1 point": BAREME,
    "29 %": Fixed("part du dossier dans l'épreuve 2 : 40 / 140 (barème)"),
    "30": Fixed("phase 1 de 30 minutes, 30 nuits d'essai offertes, 30 minutes de formation"),
    "20": Fixed("phase 2 de 20 minutes"), "13": BAREME, "10": BAREME,
    "0,5": BAREME, "80 %": Fixed("seuil de la classe A du Pareto"),
    "400": Fixed("taille du corpus d'écoute sociale (générateur : 200 + 100 + 100)"),
    "100": Fixed("publications par concurrent, essai de 100 nuits"), "200": Fixed("publications sur Lunéa"),
    "40 %": Fixed("part non annotée visée par le générateur (environ 40 %)"),
    "8": Fixed("délai de l'option « changer de transporteur » (options_solutions.csv, fixe)"),
    "48": Fixed("délai de rappel proposé"), "50 €": Fixed("geste commercial proposé"), "72": Fixed("délai de réponse proposé"),
    **{n: SMALL for n in ("0", "1", "2", "3", "4", "5", "6")},
}

# ----------------------------------------------------------------- épreuve 2: the jury grid (no data figure)
FIXED_GRILLE = {
    "50": Fixed("durée de l'oral"), "40 points": BAREME, "140 points": BAREME, "29 %": Fixed("40 / 140 (barème)"),
    "30": Fixed("phase 1 de 30 minutes"), "25": BAREME, "20": Fixed("phase 2 de 20 minutes, barème"),
    "22": Fixed("critère CE22 nommé sans son préfixe"), "21": BAREME, "16": BAREME, "13": BAREME, "12": BAREME,
    "15": BAREME, "11": BAREME, "10": BAREME, "100": BAREME, "72": Fixed("délai de réponse proposé"),
    "40": Fixed("exemple d'information nouvelle donnée en phase 2 (40 avis)"),
    **{n: SMALL for n in ("0", "1", "2", "3", "4", "5", "6", "7", "8")},
}

# ----------------------------------------------------------------- instructor notes
DATA_NOTES = DATA_OFFRE | DATA_ORAL | {
    "150 330 €": Data(d.cost),
    "98 130 €": Data(lambda: d.cost("production")),
    "20 600 €": Data(lambda: d.cost("logistique")),
    "21 800 €": Data(lambda: d.cost("commercialisation")),
    "9 800 €": Data(lambda: d.cost("frais généraux")),
    "187 912 €": Data(lambda: d.cost() * 1.25),
    "536": Data(lambda: d.break_even(d.price()) - 1),
    "13,7": Data(lambda: d.payback_months(d.BUDGET)),
    "16": [("en 16 mois", Data(lambda: math.ceil(d.payback_months(d.price()))))],
    "15,3": Data(lambda: d.payback_months(d.price())),
    "189": Data(lambda: d.answers("Téléphone")),
    "82": Data(lambda: d.answers("Boutique")),
    "41": Data(lambda: d.answers("Chat")),
    "13 points": Data(lambda: 196 * math.sqrt(d.csat("Chat") * (1 - d.csat("Chat")) / d.answers("Chat")), "~"),
    "18": [("18 semaines", WEEKS)],
    "24": [("(24 jours)", Data(lambda: d.median_delay(d.longest_delay())))],
    "3": [(": 3 semaines", SPARE), ("NPS −3", NPS)],
    "9": [("le 9 août", LAUNCH_DAY), ("h, 9 publications", Data(d.burst_count))],
    "92": [("112 en octobre, 92", Data(lambda: d.monthly(11))), ("sur 92", Data(d.november))],
    "4": [("Pareto** : 4", Data(lambda: len(d.main_causes())))],
    "78,4 %": Data(lambda: sum(d.share(c) for c in d.main_causes())),
    "22,7 %": Data(lambda: d.share(d.main_causes()[1])),
    "14,3 %": Data(lambda: d.share(d.main_causes()[2])),
    "11,2 %": Data(lambda: d.share(d.main_causes()[3])),
    "28,1 %": Data(lambda: d.dispute_rate(d.dispute_ranking()[0])),
    "15,9 %": Data(lambda: d.dispute_rate(d.dispute_ranking()[1])),
    "26": Data(lambda: sum(d.disputes(c) for c in d.dispute_ranking()[:2])),
    "200,00 €": Data(lambda: d.cost_per_avoided().iloc[1]),
    "50": [("en évitent 50", Data(d.avoided_per_month))],
    "57,0 %": Data(lambda: d.negative_share("Lunéa")),
    "42,0 %": Data(lambda: d.negative_share("Nuit Claire")),
    "15,0 %": Data(lambda: d.negative_share("Morphéa")),
    "240": Data(d.annotated),
    "160": Data(lambda: d.annotated(False)),
    "92,5 %": Data(lambda: d.accuracy("theme")),
    "96,9 %": Data(lambda: d.accuracy("sentiment")),
    "6,9 %": Data(d.seen_only_share),
}

FIXED_NOTES = {
    "100 points": BAREME, "27": BAREME, "40 points": BAREME, "17": BAREME, "140 points": BAREME, "25 points": BAREME,
    "29 %": Fixed("40 / 140 (barème)"), "71 %": Fixed("100 / 140 (barème)"),
    "25 %": Fixed("taux de marque visé, paramètre"), "15 %": Fixed("taux de marque plancher, paramètre"),
    "33,3 %": Fixed("taux de marge d'un taux de marque de 25 % : 25 / 75, quel que soit le coût"),
    "180 000 €": Fixed("budget de Lunéa, paramètre"), "1,25": Fixed("le coefficient de l'erreur plantée (taux de marge)"),
    "42 %": Fixed("taux de marque de Lunéa, paramètre"), "300": Fixed("commandes supplémentaires, paramètre"),
    "45 000 €": Fixed("économies annuelles, paramètre"), "490 €": Fixed("prix de Nuit Claire"), "4,1": Fixed("note de Nuit Claire"),
    "1 070 €": Fixed("prix de Lunéa"), "3,8": Fixed("note de Lunéa"), "1 650 €": Fixed("prix de Morphéa"), "4,6": Fixed("note de Morphéa"),
    "21": Fixed("semaines disponibles du 5 avril au 30 août 2027"), "30": Fixed("dates (30 août, 30 novembre), phase 1 de 30 minutes, durée minimale d'un litige (générateur)"),
    "100": Fixed("essai de 100 nuits"), "6": Fixed("horizon de 6 mois du coût par réclamation évitée"),
    "42 000 €": Fixed("coût de l'option « changer de transporteur » (prestataire extérieur, fixe)"),
    "8": Fixed("délai de l'option « changer de transporteur » (fixe)"), "85 %": Fixed("plancher d'exactitude vérifié (récit « classifieur »)"),
    "20": Fixed("phase 2 de 20 minutes, barème de la grille"), "15": BAREME,
    "40": Fixed("exemple d'information nouvelle donnée en phase 2 (40 avis)"),
    **{n: SMALL for n in ("0", "1", "2", "3", "4", "5", "7", "9")},
}

TABLES: dict[str, Table] = {
    "offre_relation_client.ipynb": merge(FIXED_OFFRE, DATA_OFFRE),
    "preparation_groupe.ipynb": merge(FIXED_ORAL, DATA_ORAL),
    "grille_jury.ipynb": merge(FIXED_GRILLE, {}),
    "NOTES_FORMATEUR.md": merge(FIXED_NOTES, DATA_NOTES),
}
"""Table of each document of the sujet, by file name (notebooks of the three assignments, notes of the case)."""
