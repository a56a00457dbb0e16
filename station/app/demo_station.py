"""Settings and database of the demo station (used by `demo`, `tour`, UI tests, benchmarks)."""

from __future__ import annotations

import logging
import random
import threading
from pathlib import Path
from typing import Any

from station.app.settings import KioskSettings, PrinterSettings, ScaleSettings, Settings
from station.demo import record_demo_day
from station.store.catalog import SqliteCatalog
from station.store.database import open_database
from station.store.event_log import SqliteEventLog
from sync.demo import DEMO_STATION_ID, demo_catalog

log = logging.getLogger(__name__)

DEMO_SCALE_PROFILE = "mt-sics"
DEMO_PRINTER_PROFILE = "generic-58"


def demo_settings(
    work: Path,
    *,
    language: str = "zh-Hans",
    dpi: float = 132.0,
    sounds: bool = True,
    idle_seconds: float = 60.0,
    scale_port: str | None = None,
    printer_target: str | None = None,
) -> Settings:
    """The demo station; `scale_port` (a simulator's PTY link) and `printer_target` are optional."""
    return Settings(
        station_id=DEMO_STATION_ID,
        site="demo-site",
        database=work / "station.db",
        language=language,
        scale=ScaleSettings(profile=DEMO_SCALE_PROFILE, port=scale_port) if scale_port else None,
        printer=PrinterSettings(profile=DEMO_PRINTER_PROFILE, target=printer_target) if printer_target else None,
        kiosk=KioskSettings(idle_seconds=idle_seconds, dpi=dpi, sounds=sounds),
    )


def start_simulated_scale(work: Path, settle_s: float = 0.4) -> Any:
    """The scale simulator on a real pseudo-terminal, linked at `work/scale` (like a udev link)."""
    from station.devices.scale.simulator import ScaleSimulator

    simulator = ScaleSimulator(DEMO_SCALE_PROFILE, link=work / "scale", settle_s=settle_s)
    simulator.start()
    return simulator


def prepare_demo_database(settings: Settings, with_morning: bool = True) -> None:
    settings.database.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(settings.database)
    try:
        SqliteCatalog(db).replace(demo_catalog())
        if with_morning and SqliteEventLog(db, settings.station_id).last_seq() == 0:
            record_demo_day(db, settings.station_id)
    finally:
        db.close()


class DemoBench(threading.Thread):
    """Plays the worker's hands in the demo: puts pieces on the simulated scale, takes them off
    after a save (when the scale service stops allowing another save of the same pile)."""

    def __init__(self, simulator: Any, scale: Any, period_s: float = 4.0) -> None:
        super().__init__(name="demo-bench", daemon=True)
        self.simulator = simulator
        self.scale = scale
        self.period_s = period_s
        self._halt = threading.Event()
        self._loaded = False

    def run(self) -> None:
        rng = random.Random(7)
        while not self._halt.wait(self.period_s):
            try:
                if self._loaded and not self.scale.save_allowed():
                    self.simulator.remove_all()
                    self._loaded = False
                elif not self._loaded:
                    self.simulator.put_pieces(rng.randint(3, 15), 8.6)
                    self._loaded = True
            except Exception:
                log.exception("demo bench step failed")

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)
