"""Opening the central database from a URL: an SQLite file by default, PostgreSQL when it grows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event

from sync.central.tables import metadata


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
    """An engine on `url` with the ingest's tables in place."""
    engine = connect(url)
    metadata.create_all(engine)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000", "foreign_keys=ON"):
        dbapi_connection.execute(f"PRAGMA {pragma}")
