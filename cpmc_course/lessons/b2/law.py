"""The multiple-choice questions of the bloc 2 lessons (law, SMART objectives) and the public-procurement thresholds.

Each question states the rule with its article (checked against the texts in force
in 2026); :func:`verifier_question` gives the French feedback, :func:`verifier_procedure_marche`
classifies a public buyer's need by the code de la commande publique's thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...kit.feedback import Feedback, check_choice
from ...kit.nombres import fr_euros

DISPENSE_SUPPLIES = 60_000
"""Fournitures et services: below this estimated value (€ HT), no advertising nor competition required
(code de la commande publique, article R2122-8, décret n° 2025-1386; 40 000 € HT before 1 April 2026)."""
FORMAL_SUPPLIES_LOCAL = 216_000
"""Fournitures et services of local authorities: formal procedure (appel d'offres) from this value, 2026-2027
(European thresholds, avis annexed to the code de la commande publique)."""
PROCEDURES = ("sans publicité ni mise en concurrence", "procédure adaptée (MAPA)", "appel d'offres")


@dataclass(frozen=True)
class LawQuestion:
    """One multiple-choice law question of a lesson (answered by a letter)."""

    answer: str
    """The right letter."""
    success: str
    """What the learner reads when right: the rule and its article."""
    hints: dict[str, str] = field(default_factory=dict)
    """Why each wrong letter is wrong."""
    options: tuple[str, ...] = ("A", "B", "C")
    """The letters offered."""


QUESTIONS = {
    "statut_agent": LawQuestion(
        "B", "Un mandataire indépendant, payé à la commission, qui organise librement son activité et représente "
             "plusieurs entreprises : c'est un agent commercial (code de commerce, article L134-1).",
        {"A": "Un VRP est un salarié (code du travail, article L7311-3) : son employeur fixe son secteur, ses produits "
              "et son taux de rémunération, et il lui doit des comptes. Ici, personne ne lui impose ses tournées.",
         "C": "Un commercial sédentaire est un salarié qui vend à distance ; cette personne, elle, est indépendante et "
              "se déplace chez les clients."}),
    "conditions_vrp": LawQuestion(
        "C", "L'article L7311-3 du code du travail dit « pour le compte d'un ou plusieurs employeurs » : un VRP peut "
             "être multicarte. Les autres conditions sont bien dans l'article.",
        {"A": "C'est bien une condition de l'article L7311-3 (2°) : exercer « d'une façon exclusive et constante » "
              "la profession de représentant.",
         "B": "C'est bien une condition de l'article L7311-3 (3°) : aucune opération commerciale pour son propre compte."}),
    "email_b2b": LawQuestion(
        "A", "Adresse professionnelle, message en rapport avec la profession, personne informée à la collecte et "
             "libre de s'opposer dans chaque message : la CNIL admet cette prospection sans consentement préalable.",
        {"B": "Un téléviseur pour le salon n'a pas de rapport avec la profession de maçon : sans rapport avec la "
              "profession, il faut le consentement préalable (CPCE, article L34-5).",
         "C": "Une adresse personnelle reçoit la protection du particulier : consentement préalable obligatoire "
              "(CPCE, article L34-5), que le fichier soit acheté ou non."}),
    "objectif_smart": LawQuestion(
        "C", "Spécifique (maçonnerie, Vosges), mesurable (15 comptes), atteignable et réaliste (le potentiel est là, "
             "un vendeur est recruté), daté (30 septembre 2026) : c'est un objectif SMART.",
        {"A": "« Développer » n'est ni mesurable ni daté : combien, où, pour quand ?",
         "B": "Mesurable, mais sans échéance ni cible précise : un objectif SMART est aussi temporellement défini."}),
}
"""The lessons' law and method questions, by key."""


def verifier_question(reponse: Any, question: str) -> Feedback:
    """Feedback on the answer (a letter) to one of :data:`QUESTIONS`."""
    q = QUESTIONS[question]
    return check_choice(reponse, q.answer, options=q.options, success=q.success, hints=q.hints)


def procurement_procedure(estimated_value: float) -> str:
    """Procedure a local authority follows to buy supplies of this estimated value (€ HT, whole duration)."""
    if estimated_value < DISPENSE_SUPPLIES:
        return PROCEDURES[0]
    if estimated_value < FORMAL_SUPPLIES_LOCAL:
        return PROCEDURES[1]
    return PROCEDURES[2]


def verifier_procedure_marche(reponse: Any, besoin_annuel: float, annees: int) -> Feedback:
    """Which procedure a local authority must follow for supplies of ``besoin_annuel`` € HT a year over ``annees`` years."""
    value = besoin_annuel * annees
    expected = procurement_procedure(value)
    hints = {PROCEDURES[0]: "Vous avez regardé le montant d'une année : le besoin se calcule sur toute la durée du "
                            "marché, reconductions comprises (article R2121-1).",
             PROCEDURES[2]: f"L'appel d'offres s'impose à partir de {fr_euros(FORMAL_SUPPLIES_LOCAL)} HT pour les "
                            "fournitures d'une collectivité (seuils 2026-2027)."}
    hints.pop(expected, None)
    return check_choice(
        reponse, expected, options=PROCEDURES,
        success=f"Valeur estimée : {fr_euros(value)} HT sur {annees} ans → {expected}. Outivis doit repérer l'avis, "
                "lire le règlement de la consultation et remettre une offre dans les délais.",
        hints=hints,
    )
