"""Pages for the steps of a pay period after review: the close checklist, close, reopen, bank
file sent, skipped workers deferred, paid; and the hand fixes (adjustment lines, check-outs)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from office.i18n import translate
from office.payroll import lifecycle, manual, store
from office.payroll.errors import PeriodError
from office.payroll.money import display_yuan, parse_yuan
from office.users import User
from office.web.security import admin_user, current_user
from office.web.views import PeriodId, back, language, office_today, render, transaction

router = APIRouter()
Clerk = Annotated[User, Depends(current_user)]
Admin = Annotated[User, Depends(admin_user)]
# The ticked box beside a dangerous action's summary ("I confirm reopening … (2 people, ¥8.50)").
Confirmed = Annotated[str, Form(min_length=1, max_length=8)]


@router.get("/periods/{period_id}/close", response_class=HTMLResponse)
def close_page(request: Request, user: Clerk, period_id: PeriodId) -> HTMLResponse:
    with transaction(request) as conn:
        period = store.period(conn, period_id)
        seen = lifecycle.review(conn, period_id)
    lang = language(request)
    too_early = office_today(request) <= period.end
    early = PeriodError("close_too_early", end=period.end).message(lang) if too_early else None
    return render(
        request,
        "close.html",
        period=period,
        checks=[(c.key, c.text(lang)) for c in seen.checks],
        confirm=translate("close_confirm", lang, count=seen.head_count, total=display_yuan(seen.total_fen)),
        total_fen=seen.total_fen,
        early=early,
    )


@router.post("/periods/{period_id}/close")
async def close(request: Request, user: Clerk, period_id: PeriodId) -> RedirectResponse:
    form = await request.form()
    acknowledged = {str(v) for v in form.getlist("ack")}
    try:
        confirmed = int(str(form.get("confirmed_total", "")))
    except ValueError as exc:
        raise PeriodError("total_changed") from exc
    with transaction(request) as conn:
        lifecycle.close(conn, period_id, user.username, office_today(request), acknowledged, confirmed)
    request.session["flash"] = "saved"
    return RedirectResponse(f"/periods/{period_id}", status_code=303)


@router.post("/periods/{period_id}/reopen")
def reopen(
    request: Request, user: Admin, period_id: PeriodId, confirm: Confirmed, reason: Annotated[str, Form()] = ""
) -> RedirectResponse:
    with transaction(request) as conn:
        lifecycle.reopen(conn, period_id, user.username, reason)
    return back(request, "saved")


@router.post("/periods/{period_id}/sent")
def sent(request: Request, user: Clerk, period_id: PeriodId, confirm: Confirmed) -> RedirectResponse:
    with transaction(request) as conn:
        lifecycle.mark_sent(conn, period_id, user.username)
    return back(request, "saved")


@router.post("/periods/{period_id}/defer")
def defer(
    request: Request,
    user: Clerk,
    period_id: PeriodId,
    worker_id: Annotated[str, Form()],
    confirm: Confirmed,
    reason: Annotated[str, Form()] = "",
) -> RedirectResponse:
    with transaction(request) as conn:
        lifecycle.defer(conn, period_id, worker_id, reason, user.username)
    return back(request, "saved")


@router.post("/periods/{period_id}/paid")
def paid(request: Request, user: Clerk, period_id: PeriodId, confirm: Confirmed) -> RedirectResponse:
    with transaction(request) as conn:
        lifecycle.mark_paid(conn, period_id, user.username)
    return back(request, "saved")


@router.post("/periods/{period_id}/adjustments")
def adjust(
    request: Request,
    user: Clerk,
    period_id: PeriodId,
    worker_id: Annotated[str, Form()],
    kind: Annotated[str, Form()],
    amount_yuan: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> RedirectResponse:
    amount = parse_yuan(amount_yuan)
    with transaction(request) as conn:
        manual.add_adjustment(conn, period_id, worker_id, kind, amount, reason, user.username)
    return back(request, "saved")


@router.post("/attendance/check-out")
def fix_check_out(
    request: Request,
    user: Clerk,
    check_in_event_id: Annotated[str, Form()],
    time: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> RedirectResponse:
    with transaction(request) as conn:
        lifecycle.fix_check_out(conn, check_in_event_id, time, reason, user.username)
    return back(request, "saved")
