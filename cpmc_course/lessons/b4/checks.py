"""Immediate checks of the bloc 4 lesson exercises: French feedback, never an exception."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...kit import Feedback, accepted, check_choice, check_number, no_answer, rejected
from ...kit.objectifs import objectives_table
from .pert import planifier
from .projet import causes_80, cout_externe, cout_interne, problemes_affectation, style_situationnel, tableau_pareto


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
    return check_number(
        answer,
        interne + cout_externe(devis) + autres,
        success="Juste : travail interne, devis retenus et autres frais.",
        traps=[
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
    """Situational leadership: the style suited to a member's skill and motivation."""
    attendu = style_situationnel(competence, motivation)
    return check_choice(
        answer,
        attendu,
        options=["directif", "persuasif", "participatif", "délégatif"],
        success=f"Juste : compétence {competence}, motivation {motivation} → style {attendu}.",
        hints={
            "délégatif": "Déléguer suppose compétence ET motivation élevées.",
            "directif": "Le style directif convient à un débutant motivé : ici, regardez la compétence et la motivation.",
            "persuasif": "Le style persuasif convient à qui manque de compétence et de motivation.",
            "participatif": "Le style participatif convient à un collaborateur compétent mais peu motivé.",
        },
    )
