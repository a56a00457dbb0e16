"""The quarantine as the office sees it: refused batches, what became of them, and re-ingesting one.

A batch refused for good stays on its station (kept, reported in the status, not resent) and here
as raw bytes. After the cause is fixed (a roster entry, newer software) an admin re-runs the stored
bytes through the same ingest; events already stored count as duplicates, so a repeat is harmless.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from office import audit
from office.payroll.errors import OfficeError
from office.tables import quarantine_handled
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


# What a refusal's reason (the ingest's English, kept as logged) means for the office, first match
# wins: the translation table explains each in the reader's language and says what to do.
REASONS = (
    ("is not registered at the office", "unregistered"),
    ("not on the roster of site", "not_on_roster"),
    ("reuse seqs already stored", "seq_clash"),
    ("conflicts with a stored event", "conflict"),
    ("unsupported schema version", "schema_version"),
    ("exceeds", "too_big"),
    ("on the topic of", "wrong_topic"),
    ("not a station topic", "wrong_topic"),
    ("nothing is ingested from", "wrong_topic"),
    ("repeats an event id or a seq", "malformed"),
    ("not UTF-8 JSON", "malformed"),
    ("is not a JSON object", "malformed"),
    ("schema:", "malformed"),
    ("expected a", "malformed"),
)


def explain(reason: str) -> str:
    """The translation key explaining `reason` (`quarantine.why.<kind>`)."""
    kind = next((kind for needle, kind in REASONS if needle in reason), "other")
    return f"quarantine.why.{kind}"


def summary(conn: Connection, row: Mapping[str, Any]) -> dict[str, Any]:
    """A quarantine row as the page shows it: the reason explained and, for a readable batch, its
    events, seqs and how many are stored now."""
    return {**row, "why": explain(row["reason"]), **_batch_summary(conn, bytes(row["raw"]))}


def mark_handled(conn: Connection, quarantine_id: int, note: str, actor: str) -> None:
    """Record that the office dealt with message `quarantine_id` and how (audited); once only."""
    note = note.strip()
    if not note:
        raise QuarantineError("reason_required")
    if conn.execute(select(quarantine.c.id).where(quarantine.c.id == quarantine_id)).first() is None:
        raise QuarantineError("quarantine_unknown", id=quarantine_id)
    done = select(quarantine_handled.c.quarantine_id).where(quarantine_handled.c.quarantine_id == quarantine_id)
    if conn.execute(done).first() is not None:
        raise QuarantineError("quarantine_already_handled", id=quarantine_id)
    values = {"quarantine_id": quarantine_id, "note": note, "handled_by": actor, "handled_at": audit.now_utc()}
    conn.execute(insert(quarantine_handled).values(**values))
    audit.record(conn, actor, "quarantine.handled", id=quarantine_id, note=note)


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


def reingest_station(engine: Engine, station_id: str, actor: str) -> int:
    """Run a station's quarantined batches through the ingest again, oldest first (after the office
    registered it or fixed its roster): what it saved meanwhile is stored without anyone picking
    batches by hand. Returns how many were stored now; each attempt is audited."""
    with engine.connect() as conn:
        query = select(quarantine.c.id).where(quarantine.c.station_id == station_id).order_by(quarantine.c.id)
        ids = list(conn.execute(query).scalars())
    return sum(reingest(engine, quarantine_id, actor).key == "quarantine.reingested" for quarantine_id in ids)
