"""Runs inside a child process (Kivy allows one window per process): opens the real kiosk."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def open_demo(
    work: Path,
    size: tuple[int, int],
    dpi: float,
    language: str = "zh-Hans",
    sounds: bool = False,
    real_devices: bool = False,
) -> tuple[Any, Any, Any]:
    """The demo station; returns (app, driver, hands): `hands` puts pieces on the scale.

    real_devices: the scale simulator on a real PTY read by the real ScaleService, and the
    real PrintService writing ESC/POS to `work/printer.bin` (built from the settings, as on a
    station). Otherwise in-process stand-ins (fast and exact, for layout checks).
    The presenter's clock is an OffsetClock (`app.clock.advance(s)`): timers without sleeping.
    """
    from station.app.demo_station import demo_settings, prepare_demo_database, start_simulated_scale
    from station.app.launch import open_kiosk
    from station.app.standins import StandInPrinter
    from tests.kiosk.ui_inner.instant_scale import StandInScale

    work.mkdir(parents=True, exist_ok=True)
    if real_devices:
        hands = start_simulated_scale(work, settle_s=0.2)
        settings = demo_settings(
            work,
            language=language,
            dpi=dpi,
            sounds=sounds,
            scale_port=hands.path,
            printer_target=f"file:{work / 'printer.bin'}",
        )
        prepare_demo_database(settings, with_morning=False)
        app = open_kiosk(settings, size=size)
        app.station.stoppers.insert(0, hands.stop)
    else:
        settings = demo_settings(work, language=language, dpi=dpi, sounds=sounds)
        prepare_demo_database(settings, with_morning=False)
        scales: list[Any] = []

        def scale_factory(on_reading: Any) -> Any:
            scales.append(StandInScale(on_reading))
            return scales[-1]

        app = open_kiosk(settings, size=size, scale_factory=scale_factory, printer=StandInPrinter(work / "receipts"))
        hands = scales[0]
    from station.ui.driving import Driver, OffsetClock

    app.clock = OffsetClock()
    app.presenter.deps.monotonic = app.clock
    return app, Driver(app, app.clock).start(), hands


def report(path: str, data: dict[str, Any]) -> None:
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1))


def args() -> list[str]:
    return sys.argv[1:]
