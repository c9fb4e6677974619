"""Bloc 1: the planted stories of the Rouline sujet, as named and checked properties of the data.

The model answers and the instructor notes read the data in words (« seul le
cargo croît », « Rouline n'est leader sur aucun segment », « l'essai fait
la vente »…). Each story below is one of those readings, checked on the case data
bound with ``b1_data.bound_to``; ``draw`` redraws a seed's data until every story
holds, and names the stories that kept failing when it cannot within ``MAX_DRAWS``.
"""

from __future__ import annotations

from pathlib import Path

from cpmc_course.sessions import b1_data as d
from cpmc_course.sessions import draws
from cpmc_course.sessions.draws import Story

MAX_DRAWS = 20
"""Draws tried for one seed before giving up."""

WORKSHOP_CAPACITY = 6_000
"""Data of the brief: the bikes Rouline's workshop can assemble in a year."""

PROFITABLE = ("E-mailing", "SEO", "SEA", "Journées d'essai", "Affiliation")
UNPROFITABLE = ("Display (régie publicitaire)", "Réseaux sociaux (publicité)", "Influenceurs")


def _falling_market_cargo_niche() -> bool:
    growth = {s: d.tcam(s) for s in d.SEGMENTS}
    units = [d.market(year, column="unites") for year in d.YEARS]
    by_units_2024 = sorted(d.SEGMENTS, key=lambda s: d.market(2024, s, "unites"), reverse=True)
    cargo_2024 = d.market(2024, "Cargo", "unites") / d.market(2023, "Cargo", "unites") - 1
    return (growth["Cargo"] > 0 > max(growth[s] for s in d.SEGMENTS if s != "Cargo")
            and d.tcam() < 0 and d.tcam(column="unites") < 0 and max(units) == units[1]
            and all(a > b for a, b in zip(units[1:], units[2:]))
            and by_units_2024 == ["Loisir et randonnée", "Urbain", "VTT électrique", "Cargo"]
            and 0 < cargo_2024 < 0.10 and 1_850 <= 1.2 * d.average_price(2024) <= 2_250
            and d.average_price_growth() > d.constant_mix_price_growth() > 0)


def _rouline_niche_challenger() -> bool:
    shares = {s: d.share(s) for s in d.SEGMENTS}
    return (d.leader("Urbain") == "Décavélo" and d.leader("Cargo") == "Cargolux"
            and all(d.relative_share(s) < 1 for s in d.SEGMENTS) and shares["VTT électrique"] == 0
            and shares["Urbain"] > shares["Cargo"] > shares["Loisir et randonnée"] > 0
            and d.share("Urbain", column="unites") < shares["Urbain"] and d.share("Urbain", year=2024) < shares["Urbain"]
            and d.share("Cargo", "Cargolux") < d.share("Cargo", "Cargolux", year=2021)
            and d.share("Urbain", "Velaris") > d.share("Urbain", "Velaris", year=2021)
            and d.tcam("Urbain") < d.tcam() and max(d.SEGMENTS, key=d.brand) == "Urbain"
            and shares["Cargo"] < 0.028 and shares["Urbain"] < 0.04  # below the model answer's objectives
            and d.rouline_total("unites") < 0.85 * WORKSHOP_CAPACITY  # room in the workshop for those objectives
            and all(d.brand(s) > d.brand(s, year=2021) for s in ("Urbain", "Cargo")))


def _urban_parents_first_target() -> bool:
    rate = {s: d.intention(s) for s in d.SURVEY_SEGMENTS}
    sizes = {s: d.size(s) for s in d.SURVEY_SEGMENTS}
    potential = {s: d.budget(s, "sum") for s in d.SURVEY_SEGMENTS}
    return (rate["Parents urbains"] > rate["Navetteurs"] > max(rate["Sportifs nature"], rate["Balade et loisirs"])
            and max(potential, key=potential.get) == "Parents urbains" and min(sizes, key=sizes.get) == "Sportifs nature"
            and sizes["Sportifs nature"] < 80 and d.budget("Parents urbains") < d.bench("Cargolux", "prix_ttc")
            and set(d.criteria().index[:2]) == {"autonomie", "fiabilité et SAV"})


