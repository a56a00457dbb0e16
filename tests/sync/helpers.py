"""Shared helpers of the sync tests: waiting on conditions, making events, reading central."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from sqlalchemy import Engine, func, select, update

from station.clock import SystemClock
from station.store.database import Database
from station.store.event_log import SqliteEventLog
from sync.central.ingest import dialect_insert
from sync.central.tables import events as central_events
from sync.central.tables import products, stations, workers
from sync.central.views import station_rows
from sync.protocol.events import CheckIn, CountMethod, Tally

SITE = "site-a"
# The stations the sync tests run, registered at SITE by `enrol` as the office would.
TEST_STATIONS = (*(f"st-{i}" for i in range(10)), "st-a", "st-b", "st-old")


def enrol(
    engine: Engine,
    stations_: Iterable[str] = TEST_STATIONS,
    site: str = SITE,
    workers_: Iterable[str] = ("w01", "w02"),
    products_: Iterable[str] = ("bead-stringing",),
) -> None:
    """What the office sets up before a station's tallies are accepted: the station registered,
    the site's workers on the roster, the products in the catalog."""
    with engine.begin() as conn:
        for station_id in stations_:
            conn.execute(
                dialect_insert(conn, stations)
                .values(station_id=station_id, site=site, name="", contiguous_seq=0, max_seq=0, registered=True)
                .on_conflict_do_nothing()
            )
            conn.execute(update(stations).where(stations.c.station_id == station_id).values(registered=True, site=site))
        for worker_id in workers_:
            row = {"worker_id": worker_id, "name": worker_id, "photo": "", "site": site}
            insert = dialect_insert(conn, workers).values(**row)
            conn.execute(insert.on_conflict_do_update(index_elements=["worker_id"], set_={"site": site}))
        for product_id in products_:
            names = {f"name_{lang}": product_id for lang in ("zh_hans", "zh_hant", "en")}
            row = {"product_id": product_id, "pictogram": "", "count_mode": "tap", **names}
            conn.execute(dialect_insert(conn, products).values(**row).on_conflict_do_nothing())


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


def station_row(engine: Engine, station_id: str) -> dict | None:
    """The office's view of one station (`sync.central.views.station_rows`), None before first contact."""
    return next((r for r in station_rows(engine) if r["station_id"] == station_id), None)


def central_count(engine: Engine, station_id: str | None = None) -> int:
    query = select(func.count()).select_from(central_events)
    if station_id is not None:
        query = query.where(central_events.c.station_id == station_id)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def station_ids(db: Database, station_id: str) -> list[tuple[str, int]]:
    return [(e.event_id, e.seq) for e in SqliteEventLog(db, station_id).all()]
