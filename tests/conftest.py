"""Shared fixtures. Integration fixtures for real parts live in tests/fixtures/ modules."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from station.store.catalog import SqliteCatalog
from station.store.database import Database, open_database
from sync.demo import DEMO_STATION_ID, demo_catalog

# Deterministic property tests with no wall-clock deadline: CI machines are small and shared.
settings.register_profile("workshop", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("workshop")
# Real-part fixtures (e.g. `mosquitto`) that any test directory may use.
pytest_plugins = ["tests.fixtures.mosquitto"]


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


def _postgres_reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    import socket

    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A throw-away database on the local PostgreSQL server; skips where none runs."""
    import uuid

    import sqlalchemy

    if not _postgres_reachable():
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    admin_url = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    name = f"workshop_test_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sqlalchemy.exc.OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL on 127.0.0.1:5432 refused us: {exc}")
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def central_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The central database URL, once as an SQLite file and once on PostgreSQL (where it runs).

    Each PostgreSQL use starts from an empty database: every table is dropped first, the
    migrations' `alembic_version` too (else the next open would believe the schema is there).
    """
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'central.db'}"
    url = request.getfixturevalue("postgres_server_url")
    import sqlalchemy

    engine = sqlalchemy.create_engine(url)
    existing = sqlalchemy.MetaData()
    existing.reflect(engine)
    existing.drop_all(engine)
    engine.dispose()
    return url


class ManualClock:
    """A station clock the test moves by hand (wall and monotonic move together)."""

    def __init__(self, wall_ns: int = 1_795_000_000 * 10**9, boot_id: str = "boot-a") -> None:
        from sync.protocol.events import ClockState

        self.wall_ns = wall_ns
        self.mono_ns = 5 * 10**9
        self.boot_id = boot_id
        self.state = ClockState.NTP_SYNCED

    def now(self):  # type: ignore[no-untyped-def]
        from station.clock import Stamp

        return Stamp(self.wall_ns, 8 * 3600, self.mono_ns, self.boot_id, self.state)

    def advance(self, seconds: float) -> None:
        self.wall_ns += int(seconds * 1e9)
        self.mono_ns += int(seconds * 1e9)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def keep_logging() -> Iterator[None]:
    """main() points logging at the (captured, soon closed) stderr: put pytest's handlers back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
