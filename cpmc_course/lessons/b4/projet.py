"""Project management calculations of bloc 4: skills, allocation, budget, risks, tracking, Pareto.

Pure functions over the case tables (the training case ``case_studies/b4_combes`` has
the exam case's columns); the lessons, the épreuve's instructor notes and the tests
share them. Amounts are
in € HT, workloads in person-days.
"""

from __future__ import annotations

import pandas as pd


def competences_membres(equipe: pd.DataFrame) -> dict[str, set[str]]:
    """Member name → set of skills (the ``competences`` column lists them separated by « ; »)."""
    return {row.membre: {c.strip() for c in row.competences.split(";")} for row in equipe.itertuples()}


def competences_manquantes(taches: pd.DataFrame, equipe: pd.DataFrame) -> list[str]:
    """Skills required by a task that no internal member holds, sorted."""
    internes = set().union(*competences_membres(equipe).values())
    return sorted(set(taches["competence"]) - internes)


def problemes_affectation(affectation: dict[str, str], taches: pd.DataFrame, equipe: pd.DataFrame) -> list[str]:
    """French list of what is wrong with an allocation task code → member (empty when right).

    Every task whose skill is held internally must go to a member who holds it;
    no member may be loaded beyond their available days; tasks left to external
    providers must not be allocated.
    """
    if not isinstance(affectation, dict):
        return ["L'affectation doit être un dictionnaire {code de la tâche : nom du membre}."]
    skills = competences_membres(equipe)
    dispo = dict(zip(equipe["membre"], equipe["jours_disponibles"]))
    externes = set(competences_manquantes(taches, equipe))
    problems, charge = [], {}
    for row in taches.itertuples():
        membre = affectation.get(row.code)
        if row.competence in externes:
            if membre is not None:
                problems.append(f"La tâche {row.code} demande la compétence « {row.competence} », absente en interne : elle va à un prestataire.")
            continue
        if membre is None:
            problems.append(f"La tâche {row.code} ({row.tache}) n'est affectée à personne.")
        elif membre not in skills:
            problems.append(f"{membre!r} n'est pas un membre de l'équipe (voir la colonne « membre »).")
        elif row.competence not in skills[membre]:
            problems.append(f"La tâche {row.code} demande « {row.competence} », que {membre} n'a pas.")
        else:
            charge[membre] = charge.get(membre, 0) + row.charge_jours
    extra = sorted(set(affectation) - set(taches["code"]))
    if extra:
        problems.append(f"Codes de tâche inconnus : {', '.join(extra)}.")
    for membre, jours in sorted(charge.items()):
        if jours > dispo[membre]:
            problems.append(f"{membre} est chargé·e de {jours:g} jours pour {dispo[membre]:g} jours disponibles.")
    return problems


def charge_par_membre(affectation: dict[str, str], taches: pd.DataFrame) -> pd.Series:
    """Person-days allocated to each member."""
    charge = taches.set_index("code")["charge_jours"]
    return pd.Series({code: charge[code] for code in affectation}).groupby(pd.Series(affectation)).sum()


def cout_interne(affectation: dict[str, str], taches: pd.DataFrame, equipe: pd.DataFrame) -> float:
    """Internal cost: Σ workload × daily cost of the member who does the task."""
    cout_jour = dict(zip(equipe["membre"], equipe["cout_jour"]))
    charge = dict(zip(taches["code"], taches["charge_jours"]))
    return float(sum(charge[code] * cout_jour[membre] for code, membre in affectation.items()))


def cout_externe(devis: pd.DataFrame) -> float:
    """External cost: the cheapest quote for each skill bought outside."""
    return float(devis.groupby("competence")["montant_ht"].min().sum())


def criticite(risques: pd.DataFrame) -> pd.Series:
    """Criticality = probability × impact (1 to 16), indexed by risk code."""
    return (risques["probabilite"] * risques["impact"]).set_axis(risques["code"])


