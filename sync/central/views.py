"""Read-only views of the central database for the CLI and the office: events, stations, gaps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from sync.central.tables import events, stations


def iter_events(engine: Engine, station_id: str | None = None) -> Iterator[dict[str, Any]]:
    """Stored events in (station, seq) order, payload decoded."""
    query = select(events).order_by(events.c.station_id, events.c.seq)
    if station_id is not None:
        query = query.where(events.c.station_id == station_id)
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            record = dict(row)
            record["payload"] = json.loads(record["payload"])
            record["received_at"] = record["received_at"].isoformat()
            yield record


def gaps(engine: Engine, station_id: str) -> list[tuple[int, int]]:
    """Missing seq ranges (first, last) below the station's highest stored seq."""
    with engine.connect() as conn:
        return seq_gaps(conn, station_id)


def seq_gaps(conn: Connection, station_id: str) -> list[tuple[int, int]]:
    """`gaps` inside a transaction already open."""
    lagged = select(events.c.seq, func.lag(events.c.seq).over(order_by=events.c.seq).label("prev")).where(
        events.c.station_id == station_id
    )
    sub = lagged.subquery()
    query = (
        select(sub.c.prev, sub.c.seq).where(sub.c.seq - func.coalesce(sub.c.prev, 0) > 1).order_by(sub.c.seq)
    )
    return [(int(r.prev or 0) + 1, int(r.seq) - 1) for r in conn.execute(query)]


def station_rows(engine: Engine) -> list[dict[str, Any]]:
    """Per station: last and contiguous seq, gaps, last seen, online, backlog and versions it reported."""
    with engine.connect() as conn:
        rows = list(conn.execute(select(stations).order_by(stations.c.station_id)).mappings())
    result = []
    for row in rows:
        status = json.loads(row["status"]) if row["status"] else {}
        result.append(
            {
                "station_id": row["station_id"],
                "site": row["site"],
                "registered": bool(row["registered"]),
                "last_seq": row["max_seq"],
                "contiguous_seq": row["contiguous_seq"],
                "gaps": gaps(engine, row["station_id"]) if row["max_seq"] > row["contiguous_seq"] else [],
                "last_seen": row["last_seen"].isoformat() if row["last_seen"] else None,
                "online": bool(row["online"]),
                "backlog": status.get("backlog"),
                "config_versions": status.get("config_versions", {}),
                "app_version": status.get("app_version"),
                "rejected": status.get("rejected"),  # events it holds that the office refused for good
            }
        )
    return result
