"""`python -m station demo`: the kiosk with a demo workshop, ready to try.

Twelve workers, six products, supervisors with PINs 1234 / 2468 / 1357. The scale simulator
runs on a real pseudo-terminal (MT-SICS) and gets pieces put on and taken off every few
seconds; receipts are written as PNG files to <dir>/receipts.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sync.protocol.roster import LANGUAGES

DEFAULT_DIR = Path("var/demo")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("demo", help="run the kiosk with a demo workshop", description=__doc__)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="where the demo keeps its files")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh-Hans")
    parser.add_argument("--size", default="800x480", help="window size, e.g. 800x480 or 480x800")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from station.app.demo_station import DemoBench, demo_settings, prepare_demo_database, start_simulated_scale
    from station.app.launch import open_kiosk, run_kiosk
    from station.ui.kivy_env import parse_size

    work = args.dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    simulator = start_simulated_scale(work)
    try:
        settings = demo_settings(
            work, language=args.lang, scale_port=simulator.path, printer_target=f"png-dir:{work / 'receipts'}"
        )
        prepare_demo_database(settings)
        app = open_kiosk(settings, size=parse_size(args.size))
        bench = DemoBench(simulator, app.station.scale)
        bench.start()
        app.station.stoppers.append(bench.stop)
        print(f"demo station: {settings.database}  receipts: {work / 'receipts'}  (supervisor PINs 1234 / 2468 / 1357)")
        return run_kiosk(app)
    finally:
        simulator.stop()
