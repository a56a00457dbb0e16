"""`python -m sync central`: run the ingest and look inside the central database.

Without a sub-command it runs the ingest server until SIGTERM.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from sync.broker_args import add_broker_arguments, read_password, wait_for_termination
from sync.central.db import CentralSchemaMissing, open_central
from sync.protocol.topics import SHARE_GROUP

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `central`: the ingest server, and `events` / `stations` to look inside its database."""
    parser = subparsers.add_parser(
        "central", help="central office: ingest server and tools", description=__doc__
    )
    parser.add_argument("--db", help="central database URL (sqlite:///file.db or postgresql://...)")
    add_broker_arguments(parser, required=False)
    parser.add_argument(
        "--client-id", default="central-ingest-1", help="MQTT client id (one per ingest process)"
    )
    parser.add_argument(
        "--share-group-file",
        type=Path,
        help="file holding the shared-subscription group of all ingest processes: a secret the stations "
        f"never see (docs/security.md); default the public {SHARE_GROUP!r}, for development",
    )
    parser.set_defaults(handler=_schema_needed(serve))
    commands = parser.add_subparsers(dest="central_command", metavar="COMMAND")

    events = commands.add_parser("events", help="print stored events")
    events.add_argument("--db", required=True)
    events.add_argument("--station", help="only this station")
    events.add_argument("--json", action="store_true", help="one JSON object per line")
    events.set_defaults(handler=_schema_needed(show_events))

    stations = commands.add_parser("stations", help="per-station last seq, gaps, last seen, backlog")
    stations.add_argument("--db", required=True)
    stations.add_argument("--json", action="store_true")
    stations.set_defaults(handler=_schema_needed(show_stations))


Handler = Callable[[argparse.Namespace], int]


def _schema_needed(handler: Handler) -> Handler:
    """Exit 2 with the one sentence that says how to make the tables, on a database without them."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except CentralSchemaMissing as exc:
            print(exc, file=sys.stderr)
            return 2

    return run


def serve(args: argparse.Namespace) -> int:
    from sync.central.server import CentralServer

    if not args.db or not args.broker:
        print("python -m sync central needs --db URL and --broker URL (or a sub-command, see --help)")
        return 2
    server = CentralServer(
        open_central(args.db),
        args.broker,
        client_id=args.client_id,
        username=args.username,
        password=read_password(args),
        ca_file=args.ca_file,
        share_group=args.share_group_file.read_text().strip() if args.share_group_file else SHARE_GROUP,
    )
    server.start()
    log.info("central ingest running", extra={"broker": args.broker, "client_id": args.client_id})
    wait_for_termination()
    server.stop()
    return 0


def show_events(args: argparse.Namespace) -> int:
    from sync.central.views import iter_events

    for event in iter_events(open_central(args.db), args.station):
        if args.json:
            print(json.dumps(event, ensure_ascii=False))
        else:
            print(f"{event['station_id']:<16} {event['seq']:>8} {event['kind']:<16} {event['event_id']}")
    return 0


def show_stations(args: argparse.Namespace) -> int:
    from sync.central.views import station_rows

    for row in station_rows(open_central(args.db)):
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
            continue
        gaps = ", ".join(f"{a}-{b}" for a, b in row["gaps"]) or "none"
        print(
            f"{row['station_id']}: last seq {row['last_seq']}, contiguous {row['contiguous_seq']}, "
            f"gaps {gaps}, last seen {row['last_seen']}, {'online' if row['online'] else 'offline'}, "
            f"backlog {row['backlog']}"
        )
    return 0
