"""The roster autograder/equipes.csv: parsing, every error named by file and line, and `cpmc equipes`."""

import json

import pytest

from builders import make_course
from cpmc_course.cli import main
from cpmc_course.teams import RosterError, check_roster, parse_roster, team_id
from team_builders import ORAL, PROJECT, roster, team_course

SOURCES = {PROJECT, ORAL, "b5_test"}
TEAMS = {PROJECT, ORAL}
KNOWN = {f"etu{i}" for i in range(1, 8)}
GOOD = (
    "sujet;equipe;etudiant;statut\n"
    f"{PROJECT};Alpha;etu1;\n{PROJECT};Alpha;etu2;\n{PROJECT};Bêta;etu3;\n{PROJECT};Bêta;etu4;absent\n"
    f"{ORAL};Alpha;etu1\n{ORAL};Alpha;etu2\n"
)


def _check(tmp_path, text, known=KNOWN, teams=TEAMS):
    path = tmp_path / "equipes.csv"
    path.write_text(text, encoding="utf-8")
    return check_roster(parse_roster(path), path, known, SOURCES, teams)


def _problems(tmp_path, text, **kw) -> list[str]:
    with pytest.raises(RosterError) as exc:
        _check(tmp_path, text, **kw)
    return exc.value.problems


def test_semicolon_roster_from_a_french_spreadsheet(tmp_path):
    roster_ = _check(tmp_path, GOOD)
    beta = [t for t in roster_.for_assignment(PROJECT) if t.name == "Bêta"][0]
    assert beta.members == ("etu3", "etu4") and beta.absent == {"etu4"} and beta.present == ("etu3",)
    assert beta.id == f"equipe--{PROJECT}--beta" == team_id(PROJECT, "Bêta")
    assert {(m.student_id, m.team, m.absent) for m in roster_.memberships() if m.assignment == PROJECT} == {
        ("etu1", "Alpha", False), ("etu2", "Alpha", False), ("etu3", "Bêta", False), ("etu4", "Bêta", True)}


def test_comma_roster_with_byte_order_mark_and_no_status_column(tmp_path):
    path = tmp_path / "equipes.csv"
    path.write_bytes(("\ufeffSujet,Équipe,Étudiant\n" f"{PROJECT},Alpha,etu1\n{ORAL},Alpha,etu1\n").encode("utf-8"))
    roster_ = check_roster(parse_roster(path), path, KNOWN, SOURCES, TEAMS)
    assert [(t.assignment, t.members) for t in roster_.teams] == [(PROJECT, ("etu1",)), (ORAL, ("etu1",))]


def test_unknown_student_names_file_and_line(tmp_path):
    problems = _problems(tmp_path, GOOD + f"{PROJECT};Bêta;inconnu;\n")
    assert problems == [f"{tmp_path / 'equipes.csv'}, ligne 8 : étudiant inconnu 'inconnu' (absent du carnet de notes et des copies rendues)."]


def test_student_in_two_teams_of_one_assignment(tmp_path):
    problems = _problems(tmp_path, GOOD + f"{PROJECT};Bêta;etu1;\n")
    assert len(problems) == 1
    assert "ligne 8 : etu1 est dans deux équipes du sujet b4_projet_test : Alpha (ligne 2) et Bêta" in problems[0]


def test_same_student_in_two_assignments_is_fine(tmp_path):
    assert _check(tmp_path, GOOD)  # etu1 is in Alpha for the project and for the oral


def test_student_twice_in_the_same_team(tmp_path):
    problems = _problems(tmp_path, GOOD + f"{PROJECT};Alpha;etu2;\n")
    assert "ligne 8 : etu2 figure deux fois dans l'équipe Alpha (déjà ligne 3)" in problems[0]


def test_empty_team(tmp_path):
    problems = _problems(tmp_path, GOOD + f"{PROJECT};Gamma;;\n")
    assert problems == [f"{tmp_path / 'equipes.csv'}, ligne 8 : l'équipe Gamma du sujet {PROJECT} n'a aucun membre."]


def test_team_assignment_without_teams(tmp_path):
    text = "sujet;equipe;etudiant;statut\n" f"{PROJECT};Alpha;etu1;\n"
    problems = _problems(tmp_path, text)
    assert problems == [f"{tmp_path / 'equipes.csv'} : le sujet d'équipe {ORAL} n'a aucune équipe déclarée (ajoutez une ligne par membre)."]


def test_roster_for_an_assignment_not_in_source(tmp_path):
    problems = _problems(tmp_path, GOOD + "b9_inconnu;Alpha;etu1;\n")
    assert problems == [f"{tmp_path / 'equipes.csv'}, ligne 8 : le sujet 'b9_inconnu' n'existe pas dans source/."]


def test_roster_for_an_individual_assignment(tmp_path):
    problems = _problems(tmp_path, GOOD + "b5_test;Alpha;etu1;\n")
    assert "ligne 8 : le sujet 'b5_test' n'est pas un sujet d'équipe" in problems[0]


