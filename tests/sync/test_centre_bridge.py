"""Many centres: a town centre's own broker bridged to the city office broker (deploy/mosquitto/centre.conf).

Two real mosquitto processes with TLS and passwords: stations save to the centre broker on the
LAN, the bridge carries their batches to the city broker where two ingest processes share the
subscription. The WAN link is cut by restarting the city broker without the centre's bridge
credential (the bridge is refused and retries), and restored by restarting it with it.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from paho.mqtt.client import CallbackAPIVersion, Client
from paho.mqtt.enums import MQTTProtocolVersion
from sqlalchemy import Engine, update

from office.config_push import publish_config
from office.demo.seed import seed_demo
from station.app.sync_link import station_sync
from station.store.catalog import SqliteCatalog
from station.store.database import Database, open_database
from sync.central.server import CentralServer
from sync.central.tables import workers
from sync.mqtt import BrokerUrl
from sync.outbox import StationSync, Tuning
from tests.fixtures.centres import centre_acl, centre_conf, city_acl_block
from tests.fixtures.mosquitto import DEPLOY, SecureMosquitto
from tests.sync.helpers import SITE, add_events, central_count, central_ids, station_ids, wait_for

BRIDGE_USER = f"centre-{SITE}"
CITY_USERS = {
    "central-ingest-1": "ingest-1-pw",
    "central-ingest-2": "ingest-2-pw",
    "office": "office-pw",
    BRIDGE_USER: "bridge-pw",
}
STATIONS = ("st-1", "st-2", "st-3", "st-4")
# A test-only reader on the centre broker that watches the batches the stations publish there.
OBSERVER = "observer"
CENTRE_USERS = {station: f"{station}-pw" for station in STATIONS} | {OBSERVER: "observer-pw"}
# Quick, but with an ack timeout longer than a restored bridge takes to deliver the queued
# window: a shorter one would keep re-queueing every batch behind its own duplicates.
BRIDGE_S = 120.0  # a bound, not a delay: a restored bridge reconnects on its own back-off, slow under load
TUNING = Tuning(ack_timeout_s=10.0, poll_s=0.05, status_interval_s=0.5, reconnect_min_s=0.1, reconnect_max_s=0.5)


@dataclass
class CityLink:
    """The city broker, the centre broker bridged to it, and a switch for the WAN link."""

    city: SecureMosquitto
    centre: SecureMosquitto

    def cut(self) -> None:
        """The city refuses the centre's bridge from now on (ingest and office still connect)."""
        self.city.stop()
        del self.city.users[BRIDGE_USER]
        self.city.start()

    def restore(self) -> None:
        self.city.stop()
        self.city.users[BRIDGE_USER] = CITY_USERS[BRIDGE_USER]
        self.city.start()


@pytest.fixture
def link(tmp_path: Path, test_ca: Path) -> Iterator[CityLink]:
    city_acl = (DEPLOY / "acl").read_text() + city_acl_block([SITE], BRIDGE_USER)
    city = SecureMosquitto(tmp_path / "city", CITY_USERS, test_ca, acl_text=city_acl).start()
    acl = centre_acl([SITE]) + f"user {OBSERVER}\ntopic read workshop/#\n"
    conf = centre_conf(city.port, [SITE], BRIDGE_USER, CITY_USERS[BRIDGE_USER])
    centre = SecureMosquitto(tmp_path / "centre", CENTRE_USERS, test_ca, conf_text=conf, acl_text=acl)
    (centre.directory / "city-ca.crt").write_bytes((test_ca / "ca.crt").read_bytes())
    centre.start()
    yield CityLink(city, centre)
    centre.kill()
    city.kill()


@pytest.fixture
def ingest(link: CityLink, central_engine: Engine) -> Iterator[list[CentralServer]]:
    """Two ingest processes on the city broker sharing `$share/ingest/...`."""
    servers = [
        CentralServer(
            central_engine,
            link.city.url,
            client_id=user,
            username=user,
            password=CITY_USERS[user],
            ca_file=link.city.ca_file,
            reconnect_min_s=0.1,
        )
        for user in ("central-ingest-1", "central-ingest-2")
    ]
    for server in servers:
        server.start()
    for server in servers:
        assert server.connected.wait(10)
    yield servers
    for server in servers:
        server.stop()


@dataclass
class Stations:
    link: CityLink
    directory: Path
    made: list[tuple[StationSync, Database]] = field(default_factory=list)

    def start(self, station_id: str, **kwargs: object) -> tuple[StationSync, Database]:
        db = open_database(self.directory / f"{station_id}.db")
        sync = station_sync(
            db,
            station_id,
            SITE,
            self.link.centre.url,
            username=station_id,
            password=CENTRE_USERS[station_id],
            ca_file=self.link.centre.ca_file,
            tuning=TUNING,
            **kwargs,  # type: ignore[arg-type]
        )
        self.made.append((sync, db))
        sync.start()
        return sync, db


