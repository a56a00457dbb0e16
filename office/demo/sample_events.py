"""Central `events` rows made up for demos, benchmarks and tests: no MQTT, no station needed.

Times are given as local wall-clock strings on a day ("09:30") at UTC+8, like a workshop
in China; `received` defaults to a minute after the event happened.
"""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert

from office.payroll.ledger import COLUMNS
from sync.central.derived import derived_columns
from sync.central.tables import events

OFFSET_S = 8 * 3600


def local(day: date, hhmm: str) -> datetime:
    """The UTC moment of a local (UTC+8) time on `day`."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=UTC) - timedelta(seconds=OFFSET_S)


class EventFactory:
    """Builds rows as the ingest stores them; `insert(conn)` writes them all."""

    def __init__(self, station_id: str = "st-1", site: str = "site-a") -> None:
        self.station_id, self.site = station_id, site
        self.rows: list[dict[str, Any]] = []
        self._seq = itertools.count(1)

    def add(
        self, kind: str, payload: dict[str, Any], day: date, hhmm: str, received: datetime | None = None
    ) -> str:
        moment = local(day, hhmm)
        wall_ns = int(moment.timestamp()) * 1_000_000_000
        event_id = str(uuid.uuid4())
        text = json.dumps(payload)
        self.rows.append(
            {
                "event_id": event_id,
                "station_id": self.station_id,
                "site": self.site,
                "seq": next(self._seq),
                "boot_id": "boot-1",
                "wall_ns": wall_ns,
                "utc_offset_s": OFFSET_S,
                "mono_ns": wall_ns,
                "clock_state": "ntp_synced",
                "kind": kind,
                "payload": text,
                "received_at": received or moment + timedelta(minutes=1),
                "corrected_wall_ns": wall_ns,
                "time_flag": "ok",
                **derived_columns(kind, text, wall_ns, wall_ns, OFFSET_S),
            }
        )
        return event_id

    def tally(self, worker: str, product: str, count: int, day: date, hhmm: str = "10:00", **kw: Any) -> str:
        payload = {"worker_id": worker, "product_id": product, "count": count, "method": "tap"}
        return self.add("tally", payload, day, hhmm, **kw)

    def correct(
        self,
        target: str,
        worker: str,
        product: str,
        old: int,
        new: int | None,
        day: date,
        hhmm: str = "16:00",
        **kw: Any,
    ) -> str:
        payload = {
            "target_event_id": target,
            "worker_id": worker,
            "product_id": product,
            "old_count": old,
            "new_count": new,
            "void": new is None,
            "reason": "miscount" if new is not None else "defective",
            "supervisor_id": "s01",
        }
        return self.add("correction", payload, day, hhmm, **kw)

    def check_in(self, worker: str, day: date, hhmm: str, **kw: Any) -> str:
        return self.add("check_in", {"worker_id": worker, "method": "photo"}, day, hhmm, **kw)

    def check_out(self, worker: str, day: date, hhmm: str, **kw: Any) -> str:
        return self.add("check_out", {"worker_id": worker, "method": "self"}, day, hhmm, **kw)

    def tuples(self) -> list[tuple[Any, ...]]:
        """The rows as `office.payroll.ledger.ledger_events` reads them."""
        return [tuple(row[name] for name in COLUMNS) for row in self.rows]

    def insert(self, conn: Connection) -> None:
        if self.rows:
            conn.execute(insert(events), self.rows)
        self.rows = []
