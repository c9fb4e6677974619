"""Seeded generator of the Calyce case-study data (bloc 5).

Run ``python case_studies/b5_calyce/generate_data.py`` from anywhere: it writes
the six CSV files of the case into ``case_studies/b5_calyce/data/`` and the
same bytes into ``source/b5_donnees_marketing/data/``, and copies the brief
(``README.md``) to ``source/b5_donnees_marketing/cahier_des_charges.md``, so
that the nbgrader assignment is self-contained. ``python generate_data.py --out DIR`` writes
them into ``DIR`` only (used by the regeneration test), ``--seed N`` draws another
sujet's data. Imported, ``build(seed)`` returns the tables and ``write(out, seed)``
writes them: ``cpmc session creer`` draws each session's data this way.

Everything is drawn from ``numpy.random.default_rng`` with fixed seeds (one
child seed per table, so that changing one table leaves the others intact),
there is no clock-dependent value, and floats are written with a fixed format:
the output is identical byte for byte from one run to the next.

The business rules the data follow (channel mapping, lead scoring, planted
stories) are documented in ``README.md`` (students) and ``NOTES_FORMATEUR.md``
(instructor); the constants below are the single place they are encoded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20270105
"""Master seed of the case (the date the brief is handed to the candidate)."""

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TARGETS = (HERE / "data", REPO / "source" / "b5_donnees_marketing" / "data")
BRIEF_COPY = REPO / "source" / "b5_donnees_marketing" / "cahier_des_charges.md"
"""The brief (``README.md``) handed out with the assignment, copied verbatim."""

FILES = (
    "sessions.csv",
    "cta_evenements.csv",
    "leads.csv",
    "clients_crm.csv",
    "campagne_fidelite.csv",
    "ventes_mensuelles.csv",
    "couts_campagnes.csv",
    "seo_requetes.csv",
    "produits_segments.csv",
)
"""Every file written, in the order of the data dictionary."""

# --- web analytics (Q4 2026, sample of visitors) -----------------------------
Q4_START = dt.date(2026, 10, 1)
Q4_DAYS = 92
N_VISITORS = 7000

SEARCH_ENGINES = ("www.google.com", "www.bing.com", "www.qwant.com", "www.ecosia.org")

CHANNEL_BY_SOURCE = {
    "google": "SEA",
    "instagram": "Instagram",
    "ig": "Instagram",
    "tiktok": "TikTok",
    "newsletter": "E-mail",
    "brevo": "E-mail",
    "effinity": "Affiliation",
    "awin": "Affiliation",
}
"""utm_source (lower case, no spaces) → channel; untagged visits are SEO when the
referrer is a search engine, Direct otherwise."""

CHANNEL_SHARE = {
    "Direct": 0.13,
    "SEO": 0.21,
    "SEA": 0.15,
    "Instagram": 0.14,
    "TikTok": 0.24,
    "E-mail": 0.08,
    "Affiliation": 0.05,
}

# raw spellings found in the URLs, with their weights (the cleaning exercise)
RAW_SOURCES = {
    "SEA": (("google", 0.85), ("Google", 0.15)),
    "Instagram": (("instagram", 0.6), ("Instagram", 0.25), ("IG", 0.1), ("INSTAGRAM", 0.05)),
    "TikTok": (("tiktok", 0.6), ("TikTok", 0.3), ("Tiktok", 0.1)),
    "E-mail": (("newsletter", 0.7), ("Newsletter", 0.1), ("brevo", 0.2)),
    "Affiliation": (("effinity", 0.6), ("awin", 0.3), ("Awin", 0.1)),
}
RAW_MEDIUMS = {
    "SEA": (("cpc", 1.0),),
    "Instagram": (("social", 0.8), ("Social", 0.2)),
    "TikTok": (("social", 0.85), ("paid_social", 0.15)),
    "E-mail": (("email", 0.7), ("e-mail", 0.2), ("Email", 0.1)),
    "Affiliation": (("affiliation", 0.8), ("Affiliation", 0.2)),
}
CAMPAIGNS = {
    "SEA": (("marque", 0.45), ("serum_generique", 0.35), ("shopping_noel", 0.2)),
    "Instagram": (("routine_hiver", 0.5), ("influence_novembre", 0.5)),
    "TikTok": (("jeu_concours_noel", 0.55), ("routine_hiver", 0.45)),
    "E-mail": (("newsletter_hebdo", 0.7), ("black_friday", 0.3)),
    "Affiliation": (("cashback", 0.5), ("blog_beaute", 0.5)),
}
REFERRER = {
    "SEA": "www.google.com",
    "Instagram": "l.instagram.com",
    "TikTok": "www.tiktok.com",
    "E-mail": "",
    "Affiliation": "",
}
PAGES = ("", "serums", "cremes", "nettoyants", "coffrets-noel", "diagnostic-peau")

DEVICES = ("mobile", "ordinateur", "tablette")
DEVICE_SHARE = (0.66, 0.28, 0.06)

# per channel: mean number of pages beyond the landing page, add-to-cart click probability
ENGAGEMENT = {
    "Direct": (4.0, 0.16),
    "SEO": (3.2, 0.11),
    "SEA": (2.8, 0.12),
    "Instagram": (2.4, 0.08),
    "TikTok": (1.0, 0.035),
    "E-mail": (3.6, 0.17),
    "Affiliation": (3.0, 0.18),
}
ORDER_GIVEN_CART = {"mobile": 0.17, "ordinateur": 0.44, "tablette": 0.38}
"""Planted story: the mobile checkout loses most baskets."""

CTA_IDS = ("diagnostic_peau", "newsletter_10", "ajout_panier")

# --- leads ---------------------------------------------------------------------
MQL_THRESHOLD = 50


def lead_score(diagnostic: int, product_pages: int, welcome_opens: int, form: str) -> int:
    """Score of a lead, the rule printed in the brief.

    40 points for a completed skin diagnosis, 5 per product page viewed (at most
    4 pages counted), 10 per welcome e-mail opened (0 to 3), minus 20 for a
    contest (``jeu_concours``) form. A lead is an MQL at 50 points or more.
    """
    score = 40 * diagnostic + 5 * min(product_pages, 4) + 10 * welcome_opens
    return score - 20 if form == "jeu_concours" else score


# --- CRM -----------------------------------------------------------------------
N_CLIENTS = 6000
CRM_SNAPSHOT = dt.date(2026, 9, 30)
REGIONS = (
    ("Auvergne-Rhône-Alpes", 0.26),
    ("Île-de-France", 0.22),
    ("Provence-Alpes-Côte d'Azur", 0.08),
    ("Occitanie", 0.08),
    ("Nouvelle-Aquitaine", 0.07),
    ("Hauts-de-France", 0.05),
    ("Grand Est", 0.05),
    ("Bourgogne-Franche-Comté", 0.04),
    ("Pays de la Loire", 0.05),
    ("Bretagne", 0.04),
    ("Normandie", 0.03),
    ("Centre-Val de Loire", 0.025),
    ("Corse", 0.005),
)
CSP = (
    "Cadre",
    "Profession intermédiaire",
    "Employé",
    "Artisan, commerçant",
    "Ouvrier",
    "Étudiant",
    "Retraité",
    "Sans activité",
)
SKIN = ("normale", "sèche", "mixte", "grasse", "sensible")
MOTIVATIONS = ("naturalité", "efficacité", "prix", "éthique", "plaisir sensoriel")
EXPECTATIONS = (
    "rien de particulier",
    "gamme anti-âge",
    "conseil personnalisé",
    "recharges et vrac",
    "prix plus doux",
    "livraison plus rapide",
)

# --- loyalty campaign ------------------------------------------------------------
CAMPAIGN_SEND = dt.date(2026, 10, 6)
TEST_SHARE = 0.7
UPLIFT = 0.02
"""Absolute uplift of the 30-day purchase probability in the test group."""

# --- monthly sales -------------------------------------------------------------
FIRST_MONTH = (2022, 1)
N_MONTHS = 60
SEASONALITY = (0.97, 0.78, 0.88, 0.92, 1.16, 0.96, 0.93, 0.70, 0.87, 0.97, 1.30, 1.56)
"""January to December: winter sales, Mother's Day (May), summer sales, August
trough, Black Friday (November) and Christmas (December)."""
BASKET = (36.5, 41.0, 41.5, 41.0, 44.0, 40.5, 36.0, 39.5, 41.0, 41.5, 43.0, 48.5)


def _choice(rng: np.random.Generator, options: tuple, size: int | None = None):
    values = [o[0] for o in options]
    weights = np.array([o[1] for o in options], dtype=float)
    idx = rng.choice(len(values), size=size, p=weights / weights.sum())
    if size is None:
        return values[int(idx)]
    return [values[i] for i in idx]


def _iso(day: dt.date) -> str:
    return day.isoformat()


def make_web(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Sessions, CTA events and leads of the Q4 2026 visitor sample."""
    channels = list(CHANNEL_SHARE)
    share = np.array(list(CHANNEL_SHARE.values()))
    sessions, events, leads = [], [], []
    session_no = lead_no = client_no = 0
    for v in range(1, N_VISITORS + 1):
        visitor = f"V{v:05d}"
        device = DEVICES[rng.choice(3, p=DEVICE_SHARE)]
        n_sessions = 1 + rng.poisson(0.45)
        first_day = int(rng.integers(0, Q4_DAYS))
        days = sorted(
            min(Q4_DAYS - 1, first_day + int(d)) for d in [0, *rng.integers(0, 30, n_sessions - 1)]
        )
        has_lead = False
        for day in days:
            session_no += 1
            sid = f"S{session_no:05d}"
            channel = channels[rng.choice(len(channels), p=share / share.sum())]
            date = Q4_START + dt.timedelta(days=day)
            campaign = None
            if channel in ("Direct", "SEO"):
                page = PAGES[rng.choice(len(PAGES), p=(0.55, 0.15, 0.12, 0.06, 0.07, 0.05))]
                url = f"https://www.calyce.fr/{page}"
                referrer = "" if channel == "Direct" else _choice(
                    rng, tuple(zip(SEARCH_ENGINES, (0.86, 0.06, 0.05, 0.03)))
                )
            else:
                campaign = _choice(rng, CAMPAIGNS[channel])
                source = _choice(rng, RAW_SOURCES[channel])
                medium = _choice(rng, RAW_MEDIUMS[channel])
                page = {
                    "jeu_concours_noel": "jeu-concours",
                    "shopping_noel": "coffrets-noel",
                    "black_friday": "coffrets-noel",
                    "serum_generique": "serums",
                }.get(campaign, PAGES[rng.choice(len(PAGES))])
                url = (
                    f"https://www.calyce.fr/{page}?utm_source={source}"
                    f"&utm_medium={medium}&utm_campaign={campaign}"
                )
                referrer = REFERRER[channel]
            mean_pages, cart_p = ENGAGEMENT[channel]
            pages = 1 + int(rng.poisson(mean_pages))
            duration = int(round(pages * rng.gamma(2.0, 25.0))) + int(rng.integers(5, 20))
            # CTA events: impressions then clicks
            clicked = set()
            shown = []
            if pages >= 2 or page == "diagnostic-peau":
                if rng.random() < 0.55:
                    shown.append("diagnostic_peau")
            if not has_lead and rng.random() < 0.6:
                shown.append("newsletter_10")
            if pages >= 2:
                shown.append("ajout_panier")
            for cta in shown:
                p = {
                    "diagnostic_peau": 0.14 if channel != "TikTok" else 0.05,
                    "newsletter_10": 0.06 if channel != "TikTok" else 0.08,
                    "ajout_panier": cart_p * (1.6 if pages >= 5 else 1.0),
                }[cta]
                events.append((sid, cta, "impression"))
                if rng.random() < p:
                    events.append((sid, cta, "clic"))
                    clicked.add(cta)
            order = 0
            amount = 0.0
            if "ajout_panier" in clicked and rng.random() < ORDER_GIVEN_CART[device]:
                order = 1
                amount = round(float(rng.lognormal(np.log(44.0), 0.35)), 2)
            sessions.append(
                (sid, visitor, _iso(date), url, referrer, device, pages, duration, order, amount)
            )
            # lead capture
            form = None
            if not has_lead:
                if "diagnostic_peau" in clicked and rng.random() < 0.6:
                    form = "diagnostic_peau"
                elif "newsletter_10" in clicked and rng.random() < 0.75:
                    form = "newsletter"
                elif page == "jeu-concours" and rng.random() < 0.35:
                    form = "jeu_concours"
            if form is None:
                continue
            has_lead = True
            lead_no += 1
            diagnostic = int(form == "diagnostic_peau" and rng.random() < 0.85)
            product_pages = min(pages - 1, int(rng.binomial(pages, 0.6)))
            opens = int(rng.binomial(3, 0.2 if form == "jeu_concours" else 0.55))
            score = lead_score(diagnostic, product_pages, opens, form)
            mql = score >= MQL_THRESHOLD
            p_conv = (0.30 if mql else 0.035) * (0.5 if channel == "TikTok" else 1.0)
            conversion, client = "", ""
            if rng.random() < p_conv:
                conv_day = date + dt.timedelta(days=int(rng.gamma(1.5, 12.0)))
                if conv_day <= dt.date(2026, 12, 31):
                    client_no += 1
                    conversion, client = _iso(conv_day), f"N{client_no:04d}"
            leads.append(
                (
                    f"L{lead_no:04d}", sid, visitor, _iso(date), channel, form, diagnostic,
                    product_pages, opens, "MQL" if mql else "non MQL", conversion, client,
                )
            )
    sessions_df = pd.DataFrame(
        sessions,
        columns=[
            "session_id", "visiteur_id", "date", "landing_url", "referent", "appareil",
            "pages_vues", "duree_secondes", "commande", "ca_ht",
        ],
    )
    events_df = pd.DataFrame(events, columns=["session_id", "cta_id", "evenement"])
    leads_df = pd.DataFrame(
        leads,
        columns=[
            "lead_id", "session_id", "visiteur_id", "date_creation", "canal", "formulaire",
            "diagnostic_complete", "pages_produits_vues", "emails_bienvenue_ouverts",
            "statut_mql", "date_conversion", "client_id",
        ],
    )
    return sessions_df, events_df, leads_df


