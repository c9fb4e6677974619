"""The autograde engine: fast, confined and fault-tolerant grading of student copies through nbgrader.

``run`` drives one autograde run, ``pool`` its workers, ``worker`` grades one copy
with nbgrader's Autograde converter, ``staging`` sanitises a copy first,
``execute`` is the hardened Execute step, ``evaluation`` (worker side) and
``evaluator`` (kernel side) run every graded test cell in a kernel no student
code ran in, ``kernels`` and ``zygote`` fork kernels from a template that has
imported the scientific stack (``admission`` says who may ask it), and
``sandbox`` and ``mounts`` confine them.
"""
