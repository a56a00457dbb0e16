"""The monthly report for the disabled persons' federation: on the page, as XLSX, and the
per-site minimum monthly income it measures against (set by an admin, audited)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from office import federation
from office.payroll.money import parse_yuan
from office.users import User
from office.web.pages_payroll import XLSX, attachment
from office.web.security import admin_user, current_user
from office.web.views import back, language, office_today, product_names, render, site_options, transaction

router = APIRouter()
Clerk = Annotated[User, Depends(current_user)]
Admin = Annotated[User, Depends(admin_user)]


def _month(request: Request, text: str | None) -> date:
    """The month typed, else last month (the one a report is usually due for)."""
    return federation.parse_month(text) if text else federation.previous_month(office_today(request).replace(day=1))


@router.get("/reports/federation", response_class=HTMLResponse)
def federation_page(request: Request, user: Clerk, month: str | None = None) -> HTMLResponse:
    first = _month(request, month)
    with transaction(request) as conn:
        report = federation.federation_report(conn, first)
        names = product_names(conn, request)
        minimums = federation.minimums(conn)
        sites = site_options(conn)
    return render(
        request,
        "federation.html",
        report=report,
        month=f"{first:%Y-%m}",
        product_names=names,
        minimums=minimums,
        default_minimum=federation.DEFAULT_MINIMUM_FEN,
        site_options=sites,
    )


@router.get("/reports/federation.xlsx")
def federation_file(request: Request, user: Clerk, month: str | None = None) -> Response:
    first = _month(request, month)
    with transaction(request) as conn:
        report = federation.federation_report(conn, first)
        names = product_names(conn, request)
    data = federation.federation_xlsx(report, names, language(request))
    return Response(data, media_type=XLSX, headers=attachment(f"残联月报_{first:%Y-%m}.xlsx"))


@router.post("/reports/federation/minimum")
def set_minimum(
    request: Request, user: Admin, site: Annotated[str, Form()], amount_yuan: Annotated[str, Form()]
) -> RedirectResponse:
    amount = parse_yuan(amount_yuan)
    with transaction(request) as conn:
        federation.set_minimum(conn, site, amount, user.username)
    return back(request, "saved", "/reports/federation")
