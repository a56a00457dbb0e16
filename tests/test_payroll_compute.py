"""Payroll arithmetic against hand-computed expectations (pure: no database)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from office.demo.sample_events import EventFactory, local
from office.payroll.compute import PayLine, PayRule, Period, Rate, compute_period
from office.payroll.errors import OfficeError, PeriodError
from office.payroll.ledger import ledger_events
from office.payroll.money import divide_half_up, format_yuan, parse_yuan, round_half_up

JAN = Period(1, date(2026, 1, 1), date(2026, 1, 31))
D = date(2026, 1, 12)
BEAD_5_PER_10 = Rate(1, "bead", date(2025, 1, 1), rate_fen=5, per_pieces=10)
CUSHION_30 = Rate(2, "cushion", date(2025, 1, 1), rate_fen=30)


def run(factory: EventFactory, rates=(BEAD_5_PER_10, CUSHION_30), rules=(), periods=(JAN,), period_id=1):
    found, unreadable = ledger_events(factory.tuples())
    assert unreadable == []
    return compute_period(list(periods), period_id, found, rates, rules)


def test_rounding_is_half_away_from_zero_and_explicit():
    assert [divide_half_up(n, 10) for n in (24, 25, 26, -24, -25, -26, 0)] == [2, 3, 3, -2, -3, -3, 0]
    assert round_half_up(Fraction(1, 3)) == 0 and round_half_up(Fraction(2, 3)) == 1
    assert format_yuan(12345) == "123.45" and format_yuan(-5) == "-0.05" and format_yuan(0) == "0.00"
    assert parse_yuan("1.5") == 150 and parse_yuan("0.05") == 5 and parse_yuan("12") == 1200
    for bad in ("-1", "1.234", "abc", ""):
        with pytest.raises(OfficeError):
            parse_yuan(bad)


def test_a_line_is_rounded_once_over_its_summed_count():
    """Three 1-piece tallies at 1 fen per 3 pieces: 1 fen, not 3 x 0."""
    f = EventFactory()
    for hhmm in ("09:00", "10:00", "11:00"):
        f.tally("w1", "bead", 1, D, hhmm)
    pay = run(f, rates=[Rate(9, "bead", date(2025, 1, 1), 1, 3)]).workers["w1"]
    assert pay.lines == [PayLine("piece", "bead", 9, 3, 1)]


def test_rate_change_mid_period_pays_each_tally_at_the_rate_of_its_day():
    raised = Rate(3, "bead", date(2026, 1, 16), rate_fen=8, per_pieces=10)
    f = EventFactory()
    f.tally("w1", "bead", 125, date(2026, 1, 15), "17:30")  # last day of the old rate
    f.tally("w1", "bead", 125, date(2026, 1, 16), "08:30")
    f.tally("w1", "bead", 3, date(2026, 1, 16), "09:00")
    pay = run(f, rates=[BEAD_5_PER_10, raised]).workers["w1"]
    # 125 x 0.5 = 62.5 -> 63 fen; 128 x 0.8 = 102.4 -> 102 fen
    assert pay.lines == [PayLine("piece", "bead", 1, 125, 63), PayLine("piece", "bead", 3, 128, 102)]
    assert pay.total_fen == 165


def test_the_date_is_the_local_date_of_the_corrected_clock():
    """23:30 local on the 15th is 15:30 UTC: still the 15th, at the old rate."""
    raised = Rate(3, "bead", date(2026, 1, 16), rate_fen=8, per_pieces=10)
    f = EventFactory()
    f.tally("w1", "bead", 10, date(2026, 1, 15), "23:30")
    assert run(f, rates=[BEAD_5_PER_10, raised]).workers["w1"].lines == [PayLine("piece", "bead", 1, 10, 5)]


def test_corrections_and_voids_apply_and_the_latest_correction_wins():
    f = EventFactory()
    a = f.tally("w1", "cushion", 20, D, "09:00")
    b = f.tally("w1", "cushion", 5, D, "10:00")
    c = f.tally("w1", "cushion", 7, D, "11:00")
    f.correct(a, "w1", "cushion", 20, 18, D, "12:00")
    f.correct(b, "w1", "cushion", 5, None, D, "12:05")  # void
    f.correct(c, "w1", "cushion", 7, 9, D, "12:10")
    f.correct(c, "w1", "cushion", 9, 6, D, "12:20")
    result = run(f)
    assert result.workers["w1"].lines == [PayLine("piece", "cushion", 2, 18 + 0 + 6, 720)]
    traces = {t.event_id: (t.original, t.effective, len(t.correction_ids)) for t in result.tallies["w1"]}
    assert traces == {a: (20, 18, 1), b: (5, 0, 1), c: (7, 6, 2)}


def test_late_events_after_close_are_paid_as_adjustments_in_the_next_period():
    feb = Period(2, date(2026, 2, 1), date(2026, 2, 28))
    closed_jan = Period(1, JAN.start, JAN.end, closed_at=local(date(2026, 2, 1), "10:00"))
    f = EventFactory()
    jan30 = f.tally("w1", "cushion", 40, date(2026, 1, 30), "10:00")
    late_tally = f.tally("w1", "cushion", 10, date(2026, 1, 31), "10:00", received=local(date(2026, 2, 2), "09:00"))
    late_fix = f.correct(
        jan30, "w1", "cushion", 40, 35, date(2026, 1, 30), "16:00", received=local(date(2026, 2, 3), "09:00")
    )
    f.tally("w1", "cushion", 10, date(2026, 2, 5), "10:00")
    periods = [closed_jan, feb]

    january = run(f, periods=periods, period_id=1)
    assert january.workers["w1"].lines == [PayLine("piece", "cushion", 2, 40, 1200)]  # as known at close

    february = run(f, periods=periods, period_id=2)
    assert february.workers["w1"].lines == [
        PayLine("piece", "cushion", 2, 10, 300),
        PayLine("piece", "cushion", 2, 10 - 5, 150, origin_period_id=1),
    ]
    trail = {(a.day, a.late_event_ids, a.amount_fen) for a in february.adjustments}
    assert trail == {(date(2026, 1, 31), (late_tally,), 300), (date(2026, 1, 30), (late_fix,), -150)}
    # Every piece paid exactly once: 35 + 10 in January's days, 10 in February's.
    assert 1200 + february.workers["w1"].total_fen == (35 + 10 + 10) * 30


def test_nothing_is_adjusted_into_a_period_while_the_one_before_is_open():
    feb = Period(2, date(2026, 2, 1), date(2026, 2, 28))
    f = EventFactory()
    f.tally("w1", "cushion", 10, date(2026, 1, 31), "10:00", received=local(date(2026, 2, 2), "09:00"))
    assert run(f, periods=[JAN, feb], period_id=2).workers == {}
    assert run(f, periods=[JAN, feb], period_id=1).workers["w1"].total_fen == 300


def test_missing_check_out_is_flagged_and_counts_no_time():
    f = EventFactory()
    f.check_in("w1", D, "08:00")
    f.check_out("w1", D, "12:00")
    lonely = f.check_in("w1", D, "13:00")
    stray = f.check_out("w2", D, "17:00")
    result = run(f)
    assert result.workers["w1"].seconds == 4 * 3600
    kinds = {(i.worker_id, i.kind, i.event_id) for i in result.issues}
    assert kinds == {("w1", "missing_check_out", lonely), ("w2", "check_out_without_check_in", stray)}


def test_minimum_guarantee_per_hour_tops_up_a_short_day_only():
    rule = PayRule(date(2025, 1, 1), min_per_hour_fen=1000)
    f = EventFactory()
    f.check_in("w1", D, "08:00")
    f.check_out("w1", D, "11:30")  # 3.5 h -> 3500 fen guaranteed
    f.tally("w1", "cushion", 50, D)  # 1500 fen
    good_day = date(2026, 1, 13)
    f.check_in("w1", good_day, "08:00")
    f.check_out("w1", good_day, "09:00")  # 1000 guaranteed
    f.tally("w1", "cushion", 40, good_day)  # 1200 fen: no top-up
    short = date(2026, 1, 14)
    f.check_in("w1", short, "08:00")
    f.check_out("w1", short, "08:20")  # 333.3 -> 333 fen, nothing made
    pay = run(f, rules=[rule]).workers["w1"]
    assert pay.lines == [
        PayLine("piece", "cushion", 2, 90, 2700),
        PayLine("top_up", None, None, 0, 2000 + 333),
    ]
    assert pay.days_attended == 3


def test_minimum_per_day_and_base_plus_performance():
    rule = PayRule(date(2025, 1, 1), min_per_day_fen=2000, base_per_day_fen=500)
    f = EventFactory()
    f.check_in("w1", D, "08:00")  # attended, no pieces, no check-out (flagged): 2000 guaranteed
    f.check_in("w1", date(2026, 1, 13), "08:00")
    f.check_out("w1", date(2026, 1, 13), "16:00")
    f.tally("w1", "cushion", 100, date(2026, 1, 13))  # 3000 fen > 2000
    pay = run(f, rules=[rule]).workers["w1"]
    assert pay.lines == [
        PayLine("piece", "cushion", 2, 100, 3000),
        PayLine("top_up", None, None, 0, 2000),
        PayLine("base", None, None, 0, 2 * 500),
    ]


def test_a_tally_without_a_rate_is_flagged_not_paid_silently():
    f = EventFactory()
    tally = f.tally("w1", "willow", 4, D)
    result = run(f)
    assert result.workers["w1"].lines == [PayLine("piece", "willow", None, 4, 0)]
    assert [(i.kind, i.event_id) for i in result.issues] == [("no_rate", tally)]


def test_events_outside_the_period_are_not_paid_and_unknown_periods_refused():
    f = EventFactory()
    f.tally("w1", "cushion", 3, date(2026, 2, 1))
    assert run(f).workers == {}
    with pytest.raises(PeriodError):
        run(f, period_id=99)


def test_unreadable_payloads_are_reported_not_paid():
    f = EventFactory()
    f.tally("w1", "cushion", 3, D)
    f.rows[0]["payload"] = '{"worker_id": "w1"}'
    found, unreadable = ledger_events(f.tuples())
    assert found == [] and unreadable == [f.rows[0]["event_id"]]
