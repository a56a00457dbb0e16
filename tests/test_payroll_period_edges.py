"""Check-ins/outs and office-fixed check-outs at a period's edges (office.payroll.store loads its
own days summed, the days around them and late days one by one): the payroll must pay what a
person computes by hand, on SQLite and PostgreSQL, summed or one worker at a time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Connection, update

from office.db import open_office
from office.demo.sample_events import EventFactory, local
from office.payroll import manual, store
from office.payroll.compute import PayRule, PeriodPayroll
from office.tables import pay_periods

BEAD_FEN = 5  # per bead
BEADS = 10  # on every day worked below
GUARANTEE = PayRule(date(2025, 1, 1), min_per_hour_fen=300, base_per_day_fen=100)
BASE_ONLY = PayRule(date(2025, 1, 1), base_per_day_fen=100)  # own days summed over a plain span
RULES = pytest.mark.parametrize("rule", [GUARANTEE, BASE_ONLY], ids=["guarantee", "base-only"])
JAN_CLOSED_AT = datetime(2026, 2, 1, 2, tzinfo=UTC)  # 10:00 on 1 February, local
LATE = datetime(2026, 2, 2, tzinfo=UTC)  # received after January closed


@pytest.fixture
def engine(central_url):
    engine = open_office(central_url)
    yield engine
    engine.dispose()


def by_hand(rule: PayRule, hours: float, beads: int = BEADS) -> int:
    """One attended day's pay in fen: pieces, the hourly guarantee's top-up, base pay."""
    pieces = beads * BEAD_FEN
    return pieces + max(0, round(rule.min_per_hour_fen * hours) - pieces) + rule.base_per_day_fen


def fix(conn: Connection, check_in_id: str, day: date, hhmm: str) -> None:
    """The office sets a forgotten check-out to `hhmm` local on the check-in's day."""
    check_in = store.event(conn, check_in_id)
    assert check_in is not None
    manual.record_check_out(conn, check_in, day, local(day, hhmm), "forgot", "clerk1")


def worked(f: EventFactory, worker: str, day: date, start: str, end: str | None, **kw: datetime) -> str:
    """A day at the bench with its beads; no check-out when `end` is None. The check-in's id."""
    check_in = f.check_in(worker, day, start, **kw)
    f.tally(worker, "bead", BEADS, day, start, **kw)
    if end is not None:
        f.check_out(worker, day, end, **kw)
    return check_in


def same_one_by_one(conn: Connection, period_id: int, summed: PeriodPayroll) -> Iterator[str]:
    """Every worker's pay and adjustments as the worker's detail page computes them equal the
    summed period's; the workers, for the caller's own checks."""
    for worker, pay in summed.workers.items():
        alone = store.compute(conn, period_id, worker_id=worker)
        assert alone.workers[worker] == pay, worker
        mine = [a for a in summed.adjustments if a.worker_id == worker]
        assert sorted(alone.adjustments, key=str) == sorted(mine, key=str), worker
        yield worker


@RULES
def test_fixed_check_outs_on_and_around_the_own_days(engine, rule):
    """Fixes on the first and last day, on the days before and after (not paid by January), a
    check-in before midnight fixed that day and a station check-out after midnight."""
    f = EventFactory()
    dec31, jan1, jan2, jan15, jan30, jan31, feb1 = (
        date(2025, 12, 31),
        date(2026, 1, 1),
        date(2026, 1, 2),
        date(2026, 1, 15),
        date(2026, 1, 30),
        date(2026, 1, 31),
        date(2026, 2, 1),
    )
    with engine.begin() as conn:
        jan = store.create_period(conn, jan1, jan31, "clerk1")
        store.set_rate(conn, "bead", date(2025, 1, 1), BEAD_FEN, 1, "admin1")
        store.set_rule(conn, rule, "admin1")
        for worker in ("w1", "w2", "w3", "w4", "w5", "w6"):
            worked(f, worker, jan15, "08:00", "16:00")  # a usual day, summed by the database
        first = worked(f, "w1", jan1, "08:00", None)
        last = worked(f, "w2", jan31, "08:00", None)
        night = worked(f, "w3", jan31, "22:00", None)
        f.check_out("w3", feb1, "00:30")  # after midnight: a lone check-out of 1 February
        before = worked(f, "w4", dec31, "08:00", None)
        worked(f, "w4", jan2, "08:00", "12:00")
        after = worked(f, "w5", feb1, "08:00", None)
        worked(f, "w5", jan30, "08:00", "10:00")
        evening = worked(f, "w6", dec31, "23:00", None)  # in the hours read around January
        worked(f, "w6", jan1, "08:00", "09:00")
        f.insert(conn)
        fix(conn, first, jan1, "16:00")
        fix(conn, last, jan31, "12:30")
        fix(conn, night, jan31, "23:30")
        fix(conn, before, dec31, "16:00")
        fix(conn, after, feb1, "17:00")
        fix(conn, evening, dec31, "23:59")
    hours = {"w1": [8, 8], "w2": [8, 4.5], "w3": [8, 1.5], "w4": [8, 4], "w5": [8, 2], "w6": [8, 1]}
    with engine.begin() as conn:
        summed = store.compute(conn, jan)
        assert sorted(same_one_by_one(conn, jan, summed)) == sorted(hours)
    for worker, days in hours.items():
        pay = summed.workers[worker]
        assert (pay.days_attended, pay.seconds) == (len(days), round(sum(days) * 3600)), worker
        assert pay.total_fen == sum(by_hand(rule, h) for h in days), worker
    assert not summed.adjustments
    assert {i.kind for i in summed.issues} == set()  # 1 February's lone check-out is not January's


