"""Checks, calculations and simulators of the bloc 5 lessons (``courses/b5``).

Bloc 5 is "Gestion des données marketing et commerciales" (C34–C37,
CE33–CE36). The module has four parts:

* :class:`Feedback` and the ``verifier_*`` checks called right after each
  "À vous de jouer" cell. A check takes the learner's answer (``None`` while the
  cell is not completed) and the data of the exercise, recomputes the expected
  value, and returns French feedback: an empty answer, a right one, or a
  targeted hint for the plausible mistake. A check never raises.
* the business calculations the checks rely on (UTM → canal, funnel, RFM,
  cohorts, CLV, campaign uplift and significance), plain functions that the
  tests compare with independent computations;
* :class:`FunnelSimulator` and :class:`CampaignSimulator`, ipywidgets whose
  sliders feed :func:`simulate_funnel` and :func:`simulate_campaign`;
* :func:`message_bar_chart`, the "chart that convinces a manager".
"""

from __future__ import annotations

import html
import math
import unicodedata
from dataclasses import dataclass
from numbers import Real
from typing import Any, Iterable
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd

# --------------------------------------------------------------------------
# Feedback
# --------------------------------------------------------------------------

EMPTY = "vide"
RIGHT = "juste"
WRONG = "à revoir"

NO_ANSWER = "Pas encore de réponse : complétez la cellule précédente (remplacez None), puis réexécutez cette cellule."

_COLOURS = {EMPTY: ("#f3f4f6", "#6b7280"), RIGHT: ("#ecfdf5", "#047857"), WRONG: ("#fff7ed", "#c2410c")}


@dataclass(frozen=True)
class Feedback:
    """The result of a check, displayed by Jupyter as a coloured French message."""

    status: str
    """``"vide"`` (no answer yet), ``"juste"`` or ``"à revoir"``."""
    message: str
    """What the learner reads: praise with the interpretation, or a hint."""

    @property
    def right(self) -> bool:
        """True when the answer is accepted."""
        return self.status == RIGHT

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        background, border = _COLOURS[self.status]
        return (
            f'<div style="background:{background};border-left:4px solid {border};'
            f'padding:6px 10px;margin:4px 0">{html.escape(self.message)}</div>'
        )


def _empty() -> Feedback:
    return Feedback(EMPTY, NO_ANSWER)


def _right(message: str) -> Feedback:
    return Feedback(RIGHT, "Bravo ! " + message)


def _wrong(message: str) -> Feedback:
    return Feedback(WRONG, "Pas encore. " + message)


def _as_number(answer: Any) -> float | None:
    """The answer as a float, or None when it is not a single number."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, (pd.Series, pd.DataFrame, np.ndarray)) and np.size(answer) == 1:
        answer = np.asarray(answer).ravel()[0]
    if isinstance(answer, (Real, np.number)):
        value = float(answer)
        return value if math.isfinite(value) else None
    return None


def _close(a: float, b: float, rel_tol: float) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=1e-9)


def _fmt(value: float) -> str:
    """A number in French notation for messages (``0,048``, ``12 500``)."""
    if abs(value) >= 1000:
        text = f"{value:,.0f}".replace(",", " ")
    elif value == int(value):
        text = f"{value:.0f}"
    else:
        text = f"{value:.4g}"
    return text.replace(".", ",")


def check_number(
    answer: Any,
    expected: float,
    *,
    success: str,
    traps: Iterable[tuple[float, str]] = (),
    hint: str,
    rate: bool = False,
    rel_tol: float = 0.005,
) -> Feedback:
    """Compare a numeric answer with the expected value.

    ``traps`` pairs the value a plausible mistake gives with the hint that
    addresses it (the closest trap wins when several are within tolerance); ``rate`` adds the hint for a percentage typed instead of a
    proportion. ``rel_tol`` (0.5 %) accepts sensible rounding.
    """
    if answer is None:
        return _empty()
    value = _as_number(answer)
    if value is None:
        return _wrong(
            f"La réponse doit être un seul nombre (par exemple 0.25), pas un objet de type "
            f"{type(answer).__name__}."
        )
    if _close(value, expected, rel_tol):
        return _right(success)
    matching = [
        (abs(value - trap) / max(abs(trap), 1e-12), trap_hint)
        for trap, trap_hint in traps
        if _close(value, trap, rel_tol) and not _close(trap, expected, rel_tol)
    ]
    if matching:
        return _wrong(min(matching, key=lambda pair: pair[0])[1])
    if rate and _close(value, expected * 100, rel_tol):
        return _wrong(
            "Votre calcul est juste, mais exprimé en pourcentage : la réponse attendue est une "
            "proportion entre 0 et 1 (0.05 plutôt que 5)."
        )
    return _wrong(f"Vous obtenez {_fmt(value)}. {hint}")


def _normalise(text: str) -> str:
    """Lower case, no accents, no spaces, dashes or quotes: for comparing labels."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def check_choice(
    answer: Any,
    expected: str,
    *,
    options: Iterable[str],
    success: str,
    hints: dict[str, str] | None = None,
) -> Feedback:
    """Check a multiple-choice answer (a letter or a label), ignoring case and accents.

    ``hints`` maps a wrong option to the explanation of why it is wrong.
    """
    if answer is None:
        return _empty()
    options = list(options)
    given = _normalise(answer) if isinstance(answer, str) else None
    valid = {_normalise(o): o for o in options}
    if given not in valid:
        return _wrong("Répondez par l'une des options proposées : " + ", ".join(repr(o) for o in options) + ".")
    if valid[given] == expected:
        return _right(success)
    hints = hints or {}
    return _wrong(hints.get(valid[given], "Relisez l'énoncé et les options."))


def objectives(*codes: str):
    """The official wording of competencies and bloc 5 criteria, as a Markdown table.

    Codes are bare (``C34``, ``CE33``) and read from the référentiel shipped with
    the package, so the notebook shows exactly the published text.
    """
    from IPython.display import Markdown

    from ..referential import load_referential

    ref = load_referential()
    rows = ["| Code | Intitulé officiel |", "|---|---|"]
    for code in codes:
        record = ref.criterion(code, bloc="B5") if code.startswith("CE") else ref.competency(code)
        kind = "critère" if code.startswith("CE") else "compétence"
        rows.append(f"| **{record.code}** ({kind}) | {record.text} |")
    return Markdown("\n".join(rows))


# --------------------------------------------------------------------------
# Collecte et tracking (C34, CE33)
# --------------------------------------------------------------------------

CALYCE_SOURCES = {
    "google": "SEA",
    "instagram": "Instagram",
    "ig": "Instagram",
    "tiktok": "TikTok",
    "newsletter": "E-mail",
    "brevo": "E-mail",
    "effinity": "Affiliation",
    "awin": "Affiliation",
}
"""Rule 5.1 of the Calyce case: lower-cased ``utm_source`` → canal."""

SEARCH_ENGINES = frozenset({"www.google.com", "www.bing.com", "www.qwant.com", "www.ecosia.org"})
"""Referrers that make a visit without UTM a natural-search (SEO) visit."""

CHANNELS = ("SEA", "SEO", "Instagram", "TikTok", "E-mail", "Affiliation", "Direct")
"""The channels of the Calyce case, in the order of its brief."""


def utm_parameters(url: str) -> dict[str, str]:
    """The ``utm_*`` parameters of a landing URL, decoded (``soldes%20hiver`` → ``soldes hiver``).

    Only the first value of a repeated parameter is kept; names are lower-cased.
    """
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    return {name.lower(): values[0] for name, values in query.items() if name.lower().startswith("utm_")}


