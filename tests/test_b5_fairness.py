"""Fairness catalogue of bloc 5 (CONTENT.md §9): every solution region of the épreuve, answered right and wrong.

For each solution code cell: two correct variants (``A``, another route, from
``test_b5_alternative_answers``; ``B``, the rounding the question allows, applied to
intermediate values too, or another container or route) and two plausible wrong
answers (wrong denominator, wrong base, off-by-one period, the trap the case plants),
each naming the test cells it must fail. Everything runs through the real grading
(``pipeline.autograde``, the fast engine) in ONE batch: the two correct copies hold
all three notebooks with every region replaced, and must score every automatic
point; the wrong answers are packed in copies where no answer can influence
another's cell or target cells (``tests/cell_dependencies.py``), so each target
cell grades as in a copy holding its answer alone, and must lose its points.
"""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from builders import auto_cells as _auto_cells
from builders import nbgrader_meta as _meta
from builders import submit as _submit
from cell_dependencies import independent_groups
from test_b5_alternative_answers import ALTERNATIVES

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "b5_donnees_marketing"
SOURCE = ROOT / "source" / ASSIGNMENT
REGION = re.compile(r"### BEGIN SOLUTION\n.*?### END SOLUTION", re.DOTALL)
P1, P2, P3 = "1_collecte_et_tracking", "2_segmentation_et_scores", "3_campagnes_previsions_synthese"

pytestmark = pytest.mark.nbgrader

