"""A station restored from an older backup reuses seqs the office holds; nothing is lost or refused.

Over the real broker and ingest: the events recorded after the restore clash with seqs the office
stored from the lost future; the office names them (`seq_clash`), the station sends them again with
new seqs (`seq_moves`, its event rows untouched) and records new events above the office's `max_seq`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from station.store.database import Database, open_database
from station.store.event_log import SqliteEventLog
from tests.sync.helpers import add_events, central_ids, wait_for


def _copy(source: Path, target: Path) -> None:
    """The sqlite3 backup API: a consistent copy even of a file in WAL mode."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _drain(make_station, db: Database, central_engine: Engine, expected: int) -> None:  # type: ignore[no-untyped-def]
    sync, _ = make_station("st-1", db=db)
    sync.start()
    wait_for(lambda: len(central_ids(central_engine, "st-1")) == expected, what=f"{expected} events stored")
    wait_for(lambda: sync.status().backlog == 0, what="backlog drained")
    sync.stop()


def test_restore_from_an_older_backup_loses_nothing(
    central, central_engine: Engine, make_station, tmp_path: Path
) -> None:
    path, backup = tmp_path / "station.db", tmp_path / "backup.db"
    db = open_database(path)
    add_events(db, "st-1", 5)
    _drain(make_station, db, central_engine, 5)
    _copy(path, backup)
    add_events(db, "st-1", 5)  # seqs 6-10: the office stores them; the backup never sees them
    _drain(make_station, db, central_engine, 10)
    lost_future = {event_id for event_id, _ in central_ids(central_engine, "st-1")}
    db.close()

    _copy(backup, path)  # the SD card died; the teacher restores last week's copy
    db = open_database(path)
    add_events(db, "st-1", 3)  # recorded offline with seqs 6-8, which the office holds for others
    log = SqliteEventLog(db, "st-1")
    assert [e.seq for e in log.all()] == list(range(1, 9))
    _drain(make_station, db, central_engine, 13)
    add_events(db, "st-1", 2)  # the station now knows the office's max_seq: these continue above
    _drain(make_station, db, central_engine, 15)

    stored = dict(central_ids(central_engine, "st-1"))
    station = {e.event_id for e in log.all()}
    assert station | lost_future == set(stored) and len(stored) == 15
    assert sorted(stored.values()) == list(range(1, 16))  # gap-free at the office
    assert [e.seq for e in log.all()][-2:] == [14, 15]
    assert [e.seq for e in log.after(5, 100)] == [11, 12, 13, 14, 15]  # the three moved, as sent
    with db.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM rejected_events").scalar_one() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM seq_moves").scalar_one() == 3
