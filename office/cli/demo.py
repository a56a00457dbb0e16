"""`python -m office demo` and `seed-demo`: an office database to try the office page with.

Creates users `admin` and `clerk` (password from --password-file), the demo workshop's
roster (`seed-demo`), piece rates, and last month's tallies in an open pay period.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

from office.db import DEFAULT_URL, open_office
from office.demo import office as demo_office
from office.demo.seed import seed_demo
from office.payroll import store
from office.payroll.errors import OfficeError
from office.users import add_user
from sync.demo import demo_catalog


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("demo", help="fill an empty central database with a demo office")
    parser.add_argument("--db", default=DEFAULT_URL, help=f"central database URL (default {DEFAULT_URL})")
    parser.add_argument("--password-file", required=True, type=Path, help="password for users admin and clerk")
    parser.set_defaults(handler=run)

    seed = subparsers.add_parser("seed-demo", help="load the demo roster, products and supervisors")
    seed.add_argument("--db", default=DEFAULT_URL, help=f"office database URL (default {DEFAULT_URL})")
    seed.add_argument("--site", default=demo_office.SITE)
    seed.set_defaults(handler=seed_only)


def run(args: argparse.Namespace) -> int:
    password = args.password_file.read_text(encoding="utf-8").splitlines()[0] if args.password_file.exists() else ""
    last_month = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
    month_end = date.today().replace(day=1) - timedelta(days=1)
    engine = open_office(args.db)
    try:
        with engine.begin() as conn:
            add_user(conn, "admin", "admin", password, by="demo")
            add_user(conn, "clerk", "clerk", password, by="demo")
        seed_demo(engine, demo_office.SITE)
        with engine.begin() as conn:
            catalog = demo_catalog()
            demo_office.add_station(conn)
            demo_office.set_rates(conn, last_month, "demo")
            written = demo_office.record_month(conn, catalog, last_month)
            store.create_period(conn, last_month, month_end, "demo")
    except OfficeError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except Exception as exc:  # an already filled database: say so, do not half-apply
        print(f"could not fill {args.db}: {type(exc).__name__} (is it already a demo?)", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"demo office ready: {written} events of {last_month:%Y-%m}; log in as admin or clerk")
    return 0


def seed_only(args: argparse.Namespace) -> int:
    seed_demo(open_office(args.db), args.site)
    print(f"demo roster loaded for site {args.site}")
    return 0