@pytest.fixture
def stations(link: CityLink, tmp_path: Path) -> Iterator[Stations]:
    made = Stations(link, tmp_path)
    yield made
    for sync, db in made.made:
        sync.stop()
        db.close()


class Observer:
    """Counts the event batches each station publishes on the centre broker."""

    def __init__(self, broker: SecureMosquitto) -> None:
        self.batches: queue.Queue[str] = queue.Queue()
        self.seen: dict[str, int] = {}
        connected: queue.Queue[object] = queue.Queue()
        self.client = Client(CallbackAPIVersion.VERSION2, client_id=OBSERVER, protocol=MQTTProtocolVersion.MQTTv5)
        self.client.username_pw_set(OBSERVER, CENTRE_USERS[OBSERVER])
        self.client.tls_set(ca_certs=broker.ca_file)
        self.client.on_connect = lambda _c, _u, _f, rc, _p: connected.put(rc)
        self.client.on_message = lambda _c, _u, m: self.batches.put(m.topic.split("/")[3])
        url = BrokerUrl.parse(broker.url)
        self.client.connect_async(url.host, url.port)
        self.client.loop_start()
        assert not connected.get(timeout=10).is_failure  # type: ignore[attr-defined]
        self.client.subscribe(f"workshop/{SITE}/station/+/events", qos=1)

    def count(self) -> dict[str, int]:
        while not self.batches.empty():
            station = self.batches.get_nowait()
            self.seen[station] = self.seen.get(station, 0) + 1
        return self.seen

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def observer(link: CityLink) -> Iterator[Observer]:
    made = Observer(link.centre)
    yield made
    made.close()


def all_stored(engine: Engine, dbs: list[tuple[StationSync, Database]]) -> Callable[[], bool]:
    total = sum(len(station_ids(db, sync.station_id)) for sync, db in dbs)
    return lambda: central_count(engine) == total and all(sync.status().backlog == 0 for sync, _ in dbs)


def test_events_saved_during_a_wan_outage_are_stored_exactly_once(
    link: CityLink, ingest: list[CentralServer], stations: Stations, observer: Observer, central_engine: Engine
) -> None:
    started = [stations.start(station) for station in STATIONS]
    for sync, db in started:
        add_events(db, sync.station_id, 50)
        sync.kick()
    wait_for(all_stored(central_engine, started), what="events stored through the bridge")

    link.cut()
    stored_before = central_count(central_engine)
    before = dict(observer.count())
    for sync, db in started:  # the benches keep saving: thousands of events in the outboxes
        add_events(db, sync.station_id, 1500)
        sync.kick()
    # Every station keeps publishing to its centre broker, whose bridge queue holds the batches.
    wait_for(
        lambda: all(observer.count().get(s, 0) >= before.get(s, 0) + 8 for s in STATIONS),
        what="batches queued at the centre during the outage",
    )
    assert central_count(central_engine) == stored_before
    assert all(sync.status().backlog > 0 for sync, _ in started)

    link.restore()
    wait_for(all_stored(central_engine, started), BRIDGE_S, what="the backlog stored after the outage")
    for sync, db in started:
        assert central_ids(central_engine, sync.station_id) == station_ids(db, sync.station_id)
    assert central_count(central_engine) == 4 * 1550


def test_config_pushed_during_a_wan_outage_reaches_the_centres_stations(
    link: CityLink, ingest: list[CentralServer], stations: Stations, central_engine: Engine
) -> None:
    seed_demo(central_engine, SITE)
    office = {"username": "office", "password": CITY_USERS["office"], "ca_file": link.city.ca_file}
    assert publish_config(central_engine, link.city.url, SITE, **office)["roster"] == 1
    first = [stations.start(station) for station in STATIONS[:2]]
    for sync, _db in first:
        wait_for(lambda s=sync: s.status().config_versions.get("roster") == 1, BRIDGE_S, what="roster v1 at station")

    link.cut()
    with central_engine.begin() as conn:
        conn.execute(update(workers).where(workers.c.worker_id == "w01").values(name="张伟伟"))
    assert publish_config(central_engine, link.city.url, SITE, **office)["roster"] == 2
    assert all(sync.status().config_versions["roster"] == 1 for sync, _ in first)

    link.restore()
    for sync, db in first:
        wait_for(lambda s=sync: s.status().config_versions["roster"] == 2, BRIDGE_S, what="roster v2 after the outage")
        assert SqliteCatalog(db).worker("w01").name == "张伟伟"
    # The centre keeps it retained: a station that starts later gets it from the LAN.
    late, late_db = stations.start(STATIONS[2])
    wait_for(lambda: late.status().config_versions.get("roster") == 2, BRIDGE_S, what="retained roster v2")
    assert SqliteCatalog(late_db).worker("w01").name == "张伟伟"
