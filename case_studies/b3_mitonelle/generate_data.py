"""Seeded generator of the Mitonelle training case (bloc 3 lessons, Gestion des relations clients).

Mitonelle sells small kitchen appliances online (stand mixers, blenders, air fryers,
multicookers) and has them repaired by partner repairers;
the agency Cap Service builds its customer-service offer. The lessons of
``courses/b3`` train on these tables; the exam company (Lunéa, literie) is kept
for the épreuves. The tables have the same columns as Lunéa's, so that the
method learnt on one applies to the other, but another sector, other names,
other figures and another calendar.

Run ``python case_studies/b3_mitonelle/generate_data.py`` (``--out DIR`` to write
elsewhere): fixed tables are constants, random tables are drawn from
``random.Random`` with one seed per table and written with the ``csv`` module, so
the output is identical byte for byte on every run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20270111
"""Master seed (the day the project starts at Mitonelle)."""

BUYING_CENTRE = (
    ("Nadia Ferrand", "Directrice générale", "Décideur", "Argent", "Rentabiliser l'investissement en une saison"),
    ("Hugo Lemaire", "Directeur de l'expérience client", "Prescripteur", "Orgueil", "Une note d'avis au-dessus de 4,5"),
    ("Léa Marchand", "Acheteuse", "Acheteur", "Argent", "Un prix par appareil vendu, révisable chaque année"),
    ("Samuel Roche", "Responsable informatique", "Conseiller", "Sécurité", "Un outil compatible avec la boutique en ligne"),
    ("Emma Garnier", "Cheffe de l'équipe service client", "Utilisateur", "Confort", "Ne plus saisir deux fois chaque demande"),
    ("Yanis Boulet", "Responsable communauté", "Influenceur", "Nouveauté", "Un club de cuisine avec des ateliers"),
    ("Paul Devaux", "Assistant de direction", "Filtre", "Sympathie", "Recevoir les comptes rendus"),
)
COST_LINES = (
    ("Paramétrage de l'outil de service client (chat, rappel, suivi des réparations)", "production", "fixe", 22, "jour", 600),
    ("Licences du logiciel de service client", "production", "variable", 96, "licence-mois", 80),
    ("Conseillers en renfort au printemps", "production", "variable", 900, "heure", 32),
    ("Formation des conseillers et des réparateurs partenaires", "production", "fixe", 3, "jour", 1100),
    ("Hébergement des données dans l'UE", "logistique", "fixe", 12, "mois", 400),
    ("Livrets de recettes offerts aux membres du club", "logistique", "variable", 600, "livret", 6.5),
    ("Avant-vente et proposition", "commercialisation", "fixe", 5, "jour", 650),
    ("Chef de projet", "commercialisation", "fixe", 12, "jour", 580),
    ("Campagne de lancement du club Mitonelle", "commercialisation", "fixe", 1, "forfait", 2500),
    ("Quote-part des frais de structure de Cap Service", "frais généraux", "fixe", 1, "forfait", 5200),
)
PRICING = (
    ("taux_de_marque_cible", 30, "%"), ("taux_de_marque_plancher", 18, "%"), ("budget_client_annee_1", 105000, "€ HT"),
    ("taux_tva", 20, "%"), ("panier_moyen_mitonelle", 180, "€ HT"), ("taux_de_marge_brute_mitonelle", 35, "%"),
    ("date_debut_projet", "2027-01-11", "date"), ("date_lancement_souhaitee", "2027-04-05", "date"),
    ("commandes_supplementaires_par_an", 1100, "commandes"), ("economies_service_client_par_an", 24000, "€ HT"),
)
PLANNING = (
    ("Cadrage et signature", "Direction de Mitonelle ; Cap Service", 1),
    ("Paramétrage de l'outil et connexion à la boutique en ligne", "Informatique de Mitonelle ; Cap Service", 4),
    ("Formation des conseillers et des réparateurs", "Service client de Mitonelle", 2),
    ("Pilote avec dix réparateurs partenaires", "Service client de Mitonelle", 2),
    ("Lancement du club Mitonelle", "Communauté de Mitonelle", 1),
)
SURVEY_SIZE = 300
CHANNELS = ("Téléphone", "E-mail", "Chat", "Réparateur partenaire")
CHANNEL_WEIGHTS = (0.3, 0.3, 0.25, 0.15)
CSAT_WEIGHTS = {"Téléphone": (0.06, 0.1, 0.2, 0.38, 0.26), "E-mail": (0.14, 0.18, 0.22, 0.3, 0.16),
                "Chat": (0.05, 0.08, 0.15, 0.4, 0.32), "Réparateur partenaire": (0.1, 0.14, 0.2, 0.32, 0.24)}
NPS_BANDS = {"Téléphone": (0.24, 0.36, 0.4), "E-mail": (0.38, 0.34, 0.28), "Chat": (0.22, 0.38, 0.4),
             "Réparateur partenaire": (0.3, 0.34, 0.36)}
CES_WEIGHTS = {c: (0.05, 0.08, 0.14, 0.22, 0.24, 0.16, 0.11) for c in CHANNELS}

START, DAYS, COMPLAINTS = dt.date(2027, 3, 1), 92, 380
CATEGORIES = (
    # catégorie, poids, délai médian (jours), probabilité de litige
    ("Appareil livré incomplet", 0.29, 6, 0.04), ("Moteur ou résistance en panne", 0.22, 12, 0.1),
    ("Pièce détachée en rupture", 0.17, 20, 0.05), ("Retard de livraison", 0.12, 8, 0.06),
    ("Remboursement en attente", 0.08, 16, 0.2), ("Réponse inadaptée du chatbot", 0.07, 2, 0.0),
    ("Erreur de facturation", 0.05, 5, 0.05),
)
OPTIONS = (
    ("Contrôle des colis avant expédition", 8400, 12, 2), ("Stock d'appareils d'échange chez les réparateurs", 15000, 8, 4),
    ("Deux conseillers de plus au printemps", 19000, 6, 1), ("Nouveau fournisseur de pièces détachées", 26000, 9, 10),
)
BRANDS = (("Mitonelle", 160), ("Mixalto", 80), ("Maison Fourneau", 80))
THEMES = ("Livraison", "Produit", "Service client", "Prix", "Fidélité")
MIX = {"Mitonelle": ((0.3, 0.3, 0.2, 0.1, 0.1), (0.25, 0.2, 0.55)), "Mixalto": ((0.2, 0.3, 0.2, 0.2, 0.1), (0.45, 0.25, 0.3)),
       "Maison Fourneau": ((0.15, 0.35, 0.3, 0.1, 0.1), (0.6, 0.25, 0.15))}
PHRASES = {
    "Livraison": {"positif": ("robot arrivé complet et bien emballé", "livraison à l'heure, carton impeccable"),
                  "neutre": ("colis expédié ce matin", "le livreur passe jeudi"),
                  "négatif": ("bol du blender absent du colis", "carton éventré, couvercle fendu")},
    "Produit": {"positif": ("pétrin puissant et silencieux", "frites croustillantes sans une goutte d'huile"),
                "neutre": ("cuve en inox, 6 litres", "robot reçu, premiers gâteaux ce week-end"),
                "négatif": ("résistance qui ne chauffe plus", "moteur qui grince après une semaine")},
    "Service client": {"positif": ("conseillère patiente au téléphone", "réparateur partenaire très réactif"),
                       "neutre": ("ticket ouvert pour une réparation", "demande envoyée par le chat"),
                       "négatif": ("personne ne répond au téléphone", "trois relances pour une pièce")},
    "Prix": {"positif": ("prix honnête pour un robot pâtissier", "bonne remise sur les accessoires"),
             "neutre": ("prix identique à l'an dernier", "paiement en quatre fois proposé"),
             "négatif": ("accessoires hors de prix", "frais de port sur un simple joint de bol")},
    "Fidélité": {"positif": ("atelier du club très sympa", "détartrage offert aux membres"),
                 "neutre": ("inscrit au club Mitonelle", "code de parrainage reçu"),
                 "négatif": ("avantages du club jamais reçus", "parrainage non crédité")},
}


def _dump(header: tuple[str, ...], rows: list[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def survey() -> str:
    rng = random.Random(SEED + 1)
    rows = []
    for i in range(1, SURVEY_SIZE + 1):
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        band = rng.choices(((0, 6), (7, 8), (9, 10)), NPS_BANDS[channel])[0]
        rows.append((f"Q{i:04d}", channel, rng.choices(range(1, 6), CSAT_WEIGHTS[channel])[0], rng.randint(*band),
                     rng.choices(range(1, 8), CES_WEIGHTS[channel])[0]))
    return _dump(("repondant_id", "canal_contact", "note_csat", "note_recommandation", "note_effort"), rows)


def complaints() -> str:
    rng = random.Random(SEED + 2)
    end = START + dt.timedelta(days=DAYS - 1)
    rows = []
    for _ in range(COMPLAINTS):
        received = START + dt.timedelta(days=rng.randrange(DAYS))  # spring: steady, no incident peak
        name, _, median, dispute = rng.choices(CATEGORIES, [c[1] for c in CATEGORIES])[0]
        channel = rng.choice(("Téléphone", "E-mail", "Chat", "Réseaux sociaux"))
        litige = "oui" if rng.random() < dispute else "non"
        delay = max(0, round(rng.lognormvariate(0, 0.5) * median)) + (30 if litige == "oui" else 0)
        closed = received + dt.timedelta(days=delay)
        still_open = closed > end or rng.random() < 0.06
        rows.append((received.isoformat(), channel, name, "" if still_open else closed.isoformat(),
                     "En cours" if still_open else "Clôturée", litige))
    rows.sort(key=lambda r: r[0])
    rows = [(f"R{i:04d}", *row) for i, row in enumerate(rows, start=1)]
    return _dump(("reclamation_id", "date_reception", "canal", "categorie", "date_cloture", "statut", "litige"), rows)


def social() -> tuple[str, str]:
    rng = random.Random(SEED + 3)
    posts = []
    for brand, count in BRANDS:
        themes, sentiments = MIX[brand]
        for _ in range(count):
            theme = rng.choices(THEMES, themes)[0]
            sentiment = rng.choices(("positif", "neutre", "négatif"), sentiments)[0]
            text = rng.choice(PHRASES[theme][sentiment])
            text = text[0].upper() + text[1:] + rng.choice((f", merci {brand}", f" (robot {brand})", f" — {brand}", ""))
            day = START + dt.timedelta(days=rng.randrange(DAYS))
            posts.append((day.isoformat(), rng.choice(("Avis Google", "Instagram", "Forum Cuisine", "Facebook")), brand, text,
                          theme, sentiment, rng.random() < 0.6))
    posts.sort(key=lambda p: (p[0], p[2], p[3]))
    hours = random.Random(SEED + 4)  # the hour of each post: its own draw, so the rest of the corpus is unchanged
    posts = [(f"{day} {hours.randrange(7, 24):02d}:{hours.randrange(60):02d}", *rest) for day, *rest in posts]
    posts.sort(key=lambda p: (p[0], p[2], p[3]))
    public, labels = [], []
    for i, (day, source, brand, text, theme, sentiment, annotated) in enumerate(posts, start=1):
        public.append((f"P{i:04d}", day, source, brand, text, "oui" if annotated else "non",
                       theme if annotated else "", sentiment if annotated else ""))
        labels.append((f"P{i:04d}", theme, sentiment))
    header = ("avis_id", "horodatage", "source", "marque", "texte", "annote", "theme", "sentiment")
    return _dump(header, public), _dump(("avis_id", "theme", "sentiment"), labels)


def files() -> dict[str, str]:
    """Every file of the training case: name → text."""
    corpus, labels = social()
    costs = [(p, c, n, q, u, f"{cu:g}" if isinstance(cu, float) else cu) for p, c, n, q, u, cu in COST_LINES]
    return {
        "centre_achat.csv": _dump(("nom", "fonction", "role_centre_achat", "mobile_soncas", "attente"), list(BUYING_CENTRE)),
        "couts_solution.csv": _dump(("poste", "categorie", "nature", "quantite", "unite", "cout_unitaire_ht"), costs),
        "parametres_offre.csv": _dump(("parametre", "valeur", "unite"), list(PRICING)),
        "planning_lancement.csv": _dump(("ordre", "etape", "services_responsables", "duree_semaines"),
                                        [(i, *step) for i, step in enumerate(PLANNING, start=1)]),
        "enquete_satisfaction.csv": survey(),
        "reclamations.csv": complaints(),
        "options_solutions.csv": _dump(("option", "cout_ht", "reclamations_evitees_par_mois", "delai_semaines"), list(OPTIONS)),
        "avis_social.csv": corpus,
        "avis_social_etiquettes.csv": labels,
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
