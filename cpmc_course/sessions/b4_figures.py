"""Bloc 4: the table of every number quoted in the sujet's markdown and instructor notes.

For each document of the sujet (the markdown cells of the team project's three
notebooks, of the individual part and of the jury's defence grid, and the
instructor notes), a table maps every quoted number to a ``Data`` computation
(``b4_data``, on the session's case data) or a ``Fixed`` reason. ``render`` in
``figures`` rewrites the example's documents for another session with these
tables; ``tests/test_sessions_b4.py`` checks them on every session.
"""

from __future__ import annotations

from cpmc_course.sessions import b4_data as d
from cpmc_course.sessions.figures import Data, Fixed, Table, merge

BAREME = Fixed("barème de l'épreuve, durée ou énumération (identiques dans toutes les sessions)")
SCALE = Fixed("échelle de cotation ou règle de la consigne")
EXAMPLE = Fixed("exemple d'écriture ou valeur neutre de la consigne")
MEETING = Fixed("heure, date ou durée d'une réunion des candidats de l'exemple (compte rendu modèle)")
ENVELOPE = Fixed("enveloppe budgétaire du cahier des charges (40 000 € HT dans toutes les sessions)")
AVAILABLE = Fixed("40 jours ouvrés disponibles du 4 janvier au 26 février (cahier des charges)")
MODEL = Fixed("choix de l'équipe dans la réponse modèle (objectif, seuil d'alerte, règle), pas une donnée du cas")
WEBPA = Fixed("règle de la fiche de contribution (100 points par ligne, seuil 0,75, exemple de fiche)")


def _reforecast_day() -> int:
    return d.working_day(d.reforecast_end()).day


def _member_days(name: str) -> Data:
    return Data(lambda: d.member(name, "jours_disponibles"))


def _charge(task: str) -> Data:
    return Data(lambda: d.workload()[task])


BUDGET = {
    "4 500 €": Data(lambda: d.quote("Studio Pixel Nord")),
    "900 €": Data(lambda: d.quote("Studio Pixel Nord", "option_tests_ht")),
    "5 100 €": Data(lambda: d.quote("Atelier Maquette")),
    "5 400 €": Data(lambda: d.with_tests("Studio Pixel Nord")),
    "6 000 €": Data(lambda: d.quote("CodeFactory")),
    "11 100 €": Data(d.external),
    "22 440 €": Data(d.internal),
    "2 930 €": Data(d.coordination),
    "3 000 €": Data(d.other_costs),
    "300 €": Data(lambda: d.other_cost("Extension")),
    "3 947 €": Data(d.provision),
    "43 417 €": Data(d.total),
    "3 417 €": Data(d.overshoot),
    "8,5 %": Data(lambda: d.overshoot() / d.ENVELOPE),
}
"""The quotes and the model answer's budget, quoted by part 1 and by the instructor notes."""

# ----------------------------------------------------------------- team project, part 1
DATA_1 = {
    "38": Data(d.length),
    "10": [("fiches produits (", _charge("D"))],
    "12": [("dans les", _member_days("Julien Morel")), ("L'intégration (", _charge("F"))],
    "6": [("les photos (", _charge("E"))],
    "14": [("compétence et", _member_days("Camille Faure")), ("G a ", Data(lambda: d.total_float("G")))],
    "13": [("Sophie Arnaud porte", Data(lambda: d.load("Sophie Arnaud")))],
    "8": [("dépasserait les", _member_days("Marc Delorme"))],
    "16": [("jours sur", _member_days("Sophie Arnaud"))],
    "3": [("(tâche L,", _charge("L")), ("rendez-vous (", _charge("O"))],
    "2": [("n'a plus que", Data(lambda: d.member("Nadia Benali", "jours_disponibles") - d.load("Nadia Benali")))],
    **BUDGET,
    "52 %": Data(lambda: d.internal() / d.total()),
    "6 080 €": Data(lambda: d.member_cost("Nadia Benali")),
    "5 460 €": Data(lambda: d.member_cost("Sophie Arnaud")),
    "1 260 €": Data(lambda: d.coordination("Sophie Arnaud")),
    "840 €": Data(lambda: d.task_cost("L")),
    "600 €": Data(lambda: 0.1 * d.quote("CodeFactory")),
    "1 833 €": Data(lambda: d.total(d.model_saving()) - d.ENVELOPE),
}
GRID = Fixed("poids de la grille de choix du prestataire de la réponse modèle")
FIXED_1 = {
    "1": BAREME, "2": BAREME, "4": BAREME, "12": BAREME, "30": BAREME, "100": BAREME, "3": BAREME, "5": BAREME, "0": BAREME,
    "14": Fixed("barème"), "15": [("complète (", Fixed("quinze tâches dans toutes les sessions")), ("", MODEL)],
    "14 points": BAREME, "6 points": BAREME, "4 points": BAREME,
    "1 500": MODEL, "300": MODEL, "200": MODEL, "80 %": MODEL, "10": MODEL, "48": MODEL,
    "40 000 €": ENVELOPE, "5,2 %": EXAMPLE, "10 %": MODEL, "16": SCALE,
    "40 %": GRID, "30 %": GRID, "20 %": GRID,
    "15 %": Fixed("fourchette usuelle d'une provision pour aléas (quiz b4-c28-provision-aleas)"), "0,5": BAREME,
}

