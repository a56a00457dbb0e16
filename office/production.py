"""How many pieces were made, per day, site and product, as the charts and the dashboard show it.

Tallies are summed in SQL (one range of `ix_events_pay`); the few tallies a correction changed
are then set to their last correction's count. Pieces of different products are never added
together: every sum here is per product. What pay a day earned comes from the payroll itself
(`day_pay`), so a chart never disagrees with a pay slip.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Connection, Table, and_, func, select

from office.payroll import store
from office.payroll.compute import RateBook
from office.payroll.local_day import EPOCH, day_number
from office.payroll.money import divide_half_up
from sync.central.tables import events

Key = tuple[date, str, str]  # (day, site, product_id)


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _tallies_of(table: Table, first: date, last: date, worker_id: str | None) -> list[ColumnElement[bool]]:
    where = [table.c.kind == "tally", table.c.local_day.between(day_number(first), day_number(last))]
    return where if worker_id is None else [*where, table.c.worker_id == worker_id]


def pieces(conn: Connection, first: date, last: date, worker_id: str | None = None) -> dict[Key, int]:
    """Pieces made per (day, site, product) from `first` to `last`, corrections applied."""
    columns = (events.c.local_day, events.c.site, events.c.product_id)
    query = select(*columns, func.sum(events.c.piece_count)).where(*_tallies_of(events, first, last, worker_id))
    found: dict[Key, int] = defaultdict(int)
    for day, site, product, count in conn.execute(query.group_by(*columns)):
        if product is not None:
            found[(EPOCH + timedelta(days=day), site, product)] += int(count or 0)
    for key, change in _corrected(conn, first, last, worker_id).items():
        found[key] += change
    return dict(found)


def _corrected(conn: Connection, first: date, last: date, worker_id: str | None) -> dict[Key, int]:
    """What corrections change, per (day, site, product) of the tallies they name: a tally counts
    as its last correction says (void: nothing)."""
    tally, fix = events.alias("tally"), events.alias("fix")
    # Driven from the range's tallies (ix_events_pay) to their corrections (ix_events_target); a
    # condition on the corrections' days turned SQLite's plan around to read every later correction.
    named = and_(fix.c.target_event_id == tally.c.event_id, fix.c.kind == "correction")
    shown = (tally.c.event_id, tally.c.local_day, tally.c.site, tally.c.product_id, tally.c.piece_count)
    query = (
        select(*shown, fix.c.payload)
        .select_from(tally.join(fix, named))
        .where(*_tallies_of(tally, first, last, worker_id))
        .order_by(tally.c.event_id, func.coalesce(fix.c.corrected_wall_ns, fix.c.wall_ns), fix.c.seq)
    )
    last_fix: dict[str, tuple[Key, int, int]] = {}
    for event_id, day, site, product, count, payload in conn.execute(query):
        fixed = json.loads(payload)
        now = 0 if fixed.get("void") else int(fixed.get("new_count") or 0)
        last_fix[event_id] = ((EPOCH + timedelta(days=day), site, product), int(count or 0), now)
    changes: dict[Key, int] = defaultdict(int)
    for key, before, after in last_fix.values():
        changes[key] += after - before
    return changes


def value_fen(made: dict[Key, int], book: RateBook) -> dict[str, int]:
    """What the pieces of `made` are worth per site at the rates in force on their day, in fen
    (before holds and guarantees: the dashboard's figure, one SQL sum instead of a payroll run)."""
    units: dict[str, int] = defaultdict(int)  # exact fen × book.denominator
    for (day, site, product), count in made.items():
        rate = book.at(product, day)
        if rate is not None:
            units[site] += book.numerator(rate, count)
    return {site: divide_half_up(value, book.denominator) for site, value in units.items()}


def day_pay(conn: Connection, first: date, last: date, worker_id: str | None = None) -> dict[tuple[str, date], int]:
    """Piece pay in fen per (worker, day) as the payroll computes it (holds and corrections
    applied), rounded per day for showing."""
    payroll = store.compute_range(conn, first, last, worker_id)
    book = RateBook(store.load_rates(conn))
    units: dict[tuple[str, date], int] = defaultdict(int)  # exact fen × book.denominator
    for worker, traces in payroll.tallies.items():
        for trace in traces:
            rate = book.by_id.get(trace.rate_id) if trace.rate_id is not None else None
            if rate is not None:
                units[(worker, trace.day)] += book.numerator(rate, trace.effective)
    return {key: divide_half_up(value, book.denominator) for key, value in units.items()}
