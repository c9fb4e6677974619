"""`cpmc demo` on a small course: a realistic cohort, real nbgrader, a report, nothing written elsewhere."""

import hashlib

import pytest

from builders import make_course
from cpmc_course.demo import run_demo
from cpmc_course.views.report_csv import read_report_rows

pytestmark = pytest.mark.nbgrader


def _digest(folder):
    return {str(p.relative_to(folder)): hashlib.md5(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    base = tmp_path_factory.mktemp("demo")
    origin = make_course(base / "origine")
    before = _digest(origin)
    result = run_demo(base / "sortie", n_students=12, jobs=2, progress=False, origin=origin)
    return result, origin, before


def test_cohort_is_graded_with_its_broken_copies_isolated(demo):
    result, _, _ = demo
    failed = {o.student_id: o.reason for o in result.outcomes if not o.ok}
    assert set(failed) == {"etu06"}  # JSON invalide: nothing to grade
    assert "JSON invalide" in failed["etu06"]
    # a duplicated test cell or a cell that ends its kernel costs only that cell: graded, with a French note
    notes = {o.student_id: " ".join(o.notes) for o in result.outcomes}
    assert "dupliquée" in notes["etu09"]
    assert "noyau Python" in notes["etu12"]
    assert sum(o.ok for o in result.outcomes) == 11


def test_report_shows_variety(demo):
    result, _, _ = demo
    assert result.report.exists() and result.report.name == "index.html"
    rows = [r for r in read_report_rows(result.report.parent / "criteria.csv") if r["criterion"] == "B5.CE35"]
    levels = {r["student_id"]: r["level"] for r in rows}
    assert levels["etu01"] == "acquis"  # excellent: every answer
    assert levels["etu05"] == "non acquis"  # blank copy
    assert levels["etu06"] == "non évalué"  # copy nbgrader could not read
    ce36 = {r["student_id"]: r["level"] for r in read_report_rows(result.report.parent / "criteria.csv") if r["criterion"] == "B5.CE36"}
    assert "à corriger" in ce36.values()  # the instructor has not graded everyone yet
    assert ce36["etu01"] == "acquis"  # graded by hand: 4.5 / 5
    assert (result.report.parent / "etudiants" / "etu01.html").exists()


def test_students_receive_feedback_pages_with_the_graders_comments(demo):
    result, _, _ = demo
    assert result.feedback == result.course_dir / "retours"
    page = (result.feedback / "etu01.html").read_text(encoding="utf-8")
    assert "Réponse complète et appuyée sur les chiffres du cas" in page  # graded by hand, with a comment
    pending = (result.feedback / "etu12.html").read_text(encoding="utf-8")  # the last third is not graded yet
    assert "correction en cours" in pending


def test_nothing_written_outside_the_demo_folder(demo):
    result, origin, before = demo
    assert _digest(origin) == before
    assert result.course_dir.name == "sortie"


def test_demo_writes_nothing_in_the_home_folder_and_can_be_run_again_in_the_same_folder(tmp_path):
    """Run as a user would (the `cpmc` command, in a fresh process) with an empty HOME, twice in the same folder."""
    import os
    import subprocess
    import sys

    origin = make_course(tmp_path / "origine")
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON", "MPL"))}
    env["HOME"] = str(home)
    code = (
        "import sys; from pathlib import Path; from cpmc_course.demo import run_demo; "
        f"r = run_demo({str(tmp_path / 'd')!r}, n_students=2, jobs=1, progress=False, origin=Path({str(origin)!r})); "
        "assert r.report.exists(), 'premier rapport absent'; "
        f"again = run_demo({str(tmp_path / 'd')!r}, n_students=2, jobs=1, progress=False, origin=Path({str(origin)!r})); "
        "sys.exit(0 if again.report.exists() and len(again.outcomes) == 2 else 1)"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    leftovers = [str(p.relative_to(home)) for p in home.rglob("*") if p.is_file()]
    assert leftovers == []


def test_demo_on_the_repository_course_reports_every_bloc_with_its_teams(tmp_path):
    """The embedded course (source/ of this repository), 7 students: teams Alpha (4) and Bêta (3, one absent).

    Every criterion of the five blocs is in the report; the team épreuves (bloc 3's oral, bloc 4's project)
    reach each member with the team named; the absent member is « absent »; a member who handed in nothing
    for bloc 4's individual part is shown as such.
    """
    from cpmc_course.referential import load_referential

    result = run_demo(tmp_path / "demo", n_students=7, jobs=2, progress=False)
    failed = {o.student_id for o in result.outcomes if not o.ok}
    assert failed == {"etu06"}  # the unreadable copies of the « JSON invalide » profile
    rows = read_report_rows(result.report.parent / "criteria.csv")
    by = {}
    for r in rows:
        by.setdefault((r["student_id"], r["criterion"]), []).append(r)
    for crit in load_referential().criteria:  # the excellent copy is assessed on all 37 criteria
        assert any(r["level"] != "non évalué" for r in by[("etu01", crit.qualified)]), crit.qualified
    for code in ("B5.CE33", "B5.CE34", "B5.CE35", "B5.CE36"):
        assert by[("etu01", code)][0]["level"] == "acquis", code  # the complete copy, graded by hand
    for member, team in [("etu01", "Alpha"), ("etu04", "Alpha"), ("etu05", "Bêta")]:
        for code in ("B3.CE22", "B3.CE25", "B4.CE27"):
            team_rows = [r for r in by[(member, code)] if r["source"] == "équipe"]
            assert team_rows and team_rows[0]["equipe"] == team and team_rows[0]["level"] not in ("absent", "non évalué")
    assert by[("etu01", "B3.CE22")][0]["score"] == by[("etu04", "B3.CE22")][0]["score"]  # one grade for the team
    for code in ("B3.CE22", "B3.CE23", "B3.CE24", "B3.CE25", "B4.CE27"):
        assert [r["level"] for r in by[("etu07", code)] if r["source"] == "équipe"] == ["absent"], code
    assert result.not_handed_in == (("etu05", "b3_offre_relation_client"), ("etu05", "b4_projet_web_individuel"))
    page = (result.report.parent / "etudiants" / "etu05.html").read_text(encoding="utf-8")
    row = page[page.index("<td>b4_projet_web_individuel</td>"):]
    assert "non rendu" in row[: row.index("</tr>")]
    blocs = {(r["student_id"], r["bloc"]): r["status"] for r in read_report_rows(result.report.parent / "blocs.csv")}
    assert blocs[("etu01", "B5")] == "validé"
    assert "Gestion des données marketing et commerciales" in (result.report.parent / "etudiants" / "etu01.html").read_text(encoding="utf-8")
    for copy in (result.course_dir / "submitted").rglob("*.ipynb"):  # copies read like students' copies
        text = copy.read_text(encoding="utf-8")
        assert not any(m in text for m in ("### BEGIN SOLUTION", "### END SOLUTION", "Réponse modèle")), copy
