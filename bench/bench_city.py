"""City scale: 32 centres × 10 stations bridged to one city broker, plus one centre's week-long backlog.

What really runs (2 cores carry a handful of brokers, not 33), all on 127.0.0.1:
- the city broker (deploy/mosquitto/mosquitto.conf: TLS, passwords, ACL) and two ingest
  processes `python -m sync central` sharing its subscription;
- 4 centre brokers (deploy/mosquitto/centre.conf: bridged to the city over TLS with their own
  credential, persistent queue), each carrying the topics of 8 centres (sites) × 10 stations;
- a 5th centre broker carrying one centre: the backlog centre;
- 330 stations, each a real `StationSync` (station/app/sync_link.py) with the production Tuning
  on its own station SQLite file, logging in to its centre over TLS; the stations of one centre
  broker run in one worker process.
Each worker saves one tally per live station every --interval seconds, round robin so the saves
are evenly spread (a bench does about 60 an hour: the default 15 s compresses time 4×; each live
tally travels alone in its batch, so this is one central commit per tally).

Scenarios, on SQLite and on PostgreSQL (a throw-away database on 127.0.0.1:5432):
  steady   the 320 live stations for --seconds;
  backlog  the same live load while the backlog centre's 10 stations, whose outboxes hold a
           week of tallies each (7 days × 8 h × 60 an hour = 3,360), connect at once.
Figures: events/s stored centrally, and save → stored latency p50/p99 of the live tallies
(save = the event's wall_ns, stored = central received_at; one machine, one clock).

    .venv/bin/python bench/bench_city.py [--db sqlite postgresql] [--seconds 20] [--interval 15]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import multiprocessing
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy  # noqa: E402
from sqlalchemy import Engine, select  # noqa: E402

from office.db import open_office  # noqa: E402
from station.app.sync_link import station_sync  # noqa: E402
from station.clock import SystemClock  # noqa: E402
from station.store.database import Database, open_database  # noqa: E402
from station.store.event_log import SqliteEventLog  # noqa: E402
from sync import mqtt  # noqa: E402
from sync.central.db import open_central  # noqa: E402
from sync.central.tables import events  # noqa: E402
from sync.logs import configure_logging  # noqa: E402
from sync.outbox import StationSync, Tuning  # noqa: E402
from sync.protocol.events import CountMethod, Tally  # noqa: E402
from tests.fixtures.centres import centre_acl, centre_conf, city_acl_block  # noqa: E402
from tests.fixtures.mosquitto import DEPLOY, SecureMosquitto, make_test_ca  # noqa: E402
from tests.fixtures.processes import Command  # noqa: E402

BROKERS, SITES_PER_BROKER, STATIONS_PER_SITE = 4, 8, 10
BACKLOG_SITE = f"c{BROKERS * SITES_PER_BROKER:02d}"
LIVE_STATIONS = BROKERS * SITES_PER_BROKER * STATIONS_PER_SITE
WEEK = 7 * 8 * 60  # tallies of one station in a week
INGESTERS = ("central-ingest-1", "central-ingest-2")
CITY_USERS = {user: f"{user}-pw" for user in (*INGESTERS, "office")}
TUNING = Tuning(status_interval_s=600.0)  # production timing; status once at connect only
DEADLINE_S = 240.0
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def wait(condition: Callable[[], bool], what: str, timeout_s: float = DEADLINE_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {what}")
        time.sleep(0.05)


@dataclass
class Station:
    site: str
    station_id: str
    db: Database
    sync: StationSync

    def save(self, clock: SystemClock, n: int = 1) -> None:
        tallies = [Tally("w01", "bead-stringing", 3, CountMethod.SCALE, 86.0, 8.6) for _ in range(n)]
        SqliteEventLog(self.db, self.station_id).append(tallies, clock.now())
        self.sync.kick()


@dataclass(frozen=True)
class Centre:
    """One centre broker's stations, as a worker process is told to run them."""

    directory: Path
    url: str
    ca_file: str
    stations: dict[str, str]  # station id -> site


def offer(stations: list[Station], interval_s: float, seconds: float) -> int:
    """Save one tally per station every `interval_s`, evenly spread, for `seconds`; returns how many."""
    clock, period = SystemClock(), interval_s / len(stations)
    started, n = time.monotonic(), 0
    while started + n * period < started + seconds:
        time.sleep(max(0.0, started + n * period - time.monotonic()))  # pacing the offered load
        stations[n % len(stations)].save(clock)
        n += 1
    return n


