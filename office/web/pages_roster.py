"""The roster as XLSX on the office page: download it, upload an edited copy, look at the
preview (adds, changes field by field, unchanged, per-row errors) and only then save it.

The read sheet waits in the server-side session between upload and confirm; the confirm carries
the digest of the preview the clerk saw, and a roster changed meanwhile shows a new preview.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from office import roster, roster_sheet
from office.i18n import translate
from office.payroll.errors import RosterError
from office.users import User
from office.web.pages_payroll import XLSX, attachment
from office.web.security import admin_user
from office.web.views import language, publish, render, transaction
from office.xlsx_read import MAX_FILE_BYTES
from sync.central.tables import products, workers

router = APIRouter()
Admin = Annotated[User, Depends(admin_user)]
KEPT = "roster_import"  # the session key of the sheet waiting for its confirm
UPLOAD_BODY_BYTES = MAX_FILE_BYTES + 64 * 1024  # the sheet and the form's few fields


@router.get("/roster.xlsx")
def roster_download(request: Request, user: Admin) -> Response:
    """Bank and ID numbers in full, so admins only (clerks see the last four on /workers)."""
    lang = language(request)
    with transaction(request) as conn:
        data = roster_sheet.roster_xlsx(roster.all_rows(conn, workers), roster.all_rows(conn, products), lang)
    return Response(data, media_type=XLSX, headers=attachment(f"{translate('xlsx.roster_sheet', lang)}.xlsx"))


@router.get("/roster/import", response_class=HTMLResponse)
def import_page(request: Request, user: Admin) -> HTMLResponse:
    kept = request.session.get(KEPT)
    plan = None
    if kept:
        rows, errors = roster_sheet.rows_from_session(kept)
        with transaction(request) as conn:
            plan = roster_sheet.plan_import(conn, rows, errors, kept["clear_empty"])
    return render(
        request,
        "roster_import.html",
        plan=plan,
        file_name=kept["file_name"] if kept else "",
        header=lambda name: roster_sheet.header(name, language(request)),
        shown=lambda name, value: roster_sheet.shown(name, value, language(request)),
    )


@router.post("/roster/import")
async def import_upload(
    request: Request,
    user: Admin,
    sheet: Annotated[UploadFile, File()],
    clear_empty: Annotated[str, Form(max_length=8)] = "",
) -> RedirectResponse:
    data = await sheet.read(MAX_FILE_BYTES + 1)  # one byte over is enough for read_sheet to refuse it
    rows, errors = roster_sheet.read_sheet(data)
    request.session[KEPT] = {
        **roster_sheet.rows_to_session(rows, errors),
        "clear_empty": bool(clear_empty),
        "file_name": (sheet.filename or "")[:100],
    }
    return RedirectResponse("/roster/import", status_code=303)


@router.post("/roster/import/confirm")
def import_confirm(request: Request, user: Admin, digest: Annotated[str, Form(max_length=64)]) -> RedirectResponse:
    kept = request.session.get(KEPT)
    if not kept:
        raise RosterError("import_none")
    rows, errors = roster_sheet.rows_from_session(kept)
    with transaction(request) as conn:
        plan = roster_sheet.plan_import(conn, rows, errors, kept["clear_empty"])
        if plan.digest != digest:
            raise RosterError("import_stale")
        sites = roster_sheet.apply_import(conn, plan, user.username)
    request.session.pop(KEPT, None)
    lang = language(request)
    saved = translate("import_saved", lang, adds=len(plan.of_kind("add")), changes=len(plan.of_kind("change")))
    pushed = publish(request, sites)
    request.session["flash"] = saved if pushed == "saved" else f"{saved}；{pushed}"
    return RedirectResponse("/workers", status_code=303)


@router.post("/roster/import/cancel")
def import_cancel(request: Request, user: Admin) -> RedirectResponse:
    request.session.pop(KEPT, None)
    return RedirectResponse("/roster/import", status_code=303)