def test_every_problem_is_reported_at_once(tmp_path):
    problems = _problems(tmp_path, GOOD + f"{PROJECT};Bêta;inconnu;\nb9;X;etu1;\n{PROJECT};Gamma;;\n")
    assert [p.split(" : ")[0].rsplit(", ", 1)[-1] for p in problems] == ["ligne 8", "ligne 9", "ligne 10"]


def test_cpmc_equipes_reports_every_mistake_in_one_run(course, capsys):
    """Three kinds of mistakes (a status, an unknown student, an empty team name, a wrong assignment): one run says all."""
    roster(course, GOOD + f"{PROJECT};Alpha;etu5;malade\n{PROJECT};Bêta;inconnu;\n{PROJECT};;etu6;\nb9;X;etu7;\n")
    assert main(["--course-dir", str(course), "equipes"]) == 2
    err = capsys.readouterr().err
    said = [(line, what) for line, what in ((8, "statut 'malade' inconnu"), (9, "étudiant inconnu 'inconnu'"),
                                            (10, "colonne « equipe » vide"), (11, "le sujet 'b9' n'existe pas"))
            if f"ligne {line} : {what}" in err]
    assert len(said) == 4, err
    assert err.index("ligne 8 :") < err.index("ligne 9 :") < err.index("ligne 10 :") < err.index("ligne 11 :")


@pytest.mark.parametrize("text, expected", [
    ("sujet;equipe\nx;y\n", "ligne 1 : colonne(s) manquante(s) : etudiant"),
    ("", "fichier vide"),
    (f"sujet;equipe;etudiant;statut\n{PROJECT};Alpha;etu1;malade\n", "ligne 2 : statut 'malade' inconnu (laisser vide, ou « absent »)."),
    (f"sujet;equipe;etudiant;statut\n{PROJECT};;etu1;\n", "ligne 2 : colonne « equipe » vide."),
    ("sujet;equipe;etudiant;statut\n;Alpha;etu1;\n", "ligne 2 : colonne « sujet » vide."),
    (f"sujet;equipe;etudiant;statut\n{PROJECT};!!;etu1;\n", "ligne 2 : nom d'équipe '!!' inutilisable"),
])
def test_malformed_lines(tmp_path, text, expected):
    problems = _problems(tmp_path, text)
    assert expected in problems[0] and str(tmp_path / "equipes.csv") in problems[0]


def test_team_names_that_would_share_an_id(tmp_path):
    problems = _problems(tmp_path, GOOD + f"{PROJECT};beta;etu5;\n")
    assert "ligne 8 : le nom d'équipe 'beta' se confond avec 'Bêta'" in problems[0]


def test_not_utf8(tmp_path):
    path = tmp_path / "equipes.csv"
    path.write_bytes("sujet;equipe;etudiant\nb4;Bêta;etu1\n".encode("cp1252"))
    with pytest.raises(RosterError, match="n'est pas en UTF-8"):
        parse_roster(path)


@pytest.fixture
def course(tmp_path):
    root = team_course(tmp_path / "cours")
    for student in KNOWN:
        (root / "submitted" / student).mkdir(parents=True)  # students known from their hand-in folders
    return root


def test_cli_lists_teams(course, capsys):
    roster(course, GOOD)
    assert main(["--course-dir", str(course), "equipes"]) == 0
    out = capsys.readouterr().out
    assert f"equipe--{PROJECT}--beta" in out and "etu4 (absent·e)" in out and "oral noté sur grille du jury" in out
    assert main(["--course-dir", str(course), "equipes", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    beta = [t for t in data if t["sujet"] == PROJECT and t["equipe"] == "Bêta"][0]
    assert beta == {"sujet": PROJECT, "equipe": "Bêta", "id": f"equipe--{PROJECT}--beta", "oral": False, "ligne": 4,
                    "membres": [{"etudiant": "etu3", "absent": False}, {"etudiant": "etu4", "absent": True}]}


def test_cli_errors_exit_2_and_grade_nothing(course, capsys):
    roster(course, GOOD + f"{PROJECT};Bêta;etu1;\n")
    assert main(["--course-dir", str(course), "equipes"]) == 2
    err = capsys.readouterr().err
    assert "Équipes invalides" in err and "equipes.csv, ligne 8 : etu1 est dans deux équipes" in err
    assert main(["--course-dir", str(course), "autograde", "--quiet"]) == 2
    assert "ligne 8" in capsys.readouterr().err
    assert not (course / "cpmc_autograde.json").exists() and not any((course / "submitted").glob("equipe--*"))


def test_cli_missing_roster_for_team_assignments(course, capsys):
    assert main(["--course-dir", str(course), "equipes"]) == 2
    assert "equipes.csv : fichier absent ; les sujets d'équipe b3_oral_test, b4_projet_test" in capsys.readouterr().err


def test_course_without_team_assignment_needs_no_roster(tmp_path, capsys):
    root = make_course(tmp_path / "cours")
    assert main(["--course-dir", str(root), "equipes"]) == 0
    assert "Aucun sujet d'équipe" in capsys.readouterr().out