def calyce_channel(landing_url: str, referent: Any = None) -> str:
    """The channel of a visit under rule 5.1 of the Calyce case.

    The UTM source decides first (lower-cased, aliases resolved); without UTM, a
    search-engine referrer means SEO; anything else is Direct. A source missing
    from the table also falls back to the referrer rule.
    """
    source = utm_parameters(landing_url).get("utm_source", "").strip().lower()
    if source in CALYCE_SOURCES:
        return CALYCE_SOURCES[source]
    if isinstance(referent, str) and referent.strip().lower() in SEARCH_ENGINES:
        return "SEO"
    return "Direct"


def verifier_utm_campaign(reponse: Any, url: str) -> Feedback:
    """Exercise: the decoded value of ``utm_campaign`` in ``url``."""
    if reponse is None:
        return _empty()
    expected = utm_parameters(url).get("utm_campaign", "")
    if not isinstance(reponse, str):
        return _wrong("La réponse attendue est un texte (une chaîne entre guillemets).")
    if reponse == expected:
        return _right(f"La campagne est « {expected} » : c'est ce nom qui regroupera les visites dans l'outil d'analytics.")
    raw = urlsplit(url).query
    if reponse == raw or "&" in reponse:
        return _wrong("Vous avez toute la chaîne de requête : isolez le seul paramètre utm_campaign.")
    if reponse.startswith("utm_campaign="):
        return _wrong("Gardez seulement la valeur, sans le nom du paramètre « utm_campaign= ».")
    if "%" in reponse or "+" in reponse:
        return _wrong(
            "La valeur est encore encodée (%20 ou + signifient une espace) : utilisez "
            "urllib.parse.parse_qs, qui la décode."
        )
    if reponse.strip() == expected.strip() or reponse.lower() == expected.lower():
        return _wrong("Presque : respectez exactement la casse et les espaces de la valeur décodée.")
    return _wrong("Relisez l'URL après le « ? » : cherchez le paramètre utm_campaign.")


def verifier_canal(reponse: Any, url: str, referent: Any = None) -> Feedback:
    """Exercise: the channel of one visit under rule 5.1, among :data:`CHANNELS`."""
    if reponse is None:
        return _empty()
    expected = calyce_channel(url, referent)
    source = utm_parameters(url).get("utm_source", "")
    hints = {
        "SEO": "La visite porte un utm_source : la règle 5.1 regarde l'UTM avant le référent (une annonce Google Ads a aussi google.com pour référent).",
        "Direct": "Appliquez les règles dans l'ordre : UTM d'abord, puis référent moteur de recherche ; Direct ne vient qu'en dernier.",
    }
    if source:
        hints["SEA"] = f"La source « {source} » en minuscules ne désigne pas Google Ads : consultez le tableau de la règle 5.1."
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
        return _empty()
    expected = pd.Series(
        [calyce_channel(u, r) for u, r in zip(sessions["landing_url"], sessions["referent"])]
    ).value_counts()
    if not isinstance(reponse, pd.Series):
        return _wrong("La réponse attendue est une Series : un nombre de sessions par canal (value_counts).")
    answer = reponse.reindex(expected.index).fillna(0)
    if len(reponse) == len(expected) and np.array_equal(answer.to_numpy(dtype=float), expected.to_numpy(dtype=float)):
        top = expected.idxmax()
        return _right(f"{top} apporte le plus de visites ({_fmt(expected[top])} sur {_fmt(expected.sum())} dans l'échantillon).")
    if int(np.asarray(reponse, dtype=float).sum()) != len(sessions):
        return _wrong(f"Le total doit faire {len(sessions)} sessions : chaque visite reçoit exactement un canal.")
    if answer.get("TikTok", 0) < expected.get("TikTok", 0) or answer.get("Instagram", 0) < expected.get("Instagram", 0):
        return _wrong("Des visites TikTok ou Instagram vous échappent : mettez utm_source en minuscules et traitez l'alias « ig ».")
    if answer.get("SEO", 0) > expected.get("SEO", 0):
        return _wrong("Trop de SEO : une visite Google Ads a aussi google.com pour référent ; regardez l'UTM avant le référent.")
    return _wrong("Appliquez la règle 5.1 visite par visite (fonction canal), puis comptez avec value_counts().")


def verifier_ctr(reponse: Any, clics: float, impressions: float) -> Feedback:
    """Exercise: click-through rate of an ad = clicks / impressions."""
    expected = clics / impressions
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"CTR = clics / impressions = {_fmt(expected)}, soit {_fmt(expected * 100)} %.",
        traps=[(impressions / clics, "Vous avez inversé le rapport : le CTR rapporte les clics aux impressions.")],
        hint="Le taux de clic (CTR) rapporte le nombre de clics au nombre d'impressions de l'annonce.",
    )


def verifier_cpc(reponse: Any, cout: float, clics: float, impressions: float) -> Feedback:
    """Exercise: cost per click = spend / clicks."""
    expected = cout / clics
    return check_number(
        reponse,
        expected,
        success=f"CPC = coût / clics = {_fmt(expected)} € par clic.",
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


# --------------------------------------------------------------------------
# Funnel (C37, CE35)
# --------------------------------------------------------------------------


def verifier_taux_conversion_leads(reponse: Any, leads: pd.DataFrame, visiteurs: int) -> Feedback:
    """Exercise: lead-to-customer conversion rate = leads that bought / leads.

    ``leads`` has one row per lead and a ``client_id`` filled for leads that bought.
    """
    n_leads = len(leads)
    clients = int(leads["client_id"].notna().sum())
    mql = int((leads["statut_mql"] == "MQL").sum())
    expected = clients / n_leads
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"{_fmt(expected * 100)} % des leads deviennent clients ({clients} sur {n_leads}).",
        traps=[
            (clients / visiteurs, "Vous avez divisé par les visiteurs : le taux de conversion des leads se calcule sur les leads."),
            (n_leads / clients, "Vous avez inversé le rapport : on divise les clients par les leads."),
            (n_leads / visiteurs, "C'est le taux de conversion des visiteurs en leads ; on demande celui des leads en clients."),
            (clients / mql, "Vous avez divisé par les seuls MQL : on demande le taux sur l'ensemble des leads."),
        ],
        hint="Taux de conversion des leads = leads devenus clients (client_id renseigné) / nombre de leads.",
    )


def verifier_taux_clic_cta(reponse: Any, cta: pd.DataFrame, cta_id: str, nb_sessions: int) -> Feedback:
    """Exercise: click-through rate of one call-to-action = clicks / impressions of that CTA."""
    events = cta.loc[cta["cta_id"] == cta_id, "evenement"]
    clicks = int((events == "clic").sum())
    views = int((events == "impression").sum())
    expected = clicks / views
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"Le CTA {cta_id} est cliqué par {_fmt(expected * 100)} % des visiteurs qui le voient.",
        traps=[
            (clicks / nb_sessions, "Vous avez divisé par toutes les sessions : seuls les visiteurs qui ont vu le bouton pouvaient cliquer."),
            (views / clicks, "Vous avez inversé le rapport : clics / impressions."),
            (clicks / (clicks + views), "Vous avez divisé par tous les événements : le dénominateur est le nombre d'impressions seulement."),
            (float((cta["evenement"] == "clic").sum() / (cta["evenement"] == "impression").sum()), "C'est le taux de clic de tous les CTA réunis : filtrez d'abord sur le CTA demandé."),
        ],
        hint="Taux de clic d'un CTA = clics sur ce CTA / impressions de ce CTA.",
    )


