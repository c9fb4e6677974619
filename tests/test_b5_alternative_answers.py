"""Correct answers written another way pass every check of the bloc 5 assignment.

Each solution region of the source notebooks is replaced by a different but
correct answer (another pandas route, as a student might write it); the
notebooks, hidden tests included, must then run without a failed assertion.
This guards against checks that reward one way of coding instead of a result.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "b5_donnees_marketing"

ALTERNATIVES = {
    # ------------------------------------------------------------ part 1
    "b5_source_utm_reponse": """
def source_de(url):
    parametres = parse_qs(urlsplit(url).query)
    return parametres["utm_source"][0].lower().strip() if "utm_source" in parametres else np.nan

sessions["source"] = sessions["landing_url"].apply(source_de)
""",
    "b5_canal_reponse": """
def canal_de(ligne):
    if isinstance(ligne["source"], str):
        return CANAL_PAR_SOURCE[ligne["source"]]
    if ligne["referent"] in MOTEURS_DE_RECHERCHE:
        return "SEO"
    return "Direct"

sessions["canal"] = sessions.apply(canal_de, axis=1)
trafic_par_canal = sessions.groupby("canal").size().sort_values(ascending=False)
""",
    "b5_entonnoir_reponse": """
nb_visiteurs = len(sessions["visiteur_id"].unique())
nb_leads = leads["lead_id"].count()
nb_mql = leads["statut_mql"].value_counts()["MQL"]
nb_clients = leads["date_conversion"].count()
taux_lead, taux_mql, taux_conversion_leads = nb_leads / nb_visiteurs, nb_mql / nb_leads, nb_clients / nb_leads
""",
    "b5_entonnoir_canal_reponse": """
tableau = pd.crosstab(leads["canal"], leads["statut_mql"])
entonnoir = pd.DataFrame({
    "visites": sessions["canal"].value_counts(),
    "leads": tableau.sum(axis=1),
    "mql": tableau["MQL"],
    "clients": leads.dropna(subset=["client_id"]).groupby("canal").size(),
}).astype(float)
entonnoir["taux_lead_visite"] = (entonnoir["leads"] / entonnoir["visites"]).round(3)
entonnoir["taux_mql"] = (entonnoir["mql"] / entonnoir["leads"]).round(3)
entonnoir["taux_conversion"] = (entonnoir["clients"] / entonnoir["leads"]).round(3)
""",
    "b5_seo_reponse": """
marque = seo["type_requete"] == "marque"
seo_par_type = pd.DataFrame({
    "impressions": [seo.loc[marque, "impressions"].sum(), seo.loc[~marque, "impressions"].sum()],
    "clics": [seo.loc[marque, "clics"].sum(), seo.loc[~marque, "clics"].sum()],
}, index=["marque", "hors marque"])
seo_par_type["ctr"] = round(seo_par_type["clics"] / seo_par_type["impressions"], 3)
filtre = ~marque & (seo["impressions"] >= 50000) & (seo["position_moyenne"] >= 4) & (seo["position_moyenne"] <= 15)
opportunites_seo = list(seo[filtre].sort_values("impressions", ascending=False)["requete"])
""",
    "b5_cout_canal_reponse": """
couts_par_canal = pd.pivot_table(couts, index="canal", values=["cout_ht", "leads", "clients"], aggfunc="sum")
couts_par_canal["cout_par_lead"] = round(couts_par_canal["cout_ht"] / couts_par_canal["leads"], 2)
couts_par_canal["cout_par_client"] = round(couts_par_canal["cout_ht"] / couts_par_canal["clients"], 2)
""",
    "b5_taux_clic_cta_reponse": """
clics = cta[cta["evenement"] == "clic"].groupby("cta_id").size()
impressions = cta[cta["evenement"] == "impression"].groupby("cta_id").size()
taux_clic_cta = clics / impressions
taux_clic_global = (cta["evenement"] == "clic").sum() / (cta["evenement"] == "impression").sum()
""",
    "b5_commande_appareil_reponse": """
clics_panier = cta.query("cta_id == 'ajout_panier' and evenement == 'clic'")[["session_id"]].drop_duplicates()
avec_panier = clics_panier.merge(sessions, on="session_id")
taux_commande_apres_panier = avec_panier.pivot_table(index="appareil", values="commande", aggfunc="mean")["commande"]
""",
    # ------------------------------------------------------------ part 2
    "b5_tranches_age_reponse": """
