"""The fairness catalogue of the bloc 1 épreuve (CONTENT.md §9): answers written another way, and plausible errors.

For every solution region of the source notebooks: two correct answers (another route, the rounding the
question allows, a plain or rounded value) and two plausible wrong answers (wrong denominator, wrong base,
off-by-one period, the trap the case plants). Copies are built by replacing solution regions only, and are
graded with the real autograde engine in the same batch as the solution (test_b1_assignment_nbgrader.py):
the correct copies must score every automatic point, each wrong answer must lose the points of the test
cell it targets. Wrong answers never raise, so a lost point is the targeted test's verdict.
"""

from __future__ import annotations

import copy
import re

NB1 = "1_diagnostic_positionnement_cibles"
NB2 = "2_strategie_communication_plan"

CORRECT_A = {
    NB1: {
        "b1_tcam_marche_reponse": """
marche_annuel = marche.pivot_table(index="annee", values="ca_keur", aggfunc="sum")["ca_keur"]
tcam_marche = 100 * ((marche_annuel.loc[2025] / marche_annuel.loc[2021]) ** 0.25 - 1)
""",
        # rounded to 0,01: passes 2.2, and 2.5 accepts the potential computed from these very rates
        "b1_tcam_segments_reponse": """
tcam_segments = (((ca_segments.loc[2025] / ca_segments.loc[2021]) ** (1 / 4) - 1) * 100).round(2)
""",
        "b1_parts_reponse": """
parts_2025 = ca_2025.div(ca_2025.sum(), axis=1) * 100
parts_rouline = parts_2025.loc["Rouline"]
""",
        "b1_part_relative_reponse": """
part_relative = ca_2025.loc["Rouline"] / concurrents.apply(lambda colonne: colonne.nlargest(1).iloc[0])
""",
        "b1_potentiel_reponse": """
potentiel_2026 = ca_segments.loc[2025] * (1 + tcam_segments / 100)
""",
        "b1_outils_reponse": """
retenus = veille.query("impact_estime >= 4 and cout_mensuel_eur <= 300")
outils_prioritaires = sorted(retenus["outil"])
cout_outils = int(retenus["cout_mensuel_eur"].sum())
""",
        "b1_indice_prix_reponse": """
indice_prix = urbains["prix_ttc"] * 100 / urbains["prix_ttc"].mean()
""",
        "b1_intention_zone_reponse": """
taux_intention_zone = pd.crosstab(enquete["zone"], enquete["intentionniste"], normalize="index")[True] * 100
""",
        "b1_segments_reponse": """
def segment_de(r):
    if r["enfants_moins_12_ans"] >= 1 and r["zone"] != "Rural":
        return "Parents urbains"
    if r["situation"] == "actif" and 5 <= r["distance_travail_km"] <= 25:
        return "Navetteurs"
    if r["pratique_sportive"] == "oui":
        return "Sportifs nature"
    return "Balade et loisirs"

enquete["segment"] = enquete.apply(segment_de, axis=1)
""",
        "b1_potentiel_cibles_reponse": """
potentiel_cibles = enquete.groupby("segment").agg(repondants=("repondant_id", "size"), taux_intention=("intentionniste", "mean"))
potentiel_cibles["taux_intention"] = potentiel_cibles["taux_intention"] * 100
potentiel_cibles["budget_moyen"] = intentionnistes.groupby("segment")["budget_max_eur"].mean()
potentiel_cibles["potentiel_eur"] = intentionnistes.groupby("segment")["budget_max_eur"].sum()
""",
        # not rounded, through a weight per respondent
        "b1_intentions_corrigees_reponse": """
_poids = enquete["intention_achat"].map({5: 0.75, 4: 0.25}).fillna(0)
intentions_corrigees = pd.DataFrame({"acheteurs_attendus": _poids.groupby(enquete["segment"]).sum(),
                                     "taux_corrige": _poids.groupby(enquete["segment"]).mean() * 100})
taux_corrige_ensemble = _poids.mean() * 100
""",
    },
    NB2: {
        "b1_parcours_reponse": """
parcours["taux_influence"] = parcours["acheteurs_influences"] * 100 / parcours["acheteurs_exposes"]
top_points = list(parcours.nlargest(3, "taux_influence")["point_de_contact"])[::-1]
""",
        "b1_criteres_reponse": """
_int = enquete[enquete["intention_achat"] >= 4]
criteres_intentionnistes = _int.groupby("critere_principal")["repondant_id"].count() / len(_int) * 100
""",
        "b1_cpm_cpc_reponse": """
kpi["cpm"] = kpi["budget_eur"] * 1000 / kpi["impressions"]
kpi["cpc"] = kpi["budget_eur"] / kpi["clics"]
""",
        "b1_conversion_reponse": """
kpi["taux_conversion"] = kpi["ventes"] * 100 / kpi["clics"]
kpi["cpa"] = kpi["budget_eur"] / kpi["ventes"]
""",
        "b1_roi_reponse": """
kpi["marge"] = kpi["ventes"] * PANIER_MOYEN_HT * TAUX_MCV
kpi["roi"] = (kpi["marge"] / kpi["budget_eur"] - 1) * 100
""",
        "b1_seuil_reponse": """
kpi["seuil_ventes"] = -(-kpi["budget_eur"] // MARGE_UNITAIRE)
""",
    },
}

