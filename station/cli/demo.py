"""`python -m station demo`: the kiosk with a demo workshop, ready to try.

Twelve workers, six products, supervisors with PINs 1234 / 2468 / 1357. A stand-in scale
gets pieces put on and taken off every few seconds; receipts go to the demo folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from station.domain.roster import LANGUAGES

DEFAULT_DIR = Path("var/demo")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("demo", help="run the kiosk with a demo workshop", description=__doc__)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="where the demo keeps its files")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh-Hans")
    parser.add_argument("--size", default="800x480", help="window size, e.g. 800x480 or 480x800")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from station.app.demo_station import DemoBench, demo_settings, prepare_demo_database
    from station.app.launch import open_kiosk, run_kiosk
    from station.app.standins import StandInPrinter, StandInScale
    from station.ui.kivy_env import parse_size

    settings = demo_settings(args.dir.resolve(), language=args.lang)
    prepare_demo_database(settings)
    benches: list[DemoBench] = []

    def scale_factory(on_reading):  # type: ignore[no-untyped-def]
        scale = StandInScale(on_reading)
        benches.append(DemoBench(scale))
        return scale

    printer = StandInPrinter(settings.database.parent / "receipts")
    app = open_kiosk(settings, size=parse_size(args.size), scale_factory=scale_factory, printer=printer)
    for bench in benches:
        bench.start()
        app.station.stoppers.append(bench.stop)
    print(f"demo station: {settings.database}  (supervisor PINs 1234 / 2468 / 1357)")
    return run_kiosk(app)
