"""The ports the station's services depend on; adapters in `station.store` etc. implement them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from station.clock import Stamp
from sync.protocol.events import Event, Payload
from sync.protocol.roster import Product, Supervisor, Worker


class Clock(Protocol):
    def now(self) -> Stamp: ...


class EventLog(Protocol):
    def append(self, payloads: Sequence[Payload], stamp: Stamp) -> list[Event]: ...

    def get(self, event_id: str) -> Event | None: ...

    def on_date(self, day: date) -> list[Event]: ...

    def attendance_on(self, day: date) -> list[Event]: ...

    def referring_to(self, event_id: str) -> list[Event]: ...


class CatalogReader(Protocol):
    def worker(self, worker_id: str) -> Worker | None: ...

    def product(self, product_id: str) -> Product | None: ...

    def supervisor(self, supervisor_id: str) -> Supervisor | None: ...
