"""The fairness catalogue of the bloc 2 épreuve (CONTENT.md §9), as copies of the solution.

Each variant replaces one solution region of the source notebook by the code a candidate
might write. A correct variant (``fails`` empty) must keep every automatic point; a
plausible wrong answer must lose the points of exactly the test cells named in ``fails``
(an error is not punished twice: the cells that depend on it read the candidate's own
values). Every automatic test cell is covered by at least two correct variants (those of
its region) and two wrong ones. All copies are graded in the one autograde run of
``test_b2_assignment_nbgrader.py``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    """One copy: the region replaced, the candidate's code, the test cells that must fail."""

    student: str
    region: str
    code: str
    fails: frozenset[str] = frozenset()


def _v(student: str, region: str, code: str, *fails: str) -> Variant:
    return Variant(student, f"b2_{region}_reponse", code.strip("\n"), frozenset(fails))


_ABC_RIGHT = """
portefeuille = comptes[comptes["statut"] == "client"].sort_values("ca_2026", ascending=False)
portefeuille["part_cumulee"] = portefeuille["ca_2026"].cumsum() / portefeuille["ca_2026"].sum()
portefeuille["classe"] = np.where(
    portefeuille["part_cumulee"] <= SEUIL_A, "A", np.where(portefeuille["part_cumulee"] <= SEUIL_B, "B", "C")
)
"""

_ZONES_RIGHT = """
charge_zones = comptes.groupby("zone").agg(charge_visites=("visites_necessaires", "sum"))
charge_zones["commerciaux_necessaires"] = (charge_zones["charge_visites"] / CAPACITE).round(2)
charge_zones["ecart"] = (charge_zones["commerciaux_necessaires"] - zones["commerciaux_actuels"]).round(2)
"""

_OBJECTIF_RIGHT = """
ca_sante_2026 = comptes.loc[comptes["segment"] == "Santé", "ca_2026"].sum()
objectif_sante_2027 = round(ca_sante_2026 * 1.25)
ca_sante_a_gagner = objectif_sante_2027 - ca_sante_2026
"""

_PLANNING_RIGHT = """
fins, debuts = {}, []
for t in planning.itertuples():
    debut = max([fins[p] for p in t.predecesseurs.split(";") if p], default=DEBUT_PLAN)
    fins[t.tache] = debut + pd.Timedelta(days=int(t.duree_jours))
    debuts.append(debut)
planning["debut"] = debuts
planning["fin"] = planning["tache"].map(fins)
date_fin_lancement = planning["fin"].max()
marge_jours = (DATE_LIMITE - date_fin_lancement).days
"""

_MARGE_RIGHT = """
debuts_tard = {}
for t in reversed(list(planning.itertuples())):
    suivantes = [s.tache for s in planning.itertuples() if t.tache in s.predecesseurs.split(";")]
    fin_tard = min([debuts_tard[s] for s in suivantes], default=date_fin_lancement)
    debuts_tard[t.tache] = fin_tard - pd.Timedelta(days=int(t.duree_jours))
planning["marge_totale"] = [(debuts_tard[t] - d).days for t, d in zip(planning["tache"], planning["debut"])]
chemin_critique = list(planning.loc[planning["marge_totale"] == 0, "tache"])
"""

_CALENDRIER_RIGHT = """
fin_taches = dict(zip(planning["tache"], pd.to_datetime(planning["fin"])))
calendrier = plan.loc[plan["action"].isin(retenues), ["action", "debut_apres", "duree_jours"]].copy()
calendrier["debut"] = calendrier["debut_apres"].map(fin_taches)
calendrier["fin"] = calendrier["debut"] + pd.to_timedelta(calendrier["duree_jours"], unit="D")
"""

