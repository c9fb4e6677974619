"""Seeded generator of the Pépinières Vallon case data (bloc 4, team web project).

Run ``python case_studies/b4_vallon/generate_data.py`` from anywhere: it writes
the CSV files of the case into ``case_studies/b4_vallon/data/`` and the same
bytes into ``source/b4_projet_web_equipe/data/``, and copies the brief
(``README.md``) to ``source/b4_projet_web_equipe/cahier_des_charges.md``.
``python generate_data.py --out DIR`` writes the CSV files into ``DIR`` only
(used by the regeneration test).

The staff, tasks, quotes, costs and risks are planted as constants below (they
carry the stories of ``NOTES_FORMATEUR.md``); the incident log is drawn from
``numpy.random.default_rng(SEED)`` around planted counts per cause. No clock,
fixed formats: the output is identical byte for byte from one run to the next.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import numpy as np

SEED = 20270104
"""Master seed of the case (the project's kick-off date)."""

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TARGETS = (HERE / "data", REPO / "source" / "b4_projet_web_equipe" / "data")
BRIEF_COPY = REPO / "source" / "b4_projet_web_equipe" / "cahier_des_charges.md"

ENVELOPPE_HT = 40_000
"""Budget envelope granted by the management board (€ HT)."""
DEBUT_PROJET = dt.date(2027, 1, 4)
"""Kick-off (Monday); durations are in working days."""

EQUIPE = (
    # id, nom, poste, service, compétences (séparées par « ; »), coût journalier chargé (€), jours disponibles
    ("M1", "Sophie Arnaud", "Cheffe de projet marketing digital", "Marketing", "gestion de projet;marketing digital", 420, 16),
    ("M2", "Julien Morel", "Chargé de communication", "Marketing", "rédaction web;photographie", 310, 12),
    ("M3", "Nadia Benali", "Responsable e-commerce", "Digital", "intégration CMS;SEO", 380, 18),
    ("M4", "Thomas Roux", "Responsable logistique magasins", "Logistique", "logistique", 300, 8),
    ("M5", "Camille Faure", "Conseillère paysagiste", "Magasins", "conseil végétal;rédaction web", 280, 14),
    ("M6", "Marc Delorme", "Responsable informatique", "Informatique", "recette;intégration CMS", 400, 8),
    ("M7", "Léa Perrin", "Juriste (temps partiel)", "Administration", "juridique RGPD", 350, 4),
)

TACHES = (
    # code, tâche, durée (jours ouvrés), prédécesseurs, compétence requise, charge (jours-personne)
    ("A", "Cadrage et cahier des charges", 5, "", "gestion de projet", 5),
    ("B", "Benchmark des concurrents et parcours client", 4, "A", "marketing digital", 4),
    ("C", "Maquettes UX du site", 8, "B", "UX design", 8),
    ("D", "Arborescence et fiches produits", 10, "B", "rédaction web", 10),
    ("E", "Photos des produits", 6, "A", "photographie", 6),
    ("F", "Intégration CMS et catalogue", 12, "C;E", "intégration CMS", 12),
    ("G", "Connecteur caisse et stocks", 10, "A", "développement connecteur caisse", 10),
    ("H", "Organisation du retrait en magasin", 5, "A", "logistique", 5),
    ("I", "Mentions légales, CGV et RGPD", 3, "D", "juridique RGPD", 3),
    ("J", "Référencement naturel (SEO)", 4, "D;F", "SEO", 4),
    ("K", "Recette (tests du site)", 5, "F;G;H;I", "recette", 5),
    ("L", "Formation des équipes des magasins", 3, "H", "conseil végétal", 3),
    ("M", "Plan de lancement (campagne)", 4, "J", "marketing digital", 4),
    ("N", "Mise en ligne", 1, "K;L;M", "gestion de projet", 1),
)

DEVIS = (
    # prestataire, compétence, prestation, montant HT (€), délai (jours ouvrés)
    ("Studio Pixel Nord", "UX design", "Maquettes UX (8 jours)", 6900, 8),
    ("Atelier Maquette", "UX design", "Maquettes UX et tests utilisateurs", 7800, 8),
    ("DevLyon", "développement connecteur caisse", "Connecteur caisse-stocks", 11400, 10),
    ("CodeFactory", "développement connecteur caisse", "Connecteur caisse-stocks", 9950, 10),
)

AUTRES_FRAIS = (
    # poste, montant HT (€)
    ("Licence du CMS e-commerce (1re année)", 1200),
    ("Hébergement et nom de domaine (1re année)", 900),
    ("Module de paiement en ligne (frais d'installation)", 1400),
    ("Matériel de prise de vue", 800),
)

RISQUES = (
    # code, risque, probabilité (1 à 4), impact (1 à 4), catégorie
    ("R1", "Retard du prestataire du connecteur caisse", 3, 4, "prestataire"),
    ("R2", "Fiches produits incomplètes à la mise en ligne", 3, 3, "contenu"),
    ("R3", "Indisponibilité de la cheffe de projet (salon professionnel)", 2, 3, "équipe"),
    ("R4", "Formulaire de rendez-vous non conforme au RGPD", 2, 4, "juridique"),
    ("R5", "Réticence des magasins à organiser le retrait", 2, 2, "équipe"),
    ("R6", "Dépassement du budget", 3, 3, "budget"),
    ("R7", "Photos de qualité insuffisante", 1, 2, "contenu"),
    ("R8", "Pic de trafic non supporté au lancement", 1, 4, "technique"),
)

SUIVI = (
    # code, charge prévue (jours), charge consommée (jours), avancement (%) — fin de la semaine 4
    ("A", 5, 5.0, 100),
    ("B", 4, 5.0, 100),
    ("D", 10, 4.0, 50),
    ("E", 6, 5.0, 70),
    ("H", 5, 3.0, 60),
)

INCIDENTS = (
    # cause, nombre d'incidents des semaines 1 à 6, heures perdues moyennes
    ("Validation tardive des contenus par la direction", 18, 3.0),
    ("Fiches produits incomplètes", 14, 2.0),
    ("Bug d'import du catalogue", 9, 4.0),
    ("Attente d'une réponse du prestataire", 6, 5.0),
    ("Absence non prévue d'un membre", 4, 6.0),
    ("Outil de suivi non mis à jour", 3, 1.0),
    ("Malentendu sur le besoin des magasins", 2, 4.0),
)
SEMAINES_INCIDENTS = 6


def _csv(header: tuple[str, ...], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _working_days(start: dt.date, count: int) -> list[dt.date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def incidents_rows() -> list[tuple]:
    """One row per incident, dated on a working day of weeks 1–6, sorted by date."""
    rng = np.random.default_rng(SEED)
    days = _working_days(DEBUT_PROJET, 5 * SEMAINES_INCIDENTS)
    rows = []
    for cause, count, mean_hours in INCIDENTS:
        picks = rng.integers(0, len(days), size=count)
        hours = np.clip(np.round(rng.normal(mean_hours, 1.0, size=count) * 2) / 2, 0.5, None)
        for day_index, h in zip(picks, hours):
            rows.append((days[day_index], cause, float(h)))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    out = []
    for number, (day, cause, h) in enumerate(rows, start=1):
        semaine = (day - DEBUT_PROJET).days // 7 + 1
        out.append((f"INC{number:03d}", day.isoformat(), semaine, cause, f"{h:.1f}"))
    return out


def tables() -> dict[str, str]:
    """File name → CSV text, in the order of the data dictionary."""
    return {
        "equipe.csv": _csv(("id", "membre", "poste", "service", "competences", "cout_jour", "jours_disponibles"), EQUIPE),
        "taches.csv": _csv(("code", "tache", "duree", "predecesseurs", "competence", "charge_jours"), TACHES),
        "devis.csv": _csv(("prestataire", "competence", "prestation", "montant_ht", "delai_jours"), DEVIS),
        "autres_frais.csv": _csv(("poste", "montant_ht"), AUTRES_FRAIS),
        "risques.csv": _csv(("code", "risque", "probabilite", "impact", "categorie"), RISQUES),
        "suivi_semaine4.csv": _csv(
            ("code", "charge_prevue", "charge_consommee", "avancement_pct"),
            [(c, p, f"{u:.1f}", a) for c, p, u, a in SUIVI],
        ),
        "incidents.csv": _csv(("id", "date", "semaine", "cause", "heures_perdues"), incidents_rows()),
    }


FILES = tuple(tables())
"""Every file written, in the order of the data dictionary."""


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables().items():
        (folder / name).write_bytes(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Génère les données de l'étude de cas Pépinières Vallon (bloc 4).")
    parser.add_argument("--out", type=Path, help="dossier de sortie (par défaut : le cas et le sujet nbgrader)")
    args = parser.parse_args(argv)
    if args.out:
        write(args.out)
        return
    for target in TARGETS:
        write(target)
    BRIEF_COPY.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "README.md", BRIEF_COPY)


if __name__ == "__main__":
    main()
