"""Collecte et tracking (C34, CE33): UTM parameters, rule 1 of the Torvane training case, SEA indicators, RGPD quizzes."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd

from ...kit.feedback import Feedback, accepted, check_choice, check_number, no_answer, rejected
from ...kit.nombres import fr_nombre

TORVANE_SOURCES = {
    "google": "SEA",
    "bing": "SEA",
    "instagram": "Instagram",
    "insta": "Instagram",
    "facebook": "Facebook",
    "fb": "Facebook",
    "newsletter": "E-mail",
    "sendinblue": "E-mail",
    "partenaire": "Partenariats",
    "cafeblog": "Partenariats",
}
"""Rule 1 of the Torvane training case: lower-cased ``utm_source`` → canal."""

SEARCH_ENGINES = frozenset({"www.google.com", "www.bing.com", "www.qwant.com", "www.ecosia.org"})
"""Referrers that make a visit without UTM a natural-search (SEO) visit."""

CHANNELS = ("SEA", "SEO", "Instagram", "Facebook", "E-mail", "Partenariats", "Direct")
"""The channels of the Torvane case, in the order of its brief."""


def utm_parameters(url: str) -> dict[str, str]:
    """The ``utm_*`` parameters of a landing URL, decoded (``soldes%20hiver`` → ``soldes hiver``).

    Only the first value of a repeated parameter is kept; names are lower-cased.
    """
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    return {name.lower(): values[0] for name, values in query.items() if name.lower().startswith("utm_")}


def torvane_channel(landing_url: str, referent: Any = None) -> str:
    """The channel of a visit under rule 1 of the Torvane case.

    The UTM source decides first (lower-cased, aliases resolved); without UTM, a
    search-engine referrer means SEO; anything else is Direct. A source missing
    from the table also falls back to the referrer rule.
    """
    source = utm_parameters(landing_url).get("utm_source", "").strip().lower()
    if source in TORVANE_SOURCES:
        return TORVANE_SOURCES[source]
    if isinstance(referent, str) and referent.strip().lower() in SEARCH_ENGINES:
        return "SEO"
    return "Direct"


def verifier_utm_campaign(reponse: Any, url: str) -> Feedback:
    """Exercise: the decoded value of ``utm_campaign`` in ``url``."""
    if reponse is None:
        return no_answer()
    expected = utm_parameters(url).get("utm_campaign", "")
    if not isinstance(reponse, str):
        return rejected("La réponse attendue est un texte (une chaîne entre guillemets).")
    if reponse == expected:
        return accepted(f"La campagne est « {expected} » : c'est ce nom qui regroupera les visites dans l'outil d'analytics.")
    raw = urlsplit(url).query
    if reponse == raw or "&" in reponse:
        return rejected("Vous avez toute la chaîne de requête : isolez le seul paramètre utm_campaign.")
    if reponse.startswith("utm_campaign="):
        return rejected("Gardez seulement la valeur, sans le nom du paramètre « utm_campaign= ».")
    if "%" in reponse or "+" in reponse:
        return rejected(
            "La valeur est encore encodée (%20 ou + signifient une espace) : utilisez "
            "urllib.parse.parse_qs, qui la décode."
        )
    if reponse.strip() == expected.strip() or reponse.lower() == expected.lower():
        return rejected("Presque : respectez exactement la casse et les espaces de la valeur décodée.")
    return rejected("Relisez l'URL après le « ? » : cherchez le paramètre utm_campaign.")


def verifier_canal(reponse: Any, url: str, referent: Any = None) -> Feedback:
    """Exercise: the channel of one visit under rule 1, among :data:`CHANNELS`."""
    if reponse is None:
        return no_answer()
    expected = torvane_channel(url, referent)
    source = utm_parameters(url).get("utm_source", "")
    hints = {
        "SEO": "La visite porte un utm_source : la règle 1 regarde l'UTM avant le référent (une annonce Google Ads a aussi google.com pour référent).",
        "Direct": "Appliquez les règles dans l'ordre : UTM d'abord, puis référent moteur de recherche ; Direct ne vient qu'en dernier.",
    }
    if source:
        hints["SEA"] = f"La source « {source} » en minuscules ne désigne pas une annonce Google ou Bing : consultez le tableau de la règle 1."
    else:
        hints["SEA"] = "Sans utm_source, une visite venue de Google est du référencement naturel (SEO), pas une annonce."
    return check_choice(
        reponse,
        expected,
        options=CHANNELS,
        success=f"Source « {source or 'aucune'} », référent « {referent or 'aucun'} » : canal {expected}.",
        hints=hints,
    )


def verifier_sessions_par_canal(reponse: Any, sessions: pd.DataFrame) -> Feedback:
    """Exercise: number of sessions per channel (a Series indexed by canal)."""
    if reponse is None:
        return no_answer()
    expected = pd.Series(
        [torvane_channel(u, r) for u, r in zip(sessions["landing_url"], sessions["referent"])]
    ).value_counts()
    if not isinstance(reponse, pd.Series):
        return rejected("La réponse attendue est une Series : un nombre de sessions par canal (value_counts).")
    answer = reponse.reindex(expected.index).fillna(0)
    if len(reponse) == len(expected) and np.array_equal(answer.to_numpy(dtype=float), expected.to_numpy(dtype=float)):
        top = expected.idxmax()
        return accepted(f"{top} apporte le plus de visites ({fr_nombre(expected[top])} sur {fr_nombre(expected.sum())} dans l'échantillon).")
    if int(np.asarray(reponse, dtype=float).sum()) != len(sessions):
        return rejected(f"Le total doit faire {len(sessions)} sessions : chaque visite reçoit exactement un canal.")
    if answer.get("Facebook", 0) < expected.get("Facebook", 0) or answer.get("Instagram", 0) < expected.get("Instagram", 0):
        return rejected("Des visites Facebook ou Instagram vous échappent : mettez utm_source en minuscules et traitez les alias « fb » et « insta ».")
    if answer.get("SEO", 0) > expected.get("SEO", 0):
        return rejected("Trop de SEO : une visite Google Ads a aussi google.com pour référent ; regardez l'UTM avant le référent.")
    return rejected("Appliquez la règle 1 visite par visite (fonction canal), puis comptez avec value_counts().")


def verifier_ctr(reponse: Any, clics: float, impressions: float) -> Feedback:
    """Exercise: click-through rate of an ad = clicks / impressions."""
    expected = clics / impressions
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"CTR = clics / impressions = {fr_nombre(expected)}, soit {fr_nombre(expected * 100)} %.",
        traps=[(impressions / clics, "Vous avez inversé le rapport : le CTR rapporte les clics aux impressions.")],
        hint="Le taux de clic (CTR) rapporte le nombre de clics au nombre d'impressions de l'annonce.",
    )


def verifier_cpc(reponse: Any, cout: float, clics: float, impressions: float) -> Feedback:
    """Exercise: cost per click = spend / clicks."""
    expected = cout / clics
    return check_number(
        reponse,
        expected,
        success=f"CPC = coût / clics = {fr_nombre(expected)} € par clic.",
        traps=[
            (cout / impressions, "Vous avez divisé par les impressions : c'est un coût par impression, pas par clic."),
            (cout / impressions * 1000, "C'est le CPM (coût pour mille impressions) : le CPC divise le coût par les clics."),
            (clics / cout, "Vous avez inversé le rapport : le CPC est un coût (en €) par clic."),
        ],
        hint="Le coût par clic divise la dépense publicitaire par le nombre de clics.",
    )


CNIL_QUIZ = {
    "a": "13 mois, sans prolongation automatique à chaque visite",
    "b": "25 mois, renouvelés à chaque visite",
    "c": "Tant que l'internaute ne supprime pas ses cookies",
}
"""Options of the quiz on the lifetime of an audience-measurement cookie (CNIL)."""


def verifier_duree_cookie(reponse: Any) -> Feedback:
    """Quiz: the lifetime of an exempted audience-measurement cookie (CNIL: 13 months)."""
    return check_choice(
        reponse,
        "a",
        options=CNIL_QUIZ,
        success=(
            "La CNIL limite la durée de vie de ces traceurs à 13 mois, sans prorogation automatique ; "
            "les données collectées se conservent, elles, au plus 25 mois."
        ),
        hints={
            "b": "25 mois est la durée maximale de conservation des données collectées, pas la durée de vie du traceur (et sans renouvellement automatique).",
            "c": "Une durée illimitée n'est jamais admise : la CNIL fixe une limite au traceur.",
        },
    )


BASE_LEGALE_QUIZ = {
    "a": "L'intérêt légitime de l'entreprise",
    "b": "Le consentement préalable de l'internaute",
    "c": "L'exécution du contrat de vente",
}
"""Options of the quiz on the legal basis of advertising cookies."""


def verifier_base_legale(reponse: Any) -> Feedback:
    """Quiz: legal basis for advertising cookies (prior consent)."""
    return check_choice(
        reponse,
        "b",
        options=BASE_LEGALE_QUIZ,
        success=(
            "Les traceurs publicitaires exigent un consentement libre, éclairé, spécifique et préalable ; "
            "refuser doit être aussi simple qu'accepter."
        ),
        hints={
            "a": "L'intérêt légitime ne suffit pas pour déposer un traceur publicitaire : la loi exige l'accord préalable de l'internaute.",
            "c": "Le contrat couvre ce qui est nécessaire à la vente (panier, paiement), pas la publicité ciblée.",
        },
    )
