"""Pay periods, rates and rules in the central database, and the events a period needs."""

from __future__ import annotations

import dataclasses
import gc
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import Connection, and_, case, func, insert, literal_column, not_, null, or_, select, update

from office import audit
from office.exports import Payee
from office.payroll import manual
from office.payroll.attendance import Attendance
from office.payroll.compute import (
    DaySums,
    PayLine,
    PayRule,
    Period,
    PeriodPayroll,
    PlainSpan,
    Rate,
    RateBook,
    RuleBook,
    SpanTotals,
    WorkerPay,
    compute_period,
    plain_spans,
)
from office.payroll.errors import PeriodError, RateError
from office.payroll.holds import HoldBook, Limits
from office.payroll.ledger import COLUMNS, LedgerEvent, aware, is_tally, ledger_events, worker_of
from office.payroll.local_day import EPOCH, day_number
from office.tables import pay_periods, pay_rules, period_payments, rates, tally_accepts
from sync.central.tables import DEFAULT_MAX_PER_DAY, DEFAULT_MAX_PER_TALLY, events, products, workers
from sync.protocol.events import NS_PER_S, Correction, Tally

log = logging.getLogger(__name__)

PAID_KINDS = ("tally", "correction", "check_in", "check_out")
# Local dates are UTC shifted by at most +14 h / -12 h: read that much either side, then filter.
_BEFORE_NS, _AFTER_NS = 14 * 3600 * NS_PER_S, 12 * 3600 * NS_PER_S


def day_start_ns(day: date) -> int:
    """Midnight UTC of `day`, in nanoseconds since the epoch."""
    return day_number(day) * 86_400 * NS_PER_S


# --- periods ---------------------------------------------------------------------------


def load_periods(conn: Connection) -> list[Period]:
    rows = conn.execute(select(pay_periods).order_by(pay_periods.c.start_date)).mappings()
    return [
        Period(r["period_id"], r["start_date"], r["end_date"], aware(r["closed_at"]) if r["closed_at"] else None)
        for r in rows
    ]


def period(conn: Connection, period_id: int) -> Period:
    for candidate in load_periods(conn):
        if candidate.period_id == period_id:
            return candidate
    raise PeriodError("no_period", period_id=period_id)


def create_period(conn: Connection, start: date, end: date, username: str) -> int:
    """A new open period; it may not overlap another one."""
    if end < start:
        raise PeriodError("period_ends_before_start", start=start, end=end)
    for other in load_periods(conn):
        if start <= other.end and other.start <= end:
            raise PeriodError("period_overlaps", start=start, end=end, other_start=other.start, other_end=other.end)
    period_id = conn.execute(
        insert(pay_periods).values(start_date=start, end_date=end, status="open").returning(pay_periods.c.period_id)
    ).scalar_one()
    audit.record(conn, username, "period.create", period_id=period_id, start=start, end=end)
    return int(period_id)


def close_period(conn: Connection, period_id: int, username: str) -> PeriodPayroll:
    """Lock a period: what it pays is frozen; anything arriving later is paid in the next one.

    Periods close in order, so every earlier day has been paid before a later close.
    """
    periods = load_periods(conn)
    target = next((p for p in periods if p.period_id == period_id), None)
    if target is None:
        raise PeriodError("no_period", period_id=period_id)
    if target.closed:
        raise PeriodError("period_closed", start=target.start, end=target.end)
    earlier_open = [p for p in periods if p.start < target.start and not p.closed]
    if earlier_open:
        raise PeriodError("close_earlier_first", start=earlier_open[0].start, end=earlier_open[0].end)
    if conn.dialect.name == "postgresql":
        # Inserts of events wait until the close is committed, so none slips between cut and snapshot.
        conn.exec_driver_sql("LOCK TABLE events IN SHARE MODE")
    closed_at = audit.now_utc()
    conn.execute(
        update(pay_periods)
        .where(pay_periods.c.period_id == period_id)
        .values(status="closed", closed_at=closed_at, closed_by=username)
    )
    payroll = compute(conn, period_id)
    if payroll.workers:
        conn.execute(
            insert(period_payments),
            [
                {"period_id": period_id, "worker_id": w, "amount_fen": pay.total_fen, "detail": _dump(pay)}
                for w, pay in payroll.workers.items()
            ],
        )
    audit.record(
        conn,
        username,
        "period.close",
        period_id=period_id,
        total_fen=payroll.total_fen,
        workers=len(payroll.workers),
        adjustments=len(payroll.adjustments),
    )
    log.info("period closed", extra={"period_id": period_id, "total_fen": payroll.total_fen})
    return payroll


def _dump(pay: WorkerPay) -> str:
    return json.dumps(dataclasses.asdict(pay), default=str)


