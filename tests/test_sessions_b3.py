"""Certification sessions of bloc 3 (Lunéa, both épreuves): ``cpmc session creer`` on a fresh course, graded for real.

One course, two sessions (``s2`` from the seed 12345, ``s3`` from the seed 3),
created through the CLI; then one ``pipeline.autograde(jobs=2)`` run grades, for
both sessions, the solution and the blank release of the written offer
(épreuve 1) and of the group's file (épreuve 2), and for ``s2`` every solution
code cell replaced by its release stub (stubs that cannot influence each other's
cells share a copy, ``tests/cell_dependencies.py``). Each session's data differ
from the example's, every planted story holds, every number of its model
answers, rubrics, jury grid and instructor notes matches its data, épreuve 2's
incident follows from the session's own épreuve-1 solution, and épreuve 1 never
names épreuve 2's data. The public example is what the generator renders for the
example seed, byte for byte.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from session_checks import auto_score, free_removals, grade_sessions, session_course

from cpmc_course.sessions import b3_data, b3_stories, b3_sujet
from cpmc_course.sessions.b3_figures import TABLES
from cpmc_course.sessions.figures import Data, entry_of, problems, quoted

ROOT = Path(__file__).resolve().parents[1]
SEEDS = {"s2": 12345, "s3": 3}
MUTATED = "s2"
"""The session whose every solution region is removed in turn (the other: solution and blank release only)."""
GRADED = (b3_sujet.OFFRE, b3_sujet.ORAL)
"""The épreuves with automatic cells (the jury grid is all manual)."""
AUTO_POINTS = {b3_sujet.OFFRE: 27, b3_sujet.ORAL: 17}

pytestmark = pytest.mark.nbgrader


def _assignment(epreuve: str, session: str) -> str:
    return f"{epreuve}_{session}"


def _name(epreuve: str) -> str:
    return b3_sujet.NOTEBOOKS[epreuve][0]


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A fresh ``cpmc init`` course holding the two sessions, created through the CLI."""
    return session_course(tmp_path_factory, "B3", SEEDS)


@pytest.fixture(scope="module")
def graded(course):
    """Solution, blank release and the stubbed copies of ``MUTATED``'s solution cells, graded in one batch."""
    return grade_sessions(course, {_assignment(e, s): [_name(e)] for s in SEEDS for e in GRADED},
                          {_assignment(e, MUTATED) for e in GRADED})


def test_sessions_are_recorded_with_both_epreuves(course):
    for name, seed in SEEDS.items():
        record = json.loads((course / "sessions" / name / "session.json").read_text(encoding="utf-8"))
        assert (record["seed"], record["blocs"]) == (seed, ["B3"])
        assert record["assignments"] == [_assignment(e, name) for e in b3_sujet.EPREUVES]
        for epreuve in b3_sujet.EPREUVES:
            meta = nbformat.read(course / "source" / _assignment(epreuve, name) / _name(epreuve), as_version=4).metadata["cpmc"]
            assert meta["bloc"] == "B3" and meta["session"] == name and meta["epreuve"] == epreuve
            assert (course / "release" / _assignment(epreuve, name) / _name(epreuve)).is_file()
        assert (course / "sessions" / name / "B3_avis_social_etiquettes.csv").is_file()
        assert not list((course / "release").rglob("avis_social_etiquettes.csv")), "the instructor's labels stay private"


