"""The outbox's recovery bookkeeping (docs/storage.md, "Recovery"), beside the events, never in them.

- The office's highest seq for this station (`outbox_acks.office_max_seq`): new events continue
  above it, so a station restored from an older backup stops reusing seqs the office holds.
- `seq_moves`: an unacked event whose seq the office holds under another event id is sent with a
  new seq. Safe because the office has never stored that event (it said so by event id), so its
  seq is known to no one but this station, and its identity, the event id, never changes.
- `rejected_events`: events the office refused for good; the outbox moves past them.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert

from station.store.database import Database
from station.store.event_log import SqliteEventLog
from station.store.tables import OutboxAckRow, RejectedEventRow, SeqMoveRow
from sync.outbox.ports import Outgoing, Rejected

_ACKS = OutboxAckRow.__table__  # type: ignore[attr-defined]
_MOVES = SeqMoveRow.__table__  # type: ignore[attr-defined]
_REJECTED = RejectedEventRow.__table__  # type: ignore[attr-defined]


class SyncRecovery:
    def __init__(self, db: Database, events: SqliteEventLog) -> None:
        self.db = db
        self._events = events
        self.station_id = events.station_id

    def raise_office_max_seq(self, max_seq: int) -> None:
        """Remember the office's highest seq for this station (it never moves backwards)."""
        stmt = insert(_ACKS).values(station_id=self.station_id, acked_seq=0, office_max_seq=max_seq)
        stmt = stmt.on_conflict_do_update(
            index_elements=["station_id"], set_={"office_max_seq": max_seq}, where=_ACKS.c.office_max_seq < max_seq
        )
        with self.db.write() as conn:
            conn.execute(stmt)

    def move(self, unacked: Sequence[Outgoing], clashing_ids: Collection[str]) -> int:
        """Give the `clashing_ids` among `unacked` (as sent, seq order) new seqs above every seq used
        here and at the office; returns how many moved."""
        wanted = [e for e in unacked if e.event_id in set(clashing_ids)]
        if not wanted:
            return 0
        with self.db.write() as conn:
            office = conn.execute(select(_ACKS.c.office_max_seq).where(_ACKS.c.station_id == self.station_id))
            seq = max(self._events.last_seq(), int(office.scalar() or 0))
            rows = []
            for event in wanted:
                seq += 1
                rows.append(
                    {
                        "event_id": event.event_id,
                        "station_id": self.station_id,
                        "old_seq": event.seq,
                        "new_seq": seq,
                        "moved_wall": time.time(),
                    }
                )
            conn.execute(insert(_MOVES), rows)
        return len(rows)

    def reject(self, events: Sequence[Outgoing], batch_id: str, reason: str) -> None:
        """Record that the office refused `events` for good (a repeat changes nothing)."""
        rows = [
            {
                "event_id": e.event_id,
                "station_id": self.station_id,
                "seq": e.seq,
                "batch_id": batch_id,
                "reason": reason[:1000],
                "rejected_wall": time.time(),
            }
            for e in events
        ]
        if rows:
            with self.db.write() as conn:
                conn.execute(insert(_REJECTED).on_conflict_do_nothing(), rows)

    def rejected(self) -> Rejected:
        query = select(func.count(), func.min(_REJECTED.c.seq)).where(_REJECTED.c.station_id == self.station_id)
        with self.db.read() as conn:
            count, first = conn.execute(query).one()
        return Rejected(int(count), first)
