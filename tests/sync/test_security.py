"""The shipped broker config (deploy/mosquitto): TLS, one password per station, ACLs."""

from __future__ import annotations

import json
import queue
from collections.abc import Iterator
from pathlib import Path

import pytest
from paho.mqtt.client import CallbackAPIVersion, Client
from paho.mqtt.enums import MQTTProtocolVersion
from sqlalchemy import Engine, select

from station.app.sync_link import station_sync
from station.store.database import open_database
from sync.central.server import CentralServer
from sync.central.tables import quarantine
from sync.mqtt import BrokerUrl
from sync.protocol.topics import station_topic
from tests.fixtures.mosquitto import SecureMosquitto
from tests.sync.conftest import FAST
from tests.sync.helpers import SITE, add_events, central_count, central_ids, station_ids, wait_for

USERS = {"central-ingest-1": "ingest-pw", "office": "office-pw", "st-a": "a-pw", "st-b": "b-pw", "st-c": "c-pw"}
STATIONS = {"st-a": SITE, "st-b": SITE, "st-c": "site-c"}  # what office-add-station.sh --site wrote


@pytest.fixture
def secure(tmp_path: Path, test_ca: Path) -> Iterator[SecureMosquitto]:
    broker = SecureMosquitto(tmp_path / "secure", USERS, test_ca, STATIONS).start()
    yield broker
    broker.kill()


class Probe:
    """A bare MQTT v5 client that records what the broker answers."""

    def __init__(self, broker: SecureMosquitto, user: str | None, password: str | None, tls: bool = True) -> None:
        self.connack: queue.Queue[object] = queue.Queue()
        self.puback: queue.Queue[object] = queue.Queue()
        self.suback: queue.Queue[list[object]] = queue.Queue()
        self.messages: queue.Queue[tuple[str, bytes]] = queue.Queue()
        self.client = Client(CallbackAPIVersion.VERSION2, client_id=user or "", protocol=MQTTProtocolVersion.MQTTv5)
        if user:
            self.client.username_pw_set(user, password)
        url = BrokerUrl.parse(broker.url if tls else broker.plain_url)
        if tls:
            self.client.tls_set(ca_certs=broker.ca_file)
        self.client.on_connect = lambda _c, _u, _f, rc, _p: self.connack.put(rc)
        self.client.on_publish = lambda _c, _u, _m, rc, _p: self.puback.put(rc)
        self.client.on_subscribe = lambda _c, _u, _m, rcs, _p: self.suback.put(rcs)
        self.client.on_message = lambda _c, _u, m: self.messages.put((m.topic, bytes(m.payload)))
        self.client.connect_async(url.host, url.port)
        self.client.loop_start()
        self.reason = self.connack.get(timeout=10)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def probes() -> Iterator[list[Probe]]:
    made: list[Probe] = []
    yield made
    for probe in made:
        probe.close()


def probe(probes: list[Probe], broker: SecureMosquitto, user: str | None, password: str | None, **kw) -> Probe:  # type: ignore[no-untyped-def]
    made = Probe(broker, user, password, **kw)
    probes.append(made)
    return made


@pytest.mark.parametrize("tls", [True, False], ids=["tls", "loopback"])
def test_anonymous_and_wrong_password_refused(secure: SecureMosquitto, probes: list[Probe], tls: bool) -> None:
    assert probe(probes, secure, None, None, tls=tls).reason.is_failure
    assert probe(probes, secure, "st-a", "wrong", tls=tls).reason.is_failure
    assert not probe(probes, secure, "st-a", "a-pw", tls=tls).reason.is_failure


@pytest.fixture
def secure_central(secure: SecureMosquitto, central_engine: Engine) -> Iterator[CentralServer]:
    server = CentralServer(
        central_engine,
        secure.url,
        username="central-ingest-1",
        password="ingest-pw",
        ca_file=secure.ca_file,
        reconnect_min_s=0.1,
    )
    server.start()
    assert server.connected.wait(10)
    yield server
    server.stop()


def test_station_syncs_over_tls_with_its_own_credential(
    secure: SecureMosquitto, secure_central: CentralServer, central_engine: Engine, tmp_path: Path
) -> None:
    db = open_database(tmp_path / "a.db")
    add_events(db, "st-a", 120)
    sync = station_sync(
        db, "st-a", SITE, secure.url, username="st-a", password="a-pw", ca_file=secure.ca_file, tuning=FAST
    )
    sync.start()
    try:
        wait_for(lambda: sync.status().backlog == 0, what="drained over TLS")
    finally:
        sync.stop()
    assert central_ids(central_engine, "st-a") == station_ids(db, "st-a")
    db.close()


