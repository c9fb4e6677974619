"""Immediate checks of the bloc 4 lesson exercises: French feedback, never an exception."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...kit import Feedback, accepted, check_choice, check_number, no_answer, rejected
from ...kit.objectifs import objectives_table
from .pert import planifier, predecesseurs, reprevoir
from .projet import (
    causes_80,
    cout_externe,
    cout_interne,
    criticite,
    problemes_affectation,
    problemes_raci,
    risques_prioritaires,
    style_situationnel,
    tableau_pareto,
)


def objectives(*codes: str):
    """The official wording of competencies and bloc 4 criteria, as a Markdown table (:func:`objectives_table`)."""
    return objectives_table("B4", *codes)


def verifier_criticite(answer: Any, probabilite: float, impact: float) -> Feedback:
    """Criticality = probability × impact."""
    return check_number(
        answer,
        probabilite * impact,
        success="Juste : la criticité est le produit probabilité × impact.",
        traps=[(probabilite + impact, "Vous avez additionné : la criticité est un produit, probabilité × impact.")],
        hint="Multipliez la probabilité par l'impact.",
        rel_tol=1e-9,
    )


def verifier_duree_projet(answer: Any, taches: pd.DataFrame) -> Feedback:
    """Project duration = length of the critical path (not the sum of all durations)."""
    return check_number(
        answer,
        planifier(taches).duree,
        success="Juste : la durée du projet est la longueur du chemin critique.",
        traps=[(float(taches["duree"].sum()), "Vous avez additionné toutes les durées : des tâches se font en parallèle ; seul compte le chemin le plus long.")],
        hint="Cherchez le chemin le plus long du début à la fin (nx.dag_longest_path_length).",
        rel_tol=1e-9,
    )


def verifier_marge_totale(answer: Any, taches: pd.DataFrame, code: str) -> Feedback:
    """Total float of one task."""
    dates = planifier(taches).dates
    row = dates.loc[code]
    return check_number(
        answer,
        row["marge_totale"],
        success=f"Juste : la tâche {code} peut glisser de {row['marge_totale']:g} jours sans retarder le projet.",
        traps=[(row["marge_libre"], "C'est la marge libre (sans retarder la tâche suivante) ; la marge totale se mesure par rapport à la fin du projet.")],
        hint="Marge totale = fin au plus tard − début au plus tôt − durée.",
        rel_tol=1e-9,
    )


def _successeurs(taches: pd.DataFrame, code: str) -> list[str]:
    return [c for c, p in zip(taches["code"], taches["predecesseurs"]) if code in predecesseurs(p)]


def verifier_debut_tot(answer: Any, taches: pd.DataFrame, code: str) -> Feedback:
    """Earliest start of one task (forward pass)."""
    dates = planifier(taches).dates
    fins = [dates.loc[p, "fin_tot"] for p in predecesseurs(taches.set_index("code").loc[code, "predecesseurs"])]
    return check_number(
        answer,
        dates.loc[code, "debut_tot"],
        success=f"Juste : {code} attend la fin de son dernier prédécesseur, au jour {dates.loc[code, 'debut_tot']:g}.",
        traps=[(min(fins, default=0), "Vous avez pris la plus petite fin : une tâche attend que TOUS ses prédécesseurs soient finis, donc la plus grande.")],
        hint="Début au plus tôt = la plus grande des fins au plus tôt (début au plus tôt + durée) de ses prédécesseurs.",
        rel_tol=1e-9,
    )


def verifier_fin_tard(answer: Any, taches: pd.DataFrame, code: str) -> Feedback:
    """Latest finish of one task (backward pass)."""
    dates = planifier(taches).dates
    debuts = [dates.loc[s, "debut_tard"] for s in _successeurs(taches, code)]
    return check_number(
        answer,
        dates.loc[code, "fin_tard"],
        success=f"Juste : {code} doit être finie au jour {dates.loc[code, 'fin_tard']:g} pour ne pas retarder la fin du projet.",
        traps=[(max(debuts, default=-1), "Vous avez pris le plus grand début au plus tard : la tâche doit être finie avant que le PREMIER de ses successeurs doive commencer, donc le plus petit."),
               (dates.loc[code, "fin_tot"], "C'est la fin au plus tôt (passe avant) ; la fin au plus tard se calcule en remontant depuis la fin du projet.")],
        hint="Fin au plus tard = le plus petit des débuts au plus tard (fin au plus tard − durée) de ses successeurs.",
        rel_tol=1e-9,
    )


def verifier_marge_libre(answer: Any, taches: pd.DataFrame, code: str) -> Feedback:
    """Free float of one task: the smallest earliest start of its successors − its earliest finish."""
    dates = planifier(taches).dates
    fin = dates.loc[code, "fin_tot"]
    autres = [(dates.loc[s, "debut_tot"] - fin, f"Vous avez pris le successeur {s} : la marge libre se mesure au successeur qui commence le plus tôt (le plus petit début au plus tôt de TOUS les successeurs).")
              for s in _successeurs(taches, code)]
    return check_number(
        answer,
        dates.loc[code, "marge_libre"],
        success=f"Juste : {code} peut glisser de {dates.loc[code, 'marge_libre']:g} jours sans retarder le début au plus tôt d'aucun successeur.",
        traps=[*autres, (dates.loc[code, "marge_totale"], "C'est la marge totale (par rapport à la fin du projet) ; la marge libre ne retarde aucune autre tâche.")],
        hint="Marge libre = min(début au plus tôt des successeurs) − fin au plus tôt de la tâche.",
        rel_tol=1e-9,
    )


def verifier_taches_critiques(answer: Any, taches: pd.DataFrame) -> Feedback:
    """The set of critical tasks, every critical path included (ties)."""
    if answer is None:
        return no_answer()
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, set, frozenset)):
        return rejected("Donnez un ensemble (ou une liste) de codes, par exemple {\"A\", \"B\"}, pas un texte.")
    plan = planifier(taches)
    attendu = set().union(*map(set, plan.chemins))
    donne = {str(c) for c in answer} - {"Début", "Fin"}
    if donne == attendu:
        return accepted(f"Juste : {len(plan.chemins)} chemins critiques à égalité, {len(attendu)} tâches sans marge.")
    if any(donne == set(chemin) for chemin in plan.chemins):
        return rejected("C'est un chemin critique, mais un autre chemin a la même longueur : gardez toutes les tâches dont la marge totale est nulle.")
    return rejected("Une tâche est critique quand sa marge totale est nulle : relisez la colonne marge_totale.")


def verifier_risques_prioritaires(answer: Any, risques: pd.DataFrame) -> Feedback:
    """The three most critical risks (probability × impact), ties with the third kept."""
    if answer is None:
        return no_answer()
    attendu = risques_prioritaires(risques)
    donne = {answer} if isinstance(answer, str) else set(answer)
    if donne == attendu:
        return accepted("Juste : les risques les plus critiques (probabilité × impact), ex aequo compris.")
    par_probabilite = set(risques.sort_values("probabilite", ascending=False, kind="stable")["code"].head(3))
    if donne == par_probabilite:
        return rejected("Vous avez trié par probabilité : un risque moins probable mais grave peut être plus critique. Triez par criticité.")
    plus_haute = set(criticite(risques).sort_values(ascending=False, kind="stable").index[:3])
    if donne < attendu or donne == plus_haute:
        return rejected("Il manque un risque ex aequo : à criticité égale, gardez les deux.")
    return rejected("Calculez la criticité (probabilité × impact) et gardez les trois plus élevées.")


def verifier_fin_reprevue(answer: Any, taches: pd.DataFrame, suivi: pd.DataFrame, jour_suivi: float) -> Feedback:
    """Re-forecast project finish (working days) from the tracking grid."""
    fin = max(reprevoir(taches, suivi, jour_suivi).values())
    return check_number(
        answer,
        fin,
        success=f"Juste : avec les restes à faire déclarés, le projet finit au jour {fin:g}.",
        traps=[(planifier(taches).duree, "C'est la durée prévue au départ : la grille de suivi dit ce qui reste à faire, le planning doit être refait."),
               (jour_suivi + float(suivi["reste_a_faire"].max()), "Vous avez ajouté le plus grand reste à faire : les tâches qui n'ont pas commencé attendent encore leurs prédécesseurs.")],
        hint="Une tâche de la grille finit au jour de la grille + son reste à faire ; les autres commencent après leurs prédécesseurs reprévus.",
        rel_tol=1e-9,
    )


def verifier_raci(raci: Any) -> Feedback:
    """A RACI matrix: one « A » and at least one « R » per task."""
    if raci is None:
        return no_answer()
    if not isinstance(raci, pd.DataFrame):
        return rejected("La matrice RACI est une table pandas : une ligne par tâche, une colonne par membre.")
    problems = problemes_raci(raci)
    if problems:
        return rejected(" ".join(problems[:3]))
    return accepted("Juste : chaque tâche a un seul approbateur et au moins une personne qui la réalise.")


def verifier_affectation(affectation: Any, taches: pd.DataFrame, equipe: pd.DataFrame) -> Feedback:
    """Every internal task to a member who holds its skill, nobody overloaded."""
    if affectation is None:
        return no_answer()
    problems = problemes_affectation(affectation, taches, equipe)
    if problems:
        return rejected(" ".join(problems[:3]))
    return accepted("Juste : chaque tâche interne revient à un membre compétent, sans dépasser ses disponibilités.")


def verifier_budget(answer: Any, affectation: dict, taches: pd.DataFrame, equipe: pd.DataFrame, devis: pd.DataFrame, autres: float) -> Feedback:
    """Budget = internal work + cheapest quotes + other costs."""
    interne = cout_interne(affectation, taches, equipe)
    par_duree = cout_interne(affectation, taches.assign(charge_jours=taches["duree"]), equipe)
    return check_number(
        answer,
        interne + cout_externe(devis) + autres,
        success="Juste : travail interne, devis retenus et autres frais.",
        traps=[
            (par_duree + cout_externe(devis) + autres, "Vous avez multiplié la durée par le coût journalier : le coût du travail se calcule sur la charge (jours-personne), pas sur la durée."),
            (interne + float(devis["montant_ht"].sum()) + autres, "Vous avez compté tous les devis : on n'en retient qu'un par compétence, le moins cher."),
            (interne + cout_externe(devis), "Il manque les autres frais (licence, hébergement…)."),
        ],
        hint="Budget = Σ charge × coût journalier + devis retenus + autres frais.",
        rel_tol=1e-6,
    )


def verifier_causes_80(answer: Any, incidents: pd.DataFrame) -> Feedback:
    """Pareto: causes up to the one that crosses 80 %."""
    if answer is None:
        return no_answer()
    attendu = causes_80(tableau_pareto(incidents["cause"].value_counts()))
    if list(answer) == attendu:
        return accepted(f"Juste : {len(attendu)} causes font au moins 80 % des incidents.")
    if list(answer) == attendu[:-1]:
        return rejected("Il manque la cause qui fait franchir 80 % : gardez-la, c'est elle qui fait atteindre le seuil.")
    return rejected("Triez les causes par nombre décroissant et gardez-les jusqu'à celle qui fait franchir 80 % du cumul.")


def verifier_style(answer: Any, competence: str, motivation: str) -> Feedback:
    """Situational leadership (Blanchard's SLII): the style suited to a member's skill and motivation."""
    attendu = style_situationnel(competence, motivation)
    return check_choice(
        answer,
        attendu,
        options=["directif", "persuasif", "participatif", "délégatif"],
        success=f"Juste : compétence {competence}, motivation {motivation} → style {attendu}.",
        hints={
            "délégatif": "Déléguer suppose compétence ET motivation élevées.",
            "directif": "Dans le SLII, le style directif convient à un débutant enthousiaste (compétence faible, motivation élevée).",
            "persuasif": "Dans le SLII, le style persuasif convient à qui manque de compétence et de motivation.",
            "participatif": "Le style participatif convient à un collaborateur compétent mais peu motivé.",
        },
    )
