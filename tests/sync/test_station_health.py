"""The kiosk's device health reaches the office: the station built by `station.app.main`
(in its own process, as the kiosk runs it) with a real scale service and print service,
a real mosquitto and the central ingest, which keeps the status JSON per station."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from sync.central.server import CentralServer
from sync.central.tables import stations
from tests.fixtures.mosquitto import Mosquitto
from tests.printing.standin import PAPER_OUT, PrinterStandIn
from tests.sync.helpers import SITE, wait_for

ROOT = Path(__file__).resolve().parents[2]
KIOSK = """
import sys
from pathlib import Path

from station.ui.kivy_env import prepare_kivy

prepare_kivy(132.0)
from station.app.main import build_station
from station.app.settings import load_settings

station = build_station(load_settings(Path(sys.argv[1])))
station.start()  # the kiosk starts its parts once Home is drawn
print("built", flush=True)
sys.stdin.read()  # runs until the test closes stdin
station.stop()
"""


pytestmark = pytest.mark.slow


@pytest.fixture
def standin() -> Iterator[PrinterStandIn]:
    printer = PrinterStandIn()
    yield printer
    printer.close()


def reported_health(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        status = conn.execute(select(stations.c.status).where(stations.c.station_id == "st-1")).scalar()
    return json.loads(status).get("health", {}) if status else {}


def test_the_office_stores_scale_and_printer_health_and_hears_paper_out_at_once(
    central: CentralServer, central_engine: Engine, mosquitto: Mosquitto, standin: PrinterStandIn, tmp_path: Path
) -> None:
    config = tmp_path / "station.toml"
    config.write_text(
        f"""
[station]
id = "st-1"
site = "{SITE}"
database = "{tmp_path / "station.db"}"

[scale]
profile = "mt-sics"
port = "{tmp_path / "no-scale-here"}"

[printer]
profile = "generic-58"
target = "{standin.target}"

[sync]
broker = "{mosquitto.url}"

[kiosk]
sounds = false
"""
    )
    kiosk = subprocess.Popen(
        [sys.executable, "-c", KIOSK, str(config)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert kiosk.stdout is not None and kiosk.stdout.readline() == "built\n"
        wait_for(lambda: reported_health(central_engine).get("printer", {}).get("state") == "ok", what="printer ok")
        health = reported_health(central_engine)
        assert health["scale"]["state"] == "disconnected" and health["scale"]["detail"]
        assert health["printer"]["queued"] == 0 and "127.0.0.1" in health["printer"]["detail"]

        # Statuses go out every minute; paper-out comes at once through the print service's
        # on_status (which itself looks at an idle printer every 15 s).
        standin.set_paper(PAPER_OUT)
        wait_for(
            lambda: reported_health(central_engine)["printer"]["state"] == "paper_out",
            timeout_s=30.0,
            what="paper out at the office",
        )
    finally:
        kiosk.communicate(timeout=30)
        assert kiosk.returncode == 0
