"""Pages for pay periods: create, review, close, and download the bank file, sheet and slips."""

from __future__ import annotations

import io
import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection

from office import audit, bank_layout, roster
from office.exports import BankFormat, bank_csv, pay_sheet_xlsx, unique_entry_names
from office.i18n import translate
from office.payroll import lifecycle, manual, store
from office.payroll.compute import Period, WorkerPay
from office.payroll.errors import ExportError, OfficeError
from office.payroll.money import display_yuan
from office.payslip import SlipProduct, render_payslip
from office.slips_pdf import period_slips, render_slips_pdf
from office.users import User
from office.web.security import current_user
from office.web.views import (
    Identifier,
    PeriodId,
    back,
    language,
    office_today,
    parse_day,
    product_names,
    render,
    transaction,
)
from sync.central.tables import products, workers

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Clerk = Annotated[User, Depends(current_user)]


def label(period: Period) -> str:
    return f"{period.start.isoformat()}~{period.end.isoformat()}"


@router.get("/periods", response_class=HTMLResponse)
def periods_page(request: Request, user: Clerk) -> HTMLResponse:
    with transaction(request) as conn:
        periods = store.load_periods(conn)
    return render(request, "periods.html", periods=periods)


@router.post("/periods")
def periods_create(
    request: Request, user: Clerk, start: Annotated[str, Form()], end: Annotated[str, Form()]
) -> RedirectResponse:
    with transaction(request) as conn:
        today = office_today(request)
        store.create_period(conn, parse_day(start, today), parse_day(end, today), user.username)
    return back(request, "saved")


@router.get("/periods/{period_id}", response_class=HTMLResponse)
def period_page(request: Request, user: Clerk, period_id: PeriodId) -> HTMLResponse:
    with transaction(request) as conn:
        period = store.period(conn, period_id)
        result = store.compute(conn, period_id)
        pays = store.payments(conn, period_id, result)
        payees = store.payees(conn, pays)
        names = product_names(conn, request)
        state = lifecycle.state(conn, period_id)
        summary = lifecycle.bank_summary(conn, period_id) if period.closed else None
        closed = [p.period_id for p in store.load_periods(conn) if p.closed]
        roster_rows = roster.all_rows(conn, workers)
    return render(
        request,
        "period.html",
        period=period,
        result=result,
        pays=pays,
        payees=payees,
        product_names=names,
        total=sum(p.amount_fen for p in payees),
        state=state,
        summary=summary,
        bank_line=_bank_line(request, summary) if summary else "",
        can_reopen=bool(closed) and closed[-1] == period_id and state.sent_at is None,
        workers=roster_rows,
        adjustment_kinds=list(manual.ADJUSTMENT_SIGNS),
        bank_templates=bank_layout.templates(),
    )


def _bank_line(request: Request, summary: lifecycle.BankSummary) -> str:
    """ "11 笔 ¥9,332.26；跳过 1 人：无账号（王芳 ¥516.48）": what the file does, before it is downloaded."""
    lang = language(request)
    text = translate("bank_summary", lang, rows=summary.rows, total=display_yuan(summary.total_fen))
    if summary.no_account:
        text += translate("bank_skipped", lang, count=len(summary.no_account))
        text += "、".join(
            translate("bank_no_account", lang, name=p.name, amount=display_yuan(p.amount_fen))
            for p in summary.no_account
        )
    return text


@router.get("/periods/{period_id}/workers/{worker_id}", response_class=HTMLResponse)
def worker_trace(request: Request, user: Clerk, period_id: PeriodId, worker_id: Identifier) -> HTMLResponse:
    """Every number of one worker's pay, down to the events it came from."""
    with transaction(request) as conn:
        period = store.period(conn, period_id)
        result = store.compute(conn, period_id, worker_id)
        pay = store.payments(conn, period_id, result).get(worker_id, WorkerPay(worker_id))
        names = product_names(conn, request)
        rate_book = {r.rate_id: r for r in store.load_rates(conn)}
    return render(
        request,
        "worker_pay.html",
        period=period,
        worker_id=worker_id,
        pay=pay,
        product_names=names,
        tallies=sorted(result.tallies.get(worker_id, []), key=lambda t: (t.day, t.event_id)),
        rates=rate_book,
        adjustments=[a for a in result.adjustments if a.worker_id == worker_id],
        issues=[i for i in result.issues if i.worker_id == worker_id],
    )


def _closed(conn: Connection, period_id: int) -> Period:
    period = store.period(conn, period_id)
    if not period.closed:
        raise ExportError("close_before_bank_file")
    return period