CORRECT_B = {
    NB1: {
        "b1_tcam_marche_reponse": """
marche_annuel = marche.groupby("annee")["ca_keur"].sum()
tcam_marche = round(float(np.power(marche_annuel[2025] / marche_annuel[2021], 1 / 4) - 1) * 100, 1)
""",
        "b1_tcam_segments_reponse": """
tcam_segments = pd.Series({s: 100 * ((ca_segments.loc[2025, s] / ca_segments.loc[2021, s]) ** 0.25 - 1) for s in ca_segments.columns})
""",
        "b1_parts_reponse": """
parts_2025 = ca_2025.apply(lambda colonne: colonne / colonne.sum() * 100)
parts_rouline = (ca_2025.loc["Rouline"] / ca_2025.sum()).mul(100).round(1)
""",
        "b1_part_relative_reponse": """
part_relative = pd.Series({s: round(ca_2025.loc["Rouline", s] / concurrents[s].max(), 2) for s in ca_2025.columns})
""",
        "b1_potentiel_reponse": """
potentiel_2026 = (ca_segments.loc[2025] * (1 + tcam_segments.round(1) / 100)).round()
""",
        "b1_outils_reponse": """
retenus = veille[(veille["impact_estime"] > 3) & ~(veille["cout_mensuel_eur"] > 300)]
outils_prioritaires = retenus["outil"].tolist()
cout_outils = float(retenus["cout_mensuel_eur"].sum())
""",
        "b1_indice_prix_reponse": """
_u = benchmark[benchmark["segment"] == "Urbain"]
indice_prix = pd.Series((_u["prix_ttc"] / _u["prix_ttc"].mean() * 100).round().values, index=_u["marque"])
""",
        "b1_intention_zone_reponse": """
taux_intention_zone = enquete.groupby("zone")["intention_achat"].apply(lambda s: round(100 * (s >= 4).sum() / len(s), 1))
""",
        "b1_segments_reponse": """
enquete["segment"] = "Balade et loisirs"
enquete.loc[enquete["pratique_sportive"] == "oui", "segment"] = "Sportifs nature"
enquete.loc[(enquete["situation"] == "actif") & (enquete["distance_travail_km"] >= 5) & (enquete["distance_travail_km"] <= 25), "segment"] = "Navetteurs"
enquete.loc[(enquete["enfants_moins_12_ans"] > 0) & (enquete["zone"] != "Rural"), "segment"] = "Parents urbains"
""",
        "b1_potentiel_cibles_reponse": """
_tab = pd.crosstab(enquete["segment"], enquete["intentionniste"])
potentiel_cibles = pd.DataFrame({"repondants": _tab.sum(axis=1), "taux_intention": (_tab[True] / _tab.sum(axis=1) * 100).round(1)})
potentiel_cibles["budget_moyen"] = intentionnistes.pivot_table(index="segment", values="budget_max_eur", aggfunc="mean").round()["budget_max_eur"]
potentiel_cibles["potentiel_eur"] = intentionnistes.pivot_table(index="segment", values="budget_max_eur", aggfunc="sum")["budget_max_eur"]
""",
        # rounded to 0,1 as asked, the rate computed from the rounded count
        "b1_intentions_corrigees_reponse": """
_t = pd.crosstab(enquete["segment"], enquete["intention_achat"])
intentions_corrigees = pd.DataFrame({"acheteurs_attendus": (0.75 * _t[5] + 0.25 * _t[4]).round(1)})
intentions_corrigees["taux_corrige"] = (intentions_corrigees["acheteurs_attendus"] * 100 / _t.sum(axis=1)).round(1)
taux_corrige_ensemble = round(float((0.75 * _t[5].sum() + 0.25 * _t[4].sum()) * 100 / _t.values.sum()), 1)
""",
    },
    NB2: {
        "b1_parcours_reponse": """
parcours["taux_influence"] = round(parcours["acheteurs_influences"] / parcours["acheteurs_exposes"] * 100, 1)
top_points = parcours.sort_values("taux_influence").tail(3)["point_de_contact"].tolist()
""",
        "b1_criteres_reponse": """
_int = enquete[enquete["intentionniste"]]
criteres_intentionnistes = pd.crosstab(_int["critere_principal"], "part", normalize="columns")["part"].mul(100).round(1)
""",
        "b1_cpm_cpc_reponse": """
kpi["cpm"] = np.round(kpi["budget_eur"].div(kpi["impressions"]) * 1000, 2)
kpi["cpc"] = np.round(kpi["budget_eur"].div(kpi["clics"]), 2)
""",
        "b1_conversion_reponse": """
kpi["taux_conversion"] = kpi.apply(lambda r: round(100 * r["ventes"] / r["clics"], 2), axis=1)
kpi["cpa"] = kpi.apply(lambda r: round(r["budget_eur"] / r["ventes"]), axis=1)
""",
        "b1_roi_reponse": """
kpi["marge"] = MARGE_UNITAIRE * kpi["ventes"]
kpi["roi"] = ((kpi["marge"] - kpi["budget_eur"]) * 100 / kpi["budget_eur"]).round()
""",
        "b1_seuil_reponse": """
import math
kpi["seuil_ventes"] = kpi["budget_eur"].apply(lambda b: math.ceil(b / MARGE_UNITAIRE))
""",
    },
}

