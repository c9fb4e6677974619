"""The bloc 2 exercise checks: the expected value is recomputed with :mod:`.rules` or plain Python.

Each ``verifier_*`` takes the learner's answer (``None`` while the exercise is not
done) and the data of the exercise, and returns French feedback; it never raises.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from ...kit.feedback import Feedback, check_choice, check_number
from ...kit.nombres import fr_euros, fr_nombre
from .rules import (
    FIELD_DAYS,
    VISIT_FREQUENCIES,
    VISITS_PER_DAY,
    abc_classes,
    schedule,
    staff_needed,
    visit_workload,
)


def _pct_tol(expected: float) -> float:
    """Relative tolerance that accepts a percentage rounded to the tenth (and sensible rounding of large ones)."""
    return max(0.005, 0.051 / max(abs(expected), 1e-9))


def _row(frame: pd.DataFrame, column: str, value: str) -> dict:
    return frame.loc[frame[column] == value].iloc[0].to_dict()


def verifier_cout_par_lead(reponse: Any, actions: pd.DataFrame, action: str) -> Feedback:
    """Cost per lead of one action, in euros: cost / leads."""
    r = _row(actions, "action", action)
    expected = r["cout"] / r["leads"]
    return check_number(
        reponse, expected,
        success=f"Chaque lead de « {action} » a coûté {fr_euros(expected)}.",
        traps=[(r["cout"] / r["contacts"], "Vous avez divisé par les contacts : le coût par lead se calcule sur les leads."),
               (r["cout"] / r["commandes"], "C'est le coût par commande ; on demande le coût par lead.")],
        hint="Coût par lead = coût de l'action / nombre de leads.",
    )


def verifier_roi_action(reponse: Any, actions: pd.DataFrame, action: str) -> Feedback:
    """ROI of one action, in %: (gross margin generated − cost) / cost × 100."""
    r = _row(actions, "action", action)
    expected = (r["marge_generee"] - r["cout"]) / r["cout"] * 100
    return check_number(
        reponse, expected, rel_tol=_pct_tol(expected),
        success=f"ROI de {fr_nombre(expected, 1)} % : chaque euro dépensé a rapporté {fr_nombre(1 + expected / 100, 2)} € de marge brute.",
        traps=[((r["ca_genere"] - r["cout"]) / r["cout"] * 100, "Vous avez pris le chiffre d'affaires : le ROI se calcule sur la marge brute générée."),
               (expected / 100, "Votre calcul est juste mais exprimé en proportion : multipliez par 100 pour l'avoir en %."),
               (r["marge_generee"] / r["cout"] * 100, "Vous avez oublié de retrancher le coût : ROI = (marge − coût) / coût.")],
        hint="ROI = (marge brute générée − coût) / coût × 100.",
    )


def verifier_part_ca_classe_a(reponse: Any, comptes: pd.DataFrame) -> Feedback:
    """Share of clients (not prospects) in class A, in %."""
    clients = comptes[comptes["statut"] == "client"]
    classes = abc_classes(dict(zip(clients["client_id"], clients["ca_2025"])))
    n_a = sum(1 for c in classes.values() if c == "A")
    expected = n_a / len(classes) * 100
    return check_number(
        reponse, expected, rel_tol=_pct_tol(expected),
        success=f"{fr_nombre(expected, 1)} % des clients ({n_a} sur {len(classes)}) font 80 % du chiffre d'affaires.",
        traps=[(n_a / len(comptes) * 100, "Vous avez divisé par tous les comptes : les prospects n'ont pas de classe ABC."),
               (expected / 100, "Exprimez la part en % (multipliez par 100).")],
        hint="Part des clients A = nombre de clients de classe A / nombre de clients × 100.",
    )


def verifier_zone_a_renforcer(reponse: Any, comptes: pd.DataFrame) -> Feedback:
    """The sector with the lowest penetration rate (revenue / potential)."""
    totals: dict[str, list[float]] = {}
    for zone, ca, pot in zip(comptes["secteur"], comptes["ca_2025"], comptes["potentiel"]):
        totals.setdefault(zone, [0.0, 0.0])
        totals[zone][0] += ca
        totals[zone][1] += pot
    rate = {z: ca / pot for z, (ca, pot) in totals.items()}
    expected = min(rate, key=rate.get)
    biggest = max(totals, key=lambda z: totals[z][1])
    return check_choice(
        reponse, expected, options=sorted(rate),
        success=f"{expected} : Outivis n'y capte que {fr_nombre(rate[expected] * 100, 1)} % du potentiel.",
        hints={biggest: "C'est le secteur au plus grand potentiel, mais on demande le moins pénétré (CA / potentiel le plus faible)."},
    )


def verifier_charge_visites(reponse: Any, classes: pd.Series) -> Feedback:
    """Visits needed in a year, from the class of every account (A, B, C or prospect)."""
    expected = visit_workload(classes)
    clients_only = visit_workload(c for c in classes if c != "prospect")
    return check_number(
        reponse, expected, rel_tol=1e-9,
        success=f"{fr_nombre(expected)} visites par an sont nécessaires.",
        traps=[(clients_only, f"Vous avez oublié les prospects : ils reçoivent aussi {VISIT_FREQUENCIES['prospect']} visites par an.")],
        hint="Charge = somme, sur tous les comptes, de la fréquence de visite de leur classe.",
    )


def verifier_effectif(reponse: Any, charge: float, jours: int = FIELD_DAYS, visites_par_jour: float = VISITS_PER_DAY) -> Feedback:
    """Sales representatives needed: workload / capacity, rounded up."""
    expected = staff_needed(charge, jours, visites_par_jour)
    exact = charge / (jours * visites_par_jour)
    return check_number(
        reponse, expected, rel_tol=1e-9,
        success=f"{expected} commerciaux ({fr_nombre(exact, 2)} arrondi à l'entier supérieur).",
        traps=[(int(exact), "Vous avez arrondi à l'entier inférieur : avec cet effectif, des visites ne seraient pas faites."),
               (exact, "Un commercial ne se partage pas : arrondissez à l'entier supérieur (math.ceil).")],
        hint="Effectif = charge de visites / (jours terrain × visites par jour), arrondi à l'entier supérieur.",
    )


def verifier_taux_realisation(reponse: Any, commerciaux: pd.DataFrame, nom: str) -> Feedback:
    """Achievement of one representative's objective, in %."""
    r = _row(commerciaux, "vendeur", nom)
    expected = r["ca_2025"] / r["objectif_2025"] * 100
    return check_number(
        reponse, expected, rel_tol=_pct_tol(expected),
        success=f"{nom} a réalisé {fr_nombre(expected, 1)} % de son objectif.",
        traps=[(r["objectif_2025"] / r["ca_2025"] * 100, "Vous avez inversé le rapport : CA réalisé / objectif."),
               (expected / 100, "Exprimez le taux en % (multipliez par 100).")],
        hint="Taux de réalisation = CA réalisé / objectif × 100.",
    )


