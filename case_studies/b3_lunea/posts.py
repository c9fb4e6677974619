"""The social-listening corpus of the Lunéa case: posts composed from interchangeable parts.

A post is an opening, one **theme phrase** (its theme and sentiment), sometimes a
**detail** on the same theme, sometimes an **aside** on another theme (a phrase of
another theme with the same sentiment: the post then mixes two topics), a mention of
the brand and sometimes a **closing** carrying the sentiment. A mixed post is labelled
by its dominant theme, the one of its theme phrase and detail: an aside always comes
with a detail, so the dominant theme holds two parts and the other one.

Every kind of part has two pools of phrasings: ``TRAIN`` phrasings appear in the posts
the team annotated (the classifier learns on them), ``HELD_OUT`` phrasings only in the
posts left to the classifier, which take each part from the held-out pool with the
probability ``UNSEEN``: few held-out posts are made only of phrases seen in training
(``seen_only_share``), so the measured exactitude is not memorisation.

Timestamps (``horodatage``, date and hour) follow the hours people post; a **burst** of
negative posts on Lunéa's deliveries is planted on one September evening, so the
« more than 5 negative posts an hour » alert of the brief fires once.
"""

from __future__ import annotations

import datetime as dt
import random

THEMES = ("Livraison", "Produit", "Service client", "Prix", "Fidélité")
SENTIMENTS = ("positif", "neutre", "négatif")
TRAIN, HELD_OUT = 0, 1
UNSEEN = 0.75
"""Probability that a part of a held-out post comes from the held-out pool."""

