"""Seeded generator of the Lunéa case-study data (bloc 3, Gestion des relations clients).

Run ``python case_studies/b3_lunea/generate_data.py``: it writes the CSV files of
the case into ``case_studies/b3_lunea/data/`` and the files each épreuve needs
beside its notebooks (``source/b3_offre_relation_client/data/`` and
``source/b3_oral_resolution_probleme/data/``), and copies the brief
(``README.md``) as ``cahier_des_charges.md`` into both assignments: épreuve 1
gets ``README.md`` alone (it must not reveal épreuve 2's incident or files),
épreuve 2 gets ``README.md`` followed by ``EPREUVE_2.md``.
``--out DIR`` writes every file into ``DIR`` only (used by the regeneration test);
``--seed N`` draws another session's data (``cpmc session``, through ``write``).

At the example's seed (``SEED``) the solution of épreuve 1 (cost lines, planning)
is the constants below; another seed draws its quantities and rates around them
(``solution``). Épreuve 2's incident follows from that solution (``incident``):
the weight of each failure in the complaint log depends on what the solution put
into the component that fails (fewer configuration days, more chatbot complaints;
more welcome kits, more loyalty-point complaints…), and the options are priced at
the solution's own rates. Random tables (survey, complaint log, social corpus) are
drawn from ``random.Random`` with one seed per table, and written with the ``csv``
module and fixed formats, so the output is identical byte for byte on every run.
The tables' own rules live beside this file: ``survey.py``, ``complaint_log.py`` and
``posts.py`` (the social corpus, composed from interchangeable parts, with phrasings
held out of the annotated posts and a planted burst of negative posts).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import io
import random
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OFFRE = REPO / "source" / "b3_offre_relation_client"
ORAL = REPO / "source" / "b3_oral_resolution_probleme"


def _sibling(name: str):
    """A module of the case folder, imported from its path (the generator itself is run or imported by path)."""
    spec = importlib.util.spec_from_file_location(f"lunea_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


POSTS = _sibling("posts")
"""The social-listening corpus (``posts.py``): posts composed from parts, held-out phrasings, a planted burst."""
BRANDS = POSTS.BRANDS
SURVEY = _sibling("survey")
"""The satisfaction survey (``survey.py``)."""
LOG = _sibling("complaint_log")
"""The complaint log (``complaint_log.py``)."""
DISPUTE_MIN_DAYS = LOG.DISPUTE_MIN_DAYS

SEED = 20270405
"""Master seed (the day the project starts at Lunéa)."""
BUDGET = 180000
"""Lunéa's budget for the first year (€ HT)."""

# --- épreuve 1: the offer ----------------------------------------------------
BUYING_CENTRE = (
    # nom, fonction, rôle dans le centre d'achat, mobile SONCAS dominant, attente exprimée
    ("Antoine Lebrun", "Directeur général", "Décideur", "Argent", "Un retour sur investissement en moins de deux ans"),
    ("Claire Morvan", "Directrice relation client", "Prescripteur", "Orgueil", "Redevenir la référence du service dans la literie"),
    ("Sophie Tanguy", "Responsable des achats", "Acheteur", "Argent", "Un prix ferme et des pénalités en cas de retard"),
    ("Karim Benali", "Directeur des systèmes d'information", "Conseiller", "Sécurité", "Données hébergées dans l'UE, conformité RGPD, intégration au CRM"),
    ("Julie Perrin", "Responsable du service client", "Utilisateur", "Confort", "Moins d'appels répétitifs pour ses 12 conseillers"),
    ("Marc Hervé", "Directeur marketing", "Influenceur", "Nouveauté", "Un programme d'ambassadeurs visible sur les réseaux sociaux"),
    ("Inès Caradec", "Assistante de direction", "Filtre", "Sympathie", "Être tenue informée des rendez-vous"),
)

COST_LINES = (
    # poste, catégorie, nature, quantité, unité, coût unitaire HT (€)
    ("Paramétrage de la plateforme omnicanale (chatbot, chat, rappel, suivi de livraison)", "production", "fixe", 45, "jour", 650),
    ("Licences du logiciel de relation client", "production", "variable", 144, "licence-mois", 95),
    ("Conseillers en renfort aux heures de pointe", "production", "variable", 1800, "heure", 28),
    ("Formation des conseillers de Lunéa", "production", "fixe", 4, "jour", 1200),
    ("Hébergement sécurisé des données dans l'UE", "logistique", "fixe", 12, "mois", 650),
    ("Intégration de l'API du nouveau transporteur (réservation de créneaux, suivi)", "logistique", "fixe", 1, "forfait", 6500),
    ("Kits de bienvenue du programme ambassadeurs", "logistique", "variable", 1500, "kit", 4.2),
    ("Avant-vente et rédaction de la proposition", "commercialisation", "fixe", 8, "jour", 700),
    ("Chef de projet (suivi du contrat)", "commercialisation", "fixe", 20, "jour", 600),
    ("Campagne de lancement (e-mail et réseaux sociaux)", "commercialisation", "fixe", 1, "forfait", 4200),
    ("Quote-part des frais de structure de Relais & Sens", "frais généraux", "fixe", 1, "forfait", 9800),
)

