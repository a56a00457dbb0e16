"""The database sums a period's usual days (office.payroll.store: `_tally_sums`, `_presences`);
every other day is read event by event. Both paths must pay the same, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, update

from office.db import open_office
from office.demo.sample_events import EventFactory
from office.payroll import manual, store
from office.payroll.compute import PayRule
from office.tables import pay_periods
from sync.central.tables import products

JAN = date(2026, 1, 12)


@pytest.fixture
def engine(central_url):
    engine = open_office(central_url)
    yield engine
    engine.dispose()


def _unreadable(factory: EventFactory, kind: str, day: date) -> str:
    """A stored row whose payload no longer parses (only its day is derived)."""
    event_id = factory.add(kind, {"worker_id": "w9"}, day, "09:00")
    row = factory.rows[-1]
    row.update(payload="{not json", worker_id=None, product_id=None, piece_count=None)
    return event_id


GUARANTEE = (PayRule(date(2026, 1, 1), min_per_hour_fen=300, base_per_day_fen=100),)
BASE_ONLY = (PayRule(date(2026, 1, 1), base_per_day_fen=100),)  # days add up: compute_period's plain days
BOTH = (*BASE_ONLY, PayRule(date(2026, 1, 15), min_per_day_fen=900, base_per_day_fen=50))


@pytest.mark.parametrize("rules", [GUARANTEE, BASE_ONLY, BOTH], ids=["guarantee", "base-only", "base-then-guarantee"])
def test_summed_days_pay_what_days_read_one_by_one_pay(engine, rules):
    """Usual days, a missing check-out fixed by the office, a fixed one that arrived after all (a
    usual day the database sums, read one by one for the fix), two shifts, a check-out before
    any check-in, a correction that lifts a day over its limit, a day over its limit as stored,
    one above another product's limit but not its own, and unreadable rows; under a rule
    with a guarantee (each day priced by `day_pay`), one without, and one after the other."""
    f = EventFactory()
    with engine.begin() as conn:
        period_id = store.create_period(conn, date(2026, 1, 1), date(2026, 1, 31), "clerk1")
        store.set_rate(conn, "bead", date(2026, 1, 1), 7, 3, "admin1")
        store.set_rate(conn, "cushion", date(2026, 1, 1), 30, 1, "admin1")
        store.set_rate(conn, "cushion", date(2026, 1, 14), 35, 1, "admin1")
        for rule in rules:
            store.set_rule(conn, rule, "admin1")
        names = {"name_zh_hans": "垫", "name_zh_hant": "墊", "name_en": "cushion", "pictogram": "", "count_mode": "tap"}
        conn.execute(insert(products).values(product_id="cushion", max_per_day=60, **names))
        for offset, worker in enumerate(("w1", "w2", "w3")):
            for day in (date(2026, 1, d) for d in range(12, 17)):
                f.check_in(worker, day, "08:00")
                f.tally(worker, "bead", 10 + offset, day, "09:00")
                f.tally(worker, "cushion", 20, day, "10:00")
                f.tally(worker, "cushion", 25, day, "11:00")
                f.check_out(worker, day, f"{14 + offset}:00")
        forgot = f.check_in("w1", date(2026, 1, 19), "08:00")  # no check-out: fixed by the office below
        delayed = f.check_in("w2", date(2026, 1, 22), "08:00")  # fixed below, then its check-out arrives
        f.tally("w1", "bead", 9, date(2026, 1, 19), "09:00")
        f.check_in("w2", date(2026, 1, 19), "08:00")  # two shifts
        f.check_out("w2", date(2026, 1, 19), "11:00")
        f.check_in("w2", date(2026, 1, 19), "13:00")
        f.check_out("w2", date(2026, 1, 19), "15:00")
        f.check_out("w3", date(2026, 1, 19), "07:00")  # a check-out before any check-in
        f.check_in("w3", date(2026, 1, 19), "08:00")
        f.check_out("w3", date(2026, 1, 19), "12:00")
        lifted = f.tally("w2", "cushion", 10, date(2026, 1, 20), "10:00")
        f.tally("w2", "cushion", 30, date(2026, 1, 20), "11:00")
        f.correct(lifted, "w2", "cushion", 10, 40, date(2026, 1, 20), "12:00")  # 40 + 30 > 60: held
        f.tally("w3", "cushion", 40, date(2026, 1, 20), "10:00")  # 40 + 30 > 60 as stored: held
        f.tally("w3", "cushion", 30, date(2026, 1, 20), "11:00")
        f.tally("w1", "bead", 70, date(2026, 1, 20), "10:00")  # above the lowest limit (60), not its own
        bad_tally = _unreadable(f, "tally", date(2026, 1, 21))
        bad_check = _unreadable(f, "check_in", date(2026, 1, 21))
        f.insert(conn)
        check_in = store.event(conn, forgot)
        assert check_in is not None
        at = datetime(2026, 1, 19, 8, tzinfo=UTC)  # 16:00 local
        manual.record_check_out(conn, check_in, date(2026, 1, 19), at, "forgot", "clerk1")
        check_in = store.event(conn, delayed)
        assert check_in is not None
        manual.record_check_out(conn, check_in, date(2026, 1, 22), datetime(2026, 1, 22, 9, tzinfo=UTC), "?", "clerk1")
        late = EventFactory(station_id="st-late")
        late.check_out("w2", date(2026, 1, 22), "16:00")
        late.insert(conn)
    with engine.begin() as conn:
        summed = store.compute(conn, period_id)
        assert set(summed.unreadable) == {bad_tally, bad_check}
        held = {(i.kind, i.worker_id) for i in summed.issues if i.kind.startswith("held_")}
        assert held == {("held_over_day_limit", "w2"), ("held_over_day_limit", "w3")}
        assert ("check_out_without_check_in", "w3") in {(i.kind, i.worker_id) for i in summed.issues}
        assert not any(i.kind == "missing_check_out" for i in summed.issues)
        issues = set()
        for worker, pay in summed.workers.items():
            alone = store.compute(conn, period_id, worker_id=worker)
            assert alone.workers[worker] == pay
            issues |= set(alone.issues)
        assert set(summed.issues) == issues
        assert summed.workers["w1"].days_attended == 6
        assert summed.workers["w2"].seconds == 5 * 7 * 3600 + 5 * 3600 + 8 * 3600  # the 22nd: 08:00-16:00


def test_a_closed_period_sums_only_what_was_known_at_its_close(engine):
    f = EventFactory()
    closed_at = datetime(2026, 2, 1, 2, tzinfo=UTC)
    with engine.begin() as conn:
        jan = store.create_period(conn, date(2026, 1, 1), date(2026, 1, 31), "clerk1")
        store.set_rate(conn, "bead", date(2026, 1, 1), 5, 1, "admin1")
        f.check_in("w1", JAN, "08:00")
        f.tally("w1", "bead", 10, JAN, "09:00")
        f.tally("w1", "bead", 7, JAN, "10:00", received=datetime(2026, 2, 3, tzinfo=UTC))
        f.check_out("w1", JAN, "12:00", received=datetime(2026, 2, 3, tzinfo=UTC))
        f.insert(conn)
        store.close_period(conn, jan, "clerk1")
        conn.execute(update(pay_periods).values(closed_at=closed_at))
    with engine.begin() as conn:
        result = store.compute(conn, jan)
    pay = result.workers["w1"]
    assert [(line.kind, line.count) for line in pay.lines] == [("piece", 10)]
    assert pay.seconds == 0 and [i.kind for i in result.issues] == ["missing_check_out"]
