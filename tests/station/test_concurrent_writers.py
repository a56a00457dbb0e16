"""The UI thread and the sync thread write at once: no "database is locked", no duplicate seq."""

from __future__ import annotations

import threading
from pathlib import Path

from station.clock import SystemClock
from station.services.workshop import NotCheckedInPolicy, WorkshopRules, WorkshopService
from station.store.catalog import SqliteCatalog
from station.store.database import Database, open_database
from station.store.event_log import SqliteEventLog
from sync.demo import DEMO_STATION_ID
from sync.protocol.events import CountMethod, ReceiptPrinted

PER_WRITER = 300


def test_two_writers_on_separate_connections(db: Database, tmp_path: Path) -> None:
    other = open_database(db.path)  # its own engine and pool, like a second component
    clock = SystemClock()
    service = WorkshopService(
        SqliteEventLog(db, DEMO_STATION_ID),
        SqliteCatalog(db),
        clock,
        WorkshopRules(not_checked_in=NotCheckedInPolicy.AUTO_CHECK_IN),
    )
    sync_log = SqliteEventLog(other, DEMO_STATION_ID)
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def ui() -> None:
        start.wait()
        for i in range(PER_WRITER):
            service.record_tally("w01", "bead-stringing", 1 + i % 9, CountMethod.TAP)

    def sync() -> None:
        start.wait()
        for i in range(PER_WRITER):
            sync_log.append([ReceiptPrinted(f"target-{i}", f"job-{i}")], clock.now())

    def guarded(body):  # type: ignore[no-untyped-def]
        def run() -> None:
            try:
                body()
            except BaseException as exc:  # noqa: BLE001 - reported to the test thread below
                failures.append(exc)

        return run

    threads = [threading.Thread(target=guarded(f)) for f in (ui, sync)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    other.close()
    assert failures == []
    events = SqliteEventLog(db, DEMO_STATION_ID).all()
    assert len(events) == 2 * PER_WRITER + 1  # + the automatic check-in
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
