"""Pay periods, rates and closing against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from office import audit
from office.db import open_office
from office.demo.sample_events import EventFactory
from office.payroll import store
from office.payroll.errors import PeriodError, RateError
from office.tables import audit_log, pay_periods


@pytest.fixture
def engine(central_url):
    engine = open_office(central_url)
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
        traced = store.compute(conn, feb, worker_id="w1")  # one by one instead of summed in SQL
        assert traced.workers == february.workers
        assert [t.original for t in traced.tallies["w1"]] == [2]
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
        f.tally("w1", "bead", 1, date(2026, 1, 12))  # sums per day: 125 + 1 -> 126 x 0.5 = 63
        f.insert(conn)
        result = store.compute_range(conn, date(2026, 1, 1), date(2026, 1, 31))
    assert {w: p.total_fen for w, p in result.workers.items()} == {"w1": 63, "w2": 5}


@pytest.mark.parametrize("guarantee", [True, False], ids=["guarantee", "plain"])
def test_tallies_summed_in_the_database_pay_the_same_as_one_by_one(engine, guarantee):
    """Random month with corrections, voids, a rate change and late arrivals, under a guarantee
    (days priced one by one) and under none (summed over spans of days): both paths agree."""
    import random
    from datetime import UTC, datetime, timedelta

    from office.payroll.compute import PayRule

    rng = random.Random(3)
    f = EventFactory()
    close_at = datetime(2026, 2, 1, 2, tzinfo=UTC)
    with engine.begin() as conn:
        jan = store.create_period(conn, date(2026, 1, 1), date(2026, 1, 31), "clerk1")
        feb = store.create_period(conn, date(2026, 2, 1), date(2026, 2, 28), "clerk1")
        store.set_rate(conn, "bead", date(2026, 1, 1), 7, 3, "admin1")
        store.set_rate(conn, "cushion", date(2026, 1, 1), 30, 1, "admin1")
        store.set_rate(conn, "cushion", date(2026, 1, 20), 35, 1, "admin1")
        store.set_rule(conn, PayRule(date(2026, 1, 1), min_per_hour_fen=700 if guarantee else 0), "admin1")
        for worker in ("w1", "w2", "w3", "w4"):
            for offset in range(0, 45, 2):
                day = date(2026, 1, 10) + timedelta(days=offset)
                f.check_in(worker, day, "08:00")
                f.check_out(worker, day, f"{rng.randint(9, 15)}:00")
                for hour in range(9, 9 + rng.randint(1, 4)):
                    late = rng.random() < 0.1
                    received = close_at + timedelta(hours=rng.randint(1, 48)) if late else None
                    product = rng.choice(("bead", "cushion"))
                    count = rng.randint(1, 40)
                    tally = f.tally(worker, product, count, day, f"{hour}:00", received=received)
                    if rng.random() < 0.2:
                        new = None if rng.random() < 0.3 else rng.randint(1, 40)
                        fix_received = close_at + timedelta(hours=rng.randint(49, 60)) if rng.random() < 0.5 else None
                        f.correct(tally, worker, product, count, new, day, f"{hour}:30", received=fix_received)
        f.insert(conn)
        store.close_period(conn, jan, "clerk1")
        # As if January had closed on 1 February, 02:00 UTC: the late rows above came after it.
        conn.execute(pay_periods.update().where(pay_periods.c.period_id == jan).values(closed_at=close_at))
    with engine.begin() as conn:
        assert len(store.compute(conn, feb).adjustments) > 10
        for period_id in (jan, feb):
            summed = store.compute(conn, period_id)
            assert summed.workers, "nothing paid"
            for worker, pay in summed.workers.items():
                assert store.compute(conn, period_id, worker_id=worker).workers[worker] == pay


def test_a_correction_is_flagged_only_when_its_tally_is_nowhere(engine):
    f = EventFactory()
    with engine.begin() as conn:
        store.set_rate(conn, "bead", date(2026, 1, 1), 5, 1, "admin1")
        yesterday = f.tally("w1", "bead", 10, date(2026, 1, 10))
        f.correct(yesterday, "w1", "bead", 10, 8, date(2026, 1, 11))
        f.correct("not-a-stored-event", "w1", "bead", 3, 1, date(2026, 1, 11))
        f.insert(conn)
        issues = store.compute_range(conn, date(2026, 1, 11), date(2026, 1, 11)).issues
    assert [(i.kind, i.detail) for i in issues] == [("correction_without_tally", "not-a-stored-event")]