def verifier_nombre_mql(reponse: Any, leads: pd.DataFrame) -> Feedback:
    """Exercise: number of MQL in the sample (``statut_mql == "MQL"``)."""
    expected = int((leads["statut_mql"] == "MQL").sum())
    return check_number(
        reponse,
        expected,
        rel_tol=0,
        success=f"{expected} MQL dans l'échantillon, soit environ {_fmt(expected * 60)} sur l'ensemble du trafic.",
        traps=[
            (len(leads), "Vous avez compté tous les leads : str.contains(\"MQL\") attrape aussi « non MQL ». Comparez avec == \"MQL\"."),
            (len(leads) - expected, "Ce sont les leads non qualifiés : on demande les MQL."),
            (expected * 60, "C'est le volume extrapolé à tout le trafic : on demande le nombre dans l'échantillon."),
        ],
        hint="Comptez les lignes dont statut_mql vaut exactement \"MQL\".",
    )


def verifier_cout_par_lead(reponse: Any, budget: float, leads: float, clients: float) -> Feedback:
    """Exercise: cost per lead = budget / leads."""
    expected = budget / leads
    return check_number(
        reponse,
        expected,
        success=f"Chaque lead a coûté {_fmt(expected)} €.",
        traps=[
            (budget / clients, "C'est le coût d'acquisition d'un client (CAC) : le coût par lead divise le budget par les leads."),
            (leads / budget, "Vous avez inversé le rapport : on veut des euros par lead."),
        ],
        hint="Coût par lead = budget de la campagne / nombre de leads obtenus.",
    )


def verifier_roi(reponse: Any, chiffre_affaires: float, taux_marque: float, cout: float) -> Feedback:
    """Exercise: ROI = (gross margin − cost) / cost, with margin = CA HT × taux de marque."""
    margin = chiffre_affaires * taux_marque
    expected = (margin - cout) / cout
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"ROI = (marge − coût) / coût = {_fmt(expected)} : chaque euro investi rapporte {_fmt(expected)} € de marge nette.",
        traps=[
            ((chiffre_affaires - cout) / cout, "Vous avez utilisé le chiffre d'affaires : le ROI se calcule sur la marge (CA × taux de marque)."),
            (chiffre_affaires / cout, "C'est le ROAS (CA / dépense publicitaire), pas le ROI."),
            (margin / cout, "N'oubliez pas de retirer le coût de la marge : ROI = (marge − coût) / coût."),
        ],
        hint="ROI = (marge brute générée − coût de la campagne) / coût, avec marge = CA HT × taux de marque.",
    )


def verifier_roas(reponse: Any, chiffre_affaires: float, cout: float) -> Feedback:
    """Exercise: ROAS = revenue / ad spend."""
    expected = chiffre_affaires / cout
    return check_number(
        reponse,
        expected,
        success=f"ROAS = {_fmt(expected)} : chaque euro de publicité génère {_fmt(expected)} € de chiffre d'affaires.",
        traps=[
            (cout / chiffre_affaires, "Vous avez inversé le rapport : CA / dépense."),
            ((chiffre_affaires - cout) / cout, "Le ROAS ne retire pas la dépense : c'est simplement CA / dépense."),
        ],
        hint="ROAS = chiffre d'affaires attribué / dépense publicitaire.",
    )


@dataclass(frozen=True)
class FunnelResult:
    """Counts and money of a simulated funnel."""

    visiteurs: float
    leads: float
    mql: float
    sql: float
    clients: float
    chiffre_affaires: float
    """Revenue excluding VAT: clients × panier moyen."""
    marge: float
    """Gross margin: revenue × taux de marque."""
    budget: float
    roi: float
    """(marge − budget) / budget; NaN when the budget is 0."""
    roas: float
    """chiffre_affaires / budget; NaN when the budget is 0."""
    cout_par_lead: float
    taux_global: float
    """clients / visiteurs."""

    @property
    def stages(self) -> dict[str, float]:
        """The five funnel stages in order, for charts and tables."""
        return {
            "Visiteurs": self.visiteurs,
            "Leads": self.leads,
            "MQL": self.mql,
            "SQL": self.sql,
            "Clients": self.clients,
        }


def simulate_funnel(
    visiteurs: float,
    taux_lead: float,
    taux_mql: float,
    taux_sql: float,
    taux_client: float,
    panier_moyen: float,
    taux_marque: float,
    budget: float,
) -> FunnelResult:
    """Run visitors down the funnel: each rate converts the previous stage into the next.

    ``taux_client`` converts SQL into customers. Counts are expected values (not
    rounded), so that the rates multiply exactly.
    """
    leads = visiteurs * taux_lead
    mql = leads * taux_mql
    sql = mql * taux_sql
    clients = sql * taux_client
    revenue = clients * panier_moyen
    margin = revenue * taux_marque
    nan = float("nan")
    return FunnelResult(
        visiteurs=visiteurs,
        leads=leads,
        mql=mql,
        sql=sql,
        clients=clients,
        chiffre_affaires=revenue,
        marge=margin,
        budget=budget,
        roi=(margin - budget) / budget if budget else nan,
        roas=revenue / budget if budget else nan,
        cout_par_lead=budget / leads if leads else nan,
        taux_global=clients / visiteurs if visiteurs else nan,
    )


# --------------------------------------------------------------------------
# Segmentation, RFM, cohorts, CLV (C35, CE34, CE35)
# --------------------------------------------------------------------------


CRITERIA_FAMILIES = {
    "sociodémographique": ("sexe", "age", "region", "csp", "taille_foyer"),
    "psychographique": (
        "motivation_principale",
        "sensibilite_ecologique",
        "accord_payer_plus_bio",
        "attente_principale",
        "satisfaction",
    ),
    "comportemental": (
        "nb_commandes",
        "ca_total_ht",
        "date_premiere_commande",
        "date_derniere_commande",
        "canal_achat_prefere",
        "optin_newsletter",
    ),
}
"""Columns of the Calyce CRM file by family of segmentation criteria (``type_peau`` is a need, left aside)."""


def verifier_colonnes_psychographiques(reponse: Any) -> Feedback:
    """Exercise: the psychographic columns of the Calyce CRM file (attitudes, motivations, values)."""
    if reponse is None:
        return _empty()
    if isinstance(reponse, str) or not isinstance(reponse, (list, tuple, set)):
        return _wrong("La réponse attendue est une liste de noms de colonnes, par exemple [\"age\", \"csp\"].")
    given = {str(c) for c in reponse}
    expected = set(CRITERIA_FAMILIES["psychographique"])
    if given == expected:
        return _right("Motivations, attitudes et opinions : ce que pense la cliente, pas qui elle est ni ce qu'elle fait.")
    for family in ("sociodémographique", "comportemental"):
        intruders = sorted(given & set(CRITERIA_FAMILIES[family]))
        if intruders:
            return _wrong(f"{', '.join(intruders)} : critère(s) {family}(s), pas psychographique(s).")
    unknown = sorted(given - expected)
    if unknown:
        return _wrong(f"Colonne(s) non psychographique(s) ou inconnue(s) : {', '.join(unknown)}.")
    return _wrong(f"Il en manque {len(expected - given)} : relisez les questions du questionnaire (opinions, motivations, satisfaction).")


def verifier_csat(reponse: Any, crm: pd.DataFrame) -> Feedback:
    """Exercise: CSAT = share of answers 4 or 5 on the 1–5 satisfaction scale."""
    notes = crm["satisfaction"]
    expected = float(notes.isin([4, 5]).mean())
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"CSAT = {_fmt(expected * 100)} % de clientes satisfaites (notes 4 ou 5).",
        traps=[
            (float(notes.mean() / 5), "Vous avez divisé la note moyenne par 5 : le CSAT est une part de répondants (notes 4 et 5)."),
            (float(notes.mean()), "C'est la note moyenne : le CSAT est la part des notes 4 ou 5."),
            (float((notes == 5).mean()), "Vous n'avez gardé que les 5 : les notes 4 comptent aussi comme satisfaites."),
            (float((notes >= 3).mean()), "La note 3 est neutre : seules les notes 4 et 5 comptent."),
            (float(notes.isin([4, 5]).sum()), "C'est un nombre de clientes : divisez-le par le nombre de répondantes."),
        ],
        hint="CSAT = nombre de notes 4 ou 5 / nombre de réponses.",
    )


