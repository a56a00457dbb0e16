"""All pay slips of a period on A4, for signatures: a sign-off list (one line per worker with a
签字 box) and then each worker's slip with the same rows as the picture slip, so whoever signs
can be shown how the amount came about. Text in the office's language with the CJK font the
picture slips use.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import Connection, select

from office import roster
from office.i18n import translate
from office.payroll import store
from office.payroll.compute import WorkerPay
from office.payroll.errors import ExportError
from office.payroll.money import money
from office.payslip import FONT
from office.slip_rows import SlipProduct, SlipRow, attendance_text, slip_rows
from sync.central.tables import products, workers

FONT_NAME = "WenQuanYiMicroHei"


@dataclass(frozen=True, slots=True)
class WorkerSlip:
    worker_id: str
    name: str
    pay: WorkerPay
    rows: list[SlipRow]


@functools.cache
def _font() -> str:
    if not FONT.exists():
        raise ExportError("no_cjk_font", path=str(FONT))
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT), subfontIndex=0))
    return FONT_NAME


def period_slips(conn: Connection, period_id: int, language: str) -> list[WorkerSlip]:
    """Every worker's slip rows of a period (frozen amounts once it is closed), by worker id."""
    pays = store.payments(conn, period_id)
    column = roster.name_column(language)
    catalog = {p["product_id"]: SlipProduct(p[column], p["pictogram"]) for p in roster.all_rows(conn, products)}
    rates = {rate.rate_id: rate for rate in store.load_rates(conn)}
    names: dict[str, str] = {w: n for w, n in conn.execute(select(workers.c.worker_id, workers.c.name))}
    return [
        WorkerSlip(worker_id, names.get(worker_id, worker_id), pay, slip_rows(pay, catalog, rates, language))
        for worker_id, pay in sorted(pays.items())
    ]


def render_slips_pdf(slips: list[WorkerSlip], period_label: str, language: str) -> bytes:
    font = _font()
    style = ParagraphStyle("slip", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    title = ParagraphStyle("title", parent=style, fontSize=16, leading=22)

    def word(key: str) -> str:
        return translate(f"slips_pdf.{key}", language)

    def table(data: list[list[object]], widths: list[float], row_height: float | None = None) -> Table:
        grid = Table(data, colWidths=widths, rowHeights=row_height, repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        return grid

    heading = [word("number"), word("worker"), word("name"), word("days"), word("hours"), word("amount"), word("sign")]
    sign_off: list[list[object]] = [heading]
    for number, slip in enumerate(slips, start=1):
        hours = f"{slip.pay.seconds / 3600:.1f}"
        amount = money(slip.pay.total_fen)
        sign_off.append([str(number), slip.worker_id, slip.name, str(slip.pay.days_attended), hours, amount, ""])
    total = sum(slip.pay.total_fen for slip in slips)
    sign_off.append(["", "", word("total"), "", "", money(total), ""])
    story: list[object] = [
        Paragraph(f"{word('title')} {period_label}", title),
        Spacer(1, 4 * mm),
        table(sign_off, [12 * mm, 22 * mm, 30 * mm, 14 * mm, 16 * mm, 28 * mm, 52 * mm], 9 * mm),
    ]
    for slip in slips:
        lines: list[list[object]] = [[word("item"), word("amount")]]
        lines += [[Paragraph(row.caption, style), money(row.amount_fen)] for row in slip.rows]
        lines.append([word("total"), money(slip.pay.total_fen)])
        block = [
            Paragraph(f"{slip.name}（{slip.worker_id}） {period_label}", title),
            Paragraph(attendance_text(slip.pay, language), style),
            Spacer(1, 2 * mm),
            table(lines, [140 * mm, 34 * mm]),
            Spacer(1, 6 * mm),
            Paragraph(f"{word('sign')}：________________　{word('date')}：____________", style),
            Spacer(1, 10 * mm),
        ]
        story.append(KeepTogether(block))
    if slips:
        story.insert(3, PageBreak())
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, title=period_label)
    doc.build(story)
    return out.getvalue()
