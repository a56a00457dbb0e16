"""Turning stored events into wire batches: about 100 events and at most 64 KB each."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sync.protocol import encode
from sync.protocol.events import Event, event_to_dict
from sync.protocol.messages import MAX_BATCH_BYTES, VERSION


def event_to_wire(event: Event) -> dict[str, Any]:
    """An event inside a batch: the station is named once per batch, not per event."""
    wire = event_to_dict(event)
    del wire["station_id"]
    return wire


@dataclass(frozen=True, slots=True)
class Batch:
    batch_id: str
    first_seq: int
    last_seq: int
    event_ids: frozenset[str]
    events: tuple[Event, ...]  # as sent: what a rejection or a seq clash is about
    sent_mono_ns: int
    raw: bytes


def build_batch(
    events: Sequence[Event],
    *,
    site: str,
    station: str,
    boot_id: str,
    mono_ns: int,
    wall_ns: int,
    clock: dict[str, int] | None,
    max_bytes: int = MAX_BATCH_BYTES,
) -> Batch:
    """The longest prefix of `events` (at least one) whose encoded batch fits in `max_bytes`."""
    message: dict[str, Any] = {
        "v": VERSION,
        "type": "events",
        "batch_id": str(uuid.uuid4()),
        "site": site,
        "station": station,
        "boot_id": boot_id,
        "sent_mono_ns": mono_ns,
        "sent_wall_ns": wall_ns,
        "events": [],
    }
    if clock:
        message["clock"] = clock
    size = len(encode(message))
    taken: list[Event] = []
    for event in events:
        wire = event_to_wire(event)
        grown = size + len(encode(wire)) + 1
        if taken and grown > max_bytes:
            break
        message["events"].append(wire)
        taken.append(event)
        size = grown
    return Batch(
        batch_id=message["batch_id"],
        first_seq=taken[0].seq,
        last_seq=taken[-1].seq,
        event_ids=frozenset(e.event_id for e in taken),
        events=tuple(taken),
        sent_mono_ns=mono_ns,
        raw=encode(message),
    )
