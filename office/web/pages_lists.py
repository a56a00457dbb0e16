"""The office's lists of events and messages: tallies, corrections, quarantine and audit log, each
sorted, searched, filtered and paged in the database (office/web/listing.py), with totals where
there are sums. Pieces are only ever added up per product. (Workers: pages_office; stations:
pages_dashboard.)"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import ColumnElement, Connection, Select, and_, func, select

from office import production
from office import quarantine as quarantined
from office.charts import Chart, Series
from office.i18n import translate
from office.payroll import store
from office.payroll.local_day import EPOCH, day_number
from office.tables import audit_log, quarantine_handled
from office.users import User
from office.web import listing
from office.web.security import admin_user, current_user
from office.web.views import RowId, back, language, office_today, parse_day, product_names, render, transaction
from sync.central.tables import events, quarantine, stations, workers

router = APIRouter()
Clerk = Annotated[User, Depends(current_user)]
Admin = Annotated[User, Depends(admin_user)]
MAX_NOTE = 500


# Tallies and corrections are both events of a range of days, listed with the worker's name.
# Arrival time sorts within the days: alone, PostgreSQL walked ix_events_received_at back from the
# newest event to the page's day (1.2 s at 1 M events) instead of reading the day's range.
_EVENT_SORTS = {
    "day": events.c.local_day,
    "worker": events.c.worker_id,
    "product": events.c.product_id,
    "station": events.c.station_id,
    "received": (events.c.local_day, events.c.received_at),
}
_EVENT_FILTERS = {"site": events.c.site, "product": events.c.product_id, "station": events.c.station_id}


def _events_of(kind: str, first: date, last: date) -> tuple[Select[Any], ColumnElement[bool]]:
    """The events of `kind` on `first`..`last` (one range of ix_events_pay) with their worker's name."""
    where = and_(events.c.kind == kind, events.c.local_day.between(day_number(first), day_number(last)))
    named = select(events, workers.c.name).outerjoin(workers, workers.c.worker_id == events.c.worker_id)
    return named.where(where), where