PHRASES = {
    # (theme, sentiment): (phrasings of the annotated posts, phrasings seen only in the held-out posts)
    ("Livraison", "positif"): (("livré en avance par des livreurs très aimables", "colis arrivé pile dans le créneau annoncé",
                                "livraison rapide et matelas installé dans la chambre", "suivi du colis précis et sans surprise"),
                               ("livraison rapide par des livreurs ponctuels", "créneau respecté et livreurs très aimables")),
    ("Livraison", "neutre"): (("livraison prévue mardi prochain", "le transporteur a appelé pour fixer le rendez-vous",
                               "colis en cours d'acheminement selon le suivi", "délai de livraison annoncé de deux semaines"),
                              ("livraison prévue jeudi selon le suivi", "le transporteur doit appeler pour fixer un créneau")),
    ("Livraison", "négatif"): (("trois semaines de retard et toujours pas de matelas", "livreur jamais venu et journée de congé perdue",
                                "créneau réservé non respecté et personne ne prévient", "colis bloqué chez le transporteur depuis dix jours"),
                               ("toujours pas livré et personne ne prévient", "livraison en retard et créneau non respecté")),
    ("Produit", "positif"): (("matelas très confortable et je dors enfin bien", "excellente qualité avec une mousse ferme comme promis",
                              "oreillers moelleux et finitions soignées", "fini le mal de dos depuis ce matelas"),
                             ("matelas excellent et enfin bien dormi", "mousse très confortable comme promis")),
    ("Produit", "neutre"): (("matelas reçu et avis dans quelques semaines", "le sommier fait la taille indiquée",
                             "matelas un peu plus ferme que prévu", "housse déhoussable et lavable à 40 degrés"),
                            ("matelas reçu hier et premier avis dans un mois", "sommier conforme à la taille indiquée")),
    ("Produit", "négatif"): (("matelas affaissé au bout de deux mois", "odeur chimique persistante dans la chambre",
                              "couture déchirée dès le déballage", "trop mou et je me réveille avec mal au dos"),
                             ("matelas déjà affaissé au milieu", "mousse trop molle et mal au dos le matin")),
    ("Service client", "positif"): (("conseillère patiente qui a réglé mon problème en un appel", "réponse au chat en deux minutes et efficace",
                                     "service client à l'écoute et geste commercial apprécié", "on m'a rappelé comme promis"),
                                    ("conseiller très patient et efficace", "service client à l'écoute qui a réglé le dossier")),
    ("Service client", "neutre"): (("j'ai envoyé un e-mail au service client hier", "le conseiller doit me recontacter",
                                    "demande de facture transmise au service client", "question posée au chat sur la garantie"),
                                   ("le service client doit me recontacter demain", "question envoyée au service client par e-mail")),
    ("Service client", "négatif"): (("impossible de joindre le service client après quarante minutes d'attente",
                                     "le chatbot ne comprend rien à ma demande", "trois e-mails sans réponse du service client",
                                     "conseiller désagréable qui raccroche"),
                                    ("service client impossible à joindre et chatbot qui ne comprend rien", "e-mails sans réponse et conseiller désagréable")),
    ("Prix", "positif"): (("excellent rapport qualité prix", "promo de rentrée vraiment intéressante",
                           "moins cher qu'en magasin pour la même qualité", "paiement en trois fois sans frais bien pratique"),
                          ("prix vraiment intéressant pour la qualité", "excellent prix et paiement sans frais")),
    ("Prix", "neutre"): (("prix dans la moyenne du marché", "je compare les tarifs avant de commander",
                          "le prix a changé depuis la semaine dernière", "tarif affiché hors livraison"),
                         ("je compare le prix avec deux autres sites", "le tarif affiché a changé ce matin")),
    ("Prix", "négatif"): (("beaucoup trop cher pour ce que c'est", "frais de livraison cachés au dernier moment",
                           "prix augmenté juste après mon achat", "facturé deux fois et remboursement introuvable"),
                          ("beaucoup trop cher et frais cachés", "prix augmenté et facturé deux fois")),
    ("Fidélité", "positif"): (("parrainage récompensé et mon amie aussi a adoré", "points de fidélité crédités tout de suite",
                               "le programme ambassadeur offre de vrais avantages", "bon d'achat reçu pour mon avis"),
                              ("points de fidélité crédités et bon d'achat sympa", "parrainage récompensé tout de suite")),
    ("Fidélité", "neutre"): (("je me suis inscrit au programme de fidélité", "comment utiliser mes points de fidélité",
                              "code de parrainage envoyé à un collègue", "règlement du programme ambassadeur lu"),
                             ("inscrit au programme ambassadeur hier", "comment fonctionne le parrainage")),
    ("Fidélité", "négatif"): (("mes points de fidélité ont disparu", "parrainage jamais crédité malgré trois relances",
                               "programme de fidélité bidon sans aucun avantage", "bon d'achat expiré sans prévenir"),
                              ("points de fidélité disparus sans aucun avantage", "parrainage jamais crédité malgré mes relances")),
}
DETAILS = {
    # theme: (details of the annotated posts, details seen only in the held-out posts)
    "Livraison": (("commande livrée à domicile au troisième étage", "livraison prévue entre 8 h et 13 h", "suivi du colis consulté chaque jour"),
                  ("livraison au pied de l'immeuble", "transporteur habituel de la région")),
    "Produit": (("matelas en mousse de 140 sur 190", "modèle ferme avec sa housse lavable", "matelas roulé livré sous vide"),
                ("sommier à lattes acheté avec le matelas", "oreiller en mousse à mémoire de forme")),
    "Service client": (("appel au service client ce matin", "échange avec le chatbot du site", "e-mail envoyé au service client"),
                       ("conversation sur le chat du site", "rappel demandé au conseiller")),
    "Prix": (("comparé aux prix des concurrents", "prix vu pendant les soldes", "paiement en plusieurs fois"),
             ("tarif comparé sur trois sites", "prix relevé sur la fiche du produit")),
    "Fidélité": (("membre du programme de fidélité depuis l'an dernier", "compte fidélité ouvert à la commande", "parrainage d'un ami"),
                 ("points cumulés sur deux commandes", "espace ambassadeur du site")),
}
CLOSINGS = {
    # sentiment: (closings of the annotated posts, closings seen only in the held-out posts)
    "positif": (("Je recommande", "Merci beaucoup", "Bravo à l'équipe"), ("Très content et merci", "Excellent et bravo")),
    "neutre": (("On verra bien", "À suivre", "Je vous tiens au courant"), ("On attend la suite", "Avis complet plus tard")),
    "négatif": (("Très déçu", "Je ne recommande pas", "Inadmissible"), ("Plus jamais ça", "Une vraie déception")),
}
OPENERS = ("", "Franchement, ", "Bon, ", "Alors ", "Honnêtement, ", "Pour info : ", "Avis : ")
MENTIONS = ("chez {b}", "avec {b}", "@{tag}", "— {b}")