@pytest.mark.parametrize("session", sorted(SEEDS))
def test_data_stories_and_figures_of_a_session(course, session):
    offre = course / "source" / _assignment(b3_sujet.OFFRE, session)
    oral = course / "source" / _assignment(b3_sujet.ORAL, session)
    with_labels = course / "tmp_data" / session
    with_labels.mkdir(parents=True)
    for folder in (offre / "data", oral / "data"):
        for path in folder.iterdir():
            shutil.copyfile(path, with_labels / path.name)
    shutil.copyfile(course / "sessions" / session / "B3_avis_social_etiquettes.csv", with_labels / "avis_social_etiquettes.csv")
    example = b3_data.CASE / "data"
    for table in ("couts_solution.csv", "enquete_satisfaction.csv", "reclamations.csv", "options_solutions.csv", "avis_social.csv"):
        assert (with_labels / table).read_bytes() != (example / table).read_bytes(), table
    assert b3_stories.failing(with_labels) == []
    notes = (course / "sessions" / session / "B3_NOTES_FORMATEUR.md").read_text(encoding="utf-8")
    template = (b3_data.CASE / "NOTES_FORMATEUR.md").read_text(encoding="utf-8")
    assert notes != template, "the notes quote this session's figures"
    found = []
    with b3_data.bound_to(with_labels):
        found += problems(template, notes, TABLES["NOTES_FORMATEUR.md"], "notes")
        assert problems(template, template, TABLES["NOTES_FORMATEUR.md"], "notes"), "the example's notes are false here"
        for epreuve in b3_sujet.EPREUVES:
            name = _name(epreuve)
            model = nbformat.read(ROOT / "source" / epreuve / name, as_version=4).cells
            cells = nbformat.read(course / "source" / _assignment(epreuve, session) / name, as_version=4).cells
            assert [c.cell_type for c in cells] == [c.cell_type for c in model]
            for i, (old, new) in enumerate(zip(model, cells)):
                if new.cell_type == "markdown":
                    found += problems(old.source, new.source, TABLES[name], f"{epreuve} {name}, cellule {i}")
                else:
                    assert new.source == old.source, "code cells quote no figure"
    assert not found, "\n".join(found)


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("session", sorted(SEEDS))
def test_the_incident_follows_from_the_sessions_own_solution(course, session):
    """Options priced at the session's épreuve-1 rates; failures weigh with what the solution put into each part."""
    costs = {r["poste"].split(" (")[0]: r for r in _rows(course / "source" / _assignment(b3_sujet.OFFRE, session) / "data" / "couts_solution.csv")}
    options = {r["option"]: int(r["cout_ht"]) for r in _rows(course / "source" / _assignment(b3_sujet.ORAL, session) / "data" / "options_solutions.csv")}
    day = float(costs["Paramétrage de la plateforme omnicanale"]["cout_unitaire_ht"])
    hour = float(costs["Conseillers en renfort aux heures de pointe"]["cout_unitaire_ht"])
    api = float(costs["Intégration de l'API du nouveau transporteur"]["cout_unitaire_ht"])
    # the example's option costs, repriced at this session's day rate, hourly rate and carrier integration
    assert options["Refondre le chatbot"] == round(18000 * day / 650 / 100) * 100
    assert options["Corriger le crédit automatique des points de fidélité"] == round(6000 * day / 650 / 100) * 100
    assert options["Renforcer le service client de trois conseillers"] == round(27000 * hour / 28 / 100) * 100
    assert options["Confirmer le créneau de livraison par SMS la veille"] == round(9500 * api / 6500 / 100) * 100
    gen = b3_data.generator()
    draw = gen.Draw(SEEDS[session], json.loads((course / "sessions" / session / "session.json").read_text())["draws"][0])
    assert gen.costs(draw) == (course / "source" / _assignment(b3_sujet.OFFRE, session) / "data" / "couts_solution.csv").read_text(encoding="utf-8")
    weights = dict((name, weight) for name, weight, *_ in gen.incident(draw)[0])
    days = float(costs["Paramétrage de la plateforme omnicanale"]["quantite"])
    assert weights["Réponse inadaptée du chatbot"] == pytest.approx(0.07 * 45 / days)


def _plain(text: str) -> str:
    return re.sub("[\u00a0\u202f]", " ", text).lower()


