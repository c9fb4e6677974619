"""`cpmc feedback` and the student page on every state a copy can be in (course of ``pages_course``, no nbgrader run).

A graded copy shows its parts, the visible test's message (never the hidden one), the grader's comments, and what
to revise for each criterion not acquired: lessons that exist in ``courses/`` and question ids that exist in the
banks. A copy awaiting manual grading says « correction en cours » with no total; a copy not graded gives its
reason, a missing copy says « non rendu », an absent member « absent »: never a 0.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pages_course
from cpmc_course import cli
from cpmc_course.course import make_report, open_course
from cpmc_course.feedback_pages import collect, make_feedback
from cpmc_course.mastery import IN_PROGRESS, NOT_ACQUIRED
from cpmc_course.referential import load_referential
from cpmc_course.revise import read_lessons, revision_map
from cpmc_course.revision.questions import question_by_id

ROOT = Path(__file__).resolve().parents[2]
COURSES = ROOT / "courses"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("retours")
    course = open_course(pages_course.build(root / "cours"))
    pages = make_feedback(course, root / "retours")
    make_report(course, root / "rapport")
    return course, {p.stem: pages_course.read_html(p) for p in pages}, root


def _copy(feedback, student: str, assignment: str):
    fb = next(f for f in feedback if f.student.id == student)
    return next(c for c in fb.copies if c.assignment == assignment)


def test_graded_copy_shows_parts_visible_messages_and_comments_never_hidden_tests(built):
    course, pages, _ = built
    copy = _copy(collect(course), "ana", "b5_test")
    assert copy.status == "corrigé" and copy.total == 2.0 and copy.max_points == 10.0
    assert [p.grade_id for p in copy.parts] == ["b5_taux_conversion", "b5_total_leads", "b5_synthese"]
    page = pages["ana"]
    assert "Retour de correction — Ana Test" in page
    assert "2 / 10 points" in page
    assert f"Test non réussi : {pages_course.VISIBLE_MESSAGE}" in page
    assert pages_course.HIDDEN_MESSAGE not in page and "BEGIN HIDDEN" not in page and "total_leads == 12" not in page
    assert "un contrôle complémentaire (non communiqué) n'est pas passé" in page
    assert f"Commentaire du correcteur : {pages_course.COMMENT}" in page
    assert f"Commentaire du correcteur : {pages_course.TEAM_COMMENT}" in page  # the team copy's comment reaches members
    assert "Vérifie le taux de conversion" in page  # what the visible test checks


def test_pending_copy_says_correction_en_cours_without_a_grade_for_pending_parts(built):
    course, pages, _ = built
    copy = _copy(collect(course), "bob", "b5_test")
    assert copy.status == "à corriger" and copy.total is None
    synthese = next(p for p in copy.parts if p.grade_id == "b5_synthese")
    assert synthese.pending and synthese.score is None
    page = pages["bob"]
    section = page[page.index("Sujet b5_test"):]
    assert "correction en cours" in section
    assert "/ 10 points" not in section  # no total while a part awaits its grade
    assert "correction en cours (sur 5)" in section and "0 / 5" not in section


def test_failed_missing_and_absent_copies_state_their_status_never_zero(built):
    course, pages, _ = built
    feedback = collect(course)
    failed = _copy(feedback, "cid", "b5_test")
    assert (failed.status, failed.reason, failed.parts) == ("non corrigé", pages_course.FAILED_REASON, ())
    assert pages_course.FAILED_REASON in pages["cid"] and "non corrigé" in pages["cid"]
    absent = _copy(feedback, "cid", "b4_equipe")
    assert absent.status == "absent" and absent.total is None
    assert "absent·e à cette épreuve de groupe" in pages["cid"]
    assert "7 / 10" not in pages["cid"]  # the team's grade is not given to an absent member
    for assignment in ("b5_test", "b4_equipe"):
        assert _copy(feedback, "dan", assignment).status == "non rendu"
    assert pages["dan"].count("non rendu") >= 2
    for student in ("cid", "dan"):
        assert not re.search(r"\b0 / \d", pages[student]), student


def test_not_acquired_criteria_list_existing_lessons_and_question_ids(built):
    course, pages, root = built
    ana = next(f for f in collect(course) if f.student.id == "ana")
    to_revise = [line for line in ana.criteria + ana.competencies if line.level in (NOT_ACQUIRED, IN_PROGRESS)]
    assert {"B5.CE35", "C35"} <= {line.code for line in to_revise}
    for line in to_revise:
        assert line.lessons and line.questions, line.code
        for lesson in line.lessons:
            assert (COURSES / lesson.path).is_file()
        for qid in line.questions:
            question_by_id(qid)
    page = pages["ana"]
    assert "À retravailler" in page
    assert 'href="' not in page  # no server configured: no link opening a notebook's JSON, its path as text
    paths = re.findall(r"<code>courses/([^<]+\.ipynb)</code>", (root / "retours" / "ana.html").read_text(encoding="utf-8"))
    assert "revision/revision.ipynb" in paths and all((COURSES / path).is_file() for path in paths)
    line = re.search(r"quiz\.reviser\(ids=\[(.*?)\]\)", page)
    assert line, "la ligne à coller dans le carnet de révision manque"
    for qid in re.findall(r'"([^"]+)"', line.group(1)):
        question_by_id(qid)
    bob = next(f for f in collect(course) if f.student.id == "bob")
    assert not [line for line in bob.criteria if line.lessons]  # nothing to revise when acquired or pending


def test_every_lesson_objective_resolves_and_every_criterion_has_a_lesson():
    ref = load_referential()
    lessons = read_lessons(COURSES, ref)
    assert len(lessons) >= 20 and all(lesson.codes for lesson in lessons)
    rmap = revision_map(COURSES, ref)
    assert [c.qualified for c in ref.criteria if not rmap.lessons_for(c.qualified)] == []
    assert [c.qualified for c in ref.criteria if not rmap.questions_for(c.qualified)] == []


def test_student_page_opens_criteria_onto_cells_comments_and_medians(built):
    _, _, root = built
    page = pages_course.read_html(root / "rapport" / "etudiants" / "ana.html")
    block = page[page.index('data-code="B5.CE36"'):]
    block = block[: block.index("</details>")]
    assert "b5_synthese" in block and pages_course.COMMENT in block and "2 / 5" in block
    assert "Médiane cohorte" in page
    assert "Une même partie notée peut évaluer plusieurs critères" in page
    assert "Blocs pas encore évalués : B1, B2, B3" in page  # folded: only B4 and B5 were taken
    bob = pages_course.read_html(root / "rapport" / "etudiants" / "bob.html")
    assert "à corriger" in bob and "b5_synthese" in bob  # which part awaits its grade


def test_cli_feedback_writes_refuses_foreign_folders_and_unknown_assignments(built, tmp_path, capsys):
    course, _, _ = built
    out = tmp_path / "retours"
    assert cli.main(["feedback", "b5_test", "--course-dir", str(course.root), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.glob("*.html")) == ["ana.html", "bob.html", "cid.html", "dan.html"]
    assert "b4_equipe" not in (out / "ana.html").read_text(encoding="utf-8")
    assert cli.main(["feedback", "--course-dir", str(course.root), "--out", str(out)]) == 0  # its own folder: replaced
    foreign = tmp_path / "autre"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("à garder", encoding="utf-8")
    assert cli.main(["feedback", "--course-dir", str(course.root), "--out", str(foreign)]) == 2
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "à garder"
    assert cli.main(["feedback", "b9_inconnu", "--course-dir", str(course.root), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "ne contient pas des retours CPMC" in err and "Sujet(s) inconnu(s) : b9_inconnu" in err


def test_pdf_without_chromium_says_how_to_get_it(built, tmp_path, monkeypatch, capsys):
    from cpmc_course import pdf

    course, _, _ = built
    monkeypatch.setattr(pdf.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pdf, "DEBIAN_CHROMIUM", str(tmp_path / "pas-de-chromium"))
    out = tmp_path / "retours"
    assert cli.main(["feedback", "--pdf", "--course-dir", str(course.root), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Impression PDF impossible" in err and "scripts/install-browser.sh" in err
    assert not out.exists()  # nothing half-written


def test_the_line_to_paste_starts_the_revision_notebook_on_those_questions(built, tmp_path, monkeypatch):
    from cpmc_course.revision import quiz

    _, pages, _ = built
    monkeypatch.setenv("CPMC_PROGRESSION", str(tmp_path / "progression.json"))
    line = re.search(r"quiz\.reviser\(ids=\[.*?\]\)", pages["ana"]).group(0)
    assert "Un critère ou une compétence est acquis à partir de 60 % de ses points" in pages["ana"]
    session = eval(line, {"quiz": quiz})  # the line as the student pastes it in courses/revision/revision.ipynb
    expected = re.findall(r'"([^"]+)"', line)
    assert [item.question.id for item in session.items] == expected


def test_lessons_open_in_jupyterlab_on_the_configured_server(built, tmp_path):
    """Issue 27 item 3: ``/lab/tree/…`` links on the server of the config, JupyterHub's ``/user/<nom>/`` included."""
    course, _, _ = built
    config = course.root / "autograder" / "cpmc.toml"
    config.write_text('[liens]\nserveur = "https://hub.ecole.fr/user/{utilisateur}/"\n', encoding="utf-8")
    try:
        page = make_feedback(course, tmp_path / "hub")[0]
        assert page.stem == "ana"
        links = re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert "https://hub.ecole.fr/user/ana/lab/tree/courses/revision/revision.ipynb" in links
        lessons = [link for link in links if "/b" in link]
        assert lessons and all(link.startswith("https://hub.ecole.fr/user/ana/lab/tree/courses/b") for link in lessons)
        assert all((COURSES / link.split("/lab/tree/courses/")[1]).is_file() for link in links)
        local = make_feedback(course, tmp_path / "local", server="http://localhost:8888")[0].read_text(encoding="utf-8")
        assert 'href="http://localhost:8888/lab/tree/courses/revision/revision.ipynb"' in local  # --serveur wins
        config.write_text('[liens]\nserveur = "https://hub.ecole.fr/user/{nom}"\n', encoding="utf-8")
        assert cli.main(["feedback", "--course-dir", str(course.root), "--out", str(tmp_path / "bad")]) == 2
        assert not (tmp_path / "bad").exists()
    finally:
        config.unlink()


def test_lab_links_quote_paths_and_user_names():
    from cpmc_course.errors import CpmcError
    from cpmc_course.views.links import LabLinks, check_server

    links = LabLinks("https://hub.ecole.fr/user/{utilisateur}", "cours CPMC/courses")
    assert links.href("b5/01 collecte.ipynb", "élise d") == (
        "https://hub.ecole.fr/user/%C3%A9lise%20d/lab/tree/cours%20CPMC/courses/b5/01%20collecte.ipynb")
    assert links.path("b5/x.ipynb") == "cours CPMC/courses/b5/x.ipynb" and LabLinks().href("b5/x.ipynb", "ana") == ""
    for bad in ("hub.ecole.fr", "file:///home", "https://hub/{user}"):
        with pytest.raises(CpmcError, match="adresse du serveur Jupyter invalide"):
            check_server(bad, "--serveur")