@RULES
def test_what_january_learns_after_its_close_is_paid_in_february(engine, rule):
    """Days of January learning something after its close: a check-out fixed by the office, a
    station check-out and a tally received late in the evening of its last day (within the
    hours read around February), a check-in received late then fixed; and February's own fixed
    first day. January, computed again, stays as it was at its close."""
    f = EventFactory()
    jan31, feb1, feb2 = date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 2)
    with engine.begin() as conn:
        jan = store.create_period(conn, date(2026, 1, 1), jan31, "clerk1")
        feb = store.create_period(conn, feb1, date(2026, 2, 28), "clerk1")
        store.set_rate(conn, "bead", date(2025, 1, 1), BEAD_FEN, 1, "admin1")
        store.set_rule(conn, rule, "admin1")
        forgot = worked(f, "w1", jan31, "08:00", None)
        worked(f, "w2", jan31, "08:00", None)
        f.check_out("w2", jan31, "18:30", received=LATE)
        worked(f, "w3", jan31, "08:00", "16:00")
        f.tally("w3", "bead", 7, jan31, "19:00", received=LATE)
        synced_late = f.check_in("w4", jan31, "08:00", received=LATE)
        for worker in ("w1", "w2", "w3", "w4", "w5"):
            worked(f, worker, feb2, "08:00", "12:00")
        first = worked(f, "w5", feb1, "08:00", None)
        f.insert(conn)
        store.close_period(conn, jan, "clerk1")
        conn.execute(update(pay_periods).where(pay_periods.c.period_id == jan).values(closed_at=JAN_CLOSED_AT))
    with engine.begin() as conn:
        january = store.compute(conn, jan)
        fix(conn, forgot, jan31, "16:00")
        fix(conn, synced_late, jan31, "16:00")
        fix(conn, first, feb1, "17:00")
    with engine.begin() as conn:
        again = store.compute(conn, jan)
        assert (again.workers, again.issues, again.adjustments) == (january.workers, january.issues, [])
        summed = store.compute(conn, feb)
        assert sorted(same_one_by_one(conn, feb, summed)) == ["w1", "w2", "w3", "w4", "w5"]
    paid_at_close = {  # January 31st as known at January's close: attended, no time
        "w1": by_hand(rule, 0),
        "w2": by_hand(rule, 0),
        "w3": by_hand(rule, 8),
        "w4": 0,  # nothing known
    }
    known_now = {
        "w1": by_hand(rule, 8),
        "w2": by_hand(rule, 10.5),
        "w3": by_hand(rule, 8, BEADS + 7),
        "w4": by_hand(rule, 8, beads=0),
    }
    adjustments = {a.worker_id: a for a in summed.adjustments}
    assert sorted(adjustments) == sorted(paid_at_close)
    for worker, before in paid_at_close.items():
        assert adjustments[worker].amount_fen == known_now[worker] - before, worker
        assert adjustments[worker].day == jan31
        ids = adjustments[worker].late_event_ids
        assert len(ids) == len(set(ids)), f"{worker}: {ids}"
    assert set(adjustments["w4"].late_event_ids) >= {synced_late}
    for worker in ("w1", "w2", "w3", "w4"):
        pay = summed.workers[worker]
        assert (pay.days_attended, pay.seconds) == (1, 4 * 3600), worker
        own = by_hand(rule, 4)
        assert pay.total_fen == own + known_now[worker] - paid_at_close[worker], worker
    w5 = summed.workers["w5"]
    assert (w5.days_attended, w5.seconds, w5.total_fen) == (2, 13 * 3600, by_hand(rule, 9) + by_hand(rule, 4))


@RULES
def test_the_only_late_news_in_the_evening_before_the_period(engine, rule):
    """Nothing else late: a check-out and a tally of January's last evening, received after its
    close, in the hours February reads around its own days anyway."""
    f = EventFactory()
    jan31 = date(2026, 1, 31)
    with engine.begin() as conn:
        jan = store.create_period(conn, date(2026, 1, 1), jan31, "clerk1")
        feb = store.create_period(conn, date(2026, 2, 1), date(2026, 2, 28), "clerk1")
        store.set_rate(conn, "bead", date(2025, 1, 1), BEAD_FEN, 1, "admin1")
        store.set_rule(conn, rule, "admin1")
        worked(f, "w2", jan31, "08:00", None)
        f.check_out("w2", jan31, "18:30", received=LATE)
        worked(f, "w3", jan31, "08:00", "16:00")
        f.tally("w3", "bead", 7, jan31, "19:00", received=LATE)
        f.insert(conn)
        store.close_period(conn, jan, "clerk1")
        conn.execute(update(pay_periods).where(pay_periods.c.period_id == jan).values(closed_at=JAN_CLOSED_AT))
    with engine.begin() as conn:
        summed = store.compute(conn, feb)
        paid = set(same_one_by_one(conn, feb, summed))
    owed = {
        "w2": by_hand(rule, 10.5) - by_hand(rule, 0),
        "w3": by_hand(rule, 8, BEADS + 7) - by_hand(rule, 8),
    }
    assert {a.worker_id: a.amount_fen for a in summed.adjustments} == owed
    assert {w: pay.total_fen for w, pay in summed.workers.items()} == {w: owed[w] for w in paid}
    assert paid >= {w for w, fen in owed.items() if fen}