# ----------------------------------------------------------------- team project, part 2
DATA_2 = {
    "18": [("direction (", Data(lambda: d.pareto().iloc[0]))],
    "50,5": Data(lambda: d.hours_lost(1)),
    "14": [("incomplètes (", Data(lambda: d.pareto().iloc[1]))],
    "27": Data(lambda: d.hours_lost(2)),
}
FIXED_2 = {
    "2": BAREME, "4": BAREME, "3": BAREME, "100": BAREME, "5": BAREME, "0": BAREME, "4 points": BAREME,
    "80 %": SCALE, "80": SCALE, "30": MODEL, "7": MODEL, "1": BAREME,
    "20": Fixed("jour de la grille de suivi : fin de la semaine 4 (20 jours ouvrés)"),
}

# ----------------------------------------------------------------- team project, part 3
DATA_3 = {
    "6 000 €": Data(lambda: d.quote("CodeFactory")),
    "13": [("Calendrier :", Data(lambda: d.duration()["G"]))],
    "11": [("du 11 janvier", Data(lambda: d.working_day(d.forward()["G"] + 1).day))],
    "27": [("en recette le", Data(lambda: d.working_day(d.forward()["G"] + d.duration()["G"]).day))],
    "38": Data(d.length),
    "42": Data(d.reforecast_end),
    "43 417 €": Data(d.total),
}
FIXED_3 = {
    "3": BAREME, "4": BAREME, "30": BAREME, "100": BAREME, "5": BAREME, "1": BAREME, "2": BAREME, "0": BAREME,
    "11 points": BAREME, "3 points": BAREME, "7 points": BAREME, "6 points": BAREME, "5 points": BAREME,
    "4 points": BAREME, "11": MEETING, "9": MEETING, "00": MEETING, "40": AVAILABLE, "10": MEETING, "15": MEETING,
    "14": MEETING, "12": MEETING, "45": MEETING, "18": MEETING, "19": MEETING, "24": MODEL, "6": MODEL,
    "100 %": MODEL, "48": MODEL, "30 %": MODEL, "70 %": MODEL, "50": MODEL, "40 000 €": ENVELOPE,
    "35": WEBPA, "33,5": WEBPA, "33": WEBPA, "0,75": WEBPA,
}
FIXED_3["40"] = [("9 h", MEETING), ("sur", AVAILABLE), ("", WEBPA)]

# ----------------------------------------------------------------- individual part
DATA_I = {
    "18": [("incidents (", Data(lambda: d.pareto().iloc[0]))],
    "56": Data(lambda: d.pareto().sum()),
}
FIXED_I = {
    "4": BAREME, "1": BAREME, "30": BAREME, "40 %": BAREME, "17 points": BAREME, "0": BAREME, "1 point": BAREME,
    "10 points": BAREME, "12": MEETING, "10": MEETING, "00": MEETING, "45": MEETING, "15": MEETING, "18": MEETING,
    "19": MEETING,
}

# ----------------------------------------------------------------- defence grid (no data figure)
FIXED_G = {n: BAREME for n in ("30", "4", "3", "5", "1", "15", "12", "2", "0", "7", "8", "6")} | {"0,75": WEBPA}