def make_crm(rng: np.random.Generator) -> pd.DataFrame:
    """The CRM extract: 6,000 customers at the 30 September 2026 snapshot."""
    rows = []
    for i in range(1, N_CLIENTS + 1):
        sexe = "F" if rng.random() < 0.86 else "H"
        age = int(np.clip(rng.normal(39, 12), 18, 79))
        # weights of CSP, in its order; students under 25, retired people from 55
        if age < 25:
            csp_w = np.array([0.02, 0.1, 0.2, 0.01, 0.04, 0.6, 0.0, 0.03])
        elif age < 55:
            csp_w = np.array([0.26, 0.24, 0.22, 0.07, 0.05, 0.03, 0.0, 0.07])
        elif age < 62:
            csp_w = np.array([0.2, 0.2, 0.18, 0.07, 0.05, 0.0, 0.22, 0.08])
        else:
            csp_w = np.array([0.05, 0.05, 0.04, 0.02, 0.01, 0.0, 0.8, 0.03])
        csp = CSP[rng.choice(len(CSP), p=csp_w / csp_w.sum())]
        region = _choice(rng, REGIONS)
        household = int(np.clip(rng.poisson(1.4) + 1, 1, 6))
        # the planted segment: women 45-64, executives or intermediate
        mature_affluent = (
            sexe == "F" and 45 <= age <= 64 and csp in ("Cadre", "Profession intermédiaire")
        )
        if mature_affluent:
            skin = SKIN[rng.choice(5, p=(0.15, 0.4, 0.1, 0.05, 0.3))]
            motivation = MOTIVATIONS[rng.choice(5, p=(0.12, 0.78, 0.02, 0.03, 0.05))]
        else:
            skin = SKIN[rng.choice(5, p=(0.22, 0.2, 0.25, 0.13, 0.2))]
            p = (0.36, 0.08, 0.34, 0.16, 0.06) if age < 25 else (0.36, 0.1, 0.22, 0.19, 0.13)
            motivation = MOTIVATIONS[rng.choice(5, p=p)]
        eco = int(np.clip(round(rng.normal(3.9 if motivation in ("naturalité", "éthique") else 3.1, 0.9)), 1, 5))
        pay_more = int(np.clip(round(rng.normal(2.0 if motivation == "prix" else 3.4, 1.0)), 1, 5))
        # behaviour
        first = CRM_SNAPSHOT - dt.timedelta(days=int(rng.integers(30, 8 * 365)))
        tenure_years = (CRM_SNAPSHOT - first).days / 365.25
        rate = 1.6 * (1.6 if mature_affluent else 1.0) * (0.6 if motivation == "prix" else 1.0)
        orders = 1 + int(rng.poisson(rate * tenure_years * rng.gamma(1.5, 1 / 1.5)))
        basket = rng.lognormal(np.log(63.0 if mature_affluent else 41.0), 0.25)
        revenue = round(float(orders * basket), 2)
        if orders == 1:
            last = first
        else:
            gap = int(rng.exponential(150 if mature_affluent else 200))
            last = max(first, CRM_SNAPSHOT - dt.timedelta(days=min(gap, (CRM_SNAPSHOT - first).days)))
        store = rng.random()
        preferred = "site" if store < 0.68 else ("boutique" if store < 0.86 else "les deux")
        optin = int(rng.random() < 0.7)
        # satisfaction (1-5) and stated expectation
        if mature_affluent:
            csat = int(np.clip(round(rng.normal(2.9, 0.9)), 1, 5))
            expectation = EXPECTATIONS[rng.choice(6, p=(0.14, 0.52, 0.18, 0.06, 0.04, 0.06))]
        else:
            csat = int(np.clip(round(rng.normal(4.15, 0.8)), 1, 5))
            p = (
                (0.30, 0.05, 0.10, 0.15, 0.32, 0.08)
                if motivation == "prix"
                else (0.36, 0.06, 0.12, 0.18, 0.18, 0.10)
            )
            expectation = EXPECTATIONS[rng.choice(6, p=p)]
        rows.append(
            (
                f"C{i:05d}", sexe, age, region, csp, household, skin, motivation, eco, pay_more,
                expectation, csat, orders, revenue, _iso(first), _iso(last), preferred, optin,
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "client_id", "sexe", "age", "region", "csp", "taille_foyer", "type_peau",
            "motivation_principale", "sensibilite_ecologique", "accord_payer_plus_bio",
            "attente_principale", "satisfaction", "nb_commandes", "ca_total_ht",
            "date_premiere_commande", "date_derniere_commande", "canal_achat_prefere",
            "optin_newsletter",
        ],
    )


