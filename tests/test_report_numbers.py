"""Report numbers from a gradebook filled through nbgrader's own API, checked against hand-computed values."""

import csv

import pytest

from builders import graded_course
from cpmc_course.course import Course, make_report

# (student, grade_id) -> (auto_score, manual_score, needs_manual_grade)
GRADES = {
    ("s1", "b5_taux_conversion"): (2, None, False),
    ("s1", "b5_total_leads"): (3, None, False),
    ("s1", "b5_synthese"): (None, 4, False),
    ("s2", "b5_taux_conversion"): (0, None, False),
    ("s2", "b5_total_leads"): (3, None, False),
    ("s2", "b5_synthese"): (None, None, True),
    ("s3", "b5_taux_conversion"): (2, None, False),
    ("s3", "b5_total_leads"): (0, None, False),
    ("s3", "b5_synthese"): (None, 1, False),
}

# Hand-computed from the fixture: CE35 <- taux (2) + leads (3); CE33 <- leads (3); CE36 <- synthese (5).
EXPECTED = {
    ("s1", "B5.CE35"): ("5", "5", "1", "acquis"),
    ("s1", "B5.CE33"): ("3", "3", "1", "acquis"),
    ("s1", "B5.CE36"): ("4", "5", "0.8", "acquis"),
    ("s2", "B5.CE35"): ("3", "5", "0.6", "acquis"),
    ("s2", "B5.CE33"): ("3", "3", "1", "acquis"),
    ("s2", "B5.CE36"): ("0", "5", "", "à corriger"),
    ("s3", "B5.CE35"): ("2", "5", "0.4", "en cours d'acquisition"),
    ("s3", "B5.CE33"): ("0", "3", "0", "non acquis"),
    ("s3", "B5.CE36"): ("1", "5", "0.2", "non acquis"),
    ("absent", "B5.CE35"): ("0", "5", "", "non évalué"),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """One gradebook for the module: every test reads it and writes its reports elsewhere."""
    return Course(graded_course(tmp_path_factory.mktemp("bilan") / "cours", ["s1", "s2", "s3", "absent"], GRADES))


def _rows(path):
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_criteria_csv_matches_hand_computation(course, tmp_path):
    make_report(course, tmp_path / "rapport", csv_format="machine")
    rows = _rows(tmp_path / "rapport" / "criteria.csv")
    assert list(rows[0]) == ["student_id", "bloc", "criterion", "score", "max_score", "ratio", "level", "pending_points", "source", "equipe"]
    assert len(rows) == 4 * 37
    got = {(r["student_id"], r["criterion"]): (r["score"], r["max_score"], r["ratio"], r["level"]) for r in rows}
    for key, expected in EXPECTED.items():
        assert got[key] == expected, key
    assert {r["bloc"] for r in rows if r["criterion"] == "B5.CE35"} == {"B5"}
    assert got[("s1", "B5.CE34")][3] == "non évalué"  # no cell assesses CE34 in this fixture


def test_blocs_csv_and_html(course, tmp_path):
    page = make_report(course, tmp_path / "rapport", csv_format="machine")
    blocs = {(r["student_id"], r["bloc"]): r for r in _rows(tmp_path / "rapport" / "blocs.csv")}
    assert blocs[("s1", "B5")]["status"] == "non évalué"  # CE34 is not assessed at all
    assert (blocs[("s1", "B5")]["criteria_acquired"], blocs[("s1", "B5")]["criteria_total"]) == ("3", "4")
    assert blocs[("s2", "B5")]["status"] == "en attente de correction"
    assert blocs[("s3", "B5")]["status"] == "non validé"
    assert blocs[("s3", "B5")]["certification"] == "non certifié"
    cohort = page.read_text(encoding="utf-8")
    assert "Bilan de cohorte" in cohort and "etudiants/s2.html" in cohort and "<svg" in cohort and "table class=\"carte\"" in cohort
    s2 = (tmp_path / "rapport" / "etudiants" / "s2.html").read_text(encoding="utf-8")
    assert "à corriger" in s2 and "+5<span class=\"ecran\"> à corriger</span>" in s2  # « (+5) » in print
    assert "Réalisation d&#x27;une représentation graphique" in s2  # official text of CE36


def test_report_replaces_the_previous_report_whole(course, tmp_path):
    out = tmp_path / "rapport"
    make_report(course, out)
    (out / "vieux.txt").write_text("ancien", encoding="utf-8")
    make_report(course, out)
    assert not (out / "vieux.txt").exists() and (out / "criteria.csv").exists()


def test_report_never_replaces_another_folder(course, tmp_path):
    from cpmc_course.errors import CpmcError

    precious = tmp_path / "travail"
    precious.mkdir()
    (precious / "memoire.docx").write_text("important", encoding="utf-8")
    with pytest.raises(CpmcError, match="ne contient pas un rapport CPMC"):
        make_report(course, precious)
    assert (precious / "memoire.docx").read_text(encoding="utf-8") == "important"
    for folder in (course.root, course.root.parent, course.source):
        with pytest.raises(CpmcError):
            make_report(course, folder)
    assert (course.root / "gradebook.db").exists() and course.source.is_dir()
