"""Turning stored events into wire batches: about 100 events and at most 64 KB each."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from sync.outbox.ports import Outgoing
from sync.protocol import encode
from sync.protocol.events import Event, event_to_dict
from sync.protocol.messages import MAX_BATCH_BYTES, VERSION

# An event's fields inside a batch besides its payload (`event_to_dict` without the station,
# named once per batch).
WIRE_FIELDS = ("event_id", "seq", "boot_id", "wall_ns", "utc_offset_s", "mono_ns", "clock_state", "kind")


def event_to_wire(event: Event) -> dict[str, Any]:
    """An event inside a batch: the station is named once per batch, not per event."""
    wire = event_to_dict(event)
    del wire["station_id"]
    return wire


def wire_json(fields: dict[str, Any], payload_json: str) -> bytes:
    """An event's JSON inside a batch: its WIRE_FIELDS and its payload's JSON text as it is."""
    return orjson.dumps(fields)[:-1] + b',"payload":' + payload_json.encode() + b"}"


def outgoing(event: Event) -> Outgoing:
    """A typed event as the outbox sends it (the store splices the same from its rows)."""
    wire = event_to_wire(event)
    payload = wire.pop("payload")
    return Outgoing(event.event_id, event.seq, wire_json(wire, encode(payload).decode()))


@dataclass(frozen=True, slots=True)
class Batch:
    batch_id: str
    first_seq: int
    last_seq: int
    event_ids: frozenset[str]
    events: tuple[Outgoing, ...]  # as sent: what a rejection or a seq clash is about
    sent_mono_ns: int
    raw: bytes


def build_batch(
    events: Sequence[Outgoing],
    *,
    site: str,
    station: str,
    boot_id: str,
    mono_ns: int,
    wall_ns: int,
    clock: dict[str, int] | None,
    max_bytes: int = MAX_BATCH_BYTES,
) -> Batch:
    """The longest prefix of `events` (at least one) whose encoded batch fits in `max_bytes`.

    The batch is spliced from the events' bytes: encoding twice (to measure, then the whole) was a
    third of the station's work per batch.
    """
    envelope: dict[str, Any] = {
        "v": VERSION,
        "type": "events",
        "batch_id": str(uuid.uuid4()),
        "site": site,
        "station": station,
        "boot_id": boot_id,
        "sent_mono_ns": mono_ns,
        "sent_wall_ns": wall_ns,
    }
    if clock:
        envelope["clock"] = clock
    head = encode(envelope)[:-1] + b',"events":['  # the envelope's closing brace comes after the events
    size = len(head) + len(b"]}") - 1  # minus the first event's comma
    taken: list[Outgoing] = []
    parts: list[bytes] = []
    for event in events:
        part = event.wire
        if taken and size + len(part) + 1 > max_bytes:
            break
        parts.append(part)
        taken.append(event)
        size += len(part) + 1
    return Batch(
        batch_id=envelope["batch_id"],
        first_seq=taken[0].seq,
        last_seq=taken[-1].seq,
        event_ids=frozenset(e.event_id for e in taken),
        events=tuple(taken),
        sent_mono_ns=mono_ns,
        raw=head + b",".join(parts) + b"]}",
    )
