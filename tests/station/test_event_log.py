"""The event store: durable pragmas, gap-free seq, append-only, typed round trip."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event, text

from station.store.database import Database
from station.store.event_log import SqliteEventLog
from sync.protocol.events import CheckIn, Correction, CorrectionReason, CountMethod, Tally


def test_every_connection_is_wal_with_full_sync(db: Database) -> None:
    with db.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 5000


def test_seq_is_gap_free_and_payloads_round_trip(db: Database, station_id: str, clock) -> None:
    log = SqliteEventLog(db, station_id)
    first = log.append([CheckIn("w01")], clock.now())
    batch = log.append(
        [Tally("w01", "bead-stringing", 12, CountMethod.SCALE, 103.2, 8.6), CheckIn("w02", "badge")], clock.now()
    )
    assert [e.seq for e in first + batch] == [1, 2, 3]
    assert log.last_seq() == 3
    assert log.get(batch[0].event_id) == batch[0]
    assert [e.event_id for e in log.after(1, limit=10)] == [e.event_id for e in batch]
    assert log.on_date(clock.now().local_date) == first + batch


def test_a_days_reads_use_indexes_and_find_its_tallies_corrected_later(db: Database, station_id: str, clock) -> None:
    """A station keeps years of events: the day's totals and a tally's history must be index searches, not a walk
    over every event (an OR, or a JSON path sent as a bound parameter, made SQLite scan them all)."""
    log = SqliteEventLog(db, station_id)
    day = clock.now().local_date
    tallies = log.append([Tally("w01", "bead-stringing", 5, CountMethod.TAP, None, None)] * 700, clock.now())
    clock.advance(24 * 3600)
    late = Correction(tallies[650].event_id, "w01", "bead-stringing", 5, 3, False, CorrectionReason.MISCOUNT, "s01")
    [fix] = log.append([late], clock.now())
    statements: list[tuple[str, object]] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append((a[2], a[3])))

    assert log.on_date(day) == [*tallies, fix]
    assert log.referring_to(tallies[650].event_id) == [fix]
    assert log.on_date(clock.now().local_date) == [fix]
    assert log.attendance_on(day) == []
    plans = []
    with db.read() as conn:
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith("SELECT"):
                plans += [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
    walks = [step for step in plans if step.startswith("SCAN events") or step.endswith("(station_id=?)")]
    assert plans and not walks, plans

    # The same statements whatever a day's count: one prepared statement per count would fill the cache.
    log.append([Tally("w01", "bead-stringing", 5, CountMethod.TAP, None, None)], clock.now())
    statements.clear()
    log.on_date(day)
    seen_for_700 = {statement for statement, _ in statements}
    statements.clear()
    log.on_date(clock.now().local_date)
    assert {statement for statement, _ in statements} == seen_for_700


def test_seq_is_per_station(db: Database, clock) -> None:
    a, b = SqliteEventLog(db, "station-a"), SqliteEventLog(db, "station-b")
    a.append([CheckIn("w01")], clock.now())
    assert b.append([CheckIn("w01")], clock.now())[0].seq == 1
    assert a.append([CheckIn("w02")], clock.now())[0].seq == 2


@pytest.mark.parametrize(
    "statement",
    ["UPDATE events SET kind = 'tally'", "DELETE FROM events", "UPDATE events SET seq = seq + 1"],
)
def test_the_database_refuses_to_change_events(db: Database, station_id: str, clock, statement: str) -> None:
    SqliteEventLog(db, station_id).append([CheckIn("w01")], clock.now())
    with pytest.raises(Exception, match="append-only"), db.write() as conn:
        conn.execute(text(statement))
    assert SqliteEventLog(db, station_id).last_seq() == 1


def test_a_duplicate_seq_cannot_be_stored(db: Database, station_id: str, clock) -> None:
    log = SqliteEventLog(db, station_id)
    log.append([CheckIn("w01")], clock.now())
    raw = sqlite3.connect(db.path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute(
                "INSERT INTO events (event_id, station_id, seq, boot_id, wall_ns, utc_offset_s, mono_ns,"
                " clock_state, local_date, kind, payload) SELECT 'other', station_id, seq, boot_id, wall_ns,"
                " utc_offset_s, mono_ns, clock_state, local_date, kind, payload FROM events"
            )
    finally:
        raw.close()


def test_nothing_in_the_code_updates_or_deletes_events() -> None:
    """Append-only is a property of the source too: no statement that changes an event row."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    pattern = re.compile(r"(UPDATE\s+events\b|DELETE\s+FROM\s+events\b|update\(\s*_?EVENTS|delete\(\s*_?EVENTS)", re.I)
    offenders = [
        str(path.relative_to(root))
        for package in ("station", "sync")
        for path in (root / package).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_restoring_an_older_config_never_resets_seq(db: Database, station_id: str, clock) -> None:
    from station.store.catalog import SqliteCatalog
    from sync.demo import demo_catalog

    log = SqliteEventLog(db, station_id)
    log.append([CheckIn("w01"), CheckIn("w02")], clock.now())
    older = demo_catalog()
    SqliteCatalog(db).replace(type(older)(older.workers, older.products, older.supervisors, {"roster": 0}))
    assert log.append([CheckIn("w03")], clock.now())[0].seq == 3
    assert SqliteCatalog(db).load().versions == {"roster": 0}
