"""`python -m cpmc_course` is `cpmc`."""

import sys

from .cli import main

sys.exit(main())
