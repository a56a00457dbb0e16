"""What the office adds by hand: adjustment lines (back pay, deduction, bonus) and forgotten
check-outs set to a chosen time. Both are office-side records; station events stay append-only.

A fix becomes a check-out event for the payroll, received when the clerk saved it, so a fix
made after a close is paid in the next period like any late event.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from office import audit
from office.payroll.compute import PayLine
from office.payroll.errors import PeriodError, RosterError
from office.payroll.ledger import LedgerEvent, aware
from office.tables import attendance_fixes, pay_adjustments, pay_periods
from sync.central.tables import workers
from sync.protocol.events import NS_PER_S, CheckOut

# The sign each kind gives the amount a clerk types (always positive on the form).
ADJUSTMENT_SIGNS = {"back_pay": 1, "bonus": 1, "deduction": -1}


def add_adjustment(
    conn: Connection, period_id: int, worker_id: str, kind: str, amount_fen: int, reason: str, username: str
) -> int:
    """A line on `worker_id`'s pay in an open period; a closed period is fixed in the next one."""
    if kind not in ADJUSTMENT_SIGNS:
        raise PeriodError("adjustment_kind", choices=", ".join(ADJUSTMENT_SIGNS))
    if amount_fen <= 0:
        raise PeriodError("adjustment_positive")
    if not reason.strip():
        raise PeriodError("reason_required")
    row = conn.execute(select(pay_periods).where(pay_periods.c.period_id == period_id)).mappings().first()
    if row is None:
        raise PeriodError("no_period", period_id=period_id)
    if row["closed_at"] is not None:
        raise PeriodError("period_closed", start=row["start_date"], end=row["end_date"])
    if conn.execute(select(workers.c.worker_id).where(workers.c.worker_id == worker_id)).first() is None:
        raise RosterError("no_worker", worker_id=worker_id)
    amount = ADJUSTMENT_SIGNS[kind] * amount_fen
    adjustment_id = conn.execute(
        insert(pay_adjustments)
        .values(
            period_id=period_id,
            worker_id=worker_id,
            kind=kind,
            amount_fen=amount,
            reason=reason.strip(),
            created_by=username,
            created_at=audit.now_utc(),
        )
        .returning(pay_adjustments.c.adjustment_id)
    ).scalar_one()
    audit.record(
        conn,
        username,
        "pay.adjust",
        period_id=period_id,
        worker_id=worker_id,
        kind=kind,
        amount_fen=amount,
        reason=reason.strip(),
    )
    return int(adjustment_id)


def adjustment_lines(conn: Connection, period_id: int, worker_id: str | None = None) -> dict[str, list[PayLine]]:
    """The hand-made lines of a period per worker, in the order they were added."""
    query = select(pay_adjustments).where(pay_adjustments.c.period_id == period_id)
    if worker_id is not None:
        query = query.where(pay_adjustments.c.worker_id == worker_id)
    lines: dict[str, list[PayLine]] = defaultdict(list)
    for row in conn.execute(query.order_by(pay_adjustments.c.adjustment_id)).mappings():
        lines[row["worker_id"]].append(PayLine(row["kind"], None, None, 0, row["amount_fen"], note=row["reason"]))
    return dict(lines)


def record_check_out(
    conn: Connection, check_in: LedgerEvent, day: date, at: datetime, reason: str, username: str
) -> None:
    """Store a check-out for `check_in` at `at` (UTC); the caller has made sure it was missing."""
    if not reason.strip():
        raise PeriodError("reason_required")
    if at.timestamp() * NS_PER_S <= check_in.at_ns:
        raise PeriodError("check_out_before_check_in", day=day)
    taken = select(attendance_fixes.c.fix_id).where(attendance_fixes.c.check_in_event_id == check_in.event_id)
    if conn.execute(taken).first() is not None:
        raise PeriodError("check_out_already_fixed", day=day)
    worker_id = check_in.payload.worker_id  # type: ignore[union-attr]
    conn.execute(
        insert(attendance_fixes).values(
            check_in_event_id=check_in.event_id,
            worker_id=worker_id,
            check_out_at=at,
            utc_offset_s=check_in.utc_offset_s,
            reason=reason.strip(),
            created_by=username,
            created_at=audit.now_utc(),
        )
    )
    audit.record(
        conn,
        username,
        "attendance.fix",
        worker_id=worker_id,
        day=day,
        check_in=check_in.event_id,
        check_out_at=at,
        reason=reason.strip(),
    )


def _as_event(row: dict[str, Any]) -> LedgerEvent:
    at_ns = int(aware(row["check_out_at"]).timestamp()) * NS_PER_S
    payload = CheckOut(row["worker_id"], method="office")
    return LedgerEvent(
        f"fix:{row['fix_id']}", "office", row["fix_id"], at_ns, row["utc_offset_s"], aware(row["created_at"]), payload
    )


def fix_events(conn: Connection, lo_ns: int, hi_ns: int, worker_id: str | None = None) -> list[LedgerEvent]:
    """The office's check-outs between two moments (ns since the epoch), as events."""
    lo, hi = datetime.fromtimestamp(lo_ns / NS_PER_S, UTC), datetime.fromtimestamp(hi_ns / NS_PER_S, UTC)
    query = select(attendance_fixes).where(attendance_fixes.c.check_out_at >= lo, attendance_fixes.c.check_out_at < hi)
    if worker_id is not None:
        query = query.where(attendance_fixes.c.worker_id == worker_id)
    return [_as_event(dict(row)) for row in conn.execute(query).mappings()]


def fix_days(conn: Connection, after: datetime, until: datetime | None) -> list[date]:
    """The local days of check-outs the office set between two moments: late news for those days."""
    query = select(attendance_fixes).where(attendance_fixes.c.created_at > after)
    if until is not None:
        query = query.where(attendance_fixes.c.created_at <= until)
    return [_as_event(dict(row)).local_date for row in conn.execute(query).mappings()]
