"""The outbox's only bookkeeping: up to which seq the central office has confirmed storage.

Kept in its own one-row-per-station table beside the events (which are never updated), so
"unsent" is simply "events with a seq above acked_seq", and a restart resumes from there.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import col

from station.store.database import Database
from station.store.tables import OutboxAckRow
from sync.outbox.ports import AckState


class AckBook:
    def __init__(self, db: Database, station_id: str) -> None:
        self.db = db
        self.station_id = station_id

    def load(self) -> AckState:
        with self.db.read() as conn:
            row = conn.execute(select(OutboxAckRow).where(col(OutboxAckRow.station_id) == self.station_id)).first()
        return AckState(row.acked_seq, row.last_ack_wall) if row else AckState()

    def advance(self, acked_seq: int, wall: float) -> None:
        """Record that every event up to `acked_seq` is stored centrally (never moves backwards)."""
        stmt = insert(OutboxAckRow).values(station_id=self.station_id, acked_seq=acked_seq, last_ack_wall=wall)
        stmt = stmt.on_conflict_do_update(
            index_elements=["station_id"],
            set_={"acked_seq": acked_seq, "last_ack_wall": wall},
            where=col(OutboxAckRow.acked_seq) < acked_seq,
        )
        with self.db.write() as conn:
            conn.execute(stmt)
