"""Bloc 1: the table of every number quoted in the sujet's markdown, brief and instructor notes.

For each document of the Rouline sujet (the two notebooks' markdown cells, the
brief ``cahier_des_charges.md``, the instructor notes), a table maps every quoted
number to a ``Data`` computation (``b1_data``, on the session's case data) or a
``Fixed`` reason. ``figures.render`` rewrites the example's documents for another
session with these tables; ``tests/test_sessions_b1.py`` checks them.
"""

from __future__ import annotations

from cpmc_course.sessions import b1_data as d
from cpmc_course.sessions.figures import Data, Fixed, Table, merge

URBAN, CARGO, VTT, LEISURE = d.SEGMENTS
PARENTS, COMMUTERS, SPORTY, STROLL = d.SURVEY_SEGMENTS
DISPLAY, SOCIAL = "Display (régie publicitaire)", "Réseaux sociaux (publicité)"

# ----------------------------------------------------------------- figures shared by several documents
MARKET = {
    "1 024 M€": Data(lambda: 1000 * d.market(2021)),
    "1 172 M€": Data(lambda: 1000 * d.market(2022)),
    "924 M€": Data(lambda: 1000 * d.market(2025)),
    "2,6 %": Data(d.tcam),
    "7,8 %": Data(lambda: d.tcam(CARGO)),
    "4,0 %": Data(lambda: d.tcam(VTT)),
    "4,4 %": Data(lambda: d.tcam(URBAN)),
    "2,4 %": [("prix moyen progresse", Data(d.average_price_growth)), ("", Data(lambda: d.tcam(LEISURE)))],
    "4,8 %": Data(lambda: -d.tcam(column="unites")),  # « les volumes baissent de 4,8 % »: a fall, written unsigned
    "15,6 %": Data(lambda: d.yearly_change(2024)),
    "2,1 %": Data(d.constant_mix_price_growth),
    "121 M€": Data(lambda: 1000 * d.potential_2026(CARGO)),
    "1,21 M€": Data(lambda: 10 * d.potential_2026(CARGO)),  # one point of the cargo market, in €
    "256 M€": Data(lambda: 1000 * d.potential_2026(URBAN)),
    "265 M€": Data(lambda: 1000 * d.potential_2026(VTT)),
    "260 M€": Data(lambda: 1000 * d.potential_2026(LEISURE)),
    "3,3 %": Data(lambda: d.share(URBAN)),
    "2,5 %": Data(lambda: d.share(CARGO)),
    "0,5 %": Data(lambda: d.share(LEISURE)),
    "0 %": Data(lambda: d.share(VTT)),
    "0,19": Data(lambda: d.relative_share(URBAN)),
    "0,07": Data(lambda: d.relative_share(CARGO)),
    "3 points": Fixed("les 3 points de contact demandés (consigne 9.1)"),
}
SURVEY = {
    "95": [("(95 répondants", Data(lambda: d.size(PARENTS))), ("leurs 95 répondants", Data(lambda: d.size(PARENTS))),
           ("", Fixed("niveau de confiance (95 %)"))],
    "37": [("environ 37 acheteurs", Data(lambda: d.corrected_intention(PARENTS) * d.size(PARENTS)))],
    "130": Data(lambda: d.size(COMMUTERS)),
    "57": [("57 à 138", Data(lambda: min(d.size(s) for s in d.SURVEY_SEGMENTS))), ("", Data(lambda: d.size(SPORTY)))],
    "138": Data(lambda: max(d.size(s) for s in d.SURVEY_SEGMENTS)),
    "78,9 %": [("(78,9 % chez", Data(lambda: d.influence("Essai chez un revendeur"))),
               ("revendeur 78,9", Data(lambda: d.influence("Essai chez un revendeur"))),
               ("", Data(lambda: d.intention(PARENTS)))],
    "43,8 %": Data(lambda: d.intention(COMMUTERS)),
    "14,0 %": Data(lambda: d.intention(SPORTY)),
    "9,4 %": Data(lambda: d.intention(STROLL)),
    "3 628 €": Data(lambda: d.budget(PARENTS)),
    "2 574 €": Data(lambda: d.budget(COMMUTERS)),
    "272 100 €": Data(lambda: d.budget(PARENTS, "sum")),
    "8 points": Data(lambda: d.margin_of_error(PARENTS)),
    "9 points": [("(±9 points", Data(lambda: d.margin_of_error(COMMUTERS))),
                 ("", Data(lambda: max(d.margin_of_error(s) for s in d.SURVEY_SEGMENTS)))],
    "153": Data(lambda: d.survey()["intentionniste"].sum()),
    "39,2 %": Data(lambda: d.corrected_intention(PARENTS)),
    "15,7 %": Data(d.corrected_intention),
    "30,7 %": Data(lambda: d.criteria()["autonomie"]),
    "26,8 %": Data(lambda: d.criteria()["fiabilité et SAV"]),
    "20,3 %": Data(lambda: d.criteria()["prix"]),
    "12,4 %": Data(lambda: d.criteria()["sécurité antivol"]),
}
BENCH = {
    "120": Data(lambda: d.price_index("Rouline")),
    "54": Data(lambda: d.price_index("Décavélo")),
    "135": Data(lambda: d.price_index("Moustik")),
    "91": Data(lambda: d.price_index("Velaris")),
    "103": Data(lambda: d.price_index("Rouline", everyone=True)),
    "8,6": Data(lambda: d.bench("Rouline", "note_fiabilite")),
    "4,6": Data(lambda: d.bench("Rouline", "note_avis")),
    "6,0": Data(lambda: d.bench("Velaris", "note_fiabilite")),
    "8,8": Data(lambda: d.bench("Velaris", "note_design")),
    "4 990 €": Data(lambda: d.bench("Cargolux", "prix_ttc")),
    "3 290 €": Data(lambda: d.bench("Rouline", "prix_ttc")),
    "5 455 €": Data(lambda: d.segment_price(CARGO)),
    "53 %": Data(lambda: d.share(URBAN, "Autres marques")),
}
JOURNEY = {
    "64,2 %": Data(lambda: d.influence("Avis clients en ligne")),
    "20,2 %": Data(lambda: d.influence("Publicité sur les réseaux sociaux")),
    "47,9 %": Data(lambda: d.influence("Bouche-à-oreille")),
    "71,1 %": Data(lambda: d.influence("Journée d'essai événementielle")),
    "58,3 %": Data(lambda: d.influence("Conseil du vendeur")),
    "53,2 %": Data(lambda: d.influence("Offre de financement en 10 fois")),
    "65,2 %": Data(lambda: d.influence("Communauté Rouline (groupe en ligne)")),
    "6": [("6 outils", Data(lambda: len(d.tools())))],
    "834 €": Data(lambda: d.tools()["cout_mensuel_eur"].sum()),
}
MEDIA = {
    "196 000 €": Data(lambda: d.media_total("budget_eur")),
    "241 152 €": Data(lambda: d.media_total("ventes") * d.MARGE_UNITAIRE),
    "23 %": Data(d.roi),
    "297 %": Data(lambda: d.roi("E-mailing")),
    "147 %": Data(lambda: d.roi("SEO")),
    "54 %": Data(lambda: d.roi("SEA")),
    "29 %": Data(lambda: d.roi("Journées d'essai")),
    "22 %": Data(lambda: d.roi("Affiliation")),
    "72 %": Data(lambda: d.roi(DISPLAY)),
    "13 %": Data(lambda: d.roi(SOCIAL)),
    "26 %": Data(lambda: d.roi("Influenceurs")),
    "11": [("11 ventes", Data(lambda: d.lever(DISPLAY, "ventes")))],
    "40": [("seuil de 40", Data(lambda: d.break_even(DISPLAY)))],
    "23": [("23 ventes", Data(lambda: d.lever("Influenceurs", "ventes")))],
}