def _reliable_and_above_average_price() -> bool:
    index = {b: d.price_index(b) for b in ("Rouline", "Décavélo", "Moustik", "Velaris")}
    everyone = d.csv("benchmark_concurrents.csv").set_index("marque")
    reliability, design = d.urban("note_fiabilite"), d.urban("note_design")
    return (index["Décavélo"] < index["Velaris"] < 100 < index["Rouline"] < index["Moustik"]
            and everyone["note_fiabilite"].drop("Rouline").max() < d.bench("Rouline", "note_fiabilite")
            and everyone["note_avis"].drop("Rouline").max() < d.bench("Rouline", "note_avis")
            and reliability.idxmin() == "Velaris" and design.idxmax() == "Velaris"
            and d.price_index("Rouline", everyone=True) < index["Rouline"] - 10  # the mixed index hides the premium
            and 0.95 <= d.bench("Rouline", "prix_ttc") / (1.2 * d.segment_price("Urbain")) <= 1.08)


def _trial_makes_the_sale() -> bool:
    j = d.csv("parcours_client.csv")
    rates = (j["acheteurs_influences"] / j["acheteurs_exposes"]).set_axis(j["point_de_contact"]).sort_values(ascending=False)
    word_of_mouth = d.influence("Bouche-à-oreille")
    return (list(rates.index[:2]) == ["Essai chez un revendeur", "Journée d'essai événementielle"]
            and word_of_mouth > 2 * d.influence("Publicité sur les réseaux sociaux") and 0.42 <= word_of_mouth <= 0.55
            and d.influence("Avis clients en ligne") > 0.5)


def _levers_split_by_margin() -> bool:
    return (all(d.roi(lever) > 0 for lever in PROFITABLE) and all(d.roi(lever) < 0 for lever in UNPROFITABLE)
            and max(PROFITABLE, key=d.roi) == "E-mailing" and d.roi() > 0
            and all(d.roi(lever, on_turnover=True) > 0 for lever in (*PROFITABLE, *UNPROFITABLE[1:]))
            and d.roi(UNPROFITABLE[0], on_turnover=True) < 0)


STORIES = (
    Story("marche_en_recul_cargo_en_croissance", "le marché recule depuis le pic de 2022 (en volume et en valeur), "
          "le loisir et randonnée (« tout chemin ») reste la première catégorie ; seul le cargo croît, modestement ; "
          "le prix moyen (≈ 2 000 € TTC) progresse, avec un effet de mix", _falling_market_cargo_niche),
    Story("rouline_challenger_de_niche", "Rouline n'est leader sur aucun segment (Décavélo en urbain, Cargolux en "
          "cargo), absente du VTT, gagne des parts en urbain, son premier débouché, qui recule plus vite que le marché ; "
          "son CA urbain et cargo progresse, son atelier a de la marge ; Cargolux perd des parts, Velaris en gagne",
          _rouline_niche_challenger),
    Story("parents_urbains_cible_principale", "les parents urbains ont la plus forte intention et le premier potentiel, "
          "les navetteurs suivent ; les sportifs nature sont trop peu nombreux ; autonomie et fiabilité sont les deux premiers critères",
          _urban_parents_first_target),
    Story("rouline_fiable_au_dessus_du_prix_moyen", "dans le segment urbain, Rouline est au-dessus du prix moyen, sous "
          "Moustik, avec la meilleure fiabilité et les meilleurs avis ; Velaris mise sur le design ; le prix de son modèle "
          "phare est celui de ses vélos urbains dans les ventes ; l'indice calculé sur tout le benchmark masque sa prime",
          _reliable_and_above_average_price),
    Story("l_essai_fait_la_vente", "l'essai chez un revendeur puis la journée d'essai influencent le plus ; le "
          "bouche-à-oreille pèse plus de deux fois la publicité sociale", _trial_makes_the_sale),
    Story("leviers_departages_par_la_marge", "e-mailing, SEO, SEA, journées d'essai et affiliation sont rentables sur la "
          "marge ; display, publicité sociale et influenceurs ne le sont pas ; sur le CA, seul le display perd",
          _levers_split_by_margin),
)


def failing(data: Path, first_only: bool = False) -> list[str]:
    """Names of the stories that do not hold on the case data in ``data`` (only the first one if ``first_only``)."""
    return draws.failing(STORIES, d.bound_to, data, first_only)


def draw(seed: int, out: Path) -> int:
    """Write into ``out`` the first draw of ``seed`` on which every story holds; return its number (0 = first).

    Raises a French ``CpmcError`` naming the stories that failed on the last draw when
    none of ``MAX_DRAWS`` draws satisfies them all.
    """
    return draws.draw(seed, out, write=d.generator().write, stories=STORIES, bound_to=d.bound_to, max_draws=MAX_DRAWS)
