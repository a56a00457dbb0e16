"""The compiled validator (fastjsonschema) accepts and refuses exactly what the JSON Schemas do.

The schemas in sync/protocol/schemas are the contract; `fast_validator` is only a faster way
to apply them. Valid messages of every type are generated, then mutated one node at a time
(replaced by a near miss or any JSON value, deleted, or given a stranger); jsonschema's verdict
and the fast one must agree on every message.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

import fastjsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.central.derived import derived_of_payload, derived_of_valid_payload
from sync.outbox.batches import event_to_wire
from sync.protocol.events import (
    CheckIn,
    CheckOut,
    ClockState,
    Correction,
    CorrectionReason,
    CountMethod,
    Event,
    ReceiptPrinted,
    Tally,
)
from sync.protocol.messages import VERSION, canonical_sha256, fast_validator, validator

ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", fullmatch=True)
short = st.text(min_size=1, max_size=64)
uuids = st.uuids().map(str)
ns = st.integers(min_value=0, max_value=4 * 10**18)
counts = st.integers(min_value=0, max_value=1_000_000)
weights = st.none() | st.floats(allow_nan=False, allow_infinity=False)
payloads = st.one_of(
    st.builds(CheckIn, worker_id=ids, method=short),
    st.builds(CheckOut, worker_id=ids, method=short, supervisor_id=st.none() | ids),
    st.builds(Tally, worker_id=ids, product_id=ids, count=counts, method=st.sampled_from(CountMethod),
              gross_weight_g=weights, piece_weight_g=weights),
    st.builds(Correction, target_event_id=uuids, worker_id=ids, product_id=ids, old_count=counts,
              new_count=st.none() | counts, void=st.booleans(), reason=st.sampled_from(CorrectionReason),
              supervisor_id=st.none() | ids),
    st.builds(ReceiptPrinted, target_event_id=uuids, job_id=short, reprint=st.booleans()),
)
station_events = st.builds(
    Event,
    event_id=uuids,
    station_id=st.just("st-1"),
    seq=st.integers(min_value=1, max_value=2**63 - 1),
    boot_id=st.from_regex(r"[A-Za-z0-9._-]{1,64}", fullmatch=True),
    wall_ns=ns,
    utc_offset_s=st.integers(min_value=-86400, max_value=86400),
    mono_ns=ns,
    clock_state=st.sampled_from(ClockState),
    payload=payloads,
)
wire_events = station_events.map(event_to_wire)
batches = st.fixed_dictionaries(
    {
        "v": st.just(VERSION),
        "type": st.just("events"),
        "batch_id": uuids,
        "site": ids,
        "station": ids,
        "boot_id": st.from_regex(r"[A-Za-z0-9._-]{1,64}", fullmatch=True),
        "sent_mono_ns": ns,
        "sent_wall_ns": ns,
        "events": st.lists(wire_events, min_size=1, max_size=4),
    },
    optional={"clock": st.fixed_dictionaries({"mono_offset_ns": st.integers(-(4 * 10**18), 4 * 10**18),
                                                "rtt_ns": ns})},
)
acks = st.fixed_dictionaries(
    {
        "v": st.just(VERSION),
        "type": st.just("ack"),
        "batch_id": st.none() | uuids,
        "station": ids,
        "result": st.sampled_from(["stored", "rejected"]),
        "stored": st.lists(uuids, max_size=3),
        "duplicates": st.integers(min_value=0, max_value=100),
        "reason": st.none() | st.text(max_size=20),
        "contiguous_seq": st.integers(min_value=0, max_value=2**63),
        "server_recv_ns": ns,
        "server_send_ns": ns,
        "echo_mono_ns": st.none() | ns,
    }
)
statuses = st.fixed_dictionaries(
    {
        "v": st.just(VERSION),
        "type": st.just("status"),
        "site": ids,
        "station": ids,
        "online": st.booleans(),
        "boot_id": st.text(max_size=10),
        "app_version": st.text(max_size=10),
        "wall_ns": ns,
    },
    optional={
        "backlog": st.integers(min_value=0, max_value=10**6),
        "last_acked_seq": st.integers(min_value=0, max_value=10**6),
        "config_versions": st.dictionaries(st.sampled_from(["roster", "products", "supervisors"]),
                                           st.integers(min_value=0, max_value=10**6), max_size=3),
        "health": st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=2),
    },
)
supervisor_items = st.fixed_dictionaries(
    {"supervisor_id": ids, "name": st.text(max_size=10), "pin_hash": st.text(max_size=20), "active": st.booleans()}
)
configs = st.lists(supervisor_items, max_size=3).flatmap(
    lambda data: st.fixed_dictionaries(
        {
            "v": st.just(VERSION),
            "type": st.just("config"),
            "site": ids,
            "document": st.just("supervisors"),
            "version": st.integers(min_value=1, max_value=10**6),
            "sha256": st.just(canonical_sha256(data)),
            "data": st.just(data),
        }
    )
)
MESSAGES = {"events": batches, "ack": acks, "status": statuses, "config": configs}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats() | st.text(max_size=70),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
# Values that sit right at a schema's edges: bool for int, integral floats, bounds, lengths.
near_misses = st.sampled_from(
    [True, False, 0, 1, -1, 1.0, 0.5, 2**63 - 1, 2**63, 4 * 10**18, 4 * 10**18 + 1, -86401, 86400, 1_000_001,
     "", "a", "x" * 64, "x" * 65, "-a", "a\n", str(uuid.UUID(int=1)), str(uuid.UUID(int=1)).upper(), None, [], {},
     "tally", "scale", "stored", "ack", "events"]
)


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    """Every location inside `node` (the root included) as a tuple of keys and indexes."""
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


def _mutate(message: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    message = copy.deepcopy(message)
    path = data.draw(st.sampled_from(_paths(message)[1:]))
    parent = message
    for step in path[:-1]:
        parent = parent[step]
    how = data.draw(st.sampled_from(["near", "any", "delete", "add"]))
    if how == "near":
        parent[path[-1]] = data.draw(near_misses)
    elif how == "any":
        parent[path[-1]] = data.draw(json_values)
    elif how == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[data.draw(st.text(max_size=12))] = data.draw(near_misses)
    else:
        parent.append(data.draw(near_misses | json_values))
    return message


def _fast_accepts(message_type: str, message: Any) -> bool:
    try:
        fast_validator(message_type)(message)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@pytest.mark.parametrize("message_type", sorted(MESSAGES))
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_fast_validator_agrees_with_jsonschema(message_type: str, data: st.DataObject) -> None:
    message = data.draw(MESSAGES[message_type])
    assert validator(message_type).is_valid(message), "the generator must make valid messages"
    assert _fast_accepts(message_type, message)
    for _ in range(3):
        mutated = _mutate(message, data)
        assert _fast_accepts(message_type, mutated) == validator(message_type).is_valid(mutated), mutated


def test_an_id_with_a_final_newline_is_refused_by_both() -> None:
    """A pattern's `$` is ECMA-262's end of text, not Python's "or before a final newline" (found by the test above)."""
    event = {
        "event_id": "f728b4fa-4248-5e3a-0a5d-2f346baa9455", "seq": 1, "boot_id": "c", "wall_ns": 1,
        "utc_offset_s": 0, "mono_ns": 1, "clock_state": "unsynced", "kind": "receipt_printed",
        "payload": {"target_event_id": "eb1167b3-67a9-c378-7c65-c1e582e2e662", "job_id": "q"},
    }
    message = {
        "v": VERSION, "type": "events", "batch_id": "e3e70682-c209-4cac-629f-6fbed82c07cd", "site": "a",
        "station": "st-1", "boot_id": "b", "sent_mono_ns": 0, "sent_wall_ns": 0, "events": [event],
    }
    assert validator("events").is_valid(message) and _fast_accepts("events", message)
    message["site"] = "a\n"
    assert not validator("events").is_valid(message) and not _fast_accepts("events", message)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_payload_the_schema_accepts_is_typed_alike(data: st.DataObject) -> None:
    """The ingest derives payroll columns from a payload the schema accepted without typing it
    (`derived_of_valid_payload`): sound only if the schema accepts no payload `payload_from_dict` refuses."""
    batch = _mutate(data.draw(batches), data)
    if not _fast_accepts("events", batch):
        return
    for e in batch["events"]:
        assert derived_of_valid_payload(e["kind"], e["payload"], e["wall_ns"], None, e["utc_offset_s"]) == (
            derived_of_payload(e["kind"], e["payload"], e["wall_ns"], None, e["utc_offset_s"])
        ), e
