"""The complaint log of the Lunéa case (épreuve 2): 560 complaints over the three months after the launch.

``rows(rng, categories, start, days)`` draws the log with the categories (and weights)
of the session's incident; ``story`` checks what the brief and the model answers tell of
it (the crisis ebbs, four causes make the Pareto's class A, refunds and damaged goods
lead the disputes). The generator (``generate_data.py``) keeps a draw on which it holds.
"""

from __future__ import annotations

import datetime as dt
import random

COMPLAINTS = 560
COMPLAINT_CHANNELS = (("Téléphone", 0.38), ("E-mail", 0.24), ("Chat", 0.14), ("Réseaux sociaux", 0.16), ("Boutique", 0.08))
OPEN_SHARE = 0.08
"""Share of complaints still open on 30 November 2027."""
DISPUTE_MIN_DAYS = 30
"""A complaint that became a dispute (formal notice, consumer mediator, court) is not closed within a month: a formal
notice leaves the seller a deadline, the mediator is seized only after a written complaint and has 90 days to
propose a solution (code de la consommation, art. L612-2 and R612-5)."""


MAIN_CAUSES = ("Retard de livraison", "Livraison hors du créneau réservé", "Points de fidélité non crédités",
               "Produit endommagé à la livraison")


def story(rows: list[tuple], categories: tuple[tuple, ...]) -> bool:
    """The crisis ebbs; the four main causes make the Pareto's class A; refunds and damaged goods lead the disputes."""
    months = [sum(r[1][5:7] == m for r in rows) for m in ("09", "10", "11")]
    counts = {c[0]: sum(r[3] == c[0] for r in rows) for c in categories}
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    cumulative = sum(counts[c] for c in MAIN_CAUSES)
    rate = {c: sum(r[3] == c and r[6] == "oui" for r in rows) / max(1, counts[c]) for c in counts}
    delays = {c: sorted((dt.date.fromisoformat(r[4]) - dt.date.fromisoformat(r[1])).days
                        for r in rows if r[3] == c and r[4]) for c in counts}
    median = {c: (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2 for c, v in delays.items() if v}
    refunds, damaged = "Remboursement de l'essai 100 nuits en attente", "Produit endommagé à la livraison"
    return (months[0] > months[1] > months[2] and tuple(ranked[:4]) == MAIN_CAUSES
            and len({counts[c] for c in ranked[:5]}) == 5
            and cumulative * 100 <= 80 * len(rows) < (cumulative + counts[ranked[4]]) * 100
            and sorted(rate, key=rate.get, reverse=True)[:2] == [refunds, damaged]
            and max(median, key=median.get) == refunds)


def rows(rng: random.Random, categories: tuple[tuple, ...], start: dt.date, days: int) -> list[tuple]:
    end = start + dt.timedelta(days=days - 1)
    rows = []
    for i in range(1, COMPLAINTS + 1):
        # more complaints in the first weeks after the launch (the incident)
        day = min(int(rng.expovariate(1 / 30)), days - 1)
        received = start + dt.timedelta(days=day)
        name, _, median, dispute = rng.choices(categories, [c[1] for c in categories])[0]
        channel = rng.choices([c for c, _ in COMPLAINT_CHANNELS], [w for _, w in COMPLAINT_CHANNELS])[0]
        delay = max(0, round(rng.lognormvariate(0, 0.6) * median))
        closed = received + dt.timedelta(days=delay)
        still_open = closed > end or rng.random() < OPEN_SHARE
        litige = "oui" if rng.random() < dispute else "non"
        if litige == "oui" and not still_open:  # formal notice, mediator or court: not settled within a month
            closed = received + dt.timedelta(days=max(delay, DISPUTE_MIN_DAYS))
            still_open = closed > end
        rows.append((
            received.isoformat(), channel, name,
            "" if still_open else closed.isoformat(), "En cours" if still_open else "Clôturée", litige,
        ))
    rows.sort(key=lambda r: r[0])  # stable: same-day complaints keep their draw order
    return [(f"REC{i:04d}", *row) for i, row in enumerate(rows, start=1)]
