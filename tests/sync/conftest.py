"""Fixtures of the sync tests: a real broker, the central server and quickly-timed stations."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from office.db import open_office
from station.app.sync_link import station_sync
from station.store.database import Database, open_database
from sync.central.db import open_central
from sync.central.server import CentralServer
from sync.outbox import StationSync, Tuning
from tests.fixtures.mosquitto import Mosquitto
from tests.sync.helpers import SITE, enrol

FAST = Tuning(ack_timeout_s=1.0, poll_s=0.05, status_interval_s=0.5, reconnect_min_s=0.1, reconnect_max_s=0.5)


@pytest.fixture
def central_engine(central_url: str) -> Iterator[Engine]:
    """The ingest's engine on a central database whose schema the office's migrations made, with
    the test stations registered and the workers and product of `add_events` on the roster."""
    open_office(central_url).dispose()
    engine = open_central(central_url)
    enrol(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def central(central_engine: Engine, mosquitto: Mosquitto) -> Iterator[CentralServer]:
    server = CentralServer(central_engine, mosquitto.url, reconnect_min_s=0.1)
    server.start()
    assert server.connected.wait(10)
    yield server
    server.stop()


@pytest.fixture
def make_station(
    tmp_path: Path, mosquitto: Mosquitto
) -> Iterator[Callable[..., tuple[StationSync, Database]]]:
    """Builds stations (own DB each) on the test broker; all stopped at the end."""
    made: list[tuple[StationSync, Database]] = []

    def make(
        station_id: str = "st-1", db: Database | None = None, **kwargs: object
    ) -> tuple[StationSync, Database]:
        db = db or open_database(tmp_path / f"{station_id}.db")
        kwargs.setdefault("tuning", FAST)
        sync = station_sync(db, station_id, SITE, mosquitto.url, **kwargs)  # type: ignore[arg-type]
        made.append((sync, db))
        return sync, db

    yield make
    for sync, db in made:
        sync.stop()
        db.close()