def _load(detail: str) -> WorkerPay:
    data = json.loads(detail)
    return WorkerPay(
        data["worker_id"], [PayLine(**line) for line in data["lines"]], data["seconds"], data["days_attended"]
    )


def payments(conn: Connection, period_id: int, computed: PeriodPayroll | None = None) -> dict[str, WorkerPay]:
    """What a period pays each worker: frozen at close, or computed now while it is open."""
    if not period(conn, period_id).closed:
        return (computed or compute(conn, period_id)).workers
    rows = conn.execute(
        select(period_payments.c.detail)
        .where(period_payments.c.period_id == period_id)
        .order_by(period_payments.c.worker_id)
    ).scalars()
    pays = [_load(detail) for detail in rows]
    return {pay.worker_id: pay for pay in pays}


def payees(conn: Connection, pays: dict[str, WorkerPay]) -> list[Payee]:
    """Who gets what, with the bank details that live only here (an unknown worker has none)."""
    known = {
        row["worker_id"]: row
        for row in conn.execute(select(workers).where(workers.c.worker_id.in_(list(pays)))).mappings()
    }
    result = []
    for worker_id, pay in pays.items():
        row = known.get(worker_id, {})
        result.append(
            Payee(
                worker_id,
                row.get("name", worker_id),
                row.get("bank_account"),
                row.get("bank_name"),
                row.get("id_number"),
                pay.total_fen,
            )
        )
    return result


# --- rates and rules -------------------------------------------------------------------


def locked_until(conn: Connection) -> date | None:
    """The last day of the last closed period: rates up to it can no longer change."""
    closed = [p.end for p in load_periods(conn) if p.closed]
    return max(closed) if closed else None


def load_rates(conn: Connection) -> list[Rate]:
    rows = conn.execute(select(rates).order_by(rates.c.product_id, rates.c.effective_from)).mappings()
    return [Rate(r["rate_id"], r["product_id"], r["effective_from"], r["rate_fen"], r["per_pieces"]) for r in rows]


def load_rules(conn: Connection) -> list[PayRule]:
    rows = conn.execute(select(pay_rules).order_by(pay_rules.c.effective_from)).mappings()
    return [
        PayRule(r["effective_from"], r["min_per_hour_fen"], r["min_per_day_fen"], r["base_per_day_fen"]) for r in rows
    ]


def _refuse_locked(conn: Connection, effective_from: date) -> None:
    locked = locked_until(conn)
    if locked is not None and effective_from <= locked:
        raise RateError("rate_in_closed_period", locked=locked)


# A first rate above this per piece (¥100) is far from anything a workshop pays: ask first.
FIRST_RATE_CONFIRM_FEN = 10_000


def _yuan_per_piece(fen: Fraction) -> str:
    return f"{float(fen) / 100:.4f}".rstrip("0").rstrip(".")


def _refuse_unlikely(conn: Connection, product_id: str, effective_from: date, new: Fraction) -> None:
    """A typo is refused until confirmed: more than 3× or under ⅓ of the rate in force that day
    (not counting one set for that same day, which the new one replaces)."""
    others = [r for r in load_rates(conn) if (r.product_id, r.effective_from) != (product_id, effective_from)]
    current = RateBook(others).at(product_id, effective_from)
    old = Fraction(current.rate_fen, current.per_pieces) if current else None
    unlikely = new > FIRST_RATE_CONFIRM_FEN if old is None else (new > 3 * old or new * 3 < old)
    if unlikely:
        raise RateError(
            "rate_unlikely",
            new=_yuan_per_piece(new),
            old=_yuan_per_piece(old) if old is not None else "—",
        )


def set_rate(
    conn: Connection, product_id: str, effective_from: date, rate_fen: int, per_pieces: int, username: str
) -> None:
    """The rate of a product from a day on (replacing a rate set for that same day)."""
    if rate_fen < 0 or per_pieces < 1:
        raise RateError("rate_not_valid")
    _refuse_locked(conn, effective_from)
    key = and_(rates.c.product_id == product_id, rates.c.effective_from == effective_from)
    old = conn.execute(select(rates.c.rate_fen, rates.c.per_pieces).where(key)).first()
    values = {
        "rate_fen": rate_fen,
        "per_pieces": per_pieces,
        "created_by": username,
        "created_at": audit.now_utc(),
    }
    if old is None:
        conn.execute(insert(rates).values(product_id=product_id, effective_from=effective_from, **values))
    else:
        conn.execute(update(rates).where(key).values(**values))
    audit.record(
        conn,
        username,
        "rate.set",
        product_id=product_id,
        effective_from=effective_from,
        rate_fen=rate_fen,
        per_pieces=per_pieces,
        old=list(old) if old else None,
    )


