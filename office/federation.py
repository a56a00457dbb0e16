"""The monthly report for the disabled persons' federation (残联): per site, how many people
worked, their days, hours and pieces, what they earned in total and on average, who earned
less than the site's local minimum, and the same figures of the month before.

Income is what the month's days earned (pieces, guarantee, base) as known now, not what a pay
period paid: periods need not follow calendar months, the federation asks per month.
The minimum monthly income is set per site by the office; each change is an audit record,
and the latest one is the setting (default ¥2,000).
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Connection, select

from office import audit
from office.exports import text_if_formula
from office.i18n import translate
from office.payroll import store
from office.payroll.errors import OfficeError
from office.payroll.money import divide_half_up
from office.tables import audit_log
from office.xlsx_sheet import TEXT, YUAN, Column, format_body, start_table, yuan
from sync.central.tables import workers

DEFAULT_MINIMUM_FEN = 200_000
MINIMUM_ACTION = "site.minimum_income"
UNKNOWN_SITE = "?"


def parse_month(text: str | None) -> date:
    """'2026-11' -> 2026-11-01."""
    try:
        return datetime.strptime(text or "", "%Y-%m").date()
    except ValueError as exc:
        raise OfficeError("not_a_month", value=text) from exc


def month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def previous_month(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)


def minimums(conn: Connection) -> dict[str, int]:
    """The minimum monthly income of every site that has one set (latest change wins)."""
    found: dict[str, int] = {}
    query = select(audit_log.c.detail).where(audit_log.c.action == MINIMUM_ACTION).order_by(audit_log.c.id)
    for detail in conn.execute(query).scalars():
        values = json.loads(detail)
        found[values["site"]] = int(values["amount_fen"])
    return found


def set_minimum(conn: Connection, site: str, amount_fen: int, username: str) -> None:
    if not site.strip():
        raise OfficeError("no_site")
    audit.record(conn, username, MINIMUM_ACTION, site=site.strip(), amount_fen=amount_fen)


@dataclass
class SiteMonth:
    site: str
    minimum_fen: int
    head_count: int = 0
    days: int = 0
    seconds: int = 0
    total_fen: int = 0
    pieces: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    below: list[tuple[str, str, int]] = field(default_factory=list)  # (worker_id, name, income fen)

    @property
    def average_fen(self) -> int:
        return divide_half_up(self.total_fen, self.head_count) if self.head_count else 0


@dataclass(frozen=True, slots=True)
class FederationReport:
    month: date
    sites: dict[str, SiteMonth]
    previous: dict[str, SiteMonth]  # the month before, same sites


def _month(conn: Connection, first: date, floors: dict[str, int]) -> dict[str, SiteMonth]:
    payroll = store.compute_range(conn, first, month_end(first))
    roster = {
        w: (site, name) for w, site, name in conn.execute(select(workers.c.worker_id, workers.c.site, workers.c.name))
    }
    sites: dict[str, SiteMonth] = {}
    for worker_id, pay in sorted(payroll.workers.items()):
        if not pay.days_attended and not pay.lines:
            continue
        site, name = roster.get(worker_id, (UNKNOWN_SITE, worker_id))
        month = sites.setdefault(site, SiteMonth(site, floors.get(site, DEFAULT_MINIMUM_FEN)))
        month.head_count += 1
        month.days += pay.days_attended
        month.seconds += pay.seconds
        month.total_fen += pay.total_fen
        for line in pay.lines:
            if line.kind == "piece" and line.product_id:
                month.pieces[line.product_id] += line.count
        if pay.total_fen < month.minimum_fen:
            month.below.append((worker_id, name, pay.total_fen))
    return sites


def federation_report(conn: Connection, first: date) -> FederationReport:
    floors = minimums(conn)
    return FederationReport(first, _month(conn, first, floors), _month(conn, previous_month(first), floors))


def _table(sheet: Worksheet, columns: list[Column], rows: list[list[object]], title: str | None = None) -> None:
    """One sheet in the office's shared look; a name typed as a formula stays text."""
    header = start_table(sheet, columns, title)
    for row in rows:
        sheet.append(row)
    format_body(sheet, columns, header, sheet.max_row)
    for cells in sheet.iter_rows(min_row=header + 1):
        for cell in cells:
            text_if_formula(cell)


def federation_xlsx(report: FederationReport, product_names: dict[str, str], language: str) -> bytes:
    """Sheet 1 per site with last month beside it; sheet 2 pieces per product; sheet 3 who is below."""

    def word(key: str) -> str:
        return translate(f"federation.{key}", language)

    book = Workbook()
    summary = book.active
    summary.title = word("sheet_sites")
    sites_columns = [
        Column(word("site"), 14),
        Column(word("head_count"), 8, "0"),
        Column(word("days"), 10, "0"),
        Column(word("hours"), 10, "0.0"),
        Column(word("total"), 14, YUAN),
        Column(word("average"), 12, YUAN),
        Column(word("minimum"), 12, YUAN),
        Column(word("below"), 10, "0"),
        Column(word("prev_head_count"), 10, "0"),
        Column(word("prev_total"), 14, YUAN),
        Column(word("prev_average"), 12, YUAN),
    ]
    sites_rows: list[list[object]] = []
    for site, month in sorted(report.sites.items()):
        before = report.previous.get(site)
        sites_rows.append(
            [
                site,
                month.head_count,
                month.days,
                round(month.seconds / 3600, 1),
                yuan(month.total_fen),
                yuan(month.average_fen),
                yuan(month.minimum_fen),
                len(month.below),
                before.head_count if before else 0,
                yuan(before.total_fen) if before else 0,
                yuan(before.average_fen) if before else 0,
            ]
        )
    _table(summary, sites_columns, sites_rows, f"{word('title')} {report.month:%Y-%m}")
    _table(
        book.create_sheet(word("sheet_pieces")),
        [Column(word("site"), 14), Column(word("product"), 20), Column(word("pieces"), 10, "#,##0")],
        [
            [site, product_names.get(product_id, product_id), count]
            for site, month in sorted(report.sites.items())
            for product_id, count in sorted(month.pieces.items())
        ],
    )
    _table(
        book.create_sheet(word("sheet_below")),
        [
            Column(word("site"), 14),
            Column(word("worker"), 10, TEXT),
            Column(word("name"), 12),
            Column(word("income"), 12, YUAN),
            Column(word("minimum"), 12, YUAN),
        ],
        [
            [site, worker_id, name, yuan(fen), yuan(month.minimum_fen)]
            for site, month in sorted(report.sites.items())
            for worker_id, name, fen in month.below
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