def make_campaign(rng: np.random.Generator, crm: pd.DataFrame) -> pd.DataFrame:
    """The October 2026 loyalty e-mail pilot on the opted-in customers of the extract."""
    targets = crm[crm["optin_newsletter"] == 1].reset_index(drop=True)
    n = len(targets)
    test = np.zeros(n, dtype=bool)
    test[rng.permutation(n)[: int(round(TEST_SHARE * n))]] = True
    rows = []
    for k, row in targets.iterrows():
        recency = (CRM_SNAPSHOT - dt.date.fromisoformat(row["date_derniere_commande"])).days
        base = 0.14 if recency < 120 else (0.08 if recency < 365 else 0.04)
        is_test = bool(test[k])
        opened = int(is_test and rng.random() < 0.38)
        clicked = int(opened and rng.random() < 0.22)
        p_buy = base + (UPLIFT if is_test else 0.0) + (0.10 if clicked else 0.0)
        bought = int(rng.random() < min(p_buy, 0.95))
        amount = round(float(rng.lognormal(np.log(46.0), 0.3)), 2) if bought else 0.0
        rows.append(
            (row["client_id"], "test" if is_test else "contrôle", int(is_test), opened, clicked, bought, amount)
        )
    return pd.DataFrame(
        rows,
        columns=["client_id", "groupe", "email_envoye", "email_ouvert", "email_clique", "achat_30j", "ca_30j_ht"],
    )


