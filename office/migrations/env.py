"""Alembic's entry point for the central database.

`office.migrations.upgrade` hands over its connection (one transaction, SQLite or PostgreSQL);
the `alembic` command line (docs/office.md) names a database with `-x db=URL` instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from office import tables  # noqa: F401  (the office's tables join the shared metadata)
from sync.central.db import connect
from sync.central.tables import metadata


def run(connection: Connection) -> None:
    # Batch mode: SQLite alters a table by copying it, which plain ALTER cannot do there.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    run(given)
else:
    url = context.get_x_argument(as_dictionary=True).get("db")
    if not url:
        raise SystemExit("name the database: alembic -x db=URL ...")
    engine = connect(url)
    with engine.begin() as conn:
        run(conn)
    engine.dispose()