SONCAS = ("Sécurité", "Orgueil", "Nouveauté", "Confort", "Argent", "Sympathie")


def verifier_motivation_soncas(reponse: Any, attendu: str) -> Feedback:
    """Which SONCAS motive a customer's sentence reveals."""
    return check_choice(
        reponse, attendu, options=SONCAS,
        success=f"Motivation « {attendu} » : l'argument doit y répondre en priorité.",
        hints={"Argent": "Le prix n'est pas ce qui inquiète ce client ; relisez sa phrase.",
               "Confort": "Le confort, c'est la facilité d'usage ; ce client parle d'autre chose."},
    )


def verifier_ecart_enveloppe(reponse: Any, plan: pd.DataFrame, enveloppe: float) -> Feedback:
    """Envelope − total budget (negative when the plan overruns), in euros."""
    total = sum(f + u * q for f, u, q in zip(plan["cout_fixe"], plan["cout_unitaire"], plan["quantite"]))
    expected = enveloppe - total
    return check_number(
        reponse, expected, rel_tol=1e-9,
        success=f"Écart de {fr_euros(expected)} : " + ("le plan tient dans l'enveloppe." if expected >= 0 else "le plan dépasse l'enveloppe, il faut arbitrer."),
        traps=[(total - enveloppe, "Le signe est inversé : écart = enveloppe − budget (négatif en cas de dépassement)."),
               (enveloppe - sum(plan["cout_fixe"]), "Vous n'avez compté que les coûts fixes : ajoutez coût unitaire × quantité.")],
        hint="Coût d'une action = coût fixe + coût unitaire × quantité ; écart = enveloppe − somme des coûts.",
    )


def verifier_roi_operation(reponse: Any, operations: pd.DataFrame, operation: str) -> Feedback:
    """Expected ROI of a sales-support operation, in %: (extra revenue × taux de marque − cost) / cost × 100."""
    r = _row(operations, "operation", operation)
    marge = r["ca_attendu"] * float(r["taux_de_marque"])
    expected = (marge - r["cout"]) / r["cout"] * 100
    return check_number(
        reponse, expected, rel_tol=_pct_tol(expected),
        success=f"ROI attendu de {fr_nombre(expected, 1)} % : chaque euro investi doit rapporter {fr_nombre(1 + expected / 100, 2)} € de marge.",
        traps=[((r["ca_attendu"] - r["cout"]) / r["cout"] * 100, "Vous avez pris le CA : convertissez-le d'abord en marge brute (× taux de marque)."),
               (expected / 100, "Exprimez le ROI en % (multipliez par 100).")],
        hint="Marge attendue = CA supplémentaire × taux de marque ; ROI = (marge − coût) / coût × 100.",
    )