def make_sales(rng: np.random.Generator) -> pd.DataFrame:
    """Monthly revenue (CA HT) and orders, January 2022 to December 2026."""
    rows = []
    level = 150_000.0
    growth = {2022: 0.021, 2023: 0.017, 2024: 0.013, 2025: 0.006, 2026: 0.002}
    year, month = FIRST_MONTH
    for _ in range(N_MONTHS):
        level *= 1 + growth[year]
        revenue = level * SEASONALITY[month - 1] * (1 + rng.normal(0, 0.025))
        basket = BASKET[month - 1] * (1 + rng.normal(0, 0.015))
        rows.append((f"{year}-{month:02d}", round(revenue, 2), int(round(revenue / basket))))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return pd.DataFrame(rows, columns=["mois", "ca_ht", "nb_commandes"])


# --- acquisition costs per campaign (Q4 2026, whole traffic) --------------------
SAMPLE_FACTOR = 60
"""The visitor sample is about one visitor in 60: whole-traffic volumes ≈ sample × 60."""

CAMPAIGN_COSTS = {
    ("SEA", "marque"): ("Google Ads, requêtes de marque", 0.30),
    ("SEA", "serum_generique"): ("Google Ads, requêtes génériques « sérum bio »", 1.20),
    ("SEA", "shopping_noel"): ("Google Shopping, coffrets de Noël", 0.80),
    ("Instagram", "influence_novembre"): ("micro-influenceuses (forfaits)", 16_000.0),
    ("Instagram", "routine_hiver"): ("publications sponsorisées", 6_000.0),
    ("TikTok", "jeu_concours_noel"): ("jeu-concours : lots et sponsorisation", 15_000.0),
    ("TikTok", "routine_hiver"): ("créatrices de contenu", 8_000.0),
    ("E-mail", "newsletter_hebdo"): ("Brevo et production des newsletters", 1_800.0),
    ("E-mail", "black_friday"): ("Brevo et production, opération Black Friday", 900.0),
    ("Affiliation", "cashback"): ("commissions des sites de cashback", 7_500.0),
    ("Affiliation", "blog_beaute"): ("commissions des blogs beauté", 4_500.0),
    ("SEO", "blog_ingredients"): ("rédaction du blog « ingrédients décodés » et agence SEO", 9_000.0),
}
"""(canal, utm_campaign) → (levier, cost): SEA rows give a cost per click (× visits × 60),
the others a fixed cost in € HT for the quarter. Direct visits cost nothing."""


