"""Seeded generator of the Torvane training case (bloc 5 lessons).

Torvane is the TRAINING company of bloc 5: the lessons of ``courses/b5`` work
on its data, never on the exam company's. Run
``python case_studies/b5_torvane/generate_data.py`` from anywhere: it writes
the ten CSV files of the case into ``case_studies/b5_torvane/data/``;
``--out DIR`` writes them into ``DIR`` instead (used by the regeneration test).

Everything is drawn from ``numpy.random.default_rng`` with one child seed per
table, there is no clock-dependent value and floats are written with a fixed
format: the output is identical byte for byte from one run to the next. The
business rules below (channel rule, lead score, campaign design) are the ones
the brief (``README.md``) states; ``DICTIONNAIRE.md`` describes every column.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 44_2026
"""Master seed of the training case."""

HERE = Path(__file__).resolve().parent
FILES = (
    "visites.csv",
    "clics_cta.csv",
    "prospects.csv",
    "couts_canaux.csv",
    "requetes_seo.csv",
    "clients.csv",
    "commandes.csv",
    "relance_abonnes.csv",
    "ca_mensuel.csv",
    "produits_par_segment.csv",
)
"""Every file written, in the order of the data dictionary."""

# --- web analytics (Q4 2026, one visitor in 50) -------------------------------
Q4_START = dt.date(2026, 10, 1)
Q4_DAYS = 92
N_VISITORS = 5000
SAMPLE_RATE = 50
CHANNELS = ("SEA", "SEO", "Instagram", "Facebook", "E-mail", "Partenariats", "Direct")
CHANNEL_SHARE = (0.15, 0.23, 0.13, 0.21, 0.09, 0.06, 0.13)
SOURCES = {  # channel → (utm_source spellings as typed by the team, utm_medium, campaigns, referrers)
    "SEA": (("google", "Google", "bing"), "cpc", ("marque", "cafe_en_grains", "coffrets_noel"), ("www.google.com", "www.bing.com")),
    "Instagram": (("instagram", "Instagram", "insta"), "social", ("baristas_invites",), ("l.instagram.com",)),
    "Facebook": (("facebook", "fb", "Facebook"), "paid_social", ("echantillon_offert", "coffrets_noel"), ("m.facebook.com",)),
    "E-mail": (("newsletter", "sendinblue"), "email", ("lettre_mensuelle", "black_friday"), ("",)),
    "Partenariats": (("partenaire", "cafeblog"), "affiliation", ("comparateur", "blog_barista"), ("",)),
}
SEARCH_ENGINES = ("www.google.com", "www.bing.com", "www.qwant.com", "www.ecosia.org")
PAGES = ("/", "/cafes-en-grains", "/cafe-moulu", "/abonnement", "/coffrets")
MOBILE_SHARE = {"SEA": 0.55, "SEO": 0.5, "Instagram": 0.9, "Facebook": 0.85, "E-mail": 0.6, "Partenariats": 0.45, "Direct": 0.4}
CART_RATE = {"SEA": 0.22, "SEO": 0.2, "Instagram": 0.08, "Facebook": 0.05, "E-mail": 0.3, "Partenariats": 0.26, "Direct": 0.3}
ORDER_AFTER_CART = {"ordinateur": 0.6, "tablette": 0.5, "mobile": 0.3}
"""Planted story: the mobile checkout loses half of the carts the computer keeps."""
LEAD_RATE = {"SEA": 0.04, "SEO": 0.045, "Instagram": 0.035, "Facebook": 0.16, "E-mail": 0.0, "Partenariats": 0.04, "Direct": 0.025}
BASKET_MEAN = 38.0
MARKUP_RATE = 0.58
"""Taux de marque (marge / prix de vente HT) of Torvane."""


def _visits(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for v in range(1, N_VISITORS + 1):
        channel = CHANNELS[rng.choice(len(CHANNELS), p=CHANNEL_SHARE)]
        days = np.sort(rng.choice(Q4_DAYS, size=1 + rng.poisson(0.45), replace=False))
        for k, day in enumerate(days):
            visit_channel = channel if k == 0 or rng.random() < 0.5 else rng.choice(["Direct", "SEO"])
            rows.append((f"V{v:05d}", str(Q4_START + dt.timedelta(days=int(day))), visit_channel))
    frame = pd.DataFrame(rows, columns=["visiteur_id", "date", "canal"])
    frame.insert(0, "session_id", [f"S{i:05d}" for i in range(1, len(frame) + 1)])
    return frame


def _landing(rng: np.random.Generator, channel: str) -> tuple[str, str]:
    """Landing URL and referrer of one visit of ``channel``."""
    page = "https://www.torvane.fr" + PAGES[rng.integers(len(PAGES))]
    if channel in SOURCES:
        sources, medium, campaigns, referrers = SOURCES[channel]
        campaign = campaigns[rng.integers(len(campaigns))]
        if channel == "Facebook" and campaign == "echantillon_offert":
            page = "https://www.torvane.fr/echantillon-offert"
        source = sources[rng.integers(len(sources))]
        referrer = "www.bing.com" if source == "bing" else referrers[rng.integers(len(referrers))]
        return f"{page}?utm_source={source}&utm_medium={medium}&utm_campaign={campaign}", referrer
    if channel == "SEO":
        return page, SEARCH_ENGINES[rng.choice(4, p=(0.86, 0.06, 0.05, 0.03))]
    return page, ""


def make_visits(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """``visites`` (one row per visit), ``clics_cta`` (one row per CTA impression or click) and the true channels."""
    frame = _visits(rng)
    urls, referrers, devices, pages, seconds, orders, amounts, events = [], [], [], [], [], [], [], []
    for sid, channel in zip(frame["session_id"], frame["canal"]):
        url, ref = _landing(rng, channel)
        device = "mobile" if rng.random() < MOBILE_SHARE[channel] else ("tablette" if rng.random() < 0.12 else "ordinateur")
        cart = rng.random() < CART_RATE[channel]
        order = cart and rng.random() < ORDER_AFTER_CART[device]
        n_pages = 1 + rng.poisson(2.0 + 3 * cart + (channel in ("E-mail", "Direct")))
        urls.append(url)
        referrers.append(ref)
        devices.append(device)
        pages.append(n_pages)
        seconds.append(int(n_pages * rng.gamma(2.0, 35)))
        orders.append(int(order))
        amounts.append(round(float(rng.gamma(6.0, BASKET_MEAN / 6.0)), 2) if order else 0.0)
        events.append((sid, "ajout_panier", "impression"))
        if cart:
            events.append((sid, "ajout_panier", "clic"))
        for cta, shown, clicked in (("quiz_gout", 0.45, 0.14), ("popup_remise_5", 0.6, 0.035)):
            if rng.random() < shown:
                events.append((sid, cta, "impression"))
                if rng.random() < clicked:
                    events.append((sid, cta, "clic"))
    frame = frame.assign(landing_url=urls, referent=referrers, appareil=devices, pages_vues=pages,
                         duree_secondes=seconds, commande=orders, ca_ht=amounts)
    cta = pd.DataFrame(events, columns=["session_id", "cta_id", "evenement"])
    return frame.drop(columns="canal"), cta, frame["canal"]


def lead_score(quiz: int, pages_produits: int, emails: int, formulaire: str) -> int:
    """Scoring rule of the brief: quiz +40, 10 per product page and per welcome e-mail opened (30 max each), sample form −20."""
    return 40 * quiz + 10 * min(pages_produits, 3) + 10 * min(emails, 3) - 20 * (formulaire == "echantillon_offert")


def make_leads(rng: np.random.Generator, visits: pd.DataFrame, channels: pd.Series, cta: pd.DataFrame) -> pd.DataFrame:
    """``prospects``: at most one lead per visitor, MQL when the score reaches 50, customers by 31 December."""
    quiz_clicks = set(cta.loc[(cta["cta_id"] == "quiz_gout") & (cta["evenement"] == "clic"), "session_id"])
    rows, seen = [], set()
    for visit, channel in zip(visits.itertuples(index=False), channels):
        known = channel == "E-mail"  # newsletter readers are already contacts: no new lead
        if known or visit.visiteur_id in seen or not ((visit.session_id in quiz_clicks and rng.random() < 0.6)
                                                     or rng.random() < LEAD_RATE[channel]):
            continue
        seen.add(visit.visiteur_id)
        if "echantillon-offert" in visit.landing_url:
            form = "echantillon_offert"
        else:
            form = "quiz_gout" if visit.session_id in quiz_clicks or rng.random() < 0.35 else "newsletter"
        quiz = int(form == "quiz_gout" and rng.random() < 0.8)
        pages, emails = int(rng.poisson(1.2 + 0.8 * quiz)), int(rng.binomial(3, 0.3 if form == "echantillon_offert" else 0.5))
        mql = lead_score(quiz, pages, emails, form) >= 50
        created = dt.date.fromisoformat(visit.date)
        converts = rng.random() < (0.3 if mql else 0.04) * (0.5 if form == "echantillon_offert" else 1.0)
        conversion = created + dt.timedelta(days=int(rng.integers(1, 40)))
        converts = converts and conversion <= dt.date(2026, 12, 31)
        rows.append((visit.session_id, visit.visiteur_id, visit.date, channel, form, quiz, pages, emails,
                     "MQL" if mql else "non MQL", str(conversion) if converts else "", converts))
    frame = pd.DataFrame(rows, columns=["session_id", "visiteur_id", "date_creation", "canal", "formulaire", "quiz_complete",
                                        "pages_produits_vues", "emails_bienvenue_ouverts", "statut_mql", "date_conversion", "_client"])
    frame.insert(0, "lead_id", [f"P{i:04d}" for i in range(1, len(frame) + 1)])
    numbers = frame["_client"].cumsum()
    frame["client_id"] = [f"N{n:04d}" if c else "" for n, c in zip(numbers, frame["_client"])]
    return frame.drop(columns="_client")


COSTS = (  # campaign, channel, lever, cost of Q4 2026 in € HT
    ("sea_marque", "SEA", "Google Ads, requêtes de marque", 5_400),
    ("sea_cafe_en_grains", "SEA", "Google et Bing Ads, requêtes génériques « café en grains »", 19_800),
    ("sea_coffrets_noel", "SEA", "Google Shopping, coffrets de Noël", 8_900),
    ("instagram_baristas_invites", "Instagram", "baristas invités (forfaits) et publications sponsorisées", 11_500),
    ("facebook_echantillon_offert", "Facebook", "échantillon offert : envoi des échantillons et sponsorisation", 16_200),
    ("facebook_coffrets_noel", "Facebook", "publicités coffrets de Noël", 6_300),
    ("partenariats_comparateur", "Partenariats", "commissions du comparateur de cafés", 3_100),
    ("partenariats_blog_barista", "Partenariats", "commissions des blogs de baristas", 2_400),
    ("seo_guides_extraction", "SEO", "rédaction des guides d'extraction et agence SEO", 7_500),
)


def make_costs(leads: pd.DataFrame) -> pd.DataFrame:
    """``couts_canaux``: acquisition costs of Q4 2026, with the leads and customers of each campaign (whole traffic)."""
    per_channel = leads.groupby("canal").agg(leads=("lead_id", "count"), clients=("client_id", lambda s: (s != "").sum()))
    rows = []
    for channel in dict.fromkeys(c[1] for c in COSTS):
        mine = [c for c in COSTS if c[1] == channel]
        budget = sum(c[3] for c in mine)
        for name, _, lever, cost in mine:
            share = cost / budget
            rows.append((name, channel, lever, float(cost), round(per_channel.loc[channel, "leads"] * SAMPLE_RATE * share),
                         round(per_channel.loc[channel, "clients"] * SAMPLE_RATE * share)))
    return pd.DataFrame(rows, columns=["campagne", "canal", "levier", "cout_ht", "leads", "clients"])


def make_queries(rng: np.random.Generator) -> pd.DataFrame:
    """``requetes_seo``: Search Console export of Q4 2026 (brand and non-brand queries)."""
    queries = (
        ("torvane", "marque", 21_000, 1.1), ("torvane avis", "marque", 4_800, 1.3), ("torvane abonnement", "marque", 3_100, 1.2),
        ("café en grains", "hors marque", 246_000, 9.8), ("café de spécialité", "hors marque", 88_000, 6.4),
        ("abonnement café", "hors marque", 61_000, 7.9), ("café moulu bio", "hors marque", 73_000, 12.5),
        ("meilleur café en grains", "hors marque", 52_000, 5.2), ("café éthiopie", "hors marque", 18_500, 4.1),
        ("moudre son café", "hors marque", 27_000, 2.6), ("dosage café filtre", "hors marque", 33_500, 3.1),
        ("coffret café cadeau", "hors marque", 41_000, 14.8), ("café décaféiné en grains", "hors marque", 22_000, 18.3),
    )
    rows = []
    for query, kind, impressions, position in queries:
        ctr = (0.42 if kind == "marque" else 0.3 / position) * rng.uniform(0.8, 1.2)
        shown = int(impressions * rng.uniform(0.9, 1.1))
        rows.append((query, kind, shown, int(shown * min(ctr, 0.6)), position))
    return pd.DataFrame(rows, columns=["requete", "type_requete", "impressions", "clics", "position_moyenne"])


sys.path.insert(0, str(HERE))  # the customer tables are drawn by the companion module, beside this file
from customers_data import make_campaign, make_customers, make_monthly_sales, make_products  # noqa: E402


def build() -> dict[str, pd.DataFrame]:
    """Every table of the case, keyed by file name."""
    root = np.random.SeedSequence(SEED)
    seeds = [np.random.default_rng(s) for s in root.spawn(7)]
    visits, cta, channels = make_visits(seeds[0])
    leads = make_leads(seeds[1], visits, channels, cta)
    customers, orders = make_customers(seeds[2])
    return {
        "visites.csv": visits,
        "clics_cta.csv": cta,
        "prospects.csv": leads,
        "couts_canaux.csv": make_costs(leads),
        "requetes_seo.csv": make_queries(seeds[3]),
        "clients.csv": customers,
        "commandes.csv": orders,
        "relance_abonnes.csv": make_campaign(seeds[4], customers),
        "ca_mensuel.csv": make_monthly_sales(seeds[5]),
        "produits_par_segment.csv": make_products(seeds[6], customers),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "data", help="dossier où écrire les fichiers CSV")
    out = parser.parse_args(argv).out
    tables = build()
    out.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        tables[name].to_csv(out / name, index=False, lineterminator="\n", float_format="%.2f", encoding="utf-8")


if __name__ == "__main__":
    main()
