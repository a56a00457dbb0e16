"""`python -m station tour`: drive the real kiosk through every screen and save one PNG each.

Uses a fresh demo database in a temporary folder, the stand-in scale and printer, and the
SDL window of the current display (run with SDL_VIDEODRIVER=offscreen for no display).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sync.protocol.roster import LANGUAGES


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("tour", help="screenshot every kiosk screen", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh-Hans")
    parser.add_argument("--size", default="800x480", help="window size, e.g. 800x480 or 480x800")
    parser.add_argument("--dpi", type=float, default=132.0, help="panel DPI (132 for the 7-inch v1 panel)")
    parser.add_argument(
        "--check", action="store_true", help="hold every state visited to the accessibility rules; exit 1 on a breach"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from station.ui.kivy_env import parse_size

    size = parse_size(args.size)
    with tempfile.TemporaryDirectory(prefix="station-tour-") as tmp:
        shots, problems = take_tour(args.out, Path(tmp), args.lang, size, args.dpi, args.check)
    for path in shots:
        print(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def take_tour(
    out: Path, work: Path, language: str, size: tuple[int, int], dpi: float, check: bool = False
) -> tuple[list[Path], list[str]]:
    """The scale simulator on a PTY read by the real ScaleService; stand-in printer and sync so
    the tour can show "out of paper" and "not synced for a long time"."""
    from station.app.demo_station import demo_settings, prepare_demo_database, start_simulated_scale
    from station.app.launch import open_kiosk
    from station.app.standins import StandInPrinter, StandInSync, StandInSyncStatus

    simulator = start_simulated_scale(work, settle_s=0.2)
    try:
        settings = demo_settings(work, language=language, dpi=dpi, sounds=False, scale_port=simulator.path)
        prepare_demo_database(settings, with_morning=False)
        printer = StandInPrinter(work / "receipts")
        sync = StandInSync(StandInSyncStatus(True, 0, time.time(), 0, {"roster": 1}))
        app = open_kiosk(settings, size=size, printer=printer, sync=sync)
        from station.ui.driving import Driver, OffsetClock
        from station.ui.tour import Tour

        clock = OffsetClock()
        app.presenter.deps.monotonic = clock
        driver = Driver(app, clock).start()
        try:
            tour = Tour(driver, simulator, printer, sync, out, clock.advance, check)
            return tour.run(), tour.problems
        finally:
            driver.stop()
    finally:
        simulator.stop()
