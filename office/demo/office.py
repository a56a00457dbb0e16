"""A demo office on top of the demo roster (`office.demo.seed`): rates, a station and a
month of tallies, for trying the office page (`python -m office demo`) and for tests.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import Connection, insert

from office.demo.sample_events import EventFactory
from office.payroll import store
from sync.central.tables import stations
from sync.demo import DEMO_STATION_ID
from sync.protocol.roster import Catalog

SITE = "demo-site"
# Fen per `per` pieces: beads are cheap, a cushion is an afternoon's work.
DEMO_RATES = {
    "bead-stringing": (5, 1),
    "plastic-weaving": (40, 1),
    "willow-weaving": (250, 1),
    "neon-stringing": (15, 1),
    "seat-cushion": (800, 1),
    "small-craft": (25, 2),
}


def add_station(conn: Connection, site: str = SITE) -> None:
    """The demo station, registered by the office and met by the ingest (a couple of seqs still missing)."""
    conn.execute(
        insert(stations).values(
            station_id=DEMO_STATION_ID,
            site=site,
            name="bench 1",
            contiguous_seq=5,
            max_seq=7,
            online=True,
            registered=True,
        )
    )


def record_month(conn: Connection, catalog: Catalog, month_start: date, seed: int = 1) -> int:
    """Every workday of the month: check-in, a few tallies, check-out; some corrections and a
    forgotten check-out, so the office has something to look at. Returns the events written."""
    rng = random.Random(seed)
    factory = EventFactory(station_id=DEMO_STATION_ID, site=SITE)
    product_ids = [p.product_id for p in catalog.products]
    day = month_start
    while day.month == month_start.month:
        if day.weekday() < 5:
            for worker in catalog.workers:
                factory.check_in(worker.worker_id, day, "08:30")
                for slot in range(rng.randint(2, 5)):
                    product = rng.choice(worker.product_ids or tuple(product_ids))
                    count = rng.randint(1, 4) if product in ("willow-weaving", "seat-cushion") else rng.randint(20, 120)
                    tally = factory.tally(worker.worker_id, product, count, day, f"{9 + slot:02d}:15")
                    if rng.random() < 0.03:
                        new = None if rng.random() < 0.5 else max(1, count - rng.randint(1, 5))
                        factory.correct(tally, worker.worker_id, product, count, new, day, f"{9 + slot:02d}:40")
                if rng.random() < 0.97:
                    factory.check_out(worker.worker_id, day, "15:30")
        day += timedelta(days=1)
    written = len(factory.rows)
    factory.insert(conn)
    return written


def set_rates(conn: Connection, effective_from: date, username: str) -> None:
    for product_id, (rate_fen, per) in DEMO_RATES.items():
        store.set_rate(conn, product_id, effective_from, rate_fen, per, username)
