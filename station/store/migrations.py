"""The station database's schema, as an ordered list of steps keyed by `PRAGMA user_version`.

The steps are the schema's only owner: `tables.py` describes the same tables for queries and a
test keeps the two equal. A database at version N has run steps 1..N; opening it runs the rest
in one BEGIN IMMEDIATE transaction that also sets the new version, so a crash leaves either the
old schema or the new one. A released step is never edited: a station in the field has already
run it, so a change is always a new step at the end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection

Step = Callable[[Connection], None]


class DatabaseTooNew(Exception):
    """The file was written by newer code: running on it could lose what that code relies on."""

    def __init__(self, path: Path, found: int, known: int) -> None:
        super().__init__(
            f"The station database {path} is at schema version {found}, "
            f"but this code knows versions up to {known} only."
        )
        self.path, self.found, self.known = path, found, known


def _v0_1_0(conn: Connection) -> None:
    """The schema v0.1.0 made without a version (user_version 0), so IF NOT EXISTS throughout:
    on such a file this changes nothing, on an empty file it makes exactly that schema.
    `outbox_acks` was then created by the sync link's AckBook; it is the store's table now."""
    for ddl in (
        """CREATE TABLE IF NOT EXISTS events (
            event_id VARCHAR NOT NULL,
            station_id VARCHAR NOT NULL,
            seq INTEGER NOT NULL,
            boot_id VARCHAR NOT NULL,
            wall_ns INTEGER NOT NULL,
            utc_offset_s INTEGER NOT NULL,
            mono_ns INTEGER NOT NULL,
            clock_state VARCHAR NOT NULL,
            local_date VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            payload VARCHAR NOT NULL,
            PRIMARY KEY (event_id),
            CONSTRAINT uq_events_station_seq UNIQUE (station_id, seq)
        )""",
        """CREATE TABLE IF NOT EXISTS workers (
            worker_id VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            photo VARCHAR NOT NULL,
            language VARCHAR NOT NULL,
            active BOOLEAN NOT NULL,
            badge VARCHAR,
            product_ids VARCHAR NOT NULL,
            PRIMARY KEY (worker_id)
        )""",
        """CREATE TABLE IF NOT EXISTS products (
            product_id VARCHAR NOT NULL,
            names VARCHAR NOT NULL,
            pictogram VARCHAR NOT NULL,
            count_mode VARCHAR NOT NULL,
            piece_weight_g FLOAT,
            active BOOLEAN NOT NULL,
            PRIMARY KEY (product_id)
        )""",
        """CREATE TABLE IF NOT EXISTS supervisors (
            supervisor_id VARCHAR NOT NULL,
            name VARCHAR NOT NULL,
            pin_hash VARCHAR NOT NULL,
            active BOOLEAN NOT NULL,
            PRIMARY KEY (supervisor_id)
        )""",
        """CREATE TABLE IF NOT EXISTS config_versions (
            document VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (document)
        )""",
        """CREATE TABLE IF NOT EXISTS print_jobs (
            job_id VARCHAR NOT NULL,
            event_id VARCHAR NOT NULL,
            reprint BOOLEAN NOT NULL,
            state VARCHAR NOT NULL,
            slip VARCHAR NOT NULL,
            attempts INTEGER NOT NULL,
            created_ns INTEGER NOT NULL,
            updated_ns INTEGER NOT NULL,
            last_error VARCHAR,
            PRIMARY KEY (job_id)
        )""",
        """CREATE TABLE IF NOT EXISTS outbox_acks (
            station_id VARCHAR NOT NULL,
            acked_seq BIGINT NOT NULL,
            last_ack_wall FLOAT,
            PRIMARY KEY (station_id)
        )""",
        "CREATE INDEX IF NOT EXISTS ix_events_day_kind ON events (station_id, local_date, kind)",
        "CREATE INDEX IF NOT EXISTS ix_workers_badge ON workers (badge)",
        "CREATE INDEX IF NOT EXISTS ix_print_jobs_event_id ON print_jobs (event_id)",
        "CREATE INDEX IF NOT EXISTS ix_print_jobs_state ON print_jobs (state)",
        # Corrections and receipts are looked up by the event they name.
        "CREATE INDEX IF NOT EXISTS ix_events_target ON events(json_extract(payload, '$.target_event_id'))",
        """CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
           BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
        """CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
           BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
    ):
        conn.exec_driver_sql(ddl)


def _print_queue_index(conn: Connection) -> None:
    """The print thread asks for the oldest queued job on every wake (`next_queued`: state = ?
    ORDER BY created_ns, job_id LIMIT 1). With only (state) indexed SQLite gathers and sorts every
    queued job each time, and a printer away for a day leaves hundreds queued. This index hands over
    the first row directly; (state) is its prefix, so it replaces ix_print_jobs_state rather than
    adding a second index for every job insert and state change to maintain."""
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_print_jobs_state")
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_print_jobs_state_created ON print_jobs (state, created_ns, job_id)"
    )


def _sync_recovery(conn: Connection) -> None:
    """Issue 16, recovery. A station restored from an older backup reuses seqs the office holds:
    `outbox_acks.office_max_seq` remembers the highest seq the office reported, so new events
    continue above it, and `seq_moves` gives an unacked clashing event a new seq without updating
    its row (the outbox sends the moved seq). `rejected_events` lists events the office refused
    for good, with the reason, so the outbox moves past them and the station says so. Both new
    tables are append-only, like `events`."""
    conn.exec_driver_sql("ALTER TABLE outbox_acks ADD COLUMN office_max_seq BIGINT NOT NULL DEFAULT 0")
    for ddl in (
        """CREATE TABLE seq_moves (
            event_id VARCHAR NOT NULL,
            station_id VARCHAR NOT NULL,
            old_seq BIGINT NOT NULL,
            new_seq BIGINT NOT NULL,
            moved_wall FLOAT NOT NULL,
            PRIMARY KEY (event_id, new_seq),
            CONSTRAINT uq_seq_moves_station_seq UNIQUE (station_id, new_seq)
        )""",
        """CREATE TABLE rejected_events (
            event_id VARCHAR NOT NULL,
            station_id VARCHAR NOT NULL,
            seq BIGINT NOT NULL,
            batch_id VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            rejected_wall FLOAT NOT NULL,
            PRIMARY KEY (event_id)
        )""",
    ):
        conn.exec_driver_sql(ddl)
    for table in ("seq_moves", "rejected_events"):
        for action in ("update", "delete"):
            conn.exec_driver_sql(
                f"""CREATE TRIGGER {table}_no_{action} BEFORE {action.upper()} ON {table}
                    BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END"""
            )


def _worker_goal_speech(conn: Connection) -> None:
    """Issue 12: a worker's personal daily goal (pieces, all products) and speech rate (words per
    minute) arrive with the roster; NULL is "no goal" and "the station's rate"."""
    for column in ("daily_goal", "speech_rate"):
        conn.exec_driver_sql(f"ALTER TABLE workers ADD COLUMN {column} INTEGER")


STEPS: tuple[Step, ...] = (_v0_1_0, _print_queue_index, _sync_recovery, _worker_goal_speech)
LATEST = len(STEPS)


def stored_version(path: Path) -> int:
    """The file's user_version, read without writing to it (no WAL switch, no new file).

    A missing file is version 0: it is an empty database to create.
    """
    if not path.exists():
        return 0
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def refuse_too_new(path: Path) -> None:
    """Raise DatabaseTooNew before anything opens the file for writing (which alone changes it)."""
    found = stored_version(path)
    if found > LATEST:
        raise DatabaseTooNew(path, found, LATEST)


def upgrade(conn: Connection, path: Path) -> tuple[int, int]:
    """Run the steps the database lacks inside `conn`'s write transaction; returns (before, after)."""
    found = int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())
    if found > LATEST:  # written by newer code since refuse_too_new looked
        raise DatabaseTooNew(path, found, LATEST)
    for step in STEPS[found:]:
        step(conn)
    if found < LATEST:
        conn.exec_driver_sql(f"PRAGMA user_version = {LATEST}")
    return found, LATEST
