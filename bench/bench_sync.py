"""Sync throughput over a real mosquitto on loopback.

1. Drain a backlog of --events events from one station database into the central database
   (station in this process, the ingest as `python -m sync central` in another).
2. Raw paho QoS 1 publish -> receive of as many ~200-byte messages on the same broker.
3. --stations stations publishing their backlogs at once into --ingesters ingest processes.

    .venv/bin/python bench/bench_sync.py [--events 100000] [--stations 50] [--db URL]

Prints the figures recorded in docs/sync.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from paho.mqtt.client import CallbackAPIVersion, Client  # noqa: E402
from paho.mqtt.enums import MQTTProtocolVersion  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from office.db import open_office  # noqa: E402
from office.demo.seed import seed_demo  # noqa: E402
from office.stations import register_station  # noqa: E402
from station.app.sync_link import station_sync  # noqa: E402
from station.clock import SystemClock  # noqa: E402
from station.store.database import Database, open_database  # noqa: E402
from station.store.event_log import SqliteEventLog  # noqa: E402
from sync.central.db import open_central  # noqa: E402
from sync.central.tables import events  # noqa: E402
from sync.logs import configure_logging  # noqa: E402
from sync.outbox import Tuning  # noqa: E402
from sync.protocol.events import CountMethod, Tally  # noqa: E402
from tests.fixtures.mosquitto import Mosquitto  # noqa: E402
from tests.fixtures.processes import Command  # noqa: E402

SITE = "bench"
TUNING = Tuning()  # as shipped: acks and kicks drive the outbox, polls only every 2 s
DEADLINE_S = 900
RAW_WINDOW = TUNING.window * TUNING.batch_events  # as many messages in flight as the outbox has events


@dataclass(frozen=True)
class Drain:
    """Wall seconds of a drain and the CPU seconds each party spent in it (where the time goes)."""

    seconds: float
    cpu_stations: float  # this process: the stations' sync threads and paho loops
    cpu_ingest: float
    cpu_broker: float

    def cpu_line(self) -> str:
        return (
            f"  CPU s: stations {self.cpu_stations:.2f}, ingest {self.cpu_ingest:.2f}, "
            f"broker {self.cpu_broker:.2f} (wall {self.seconds:.2f})"
        )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fill(db: Database, station_id: str, n: int) -> None:
    log, clock = SqliteEventLog(db, station_id), SystemClock()
    for start in range(0, n, 5000):
        size = min(5000, n - start)
        log.append(
            [Tally("w01", "bead-stringing", 1 + i % 9, CountMethod.SCALE, 86.0, 8.6) for i in range(size)],
            clock.now(),
        )


def wait(condition, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {what}")
        time.sleep(0.05)  # the check reads every station database: not too often, it shares the CPU


def stored(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(events)).scalar_one())


def drain(
    tmp: Path, broker: Mosquitto, db_url: str, stations: int, per_station: int, ingesters: int
) -> Drain:
    """Seconds from start until every station's backlog is acked (events stored centrally)."""
    open_office(db_url).dispose()  # the office's migrations own the schema; the ingest only uses it
    engine = open_central(db_url)
    seed_demo(engine, SITE)  # the roster the ingest checks tallies against
    base = stored(engine)
    dbs = []
    for i in range(stations):
        db = open_database(tmp / f"st-{stations}-{i}.db")
        fill(db, f"st-{stations}-{i}", per_station)
        with engine.begin() as conn:
            register_station(conn, SITE, f"st-{stations}-{i}", "bench")
        dbs.append(db)
    central = [
        Command(
            ["-m", "sync", "central", "--db", db_url, "--broker", broker.url, "--client-id", f"ingest-{k}"],
            tmp / f"central-{k}.log",
        ).start()
        for k in range(ingesters)
    ]
    wait_for_ingest(broker)
    syncs = [
        station_sync(db, f"st-{stations}-{i}", SITE, broker.url, tuning=TUNING) for i, db in enumerate(dbs)
    ]
    assert broker.process is not None
    pids = [c.process.pid for c in central if c.process is not None]
    try:
        cpu = (time.process_time(), sum(map(cpu_seconds, pids)), cpu_seconds(broker.process.pid))
        started = time.perf_counter()
        for s in syncs:
            s.start()
        wait(lambda: all(s.status().backlog == 0 for s in syncs), "backlog drained")
        elapsed = time.perf_counter() - started
        result = Drain(
            elapsed,
            time.process_time() - cpu[0],
            sum(map(cpu_seconds, pids)) - cpu[1],
            cpu_seconds(broker.process.pid) - cpu[2],
        )
        assert stored(engine) - base == stations * per_station, "not every event stored exactly once"
    finally:
        for s in syncs:
            s.stop()
        for c in central:
            c.terminate()
        for db in dbs:
            db.close()
        engine.dispose()
    return result