def tranche(age):
    for borne, nom in zip([25, 35, 45, 55, 65, 80], TRANCHES):
        if age < borne:
            return nom

clients["tranche_age"] = clients["age"].apply(tranche)
profil_age = pd.DataFrame({
    "clients": clients["tranche_age"].value_counts(),
    "ca_moyen": clients.groupby("tranche_age")["ca_total_ht"].mean(),
})
""",
    "b5_segment_psycho_reponse": """
clients["segment_psycho"] = "Curieuse"
pragmatique = (clients["motivation_principale"] == "prix") | (clients["accord_payer_plus_bio"] <= 2)
militante = (clients["sensibilite_ecologique"] >= 4) & (clients["accord_payer_plus_bio"] >= 4)
clients.loc[pragmatique, "segment_psycho"] = "Pragmatique"
clients.loc[militante, "segment_psycho"] = "Militante bio"
clients.loc[clients["motivation_principale"] == "efficacité", "segment_psycho"] = "Experte efficacité"
""",
    "b5_segment_comportement_reponse": """
clients["recence_jours"] = clients["date_derniere_commande"].map(
    lambda jour: (DATE_EXTRACTION_CRM - pd.Timestamp(jour)).days
)
def comportement(ligne):
    if ligne["recence_jours"] <= 180:
        return "Fidèle" if ligne["nb_commandes"] >= 10 else "Active"
    return "À relancer" if ligne["recence_jours"] <= 365 else "Inactive"
clients["segment_comportement"] = clients.apply(comportement, axis=1)
table = clients.groupby("segment_comportement").agg(n=("client_id", "count"), ca=("ca_total_ht", "sum"))
poids_segments = pd.DataFrame({"part_clients": table["n"] / table["n"].sum(), "part_ca": table["ca"] / table["ca"].sum()})
""",
    "b5_synthese_segments_reponse": """
clients["satisfait"] = clients["satisfaction"].isin([4, 5])
groupes = clients.groupby("segment_psycho")
synthese_segments = pd.concat(
    [groupes.size().rename("clients"), groupes["ca_total_ht"].mean().rename("ca_moyen"),
     groupes["nb_commandes"].mean().rename("commandes_moyennes"), groupes["satisfait"].mean().rename("csat")],
    axis=1,
)
csat_segment_age = clients.groupby(["segment_psycho", "tranche_age"], observed=True)["satisfait"].mean().unstack()
""",
    "b5_produits_reponse": """
acheteurs = produits.groupby(["gamme", "segment_psycho"])["acheteurs"].sum()
reacheteurs = produits.groupby(["gamme", "segment_psycho"])["reacheteurs"].sum()
reachat_gamme_segment = (reacheteurs / acheteurs).unstack().round(3)
points = (produits["note_moyenne"] * produits["nb_avis"]).groupby(produits["segment_psycho"]).sum()
note_segment = (points / produits.groupby("segment_psycho")["nb_avis"].sum()).round(2)
""",
    "b5_frequence_recence_reponse": """
achats["jour"] = achats["date"].dt.normalize()
par_client = achats.groupby("client_id")["jour"]
resume = pd.DataFrame({
    "frequency": par_client.nunique() - 1,
    "recency": (par_client.max() - par_client.min()).dt.days,
    "T": (FIN_OBSERVATION - par_client.min()).dt.days,
})
""",
    "b5_scores_rfm_reponse": """
resume["jours_depuis_dernier_achat"] = resume["T"] - resume["recency"]
resume["nb_achats"] = resume["frequency"] + 1
j = resume["jours_depuis_dernier_achat"]
resume["score_R"] = np.select([j <= 30, j <= 90, j <= 180, j <= 365], [5, 4, 3, 2], default=1)
n = resume["nb_achats"]
resume["score_F"] = np.select([n >= 10, n >= 5, n >= 3, n >= 2], [5, 4, 3, 2], default=1)
def segment(ligne):
    r, f = ligne["score_R"], ligne["score_F"]
    if r >= 4 and f >= 4: return "Champions"
    if r >= 4 and f <= 2: return "Prometteurs"
    if r <= 2 and f >= 3: return "À risque"
    if r <= 2 and f <= 2: return "Hibernants"
    return "À développer"
