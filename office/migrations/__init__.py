"""The central database's schema history: Alembic, run from code (no alembic.ini at run time).

`office.db.open_office` upgrades to head on every open, so no office process and no ingest
(whose unit runs `python -m office migrate` first) ever works on an older schema. Released
revisions are never edited; a change is a new revision (docs/office.md, "Database migrations").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from office.payroll.errors import OfficeError

SCRIPT_LOCATION = "office:migrations"
log = logging.getLogger(__name__)
# Alembic says "Context impl SQLiteImpl." on every open; one line of ours per real upgrade is enough.
logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)
# The schema v0.1.0 made with `metadata.create_all`, before Alembic: revision 0001 is exactly it.
BASELINE = "0001"
BASELINE_TABLES = frozenset(
    {
        "events",
        "quarantine",
        "stations",
        "boots",
        "workers",
        "products",
        "supervisors",
        "config_documents",
        "rates",
        "pay_rules",
        "pay_periods",
        "period_payments",
        "users",
        "audit_log",
    }
)
# Any constant shared by every office process: the ingest's and the web's start-up upgrades queue on it.
_PG_LOCK_KEY = 0x776F726B73686F70


class SchemaError(OfficeError):
    """A central database whose schema this code cannot bring to its own revision."""


class DatabaseTooNew(SchemaError):
    """The database is at a revision newer than this code: newer software wrote it."""


class DatabaseNotRecognised(SchemaError):
    """Some central tables but no revision: not a database any release of this code made."""


@dataclass(frozen=True)
class Upgrade:
    """Where an upgrade started (None: an empty database) and where it ended."""

    before: str | None
    after: str


def alembic_config(connection: Connection | None = None) -> Config:
    """The package's Alembic environment; env.py migrates `connection` when given."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> Upgrade:
    """Bring the database to head in one transaction; refuse (untouched) one newer than the code.

    A v0.1.0 database (its tables, no `alembic_version`) is stamped at the baseline first, so
    its tables are kept, never re-created.
    """
    scripts = ScriptDirectory.from_config(alembic_config())
    head = scripts.get_current_head()
    assert head is not None, "office/migrations/versions holds no revision"
    known = {script.revision for script in scripts.walk_revisions()}
    url = engine.url.render_as_string(hide_password=True)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
        before = MigrationContext.configure(conn).get_current_revision()
        if before is None:
            before = _adopt_unversioned(conn, url)
        if before is not None and before not in known:
            raise DatabaseTooNew("database_too_new", url=url, revision=before, head=head)
        if before != head:
            command.upgrade(alembic_config(conn), "head")
            log.info("office database upgraded", extra={"url": url, "from": before, "to": head})
    return Upgrade(before, head)


def _adopt_unversioned(conn: Connection, url: str) -> str | None:
    """Stamp a v0.1.0 database at the baseline; an empty one stays unversioned (None)."""
    present = set(inspect(conn).get_table_names()) & BASELINE_TABLES
    if not present:
        return None
    if present != BASELINE_TABLES:
        missing = ", ".join(sorted(BASELINE_TABLES - present))
        raise DatabaseNotRecognised("database_not_recognised", url=url, missing=missing)
    command.stamp(alembic_config(conn), BASELINE)
    return BASELINE