def tableau_pareto(valeurs: pd.Series) -> pd.DataFrame:
    """Pareto table of counts per cause: sorted, share and cumulative share (in %)."""
    tri = valeurs.sort_values(ascending=False, kind="stable")
    part = tri / tri.sum() * 100
    return pd.DataFrame({"nombre": tri, "part": part, "part_cumulee": part.cumsum()})


def causes_80(pareto: pd.DataFrame, seuil: float = 80) -> list[str]:
    """The first causes up to and including the one whose cumulative share reaches ``seuil`` %."""
    causes = []
    for cause, cumul in pareto["part_cumulee"].items():
        causes.append(cause)
        if cumul >= seuil - 1e-9:
            break
    return causes


def ecarts_suivi(suivi: pd.DataFrame) -> pd.Series:
    """Workload used − earned workload (progress × planned), in days, by task code."""
    acquise = suivi["avancement_pct"] / 100 * suivi["charge_prevue"]
    return (suivi["charge_consommee"] - acquise).round(1).set_axis(suivi["code"])


STYLES = ("directif", "persuasif", "participatif", "délégatif")
"""The four management styles of situational leadership, from most to least directive."""

MODELES = {
    "SLII": {
        ("faible", "élevée"): "directif",
        ("faible", "faible"): "persuasif",
        ("élevée", "faible"): "participatif",
        ("élevée", "élevée"): "délégatif",
    },
    "Hersey-Blanchard": {
        ("faible", "faible"): "directif",
        ("faible", "élevée"): "persuasif",
        ("élevée", "faible"): "participatif",
        ("élevée", "élevée"): "délégatif",
    },
}
"""(competence, motivation) → style, as each model states it.

``"SLII"``: Blanchard, Zigarmi and Zigarmi's Situational Leadership II (1985):
D1, the enthusiastic beginner (low skill, high commitment) → directif; D2, the
disillusioned learner (low skill, low commitment) → persuasif (coaching).
``"Hersey-Blanchard"``: the original model (1969, « Life Cycle Theory of
Leadership »): R1, unable and unwilling → directif (telling); R2, unable but
willing → persuasif (selling). The two high-skill rows are the same in both.
"""


def style_situationnel(competence: str, motivation: str, modele: str = "SLII") -> str:
    """The style suited to a team member's skill and motivation on the task, in ``modele`` (see :data:`MODELES`)."""
    if modele not in MODELES:
        raise ValueError(f"Modèle inconnu : {modele!r}. Modèles : {', '.join(MODELES)}.")
    try:
        return MODELES[modele][(competence, motivation)]
    except KeyError:
        raise ValueError("compétence et motivation valent « faible » ou « élevée ».") from None


def risques_prioritaires(risques: pd.DataFrame, nombre: int = 3) -> set[str]:
    """Codes of the ``nombre`` most critical risks, and of any risk tied with the last one kept."""
    crit = criticite(risques).sort_values(ascending=False, kind="stable")
    seuil = crit.iloc[min(nombre, len(crit)) - 1]
    return set(crit.index[crit >= seuil])


def problemes_raci(raci: pd.DataFrame) -> list[str]:
    """French list of what breaks the RACI rules in a task × member table of letters (empty when right).

    Each task (row) has exactly one « A » and at least one « R »; a cell holds
    one of R, A, C, I or nothing.
    """
    problems = []
    for tache, ligne in raci.fillna("").astype(str).iterrows():
        lettres = [v.strip().upper() for v in ligne if v.strip()]
        inconnues = sorted(set(lettres) - set("RACI"))
        if inconnues:
            problems.append(f"Tâche {tache} : lettre(s) {', '.join(inconnues)} inconnue(s) ; utilisez R, A, C ou I.")
        if lettres.count("A") != 1:
            problems.append(f"Tâche {tache} : {lettres.count('A')} approbateur(s) « A » ; il en faut exactement un.")
        if "R" not in lettres:
            problems.append(f"Tâche {tache} : personne ne la réalise (aucun « R »).")
    return problems