WRONG_1 = {
    # grade_id of the region → (its wrong code, the test cells that must lose their points)
    NB1: {
        "b1_tcam_marche_reponse": ("""
marche_annuel = marche.groupby("annee")["ca_keur"].sum()
tcam_marche = round(((marche_annuel[2025] / marche_annuel[2021]) ** (1 / 5) - 1) * 100, 1)  # 5 années au lieu de 4
""", ("b1_tcam_marche",)),
        "b1_tcam_segments_reponse": ("""
tcam_segments = ((ca_segments.loc[2025] / ca_segments.loc[2021]) ** (1 / 4) - 1).round(3)  # un ratio, pas un %
""", ("b1_tcam_segments",)),
        "b1_parts_reponse": ("""
_u = ventes[ventes["annee"] == 2025].pivot_table(index="marque", columns="segment", values="unites", aggfunc="sum")
parts_2025 = _u / _u.sum() * 100  # parts en unités, pas en valeur
parts_rouline = parts_2025.loc["Rouline"].round(1)
""", ("b1_parts_de_marche",)),
        "b1_part_relative_reponse": ("""
part_relative = (ca_2025.loc["Rouline"] / ca_2025.drop(index="Rouline").max()).round(2)  # face à « Autres marques »
""", ("b1_part_relative",)),
        "b1_potentiel_reponse": ("""
potentiel_2026 = (ca_segments.loc[2021] * (1 + tcam_segments / 100)).round(0)  # mauvaise base : 2021
""", ("b1_potentiel_segments",)),
        "b1_outils_reponse": ("""
retenus = veille[(veille["impact_estime"] >= 4) & (veille["cout_mensuel_eur"] < 300)]  # « moins de 300 » strict
outils_prioritaires = list(retenus["outil"])
cout_outils = retenus["cout_mensuel_eur"].sum()
""", ("b1_outils_prioritaires",)),
        "b1_indice_prix_reponse": ("""
_moyen_tous = benchmark["prix_ttc"].mean()  # le vélo urbain moyenné avec le cargo
indice_prix = (urbains["prix_ttc"] / _moyen_tous * 100).round(0)
""", ("b1_indice_prix",)),
        "b1_intention_zone_reponse": ("""
taux_intention_zone = (enquete[enquete["intentionniste"]].groupby("zone").size() / enquete["intentionniste"].sum() * 100).round(1)
""", ("b1_intention_zone",)),
        "b1_segments_reponse": ("""
conditions = [
    (enquete["situation"] == "actif") & enquete["distance_travail_km"].between(5, 25),  # règles dans le désordre
    (enquete["enfants_moins_12_ans"] >= 1) & (enquete["zone"] != "Rural"),
    enquete["pratique_sportive"] == "oui",
]
enquete["segment"] = np.select(conditions, ["Navetteurs", "Parents urbains", "Sportifs nature"], default="Balade et loisirs")
""", ("b1_segments_enquete",)),
        "b1_potentiel_cibles_reponse": ("""
potentiel_cibles = pd.DataFrame({
    "repondants": enquete.groupby("segment")["repondant_id"].count(),
    "taux_intention": (enquete.groupby("segment")["intentionniste"].mean() * 100).round(1),
    "budget_moyen": enquete.groupby("segment")["budget_max_eur"].mean().round(0),  # tous les répondants
    "potentiel_eur": enquete.groupby("segment")["budget_max_eur"].sum(),
})
""", ("b1_potentiel_cibles_budget",)),
        "b1_intentions_corrigees_reponse": ("""
intentions_corrigees = pd.DataFrame({  # les intentions déclarées, sans correction
    "acheteurs_attendus": enquete.groupby("segment")["intentionniste"].sum().astype(float),
    "taux_corrige": (enquete.groupby("segment")["intentionniste"].mean() * 100).round(1),
})
taux_corrige_ensemble = round(enquete["intentionniste"].mean() * 100, 1)
""", ("b1_intentions_corrigees",)),
    },
    NB2: {
        "b1_parcours_reponse": ("""
parcours["taux_influence"] = (parcours["acheteurs_influences"] / parcours["acheteurs_exposes"] * 100).round(1)
top_points = list(parcours.sort_values("acheteurs_influences", ascending=False).head(3)["point_de_contact"])  # effectifs
""", ("b1_points_de_contact",)),
        "b1_criteres_reponse": ("""
criteres_intentionnistes = (enquete["critere_principal"].value_counts(normalize=True) * 100).round(1)  # tous les répondants
""", ("b1_criteres_achat",)),
        "b1_cpm_cpc_reponse": ("""
kpi["cpm"] = (kpi["budget_eur"] / kpi["impressions"]).round(2)  # sans le × 1 000
kpi["cpc"] = (kpi["budget_eur"] / kpi["clics"]).round(2)
""", ("b1_cpm_cpc",)),
        "b1_conversion_reponse": ("""
kpi["taux_conversion"] = (kpi["ventes"] / kpi["impressions"] * 100).round(2)  # ventes ÷ impressions
kpi["cpa"] = (kpi["budget_eur"] / kpi["ventes"]).round(0)
""", ("b1_conversion_cpa",)),
        "b1_roi_reponse": ("""
kpi["marge"] = kpi["ventes"] * MARGE_UNITAIRE
kpi["roi"] = ((kpi["ventes"] * PANIER_MOYEN_HT - kpi["budget_eur"]) / kpi["budget_eur"] * 100).round(0)  # sur le CA
""", ("b1_roi_leviers",)),
        "b1_seuil_reponse": ("""
kpi["seuil_ventes"] = (kpi["budget_eur"] / MARGE_UNITAIRE).round(0)  # arrondi, pas entier supérieur
""", ("b1_seuil_rentabilite",)),
    },
}

