"""The append-only event log: the station's record and, rows after the acked seq, its outbox."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import Connection, and_, func, insert, or_, select
from sqlmodel import col

from station.clock import Stamp
from station.store.database import Database
from station.store.tables import EventRow
from sync.protocol.events import ClockState, Event, EventKind, Payload, event_to_dict, payload_from_dict

_TARGET = func.json_extract(col(EventRow.payload), "$.target_event_id")


class SqliteEventLog:
    """Appends events with a gap-free per-station seq; reads them back typed."""

    def __init__(self, db: Database, station_id: str) -> None:
        self.db = db
        self.station_id = station_id

    def append(self, payloads: Sequence[Payload], stamp: Stamp) -> list[Event]:
        """Write `payloads` as consecutive events in one durable transaction and return them.

        When this returns the events are on disk (WAL, synchronous=FULL): only then may the
        worker be told "saved".
        """
        with self.db.write() as conn:
            seq = self._last_seq(conn)
            events = []
            for payload in payloads:
                seq += 1
                events.append(
                    Event(
                        event_id=str(uuid.uuid4()),
                        station_id=self.station_id,
                        seq=seq,
                        boot_id=stamp.boot_id,
                        wall_ns=stamp.wall_ns,
                        utc_offset_s=stamp.utc_offset_s,
                        mono_ns=stamp.mono_ns,
                        clock_state=stamp.clock_state,
                        payload=payload,
                    )
                )
            conn.execute(insert(EventRow), [_to_row(e) for e in events])
        return events

    def last_seq(self) -> int:
        with self.db.read() as conn:
            return self._last_seq(conn)

    def _last_seq(self, conn: Connection) -> int:
        query = select(func.max(col(EventRow.seq))).where(col(EventRow.station_id) == self.station_id)
        return int(conn.execute(query).scalar_one() or 0)

    def get(self, event_id: str) -> Event | None:
        with self.db.read() as conn:
            row = conn.execute(select(EventRow).where(col(EventRow.event_id) == event_id)).mappings().first()
        return _from_row(row) if row else None

    def attendance_on(self, day: date) -> list[Event]:
        """This station's check-ins and check-outs of one local day, in seq order."""
        query = (
            select(EventRow)
            .where(
                col(EventRow.station_id) == self.station_id,
                col(EventRow.local_date) == day.isoformat(),
                col(EventRow.kind).in_([EventKind.CHECK_IN.value, EventKind.CHECK_OUT.value]),
            )
            .order_by(col(EventRow.seq))
        )
        return self._select(query)

    def on_date(self, day: date) -> list[Event]:
        """This station's events of one local day, plus any later correction of that day's tallies.

        Totals of a day follow its tallies, wherever (whenever) they were corrected.
        """
        mine = col(EventRow.station_id) == self.station_id
        days_tallies = select(col(EventRow.event_id)).where(
            mine, col(EventRow.local_date) == day.isoformat(), col(EventRow.kind) == EventKind.TALLY.value
        )
        query = (
            select(EventRow)
            .where(
                mine,
                or_(
                    col(EventRow.local_date) == day.isoformat(),
                    and_(col(EventRow.kind) == EventKind.CORRECTION.value, _TARGET.in_(days_tallies)),
                ),
            )
            .order_by(col(EventRow.seq))
        )
        return self._select(query)

    def referring_to(self, event_id: str) -> list[Event]:
        """Corrections and receipts that name `event_id`, in seq order."""
        return self._select(select(EventRow).where(event_id == _TARGET).order_by(col(EventRow.seq)))

    def after(self, seq: int, limit: int) -> list[Event]:
        """Up to `limit` events with a seq above `seq`, in order (the outbox's next batch)."""
        query = (
            select(EventRow)
            .where(col(EventRow.station_id) == self.station_id, col(EventRow.seq) > seq)
            .order_by(col(EventRow.seq))
            .limit(limit)
        )
        return self._select(query)

    def all(self) -> list[Event]:
        return self._select(select(EventRow).order_by(col(EventRow.station_id), col(EventRow.seq)))

    def _select(self, query: object) -> list[Event]:
        with self.db.read() as conn:
            return [_from_row(row) for row in conn.execute(query).mappings()]  # type: ignore[call-overload]


def _to_row(event: Event) -> dict[str, object]:
    row = event_to_dict(event)
    row["local_date"] = event.local_date.isoformat()
    row["payload"] = json.dumps(row["payload"], ensure_ascii=False, sort_keys=True)
    return row


def _from_row(row: object) -> Event:
    r = dict(row)  # type: ignore[call-overload]
    return Event(
        event_id=r["event_id"],
        station_id=r["station_id"],
        seq=r["seq"],
        boot_id=r["boot_id"],
        wall_ns=r["wall_ns"],
        utc_offset_s=r["utc_offset_s"],
        mono_ns=r["mono_ns"],
        clock_state=ClockState(r["clock_state"]),
        payload=payload_from_dict(r["kind"], json.loads(r["payload"])),
    )
