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

# What students see in place of a solution.
c.ClearSolutions.code_stub = {
    "python": "# VOTRE CODE ICI\nraise NotImplementedError()",
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