def make_costs(rng: np.random.Generator, sessions: pd.DataFrame, leads: pd.DataFrame) -> pd.DataFrame:
    """Cost, leads and customers of each acquisition campaign for the whole Q4 traffic."""
    campaign = sessions["landing_url"].str.extract(r"utm_campaign=([^&]+)")[0]
    by_session = dict(zip(sessions["session_id"], campaign))
    lead_campaign = leads["session_id"].map(by_session).fillna("blog_ingredients")
    rows = []
    for (channel, name), (lever, cost) in CAMPAIGN_COSTS.items():
        in_campaign = (leads["canal"] == channel) & (lead_campaign == name)
        visits = int(((campaign == name) & _sessions_channel(sessions, channel)).sum()) if channel != "SEO" else 0
        n_leads = int(in_campaign.sum())
        n_clients = int((in_campaign & (leads["client_id"] != "")).sum())
        noise = rng.normal(1.0, 0.03, size=3)
        if channel == "SEA":
            cost = cost * visits * SAMPLE_FACTOR * noise[0]
        rows.append(
            (
                f"{channel.lower().replace('-', '')}_{name}", channel, lever, round(float(cost), 2),
                int(round(n_leads * SAMPLE_FACTOR * noise[1])), int(round(n_clients * SAMPLE_FACTOR * noise[2])),
            )
        )
    return pd.DataFrame(rows, columns=["campagne", "canal", "levier", "cout_ht", "leads", "clients"])


