"""A pay period from close to paid: the checks before closing, reopening, the bank file sent,
skipped workers settled, paid. Every step is audited.

Closing is refused before the period has ended and until the clerk has acknowledged every item
of the checklist and confirmed the head count and total; a closed period can be reopened (by an
admin, with a reason) only while its bank file has not been sent; after that, fixes are
adjustments in the next period.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, select, update

from office import audit
from office.exports import Payee
from office.i18n import translate
from office.payroll import manual, store
from office.payroll.compute import PeriodPayroll
from office.payroll.errors import PeriodError
from office.payroll.money import display_yuan
from office.tables import pay_periods, period_deferrals, period_payments, period_states
from sync.central.tables import quarantine, stations, workers
from sync.protocol.events import CheckIn

# Issues of the payroll that make a close doubtful.
_ISSUES = ("missing_check_out", "no_rate", "correction_without_tally")


@dataclass(frozen=True, slots=True)
class Check:
    """One thing to look at before closing: an office.i18n key `check.<kind>` and its values."""

    kind: str
    values: dict[str, object]

    @property
    def key(self) -> str:
        """Stable id of the item, the name of its checkbox."""
        return f"{self.kind}:" + ":".join(str(v) for v in self.values.values())

    def text(self, language: str) -> str:
        """The item as a sentence for the clerk (web page and CLI alike)."""
        values = {k: display_yuan(v) if k == "amount" and isinstance(v, int) else v for k, v in self.values.items()}
        return translate(f"check.{self.kind}", language, **values)


@dataclass(frozen=True, slots=True)
class Review:
    """Everything the close page shows: what will be paid and what to acknowledge first."""

    payroll: PeriodPayroll
    payees: list[Payee]
    checks: list[Check]

    @property
    def head_count(self) -> int:
        return sum(1 for p in self.payees if p.amount_fen > 0)

    @property
    def total_fen(self) -> int:
        return sum(p.amount_fen for p in self.payees)


@dataclass(frozen=True, slots=True)
class BankSummary:
    """What the bank file will do, told before it is downloaded."""

    rows: int
    total_fen: int
    no_account: tuple[Payee, ...]  # owed money, left out of the file
    deferred: frozenset[str]  # of those, the workers put off on purpose


@dataclass(frozen=True, slots=True)
class State:
    sent_at: datetime | None = None
    paid_at: datetime | None = None


def review(conn: Connection, period_id: int) -> Review:
    payroll = store.compute(conn, period_id)
    payees = store.payees(conn, payroll.workers)
    return Review(payroll, payees, _checks(conn, payroll, payees))


def _checks(conn: Connection, payroll: PeriodPayroll, payees: list[Payee]) -> list[Check]:
    checks = []
    for row in conn.execute(select(stations).order_by(stations.c.station_id)).mappings():
        name = row["name"] or row["station_id"]
        backlog = json.loads(row["status"] or "{}").get("backlog") or 0
        if not row["online"]:
            checks.append(Check("station_offline", {"station": name}))
        if backlog:
            checks.append(Check("station_backlog", {"station": name, "count": backlog}))
        if row["max_seq"] > row["contiguous_seq"]:
            checks.append(Check("station_gaps", {"station": name, "count": row["max_seq"] - row["contiguous_seq"]}))
    waiting = conn.execute(select(func.count()).select_from(quarantine)).scalar_one()
    if waiting:
        checks.append(Check("quarantined", {"count": waiting}))
    names: dict[str, str] = {w: n for w, n in conn.execute(select(workers.c.worker_id, workers.c.name))}
    for issue in payroll.issues:
        if issue.kind in _ISSUES:
            worker = names.get(issue.worker_id, issue.worker_id)
            checks.append(Check(issue.kind, {"worker": worker, "day": issue.day, "event": issue.event_id}))
    for payee in payees:
        if payee.amount_fen > 0 and not payee.bank_account:
            checks.append(Check("no_account", {"worker": payee.name, "amount": payee.amount_fen}))
    return checks


def close(
    conn: Connection, period_id: int, username: str, today: date, acknowledged: set[str], confirmed_total: int
) -> PeriodPayroll:
    """Close after the period ended, every check acknowledged and the total the clerk saw confirmed."""
    period = store.period(conn, period_id)
    if today <= period.end:
        raise PeriodError("close_too_early", end=period.end)
    seen = review(conn, period_id)
    if any(check.key not in acknowledged for check in seen.checks):
        raise PeriodError("checklist_not_acknowledged")
    if confirmed_total != seen.total_fen:
        raise PeriodError("total_changed")
    return store.close_period(conn, period_id, username)


def state(conn: Connection, period_id: int) -> State:
    row = conn.execute(select(period_states).where(period_states.c.period_id == period_id)).mappings().first()
    return State(row["sent_at"], row["paid_at"]) if row else State()


def reopen(conn: Connection, period_id: int, username: str, reason: str) -> None:
    """Undo the last close while the bank file is unsent: the frozen amounts go, events stay."""
    if not reason.strip():
        raise PeriodError("reason_required")
    closed = [p for p in store.load_periods(conn) if p.closed]
    if not closed or closed[-1].period_id != period_id:
        raise PeriodError("reopen_last_only")
    if state(conn, period_id).sent_at is not None:
        raise PeriodError("reopen_after_sent")
    frozen = conn.execute(
        select(func.coalesce(func.sum(period_payments.c.amount_fen), 0)).where(period_payments.c.period_id == period_id)
    ).scalar_one()
    conn.execute(delete(period_payments).where(period_payments.c.period_id == period_id))
    conn.execute(delete(period_deferrals).where(period_deferrals.c.period_id == period_id))  # decided anew
    conn.execute(
        update(pay_periods)
        .where(pay_periods.c.period_id == period_id)
        .values(status="open", closed_at=None, closed_by=None)
    )
    audit.record(
        conn,
        username,
        "period.reopen",
        period_id=period_id,
        reason=reason.strip(),
        was_closed_at=closed[-1].closed_at,
        total_fen=int(frozen),
    )


def bank_summary(conn: Connection, period_id: int) -> BankSummary:
    """Who the bank file pays and who it leaves out although owed (no account)."""
    payees = store.payees(conn, store.payments(conn, period_id))
    paid = [p for p in payees if p.amount_fen > 0 and p.bank_account]
    deferred = frozenset(
        conn.execute(select(period_deferrals.c.worker_id).where(period_deferrals.c.period_id == period_id)).scalars()
    )
    missing = tuple(p for p in payees if p.amount_fen > 0 and not p.bank_account)
    return BankSummary(len(paid), sum(p.amount_fen for p in paid), missing, deferred)


def _closed(conn: Connection, period_id: int) -> None:
    if not store.period(conn, period_id).closed:
        raise PeriodError("not_closed_yet")


def _set_state(conn: Connection, period_id: int, **values: object) -> None:
    if conn.execute(select(period_states.c.period_id).where(period_states.c.period_id == period_id)).first():
        conn.execute(update(period_states).where(period_states.c.period_id == period_id).values(**values))
    else:
        conn.execute(insert(period_states).values(period_id=period_id, **values))


def mark_sent(conn: Connection, period_id: int, username: str) -> None:
    """The bank file went to the bank: the period can no longer be reopened."""
    _closed(conn, period_id)
    if state(conn, period_id).sent_at is None:
        _set_state(conn, period_id, sent_at=audit.now_utc(), sent_by=username)
        audit.record(conn, username, "period.sent", period_id=period_id)


def defer(conn: Connection, period_id: int, worker_id: str, reason: str, username: str) -> None:
    """Put off paying a worker the bank file left out (no account), on purpose and with a reason."""
    _closed(conn, period_id)
    if not reason.strip():
        raise PeriodError("reason_required")
    if worker_id not in {p.worker_id for p in bank_summary(conn, period_id).no_account}:
        raise PeriodError("nothing_to_defer", worker_id=worker_id)
    conn.execute(
        delete(period_deferrals).where(
            period_deferrals.c.period_id == period_id, period_deferrals.c.worker_id == worker_id
        )
    )
    conn.execute(
        insert(period_deferrals).values(
            period_id=period_id,
            worker_id=worker_id,
            reason=reason.strip(),
            created_by=username,
            created_at=audit.now_utc(),
        )
    )
    audit.record(conn, username, "period.defer", period_id=period_id, worker_id=worker_id, reason=reason.strip())


def mark_paid(conn: Connection, period_id: int, username: str) -> None:
    """The money is out: refused while a worker owed money is neither in the file nor deferred."""
    _closed(conn, period_id)
    summary = bank_summary(conn, period_id)
    unsettled = [p for p in summary.no_account if p.worker_id not in summary.deferred]
    if unsettled:
        raise PeriodError("skipped_unsettled", names="、".join(p.name for p in unsettled))
    now = audit.now_utc()
    if state(conn, period_id).sent_at is None:  # paid implies the file went out
        _set_state(conn, period_id, sent_at=now, sent_by=username)
    _set_state(conn, period_id, paid_at=now, paid_by=username)
    audit.record(conn, username, "period.paid", period_id=period_id, total_fen=summary.total_fen, rows=summary.rows)


def fix_check_out(conn: Connection, check_in_event_id: str, hhmm: str, reason: str, username: str) -> None:
    """Set a forgotten check-out to a chosen local time on the check-in's day."""
    check_in = store.event(conn, check_in_event_id)
    if check_in is None or not isinstance(check_in.payload, CheckIn):
        raise PeriodError("no_check_in", event_id=check_in_event_id)
    day = check_in.local_date
    open_ins = {i.event_id for i in store.compute_range(conn, day, day).issues if i.kind == "missing_check_out"}
    if check_in.event_id not in open_ins:
        raise PeriodError("check_out_not_missing", day=day)
    try:
        hours, minutes = (int(part) for part in hhmm.split(":"))
        local = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=UTC)
    except ValueError as exc:
        raise PeriodError("not_a_time", value=hhmm) from exc
    at = local - timedelta(seconds=check_in.utc_offset_s)
    manual.record_check_out(conn, check_in, day, at, reason, username)
