"""nbgrader configuration of the CPMC course (the repository root is the course root).

Every option is the one an instructor is most likely to look for; the French
stubs are what students see in place of the solutions.
"""

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

# Identity of the course; `cpmc` commands and nbgrader read it.
c.CourseDirectory.course_id = "cpmc"

# Folders (nbgrader's defaults, written out so that an instructor sees them).
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"

# What students see in place of a solution: a stub left as it is stops with a
# French sentence saying what to do (not a bare NotImplementedError).
c.ClearSolutions.code_stub = {
    "python": '# VOTRE CODE ICI\nraise NotImplementedError("Complétez cette cellule\u00a0: remplacez ces deux lignes par votre réponse, puis exécutez-la.")',
}
c.ClearSolutions.text_stub = "VOTRE RÉPONSE ICI"

# A case-study notebook runs in seconds; two minutes per cell leaves room for a
# slow machine while a student's infinite loop still ends.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True

# Data files beside a notebook (CSV of the case study) are copied with it.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# Feedback (`nbgrader generate_feedback`): hidden tests and their reference values
# never reach students; test outputs become a French verdict; no feedback while
# a written answer awaits its grade (cpmc_course/nbgrader_feedback.py).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "cpmc_course.nbgrader_feedback.SafeFeedback",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Every nbconvert page of the course (feedback, formgrader) sanitises the HTML a
# copy brings: raw HTML in written answers and HTML/JavaScript outputs lose
# their <script>, event handlers (onerror=…) and iframes; the course's French
# templates clean the written answers they render themselves too. The cleaning
# keeps paragraphs and pandas tables readable (cpmc_course/safe_html.py, set at
# the end of this file, added to the pages' other filters).
c.HTMLExporter.sanitize_html = True

# French wording of what nbgrader renders around the French content: the
# feedback page (« Réponse rédigée », « Test automatique », « Pas de réponse. »)
# and the formgrader's cells (« Réponse de l'étudiant·e », « Tous les points »).
# nbconvert looks for the `feedback` and `formgrade` templates in these folders in
# order: the French copies shipped in cpmc_course/templates, then nbgrader's own.
import os  # noqa: E402

import nbgrader  # noqa: E402

import cpmc_course  # noqa: E402

c.HTMLExporter.extra_template_basedirs = [
    os.path.join(os.path.dirname(cpmc_course.__file__), "templates"),
    os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates"),
]

# The formgrader shows, folded under each answer graded by hand, its criteria and
# competencies, its « Grille de correction » and the model answer, read from
# source/ by grade_id (cpmc_course/formgrade_rubric.py, called by the template).
c.HTMLExporter.filters = {"cpmc_grille": "cpmc_course.formgrade_rubric.RubricFilter"}

# `nbgrader validate` on the command line (the JupyterLab Validate dialog has its
# own English strings in nbgrader's JavaScript, which no option changes; the
# error it shows starts with the test's French message, see cpmc_course/kit/erreurs.py).
c.Validator.failed_warning = (
    "ÉCHEC DE LA VALIDATION SUR {num_failed} CELLULE(S)\u00a0! Si vous rendez la copie en l'état, "
    "vous n'aurez PAS tous les points. Lisez le message de chaque test ci-dessous."
)
c.Validator.changed_warning = (
    "LE CONTENU DE {num_changed} CELLULE(S) DE TEST A ÉTÉ MODIFIÉ\u00a0! Même si les tests passent maintenant, "
    "ils pourraient échouer à la correction\u00a0: reprenez ces cellules depuis le sujet distribué."
)
c.Validator.type_changed_warning = (
    "LE TYPE DE {num_changed} CELLULE(S) A ÉTÉ MODIFIÉ\u00a0! Même si les tests passent maintenant, "
    "la correction pourrait échouer\u00a0: rétablissez le type d'origine (code ou texte)."
)
c.Validator.passed_warning = "LE NOTEBOOK PASSE {num_passed} CELLULE(S)\u00a0!"

# The sanitising filter of every page (see c.HTMLExporter.sanitize_html above):
# added to the filters set earlier in this file, never in place of them.
c.HTMLExporter.filters.update({"clean_html": "cpmc_course.safe_html.clean_html"})
