"""`python -m office migrate`: bring the central database's schema to this code's revision.

Every office command upgrades on open anyway; this is the explicit step for deployment (the
ingest's unit runs it before the ingest, which only checks that the tables exist).
"""

from __future__ import annotations

import argparse

from sqlalchemy.engine import make_url

from office.db import DEFAULT_URL
from office.migrations import upgrade
from sync.central.db import connect


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("migrate", help="upgrade the central database's schema to this code's revision")
    parser.add_argument("--db", default=DEFAULT_URL, help=f"central database URL (default {DEFAULT_URL})")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    shown = make_url(args.db).render_as_string(hide_password=True)
    engine = connect(args.db)
    try:
        done = upgrade(engine)
    finally:
        engine.dispose()
    if done.before == done.after:
        print(f"office database {shown}: already at revision {done.after}")
    else:
        print(f"office database {shown}: revision {done.before or 'none'} → {done.after}")
    return 0