def rfm_table(
    transactions: pd.DataFrame,
    date_reference: pd.Timestamp | str,
    *,
    client: str = "client_id",
    date: str = "date",
    montant: str = "montant_usd",
) -> pd.DataFrame:
    """Recency, frequency and monetary value per customer.

    ``recence`` is the number of days between the last purchase day and
    ``date_reference``; ``frequence`` the number of distinct purchase days
    (several lines on one day make one order); ``montant`` the total spent.
    """
    tx = transactions[[client, date, montant]]
    days = tx[date].dt.normalize()
    grouped = tx.assign(_day=days).groupby(client)
    table = pd.DataFrame(
        {
            "recence": (pd.Timestamp(date_reference) - grouped["_day"].max()).dt.days,
            "frequence": grouped["_day"].nunique(),
            "montant": grouped[montant].sum(),
        }
    )
    table.index.name = client
    return table


def quintile_score(values: pd.Series, *, higher_is_better: bool = True) -> pd.Series:
    """Scores 1–5 by quintile; ties are split by order of appearance (rank "first").

    With ``higher_is_better=False`` (recency), the smallest values get 5.
    """
    labels = [1, 2, 3, 4, 5] if higher_is_better else [5, 4, 3, 2, 1]
    return pd.qcut(values.rank(method="first"), 5, labels=labels).astype(int).rename(values.name)


FREQUENCY_BINS = (0, 1, 2, 4, 9, float("inf"))
"""Edges of the frequency score: 1 order → 1, 2 → 2, 3–4 → 3, 5–9 → 4, 10 or more → 5."""


def frequency_score(frequence: pd.Series) -> pd.Series:
    """Frequency score 1–5 by business thresholds (:data:`FREQUENCY_BINS`).

    Quintiles do not work when most customers bought once (51 % in CDNOW): they
    would give different scores to identical customers.
    """
    return pd.cut(frequence, FREQUENCY_BINS, labels=[1, 2, 3, 4, 5]).astype(int).rename(frequence.name)


def rfm_scores(rfm: pd.DataFrame) -> pd.DataFrame:
    """R, M scores by quintile, F score by thresholds, and the three-digit code ``RFM``."""
    scores = pd.DataFrame(
        {
            "R": quintile_score(rfm["recence"], higher_is_better=False),
            "F": frequency_score(rfm["frequence"]),
            "M": quintile_score(rfm["montant"]),
        }
    )
    scores["RFM"] = scores["R"].astype(str) + scores["F"].astype(str) + scores["M"].astype(str)
    return scores


RFM_SEGMENTS = ("Champions", "Fidèles", "Occasionnels récents", "À risque", "Endormis")
"""Segments of :func:`rfm_segment`, from the most to the least valuable."""


def rfm_segment(r: int, f: int) -> str:
    """A business segment from the R and F scores (a simple, common grid).

    Champions: R ≥ 4 and F ≥ 4; Fidèles: R ≥ 3 and F ≥ 3; Occasionnels récents:
    R ≥ 3 and F ≤ 2; À risque: R ≤ 2 and F ≥ 2 (bought again, then stopped);
    Endormis: R ≤ 2 and F = 1.
    """
    if r >= 4 and f >= 4:
        return "Champions"
    if r >= 3:
        return "Fidèles" if f >= 3 else "Occasionnels récents"
    return "À risque" if f >= 2 else "Endormis"


def cohort_retention(
    transactions: pd.DataFrame, *, client: str = "client_id", date: str = "date"
) -> pd.DataFrame:
    """Share of each monthly acquisition cohort that buys again, month by month.

    Rows: month of first purchase (``Period[M]``); columns: months since the first
    purchase (0, 1, 2…); values: active customers / cohort size (month 0 is 1).
    Months after the end of the data are NaN, not 0.
    """
    month = transactions[date].dt.to_period("M")
    first = month.groupby(transactions[client]).transform("min")
    age = (month.dt.year - first.dt.year) * 12 + (month.dt.month - first.dt.month)
    active = (
        pd.DataFrame({"cohorte": first, "mois": age, client: transactions[client]})
        .groupby(["cohorte", "mois"])[client]
        .nunique()
        .unstack("mois", fill_value=0)
    )
    last = month.max()
    horizon = np.array([(last - cohort).n for cohort in active.index])
    observed = np.asarray(active.columns)[None, :] <= horizon[:, None]
    return active.div(active[0], axis=0).where(observed)


def verifier_retention(reponse: Any, transactions: pd.DataFrame, cohorte: str, mois: int) -> Feedback:
    """Exercise: retention of one cohort ``mois`` months after its first purchase."""
    if reponse is None:
        return _empty()
    table = cohort_retention(transactions)
    period = pd.Period(cohorte, freq="M")
    expected = float(table.loc[period, mois])
    month = transactions["date"].dt.to_period("M")
    first = month.groupby(transactions["client_id"]).transform("min")
    in_cohort = first == period
    target = period + mois
    size = transactions.loc[in_cohort, "client_id"].nunique()
    buying_rows = int((in_cohort & (month == target)).sum())
    all_customers = transactions["client_id"].nunique()
    active = expected * size
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"{_fmt(expected * 100)} % des clients de la cohorte {cohorte} achètent encore au mois {mois}.",
        traps=[
            (buying_rows / size, "Vous avez compté des lignes d'achat : comptez des clients distincts (nunique)."),
            (active / all_customers, "Divisez par la taille de la cohorte, pas par l'ensemble des clients."),
            (1 - expected, "C'est la part de clients perdus (attrition) ; on demande ceux qui rachètent."),
        ],
        hint="Rétention = clients de la cohorte actifs ce mois-là / taille de la cohorte.",
    )


def verifier_montant_par_client(reponse: Any, transactions: pd.DataFrame) -> Feedback:
    """Exercise: a Series of the total amount spent per customer."""
    if reponse is None:
        return _empty()
    expected = transactions.groupby("client_id")["montant_usd"].sum()
    if not isinstance(reponse, pd.Series):
        return _wrong("La réponse attendue est une Series pandas : un montant par client (groupby puis une agrégation).")
    if len(reponse) != len(expected):
        return _wrong(f"Vous avez {len(reponse)} lignes ; il en faut une par client, soit {len(expected)}.")
    answer = reponse.reindex(expected.index)
    if answer.isna().any():
        return _wrong("L'index de votre Series doit être l'identifiant client (groupby('client')).")
    if np.allclose(answer, expected, rtol=1e-6):
        return _right(f"Les {len(expected)} clients ont dépensé {_fmt(expected.sum())} $ au total.")
    if np.allclose(answer, transactions.groupby("client_id")["montant_usd"].mean(), rtol=1e-6):
        return _wrong("Vous avez calculé un montant moyen par achat : on veut le total dépensé (sum).")
    if np.allclose(answer, transactions.groupby("client_id")["montant_usd"].count(), rtol=1e-6):
        return _wrong("Vous avez compté les achats : on veut la somme des montants.")
    return _wrong("Agrégez la colonne montant par client avec une somme.")


