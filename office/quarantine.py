"""The quarantine as the office sees it: refused batches, what became of them, and re-ingesting one.

A batch refused for good stays on its station (kept, reported in the status, not resent) and here
as raw bytes. After the cause is fixed (a roster entry, newer software) an admin re-runs the stored
bytes through the same ingest; events already stored count as duplicates, so a repeat is harmless.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from office import audit
from office.payroll.errors import OfficeError
from sync.central.ingest import Ingestor
from sync.central.tables import events, quarantine

PREVIEW_BYTES = 400


class QuarantineError(OfficeError):
    """A quarantined message that cannot be re-ingested as asked."""


@dataclass(frozen=True, slots=True)
class Reingested:
    """What a re-ingest did: the flash message key and the values it names."""

    key: str
    values: dict[str, Any]


def rows(conn: Connection, limit: int = 200) -> list[dict[str, Any]]:
    """The newest quarantined messages; for a readable batch its events, seqs and how many are stored now."""
    found = conn.execute(select(quarantine).order_by(quarantine.c.id.desc()).limit(limit)).mappings().all()
    return [{**row, **_batch_summary(conn, bytes(row["raw"]))} for row in found]


def _batch_summary(conn: Connection, raw: bytes) -> dict[str, Any]:
    preview = raw[:PREVIEW_BYTES].decode("utf-8", "replace")
    try:
        wire = json.loads(raw)["events"]
        ids, seqs = [e["event_id"] for e in wire], [int(e["seq"]) for e in wire]
    except (ValueError, KeyError, TypeError):  # not a batch, or not readable as one: nothing to re-ingest
        return {"raw": preview, "batch": False}
    stored = conn.execute(select(func.count()).select_from(events).where(events.c.event_id.in_(ids))).scalar_one()
    return {
        "raw": preview,
        "batch": bool(ids),
        "events": len(ids),
        "first_seq": min(seqs, default=None),
        "last_seq": max(seqs, default=None),
        "stored": int(stored),
    }


def reingest(engine: Engine, quarantine_id: int, actor: str) -> Reingested:
    """Run quarantined message `quarantine_id` through the ingest again; audited either way."""
    outcome = Ingestor(engine).reingest(quarantine_id)
    if outcome is None:
        raise QuarantineError("quarantine_unknown", id=quarantine_id)
    ack = outcome.ack
    if ack is None:
        result = Reingested("quarantine.not_a_batch", {"id": quarantine_id})
    elif ack["result"] == "stored":
        result = Reingested(
            "quarantine.reingested", {"id": quarantine_id, "new": outcome.stored, "duplicates": outcome.duplicates}
        )
    else:
        result = Reingested("quarantine.still_refused", {"id": quarantine_id, "reason": ack["reason"]})
    with engine.begin() as conn:
        audit.record(conn, actor, "quarantine.reingest", result=result.key, **result.values)
    return result
