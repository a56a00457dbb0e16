"""Pages for signing in, watching the stations and keeping the roster, catalog and rates."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.datastructures import MultiDict, UploadFile

from office import audit, roster, sessions
from office import quarantine as quarantined
from office.i18n import translate
from office.payroll import store
from office.payroll.compute import PayRule
from office.payroll.errors import RosterError
from office.payroll.money import parse_yuan
from office.photos import MAX_UPLOAD_BYTES, square_png
from office.stations import register_station
from office.tables import rates, supervisors
from office.users import MAX_PASSWORD, MAX_USERNAME, User, authenticate
from office.web import listing
from office.web.security import admin_user, current_user
from office.web.views import (
    back,
    language,
    office_today,
    parse_day,
    product_names,
    publish,
    render,
    site_options,
    transaction,
)
from sync.central.tables import products, stations, workers

router = APIRouter()
Clerk = Annotated[User, Depends(current_user)]
Admin = Annotated[User, Depends(admin_user)]


# --- signing in ------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(request, "login.html")


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=MAX_USERNAME)],
    password: Annotated[str, Form(max_length=MAX_PASSWORD)],
) -> HTMLResponse:
    throttle = request.app.state.throttle
    keys = [("user", username.casefold()), ("address", request.client.host if request.client else "")]
    wait = throttle.locked_for(keys)
    if wait:  # checked before the password, so a locked guesser learns nothing
        minutes = max(1, -(-int(wait.total_seconds()) // 60))
        return render(
            request, "login.html", status_code=429, locked=translate("login_locked", language(request), minutes=minutes)
        )
    with transaction(request) as conn:
        user = authenticate(conn, username, password)
        if user is None:
            audit.record(conn, username, "login.failed")
            for kind, value in throttle.failed(keys):
                audit.record(conn, username, "login.locked", by=kind, value=value[:MAX_USERNAME])
    if user is None:
        return render(request, "login.html", status_code=401, failed=True)
    throttle.succeeded(keys[0])
    chosen = language(request)
    request.session.clear()  # a new session id (and CSRF token) after signing in; the language stays
    request.session["user"] = {"username": user.username, "role": user.role}
    request.session["lang"] = chosen
    return RedirectResponse("/", status_code=303)  # type: ignore[return-value]


@router.post("/logout")
def logout(request: Request, user: Clerk) -> RedirectResponse:
    """Signs the user out everywhere: every session of theirs ends, not only this browser's."""
    with transaction(request) as conn:
        sessions.end_all(conn, user.username)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


# --- roster, catalog and rates (admin) ------------------------------------------------


WORKERS = listing.Listing(
    sorts={"id": workers.c.worker_id, "name": workers.c.name, "site": workers.c.site, "active": workers.c.active},
    default_sort="id",
    key=workers.c.worker_id,
    searched=(workers.c.worker_id, workers.c.name, workers.c.badge),
    filters={"site": workers.c.site, "active": workers.c.active, "bank": workers.c.bank_account.is_not(None)},
)


@router.get("/workers", response_class=HTMLResponse)
def workers_page(request: Request, user: Clerk, edit: str | None = None) -> HTMLResponse:
    asked = listing.parse(WORKERS, request.query_params)
    with transaction(request) as conn:
        page = listing.fetch(conn, select(workers), WORKERS, asked)
        catalog = product_names(conn, request)
        found = conn.execute(select(workers).where(workers.c.worker_id == edit)).mappings().first() if edit else None
        sites = listing.choices(conn, workers.c.site)
        known_sites = site_options(conn)
    editing = dict(found) if found is not None and user.is_admin else None
    allowed = set(json.loads(editing["product_ids"] or "[]")) if editing else set()
    filters = {"site": sites, "active": listing.YES_NO, "bank": listing.YES_NO}
    return render(
        request,
        "workers.html",
        page=page,
        editing=editing,
        catalog=catalog,
        allowed=allowed,
        filters=filters,
        site_options=known_sites,
    )


@router.post("/workers")
async def workers_save(request: Request, user: Admin) -> RedirectResponse:
    await _refuse_unconfirmed_disable(request)
    return await _save(request, user, roster.save_worker, picture="photo")


async def _refuse_unconfirmed_disable(request: Request) -> None:
    """Unticking "active" on the edit form disables a worker only with its summary box ticked."""
    form = await request.form()
    unticked = "active" in str(form.get("checkboxes", "")).split() and not form.get("active")
    if form.get("mode") != "edit" or not unticked or form.get("confirm_disable"):
        return
    with transaction(request) as conn:
        row = conn.execute(
            select(workers.c.name, workers.c.active).where(workers.c.worker_id == str(form.get("worker_id")))
        ).first()
    if row is not None and row.active:
        raise RosterError("confirm_disable", name=row.name, worker_id=form.get("worker_id"))