def _epreuve2_facts(course: Path, session: str) -> list[str]:
    """What épreuve 1 must never show: épreuve 2's files, variables, options, categories and data figures."""
    gen = b3_data.generator()
    oral = course / "source" / _assignment(b3_sujet.ORAL, session)
    facts = [*gen.ORAL_FILES, *(n.removesuffix(".csv") for n in gen.ORAL_FILES), "`reclamations`", "`options`", "`avis`",
             *(o[0] for o in gen.OPTIONS), *(c[0] for c in gen.CATEGORIES), "l'incident", "épreuve 2", "après le lancement"]
    table = TABLES[_name(b3_sujet.ORAL)]
    model = nbformat.read(ROOT / "source" / b3_sujet.ORAL / _name(b3_sujet.ORAL), as_version=4).cells
    cells = nbformat.read(oral / _name(b3_sujet.ORAL), as_version=4).cells
    numbers = set()
    for old, new in zip(model, cells):  # the data figures of épreuve 2's markdown, as this session writes them
        if new.cell_type == "markdown":
            for template, figure in zip(quoted(old.source), quoted(new.source)):
                if isinstance(entry_of(table, template), Data) and sum(ch.isdigit() for ch in figure.figure) >= 3:
                    numbers.add(figure.figure)
    assert len(numbers) >= 5
    return facts + sorted(numbers)


@pytest.mark.parametrize("session", sorted(SEEDS))
def test_epreuve1_never_names_epreuve2_data(course, session):
    facts = _epreuve2_facts(course, session)
    for root in ("source", "release"):
        folder = course / root / _assignment(b3_sujet.OFFRE, session)
        assert sorted(p.name for p in (folder / "data").iterdir()) == sorted(b3_data.generator().OFFRE_FILES)
        cells = nbformat.read(folder / _name(b3_sujet.OFFRE), as_version=4).cells
        texts = {folder / "cahier_des_charges.md": (folder / "cahier_des_charges.md").read_text(encoding="utf-8"),
                 folder / _name(b3_sujet.OFFRE): "\n".join(c.source for c in cells)}
        for path, text in texts.items():
            plain = _plain(text)
            leaks = [fact for fact in facts if re.search(rf"(?<![\w,]){re.escape(_plain(fact))}(?![\w,])", plain)]
            assert not leaks, f"{path} reveals épreuve 2: {leaks}"
    oral_brief = (course / "source" / _assignment(b3_sujet.ORAL, session) / "cahier_des_charges.md").read_text(encoding="utf-8")
    assert "## 5. L'épreuve 2" in oral_brief


@pytest.mark.parametrize("session", sorted(SEEDS))
def test_solution_full_blank_zero_every_region_needed(course, graded, session):
    grades, variants = graded
    for epreuve in GRADED:
        scored, total = auto_score(grades, course, "solution", _assignment(epreuve, session), _name(epreuve))
        assert scored == total == AUTO_POINTS[epreuve], f"{session} {epreuve}: the solution scores {scored}/{total}"
        blank, _ = auto_score(grades, course, "vierge", _assignment(epreuve, session), _name(epreuve))
        assert blank == 0, f"{session} {epreuve}: the blank release scores {blank}"
    if session != MUTATED:
        return
    assert len(variants) >= 18
    for epreuve in GRADED:
        kept = free_removals(grades, variants, _assignment(epreuve, session))
        assert not kept, f"{epreuve}: replacing these solution cells by the stub costs no point: {kept}"


def test_the_example_is_the_render_of_the_example_seed():
    """The public example's notebooks and notes are what the sujet renders on the example's data."""
    with b3_data.bound_to(b3_data.CASE / "data"):
        for epreuve in b3_sujet.EPREUVES:
            name = _name(epreuve)
            assert b3_sujet.render_notebook(epreuve, name, None) == nbformat.read(ROOT / "source" / epreuve / name, as_version=4)
        assert b3_sujet.render_notes() == (b3_data.CASE / "NOTES_FORMATEUR.md").read_text(encoding="utf-8")
    assert b3_stories.failing(b3_data.CASE / "data") == []