def set_rate_typed(
    conn: Connection,
    product_id: str,
    effective_from: date,
    rate_fen: int,
    per_pieces: int,
    username: str,
    confirmed: bool,
) -> None:
    """A rate as a clerk typed it: refused for a product not in the catalog, and, unless
    `confirmed`, when it looks like a typo (see `_refuse_unlikely`)."""
    if conn.execute(select(products.c.product_id).where(products.c.product_id == product_id)).first() is None:
        raise RateError("unknown_product", product_id=product_id)
    if rate_fen >= 0 and per_pieces >= 1 and not confirmed:
        _refuse_unlikely(conn, product_id, effective_from, Fraction(rate_fen, per_pieces))
    set_rate(conn, product_id, effective_from, rate_fen, per_pieces, username)


def set_rule(conn: Connection, rule: PayRule, username: str) -> None:
    _refuse_locked(conn, rule.effective_from)
    values = dataclasses.asdict(rule) | {"created_by": username, "created_at": audit.now_utc()}
    conn.execute(pay_rules.delete().where(pay_rules.c.effective_from == rule.effective_from))
    conn.execute(insert(pay_rules).values(**values))
    audit.record(conn, username, "rule.set", **dataclasses.asdict(rule))


# --- events and computation ------------------------------------------------------------

_at = func.coalesce(events.c.corrected_wall_ns, events.c.wall_ns)


_PAID = events.c.kind.in_(PAID_KINDS)


def _rows(conn: Connection, *where: Any) -> list[Sequence[Any]]:
    """The rows `where` says, which must name their kinds (`_PAID` or fewer): a kind condition
    beside the caller's own could make the planner walk a whole range of `ix_events_pay`."""
    query = select(*(events.c[name] for name in COLUMNS)).where(*where)
    return list(conn.execute(query).all())


_KIND = COLUMNS.index("kind")


def _by_ids(conn: Connection, ids: Iterable[str]) -> tuple[list[LedgerEvent], list[str]]:
    """Stored events by id, a few hundred at a time through the primary key (with `kind` in the
    query the planner scanned `ix_events_pay` instead); kinds payroll does not read are dropped."""
    columns = [events.c[name] for name in COLUMNS]
    rows: list[Sequence[Any]] = []
    for chunk in _chunks(sorted(set(ids))):
        rows += [
            row
            for row in conn.execute(select(*columns).where(events.c.event_id.in_(chunk))).all()
            if row[_KIND] in PAID_KINDS
        ]
    return ledger_events(rows)


def event(conn: Connection, event_id: str) -> LedgerEvent | None:
    """One stored event by its id (None when unknown or unreadable)."""
    found, _ = ledger_events(_rows(conn, _PAID, events.c.event_id == event_id))
    return found[0] if found else None


def _span(first: date, last: date) -> tuple[int, int]:
    """Corrected-clock bounds (ns) holding every event whose local date is in first..last."""
    return day_start_ns(first) - _BEFORE_NS, day_start_ns(last + timedelta(days=1)) + _AFTER_NS


_DAY_MARGIN = 2  # days: an index range on `local_day` that surely holds a corrected-clock range


def _first_day(at_ns: int) -> int:
    """A `local_day` no later than that of any event at or after `at_ns` (an index bound)."""
    return at_ns // (86_400 * NS_PER_S) - _DAY_MARGIN


def _days_of(lo_ns: int, hi_ns: int) -> Any:
    """`local_day` bounds (a superset, for the index) of a corrected-clock range."""
    return events.c.local_day.between(_first_day(lo_ns), _first_day(hi_ns) + 2 * _DAY_MARGIN)


TALLY_KEYS = ("worker_id", "product_id", "count")  # what the audit says about an accepted tally


def load_holds(conn: Connection) -> HoldBook:
    limits = conn.execute(select(products.c.product_id, products.c.max_per_tally, products.c.max_per_day))
    accepted = conn.execute(select(tally_accepts.c.event_id, tally_accepts.c.accepted_at))
    return HoldBook(
        {p: Limits(per_tally, per_day) for p, per_tally, per_day in limits},
        {event_id: aware(at) for event_id, at in accepted},
    )


def accept_tally(conn: Connection, event_id: str, username: str) -> None:
    """A clerk accepts a tally held as implausible now: from now on it is paid (audited).

    Only a tally held now: accepting one that was paid would pay it again as an adjustment."""
    found, _ = ledger_events(_rows(conn, _PAID, events.c.event_id == event_id))
    tally = found[0] if found and isinstance(found[0].payload, Tally) else None
    day = tally.local_date if tally else None
    issues = compute_range(conn, day, day).issues if day else []
    if tally is None or not any(i.event_id == event_id and i.kind.startswith("held_") for i in issues):
        raise PeriodError("tally_not_held", event_id=event_id[:36])
    conn.execute(insert(tally_accepts).values(event_id=event_id, accepted_by=username, accepted_at=audit.now_utc()))
    payload = tally.payload
    audit.record(conn, username, "tally.accept", event_id=event_id, **{k: getattr(payload, k) for k in TALLY_KEYS})


