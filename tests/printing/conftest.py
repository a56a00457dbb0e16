"""Fixtures of the printing tests: a network printer stand-in, a workshop with tallies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from station.clock import SystemClock
from station.services.workshop import WorkshopRules, WorkshopService
from station.store.catalog import SqliteCatalog
from station.store.database import Database
from station.store.event_log import SqliteEventLog
from tests.printing.standin import PrinterStandIn


@pytest.fixture
def standin() -> Iterator[PrinterStandIn]:
    printer = PrinterStandIn()
    yield printer
    printer.close()


@pytest.fixture
def workshop(db: Database, station_id: str) -> WorkshopService:
    """The demo workshop with 张伟 (w01) checked in."""
    service = WorkshopService(
        SqliteEventLog(db, station_id), SqliteCatalog(db), SystemClock(), WorkshopRules()
    )
    service.check_in("w01")
    return service
