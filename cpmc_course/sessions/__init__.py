"""Certification sessions: a confidential sujet per session, generated from a seed the school keeps.

``session`` creates and lists the sessions of a course (``cpmc session``); ``registry`` lists the
blocs with a generated sujet and what a bloc's sujet module provides; ``b5_sujet`` renders bloc 5's sujet for a seed, from the public example; ``b5_stories`` checks the
planted stories of the drawn data; ``figures``, ``b5_figures`` and ``b5_data`` tie every
number quoted in the sujet's documents to one computation on the session's data.
"""