def verifier_part_acheteurs_uniques(reponse: Any, transactions: pd.DataFrame) -> Feedback:
    """Exercise: share of customers who bought on one single day."""
    days = transactions.assign(_d=transactions["date"].dt.normalize())
    per_client = days.groupby("client_id")["_d"].nunique()
    expected = float((per_client == 1).mean())
    lines = transactions.groupby("client_id").size()
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"{_fmt(expected * 100)} % des clients n'ont acheté qu'une fois : la fidélisation est un enjeu majeur.",
        traps=[
            (float((lines == 1).mean()), "Vous avez compté des lignes : plusieurs lignes le même jour forment une seule commande (comptez les dates distinctes)."),
            (float((per_client == 1).sum()), "C'est un nombre de clients : divisez-le par le nombre total de clients."),
            (1 - expected, "C'est la part des clients qui ont racheté ; on demande ceux qui n'ont acheté qu'une fois."),
        ],
        hint="Comptez, par client, les jours d'achat distincts, puis la part de clients qui n'en ont qu'un.",
    )


def verifier_score_r(reponse: Any, rfm: pd.DataFrame) -> Feedback:
    """Exercise: the recency score R (1–5), 5 for the most recent customers."""
    if reponse is None:
        return _empty()
    expected = quintile_score(rfm["recence"], higher_is_better=False)
    if not isinstance(reponse, pd.Series) or len(reponse) != len(expected):
        return _wrong("La réponse attendue est une Series avec un score par client (même index que rfm).")
    answer = pd.to_numeric(pd.Series(reponse, copy=True), errors="coerce").reindex(expected.index)
    if answer.isna().any():
        return _wrong("Des scores manquent ou ne sont pas des nombres : gardez l'index de rfm et des entiers de 1 à 5.")
    agreement = float((answer == expected).mean())
    if agreement >= 0.99:
        return _right("Les clients les plus récents (petite récence) ont le score 5.")
    if float((answer == 6 - expected).mean()) >= 0.99:
        return _wrong("Votre score est inversé : une petite récence (achat récent) est une bonne nouvelle et doit donner 5.")
    return _wrong("Découpez la récence en 5 quintiles (pd.qcut sur le rang) avec les étiquettes 5, 4, 3, 2, 1.")


def clv_simple(marge_par_achat: float, achats_par_an: float, duree_annees: float) -> float:
    """CLV without discounting: margin per purchase × purchases per year × lifetime in years."""
    return marge_par_achat * achats_par_an * duree_annees


def clv_discounted(
    marge_annuelle: float, taux_actualisation: float, duree_annees: int, taux_retention: float = 1.0
) -> float:
    """Discounted CLV: the margin of year t (received at the end of year t) weighs r^(t−1) / (1 + a)^t.

    With ``taux_retention`` 1 this is the present value of an annuity.
    """
    return sum(
        marge_annuelle * taux_retention ** (t - 1) / (1 + taux_actualisation) ** t for t in range(1, duree_annees + 1)
    )


def verifier_clv_simple(
    reponse: Any, panier_moyen: float, taux_marque: float, achats_par_an: float, duree_annees: float
) -> Feedback:
    """Exercise: simple CLV on margin."""
    margin = panier_moyen * taux_marque
    expected = clv_simple(margin, achats_par_an, duree_annees)
    return check_number(
        reponse,
        expected,
        success=f"Un client rapporte {_fmt(expected)} € de marge sur sa durée de vie.",
        traps=[
            (clv_simple(panier_moyen, achats_par_an, duree_annees), "Vous avez utilisé le panier (chiffre d'affaires) : la CLV se calcule sur la marge (panier × taux de marque)."),
            (margin * achats_par_an, "C'est la marge d'une seule année : multipliez par la durée de vie."),
            (margin * duree_annees, "Vous avez oublié la fréquence d'achat annuelle."),
        ],
        hint="CLV = marge par achat × nombre d'achats par an × durée de vie (années).",
    )


def verifier_clv_actualisee(
    reponse: Any, marge_annuelle: float, taux_actualisation: float, duree_annees: int
) -> Feedback:
    """Exercise: discounted CLV with the margin received at the end of each year."""
    expected = clv_discounted(marge_annuelle, taux_actualisation, duree_annees)
    from_zero = sum(marge_annuelle / (1 + taux_actualisation) ** t for t in range(duree_annees))
    return check_number(
        reponse,
        expected,
        success=f"Actualisée à {_fmt(taux_actualisation * 100)} %, la CLV vaut {_fmt(expected)} € d'aujourd'hui.",
        traps=[
            (marge_annuelle * duree_annees, "Vous n'avez pas actualisé : un euro reçu dans 3 ans vaut moins qu'un euro aujourd'hui."),
            (from_zero, "Vous avez actualisé à partir de t = 0 : la marge de la première année arrive en fin d'année, divisez-la par (1 + a)."),
            (marge_annuelle * duree_annees / (1 + taux_actualisation) ** duree_annees, "Chaque année s'actualise avec sa propre puissance (1 + a)^t, pas toutes avec la dernière."),
        ],
        hint="CLV actualisée = somme sur t = 1…n de marge annuelle / (1 + a)^t.",
    )


# --------------------------------------------------------------------------
# Prévisions (C37, CE35)
# --------------------------------------------------------------------------


def verifier_croissance_annuelle(reponse: Any, ventes: pd.Series, annee: int) -> Feedback:
    """Exercise: growth of ``annee``'s total sales over the previous year (a proportion)."""
    totals = ventes.groupby(ventes.index.year).sum()
    expected = totals[annee] / totals[annee - 1] - 1
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"Les ventes {annee} progressent de {_fmt(expected * 100)} % sur un an.",
        traps=[
            (totals[annee] / totals[annee - 1], "C'est le rapport entre les deux années : retirez 1 pour obtenir la croissance."),
            (1 - totals[annee - 1] / totals[annee], "Divisez par l'année de départ (N − 1), pas par l'année N."),
            (totals[annee] - totals[annee - 1], "C'est l'écart en valeur : la croissance est une proportion (écart / année N − 1)."),
        ],
        hint="Croissance = ventes N / ventes N − 1 − 1, sur les totaux annuels.",
    )


def verifier_coefficient_saisonnier(reponse: Any, ventes: pd.Series, mois: int) -> Feedback:
    """Exercise: average-ratio seasonal coefficient of a calendar month (month / its year's monthly mean)."""
    frame = pd.DataFrame({"ventes": ventes.to_numpy(), "annee": ventes.index.year, "mois": ventes.index.month})
    ratio = frame["ventes"] / frame.groupby("annee")["ventes"].transform("mean")
    expected = float(ratio[frame["mois"] == mois].mean())
    naive = float(frame.loc[frame["mois"] == mois, "ventes"].mean() / frame["ventes"].mean())
    return check_number(
        reponse,
        expected,
        success=f"Le mois {mois} vend en moyenne {_fmt(expected)} fois un mois moyen de son année.",
        traps=[
            (float(frame.loc[frame["mois"] == mois, "ventes"].mean()), "C'est le niveau moyen des ventes du mois : divisez chaque année par la moyenne mensuelle de cette année."),
            (naive, "Vous avez divisé par la moyenne de toute la période : avec une tendance, comparez chaque mois à la moyenne de sa propre année."),
        ],
        hint="Coefficient saisonnier = moyenne, sur les années, de (ventes du mois / moyenne mensuelle de l'année).",
    )


def mape(reel: Iterable[float], prevu: Iterable[float]) -> float:
    """Mean absolute percentage error (a proportion), relative to the actual values."""
    actual = np.asarray(list(reel), dtype=float)
    forecast = np.asarray(list(prevu), dtype=float)
    return float(np.mean(np.abs(actual - forecast) / np.abs(actual)))


