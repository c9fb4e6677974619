"""Certification sessions of bloc 4: ``cpmc session creer --blocs B4`` on a fresh ``cpmc init`` course, graded for real.

One course, two sessions (``s2`` from the seed 12345, ``s3`` from the seed 3),
created through the CLI: each writes the bloc's three assignments (team project,
individual part, defence grid). Then ONE ``pipeline.autograde(jobs=2)`` run grades,
for both sessions, the solution and the blank release of the team project and of
the individual part, and for ``s2`` every solution code cell replaced by its release
stub (the k-th solution cell of every notebook in the copy ``sans_k``: notebooks
are graded separately). Each session's data differ from the example's, every
planted story holds, every number of its model answers, rubrics and instructor
notes matches its data, its solution scores every automatic point, its blank
release none, and every solution region is needed. The public example is what the
generator renders for the example seed.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from builders import auto_cells, nbgrader_meta
from session_checks import (
    auto_score,
    free_removals,
    grade_sessions,
    read,
    session_course,
)

from cpmc_course.sessions import b4_data, b4_stories, b4_sujet
from cpmc_course.sessions.b4_figures import NOTES, TABLES
from cpmc_course.sessions.figures import problems

ROOT = Path(__file__).resolve().parents[1]
SEEDS = {"s2": 12345, "s3": 3}
MUTATED = "s2"
"""The session whose every solution region is removed in turn (the other: solution and blank release only)."""
GRADED = (b4_sujet.TEAM, b4_sujet.INDIVIDUAL)
"""The assignments with automatic cells (the defence grid is graded by the jury)."""

pytestmark = pytest.mark.nbgrader


def _assignment(epreuve: str, session: str) -> str:
    return f"{epreuve}_{session}"


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A fresh ``cpmc init`` course holding the two sessions, created through the CLI."""
    return session_course(tmp_path_factory, "B4", SEEDS)


@pytest.fixture(scope="module")
def graded(course):
    """Solution, blank release, the stubbed copies of ``MUTATED`` and the fairness copies, graded in one batch."""
    team = _assignment(b4_sujet.TEAM, FAIRNESS)
    fairness = _fairness_copies({n: read(course, "source", team, n) for n in b4_sujet.NOTEBOOKS[b4_sujet.TEAM]})
    return grade_sessions(course, {_assignment(e, s): b4_sujet.NOTEBOOKS[e] for s in SEEDS for e in GRADED},
                          {_assignment(e, MUTATED) for e in GRADED}, {team: fairness})


FAIRNESS = "s3"
"""The session whose fairness catalogue is graded (right variants in one copy, wrong ones that cannot influence
each other's cells in another, each wrong one judged on its own cell)."""
P1, P2 = b4_sujet.TEAM_NOTEBOOKS[0], b4_sujet.TEAM_NOTEBOOKS[1]
RIGHT = {
    # (grade_id of the answer cell, solution line, an equivalent right line)
    P1: [("b4_competences_necessaires_reponse", "competences_externes = sorted(set(absentes))",
          "competences_externes = tuple(sorted(set(absentes), reverse=True))"),
         ("b4_criticite_risques_reponse", '["code"].head(3).tolist()', '["code"].head(3).tolist()[::-1]'),
         # the other UX quote, cheaper without the tests, is accepted when the team's weighted grid supports it
         ("b4_budget_total_reponse", '{"UX design": "Atelier Maquette"', '{"UX design": "Studio Pixel Nord"')],
    P2: [("b4_chemin_critique_reponse", 'taches_critiques = set(dates.index[dates["marge_totale"] == 0])',
          'taches_critiques = sorted(dates.index[dates["marge_totale"] == 0], reverse=True)'),
         ("b4_date_mise_en_ligne_reponse", "date_mise_en_ligne = jours_ouvres[duree_projet - 1]",
          'date_mise_en_ligne = jours_ouvres[duree_projet - 1].date()'),
         ("b4_pareto_incidents_reponse", 'pareto["part_cumulee"] = pareto["nombre"].cumsum() / pareto["nombre"].sum() * 100',
          'pareto["part_cumulee"] = (pareto["nombre"].cumsum() / pareto["nombre"].sum() * 100).round(1)')],
}
WRONG = {
    # (answer cell, solution line, the plausible wrong line, the test cell that must lose its points)
    P1: [("b4_budget_interne_reponse", 'repartition["cout"] = repartition["charge_jours"] * repartition["cout_jour"]',
          'repartition["cout"] = repartition["code"].map(dict(zip(taches["code"], taches["duree"]))) * repartition["cout_jour"]',
          "b4_budget_interne"),
         ("b4_criticite_risques_reponse", 'risques.sort_values("criticite", ascending=False)["code"]',
          'risques.sort_values(["probabilite", "impact"], ascending=False)["code"]', "b4_criticite_risques"),
         ("b4_budget_total_reponse", "budget_total = couts + provision", "budget_total = couts", "b4_budget_total")],
    P2: [("b4_chemin_critique_reponse", 'taches_critiques = set(dates.index[dates["marge_totale"] == 0])',
          'taches_critiques = [t for t in nx.dag_longest_path(reseau, weight="duree") if t not in ("Début", "Fin")]',
          "b4_pert_chemin_critique"),
         ("b4_date_mise_en_ligne_reponse", "date_mise_en_ligne = jours_ouvres[duree_projet - 1]",
          "date_mise_en_ligne = jours_ouvres[duree_projet]", "b4_date_mise_en_ligne"),
         ("b4_pert_marges_reponse", 'dates["marge_libre"] = [min(', 'dates["marge_libre"] = dates["marge_totale"]\n_ignore = [min(',
          "b4_pert_marge_libre"),
         ("b4_pareto_causes_80_reponse", 'nb_causes_80 = (pareto["part_cumulee"] < 80).sum() + 1',
          'nb_causes_80 = (pareto["part_cumulee"] < 80).sum()', "b4_pareto_causes_80")],
}


