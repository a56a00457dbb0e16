"""The station database seen through the outbox's port (`sync.outbox.ports.OutboxStore`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from station.store.ack_book import AckBook
from station.store.catalog import SqliteCatalog
from station.store.database import Database
from station.store.event_log import SqliteEventLog
from station.store.sync_recovery import SyncRecovery
from sync.outbox.ports import AckState, Outgoing, Rejected
from sync.protocol.roster import Catalog


class SqliteOutbox:
    """Events to send, ack bookkeeping and the cached catalog of one station's database."""

    def __init__(self, db: Database, station_id: str) -> None:
        self._events = SqliteEventLog(db, station_id)
        self._book = AckBook(db, station_id)
        self._catalog = SqliteCatalog(db)
        self._recovery = SyncRecovery(db, self._events)

    def events_after(self, seq: int, limit: int) -> Sequence[Outgoing]:
        return self._events.outgoing_after(seq, limit)

    def last_seq(self) -> int:
        return self._events.last_seq()

    def ack_state(self) -> AckState:
        return self._book.load()

    def advance_ack(self, acked_seq: int, wall: float) -> None:
        self._book.advance(acked_seq, wall)

    def learn_office_max_seq(self, max_seq: int) -> None:
        self._recovery.raise_office_max_seq(max_seq)

    def move_seqs(self, events: Sequence[Outgoing], clashing_ids: Collection[str]) -> int:
        return self._recovery.move(events, clashing_ids)

    def reject(self, events: Sequence[Outgoing], batch_id: str, reason: str) -> None:
        self._recovery.reject(events, batch_id, reason)

    def rejected(self) -> Rejected:
        return self._recovery.rejected()

    def catalog(self) -> Catalog:
        return self._catalog.load()

    def replace_catalog(self, catalog: Catalog) -> None:
        self._catalog.replace(catalog)