# ----------------------------------------------------------------- numbers that are not data figures
SMALL = {
    "0": Fixed("note nulle d'une grille, ou « 0 si pas de trajet » (dictionnaire des données)"),
    "1": Fixed("numéro de partie ou de règle, borne d'une échelle (1 à 5), ratio de référence (1 = leader)"),
    "2": Fixed("numéro de partie ou de règle, nom du modèle (« Rouline Ville 2 »)"),
    "3": Fixed("énumération, nombre d'éléments demandés, échelle d'impact, âge d'un persona"),
    "4": Fixed("durée d'une partie (4 h), 4 années d'écart, seuil d'impact ou d'intention (4 ou 5), numéro de règle"),
    "5": Fixed("échelle sur 5, garantie de 5 ans, borne de distance (5 à 25 km), énumération, article de loi"),
    "7": Fixed("âge d'un enfant du persona"),
    "8": Fixed("durée de l'épreuve (8 h), longueur demandée, points de la grille"),
    "9": Fixed("date de la loi n° 2023-451 (9 juin)"),
    "10": Fixed("longueur demandée, paiement en 10 fois, échelle sur 10, points de la grille"),
    "12": Fixed("12 mois, 12 outils de veille, 12 villes d'essai, enfants de moins de 12 ans, points de la grille"),
    "14": Fixed("trajet du persona (14 km)"),
    "15": Fixed("longueur demandée, objectif proposé (15 entreprises)"),
    "20": Fixed("longueur demandée, objectif proposé (20 pages), seuil de 15 000 € ÷ 768 € arrondi au-dessus"),
    "25": Fixed("longueur demandée, borne de distance (25 km)"),
    "36": Fixed("âge du persona"),
    "42": Fixed("âge du persona"),
    "59": Fixed("seuil de la campagne proposée : 45 000 € ÷ 768 € arrondi au-dessus"),
    "72": Fixed("seuil de la campagne proposée : 55 000 € ÷ 768 € arrondi au-dessus"),
    "100": Fixed("total des points, base d'un indice ou d'un pourcentage"),
    "120": Fixed("objectif proposé (filleuls)"),
    "200": Fixed("panel de 200 cyclistes (dictionnaire des données)"),
    "260": Fixed("enquête auprès de 260 acheteurs (dictionnaire des données)"),
    "300": Fixed("plafond de coût de la consigne 3.1"),
    "320": Fixed("points de vente de Décavélo (cahier des charges)"),
    "400": Fixed("objectif proposé (essais)"),
    "420": Fixed("taille de l'échantillon de l'enquête, fixée par le générateur"),
    "800": Fixed("objectif proposé (demandes d'essai)"),
    "1 000": Fixed("définition du CPM"),
    "6 000": Fixed("capacité de l'atelier de Rouline, en vélos par an (cahier des charges)"),
    "38": Fixed("effectif salarié de Rouline (cahier des charges)"),
    "6": Fixed("objectif refusé par la réponse modèle"),
}
FIXED_MONEY = {
    "1,50 €": Fixed("exemple : 1 + ROI pour un ROI de 50 %"),
    "50 %": Fixed("exemple de ROI de la définition"),
    "25 €": Fixed("coût de l'IA générative (fichier de veille, identique à chaque session)"),
    "300 €": Fixed("plafond de coût de la consigne 3.1"),
    "450 €": Fixed("coût de la plateforme d'influence (fichier de veille, identique à chaque session)"),
    "900 €": Fixed("coût de la réalité augmentée (fichier de veille, identique à chaque session)"),
    "12 %": Fixed("adoption d'un outil (fichier de veille, identique à chaque session)"),
    "4 %": Fixed("adoption d'un outil (fichier de veille) ou objectif proposé de part de marché"),
    "6 %": Fixed("objectif refusé par la réponse modèle"),
    "3,5 %": Fixed("objectif proposé de part de marché du cargo en 2028"),
    "2,8 %": Fixed("objectif proposé de part de marché du cargo fin 2026"),
    "95 %": Fixed("niveau de confiance"),
    "32 %": Fixed("taux de marge sur coût variable, donnée du cahier des charges"),
    "768 €": Fixed("marge sur coût variable unitaire, donnée du cahier des charges (2 400 € × 32 %)"),
    "2 400 €": Fixed("prix de vente moyen HT d'un vélo vendu par une campagne, donnée du cahier des charges"),
    "200 000 €": Fixed("enveloppe marketing annuelle de la direction"),
    "190 000 €": Fixed("total du budget proposé par la réponse modèle"),
    "3 600 €": Fixed("prix proposé pour la gamme cargo"),
    "500 €": Fixed("objectif proposé de CPA"),
    "100 €": Fixed("prime de parrainage proposée"),
    "0,75": Fixed("coefficient d'usage des « certainement » (consigne 6.4)"),
    "0,25": Fixed("coefficient d'usage des « probablement » (consigne 6.4)"),
    "75 %": Fixed("coefficient d'usage pour corriger les « certainement » d'une intention déclarée"),
    "25 %": Fixed("coefficient d'usage pour corriger les « probablement », ou objectif proposé (transformation des essais)"),
    "1 %": Fixed("ordre de grandeur publié : part des adultes qui achètent un VAE chaque année (565 225 ventes en 2024)"),
    "30 %": Fixed("marge des revendeurs sur le prix public HT, donnée du cahier des charges"),
    "15 %": Fixed("remise aux entreprises, donnée du cahier des charges"),
    "140 points": Fixed("points de vente de Rouline (cahier des charges, 140 revendeurs)"),
    "320 points": Fixed("points de vente de Décavélo (cahier des charges)"),
    **{f"{k} €": Fixed("budget proposé par la réponse modèle") for k in (
        "3 000", "4 000", "8 000", "11 000", "15 000", "20 000", "25 000", "35 000", "37 000", "40 000", "45 000",
        "52 000", "55 000", "70 000")},
}
PUBLISHED = {
    "738 000": Fixed("ventes de VAE 2022 publiées (Union Sport & Cycle, Observatoire du Cycle)"),
    "671 696": Fixed("ventes de VAE 2023 publiées (Union Sport & Cycle)"),
    "565 225": Fixed("ventes de VAE 2024 publiées (Union Sport & Cycle)"),
    "16 %": Fixed("baisse 2024 publiée (Union Sport & Cycle)"),
    "221 443": Fixed("ventes 2024 de « VAE tout chemin » publiées"),
    "34 643": Fixed("ventes 2024 de vélos cargo électriques publiées"),
    "5 %": Fixed("hausse 2024 publiée des vélos cargo électriques"),
    "2 045 €": Fixed("prix moyen publié d'un VAE"),
    "1 %": Fixed("ordre de grandeur publié : part des adultes qui achètent un VAE chaque année"),
}
BAREME = {
    "100 points": Fixed("total de l'étude de cas"),
    "46 points": Fixed("points de la partie 1 (barème des notebooks, identique à chaque session)"),
    "54 points": Fixed("points de la partie 2 (barème des notebooks, identique à chaque session)"),
    "23 points": Fixed("points automatiques (barème des notebooks)"),
    "12 points": Fixed("points du plan marketing (barème des notebooks)"),
    "77": Fixed("points corrigés à la main (barème des notebooks)"),
    "45 %": Fixed("seuil de la règle « preuve » de CONTENT.md §2"),
    "11": Fixed("points de la grille"),
    "5": Fixed("points de la grille, échelle sur 5, garantie de 5 ans"),
}


