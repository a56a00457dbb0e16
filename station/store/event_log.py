"""The append-only event log: the station's record and, rows after the acked seq, its outbox."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, insert, literal_column, select, union_all
from sqlmodel import col

from station.clock import Stamp
from station.store.database import Database
from station.store.tables import EventRow, OutboxAckRow, SeqMoveRow
from sync.outbox.batches import WIRE_FIELDS, wire_json
from sync.outbox.ports import Outgoing
from sync.protocol.events import ClockState, Event, EventKind, Payload, event_to_dict, payload_from_dict

# The JSON path is a literal, not a bound parameter: only then does SQLite match the expression index ix_events_target.
_TARGET = func.json_extract(col(EventRow.payload), literal_column("'$.target_event_id'"))
_EVENTS = EventRow.__table__  # type: ignore[attr-defined]
_MOVES = SeqMoveRow.__table__  # type: ignore[attr-defined]


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
            seq = max(self._last_seq(conn), self._office_max_seq(conn))
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
        """The highest seq used, a moved one included (docs/storage.md, "Recovery")."""
        with self.db.read() as conn:
            return self._last_seq(conn)

    def _last_seq(self, conn: Connection) -> int:
        query = select(func.max(col(EventRow.seq))).where(col(EventRow.station_id) == self.station_id)
        moved = select(func.max(_MOVES.c.new_seq)).where(_MOVES.c.station_id == self.station_id)
        return max(int(conn.execute(query).scalar_one() or 0), int(conn.execute(moved).scalar_one() or 0))

    def _has_moves(self) -> bool:
        with self.db.read() as conn:
            return (
                conn.execute(select(_MOVES.c.event_id).where(_MOVES.c.station_id == self.station_id).limit(1)).first()
                is not None
            )

    def _office_max_seq(self, conn: Connection) -> int:
        query = select(col(OutboxAckRow.office_max_seq)).where(col(OutboxAckRow.station_id) == self.station_id)
        return int(conn.execute(query).scalar() or 0)

    def get(self, event_id: str) -> Event | None:
        with self.db.read() as conn:
            row = conn.execute(select(EventRow).where(col(EventRow.event_id) == event_id)).mappings().first()
        return _from_row(row) if row else None

    def attendance_on(self, day: date) -> list[Event]:
        """This station's check-ins and check-outs of one local day, in seq order."""
        query = select(EventRow).where(
            col(EventRow.station_id) == self.station_id,
            col(EventRow.local_date) == day.isoformat(),
            col(EventRow.kind).in_([EventKind.CHECK_IN.value, EventKind.CHECK_OUT.value]),
        )
        return sorted(self._select(query), key=_by_seq)

    def on_date(self, day: date) -> list[Event]:
        """This station's events of one local day, plus any later correction of that day's tallies.

        Totals of a day follow its tallies, wherever (whenever) they were corrected. Two reads in one
        snapshot, each an index search: the day's rows by (station, day), then the corrections naming
        its tallies by `ix_events_target`, the ids handed over as one JSON array (one statement
        whatever the day's count: a list of bound ids made a new prepared statement of hundreds of
        parameters for every count, and the connection's statement cache kept them). Sorted here, not
        by SQL: asked for `ORDER BY seq` (or given one query with an OR, or a station condition on the
        corrections), SQLite walks every event of the station in seq order instead.
        """
        on_day = select(EventRow).where(
            col(EventRow.station_id) == self.station_id, col(EventRow.local_date) == day.isoformat()
        )
        with self.db.read() as conn:
            events = [_from_row(row) for row in conn.execute(on_day).mappings()]
            tallies = [e.event_id for e in events if e.kind is EventKind.TALLY]
            if tallies:
                named = func.json_each(json.dumps(tallies)).table_valued("value")
                later = select(EventRow).where(
                    _TARGET.in_(select(named.c.value)),
                    col(EventRow.kind) == EventKind.CORRECTION.value,
                    col(EventRow.local_date) != day.isoformat(),
                )
                fixes = (_from_row(row) for row in conn.execute(later).mappings())
                events.extend(e for e in fixes if e.station_id == self.station_id)
        return sorted(events, key=_by_seq)

    def referring_to(self, event_id: str) -> list[Event]:
        """Corrections and receipts that name `event_id`, in seq order."""
        return self._select(select(EventRow).where(event_id == _TARGET).order_by(col(EventRow.seq)))

    def after(self, seq: int, limit: int) -> list[Event]:
        """Up to `limit` events whose seq *as sent* is above `seq`, in that order, typed."""
        return [_from_row(row) for row in self._rows_after(seq, limit)]

    def outgoing_after(self, seq: int, limit: int) -> list[Outgoing]:
        """The same as `after`, as the outbox sends them: the stored payload JSON spliced, not parsed."""
        return [
            Outgoing(row["event_id"], row["seq"], wire_json({f: row[f] for f in WIRE_FIELDS}, row["payload"]))
            for row in self._rows_after(seq, limit)
        ]

    def _rows_after(self, seq: int, limit: int) -> list[dict[str, Any]]:
        """The rows of `after` (the outbox's next batch), "seq" the seq as sent.

        An event in `seq_moves` is sent with its latest moved seq; the rest with their own. Moves
        are rare (a restore from an older backup), so without any the plain indexed range is read.
        """
        if not self._has_moves():
            query = (
                select(_EVENTS)
                .where(_EVENTS.c.station_id == self.station_id, _EVENTS.c.seq > seq)
                .order_by(_EVENTS.c.seq)
                .limit(limit)
            )
            with self.db.read() as conn:
                return [dict(row) for row in conn.execute(query).mappings()]
        latest = (
            select(_MOVES.c.event_id, func.max(_MOVES.c.new_seq).label("sent_seq"))
            .where(_MOVES.c.station_id == self.station_id)
            .group_by(_MOVES.c.event_id)
            .subquery()
        )
        mine = _EVENTS.c.station_id == self.station_id
        unmoved = (
            select(_EVENTS, _EVENTS.c.seq.label("sent_seq"))
            .where(mine, _EVENTS.c.seq > seq, _EVENTS.c.event_id.not_in(select(latest.c.event_id)))
            .order_by(_EVENTS.c.seq)
            .limit(limit)  # each side limited first: the unique (station_id, seq) index serves this one
            .subquery()
        )
        moved = (
            select(_EVENTS, latest.c.sent_seq)
            .join(latest, latest.c.event_id == _EVENTS.c.event_id)
            .where(mine, latest.c.sent_seq > seq)
            .order_by(latest.c.sent_seq)
            .limit(limit)
            .subquery()
        )
        query = union_all(select(unmoved), select(moved)).order_by(literal_column("sent_seq")).limit(limit)
        with self.db.read() as conn:
            return [{**row, "seq": row["sent_seq"]} for row in conn.execute(query).mappings()]

    def all(self) -> list[Event]:
        return self._select(select(EventRow).order_by(col(EventRow.station_id), col(EventRow.seq)))

    def _select(self, query: object) -> list[Event]:
        with self.db.read() as conn:
            return [_from_row(row) for row in conn.execute(query).mappings()]  # type: ignore[call-overload]


def _by_seq(event: Event) -> int:
    return event.seq


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
