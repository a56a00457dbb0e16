"""Shared fixtures. Integration fixtures for real parts live in tests/fixtures/ modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from station.demo import DEMO_STATION_ID, demo_catalog
from station.store.catalog import SqliteCatalog
from station.store.database import Database, open_database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh station database file holding the demo catalog."""
    database = open_database(tmp_path / "station.db")
    SqliteCatalog(database).replace(demo_catalog())
    yield database
    database.close()


@pytest.fixture
def station_id() -> str:
    return DEMO_STATION_ID
