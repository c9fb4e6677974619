"""Nothing read from a copy, a roster or the gradebook reaches a page as markup (pages from templates, issue 26 item 4).

The records of the small course of ``pages_course`` (every state of a copy, a team, grader comments, a copy that
failed) are rendered again with HTML and JavaScript in every text a student or a copy can bring: names, grader
comments, the reasons of failed copies, test messages, question headings, team names. The cohort page, every
student page and every feedback page must show it as text: no live ``<script>``, no ``onerror=``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import pages_course
from cpmc_course import course as course_module
from cpmc_course.course import make_report, open_course
from cpmc_course.feedback_pages import collect
from cpmc_course.referential import load_referential
from cpmc_course.report import write_report
from cpmc_course.views.feedback_page import render_page
from cpmc_course.views.links import LabLinks

PAYLOAD = "<script>alert('cpmc-xss')</script><img src=x onerror=\"alert('cpmc-xss')\">"
ESCAPED = "&lt;script&gt;alert(&#x27;cpmc-xss&#x27;)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(&#x27;cpmc-xss&#x27;)&quot;&gt;"


def _no_live_markup(page: str, where: str) -> None:
    assert not re.search(r"<script[^>]*>", page), where
    assert not re.search(r"<[a-z][^<>]*\bonerror\s*=", page, re.I), where


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return open_course(pages_course.build(tmp_path_factory.mktemp("hostile") / "cours"))


@pytest.fixture(scope="module")
def report_input(course, tmp_path_factory):
    """The report's records of the course, taken where ``make_report`` hands them to ``write_report``."""
    captured = {}
    real = course_module.write_report
    course_module.write_report = lambda out_dir, data, **_: captured.setdefault("data", data)
    try:
        make_report(course, tmp_path_factory.mktemp("rapport") / "rapport")
    finally:
        course_module.write_report = real
    return captured["data"]


def test_report_pages_escape_names_comments_reasons_headings_and_teams(report_input, tmp_path):
    data = report_input
    assert data.comments and data.failures and data.titles, "the course must hold comments, a failed copy and headings"
    hostile = replace(
        data,
        students=tuple(replace(s, first_name=PAYLOAD) for s in data.students),
        comments={key: PAYLOAD for key in data.comments},
        titles={key: PAYLOAD for key in data.titles},
        failures=tuple(replace(f, reason=PAYLOAD) for f in data.failures),
        copies=tuple(replace(c, reason=PAYLOAD) for c in data.copies),
        team_copies=(PAYLOAD,),
    )
    index = write_report(tmp_path / "rapport", hostile)
    pages = [index, *sorted((tmp_path / "rapport" / "etudiants").glob("*.html"))]
    shown = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        _no_live_markup(text, page.name)
        shown += text.count(ESCAPED)
    assert len(pages) > 3 and shown > 3 * len(pages), "the hostile texts are shown, as text"


def test_feedback_pages_escape_every_text_a_copy_brings(course):
    texts = {c.qualified: c.text for c in load_referential().criteria}
    links = LabLinks(server="https://hub.example.fr/user/{utilisateur}")
    seen = 0
    for fb in collect(course):
        copies = tuple(replace(c, reason=PAYLOAD, team=PAYLOAD if c.team else "", parts=tuple(
            replace(p, title=PAYLOAD, check=PAYLOAD, verdict=PAYLOAD if p.verdict else "", comment=PAYLOAD)
            for p in c.parts)) for c in fb.copies)
        hostile = replace(fb, student=replace(fb.student, first_name=PAYLOAD), copies=copies)
        page = render_page(hostile, texts, links)
        _no_live_markup(page, fb.student.id)
        seen += page.count(ESCAPED)
    assert seen > 10
