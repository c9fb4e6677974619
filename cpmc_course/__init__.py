"""CPMC courseware: the référentiel as data, graded cells mapped to its criteria,
and the grading pipeline around nbgrader that ends in competency reports."""

__version__ = "0.1.0"
