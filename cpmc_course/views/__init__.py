"""Views: what formats the grading model for people and other systems (CSV files, HTML pages).

A view reads records (:mod:`cpmc_course.grading`, :mod:`cpmc_course.mastery`) and
only formats them; it decides no status and computes no grade.
"""
