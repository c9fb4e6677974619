"""Feedback and student pages in a real browser (Debian's chromium driven by Playwright, as the revision test does).

Two throwaway courses, graded once for the module (gradebooks filled through nbgrader's API, no autograde run):
the small course of ``pages_course`` (every state of a copy) for ``cpmc feedback``, and a school of 8 students who
took every assignment of this repository's ``source/`` (built by ``benchmarks/report_scale.py``, teams of 4, a
share of written answers still to grade) for ``cpmc report``: the fullest student pages there are. Checked: the
French labels, that every « À retravailler » link opens an existing notebook and every question id exists in the
banks, that a criterion opens onto its cells, and that every student page printed on A4 (print CSS) takes at most
2 pages. Without chromium the tests fail when ``CI`` is set and are skipped otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import pages_course
from browser.test_revision_browser import CHROMIUM_ARGS, _require
from cpmc_course.course import Course, make_report, open_course
from cpmc_course.feedback_pages import collect, make_feedback
from cpmc_course.grading.copies import CopyStatus
from cpmc_course.grading_sheet import grading_sheets
from cpmc_course.pdf import chromium_path, pdf_page_count
from cpmc_course.revision.questions import load_banks

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
STUDENTS = 8


@pytest.fixture(scope="module")
def chromium() -> str:
    found = chromium_path()
    _require(found is not None, "chromium est absent")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _require(False, "le paquet Python playwright est absent")
    return found


@pytest.fixture(scope="module")
def browser_page(chromium, sites):
    """One page of one browser for the module, opened once the sites are written (``--pdf`` uses its own)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1200, "height": 900})
        finally:
            browser.close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory, chromium):
    root = tmp_path_factory.mktemp("pages")
    small_root = pages_course.build(root / "petit")
    unheld = pages_course.add_unheld_assignments(small_root)  # a cohort that sat one épreuve (and a team one) of ten
    small = open_course(small_root)
    feedback = make_feedback(small, root / "retours", pdf=True)
    make_report(small, root / "rapport-petit")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from report_scale import build_course
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    school = root / "ecole"
    school.mkdir()
    build_course(school, STUDENTS)
    make_report(Course(school), root / "rapport")
    return {"retours": root / "retours", "feedback": feedback, "rapport": root / "rapport", "petit": small,
            "rapport-petit": root / "rapport-petit", "unheld": unheld}