@router.get("/products", response_class=HTMLResponse)
def products_page(request: Request, user: Clerk, edit: str | None = None) -> HTMLResponse:
    with transaction(request) as conn:
        rows = roster.all_rows(conn, products)
        rate_rows = conn.execute(select(rates).order_by(rates.c.product_id, rates.c.effective_from)).mappings().all()
        rules = store.load_rules(conn)
        locked = store.locked_until(conn)
        names = product_names(conn, request)
    editing = next((p for p in rows if p["product_id"] == edit), None) if user.is_admin else None
    by_product = defaultdict(list)
    for rate in rate_rows:
        by_product[rate["product_id"]].append(rate)
    today = office_today(request)
    current = {p: [r for r in rs if r["effective_from"] <= today][-1:] for p, rs in by_product.items()}
    return render(
        request,
        "products.html",
        rows=rows,
        rates=by_product,
        rules=rules,
        locked=locked,
        editing=editing,
        names=names,
        current=current,
    )


@router.post("/products")
async def products_save(request: Request, user: Admin) -> RedirectResponse:
    return await _save(request, user, roster.save_product, picture="pictogram")


@router.post("/rates")
def rates_save(
    request: Request,
    user: Admin,
    product_id: Annotated[str, Form(max_length=64)],
    effective_from: Annotated[str, Form()],
    rate_yuan: Annotated[str, Form()],
    per_pieces: Annotated[int, Form(ge=1, le=1_000_000)] = 1,
    confirm: Annotated[str, Form(max_length=8)] = "",
) -> RedirectResponse:
    day, fen = parse_day(effective_from, office_today(request)), parse_yuan(rate_yuan)
    with transaction(request) as conn:
        store.set_rate_typed(conn, product_id, day, fen, per_pieces, user.username, confirmed=bool(confirm))
    return back(request, "saved")


@router.post("/rules")
def rules_save(
    request: Request,
    user: Admin,
    effective_from: Annotated[str, Form()],
    min_per_hour_yuan: Annotated[str, Form()] = "0",
    min_per_day_yuan: Annotated[str, Form()] = "0",
    base_per_day_yuan: Annotated[str, Form()] = "0",
) -> RedirectResponse:
    rule = PayRule(
        parse_day(effective_from, office_today(request)),
        parse_yuan(min_per_hour_yuan),
        parse_yuan(min_per_day_yuan),
        parse_yuan(base_per_day_yuan),
    )
    with transaction(request) as conn:
        store.set_rule(conn, rule, user.username)
    return back(request, "saved")


@router.get("/supervisors", response_class=HTMLResponse)
def supervisors_page(request: Request, user: Clerk) -> HTMLResponse:
    with transaction(request) as conn:
        rows = roster.all_rows(conn, supervisors)
        station_rows = roster.all_rows(conn, stations)
        sites = site_options(conn)
    return render(request, "supervisors.html", rows=rows, stations=station_rows, site_options=sites)


@router.post("/supervisors")
async def supervisors_save(request: Request, user: Admin) -> RedirectResponse:
    return await _save(request, user, roster.save_supervisor)


@router.post("/stations/register")
def stations_register(
    request: Request, user: Admin, site: Annotated[str, Form()], station_id: Annotated[str, Form()]
) -> RedirectResponse:
    with transaction(request) as conn:
        register_station(conn, site, station_id, user.username)
    quarantined.reingest_station(request.app.state.engine, station_id, user.username)  # what it sent meanwhile
    return back(request, "saved")


@router.post("/stations")
async def stations_save(request: Request, user: Admin) -> RedirectResponse:
    return await _save(request, user, roster.save_station)


async def _save(request: Request, user: User, save: roster.Saver, picture: str | None = None) -> RedirectResponse:
    """Save a form; `picture` names the field whose photo comes as an upload (`<field>_file`),
    cropped and stored by hash: a path typed into the form is never taken."""
    form = await request.form()
    # A MultiDict keeps every ticked checkbox (the worker's allowed products).
    values = MultiDict([(k, v) for k, v in form.multi_items() if not isinstance(v, UploadFile)])
    if picture is not None:
        values.pop(picture, None)
        upload = form.get(f"{picture}_file")
        data = await upload.read(MAX_UPLOAD_BYTES + 1) if isinstance(upload, UploadFile) else b""
        if data:
            values[picture] = request.app.state.photos.put(square_png(data))
    with transaction(request) as conn:
        sites = save(conn, values, user.username)
    return back(request, publish(request, sites))


@router.get("/photos/{ref}")
def photo(request: Request, user: Clerk, ref: str) -> Response:
    """A stored photo by its reference (`sha256:<hex>`); nothing else is ever read."""
    data = request.app.state.photos.read(ref)
    if data is None:
        raise RosterError("photo_not_valid")
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=31536000, immutable"})
