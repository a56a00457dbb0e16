"""Station and central office over a real mosquitto: events go up exactly once."""

from __future__ import annotations

from sqlalchemy import Engine

from station.clock import SystemClock
from station.store.outbox import SqliteOutbox
from sync.central.server import CentralServer
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


def test_two_ingesters_share_the_load_without_double_storing(
    central_engine: Engine, make_station, mosquitto
) -> None:
    servers = [CentralServer(central_engine, mosquitto.url, client_id=f"ingest-{i}") for i in (1, 2)]
    for server in servers:
        server.start()
    try:
        assert all(server.connected.wait(10) for server in servers)
        stations = [make_station(f"st-{i}") for i in range(4)]
        for sync, db in stations:
            add_events(db, sync.station_id, 300)
            sync.start()
        wait_for(lambda: all(s.status().backlog == 0 for s, _ in stations), 120, "all drained")
    finally:
        for server in servers:
            server.stop()
    for sync, db in stations:
        assert central_ids(central_engine, sync.station_id) == station_ids(db, sync.station_id)


def test_station_learns_the_server_clock_offset(central, make_station) -> None:
    clock = SystemClock()
    sync, db = make_station("st-1", clock=clock)
    add_events(db, "st-1", 10)
    sync.start()
    wait_for(lambda: sync.status().backlog == 0, what="acked")
    wait_for(lambda: clock.server_offset_ns is not None, what="offset from acks")
    assert abs(clock.server_offset_ns) < 10**9  # same machine: the clocks agree within a second


def test_the_acked_seq_of_a_burst_of_acks_is_saved_once_taken(central, central_engine: Engine, make_station) -> None:
    sync, db = make_station("st-1")
    add_events(db, "st-1", 1000)
    sync.start()
    wait_for(lambda: sync.status().backlog == 0, what="backlog drained")
    wait_for(lambda: SqliteOutbox(db, "st-1").ack_state().acked_seq == 1000, what="acked seq saved")
    sync.stop()
    assert SqliteOutbox(db, "st-1").ack_state().acked_seq == 1000
