"""Every figure quoted in the markdown of the bloc 5 lessons is recomputed from the training data or explained.

Same rule and same extraction as ``tests/test_b5_markdown_figures.py`` (which
covers the épreuve), applied to the seven lessons, whose figures come from the
Torvane training case: a regenerated dataset cannot leave a false sentence.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from test_b5_markdown_figures import Data, Fixed, _figures, _merge, _texts  # noqa: E402
from test_b5_markdown_figures import _problems as _epreuve_problems  # noqa: E402

DATA = ROOT / "case_studies" / "b5_torvane" / "data"
MARKUP = 0.58  # taux de marque of the brief (rule 4)
SOURCES = {"google": "SEA", "bing": "SEA", "instagram": "Instagram", "insta": "Instagram", "facebook": "Facebook",
           "fb": "Facebook", "newsletter": "E-mail", "sendinblue": "E-mail", "partenaire": "Partenariats", "cafeblog": "Partenariats"}
ENGINES = {"www.google.com", "www.bing.com", "www.qwant.com", "www.ecosia.org"}


@cache
def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, keep_default_na=False)


@cache
def _generator():
    spec = importlib.util.spec_from_file_location("torvane_gen_figures", ROOT / "case_studies" / "b5_torvane" / "generate_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _order_rate(channel: str) -> float:
    visits = _csv("visites.csv")
    source = visits["landing_url"].str.extract(r"utm_source=([^&]*)", expand=False).fillna("").str.lower().map(SOURCES)
    channels = source.fillna(visits["referent"].isin(ENGINES).map({True: "SEO", False: "Direct"}))
    return visits.loc[channels == channel, "commande"].mean()


def _leads(channel: str | None = None) -> pd.DataFrame:
    leads = _csv("prospects.csv")
    return leads if channel is None else leads[leads["canal"] == channel]


def _cost_per_customer(channel: str) -> float:
    costs = _csv("couts_canaux.csv").query("canal == @channel")
    return costs["cout_ht"].sum() / costs["clients"].sum()


def _clv(discounted: bool) -> float:
    margin = 38 * MARKUP * 3
    return sum(margin / (1.08**year if discounted else 1) for year in range(1, 5))


def _seasonal(month: int) -> float:
    sales = _csv("ca_mensuel.csv")
    ratio = sales["ca_ht"] / sales.groupby(sales["mois"].str[:4])["ca_ht"].transform("mean")
    return ratio[sales["mois"].str[5:] == f"{month:02d}"].mean()


def _buy_rate(group: str) -> float:
    test = _csv("relance_abonnes.csv")
    return test.loc[test["groupe"] == group, "achat_30j"].mean()


def _digits(reason: str, last: int = 9) -> dict:
    return {str(k): Fixed(reason) for k in range(0, last + 1)}


STATEMENT = Fixed("énoncé d'un exercice, chiffres dits fictifs dans le texte")
RULES = {
    "50": Fixed("échantillonnage du cas (un visiteur sur 50), règle du brief"),
    "58 %": Fixed("taux de marque du cas (règle 4 du brief)"),
    "100 %": Fixed("pas d'étape SQL en B2C, rétention de 100 % supposée, ou barres empilées à 100 %"),
}
LESSONS = {
    "01_collecte_tracking_rgpd.ipynb": {
        **_digits("numéro de leçon, d'exercice ou de bloc ; bornes d'une proportion ; durée CNIL (6 mois)"),
        **RULES,
        "30": Fixed("durée conseillée (1 h 30)"),
        "5 000": Data(lambda: _csv("visites.csv")["visiteur_id"].nunique()),
        "2 %": Data(lambda: _order_rate("Facebook"), "<"),
        "1 000": Fixed("formule du CPM (coût pour 1 000 impressions)"),
        "148 000": STATEMENT, "5 180": STATEMENT, "3 367 €": STATEMENT,
        "3,5 %": Data(lambda: 5_180 / 148_000),
        "0,65 €": Data(lambda: 3_367 / 5_180),
        "82": Fixed("article 82 de la loi Informatique et Libertés"),
        "34": Fixed("article L. 34-5 du code des postes et des communications électroniques"),
        "13": Fixed("durée maximale d'un cookie de mesure exempté (CNIL, 13 mois)"),
        "25": Fixed("durée maximale de conservation des données de mesure exemptée (CNIL, 25 mois)"),
    },
    "02_funnel_kpi.ipynb": {
        **_digits("numéro de leçon, d'exercice ou de question ; bornes d'une proportion"),
        **RULES,
        "50 points": Fixed("seuil MQL de la règle 2 du brief"),
        "20": Data(lambda: -_generator().lead_score(0, 0, 0, "echantillon_offert")),
        "40 points": Data(lambda: _generator().lead_score(1, 0, 0, "quiz_gout")),
        "31": Fixed("date de fin du trimestre (31 décembre)"),
        "25": [("sur 25 leads", Data(lambda: len(_leads("Partenariats"))))],
        "95 %": Fixed("niveau de confiance"),
        "5 %": Fixed("remise de la fenêtre « −5 % », élément du site"),
        "1 €": Fixed("« pour 1 € » : définition du ROAS et du ROI"),
        "18 000 €": STATEMENT, "18 000": STATEMENT, "4 000": STATEMENT, "720": STATEMENT, "34 560 €": STATEMENT,
        "4,50 €": Data(lambda: 18_000 / 4_000),
        "25 €": Data(lambda: 18_000 / 720),
        "0,25": Fixed("exemple d'écriture d'un ROI en proportion"),
        "25 %": Fixed("exemple d'écriture d'un ROI en proportion"),
        "1,92": Data(lambda: 34_560 / 18_000),
        "0,114": Data(lambda: (34_560 * MARKUP - 18_000) / 18_000),
        "11,4 %": Data(lambda: (34_560 * MARKUP - 18_000) / 18_000),
        "1,11 €": Data(lambda: 34_560 * MARKUP / 18_000),
        "15 %": Fixed("hypothèse de la question 3 du simulateur"),
        "40 %": [("plus de 40 %", Data(lambda: (_leads()["statut_mql"] == "MQL").mean(), ">"))],
    },
    "03_segmentation_rfm_scores.ipynb": {
        **_digits("numéro de leçon ou d'exercice, score de 1 à 5, note de satisfaction, seuil de fréquence"),
        "35": Fixed("tranche d'âge 35-49 ans"),
        "30": Fixed("date de l'extrait (30 septembre) ou seuil de récence (30 jours)"),
        "20 %": Fixed("définition d'un quintile (5 groupes de 20 %)"),
        "90": Fixed("seuil de récence fixé par le métier (jours)"),
        "180": Fixed("seuil de récence fixé par le métier (jours)"),
        "365": Fixed("seuil de récence fixé par le métier (jours)"),
        "10": Fixed("seuil de fréquence fixé par le métier (commandes)"),
    },
    "04_cycle_de_vie_cohortes_clv.ipynb": {
        **_digits("numéro de leçon ou d'exercice, âge d'une cohorte en mois, seuil des statuts (6 mois)"),
        **RULES,
        "30": Fixed("date de l'extrait CRM (30 septembre)"),
        "12": Fixed("seuil des statuts (12 mois)"),
        "24": Fixed("seuil des statuts (24 mois)"),
        "38 €": STATEMENT,
        "8 %": Fixed("exemple de taux d'actualisation (énoncé)"),
        "264,48 €": Data(lambda: _clv(False)),
        "66,12 €": Data(lambda: 38 * MARKUP * 3),
        "219,00 €": Data(lambda: _clv(True)),
        "17 %": Data(lambda: 1 - _clv(True) / _clv(False)),
        "220 €": Data(lambda: _clv(True), "~"),
        "60 €": [("plus de 60 €", Data(lambda: min(_cost_per_customer("SEA"), _cost_per_customer("Facebook")), ">"))],
    },
    "05_previsions_ventes.ipynb": {
        **_digits("numéro de leçon ou d'exercice, horizon de 6 mois"),
        "12": Fixed("moyenne mobile sur 12 mois"),
        "0,10": Fixed("exemple d'écriture d'une proportion"),
        "10 %": Fixed("exemple d'écriture d'une proportion"),
        "0,7": Data(lambda: _seasonal(8)),
        "5 %": Fixed("exemple de lecture d'un MAPE"),
        "1 000": Fixed("nombre de trajectoires simulées (réglage de la méthode)"),
        "80 %": Fixed("niveau de l'intervalle de prévision choisi"),
    },
    "06_campagne_groupe_controle.ipynb": {
        **_digits("numéro de leçon, d'exercice, de question ou de section ; borne d'un ROI"),
        **RULES,
        "60 %": Data(lambda: (_csv("relance_abonnes.csv")["groupe"] == "test").mean(), "~"),
        "15 %": Fixed("remise du code, règle 5 du brief"),
        "30": Fixed("fenêtre de mesure de 30 jours"),
        "600 €": Fixed("coût de conception, règle 5 du brief"),
        "0,008 €": Fixed("coût par e-mail envoyé, règle 5 du brief"),
        "0,02": Fixed("exemple d'écriture d'un uplift en proportion"),
        "2 points": Fixed("exemple d'écriture d'un uplift en proportion"),
        "4,3 points": Data(lambda: 100 * (_buy_rate("test") - _buy_rate("contrôle"))),
        "68 %": Data(lambda: _buy_rate("test") / _buy_rate("contrôle") - 1),
        "5 %": Fixed("seuil de signification"),
        "85 %": Data(lambda: 1 - 0.15), "0,85": Data(lambda: 1 - 0.15),
        "42 %": Data(lambda: 1 - MARKUP), "0,42": Data(lambda: 1 - MARKUP),
        "50,6 %": Data(lambda: 1 - (1 - MARKUP) / 0.85),
        "1,5": Fixed("exemple d'écriture d'un ROI en proportion"),
        "150 %": Fixed("exemple d'écriture d'un ROI en proportion"),
        "2,50 €": Fixed("exemple : 1 + ROI pour un ROI de 1,5"),
        "10 %": Fixed("taille proposée du groupe de contrôle (réglage du simulateur)"),
        "500": Fixed("hypothèse de la question 2"),
        "1 point": Fixed("hypothèse de la question 2"),
    },
    "07_datavisualisation_manager.ipynb": {
        **_digits("numéro de leçon ou d'exercice, nombre de parts d'un camembert ; barres partant de 0"),
        **RULES,
    },
}


def _problems(name: str, texts: list[tuple[str, str]]) -> list[str]:
    return _epreuve_problems(f"courses/b5/{name}", texts, _merge({}, LESSONS[name]))


@pytest.mark.parametrize("name", sorted(LESSONS))
def test_every_figure_of_the_lessons_is_recomputed_or_explained(name):
    problems = _problems(name, _texts(f"courses/b5/{name}"))
    assert not problems, "\n".join(problems)


def test_a_wrong_lesson_figure_is_caught():
    texts = _texts("courses/b5/06_campagne_groupe_controle.ipynb")
    for old, new in (("+4,3 points", "+4,4 points"), ("soit +68 %", "soit +69 %"), ("≈ 50,6 %", "≈ 50,6 % (1 234 €)")):
        changed = [(place, text.replace(old, new)) for place, text in texts]
        assert changed != texts, old
        assert _problems("06_campagne_groupe_controle.ipynb", changed), (old, new)


def test_the_lesson_tables_have_no_stale_entry():
    for name, table in LESSONS.items():
        quoted = {figure for _place, text in _texts(f"courses/b5/{name}") for figure, _ in _figures(text)}
        stale = {figure for figure in set(table) - quoted if len(figure) > 1} - set(RULES)
        assert not stale, (name, sorted(stale))