def test_feedback_page_labels_links_and_question_ids(sites, browser_page):
    page = browser_page
    page.goto((sites["retours"] / "ana.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Retour de correction — Ana Test"
    headings = page.locator("h2").all_inner_texts()
    assert headings[:2] == ["Sujet b4_equipe — équipe Alpha", "Sujet b5_test"]
    assert {"Niveaux atteints", "À retravailler"} <= set(headings)
    assert page.locator("th").all_inner_texts()[:4] == ["Partie", "Points", "Critères", "Retour"]
    assert page.get_by_text(f"Test non réussi : {pages_course.VISIBLE_MESSAGE}").count() == 1
    assert page.locator("a.lecon, a.revision").count() == 0  # no server configured: paths as text, never raw JSON
    assert page.locator("span.lecon").count() >= 1 and page.locator("span.revision").count() == 1
    paths = page.locator(".revoir p > code, span.revision + code").all_inner_texts()
    assert "courses/revision/revision.ipynb" in paths
    for path in paths:
        assert path.endswith(".ipynb") and (ROOT / path).is_file(), path
    ids = {q.id for q in load_banks()}
    shown = page.locator("code.question").all_inner_texts()
    assert shown and set(shown) <= ids
    pasted = page.locator("pre.ligne").inner_text()
    assert pasted.startswith("quiz.reviser(ids=[") and all(f'"{q}"' in pasted for q in shown)
    pdf = sites["retours"] / "ana.pdf"
    assert pdf in [p.with_suffix(".pdf") for p in sites["feedback"]] and pdf_page_count(pdf) >= 1


def test_pending_and_missing_copies_in_the_browser(sites, browser_page):
    page = browser_page
    page.goto((sites["retours"] / "bob.html").as_uri())
    assert page.locator(".correction-en-cours").count() >= 1
    page.goto((sites["retours"] / "dan.html").as_uri())
    assert page.locator("span.lv.non-rendu").count() == 2


def test_student_page_criteria_open_onto_cells(sites, browser_page):
    page = browser_page
    page.goto((sites["rapport"] / "etudiants" / "etu0001.html").as_uri())
    assert page.locator("h2").all_inner_texts()[:4] == ["Sujets", "Blocs de compétences", "Critères d'évaluation", "Compétences"]
    assert page.get_by_text("Médiane de la cohorte", exact=True).count() == 1  # beside each assignment's total
    assert page.locator(".resume.entete", has_text="Médiane cohorte").count() >= 1  # beside each criterion
    assert page.get_by_text("Une même partie notée peut évaluer plusieurs critères").count() == 1
    first = page.locator("details.critere").first
    table = first.locator("table")
    assert not table.is_visible()
    first.locator("summary").click()
    assert table.is_visible()
    assert table.locator("th").all_inner_texts() == ["Sujet — partie", "Points", "Compte aussi pour", "Commentaire du correcteur"]
    assert table.locator("tr").count() >= 2


def test_every_student_page_prints_on_at_most_two_a4_pages(sites, browser_page, tmp_path):
    page = browser_page
    pages = sorted((sites["rapport"] / "etudiants").glob("*.html"))
    assert len(pages) == STUDENTS
    counts = {}
    full = 0
    for html_page in pages:
        page.goto(html_page.as_uri())
        full += page.locator("details.plie").count() == 0  # every bloc taken: the longest page
        pdf = tmp_path / f"{html_page.stem}.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
        counts[html_page.stem] = pdf_page_count(pdf)
    assert full >= STUDENTS // 2
    assert all(1 <= n <= 2 for n in counts.values()), counts


def test_epreuves_not_yet_held_are_grey_and_folded_never_missing_copies(sites, browser_page):
    """Issue 27 item 2: a cohort that sat one épreuve; the eight others of ``source/`` are « pas encore évalué »."""
    page = browser_page
    assert len(sites["unheld"]) >= 6
    for name in ("ana", "dan"):
        page.goto((sites["retours"] / f"{name}.html").as_uri())  # default: only the assignments handed in
        assert page.locator("h2", has_text="Sujet b1_").count() == 0 and page.locator(".pas-encore-évalué").count() == 0
        assert page.locator("span.lv.non-rendu").count() == (2 if name == "dan" else 0)
    levels = page.locator("h3", has_text="Critères d'évaluation").locator("xpath=following-sibling::table[1]")
    assert 1 <= levels.locator("tr").count() - 1 <= 4  # the criteria of the two épreuves sat, not 61 « non évalué »
    assert pdf_page_count(sites["retours"] / "ana.pdf") <= 2  # was 7 A4 pages with every épreuve listed
    page.goto((sites["rapport-petit"] / "etudiants" / "dan.html").as_uri())
    folded = page.locator("details.sujets-plus-tard")
    assert folded.count() == 1 and folded.get_attribute("open") is None
    assert page.locator("details.sujets-plus-tard span.lv.pas-encore-évalué").evaluate("e => getComputedStyle(e).color") == "rgb(117, 117, 117)"
    assert page.locator("table span.lv.non-rendu").count() == 2  # b4_equipe and b5_test, sat by others
    assert page.locator("table", has_text="b1_plan_marketing").count() == 0


def test_feedback_on_an_assignment_asked_for_but_not_held(sites, tmp_path):
    small, unheld = sites["petit"], sites["unheld"]
    ana = next(f for f in collect(small) if f.student.id == "ana")
    assert {c.assignment for c in ana.copies} == {"b4_equipe", "b5_test"}
    ce26 = next(line for line in ana.criteria if line.code == "B4.CE26")  # also evidenced by b4_projet_web_* (not held)
    assert [(m.score, m.max_score) for m in ce26.measures] == [(7.0, 10.0)]  # the épreuve sat, not 7 / 38
    fb = next(f for f in collect(small, ["b1_plan_marketing"]) if f.student.id == "ana")
    assert [c.status for c in fb.copies] == [CopyStatus.NOT_YET_HELD] and not fb.copies[0].parts
    assert fb.criteria == () and fb.competencies == ()  # no « non évalué » line for a bloc not taken yet
    page = pages_course.read_html(make_feedback(small, tmp_path / "retours", ["b1_plan_marketing"])[0])
    assert '<details class="plie"><summary>Sujet b1_plan_marketing' in page and "non rendu" not in page
    assert "b1_plan_marketing" in unheld


def test_pages_have_no_serious_accessibility_violation(sites, browser_page, tmp_path):
    """Issue 27 item 5: axe-core (bundled by axe-playwright-python) on the cohort page, a student page, a feedback
    page and a grading sheet, in the module's one browser: no « critical » or « serious » violation."""
    from axe_playwright_python.sync_playwright import Axe

    sheet = tmp_path / "b5_donnees_marketing.html"
    sheet.write_text(grading_sheets(ROOT / "source", ["b5_donnees_marketing"])["b5_donnees_marketing"], encoding="utf-8")
    pages = {"cohorte": sites["rapport"] / "index.html", "étudiant": sites["rapport"] / "etudiants" / "etu0001.html",
             "retour": sites["retours"] / "ana.html", "grille": sheet}
    axe = Axe()
    found = {}
    for name, path in pages.items():
        browser_page.goto(path.as_uri())
        browser_page.locator("details").evaluate_all("els => els.forEach(e => e.open = true)")  # folded parts too
        results = axe.run(browser_page)
        found[name] = sorted({(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
                              if v["impact"] in ("critical", "serious") or v["id"] in LANDMARKS_AND_HEADERS})
    assert found == {name: [] for name in pages}, found


LANDMARKS_AND_HEADERS = ("region", "landmark-one-main", "empty-table-header")
"""Moderate and minor axe rules the issue names: content outside ``<main>``, no ``<main>``, an empty header."""


_OVERFLOW = """svg => [...svg.querySelectorAll('text')].filter(t => {
  const box = t.getBBox(); return box.x < 0 || box.x + box.width > svg.viewBox.baseVal.width + 0.5;
}).map(t => t.textContent)"""


def test_chart_legends_fit_in_their_charts(sites, browser_page):
    """« En bleu : à co… » was cut: every text of the student and cohort charts lies inside its SVG."""
    for path in (sites["rapport"] / "etudiants" / "etu0001.html", sites["rapport"] / "index.html"):
        browser_page.goto(path.as_uri())
        charts = browser_page.locator("svg.barres")
        assert charts.count() >= 1, path
        for i in range(charts.count()):
            assert charts.nth(i).evaluate(_OVERFLOW) == [], path
    browser_page.goto((sites["rapport"] / "etudiants" / "etu0001.html").as_uri())
    assert browser_page.get_by_text("En bleu : à corriger.").count() == 1


_SMALLEST_PRINTED = """() => Math.min(...[...document.querySelectorAll('main *')].filter(e =>
  e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => parseFloat(getComputedStyle(e).fontSize)))"""


def test_printed_text_is_at_least_8_points_with_table_headers(sites, browser_page):
    """Print styles: no printed text under 8 pt (10,67 px); the competencies keep a header row on paper."""
    page = browser_page
    page.emulate_media(media="print")
    try:
        for path in (sites["rapport"] / "etudiants" / "etu0001.html", sites["retours"] / "ana.html", sites["rapport"] / "index.html"):
            page.goto(path.as_uri())
            assert page.evaluate(_SMALLEST_PRINTED) >= 8 * 96 / 72 - 0.01, path
        page.goto((sites["rapport"] / "etudiants" / "etu0001.html").as_uri())
        assert page.locator(".entetes-comp .comp.entete").first.is_visible()
        page.goto((sites["retours"] / "ana.html").as_uri())
        assert page.locator("thead th").first.is_visible()
    finally:
        page.emulate_media(media="screen")
