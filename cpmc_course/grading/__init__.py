"""The grading model the views read: a cohort, its team members, the state of every copy.

``members`` is the one place where a team's copy reaches its members (grades,
comments, failures, hand-in); ``copies`` decides the status of each student ×
assignment once (:class:`~cpmc_course.grading.copies.CopyState`); ``cohort``
reads the gradebook and the course folder into a :class:`~cpmc_course.grading.cohort.Cohort`.
Nothing here writes a file or formats a number: the views (exports, report,
feedback pages) do, from these records.
"""