PRICING = (
    # paramètre, valeur, unité
    ("taux_de_marque_cible", 25, "%"),
    ("taux_de_marque_plancher", 15, "%"),
    ("budget_client_annee_1", BUDGET, "€ HT"),
    ("taux_tva", 20, "%"),
    ("panier_moyen_lunea", 890, "€ HT"),
    ("taux_de_marge_brute_lunea", 42, "%"),
    ("date_debut_projet", "2027-04-05", "date"),
    ("date_lancement_souhaitee", "2027-08-30", "date"),
    ("commandes_supplementaires_par_an", 300, "commandes"),
    ("economies_service_client_par_an", 45000, "€ HT"),
)

PLANNING = (
    # étape, services responsables, durée (semaines)
    ("Cadrage, signature du contrat et des CGV", "Direction commerciale de Relais & Sens ; achats de Lunéa", 2),
    ("Paramétrage de la plateforme et intégration au CRM", "DSI de Lunéa ; équipe technique de Relais & Sens", 6),
    ("Intégration de l'API du transporteur", "Logistique de Lunéa ; équipe technique de Relais & Sens", 3),
    ("Formation des conseillers", "Service client de Lunéa", 2),
    ("Pilote sur la région Pays de la Loire", "Service client et DSI de Lunéa", 3),
    ("Lancement du programme ambassadeurs", "Marketing de Lunéa", 2),
)

# --- épreuve 2: the post-launch incident --------------------------------------
INCIDENT_START = dt.date(2027, 9, 1)
INCIDENT_DAYS = 91
CATEGORIES = (
    # catégorie, poids, délai de résolution médian visé (jours), probabilité de litige
    ("Retard de livraison", 0.33, 9, 0.09),
    ("Livraison hors du créneau réservé", 0.21, 4, 0.03),
    ("Points de fidélité non crédités", 0.14, 12, 0.02),
    ("Produit endommagé à la livraison", 0.11, 14, 0.16),
    ("Remboursement de l'essai 100 nuits en attente", 0.09, 21, 0.22),
    ("Réponse inadaptée du chatbot", 0.07, 2, 0.0),
    ("Erreur de facturation", 0.05, 6, 0.06),
)
OPTIONS = (
    # option, coût HT (€), réclamations évitées par mois (estimation), délai de mise en œuvre (semaines),
    # catégories visées: each estimate stays below November's count of the categories it treats
    # (tests/b3 checks it), so no option avoids more complaints than the log holds.
    ("Changer de transporteur sur trois régions", 42000, 20, 8, ("Retard de livraison", "Produit endommagé à la livraison")),
    ("Confirmer le créneau de livraison par SMS la veille", 9500, 14, 3, ("Livraison hors du créneau réservé",)),
    ("Corriger le crédit automatique des points de fidélité", 6000, 5, 2, ("Points de fidélité non crédités",)),
    ("Renforcer le service client de trois conseillers", 27000, 6, 1, ("Remboursement de l'essai 100 nuits en attente",)),
    ("Refondre le chatbot", 18000, 5, 6, ("Réponse inadaptée du chatbot",)),
)

