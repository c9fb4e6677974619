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
from typing import NamedTuple

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
    # id, nom, poste, service, compétences (séparées par « ; »), coût journalier chargé (€), jours disponibles pour
    # les tâches, jours de coordination (réunions, comités, pilotage : en plus des tâches)
    ("M1", "Sophie Arnaud", "Cheffe de projet marketing digital", "Marketing", "gestion de projet;marketing digital", 420, 16, 3.0),
    ("M2", "Julien Morel", "Chargé de communication", "Marketing", "rédaction web;photographie", 310, 12, 1.0),
    ("M3", "Nadia Benali", "Responsable e-commerce", "Digital", "intégration CMS;SEO", 380, 18, 1.0),
    ("M4", "Thomas Roux", "Responsable logistique magasins", "Logistique", "logistique", 300, 8, 0.5),
    ("M5", "Camille Faure", "Conseillère paysagiste", "Magasins", "conseil végétal;rédaction web", 280, 14, 1.0),
    ("M6", "Marc Delorme", "Responsable informatique", "Informatique", "recette;intégration CMS", 400, 8, 0.5),
    ("M7", "Léa Perrin", "Juriste (temps partiel)", "Administration", "juridique RGPD", 350, 4, 1.0),
)

TACHES = (
    # code, tâche, durée (jours ouvrés), prédécesseurs, compétence requise, charge (jours-personne)
    # The example's plan: two critical paths tie (A-B-C-F-J-M-N and A-E-F-J-M-N, E = B + C), the longest task G
    # has float, a chain of short tasks (J, M, N) is critical, and workload differs from duration for A, E, I and O.
    ("A", "Cadrage et cahier des charges", 5, "", "gestion de projet", 4),
    ("B", "Benchmark des concurrents et parcours client", 4, "A", "marketing digital", 4),
    ("C", "Maquettes UX du site", 8, "B", "UX design", 8),
    ("D", "Arborescence et fiches produits", 10, "B", "rédaction web", 10),
    ("E", "Photos des produits (au fil des arrivages)", 12, "A", "photographie", 6),
    ("F", "Intégration CMS et catalogue", 12, "C;E", "intégration CMS", 12),
    ("G", "Connecteur caisse et stocks", 13, "A", "développement connecteur caisse", 13),
    ("H", "Organisation du retrait en magasin", 5, "A", "logistique", 5),
    ("I", "Mentions légales, CGV et RGPD", 3, "D", "juridique RGPD", 2),
    # the appointment-booking module the managing director asks for: set up once the UX mock-ups and the legal
    # mentions are ready (R4), tested in K, listed before its successors as every task; it has float and goes
    # to Marc Delorme (Nadia Benali has no room left)
    ("O", "Module de prise de rendez-vous (paramétrage)", 4, "C;I", "intégration CMS", 3),
    ("J", "Référencement naturel (SEO)", 4, "D;F", "SEO", 4),
    ("K", "Recette (tests du site)", 5, "F;G;H;I;O", "recette", 5),
    ("L", "Formation des équipes des magasins", 3, "H", "conseil végétal", 3),
    ("M", "Plan de lancement (campagne)", 4, "J", "marketing digital", 4),
    ("N", "Mise en ligne", 1, "K;L;M", "gestion de projet", 1),
)

DEVIS = (
    # prestataire, compétence, prestation, montant HT (€), délai (jours ouvrés), option tests utilisateurs HT (€, 0 :
    # comprise ou sans objet). The two UX quotes become comparable with the option: the cheaper without tests costs
    # more with them, so a weighted grid may retain either (quiz b4-c30-choix-prestataire)
    ("Studio Pixel Nord", "UX design", "Maquettes UX", 4500, 8, 900),
    ("Atelier Maquette", "UX design", "Maquettes UX et tests utilisateurs", 5100, 8, 0),
    ("DevLyon", "développement connecteur caisse", "Connecteur caisse-stocks", 7200, 13, 0),
    ("CodeFactory", "développement connecteur caisse", "Connecteur caisse-stocks", 6000, 13, 0),
)

AUTRES_FRAIS = (
    # poste, montant HT (€)
    ("Licence du CMS e-commerce (1re année)", 900),
    ("Hébergement et nom de domaine (1re année)", 600),
    ("Module de paiement en ligne (frais d'installation)", 700),
    ("Matériel de prise de vue", 500),
    ("Extension de prise de rendez-vous (abonnement 1re année)", 300),
)

