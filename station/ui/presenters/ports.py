"""What the presenters need from devices, sync and speech, as small Protocols.

The real adapters (station.devices.scale, station.printing, sync.outbox, station.speech)
satisfy these structurally; tests pass small fakes. Readings and statuses are duck-typed
(`status` compares equal to its string value), so presenters import no device package.
"""

from __future__ import annotations

from typing import Protocol

from sync.protocol.roster import Catalog, Product, Supervisor, Worker


class ReadingLike(Protocol):
    stable: bool
    weight_g: float | None
    count: int | None
    status: str  # ok | unstable | overload | underload | disconnected | error
    detail: str  # why, for supervisors (e.g. the sentence naming a bad profile key)


class ScalePort(Protocol):
    def set_piece_weight(self, grams: float | None) -> None: ...

    def tare(self) -> None: ...

    def zero(self) -> None: ...

    def arm_after_save(self) -> None: ...

    def save_allowed(self) -> bool: ...


class PrinterPort(Protocol):
    def enqueue_receipt(self, event_id: str) -> str: ...

    def reprint(self, event_id: str) -> str: ...

    def status(self) -> str: ...  # ok | offline | paper_out | unknown

    def pending(self) -> int: ...


class SyncStatusLike(Protocol):
    connected: bool
    backlog: int
    last_ack_wall: float | None
    config_versions: dict[str, int]
    rejected: int  # events the office refused for good


class SyncPort(Protocol):
    def status(self) -> SyncStatusLike: ...


class SpeakerPort(Protocol):
    """Speaks a sentence and plays a named sound without blocking the caller."""

    muted: bool

    def say(self, sentence: str, language: str, rate: int | None = None) -> None:
        """`rate`: words per minute (the worker's, from the roster); None = the station's default."""

    def sound(self, name: str) -> None: ...


class CatalogPort(Protocol):
    def load(self) -> Catalog: ...

    def worker(self, worker_id: str) -> Worker | None: ...

    def worker_by_badge(self, badge: str) -> Worker | None: ...

    def product(self, product_id: str) -> Product | None: ...

    def supervisor(self, supervisor_id: str) -> Supervisor | None: ...