def _dump(header: tuple[str, ...], rows: list[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _num(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# --- a session's draw -----------------------------------------------------------
DRAWN_QUANTITIES = {
    # line of COST_LINES → (lowest, highest, step) of its quantity in another session
    0: (36, 46, 1), 1: (120, 156, 12), 2: (1400, 1900, 50), 3: (3, 5, 1),
    6: (1200, 1800, 100), 7: (6, 9, 1), 8: (15, 22, 1),
}
DRAWN_RATES = {0: (600, 650, 700), 2: (26, 27, 28, 29), 5: (5500, 6000, 6500, 7000)}
"""Line of COST_LINES → unit costs a session may draw (configuration day, extra hour, carrier API)."""
PLATFORM, LICENCES, EXTRA_HOURS, TRAINING, HOSTING, CARRIER_API, KITS = range(7)


class Draw(NamedTuple):
    """The seed of a session and the attempt (a redraw when a planted story fails on the previous one).

    A named tuple rather than a dataclass: the generator is also imported from its file path.
    """

    seed: int = SEED
    attempt: int = 0

    def rng(self, table: int, retry: int = 0) -> random.Random:
        """The random generator of one table (``retry``: its redraw): the example's is ``SEED + table``."""
        if self == Draw() and retry == 0:
            return random.Random(SEED + table)
        return random.Random(f"lunea-{self.seed}-{self.attempt}-{table}-{retry}")


RETRIES = 300
"""Redraws of one table of a session until the story the brief tells holds on it (``_kept``)."""


def _kept(draw: Draw, table: int, build, holds):
    """``build(rng)`` for the first redraw of ``table`` on which ``holds`` is true (the example's holds at once)."""
    for retry in range(RETRIES):
        result = build(draw.rng(table, retry))
        if holds(result):
            return result
    raise ValueError(f"table {table} of {draw}: no redraw keeps the story")


def solution(draw: Draw = Draw()) -> tuple[tuple, ...]:
    """Cost lines of épreuve 1's solution: the constants for the example, quantities and rates drawn otherwise."""
    if draw == Draw():
        return COST_LINES
    return _kept(draw, 10, _drawn_lines, _negotiable)


def _negotiable(lines: tuple[tuple, ...]) -> bool:
    """The target price (25 %) is above Lunéa's budget, the floor (15 %) below it: a negotiation."""
    total = sum(q * c for _, _, _, q, _, c in lines)
    return total / 0.75 > BUDGET > total / 0.85


def _drawn_lines(rng: random.Random) -> tuple[tuple, ...]:
    lines = []
    for i, (poste, categorie, nature, quantite, unite, cout) in enumerate(COST_LINES):
        if i in DRAWN_QUANTITIES:
            low, high, step = DRAWN_QUANTITIES[i]
            quantite = rng.randrange(low, high + step, step)
        if i in DRAWN_RATES:
            cout = rng.choice(DRAWN_RATES[i])
        lines.append((poste, categorie, nature, quantite, unite, cout))
    return tuple(lines)


def schedule(draw: Draw = Draw()) -> tuple[tuple, ...]:
    """Steps of the launch planning: the constants for the example, each duration moved by a week at most otherwise."""
    if draw == Draw():
        return PLANNING

    def drawn(rng: random.Random) -> tuple[tuple, ...]:
        return tuple((step, services, max(1, weeks + rng.choice((-1, 0, 1)))) for step, services, weeks in PLANNING)

    return _kept(draw, 11, drawn, lambda steps: 17 <= sum(w for _, _, w in steps) <= 19)  # 2 to 4 weeks spare


def _ratio(lines: tuple[tuple, ...], line: int, column: int) -> float:
    return lines[line][column] / COST_LINES[line][column]


def incident(draw: Draw = Draw()) -> tuple[tuple, tuple]:
    """Categories (with their weights) and options of épreuve 2, derived from épreuve 1's solution of the draw.

    A failure weighs more when the solution put less into the component that fails:
    chatbot answers against the configuration days, the refunds of the 100-night trial
    against the extra advisers' hours, out-of-slot deliveries against the weeks of the
    carrier's integration; loyalty points not credited grow with the welcome kits sent.
    Options cost what the solution's rates make them cost (configuration day, hour of
    an adviser, carrier integration). The example's draw gives the constants back.
    """
    lines, steps = solution(draw), schedule(draw)
    factor = {
        "Réponse inadaptée du chatbot": 1 / _ratio(lines, PLATFORM, 3),
        "Remboursement de l'essai 100 nuits en attente": 1 / _ratio(lines, EXTRA_HOURS, 3),
        "Livraison hors du créneau réservé": PLANNING[2][2] / steps[2][2],
        "Points de fidélité non crédités": _ratio(lines, KITS, 3),
    }
    categories = tuple((name, weight * factor.get(name, 1), median, dispute)
                       for name, weight, median, dispute in CATEGORIES)
    priced_at = {
        "Confirmer le créneau de livraison par SMS la veille": _ratio(lines, CARRIER_API, 5),
        "Corriger le crédit automatique des points de fidélité": _ratio(lines, PLATFORM, 5),
        "Renforcer le service client de trois conseillers": _ratio(lines, EXTRA_HOURS, 5),
        "Refondre le chatbot": _ratio(lines, PLATFORM, 5),
    }
    options_ = tuple((name, round(cost * priced_at.get(name, 1) / 100) * 100, avoided, weeks, treated)
                     for name, cost, avoided, weeks, treated in OPTIONS)
    return categories, options_


def buying_centre() -> str:
    return _dump(("nom", "fonction", "role_centre_achat", "mobile_soncas", "attente"), list(BUYING_CENTRE))


def costs(draw: Draw = Draw()) -> str:
    rows = [(p, c, n, q, u, _num(cu)) for p, c, n, q, u, cu in solution(draw)]
    return _dump(("poste", "categorie", "nature", "quantite", "unite", "cout_unitaire_ht"), rows)


def pricing() -> str:
    return _dump(("parametre", "valeur", "unite"), list(PRICING))


def planning(draw: Draw = Draw()) -> str:
    rows = [(i, e, s, d) for i, (e, s, d) in enumerate(schedule(draw), start=1)]
    return _dump(("ordre", "etape", "services_responsables", "duree_semaines"), rows)


def survey(draw: Draw = Draw()) -> str:
    rows = _kept(draw, 1, SURVEY.rows, SURVEY.story)
    return _dump(("repondant_id", "canal_contact", "note_csat", "note_recommandation", "note_effort"), rows)


def complaints(draw: Draw = Draw()) -> str:
    categories = incident(draw)[0]
    rows = _kept(draw, 2, lambda rng: LOG.rows(rng, categories, INCIDENT_START, INCIDENT_DAYS),
                 lambda log: LOG.story(log, categories))
    return _dump(("reclamation_id", "date_reception", "canal", "categorie", "date_cloture", "statut", "litige"), rows)


def options(draw: Draw = Draw(), log: str | None = None) -> str:
    """The options of épreuve 2; a session's estimates are capped at November's complaints of the categories treated."""
    rows = [o[:4] for o in incident(draw)[1]]
    if draw != Draw():
        november = [line.split(",")[3] for line in (log or complaints(draw)).splitlines()[1:] if line.split(",")[1][5:7] == "11"]
        rows = [(name, cost, min(avoided, sum(c in treated for c in november)), weeks)
                for (name, cost, avoided, weeks), (*_, treated) in zip(rows, OPTIONS)]
    return _dump(("option", "cout_ht", "reclamations_evitees_par_mois", "delai_semaines"), rows)


def social(draw: Draw = Draw()) -> tuple[str, str]:
    """(corpus handed out, with labels on the annotated part only; every label, for the instructor)."""
    posts = _kept(draw, 3, lambda rng: POSTS.corpus(rng, INCIDENT_START, INCIDENT_DAYS), POSTS.story)
    public, labels = [], []
    for i, (when, source, brand, text, theme, sentiment, annotated) in enumerate(posts, start=1):
        post_id = f"AV{i:04d}"
        public.append((post_id, when, source, brand, text, "oui" if annotated else "non",
                       theme if annotated else "", sentiment if annotated else ""))
        labels.append((post_id, theme, sentiment))
    header = ("avis_id", "horodatage", "source", "marque", "texte", "annote", "theme", "sentiment")
    return _dump(header, public), _dump(("avis_id", "theme", "sentiment"), labels)


def files(draw: Draw = Draw()) -> dict[str, str]:
    """Every file of the case for ``draw`` (the example's by default): name → text."""
    corpus, labels = social(draw)
    log = complaints(draw)
    return {
        "centre_achat.csv": buying_centre(),
        "couts_solution.csv": costs(draw),
        "parametres_offre.csv": pricing(),
        "planning_lancement.csv": planning(draw),
        "enquete_satisfaction.csv": survey(draw),
        "reclamations.csv": log,
        "options_solutions.csv": options(draw, log),
        "avis_social.csv": corpus,
        "avis_social_etiquettes.csv": labels,
    }


OFFRE_FILES = ("centre_achat.csv", "couts_solution.csv", "parametres_offre.csv", "planning_lancement.csv", "enquete_satisfaction.csv")
ORAL_FILES = ("reclamations.csv", "options_solutions.csv", "avis_social.csv")
"""The instructor's labels (``avis_social_etiquettes.csv``) stay in the case folder: never handed out."""


def briefs() -> dict[Path, str]:
    """Brief handed out with each épreuve: épreuve 1 never sees épreuve 2's incident or files."""
    case = (HERE / "README.md").read_text(encoding="utf-8")
    return {OFFRE: case, ORAL: case + "\n" + (HERE / "EPREUVE_2.md").read_text(encoding="utf-8")}


def write(out: Path, seed: int = SEED, attempt: int = 0) -> list[Path]:
    """Write every file of the draw (``seed``, ``attempt``) into ``out`` (created if needed); return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in files(Draw(seed, attempt)).items():
        (out / name).write_text(text, encoding="utf-8")
        paths.append(out / name)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write every file into this folder only")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the draw (default: the example's)")
    args = parser.parse_args()
    data = files(Draw(args.seed))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, text in data.items():
            (args.out / name).write_text(text, encoding="utf-8")
        return
    targets = [(HERE / "data", tuple(data)), (OFFRE / "data", OFFRE_FILES), (ORAL / "data", ORAL_FILES)]
    for folder, names in targets:
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            (folder / name).write_text(data[name], encoding="utf-8")
    for assignment, text in briefs().items():
        (assignment / "cahier_des_charges.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
