"""The central `events` table refuses UPDATE and DELETE in the database itself, like the station's.

An event is a fact a worker saved; a correction is a new event naming it. Nothing in `office/` or
`sync/central` updates or deletes events (checked by `tests/test_central_append_only.py`), so the
database may enforce it: a mistake or a hand-typed statement then fails instead of losing pay.
SQLite gets two BEFORE triggers; PostgreSQL one row trigger calling a function that raises.

A later revision that rebuilds `events` on SQLite (`batch_alter_table` with a table copy) drops
these triggers with the old table and must create them again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_MESSAGE = "events are append-only"
_SQLITE_UP = [
    f"""CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END""",
    f"""CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END""",
]
_SQLITE_DOWN = ["DROP TRIGGER events_no_delete", "DROP TRIGGER events_no_update"]
_POSTGRESQL_UP = [
    f"""CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$""",
    """CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION events_append_only()""",
]
_POSTGRESQL_DOWN = ["DROP TRIGGER events_append_only ON events", "DROP FUNCTION events_append_only()"]


def _run(statements: dict[str, list[str]]) -> None:
    for statement in statements[op.get_bind().dialect.name]:
        op.execute(statement)


def upgrade() -> None:
    _run({"sqlite": _SQLITE_UP, "postgresql": _POSTGRESQL_UP})


def downgrade() -> None:
    _run({"sqlite": _SQLITE_DOWN, "postgresql": _POSTGRESQL_DOWN})
