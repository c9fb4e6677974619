"""The fairness catalogue of the bloc 3 épreuves (CONTENT.md §9): every solution region answered right and wrong.

For each solution code cell of the two automatically graded notebooks: two correct
variants (``A``: another route or container, unrounded values; ``B``: the rounding the
question allows, another column order or type) and at least two plausible wrong answers
(taux de marge for taux de marque, a wrong denominator, mean for median, a proportion
for a percentage, the traps the case plants), each naming the test cells it must fail
and, where the error must not be punished twice, the later cells that must keep their
points. The two correct copies hold every region replaced at once and must score every
automatic point; the wrong answers are packed into copies where no answer can influence
another's cell or watched cells (``tests/cell_dependencies.py``). Everything is graded
in the one autograde run of ``test_b3_epreuves_nbgrader.py``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import nbformat
from fairness import Wrong, check_reasons, outcomes, packed, replaced  # noqa: F401  (re-exported to the bloc's tests)

OFFRE, ORAL = "b3_offre_relation_client", "b3_oral_resolution_probleme"
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Region:
    """One solution cell: its assignment, two correct answers, the wrong ones."""

    assignment: str
    right_a: str
    right_b: str
    wrong: tuple[Wrong, ...]


_IND = """
csat_actuel = {csat}
part_promoteurs = (enquete["note_recommandation"] >= 9).mean() * 100
part_detracteurs = (enquete["note_recommandation"] <= 6).mean() * 100
nps_actuel = {nps}
ces_actuel = {ces}
"""
_CSAT, _NPS, _CES = ('round((enquete["note_csat"] >= 4).mean() * 100, 1)', "round(part_promoteurs - part_detracteurs)",
                     'round(enquete["note_effort"].mean(), 2)')
_PARETO = """
pareto = pd.DataFrame({{"nombre": reclamations["categorie"].value_counts()}})
pareto["part"] = {part}
pareto["part_cumulee"] = {cumul}
"""
_PART, _CUMUL = 'pareto["nombre"] / pareto["nombre"].sum() * 100', 'pareto["part"].cumsum()'
_DELAI = 'reclamations["delai_jours"] = (reclamations["date_cloture"] - reclamations["date_reception"]).dt.days\n'
_COUT_OPTION = 'options["cout_par_reclamation_evitee"] = (options["cout_ht"] / (options["reclamations_evitees_par_mois"] * 6)).round(2)\n'
_NEG = 'avis["negatif"] = avis["sentiment"] == "négatif"\n'


def _w(code: str, *fails: str, keeps: tuple[str, ...] = ()) -> Wrong:
    return Wrong(code, tuple(f"b3_{f}" for f in fails), tuple(f"b3_{k}" for k in keeps))


CATALOGUE: dict[str, Region] = {
    "b3_decideur_reponse": Region(
        OFFRE,
        "decideur = centre_achat.query(\"role_centre_achat == 'Décideur'\")",
        'decideur = centre_achat.loc[centre_achat["role_centre_achat"].str.strip() == "Décideur", ["role_centre_achat", "nom"]]',
        (_w('decideur = centre_achat[centre_achat["role_centre_achat"] == "Prescripteur"]', "decideur"),
         _w('decideur = centre_achat[centre_achat["role_centre_achat"] != "Utilisateur"]', "decideur"))),
    "b3_motivations_soncas_reponse": Region(
        OFFRE,
        'mobiles = centre_achat.groupby("mobile_soncas").size().sort_values(ascending=False)',
        'from collections import Counter\nmobiles = pd.Series(dict(Counter(centre_achat["mobile_soncas"]).most_common()), dtype=float)',
        (_w('mobiles = centre_achat["mobile_soncas"].value_counts(normalize=True)', "motivations_soncas"),
         _w('mobiles = centre_achat["role_centre_achat"].value_counts()', "motivations_soncas"))),
    "b3_indicateurs_actuels_reponse": Region(
        OFFRE,
        _IND.format(csat='enquete["note_csat"].isin([4, 5]).sum() / len(enquete) * 100',
                    nps='((enquete["note_recommandation"] >= 9).sum() - (enquete["note_recommandation"] <= 6).sum()) / len(enquete) * 100',
                    ces='enquete["note_effort"].sum() / enquete["note_effort"].count()'),
        _IND.format(csat='float(round((enquete["note_csat"] >= 4).mean(), 3) * 100)',
                    nps="round(part_promoteurs, 1) - round(part_detracteurs, 1)", ces=_CES),
        # the three indicators are tested in separate cells on separate variables: one answer can carry three errors
        (_w(_IND.format(csat='(enquete["note_csat"] >= 4).mean()',
                        nps='round((enquete["note_recommandation"] >= 8).mean() * 100 - part_detracteurs)',
                        ces='enquete["note_effort"].median()'), "csat_actuel", "nps_actuel", "ces_actuel"),
         _w(_IND.format(csat='round((enquete["note_csat"] >= 3).mean() * 100, 1)', nps="round(part_promoteurs)",
                        ces='round(enquete["note_csat"].mean(), 2)'), "csat_actuel", "nps_actuel", "ces_actuel"))),
    "b3_csat_par_canal_reponse": Region(
        OFFRE,
        'csat_par_canal = enquete.groupby("canal_contact")["note_csat"].apply(lambda s: (s >= 4).mean() * 100).sort_values()',
        'tableau = pd.crosstab(enquete["canal_contact"], enquete["note_csat"] >= 4, normalize="index")\n'
        "csat_par_canal = (tableau[True] * 100).round(1).sort_values()",
        (_w('csat_par_canal = (enquete.groupby("canal_contact")["note_csat"].apply(lambda s: (s >= 4).mean()) * 100)'
            ".round(1).sort_values(ascending=False)", "csat_par_canal"),
         _w('csat_par_canal = (enquete.loc[enquete["note_csat"] >= 4, "canal_contact"].value_counts(normalize=True) * 100)'
            ".round(1).sort_values()", "csat_par_canal"))),
    "b3_couts_par_categorie_reponse": Region(
        OFFRE,
        'couts = couts.assign(montant_ht=couts["quantite"] * couts["cout_unitaire_ht"])\n'
        'couts_par_categorie = couts.groupby("categorie")["montant_ht"].sum().sort_values(ascending=False)',
        'couts["montant_ht"] = (couts["quantite"] * couts["cout_unitaire_ht"]).round(2)\n'
        'couts_par_categorie = couts.pivot_table(index="categorie", values="montant_ht", aggfunc="sum")["montant_ht"]',
        (_w('couts["montant_ht"] = couts["quantite"] * couts["cout_unitaire_ht"]\n'
            'couts_par_categorie = couts.groupby("categorie")["cout_unitaire_ht"].sum()', "couts_par_categorie"),
         _w('couts["montant_ht"] = couts["quantite"] * couts["cout_unitaire_ht"]\n'
            'couts_par_categorie = couts.groupby("categorie")["montant_ht"].mean()', "couts_par_categorie",
            keeps=("cout_de_revient",)))),
    "b3_cout_de_revient_reponse": Region(
        OFFRE,
        'cout_de_revient = float((couts["quantite"] * couts["cout_unitaire_ht"]).sum())',
        "cout_de_revient = round(couts_par_categorie.sum())",
        (_w('cout_de_revient = couts.loc[couts["categorie"] != "frais généraux", "montant_ht"].sum()', "cout_de_revient",
            keeps=("prix_de_vente", "taux_de_marge", "prix_plancher", "seuil_rentabilite")),
         _w('cout_de_revient = couts["cout_unitaire_ht"].sum()', "cout_de_revient"))),
    "b3_prix_de_vente_reponse": Region(
        OFFRE,
        "prix_de_vente_ht = round(cout_de_revient / 0.75, 0)",
        "prix_de_vente_ht = cout_de_revient / (1 - 25 / 100)",
        (_w("prix_de_vente_ht = round(cout_de_revient * 1.25)", "prix_de_vente", keeps=("seuil_rentabilite",)),
         _w("prix_de_vente_ht = round(cout_de_revient / 0.85)", "prix_de_vente"))),
    "b3_taux_de_marge_reponse": Region(
        OFFRE,
        "taux_de_marge = round(0.25 / (1 - 0.25) * 100, 1)",
        "taux_de_marge = (prix_de_vente_ht - cout_de_revient) / cout_de_revient * 100",
        (_w("taux_de_marge = round((prix_de_vente_ht - cout_de_revient) / prix_de_vente_ht * 100, 1)", "taux_de_marge"),
         _w("taux_de_marge = round(0.25 / 0.75, 3)", "taux_de_marge"))),
    "b3_prix_plancher_reponse": Region(
        OFFRE,
        "prix_plancher_ht = round(cout_de_revient / 0.85, 2)",
        "prix_plancher_ht = math.ceil(cout_de_revient / (1 - 0.15))",
        (_w("prix_plancher_ht = round(cout_de_revient * 1.15)", "prix_plancher"),
         _w("prix_plancher_ht = round(prix_de_vente_ht * 0.85)", "prix_plancher"))),
    "b3_seuil_rentabilite_reponse": Region(
        OFFRE,
        "seuil_commandes = -(-prix_de_vente_ht // (890 * 0.42))",
        "marge_unitaire = 890 * 42 / 100\nseuil_commandes = int(math.ceil(round(prix_de_vente_ht / marge_unitaire, 6)))",
        (_w("seuil_commandes = round(prix_de_vente_ht / (890 * 0.42))", "seuil_rentabilite"),
         _w("seuil_commandes = math.ceil(prix_de_vente_ht / 890)", "seuil_rentabilite"))),
    "b3_planning_reponse": Region(
        OFFRE,
        "duree_totale_semaines = float(planning['duree_semaines'].sum())\nmarge_semaines = 21.0 - duree_totale_semaines",
        'duree_totale_semaines = int(planning["duree_semaines"].sum())\n'
        'marge_semaines = (pd.Timestamp("2027-08-30") - pd.Timestamp("2027-04-05")).days / 7 - duree_totale_semaines',
        (_w("duree_totale_semaines = planning['duree_semaines'].sum()\nmarge_semaines = 3.9", "planning"),
         _w("duree_totale_semaines = planning['duree_semaines'].sum()\nmarge_semaines = duree_totale_semaines - 21",
            "planning"))),
    "b3_pareto_reponse": Region(
        ORAL,
        _PARETO.format(part='(pareto["nombre"] / len(reclamations) * 100).round(1)', cumul=_CUMUL),
        'pareto = reclamations.groupby("categorie").size().sort_values(ascending=False).to_frame("nombre")\n'
        'pareto["part_cumulee"] = (pareto["nombre"].cumsum() / len(reclamations) * 100).round(1)\n'
        'pareto["part"] = (pareto["nombre"] / len(reclamations) * 100).round(1)\n'
        'pareto = pareto[["part_cumulee", "part", "nombre"]].rename_axis("categorie").reset_index()',
        (_w(_PARETO.format(part='pareto["nombre"] / len(reclamations)', cumul=_CUMUL)
            .replace("value_counts()", "value_counts(ascending=True)"), "pareto", "pareto_part", "pareto_part_cumulee"),
         _w(_PARETO.format(part='pareto["nombre"] / pareto["nombre"].max() * 100', cumul='pareto["nombre"].cumsum()')
            .replace("value_counts()", "value_counts(normalize=True)"), "pareto", "pareto_part", "pareto_part_cumulee"))),
    "b3_causes_principales_reponse": Region(
        ORAL,
        'causes_principales = pareto[pareto["part_cumulee"] <= 80].index.tolist()',
        "causes_principales, cumul = [], 0\n"
        'for categorie, nombre in reclamations["categorie"].value_counts().items():\n'
        "    cumul += nombre\n"
        "    if cumul <= 0.8 * len(reclamations):\n"
        "        causes_principales.append(categorie)",
        (_w('causes_principales = list(pareto.index[pareto["part_cumulee"] <= 0.8])', "causes_principales"),
         _w('causes_principales = list(pareto.index[pareto["part_cumulee"].shift(fill_value=0) < 80])',
            "causes_principales"))),
    "b3_delai_median_reponse": Region(
        ORAL,
        'reclamations["delai_jours"] = (reclamations["date_cloture"] - reclamations["date_reception"]) / pd.Timedelta(days=1)\n'
        'delai_median = reclamations.groupby("categorie")["delai_jours"].agg("median").sort_values(ascending=False)',
        _DELAI + 'delai_median = reclamations.pivot_table(index="categorie", values="delai_jours", aggfunc="median")'
        '["delai_jours"].round().sort_values(ascending=False)',
        (_w(_DELAI + 'delai_median = reclamations.groupby("categorie")["delai_jours"].mean().sort_values(ascending=False)',
            "delai_median"),
         _w(_DELAI + 'delai_median = reclamations.groupby("categorie")["delai_jours"].median().sort_values()',
            "delai_median"))),
    "b3_taux_litiges_reponse": Region(
        ORAL,
        'taux_litiges = reclamations["litige"].eq("oui").sum() / len(reclamations) * 100',
        'taux_litiges = round(reclamations["litige"].value_counts(normalize=True)["oui"] * 100, 1)',
        (_w('taux_litiges = (reclamations["litige"] == "oui").mean()', "taux_litiges"),
         _w('taux_litiges = round((reclamations["litige"] == "oui").sum() / (reclamations["litige"] == "non").sum() * 100, 1)',
            "taux_litiges"))),
    "b3_ecoute_themes_reponse": Region(
        ORAL,
        "negatifs_lunea = avis.query(\"marque == 'Lunéa' and sentiment == 'négatif'\").groupby(\"theme\").size()"
        ".sort_values(ascending=False)",
        "from collections import Counter\n"
        'themes = Counter(t for m, s, t in zip(avis["marque"], avis["sentiment"], avis["theme"]) if (m, s) == ("Lunéa", "négatif"))\n'
        "negatifs_lunea = pd.Series(dict(themes.most_common()), dtype=float)",
        (_w('negatifs_lunea = avis[(avis["marque"] == "Lunéa") | (avis["sentiment"] == "négatif")]["theme"].value_counts()',
            "ecoute_themes"),
         _w('negatifs_lunea = avis[avis["marque"] == "Lunéa"]["theme"].value_counts()', "ecoute_themes"))),
    "b3_ecoute_concurrents_reponse": Region(
        ORAL,
        'part_negatif = avis.groupby("marque")["sentiment"].apply(lambda s: (s == "négatif").mean() * 100)',
        'part_negatif = pd.crosstab(avis["marque"], avis["sentiment"], normalize="index")["négatif"].mul(100).round(1)',
        (_w(_NEG + 'part_negatif = (avis.loc[avis["negatif"], "marque"].value_counts(normalize=True) * 100).round(1)',
            "ecoute_concurrents"),
         _w(_NEG + 'part_negatif = avis.groupby("marque")["negatif"].sum()', "ecoute_concurrents"))),
    "b3_exactitude_reponse": Region(
        ORAL,
        "exactitude_theme = validation_croisee(avis, k=5).mean() * 100\n"
        'exactitude_sentiment = float(validation_croisee(avis, 5, "sentiment").sum() / 5 * 100)',
        "from sklearn.model_selection import KFold, cross_val_score\n"
        "from cpmc_course.lessons.b3.ecoute import modele\n"
        'annotees = avis[avis["annote"] == "oui"]\n'
        'exactitude_theme = round(cross_val_score(modele(), list(annotees["texte"]), list(annotees["theme"]), cv=KFold(5)).mean() * 100, 1)\n'
        'exactitude_sentiment = round(validation_croisee(avis, k=5, etiquette="sentiment").mean() * 100, 1)',
        (_w("exactitude_theme = round(validation_croisee(avis, k=5).mean(), 3)\n"
            'exactitude_sentiment = round(validation_croisee(avis, k=5, etiquette="sentiment").mean(), 3)',
            "exactitude_theme", "exactitude_sentiment"),
         _w("exactitude_theme = round(validation_croisee(avis, k=5).max() * 100, 1)\n"
            "exactitude_sentiment = round(validation_croisee(avis, k=5).mean() * 100, 1)",
            "exactitude_theme", "exactitude_sentiment"))),
    "b3_cout_par_reclamation_reponse": Region(
        ORAL,
        'options["cout_par_reclamation_evitee"] = options["cout_ht"] / options["reclamations_evitees_par_mois"] / 6\n'
        'option_la_plus_efficiente = options.loc[options["cout_par_reclamation_evitee"].idxmin(), "option"]',
        _COUT_OPTION + 'option_la_plus_efficiente = min(zip(options["cout_par_reclamation_evitee"], options["option"]))[1]',
        (_w('options["cout_par_reclamation_evitee"] = (options["cout_ht"] / options["reclamations_evitees_par_mois"]).round(2)\n'
            'option_la_plus_efficiente = options.sort_values("cout_par_reclamation_evitee").iloc[0]["option"]',
            "cout_par_reclamation"),
         _w(_COUT_OPTION + 'option_la_plus_efficiente = options.sort_values("cout_par_reclamation_evitee", ascending=False)'
            '.iloc[0]["option"]', "cout_par_reclamation"))),
}


def correct_answers(assignment: str, which: str) -> dict[str, str]:
    """Every region of ``assignment`` answered by its correct variant ``which`` (``"a"`` or ``"b"``)."""
    return {gid: getattr(r, f"right_{which}") for gid, r in CATALOGUE.items() if r.assignment == assignment}


@functools.cache
def wrong_groups(assignment: str) -> list[list[tuple[str, str, Wrong]]]:
    """The wrong answers of ``assignment`` packed in copies that cannot influence each other's watched cells."""
    nb = nbformat.read(next((ROOT / "source" / assignment).glob("*.ipynb")), as_version=4)
    return packed(nb, {gid: r.wrong for gid, r in CATALOGUE.items() if r.assignment == assignment}, "b3_")
