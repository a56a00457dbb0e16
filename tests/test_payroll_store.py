"""Pay periods, rates and closing against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from sync.central import audit
from sync.central.db import open_central
from sync.central.office_tables import audit_log
from sync.central.payroll import store
from sync.central.payroll.errors import PeriodError, RateError
from tests.central_events import EventFactory


@pytest.fixture
def engine(central_url):
    engine = open_central(central_url)
    yield engine
    engine.dispose()


def test_close_freezes_a_period_and_late_events_land_in_the_next(engine):
    f = EventFactory()
    with engine.begin() as conn:
        jan = store.create_period(conn, date(2026, 1, 1), date(2026, 1, 31), "clerk1")
        feb = store.create_period(conn, date(2026, 2, 1), date(2026, 2, 28), "clerk1")
        store.set_rate(conn, "cushion", date(2026, 1, 1), 30, 1, "admin1")
        first = f.tally("w1", "cushion", 40, date(2026, 1, 30))
        f.insert(conn)
    with engine.begin() as conn:
        with pytest.raises(PeriodError):
            store.close_period(conn, feb, "clerk1")  # January first
        closed = store.close_period(conn, jan, "clerk1")
    assert closed.workers["w1"].total_fen == 1200
    with engine.begin() as conn:
        # Arrives now, after the close: January stays as paid; February pays the difference.
        f.correct(first, "w1", "cushion", 40, 35, date(2026, 1, 30), received=audit.now_utc())
        f.tally("w1", "cushion", 2, date(2026, 2, 3), received=audit.now_utc())
        f.insert(conn)
    with engine.begin() as conn:
        assert store.payments(conn, jan)["w1"].total_fen == 1200
        assert store.compute(conn, jan).workers["w1"].total_fen == 1200
        february = store.compute(conn, feb)
        assert february.workers["w1"].total_fen == 60 - 150
        assert [a.origin_period_id for a in february.adjustments] == [jan]
        with pytest.raises(PeriodError):
            store.close_period(conn, jan, "clerk1")
        with pytest.raises(RateError):
            store.set_rate(conn, "cushion", date(2026, 1, 20), 50, 1, "admin1")  # inside a closed period
        store.set_rate(conn, "cushion", date(2026, 2, 1), 50, 1, "admin1")
        assert store.compute(conn, feb).workers["w1"].total_fen == 100 - 150
        actions = conn.execute(select(audit_log.c.action).order_by(audit_log.c.id)).scalars().all()
    assert actions == ["period.create", "period.create", "rate.set", "period.close", "rate.set"]


def test_periods_may_not_overlap_or_run_backwards(engine):
    with engine.begin() as conn:
        store.create_period(conn, date(2026, 1, 1), date(2026, 1, 31), "clerk1")
        with pytest.raises(PeriodError):
            store.create_period(conn, date(2026, 1, 31), date(2026, 2, 27), "clerk1")
        with pytest.raises(PeriodError):
            store.create_period(conn, date(2026, 3, 2), date(2026, 3, 1), "clerk1")
        with pytest.raises(RateError):
            store.set_rate(conn, "cushion", date(2026, 1, 1), -1, 1, "admin1")


def test_a_date_range_is_paid_as_everything_known_now(engine):
    f = EventFactory()
    with engine.begin() as conn:
        store.set_rate(conn, "bead", date(2026, 1, 1), 5, 10, "admin1")
        f.tally("w1", "bead", 125, date(2026, 1, 10))
        f.tally("w2", "bead", 10, date(2026, 1, 11))
        f.tally("w2", "bead", 10, date(2026, 2, 11))
        f.insert(conn)
        result = store.compute_range(conn, date(2026, 1, 1), date(2026, 1, 31))
    assert {w: p.total_fen for w, p in result.workers.items()} == {"w1": 63, "w2": 5}