VARIANTS: list[Variant] = [
    # ------------------------------------------------------------ 1.1 classes ABC
    _v("ok_abc_fonction", "classes_abc", """
portefeuille = comptes.query("statut == 'client'").sort_values("ca_2026", ascending=False).copy()
total = portefeuille["ca_2026"].sum()
portefeuille["part_cumulee"] = portefeuille["ca_2026"].cumsum() / total
def classe(part):
    if part <= SEUIL_A:
        return "A"
    if part <= SEUIL_B:
        return "B"
    return "C"
portefeuille["classe"] = portefeuille["part_cumulee"].apply(classe)
"""),
    _v("ok_abc_cut", "classes_abc", """
portefeuille = comptes[comptes.statut == "client"].sort_values(by="ca_2026", ascending=False).reset_index(drop=True)
portefeuille["part_cumulee"] = portefeuille["ca_2026"].cumsum() / portefeuille["ca_2026"].sum()
portefeuille["classe"] = pd.cut(portefeuille["part_cumulee"], [0, SEUIL_A, SEUIL_B, np.inf], labels=["A", "B", "C"]).astype(str)
"""),
    _v("faux_abc_cumul_precedent", "classes_abc", _ABC_RIGHT + """
avant = portefeuille["part_cumulee"] - portefeuille["ca_2026"] / portefeuille["ca_2026"].sum()
portefeuille["classe"] = np.where(avant < SEUIL_A, "A", np.where(avant < SEUIL_B, "B", "C"))
""", "b2_classes_abc", "b2_classe_c"),
    _v("faux_abc_croissant", "classes_abc", _ABC_RIGHT.replace("ascending=False", "ascending=True"),
       "b2_part_cumulee", "b2_classes_abc", "b2_classe_c"),
    _v("faux_abc_en_pourcentage", "classes_abc", """
portefeuille = comptes[comptes["statut"] == "client"].sort_values("ca_2026", ascending=False)
portefeuille["part_cumulee"] = 100 * portefeuille["ca_2026"].cumsum() / portefeuille["ca_2026"].sum()
portefeuille["classe"] = np.where(portefeuille["part_cumulee"] <= 80, "A", np.where(portefeuille["part_cumulee"] <= 95, "B", "C"))
""", "b2_part_cumulee"),
    _v("faux_abc_deux_clients", "classes_abc", _ABC_RIGHT + """
dernier_a = int((portefeuille["classe"] == "A").sum())
portefeuille.iloc[[dernier_a, dernier_a + 1], portefeuille.columns.get_loc("classe")] = "A"
""", "b2_classes_abc"),
    # ------------------------------------------------------------ 1.2 potentiel des zones
    _v("ok_potentiel_pivot", "potentiel_zones", """
potentiel_zones = comptes.pivot_table(index="zone", values=["potentiel_annuel", "ca_2026"], aggfunc="sum")
potentiel_zones = potentiel_zones.rename(columns={"potentiel_annuel": "potentiel", "ca_2026": "ca"})
potentiel_zones["taux_penetration"] = round(100 * potentiel_zones["ca"] / potentiel_zones["potentiel"], 1)
potentiel_zones["part_potentiel"] = round(100 * potentiel_zones["potentiel"] / potentiel_zones["potentiel"].sum(), 1)
"""),
    _v("ok_potentiel_colonne_zone", "potentiel_zones", """
potentiel_zones = comptes.groupby("zone", as_index=False)[["potentiel_annuel", "ca_2026"]].sum()
potentiel_zones.columns = ["zone", "potentiel", "ca"]
potentiel_zones["taux_penetration"] = potentiel_zones["ca"] / potentiel_zones["potentiel"] * 100
potentiel_zones["part_potentiel"] = potentiel_zones["potentiel"] / potentiel_zones["potentiel"].sum() * 100
"""),
    _v("faux_potentiel_clients_seuls", "potentiel_zones", """
clients = comptes[comptes["statut"] == "client"]
potentiel_zones = clients.groupby("zone").agg(potentiel=("potentiel_annuel", "sum"), ca=("ca_2026", "sum"))
potentiel_zones["taux_penetration"] = (potentiel_zones["ca"] / potentiel_zones["potentiel"] * 100).round(1)
potentiel_zones["part_potentiel"] = (potentiel_zones["potentiel"] / potentiel_zones["potentiel"].sum() * 100).round(1)
""", "b2_potentiel_zones", "b2_taux_penetration_zones", "b2_part_potentiel_zones"),
    _v("faux_potentiel_part_du_ca", "potentiel_zones", """
potentiel_zones = comptes.groupby("zone").agg(potentiel=("potentiel_annuel", "sum"), ca=("ca_2026", "sum"))
potentiel_zones["taux_penetration"] = (potentiel_zones["ca"] / potentiel_zones["potentiel"]).round(3)
potentiel_zones["part_potentiel"] = (potentiel_zones["ca"] / potentiel_zones["ca"].sum() * 100).round(1)
""", "b2_taux_penetration_zones", "b2_part_potentiel_zones"),
    _v("faux_potentiel_moyenne", "potentiel_zones", """
potentiel_zones = comptes.groupby("zone").agg(potentiel=("potentiel_annuel", "mean"), ca=("ca_2026", "mean"))
potentiel_zones["taux_penetration"] = (potentiel_zones["ca"] / potentiel_zones["potentiel"] * 100).round(1)
potentiel_zones["part_potentiel"] = (potentiel_zones["potentiel"] / potentiel_zones["potentiel"].sum() * 100).round(1)
""", "b2_potentiel_zones", "b2_part_potentiel_zones"),
    # ------------------------------------------------------------ 1.3 actions 2026
    _v("ok_kpi_round", "kpi_actions", """
actions["cout_par_lead"] = [round(c / l) for c, l in zip(actions["cout"], actions["leads"])]
actions["taux_transformation"] = [round(100 * c / l, 1) for c, l in zip(actions["commandes"], actions["leads"])]
actions["roi"] = [round(100 * (m - c) / c, 1) for m, c in zip(actions["marge_brute_generee"], actions["cout"])]
"""),
    _v("ok_kpi_non_arrondi", "kpi_actions", """
actions["cout_par_lead"] = actions.cout / actions.leads
actions["taux_transformation"] = actions.commandes.div(actions.leads).mul(100)
actions["roi"] = (actions.marge_brute_generee / actions.cout - 1) * 100
"""),
    _v("faux_kpi_cout_par_commande", "kpi_actions", """
actions["cout_par_lead"] = (actions["cout"] / actions["commandes"]).round(0)
actions["taux_transformation"] = (actions["commandes"] / actions["contacts"] * 100).round(1)
actions["roi"] = ((actions["marge_brute_generee"] - actions["cout"]) / actions["cout"] * 100).round(1)
""", "b2_kpi_actions_n1", "b2_transformation_leads_n1"),
    _v("faux_kpi_roi_sur_ca", "kpi_actions", """
actions["cout_par_lead"] = (actions["cout"] / actions["leads"]).round(0)
actions["taux_transformation"] = (actions["commandes"] / actions["leads"] * 100).round(1)
actions["roi"] = ((actions["ca_genere"] - actions["cout"]) / actions["cout"] * 100).round(1)
""", "b2_roi_actions_n1"),
    _v("faux_kpi_par_contact", "kpi_actions", """
actions["cout_par_lead"] = (actions["cout"] / actions["contacts"]).round(0)
actions["taux_transformation"] = (actions["commandes"] / actions["leads"]).round(3)
actions["roi"] = ((actions["marge_brute_generee"] - actions["cout"]) / actions["cout"]).round(3)
""", "b2_kpi_actions_n1", "b2_transformation_leads_n1", "b2_roi_actions_n1"),
    # ------------------------------------------------------------ 1.4 commerciaux
    _v("ok_performance_div", "performance", """
commerciaux["taux_realisation"] = commerciaux["ca_2026"].div(commerciaux["objectif_ca_2026"]).mul(100).round(1)
commerciaux["taux_transformation"] = commerciaux["commandes_2026"].div(commerciaux["devis_2026"]).mul(100).round(1)
commerciaux["ca_par_visite"] = commerciaux["ca_2026"].div(commerciaux["visites_2026"]).round()
"""),
    _v("ok_performance_non_arrondi", "performance", """
c = commerciaux
c["taux_realisation"] = 100 * c.ca_2026 / c.objectif_ca_2026
c["taux_transformation"] = 100 * c.commandes_2026 / c.devis_2026
c["ca_par_visite"] = c.ca_2026 / c.visites_2026
"""),
    _v("faux_performance_par_visite", "performance", """
commerciaux["taux_realisation"] = (commerciaux["ca_2026"] / commerciaux["objectif_ca_2026"]).round(3)
commerciaux["taux_transformation"] = (commerciaux["commandes_2026"] / commerciaux["visites_2026"] * 100).round(1)
commerciaux["ca_par_visite"] = (commerciaux["ca_2026"] / commerciaux["devis_2026"]).round(0)
""", "b2_realisation_objectifs", "b2_transformation_devis", "b2_ca_par_visite"),
    _v("faux_performance_ca_par_commande", "performance", """
commerciaux["taux_realisation"] = (commerciaux["objectif_ca_2026"] / commerciaux["ca_2026"] * 100).round(1)
commerciaux["taux_transformation"] = (commerciaux["commandes_2026"] / commerciaux["devis_2026"]).round(3)
commerciaux["ca_par_visite"] = (commerciaux["ca_2026"] / commerciaux["commandes_2026"]).round(0)
""", "b2_realisation_objectifs", "b2_transformation_devis", "b2_ca_par_visite"),
    # ------------------------------------------------------------ 5.1 taille de la force de vente
    _v("ok_taille_comptage", "taille_force_vente", """
comptes["visites_necessaires"] = [FREQUENCES[c] for c in comptes["classe"]]
charge_visites = sum(FREQUENCES[c] * n for c, n in comptes["classe"].value_counts().items())
nb_commerciaux = -(-charge_visites // CAPACITE)
"""),
    _v("ok_taille_numpy", "taille_force_vente", """
comptes["visites_necessaires"] = comptes["classe"].replace(FREQUENCES).astype(int)
charge_visites = comptes["visites_necessaires"].sum()
nb_commerciaux = np.ceil(charge_visites / CAPACITE)
"""),
    _v("faux_taille_arrondi_inferieur", "taille_force_vente", """
comptes["visites_necessaires"] = comptes["classe"].map(FREQUENCES)
charge_visites = int(comptes["visites_necessaires"].sum())
nb_commerciaux = int(charge_visites / CAPACITE)
""", "b2_taille_force_vente"),
    _v("faux_taille_clients_seuls", "taille_force_vente", """
comptes["visites_necessaires"] = comptes["classe"].map(FREQUENCES)
charge_visites = int(comptes.loc[comptes["statut"] == "client", "visites_necessaires"].sum())
nb_commerciaux = math.ceil(charge_visites / CAPACITE)
""", "b2_taille_force_vente"),
    # ------------------------------------------------------------ 5.2 charge des zones
    _v("ok_zones_colonne_zone", "zones", """
charge_zones = comptes.groupby("zone", as_index=False)["visites_necessaires"].sum()
charge_zones = charge_zones.rename(columns={"visites_necessaires": "charge_visites"})
charge_zones["commerciaux_necessaires"] = (charge_zones["charge_visites"] / CAPACITE).round(2)
charge_zones["ecart"] = (charge_zones["commerciaux_necessaires"] - charge_zones["zone"].map(zones["commerciaux_actuels"])).round(2)
zone_a_renforcer = charge_zones.sort_values("ecart", ascending=False)["zone"].iloc[0]
zones_en_deficit = list(charge_zones.loc[charge_zones["ecart"] > 0].sort_values("ecart", ascending=False)["zone"])
"""),
    _v("ok_zones_jointure", "zones", """
charge_zones = zones[["commerciaux_actuels"]].join(comptes.groupby("zone")["visites_necessaires"].sum().rename("charge_visites"))
charge_zones["commerciaux_necessaires"] = charge_zones["charge_visites"] / CAPACITE
charge_zones["ecart"] = charge_zones["commerciaux_necessaires"] - charge_zones["commerciaux_actuels"]
zone_a_renforcer = str(charge_zones["ecart"].idxmax())
zones_en_deficit = tuple(charge_zones["ecart"][charge_zones["ecart"] > 0].sort_values(ascending=False).index)
"""),
    _v("faux_zones_nombre_de_comptes", "zones", """
charge_zones = comptes.groupby("zone").agg(charge_visites=("compte_id", "count"))
charge_zones["commerciaux_necessaires"] = (charge_zones["charge_visites"] / CAPACITE).round(2)
charge_zones["ecart"] = (charge_zones["commerciaux_necessaires"] - zones["commerciaux_actuels"]).round(2)
zone_a_renforcer = charge_zones["ecart"].idxmax()
zones_en_deficit = list(charge_zones[charge_zones["ecart"] > 0].sort_values("ecart", ascending=False).index)
""", "b2_charge_zones", "b2_ecart_zones", "b2_zone_a_renforcer"),
    _v("faux_zones_ecart_inverse", "zones", """
charge_zones = comptes.groupby("zone").agg(charge_visites=("visites_necessaires", "sum"))
charge_zones["commerciaux_necessaires"] = (charge_zones["charge_visites"] / CAPACITE).round(2)
charge_zones["ecart"] = (zones["commerciaux_actuels"] - charge_zones["commerciaux_necessaires"]).round(2)
zone_a_renforcer = charge_zones["ecart"].idxmax()
zones_en_deficit = list(charge_zones[charge_zones["ecart"] > 0].sort_values("ecart", ascending=False).index)
""", "b2_ecart_zones", "b2_zone_a_renforcer"),
    _v("faux_zones_plus_grande_charge", "zones", """
charge_zones = comptes.groupby("zone").agg(charge_visites=("visites_necessaires", "sum"))
charge_zones["commerciaux_necessaires"] = (charge_zones["charge_visites"] / CAPACITE).apply(math.ceil)
charge_zones["ecart"] = charge_zones["commerciaux_necessaires"] - zones["commerciaux_actuels"]
zone_a_renforcer = charge_zones["charge_visites"].idxmax()
zones_en_deficit = list(charge_zones.sort_values("charge_visites", ascending=False).index[:3])
""", "b2_ecart_zones", "b2_zone_a_renforcer"),
    _v("faux_zones_moyenne", "zones", """
charge_zones = comptes.groupby("zone").agg(charge_visites=("visites_necessaires", "mean"))
charge_zones["commerciaux_necessaires"] = (charge_zones["charge_visites"] / CAPACITE).round(2)
charge_zones["ecart"] = (charge_zones["commerciaux_necessaires"] - zones["commerciaux_actuels"]).round(2)
zone_a_renforcer = charge_zones["ecart"].idxmax()
zones_en_deficit = list(charge_zones[charge_zones["ecart"] > 0].sort_values("ecart", ascending=False).index)
""", "b2_charge_zones", "b2_ecart_zones", "b2_zone_a_renforcer"),
    _v("faux_zones_penetration_la_plus_faible", "zones", _ZONES_RIGHT + """
zone_a_renforcer = potentiel_zones["taux_penetration"].idxmin()
zones_en_deficit = list(potentiel_zones["taux_penetration"].nsmallest(3).index)
""", "b2_zone_a_renforcer"),
    _v("faux_zones_en_dur", "zones", _ZONES_RIGHT + """
zone_a_renforcer = "Savoie et Haute-Savoie"
zones_en_deficit = ["Savoie et Haute-Savoie"]
""", "b2_zone_a_renforcer"),
    # ------------------------------------------------------------ 6.2 opérations de soutien
    _v("ok_operations_non_arrondi", "roi_operations", """
operations["marge_attendue"] = operations.ca_supplementaire_attendu * operations.taux_de_marque
operations["roi_attendu"] = (operations.marge_attendue / operations.cout - 1) * 100
"""),
    _v("ok_operations_round", "roi_operations", """
operations["marge_attendue"] = [round(ca * t) for ca, t in zip(operations["ca_supplementaire_attendu"], operations["taux_de_marque"])]
operations["roi_attendu"] = [round(100 * (m - c) / c, 1) for m, c in zip(operations["marge_attendue"], operations["cout"])]
"""),
    _v("faux_operations_taux_de_marge", "roi_operations", """
t = operations["taux_de_marque"]
operations["marge_attendue"] = (operations["ca_supplementaire_attendu"] * t / (1 + t)).round(0)
operations["roi_attendu"] = ((operations["marge_attendue"] - operations["cout"]) / operations["cout"] * 100).round(1)
""", "b2_marge_operations_soutien"),
    _v("faux_operations_roi_sur_ca", "roi_operations", """
operations["marge_attendue"] = (operations["ca_supplementaire_attendu"] * operations["taux_de_marque"]).round(0)
operations["roi_attendu"] = ((operations["ca_supplementaire_attendu"] - operations["cout"]) / operations["cout"] * 100).round(1)
""", "b2_roi_operations_soutien"),
    _v("faux_operations_roi_proportion", "roi_operations", """
operations["marge_attendue"] = (operations["ca_supplementaire_attendu"] * operations["taux_de_marque"]).round(0)
operations["roi_attendu"] = ((operations["marge_attendue"] - operations["cout"]) / operations["cout"]).round(3)
""", "b2_roi_operations_soutien"),
    _v("faux_operations_marge_ca_moins_cout", "roi_operations", """
operations["marge_attendue"] = operations["ca_supplementaire_attendu"] - operations["cout"]
operations["roi_attendu"] = ((operations["marge_attendue"] - operations["cout"]) / operations["cout"] * 100).round(1)
""", "b2_marge_operations_soutien"),
    # ------------------------------------------------------------ 7.1 budget
    _v("ok_budget_boucle", "budget", """
plan["cout_total"] = [f + u * q for f, u, q in zip(plan["cout_fixe"], plan["cout_unitaire"], plan["quantite"])]
budget_total = sum(plan["cout_total"])
ecart_enveloppe = ENVELOPPE - budget_total
"""),
    _v("ok_budget_apply", "budget", """
plan["cout_total"] = plan.apply(lambda ligne: ligne["cout_fixe"] + ligne["cout_unitaire"] * ligne["quantite"], axis=1)
budget_total = float(plan["cout_total"].sum())
ecart_enveloppe = -(budget_total - ENVELOPPE)
"""),
    _v("faux_budget_sans_cout_fixe", "budget", """
plan["cout_total"] = plan["cout_unitaire"] * plan["quantite"]
budget_total = plan["cout_total"].sum()
ecart_enveloppe = ENVELOPPE - budget_total
""", "b2_budget_actions"),
    _v("faux_budget_ecart_inverse", "budget", """
plan["cout_total"] = plan["cout_fixe"] + plan["cout_unitaire"] * plan["quantite"]
budget_total = plan["cout_total"].sum()
ecart_enveloppe = budget_total - ENVELOPPE
""", "b2_ecart_enveloppe"),
    _v("faux_budget_quantite_oubliee", "budget", """
plan["cout_total"] = plan["cout_fixe"] + plan["cout_unitaire"]
budget_total = plan["cout_total"].sum()
ecart_enveloppe = ENVELOPPE - budget_total
""", "b2_budget_actions"),
    _v("faux_budget_ecart_absolu", "budget", """
plan["cout_total"] = plan["cout_fixe"] + plan["cout_unitaire"] * plan["quantite"]
budget_total = plan["cout_total"].sum()
ecart_enveloppe = abs(ENVELOPPE - budget_total)
""", "b2_ecart_enveloppe"),
    # ------------------------------------------------------------ 2.1 objectif Santé en euros
    _v("ok_objectif_groupby", "objectif_sante", """
ca_sante_2026 = comptes.groupby("segment")["ca_2026"].sum()["Santé"]
objectif_sante_2027 = ca_sante_2026 * 1.25
ca_sante_a_gagner = objectif_sante_2027 - ca_sante_2026
couverture_challenge = operations.loc[0, "ca_supplementaire_attendu"] / ca_sante_a_gagner * 100
"""),
    _v("ok_objectif_query", "objectif_sante", """
ca_sante_2026 = int(comptes.query("segment == 'Santé'")["ca_2026"].sum())
ca_sante_a_gagner = round(0.25 * ca_sante_2026)
objectif_sante_2027 = ca_sante_2026 + ca_sante_a_gagner
challenge = operations[operations["operation"].str.contains("Cap Santé")]["ca_supplementaire_attendu"].iloc[0]
couverture_challenge = round(100 * challenge / ca_sante_a_gagner, 1)
"""),
    _v("faux_objectif_sur_le_potentiel", "objectif_sante", """
ca_sante_2026 = comptes.loc[comptes["segment"] == "Santé", "potentiel_annuel"].sum()
objectif_sante_2027 = round(ca_sante_2026 * 1.25)
ca_sante_a_gagner = objectif_sante_2027 - ca_sante_2026
couverture_challenge = round(operations["ca_supplementaire_attendu"].iloc[0] / ca_sante_a_gagner * 100, 1)
""", "b2_objectif_sante_euros"),
    _v("faux_objectif_tout_le_ca", "objectif_sante", """
ca_sante_2026 = comptes["ca_2026"].sum()
objectif_sante_2027 = round(ca_sante_2026 * 1.25)
ca_sante_a_gagner = objectif_sante_2027 - ca_sante_2026
couverture_challenge = round(operations["ca_supplementaire_attendu"].iloc[0] / ca_sante_a_gagner * 100, 1)
""", "b2_objectif_sante_euros"),
    _v("faux_couverture_sur_objectif", "objectif_sante", _OBJECTIF_RIGHT + """
couverture_challenge = round(operations["ca_supplementaire_attendu"].iloc[0] / objectif_sante_2027 * 100, 1)
""", "b2_couverture_objectif"),
    _v("faux_couverture_formation", "objectif_sante", _OBJECTIF_RIGHT + """
couverture_challenge = round(operations["ca_supplementaire_attendu"].sum() / ca_sante_a_gagner * 100, 1)
""", "b2_couverture_objectif"),
    # ------------------------------------------------------------ 8.1 planning (dates au plus tôt)
    _v("ok_planning_iterrows", "planning", """
debut, fin = {}, {}
for _, t in planning.iterrows():
    preds = [p for p in t["predecesseurs"].split(";") if p != ""]
    debut[t["tache"]] = max(fin[p] for p in preds) if preds else DEBUT_PLAN
    fin[t["tache"]] = debut[t["tache"]] + pd.to_timedelta(t["duree_jours"], unit="D")
planning["debut"] = planning["tache"].map(debut)
planning["fin"] = planning["tache"].map(fin)
date_fin_lancement = max(fin.values())
marge_jours = int((DATE_LIMITE - date_fin_lancement) / pd.Timedelta(days=1))
"""),
    _v("ok_planning_jours", "planning", """
duree = planning.set_index("tache")["duree_jours"]
jours = {}
for t in planning.itertuples():
    jours[t.tache] = max([jours[p] + int(duree[p]) for p in t.predecesseurs.split(";") if p], default=0)
planning["debut"] = DEBUT_PLAN + pd.to_timedelta(planning["tache"].map(jours), unit="D")
planning["fin"] = planning["debut"] + pd.to_timedelta(planning["duree_jours"], unit="D")
date_fin_lancement = planning.sort_values("fin")["fin"].iloc[-1]
marge_jours = (DATE_LIMITE - date_fin_lancement).days
"""),
    _v("faux_planning_bout_a_bout", "planning", """
planning["fin"] = DEBUT_PLAN + pd.to_timedelta(planning["duree_jours"].cumsum(), unit="D")
planning["debut"] = planning["fin"] - pd.to_timedelta(planning["duree_jours"], unit="D")
date_fin_lancement = planning["fin"].max()
marge_jours = (DATE_LIMITE - date_fin_lancement).days
""", "b2_planning_dates"),
    _v("faux_planning_premier_predecesseur", "planning", """
fins, debuts = {}, []
for t in planning.itertuples():
    preds = [p for p in t.predecesseurs.split(";") if p]
    debut = fins[preds[0]] if preds else DEBUT_PLAN
    fins[t.tache] = debut + pd.Timedelta(days=int(t.duree_jours))
    debuts.append(debut)
planning["debut"] = debuts
planning["fin"] = planning["tache"].map(fins)
date_fin_lancement = planning["fin"].max()
marge_jours = (DATE_LIMITE - date_fin_lancement).days
""", "b2_planning_dates"),
    _v("faux_planning_jour_inclus", "planning", """
fins, debuts = {}, []
for t in planning.itertuples():
    debut = max([fins[p] for p in t.predecesseurs.split(";") if p], default=DEBUT_PLAN)
    fins[t.tache] = debut + pd.Timedelta(days=int(t.duree_jours) - 1)
    debuts.append(debut)
planning["debut"] = debuts
planning["fin"] = planning["tache"].map(fins)
date_fin_lancement = planning["fin"].max()
marge_jours = (DATE_LIMITE - date_fin_lancement).days
""", "b2_planning_dates"),
    _v("faux_planning_debut_derniere_tache", "planning", _PLANNING_RIGHT + """
date_fin_lancement = planning["debut"].max()
""", "b2_fin_lancement"),
    _v("faux_planning_premiere_fin", "planning", _PLANNING_RIGHT + """
date_fin_lancement = planning["fin"].min()
""", "b2_fin_lancement"),
    _v("faux_planning_marge_en_semaines", "planning", _PLANNING_RIGHT + """
marge_jours = (DATE_LIMITE - date_fin_lancement).days // 7
""", "b2_marge_jours"),
    _v("faux_planning_marge_inversee", "planning", _PLANNING_RIGHT + """
marge_jours = (date_fin_lancement - DATE_LIMITE).days
""", "b2_marge_jours"),
    # ------------------------------------------------------------ 8.2 marge totale et chemin critique
    _v("ok_marge_fin_tard", "marge_totale", """
suivantes = {t: [s for s, p in zip(planning["tache"], planning["predecesseurs"]) if t in p.split(";")] for t in planning["tache"]}
duree = dict(zip(planning["tache"], planning["duree_jours"]))
fin_tard = {}
for t in planning["tache"][::-1]:
    fin_tard[t] = min([fin_tard[s] - pd.Timedelta(days=int(duree[s])) for s in suivantes[t]], default=date_fin_lancement)
planning["marge_totale"] = [(fin_tard[t] - f).days for t, f in zip(planning["tache"], planning["fin"])]
chemin_critique = [t for t, m in zip(planning["tache"], planning["marge_totale"]) if m == 0]
"""),
    _v("ok_marge_networkx", "marge_totale", """
import networkx as nx
g = nx.DiGraph()
for t in planning.itertuples():
    g.add_node(t.tache)
    for p in filter(None, t.predecesseurs.split(";")):
        g.add_edge(p, t.tache)
duree = dict(zip(planning["tache"], planning["duree_jours"]))
tard = {}
for t in reversed(list(nx.topological_sort(g))):
    tard[t] = min([tard[s] for s in g.successors(t)], default=date_fin_lancement) - pd.Timedelta(days=int(duree[t]))
planning["marge_totale"] = [(tard[t] - pd.Timestamp(d)).days for t, d in zip(planning["tache"], planning["debut"])]
chemin_critique = tuple(planning[planning["marge_totale"] == 0]["tache"])
"""),
    _v("faux_marge_depuis_date_limite", "marge_totale", _MARGE_RIGHT.replace("default=date_fin_lancement", "default=DATE_LIMITE"),
       "b2_marge_totale"),
    _v("faux_marge_premier_suivant", "marge_totale", _MARGE_RIGHT.replace(
        "min([debuts_tard[s] for s in suivantes], default=date_fin_lancement)",
        "debuts_tard[suivantes[0]] if suivantes else date_fin_lancement"), "b2_marge_totale"),
    _v("faux_chemin_plus_longues_taches", "marge_totale", _MARGE_RIGHT + """
chemin_critique = list(planning.nlargest(4, "duree_jours")["tache"])
""", "b2_chemin_critique"),
    _v("faux_chemin_petites_marges", "marge_totale", _MARGE_RIGHT + """
chemin_critique = list(planning.loc[planning["marge_totale"] < 30, "tache"])
""", "b2_chemin_critique"),
    # ------------------------------------------------------------ 7.2 choix des moyens dans l'enveloppe
    _v("ok_choix_cumul_puis_arret", "choix_moyens", """
plan["contribution_par_euro"] = plan["ca_sante_attendu"] / plan["cout_total"]
classees = plan.sort_values("contribution_par_euro", ascending=False)
classees["cumul"] = classees["cout_total"].cumsum()
retenues = tuple(classees.loc[classees["cumul"] <= ENVELOPPE, "action"])
budget_retenu = classees.loc[classees["cumul"] <= ENVELOPPE, "cout_total"].sum()
contribution_retenue = classees.loc[classees["cumul"] <= ENVELOPPE, "ca_sante_attendu"].sum()
"""),
    _v("ok_choix_sans_catalogue", "choix_moyens", """
plan["contribution_par_euro"] = [round(ca / c, 2) for ca, c in zip(plan["ca_sante_attendu"], plan["cout_total"])]
gardees = plan[plan["action"] != "Catalogue papier annuel"]
retenues = set(gardees["action"])
budget_retenu = float(gardees["cout_total"].sum())
contribution_retenue = int(gardees["ca_sante_attendu"].sum())
"""),
    _v("faux_choix_tout_le_plan", "choix_moyens", """
plan["contribution_par_euro"] = (plan["ca_sante_attendu"] / plan["cout_total"]).round(2)
retenues = list(plan["action"])
budget_retenu = plan["cout_total"].sum()
contribution_retenue = plan["ca_sante_attendu"].sum()
""", "b2_choix_enveloppe"),
    _v("faux_choix_cumul_avant_ajout", "choix_moyens", """
plan["contribution_par_euro"] = (plan["ca_sante_attendu"] / plan["cout_total"]).round(2)
classees = plan.sort_values("contribution_par_euro", ascending=False)
retenues, budget_retenu = [], 0
for action, cout in zip(classees["action"], classees["cout_total"]):
    if budget_retenu <= ENVELOPPE:
        retenues = retenues + [action]
        budget_retenu = budget_retenu + cout
contribution_retenue = plan.loc[plan["action"].isin(retenues), "ca_sante_attendu"].sum()
""", "b2_choix_enveloppe"),
    _v("faux_choix_plus_faibles_d_abord", "choix_moyens", """
plan["contribution_par_euro"] = (plan["ca_sante_attendu"] / plan["cout_total"]).round(2)
classees = plan.sort_values("contribution_par_euro", ascending=True)
retenues, budget_retenu = [], 0
for action, cout in zip(classees["action"], classees["cout_total"]):
    if budget_retenu + cout <= ENVELOPPE:
        retenues = retenues + [action]
        budget_retenu = budget_retenu + cout
contribution_retenue = plan.loc[plan["action"].isin(retenues), "ca_sante_attendu"].sum()
""", "b2_contribution_objectif"),
    _v("faux_choix_contribution_de_tout_le_plan", "choix_moyens", """
plan["contribution_par_euro"] = (plan["ca_sante_attendu"] / plan["cout_total"]).round(2)
retenues = [a for a in plan["action"] if a != "Catalogue papier annuel"]
budget_retenu = plan.loc[plan["action"].isin(retenues), "cout_total"].sum()
contribution_retenue = plan["ca_sante_attendu"].sum()
""", "b2_contribution_objectif"),
    _v("faux_ratio_cout_par_euro_de_ca", "choix_moyens", """
plan["contribution_par_euro"] = (plan["cout_total"] / plan["ca_sante_attendu"].replace(0, 1)).round(2)
retenues = [a for a in plan["action"] if a != "Catalogue papier annuel"]
budget_retenu = plan.loc[plan["action"].isin(retenues), "cout_total"].sum()
contribution_retenue = plan.loc[plan["action"].isin(retenues), "ca_sante_attendu"].sum()
""", "b2_contribution_par_euro"),
    _v("faux_ratio_en_pourcentage", "choix_moyens", """
plan["contribution_par_euro"] = (100 * plan["ca_sante_attendu"] / plan["cout_total"]).round(1)
retenues = [a for a in plan["action"] if a != "Catalogue papier annuel"]
budget_retenu = plan.loc[plan["action"].isin(retenues), "cout_total"].sum()
contribution_retenue = plan.loc[plan["action"].isin(retenues), "ca_sante_attendu"].sum()
""", "b2_contribution_par_euro"),
    # ------------------------------------------------------------ 8.4 calendrier des actions retenues
    _v("ok_calendrier_index_boucle", "calendrier", """
fins = {t: pd.Timestamp(f) for t, f in zip(planning["tache"], planning["fin"])}
lignes = plan.set_index("action")
calendrier = pd.DataFrame(index=pd.Index(list(retenues), name="action"))
calendrier["debut"] = [fins[lignes.loc[a, "debut_apres"]] for a in calendrier.index]
calendrier["fin"] = [d + pd.Timedelta(days=int(lignes.loc[a, "duree_jours"])) for a, d in zip(calendrier.index, calendrier["debut"])]
"""),
    _v("ok_calendrier_merge_tout_le_plan", "calendrier", """
taches = planning[["tache", "fin"]].rename(columns={"tache": "debut_apres", "fin": "debut"})
calendrier = plan[["action", "debut_apres", "duree_jours"]].merge(taches, on="debut_apres", how="left")
calendrier["debut"] = pd.to_datetime(calendrier["debut"]).dt.strftime("%Y-%m-%d")
calendrier["fin"] = (pd.to_datetime(calendrier["debut"]) + pd.to_timedelta(calendrier["duree_jours"], unit="D")).dt.date
"""),
    _v("faux_calendrier_debut_de_la_tache", "calendrier", _CALENDRIER_RIGHT.replace('planning["fin"]', 'planning["debut"]'),
       "b2_calendrier_debut"),
    _v("faux_calendrier_tout_au_debut_du_plan", "calendrier", """
calendrier = plan.loc[plan["action"].isin(retenues), ["action", "duree_jours"]].copy()
calendrier["debut"] = DEBUT_PLAN
calendrier["fin"] = calendrier["debut"] + pd.to_timedelta(calendrier["duree_jours"], unit="D")
""", "b2_calendrier_debut"),
    _v("faux_calendrier_fin_en_semaines", "calendrier", _CALENDRIER_RIGHT.replace('unit="D"', 'unit="W"'), "b2_calendrier_fin"),
    _v("faux_calendrier_duree_de_la_tache", "calendrier", """
fin_taches = dict(zip(planning["tache"], pd.to_datetime(planning["fin"])))
durees = dict(zip(planning["tache"], planning["duree_jours"]))
calendrier = plan.loc[plan["action"].isin(retenues), ["action", "debut_apres"]].copy()
calendrier["debut"] = calendrier["debut_apres"].map(fin_taches)
calendrier["fin"] = calendrier["debut"] + pd.to_timedelta(calendrier["debut_apres"].map(durees), unit="D")
""", "b2_calendrier_fin"),
]

