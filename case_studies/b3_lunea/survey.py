"""The satisfaction survey of the Lunéa case (épreuve 1): 420 answers, CSAT, NPS and effort by contact channel.

``rows(rng)`` draws the answers; ``story`` checks what the brief tells of them (the
telephone satisfies least, the shops most, few chat answers, a negative NPS). The
generator (``generate_data.py``) keeps a draw of the table on which the story holds.
"""

from __future__ import annotations

import random

SURVEY_SIZE = 420
CHANNELS = ("Téléphone", "E-mail", "Chat", "Boutique")
CHANNEL_WEIGHTS = (0.42, 0.28, 0.12, 0.18)
# per channel: weights of CSAT 1..5, of NPS 0..10 bands (0-6, 7-8, 9-10), of CES 1..7
CSAT_WEIGHTS = {
    "Téléphone": (0.12, 0.16, 0.22, 0.32, 0.18),
    "E-mail": (0.08, 0.14, 0.2, 0.36, 0.22),
    "Chat": (0.04, 0.08, 0.16, 0.40, 0.32),
    "Boutique": (0.02, 0.05, 0.11, 0.40, 0.42),
}
NPS_BANDS = {
    "Téléphone": (0.40, 0.33, 0.27),
    "E-mail": (0.34, 0.34, 0.32),
    "Chat": (0.26, 0.36, 0.38),
    "Boutique": (0.18, 0.34, 0.48),
}
CES_WEIGHTS = {
    "Téléphone": (0.10, 0.16, 0.20, 0.20, 0.16, 0.11, 0.07),
    "E-mail": (0.07, 0.12, 0.18, 0.22, 0.20, 0.13, 0.08),
    "Chat": (0.03, 0.06, 0.11, 0.20, 0.26, 0.20, 0.14),
    "Boutique": (0.02, 0.04, 0.08, 0.16, 0.28, 0.24, 0.18),
}


def story(rows: list[tuple]) -> bool:
    """The brief's story: the telephone satisfies least, the shops most, few chat answers, a negative NPS."""
    csat = {c: [r[2] >= 4 for r in rows if r[1] == c] for c in CHANNELS}
    share = {c: sum(v) / len(v) for c, v in csat.items()}
    nps = sum((r[3] >= 9) - (r[3] <= 6) for r in rows)
    return (min(share, key=share.get) == "Téléphone" and max(share, key=share.get) == "Boutique"
            and len(csat["Chat"]) < 60 and nps < 0)


def rows(rng: random.Random) -> list[tuple]:
    rows = []
    for i in range(1, SURVEY_SIZE + 1):
        channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        csat = rng.choices(range(1, 6), CSAT_WEIGHTS[channel])[0]
        band = rng.choices(((0, 6), (7, 8), (9, 10)), NPS_BANDS[channel])[0]
        nps = rng.randint(*band)
        ces = rng.choices(range(1, 8), CES_WEIGHTS[channel])[0]
        rows.append((f"R{i:04d}", channel, csat, nps, ces))
    return rows
