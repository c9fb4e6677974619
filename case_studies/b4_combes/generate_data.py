"""Seeded generator of the Fruitière des Combes training case (bloc 4 lessons, Management d'une équipe projet).

The Fruitière des Combes, a cheese cooperative of the Haut-Doubs, opens its
ripening cellar to visitors: guided tours booked online and a tasting shop. The
lessons of ``courses/b4`` train on these tables; the exam company is kept for
the épreuves. The tables have the same columns as the exam's, so that the
method learnt on one applies to the other, but another sector, other names,
other figures, another network and another calendar.

Run ``python case_studies/b4_combes/generate_data.py`` (``--out DIR`` to write
elsewhere). The staff, tasks, quotes, costs, risks and tracking grid are
constants (they carry the lessons' examples: two critical paths that tie, a
task whose free float differs from its total float, workload ≠ duration, an
allocation that overloads a member, a high-impact risk at P = 2 outranking one
at P = 3, a tracking grid that moves the opening date); the incident log is
drawn from ``random.Random(SEED)`` around fixed counts per cause. Written with
the ``csv`` module: the output is identical byte for byte on every run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20270607
"""Master seed (the project's kick-off, Monday 7 June 2027)."""
DEBUT_PROJET = dt.date(2027, 6, 7)
"""Kick-off (Monday); durations are in working days."""

EQUIPE = (
    # id, membre, poste, service, compétences (séparées par « ; »), coût journalier chargé (€), jours disponibles
    ("M1", "Élodie Vuillemin", "Responsable communication et tourisme", "Direction", "gestion de projet;communication", 390, 12),
    ("M2", "Bastien Cuenot", "Maître affineur", "Cave d'affinage", "conseil fromager;formation", 340, 6),
    ("M3", "Inès Mougin", "Chargée de marketing", "Commercial", "marketing;graphisme", 320, 10),
    ("M4", "Rémi Jacquet", "Responsable du magasin", "Magasin", "gestion commerciale;rédaction", 300, 8),
    ("M5", "Chloé Bourgeois", "Assistante administrative (temps partiel)", "Administration", "juridique;rédaction", 260, 6),
    ("M6", "Lucas Girardot", "Responsable qualité", "Qualité", "hygiène et sécurité;recette", 350, 5),
)

TACHES = (
    # code, tâche, durée (jours ouvrés), prédécesseurs, compétence requise, charge (jours-personne)
    # Listed after their predecessors. Two critical paths tie (A-B-C-F-K-M and A-B-C-G-K-M, 22 days); I has a free
    # float of 3 days (its earliest successor is L, not K) and a total float of 5; D has a total float of 2 and no free
    # float; workload < duration for A, B, C, F, H, I, J and L.
    ("A", "Cadrage et cahier des charges", 4, "", "gestion de projet", 3),
    ("B", "Étude des visiteurs avec l'office de tourisme", 5, "A", "marketing", 4),
    ("C", "Scénario de visite et textes des panneaux", 6, "B", "rédaction", 5),
    ("D", "Aménagement du parcours dans la cave", 9, "A", "aménagement de cave", 9),
    ("E", "Site de réservation en ligne", 7, "B", "développement web", 7),
    ("F", "Signalétique et panneaux", 4, "C", "graphisme", 3),
    ("G", "Formation des guides", 4, "C;D", "formation", 4),
    ("H", "Autorisations d'accueil du public et assurance", 5, "A", "juridique", 2),
    ("I", "Tarifs et billetterie", 3, "B", "gestion commerciale", 2),
    ("J", "Plan d'hygiène de la visite", 3, "D", "hygiène et sécurité", 2),
    ("K", "Visite à blanc avec des habitants", 2, "E;F;G;H;I;J", "recette", 2),
    ("L", "Campagne de lancement", 4, "C;I", "communication", 3),
    ("M", "Ouverture de la première visite", 1, "K;L", "gestion de projet", 1),
)

DEVIS = (
    # prestataire, compétence, prestation, montant HT (€), délai (jours ouvrés)
    ("Menuiserie Roy", "aménagement de cave", "Passerelle, garde-corps et éclairage", 8400, 9),
    ("Atelier Bois et Pierre", "aménagement de cave", "Passerelle, garde-corps et éclairage", 9100, 9),
    ("WebJura", "développement web", "Module de réservation", 5200, 7),
    ("Numéris Est", "développement web", "Module de réservation et paiement en ligne", 6300, 7),
)

AUTRES_FRAIS = (
    ("Impression des panneaux", 1200),
    ("Logiciel de billetterie (1re année)", 600),
    ("Extension de l'assurance aux visiteurs", 850),
    ("Blouses, charlottes et surchaussures des visiteurs", 450),
)

RISQUES = (
    # code, risque, probabilité (1-4), impact (1-4), catégorie
    ("R1", "Retard du menuisier sur le parcours de cave", 2, 4, "prestataire"),
    ("R2", "Réserves de la commission de sécurité", 2, 4, "réglementaire"),
    ("R3", "Module de réservation livré incomplet", 3, 2, "prestataire"),
    ("R4", "Maître affineur indisponible (pic de fabrication d'été)", 3, 3, "équipe"),
    ("R5", "Fréquentation inférieure aux prévisions", 2, 3, "marché"),
    ("R6", "Rupture de la chaîne du froid à la dégustation", 1, 4, "hygiène"),
    ("R7", "Dépassement du budget", 3, 2, "budget"),
    ("R8", "Textes des panneaux trop techniques", 3, 1, "contenu"),
)

SUIVI_SEMAINE3 = (
    # code, charge prévue, charge consommée, avancement (%), reste à faire (jours ouvrés) — end of week 3 (day 15)
    ("A", 3, 3.0, 100, 0),
    ("B", 4, 5.0, 100, 0),
    ("C", 5, 4.5, 80, 3),
    ("D", 9, 9.0, 100, 0),
    ("E", 7, 4.0, 50, 4),
    ("H", 2, 2.0, 100, 0),
    ("I", 2, 1.5, 100, 0),
    ("J", 2, 0.5, 25, 2),
)

CAUSES = (
    # cause, number of incidents, hours lost per incident (low, high): three causes pass 80 % (35 %, 62,5 %, 82,5 %)
    ("Attente des validations du conseil d'administration", 14, (1.0, 4.0)),
    ("Cave inaccessible pendant les retournements des meules", 11, (2.0, 5.0)),
    ("Réponse tardive du menuisier", 8, (1.0, 3.5)),
    ("Tarifs contradictoires entre le magasin et le site", 3, (0.5, 2.0)),
    ("Absence imprévue d'un membre", 2, (4.0, 7.0)),
    ("Fichier des réservations mal partagé", 2, (0.5, 1.5)),
)
SEMAINES = 3
"""Weeks covered by the incident log."""


def _dump(header: tuple[str, ...], rows: list[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def jour_ouvre(numero: int) -> dt.date:
    """Calendar date of working day ``numero`` (0 = kick-off), five days a week."""
    semaines, jour = divmod(numero, 5)
    return DEBUT_PROJET + dt.timedelta(weeks=semaines, days=jour)


def incidents() -> str:
    """The incident log: fixed counts per cause, random days and hours lost (seeded)."""
    rng = random.Random(SEED)
    drawn = []
    for cause, count, (low, high) in CAUSES:
        for _ in range(count):
            day = jour_ouvre(rng.randrange(SEMAINES * 5))
            drawn.append((day, cause, round(rng.uniform(low, high) * 2) / 2))
    drawn.sort(key=lambda row: (row[0], row[1], row[2]))
    rows = [(f"I{i:03d}", day.isoformat(), (day - DEBUT_PROJET).days // 7 + 1, cause, f"{hours:.1f}")
            for i, (day, cause, hours) in enumerate(drawn, start=1)]
    return _dump(("id", "date", "semaine", "cause", "heures_perdues"), rows)


def files() -> dict[str, str]:
    """Every file of the training case: name → text."""
    return {
        "equipe.csv": _dump(("id", "membre", "poste", "service", "competences", "cout_jour", "jours_disponibles"), list(EQUIPE)),
        "taches.csv": _dump(("code", "tache", "duree", "predecesseurs", "competence", "charge_jours"), list(TACHES)),
        "devis.csv": _dump(("prestataire", "competence", "prestation", "montant_ht", "delai_jours"), list(DEVIS)),
        "autres_frais.csv": _dump(("poste", "montant_ht"), list(AUTRES_FRAIS)),
        "risques.csv": _dump(("code", "risque", "probabilite", "impact", "categorie"), list(RISQUES)),
        "suivi_semaine3.csv": _dump(("code", "charge_prevue", "charge_consommee", "avancement_pct", "reste_a_faire"),
                                    list(SUIVI_SEMAINE3)),
        "incidents.csv": incidents(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "data", help="folder to write into (default: data/)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files().items():
        (args.out / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
