"""`python -m station demo-data`: a station database filled with a demo workshop."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from station.demo import record_demo_day
from station.store.catalog import SqliteCatalog
from station.store.database import open_database
from sync.demo import DEMO_STATION_ID, demo_catalog

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "demo-data",
        help="create a demo station database (12 workers, 6 products, 3 supervisors)",
        description=__doc__,
    )
    parser.add_argument("--db", required=True, type=Path, help="SQLite file to create or refresh")
    parser.add_argument("--station-id", default=DEMO_STATION_ID)
    parser.add_argument(
        "--with-tallies", action="store_true", help="also record a morning of check-ins and tallies"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    args.db.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(args.db)
    try:
        catalog = demo_catalog()
        SqliteCatalog(db).replace(catalog)
        written = record_demo_day(db, args.station_id) if args.with_tallies else 0
    finally:
        db.close()
    log.info(
        "demo database ready",
        extra={
            "db": str(args.db),
            "workers": len(catalog.workers),
            "products": len(catalog.products),
            "events": written,
        },
    )
    print(f"demo database ready: {args.db} ({len(catalog.workers)} workers, {len(catalog.products)} products)")
    return 0