# solution cell → (notebook, correct variant B, [(wrong answer, test cells it must fail), …])
CATALOGUE: dict[str, tuple[str, str, list[tuple[str, tuple[str, ...]]]]] = {
    "b5_source_utm_reponse": (P1, """
sessions["source"] = sessions["landing_url"].str.extract(r"utm_source=([^&]+)")[0].str.lower().str.replace(" ", "")
""", [("""
sessions["source"] = sessions["landing_url"].str.extract(r"utm_source=([^&]+)")[0]
""", ("b5_source_utm",)), ("""
sessions["source"] = sessions["landing_url"].str.extract(r"utm_medium=([^&]+)")[0].str.strip().str.lower()
""", ("b5_source_utm",))]),
    "b5_canal_reponse": (P1, """
sessions["canal"] = [CANAL_PAR_SOURCE[s] if isinstance(s, str) else ("SEO" if r in MOTEURS_DE_RECHERCHE else "Direct")
                     for s, r in zip(sessions["source"], sessions["referent"])]
trafic_par_canal = sessions.groupby("canal")["session_id"].count().sort_values(ascending=False)
""", [("""
sessions["canal"] = sessions["source"].map(CANAL_PAR_SOURCE)
sessions.loc[sessions["referent"].isin(MOTEURS_DE_RECHERCHE), "canal"] = "SEO"
sessions["canal"] = sessions["canal"].fillna("Direct")
trafic_par_canal = sessions["canal"].value_counts()
""", ("b5_canal",)), ("""
sessions["canal"] = sessions["source"].map(CANAL_PAR_SOURCE)
sans_utm = sessions["source"].isna()
sessions.loc[sans_utm & (sessions["referent"] == "www.google.com"), "canal"] = "SEO"
sessions.loc[sessions["canal"].isna(), "canal"] = "Direct"
trafic_par_canal = sessions["canal"].value_counts()
""", ("b5_canal",))]),
    "b5_seo_reponse": (P1, """
seo_par_type = seo.pivot_table(index="type_requete", values=["impressions", "clics"], aggfunc="sum")
seo_par_type["ctr"] = (seo_par_type["clics"] / seo_par_type["impressions"]).round(3)
choix = seo.query("type_requete == 'hors marque' and impressions >= 50000 and 4 <= position_moyenne <= 15")
opportunites_seo = list(choix.sort_values("impressions", ascending=False)["requete"])
""", [("""
seo_par_type = seo.groupby("type_requete")[["impressions", "clics"]].sum()
seo_par_type["ctr"] = (seo["clics"] / seo["impressions"]).groupby(seo["type_requete"]).mean()
hors_marque = seo[(seo["type_requete"] == "hors marque") & (seo["impressions"] >= 50_000)]
opportunites_seo = hors_marque[hors_marque["position_moyenne"].between(4, 15)].sort_values("impressions", ascending=False)["requete"].tolist()
""", ("b5_seo_ctr",)), ("""
seo_par_type = seo.groupby("type_requete")[["impressions", "clics"]].sum()
seo_par_type["ctr"] = seo_par_type["clics"] / seo_par_type["impressions"]
hors_marque = seo[(seo["type_requete"] == "hors marque") & (seo["impressions"] >= 50_000)]
opportunites_seo = hors_marque[hors_marque["position_moyenne"] <= 15].sort_values("impressions", ascending=False)["requete"].tolist()
""", ("b5_seo_opportunites",))]),
    "b5_entonnoir_reponse": (P1, """
nb_visiteurs = sessions["visiteur_id"].nunique()
nb_leads, nb_mql, nb_clients = len(leads), (leads["statut_mql"] == "MQL").sum(), leads["client_id"].notna().sum()
taux_lead, taux_mql, taux_conversion_leads = (round(x, 3) for x in (nb_leads / nb_visiteurs, nb_mql / nb_leads, nb_clients / nb_leads))
""", [("""
nb_visiteurs = len(sessions)
nb_leads, nb_mql, nb_clients = len(leads), (leads["statut_mql"] == "MQL").sum(), leads["client_id"].notna().sum()
taux_lead, taux_mql, taux_conversion_leads = nb_leads / nb_visiteurs, nb_mql / nb_leads, nb_clients / nb_leads
""", ("b5_entonnoir",)), ("""
nb_visiteurs = sessions["visiteur_id"].nunique()
nb_leads, nb_mql, nb_clients = len(leads), (leads["statut_mql"] == "MQL").sum(), leads["client_id"].notna().sum()
taux_lead, taux_mql, taux_conversion_leads = nb_leads / nb_visiteurs, nb_mql / nb_leads, nb_clients / nb_mql
""", ("b5_entonnoir",))]),
}
_ENTONNOIR = """
leads["est_mql"] = leads["statut_mql"] == "MQL"
leads["est_client"] = leads["client_id"].notna()
par_canal = leads.groupby("canal").agg(leads=("lead_id", "count"), mql=("{mql}", "sum"), clients=("est_client", "sum"))
entonnoir = par_canal.join(trafic_par_canal.rename("visites"), how="right").fillna(0)[["visites", "leads", "mql", "clients"]]
entonnoir["taux_lead_visite"] = entonnoir["leads"] / entonnoir["visites"]
entonnoir["taux_mql"] = entonnoir["mql"] / entonnoir["leads"]
entonnoir["taux_conversion"] = entonnoir["clients"] / entonnoir["{base}"]
"""
CATALOGUE |= {
    "b5_entonnoir_canal_reponse": (P1, _ENTONNOIR.format(mql="est_mql", base="leads") + """
entonnoir[["taux_lead_visite", "taux_mql", "taux_conversion"]] = entonnoir[["taux_lead_visite", "taux_mql", "taux_conversion"]].round(3)
""", [(_ENTONNOIR.format(mql="est_mql", base="mql"), ("b5_entonnoir_canal_taux",)),
      (_ENTONNOIR.format(mql="est_client", base="leads"), ("b5_entonnoir_canal", "b5_entonnoir_canal_taux"))]),
    "b5_cout_canal_reponse": (P1, """
couts_par_canal = couts.pivot_table(index="canal", values=["cout_ht", "leads", "clients"], aggfunc="sum")
couts_par_canal["cout_par_lead"] = (couts_par_canal["cout_ht"] / couts_par_canal["leads"]).round(2)
couts_par_canal["cout_par_client"] = (couts_par_canal["cout_ht"] / couts_par_canal["clients"]).round(2)
""", [("""
couts_par_canal = couts.groupby("canal")[["cout_ht", "leads", "clients"]].sum()
couts_par_canal["cout_par_lead"] = couts_par_canal["cout_ht"] / couts_par_canal["leads"]
couts_par_canal["cout_par_client"] = couts_par_canal["cout_ht"] / couts_par_canal["leads"]
""", ("b5_cout_canal",)), ("""
couts_par_canal = couts.groupby("canal")[["cout_ht", "leads", "clients"]].sum()
couts_par_canal["cout_par_lead"] = (couts["cout_ht"] / couts["leads"]).groupby(couts["canal"]).mean()
couts_par_canal["cout_par_client"] = (couts["cout_ht"] / couts["clients"]).groupby(couts["canal"]).mean()
""", ("b5_cout_canal",))]),
    "b5_taux_clic_cta_reponse": (P1, """
clics = cta[cta["evenement"] == "clic"].groupby("cta_id").size()
affichages = cta[cta["evenement"] == "impression"].groupby("cta_id").size()
taux_clic_cta = (clics / affichages).round(3)
taux_clic_global = round(clics.sum() / affichages.sum(), 3)
""", [("""
comptes = pd.crosstab(cta["cta_id"], cta["evenement"])
taux_clic_cta = comptes["clic"] / sessions["session_id"].nunique()
taux_clic_global = comptes["clic"].sum() / comptes["impression"].sum()
""", ("b5_taux_clic_cta",)), ("""
comptes = pd.crosstab(cta["cta_id"], cta["evenement"])
taux_clic_cta = comptes["clic"] / comptes["impression"]
taux_clic_global = taux_clic_cta.mean()
""", ("b5_taux_clic_cta",))]),
    "b5_commande_appareil_reponse": (P1, """
paniers = set(cta.query("cta_id == 'ajout_panier' and evenement == 'clic'")["session_id"])
taux_commande_apres_panier = sessions[sessions["session_id"].isin(paniers)].groupby("appareil")["commande"].mean().round(3)
""", [("""
taux_commande_apres_panier = sessions.groupby("appareil")["commande"].mean()
""", ("b5_commande_appareil",)), ("""
ajouts = cta[(cta["cta_id"] == "ajout_panier") & (cta["evenement"] == "impression")]
taux_commande_apres_panier = sessions[sessions["session_id"].isin(ajouts["session_id"])].groupby("appareil")["commande"].mean()
""", ("b5_commande_appareil",))]),
}
_AGE = """
clients["tranche_age"] = pd.cut(clients["age"], bins={bins}, right={right}, labels=TRANCHES)
profil_age = clients.groupby("tranche_age", observed=True).agg(clients=("client_id", "count"), ca_moyen=("ca_total_ht", "{how}"))
"""
_PSYCHO = """
conditions = [
    clients["motivation_principale"] == "efficacité",
    (clients["sensibilite_ecologique"] {op} 4) & (clients["accord_payer_plus_bio"] {op} 4),
    (clients["motivation_principale"] == "prix") | (clients["accord_payer_plus_bio"] <= 2),
]
segments = ["Experte efficacité", "Militante bio", "Pragmatique"]
{order}clients["segment_psycho"] = np.select(conditions, segments, default="Curieuse")
"""
_COMPORTEMENT = """
derniere = pd.to_datetime(clients["{date}"])
clients["recence_jours"] = (DATE_EXTRACTION_CRM - derniere).dt.days
r = clients["recence_jours"]
clients["segment_comportement"] = np.select([(r <= 180) & (clients["nb_commandes"] >= 10), r <= 180, r <= 365],
                                            ["Fidèle", "Active", "À relancer"], default="Inactive")
poids_segments = pd.DataFrame({{
    "part_clients": clients["segment_comportement"].value_counts(normalize=True),
    "part_ca": clients.groupby("segment_comportement")["ca_total_ht"].{how}() / clients["ca_total_ht"].{how}(),
}})
"""
_SYNTHESE = """
clients["satisfait"] = clients["satisfaction"] >= {seuil}
synthese_segments = clients.groupby("segment_psycho").agg(clients=("client_id", "count"), ca_moyen=("ca_total_ht", "{how}"),
                                                           commandes_moyennes=("nb_commandes", "mean"), csat=("satisfait", "mean"))
csat_segment_age = pd.pivot_table(clients, index="segment_psycho", columns="tranche_age", values="satisfait", aggfunc="mean", observed=True)
"""
CATALOGUE |= {
    "b5_tranches_age_reponse": (P2, _AGE.format(bins=[18, 25, 35, 45, 55, 65, 80], right=False, how="mean") + """
profil_age["ca_moyen"] = profil_age["ca_moyen"].round(0)
""", [(_AGE.format(bins=[17, 25, 35, 45, 55, 65, 80], right=True, how="mean"), ("b5_tranches_age",)),
      (_AGE.format(bins=[18, 25, 35, 45, 55, 65, 80], right=False, how="median"), ("b5_tranches_age",))]),
    "b5_segment_psycho_reponse": (P2, """
def segment_de(mot, eco, bio):
    if mot == "efficacité":
        return "Experte efficacité"
    if eco >= 4 and bio >= 4:
        return "Militante bio"
    return "Pragmatique" if mot == "prix" or bio <= 2 else "Curieuse"

clients["segment_psycho"] = [segment_de(*v) for v in zip(clients["motivation_principale"], clients["sensibilite_ecologique"],
                                                          clients["accord_payer_plus_bio"])]
""", [(_PSYCHO.format(op=">", order=""), ("b5_segment_psycho",)),
      (_PSYCHO.format(op=">=", order="conditions[1], conditions[2] = conditions[2], conditions[1]\n"
                                     "segments[1], segments[2] = segments[2], segments[1]\n"), ("b5_segment_psycho",))]),
    "b5_segment_comportement_reponse": (P2, _COMPORTEMENT.format(date="date_derniere_commande", how="sum") + """
poids_segments = poids_segments.round(3)
""", [(_COMPORTEMENT.format(date="date_premiere_commande", how="sum"), ("b5_segment_comportement",)),
      (_COMPORTEMENT.format(date="date_derniere_commande", how="mean"), ("b5_segment_comportement",))]),
    "b5_synthese_segments_reponse": (P2, _SYNTHESE.format(seuil=4, how="mean") + """
synthese_segments = synthese_segments.round({"ca_moyen": 0, "commandes_moyennes": 1, "csat": 3})
csat_segment_age = csat_segment_age.round(3)
""", [(_SYNTHESE.format(seuil=3, how="mean"), ("b5_synthese_segments",)),
      (_SYNTHESE.format(seuil=4, how="median"), ("b5_synthese_segments",))]),
    "b5_produits_reponse": (P2, """
totaux = produits.groupby(["gamme", "segment_psycho"])[["acheteurs", "reacheteurs"]].sum()
reachat_gamme_segment = (totaux["reacheteurs"] / totaux["acheteurs"]).unstack("segment_psycho").round(3)
note_segment = produits.groupby("segment_psycho").apply(lambda g: (g["note_moyenne"] * g["nb_avis"]).sum() / g["nb_avis"].sum()).round(2)
""", [("""
sommes = pd.pivot_table(produits, index="gamme", columns="segment_psycho", values=["acheteurs", "reacheteurs"], aggfunc="sum")
reachat_gamme_segment = sommes["reacheteurs"] / sommes["acheteurs"]
note_segment = produits.groupby("segment_psycho")["note_moyenne"].mean()
""", ("b5_produits_notes",)), ("""
reachat_gamme_segment = (produits["reacheteurs"] / produits["acheteurs"]).groupby([produits["gamme"], produits["segment_psycho"]]).mean().unstack("segment_psycho")
par_segment = produits.assign(points=produits["note_moyenne"] * produits["nb_avis"]).groupby("segment_psycho")[["points", "nb_avis"]].sum()
note_segment = par_segment["points"] / par_segment["nb_avis"]
""", ("b5_produits_reachat",))]),
}
_RESUME = """
jours_achat = achats{dedup}
resume = jours_achat.groupby("client_id").agg(premier=("date", "min"), dernier=("date", "max"), nb_jours=("date", "count"))
resume["frequency"] = resume["nb_jours"]{minus}
resume["recency"] = (resume["dernier"] - resume["premier"]).dt.days
resume["T"] = (FIN_OBSERVATION - resume["premier"]).dt.days
"""
_RFM = """
resume["jours_depuis_dernier_achat"] = resume["T"] - resume["recency"]
resume["nb_achats"] = resume["frequency"]{plus}
resume["score_R"] = pd.cut(resume["{recence}"], bins=[-1, 30, 90, 180, 365, 10000], labels=[5, 4, 3, 2, 1]).astype(int)
resume["score_F"] = pd.cut(resume["nb_achats"], bins=[-1, 1, 2, 4, 9, 10000], labels=[1, 2, 3, 4, 5]).astype(int)
R, F = resume["score_R"], resume["score_F"]
resume["segment_rfm"] = np.select([(R >= 4) & (F >= 4), (R >= 4) & (F <= 2), (R <= 2) & (F >= 3), (R <= 2) & (F <= 2)],
                                  ["Champions", "Prometteurs", "À risque", "Hibernants"], default="À développer")
clients_par_segment_rfm = {count}
"""
_COHORTES = """
premier_achat = achats.groupby("client_id")["date"].transform("min")
achats["cohorte"] = premier_achat.dt.strftime("%Y-%m")
achats["age_mois"] = {age}
actifs = achats.groupby(["cohorte", "age_mois"])["client_id"].nunique().unstack()
retention = actifs.div({base}, axis=0)
"""
_MOIS = "(achats['date'].dt.year * 12 + achats['date'].dt.month) - (premier_achat.dt.year * 12 + premier_achat.dt.month)"
CATALOGUE |= {
    "b5_frequence_recence_reponse": (P2, _RESUME.format(dedup='.drop_duplicates(["client_id", "date"])', minus=" - 1") + """
resume[["frequency", "recency", "T"]] = resume[["frequency", "recency", "T"]].astype(float)
""", [(_RESUME.format(dedup='.drop_duplicates(["client_id", "date"])', minus=""), ("b5_frequence_recence",)),
      (_RESUME.format(dedup="", minus=" - 1"), ("b5_frequence_recence",))]),
    "b5_scores_rfm_reponse": (P2, _RFM.format(plus=" + 1", recence="jours_depuis_dernier_achat",
                                              count='resume.groupby("segment_rfm").size().sort_values(ascending=False)'),
                              [(_RFM.format(plus=" + 1", recence="recency", count='resume["segment_rfm"].value_counts()'), ("b5_scores_rfm",)),
                               (_RFM.format(plus="", recence="jours_depuis_dernier_achat", count='resume["segment_rfm"].value_counts()'),
                                ("b5_scores_rfm",))]),
    "b5_retention_cohortes_reponse": (P2, _COHORTES.format(age=_MOIS, base="actifs[0]") + """
retention = retention.round(3)
""", [(_COHORTES.format(age=_MOIS, base="actifs.sum(axis=1)"), ("b5_retention_cohortes",)),
      (_COHORTES.format(age="(achats['date'] - premier_achat).dt.days // 30", base="actifs[0]"), ("b5_retention_cohortes",))]),
    "b5_valeur_client_reponse": (P2, """
taille = achats.groupby("cohorte")["client_id"].nunique()
valeur_12_mois = (achats.loc[achats["age_mois"] <= 11].groupby("cohorte")["montant_usd"].sum() / taille).round(2)
""", [("""
valeur_12_mois = achats.groupby("cohorte")["montant_usd"].sum() / achats.groupby("cohorte")["client_id"].nunique()
""", ("b5_valeur_client",)), ("""
valeur_12_mois = achats[achats["age_mois"] <= 12].groupby("cohorte")["montant_usd"].sum() / achats.groupby("cohorte")["client_id"].nunique()
""", ("b5_valeur_client",))]),
}
_PREVISION = """
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    modele = ExponentialSmoothing(ca_mensuel, trend="add", seasonal="{saison}", seasonal_periods=12).fit()
prevision = modele.forecast(6){arrondi}
prevision_s1_2027 = prevision.sum()
evolution_s1 = prevision_s1_2027 / ca_mensuel["{debut}":"{fin}"].sum() - 1
"""
CATALOGUE |= {
    "b5_indicateurs_campagne_reponse": (P3, """
test = campagne[campagne["groupe"] == "test"]
taux_ouverture = round(test["email_ouvert"].sum() / test["email_envoye"].sum(), 3)
taux_clic_email = round(test["email_clique"].sum() / test["email_envoye"].sum(), 3)
taux_achat = campagne.groupby("groupe")["achat_30j"].mean().round(3)
uplift_points = round((taux_achat["test"] - taux_achat["contrôle"]) * 100, 1)
""", [("""
taux_ouverture = campagne["email_ouvert"].mean()
test = campagne[campagne["groupe"] == "test"]
taux_clic_email = test["email_clique"].sum() / test["email_envoye"].sum()
taux_achat = campagne.groupby("groupe")["achat_30j"].mean()
uplift_points = (taux_achat["test"] - taux_achat["contrôle"]) * 100
""", ("b5_indicateurs_campagne",)), ("""
test = campagne[campagne["groupe"] == "test"]
taux_ouverture = test["email_ouvert"].sum() / test["email_envoye"].sum()
taux_clic_email = test["email_clique"].sum() / test["email_envoye"].sum()
taux_achat = campagne.groupby("groupe")["achat_30j"].mean()
uplift_points = (taux_achat["test"] / taux_achat["contrôle"] - 1) * 100
""", ("b5_indicateurs_campagne",))]),
    "b5_roi_campagne_reponse": (P3, """
ca_par_client = campagne.groupby("groupe")["ca_30j_ht"].mean().round(2)
nb_envois = campagne["email_envoye"].sum()
ca_incremental = round((ca_par_client["test"] - ca_par_client["contrôle"]) * nb_envois)
marge_incrementale = round((ca_par_client["test"] * 0.644 - ca_par_client["contrôle"] * TAUX_MARQUE) * nb_envois)
cout_campagne = round(COUT_CONCEPTION + COUT_PAR_ENVOI * nb_envois)
roi = round((marge_incrementale - cout_campagne) / cout_campagne, 2)
""", [("""
ca_par_client = campagne.groupby("groupe")["ca_30j_ht"].mean()
nb_envois = campagne["email_envoye"].sum()
ca_incremental = (ca_par_client["test"] - ca_par_client["contrôle"]) * nb_envois
marge_incrementale = ca_incremental * TAUX_MARQUE
cout_campagne = COUT_CONCEPTION + COUT_PAR_ENVOI * nb_envois
roi = (marge_incrementale - cout_campagne) / cout_campagne
""", ("b5_roi_campagne",)), ("""
ca_par_client = campagne.groupby("groupe")["ca_30j_ht"].mean()
nb_envois = campagne["email_envoye"].sum()
ca_incremental = (ca_par_client["test"] - ca_par_client["contrôle"]) * nb_envois
marge_incrementale = (ca_par_client["test"] * TAUX_MARGE_REMISE - ca_par_client["contrôle"] * TAUX_MARQUE) * nb_envois
cout_campagne = COUT_CONCEPTION + COUT_PAR_ENVOI * nb_envois
roi = marge_incrementale / cout_campagne
""", ("b5_roi_campagne",))]),
    "b5_test_significativite_reponse": (P3, """
acheteurs = campagne.groupby("groupe")["achat_30j"].sum()
effectifs = campagne.groupby("groupe")["achat_30j"].count()
p_value = round(float(proportions_ztest(acheteurs.to_numpy(), effectifs.to_numpy())[1]), 4)
significatif = p_value < 0.05
""", [("""
acheteurs = campagne.groupby("groupe")["achat_30j"].sum()
effectifs = campagne.groupby("groupe")["achat_30j"].count()
p_value = proportions_ztest(acheteurs.to_numpy(), effectifs.to_numpy())[1] / 2
significatif = bool(p_value < 0.05)
""", ("b5_test_significativite",)), ("""
from scipy.stats import chi2_contingency

p_value = chi2_contingency(pd.crosstab(campagne["groupe"], campagne["achat_30j"]), correction=True)[1]  # Yates: not the z test
significatif = bool(p_value < 0.05)
""", ("b5_test_significativite",))]),
    "b5_prevision_ventes_reponse": (P3, _PREVISION.format(saison="mul", arrondi=".round(-2)", debut="2026-01", fin="2026-06"),
                                    [(_PREVISION.format(saison="add", arrondi="", debut="2026-01", fin="2026-06"), ("b5_prevision_ventes",)),
                                     (_PREVISION.format(saison="mul", arrondi="", debut="2026-07", fin="2026-12"), ("b5_prevision_ventes",))]),
    "b5_figure_qualite": (P3, """
cout = (couts.groupby("canal")["cout_ht"].sum() / couts.groupby("canal")["clients"].sum()).sort_values()
fig, ax = plt.subplots(figsize=(8, 4))
ax.bar(cout.index, cout.to_numpy())
ax.set_title("Le SEO recrute les clients les moins chers")
ax.set_ylabel("Coût par nouveau client (€ HT)")
""", [("""
cout = (couts.groupby("canal")["cout_ht"].sum() / couts.groupby("canal")["clients"].sum()).sort_values()
fig, ax = plt.subplots(figsize=(8, 4))
ax.bar(cout.index, cout.to_numpy())
ax.set_ylabel("Coût par nouveau client (€ HT)")
""", ("b5_figure_structure",)), ("""
fig, ax = plt.subplots(figsize=(8, 4))
ax.set_title("Le SEO recrute les clients les moins chers")
ax.set_ylabel("Coût par nouveau client (€ HT)")
""", ("b5_figure_structure",))]),
}


