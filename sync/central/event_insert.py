"""Writing a batch's events in one statement; the ids actually inserted come back (the rest were there).

SQLite: SQLAlchemy's executemany with RETURNING (one multi-row INSERT). PostgreSQL: one INSERT
from `unnest` of one array per column. The multi-row form sends 1,900 named parameters per
batch, and psycopg parses a statement that long anew each time (it caches only those up to
4 KiB): that parse cost more than everything else the ingest does. The array form is one short,
cached statement with 19 parameters, sent in binary (`%b`): psycopg's text form escapes every
array element with a regular expression.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Connection, DateTime, Engine, Integer, String
from sqlalchemy.dialects import sqlite

from sync.central.tables import events

_COLUMNS = [column.name for column in events.columns]


def _array_type(column: Any) -> str:
    """The PostgreSQL array cast of a column's values: unbounded types, so a value too long or too
    large for the column is refused by the INSERT's assignment, never truncated by the cast."""
    kind = column.type
    if isinstance(kind, BigInteger | Integer):
        return "bigint[]"
    if isinstance(kind, DateTime):
        return "timestamptz[]"
    assert isinstance(kind, String), f"no array cast for events.{column.name}"
    return "text[]"


_POSTGRES_SQL = (
    f"INSERT INTO {events.name} ({', '.join(_COLUMNS)}) "
    f"SELECT * FROM unnest({', '.join(f'%b::{_array_type(c)}' for c in events.columns)}) "
    "ON CONFLICT DO NOTHING RETURNING event_id"
)


class EventInsert:
    """INSERT … ON CONFLICT DO NOTHING RETURNING event_id of many event rows, per dialect."""

    def __init__(self, engine: Engine) -> None:
        self._postgres = engine.dialect.name == "postgresql"
        self._many = sqlite.insert(events).on_conflict_do_nothing().returning(events.c.event_id)

    def __call__(self, conn: Connection, rows: list[dict[str, Any]]) -> set[str]:
        if not self._postgres:
            return set(conn.execute(self._many, rows).scalars())
        columns = tuple([row[name] for row in rows] for name in _COLUMNS)
        return {event_id for (event_id,) in conn.exec_driver_sql(_POSTGRES_SQL, columns)}
