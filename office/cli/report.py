"""`python -m office report federation --month 2026-11 --out F.xlsx`: the federation's monthly report."""

from __future__ import annotations

import argparse
from pathlib import Path

from office import federation, roster
from office.cli.language import add_language
from office.db import DEFAULT_URL, open_office
from sync.central.tables import products


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("report", help="reports for outside bodies")
    reports = parser.add_subparsers(dest="report", metavar="REPORT", required=True)
    monthly = reports.add_parser("federation", help="per site: people, days, hours, pieces, income, below minimum")
    monthly.add_argument("--db", default=DEFAULT_URL, help=f"central database URL (default {DEFAULT_URL})")
    monthly.add_argument("--month", required=True, help="YYYY-MM")
    monthly.add_argument("--out", required=True, type=Path, help="XLSX file to write")
    add_language(monthly)
    monthly.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    engine = open_office(args.db)
    try:
        with engine.begin() as conn:
            report = federation.federation_report(conn, federation.parse_month(args.month))
            column = roster.name_column(args.lang)
            names = {p["product_id"]: p[column] for p in roster.all_rows(conn, products)}
    finally:
        engine.dispose()
    args.out.write_bytes(federation.federation_xlsx(report, names, args.lang))
    print(args.out)
    return 0
