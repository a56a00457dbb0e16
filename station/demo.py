"""A demo morning at the bench, recorded through the real service into a station database.

Used by `python -m station demo-data`, the kiosk demo and the tests; the workshop itself is
`sync.demo`.
"""

from __future__ import annotations

from station.clock import SystemClock
from station.services.workshop import WorkshopRules, WorkshopService
from station.store.catalog import SqliteCatalog
from station.store.database import Database
from station.store.event_log import SqliteEventLog
from sync.protocol.events import CountMethod


def record_demo_day(db: Database, station_id: str) -> int:
    """A morning at the bench: four workers check in and record some tallies."""
    service = WorkshopService(SqliteEventLog(db, station_id), SqliteCatalog(db), SystemClock(), WorkshopRules())
    written = 0
    for worker_id, product_id, counts in (
        ("w01", "bead-stringing", (12, 15, 9)),
        ("w02", "neon-stringing", (6, 8)),
        ("w05", "willow-weaving", (2, 3)),
        ("w06", "seat-cushion", (4,)),
    ):
        service.check_in(worker_id)
        written += 1
        product = SqliteCatalog(db).product(product_id)
        assert product is not None
        for count in counts:
            weight = round(count * product.piece_weight_g, 1) if product.count_mode is CountMethod.SCALE else None
            service.record_tally(worker_id, product_id, count, product.count_mode, weight, product.piece_weight_g)
            written += 1
    return written
