"""Registering stations: the ingest stores a station's batches only once the office has said
this station id belongs to this site (docs/security.md). Until then its batches are quarantined,
kept, and the station resends them."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from office import audit
from office.payroll.errors import RosterError
from sync.central.tables import stations
from sync.protocol.roster import is_identifier


def register_station(conn: Connection, site: str, station_id: str, username: str, name: str | None = None) -> bool:
    """Register `station_id` at `site` (new, or met by the ingest first); True when it changed.

    A station already known at another site is refused: moving it would re-label its history.
    """
    for label, value in (("site", site), ("station_id", station_id)):
        if not is_identifier(value):
            raise RosterError("bad_identifier", field=label, value=value[:64])
    row = conn.execute(select(stations).where(stations.c.station_id == station_id)).first()
    if row is not None and row.site != site:
        raise RosterError("station_other_site", station_id=station_id, site=row.site)
    if row is not None and row.registered and name is None:
        return False
    if row is None:
        values = {"contiguous_seq": 0, "max_seq": 0, "online": False}
        row_values = {"station_id": station_id, "site": site, "name": name or "", "registered": True, **values}
        conn.execute(insert(stations).values(**row_values))
    else:
        conn.execute(
            update(stations)
            .where(stations.c.station_id == station_id)
            .values(registered=True, **({} if name is None else {"name": name}))
        )
    audit.record(conn, username, "station.register", station_id=station_id, site=site, new=row is None)
    return True
