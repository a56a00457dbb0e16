"""Shared helpers of the sync tests: waiting on conditions, making events, reading central."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Engine, func, select

from station.clock import SystemClock
from station.store.database import Database
from station.store.event_log import SqliteEventLog
from sync.central.tables import events as central_events
from sync.protocol.events import CheckIn, CountMethod, Tally

SITE = "site-a"


def wait_for(condition: Callable[[], object], timeout_s: float = 20.0, what: str = "condition") -> None:
    """Poll `condition` until true; fail after `timeout_s` (no fixed sleeps)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")


def add_events(
    db: Database, station_id: str, n: int, clock: SystemClock | None = None, chunk: int = 500
) -> None:
    """Append `n` events (alternating check-ins and tallies) in transactions of `chunk`."""
    log = SqliteEventLog(db, station_id)
    clock = clock or SystemClock()
    done = 0
    while done < n:
        size = min(chunk, n - done)
        payloads = [
            CheckIn(worker_id="w01") if (done + i) % 2 else Tally("w02", "bead-stringing", 3, CountMethod.TAP)
            for i in range(size)
        ]
        log.append(payloads, clock.now())
        done += size


def central_ids(engine: Engine, station_id: str) -> list[tuple[str, int]]:
    query = (
        select(central_events.c.event_id, central_events.c.seq)
        .where(central_events.c.station_id == station_id)
        .order_by(central_events.c.seq)
    )
    with engine.connect() as conn:
        return [(r.event_id, r.seq) for r in conn.execute(query)]


def central_count(engine: Engine, station_id: str | None = None) -> int:
    query = select(func.count()).select_from(central_events)
    if station_id is not None:
        query = query.where(central_events.c.station_id == station_id)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def station_ids(db: Database, station_id: str) -> list[tuple[str, int]]:
    return [(e.event_id, e.seq) for e in SqliteEventLog(db, station_id).all()]
