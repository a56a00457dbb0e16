"""Fixtures of the printing tests: a network printer stand-in, a workshop with tallies."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from station.clock import SystemClock
from station.printing import PrintService
from station.services.workshop import WorkshopRules, WorkshopService
from station.store.catalog import SqliteCatalog
from station.store.database import Database
from station.store.event_log import SqliteEventLog
from tests.printing.helpers import ASSETS
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


@pytest.fixture
def make_service(db: Database, station_id: str) -> Iterator[Callable[..., PrintService]]:
    services: list[PrintService] = []

    def make(target: str, profile: str = "generic-58", **kwargs: object) -> PrintService:
        service = PrintService(
            db,
            station_id,
            profile,
            target,
            ASSETS,
            retry_s=0.02,
            max_retry_s=0.1,
            idle_check_s=0.05,
            **kwargs,
        )
        services.append(service)
        return service

    yield make
    for service in services:
        service.stop()