def _edited(nb, changes) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for grade_id, before, after, *_ in changes:
        cell = next(c for c in nb.cells if nbgrader_meta(c).get("grade_id") == grade_id)
        assert before in cell.source, (grade_id, before)
        cell.source = cell.source.replace(before, after)
    return nb


def _fairness_copies(sources) -> dict[str, dict]:
    return {"justes": {n: _edited(sources[n], RIGHT[n]) for n in RIGHT},
            "fausses": {n: _edited(sources[n], WRONG[n]) for n in WRONG}}


def test_sessions_are_recorded_with_the_three_assignments(course):
    for name, seed in SEEDS.items():
        record = json.loads((course / "sessions" / name / "session.json").read_text(encoding="utf-8"))
        expected = [_assignment(e, name) for e in b4_sujet.EPREUVES]
        assert (record["seed"], record["blocs"], record["assignments"]) == (seed, ["B4"], expected)
        for epreuve in b4_sujet.EPREUVES:
            for nb_name in b4_sujet.NOTEBOOKS[epreuve]:
                meta = nbformat.read(course / "source" / _assignment(epreuve, name) / nb_name, as_version=4).metadata["cpmc"]
                assert meta["bloc"] == "B4" and meta["session"] == name and meta["epreuve"] == epreuve
        team = course / "release" / _assignment(b4_sujet.TEAM, name)
        assert (team / "data" / "taches.csv").is_file() and (team / "contributions.csv").is_file()
    assert not list(course.glob(".session-*")), "temporary folders are removed"


@pytest.mark.parametrize("session", sorted(SEEDS))
def test_data_stories_and_figures_of_a_session(course, session):
    data = course / "source" / _assignment(b4_sujet.TEAM, session) / "data"
    for table in ("taches.csv", "equipe.csv", "devis.csv", "suivi_semaine4.csv", "incidents.csv"):
        assert (data / table).read_bytes() != (b4_data.TEAM / "data" / table).read_bytes(), table
    assert b4_stories.failing(data) == []
    notes = (course / "sessions" / session / "B4_NOTES_FORMATEUR.md").read_text(encoding="utf-8")
    template = (ROOT / "case_studies" / "b4_vallon" / NOTES).read_text(encoding="utf-8")
    assert notes != template, "the notes quote this session's figures"
    found = []
    with b4_data.bound_to(data):
        found += problems(template, notes, TABLES[NOTES], "notes")
        for epreuve, names in b4_sujet.NOTEBOOKS.items():
            for name in names:
                model = nbformat.read(ROOT / "source" / epreuve / name, as_version=4).cells
                cells = nbformat.read(course / "source" / _assignment(epreuve, session) / name, as_version=4).cells
                assert [c.cell_type for c in cells] == [c.cell_type for c in model]
                for i, (old, new) in enumerate(zip(model, cells)):
                    if new.cell_type == "markdown":
                        found += problems(old.source, new.source, TABLES[name], f"{name}, cellule {i}")
                    else:
                        assert new.source == old.source, "code cells quote no figure"
    assert not found, "\n".join(found)


