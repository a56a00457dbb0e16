"""`python -m station migrate`: bring a station database's schema up to this code's version.

The kiosk does the same on every start; this is for upgrading (or checking) a copied or
backed-up file by hand. It never creates a file: a wrong path must not pass for an empty station.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from station.store.database import Database
from station.store.migrations import DatabaseTooNew

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("migrate", help="upgrade a station database's schema", description=__doc__)
    parser.add_argument("--db", required=True, type=Path, help="the station's SQLite database (must exist)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.db.is_file():
        print(f"There is no station database at {args.db}; nothing was created.", file=sys.stderr)
        return 2
    db = Database(args.db)
    try:
        before, after = db.migrate()
    except DatabaseTooNew as exc:
        print(str(exc), file=sys.stderr)
        return 2
    finally:
        db.close()
    log.info("station database migrated", extra={"db": str(args.db), "from": before, "to": after})
    if before == after:
        print(f"station database {args.db}: already at version {after}")
    else:
        print(f"station database {args.db}: version {before} → {after}")
    return 0
