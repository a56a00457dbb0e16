"""A batch built from encoded events is the same message as the batch encoded whole, and as long as fits.

`build_batch` splices the batch from each event's bytes (encoded once); this checks the splice
against `encode` of the message and the byte limit against the longest prefix that fits.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from station.store.database import Database
from station.store.event_log import SqliteEventLog
from sync.outbox.batches import build_batch, event_to_wire, outgoing
from sync.protocol import decode, encode
from sync.protocol.events import Event
from tests.sync.helpers import add_events
from tests.sync.test_fast_validator import station_events


@settings(max_examples=150, deadline=None)
@given(
    events=st.lists(station_events, min_size=1, max_size=12),
    max_bytes=st.integers(min_value=1, max_value=6000),
    clock=st.none()
    | st.fixed_dictionaries({"mono_offset_ns": st.integers(0, 10**18), "rtt_ns": st.integers(0, 10**9)}),
)
def test_the_spliced_batch_is_the_encoded_message_and_the_longest_prefix_that_fits(
    events: list[Event], max_bytes: int, clock: dict[str, int] | None
) -> None:
    sent = [outgoing(e) for e in events]
    batch = build_batch(
        sent, site="site-a", station="st-1", boot_id="boot-1", mono_ns=5, wall_ns=7, clock=clock, max_bytes=max_bytes
    )
    message = decode(batch.raw, "events")  # valid JSON that the schema accepts
    taken = len(batch.events)
    assert batch.events == tuple(sent[:taken]) and message["events"] == [event_to_wire(e) for e in events[:taken]]
    assert len(batch.raw) == len(encode(message))
    assert taken == 1 or len(batch.raw) <= max_bytes
    if taken < len(events):  # one more event would not have fitted
        longer = {**message, "events": [*message["events"], event_to_wire(events[taken])]}
        assert len(encode(longer)) > max_bytes


def test_the_store_splices_the_same_event_json_as_the_typed_event(db: Database) -> None:
    """`outgoing_after` splices the stored payload text unparsed: the same event as encoding the typed one."""
    add_events(db, "st-1", 6)
    log = SqliteEventLog(db, "st-1")
    spliced, typed = log.outgoing_after(2, 3), [outgoing(e) for e in log.after(2, 3)]
    assert [(e.event_id, e.seq) for e in spliced] == [(e.event_id, e.seq) for e in typed] and len(spliced) == 3
    assert [json.loads(e.wire) for e in spliced] == [json.loads(e.wire) for e in typed]