resume["segment_rfm"] = resume.apply(segment, axis=1)
clients_par_segment_rfm = resume.groupby("segment_rfm").size()
""",
    "b5_retention_cohortes_reponse": """
achats["mois"] = achats["date"].dt.to_period("M")
premier_mois = achats.groupby("client_id")["mois"].min().rename("mois_premier")
achats = achats.join(premier_mois, on="client_id")
achats["cohorte"] = achats["mois_premier"].astype(str)
achats["age_mois"] = (achats["mois"].dt.year - achats["mois_premier"].dt.year) * 12 + (
    achats["mois"].dt.month - achats["mois_premier"].dt.month
)
actifs = pd.crosstab(achats["cohorte"], achats["age_mois"], values=achats["client_id"], aggfunc="nunique")
retention = actifs.div(actifs[0], axis=0)
""",
    "b5_valeur_client_reponse": """
taille = achats.drop_duplicates("client_id")["cohorte"].value_counts()
valeur_12_mois = achats.query("age_mois <= 11").groupby("cohorte")["montant_usd"].sum().div(taille)
""",
    # ------------------------------------------------------------ part 3
    "b5_indicateurs_campagne_reponse": """
envoyes = campagne.query("email_envoye == 1")
taux_ouverture = envoyes["email_ouvert"].mean()
taux_clic_email = envoyes["email_clique"].mean()
taux_achat = campagne.pivot_table(index="groupe", values="achat_30j", aggfunc="mean")["achat_30j"]
uplift_points = 100 * taux_achat["test"] - 100 * taux_achat["contrôle"]
""",
    "b5_roi_campagne_reponse": """
somme = campagne.groupby("groupe")["ca_30j_ht"].sum()
effectif = campagne["groupe"].value_counts()
ca_par_client = somme / effectif
nb_envois = int(campagne["email_envoye"].sum())
ca_incremental = round(somme["test"] - ca_par_client["contrôle"] * nb_envois)
cout_campagne = round(COUT_CONCEPTION + nb_envois * COUT_PAR_ENVOI)
prix_normal = somme["test"] / (1 - REMISE)
marge_incrementale = round(somme["test"] - (1 - TAUX_MARQUE) * prix_normal - TAUX_MARQUE * ca_par_client["contrôle"] * nb_envois)
roi = round(marge_incrementale / cout_campagne - 1, 2)
""",
    "b5_test_significativite_reponse": """
from scipy.stats import chi2_contingency

tableau = pd.crosstab(campagne["groupe"], campagne["achat_30j"])
p_value = chi2_contingency(tableau, correction=False).pvalue
significatif = p_value < 0.05
""",
    "b5_prevision_ventes_reponse": """
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    ajustement = ExponentialSmoothing(
        ca_mensuel, trend="add", seasonal="mul", seasonal_periods=12, initialization_method="estimated"
    ).fit()
prevision = ajustement.predict(start="2027-01-01", end="2027-06-01")
prevision_s1_2027 = float(prevision.sum())
evolution_s1 = (prevision_s1_2027 - ca_mensuel.loc["2026-01-01":"2026-06-01"].sum()) / ca_mensuel.loc["2026-01-01":"2026-06-01"].sum()
""",
    "b5_figure_qualite": """
mensuel = ventes.set_index("mois")["ca_ht"] / 1000
fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(mensuel.index, mensuel.to_numpy(), color="steelblue")
ax.set_title("La croissance des ventes ralentit depuis 2024")
ax.set_ylabel("CA HT mensuel (k€)")
""",
}

REGION = re.compile(r"### BEGIN SOLUTION\n.*?### END SOLUTION", re.DOTALL)


def _notebooks():
    return sorted(SOURCE.glob("*.ipynb"))


def test_every_solution_cell_has_an_alternative():
    ids = set()
    for path in _notebooks():
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("solution"):
                ids.add(meta["grade_id"])
    assert ids == set(ALTERNATIVES)


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.stem)
def test_alternative_answers_pass_the_hidden_tests(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in ALTERNATIVES:
            answer = ALTERNATIVES[grade_id].strip("\n")
            cell.source = REGION.sub(lambda _: answer, cell.source)
            assert answer in cell.source
    # a failed assertion raises CellExecutionError and names the cell
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(SOURCE)}}).execute()
