"""Schema migrations: a database made by v0.1.0 upgrades with every event intact, and the
migrated schema is the one the SQLModel tables describe."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlmodel import SQLModel

from station.store import migrations, tables  # noqa: F401  (tables: registers the SQLModel metadata)
from station.store.ack_book import AckBook
from station.store.database import Database, open_database
from station.store.event_log import SqliteEventLog
from station.store.migrations import LATEST, DatabaseTooNew
from sync.demo import DEMO_STATION_ID
from sync.protocol.events import CheckIn, CountMethod, Tally
from tests.conftest import ManualClock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "databases"
V0_1_0 = FIXTURES / "station-v0.1.0.db"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def v0_1_0(tmp_path: Path) -> Path:
    """A copy of the committed v0.1.0 station database (13 events, see fixtures/databases/README.md)."""
    return Path(shutil.copy(V0_1_0, tmp_path / "station.db"))


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _events(path: Path) -> list[tuple[object, ...]]:
    return _query(path, "SELECT event_id, seq, kind, CAST(payload AS BLOB) FROM events ORDER BY seq")


def _schema(path: Path) -> list[tuple[object, ...]]:
    """sqlite_master with whitespace collapsed (the DDL's layout is not the schema)."""
    rows = _query(path, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    return [(t, n, tbl, " ".join(sql.split()) if sql else None) for t, n, tbl, sql in rows]  # type: ignore[union-attr]


def _version(path: Path) -> int:
    return int(_query(path, "PRAGMA user_version")[0][0])  # type: ignore[call-overload]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _migrate_cli(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "station", "migrate", "--db", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_fixture_is_what_its_readme_says() -> None:
    assert _version(V0_1_0) == 0
    assert [seq for _, seq, _, _ in _events(V0_1_0)] == list(range(1, 14))
    assert V0_1_0.stat().st_size < 300_000
    assert not V0_1_0.with_name(V0_1_0.name + "-wal").exists()


def test_step_one_is_the_v0_1_0_schema(tmp_path: Path, v0_1_0: Path) -> None:
    empty = Database(tmp_path / "empty.db")
    with empty.write() as conn:
        migrations.STEPS[0](conn)
    empty.close()
    assert _schema(tmp_path / "empty.db") == _schema(V0_1_0)

    before = _schema(v0_1_0)
    on_v0 = Database(v0_1_0)
    with on_v0.write() as conn:
        migrations.STEPS[0](conn)
    on_v0.close()
    assert _schema(v0_1_0) == before


def test_v0_1_0_upgrades_on_open_with_every_event_intact(v0_1_0: Path) -> None:
    events = _events(v0_1_0)
    db = open_database(v0_1_0)
    db.close()
    assert _version(v0_1_0) == LATEST
    assert _events(v0_1_0) == events
    assert len(events) == 13
    counts = [_query(v0_1_0, f"SELECT count(*) FROM {t}")[0][0] for t in ("print_jobs", "outbox_acks", "workers")]
    assert counts == [2, 1, 12]


def test_v0_1_0_upgrades_with_the_cli_and_again_is_a_no_op(v0_1_0: Path) -> None:
    events = _events(v0_1_0)
    first = _migrate_cli(v0_1_0)
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"station database {v0_1_0}: version 0 → {LATEST}\n"
    schema, checksum = _schema(v0_1_0), _sha256(v0_1_0)

    again = _migrate_cli(v0_1_0)
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"station database {v0_1_0}: already at version {LATEST}\n"
    assert (_schema(v0_1_0), _sha256(v0_1_0)) == (schema, checksum)
    assert _events(v0_1_0) == events


def test_opening_twice_is_a_no_op(v0_1_0: Path) -> None:
    open_database(v0_1_0).close()
    schema, checksum = _schema(v0_1_0), _sha256(v0_1_0)
    db = Database(v0_1_0)
    assert db.migrate() == (LATEST, LATEST)
    db.close()
    assert (_schema(v0_1_0), _sha256(v0_1_0)) == (schema, checksum)


def test_events_stay_append_only_after_the_upgrade(v0_1_0: Path) -> None:
    open_database(v0_1_0).close()
    conn = sqlite3.connect(v0_1_0)
    try:
        for statement in ("UPDATE events SET kind = 'tally' WHERE seq = 1", "DELETE FROM events WHERE seq = 13"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)
    finally:
        conn.close()
    assert len(_events(v0_1_0)) == 13


def test_seq_continues_gap_free_after_the_upgrade(v0_1_0: Path) -> None:
    db = open_database(v0_1_0)
    try:
        log = SqliteEventLog(db, DEMO_STATION_ID)
        clock = ManualClock()
        log.append([CheckIn("w03")], clock.now())
        clock.advance(60)
        tallies = [Tally("w03", "small-craft", 7, CountMethod.TAP), Tally("w01", "bead-stringing", 4, CountMethod.TAP)]
        log.append(tallies, clock.now())
        assert [e.seq for e in log.all()] == list(range(1, 17))
    finally:
        db.close()


def test_the_ack_book_uses_the_store_s_table(v0_1_0: Path, tmp_path: Path) -> None:
    db = open_database(v0_1_0)
    try:
        book = AckBook(db, DEMO_STATION_ID)
        assert book.load().acked_seq == 8
        book.advance(13, 1_795_003_000.0)
        assert book.load().acked_seq == 13
    finally:
        db.close()
    fresh = open_database(tmp_path / "fresh.db")
    try:
        assert AckBook(fresh, DEMO_STATION_ID).load().acked_seq == 0
    finally:
        fresh.close()


def test_a_too_new_database_is_refused_untouched(v0_1_0: Path) -> None:
    _query(v0_1_0, f"PRAGMA user_version = {LATEST + 1}")
    checksum = _sha256(v0_1_0)
    with pytest.raises(DatabaseTooNew) as refused:
        open_database(v0_1_0)
    message = str(refused.value)
    assert str(v0_1_0) in message and f"version {LATEST + 1}" in message and f"up to {LATEST}" in message
    assert "\n" not in message and message.endswith(".")

    result = _migrate_cli(v0_1_0)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr.splitlines()
    assert _sha256(v0_1_0) == checksum
    assert sorted(p.name for p in v0_1_0.parent.iterdir()) == ["station.db"]  # no -wal or -shm either


def test_migrate_does_not_create_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    result = _migrate_cli(missing)
    assert result.returncode == 2
    assert f"There is no station database at {missing}; nothing was created." in result.stderr.splitlines()
    assert not missing.exists()


def test_an_empty_file_migrates_to_the_schema_the_tables_describe(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    open_database(path).close()
    assert _version(path) == LATEST

    described = SQLModel.metadata.tables
    actual = {name for (name,) in _query(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert actual == set(described)
    for table in described.values():
        info = _query(path, f"PRAGMA table_info({table.name})")
        columns = {name: (kind, bool(notnull), bool(pk)) for _, name, kind, notnull, _, pk in info}  # type: ignore[misc]
        expected = {
            c.name: (c.type.compile(dialect=sqlite_dialect.dialect()), not c.nullable, c.primary_key)
            for c in table.columns
        }
        assert columns == expected, table.name
        for index in table.indexes:
            indexed = [row[2] for row in _query(path, f"PRAGMA index_info({index.name})")]
            assert indexed == [c.name for c in index.columns], index.name


def test_the_print_queue_reads_its_next_job_from_an_index(tmp_path: Path) -> None:
    open_database(tmp_path / "station.db").close()
    plan = _query(
        tmp_path / "station.db",
        "EXPLAIN QUERY PLAN SELECT * FROM print_jobs WHERE state = 'queued' ORDER BY created_ns, job_id LIMIT 1",
    )
    details = " ".join(str(row[-1]) for row in plan)
    assert "ix_print_jobs_state_created" in details
    assert "TEMP B-TREE" not in details
