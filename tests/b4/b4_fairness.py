"""The fairness catalogue of the bloc 4 épreuve (CONTENT.md §9): every solution region answered right and wrong.

For each solution code cell of the automatically graded notebooks (team project parts
1 and 2, individual part): two correct variants (``A``: another route or container;
``B``: another type, rounding or order) and plausible wrong answers (cost = duration ×
daily cost instead of workload, a budget without its contingency or coordination time or with a
contingency outside 5–15 %, top risks by probability only, a single longest path
when two tie, free float = total float, a date one day late or in calendar days, a
Pareto share as a fraction...), each naming the test cells it must fail and, where
the error must not be punished twice, the later cells that must keep their points.
The correct copies hold every region replaced at once and must score every automatic
point; the wrong answers are packed into copies where no answer can influence
another's cell or watched cells (``tests/cell_dependencies.py``). Everything is graded
in the one autograde run of ``test_b4_assignment_nbgrader.py``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import nbformat
from fairness import Wrong, check_reasons, outcomes, packed, replaced

TEAM, INDIVIDUAL = "b4_projet_web_equipe", "b4_projet_web_individuel"
P1, P2, PI = "1_cadrage_budget_risques", "2_planning_suivi_problemes", "1_contribution_individuelle"
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Region:
    """One solution cell: its assignment and notebook, two correct answers, the wrong ones."""

    assignment: str
    notebook: str
    right_a: str
    right_b: str
    wrong: tuple[Wrong, ...]


def _w(code: str, *fails: str, keeps: tuple[str, ...] = ()) -> Wrong:
    return Wrong(code, tuple(f"b4{f}" for f in fails), tuple(f"b4{k}" for k in keeps))


_AFFECTATION = {"A": "Sophie Arnaud", "B": "Sophie Arnaud", "M": "Sophie Arnaud", "N": "Sophie Arnaud",
                "D": "Camille Faure", "L": "Camille Faure", "E": "Julien Morel", "F": "Nadia Benali",
                "J": "Nadia Benali", "H": "Thomas Roux", "I": "Léa Perrin", "K": "Marc Delorme", "O": "Marc Delorme"}


def _affectation(**changes: str | None) -> str:
    table = {**_AFFECTATION, **changes}
    return f"affectation = {({k: v for k, v in table.items() if v is not None})!r}"


def _budget(taux: str = "0.1", total: str = "couts + provision", option: str = "set()",
            couts: str = 'cout_interne + cout_coordination + cout_externe + autres_frais["montant_ht"].sum()',
            provision: str = "taux_provision * couts", pct: str = "round(ecart / ENVELOPPE_HT * 100, 1)") -> str:
    """The budget cell with one step changed: the cheapest quotes (no option), the given rate, total and gap."""
    return (f'devis_retenus = {{"UX design": "Studio Pixel Nord", "développement connecteur caisse": "CodeFactory"}}\n'
            f"avec_option = {option}\n"
            'cout_externe = devis.groupby("competence")["montant_ht"].min().sum()\n'
            'cout_coordination = (equipe["jours_coordination"] * equipe["cout_jour"]).sum()\n'
            f"taux_provision = {taux}\ncouts = {couts}\nprovision = {provision}\nbudget_total = {total}\n"
            f"ecart = ENVELOPPE_HT - budget_total\necart_pct = {pct}")


_STYLES = {"Camille Faure": "directif", "Julien Morel": "participatif", "Nadia Benali": "délégatif",
           "Thomas Roux": "persuasif"}
_MARGE_LIBRE = ('dates["marge_libre"] = [min([debut_tot[s] for s in successeurs[c]], default=duree_projet)'
                ' - debut_tot[c] - duree[c] for c in dates.index]')
_SUIVI = ('suivi["charge_acquise"] = suivi["avancement_pct"] / 100 * suivi["charge_prevue"]\n'
          'suivi["ecart_jours"] = suivi["charge_consommee"] - suivi["charge_acquise"]\n')

CATALOGUE: dict[str, Region] = {
    "b4_competences_necessaires_reponse": Region(
        TEAM, P1,
        # French alphabetical order ('développement…' before 'UX design') is as right as Python's
        'competences_externes = sorted({c for c in taches["competence"] if c not in competences_equipe}, key=str.lower)',
        'competences_externes = set(taches["competence"]) - competences_equipe',
        (_w('competences_externes = sorted(set(taches["competence"]))', "_competences_necessaires"),
         _w('competences_externes = sorted(set(taches.loc[taches["competence"].isin(competences_equipe), "competence"]))',
            "_competences_necessaires"))),
    "b4_repartition_reponse": Region(
        TEAM, P1,
        "affectation = dict(zip(\"ABMNDLEFJHIKO\", [\"Sophie Arnaud\"] * 4 + [\"Camille Faure\"] * 2 + [\"Julien Morel\"]"
        " + [\"Nadia Benali\"] * 2 + [\"Thomas Roux\", \"Léa Perrin\"] + [\"Marc Delorme\"] * 2))",
        f"affectation = {dict(sorted(_AFFECTATION.items()))!r}",
        (_w(_affectation(D="Julien Morel", E="Julien Morel"), "_repartition_charge", keeps=("_repartition_competences",)),
         _w(_affectation(I="Nadia Benali"), "_repartition_competences", keeps=("_repartition_charge",)),
         # the booking module to Nadia Benali, who has the skill but not the days
         _w(_affectation(O="Nadia Benali"), "_repartition_charge", keeps=("_repartition_competences",)),
         _w(_affectation(K=None), "_repartition_competences", "_repartition_charge"))),
    "b4_budget_interne_reponse": Region(
        TEAM, P1,
        'repartition["cout"] = repartition.apply(lambda r: r["charge_jours"] * r["cout_jour"], axis=1)\n'
        'cout_interne = float(round(repartition["cout"].sum(), 2))',
        'repartition["cout"] = (repartition["charge_jours"] * repartition["cout_jour"]).astype(int)\n'
        'cout_interne = int(sum(repartition["cout"]))',
        (_w('repartition["cout"] = repartition["code"].map(dict(zip(taches["code"], taches["duree"]))) * repartition["cout_jour"]\n'
            'cout_interne = repartition["cout"].sum()', "_budget_interne", keeps=("_budget_total",)),
         _w('repartition["cout"] = repartition["charge_jours"] * repartition["cout_jour"]\n'
            'cout_interne = repartition["charge_jours"].sum() * repartition["cout_jour"].mean()', "_budget_interne",
            keeps=("_budget_total",)))),
    "b4_budget_total_reponse": Region(
        TEAM, P1,
        # the other UX quote with its user-test option, a 5 % contingency: as right when the grid supports it
        'devis_retenus = dict(zip(["UX design", "développement connecteur caisse"], ["Studio Pixel Nord", "CodeFactory"]))\n'
        'avec_option = ["Studio Pixel Nord"]\n'
        '_d = devis.set_index("prestataire")\n'
        'cout_externe = float(sum(_d.loc[p, "montant_ht"] + (_d.loc[p, "option_tests_ht"] if p in avec_option else 0)'
        ' for p in devis_retenus.values()))\n'
        'cout_coordination = equipe.eval("jours_coordination * cout_jour").sum()\n'
        'taux_provision = 0.05\n'
        'provision = round(taux_provision * (cout_interne + cout_coordination + cout_externe + autres_frais["montant_ht"].sum()), 2)\n'
        'budget_total = cout_interne + cout_coordination + cout_externe + autres_frais["montant_ht"].sum() + provision\n'
        "ecart = ENVELOPPE_HT - budget_total\necart_pct = ecart / ENVELOPPE_HT * 100",
        # the UX quote without the tests and the dearer connector (the justification is graded by hand), 15 %
        'devis_retenus = {"UX design": "Studio Pixel Nord", "développement connecteur caisse": "DevLyon"}\n'
        "avec_option = set()\n"
        'cout_externe = devis.loc[devis["prestataire"].isin(list(devis_retenus.values())), "montant_ht"].sum()\n'
        'cout_coordination = float((equipe["jours_coordination"] * equipe["cout_jour"]).sum())\n'
        "taux_provision = 0.15\n"
        'couts = sum([cout_interne, cout_coordination, cout_externe, *autres_frais["montant_ht"]])\n'
        "provision = couts * taux_provision\nbudget_total = round(couts + provision, 2)\n"
        "ecart = round(40000 - budget_total, 2)\necart_pct = round(ecart / 40000 * 100, 1)",
        (_w(_budget(taux="0.2"), "_budget_total"),
         _w(_budget(total="couts"), "_budget_total"),
         _w(_budget(couts='cout_interne + cout_externe + autres_frais["montant_ht"].sum()'), "_budget_total"),
         _w(_budget(provision="taux_provision * ENVELOPPE_HT"), "_budget_total"),
         _w(_budget(pct="round(ecart / budget_total * 100, 1)"), "_budget_total"))),
    "b4_criticite_risques_reponse": Region(
        TEAM, P1,
        'risques["criticite"] = risques.eval("probabilite * impact")\n'
        'risques_prioritaires = set(risques.nlargest(3, "criticite")["code"])',
        'risques["criticite"] = risques["probabilite"].mul(risques["impact"]).astype(float)\n'
        'risques_prioritaires = tuple(risques.sort_values("criticite")["code"].tail(3))',
        (_w('risques["criticite"] = risques["probabilite"] * risques["impact"]\n'
            'risques_prioritaires = risques.sort_values("probabilite", ascending=False)["code"].head(3).tolist()',
            "_criticite_risques"),
         _w('risques["criticite"] = risques["probabilite"] * risques["impact"]\n'
            'risques_prioritaires = risques.sort_values(["probabilite", "impact"], ascending=False)["code"].head(3).tolist()',
            "_criticite_risques"),
         _w('risques["criticite"] = risques["probabilite"] + risques["impact"]\n'
            'risques_prioritaires = risques.sort_values("criticite", ascending=False)["code"].head(3).tolist()',
            "_criticite_risques"))),
    "b4_pert_passe_avant_reponse": Region(
        TEAM, P2,
        "debut_tot[code] = 0 if not preds[code] else max(debut_tot[p] + duree[p] for p in preds[code])",
        'debut_tot[code] = float(max([0] + [debut_tot[p] + taches.set_index("code").loc[p, "duree"] for p in preds[code]]))',
        (_w("debut_tot[code] = max([debut_tot[p] for p in preds[code]], default=0)", "_pert_passe_avant"),
         _w("debut_tot[code] = min([debut_tot[p] + duree[p] for p in preds[code]], default=0)", "_pert_passe_avant"))),
    "b4_pert_passe_arriere_reponse": Region(
        TEAM, P2,
        "fin_tard[code] = min((fin_tard[s] - duree[s] for s in successeurs[code]), default=duree_projet)",
        "fin_tard[code] = float(duree_projet if not successeurs[code] else min(fin_tard[s] - duree[s] for s in successeurs[code]))",
        (_w("fin_tard[code] = min([fin_tard[s] for s in successeurs[code]], default=duree_projet)", "_pert_passe_arriere"),
         _w("fin_tard[code] = max([fin_tard[s] - duree[s] for s in successeurs[code]], default=duree_projet)",
            "_pert_passe_arriere"))),
    "b4_pert_marges_reponse": Region(
        TEAM, P2,
        'dates["marge_totale"] = dates["debut_tard"] - dates["debut_tot"]\n'
        'dates["marge_libre"] = pd.Series({c: min([dates.loc[s, "debut_tot"] for s in successeurs[c]], default=duree_projet)'
        ' - dates.loc[c, "fin_tot"] for c in dates.index})',
        'dates["marge_totale"] = (dates["fin_tard"] - dates["fin_tot"]).astype(float)\n' + _MARGE_LIBRE,
        (_w('dates["marge_totale"] = dates["fin_tard"] - dates["debut_tot"] - dates["duree"]\n'
            'dates["marge_libre"] = dates["marge_totale"]', "_pert_marge_libre",
            keeps=("_pert_marges", "_pert_chemin_critique")),
         _w('dates["marge_totale"] = dates["fin_tard"] - dates["debut_tot"]\n' + _MARGE_LIBRE, "_pert_marges",
            keeps=("_pert_marge_libre",)),
         _w('dates["marge_totale"] = dates["fin_tard"] - dates["fin_tot"] + 1\n'
            'dates["marge_libre"] = [min([dates.loc[s, "debut_tard"] for s in successeurs[c]], default=duree_projet)'
            ' - dates.loc[c, "fin_tot"] for c in dates.index]', "_pert_marges", "_pert_marge_libre"))),
    "b4_chemin_critique_reponse": Region(
        TEAM, P2,
        'taches_critiques = sorted(dates.index[dates["fin_tard"] == dates["fin_tot"]])',
        "taches_critiques = frozenset(c for c in dates.index if debut_tot[c] + duree[c] == fin_tard[c])",
        (_w('taches_critiques = [t for t in nx.dag_longest_path(reseau, weight="duree") if t not in ("Début", "Fin")]',
            "_pert_chemin_critique"),
         _w('taches_critiques = "".join(sorted(dates.index[dates["marge_totale"] == 0]))', "_pert_chemin_critique"))),
    "b4_date_mise_en_ligne_reponse": Region(
        TEAM, P2,
        "date_mise_en_ligne = jours_ouvres[duree_projet - 1].date()",
        'date_mise_en_ligne = pd.bdate_range("2027-01-04", periods=duree_projet)[-1]',
        (_w("date_mise_en_ligne = jours_ouvres[duree_projet]", "_date_mise_en_ligne"),
         _w('date_mise_en_ligne = pd.Timestamp("2027-01-04") + pd.Timedelta(days=duree_projet - 1)',
            "_date_mise_en_ligne"))),
    "b4_grille_suivi_reponse": Region(
        TEAM, P2,
        'suivi["charge_acquise"] = (suivi["avancement_pct"] * suivi["charge_prevue"] / 100).round(2)\n'
        'suivi["ecart_jours"] = suivi["charge_consommee"] - suivi["charge_acquise"]\n'
        'taches_en_derive = list(suivi.query("ecart_jours > 0.001")["code"])',
        'suivi = suivi.assign(charge_acquise=suivi["charge_prevue"] * suivi["avancement_pct"] / 100)\n'
        'suivi["ecart_jours"] = (suivi["charge_consommee"] - suivi["charge_acquise"]).round(1)\n'
        'taches_en_derive = sorted(suivi.loc[suivi["ecart_jours"] > 0, "code"], reverse=True)',
        (_w(_SUIVI.replace('suivi["charge_consommee"] - suivi["charge_acquise"]',
                           'suivi["charge_consommee"] - suivi["charge_prevue"]')
            + 'taches_en_derive = suivi.loc[suivi["ecart_jours"] > 0.001, "code"].tolist()', "_grille_suivi"),
         _w(_SUIVI + 'taches_en_derive = suivi.loc[suivi["ecart_jours"] >= 0, "code"].tolist()', "_grille_suivi"),
         _w(_SUIVI + 'taches_en_derive = suivi.loc[suivi["charge_consommee"] > suivi["charge_prevue"], "code"].tolist()',
            "_grille_suivi"))),
    "b4_reprevision_reponse": Region(
        TEAM, P2,
        "fin_reprevue[code] = JOUR_SUIVI + reste[code] if code in reste else "
        "max([JOUR_SUIVI, *(fin_reprevue[p] for p in preds[code])]) + duree[code]",
        "fin_reprevue[code] = int(JOUR_SUIVI + reste[code]) if code in reste else "
        "max(max((fin_reprevue[p] for p in preds[code]), default=0), JOUR_SUIVI) + duree[code]",
        (_w("fin_reprevue[code] = max([fin_reprevue[p] for p in preds[code]], default=0) + duree[code]", "_reprevision"),
         _w("fin_reprevue[code] = JOUR_SUIVI + reste.get(code, duree[code])", "_reprevision"))),
    "b4_pareto_incidents_reponse": Region(
        TEAM, P2,
        # « cause » as a column, not the index, is as right
        'pareto = incidents.groupby("cause").size().sort_values(ascending=False).reset_index(name="nombre")\n'
        'pareto["part_cumulee"] = pareto["nombre"].cumsum() / len(incidents) * 100',
        'pareto = incidents["cause"].value_counts().to_frame("nombre")\n'
        'pareto["part_cumulee"] = (pareto["nombre"] / pareto["nombre"].sum() * 100).cumsum().round(1)',
        (_w('pareto = incidents["cause"].value_counts().to_frame("nombre")\n'
            'pareto["part_cumulee"] = pareto["nombre"].cumsum() / pareto["nombre"].sum()', "_pareto_incidents"),
         _w('pareto = incidents["cause"].value_counts().sort_index().to_frame("nombre")\n'
            'pareto["part_cumulee"] = pareto["nombre"].cumsum() / pareto["nombre"].sum() * 100', "_pareto_incidents"),
         _w('pareto = incidents.groupby("cause")["heures_perdues"].sum().sort_values(ascending=False).to_frame("nombre")\n'
            'pareto["part_cumulee"] = pareto["nombre"].cumsum() / pareto["nombre"].sum() * 100', "_pareto_incidents"))),
    "b4_pareto_causes_80_reponse": Region(
        TEAM, P2,
        'causes_80 = []\nfor cause, cumul in zip(pareto["cause"], pareto["part_cumulee"]):\n'
        "    causes_80.append(cause)\n    if cumul >= 80:\n        break\nnb_causes_80 = len(causes_80)",
        'nb_causes_80 = int((pareto["part_cumulee"].shift(fill_value=0) < 80).sum())\n'
        "causes_80 = list(pareto.index[:nb_causes_80])",
        (_w('nb_causes_80 = (pareto["part_cumulee"] < 80).sum()\ncauses_80 = pareto.index[:nb_causes_80].tolist()',
            "_pareto_causes_80"),
         # the 20 % of causes (« 80/20 » read the wrong way round)
         _w('nb_causes_80 = max(1, round(len(pareto) * 0.2))\ncauses_80 = pareto.index[:nb_causes_80].tolist()',
            "_pareto_causes_80"))),
    "b4i_styles_reponse": Region(
        INDIVIDUAL, PI,
        '_regle = {("faible", "élevée"): "directif", ("faible", "faible"): "persuasif",\n'
        '          ("élevée", "faible"): "participatif", ("élevée", "élevée"): "délégatif"}\n'
        'styles = {m: _regle[(c, mo)] for m, c, mo in zip(situations["membre"], situations["competence"], situations["motivation"])}',
        f"styles = dict(reversed({list(_STYLES.items())!r}))",
        (_w(f"styles = {({**_STYLES, 'Camille Faure': 'persuasif', 'Thomas Roux': 'directif'})!r}",
            "i_style_camille", "i_style_thomas", keeps=("i_style_julien", "i_style_nadia")),
         _w(f"styles = {({**_STYLES, 'Julien Morel': 'délégatif', 'Nadia Benali': 'participatif'})!r}",
            "i_style_julien", "i_style_nadia", keeps=("i_style_camille", "i_style_thomas")),
         _w(f"styles = {({m: 'directif' for m in _STYLES})!r}", "i_style_julien", "i_style_nadia", "i_style_thomas",
            keeps=("i_style_camille",)),
         _w(f"styles = {({m: s.capitalize() for m, s in _STYLES.items()})!r}",
            "i_style_camille", "i_style_julien", "i_style_nadia", "i_style_thomas"))),
}


def source(assignment: str, notebook: str):
    """The source notebook (solution and hidden tests) of ``assignment``."""
    return nbformat.read(ROOT / "source" / assignment / f"{notebook}.ipynb", as_version=4)


def notebooks() -> list[tuple[str, str]]:
    """(assignment, notebook) of every notebook with a solution region in the catalogue."""
    return sorted({(r.assignment, r.notebook) for r in CATALOGUE.values()})


def correct_answers(assignment: str, notebook: str, which: str) -> dict[str, str]:
    """Every region of the notebook answered by its correct variant ``which`` (``"a"`` or ``"b"``)."""
    return {gid: getattr(r, f"right_{which}") for gid, r in CATALOGUE.items()
            if (r.assignment, r.notebook) == (assignment, notebook)}


@functools.cache
def wrong_groups(assignment: str, notebook: str) -> list[list[tuple[str, str, Wrong]]]:
    """The notebook's wrong answers packed in copies that cannot influence each other's watched cells."""
    wrongs = {gid: r.wrong for gid, r in CATALOGUE.items() if (r.assignment, r.notebook) == (assignment, notebook)}
    return packed(source(assignment, notebook), wrongs, "")


__all__ = ["CATALOGUE", "Region", "Wrong", "check_reasons", "correct_answers", "notebooks", "outcomes", "replaced",
           "source", "wrong_groups"]