# What a blank region costs: its own test cells only (the provided cells give a provisional ABC class and a
# provisional visit frequency when 1.1 or 5.1 is not ready).
REGION_TESTS = {
    "b2_classes_abc_reponse": {"b2_part_cumulee", "b2_classes_abc", "b2_classe_c"},
    "b2_objectif_sante_reponse": {"b2_objectif_sante_euros", "b2_couverture_objectif"},
    "b2_potentiel_zones_reponse": {"b2_potentiel_zones", "b2_taux_penetration_zones", "b2_part_potentiel_zones"},
    "b2_kpi_actions_reponse": {"b2_kpi_actions_n1", "b2_transformation_leads_n1", "b2_roi_actions_n1"},
    "b2_performance_reponse": {"b2_realisation_objectifs", "b2_transformation_devis", "b2_ca_par_visite"},
    "b2_taille_force_vente_reponse": {"b2_taille_force_vente"},
    "b2_zones_reponse": {"b2_charge_zones", "b2_ecart_zones", "b2_zone_a_renforcer"},
    "b2_roi_operations_reponse": {"b2_marge_operations_soutien", "b2_roi_operations_soutien"},
    "b2_budget_reponse": {"b2_budget_actions", "b2_ecart_enveloppe"},
    "b2_planning_reponse": {"b2_planning_dates", "b2_fin_lancement", "b2_marge_jours"},
    "b2_marge_totale_reponse": {"b2_marge_totale", "b2_chemin_critique"},
    "b2_choix_moyens_reponse": {"b2_contribution_par_euro", "b2_choix_enveloppe", "b2_contribution_objectif"},
    "b2_calendrier_reponse": {"b2_calendrier_debut", "b2_calendrier_fin"},
}

# The test cells that grade each region's own answers (a blank region costs them and nothing else).
OWN_TESTS = REGION_TESTS


def packed_copies() -> list[dict[str, Variant]]:
    """The variants packed into copies, at most one per region: a handful of copies, not one per variant.

    The later cells read the candidate's own earlier values (``comptes["classe"]``,
    ``visites_necessaires``, ``cout_total``, ``fin``), so a variant of one region is
    judged on its own cells whatever the other regions of its copy hold.
    """
    copies: list[dict[str, Variant]] = []
    for variant in VARIANTS:
        home = next((copy for copy in copies if variant.region not in copy), None)
        if home is None:
            home = {}
            copies.append(home)
        home[variant.region] = variant
    return copies