# ----------------------------------------------------------------- instructor notes
DATA_N = {
    **BUDGET,
    "12": [("criticité 12", Data(lambda: _score("R1"))), ("rédaction web mais", _member_days("Julien Morel")),
           ("L'intégration (", _charge("F")), ("photos durent", Data(lambda: d.duration()["E"]))],
    "6": [("R9, criticité 6", Data(lambda: _score("R9"))), ("D 6 jours", Data(lambda: d.total_float("D"))),
          ("I 6,", Data(lambda: d.total_float("I"))), ("O 6 (", Data(lambda: d.total_float("O"))),
          ("les photos (", _charge("E")), ("arrivages) pour", _charge("E")), ("criticité 6) ; trier", Data(lambda: _score("R6")))],
    "10": [("fiches produits (", _charge("D")), ("provision pour aléas de", Fixed("taux de provision de la réponse modèle"))],
    "16": [("font", Data(lambda: d.workload()["D"] + d.workload()["E"])),
           ("Nadia Benali (", Data(lambda: d.load("Nadia Benali"))), ("jours sur", _member_days("Sophie Arnaud"))],
    "13": [("Camille Faure (", Data(lambda: d.load("Camille Faure"))), ("Arnaud porte", Data(lambda: d.load("Sophie Arnaud"))),
           ("connecteur G", Data(lambda: d.duration()["G"])), ("il lui reste", Data(lambda: _rest("F")))],
    "14": [("qui a 14", Data(lambda: d.total_float("G"))), ("jours sur", _member_days("Camille Faure")),
           ("G 14,", Data(lambda: d.total_float("G"))), ("incomplètes (", Data(lambda: d.pareto().iloc[1]))],
    "8": [("Delorme (8", Data(lambda: d.load("Marc Delorme"))), ("jours sur 8", _member_days("Marc Delorme")),
          ("dans les", _member_days("Marc Delorme")), ("(R4, criticité", Data(lambda: _score("R4")))],
    "3": [("rendez-vous O (", _charge("O")), ("plus 3 jours", Data(lambda: d.member("Sophie Arnaud", "jours_coordination"))),
          ("K 3,", Data(lambda: d.total_float("K")))],
    "2": [("que 2 jours", Data(lambda: d.member("Nadia Benali", "jours_disponibles") - d.load("Nadia Benali"))),
          ("B dérive (+", Data(lambda: d.gap("B"))), ("(le 2 mars", Data(_reforecast_day))],
    "18": [("jours sur", _member_days("Nadia Benali")), ("direction (", Data(lambda: d.pareto().iloc[0]))],
    "25 470 €": Data(d.duration_cost_trap),
    "7,9 %": Data(lambda: d.overshoot() / d.total()),
    "38": Data(d.length),
    "24": [("fin prévue le", Data(lambda: d.working_day(d.length()).day)), ("L 24", Data(lambda: d.total_float("L")))],
    "22": [("H 22,", Data(lambda: d.total_float("H")))],
    "11": [("Piège :", Data(lambda: d.free_float("G")))],
    "1": [("D consomme", Data(lambda: -d.gap("D")))],
    "42": Data(d.reforecast_end),
    "56": Data(lambda: d.pareto().sum()),
    "50,5": Data(lambda: d.hours_lost(1)),
    "27": Data(lambda: d.hours_lost(2)),
    "57 %": Data(lambda: d.cumulative_share(2)),
    "83,9 %": Data(lambda: d.cumulative_share(4)),
    "73,2 %": Data(lambda: d.cumulative_share(3)),
}
FIXED_N = {
    "4": BAREME, "3": BAREME, "5": BAREME, "28 points": BAREME, "72 points": BAREME, "17": BAREME,
    "32 points": BAREME, "53 %": BAREME, "14": BAREME, "22 points": BAREME, "47 %": BAREME, "36 %": BAREME,
    "60 %": Fixed("seuil « acquis » par défaut de la maîtrise"), "100 points": WEBPA, "1": WEBPA, "0,75": WEBPA,
    "12": BAREME, "30": BAREME, "2": [("probabilité", Fixed("histoire plantée : R4 a la probabilité 2")), ("", BAREME)],
    "6": BAREME, "11": BAREME, "7": BAREME, "10": BAREME, "40 000 €": ENVELOPE, "40": AVAILABLE,
    "20": Fixed("jour de la grille de suivi : fin de la semaine 4 (20 jours ouvrés)"), "80 %": SCALE,
    "10 %": MODEL, "15 %": Fixed("fourchette usuelle d'une provision pour aléas"),
}
FIXED_N["3"] = [("probabilité", Fixed("histoire plantée : R6 a la probabilité 3")), ("", BAREME)]


def _score(code: str) -> float:
    risks = d.csv("risques.csv").set_index("code")
    return risks.loc[code, "probabilite"] * risks.loc[code, "impact"]


def _rest(code: str) -> float:
    return d.csv("suivi_semaine4.csv").set_index("code").loc[code, "reste_a_faire"]


TEAM_NOTEBOOKS = ("1_cadrage_budget_risques.ipynb", "2_planning_suivi_problemes.ipynb", "3_reunions_equipe_defense.ipynb")
INDIVIDUAL_NOTEBOOK = "1_contribution_individuelle.ipynb"
GRID_NOTEBOOK = "grille_soutenance.ipynb"
NOTES = "NOTES_FORMATEUR.md"

TABLES: dict[str, Table] = {
    TEAM_NOTEBOOKS[0]: merge(FIXED_1, DATA_1),
    TEAM_NOTEBOOKS[1]: merge(FIXED_2, DATA_2),
    TEAM_NOTEBOOKS[2]: merge(FIXED_3, DATA_3),
    INDIVIDUAL_NOTEBOOK: merge(FIXED_I, DATA_I),
    GRID_NOTEBOOK: merge(FIXED_G, {}),
    NOTES: merge(FIXED_N, DATA_N),
}
"""Document name → table of its figures."""