def verifier_mape(reponse: Any, reel: pd.Series, prevu: pd.Series) -> Feedback:
    """Exercise: MAPE of a forecast against the actual values."""
    actual = np.asarray(reel, dtype=float)
    forecast = np.asarray(prevu, dtype=float)
    expected = mape(actual, forecast)
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"La prévision se trompe en moyenne de {_fmt(expected * 100)} % par mois.",
        traps=[
            (float(np.mean(np.abs(actual - forecast) / np.abs(forecast))), "Divisez l'erreur par la valeur réelle, pas par la prévision."),
            (float(np.mean((actual - forecast) / actual)), "Prenez la valeur absolue des écarts : sinon les erreurs positives et négatives se compensent."),
            (float(np.mean(np.abs(actual - forecast))), "C'est l'erreur absolue moyenne (en euros) : rapportez chaque écart à la valeur réelle."),
        ],
        hint="MAPE = moyenne de |réel − prévu| / réel.",
    )


# --------------------------------------------------------------------------
# Campagne et groupe de contrôle (C36, CE35)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProportionTest:
    """Two-sided z test of the difference between two proportions (pooled variance)."""

    z: float
    p_value: float

    @property
    def significant(self) -> bool:
        """True at the usual 5 % threshold."""
        return self.p_value < 0.05


def proportions_test(succes_cible: int, n_cible: int, succes_controle: int, n_controle: int) -> ProportionTest:
    """Compare the rebuy rate of the targeted group with the control group (statsmodels z test)."""
    from statsmodels.stats.proportion import proportions_ztest

    z, p = proportions_ztest([succes_cible, succes_controle], [n_cible, n_controle], alternative="two-sided")
    return ProportionTest(float(z), float(p))


def _group_rates(campagne: pd.DataFrame) -> tuple[float, float, int, int]:
    """Rebuy rates of the test and control groups, and their sizes."""
    test = campagne.loc[campagne["groupe"] == "test", "achat_30j"]
    control = campagne.loc[campagne["groupe"] == "contrôle", "achat_30j"]
    return float(test.mean()), float(control.mean()), len(test), len(control)


def verifier_uplift_absolu(reponse: Any, campagne: pd.DataFrame) -> Feedback:
    """Exercise: absolute uplift = rebuy rate of the test group − rebuy rate of the control group."""
    rate_t, rate_c, n_t, n_c = _group_rates(campagne)
    expected = rate_t - rate_c
    buyers_t, buyers_c = rate_t * n_t, rate_c * n_c
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"L'e-mail ajoute {_fmt(expected * 100)} points de taux de réachat ({_fmt(rate_c * 100)} % → {_fmt(rate_t * 100)} %).",
        traps=[
            (rate_t / rate_c - 1, "C'est l'uplift relatif : l'uplift absolu est la différence des deux taux."),
            ((buyers_t - buyers_c) / n_t, "Comparez des taux, pas des nombres d'acheteurs : les deux groupes n'ont pas la même taille."),
            (buyers_t - buyers_c, "Comparez des taux, pas des nombres d'acheteurs : les deux groupes n'ont pas la même taille."),
            (rate_t, "C'est le taux du groupe test : retirez-lui le taux du groupe de contrôle."),
            (rate_c - rate_t, "Vous avez inversé la soustraction : test − contrôle."),
            (float(campagne["achat_30j"].mean()) - rate_c, "Ne mélangez pas les groupes : comparez le groupe test au groupe de contrôle, pas l'ensemble des clients."),
        ],
        hint="Uplift absolu = taux de réachat du groupe test − taux de réachat du groupe de contrôle.",
    )


def verifier_uplift_relatif(reponse: Any, campagne: pd.DataFrame) -> Feedback:
    """Exercise: relative uplift = rate of the test group / rate of the control group − 1."""
    rate_t, rate_c, _, _ = _group_rates(campagne)
    expected = rate_t / rate_c - 1
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"Le taux de réachat est {_fmt(expected * 100)} % plus élevé dans le groupe test.",
        traps=[
            (rate_t - rate_c, "C'est l'uplift absolu (en points) : divisez-le par le taux du groupe de contrôle."),
            (rate_t / rate_c, "Retirez 1 : un rapport de 1,2 signifie +20 %."),
            ((rate_t - rate_c) / rate_t, "Divisez par le taux du groupe de contrôle (la référence), pas par celui du groupe test."),
        ],
        hint="Uplift relatif = (taux test − taux contrôle) / taux contrôle.",
    )


def incremental_roi(campagne: pd.DataFrame, taux_marque: float, cout_fixe: float, cout_par_email: float) -> float:
    """ROI of a campaign on its incremental margin.

    Incremental revenue = (revenue per customer of the test group − revenue per
    customer of the control group) × size of the test group; cost = fixed cost +
    cost per e-mail × e-mails sent.
    """
    test = campagne[campagne["groupe"] == "test"]
    control = campagne[campagne["groupe"] == "contrôle"]
    extra_revenue = (test["ca_30j_ht"].mean() - control["ca_30j_ht"].mean()) * len(test)
    cost = cout_fixe + cout_par_email * test["email_envoye"].sum()
    return float((extra_revenue * taux_marque - cost) / cost)


def verifier_roi_campagne(
    reponse: Any, campagne: pd.DataFrame, taux_marque: float, cout_fixe: float, cout_par_email: float
) -> Feedback:
    """Exercise: ROI of the loyalty campaign, on incremental margin only."""
    expected = incremental_roi(campagne, taux_marque, cout_fixe, cout_par_email)
    test = campagne[campagne["groupe"] == "test"]
    control = campagne[campagne["groupe"] == "contrôle"]
    cost = cout_fixe + cout_par_email * test["email_envoye"].sum()
    extra = (test["ca_30j_ht"].mean() - control["ca_30j_ht"].mean()) * len(test)
    whole = test["ca_30j_ht"].sum()
    return check_number(
        reponse,
        expected,
        rate=True,
        success=f"ROI = (marge incrémentale − coût) / coût = {_fmt(expected)} : chaque euro investi rapporte {_fmt(expected)} € de marge en plus.",
        traps=[
            ((whole * taux_marque - cost) / cost, "Vous avez compté tout le CA du groupe test : une partie aurait été faite sans l'e-mail. Ne gardez que l'écart avec le groupe de contrôle."),
            ((extra - cost) / cost, "Vous avez utilisé le CA incrémental : le ROI se calcule sur la marge (CA × taux de marque)."),
            (extra * taux_marque / cost, "Retirez le coût de la marge : ROI = (marge − coût) / coût."),
            ((extra * taux_marque - cout_par_email * test["email_envoye"].sum()) / (cout_par_email * test["email_envoye"].sum()), "N'oubliez pas le coût fixe de conception dans le coût de la campagne."),
            (((test["ca_30j_ht"].sum() - control["ca_30j_ht"].sum()) * taux_marque - cost) / cost, "Les groupes n'ont pas la même taille : comparez le CA moyen par client, puis multipliez par l'effectif du groupe test."),
        ],
        hint="ROI = ((CA moyen test − CA moyen contrôle) × effectif test × taux de marque − coût) / coût.",
    )


@dataclass(frozen=True)
class CampaignResult:
    """Incremental effect of a loyalty campaign measured against a control group."""

    taux_cible: float
    taux_controle: float
    uplift_absolu: float
    uplift_relatif: float
    acheteurs_incrementaux: float
    """Targeted customers × absolute uplift: purchases the campaign caused."""
    ca_incremental: float
    marge_incrementale: float
    cout: float
    roi: float
    """(marge incrémentale − coût) / coût."""
    uplift_point_mort: float
    """Absolute uplift at which the campaign breaks even: coût / (ciblés × panier × taux de marque)."""
    p_value: float
    """Two-sided z test for the expected counts of the simulated groups."""