DETAIL, ASIDE, CLOSING = 0.5, 0.4, 0.5
"""Probabilities of a detail, of an aside on another theme (when there is a detail), of a closing."""
HOURS = tuple(range(7, 24))
HOUR_WEIGHTS = (1, 2, 3, 3, 3, 4, 4, 3, 3, 3, 4, 5, 6, 7, 7, 6, 4)
"""People post from 7 h to midnight, most in the evening."""
BURST = 9
"""Negative posts on Lunéa's deliveries planted within one hour of a September evening (the brief's alert: > 5)."""


def _pick(rng: random.Random, pools: tuple[tuple[str, ...], tuple[str, ...]], held_out: bool) -> str:
    """A phrasing: from the training pool for an annotated post, mostly from the held-out pool otherwise."""
    pool = pools[HELD_OUT] if held_out and rng.random() < UNSEEN else pools[TRAIN]
    return rng.choice(pool)


def parts(rng: random.Random, theme: str, sentiment: str, held_out: bool) -> list[str]:
    """The phrases of one post (theme phrase, then perhaps a detail and an aside, then perhaps a closing)."""
    chosen = [_pick(rng, PHRASES[(theme, sentiment)], held_out)]
    if rng.random() < DETAIL:
        chosen.append(_pick(rng, DETAILS[theme], held_out))
        if rng.random() < ASIDE:  # another topic, outweighed by the theme phrase and its detail
            other = rng.choice([t for t in THEMES if t != theme])
            chosen.append(_pick(rng, PHRASES[(other, sentiment)], held_out))
    if rng.random() < CLOSING:
        chosen.append(_pick(rng, CLOSINGS[sentiment], held_out))
    return chosen


def text(rng: random.Random, brand: str, phrases: list[str]) -> str:
    """The post written from its phrases: an opening, the brand mentioned after the first phrase, sentences."""
    tag = brand.replace(" ", "").replace("é", "e")
    first = rng.choice(OPENERS) + phrases[0] + " " + rng.choice(MENTIONS).format(b=brand, tag=tag)
    sentences = [first, *phrases[1:]]
    return ". ".join(s[0].upper() + s[1:] for s in sentences) + rng.choice((".", " !", "..."))


def timestamp(rng: random.Random, start: dt.date, days: int) -> str:
    """A posting time over the period: day uniform, hour by ``HOUR_WEIGHTS``, minute uniform."""
    day = start + dt.timedelta(days=rng.randrange(days))
    hour = rng.choices(HOURS, HOUR_WEIGHTS)[0]
    return f"{day.isoformat()} {hour:02d}:{rng.randrange(60):02d}"


def post(rng: random.Random, brand: str, theme: str, sentiment: str, annotated: bool) -> str:
    """The text of one post of ``brand`` on ``theme`` with ``sentiment``."""
    return text(rng, brand, parts(rng, theme, sentiment, held_out=not annotated))