WRONG_2 = {
    NB1: {
        "b1_tcam_marche_reponse": ("""
marche_annuel = marche.groupby("annee")["ca_keur"].sum()
tcam_marche = round((marche_annuel[2025] / marche_annuel[2021] - 1) / 4 * 100, 1)  # croissance moyenne simple
""", ("b1_tcam_marche",)),
        "b1_tcam_segments_reponse": ("""
tcam_segments = (((ca_segments.loc[2025] / ca_segments.loc[2021]) ** (1 / 5) - 1) * 100).round(1)  # 5 années
""", ("b1_tcam_segments",)),
        "b1_parts_reponse": ("""
_nommes = ca_2025.drop(index="Autres marques")
parts_2025 = _nommes / _nommes.sum() * 100  # dénominateur sans « Autres marques »
parts_rouline = parts_2025.loc["Rouline"].round(1)
""", ("b1_parts_de_marche",)),
        "b1_part_relative_reponse": ("""
part_relative = (ca_2025.loc["Rouline"] / ca_2025.sum()).round(2)  # part de marché, pas part relative
""", ("b1_part_relative",)),
        "b1_potentiel_reponse": ("""
potentiel_2026 = (ca_segments.loc[2025] * (1 + tcam_segments / 100) ** 2).round(0)  # deux années
""", ("b1_potentiel_segments",)),
        "b1_outils_reponse": ("""
retenus = veille[(veille["impact_estime"] > 4) & (veille["cout_mensuel_eur"] <= 300)]  # impact strictement > 4
outils_prioritaires = list(retenus["outil"])
cout_outils = retenus["cout_mensuel_eur"].sum()
""", ("b1_outils_prioritaires",)),
        "b1_indice_prix_reponse": ("""
indice_prix = (urbains["prix_ttc"] / urbains.loc["Rouline", "prix_ttc"] * 100).round(0)  # base Rouline, pas la moyenne
""", ("b1_indice_prix",)),
        "b1_intention_zone_reponse": ("""
taux_intention_zone = ((enquete["intention_achat"] == 5).groupby(enquete["zone"]).mean() * 100).round(1)  # 5 seulement
""", ("b1_intention_zone",)),
        "b1_segments_reponse": ("""
conditions = [
    (enquete["enfants_moins_12_ans"] >= 1) & (enquete["zone"] != "Rural"),
    (enquete["situation"] == "actif") & enquete["distance_travail_km"].between(5, 25, inclusive="neither"),  # bornes exclues
    enquete["pratique_sportive"] == "oui",
]
enquete["segment"] = np.select(conditions, ["Parents urbains", "Navetteurs", "Sportifs nature"], default="Balade et loisirs")
""", ("b1_segments_enquete",)),
        "b1_potentiel_cibles_reponse": ("""
potentiel_cibles = pd.DataFrame({
    "repondants": enquete.groupby("segment")["repondant_id"].count(),
    "taux_intention": enquete.groupby("segment")["intentionniste"].mean().round(3),  # proportion, pas %
    "budget_moyen": intentionnistes.groupby("segment")["budget_max_eur"].mean().round(0),
    "potentiel_eur": intentionnistes.groupby("segment")["budget_max_eur"].sum(),
})
""", ("b1_potentiel_cibles_taux",)),
        "b1_intentions_corrigees_reponse": ("""
_poids = enquete["intention_achat"].map({5: 0.75, 4: 0.25}).fillna(0)
_intentionnistes = enquete.groupby("segment")["intentionniste"].sum()
intentions_corrigees = pd.DataFrame({  # rapportés aux seuls intentionnistes, pas aux répondants
    "acheteurs_attendus": _poids.groupby(enquete["segment"]).sum().round(1),
    "taux_corrige": (_poids.groupby(enquete["segment"]).sum() / _intentionnistes * 100).round(1),
})
taux_corrige_ensemble = round(_poids.sum() / enquete["intentionniste"].sum() * 100, 1)
""", ("b1_intentions_corrigees",)),
    },
    NB2: {
        "b1_parcours_reponse": ("""
parcours["taux_influence"] = (parcours["acheteurs_influences"] / 260 * 100).round(1)  # sur tous les acheteurs
top_points = list(parcours.sort_values("taux_influence", ascending=False).head(3)["point_de_contact"])
""", ("b1_points_de_contact",)),
        "b1_criteres_reponse": ("""
_int = enquete[enquete["intention_achat"] >= 3]  # seuil d'intention faux
criteres_intentionnistes = (_int["critere_principal"].value_counts(normalize=True) * 100).round(1)
""", ("b1_criteres_achat",)),
        "b1_cpm_cpc_reponse": ("""
kpi["cpm"] = (kpi["budget_eur"] / kpi["impressions"] * 1000).round(2)
kpi["cpc"] = (kpi["budget_eur"] / kpi["impressions"]).round(2)  # budget ÷ impressions
""", ("b1_cpm_cpc",)),
        "b1_conversion_reponse": ("""
kpi["taux_conversion"] = (kpi["ventes"] / kpi["clics"] * 100).round(2)
kpi["cpa"] = (kpi["budget_eur"] / kpi["clics"]).round(0)  # budget ÷ clics
""", ("b1_conversion_cpa",)),
        "b1_roi_reponse": ("""
kpi["marge"] = kpi["ventes"] * PANIER_MOYEN_HT  # le CA pris pour la marge
kpi["roi"] = (kpi["marge"] / kpi["budget_eur"] * 100).round(0)  # sans retrancher le budget
""", ("b1_marge_leviers", "b1_roi_leviers")),
        "b1_seuil_reponse": ("""
kpi["seuil_ventes"] = np.floor(kpi["budget_eur"] / MARGE_UNITAIRE)  # entier inférieur
""", ("b1_seuil_rentabilite",)),
    },
}