def test_station_cannot_publish_as_another(
    secure: SecureMosquitto, secure_central: CentralServer, central_engine: Engine, probes: list[Probe], db
) -> None:  # type: ignore[no-untyped-def]
    from tests.sync.test_ingest import batches

    add_events(db, "st-b", 5)
    raw = batches(db, station="st-b")[0].raw  # a valid batch of station B
    a = probe(probes, secure, "st-a", "a-pw")
    a.client.publish(station_topic(SITE, "st-b", "events"), raw, qos=1)
    assert a.puback.get(timeout=10) == "Not authorized"
    a.client.publish(f"workshop/{SITE}/config/roster", b"{}", qos=1)
    assert a.puback.get(timeout=10) == "Not authorized"
    # Through its own topic the broker lets it pass; the office sees the spoof and quarantines it.
    a.client.subscribe(station_topic(SITE, "st-a", "ack"), qos=1)
    a.suback.get(timeout=10)
    a.client.publish(station_topic(SITE, "st-a", "events"), raw, qos=1)
    topic, answer = a.messages.get(timeout=10)
    assert topic.endswith("/st-a/ack") and json.loads(answer)["result"] == "rejected"
    assert central_count(central_engine) == 0
    with central_engine.connect() as conn:
        assert conn.execute(select(quarantine.c.station_id)).scalars().all() == ["st-a"]


def test_station_cannot_read_another_stations_acks(secure: SecureMosquitto, probes: list[Probe]) -> None:
    a = probe(probes, secure, "st-a", "a-pw")
    office = probe(probes, secure, "office", "office-pw")
    a.client.subscribe([(station_topic(SITE, "st-b", "ack"), 1), (station_topic(SITE, "st-a", "ack"), 1)])
    a.suback.get(timeout=10)  # mosquitto 2.0 grants both and checks the ACL on every delivery
    office.client.publish(station_topic(SITE, "st-b", "ack"), b"for b", qos=1)
    office.client.publish(station_topic(SITE, "st-a", "ack"), b"for a", qos=1)
    # Messages of one publisher arrive in order: once A has its own, B's would have come first.
    assert a.messages.get(timeout=10) == (station_topic(SITE, "st-a", "ack"), b"for a")
    assert a.messages.empty()


SECRET_GROUP = "ingest-5f0c1d9e2b7a4c86"


def test_acl_file_does_not_refuse_a_stations_shared_subscription(secure: SecureMosquitto, probes: list[Probe]) -> None:
    """Pins the broker behaviour the defence is built on (mosquitto 2.0: subscribe is not ACL-checked)."""
    a = probe(probes, secure, "st-a", "a-pw")
    a.client.subscribe("$share/ingest/workshop/+/station/+/events", qos=1)
    assert [int(rc.value) for rc in a.suback.get(timeout=10)] == [1]  # granted: QoS 1


def test_a_station_in_the_public_share_group_steals_nothing_from_a_secret_one(
    secure: SecureMosquitto, central_engine: Engine, probes: list[Probe], tmp_path: Path
) -> None:
    server = CentralServer(
        central_engine,
        secure.url,
        username="central-ingest-1",
        password="ingest-pw",
        ca_file=secure.ca_file,
        reconnect_min_s=0.1,
        share_group=SECRET_GROUP,
    )
    server.start()
    thief = probe(probes, secure, "st-a", "a-pw")
    thief.client.subscribe([(f"$share/{g}/workshop/+/station/+/events", 1) for g in ("ingest", "x")])
    thief.suback.get(timeout=10)
    db = open_database(tmp_path / "b.db")
    add_events(db, "st-b", 16 * 20)
    sync = station_sync(
        db, "st-b", SITE, secure.url, username="st-b", password="b-pw", ca_file=secure.ca_file, tuning=FAST
    )
    try:
        assert server.connected.wait(10)
        sync.start()
        wait_for(lambda: sync.status().backlog == 0, what="st-b drained")
    finally:
        sync.stop()
        server.stop()
    assert central_ids(central_engine, "st-b") == station_ids(db, "st-b")
    assert thief.messages.empty()  # the ACL drops every delivery to the thief's own groups
    db.close()


def test_a_station_reads_only_its_own_sites_config(secure: SecureMosquitto, probes: list[Probe]) -> None:
    """Issue #15 item 6: st-c (site-c) never gets site-a's retained config and its PIN hashes."""
    office = probe(probes, secure, "office", "office-pw")
    for site in (SITE, "site-c"):
        office.client.publish(f"workshop/{site}/config/supervisors", f"hashes of {site}".encode(), qos=1, retain=True)
        assert not office.puback.get(timeout=10).is_failure
    c = probe(probes, secure, "st-c", "c-pw")
    c.client.subscribe([(f"workshop/{SITE}/config/#", 1), ("workshop/+/config/#", 1)])
    c.suback.get(timeout=10)  # granted: mosquitto 2.0 checks the ACL on delivery only
    assert c.messages.get(timeout=10) == ("workshop/site-c/config/supervisors", b"hashes of site-c")
    a = probe(probes, secure, "st-a", "a-pw")  # a later subscriber of site-a gets its own site's
    a.client.subscribe("workshop/+/config/#", qos=1)
    assert a.messages.get(timeout=10) == (f"workshop/{SITE}/config/supervisors", f"hashes of {SITE}".encode())
    # Retained messages come right after the grant; once A has its own, C's would have come too.
    assert c.messages.empty() and a.messages.empty()
    c.client.publish("workshop/site-c/station/st-c/status", b"{}", qos=1)
    assert not c.puback.get(timeout=10).is_failure
    c.client.publish(f"workshop/{SITE}/station/st-c/status", b"{}", qos=1)  # not under another site
    assert c.puback.get(timeout=10) == "Not authorized"
