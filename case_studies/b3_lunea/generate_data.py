"""Seeded generator of the Lunéa case-study data (bloc 3, Gestion des relations clients).

Run ``python case_studies/b3_lunea/generate_data.py``: it writes the CSV files of
the case into ``case_studies/b3_lunea/data/`` and the files each épreuve needs
beside its notebooks (``source/b3_offre_relation_client/data/`` and
``source/b3_oral_resolution_probleme/data/``), and copies the brief
(``README.md``) as ``cahier_des_charges.md`` into both assignments: épreuve 1
gets ``README.md`` alone (it must not reveal épreuve 2's incident or files),
épreuve 2 gets ``README.md`` followed by ``EPREUVE_2.md``.
``--out DIR`` writes every file into ``DIR`` only (used by the regeneration test).

Fixed tables (costs, planning, buying centre, options) are constants below;
random tables (survey, complaint log, social corpus) are drawn from
``random.Random`` with one seed per table, and written with the ``csv`` module
and fixed formats, so the output is identical byte for byte on every run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OFFRE = REPO / "source" / "b3_offre_relation_client"
ORAL = REPO / "source" / "b3_oral_resolution_probleme"

SEED = 20270405
"""Master seed (the day the project starts at Lunéa)."""

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
    ("budget_client_annee_1", 180000, "€ HT"),
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

SURVEY_SIZE = 420
CHANNELS = ("Téléphone", "E-mail", "Chat", "Boutique")
CHANNEL_WEIGHTS = (0.42, 0.28, 0.12, 0.18)
# per channel: weights of CSAT 1..5, of NPS 0..10 bands (0-6, 7-8, 9-10), of CES 1..7
CSAT_WEIGHTS = {
    "Téléphone": (0.12, 0.16, 0.22, 0.32, 0.18),
    "E-mail": (0.08, 0.14, 0.2, 0.36, 0.22),
    "Chat": (0.04, 0.08, 0.16, 0.40, 0.32),
    "Boutique": (0.02, 0.05, 0.11, 0.40, 0.42),
}
NPS_BANDS = {
    "Téléphone": (0.40, 0.33, 0.27),
    "E-mail": (0.34, 0.34, 0.32),
    "Chat": (0.26, 0.36, 0.38),
    "Boutique": (0.18, 0.34, 0.48),
}
CES_WEIGHTS = {
    "Téléphone": (0.10, 0.16, 0.20, 0.20, 0.16, 0.11, 0.07),
    "E-mail": (0.07, 0.12, 0.18, 0.22, 0.20, 0.13, 0.08),
    "Chat": (0.03, 0.06, 0.11, 0.20, 0.26, 0.20, 0.14),
    "Boutique": (0.02, 0.04, 0.08, 0.16, 0.28, 0.24, 0.18),
}

# --- épreuve 2: the post-launch incident --------------------------------------
INCIDENT_START = dt.date(2027, 9, 1)
INCIDENT_DAYS = 91
COMPLAINTS = 560
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
COMPLAINT_CHANNELS = (("Téléphone", 0.38), ("E-mail", 0.24), ("Chat", 0.14), ("Réseaux sociaux", 0.16), ("Boutique", 0.08))
OPEN_SHARE = 0.08
"""Share of complaints still open on 30 November 2027."""

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

BRANDS = (("Lunéa", 200), ("Nuit Claire", 100), ("Morphéa", 100))
SOURCES = ("Trustpilot", "Avis Google", "Instagram", "X", "Facebook", "Forum Maison & Déco")
ANNOTATED_SHARE = 0.6
"""Share of the corpus annotated by hand (the classifier learns on it)."""

THEMES = ("Livraison", "Produit", "Service client", "Prix", "Fidélité")
SENTIMENT_MIX = {
    # brand: theme weights, then per theme (positif, neutre, négatif)
    "Lunéa": ((0.34, 0.2, 0.18, 0.1, 0.18), {
        "Livraison": (0.12, 0.13, 0.75), "Produit": (0.62, 0.18, 0.2), "Service client": (0.2, 0.15, 0.65),
        "Prix": (0.3, 0.35, 0.35), "Fidélité": (0.18, 0.17, 0.65)}),
    "Nuit Claire": ((0.22, 0.24, 0.16, 0.3, 0.08), {
        "Livraison": (0.45, 0.25, 0.3), "Produit": (0.35, 0.25, 0.4), "Service client": (0.3, 0.25, 0.45),
        "Prix": (0.7, 0.2, 0.1), "Fidélité": (0.3, 0.4, 0.3)}),
    "Morphéa": ((0.16, 0.36, 0.24, 0.14, 0.1), {
        "Livraison": (0.5, 0.3, 0.2), "Produit": (0.7, 0.18, 0.12), "Service client": (0.65, 0.2, 0.15),
        "Prix": (0.15, 0.3, 0.55), "Fidélité": (0.5, 0.3, 0.2)}),
}
SNIPPETS = {
    ("Livraison", "positif"): ("livré en avance, livreurs très aimables", "colis arrivé pile dans le créneau annoncé",
                                "livraison rapide et installation du matelas dans la chambre", "suivi du colis précis, aucune surprise"),
    ("Livraison", "neutre"): ("livraison prévue mardi prochain", "le transporteur a appelé pour fixer le rendez-vous",
                              "colis en cours d'acheminement selon le suivi", "délai de livraison annoncé : deux semaines"),
    ("Livraison", "négatif"): ("trois semaines de retard et toujours pas de matelas", "livreur jamais venu, journée de congé perdue",
                               "créneau réservé non respecté, personne ne prévient", "colis bloqué chez le transporteur depuis dix jours"),
    ("Produit", "positif"): ("matelas très confortable, je dors enfin bien", "excellente qualité, mousse ferme comme promis",
                             "oreillers moelleux et finitions soignées", "fini le mal de dos depuis ce matelas"),
    ("Produit", "neutre"): ("matelas reçu, avis dans quelques semaines", "le sommier fait la taille indiquée",
                            "matelas un peu plus ferme que prévu, on s'habitue", "housse déhoussable, lavable à 40 degrés"),
    ("Produit", "négatif"): ("matelas affaissé au bout de deux mois", "odeur chimique persistante dans la chambre",
                             "couture déchirée dès le déballage", "trop mou, je me réveille avec mal au dos"),
    ("Service client", "positif"): ("conseillère patiente qui a réglé mon problème en un appel", "réponse au chat en deux minutes, efficace",
                                    "service client à l'écoute, geste commercial apprécié", "on m'a rappelé comme promis, merci"),
    ("Service client", "neutre"): ("j'ai envoyé un e-mail au service client hier", "le conseiller doit me recontacter",
                                   "demande de facture transmise au service client", "question posée au chat sur la garantie"),
    ("Service client", "négatif"): ("impossible de joindre le service client, quarante minutes d'attente", "le chatbot ne comprend rien à ma demande",
                                    "trois e-mails sans réponse, on se moque des clients", "conseiller désagréable qui raccroche"),
    ("Prix", "positif"): ("excellent rapport qualité prix", "promo de rentrée vraiment intéressante",
                          "moins cher qu'en magasin pour la même qualité", "paiement en trois fois sans frais bien pratique"),
    ("Prix", "neutre"): ("prix dans la moyenne du marché", "je compare les tarifs avant de commander",
                         "le prix a changé depuis la semaine dernière", "tarif affiché hors livraison"),
    ("Prix", "négatif"): ("beaucoup trop cher pour ce que c'est", "frais de livraison cachés au dernier moment",
                          "prix augmenté juste après mon achat, arnaque", "facturé deux fois, remboursement introuvable"),
    ("Fidélité", "positif"): ("parrainage récompensé, mon amie aussi a adoré", "points de fidélité crédités tout de suite",
                              "le programme ambassadeur offre de vrais avantages", "bon d'achat reçu pour mon avis, sympa"),
    ("Fidélité", "neutre"): ("je me suis inscrit au programme de fidélité", "comment utiliser mes points de fidélité",
                             "code de parrainage envoyé à un collègue", "règlement du programme ambassadeur lu"),
    ("Fidélité", "négatif"): ("mes points de fidélité ont disparu", "parrainage jamais crédité malgré trois relances",
                              "programme de fidélité bidon, aucun avantage", "bon d'achat expiré sans prévenir"),
}
OPENERS = ("", "Franchement, ", "Bon, ", "Alors ", "Honnêtement, ", "Pour info : ", "Avis : ")
CLOSERS = ("", ".", " !", "...", ". À suivre.", " #literie", " #sommeil")


def _dump(header: tuple[str, ...], rows: list[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _num(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def buying_centre() -> str:
    return _dump(("nom", "fonction", "role_centre_achat", "mobile_soncas", "attente"), list(BUYING_CENTRE))


def costs() -> str:
    rows = [(p, c, n, q, u, _num(cu)) for p, c, n, q, u, cu in COST_LINES]
    return _dump(("poste", "categorie", "nature", "quantite", "unite", "cout_unitaire_ht"), rows)


def pricing() -> str:
    return _dump(("parametre", "valeur", "unite"), list(PRICING))


def planning() -> str:
    rows = [(i, e, s, d) for i, (e, s, d) in enumerate(PLANNING, start=1)]
    return _dump(("ordre", "etape", "services_responsables", "duree_semaines"), rows)


def survey() -> str:
    rng = random.Random(SEED + 1)
    rows = []
    for i in range(1, SURVEY_SIZE + 1):
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        csat = rng.choices(range(1, 6), CSAT_WEIGHTS[channel])[0]
        band = rng.choices(((0, 6), (7, 8), (9, 10)), NPS_BANDS[channel])[0]
        nps = rng.randint(*band)
        ces = rng.choices(range(1, 8), CES_WEIGHTS[channel])[0]
        rows.append((f"R{i:04d}", channel, csat, nps, ces))
    return _dump(("repondant_id", "canal_contact", "note_csat", "note_recommandation", "note_effort"), rows)


def complaints() -> str:
    rng = random.Random(SEED + 2)
    end = INCIDENT_START + dt.timedelta(days=INCIDENT_DAYS - 1)
    rows = []
    for i in range(1, COMPLAINTS + 1):
        # more complaints in the first weeks after the launch (the incident)
        day = min(int(rng.expovariate(1 / 30)), INCIDENT_DAYS - 1)
        received = INCIDENT_START + dt.timedelta(days=day)
        name, _, median, dispute = rng.choices(CATEGORIES, [c[1] for c in CATEGORIES])[0]
        channel = rng.choices([c for c, _ in COMPLAINT_CHANNELS], [w for _, w in COMPLAINT_CHANNELS])[0]
        delay = max(0, round(rng.lognormvariate(0, 0.6) * median))
        closed = received + dt.timedelta(days=delay)
        still_open = closed > end or rng.random() < OPEN_SHARE
        litige = "oui" if rng.random() < dispute else "non"
        rows.append((
            received.isoformat(), channel, name,
            "" if still_open else closed.isoformat(), "En cours" if still_open else "Clôturée", litige,
        ))
    rows.sort(key=lambda r: r[0])  # stable: same-day complaints keep their draw order
    rows = [(f"REC{i:04d}", *row) for i, row in enumerate(rows, start=1)]
    return _dump(("reclamation_id", "date_reception", "canal", "categorie", "date_cloture", "statut", "litige"), rows)


def options() -> str:
    return _dump(("option", "cout_ht", "reclamations_evitees_par_mois", "delai_semaines"), [o[:4] for o in OPTIONS])


def _post(rng: random.Random, brand: str) -> tuple[str, str, str]:
    theme_weights, mix = SENTIMENT_MIX[brand]
    theme = rng.choices(THEMES, theme_weights)[0]
    sentiment = rng.choices(("positif", "neutre", "négatif"), mix[theme])[0]
    first = rng.choice(SNIPPETS[(theme, sentiment)])
    text = rng.choice(OPENERS) + first
    if rng.random() < 0.35:  # a second remark, sometimes on another theme (real posts mix topics)
        other = theme if rng.random() < 0.6 else rng.choice(THEMES)
        second = rng.choice([s for s in SNIPPETS[(other, sentiment)] if s != first])
        text += ", " + second
    mention = rng.choice((f" chez {brand}", f" avec {brand}", f" @{brand.replace(' ', '').replace('é', 'e')}", f" — {brand}"))
    text = text[0].upper() + text[1:] + mention + rng.choice(CLOSERS)
    return text, theme, sentiment


def social() -> tuple[str, str]:
    """(corpus handed out, with labels on the annotated part only; every label, for the instructor)."""
    rng = random.Random(SEED + 3)
    posts = []
    for brand, count in BRANDS:
        for _ in range(count):
            day = INCIDENT_START + dt.timedelta(days=rng.randrange(INCIDENT_DAYS))
            text, theme, sentiment = _post(rng, brand)
            posts.append((day.isoformat(), rng.choice(SOURCES), brand, text, theme, sentiment, rng.random() < ANNOTATED_SHARE))
    posts.sort(key=lambda p: (p[0], p[2], p[3]))
    public, labels = [], []
    for i, (day, source, brand, text, theme, sentiment, annotated) in enumerate(posts, start=1):
        post_id = f"AV{i:04d}"
        public.append((post_id, day, source, brand, text, "oui" if annotated else "non",
                       theme if annotated else "", sentiment if annotated else ""))
        labels.append((post_id, theme, sentiment))
    header = ("avis_id", "date", "source", "marque", "texte", "annote", "theme", "sentiment")
    return _dump(header, public), _dump(("avis_id", "theme", "sentiment"), labels)


def files() -> dict[str, str]:
    """Every file of the case: name → text."""
    corpus, labels = social()
    return {
        "centre_achat.csv": buying_centre(),
        "couts_solution.csv": costs(),
        "parametres_offre.csv": pricing(),
        "planning_lancement.csv": planning(),
        "enquete_satisfaction.csv": survey(),
        "reclamations.csv": complaints(),
        "options_solutions.csv": options(),
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write every file into this folder only")
    args = parser.parse_args()
    data = files()
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
