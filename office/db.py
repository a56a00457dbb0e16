"""Opening the office database from a URL: an SQLite file by default, PostgreSQL when it grows.

The office owns the whole central schema (the ingest's tables and its own) through
`office.migrations`: opening upgrades it, so no office code ever runs on an older schema.
"""

from __future__ import annotations

from sqlalchemy import Engine

from office.migrations import upgrade
from sync.central.db import connect

DEFAULT_URL = "sqlite:///central.db"


def open_office(url: str) -> Engine:
    """An engine on `url` with the whole central schema at the newest revision.

    Raises `office.migrations.SchemaError` (the database untouched) when it cannot be upgraded.
    """
    engine = connect(url)
    try:
        upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine
