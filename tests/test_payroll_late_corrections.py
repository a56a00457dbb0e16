"""Every piece is paid exactly once, whatever order and period corrections arrive in (issue #13.1).

Random tallies and corrections over three closed periods and an open fourth; every event has
its own arrival time, closes fall anywhere after a period's end. The pay of all periods summed
must equal the pay of the final truth (everything known now, as one range).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from office.db import open_office
from office.demo.sample_events import EventFactory, local
from office.payroll import store
from office.tables import pay_periods

JAN1 = date(2026, 1, 1)
PERIODS = ((date(2026, 1, 1), date(2026, 1, 10)), (date(2026, 1, 11), date(2026, 1, 20)))
PERIODS += ((date(2026, 1, 21), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 28)))


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = open_office(f"sqlite:///{tmp_path_factory.mktemp('late') / 'central.db'}")
    yield engine
    engine.dispose()


tally = st.tuples(
    st.sampled_from(("w1", "w2")),
    st.sampled_from(("bead", "cushion")),
    st.integers(0, 30),
    st.integers(0, 30),
    st.integers(0, 40 * 24),
)  # worker, product, count, day offset, arrival delay in hours
correction = st.tuples(
    st.integers(0, 1000), st.one_of(st.none(), st.integers(0, 30)), st.integers(0, 20), st.integers(0, 40 * 24)
)  # which tally, new count (None voids), days after the tally, arrival delay in hours


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tallies=st.lists(tally, min_size=1, max_size=25),
    corrections=st.lists(correction, max_size=15),
    close_delays=st.lists(st.integers(0, 15 * 24), min_size=3, max_size=3),
)
def test_the_periods_together_pay_the_final_truth_exactly_once(engine, tallies, corrections, close_delays):
    f = EventFactory()
    made = []
    for worker, product, count, offset, delay in tallies:
        day = JAN1 + timedelta(days=offset)
        made.append(
            (
                f.tally(worker, product, count, day, received=local(day, "10:00") + timedelta(hours=delay)),
                worker,
                product,
                count,
                day,
            )
        )
    for which, new, after, delay in corrections:
        target, worker, product, count, day = made[which % len(made)]
        fix_day = day + timedelta(days=after)
        f.correct(
            target, worker, product, count, new, fix_day, received=local(fix_day, "16:00") + timedelta(hours=delay)
        )
    # Each example runs in a transaction that is rolled back: events are append-only (revision 0007).
    with engine.connect() as conn:
        store.set_rate(conn, "bead", JAN1, 7, 1, "admin1")
        store.set_rate(conn, "cushion", JAN1, 30, 1, "admin1")
        ids = [store.create_period(conn, start, end, "clerk1") for start, end in PERIODS]
        closed_at = datetime(2026, 1, 1, tzinfo=UTC)
        for period_id, (_, end), delay in zip(ids, PERIODS, close_delays, strict=False):
            closed_at = max(closed_at, datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(hours=24 + delay))
            conn.execute(update(pay_periods).where(pay_periods.c.period_id == period_id).values(closed_at=closed_at))
        f.insert(conn)
        paid = [store.compute(conn, period_id) for period_id in ids]
        truth = store.compute_range(conn, PERIODS[0][0], PERIODS[-1][1])
        conn.rollback()
    per_worker = {w: sum(p.workers[w].total_fen for p in paid if w in p.workers) for w in ("w1", "w2")}
    assert per_worker == {w: truth.workers[w].total_fen if w in truth.workers else 0 for w in ("w1", "w2")}
    assert not [i for p in paid for i in p.issues if i.kind == "correction_without_tally"]