def run_stations(centre: Centre, conn: Connection) -> None:
    """A worker process: one centre broker's stations, doing what the pipe says.

    One process per centre broker keeps each under paho's select() limit (its sockets need
    descriptors below 1024, and every station database holds a few) and spreads the stations
    over the cores.
    """
    configure_logging("ERROR")
    with ExitStack() as stack:
        stations = []
        for station_id, site in centre.stations.items():
            db = open_database(centre.directory / f"{station_id}.db")
            stack.callback(db.close)
            sync = station_sync(
                db,
                station_id,
                site,
                centre.url,
                username=station_id,
                password=f"{station_id}-pw",
                ca_file=centre.ca_file,
                tuning=TUNING,
            )
            stack.callback(sync.stop)
            sync.start()
            stations.append(Station(site, station_id, db, sync))
        clock = SystemClock()
        while True:
            command, value = conn.recv()
            if command == "stop":
                break
            if command == "connected":
                conn.send(all(s.sync.status().connected for s in stations))
            elif command == "save":  # `value` tallies at every station at once
                for station in stations:
                    station.save(clock, value)
                conn.send(len(stations) * value)
            elif command == "offer":
                conn.send(offer(stations, *value))
            elif command == "drained":
                conn.send(all(s.sync.status().backlog == 0 for s in stations))
    conn.send("stopped")


class Fleet:
    """The worker process running one centre broker's stations."""

    def __init__(self, centre: Centre) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=run_stations, args=(centre, child))
        self.process.start()

    def stop(self) -> None:
        with contextlib.suppress(OSError, EOFError, SystemExit):
            together([self], "stop")
        self.process.join(30)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def together(fleets: list[Fleet], command: str, value: object = None) -> list[object]:
    """Send `command` to every worker, then collect the answers: they work in parallel."""
    for fleet in fleets:
        fleet.conn.send((command, value))
    answers = []
    for fleet in fleets:
        if not fleet.conn.poll(DEADLINE_S):
            raise SystemExit(f"a station worker did not answer {command!r}")
        answers.append(fleet.conn.recv())
    return answers


def everywhere(fleets: list[Fleet], command: str) -> Callable[[], bool]:
    return lambda: all(together(fleets, command))


class City:
    """The city broker, its ingest processes and the centre brokers with their stations."""

    def __init__(self, tmp: Path, ca: Path, db_url: str, stack: ExitStack) -> None:
        groups = [[f"c{b * SITES_PER_BROKER + k:02d}" for k in range(SITES_PER_BROKER)] for b in range(BROKERS)] + [
            [BACKLOG_SITE]
        ]
        bridges = {f"centre-{sites[0]}": f"centre-{sites[0]}-pw" for sites in groups}
        acl = (DEPLOY / "acl").read_text() + "".join(city_acl_block(g, f"centre-{g[0]}") for g in groups)
        self.city = SecureMosquitto(tmp / "city", CITY_USERS | bridges, ca, acl_text=acl).start()
        stack.callback(self.city.kill)
        self.ingest = [self._ingest(tmp, db_url, user) for user in INGESTERS]
        for command in self.ingest:
            stack.callback(command.terminate)
        self._wait_for_ingest()
        self.live: list[Fleet] = []
        self.backlog: list[Fleet] = []
        for sites in groups:
            user = f"centre-{sites[0]}"
            ids = {f"{site}-st{j:02d}": site for site in sites for j in range(STATIONS_PER_SITE)}
            broker = SecureMosquitto(
                tmp / user,
                {station: f"{station}-pw" for station in ids},
                ca,
                conf_text=centre_conf(self.city.port, sites, user, bridges[user]),
                acl_text=centre_acl(sites),
            )
            shutil.copy(ca / "ca.crt", broker.directory / "city-ca.crt")
            broker.start()
            stack.callback(broker.kill)
            fleet = Fleet(Centre(tmp, broker.url, broker.ca_file, ids))
            stack.callback(fleet.stop)
            (self.backlog if sites == [BACKLOG_SITE] else self.live).append(fleet)

    def _ingest(self, tmp: Path, db_url: str, user: str) -> Command:
        (tmp / f"{user}.pw").write_text(CITY_USERS[user])
        args = ["-m", "sync", "central", "--db", db_url, "--broker", self.city.url, "--client-id", user]
        args += ["--username", user, "--password-file", str(tmp / f"{user}.pw"), "--ca-file", self.city.ca_file]
        return Command(args, tmp / f"{user}.log").start()

    def _wait_for_ingest(self) -> None:
        """Until an ingest process subscribes, the city drops batches ("no matching subscribers")."""
        answers: list[int] = []
        probe, broker = mqtt.make_client(
            "office", self.city.url, username="office", password=CITY_USERS["office"], ca_file=self.city.ca_file
        )
        probe.on_publish = lambda _c, _u, _m, rc, _p: answers.append(rc.value)
        mqtt.connect_in_background(probe, broker, clean_start=True)
        try:

            def subscribed() -> bool:
                if probe.is_connected():
                    probe.publish("workshop/probe/station/probe/status", b"probe", qos=1).wait_for_publish(5)
                return bool(answers) and answers[-1] == 0

            wait(subscribed, "an ingest process subscribed", 60)
        finally:
            mqtt.stop(probe)


