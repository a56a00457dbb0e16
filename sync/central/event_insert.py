"""Writing a batch's events in one statement; the ids actually inserted come back (the rest were there).

SQLite: one multi-row INSERT … RETURNING with positional parameters, its text cached per row
count, run on the driver: SQLAlchemy's executemany built and processed a dict of 19 named
parameters per event, a sixth of the ingest's time. PostgreSQL: one INSERT
from `unnest` of one array per column. The multi-row form sends 1,900 named parameters per
batch, and psycopg parses a statement that long anew each time (it caches only those up to
4 KiB): that parse cost more than everything else the ingest does. The array form is one short,
cached statement with 19 parameters, sent in binary (`%b`): psycopg's text form escapes every
array element with a regular expression.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import BigInteger, Connection, DateTime, Engine, Integer, String

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


@cache
def _sqlite_sql(rows: int) -> str:
    """The SQLite INSERT of `rows` events (a batch holds at most 500: 9,500 of SQLite's 32,766 parameters)."""
    values = ", ".join(["(" + ", ".join("?" * len(_COLUMNS)) + ")"] * rows)
    columns = ", ".join(_COLUMNS)
    return f"INSERT INTO {events.name} ({columns}) VALUES {values} ON CONFLICT DO NOTHING RETURNING event_id"


class EventInsert:
    """INSERT … ON CONFLICT DO NOTHING RETURNING event_id of many event rows, per dialect."""

    def __init__(self, engine: Engine) -> None:
        self._postgres = engine.dialect.name == "postgresql"
        # On SQLite the column types' own conversions (a datetime to SQLAlchemy's text form), as Core applies them.
        dialect = engine.dialect
        processors = ((i, c.type.dialect_impl(dialect).bind_processor(dialect)) for i, c in enumerate(events.columns))
        self._convert = [(i, convert) for i, convert in processors if convert is not None]

    def __call__(self, conn: Connection, rows: list[dict[str, Any]]) -> set[str]:
        if self._postgres:
            columns = tuple([row[name] for row in rows] for name in _COLUMNS)
            return {event_id for (event_id,) in conn.exec_driver_sql(_POSTGRES_SQL, columns)}
        width = len(_COLUMNS)
        values = [row[name] for row in rows for name in _COLUMNS]
        for i, convert in self._convert:  # once per distinct value: a batch's rows share their received_at
            column = values[i::width]
            converted = {value: convert(value) for value in set(column) if value is not None}
            values[i::width] = [converted.get(value) for value in column]
        return {event_id for (event_id,) in conn.exec_driver_sql(_sqlite_sql(len(rows)), tuple(values))}
