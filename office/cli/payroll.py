"""`python -m office payroll`: wages for a date range as a bank file or a pay sheet.

A range that is exactly a pay period uses that period (frozen amounts once it is closed);
any other range is everything known now about those days.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from pathlib import Path

from office.cli.language import add_language
from office.db import DEFAULT_URL, open_office
from office.exports import ENCODINGS, BankFormat, bank_csv, pay_sheet_xlsx
from office.i18n import translate
from office.payroll import store
from office.payroll.compute import WorkerPay
from sync.central.tables import products

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("payroll", help="compute wages and write the bank file or pay sheet")
    parser.add_argument("--db", default=DEFAULT_URL, help=f"central database URL (default {DEFAULT_URL})")
    parser.add_argument("--from", dest="start", required=True, type=date.fromisoformat, help="first day")
    parser.add_argument("--to", dest="end", required=True, type=date.fromisoformat, help="last day")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="csv: bank batch file")
    parser.add_argument("--out", type=Path, help="file to write (default: stdout for csv)")
    parser.add_argument("--encoding", choices=ENCODINGS, default="gbk", help="bank file encoding")
    parser.add_argument(
        "--columns", help="bank file columns, e.g. 账号=bank_account,户名=name,金额=amount_yuan"
    )
    add_language(parser)
    parser.set_defaults(handler=run)


def _pays(conn, start: date, end: date) -> tuple[dict[str, WorkerPay], str]:  # type: ignore[no-untyped-def]
    label = f"{start.isoformat()}~{end.isoformat()}"
    for period in store.load_periods(conn):
        if (period.start, period.end) == (start, end):
            if not period.closed:
                log.warning("the pay period is still open: amounts may change", extra={"period": label})
            return store.payments(conn, period.period_id), label
    log.warning("not a pay period: everything known now, no late adjustments", extra={"period": label})
    return store.compute_range(conn, start, end).workers, label


def run(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.out is None:
        print(translate("cli.sheet_needs_out", args.lang), file=sys.stderr)
        return 2
    engine = open_office(args.db)
    try:
        with engine.begin() as conn:
            pays, label = _pays(conn, args.start, args.end)
            payees = store.payees(conn, pays)
            names = {row.product_id: row.name_zh_hans for row in conn.execute(products.select())}
            rates = {rate.rate_id: rate for rate in store.load_rates(conn)}
        if args.format == "xlsx":
            data = pay_sheet_xlsx(payees, pays, names, rates, label)
        else:
            result = bank_csv(payees, BankFormat.from_spec(args.columns, args.encoding), label)
            for worker_id, why in result.skipped:
                log.warning("not in the bank file", extra={"worker_id": worker_id, "why": why})
            data = result.data
    finally:
        engine.dispose()
    if args.out is None:
        sys.stdout.buffer.write(data)
    else:
        args.out.write_bytes(data)
    log.info(
        "payroll written",
        extra={"period": label, "workers": len(pays), "total_fen": sum(p.amount_fen for p in payees)},
    )
    return 0
