"""`python -m station run --config FILE`: the kiosk of a real station, full screen."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("run", help="run the kiosk from a settings file", description=__doc__)
    parser.add_argument("--config", type=Path, required=True, help="the station's TOML settings file")
    parser.add_argument("--size", default=None, help="window size instead of full screen, e.g. 800x480")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from station.app.settings import SettingsError, load_settings

    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        print(f"station: {exc}", file=sys.stderr)
        return 2
    from station.app.launch import open_kiosk, run_kiosk
    from station.ui.kivy_env import parse_size

    size = parse_size(args.size) if args.size else None
    app = open_kiosk(settings, size=size, fullscreen=size is None)
    log.info("kiosk starting", extra={"station_id": settings.station_id, "database": str(settings.database)})
    return run_kiosk(app)