def burst(rng: random.Random, start: dt.date) -> list[tuple[str, bool]]:
    """(timestamp, annotated) of the planted burst: ``BURST`` posts within one hour of an evening of the first fortnight."""
    day = start + dt.timedelta(days=rng.randrange(3, 14))
    hour = rng.choice((20, 21))
    minutes = sorted(rng.sample(range(60), BURST))
    return [(f"{day.isoformat()} {hour:02d}:{m:02d}", rng.random() < 0.6) for m in minutes]


def catalogue(pool: int | None = None) -> set[str]:
    """Every phrasing of the corpus (``pool``: only the training or only the held-out one), openings and mentions aside."""
    pools = [*PHRASES.values(), *DETAILS.values(), *CLOSINGS.values()]
    return {p for pair in pools for i, phrasings in enumerate(pair) if pool in (None, i) for p in phrasings}


def phrases_of(post_text: str) -> set[str]:
    """The phrasings of the catalogue a post contains (case-insensitive)."""
    lowered = post_text.lower()
    return {p for p in catalogue() if p.lower() in lowered}


def seen_only_share(texts_annotated: list[str], texts_held_out: list[str]) -> float:
    """Share of the held-out posts made only of phrasings that some annotated post contains."""
    seen = set().union(*(phrases_of(t) for t in texts_annotated))
    return sum(phrases_of(t) <= seen for t in texts_held_out) / len(texts_held_out)


# --- the corpus of one draw ---------------------------------------------------------
BRANDS = (("Lunéa", 200), ("Nuit Claire", 100), ("Morphéa", 100))
SOURCES = ("Trustpilot", "Avis Google", "Instagram", "X", "Facebook", "Forum Maison & Déco")
ANNOTATED_SHARE = 0.6
"""Share of the corpus annotated by hand (the classifier learns on it)."""
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


def corpus(rng: random.Random, start: dt.date, days: int) -> list[tuple]:
    """Posts (horodatage, source, brand, text, theme, sentiment, annotated) over ``days`` from ``start``, by time.

    Lunéa's count includes the planted burst (negative posts on its deliveries).
    """
    posts = []
    for brand, count in BRANDS:
        planted = burst(rng, start) if brand == "Lunéa" else []
        for _ in range(count - len(planted)):
            theme_weights, mix = SENTIMENT_MIX[brand]
            theme = rng.choices(THEMES, theme_weights)[0]
            sentiment = rng.choices(SENTIMENTS, mix[theme])[0]
            annotated = rng.random() < ANNOTATED_SHARE
            when = timestamp(rng, start, days)
            posts.append((when, rng.choice(SOURCES), brand, post(rng, brand, theme, sentiment, annotated), theme, sentiment, annotated))
        for when, annotated in planted:
            posts.append((when, rng.choice(SOURCES), brand, post(rng, brand, "Livraison", "négatif", annotated),
                          "Livraison", "négatif", annotated))
    posts.sort(key=lambda p: (p[0], p[2], p[3]))
    return posts


def story(posts: list[tuple]) -> bool:
    """Lunéa's critics: delivery first, then service and loyalty; Nuit Claire's: its service; Morphéa < 1/6 < Nuit Claire < Lunéa."""
    negative = [p for p in posts if p[5] == "négatif"]
    share = {b: sum(p[2] == b for p in negative) / n for b, n in BRANDS}
    themes = {t: sum(p[2] == "Lunéa" and p[4] == t for p in negative) for t in THEMES}
    ranked = sorted(themes, key=themes.get, reverse=True)
    rival = {t: sum(p[2] == "Nuit Claire" and p[4] == t for p in negative) for t in THEMES}
    return (ranked[0] == "Livraison" and set(ranked[1:3]) == {"Service client", "Fidélité"}
            and all(rival["Service client"] > v for t, v in rival.items() if t != "Service client")
            and themes[ranked[0]] > themes[ranked[1]] and themes[ranked[2]] > themes[ranked[3]]
            and share["Morphéa"] < 1 / 6 < share["Nuit Claire"] < share["Lunéa"])
