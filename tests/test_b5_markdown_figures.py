"""Every figure quoted in the markdown of bloc 5 is recomputed from the data or explained.

Issue 7 (CONTENT.md §5): « any figure quoted in a markdown cell is produced by
code (or tested against the data), so a regenerated dataset cannot leave a false
sentence behind ». This test extracts every number written in the markdown cells
of the covered documents (French format: ``12,5 %``, ``5 726 €``, narrow or plain
no-break spaces) and looks each one up in ``TABLE``: either a ``Data`` entry that
recomputes the value from the case CSV files with plain pandas (another route
than the solution code) and compares it at the quoted precision, or a ``Fixed``
entry that says why the number is not a data figure (points of the barème, a
rule of the brief, a rounding instruction, a date…). A number the table does not
account for fails the test, and so does a recomputed value that no longer
rounds to the quoted text.

Covered: the markdown cells of the three source notebooks (model answers, rubrics,
instructions) and the instructor notes ``case_studies/b5_calyce/NOTES_FORMATEUR.md``.
The seven lessons train on another company (Torvane): their figures are checked
against its data by ``tests/b5/test_b5_lesson_figures.py``, with this module's
extraction and comparison. The barème quoted in the notes is
read from the nbgrader metadata of the source notebooks.

Numbers that are never data figures are left out by ``_figures`` itself, each for
a stated reason (``IGNORED``): section and rule numbers (``1.3``, ``5.2``), list
markers, ordinals (``2e``), inline code, years, criteria (``CE33``) and barème
points (``2 pts``, ``(3 points)``, ``**32 points**``). An entry keyed by a figure
alone covers every occurrence in its document; a figure with several meanings
lists (context, entry) pairs, the context being a few words around it. Single
digits carry a generic reason (numbering of lessons, exercises, questions) as a
fallback after their data contexts.
"""

from __future__ import annotations

import importlib.util
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Callable, Union

import nbformat
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "b5_donnees_marketing"
DATA = SOURCE / "data"

SPACES = "\u202f\u00a0 "
NUMBER = re.compile(rf"(?<![\w.,/×-])\d{{1,3}}(?:[{SPACES}]\d{{3}})+(?![\w])|(?<![\w.,/-])\d+(?:,\d+)?(?![\w.,]\d|[\w])")
UNIT = re.compile(rf"^[{SPACES}]?(%|€|k€|M€|points?\b)")
IGNORED = [
    # (pattern on the text, reason): spans whose numbers are not figures
    (re.compile(r"`[^`\n]*`"), "code: names, literal arguments of a hint"),
    (re.compile(r"\b\d+(?:\.\d+)+\b"), "section, question or rule number (1.3, 5.2)"),
    (re.compile(r"(?m)^\s*(?:#+\s*)?(?:[-*>]\s*)?\d+\.\s"), "list marker"),
    (re.compile(r"\b\d+(?:re|er|e|ème)\b"), "ordinal (2e page, 4e trimestre)"),
    (re.compile(r"\b(?:19|20)\d\d\b"), "a year"),
    (re.compile(r"\bCE\d+|\bC\d+"), "a criterion or competency of the référentiel"),
    (re.compile(rf"\d+(?:,\d+)?[{SPACES}]pts?\b"), "points of the barème (« 1,5 pt »)"),
    (re.compile(rf"\((?:\d+[{SPACES}]points?[{SPACES}]?(?:automatiques?)?[{SPACES}]?\+?[{SPACES}]?)+(?:à la main)?\)"),
     "points of the barème in a title (« (3 points) »)"),
    (re.compile(rf"\*\*\d+[{SPACES}]points\*\*"), "points of the barème in the header (« **32 points** »)"),
]


@dataclass(frozen=True)
class Data:
    """A data figure recomputed from the CSV files (a proportion for a « % »).

    ``bound`` is ``=`` (equal at the quoted precision), ``>`` or ``<`` (« plus de », « moins de »)
    or ``~`` (a round order of magnitude, « environ 7 000 »: within 5 %).
    """

    value: Callable[[], float]
    bound: str = "="
    unit: str = ""  # "%" when the unit is written after a range (« 7 à 27 % »)


@dataclass(frozen=True)
class Fixed:
    """A number that is not computed from the data, with the reason."""

    reason: str


Entry = Union[Data, Fixed]