def _event_filters(conn: Connection, labels: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    site, station = listing.choices(conn, stations.c.site), listing.choices(conn, stations.c.station_id)
    return {"site": site, "product": list(labels.items()), "station": station}


# --- tallies --------------------------------------------------------------------------------

TALLIES = listing.Listing(
    sorts={**_EVENT_SORTS, "name": workers.c.name, "count": events.c.piece_count},
    default_sort="received",
    newest_first=True,
    key=events.c.event_id,
    searched=(events.c.worker_id, workers.c.name, events.c.event_id),
    filters=_EVENT_FILTERS,
)


@router.get("/tallies", response_class=HTMLResponse)
def tallies(request: Request, user: Clerk, day: str | None = None) -> HTMLResponse:
    shown = parse_day(day, office_today(request))
    asked = listing.parse(TALLIES, request.query_params)
    query, days = _events_of("tally", shown, shown)
    sums = select(events.c.product_id, func.sum(events.c.piece_count), func.count())
    matched = sums.select_from(events.outerjoin(workers, workers.c.worker_id == events.c.worker_id))
    with transaction(request) as conn:
        totals = conn.execute(
            matched.where(days, *listing.conditions(TALLIES, asked)).group_by(events.c.product_id)
        ).all()
        page = listing.fetch(conn, query, TALLIES, asked, total=sum(count for _, _, count in totals))
        corrected = _corrections_of(conn, [row["event_id"] for row in page.rows])
        labels = product_names(conn, request)
        chart = _day_chart(production.pieces(conn, shown, shown), labels, shown, language(request))
        filters = _event_filters(conn, labels)
    return render(
        request,
        "tallies.html",
        page=page,
        day=shown,
        previous=shown - timedelta(days=1),
        next=shown + timedelta(days=1),
        week_after=shown + timedelta(days=6),  # corrections of the day's tallies come up to a week later
        chart=chart,
        totals=[(product, int(pieces or 0), count) for product, pieces, count in totals],
        corrected=corrected,
        product_names=labels,
        filters=filters,
        day_of=_date_of,
    )


@router.get("/tallies/check", response_class=HTMLResponse)
def tallies_check(request: Request, user: Clerk, day: str | None = None) -> HTMLResponse:
    """What the payroll would question on a day (held tallies to accept, missing check-outs): a
    page of its own, since it prices the whole day and the tallies list must stay fast."""
    shown = parse_day(day, office_today(request))
    with transaction(request) as conn:
        issues = store.compute_range(conn, shown, shown).issues
        names = {w: n for w, n in conn.execute(select(workers.c.worker_id, workers.c.name))}
    return render(request, "tallies_check.html", day=shown, issues=issues, names=names)


def _day_chart(made: dict[production.Key, int], names: dict[str, str], day: date, lang: str) -> Chart:
    """The day's pieces: a group of bars per product (never added across products), a bar per site."""
    products = sorted({product for _, _, product in made})
    sites = sorted({site for _, site, _ in made})
    return Chart(
        key="day",
        title=translate("chart.day_title", lang, day=day),
        desc=translate("chart.day_desc", lang, day=day),
        x_labels=tuple(names.get(p, p) for p in products),
        series=tuple(Series(site, tuple(float(made.get((day, site, p), 0)) for p in products)) for site in sites),
        unit=translate("chart.unit_pieces", lang),
        kind="bar",
    )


def _date_of(local_day: int | None) -> str:
    return (EPOCH + timedelta(days=local_day)).isoformat() if local_day is not None else "—"


def _corrections_of(conn: Connection, event_ids: list[str]) -> dict[str, int]:
    """How many corrections name each of `event_ids` (the shown page only; ix_events_target)."""
    if not event_ids:
        return {}
    query = (
        select(events.c.target_event_id, func.count())
        .where(events.c.kind == "correction", events.c.target_event_id.in_(event_ids))
        .group_by(events.c.target_event_id)
    )
    return {target: int(n) for target, n in conn.execute(query)}


@router.post("/tallies/accept")
def tallies_accept(request: Request, user: Clerk, event_id: Annotated[str, Form()]) -> RedirectResponse:
    """A clerk accepts a tally held as implausible: it is paid from now on (audited)."""
    with transaction(request) as conn:
        store.accept_tally(conn, event_id, user.username)
    return back(request, "saved")


# --- corrections ----------------------------------------------------------------------------

CORRECTIONS = listing.Listing(
    sorts=_EVENT_SORTS,
    default_sort="received",
    newest_first=True,
    key=events.c.event_id,
    searched=(events.c.worker_id, workers.c.name, events.c.event_id, events.c.target_event_id),
    filters=_EVENT_FILTERS,
)


@router.get("/corrections", response_class=HTMLResponse)
def corrections(request: Request, user: Clerk, start: str | None = None, end: str | None = None) -> HTMLResponse:
    last = parse_day(end, office_today(request))
    first = parse_day(start, last - timedelta(days=6))
    asked = listing.parse(CORRECTIONS, request.query_params)
    query, _ = _events_of("correction", first, last)
    with transaction(request) as conn:
        page = listing.fetch(conn, query, CORRECTIONS, asked)
        target_ids = [row["target_event_id"] for row in page.rows if row["target_event_id"]]
        targets = {
            row["event_id"]: row
            for row in conn.execute(select(events).where(events.c.event_id.in_(target_ids))).mappings()
        }
        labels = product_names(conn, request)
        filters = _event_filters(conn, labels)
    rows = [{**row, "payload": json.loads(row["payload"])} for row in page.rows]
    return render(
        request,
        "corrections.html",
        page=page,
        rows=rows,
        targets=targets,
        start=first,
        end=last,
        product_names=labels,
        filters=filters,
        day_of=_date_of,
    )


# --- quarantine -----------------------------------------------------------------------------

QUARANTINE = listing.Listing(
    sorts={"id": quarantine.c.id, "station": quarantine.c.station_id, "reason": quarantine.c.reason},
    default_sort="id",
    newest_first=True,
    key=quarantine.c.id,
    searched=(quarantine.c.station_id, quarantine.c.topic, quarantine.c.reason, quarantine_handled.c.note),
    filters={"station": quarantine.c.station_id},
)
STATES = ("open", "handled")


def _refusing(conn: Connection) -> list[dict[str, Any]]:
    """Stations that hold events the office refused for good (as their last status says)."""
    found = []
    for station_id, status in conn.execute(select(stations.c.station_id, stations.c.status).order_by("station_id")):
        rejected = json.loads(status).get("rejected") if status else None
        if rejected:
            found.append({"station_id": station_id, "rejected": rejected})
    return found


@router.get("/quarantine", response_class=HTMLResponse)
def quarantine_page(request: Request, user: Clerk, state: str = "open") -> HTMLResponse:
    asked = listing.parse(QUARANTINE, request.query_params)
    joined = quarantine.outerjoin(quarantine_handled, quarantine_handled.c.quarantine_id == quarantine.c.id)
    query = select(quarantine, quarantine_handled).select_from(joined)
    if state in STATES:
        handled = quarantine_handled.c.quarantine_id.is_not(None)
        query = query.where(handled if state == "handled" else ~handled)
    with transaction(request) as conn:
        page = listing.fetch(conn, query, QUARANTINE, asked)
        rows = [quarantined.summary(conn, row) for row in page.rows]
        filters = {"station": listing.choices(conn, quarantine.c.station_id)}
        refusing = _refusing(conn)
    return render(
        request,
        "quarantine.html",
        page=page,
        rows=rows,
        refusing=refusing,
        state=state if state in STATES else "all",
        filters=filters,
    )


@router.post("/quarantine/{quarantine_id}/reingest")
def quarantine_reingest(request: Request, user: Admin, quarantine_id: RowId) -> RedirectResponse:
    done = quarantined.reingest(request.app.state.engine, quarantine_id, user.username)
    return back(request, translate(done.key, language(request), **done.values), fallback="/quarantine")


@router.post("/quarantine/{quarantine_id}/handled")
def quarantine_handled_save(
    request: Request, user: Clerk, quarantine_id: RowId, note: Annotated[str, Form(max_length=MAX_NOTE)]
) -> RedirectResponse:
    """Mark a quarantined message as dealt with, saying how (audited); it leaves the open list."""
    with transaction(request) as conn:
        quarantined.mark_handled(conn, quarantine_id, note, user.username)
    return back(request, "saved", fallback="/quarantine")


# --- audit log ------------------------------------------------------------------------------

AUDIT = listing.Listing(
    sorts={"at": audit_log.c.id, "user": audit_log.c.username, "action": audit_log.c.action},
    default_sort="at",
    newest_first=True,
    key=audit_log.c.id,
    searched=(audit_log.c.username, audit_log.c.action, audit_log.c.detail),
    filters={"user": audit_log.c.username, "action": audit_log.c.action},
)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, user: Admin) -> HTMLResponse:
    asked = listing.parse(AUDIT, request.query_params)
    with transaction(request) as conn:
        page = listing.fetch(conn, select(audit_log), AUDIT, asked)
        users, actions = listing.choices(conn, audit_log.c.username), listing.choices(conn, audit_log.c.action)
    filters = {"user": users, "action": [(action, f"audit.{action}") for action, _ in actions]}
    entries = [{**row, "detail": json.loads(row["detail"])} for row in page.rows]
    return render(request, "audit.html", page=page, entries=entries, filters=filters)
