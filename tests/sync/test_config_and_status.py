"""Config down (roster, products, PIN hashes) and station status up, over the real broker."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from paho.mqtt.client import CallbackAPIVersion, Client
from paho.mqtt.enums import MQTTProtocolVersion
from sqlalchemy import Engine, update

from office.config_push import publish_config
from office.demo.seed import seed_demo
from station.store.catalog import SqliteCatalog
from sync.central.tables import workers
from sync.demo import DEMO_SUPERVISORS, demo_catalog
from sync.protocol import canonical_sha256, encode
from sync.protocol.pins import verify_pin
from sync.protocol.topics import config_topic
from tests.fixtures.mosquitto import Mosquitto
from tests.sync.helpers import SITE, station_row, wait_for


def test_station_applies_pushed_config_and_reports_versions(
    central, central_engine: Engine, make_station, mosquitto: Mosquitto, tmp_path: Path
) -> None:
    seed_demo(central_engine, SITE)
    assert publish_config(central_engine, mosquitto.url, SITE) == {
        "roster": 1,
        "products": 1,
        "supervisors": 1,
    }
    applied = threading.Event()
    sync, db = make_station("st-1", on_config_applied=applied.set, health=lambda: {"scale": "ok"})
    sync.start()
    wanted = {"roster": 1, "products": 1, "supervisors": 1}
    wait_for(lambda: sync.status().config_versions == wanted, what="retained config applied")
    wait_for(applied.is_set, what="on_config_applied called")
    catalog = SqliteCatalog(db).load()
    demo = demo_catalog()
    assert [w.name for w in catalog.workers] == [w.name for w in demo.workers]
    assert {p.product_id: p.piece_weight_g for p in catalog.products} == {
        p.product_id: p.piece_weight_g for p in demo.products
    }
    pins = dict((sid, pin) for sid, _name, pin in DEMO_SUPERVISORS)
    assert all(verify_pin(pins[s.supervisor_id], s.pin_hash, b"") for s in catalog.supervisors)

    # The office renames a worker: only the roster gets a new version, and the station follows.
    with central_engine.begin() as conn:
        conn.execute(update(workers).where(workers.c.worker_id == "w01").values(name="张伟伟"))
    applied.clear()
    assert publish_config(central_engine, mosquitto.url, SITE) == {
        "roster": 2,
        "products": 1,
        "supervisors": 1,
    }
    wait_for(lambda: sync.status().config_versions["roster"] == 2, what="roster v2 applied")
    wait_for(applied.is_set, what="on_config_applied called")
    assert SqliteCatalog(db).worker("w01").name == "张伟伟"
    with central_engine.connect() as conn:
        secrets = [v for row in conn.execute(workers.select()) for v in (row.bank_account, row.id_number)]
    with db.read() as conn:
        dump = "\n".join(
            str(tuple(r))
            for t in ("workers", "products", "supervisors")
            for r in conn.exec_driver_sql(f"SELECT * FROM {t}")
        )
    assert "w01" in dump and not any(s in dump for s in secrets)

    # The station reports the versions it runs, its backlog and device health to the office.
    def reported() -> bool:
        row = station_row(central_engine, "st-1")
        return row is not None and row["config_versions"] == {"roster": 2, "products": 1, "supervisors": 1}

    wait_for(reported, what="status with versions at the office")
    row = station_row(central_engine, "st-1")
    assert row is not None and row["online"] and row["backlog"] == 0


def test_bank_account_and_id_numbers_never_leave_the_office(
    central_engine: Engine, mosquitto: Mosquitto, tmp_path: Path
) -> None:
    seed_demo(central_engine, SITE)
    received: list[bytes] = []
    got_all = threading.Event()
    spy = Client(CallbackAPIVersion.VERSION2, client_id="spy", protocol=MQTTProtocolVersion.MQTTv5)

    def on_message(_c, _u, message) -> None:  # type: ignore[no-untyped-def]
        received.append(bytes(message.payload))
        if len(received) == 3:
            got_all.set()

    spy.on_message = on_message
    spy.on_connect = lambda c, *_: c.subscribe("workshop/+/config/#", qos=1)
    spy.connect("127.0.0.1", mosquitto.port)
    spy.loop_start()
    try:
        publish_config(central_engine, mosquitto.url, SITE)
        assert got_all.wait(10)
    finally:
        spy.disconnect()
        spy.loop_stop()
    everything = b"".join(received).decode()
    with central_engine.connect() as conn:
        secrets = [v for row in conn.execute(workers.select()) for v in (row.bank_account, row.id_number)]
    assert secrets and all(s not in everything for s in secrets)
    assert "bank" not in everything and "id_number" not in everything
    roster = next(json.loads(r) for r in received if json.loads(r)["document"] == "roster")
    assert set(roster["data"][0]) == {
        "worker_id",
        "name",
        "photo",
        "language",
        "active",
        "badge",
        "product_ids",
        "daily_goal",
        "speech_rate",
    }


def test_offline_status_after_stop(central, central_engine: Engine, make_station) -> None:
    sync, _db = make_station("st-2")
    sync.start()
    wait_for(lambda: (station_row(central_engine, "st-2") or {}).get("online"), what="online status")
    sync.stop()
    wait_for(lambda: not station_row(central_engine, "st-2")["online"], what="offline status")


def test_station_refuses_config_for_another_site_and_a_huge_version_jump(
    central, central_engine: Engine, make_station, mosquitto: Mosquitto
) -> None:
    seed_demo(central_engine, SITE)
    publish_config(central_engine, mosquitto.url, SITE)
    sync, db = make_station("st-1")
    sync.start()
    wait_for(lambda: sync.status().config_versions.get("roster") == 1, what="roster v1 applied")
    data = [
        {"worker_id": "w01", "name": "伪", "photo": "photos/placeholder_01.png", "language": "zh-Hans",
         "active": True, "badge": None, "product_ids": []}
    ]
    forged = Client(CallbackAPIVersion.VERSION2, protocol=MQTTProtocolVersion.MQTTv5)
    forged.connect("127.0.0.1", mosquitto.port)
    forged.loop_start()
    try:
        for site, version in (("other-site", 2), (SITE, 2**62)):
            message = {"v": 1, "type": "config", "site": site, "document": "roster", "version": version,
                       "sha256": canonical_sha256(data), "data": data}
            forged.publish(config_topic(SITE, "roster"), encode(message), qos=1, retain=True).wait_for_publish(10)
    finally:
        forged.disconnect()
        forged.loop_stop()
    # The office's real next version still applies: neither forgery moved the station's version.
    with central_engine.begin() as conn:
        conn.execute(update(workers).where(workers.c.worker_id == "w01").values(name="张伟伟"))
    assert publish_config(central_engine, mosquitto.url, SITE)["roster"] == 2
    wait_for(lambda: sync.status().config_versions["roster"] == 2, what="the real roster v2 applied")
    assert SqliteCatalog(db).worker("w01").name == "张伟伟"