def stored_since(engine: Engine, since_ns: int) -> list[tuple[str, int, float]]:
    """(site, wall_ns, received epoch s) of the events saved since `since_ns`."""
    query = select(events.c.site, events.c.wall_ns, events.c.received_at).where(events.c.wall_ns >= since_ns)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [(r.site, r.wall_ns, _epoch(r.received_at)) for r in rows]


def _epoch(at: dt.datetime) -> float:
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).timestamp()


def summary(name: str, rows: list[tuple[str, int, float]], started_s: float, offered: int, seconds: float) -> str:
    live_rows = [r for r in rows if r[0] != BACKLOG_SITE]
    latency_ms = [(received - wall_ns / 1e9) * 1000 for _s, wall_ns, received in live_rows]
    pct = statistics.quantiles(latency_ms, n=100, method="inclusive")
    elapsed = max(r[2] for r in rows) - started_s
    line = (
        f"{name}: {LIVE_STATIONS} live stations offered {offered} tallies ({offered / seconds:,.0f}/s); "
        f"stored {len(rows)} events in {elapsed:.1f} s = {len(rows) / elapsed:,.0f} events/s; "
        f"live save->stored p50 {pct[49]:.0f} ms, p99 {pct[98]:.0f} ms, max {max(latency_ms):.0f} ms"
    )
    backlog = [r[2] for r in rows if r[0] == BACKLOG_SITE]
    if backlog:
        took = max(backlog) - started_s
        line += f"; backlog {len(backlog)} events stored in {took:.1f} s = {len(backlog) / took:,.0f} events/s"
    return line


def run(db_name: str, db_url: str, ca: Path, args: argparse.Namespace) -> list[str]:
    open_office(db_url).dispose()  # the office's migrations own the schema
    engine = open_central(db_url)
    lines = []
    with tempfile.TemporaryDirectory() as name, ExitStack() as stack:
        stack.callback(engine.dispose)
        city = City(Path(name), ca, db_url, stack)
        fleets = city.live + city.backlog
        wait(everywhere(fleets, "connected"), "every station connected")
        together(fleets, "save", 1)  # warm-up: every path (TLS, bridge, ingest, ack) proven once
        wait(everywhere(fleets, "drained"), "the warm-up tallies stored")
        for scenario in ("steady", "backlog"):
            since_ns, started_s = time.time_ns(), time.time()
            backlog = 0
            if scenario == "backlog":  # the week the centre's stations saved while its link was down
                backlog = sum(together(city.backlog, "save", WEEK))  # type: ignore[arg-type]
            offered = sum(together(city.live, "offer", (args.interval, args.seconds)))  # type: ignore[misc]
            wait(everywhere(fleets, "drained"), f"{scenario}: everything stored")
            rows = stored_since(engine, since_ns)
            lines.append(summary(f"{db_name} {scenario}", rows, started_s, offered, args.seconds))
            print(lines[-1], flush=True)
            # Every saved event stored once (the central table is unique per station and seq).
            assert len(rows) == offered + backlog, f"stored {len(rows)} of {offered + backlog}"
    return lines


@contextmanager
def postgres_database() -> Iterator[str]:
    """A throw-away database on the local PostgreSQL server, dropped afterwards."""
    name = f"workshop_bench_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), platform.processor())
    mosquitto = subprocess.run(["mosquitto", "-h"], capture_output=True, text=True).stdout.splitlines()[0]
    return f"{cpu} × {len(os.sched_getaffinity(0))} cores; {mosquitto}; Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each scenario's live load")
    parser.add_argument("--interval", type=float, default=15.0, help="seconds between one station's tallies")
    args = parser.parse_args()
    configure_logging("ERROR")
    print(machine(), flush=True)
    with tempfile.TemporaryDirectory() as name:
        ca = make_test_ca(Path(name) / "ca")
        for db_name in args.db:
            if db_name == "sqlite":
                run(db_name, f"sqlite:///{Path(name) / 'central.db'}", ca, args)
            else:
                with postgres_database() as url:
                    run(db_name, url, ca, args)


if __name__ == "__main__":
    main()
