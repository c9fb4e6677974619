"""Helpers of the lesson notebooks under ``courses/``: one module per bloc.

A lesson module holds the exercise checks (``verifier_*``: they take the
learner's answer and return French feedback, never raise) and the small
simulators shown as widgets, whose computation is a plain function that tests
call without a display.
"""
