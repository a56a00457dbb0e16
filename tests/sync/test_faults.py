"""Fault scenarios: each ends with the central events equal to the station events, once each."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from station.app.sync_link import station_sync
from station.clock import Stamp
from station.store.ack_book import AckBook
from station.store.database import open_database
from station.store.event_log import SqliteEventLog
from sync.central.server import CentralServer
from sync.protocol.events import CheckIn, ClockState
from tests.fixtures.mosquitto import Mosquitto, free_port
from tests.fixtures.processes import Command
from tests.sync.conftest import FAST
from tests.sync.helpers import SITE, add_events, central_count, central_ids, station_ids, wait_for

N = 3000
# Small batches, two at a time: the stream lasts long enough to be cut in the middle (a fast ingest
# stores 3,000 events of full batches before a kill lands).
TRICKLE = dataclasses.replace(FAST, window=2, batch_events=25)


def assert_exactly_once(engine: Engine, db, station_id: str = "st-1") -> None:  # type: ignore[no-untyped-def]
    assert central_ids(engine, station_id) == station_ids(db, station_id)


def test_broker_killed_mid_stream_and_restarted(central, central_engine, make_station, mosquitto) -> None:
    sync, db = make_station("st-1", tuning=TRICKLE)
    add_events(db, "st-1", N)
    sync.start()
    wait_for(lambda: central_count(central_engine, "st-1") >= 300, what="stream under way")
    mosquitto.kill()
    assert central_count(central_engine, "st-1") < N
    mosquitto.start()
    wait_for(lambda: sync.status().backlog == 0, 120, "backlog drained after broker restart")
    assert_exactly_once(central_engine, db)


@pytest.fixture
def central_process(tmp_path: Path, central_url: str, mosquitto: Mosquitto) -> Iterator[Command]:
    command = Command(
        ["-m", "sync", "central", "--db", central_url, "--broker", mosquitto.url], tmp_path / "central.log"
    )
    yield command
    command.kill()


def test_central_killed_mid_batch(central_process, central_engine, make_station) -> None:
    sync, db = make_station("st-1", tuning=TRICKLE)
    add_events(db, "st-1", N)
    central_process.start()
    sync.start()
    wait_for(lambda: central_count(central_engine, "st-1") >= 300, what="stream under way")
    central_process.kill()
    assert central_count(central_engine, "st-1") < N
    central_process.start()
    wait_for(lambda: sync.status().backlog == 0, 120, "backlog drained after central restart")
    assert_exactly_once(central_engine, db)


def test_station_sync_killed_mid_batch(central, central_engine, tmp_path: Path, mosquitto: Mosquitto) -> None:
    db = open_database(tmp_path / "station.db")
    add_events(db, "st-1", 4 * N)  # full batches, 8 in flight: N drained before the kill landed under load
    args = ["-m", "station", "sync", "--db", str(tmp_path / "station.db"), "--broker", mosquitto.url]
    args += ["--station-id", "st-1", "--site", SITE, "--ack-timeout", "1", "--poll", "0.05"]
    station = Command(args, tmp_path / "station.log").start()
    try:
        wait_for(lambda: central_count(central_engine, "st-1") >= 300, what="stream under way")
        station.kill()
        assert AckBook(db, "st-1").load().acked_seq < 4 * N
        station.start()
        wait_for(lambda: AckBook(db, "st-1").load().acked_seq == 4 * N, 120, "all acked after station restart")
    finally:
        station.kill()
    assert_exactly_once(central_engine, db)
    db.close()


def test_week_offline_backlog_drains(central_engine: Engine, tmp_path: Path) -> None:
    broker = Mosquitto(tmp_path / "later-broker")
    broker.port = free_port()  # the station knows the address; nothing listens there yet
    db = open_database(tmp_path / "offline.db")
    station = station_sync(db, "st-9", SITE, broker.url, tuning=FAST)
    station.start()
    try:
        # A week of work while the office is unreachable: 4,900 events spread over 7 days.
        log = SqliteEventLog(db, "st-9")
        week_ago = 1_700_000_000_000_000_000
        for day in range(7):
            stamp = Stamp(
                week_ago + day * 86_400 * 10**9, 28_800, day * 10**9, "boot-offline", ClockState.UNSYNCED
            )
            log.append([CheckIn(worker_id="w01")] * 700, stamp)
        status = station.status()
        assert not status.connected and status.backlog == 4900
        broker.start()
        server = CentralServer(central_engine, broker.url, reconnect_min_s=0.1)
        server.start()
        try:
            wait_for(lambda: station.status().backlog == 0, 120, "week of backlog drained")
        finally:
            server.stop()
        assert_exactly_once(central_engine, db, "st-9")
    finally:
        station.stop()
        broker.kill()
        db.close()
