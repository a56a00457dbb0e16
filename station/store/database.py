"""One SQLite file, opened the durable way on every connection.

WAL + synchronous=FULL: a committed event survives a power cut. Writes take the lock up
front with BEGIN IMMEDIATE, so the UI thread and the sync thread queue on `busy_timeout`
instead of failing with "database is locked" half-way through a transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import OperationalError
from sqlmodel import create_engine

from station.domain.errors import StorageFull
from station.store import migrations

BUSY_TIMEOUT_MS = 10_000


class Database:
    """The engine plus the two ways in: `write()` (BEGIN IMMEDIATE) and `read()` (a snapshot)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.engine: Engine = create_engine(
            f"sqlite:///{self.path}", connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        self._writer = self.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        self._reader = self.engine.execution_options(sqlite_begin="BEGIN")

    def migrate(self) -> tuple[int, int]:
        """Bring the schema to this code's version (see migrations.py); returns (before, after).

        DatabaseTooNew leaves the file untouched: it is checked before the first connection,
        which would switch the file to WAL.
        """
        migrations.refuse_too_new(self.path)
        with self.write() as conn:
            return migrations.upgrade(conn, self.path)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction holding the database's write lock from its first statement.

        SQLITE_FULL becomes `StorageFull` (the transaction rolled back), so callers answer a full
        disk like any other refusal instead of crashing.
        """
        try:
            with self._writer.begin() as conn:
                yield conn
        except OperationalError as exc:
            if getattr(exc.orig, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
                raise StorageFull() from exc
            raise

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: one consistent snapshot, never blocking the writer (WAL)."""
        with self._reader.begin() as conn:
            yield conn

    def integrity_check(self) -> str:
        with self.read() as conn:
            return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar_one())

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: str | Path) -> Database:
    """Open (creating if needed) the station database at `path`, its schema migrated to this code's."""
    db = Database(path)
    try:
        db.migrate()
    except BaseException:
        db.close()
        raise
    return db


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's implicit BEGIN is deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _on_begin(conn: Connection) -> None:
    conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))
