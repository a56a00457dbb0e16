"""What payroll reads of an event, as typed columns filled at ingest (and by migration 0006).

The payload stays the record; these columns are derived from it once, so the office sums a
month with plain SQL instead of parsing a million JSON payloads. An unreadable payload gets
only its day: payroll then loads that row itself and reports it unreadable.
"""

from __future__ import annotations

import json
from typing import Any

from sync.protocol.errors import InvalidPayload
from sync.protocol.events import NS_PER_S, Correction, Tally, payload_from_dict

DERIVED = ("local_day", "worker_id", "product_id", "piece_count", "target_event_id")


def local_day_number(at_ns: int, utc_offset_s: int) -> int:
    """Days since 1970-01-01 on the station's calendar (as `sync.protocol.events.local_date`)."""
    return (at_ns // NS_PER_S + utc_offset_s) // 86_400


def derived_columns(
    kind: str, payload: str, wall_ns: int, corrected_wall_ns: int | None, utc_offset_s: int
) -> dict[str, Any]:
    """The DERIVED columns of one stored event (`payload` as the JSON text stored)."""
    try:
        data = json.loads(payload)
    except ValueError:
        data = None  # unreadable: only its day
    return derived_of_payload(kind, data, wall_ns, corrected_wall_ns, utc_offset_s)


def derived_of_payload(
    kind: str, payload: Any, wall_ns: int, corrected_wall_ns: int | None, utc_offset_s: int
) -> dict[str, Any]:
    """The DERIVED columns of one event whose payload is parsed but not yet checked."""
    try:
        payload_from_dict(kind, payload)
    except InvalidPayload:
        return _day_only(wall_ns, corrected_wall_ns, utc_offset_s)
    return derived_of_valid_payload(kind, payload, wall_ns, corrected_wall_ns, utc_offset_s)


def derived_of_valid_payload(
    kind: str, payload: dict[str, Any], wall_ns: int, corrected_wall_ns: int | None, utc_offset_s: int
) -> dict[str, Any]:
    """The DERIVED columns of a payload known to fit its kind (the ingest's case: the events schema
    fixes each kind's fields and types as the payload dataclasses do), read without typing it."""
    values = _day_only(wall_ns, corrected_wall_ns, utc_offset_s)
    values["worker_id"] = payload.get("worker_id")
    values["product_id"] = payload.get("product_id")
    if kind == Tally.kind:
        values["piece_count"] = payload["count"]
    elif kind == Correction.kind:
        values["target_event_id"] = payload["target_event_id"]
    return values


def _day_only(wall_ns: int, corrected_wall_ns: int | None, utc_offset_s: int) -> dict[str, Any]:
    at_ns = corrected_wall_ns if corrected_wall_ns is not None else wall_ns
    values: dict[str, Any] = dict.fromkeys(DERIVED)
    values["local_day"] = local_day_number(at_ns, utc_offset_s)
    return values
