"""The dashboard, the stations list and a worker's page: what happened today per site, how the
stations are, and production over time as charts (office/charts.py) with their numbers as tables."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import Connection, distinct, func, select

from office import production
from office.charts import Chart, Series
from office.federation import month_end, parse_month, previous_month
from office.i18n import translate
from office.payroll import store
from office.payroll.compute import RateBook
from office.payroll.errors import RosterError
from office.payroll.local_day import day_number
from office.station_board import board_row, published
from office.tables import quarantine_handled
from office.users import User
from office.web import listing
from office.web.security import current_user
from office.web.views import Identifier, language, office_today, parse_day, product_names, render, transaction
from sync.central.tables import events, quarantine, stations, workers

router = APIRouter()
Clerk = Annotated[User, Depends(current_user)]
TREND_DAYS = 30


def _open_quarantine(conn: Connection) -> int:
    handled = select(quarantine_handled.c.quarantine_id)
    return conn.execute(select(func.count()).where(quarantine.c.id.not_in(handled))).scalar_one()


def _today_by_site(conn: Connection, today: date) -> dict[str, dict[str, Any]]:
    """Per site: pieces per product, what they are worth (fen) and how many people checked in or counted today."""
    sites: dict[str, dict[str, Any]] = defaultdict(lambda: {"pieces": {}, "fen": 0, "present": 0})
    made = production.pieces(conn, today, today)
    for (_, site, product), count in made.items():
        sites[site]["pieces"][product] = count
    for site, fen in production.value_fen(made, RateBook(store.load_rates(conn))).items():
        sites[site]["fen"] = fen
    where = (events.c.local_day == day_number(today), events.c.kind.in_(("check_in", "tally")))
    present = select(events.c.site, func.count(distinct(events.c.worker_id))).where(*where).group_by(events.c.site)
    for site, count in conn.execute(present):
        sites[site]["present"] = int(count)
    return dict(sorted(sites.items()))


def _per_day(values: Mapping[date, float], days: list[date], today: date) -> tuple[float | None, ...]:
    """A value per day: nothing made is 0, a day still to come is unknown (no point drawn)."""
    return tuple(float(values.get(day, 0)) if day <= today else None for day in days)


def month_charts(conn: Connection, first: date, today: date, names: dict[str, str], lang: str) -> list[Chart]:
    """Pieces per day of the month: one chart per product (never added across products), a line per site."""
    last = month_end(first)
    days = production.days_between(first, last)
    made = production.pieces(conn, first, last)
    by_product: dict[str, dict[str, dict[date, int]]] = defaultdict(lambda: defaultdict(dict))
    for (day, site, product), count in made.items():
        by_product[product][site][day] = count
    charts = []
    for index, (product, per_site) in enumerate(sorted(by_product.items())):
        name = names.get(product, product)
        series = tuple(Series(site, _per_day(counts, days, today)) for site, counts in sorted(per_site.items()))
        title = translate("chart.month_title", lang, product=name, month=f"{first:%Y-%m}")
        charts.append(
            Chart(
                key=f"month-{index}",
                title=title,
                desc=translate("chart.month_desc", lang, product=name, sites="、".join(per_site)),
                x_labels=tuple(str(day.day) for day in days),
                series=series,
                unit=translate("chart.unit_pieces", lang),
            )
        )
    return charts


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, user: Clerk, month: str | None = None) -> HTMLResponse:
    today = office_today(request)
    first = parse_month(month) if month else today.replace(day=1)
    with transaction(request) as conn:
        current = published(conn)
        rows = conn.execute(select(stations).order_by(stations.c.site, stations.c.station_id)).mappings().all()
        board = [board_row(conn, row, current) for row in rows]
        names = product_names(conn, request)
        sites = _today_by_site(conn, today)
        waiting = _open_quarantine(conn)
        charts = month_charts(conn, first, today, names, language(request))
    trouble = [s for s in board if s["state"] != "online" or s["missing"] or s["config_behind"] or s["backlog"]]
    return render(
        request,
        "dashboard.html",
        today=today,
        sites=sites,
        stations=board,
        trouble=len(trouble),
        quarantined=waiting,
        product_names=names,
        charts=charts,
        month=f"{first:%Y-%m}",
        previous_month=f"{previous_month(first):%Y-%m}",
        next_month=f"{month_end(first) + timedelta(days=1):%Y-%m}",
    )


STATIONS = listing.Listing(
    sorts={
        "id": stations.c.station_id,
        "site": stations.c.site,
        "name": stations.c.name,
        "seen": stations.c.last_seen,
        "seq": stations.c.max_seq,
    },
    default_sort="id",
    key=stations.c.station_id,
    searched=(stations.c.station_id, stations.c.name),
    filters={"site": stations.c.site, "online": stations.c.online},
)


@router.get("/stations", response_class=HTMLResponse)
def stations_page(request: Request, user: Clerk) -> HTMLResponse:
    asked = listing.parse(STATIONS, request.query_params)
    with transaction(request) as conn:
        page = listing.fetch(conn, select(stations), STATIONS, asked)
        current = published(conn)
        board = [board_row(conn, row, current) for row in page.rows]
        filters = {"site": listing.choices(conn, stations.c.site), "online": listing.YES_NO}
    return render(request, "stations.html", page=page, stations=board, filters=filters)


@router.get("/workers/{worker_id}", response_class=HTMLResponse)
def worker_page(request: Request, user: Clerk, worker_id: Identifier, end: str | None = None) -> HTMLResponse:
    today = office_today(request)
    last = parse_day(end, today)
    first = last - timedelta(days=TREND_DAYS - 1)
    lang = language(request)
    with transaction(request) as conn:
        worker = conn.execute(select(workers).where(workers.c.worker_id == worker_id)).mappings().first()
        if worker is None:
            raise RosterError("no_worker", worker_id=worker_id)
        made = production.pieces(conn, first, last, worker_id)
        pay = production.day_pay(conn, first, last, worker_id)
        names = product_names(conn, request)
    days = production.days_between(first, last)
    labels = tuple(f"{day:%m-%d}" for day in days)
    per_product: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for (day, _, product), count in made.items():
        per_product[product][day] += count
    goal = worker["daily_goal"]
    pieces_chart = Chart(
        key="worker-pieces",
        title=translate("chart.worker_pieces_title", lang, name=worker["name"]),
        desc=translate("chart.worker_pieces_desc", lang, name=worker["name"], first=first, last=last),
        x_labels=labels,
        series=tuple(
            Series(names.get(p, p), _per_day(counts, days, today)) for p, counts in sorted(per_product.items())
        ),
        unit=translate("chart.unit_pieces", lang),
        goal=float(goal) if goal else None,
        goal_label=translate("chart.goal", lang),
    )
    yuan_per_day = {day: fen / 100 for (_, day), fen in pay.items()}
    pay_chart = Chart(
        key="worker-pay",
        title=translate("chart.worker_pay_title", lang, name=worker["name"]),
        desc=translate("chart.worker_pay_desc", lang, name=worker["name"], first=first, last=last),
        x_labels=labels,
        series=(Series(translate("chart.piece_pay", lang), _per_day(yuan_per_day, days, today)),),
        unit=translate("chart.unit_yuan", lang),
        kind="bar",
        value_format="{:.2f}",
    )
    return render(
        request,
        "worker.html",
        worker=worker,
        charts=[pieces_chart, pay_chart],
        first=first,
        last=last,
        previous=first - timedelta(days=1),
        next=last + timedelta(days=TREND_DAYS),
    )
