import functools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True, scope="session")
def _alembic_head_read_once():
    """nbgrader starts the ``alembic`` program at every new gradebook to read the head of its own migrations.

    The answer is the same for the whole installation, and the program costs a
    Python start with alembic's imports (2 to 10 s, with the machine's load):
    the tests create dozens of gradebooks in-process (``builders.graded_course``
    and others), so each test process asks alembic once. Gradebooks created by
    an nbgrader subprocess still ask it themselves.
    """
    from nbgrader import api

    original = api.get_alembic_version
    api.get_alembic_version = functools.cache(original)
    yield
    api.get_alembic_version = original