def _table(*parts: dict) -> Table:
    data: dict = {}
    for part in parts:
        data.update(part)
    return data


NOTEBOOK_1 = merge(_table(SMALL, FIXED_MONEY), _table(MARKET, SURVEY, BENCH, JOURNEY))
NOTEBOOK_2 = merge(_table(SMALL, FIXED_MONEY), _table(MARKET, SURVEY, BENCH, JOURNEY, MEDIA))
NOTES = merge(_table(SMALL, FIXED_MONEY, PUBLISHED, BAREME), _table(MARKET, SURVEY, BENCH, JOURNEY, MEDIA, {
    "733 040": Data(lambda: d.market(2022, column="unites")),
    "538 537": Data(lambda: d.market(2025, column="unites")),
    "560 647": Data(lambda: d.market(2024, column="unites")),
    "226 249": Data(lambda: d.market(2025, LEISURE, "unites")),
    "233 246": Data(lambda: d.market(2024, LEISURE, "unites")),
    "5,0 %": Data(lambda: d.yearly_change(2024, CARGO)),
    "3,9 %": Data(lambda: d.yearly_change(2025)),
    "1 715 €": Data(d.average_price),
    "2 012 €": Data(lambda: 1.2 * d.average_price(2024)),  # consumer price including VAT
    "1,8 %": Data(lambda: d.share(URBAN, column="unites")),
    "36,4 %": Data(d.intention),
    "173 %": Data(lambda: d.roi(SOCIAL, on_turnover=True)),
    "130 %": Data(lambda: d.roi("Influenceurs", on_turnover=True)),
    "12 %": Data(lambda: d.roi(DISPLAY, on_turnover=True)),
    "500 €": Data(lambda: d.cpa("SEA")),
    "10,2 M€": Data(lambda: 1000 * d.rouline_turnover()),
    "12,9 M€": Data(lambda: 1000 * d.rouline_total()),
    "2 362 €": Data(lambda: 1000 * d.rouline_turnover() / d.rouline_total("unites")),
    "3 273 €": Data(lambda: 1.2 * d.segment_price(URBAN)),  # consumer price including VAT
    "11": [("(11 ventes", MEDIA["11"][0][1])],
    "6": [("6 outils", JOURNEY["6"][0][1])],
}))
BRIEF = merge(_table(SMALL, FIXED_MONEY, PUBLISHED), {
    "12,9 M€": Data(lambda: 1000 * d.rouline_total()),
    "10,2 M€": Data(lambda: 1000 * d.rouline_turnover()),
    "2 362 €": Data(lambda: 1000 * d.rouline_turnover() / d.rouline_total("unites")),
    "4 306": Data(lambda: d.rouline_total("unites")),
    "3 290 €": BENCH["3 290 €"],
    "140": Fixed("revendeurs de Rouline, donnée du cahier des charges"),
})

TABLES: dict[str, Table] = {
    "1_diagnostic_positionnement_cibles.ipynb": NOTEBOOK_1,
    "2_strategie_communication_plan.ipynb": NOTEBOOK_2,
    "NOTES_FORMATEUR.md": NOTES,
    "cahier_des_charges.md": BRIEF,
}
"""Table of each document of the sujet, by file name (notebooks and brief of the assignment, notes of the case)."""
