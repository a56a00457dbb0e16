"""The whole installation, with real parts: an office and a station provisioned into --root
directories, the station added with office-add-station.sh, mosquitto running the installed broker
configuration with real TLS, and the installed units' own command lines (central ingest, station
sync) carrying a day of demo events from the station database into the central database."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from office.cli import main as office_main
from tests.deploy.broker import Broker, free_port
from tests.deploy.conftest import mosquitto_dir
from tests.deploy.layout import base_env, read_unit, run_script, stand_in_venv, station_flags, unit_command


@contextmanager
def service(root: Path, unit_name: str, home: Path, **replace: str) -> Iterator[subprocess.Popen[str]]:
    """The unit's command, environment and working directory, run like systemd would: its
    ExecStartPre first, to success (REPLACE swaps an option's value, e.g. a fixed port for a free one)."""
    unit = unit_command(root, unit_name)
    argv = list(unit.argv)
    for option, value in replace.items():
        argv[argv.index(f"--{option}") + 1] = value
    env = {**base_env(home), **unit.env}
    if "ExecStartPre" in read_unit(root / "etc/systemd/system" / unit_name)["Service"]:
        pre = unit_command(root, unit_name, setting="ExecStartPre")
        done = subprocess.run(pre.argv, env=env, cwd=pre.cwd, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    process = subprocess.Popen(
        argv, env=env, cwd=unit.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        if process.stderr:
            process.stderr.close()


def central_events(database: Path) -> int:
    if not database.exists():
        return 0
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:  # made by the ingest's ExecStartPre
        return conn.execute("SELECT count(*) FROM events WHERE station_id = 'bench-01'").fetchone()[0]


def test_station_events_reach_the_central_database(office_broker: Broker, test_ca: Path, tmp_path: Path) -> None:
    office, port = office_broker.root, office_broker.tls_port
    broker_url = f"mqtts://127.0.0.1:{port}"
    central_db = office / "var/lib/workshop/central.db"
    # The office again, now pointing its services at this broker and a database under --root.
    run_script(
        "provision-office.sh",
        "--tls-dir",
        test_ca,
        "--mosquitto-dir",
        mosquitto_dir(tmp_path),
        "--root",
        office,
        "--broker",
        broker_url,
        "--db",
        f"sqlite:///{central_db}",
    )
    central_db.parent.mkdir(parents=True, exist_ok=True)
    run_script(
        "office-add-station.sh",
        "--site",
        "centre-east",
        "--station-id",
        "bench-01",
        "--out",
        tmp_path / "usb-stick",
        "--root",
        office,
    )
    office_broker.reload()
    # The office registers the station and has the roster its demo tallies name.
    db_url = f"sqlite:///{central_db}"
    assert office_main(["add-station", "--db", db_url, "--site", "centre-east", "--station", "bench-01"]) == 0
    assert office_main(["seed-demo", "--db", db_url, "--site", "centre-east"]) == 0

    bundle = tmp_path / "usb-stick/bench-01"
    station = tmp_path / "station"
    flags = station_flags(
        tmp_path / "unused",
        **{
            "broker": broker_url,
            "password-file": str(bundle / "mqtt-password"),
            "ca-file": str(bundle / "ca.crt"),
            "pin-pepper-file": str(bundle / "pin-pepper"),
            "ntp": "office.local",
        },
    )
    run_script("provision-station.sh", *flags, "--root", station)
    for root in (office, station):
        stand_in_venv(root)
    kiosk = unit_command(station, "workshop-kiosk.service")
    made = subprocess.run(
        [
            *kiosk.argv[:3],
            "demo-data",
            "--db",
            f"{station}/data/workshop/station.db",
            "--station-id",
            "bench-01",
            "--with-tallies",
        ],
        env={**base_env(tmp_path / "home"), **kiosk.env},
        cwd=kiosk.cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    with sqlite3.connect(station / "data/workshop/station.db") as conn:
        written = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert written > 0

    with (
        service(office, "workshop-central-ingest.service", tmp_path / "home") as ingest,
        service(station, "workshop-station-sync.service", tmp_path / "home") as sync,
    ):
        deadline = time.monotonic() + 60
        while central_events(central_db) < written and time.monotonic() < deadline:
            assert ingest.poll() is None, ingest.stderr.read() if ingest.stderr else ""
            assert sync.poll() is None, sync.stderr.read() if sync.stderr else ""
            time.sleep(0.2)
    assert central_events(central_db) == written

    # The office web unit serves the same database (its fixed port swapped for a free one).
    port = free_port()
    with service(office, "workshop-central-web.service", tmp_path / "home", port=str(port)) as web:
        deadline = time.monotonic() + 30
        while True:
            assert web.poll() is None, web.stderr.read() if web.stderr else ""
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the office web did not start listening"
                time.sleep(0.1)
    assert answer.status_code == 200