def simulate_campaign(
    n_cible: int,
    n_controle: int,
    taux_controle: float,
    uplift_points: float,
    panier_moyen: float,
    taux_marque: float,
    cout_par_contact: float,
    cout_fixe: float = 0.0,
) -> CampaignResult:
    """Expected effect of a campaign whose targeted group rebuys ``uplift_points`` more than the control.

    ``uplift_points`` is a proportion (0.02 for two points). Only the targeted
    customers are contacted: cost = ``cout_fixe`` + ciblés × ``cout_par_contact``.
    The p-value is that of the z test on the expected numbers of buyers in both
    groups.
    """
    rate_t = taux_controle + uplift_points
    extra = n_cible * uplift_points
    revenue = extra * panier_moyen
    margin = revenue * taux_marque
    cost = cout_fixe + n_cible * cout_par_contact
    nan = float("nan")
    unit_margin = panier_moyen * taux_marque
    test = (
        proportions_test(round(rate_t * n_cible), n_cible, round(taux_controle * n_controle), n_controle)
        if n_cible and n_controle and 0 < taux_controle < 1 and 0 <= rate_t <= 1
        else ProportionTest(nan, nan)
    )
    return CampaignResult(
        taux_cible=rate_t,
        taux_controle=taux_controle,
        uplift_absolu=uplift_points,
        uplift_relatif=uplift_points / taux_controle if taux_controle else nan,
        acheteurs_incrementaux=extra,
        ca_incremental=revenue,
        marge_incrementale=margin,
        cout=cost,
        roi=(margin - cost) / cost if cost else nan,
        uplift_point_mort=cost / (n_cible * unit_margin) if unit_margin and n_cible else nan,
        p_value=test.p_value,
    )


# --------------------------------------------------------------------------
# Datavisualisation (CE36)
# --------------------------------------------------------------------------

HIGHLIGHT = "#c2410c"
"""Colour of the bar that carries the message."""
MUTED = "#b8bec7"
"""Colour of the context bars."""


def message_bar_chart(
    serie: pd.Series,
    titre: str,
    *,
    mettre_en_avant: Any = None,
    unite: str = "",
    ax: Any = None,
):
    """Horizontal bars sorted from largest (top) to smallest, one bar highlighted, values written.

    The title states the message; context bars are grey, the bar named by
    ``mettre_en_avant`` is coloured; no frame, no gridlines. Returns the axes.
    """
    import matplotlib.pyplot as plt

    ordered = serie.sort_values(ascending=True)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.45 * len(ordered) + 1.2))
    colours = [HIGHLIGHT if label == mettre_en_avant else MUTED for label in ordered.index]
    bars = ax.barh([str(i) for i in ordered.index], ordered.to_numpy(), color=colours)
    for bar, value in zip(bars, ordered.to_numpy()):
        ax.text(
            bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {_fmt(float(value))}{unite}", va="center", fontsize=9
        )
    ax.set_title(titre, loc="left", fontsize=12, fontweight="bold")
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0)
    return ax


def verifier_tri(reponse: Any, serie: pd.Series) -> Feedback:
    """Exercise: the series sorted from the largest to the smallest value."""
    if reponse is None:
        return _empty()
    if not isinstance(reponse, pd.Series):
        return _wrong("La réponse attendue est une Series pandas (utilisez .sort_values).")
    if sorted(map(str, reponse.index)) != sorted(map(str, serie.index)) or not np.allclose(
        np.sort(reponse.to_numpy(dtype=float)), np.sort(serie.to_numpy(dtype=float))
    ):
        return _wrong("Votre Series n'a plus les mêmes valeurs : triez-la sans la modifier.")
    values = reponse.to_numpy(dtype=float)
    if np.all(np.diff(values) <= 0):
        return _right("Du plus grand au plus petit : l'œil lit le classement sans effort.")
    if np.all(np.diff(values) >= 0):
        return _wrong("Le tri est croissant : ajoutez ascending=False pour commencer par la plus grande valeur.")
    return _wrong("Les valeurs ne sont pas triées : utilisez .sort_values(ascending=False).")


def verifier_graphique_manager(reponse: Any, serie: pd.Series, canal: str) -> Feedback:
    """Exercise: a horizontal bar chart (matplotlib Axes) of ``serie`` that highlights ``canal``.

    Checked: one bar per category, sorted with the largest on top, exactly one
    colour that differs from the others and it is ``canal``'s, and a title that
    states a message (more than a few words, not just the name of the measure).
    """
    if reponse is None:
        return _empty()
    from matplotlib.axes import Axes
    from matplotlib.colors import to_hex

    if not isinstance(reponse, Axes):
        return _wrong("La réponse attendue est le graphique (l'objet ax renvoyé par message_bar_chart ou plt.subplots).")
    bars = [p for p in reponse.patches if p.get_height() > 0 and p.get_width() > 0]
    if len(bars) != len(serie):
        return _wrong(f"Le graphique doit avoir une barre par catégorie ({len(serie)}), il en a {len(bars)}.")
    labels = [t.get_text() for t in reponse.get_yticklabels()]
    if sorted(labels) != sorted(map(str, serie.index)):
        return _wrong("Utilisez des barres horizontales (barh) avec les catégories en étiquettes de l'axe vertical.")
    widths = [b.get_width() for b in sorted(bars, key=lambda b: b.get_y())]
    if any(later < earlier for earlier, later in zip(widths, widths[1:])):
        return _wrong("Triez les barres : la plus grande en haut (avec barh, la première valeur tracée est en bas).")
    colours = [to_hex(b.get_facecolor()) for b in sorted(bars, key=lambda b: b.get_y())]
    counts = pd.Series(colours).value_counts()
    if len(counts) != 2 or counts.iloc[-1] != 1:
        return _wrong("Une seule barre doit ressortir : toutes les autres de la même couleur discrète (gris).")
    highlighted = labels[colours.index(counts.index[-1])] if len(labels) == len(colours) else None
    if highlighted != str(canal):
        return _wrong(f"La barre mise en avant est {highlighted} : c'est {canal} qui porte le message.")
    title = reponse.get_title(loc="left") or reponse.get_title()
    if len(title.split()) < 5:
        return _wrong("Le titre doit dire le message en une phrase (ce que le manager doit retenir), pas seulement nommer la mesure.")
    return _right("Trié, une seule couleur qui attire l'œil, un titre qui dit la conclusion : le manager comprend en cinq secondes.")


CHART_QUIZ = {
    "a": "Un diagramme circulaire (camembert) à 8 parts",
    "b": "Des barres horizontales triées, le canal à discuter en couleur",
    "c": "Une courbe reliant les canaux",
}
"""Options of the quiz on comparing channels."""


def verifier_choix_graphique(reponse: Any) -> Feedback:
    """Quiz: the chart that compares eight channels for a manager."""
    return check_choice(
        reponse,
        "b",
        options=CHART_QUIZ,
        success="Des barres triées se comparent d'un coup d'œil ; la couleur montre où regarder.",
        hints={
            "a": "L'œil compare mal des angles : au-delà de 3 ou 4 parts, un camembert ne se lit plus.",
            "c": "Une courbe suggère une continuité (le temps) : les canaux sont des catégories sans ordre.",
        },
    )


TITLE_QUIZ = {
    "a": "Chiffre d'affaires par canal",
    "b": "Graphique 3 : CA 2025",
    "c": "TikTok attire le plus de visites mais rapporte le moins de chiffre d'affaires",
}
"""Options of the quiz on the title of a chart for a manager."""


def verifier_titre(reponse: Any) -> Feedback:
    """Quiz: a title that states the message."""
    return check_choice(
        reponse,
        "c",
        options=TITLE_QUIZ,
        success="Le titre dit ce qu'il faut retenir : le manager lit la conclusion avant le graphique.",
        hints={
            "a": "Ce titre décrit les axes mais ne dit pas ce qu'il faut retenir.",
            "b": "Un numéro et une période ne disent rien : écrivez la conclusion dans le titre.",
        },
    )


# --------------------------------------------------------------------------
# Simulators (widgets)
# --------------------------------------------------------------------------