def wait_for_ingest(broker: Mosquitto) -> None:
    """Until an ingest process subscribes, the broker drops batches ("No matching subscribers")."""
    answers: list[object] = []
    probe = Client(CallbackAPIVersion.VERSION2, client_id="bench-probe", protocol=MQTTProtocolVersion.MQTTv5)
    probe.on_publish = lambda _c, _u, _m, rc, _p: answers.append(rc)
    probe.connect("127.0.0.1", broker.port)
    probe.loop_start()
    try:
        deadline = time.monotonic() + 30
        while not answers or answers[-1] != 0:
            if time.monotonic() > deadline:
                raise SystemExit("no ingest process subscribed")
            probe.publish(f"workshop/{SITE}/station/probe/status", b"probe", qos=1).wait_for_publish(5)
            time.sleep(0.05)
    finally:
        probe.disconnect()
        probe.loop_stop()


def raw_qos1(broker: Mosquitto, n: int, size: int = 200) -> Drain:
    """Seconds to publish `n` QoS 1 messages and receive them all on a second client (both
    clients in this process: their CPU is reported as the stations')."""
    received = threading.Event()
    count = 0

    def on_message(*_args) -> None:  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        if count == n:
            received.set()

    sub = Client(CallbackAPIVersion.VERSION2, client_id="bench-sub", protocol=MQTTProtocolVersion.MQTTv5)
    pub = Client(CallbackAPIVersion.VERSION2, client_id="bench-pub", protocol=MQTTProtocolVersion.MQTTv5)
    subscribed = threading.Event()
    sub.on_message = on_message
    sub.on_subscribe = lambda *_a: subscribed.set()
    sub.connect("127.0.0.1", broker.port)
    sub.loop_start()
    sub.subscribe("bench/raw", qos=1)
    assert subscribed.wait(10)
    pub.max_inflight_messages_set(100)
    pub.connect("127.0.0.1", broker.port)
    pub.loop_start()
    payload = b"x" * size
    assert broker.process is not None
    cpu = (time.process_time(), cpu_seconds(broker.process.pid))
    started = time.perf_counter()
    for sent in range(n):
        # Keep at most WINDOW messages between publisher and subscriber, as the outbox does:
        # an unbounded burst overflows the broker's per-client queue and it drops messages.
        while sent - count >= RAW_WINDOW:
            time.sleep(0.0005)
        pub.publish("bench/raw", payload, qos=1)
    assert received.wait(120), f"received {count} of {n}"
    elapsed = time.perf_counter() - started
    result = Drain(elapsed, time.process_time() - cpu[0], 0.0, cpu_seconds(broker.process.pid) - cpu[1])
    for client in (pub, sub):
        client.disconnect()
        client.loop_stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000, help="backlog of the one station")
    parser.add_argument("--stations", type=int, default=50, help="stations publishing at once")
    parser.add_argument("--fleet-events", type=int, default=1_000, help="backlog of each of those stations")
    parser.add_argument("--ingesters", type=int, default=1, help="ingest processes sharing the load")
    parser.add_argument("--db", help="central database URL (default: an SQLite file in a temp dir)")
    args = parser.parse_args()
    configure_logging("WARNING")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        db_url = args.db or f"sqlite:///{tmp / 'central.db'}"
        # Unlimited per-client queue for the raw subscriber (the window below bounds it anyway).
        broker = Mosquitto(
            tmp / "broker", "allow_anonymous true\nmax_queued_messages 0\n", persistence=False
        ).start()
        try:
            one = drain(tmp, broker, db_url, 1, args.events, args.ingesters)
            raw = raw_qos1(broker, args.events)
            fleet_drain = drain(tmp, broker, db_url, args.stations, args.fleet_events, args.ingesters)
        finally:
            broker.kill()
    t_sync, t_raw, t_fleet = one.seconds, raw.seconds, fleet_drain.seconds
    sync_rate, raw_rate = args.events / t_sync, args.events / t_raw
    fleet = args.stations * args.fleet_events
    print(f"central database: {db_url.split(':')[0]}; ingest processes: {args.ingesters}")
    print(f"station backlog drain: {args.events} events in {t_sync:.2f} s = {sync_rate:,.0f} events/s")
    print(one.cpu_line())
    print(f"raw paho QoS 1 publish->receive: {args.events} msgs in {t_raw:.2f} s = {raw_rate:,.0f} msg/s")
    print(raw.cpu_line())
    print(f"ratio sync events/s : raw QoS 1 msg/s = {sync_rate / raw_rate:.2f}")
    print(
        f"{args.stations} stations at once: {fleet} events in {t_fleet:.2f} s "
        f"= {fleet / t_fleet:,.0f} events/s"
    )
    print(fleet_drain.cpu_line())
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