def verifier_marge_jours(reponse: Any, calendrier: pd.DataFrame, debut: dt.date, date_limite: dt.date) -> Feedback:
    """Days between the end of the project (longest path from ``debut``) and the deadline."""
    tasks = list(zip(calendrier["tache"], calendrier["duree_jours"], (p.split(";") for p in calendrier["predecesseurs"])))
    end = debut + dt.timedelta(days=max(t["fin_tot"] for t in schedule(tasks).values()))
    expected = (date_limite - end).days
    end_to_end = (date_limite - debut - dt.timedelta(days=int(sum(calendrier["duree_jours"])))).days
    return check_number(
        reponse, expected, rel_tol=1e-9,
        success=f"Le projet finit le {end:%d/%m/%Y} : il reste {expected} jours de marge avant la date limite.",
        traps=[(-expected, "Le signe est inversé : marge = date limite − date de fin."),
               (end_to_end, "Vous avez mis toutes les tâches bout à bout : les tâches indépendantes avancent en parallèle.")],
        hint="Fin du projet = début + durée du plus long chemin (chemin critique) ; marge = date limite − fin, en jours.",
    )


def verifier_objectif_euros(reponse: Any, comptes: pd.DataFrame, metier: str, hausse: float) -> Feedback:
    """An objective of ``hausse`` (a proportion) more revenue in one trade, turned into euros of extra revenue."""
    base = sum(ca for m, ca in zip(comptes["metier"], comptes["ca_2025"]) if m == metier)
    expected = base * hausse
    return check_number(
        reponse, expected, rel_tol=0.001,
        success=f"L'objectif vaut {fr_euros(expected)} de CA en plus ({metier} : {fr_euros(base)} en 2025) : c'est ce "
                "que les actions doivent apporter.",
        traps=[(base * (1 + hausse), "C'est le CA visé ; l'objectif à couvrir par les actions est la hausse (CA visé − CA actuel)."),
               (sum(comptes["ca_2025"]) * hausse, f"Vous avez pris le CA de tous les métiers : l'objectif porte sur « {metier} ».")],
        hint="Hausse visée en euros = CA 2025 du métier × taux de hausse (en proportion).",
    )


def verifier_couverture_objectif(reponse: Any, actions: pd.DataFrame, action: str, quantite: float,
                                 comptes: pd.DataFrame, metier: str, hausse: float) -> Feedback:
    """Share (in %) of a trade's growth objective in euros covered by ``quantite`` actions at last year's revenue per contact."""
    objectif = sum(ca for m, ca in zip(comptes["metier"], comptes["ca_2025"]) if m == metier) * hausse
    r = _row(actions, "action", action)
    contribution = quantite * r["ca_genere"] / r["contacts"]
    expected = contribution / objectif * 100
    return check_number(
        reponse, expected, rel_tol=_pct_tol(expected),
        success=f"Les {fr_nombre(quantite)} actions prévues apporteraient {fr_euros(contribution)}, {fr_nombre(expected, 1)} % de "
                "l'objectif : il faut une autre action (ou réviser l'objectif) pour le reste." if expected < 100 else
                f"Les actions couvrent {fr_nombre(expected, 1)} % de l'objectif.",
        traps=[(quantite * r["ca_genere"] / r["commandes"] / objectif * 100,
                "Vous avez pris le CA par commande : toutes les démonstrations ne donnent pas une commande, prenez le CA "
                "par démonstration (colonne contacts)."),
               (objectif / contribution * 100, "Le rapport est inversé : contribution des actions / objectif."),
               (expected / 100, "Exprimez la part en % (multipliez par 100).")],
        hint="Contribution = nombre d'actions prévues × CA généré par action en 2025 (ca_genere / contacts) ; "
             "part couverte = contribution / objectif × 100.",
    )


def verifier_retard_projet(reponse: Any, calendrier: pd.DataFrame, tache: str, nouvelle_duree: int) -> Feedback:
    """Days the end of the project moves when one task takes ``nouvelle_duree`` days (0 if its float absorbs it)."""
    tasks = list(zip(calendrier["tache"], calendrier["duree_jours"], (p.split(";") for p in calendrier["predecesseurs"])))
    before = schedule(tasks)
    longer = schedule([(t, nouvelle_duree if t == tache else d, p) for t, d, p in tasks])
    end, new_end = (max(s["fin_tot"] for s in dates.values()) for dates in (before, longer))
    expected = new_end - end
    extension = nouvelle_duree - int(dict(zip(calendrier["tache"], calendrier["duree_jours"]))[tache])
    return check_number(
        reponse, expected, rel_tol=1e-9,
        success=(f"Le projet recule de {expected} jours : l'allongement ({extension} jours) dépasse la marge totale de la "
                 f"tâche ({before[tache]['marge_totale']} jours) de {expected} jours, et la tâche devient critique."
                 if expected else "La marge totale de la tâche absorbe l'allongement : la fin du projet ne bouge pas."),
        traps=[(extension, "Une tâche qui a de la marge ne retarde pas le projet de tout son allongement : retirez sa "
                           "marge totale, ou refaites la passe avant avec la nouvelle durée."),
               (new_end, "C'est la nouvelle durée du projet ; on demande de combien de jours la fin recule."),
               (0, "L'allongement dépasse la marge totale de la tâche : le projet recule.")],
        hint="Refaites la passe avant avec la nouvelle durée, puis retard = nouvelle fin du projet − ancienne fin.",
    )


__all__ = [name for name in dir() if name.startswith("verifier_")] + ["SONCAS", "VISIT_FREQUENCIES"]