def test_a_wrong_figure_in_a_session_is_caught(course):
    data = course / "source" / _assignment(b4_sujet.TEAM, "s2") / "data"
    template = (ROOT / "case_studies" / "b4_vallon" / NOTES).read_text(encoding="utf-8")
    with b4_data.bound_to(data):
        assert problems(template, template, TABLES[NOTES], "notes"), "the example's notes are false on this session's data"


@pytest.mark.parametrize("session", sorted(SEEDS))
def test_solution_full_blank_zero_every_region_needed(course, graded, session):
    grades, variants = graded
    for epreuve in GRADED:
        assignment = _assignment(epreuve, session)
        for name in b4_sujet.NOTEBOOKS[epreuve]:
            scored, total = auto_score(grades, course, "solution", assignment, name)
            assert scored == total, f"{assignment} {name}: the solution scores {scored}/{total}"
            blank, _ = auto_score(grades, course, "vierge", assignment, name)
            assert blank == 0, f"{assignment} {name}: the blank release scores {blank}"
    assert len([k for k in variants if k[1].endswith(f"_{session}")]) >= 10 or session != MUTATED
    for epreuve in GRADED:
        kept = free_removals(grades, variants, _assignment(epreuve, session))
        assert not kept, f"{session} {epreuve}: replacing these solution cells by the stub costs no point: {kept}"


def test_the_example_is_what_the_generator_renders(tmp_path):
    """The example's data are the generator's default draw and its documents render to themselves."""
    gen = b4_data.generator()
    gen.write(tmp_path, gen.SEED, 0)
    for path in sorted(tmp_path.iterdir()):
        assert path.read_bytes() == (b4_data.TEAM / "data" / path.name).read_bytes(), path.name
    with b4_data.bound_to(b4_data.TEAM / "data"):
        assert b4_sujet.render_notes() == (ROOT / "case_studies" / "b4_vallon" / NOTES).read_text(encoding="utf-8")
        for epreuve, names in b4_sujet.NOTEBOOKS.items():
            for name in names:
                fresh = b4_sujet.render_notebook(epreuve, name, None)
                assert fresh == nbformat.read(ROOT / "source" / epreuve / name, as_version=4), name


def test_stories_fail_loudly_in_french(monkeypatch, tmp_path):
    from cpmc_course.errors import CpmcError

    never = b4_stories.Story("histoire_impossible", "jamais vraie", lambda: False)
    monkeypatch.setattr(b4_stories, "STORIES", (*b4_stories.STORIES[:1], never))
    monkeypatch.setattr(b4_stories, "MAX_DRAWS", 2)
    with pytest.raises(CpmcError, match="« histoire_impossible » n'est pas vérifiée"):
        b4_stories.draw(5, tmp_path / "data")
    assert not (tmp_path / "data").exists()


def test_bloc_4_stories_hold_for_many_seeds(tmp_path):
    """Every story holds within the allowed draws for 12 seeds (no school meets « choisissez une autre graine »)."""
    draws = [b4_stories.draw(seed, tmp_path / str(seed)) for seed in range(12)]
    assert max(draws) < b4_stories.MAX_DRAWS


def test_fairness_catalogue_through_the_real_grading(course, graded):
    """Equivalent right answers keep every point; each plausible wrong answer loses the points of its own cell only."""
    grades, _ = graded
    assignment = _assignment(b4_sujet.TEAM, FAIRNESS)
    for name in RIGHT:
        scored, total = auto_score(grades, course, "justes", assignment, name)
        assert scored == total, f"{name}: an equivalent right answer loses points ({scored}/{total})"
    for name, wrongs in WRONG.items():
        lost = {w[3] for w in wrongs}
        for grade_id in auto_cells(nbformat.read(course / "source" / assignment / name, as_version=4)):
            grade = grades[("fausses", assignment, name.removesuffix(".ipynb"), grade_id)]
            if grade_id in lost:
                assert (grade.score or 0) < grade.max_score, f"{grade_id}: the wrong variant keeps its points"
            else:
                assert grade.score == grade.max_score, f"{grade_id}: a wrong answer elsewhere costs this cell points"