def _sessions_channel(sessions: pd.DataFrame, channel: str) -> pd.Series:
    """Visits whose cleaned utm_source maps to ``channel`` (rule 5.1, UTM part)."""
    source = sessions["landing_url"].str.extract(r"utm_source=([^&]+)")[0].str.strip().str.lower()
    return source.map(CHANNEL_BY_SOURCE) == channel


# --- organic search (Google Search Console, Q4 2026) -------------------------------
SEO_QUERIES = (
    # requête, type, impressions (milliers), position moyenne
    ("calyce", "marque", 62, 1.1),
    ("calyce avis", "marque", 14, 1.4),
    ("calyce sérum", "marque", 11, 1.2),
    ("calyce code promo", "marque", 9, 1.8),
    ("calyce lyon", "marque", 4, 1.3),
    ("sérum bio", "hors marque", 180, 6.8),
    ("sérum anti-âge bio", "hors marque", 150, 11.6),
    ("crème anti-rides bio", "hors marque", 135, 13.2),
    ("sérum vitamine c bio", "hors marque", 95, 4.9),
    ("crème visage bio peau sèche", "hors marque", 88, 7.4),
    ("acide hyaluronique bio", "hors marque", 76, 9.1),
    ("bakuchiol sérum", "hors marque", 42, 5.6),
    ("nettoyant visage bio", "hors marque", 70, 8.3),
    ("démaquillant bio", "hors marque", 64, 16.5),
    ("routine visage bio", "hors marque", 58, 3.4),
    ("ingrédients cosmétiques décodés", "hors marque", 46, 2.1),
    ("liste inci expliquée", "hors marque", 38, 2.6),
    ("coffret soin bio", "hors marque", 54, 12.4),
    ("crème mains bio", "hors marque", 40, 18.9),
    ("huile corps bio", "hors marque", 36, 21.5),
    ("recharge crème visage", "hors marque", 22, 5.2),
    ("cosmétique bio made in france", "hors marque", 48, 24.0),
)
"""Planted story: anti-ageing queries show often but rank on page 2 (an unmet need Calyce can reach)."""


