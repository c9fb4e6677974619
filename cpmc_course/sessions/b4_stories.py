"""Bloc 4: the planted stories of the Pépinières Vallon sujet, as named and checked properties of the data.

A sujet relies on what a good candidate should discover in its data (the
instructor notes list them): two critical paths tie, the longest task has float,
the tracking grid of week 4 loses the go-live date, workload is not duration…
Each story below is a check on the case data bound with ``b4_data.bound_to``;
``draw`` redraws a seed's data until every story holds, and names the stories
that kept failing when it cannot within ``MAX_DRAWS``.
"""

from __future__ import annotations

from pathlib import Path

from cpmc_course.sessions import b4_data as d
from cpmc_course.sessions import draws
from cpmc_course.sessions.draws import Story

MAX_DRAWS = 20
"""Draws tried for one seed before giving up."""
CRITICAL_PATHS = [list("ABCFJMN"), list("AEFJMN")]
"""The two critical paths the model answers and the notes name (they tie)."""
TOP_RISKS = {"R1", "R2", "R4"}
"""The three most critical risks the model answer treats."""


def _paths_tie() -> bool:
    return d.critical_paths() == CRITICAL_PATHS


def _long_task_short_chain() -> bool:
    """The longest task has float, and the critical paths end on a chain of three tasks of five days or less."""
    longest = max(d.duration(), key=d.duration().get)
    short_end = all(d.duration()[c] <= 5 for c in CRITICAL_PATHS[0][-3:])
    return longest not in d.critical() and short_end and d.free_float(longest) < d.total_float(longest)


def _workload_is_not_duration() -> bool:
    differ = [t for t in d.allocation() if d.workload()[t] != d.duration()[t]]
    return len(differ) >= 3 and abs(d.duration_cost_trap() - d.internal()) >= 1000


def _one_allocation() -> bool:
    fits = all(d.load(m) <= d.member(m, "jours_disponibles") for m in set(d.allocation().values()))
    julien = d.workload()["D"] + d.workload()["E"] > d.member("Julien Morel", "jours_disponibles")
    marc = d.workload()["F"] + d.workload()["K"] > d.member("Marc Delorme", "jours_disponibles")
    nadia = d.load("Nadia Benali") + d.workload()["O"] > d.member("Nadia Benali", "jours_disponibles")  # O goes to Marc
    return fits and julien and marc and nadia


def _budget_overshoots() -> bool:
    quotes = d.csv("devis.csv").sort_values("montant_ht")
    cheapest = set(quotes.drop_duplicates("competence")["prestataire"])
    residual = d.total(d.model_saving()) - d.ENVELOPE  # after the model answer's two options
    return (0.02 <= d.overshoot() / d.ENVELOPE <= 0.15 and residual >= 100
            and cheapest == {"Studio Pixel Nord", "CodeFactory"})


def _quotes_comparable() -> bool:
    """Studio Pixel Nord is cheaper without user tests and dearer with its option than Atelier Maquette (tests
    included): the weighted grid decides, either quote may be retained."""
    pixel, atelier = d.quote("Studio Pixel Nord"), d.quote("Atelier Maquette")
    return pixel < atelier < d.with_tests("Studio Pixel Nord") and d.quote("Atelier Maquette", "option_tests_ht") == 0


def _top_risk_on_the_critical_path() -> bool:
    """The top risk R1 (the UX supplier, task C) sits on the critical path; the connector's delay R9 (task G, with
    float) ranks below R4: the criticality agrees with the floats."""
    risks = d.csv("risques.csv")
    score = dict(zip(risks["code"], risks["probabilite"] * risks["impact"]))
    return (max(score, key=score.get) == "R1" and "C" in d.critical() and d.total_float("G") >= 5
            and score["R9"] < score["R4"] and "O" not in d.critical())


def _p2_outranks_p3() -> bool:
    risks = d.csv("risques.csv")
    score = dict(zip(risks["code"], risks["probabilite"] * risks["impact"]))
    ranked = sorted(score.values(), reverse=True)
    top = {c for c, s in score.items() if s >= ranked[2]}
    by_probability = set(risks.sort_values(["probabilite", "impact"], ascending=False, kind="stable")["code"].head(3))
    outranked = risks[(risks["probabilite"] == 3) & ~risks["code"].isin(top)]
    p2_in_top = risks[(risks["probabilite"] == 2) & risks["code"].isin(top)]
    return (ranked[2] > ranked[3] and top == TOP_RISKS and by_probability != top
            and len(outranked) > 0 and len(p2_in_top) > 0)


def _tracking_forces_reforecast() -> bool:
    """The planned end keeps a margin before 1 March; the re-forecast at week 4 goes past Monday 1 March."""
    planned, again = d.length(), d.reforecast_end()
    return planned < d.AVAILABLE_DAYS and d.AVAILABLE_DAYS + 2 <= again <= d.AVAILABLE_DAYS + 6


def _tracking_tells_drift() -> bool:
    grid = d.csv("suivi_semaine4.csv")
    running = set(grid.loc[grid["avancement_pct"] < 100, "code"])
    return "F" in running and not (running - {"F"}) & d.critical() and d.gap("B") > 0 and d.gap("D") < 0


def _pareto_needs_four_causes() -> bool:
    counts = d.pareto()
    planted = [c[0] for c in d.generator().INCIDENTS]
    strictly = all(a > b for a, b in zip(counts, counts.iloc[1:]))
    return (strictly and list(counts.index) == planted
            and d.cumulative_share(3) < 0.8 <= d.cumulative_share(4) and d.cumulative_share(2) < 0.8)


STORIES = (
    Story("chemins_critiques_a_egalite", "deux chemins critiques de même longueur (A-B-C-F-J-M-N et A-E-F-J-M-N)",
          _paths_tie),
    Story("longue_chaine_de_taches_courtes", "la tâche la plus longue (le connecteur) a de la marge ; le chemin "
          "critique finit par une chaîne de tâches courtes", _long_task_short_chain),
    Story("charge_n_est_pas_duree", "la charge diffère de la durée pour plusieurs tâches (coût = charge × coût "
          "journalier)", _workload_is_not_duration),
    Story("une_seule_affectation", "une seule affectation tient les compétences et les disponibilités", _one_allocation),
    Story("budget_depasse", "le budget dépasse l'enveloppe de quelques %", _budget_overshoots),
    Story("devis_ux_comparables", "l'option tests utilisateurs rend les deux devis UX comparables : aucun ne gagne "
          "sur tous les critères", _quotes_comparable),
    Story("risque_principal_sur_le_chemin_critique", "le risque principal (prestataire UX, tâche C) est sur le chemin "
          "critique ; le retard du connecteur (G, avec marge) pèse moins", _top_risk_on_the_critical_path),
    Story("risque_p2_devant_p3", "un risque à fort impact de probabilité 2 passe devant un risque de probabilité 3",
          _p2_outranks_p3),
    Story("suivi_impose_une_reprevision", "la grille de suivi de la semaine 4 fait perdre la date du 1er mars",
          _tracking_forces_reforecast),
    Story("suivi_derive_et_economie", "B a dérivé, D consomme moins que prévu, F (critique) est en cours",
          _tracking_tells_drift),
    Story("pareto_quatre_causes", "il faut quatre causes pour franchir 80 % des incidents", _pareto_needs_four_causes),
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
