"""A demo office: the demo workshop's roster, rates and a month of tallies in the central database.

For trying the office page (`python -m sync central demo`) and for tests. Bank accounts
are made up (6222 0202 0000 000N); PINs are the demo PINs of station.demo.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import Connection, insert

from station.demo import DEMO_STATION_ID
from station.domain.roster import Catalog
from sync.central.payroll import store
from sync.central.sample_events import EventFactory
from sync.central.tables import products, stations, supervisors, workers

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


def load_roster(conn: Connection, catalog: Catalog, site: str = SITE) -> None:
    """The catalog's workers (with made-up bank accounts), products, supervisors and one station."""
    conn.execute(
        insert(workers),
        [
            {
                "worker_id": w.worker_id,
                "name": w.name,
                "photo": w.photo,
                "language": w.language,
                "active": True,
                "badge": w.badge,
                "product_ids": "[]",
                "site": site,
                "bank_account": f"62220202000{i:08d}",
                "bank_name": "工商银行",
                "id_number": None,
            }
            for i, w in enumerate(catalog.workers, start=1)
        ],
    )
    conn.execute(
        insert(products),
        [
            {
                "product_id": p.product_id,
                "name_zh_hans": p.names["zh-Hans"],
                "name_zh_hant": p.names["zh-Hant"],
                "name_en": p.names["en"],
                "pictogram": p.pictogram,
                "count_mode": p.count_mode.value,
                "piece_weight_g": p.piece_weight_g,
                "active": True,
            }
            for p in catalog.products
        ],
    )
    conn.execute(
        insert(supervisors),
        [
            {
                "supervisor_id": s.supervisor_id,
                "name": s.name,
                "pin_hash": s.pin_hash,
                "site": site,
                "active": True,
            }
            for s in catalog.supervisors
        ],
    )
    conn.execute(
        insert(stations).values(
            station_id=DEMO_STATION_ID, site=site, name="bench 1", contiguous_seq=5, max_seq=7, online=True
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
                    count = (
                        rng.randint(1, 4)
                        if product in ("willow-weaving", "seat-cushion")
                        else rng.randint(20, 120)
                    )
                    tally = factory.tally(worker.worker_id, product, count, day, f"{9 + slot:02d}:15")
                    if rng.random() < 0.03:
                        new = None if rng.random() < 0.5 else max(1, count - rng.randint(1, 5))
                        factory.correct(
                            tally, worker.worker_id, product, count, new, day, f"{9 + slot:02d}:40"
                        )
                if rng.random() < 0.97:
                    factory.check_out(worker.worker_id, day, "15:30")
        day += timedelta(days=1)
    written = len(factory.rows)
    factory.insert(conn)
    return written


def set_rates(conn: Connection, effective_from: date, username: str) -> None:
    for product_id, (rate_fen, per) in DEMO_RATES.items():
        store.set_rate(conn, product_id, effective_from, rate_fen, per, username)