def _late_days(conn: Connection, periods: list[Period], target: Period) -> tuple[date, date] | None:
    """The earliest and latest day of earlier periods that learned something since the last close
    (a late event, or the acceptance of a held tally).

    A correction counts whatever day it was made on: one made during (or after) this period
    still changes the day of the tally it names, which may belong to an earlier period.
    """
    earlier = [p for p in periods if p.end < target.start]
    previous_cut = earlier[-1].closed_at if earlier else None
    if previous_cut is None:
        return None
    window = [events.c.received_at > previous_cut]
    if target.closed_at is not None:
        window.append(events.c.received_at <= target.closed_at)
    # Every event of a day before the period lies before this moment (some of its first day too:
    # they are dropped below by their local day). The period's own lower bound, 14 h earlier, had
    # missed the last evening before it: a tally received late at 19:00 was never paid.
    before = or_(_at < day_start_ns(target.start) + _AFTER_NS, events.c.kind == "correction")
    late, _ = ledger_events(_rows(conn, _PAID, before, *window))
    targets = [e.payload.target_event_id for e in late if isinstance(e.payload, Correction)]
    accepted = [tally_accepts.c.accepted_at > previous_cut]
    if target.closed_at is not None:
        accepted.append(tally_accepts.c.accepted_at <= target.closed_at)
    targets += conn.execute(select(tally_accepts.c.event_id).where(*accepted)).scalars()
    days = [e.local_date for e in late]
    days += [e.local_date for e in _by_ids(conn, targets)[0]]
    days += manual.fix_days(conn, previous_cut, target.closed_at)
    days = [d for d in days if d < target.start]
    return (min(days), max(days)) if days else None


def _span_of(spans: Sequence[PlainSpan], by_product: bool) -> Any:
    """The index in `spans` of a row's day (and product, for tallies), NULL for a day priced on its own."""
    whens = [
        (
            and_(
                events.c.local_day.between(day_number(span.first), day_number(span.last)),
                *([events.c.product_id.in_(sorted(span.products))] if by_product else []),
            ),
            index,
        )
        for index, span in enumerate(spans)
        if span.products or not by_product
    ]
    return case(*whens) if whens else null()


def _on_days(kinds: Any, days: Iterable[tuple[int, str]]) -> Any:
    """Rows of `kinds` on these (day, worker) pairs, as many short ranges of `ix_events_pay` (beside
    a range of days, or as a row-value IN, the planner walked the whole range)."""
    workers: dict[int, list[str]] = defaultdict(list)
    for day, worker_id in days:
        workers[day].append(worker_id)
    return or_(*(and_(kinds, events.c.local_day == day, events.c.worker_id.in_(w)) for day, w in workers.items()))


def _own_days(target: Period, kinds: Any, days: list[tuple[int, str]] | None) -> tuple[Any, ...]:
    """The conditions on a period's own rows of `kinds` known at its cut: all its days (one range of
    `ix_events_pay`), or only these (day, worker) pairs."""
    if days is None:
        which = and_(kinds, events.c.local_day.between(day_number(target.start), day_number(target.end)))
    else:
        which = _on_days(kinds, days)
    conditions: tuple[Any, ...] = (which,)
    if target.closed_at is not None:
        conditions += (events.c.received_at <= target.closed_at,)
    return conditions


def _tally_groups(target: Period, spans: Sequence[PlainSpan], holds: HoldBook) -> Any:
    """The period's tallies per worker, product and day (`count`, `n`, `largest`) with the plain
    span they are summed over, or their `day` when it must be priced on its own: an unreadable
    row (no worker), a day under a guarantee or of a product with no rate, or one that passes its
    day's limit or holds a tally above its own (looked up only for a group above the lowest
    limits: a join with `products` for every group cost a tenth of the query)."""
    key = (events.c.worker_id, events.c.product_id, events.c.local_day)
    count, largest, span = func.sum(events.c.piece_count), func.max(events.c.piece_count), _span_of(spans, True)
    per_day = min((DEFAULT_MAX_PER_DAY, *(limits.max_per_day for limits in holds.limits.values())))
    per_tally = min((DEFAULT_MAX_PER_TALLY, *(limits.max_per_tally for limits in holds.limits.values())))
    product = products.c.product_id == events.c.product_id
    alone = or_(
        events.c.worker_id.is_(None),
        span.is_(None),
        and_(
            or_(count > per_day, largest > per_tally),
            or_(
                count
                > func.coalesce(select(products.c.max_per_day).where(product).scalar_subquery(), DEFAULT_MAX_PER_DAY),
                largest
                > func.coalesce(
                    select(products.c.max_per_tally).where(product).scalar_subquery(), DEFAULT_MAX_PER_TALLY
                ),
            ),
        ),
    )
    return (
        select(
            *key,
            count.label("count"),
            func.count().label("n"),
            largest.label("largest"),
            span.label("span"),
            case((alone, events.c.local_day)).label("day"),
        )
        .where(*_own_days(target, events.c.kind == "tally", None))
        .group_by(*key)
        .subquery()
    )


