"""`python -m station sync`: drain this station's events to the central office, standalone.

The kiosk runs the same StationSync inside its own process; this command is for a station
without the kiosk (or a second process beside it) and for tests.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from station.store.database import open_database
from sync.broker_args import add_broker_arguments, read_password, wait_for_termination

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "sync", help="send events to the central office over MQTT", description=__doc__
    )
    parser.add_argument("--db", required=True, type=Path, help="the station's SQLite database")
    add_broker_arguments(parser)
    parser.add_argument("--station-id", required=True, help="this station's id (its MQTT topics)")
    parser.add_argument("--site", required=True, help="the workshop it belongs to")
    parser.add_argument(
        "--ack-timeout", type=float, default=30.0, help="seconds before unacked batches go again"
    )
    parser.add_argument("--poll", type=float, default=2.0, help="seconds between looks for new events")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from station.app.sync_link import station_sync
    from sync.outbox import Tuning

    db = open_database(args.db)
    sync = station_sync(
        db,
        args.station_id,
        args.site,
        args.broker,
        username=args.username,
        password=read_password(args),
        ca_file=args.ca_file,
        tuning=Tuning(ack_timeout_s=args.ack_timeout, poll_s=args.poll),
    )
    sync.start()
    log.info("station sync running", extra={"station": args.station_id, "broker": args.broker})
    wait_for_termination()
    sync.stop()
    db.close()
    return 0
