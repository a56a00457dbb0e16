"""Station and central office over a real mosquitto: events go up exactly once."""

from __future__ import annotations

from sqlalchemy import Engine

from tests.sync.helpers import add_events, central_ids, station_ids, wait_for


def test_events_reach_central_exactly_once(central, central_engine: Engine, make_station) -> None:
    sync, db = make_station("st-1")
    add_events(db, "st-1", 250)
    sync.start()
    wait_for(lambda: sync.status().backlog == 0, what="backlog drained")
    assert central_ids(central_engine, "st-1") == station_ids(db, "st-1")
    status = sync.status()
    assert status.connected and status.last_acked_seq == 250 and status.last_ack_wall is not None

    add_events(db, "st-1", 3)
    sync.kick()
    wait_for(lambda: sync.status().last_acked_seq == 253, what="new events acked")
    assert central_ids(central_engine, "st-1") == station_ids(db, "st-1")
