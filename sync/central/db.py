"""Opening the central database from a URL: an SQLite file by default, PostgreSQL when it grows.

The ingest only uses the schema: the office's migrations (`python -m office migrate`) own it,
so the two can never disagree about which tables and indexes exist.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

from sync.central.tables import boots, events, quarantine, stations

_INGEST_TABLES = frozenset(table.name for table in (events, quarantine, stations, boots))


class CentralSchemaMissing(Exception):
    """The central database lacks the ingest's tables: the office has not migrated it yet."""


def normalise_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and pick the psycopg 3 driver for them."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def connect(url: str) -> Engine:
    """An engine on `url`: durable pragmas and write-lock-first transactions on SQLite."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def open_central(url: str) -> Engine:
    """An engine on `url`, whose ingest tables must already exist (made by the office's migrations)."""
    engine = connect(url)
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
    if not _INGEST_TABLES.issubset(present):
        engine.dispose()
        shown = make_url(url).render_as_string(hide_password=True)
        raise CentralSchemaMissing(
            f"the central database at {shown} has no tables yet: run `python -m office migrate --db {shown}`"
        )
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000", "foreign_keys=ON"):
        dbapi_connection.execute(f"PRAGMA {pragma}")
