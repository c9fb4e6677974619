"""``autograder/equipes.csv`` is required only when a team assignment is graded or reported with data.

A course whose ``source/`` holds team assignments can grade and report its
individual assignments without a roster; as soon as a team assignment has a
hand-in (``submitted/``, ``copies_equipes/``) or grades, the French error comes
back, naming that assignment only.
"""

import pytest

from builders import graded_course, manual, notebook, write
from cpmc_course.cli import main
from cpmc_course.course import autograde_course, open_course
from cpmc_course.errors import RosterError
from cpmc_course.teams import handed_in, load_roster

PROJECT, ORAL = "b4_projet_equipe", "b3_oral_equipe"


def _team(grade_id: str, bloc: str, tags: list[str], oral: bool = False):
    nb = notebook([manual(grade_id, "Réponse.\n\nGrille de correction : 3 points.", 3, tags)], bloc=bloc)
    nb.metadata["cpmc"].update({"equipe": True, **({"oral": True} if oral else {})})
    return nb


@pytest.fixture
def course(tmp_path):
    root = graded_course(tmp_path / "cours", ["etu1", "etu2"], {("etu1", "b5_taux_conversion"): (2, None, False)})
    write(_team("b4_regles_equipe", "B4", ["CE28", "C32"]), root / "source" / PROJECT / "projet.ipynb")
    write(_team("b3_oral_phase", "B3", ["CE22", "C25"], oral=True), root / "source" / ORAL / "grille.ipynb")
    return root


def _hand_in(root, student, assignment):
    folder = root / "submitted" / student / assignment
    folder.mkdir(parents=True)
    (folder / "projet.ipynb").write_text("{}", encoding="utf-8")


def test_load_roster_requires_only_what_is_asked(course):
    teams = {PROJECT, ORAL}
    sources = ["b5_test", PROJECT, ORAL]
    assert load_roster(course, sources, teams, required=set()).teams == ()
    with pytest.raises(RosterError) as exc:
        load_roster(course, sources, teams, required={PROJECT})
    assert exc.value.problems == [
        f"{course / 'autograder' / 'equipes.csv'} : fichier absent ; les sujets d'équipe {PROJECT} ont besoin de leurs équipes "
        "(colonnes sujet,equipe,etudiant,statut, une ligne par membre)."]
    with pytest.raises(RosterError, match=f"{ORAL}, {PROJECT} ont besoin"):
        load_roster(course, sources, teams)  # default: every team assignment (``cpmc equipes``)


def test_an_existing_roster_needs_teams_only_for_the_assignments_with_data(course):
    path = course / "autograder" / "equipes.csv"
    path.parent.mkdir()
    path.write_text(f"sujet;equipe;etudiant;statut\n{PROJECT};Alpha;etu1;\n", encoding="utf-8")
    sources = ["b5_test", PROJECT, ORAL]
    roster = load_roster(course, sources, {PROJECT, ORAL}, required={PROJECT})
    assert [t.name for t in roster.teams] == ["Alpha"]
    with pytest.raises(RosterError, match=f"le sujet d'équipe {ORAL} n'a aucune équipe déclarée"):
        load_roster(course, sources, {PROJECT, ORAL}, required={PROJECT, ORAL})


def test_handed_in_sees_submitted_and_archived_copies(course):
    assert handed_in(course, [PROJECT, ORAL]) == set()
    (course / "copies_equipes" / ORAL / "etu2" / "2026-11-27T10-00-00-000000Z").mkdir(parents=True)
    _hand_in(course, "etu1", PROJECT)
    assert handed_in(course, [PROJECT, ORAL, "b5_test"]) == {PROJECT, ORAL}


def test_report_and_export_without_roster_until_a_team_copy_arrives(course, tmp_path, capsys):
    assert main(["--course-dir", str(course), "report", "--out", str(tmp_path / "rapport")]) == 0
    assert main(["--course-dir", str(course), "export", "--out", str(tmp_path / "notes.csv")]) == 0
    capsys.readouterr()
    _hand_in(course, "etu1", PROJECT)
    assert main(["--course-dir", str(course), "report", "--out", str(tmp_path / "rapport")]) == 2
    err = capsys.readouterr().err
    assert f"equipes.csv : fichier absent ; les sujets d'équipe {PROJECT} ont besoin de leurs équipes" in err and ORAL not in err


def test_autograde_of_an_individual_assignment_needs_no_roster(course, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr("cpmc_course.pipeline.autograde", lambda root, assignments, **kw: calls.append(assignments) or [])
    _hand_in(course, "etu1", PROJECT)
    autograde_course(open_course(course), ["b5_test"], progress=False)
    assert calls == [["b5_test"]] and (course / "submitted" / "etu1" / PROJECT).is_dir()  # team copy left as it was
    assert main(["--course-dir", str(course), "autograde", "--quiet"]) == 2
    assert f"les sujets d'équipe {PROJECT} ont besoin de leurs équipes" in capsys.readouterr().err
    assert calls == [["b5_test"]] and not (course / "cpmc_autograde.json").exists()  # nothing graded, nothing moved
    assert (course / "submitted" / "etu1" / PROJECT).is_dir()
