"""`python -m office period ...`: a pay period's steps from a shell, the same store calls the web makes.

close (behind the checklist and the confirmed total), reopen, adjust, defer, mark-sent, mark-paid.
Messages are in --lang (Chinese first); a refusal exits 2 and changes nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection

from office.cli.language import add_language
from office.db import DEFAULT_URL, open_office
from office.i18n import translate
from office.payroll import lifecycle, manual, store
from office.payroll.errors import PeriodError
from office.payroll.money import display_yuan, parse_yuan
from office.slips_pdf import period_slips, render_slips_pdf
from office.web.formatting import DEFAULT_ZONE, SiteZones, UnknownTimeZone

ALL = "all"
Step = Callable[[Connection, argparse.Namespace], str]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("period", help="close, reopen, adjust, defer, mark sent or paid a pay period")
    steps = parser.add_subparsers(dest="step", metavar="STEP", required=True)

    def step(name: str, help_text: str, handler: Step) -> argparse.ArgumentParser:
        sub = steps.add_parser(name, help=help_text)
        sub.add_argument("--db", default=DEFAULT_URL, help=f"central database URL (default {DEFAULT_URL})")
        sub.add_argument("--period", type=int, required=True, help="pay period id (as on the periods page)")
        sub.add_argument("--by", default="cli", help="name recorded in the audit log (default cli)")
        add_language(sub)
        sub.set_defaults(handler=run, step_handler=handler)
        return sub

    close = step("close", "print the checklist; close once every item is acknowledged and the total confirmed", _close)
    close.add_argument("--confirm-total", type=int, help="the total in fen the checklist printed")
    close.add_argument(
        "--time-zone",
        default=DEFAULT_ZONE,
        type=_office_zone,
        dest="zones",
        metavar="ZONE",
        help=f"the office's calendar: a period can be closed once its last day is over there (default {DEFAULT_ZONE})",
    )
    close.add_argument(
        "--acknowledge", action="append", default=[], metavar="ITEM", help=f"an item's id as printed, or '{ALL}'"
    )
    step("reopen", "undo the last close while the bank file is unsent", _reopen).add_argument("--reason", required=True)
    adjust = step("adjust", "add a back pay, deduction or bonus line to an open period", _adjust)
    adjust.add_argument("--worker", required=True)
    adjust.add_argument("--amount", required=True, help="yuan, e.g. 12.50 (always positive; --kind gives the sign)")
    adjust.add_argument("--kind", required=True, choices=tuple(manual.ADJUSTMENT_SIGNS))
    adjust.add_argument("--reason", required=True)
    defer = step("defer", "put off paying a worker the bank file left out", _defer)
    defer.add_argument("--worker", required=True)
    defer.add_argument("--reason", required=True)
    step("mark-sent", "the bank file went to the bank", _mark_sent)
    step("mark-paid", "the money is out", _mark_paid)
    step("slips-pdf", "write every slip of the period on A4 with a signature column", _slips_pdf).add_argument(
        "--out", required=True, type=Path, help="PDF file to write"
    )


def _office_zone(name: str) -> SiteZones:
    try:
        return SiteZones.parse(name)
    except UnknownTimeZone as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def run(args: argparse.Namespace) -> int:
    engine = open_office(args.db)
    try:
        with engine.begin() as conn:
            print(args.step_handler(conn, args))
    finally:
        engine.dispose()
    return 0


def _saved(args: argparse.Namespace) -> str:
    return translate("saved", args.lang)


def _close(conn: Connection, args: argparse.Namespace) -> str:
    """Print what closing means; refuse (exit 2, nothing changed) until it is all acknowledged."""
    seen = lifecycle.review(conn, args.period)
    for check in seen.checks:
        print(f"[{check.key}] {check.text(args.lang)}")
    print(translate("close_confirm", args.lang, count=seen.head_count, total=display_yuan(seen.total_fen)))
    print(f"--confirm-total {seen.total_fen}")
    acknowledged = {check.key for check in seen.checks} if ALL in args.acknowledge else set(args.acknowledge)
    if args.confirm_total is None:
        raise PeriodError("confirm_total_needed")
    today = args.zones.today(datetime.now(UTC))
    lifecycle.close(conn, args.period, args.by, today, acknowledged, args.confirm_total)
    return _saved(args)


def _reopen(conn: Connection, args: argparse.Namespace) -> str:
    lifecycle.reopen(conn, args.period, args.by, args.reason)
    return _saved(args)


def _adjust(conn: Connection, args: argparse.Namespace) -> str:
    manual.add_adjustment(conn, args.period, args.worker, args.kind, parse_yuan(args.amount), args.reason, args.by)
    return _saved(args)


def _defer(conn: Connection, args: argparse.Namespace) -> str:
    lifecycle.defer(conn, args.period, args.worker, args.reason, args.by)
    return _saved(args)


def _mark_sent(conn: Connection, args: argparse.Namespace) -> str:
    lifecycle.mark_sent(conn, args.period, args.by)
    return _saved(args)


def _mark_paid(conn: Connection, args: argparse.Namespace) -> str:
    lifecycle.mark_paid(conn, args.period, args.by)
    return _saved(args)


def _slips_pdf(conn: Connection, args: argparse.Namespace) -> str:
    period = store.period(conn, args.period)
    label = f"{period.start.isoformat()}~{period.end.isoformat()}"
    args.out.write_bytes(render_slips_pdf(period_slips(conn, args.period, args.lang), label, args.lang))
    return str(args.out)