def _tally_sums(
    conn: Connection,
    target: Period,
    loaded: Iterable[LedgerEvent],
    at_most: dict[str, int],
    holds: HoldBook,
    spans: Sequence[PlainSpan],
) -> tuple[dict[tuple[str, date], DaySums], dict[tuple[str, int], SpanTotals], set[tuple[str | None, str, int]]]:
    """The period's tallies known at its cut, summed by the database (one range of `ix_events_pay`)
    per worker, product and plain span (`spans`), or per day where a day must be priced on its own
    (see `_tally_groups`), less those `loaded` one by one; and the groups that may pass their
    day's limit or hold a tally above its own limit, which must come one by one too (their order
    decides which are held), with a group of the worker None when some tallies are unreadable.

    A sum stands in for its tallies: the pay is the same (rates are per product and day, one per
    span, and lines are rounded over their summed count) and a month of a thousand workers stays
    fast: the database hands over a few rows per worker, not one per worker-product-day.
    `at_most` bounds what a corrected tally may count (the highest of its counts), so a group
    under its limit stays under it whatever the corrections and their order.
    """
    taken_out: dict[tuple[str, str, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for event in loaded:
        payload = event.payload
        if isinstance(payload, Tally) and (target.closed_at is None or event.received_at <= target.closed_at):
            group = taken_out[(payload.worker_id, payload.product_id, day_number(event.local_date))]
            group[0] += payload.count
            group[1] += 1
            group[2] += at_most.get(event.event_id, payload.count)
    sums: dict[tuple[str, date], list[tuple[str, int]]] = defaultdict(list)
    over: set[tuple[str | None, str, int]] = set()
    dates = {n: EPOCH + timedelta(days=n) for n in range(day_number(target.start), day_number(target.end) + 1)}
    per_day = {product_id: limits.max_per_day for product_id, limits in holds.limits.items()}
    per_tally = {product_id: limits.max_per_tally for product_id, limits in holds.limits.items()}

    def one_day(worker_id: str | None, product_id: str, day: int, count: int, n: int, largest: int) -> None:
        """A group priced on its own day, less its tallies read one by one."""
        out = taken_out.get((worker_id, product_id, day)) if taken_out else None
        bound = count if out is None else count - out[0] + out[2]
        if (
            worker_id is None  # unreadable: reported, never summed
            or bound > per_day.get(product_id, DEFAULT_MAX_PER_DAY)
            or largest > per_tally.get(product_id, DEFAULT_MAX_PER_TALLY)
        ):
            over.add((worker_id, product_id, day))
            return
        if out is not None:
            count, n = count - out[0], n - out[1]
        if n:
            sums[(worker_id, dates[day])].append((product_id, int(count)))

    g = _tally_groups(target, spans, holds).c
    key = (g.worker_id, g.product_id, g.span, g.day)
    # With no plain span (a guarantee all period) every group is its own day: no second grouping.
    query = (
        select(*key, func.sum(g.count), func.sum(g.n), func.max(g.largest)).group_by(*key)
        if spans
        else select(*key, g.count, g.n, g.largest)
    )
    summed: dict[tuple[str, str, int], list[int]] = {}
    in_span = set(taken_out)  # at the end: the groups with tallies read one by one that were summed over a span
    for worker_id, product_id, span, day, count, n, largest in conn.execute(query).all():
        if day is None:
            summed[(worker_id, product_id, span)] = [int(count), int(n)]
        else:
            in_span.discard((worker_id, product_id, day))
            one_day(worker_id, product_id, day, count, n, largest)
    # Their tallies read one by one are taken out of their span. A group passed its day's limit in
    # the database; unless a correction raises a count it stays under it, and the rest of it stays
    # in the span. Else it is read on its own (short ranges of `ix_events_pay`) and priced by day.
    span_of = {n: i for i, span in enumerate(spans) for n in range(day_number(span.first), day_number(span.last) + 1)}
    for worker_id, product_id, day in list(in_span):
        out = taken_out[(worker_id, product_id, day)]
        if out[2] <= out[0]:
            group = summed[(worker_id, product_id, span_of[day])]
            group[0] -= out[0]
            group[1] -= out[1]
            in_span.discard((worker_id, product_id, day))
    key = (events.c.worker_id, events.c.product_id, events.c.local_day)
    for chunk in _chunks(sorted({(day, worker_id) for worker_id, _, day in in_span})):
        query = (
            select(*key, func.sum(events.c.piece_count), func.count(), func.max(events.c.piece_count))
            .where(*_own_days(target, events.c.kind == "tally", chunk))
            .group_by(*key)
        )
        for worker_id, product_id, day, count, n, largest in conn.execute(query).all():
            if (worker_id, product_id, day) in in_span:
                group = summed[(worker_id, product_id, span_of[day])]
                group[0] -= count
                group[1] -= n
                one_day(worker_id, product_id, day, count, n, largest)
    totals: dict[tuple[str, int], SpanTotals] = {}
    for (worker_id, product_id, span), (count, n) in summed.items():
        if n:
            totals.setdefault((worker_id, span), SpanTotals()).pieces[product_id] = count
    return dict(sums), totals, over


def _check_days(target: Period, spans: Sequence[PlainSpan], days: list[tuple[int, str]] | None = None) -> Any:
    """The period's check-ins/outs per worker and day with the plain span they are summed over,
    or their `day` when it is priced on its own (a day under a guarantee) or read event by event
    (any but the usual day of one check-in, then one check-out; unreadable rows, of no worker);
    `seconds` of the usual day."""
    is_in = events.c.kind == "check_in"
    by_day = (
        select(
            events.c.worker_id,
            events.c.local_day,
            func.sum(case((is_in, 1), else_=0)).label("ins"),
            func.count().label("n"),
            func.min(case((is_in, _at))).label("in_at"),
            func.max(case((not_(is_in), _at))).label("out_at"),
            _span_of(spans, by_product=False).label("span"),
        )
        .where(*_own_days(target, events.c.kind.in_(("check_in", "check_out")), days))
        .group_by(events.c.worker_id, events.c.local_day)
        .subquery()
    )
    c = by_day.c
    usual = and_(c.worker_id.is_not(None), c.ins == 1, c.n == 2, c.in_at < c.out_at)
    return select(
        c.worker_id,
        c.local_day,
        c.span,
        case((usual, (c.out_at - c.in_at) // NS_PER_S)).label("seconds"),
        case((and_(usual, c.span.is_not(None)), null()), else_=c.local_day).label("day"),
    ).subquery()


def _presences(
    conn: Connection,
    target: Period,
    irregular: set[tuple[str, int]],
    totals: dict[tuple[str, int], SpanTotals],
    spans: Sequence[PlainSpan],
) -> tuple[dict[tuple[str, date], Attendance], set[tuple[str, int]]]:
    """Time at the bench on the period's own days, summed by the database for the usual day (one
    check-in, then one check-out): into `totals` per worker and plain span, or per day under a
    guarantee; the other days (and those in `irregular`) are returned to be read event by event,
    as `office.payroll.attendance` needs them for its issues. Unreadable check-ins/outs (no
    worker) come as days of the worker None."""
    days = _check_days(target, spans)
    query = select(days.c.worker_id, days.c.span, days.c.day, func.sum(days.c.seconds), func.count()).group_by(
        days.c.worker_id, days.c.span, days.c.day
    )
    if not spans:  # every day is its own (see `_tally_sums`)
        query = select(days.c.worker_id, days.c.span, days.c.day, days.c.seconds, literal_column("1"))
    presences: dict[tuple[str, date], Attendance] = {}
    one_by_one = set(irregular)
    for worker_id, span, day, seconds, n in conn.execute(query).all():
        if day is None:
            summed = totals.setdefault((worker_id, span), SpanTotals())
            summed.seconds, summed.days_attended = int(seconds), n
        elif seconds is not None and (worker_id, day) not in irregular:
            presences[(worker_id, EPOCH + timedelta(days=day))] = Attendance(int(seconds), True, ())
        else:
            one_by_one.add((worker_id, day))
    # Usual days the office fixed are read event by event: taken out of their span's sum.
    for chunk in _chunks(sorted((day, worker_id) for worker_id, day in irregular)):
        fixed = _check_days(target, spans, chunk)
        for worker_id, span, seconds in conn.execute(
            select(fixed.c.worker_id, fixed.c.span, fixed.c.seconds).where(fixed.c.day.is_(None))
        ).all():
            totals[(worker_id, span)].seconds -= int(seconds)
            totals[(worker_id, span)].days_attended -= 1
    return presences, one_by_one


@dataclass(frozen=True, slots=True)
class PeriodEvents:
    """What `compute_period` needs of the database for one period."""

    events: list[LedgerEvent]
    sums: dict[tuple[str, date], DaySums]
    unreadable: list[str]
    presences: dict[tuple[str, date], Attendance] = dataclasses.field(default_factory=dict)
    span_totals: dict[tuple[str, PlainSpan], SpanTotals] = dataclasses.field(default_factory=dict)


def period_events(
    conn: Connection,
    periods: list[Period],
    target: Period,
    holds: HoldBook,
    worker_id: str | None = None,
    spans: Sequence[PlainSpan] = (),
) -> PeriodEvents:
    """Every event that can change what `target` pays: its own days, and days paid earlier
    that learned something since the previous close.

    Tallies and check-ins/outs of the period's own days come summed (see `_tally_sums` and
    `_presences`), over the plain `spans` where they add up, unless one worker's events are asked
    for, which come one by one for the trail.
    """
    lo, hi = _span(target.start, target.end)
    late = _late_days(conn, periods, target)
    if late is not None:
        lo = min(lo, _span(*late)[0])
    corrections = (events.c.kind == "correction", _at >= lo, events.c.local_day >= _first_day(lo))
    checks = (events.c.kind.in_(("check_in", "check_out")), _at >= lo, _at < hi, _days_of(lo, hi))
    fixes = manual.fix_events(conn, lo, hi, worker_id)
    if worker_id is not None:
        mine = events.c.worker_id == worker_id
        tallies = (events.c.kind == "tally", _at >= lo, _at < hi, _days_of(lo, hi))
        loaded, bad = _load_events(conn, [(mine, *where) for where in (corrections, checks, tallies)])
        return PeriodEvents([*loaded, *fixes], {}, bad)
    own_first, own_last = day_number(target.start), day_number(target.end)
    own_days = events.c.local_day.between(own_first, own_last)
    own_tally = and_(events.c.kind == "tally", own_days)
    # Only own days: the others are the `around` queries' (read by both, a day's check-ins/outs
    # came twice, and an adjustment listed a late one twice).
    fixed = {(worker_of(f) or "", day) for f in fixes if own_first <= (day := day_number(f.local_date)) <= own_last}
    totals: dict[tuple[str, int], SpanTotals] = {}
    presences, irregular = _presences(conn, target, fixed, totals, spans)
    # Check-ins/outs of the own days are in `presences`, or read below when irregular; the days
    # before and after are two ranges of `ix_events_pay` (a NOT would read every own day).
    around = (
        (*checks[:3], events.c.local_day.between(_first_day(lo), own_first - 1)),
        (*checks[:3], events.c.local_day.between(own_last + 1, _first_day(hi) + 2 * _DAY_MARGIN)),
    )
    queries = [corrections, *around]
    if late is not None:
        late_lo, late_hi = _span(*late)
        late_tally = (events.c.kind == "tally", _at >= late_lo, _at < late_hi, _days_of(late_lo, late_hi))
        queries.append((*late_tally, not_(own_tally)))
    found, unreadable = _load_events(conn, queries)
    # Tallies a correction names or a clerk accepted come one by one (never summed), by their ids.
    loaded_ids = {e.event_id for e in found}
    named = {e.payload.target_event_id for e in found if isinstance(e.payload, Correction)} | set(holds.accepted)
    found += [e for e in _by_ids(conn, named - loaded_ids)[0] if is_tally(e)]
    at_most: dict[str, int] = {}
    for e in found:
        if isinstance(e.payload, Correction):
            target_id, new = e.payload.target_event_id, e.payload.new_count or 0
            at_most[target_id] = max(at_most.get(target_id, 0), new)
    own = [e for e in found if is_tally(e) and own_first <= day_number(e.local_date) <= own_last]
    for e in own:
        at_most[e.event_id] = max(at_most.get(e.event_id, 0), e.payload.count)  # type: ignore[union-attr]
    one_by_one = [(*checks, own_days, events.c.worker_id.is_(None))] if any(w is None for w, _ in irregular) else []
    named_days = sorted((d, w) for w, d in irregular if w is not None)  # own days only
    one_by_one += [(_on_days(checks[0], c),) for c in _chunks(named_days)]
    sums, piece_totals, over_day = _tally_sums(conn, target, own, at_most, holds, spans)
    for key, summed in piece_totals.items():
        totals.setdefault(key, SpanTotals()).pieces.update(summed.pieces)
    if any(worker is None for worker, _, _ in over_day):
        one_by_one.append((own_tally, events.c.worker_id.is_(None)))  # unreadable: reported, never summed
    if one_by_one:
        loaded, bad = _load_events(conn, one_by_one)
        found += loaded
        unreadable += [i for i in bad if i not in unreadable]
    if over_day := {key for key in over_day if key[0] is not None}:
        # Tally by tally, so the ones past a limit can be held and accepted.
        named = events.c.worker_id.in_({worker for worker, _, _ in over_day})
        loaded, bad = _load_events(conn, [(own_tally, named)])
        known = {e.event_id for e in found}
        found += [
            e
            for e in loaded
            if e.event_id not in known
            and isinstance(e.payload, Tally)
            and (e.payload.worker_id, e.payload.product_id, day_number(e.local_date)) in over_day
        ]
        unreadable += [i for i in bad if i not in unreadable]
    span_totals = {(worker, spans[span]): summed for (worker, span), summed in totals.items()}
    return PeriodEvents([*found, *fixes], sums, unreadable, presences, span_totals)


def _chunks(items: list[Any], size: int = 500) -> Iterable[list[Any]]:
    """`items` a few hundred at a time: the bound parameters of one `IN` stay well under any limit."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _load_events(conn: Connection, queries: Iterable[Sequence[Any]]) -> tuple[list[LedgerEvent], list[str]]:
    """The events of several queries, each once."""
    found: dict[str, LedgerEvent] = {}
    unreadable: list[str] = []
    for where in queries:
        loaded, bad = ledger_events(_rows(conn, *where))
        found.update((e.event_id, e) for e in loaded)
        unreadable += [i for i in bad if i not in unreadable]
    return list(found.values()), unreadable


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A month's payroll makes a few hundred thousand small objects and no reference cycles: the
    cyclic garbage collector's passes over them took a quarter of its time, and freed nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compute(conn: Connection, period_id: int, worker_id: str | None = None) -> PeriodPayroll:
    """What `period_id` pays, from the events as stored (frozen at its close if closed);
    for one worker, with every tally traced to its event."""
    with _collector_paused():
        return _compute(conn, period_id, worker_id)


def _compute(conn: Connection, period_id: int, worker_id: str | None) -> PeriodPayroll:
    periods = load_periods(conn)
    target = next((p for p in periods if p.period_id == period_id), None)
    if target is None:
        raise PeriodError("no_period", period_id=period_id)
    holds, rates, rules = load_holds(conn), load_rates(conn), load_rules(conn)
    # The tallies page traces sums per day (compute_range); the period's pages and close need none.
    spans = plain_spans(target, RateBook(rates), RuleBook(rules))
    found = period_events(conn, periods, target, holds, worker_id, spans)
    payroll = compute_period(
        periods,
        period_id,
        found.events,
        rates,
        rules,
        holds,
        found.sums,
        found.presences,
        trace_sums=False,
        span_totals=found.span_totals,
    )
    payroll.unreadable = found.unreadable
    _drop_stored_targets(conn, payroll)
    extra = manual.adjustment_lines(conn, period_id, worker_id)
    for worker, line in _carried(conn, periods, target, worker_id):
        extra.setdefault(worker, []).insert(0, line)
    for worker, lines in extra.items():
        payroll.workers.setdefault(worker, WorkerPay(worker)).lines.extend(lines)
    payroll.workers = dict(sorted(payroll.workers.items()))
    return payroll


def _carried(
    conn: Connection, periods: list[Period], target: Period, worker_id: str | None
) -> list[tuple[str, PayLine]]:
    """A negative net of the period before (frozen at its close) is deducted here: nobody is paid
    it twice, nobody loses it (it was paid as nothing)."""
    earlier = [p for p in periods if p.end < target.start]
    if not earlier or not earlier[-1].closed:
        return []
    previous = earlier[-1].period_id
    query = select(period_payments.c.worker_id, period_payments.c.amount_fen).where(
        period_payments.c.period_id == previous, period_payments.c.amount_fen < 0
    )
    if worker_id is not None:
        query = query.where(period_payments.c.worker_id == worker_id)
    return [(w, PayLine("carry", None, None, 0, amount, previous)) for w, amount in conn.execute(query)]


def compute_range(conn: Connection, start: date, end: date, worker_id: str | None = None) -> PeriodPayroll:
    """Everything known now about `start`..`end`, as if it were one open period of its own
    (of one worker's events when `worker_id` is given)."""
    if end < start:
        raise PeriodError("range_ends_before_start", start=start, end=end)
    with _collector_paused():
        return _compute_range(conn, Period(0, start, end), worker_id)


def _compute_range(conn: Connection, adhoc: Period, worker_id: str | None) -> PeriodPayroll:
    holds = load_holds(conn)
    found = period_events(conn, [adhoc], adhoc, holds, worker_id)
    payroll = compute_period(
        [adhoc], 0, found.events, load_rates(conn), load_rules(conn), holds, found.sums, found.presences
    )
    payroll.unreadable = found.unreadable
    _drop_stored_targets(conn, payroll)
    return payroll


def _drop_stored_targets(conn: Connection, payroll: PeriodPayroll) -> None:
    """A correction whose tally is stored is no orphan: its tally lies on a day outside the days
    computed (the period's own tallies it names are always loaded), and is paid with that day."""
    named = [i.detail for i in payroll.issues if i.kind == "correction_without_tally"]
    if named:
        stored = set(conn.execute(select(events.c.event_id).where(events.c.event_id.in_(named))).scalars())
        payroll.issues = [
            i for i in payroll.issues if not (i.kind == "correction_without_tally" and i.detail in stored)
        ]
