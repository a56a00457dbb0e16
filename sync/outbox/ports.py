"""What the outbox needs from the station it runs on, as small ports the station implements.

The outbox lives in `sync` (both ends of the wire are here) but the events, the ack bookkeeping
and the cached catalog live in the station's database; `sync` never imports `station`, so the
station hands in an object satisfying `OutboxStore` and a clock satisfying `StationClock`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from sync.protocol.roster import Catalog


@dataclass(frozen=True, slots=True)
class AckState:
    """Up to which seq the central office has confirmed storage, and when that last moved."""

    acked_seq: int = 0
    last_ack_wall: float | None = None  # epoch seconds


@dataclass(frozen=True, slots=True)
class Rejected:
    """Events the office refused for good: how many, and the first one's seq (for the status)."""

    count: int = 0
    first_seq: int | None = None


class Stamp(Protocol):
    @property
    def wall_ns(self) -> int: ...
    @property
    def mono_ns(self) -> int: ...
    @property
    def boot_id(self) -> str: ...


class StationClock(Protocol):
    """The station's clocks; sync sets `server_offset_ns` once the office has answered."""

    boot_id: str
    server_offset_ns: int | None

    def now(self) -> Stamp: ...


@dataclass(frozen=True, slots=True)
class Outgoing:
    """An event as the outbox sends it: the id and seq acks and recovery name it by, and its JSON
    inside a batch (`sync.outbox.batches.wire_json`), which the store splices from the stored
    payload without parsing and typing it (that was the station's largest cost per event)."""

    event_id: str
    seq: int
    wire: bytes


class OutboxStore(Protocol):
    """The station's durable side of the outbox: events to send, acks taken, config applied."""

    def events_after(self, seq: int, limit: int) -> Sequence[Outgoing]:
        """Up to `limit` events with a seq above `seq`, in seq order; a moved event carries its moved seq."""
        ...

    def last_seq(self) -> int: ...

    def ack_state(self) -> AckState: ...

    def advance_ack(self, acked_seq: int, wall: float) -> None:
        """Record that every event up to `acked_seq` is stored centrally (never moves backwards)."""
        ...

    def learn_office_max_seq(self, max_seq: int) -> None:
        """The office holds seqs up to `max_seq` for this station: new events continue above it."""
        ...

    def move_seqs(self, events: Sequence[Outgoing], clashing_ids: Collection[str]) -> int:
        """Give the unacked `events` named in `clashing_ids` new seqs above all used; how many moved."""
        ...

    def reject(self, events: Sequence[Outgoing], batch_id: str, reason: str) -> None:
        """The office refused `events` for good: keep them, record why, send them no more."""
        ...

    def rejected(self) -> Rejected: ...

    def catalog(self) -> Catalog: ...

    def replace_catalog(self, catalog: Catalog) -> None:
        """Replace the cached roster, products and supervisors as one whole."""
        ...
