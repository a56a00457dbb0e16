"""`python -m station demo`: the demo workshop, ready to try.

Until the kiosk exists this creates the demo database (with a morning of tallies) and
prints today's totals, read back through the same service the kiosk uses.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from station.clock import SystemClock
from station.demo import DEMO_STATION_ID, demo_catalog, record_demo_day
from station.services.workshop import WorkshopRules, WorkshopService
from station.store.catalog import SqliteCatalog
from station.store.database import open_database
from station.store.event_log import SqliteEventLog

DEFAULT_DIR = Path("var/demo")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("demo", help="run the demo workshop", description=__doc__)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="where the demo keeps its files")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    args.dir.mkdir(parents=True, exist_ok=True)
    db = open_database(args.dir / "station.db")
    try:
        catalog = SqliteCatalog(db)
        catalog.replace(demo_catalog())
        log = SqliteEventLog(db, DEMO_STATION_ID)
        if log.last_seq() == 0:
            record_demo_day(db, DEMO_STATION_ID)
        service = WorkshopService(log, catalog, SystemClock(), WorkshopRules())
        print(f"demo station database: {db.path}")
        print("checked in now:", ", ".join(_name(catalog, w) for w in sorted(service.checked_in_now())) or "nobody")
        for (worker_id, product_id), count in sorted(service.totals_today().items()):
            product = catalog.product(product_id)
            print(f"  {_name(catalog, worker_id)}  {product.name('zh-Hans') if product else product_id}: {count}")
    finally:
        db.close()
    return 0


def _name(catalog: SqliteCatalog, worker_id: str) -> str:
    worker = catalog.worker(worker_id)
    return worker.name if worker else worker_id
