"""Runs inside a child process (Kivy allows one window per process): opens the real kiosk."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def open_demo(work: Path, size: tuple[int, int], dpi: float, language: str = "zh-Hans",
              sounds: bool = False) -> tuple[Any, Any, Any, Any]:
    """The demo station with stand-in scale and printer; returns (app, driver, scale, printer).

    The presenter's clock is an OffsetClock (`app.clock.advance(s)`): timers without sleeping.
    """
    from station.app.demo_station import demo_settings, prepare_demo_database
    from station.app.launch import open_kiosk
    from station.app.standins import StandInPrinter, StandInScale

    settings = demo_settings(work, language=language, dpi=dpi, sounds=sounds)
    prepare_demo_database(settings, with_morning=False)
    scales: list[Any] = []
    printer = StandInPrinter(work / "receipts")

    def scale_factory(on_reading: Any) -> Any:
        scales.append(StandInScale(on_reading))
        return scales[-1]

    app = open_kiosk(settings, size=size, scale_factory=scale_factory, printer=printer)
    from station.ui.driving import Driver, OffsetClock

    app.clock = OffsetClock()
    app.presenter.deps.monotonic = app.clock
    return app, Driver(app).start(), scales[0], printer


def report(path: str, data: dict[str, Any]) -> None:
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1))


def args() -> list[str]:
    return sys.argv[1:]
