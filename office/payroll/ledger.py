"""Central events as payroll sees them: typed payload, corrected local date, time of receipt."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import orjson

from sync.central.derived import local_day_number
from sync.protocol.errors import InvalidPayload
from sync.protocol.events import Correction, Payload, Tally, payload_from_dict

log = logging.getLogger(__name__)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@dataclass(frozen=True, slots=True)
class LedgerEvent:
    """One stored event; `at_ns` is the corrected wall clock when known, else the station's."""

    event_id: str
    station_id: str
    seq: int
    at_ns: int
    utc_offset_s: int
    received_at: datetime
    payload: Payload

    @property
    def local_date(self) -> date:
        """As `sync.protocol.events.local_date`, in integer days (payroll asks a million times)."""
        return date.fromordinal(_EPOCH_ORDINAL + local_day_number(self.at_ns, self.utc_offset_s))

    @property
    def order(self) -> tuple[int, str, int]:
        """The order facts happened in (corrections: the latest wins)."""
        return (self.at_ns, self.station_id, self.seq)


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes for timezone columns; all of ours are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# The `events` columns `ledger_events` reads, in this order (tuples are much faster than mappings).
COLUMNS = (
    "event_id",
    "station_id",
    "seq",
    "wall_ns",
    "corrected_wall_ns",
    "utc_offset_s",
    "kind",
    "payload",
    "received_at",
)


def ledger_events(rows: Iterable[Sequence[Any]]) -> tuple[list[LedgerEvent], list[str]]:
    """Typed events from `events` rows (values in COLUMNS order), and the ids of unreadable rows.

    An unreadable row is reported, never silently paid or dropped.
    """
    events: list[LedgerEvent] = []
    unreadable: list[str] = []
    # Payloads are immutable, and a worker's check-ins repeat the same text every day: parse once
    # (orjson: stored payloads are its own output, and it reads them several times faster than json).
    parsed: dict[tuple[str, str], Payload] = {}
    for event_id, station_id, seq, wall_ns, corrected_ns, offset_s, kind, text, received_at in rows:
        payload = parsed.get((kind, text))
        if payload is None:
            try:
                payload = parsed[(kind, text)] = payload_from_dict(kind, orjson.loads(text))
            except (InvalidPayload, ValueError) as exc:
                log.warning("unreadable event", extra={"event_id": event_id, "error": str(exc)})
                unreadable.append(event_id)
                continue
        at_ns = corrected_ns if corrected_ns is not None else wall_ns
        events.append(LedgerEvent(event_id, station_id, seq, at_ns, offset_s, aware(received_at), payload))
    return events, unreadable


def worker_of(event: LedgerEvent) -> str | None:
    payload = event.payload
    return getattr(payload, "worker_id", None)


def is_tally(event: LedgerEvent) -> bool:
    return isinstance(event.payload, Tally)


def is_correction(event: LedgerEvent) -> bool:
    return isinstance(event.payload, Correction)