@router.get("/periods/{period_id}/bank.csv")
def bank_file(request: Request, user: Clerk, period_id: PeriodId, encoding: str = "gbk") -> Response:
    with transaction(request) as conn:
        period = _closed(conn, period_id)
        payees = store.payees(conn, store.payments(conn, period_id))
    result = bank_csv(payees, BankFormat(encoding=encoding), label(period))
    charset = "gbk" if encoding == "gbk" else "utf-8"
    return Response(
        result.data,
        media_type=f"text/csv; charset={charset}",
        headers={"Content-Disposition": f'attachment; filename="bank-{period.start}.csv"'},
    )


@router.get("/periods/{period_id}/bank")
def bank_file_by_template(request: Request, user: Clerk, period_id: PeriodId, template: str = "generic") -> Response:
    """The bank file in a layout of office/bank_templates; every download is in the audit log."""
    chosen = bank_layout.template(template)
    with transaction(request) as conn:
        period = _closed(conn, period_id)
        result = bank_layout.render(chosen, store.payees(conn, store.payments(conn, period_id)), period)
        audit.record(
            conn,
            user.username,
            "bank.download",
            period_id=period_id,
            template=template,
            batch_no=bank_layout.batch_number(period),
            rows=result.rows,
            total_fen=result.total_fen,
        )
    media = "text/csv; charset=gbk" if chosen.encoding == "gbk" else "text/csv; charset=utf-8"
    if chosen.file_type == "xlsx":
        media = XLSX
    return Response(result.data, media_type=media, headers=attachment(bank_layout.file_name(chosen, period)))


def attachment(name: str) -> dict[str, str]:
    """Content-Disposition for a Chinese file name: RFC 5987 `filename*`, with an ASCII fallback."""
    fallback = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return {"Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"}


@router.get("/periods/{period_id}/paysheet.xlsx")
def pay_sheet(request: Request, user: Clerk, period_id: PeriodId) -> Response:
    with transaction(request) as conn:
        period = store.period(conn, period_id)
        pays = store.payments(conn, period_id)
        payees = store.payees(conn, pays)
        names = product_names(conn, request)
        rate_book = {rate.rate_id: rate for rate in store.load_rates(conn)}
    lang = language(request)
    data = pay_sheet_xlsx(payees, pays, names, rate_book, label(period), lang)
    return Response(
        data, media_type=XLSX, headers=attachment(f"{translate('xlsx.pay_title', lang, period=label(period))}.xlsx")
    )


class _Slips:
    """Renders the slips of one period: the roster, catalog and rates are read once, not per slip."""

    def __init__(self, request: Request, conn: Connection, period: Period) -> None:
        self.workers = {w["worker_id"]: w for w in roster.all_rows(conn, workers)}
        self.products = roster.all_rows(conn, products)
        self.rates = {rate.rate_id: rate for rate in store.load_rates(conn)}
        self.label, self.photos = label(period), request.app.state.photos

    def render(self, pay: WorkerPay) -> bytes:
        row = self.workers.get(pay.worker_id)
        name, photo, language = (
            (row["name"], row["photo"], row["language"]) if row else (pay.worker_id, "", "zh-Hans")
        )
        column = roster.name_column(language)
        catalog = {p["product_id"]: SlipProduct(p[column], p["pictogram"]) for p in self.products}
        return render_payslip(
            name, photo, language, self.label, pay, catalog, rates=self.rates, photos=self.photos
        )


@router.get("/periods/{period_id}/slips/{worker_id}.png")
def slip(request: Request, user: Clerk, period_id: PeriodId, worker_id: Identifier) -> Response:
    with transaction(request) as conn:
        period = store.period(conn, period_id)
        pay = store.payments(conn, period_id).get(worker_id)
        if pay is None:
            raise OfficeError("no_pay", worker_id=worker_id)
        png = _Slips(request, conn, period).render(pay)
    return Response(png, media_type="image/png")


@router.get("/periods/{period_id}/slips.pdf")
def slips_sheet(request: Request, user: Clerk, period_id: PeriodId) -> Response:
    """Every slip of the period on A4 with a 签字 column, in the clerk's language."""
    lang = language(request)
    with transaction(request) as conn:
        period = store.period(conn, period_id)
        pdf = render_slips_pdf(period_slips(conn, period_id, lang), label(period), lang)
    return Response(pdf, media_type="application/pdf", headers=attachment(f"工资签收表_{label(period)}.pdf"))


@router.get("/periods/{period_id}/slips.zip")
def slips(request: Request, user: Clerk, period_id: PeriodId) -> Response:
    out = io.BytesIO()
    with transaction(request) as conn, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        period = store.period(conn, period_id)
        slips = _Slips(request, conn, period)
        pays = store.payments(conn, period_id)
        names = unique_entry_names(pays, ".png")
        # PNG compression dominates and runs outside the GIL: one slip per core at a time.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for worker_id, png in zip(pays, pool.map(slips.render, pays.values()), strict=True):
                archive.writestr(names[worker_id], png)
    return Response(
        out.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="slips-{period.start}.zip"'},
    )