def _percent(value: float) -> str:
    return "—" if value != value else f"{value * 100:.1f} %".replace(".", ",")


def _euros(value: float) -> str:
    return "—" if value != value else f"{value:,.0f} €".replace(",", " ")


def _count(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def _kpi_table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td>{html.escape(k)}</td><td style='text-align:right'><b>{html.escape(v)}</b></td></tr>" for k, v in rows)
    return f"<table>{cells}</table>"


class _Simulator:
    """Sliders that feed a pure function; a KPI table and a bar chart redrawn on every change."""

    title = ""

    def __init__(self, sliders: dict[str, Any]):
        import ipywidgets as widgets

        self.sliders = sliders
        """Slider per argument of the simulation function, keyed by argument name."""
        self.kpis = widgets.HTML()
        """The KPI table (HTML) shown next to the chart."""
        self.chart = widgets.Output()
        self.bars: dict[str, float] = {}
        """Heights of the bars last drawn, by label (what the chart shows)."""
        for slider in sliders.values():
            slider.observe(self._refresh, names="value")
        self.widget = widgets.HBox(
            [widgets.VBox(list(sliders.values())), widgets.VBox([self.kpis, self.chart])]
        )
        """The whole widget, to display."""
        self._refresh()

    @property
    def values(self) -> dict[str, Any]:
        """Current value of every slider."""
        return {name: slider.value for name, slider in self.sliders.items()}

    def _refresh(self, change: Any = None) -> None:
        result = self.result
        self.kpis.value = _kpi_table(self._kpi_rows(result))
        self.bars = self._bars(result)
        self._draw()

    def _draw(self) -> None:
        import matplotlib.pyplot as plt
        from IPython.display import clear_output, display

        with self.chart:
            clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(5, 3))
            ax.bar(list(self.bars), list(self.bars.values()), color=MUTED)
            ax.set_title(self.title, loc="left")
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            display(fig)
            plt.close(fig)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _rate_slider(description: str, value: float, maximum: float, step: float):
    import ipywidgets as widgets

    return widgets.FloatSlider(
        value=value,
        min=0.0,
        max=maximum,
        step=step,
        description=description,
        readout_format=".1%",
        continuous_update=False,
        style={"description_width": "140px"},
    )


def _int_slider(description: str, value: int, minimum: int, maximum: int, step: int):
    import ipywidgets as widgets

    return widgets.IntSlider(
        value=value,
        min=minimum,
        max=maximum,
        step=step,
        description=description,
        continuous_update=False,
        style={"description_width": "140px"},
    )


class FunnelSimulator(_Simulator):
    """Funnel simulator: visits and stage rates → counts, revenue, margin, ROI and ROAS."""

    title = "Entonnoir de conversion (effectifs)"

    def __init__(
        self,
        visiteurs: int = 40_000,
        taux_lead: float = 0.04,
        taux_mql: float = 0.40,
        taux_sql: float = 0.50,
        taux_client: float = 0.25,
        panier_moyen: int = 450,
        taux_marque: float = 0.40,
        budget: int = 12_000,
    ):
        super().__init__(
            {
                "visiteurs": _int_slider("Visiteurs", visiteurs, 1_000, 200_000, 1_000),
                "taux_lead": _rate_slider("Visiteur → lead", taux_lead, 0.20, 0.005),
                "taux_mql": _rate_slider("Lead → MQL", taux_mql, 1.0, 0.01),
                "taux_sql": _rate_slider("MQL → SQL", taux_sql, 1.0, 0.01),
                "taux_client": _rate_slider("SQL → client", taux_client, 1.0, 0.01),
                "panier_moyen": _int_slider("Panier moyen HT (€)", panier_moyen, 10, 2_000, 10),
                "taux_marque": _rate_slider("Taux de marque", taux_marque, 0.9, 0.01),
                "budget": _int_slider("Budget (€)", budget, 0, 100_000, 500),
            }
        )

    @property
    def result(self) -> FunnelResult:
        """The simulation for the current slider values."""
        return simulate_funnel(**self.values)

    @staticmethod
    def _kpi_rows(r: FunnelResult) -> list[tuple[str, str]]:
        return [
            ("Leads", _count(r.leads)),
            ("MQL", _count(r.mql)),
            ("SQL", _count(r.sql)),
            ("Clients", _count(r.clients)),
            ("Conversion visiteur → client", _percent(r.taux_global)),
            ("Chiffre d'affaires HT", _euros(r.chiffre_affaires)),
            ("Marge", _euros(r.marge)),
            ("Coût par lead", _euros(r.cout_par_lead)),
            ("ROAS", "—" if r.roas != r.roas else f"{r.roas:.2f}".replace(".", ",")),
            ("ROI", _percent(r.roi)),
        ]

    @staticmethod
    def _bars(r: FunnelResult) -> dict[str, float]:
        return dict(r.stages)


class CampaignSimulator(_Simulator):
    """Loyalty campaign simulator: group sizes, control rate, uplift and costs → incremental margin, ROI, p-value."""

    title = "Taux de réachat : contrôle vs ciblé"

    def __init__(
        self,
        n_cible: int = 8_000,
        n_controle: int = 2_000,
        taux_controle: float = 0.12,
        uplift_points: float = 0.03,
        panier_moyen: int = 60,
        taux_marque: float = 0.45,
        cout_par_contact: float = 0.50,
        cout_fixe: int = 0,
    ):
        import ipywidgets as widgets

        super().__init__(
            {
                "n_cible": _int_slider("Clients ciblés", n_cible, 500, 50_000, 500),
                "n_controle": _int_slider("Groupe de contrôle", n_controle, 100, 20_000, 100),
                "taux_controle": _rate_slider("Réachat contrôle", taux_controle, 0.5, 0.005),
                "uplift_points": _rate_slider("Uplift (points)", uplift_points, 0.15, 0.0025),
                "panier_moyen": _int_slider("Panier moyen HT (€)", panier_moyen, 10, 500, 5),
                "taux_marque": _rate_slider("Taux de marque", taux_marque, 0.9, 0.01),
                "cout_par_contact": widgets.FloatSlider(
                    value=cout_par_contact,
                    min=0.0,
                    max=2.0,
                    step=0.001,
                    description="Coût par contact (€)",
                    readout_format=".3f",
                    continuous_update=False,
                    style={"description_width": "140px"},
                ),
                "cout_fixe": _int_slider("Coût fixe (€)", cout_fixe, 0, 20_000, 100),
            }
        )

    @property
    def result(self) -> CampaignResult:
        """The simulation for the current slider values."""
        return simulate_campaign(**self.values)

    @staticmethod
    def _kpi_rows(r: CampaignResult) -> list[tuple[str, str]]:
        verdict = "—" if r.p_value != r.p_value else ("oui (p < 0,05)" if r.p_value < 0.05 else "non (p ≥ 0,05)")
        return [
            ("Taux ciblé", _percent(r.taux_cible)),
            ("Uplift relatif", _percent(r.uplift_relatif)),
            ("Acheteurs incrémentaux", _count(r.acheteurs_incrementaux)),
            ("CA incrémental", _euros(r.ca_incremental)),
            ("Marge incrémentale", _euros(r.marge_incrementale)),
            ("Coût de la campagne", _euros(r.cout)),
            ("ROI", _percent(r.roi)),
            ("Uplift du point mort", _percent(r.uplift_point_mort)),
            ("p-value", "—" if r.p_value != r.p_value else f"{r.p_value:.3f}".replace(".", ",")),
            ("Écart significatif ?", verdict),
        ]

    @staticmethod
    def _bars(r: CampaignResult) -> dict[str, float]:
        return {"Contrôle": r.taux_controle, "Ciblé": r.taux_cible}
