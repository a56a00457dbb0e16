"""`python -m office add-station`: register a station at its site, so the ingest stores its batches."""

from __future__ import annotations

import argparse

from office.cli.language import add_language
from office.db import DEFAULT_URL, open_office
from office.i18n import translate
from office.quarantine import reingest_station
from office.stations import register_station


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("add-station", help="register a station at its site (its batches are then stored)")
    parser.add_argument("--db", default=DEFAULT_URL, help=f"central database URL (default {DEFAULT_URL})")
    parser.add_argument("--site", required=True, help="the site the station works at")
    parser.add_argument("--station", required=True, help="the station id (its broker user name)")
    parser.add_argument("--name", default=None, help="a display name for the office page")
    add_language(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    engine = open_office(args.db)
    try:
        with engine.begin() as conn:
            changed = register_station(conn, args.site, args.station, "cli", args.name)
        stored = reingest_station(engine, args.station, "cli")  # what it sent before it was registered
    finally:
        engine.dispose()
    said = "cli.station_registered" if changed else "cli.station_already_registered"
    print(translate(said, args.lang, site=args.site, station=args.station))
    if stored:
        print(translate("cli.quarantined_stored", args.lang, count=stored))
    return 0