RISQUES = (
    # code, risque, probabilité (1 à 4), impact (1 à 4), catégorie
    ("R1", "Retard du prestataire des maquettes UX", 3, 4, "prestataire"),
    ("R2", "Fiches produits incomplètes à la mise en ligne", 3, 3, "contenu"),
    ("R3", "Indisponibilité de la cheffe de projet (salon professionnel)", 2, 3, "équipe"),
    ("R4", "Formulaire de rendez-vous non conforme au RGPD", 2, 4, "juridique"),
    ("R5", "Réticence des magasins à organiser le retrait", 2, 2, "équipe"),
    ("R6", "Dépassement du budget", 3, 2, "budget"),
    ("R7", "Photos de qualité insuffisante", 1, 2, "contenu"),
    ("R8", "Pic de trafic non supporté au lancement", 1, 4, "technique"),
    ("R9", "Retard du prestataire du connecteur caisse", 3, 2, "prestataire"),
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



REFERENCE_ALLOCATION = {"M1": "ABMN", "M2": "E", "M3": "FJ", "M4": "H", "M5": "DL", "M6": "KO", "M7": "I"}
"""The one allocation that fits skills and availabilities (member id → tasks): each draw keeps it the only one."""
STATUS_DAY = 20
"""The tracking grid is taken at the end of week 4: 20 working days after the kick-off."""
EXAMPLE_TRACKING = {
    # code: (slip in days of the actual duration, consumption factor): B overran, D consumed less than planned,
    # F (critical, in progress) hit the catalogue import bug
    "B": (1, 1.25), "D": (0, 0.9), "E": (1, 1.0), "F": (3, 1.0), "H": (0, 1.2),
}


class Plan(NamedTuple):
    """The drawn parameters of one sujet: the tasks, the team, the quotes, the risks, the incident counts.

    A named tuple, not a dataclass: the sessions import this file by path, outside ``sys.modules``.
    """

    taches: tuple[tuple, ...]
    equipe: tuple[tuple, ...]
    devis: tuple[tuple, ...]
    risques: tuple[tuple, ...]
    tracking: dict
    """Code → (slip of the actual duration, consumption factor) for the tasks started by the status day."""
    incidents: tuple[tuple, ...]
    incidents_seed: object
    """Seed of the incident log's draw (the master seed for the example, bytes unchanged)."""


def _is_example(seed: int, attempt: int) -> bool:
    return seed == SEED and attempt == 0


def _draw_tasks(rng: np.random.Generator) -> tuple[tuple, ...]:
    """Durations and workloads around the example's, the planted structure kept (tie E = B + C, G longest).

    A + B + C stays short enough for F, critical, to be running at the end of week 4,
    and K shorter than J + M, so that G's free float differs from its total float.
    """
    base = {t[0]: t for t in TACHES}
    d = {c: int(t[2] + rng.integers(-1, 2)) for c, t in base.items()}
    d["A"], d["B"], d["N"] = int(rng.integers(4, 6)), int(rng.integers(3, 5)), 1
    d["E"] = d["B"] + d["C"]
    d["G"] = d["F"] + int(rng.integers(1, 3))
    d["K"] = min(d["K"], d["J"] + d["M"] - 1)
    d["O"] = max(4, min(d["O"], d["C"] + d["F"] - d["D"] - d["I"] - 2))  # the booking module keeps its float
    share = {c: t[5] / t[2] for c, t in base.items()}
    rows = []
    for code, name, _dur, preds, skill, _charge in TACHES:
        charge = d[code] if share[code] == 1 else max(1, round(d[code] * share[code]))
        rows.append((code, name, d[code], preds, skill, charge))
    return tuple(rows)


def _draw_team(tasks: tuple[tuple, ...], rng: np.random.Generator | None) -> tuple[tuple, ...]:
    """Availabilities: the reference allocation's load plus a slack (Nadia Benali's too small for the booking module
    O, which goes to Marc Delorme); daily costs around the example's; coordination days as the example's."""
    if rng is None:
        return EQUIPE
    charge = {t[0]: t[5] for t in tasks}
    rows = []
    for member, name, post, service, skills, cost, _days, coordination in EQUIPE:
        load = sum(charge[c] for c in REFERENCE_ALLOCATION[member])
        top = {"M2": (4, 7), "M3": (2, charge["O"])}.get(member, (1, 4))  # O (3 or 4 days of work): no room left
        slack = int(rng.integers(*top))
        rows.append((member, name, post, service, skills, int(cost + 10 * rng.integers(-2, 3)), load + slack, coordination))
    return tuple(rows)


def _draw_quotes(tasks: tuple[tuple, ...], rng: np.random.Generator) -> tuple[tuple, ...]:
    """The cheaper quote of each skill stays the example's (Studio Pixel Nord, CodeFactory); délais follow the plan.

    Studio Pixel Nord with its user-test option costs 100 to 500 € more than Atelier Maquette (tests included):
    cheaper without the tests, dearer with them, so that neither quote wins on every criterion.
    """
    duration = {t[0]: t[2] for t in tasks}
    ux = int(round(4500 * duration["C"] / 8 + rng.integers(-3, 4) * 100, -1))
    atelier = ux + 100 * int(rng.integers(4, 9))
    link = int(round(6000 * duration["G"] / 13 + rng.integers(-3, 4) * 100, -1))
    return (
        ("Studio Pixel Nord", "UX design", "Maquettes UX", ux, duration["C"], atelier - ux + 100 * int(rng.integers(1, 6))),
        ("Atelier Maquette", "UX design", "Maquettes UX et tests utilisateurs", atelier, duration["C"], 0),
        ("DevLyon", "développement connecteur caisse", "Connecteur caisse-stocks", link + 100 * int(rng.integers(8, 19)),
         duration["G"], 0),
        ("CodeFactory", "développement connecteur caisse", "Connecteur caisse-stocks", link, duration["G"], 0),
    )


def _draw_risks(rng: np.random.Generator) -> tuple[tuple, ...]:
    """R1 (P 3 or 4), R2 and R4 (P 2, impact 4) stay the three most critical; R6 (P 3) always below R4."""
    p1, i1 = (3, 4) if rng.integers(2) else (4, 3)
    i8 = int(rng.integers(3, 5))
    changed = {"R1": (p1, i1), "R8": (1, i8), "R5": (2, int(rng.integers(1, 3)))}
    return tuple((c, r, *changed.get(c, (p, i)), k) for c, r, p, i, k in RISQUES)


def _draw_tracking(tasks: tuple[tuple, ...], rng: np.random.Generator) -> dict:
    """Slips and consumption factors; F's slip (the catalogue import bug) puts the re-forecast end 2 to 5 days
    after the 40 working days available (Tuesday 2 March to Friday 5 March)."""
    slips = {c: (int(rng.choice([0, 0, 1])), float(rng.choice([0.9, 1.0, 1.1, 1.2]))) for c in "ACEGHL"}
    slips["B"] = (1, 1.25)
    slips["D"] = (0, float(rng.choice([0.8, 0.9])))
    duration = {t[0]: t[2] + slips.get(t[0], (0, 1))[0] for t in tasks}
    start_f = _forward(tasks, duration)["F"]
    after_f = sum(t[2] for t in tasks if t[0] in "FJMN")
    slips["F"] = (40 + int(rng.integers(2, 6)) - start_f - after_f, 1.0)
    return slips


def _draw_incidents(rng: np.random.Generator) -> tuple[tuple, ...]:
    """The four most frequent causes move by one incident at most: the order and the 80 % threshold hold."""
    return tuple((cause, n + (int(rng.integers(-1, 2)) if k < 4 else 0), h) for k, (cause, n, h) in enumerate(INCIDENTS))


def plan(seed: int = SEED, attempt: int = 0) -> Plan:
    """The parameters of draw ``attempt`` of ``seed``; the example's planted values for the default seed's first draw."""
    if _is_example(seed, attempt):
        return Plan(TACHES, EQUIPE, DEVIS, RISQUES, EXAMPLE_TRACKING, INCIDENTS, SEED)
    rng = np.random.default_rng([seed, attempt])
    tasks = _draw_tasks(rng)
    return Plan(tasks, _draw_team(tasks, rng), _draw_quotes(tasks, rng), _draw_risks(rng), _draw_tracking(tasks, rng),
                _draw_incidents(rng), [seed, attempt, 1])


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


def _forward(tasks: tuple[tuple, ...], duration: dict) -> dict:
    """Early start of each task (working days after the kick-off) for the given durations."""
    start: dict = {}
    for code, _name, _d, preds, *_ in tasks:  # tasks are listed after their predecessors
        start[code] = max((start[p] + duration[p] for p in preds.split(";") if p), default=0)
    return start


def suivi_rows(p: Plan) -> list[tuple]:
    """The tracking grid at the status day: the tasks actually started, simulated from the plan and the slips.

    A task's actual duration is the planned one plus its slip; it starts as soon as its
    predecessors actually finish. At the status day a started task declares the days
    consumed (its planned pace × elapsed days × its consumption factor), its progress
    (elapsed / actual duration, by 5 %) and the working days it still needs.
    """
    planned = {t[0]: t[2] for t in p.taches}
    actual = {c: planned[c] + p.tracking.get(c, (0, 1.0))[0] for c in planned}
    start = _forward(p.taches, actual)
    rows = []
    for code, _name, dur, _preds, _skill, charge in p.taches:
        if start[code] >= STATUS_DAY:
            continue
        factor = p.tracking.get(code, (0, 1.0))[1]
        elapsed = min(STATUS_DAY, start[code] + actual[code]) - start[code]
        progress = 100 if elapsed == actual[code] else min(95, 5 * round(20 * elapsed / actual[code]))
        consumed = round(charge / dur * elapsed * factor * 2) / 2
        rows.append((code, charge, f"{consumed:.1f}", progress, start[code] + actual[code] - STATUS_DAY if progress < 100 else 0))
    return rows


def incidents_rows(p: Plan | None = None) -> list[tuple]:
    """One row per incident, dated on a working day of weeks 1–6, sorted by date."""
    p = p or plan()
    rng = np.random.default_rng(p.incidents_seed)
    days = _working_days(DEBUT_PROJET, 5 * SEMAINES_INCIDENTS)
    rows = []
    for cause, count, mean_hours in p.incidents:
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


def tables(seed: int = SEED, attempt: int = 0) -> dict[str, str]:
    """File name → CSV text of draw ``attempt`` of ``seed``, in the order of the data dictionary."""
    p = plan(seed, attempt)
    return {
        "equipe.csv": _csv(("id", "membre", "poste", "service", "competences", "cout_jour", "jours_disponibles",
                            "jours_coordination"), p.equipe),
        "taches.csv": _csv(("code", "tache", "duree", "predecesseurs", "competence", "charge_jours"), p.taches),
        "devis.csv": _csv(("prestataire", "competence", "prestation", "montant_ht", "delai_jours", "option_tests_ht"),
                          p.devis),
        "autres_frais.csv": _csv(("poste", "montant_ht"), AUTRES_FRAIS),
        "risques.csv": _csv(("code", "risque", "probabilite", "impact", "categorie"), p.risques),
        "suivi_semaine4.csv": _csv(("code", "charge_prevue", "charge_consommee", "avancement_pct", "reste_a_faire"),
                                   suivi_rows(p)),
        "incidents.csv": _csv(("id", "date", "semaine", "cause", "heures_perdues"), incidents_rows(p)),
    }


FILES = tuple(tables())
"""Every file written, in the order of the data dictionary."""


def write(folder: Path, seed: int = SEED, attempt: int = 0) -> None:
    """Write the CSV files of draw ``attempt`` of ``seed`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables(seed, attempt).items():
        (folder / name).write_bytes(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Génère les données de l'étude de cas Pépinières Vallon (bloc 4).")
    parser.add_argument("--out", type=Path, help="dossier de sortie (par défaut : le cas et le sujet nbgrader)")
    parser.add_argument("--graine", type=int, default=SEED, help="graine du tirage (par défaut : celle de l'exemple public)")
    parser.add_argument("--tirage", type=int, default=0, help="numéro du tirage de cette graine (0 = premier)")
    args = parser.parse_args(argv)
    if args.out:
        write(args.out, args.graine, args.tirage)
        return
    for target in TARGETS:
        write(target)
    BRIEF_COPY.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "README.md", BRIEF_COPY)


if __name__ == "__main__":
    main()
