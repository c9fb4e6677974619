"""The rubric of a manually graded cell, inside nbgrader's formgrader, under the answer being graded.

The formgrader renders a copy with nbconvert's ``HTMLExporter`` and the course's
``formgrade`` template (``cpmc_course/templates/formgrade``). The course's
``nbgrader_config.py`` registers :class:`RubricFilter` as the Jinja filter
``cpmc_grille``; the template calls it under every answer graded by hand with
the cell's ``grade_id`` and the page's assignment and notebook. The filter finds
that cell in ``source/`` through the grading sheet
(:func:`cpmc_course.grading_sheet.build_sheet`, the validated mapping and the
référentiel) and returns, folded in a ``<details>``, its criteria and
competencies (codes and official texts), its « Grille de correction » and the
model answer. Nothing is read from the copy but the ``grade_id`` that locates
the cell; every text comes from ``source/`` and is escaped.

Sheets are cached per course and rebuilt when a source notebook changes.
"""

from __future__ import annotations

import html
from pathlib import Path

from markupsafe import Markup
from traitlets.config import LoggingConfigurable

from .errors import CpmcError
from .grading_sheet import GradingSheet, build_sheet, entry_html, typography
from .mapping import read_mapping, source_notebooks
from .referential import load_referential

_CACHE: dict[tuple[str, str], tuple[tuple, GradingSheet]] = {}


def _stamp(source_dir: Path) -> tuple:
    """What identifies the state of ``source/``: every notebook with its modification time and size."""
    stamp = []
    for _, path in source_notebooks(source_dir):
        stat = path.stat()
        stamp.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stamp)


def sheet_for(source_dir: str | Path, assignment: str) -> GradingSheet:
    """The grading sheet of ``assignment`` read from ``source_dir``, rebuilt only when a source notebook changed."""
    source_dir = Path(source_dir).resolve()
    key, stamp = (str(source_dir), assignment), _stamp(source_dir)
    cached = _CACHE.get(key)
    if cached is None or cached[0] != stamp:
        ref = load_referential()
        cached = (stamp, build_sheet(source_dir, assignment, read_mapping(source_dir, ref), ref))
        _CACHE[key] = cached
    return cached[1]


def _missing(text: str) -> str:
    return f"<p class=\"absente\">{html.escape(text)}</p>"


def rubric_html(source_dir: str | Path, assignment: str, notebook: str, grade_id: str) -> str:
    """The folded rubric of one cell, as HTML; a French sentence in its place when ``source/`` has none."""
    try:
        sheet = sheet_for(source_dir, assignment)
    except CpmcError as exc:  # MappingError included: the page still shows the copy
        body = _missing(f"Grille indisponible : {exc}")
        title = "Grille de correction indisponible"
    else:
        entries = [e for nb, group in sheet.by_notebook() if nb == notebook for e in group]
        found = next(((n, e) for n, e in enumerate(entries, start=1) if e.grade_id == grade_id), None)
        if found is None:
            body = _missing(f"La cellule « {grade_id} » n'est pas une cellule notée à la main de "
                            f"source/{assignment}/{notebook}.ipynb : aucune grille à montrer.")
            title = "Grille de correction introuvable"
        else:
            number, entry = found
            body = entry_html(number, entry, sheet.oral)
            codes = ", ".join([c.code for c in entry.criteria] + [c.code for c in entry.competencies])
            title = f"Grille de correction, critères ({codes}) et réponse modèle"
    page = (f"<details class=\"cpmc-grille\" data-grade-id=\"{html.escape(grade_id)}\">"
            f"<summary>{html.escape(title)}</summary>{body}</details>")
    return typography(page)


class RubricFilter(LoggingConfigurable):
    """Jinja filter ``cpmc_grille``: ``grade_id | cpmc_grille(assignment, notebook)`` → the folded rubric.

    Built by nbconvert with the exporter as parent, so it reads the course root
    as nbgrader's formgrader does: ``CourseDirectory.root`` (default: the
    folder JupyterLab was started in) and ``CourseDirectory.source_directory``.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        from nbgrader.coursedir import CourseDirectory

        course = CourseDirectory(config=self.config)  # the root is read now, in the folder the server starts in
        self.source_dir = Path(course.root) / course.source_directory

    def __call__(self, grade_id, assignment, notebook) -> Markup:
        if not grade_id:
            return Markup("")
        return Markup(rubric_html(self.source_dir, str(assignment), str(notebook), str(grade_id)))
