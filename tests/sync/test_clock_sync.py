"""NTP-style samples from acks: the formula, the lowest-rtt choice and a server clock jump."""

from __future__ import annotations

from sync.outbox.clock_sync import ClockSample, OffsetEstimator, sample

S = 10**9


def test_sample_is_the_ntp_formula() -> None:
    # server = station mono + 100 s; 10 ms each way, 2 ms in the server
    assert sample(1 * S, 101 * S + 10_000_000, 101 * S + 12_000_000, 1 * S + 22_000_000) == ClockSample(
        100 * S, 20_000_000
    )


def test_a_server_clock_jump_clamps_the_rtt_to_the_round_trip() -> None:
    # the server's clock jumped 5 s forward between T1 and T2: rtt would be about -5 s
    jumped = sample(1 * S, 101 * S, 106 * S, 1 * S + 20_000_000)
    assert jumped is not None and jumped.rtt_ns == 20_000_000 and jumped.rtt_ns >= 0
    clean = sample(2 * S, 102 * S + 5_000_000, 102 * S + 6_000_000, 2 * S + 11_000_000)
    estimator = OffsetEstimator()
    assert estimator.add(jumped) and estimator.add(clean)
    assert estimator.best == clean and not estimator.add(jumped), "a clamped sample never beats a clean one"


def test_an_ack_from_before_the_batch_left_is_no_sample() -> None:
    assert sample(5 * S, 1, 2, 4 * S) is None