def _expected_ctr(position: float) -> float:
    """Typical click-through rate of an organic result at ``position`` (decreasing curve)."""
    return 0.32 / position**1.25 if position >= 1 else 0.32


def make_seo(rng: np.random.Generator) -> pd.DataFrame:
    """Search Console export of the quarter: impressions, clicks and average position per query."""
    rows = []
    for query, kind, thousands, position in SEO_QUERIES:
        impressions = int(round(thousands * 1000 * rng.normal(1.0, 0.04)))
        ctr = _expected_ctr(position) * (1.45 if kind == "marque" else 1.0) * rng.normal(1.0, 0.08)
        clicks = int(rng.binomial(impressions, min(ctr, 0.7)))
        rows.append((query, kind, impressions, clicks, position))
    return pd.DataFrame(rows, columns=["requete", "type_requete", "impressions", "clics", "position_moyenne"])


# --- attitudes and behaviour towards the products (CRM × product reviews) --------
PRODUCTS = (
    ("Sérum éclat vitamine C", "sérums"),
    ("Sérum repulpant acide hyaluronique", "sérums"),
    ("Crème de jour hydratante", "crèmes"),
    ("Crème de nuit régénérante", "crèmes"),
    ("Gel nettoyant doux", "nettoyants"),
    ("Huile démaquillante", "nettoyants"),
    ("Lait corps karité", "corps"),
    ("Coffret rituel", "coffrets"),
)
PSYCHO_SEGMENTS = ("Experte efficacité", "Militante bio", "Pragmatique", "Curieuse")


def psycho_segment(motivation: str, eco: int, pay_more: int) -> str:
    """Psychographic segment of the brief (question 2.2), rules in order."""
    if motivation == "efficacité":
        return "Experte efficacité"
    if eco >= 4 and pay_more >= 4:
        return "Militante bio"
    if motivation == "prix" or pay_more <= 2:
        return "Pragmatique"
    return "Curieuse"