def _replaced(nb, answers: dict[str, str]):
    """A copy of ``nb`` whose solution regions named in ``answers`` hold those answers instead."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        answer = answers.get(_meta(cell).get("grade_id"))
        if answer is not None:
            cell.source = REGION.sub(lambda _: answer.strip("\n"), cell.source)
    return nb


@functools.cache
def _wrong_answer_groups() -> dict[str, list[tuple[str, str, str, tuple[str, ...]]]]:
    """Per notebook, the wrong answers packed in groups that cannot influence each other's cells (cell_dependencies).

    Each group is one copy of the notebook; a wrong answer's target cells are
    reached by no other answer of its copy, so they grade as in a copy holding
    that answer alone.
    """
    packed = {}
    for name in (P1, P2, P3):
        nb = nbformat.read(SOURCE / f"{name}.ipynb", as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        index = {_meta(c).get("grade_id"): i for i, c in enumerate(code)}
        edits, answers_of = {}, {}
        for gid, (nb_name, _b, answers) in CATALOGUE.items():
            for k, (answer, targets) in enumerate(answers, start=1):
                if nb_name == name:
                    label = f"faux{k}_" + gid.removeprefix("b5_").removesuffix("_reponse")
                    answers_of[label] = (gid, answer, targets)
                    new_source = REGION.sub(lambda _, a=answer: a.strip("\n"), code[index[gid]].source)
                    edits[label] = (index[gid], new_source, [index[t] for t in targets])
        groups = independent_groups([c.source for c in code], edits)
        packed[name] = [[(label, *answers_of[label]) for label in group] for group in groups]
    return packed


def _submit_wrong_answers(sources, submit) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Copy ``faux_g`` holds, in each notebook, its g-th group of wrong answers; wrong answer → (copy, notebook, targets)."""
    wrong = {}
    groups = _wrong_answer_groups()
    for g in range(max(map(len, groups.values()))):
        student = f"faux_{g + 1}"
        notebooks = {}
        for name, packs in groups.items():
            if g < len(packs):
                notebooks[name] = _replaced(sources[name], {gid: answer for _label, gid, answer, _t in packs[g]})
                wrong |= {label: (student, name, targets) for label, _gid, _answer, targets in packs[g]}
        submit(student, notebooks)
    return wrong


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One course, one release, one batched autograde of the correct copies and of every wrong answer."""
    from cpmc_course import pipeline
    from cpmc_course.gradebook import db_url, read_grades

    course = tmp_path_factory.mktemp("equite_b5")
    shutil.copy2(ROOT / "nbgrader_config.py", course)
    shutil.copytree(SOURCE, course / "source" / ASSIGNMENT)
    pipeline.release(course, [ASSIGNMENT])
    sources = {n: nbformat.read(SOURCE / f"{n}.ipynb", as_version=4) for n in (P1, P2, P3)}

    def submit(student: str, notebooks: dict) -> None:
        _submit(course, student, ASSIGNMENT, notebooks)

    variant_b = {gid: code for gid, (_nb, code, _wrong) in CATALOGUE.items()}
    submit("juste_a", {n: _replaced(nb, ALTERNATIVES) for n, nb in sources.items()})
    submit("juste_b", {n: _replaced(nb, variant_b) for n, nb in sources.items()})
    wrong = _submit_wrong_answers(sources, submit)
    outcomes = pipeline.autograde(course, [ASSIGNMENT], jobs=2, progress=False)
    assert all(o.ok for o in outcomes), [o for o in outcomes if not o.ok]
    grades = {(g.student_id, g.notebook, g.grade_id): g for g in read_grades(db_url(course))}
    return grades, sources, wrong


def test_the_catalogue_covers_every_solution_cell():
    solution_cells = {_meta(c)["grade_id"] for path in SOURCE.glob("*.ipynb")
                      for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code" and _meta(c).get("solution")}
    assert set(CATALOGUE) == solution_cells == set(ALTERNATIVES)
    assert all(len(wrong) >= 2 for _nb, _b, wrong in CATALOGUE.values())


@pytest.mark.parametrize("student", ["juste_a", "juste_b"])
def test_correct_variants_get_every_automatic_point(graded, student):
    grades, sources, _ = graded
    lost = [(name, gid, grades[(student, name, gid)].score) for name, nb in sources.items() for gid in _auto_cells(nb)
            if (grades[(student, name, gid)].score or 0) < grades[(student, name, gid)].max_score]
    assert not lost, f"{student} loses points on: {lost}"


def test_every_wrong_answer_loses_the_points_of_its_cells(graded):
    grades, _, wrong = graded
    assert len(wrong) == sum(len(answers) for _nb, _b, answers in CATALOGUE.values())
    accepted = [(label, gid) for label, (student, name, targets) in sorted(wrong.items()) for gid in targets
                if (grades[(student, name, gid)].score or 0) >= grades[(student, name, gid)].max_score]
    assert not accepted, f"wrong answers given full points: {accepted}"


def test_wrong_answers_share_a_copy_only_when_independent():
    groups = _wrong_answer_groups()
    labels = [{label for label, *_ in group} for packs in groups.values() for group in packs]
    # b5_canal maps the candidate's sessions["source"]: a wrong source and a wrong canal must not share a copy
    assert not any(group & {"faux1_source_utm", "faux2_source_utm"} and group & {"faux1_canal", "faux2_canal"} for group in labels)
    assert sum(map(len, labels)) == sum(len(answers) for _nb, _b, answers in CATALOGUE.values())
    assert max(map(len, groups.values())) < len(labels) < 40, "independent answers share copies"
