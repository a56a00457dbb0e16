"""Building the station's sync link: the outbox in `sync` over this station's database and clock."""

from __future__ import annotations

from typing import Any

from station import __version__
from station.clock import SystemClock
from station.store.database import Database
from station.store.outbox import SqliteOutbox
from sync.outbox import StationSync


def station_sync(
    db: Database, station_id: str, site: str, broker_url: str, *, clock: SystemClock | None = None, **options: Any
) -> StationSync:
    """A `StationSync` draining `db`; `options` are StationSync's keyword options (credentials, tuning …)."""
    return StationSync(
        SqliteOutbox(db, station_id),
        clock or SystemClock(),
        station_id=station_id,
        site=site,
        broker_url=broker_url,
        app_version=__version__,
        **options,
    )
