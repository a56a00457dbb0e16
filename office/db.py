"""Opening the office database from a URL: an SQLite file by default, PostgreSQL when it grows.

The office owns the whole central schema (the ingest's tables and its own).
"""

from __future__ import annotations

from sqlalchemy import Engine

from office import tables  # noqa: F401  (registers the office tables on the shared metadata)
from sync.central.db import connect
from sync.central.tables import metadata

DEFAULT_URL = "sqlite:///central.db"


def open_office(url: str) -> Engine:
    """An engine on `url` with the whole central schema in place."""
    engine = connect(url)
    metadata.create_all(engine)
    return engine
