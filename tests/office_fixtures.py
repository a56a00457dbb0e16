"""A small office for web and browser tests: users, a roster with bank accounts, rates, events."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import Connection, insert

from station.demo import demo_catalog
from sync.central.payroll import store
from sync.central.tables import products, stations, workers
from sync.central.users import add_user
from tests.central_events import EventFactory

SITE = "site-a"
PASSWORDS = {"admin1": "admin-pass-123", "clerk1": "clerk-pass-123"}
JANUARY = date(2026, 1, 12)


def seed_office(conn: Connection) -> None:
    """Two users, the demo catalog, bead rate ¥0.05 per piece, and w01/w02 tallies on 12 Jan 2026."""
    add_user(conn, "admin1", "admin", PASSWORDS["admin1"])
    add_user(conn, "clerk1", "clerk", PASSWORDS["clerk1"])
    catalog = demo_catalog()
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
                "site": SITE,
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
        insert(stations).values(
            station_id="st-1", site=SITE, name="bench 1", contiguous_seq=5, max_seq=7, online=True
        )
    )
    store.set_rate(conn, "bead-stringing", date(2026, 1, 1), 5, 1, "admin1")
    f = EventFactory()
    f.tally("w01", "bead-stringing", 100, JANUARY, "09:00")
    f.tally("w01", "bead-stringing", 20, JANUARY, "10:00")
    f.tally("w02", "bead-stringing", 50, JANUARY, "10:30")
    f.check_in("w01", JANUARY, "08:00")
    f.insert(conn)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)