# ----------------------------------------------------------------- data, read with pandas
@cache
def _generator():
    """The case generator, for the documented channel rule 5.1 (its tables, not the solution code)."""
    spec = importlib.util.spec_from_file_location("calyce_gen_figures", ROOT / "case_studies" / "b5_calyce" / "generate_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name)


def _sessions() -> pd.DataFrame:
    """Sessions with their channel, from the rule 5.1 of the brief (UTM source, else search engine, else Direct)."""
    s = _csv("sessions.csv").copy()
    source = s["landing_url"].str.extract(r"utm_source=([^&]+)")[0].str.strip().str.lower()
    gen = _generator()
    by_source, engines = gen.CHANNEL_BY_SOURCE, set(gen.SEARCH_ENGINES)
    s["canal"] = source.map(lambda v: by_source.get(v, "?") if isinstance(v, str) else None)
    s.loc[s["canal"].isna(), "canal"] = s["referent"].isin(engines).map({True: "SEO", False: "Direct"})
    return s


def _leads(channel: str | None = None) -> pd.DataFrame:
    leads = _csv("leads.csv")
    return leads if channel is None else leads[leads["canal"] == channel]


def _wilson(channel: str) -> tuple[float, float]:
    leads = _leads(channel)
    return proportion_confint(int(leads["client_id"].notna().sum()), len(leads), method="wilson")


def _cost_per_customer(channel: str) -> float:
    """Cost of the quarter per customer recruited, from the costs file (whole traffic, not the sample)."""
    costs = _csv("couts_campagnes.csv").groupby("canal")[["cout_ht", "clients"]].sum()
    return costs.loc[channel, "cout_ht"] / costs.loc[channel, "clients"]


def _cta_rate(cta: str) -> float:
    events = _csv("cta_evenements.csv")
    mine = events[events["cta_id"] == cta]["evenement"].value_counts()
    return mine["clic"] / mine["impression"]


def _order_after_cart(device: str) -> float:
    events = _csv("cta_evenements.csv")
    carted = set(events[(events["cta_id"] == "ajout_panier") & (events["evenement"] == "clic")]["session_id"])
    s = _csv("sessions.csv")
    s = s[s["session_id"].isin(carted) & (s["appareil"] == device)]
    return s["commande"].mean()


def _seo_ctr(kind: str) -> float:
    seo = _csv("seo_requetes.csv")
    seo = seo[seo["type_requete"] == kind]
    return seo["clics"].sum() / seo["impressions"].sum()


def _seo(query: str, column: str) -> float:
    seo = _csv("seo_requetes.csv").set_index("requete")
    return seo.loc[query, column]


_DATA_1 = {
    "2 395": Data(lambda: (_sessions()["canal"] == "TikTok").sum()),
    "10 226": Data(lambda: len(_csv("sessions.csv"))),
    "23 %": Data(lambda: (_sessions()["canal"] == "TikTok").mean()),
    "507": Data(lambda: len(_leads("TikTok"))),
    "1 047": Data(lambda: len(_leads())),
    "48 %": Data(lambda: len(_leads("TikTok")) / len(_leads())),
    "6,3 %": Data(lambda: (_leads("TikTok")["statut_mql"] == "MQL").mean()),
    "2,0 %": Data(lambda: _leads("TikTok")["client_id"].notna().mean()),
    "402": Data(lambda: (_leads("TikTok")["formulaire"] == "jeu_concours").sum()),
    "30,5 %": Data(lambda: (_leads("TikTok").query("formulaire != 'jeu_concours'")["statut_mql"] == "MQL").mean()),
    "5,98 €": Data(lambda: _cost_per_customer("SEO")),
    "6,49 €": Data(lambda: _cost_per_customer("E-mail")),
    "0,72 €": Data(lambda: _csv("couts_campagnes.csv").groupby("canal")["cout_ht"].sum()["TikTok"]
                   / _csv("couts_campagnes.csv").groupby("canal")["leads"].sum()["TikTok"]),
    "37,22 €": Data(lambda: _cost_per_customer("TikTok")),
    "31,56 €": Data(lambda: _cost_per_customer("Instagram")),
    "59,62 €": Data(lambda: _cost_per_customer("SEA")),
    "97,56 €": Data(lambda: _cost_per_customer("Affiliation")),
    "18": Data(lambda: _leads("SEA")["client_id"].notna().sum()),
    "97": Data(lambda: len(_leads("SEA"))),
    "18,6 %": Data(lambda: _leads("SEA")["client_id"].notna().mean()),
    "27 %": Data(lambda: max(_wilson(c)[1] for c in ("SEA", "Direct", "SEO", "E-mail"))),
    "4 %": Data(lambda: _wilson("TikTok")[1]),
    "37": Data(lambda: len(_leads("Affiliation"))),
    "16 %": Data(lambda: _order_after_cart("mobile")),
    "46 %": Data(lambda: _order_after_cart("ordinateur")),
    "39 %": Data(lambda: _order_after_cart("tablette")),
    "66 %": Data(lambda: (_csv("sessions.csv")["appareil"] == "mobile").mean()),
    "13 %": Data(lambda: _cta_rate("diagnostic_peau")),
    "313": Data(lambda: (_leads().query("formulaire == 'diagnostic_peau'")["statut_mql"] == "MQL").sum()),
    "375": Data(lambda: (_leads()["formulaire"] == "diagnostic_peau").sum()),
    "6 %": Data(lambda: _cta_rate("newsletter_10")),
    "38,9 %": Data(lambda: _seo_ctr("marque")),
    "3,0 %": Data(lambda: _seo_ctr("hors marque")),
    "140 000": Data(lambda: min(_seo("sérum anti-âge bio", "impressions"), _seo("crème anti-rides bio", "impressions")), ">"),
    "11,6": Data(lambda: _seo("sérum anti-âge bio", "position_moyenne")),
    "13,2": Data(lambda: _seo("crème anti-rides bio", "position_moyenne")),
}


def _merge(fixed: dict, data: dict) -> dict:
    """One table: the data entries, with their contexts first, then the fixed entries as fallback."""
    table: dict = {}
    for part in (data, fixed):
        for figure, entry in part.items():
            entries = entry if isinstance(entry, list) else [("", entry)]
            table.setdefault(figure, []).extend(entries)
    return table

_FIXED_1 = {
    "2": Fixed("durée indicative 2 h 30, ou énumération (1 ou 2 indicateurs, question 2)"),
    "30": [("2 h 30", Fixed("durée indicative de l'épreuve")), ("= 30", Fixed("score maximal d'un lead sans diagnostic, règle 5.2 (test_b5_model_answers)")), ("20 = 30", Fixed("règle 5.2"))],
    "100": Fixed("total des points de l'étude de cas"),
    "40 %": Fixed("citation du dirigeant dans la mise en situation, que le candidat doit vérifier"),
    "0,25": Fixed("exemple d'écriture d'un taux en proportion"),
    "25 %": Fixed("exemple d'écriture d'un taux en proportion"),
    "0": Fixed("borne d'une proportion, ou note nulle de la grille"),
    "1": Fixed("borne d'une proportion, énumération ou argument d'exemple"),
    "3": Fixed("round(taux, 3), nombre de CTA, énumération, règle 5.2 (3 e-mails × 10) ou durée CNIL (3 ans)"),
    "7 000": Data(lambda: _csv("sessions.csv")["visiteur_id"].nunique(), "~"),
    "60": Fixed("ordre de grandeur de l'échantillonnage (un visiteur sur 60) annoncé dans le sujet"),
    "4": Fixed("énumération, borne de position SEO de la consigne, ou règle 5.2 (4 pages × 5)"),
    "13": Fixed("durée maximale d'un cookie selon la CNIL (13 mois)"),
    "50 000": Fixed("seuil d'impressions imposé par la consigne"),
    "15": Fixed("borne de position SEO de la consigne, ou longueur de réponse demandée (10 à 15 lignes)"),
    "0,150": Fixed("exemple d'arrondi au millième"),
    "15 %": Fixed("exemple d'arrondi au millième"),
    "95 %": Fixed("niveau de confiance des intervalles"),
    "10": [("10 clients", Data(lambda: _leads("TikTok")["client_id"].notna().sum())),
           ("3 × 10", Fixed("règle 5.2 du score (10 points par e-mail ouvert)")),
           ("en 10 à", Fixed("longueur de réponse demandée"))],
    "5": Fixed("règle 5.2 du score (5 points par page produit) ou numéro du bloc"),
    "20": Fixed("règle 5.2 du score (−20 points pour le jeu-concours)"),
    "10 %": Fixed("remise de la pop-up newsletter (nom du CTA)"),
    "7": Data(lambda: min(_wilson(c)[0] for c in ("SEA", "Direct", "SEO", "E-mail")), unit="%"),
    "25": [("25 mois", Fixed("durée de conservation maximale des données de mesure exemptée (CNIL)")),
           ("2 à 25", Data(lambda: max(_leads(c)["client_id"].notna().sum() for c in _leads()["canal"].unique())))],
}
_DATA_1 |= {
    "50 points": Data(lambda: _generator().MQL_THRESHOLD),
    "2": [("2 à 25 clients", Data(lambda: min(_leads(c)["client_id"].notna().sum() for c in _leads()["canal"].unique()))),
          ("(2 clients sur 37", Data(lambda: _leads("Affiliation")["client_id"].notna().sum()))],
    "1": [("TikTok (1 à", Data(lambda: _wilson("TikTok")[0], unit="%"))],
    "4 %": Data(lambda: _wilson("TikTok")[1]),
}


# ----------------------------------------------------------------- part 2
DATE_CRM = pd.Timestamp("2026-09-30")


def _crm() -> pd.DataFrame:
    """CRM clients with the psychographic segment (table of question 2.2) and the behavioural one (2.3)."""
    c = _csv("clients_crm.csv").copy()
    psycho = []
    for mot, eco, bio in zip(c["motivation_principale"], c["sensibilite_ecologique"], c["accord_payer_plus_bio"]):
        if mot == "efficacité":
            psycho.append("Experte efficacité")
        elif eco >= 4 and bio >= 4:
            psycho.append("Militante bio")
        elif mot == "prix" or bio <= 2:
            psycho.append("Pragmatique")
        else:
            psycho.append("Autre")
    c["psycho"] = psycho
    days = (DATE_CRM - pd.to_datetime(c["date_derniere_commande"])).dt.days
    c["comportement"] = "Inactive"
    c.loc[days <= 365, "comportement"] = "À relancer"
    c.loc[days <= 180, "comportement"] = "Active"
    c.loc[(days <= 180) & (c["nb_commandes"] >= 10), "comportement"] = "Fidèle"
    c["satisfait"] = c["satisfaction"] >= 4
    return c


def _expert() -> pd.DataFrame:
    c = _crm()
    return c[c["psycho"] == "Experte efficacité"]


def _by_psycho(column: str, how: str) -> pd.Series:
    return _crm().groupby("psycho")[column].agg(how)


def _others(series: pd.Series) -> pd.Series:
    return series.drop("Experte efficacité")


def _repeat(gamme: str, segment: str | None = None, others: bool = False) -> float | list[float]:
    p = _csv("produits_segments.csv")
    p = p[p["gamme"] == gamme].groupby("segment_psycho")[["acheteurs", "reacheteurs"]].sum()
    rate = p["reacheteurs"] / p["acheteurs"]
    return rate.drop("Experte efficacité") if others else rate[segment]


def _notes() -> pd.Series:
    p = _csv("produits_segments.csv")
    return (p["note_moyenne"] * p["nb_avis"]).groupby(p["segment_psycho"]).sum() / p.groupby("segment_psycho")["nb_avis"].sum()


def _behaviour(segment: str, column: str | None = None) -> float:
    c = _crm()
    mine = c["comportement"] == segment
    return mine.mean() if column is None else c.loc[mine, column].sum() / c[column].sum()


_DATA_2 = {
    "1 065": Data(lambda: len(_expert())),
    "18 %": Data(lambda: len(_expert()) / len(_crm())),
    "523 €": Data(lambda: _expert()["ca_total_ht"].mean()),
    "259": Data(lambda: _others(_by_psycho("ca_total_ht", "mean")).min()),
    "349 €": Data(lambda: _others(_by_psycho("ca_total_ht", "mean")).max()),
    "6 000": Data(lambda: len(_crm())),
    "69 659": Data(lambda: len(_cdnow())),
    "23 570": Data(lambda: _cdnow()["client"].nunique()),
    "9,2": Data(lambda: _expert()["nb_commandes"].mean()),
    "53 %": Data(lambda: _expert()["satisfait"].mean()),
    "77": Data(lambda: _others(_by_psycho("satisfait", "mean")).min(), unit="%"),
    "78 %": Data(lambda: _others(_by_psycho("satisfait", "mean")).max()),
    "32 %": Data(lambda: _expert().query("45 <= age < 55")["satisfait"].mean()),
    "93 %": Data(lambda: (_expert()["sexe"] == "F").mean()),
    "72 %": Data(lambda: _expert()["csp"].isin(["Cadre", "Profession intermédiaire"]).mean()),
    "20,4 %": Data(lambda: _repeat("sérums", "Experte efficacité")),
    "22,5 %": Data(lambda: _repeat("crèmes", "Experte efficacité")),
    "44": Data(lambda: min(_repeat("sérums", others=True).min(), _repeat("crèmes", others=True).min()), unit="%"),
    "49 %": Data(lambda: max(_repeat("sérums", others=True).max(), _repeat("crèmes", others=True).max())),
    "3,15": Data(lambda: _notes()["Experte efficacité"]),
    "4,28": Data(lambda: _others(_notes()).min()),
    "4,32": Data(lambda: _others(_notes()).max()),
    "31 %": Data(lambda: (_expert()["attente_principale"] == "gamme anti-âge").mean()),
    "7 %": [("≈ 7 %", Data(lambda: (_crm().query("psycho != 'Experte efficacité'")["attente_principale"] == "gamme anti-âge").mean()))],
    "140 000": _DATA_1["140 000"],
    "16 %": Data(lambda: _behaviour("Fidèle")),
    "40 %": Data(lambda: _behaviour("Fidèle", "ca_total_ht")),
    "23 %": Data(lambda: _behaviour("À relancer")),
    "25 %": Data(lambda: _behaviour("À relancer", "ca_total_ht")),
    "21 %": Data(lambda: _behaviour("Inactive")),
}


@cache
def _cdnow() -> pd.DataFrame:
    """CDNOW purchases (the lifetimes copy of the public file), one row per line: client, date, amount."""
    path = files("lifetimes") / "datasets" / "CDNOW_master.txt"
    raw = pd.read_csv(path, sep=r"\s+", header=None, skiprows=1, names=["client", "date", "quantite", "montant"], dtype={"date": str})
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    first = raw.groupby("client")["date"].transform("min")
    raw["cohorte"] = first.dt.to_period("M")
    raw["age_mois"] = (raw["date"].dt.year - first.dt.year) * 12 + raw["date"].dt.month - first.dt.month
    return raw


def _retention(age: int) -> pd.Series:
    d = _cdnow()
    active = d[d["age_mois"] == age].groupby("cohorte")["client"].nunique()
    return active / d.groupby("cohorte")["client"].nunique()


def _value_12() -> pd.DataFrame:
    d = _cdnow()
    year = d[d["age_mois"] < 12]
    size = d.groupby("cohorte")["client"].nunique()
    return pd.DataFrame({"total": year.groupby("cohorte")["montant"].sum() / size,
                         "mois0": year[year["age_mois"] == 0].groupby("cohorte")["montant"].sum() / size})


def _hibernants() -> float:
    """Share of « Hibernants » (rules of 2.7: score_R ≤ 2 and score_F ≤ 2, i.e. last purchase more than 180 days
    before the end of observation, 30 June 1998, and at most 2 purchase days)."""
    d = _cdnow()
    days = d.groupby("client")["date"].nunique()
    silent = (pd.Timestamp("1998-06-30") - d.groupby("client")["date"].max()).dt.days
    return ((silent > 180) & (days <= 2)).mean()


_DATA_2 |= {
    "65 %": Data(_hibernants),
    "51 %": Data(lambda: (_cdnow().groupby("client")["date"].nunique() == 1).mean()),
    "15 %": Data(lambda: _retention(1).mean()),
    "6": [("puis 6 à", Data(lambda: min(_retention(a).min() for a in range(2, 12)), unit="%"))],
    "12 %": Data(lambda: max(_retention(a).max() for a in range(2, 12))),
    "41": Data(lambda: (_value_12()["mois0"] / _value_12()["total"]).min(), unit="%"),
    "44 %": Data(lambda: (_value_12()["mois0"] / _value_12()["total"]).max()),
    "87": Data(lambda: _value_12()["total"].min()),
    "92": Data(lambda: _value_12()["total"].max()),
}
_FIXED_2 = {
    "0": Fixed("note nulle de la grille"),
    "1": Fixed("énumération ou renvoi à la partie 1"),
    "2": Fixed("énumération ou renvoi à la partie 2"),
    "3": Fixed("énumération ou renvoi à la partie 3"),
    "4": Fixed("énumération, seuil de score, ou note de satisfaction 4 ou 5 (définition du CSAT)"),
    "5": Fixed("échelle de notation sur 5 ou score RFM"),
    "6": Fixed("seuil de la règle « À relancer » (6 à 12 mois, soit 180 à 365 jours), consigne 2.3"),
    "8": Fixed("nombre de produits phares du tableau produits, décrit par la consigne"),
    "10": Fixed("seuil de la règle « Fidèle » (au moins 10 commandes), consigne 2.3"),
    "11": Fixed("mois 0 à 11 : définition de la valeur à 12 mois"),
    "12": Fixed("12 mois : définition de la valeur à 12 mois, ou numérotation des mois"),
    "15": Fixed("longueur de réponse demandée (15 à 25 lignes)"),
    "25": Fixed("longueur de réponse demandée (15 à 25 lignes)"),
    "30": Fixed("date d'extraction ou de fin d'observation (30 septembre, 30 juin), ou délai d'action proposé"),
    "100": Fixed("total des points de l'étude de cas"),
    "45": Fixed("borne d'une tranche d'âge de la consigne 2.1"),
    "54": Fixed("borne d'une tranche d'âge de la consigne 2.1"),
    "64": Fixed("borne d'une tranche d'âge de la consigne 2.1"),
    "60": Fixed("délai d'action proposé (30 à 60 jours), une préconisation"),
    "180": Fixed("seuil de récence des règles de segmentation (jours)"),
    "365": Fixed("seuil de récence des règles de segmentation (jours)"),
}


# ----------------------------------------------------------------- part 3
MARGIN_RATE, DISCOUNT, DESIGN_COST, COST_PER_EMAIL = 0.68, 0.10, 1200.0, 0.012  # data of the brief, part 3


def _campaign() -> tuple[float, float, float]:
    """ROI of the loyalty e-mail and its 95 % bounds, per test customer: the test group paid 0.9 P for goods costing
    0.32 P, the control group paid P (normal approximation of the difference of mean margins)."""
    c = _csv("campagne_fidelite.csv")
    test = c.loc[c["groupe"] == "test", "ca_30j_ht"]
    control = c.loc[c["groupe"] == "contrôle", "ca_30j_ht"]
    margin_t = test - (1 - MARGIN_RATE) * test / (1 - DISCOUNT)
    margin_c = control * MARGIN_RATE
    n = len(test)
    cost = DESIGN_COST + COST_PER_EMAIL * n
    gain = (margin_t.mean() - margin_c.mean()) * n
    half = 1.96 * (margin_t.var() / len(margin_t) + margin_c.var() / len(margin_c)) ** 0.5 * n
    return (gain - cost) / cost, (gain - half - cost) / cost, (gain + half - cost) / cost


def _buy_rate(group: str) -> float:
    c = _csv("campagne_fidelite.csv")
    return c.loc[c["groupe"] == group, "achat_30j"].mean()


def _p_value() -> float:
    """Two-sided z test of two proportions, pooled, written out (the brief names statsmodels' proportions_ztest)."""
    c = _csv("campagne_fidelite.csv")
    n1, n2 = (c["groupe"] == "test").sum(), (c["groupe"] == "contrôle").sum()
    p1, p2 = _buy_rate("test"), _buy_rate("contrôle")
    pooled = c["achat_30j"].mean()
    z = (p1 - p2) / (pooled * (1 - pooled) * (1 / n1 + 1 / n2)) ** 0.5
    return math.erfc(abs(z) / math.sqrt(2))


@cache
def _forecast() -> tuple[float, float]:
    """Holt-Winters (statsmodels, the field library) of the monthly revenue: S1 2027 total and its change on S1 2026."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    v = _csv("ventes_mensuelles.csv")
    series = pd.Series(v["ca_ht"].to_numpy(), index=pd.period_range(v["mois"].iloc[0], periods=len(v), freq="M"))
    fit = ExponentialSmoothing(series, trend="add", seasonal="mul", seasonal_periods=12).fit()
    total = fit.forecast(6).sum()
    s1_2026 = series["2026-01":"2026-06"].sum()
    return total, total / s1_2026 - 1


def _channel_cost(*channels: str) -> float:
    return _csv("couts_campagnes.csv").query("canal in @channels")["cout_ht"].sum()


def _median_order() -> float:
    s = _csv("sessions.csv")
    return s.loc[s["commande"] == 1, "ca_ht"].median()


PROPOSED = {"SEO": 18_000, "SEA": 30_000, "social": 30_000, "e-mail": 6_000, "anti-âge": 10_000, "mobile": 15_000}

_DATA_3 = {
    "70 %": Data(lambda: (_csv("campagne_fidelite.csv")["groupe"] == "test").mean()),
    "30 %": [("% ne l'ont pas reçu", Data(lambda: (_csv("campagne_fidelite.csv")["groupe"] == "contrôle").mean())),
             ("hors marque +30", Fixed("objectif proposé (clics SEO hors marque +30 %)")),
             ("de 16 % à 30", Fixed("objectif proposé (commande après panier sur mobile)"))],
    "64,4 %": Data(lambda: 1 - (1 - MARGIN_RATE) / (1 - DISCOUNT)),
    "134 225 €": Data(lambda: _csv("couts_campagnes.csv")["cout_ht"].sum()),
    "45 €": Data(_median_order),
    "30 €": [("≈ 30 € de marge", Data(lambda: _median_order() * MARGIN_RATE)),
             ("→ 30 000", Fixed("budget proposé"))],
    "164 %": Data(lambda: _campaign()[0]),
    "8 %": Data(lambda: _campaign()[1]),
    "319 %": Data(lambda: _campaign()[2]),
    "9 000 €": Data(lambda: _channel_cost("SEO")),
    "65 525 €": Data(lambda: _channel_cost("SEA")),
    "45 000 €": Data(lambda: _channel_cost("TikTok", "Instagram")),
    "2 700 €": Data(lambda: _channel_cost("E-mail")),
    "113 500 €": Data(lambda: sum(PROPOSED.values()) + _csv("couts_campagnes.csv").query("campagne == 'affiliation_blog_beaute'")["cout_ht"].sum()),
    "6 %": [("MQL TikTok de 6", Data(lambda: (_leads("TikTok")["statut_mql"] == "MQL").mean())),
            ("seuls 6 %", Data(lambda: (_leads("TikTok")["statut_mql"] == "MQL").mean()))],
    "20 %": [("sérums de 20", Data(lambda: _repeat("sérums", "Experte efficacité"))),
             ("sérums (20", Data(lambda: _repeat("sérums", "Experte efficacité"))),
             ("6 % à 20", Fixed("objectif proposé (taux de MQL TikTok)"))],
    "2 %": Data(lambda: _leads("TikTok")["client_id"].notna().mean()),
    "6 €": Data(lambda: max(_cost_per_customer("SEO"), _cost_per_customer("E-mail"))),
    "60 €": Data(lambda: _cost_per_customer("SEA")),
    "98 €": Data(lambda: _cost_per_customer("Affiliation")),
    "3,9 points": Data(lambda: 100 * (_buy_rate("test") - _buy_rate("contrôle"))),
    "0,0003": Data(_p_value),
    "1,77 M€": Data(lambda: _forecast()[0]),
    "4,9 %": Data(lambda: _forecast()[1]),
}
for _figure in ("5,98 €", "6,49 €", "31,56 €", "37,22 €", "59,62 €", "97,56 €", "140 000", "23 %", "48 %", "402", "507",
                "66 %", "16 %", "46 %", "523 €", "53 %"):
    _DATA_3[_figure] = _DATA_1.get(_figure) or _DATA_2[_figure]

_FIXED_3 = {
    "0": Fixed("seuil de la grille (ROI > 0 à la borne basse) ou note nulle"),
    "1": Fixed("énumération ou renvoi à la partie 1"),
    "2": Fixed("énumération ou renvoi à la partie 2"),
    "3": Fixed("énumération ou renvoi à la partie 3"),
    "4": Fixed("énumération ou taille de figure"),
    "5": Fixed("énumération ou renvoi au cahier des charges (5.3)"),
    "6": Fixed("date de la campagne (6 octobre), 6 mois de prévision, énumération"),
    "15": Fixed("longueur de la note (15 lignes au plus)"),
    "30": Fixed("date (30/06/2027), fenêtre de 30 jours, délai de la séquence post-achat (30–60 jours)"),
    "45": Fixed("borne de la tranche d'âge 45–64 ans"),
    "60": Fixed("délai proposé pour la séquence post-achat"),
    "64": Fixed("borne de la tranche d'âge 45–64 ans"),
    "35": Fixed("âge de l'audience visée (moins de 35 ans), une cible proposée"),
    "100": Fixed("total des points de l'étude de cas"),
    "10 %": Fixed("remise du code de la campagne, ou taille proposée du groupe de contrôle"),
    "1 200 €": Fixed("coût de conception de la campagne, donnée du sujet"),
    "0,012 €": Fixed("coût par e-mail envoyé, donnée du sujet"),
    "68 %": Fixed("taux de marque, donnée du sujet"),
    "2,5 points": Fixed("exemple d'écriture d'un écart en points"),
    "150 %": Fixed("exemple d'écriture d'un ROI en proportion"),
    "1,27": Fixed("exemple d'arrondi au centième (pas la réponse attendue)"),
    "1,5": Fixed("exemple de ROI pour expliquer « 1 + ROI »"),
    "2,50 €": Fixed("exemple : 1 + ROI pour un ROI de 1,5"),
    "1,50 €": Fixed("exemple : gain net pour un ROI de 1,5"),
    "5 %": Fixed("seuil de signification, ou exemple d'écriture d'une proportion"),
    "95 %": Fixed("niveau de confiance"),
    "18 000 €": Fixed("budget proposé"),
    "30 000 €": Fixed("budget proposé"),
    "6 000 €": Fixed("budget proposé"),
    "10 000 €": Fixed("budget proposé (lancement)"),
    "15 000 €": Fixed("budget proposé (refonte mobile)"),
    "40 €": Fixed("objectif proposé (coût par client SEA)"),
    "3 points": Fixed("objectif proposé (uplift)"),
    "65 %": Fixed("objectif proposé (CSAT du segment)"),
    "35 %": Fixed("objectif proposé (réachat des sérums)"),
}


# ----------------------------------------------------------------- instructor notes
def _campaign_money() -> dict[str, float]:
    """Incremental revenue, margin (and its 95 % bounds), cost and the wrong ROI (68 % applied to discounted revenue)."""
    c = _csv("campagne_fidelite.csv")
    test = c.loc[c["groupe"] == "test", "ca_30j_ht"]
    control = c.loc[c["groupe"] == "contrôle", "ca_30j_ht"]
    n = len(test)
    margin_t, margin_c = test * (1 - (1 - MARGIN_RATE) / (1 - DISCOUNT)), control * MARGIN_RATE
    margin = (margin_t.mean() - margin_c.mean()) * n
    half = 1.96 * (margin_t.var() / n + margin_c.var() / len(control)) ** 0.5 * n
    cost = DESIGN_COST + COST_PER_EMAIL * n
    revenue = (test.mean() - control.mean()) * n
    return {"revenue": revenue, "margin": margin, "low": margin - half, "high": margin + half, "cost": cost,
            "wrong_roi": (revenue * MARGIN_RATE - cost) / cost}


def _annual(year: int) -> float:
    v = _csv("ventes_mensuelles.csv")
    return v.loc[v["mois"].str.startswith(str(year)), "ca_ht"].sum()


def _growth(year: int) -> float:
    return _annual(year) / _annual(year - 1) - 1


@cache
def _may_2027() -> float:
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    v = _csv("ventes_mensuelles.csv")
    series = pd.Series(v["ca_ht"].to_numpy(), index=pd.period_range(v["mois"].iloc[0], periods=len(v), freq="M"))
    fit = ExponentialSmoothing(series, trend="add", seasonal="mul", seasonal_periods=12).fit()
    return fit.forecast(6).iloc[4]


def _rfm_counts() -> pd.Series:
    """CDNOW clients per RFM segment (rules of question 2.7; the amount plays no part)."""
    d = _cdnow()
    days = d.groupby("client")["date"].nunique()
    silent = (pd.Timestamp("1998-06-30") - d.groupby("client")["date"].max()).dt.days
    r = pd.cut(silent, [-1, 30, 90, 180, 365, 10000], labels=[5, 4, 3, 2, 1]).astype(int)
    f = pd.cut(days, [0, 1, 2, 4, 9, 10000], labels=[1, 2, 3, 4, 5]).astype(int)
    segment = pd.Series("À développer", index=days.index)
    segment[(r <= 2) & (f <= 2)] = "Hibernants"
    segment[(r <= 2) & (f >= 3)] = "À risque"
    segment[(r >= 4) & (f <= 2)] = "Prometteurs"
    segment[(r >= 4) & (f >= 4)] = "Champions"
    return segment.value_counts()


def _sea_as_seo() -> int:
    """Google Ads visits (UTM source mapped to SEA) that a search engine referred: the referrer rule would call them SEO."""
    s = _sessions()
    return int(((s["canal"] == "SEA") & s["referent"].isin(_generator().SEARCH_ENGINES)).sum())


def _global_cta_rate() -> float:
    counts = _csv("cta_evenements.csv")["evenement"].value_counts()
    return counts["clic"] / counts["impression"]


def _mql_rate_others(how: str) -> float:
    leads = _leads().query("canal != 'TikTok'")
    return (leads["statut_mql"] == "MQL").groupby(leads["canal"]).mean().agg(how)


def _conversion_of(how: str) -> float:
    leads = _leads().query("canal in ['SEA', 'Direct', 'SEO']")
    return leads["client_id"].notna().groupby(leads["canal"]).mean().agg(how)


def _points(part: str | None = None, kind: str | None = None) -> float:
    """Points of the source notebooks (nbgrader metadata): of one part, automatic (grade) or manual (task, manual)."""
    total = 0.0
    for path in sorted(SOURCE.glob("*.ipynb")):
        if part and not path.name.startswith(part):
            continue
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if not meta.get("points"):
                continue
            manual = meta.get("solution", False) or meta.get("task", False)  # nbgrader: tests are grade-only cells
            if kind is None or (kind == "manual") == manual:
                total += meta["points"]
    return total


def _cell_points(grade_id: str) -> float:
    for path in SOURCE.glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
                return cell.metadata["nbgrader"]["points"]
    raise KeyError(grade_id)


def _criterion_points(criterion: str) -> float:
    return sum(c.metadata["nbgrader"]["points"] for path in SOURCE.glob("*.ipynb")
               for c in nbformat.read(path, as_version=4).cells
               if c.metadata.get("nbgrader", {}).get("points") and criterion in c.metadata.get("tags", []))


_SHARED_N = (
    "0,0003", "0,72 €", "1 047", "1 065", "1,77 M€", "10 226", "11,6", "12 %", "13,2", "134 225 €", "15 %", "16 %", "164 %",
    "2 395", "2,0 %", "20,4 %", "22,5 %", "23 %", "23 570", "27 %", "3,0 %", "3,15", "3,9 points", "30,5 %", "31 %",
    "31,56 €", "313", "319 %", "32 %", "37", "37,22 €", "375", "38,9 %", "39 %", "4 %", "4,28", "4,32", "4,9 %", "402", "41",
    "44", "44 %", "45 €", "46 %", "48 %", "49 %", "5,98 €", "507", "51 %", "523 €", "53 %", "59,62 €", "6,49 €", "64,4 %",
    "65 %", "66 %", "69 659", "72 %", "78 %", "8 %", "87", "92", "93 %", "97,56 €",
)
_DATA_N = {k: (_DATA_1 | _DATA_2 | _DATA_3)[k] for k in _SHARED_N} | {
    "40 %": [("40 % du CA", _DATA_2["40 %"])],
    "6,3 %": [("MQL 6,3", _DATA_1["6,3 %"]), ("newsletter 6,3", Data(lambda: _cta_rate("newsletter_10")))],
    "41": [("contre 41 à", Data(lambda: _mql_rate_others("min"), unit="%")), ("que 41 à", _DATA_2["41"])],
    "40": [("| 40 |", Data(lambda: _points("3_")))],
    "61 %": Data(lambda: _mql_rate_others("max")),
    "15": [("contre 15 à", Data(lambda: _conversion_of("min"), unit="%"))],
    "19 %": Data(lambda: _conversion_of("max")),
    "20 points": Data(lambda: -_generator().lead_score(0, 0, 0, "jeu_concours")),
    "40 points": Data(lambda: _generator().lead_score(1, 0, 0, "diagnostic_peau")),
    "152 041": Data(lambda: _seo("sérum anti-âge bio", "impressions")),
    "142 544": Data(lambda: _seo("crème anti-rides bio", "impressions")),
    "13,7 %": Data(lambda: _cta_rate("ajout_panier")),
    "12,7 %": [("diagnostic 12,7", Data(lambda: _cta_rate("diagnostic_peau"))),
               ("30 jours 12,7", Data(lambda: _buy_rate("test")))],
    "11,2 %": Data(_global_cta_rate),
    "308 €": Data(lambda: _crm().query("psycho != 'Experte efficacité'")["ca_total_ht"].mean()),
    "2 922": Data(lambda: (_csv("campagne_fidelite.csv")["groupe"] == "test").sum()),
    "1 252": Data(lambda: (_csv("campagne_fidelite.csv")["groupe"] == "contrôle").sum()),
    "8,9 %": Data(lambda: _buy_rate("contrôle")),
    "5 726 €": Data(lambda: _campaign_money()["revenue"]),
    "3 257 €": Data(lambda: _campaign_money()["margin"]),
    "1 235 €": Data(lambda: _campaign_money()["cost"]),
    "1 336 €": Data(lambda: _campaign_money()["low"]),
    "5 178 €": Data(lambda: _campaign_money()["high"]),
    "215 %": Data(lambda: _campaign_money()["wrong_roi"]),
    "0,32": Data(lambda: 1 - MARGIN_RATE),
    "0,9": Data(lambda: 1 - DISCOUNT),
    "2,08 M€": Data(lambda: _annual(2022)),
    "2,60": Data(lambda: _annual(2023) / 1e6),
    "25 %": [("(+25", Data(lambda: _growth(2023))), ("25 % du CA", _DATA_2["25 %"])],
    "3,13": Data(lambda: _annual(2024) / 1e6),
    "21 %": [("(+21", Data(lambda: _growth(2024))), ("Inactives", _DATA_2["21 %"])],
    "3,43": Data(lambda: _annual(2025) / 1e6),
    "9 %": Data(lambda: _growth(2025)),
    "3,61 M€": Data(lambda: _annual(2026)),
    "5 %": Data(lambda: _growth(2026)),
    "359 k€": Data(_may_2027),
    "1 554": Data(_sea_as_seo),
    "15 351": Data(lambda: _rfm_counts()["Hibernants"]),
    "2 913": Data(lambda: _rfm_counts()["À développer"]),
    "2 845": Data(lambda: _rfm_counts()["À risque"]),
    "2 153": Data(lambda: _rfm_counts()["Champions"]),
    "308": Data(lambda: _rfm_counts()["Prometteurs"]),
    "10": [("clients (10 sur", Data(lambda: _leads("TikTok")["client_id"].notna().sum()))],
    "2": [("2 à 25 clients", _DATA_1["2"][0][1]), ("(2 clients sur 37", _DATA_1["2"][1][1])],
    "1": [("TikTok (1 à", _DATA_1["1"][0][1])],
    # the barème, read from the nbgrader metadata of the source notebooks
    "100 points": Data(lambda: _points()),
    "43 points": Data(lambda: _points(kind="auto")),
    "57 points": Data(lambda: _points(kind="manual")),
    "43": Data(lambda: _points(kind="auto")),
    "57": Data(lambda: _points(kind="manual")),
    "100": Data(lambda: _points()),
    "19": [("| 19 | 13", Data(lambda: _points("1_", "auto"))), ("stratégie 19", Data(lambda: _cell_points("b5_strategie_internet")))],
    "13": [("| 13 (", Data(lambda: _points("1_", "manual")))],
    "9": [("collecte 9", Data(lambda: _cell_points("b5_plan_collecte")))],
    "27": Data(lambda: _criterion_points("CE34")),
    "47": Data(lambda: _criterion_points("CE35")),
    "14": Data(lambda: _criterion_points("CE36")),
    "25": [("2 à 25", _FIXED_1["25"][1][1])],
    "7 %": [("contre 7 %", _DATA_2["7 %"][0][1]), ("≈ 7 % à 27", _FIXED_1["7"])],
    "4": [("opportunités 4)", Data(lambda: _cell_points("b5_opportunites")))],
    "32": [("4) | 32", Data(lambda: _points("1_"))), ("| 8 | 32", Data(lambda: _points("3_", "manual")))],
    "16": [("| 16 | 12", Data(lambda: _points("2_", "auto")))],
    "28": Data(lambda: _points("2_")),
    "8": [("| 3 h | 8", Data(lambda: _points("3_", "auto")))],
    "7": [("figure 7", Data(lambda: _cell_points("b5_figure_qualite")))],
    "12": [("12 campagnes", Data(lambda: len(_csv("couts_campagnes.csv")))), ("9 / 12", Data(lambda: _criterion_points("CE33"))),
           ("retenue 12", Data(lambda: _cell_points("b5_besoins_non_satisfaits"))),
           ("| 12 (", Data(lambda: _points("2_", "manual")))],
    "6": [("synthèse 6)", Data(lambda: _cell_points("b5_synthese_direction"))), ("puis 6 à", _DATA_2["6"][0][1])],
    "30 €": [("≈ 30 € de marge", _DATA_3["30 €"][0][1])],
}
_FIXED_N = {
    "5": Fixed("numéro du bloc, ou règle 5.2 (5 points par page), échelle de notation sur 5"),
    "4": Fixed("règle 5.2 (4 pages au plus)"),
    "3": Fixed("règle 5.2 (3 e-mails au plus), numéro de partie, durée de 3 h"),
    "10": Fixed("règle 5.2 (10 points par e-mail), seuil « Fidèle » (10 commandes)"),
    "20": Fixed("règle 5.2 (−20 points)"),
    "30": Fixed("règle 5.2 (score maximal 30), fenêtre de 30 jours, date de fin d'observation, durée 2 h 30"),
    "50": Fixed("seuil MQL de la règle 5.2"),
    "1": Fixed("énumération, « n° 1 », rétention « à 1 mois »"),
    "2": Fixed("numéro de partie, durée 2 h 30"),
    "6": Fixed("seuil de récence en mois (6 à 12 mois, plus de 6 mois)"),
    "12": Fixed("seuil de récence (12 mois), période saisonnière, valeur à 12 mois"),
    "45": Fixed("borne d'une tranche d'âge"),
    "54": Fixed("borne d'une tranche d'âge"),
    "180": Fixed("seuil de récence des règles (jours)"),
    "60": Fixed("ordre de grandeur de l'échantillonnage (un visiteur sur 60), donné par le sujet"),
    "10 %": Fixed("remise du code de la campagne"),
    "68 %": Fixed("taux de marque, donnée du sujet"),
    "95 %": Fixed("niveau de confiance"),
    "40 %": [("plus de 40 %", Fixed("seuil de la règle « preuve » de CONTENT.md §2"))],
    "8": [("**8 h**", Fixed("durée totale de l'épreuve (2 h 30 + 2 h 30 + 3 h)"))],
}


TABLE: dict[str, dict[str, Entry | list[tuple[str, Entry]]]] = {
    "source/b5_donnees_marketing/1_collecte_et_tracking.ipynb": _merge(_FIXED_1, _DATA_1),
    "source/b5_donnees_marketing/2_segmentation_et_scores.ipynb": _merge(_FIXED_2, _DATA_2),
    "source/b5_donnees_marketing/3_campagnes_previsions_synthese.ipynb": _merge(_FIXED_3, _DATA_3),
    "case_studies/b5_calyce/NOTES_FORMATEUR.md": _merge(_FIXED_N, _DATA_N),
}


# ----------------------------------------------------------------- extraction and check
def _texts(document: str) -> list[tuple[str, str]]:
    """(place, markdown text) of a notebook's markdown cells, or of a markdown file."""
    path = ROOT / document
    if path.suffix == ".md":
        return [(document, path.read_text(encoding="utf-8"))]
    cells = nbformat.read(path, as_version=4).cells
    return [(f"{document}, cellule {i}", c.source) for i, c in enumerate(cells) if c.cell_type == "markdown"]


def _figures(text: str) -> list[tuple[str, str]]:
    """(figure with its unit, normalised spaces; the text around it) for every number quoted in ``text``."""
    for pattern, _reason in IGNORED:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    plain = re.sub(f"[{SPACES}]", " ", text)
    found = []
    for match in NUMBER.finditer(plain):
        unit = UNIT.match(plain[match.end():])
        figure = match.group() + (" " + unit.group(1) if unit else "")
        found.append((figure, plain[max(0, match.start() - 40): match.end() + 40]))
    return found


def _agrees(figure: str, entry: Data) -> bool:
    number = re.match(r"[\d ]*\d(?:,\d+)?", figure).group()
    decimals = len(number.partition(",")[2])
    quoted = float(number.replace(" ", "").replace(",", "."))
    value = float(entry.value())
    if figure.endswith("%") or entry.unit == "%":
        value *= 100
    elif figure.endswith("k€"):
        value /= 1000
    elif figure.endswith("M€"):
        value /= 1e6
    if entry.bound == ">":
        return value > quoted
    if entry.bound == "<":
        return value < quoted
    if entry.bound == "~":
        return abs(value - quoted) <= 0.05 * abs(quoted)
    return round(value, decimals) == quoted or abs(value - quoted) <= 0.5 * 10 ** -decimals + 1e-9


def _problems(document: str, texts: list[tuple[str, str]], table: dict | None = None) -> list[str]:
    """Figures of ``texts`` that ``table`` (the document's entry of TABLE by default) does not account for."""
    table = TABLE[document] if table is None else table
    problems = []
    for place, text in texts:
        for figure, around in _figures(text):
            entries = table.get(figure, [])
            entry = next((e for context, e in entries if context in around), None)
            if entry is None:
                problems.append(f"{place} : « {figure} » n'est pas dans la table ({around!r})")
            elif isinstance(entry, Data) and not _agrees(figure, entry):
                problems.append(f"{place} : « {figure} » ne correspond plus aux données ({entry.value()!r} ; {around!r})")
    return problems


@pytest.mark.parametrize("document", sorted(TABLE))
def test_every_quoted_figure_is_recomputed_or_explained(document):
    problems = _problems(document, _texts(document))
    assert not problems, "\n".join(problems)


def test_a_wrong_or_unknown_figure_is_caught():
    """The check bites: a figure off by one in its last digit, or a figure nobody accounted for, fails."""
    document = "source/b5_donnees_marketing/1_collecte_et_tracking.ipynb"
    texts = _texts(document)
    assert not _problems(document, texts)
    for old, new in (("5,98 €", "5,97 €"), ("18,6 %", "18,7 %"), ("2 395", "2 396"), ("6,3 %", "6,3 % (soit 1 234 €)")):
        changed = [(place, text.replace(old.replace(" ", "\u202f"), new).replace(old, new)) for place, text in texts]
        assert changed != texts, old
        assert _problems(document, changed), (old, new)


def test_the_table_has_no_stale_entry():
    """Every entry of the table is still quoted somewhere in its document (no dead line)."""
    for document, table in TABLE.items():
        quoted = {figure for _place, text in _texts(document) for figure, _ in _figures(text)}
        stale = {figure for figure in set(table) - quoted if len(figure) > 1}  # digits 0-9: generic numbering entries
        assert not stale, (document, sorted(stale))
