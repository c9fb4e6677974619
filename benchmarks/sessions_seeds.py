"""How often does a seed's first draw of the bloc 5 data satisfy every planted story?

Run ``python benchmarks/sessions_seeds.py [N]`` (default 50 seeds, 1 to N): for each
seed, the generator's first draw is checked against every story of
``cpmc_course.sessions.b5_stories``; the script prints the seeds whose first draw
fails, with the stories that fail, then how many of the N seeds satisfied every
story on the first draw and how often each story failed. A seed whose first draw
fails is redrawn by ``cpmc session creer`` (at most ``MAX_DRAWS`` draws).
"""

from __future__ import annotations

import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

from cpmc_course.sessions import b5_data, b5_stories


def main(n: int = 50) -> None:
    warnings.simplefilter("ignore")
    failures: Counter[str] = Counter()
    ok, start = 0, time.perf_counter()
    for seed in range(1, n + 1):
        with tempfile.TemporaryDirectory() as tmp:
            b5_data.generator().write(Path(tmp), seed)
            failed = b5_stories.failing(Path(tmp))
        failures.update(failed)
        ok += not failed
        print(f"graine {seed:3d} : {'toutes les histoires tiennent' if not failed else ', '.join(failed)}", flush=True)
    print(f"\n{ok} graines sur {n} satisfont toutes les histoires au premier tirage "
          f"({time.perf_counter() - start:.0f} s, {len(b5_stories.STORIES)} histoires)")
    for name, count in failures.most_common():
        print(f"  {name} : échoue pour {count} graine(s) sur {n}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
