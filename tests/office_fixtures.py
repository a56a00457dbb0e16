"""A small office for web and browser tests: users, a roster with bank accounts, rates, events."""

from __future__ import annotations

import functools
import re
from datetime import date

from argon2 import PasswordHasher
from sqlalchemy import Connection, insert

from station.demo import demo_catalog
from station.domain.roster import Catalog
from sync.central import audit
from sync.central.office_tables import users
from sync.central.payroll import store
from sync.central.tables import products, stations, workers
from tests.central_events import EventFactory

SITE = "site-a"
PASSWORDS = {"admin1": "admin-pass-123", "clerk1": "clerk-pass-123"}
JANUARY = date(2026, 1, 12)


@functools.cache
def _password_hashes() -> dict[str, str]:
    """argon2 is slow on purpose: hash the test passwords once per test run."""
    hasher = PasswordHasher()
    return {name: hasher.hash(password) for name, password in PASSWORDS.items()}


@functools.cache
def _catalog() -> Catalog:
    return demo_catalog()


def seed_office(conn: Connection) -> None:
    """Two users, the demo catalog, bead rate ¥0.05 per piece, and w01/w02 tallies on 12 Jan 2026."""
    conn.execute(
        insert(users),
        [
            {"username": name, "role": name[:-1], "password_hash": hashed, "created_at": audit.now_utc()}
            for name, hashed in _password_hashes().items()
        ],
    )
    catalog = _catalog()
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