def make_products(rng: np.random.Generator, crm: pd.DataFrame) -> pd.DataFrame:
    """Buyers, repeat buyers and reviews of each product per psychographic segment (12 months to 30/09/2026).

    Planted story: the « Experte efficacité » segment buys the serums and night
    cream most, but rarely buys them again and rates them low (efficacy
    expectations, anti-ageing); the other segments are satisfied.
    """
    segments = [
        psycho_segment(m, e, p)
        for m, e, p in zip(crm["motivation_principale"], crm["sensibilite_ecologique"], crm["accord_payer_plus_bio"])
    ]
    sizes = pd.Series(segments).value_counts()
    rows = []
    for product, family in PRODUCTS:
        for segment in PSYCHO_SEGMENTS:
            expert = segment == "Experte efficacité"
            buy = {"sérums": 0.55 if expert else 0.30, "crèmes": 0.45 if expert else 0.32, "nettoyants": 0.25,
                   "corps": 0.15 if expert else 0.22, "coffrets": 0.12}[family]
            buyers = int(rng.binomial(int(sizes[segment]), buy * (0.85 if product.startswith("Huile") else 1.0)))
            anti_age = expert and family in ("sérums", "crèmes")
            rebuy = 0.22 if anti_age else (0.38 if family in ("coffrets", "corps") else 0.47)
            repeat = int(rng.binomial(buyers, rebuy))
            reviews = int(rng.binomial(buyers, 0.18))
            mean = rng.normal(2.9 if anti_age else 4.3, 0.12)
            rows.append((product, family, segment, buyers, repeat, reviews, round(float(min(mean, 5.0)), 2)))
    return pd.DataFrame(
        rows,
        columns=["produit", "gamme", "segment_psycho", "acheteurs", "reacheteurs", "nb_avis", "note_moyenne"],
    )


def build(seed: int = SEED, attempt: int = 0) -> dict[str, pd.DataFrame]:
    """All tables of the case drawn from ``seed``, keyed by file name.

    ``attempt`` 0 draws from ``SeedSequence(seed)`` (the example session is seed
    ``SEED``, attempt 0); a redraw ``attempt`` k > 0 draws from
    ``SeedSequence([seed, k])``, so every draw of every seed is reproducible.
    """
    entropy = seed if attempt == 0 else [seed, attempt]
    seeds = np.random.SeedSequence(entropy).spawn(7)
    web_rng, crm_rng, campaign_rng, sales_rng, cost_rng, seo_rng, product_rng = (
        np.random.default_rng(s) for s in seeds
    )
    sessions, events, leads = make_web(web_rng)
    crm = make_crm(crm_rng)
    return {
        "sessions.csv": sessions,
        "cta_evenements.csv": events,
        "leads.csv": leads,
        "clients_crm.csv": crm,
        "campagne_fidelite.csv": make_campaign(campaign_rng, crm),
        "ventes_mensuelles.csv": make_sales(sales_rng),
        "couts_campagnes.csv": make_costs(cost_rng, sessions, leads),
        "seo_requetes.csv": make_seo(seo_rng),
        "produits_segments.csv": make_products(product_rng, crm),
    }


def write_tables(tables: dict[str, pd.DataFrame], out: Path) -> list[Path]:
    """Write ``tables`` into ``out`` (created if needed) with the fixed CSV format; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, table in tables.items():
        path = out / name
        table.to_csv(path, index=False, lineterminator="\n", float_format="%.2f", encoding="utf-8")
        paths.append(path)
    return paths


def write(out: Path, seed: int = SEED, attempt: int = 0) -> list[Path]:
    """Write every table drawn from ``seed`` into ``out`` and return the paths."""
    return write_tables(build(seed, attempt), out)


def main(argv: list[str] | None = None) -> None:
    """Command line: write into the case and assignment folders, or into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write into this folder only")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the draw (default: the example session's)")
    args = parser.parse_args(argv)
    for target in (args.out,) if args.out else TARGETS:
        for path in write(target, args.seed):
            print(f"{path} ({path.stat().st_size:,} octets)")
    if not args.out:
        shutil.copyfile(HERE / "README.md", BRIEF_COPY)
        print(f"{BRIEF_COPY} (copie du cahier des charges)")


if __name__ == "__main__":
    main()