MARGIN_IN_KEUR = {NB2: {"b1_roi_reponse": """
kpi["marge"] = kpi["ventes"] * MARGE_UNITAIRE / 1000  # en k€ : la marge perd son point, pas le ROI
kpi["roi"] = ((kpi["marge"] * 1000 - kpi["budget_eur"]) / kpi["budget_eur"] * 100).round(0)
"""}}
"""A margin in k€ with a correct ROI: only the margin's point is lost (the columns are graded apart)."""

REGION = re.compile(r"### BEGIN SOLUTION\n.*?### END SOLUTION\n?", re.S)


def with_regions(nb, grade_of, regions: dict[str, str]):
    """A copy of the solution notebook whose named solution regions hold the given code instead."""
    variant = copy.deepcopy(nb)
    for cell in variant.cells:
        gid = grade_of(cell)
        if gid in regions:
            assert REGION.search(cell.source), gid
            body = regions[gid].strip("\n") + "\n"
            cell.source = REGION.sub(lambda _: body, cell.source, count=1)
    return variant


def copies() -> dict[str, dict[str, tuple[dict[str, str], dict[str, str]]]]:
    """Student → notebook → (regions to replace, expected verdict of each automatic test cell named).

    A verdict is ``"plein"`` (every point) or ``"perdu"`` (fewer than every point); unnamed cells: every point
    for the correct copies, not checked for the wrong ones (a wrong region can feed a later check).
    """
    out: dict = {}
    for student, catalogue in (("juste_a", CORRECT_A), ("juste_b", CORRECT_B)):
        out[student] = {nb: (regions, {}) for nb, regions in catalogue.items()}
    for student, catalogue in (("faux_1", WRONG_1), ("faux_2", WRONG_2)):
        out[student] = {}
        for nb, entries in catalogue.items():
            verdicts = {gid: "perdu" for _, targets in entries.values() for gid in targets}
            out[student][nb] = ({gid: code for gid, (code, _) in entries.items()}, verdicts)
    out["marge_en_keur"] = {NB2: (MARGIN_IN_KEUR[NB2], {"b1_marge_leviers": "perdu", "b1_roi_leviers": "plein"})}
    # graded in parts: a wrong budget column keeps the rates' point, a wrong margin keeps nothing else from failing
    out["faux_1"][NB1][1]["b1_potentiel_cibles_taux"] = "plein"
    out["faux_2"][NB1][1]["b1_potentiel_cibles_budget"] = "plein"
    out["faux_1"][NB2][1]["b1_marge_leviers"] = "plein"
    return out
