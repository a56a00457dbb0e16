"""A small office for web and browser tests: users, a roster with bank accounts, rates, events."""

from __future__ import annotations

import functools
import html
import re
from datetime import UTC, date, datetime
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import Connection, Engine, insert

from office import audit
from office.demo import office as demo_office
from office.demo.sample_events import EventFactory
from office.demo.seed import seed_demo
from office.payroll import store
from office.tables import users
from office.web.formatting import SiteZones

SITE = "site-a"
PASSWORDS = {"admin1": "admin-pass-123", "clerk1": "clerk-pass-123"}
JANUARY = date(2026, 1, 12)


def office_today() -> date:
    """Today on the office's calendar (Asia/Shanghai), as its pages count it: not the test machine's UTC date."""
    return SiteZones().today(datetime.now(UTC))


@functools.cache
def _password_hashes() -> dict[str, str]:
    """argon2 is slow on purpose: hash the test passwords once per test run."""
    hasher = PasswordHasher()
    return {name: hasher.hash(password) for name, password in PASSWORDS.items()}


def seed_office(engine: Engine) -> None:
    """Two users, the demo roster, bead rate ¥0.05 per piece, and w01/w02 tallies on 12 Jan 2026."""
    seed_demo(engine, SITE)
    with engine.begin() as conn:
        _office(conn)


def _office(conn: Connection) -> None:
    conn.execute(
        insert(users),
        [
            {"username": name, "role": name[:-1], "password_hash": hashed, "created_at": audit.now_utc()}
            for name, hashed in _password_hashes().items()
        ],
    )
    demo_office.add_station(conn, SITE)
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


def close_by_checklist(client: Any, period_id: int) -> Any:
    """Close a period as a clerk does: open the checklist, tick every item, confirm the total shown."""
    page = client.get(f"/periods/{period_id}/close").text
    acks = re.findall(r'name="ack" value="([^"]+)"', page)
    total = re.search(r'name="confirmed_total" value="(-?\d+)"', page)
    assert total, "close page shows no total"
    form = {"csrf": csrf_of(page), "confirmed_total": total.group(1), "ack": [html.unescape(a) for a in acks]}
    return client.post(f"/periods/{period_id}/close", data=form)
