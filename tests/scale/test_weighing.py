"""The pure weighing rules: piece weight learning, counting, stability window, double-count guard."""

from __future__ import annotations

import pytest

from station.domain.weighing import (
    DoubleCountGuard,
    NotCountable,
    PieceWeightRefused,
    Reading,
    ScaleStatus,
    StabilityWindow,
    count_from_weight,
    learn_piece_weight,
)


def stable(weight: float | None, count: int | None = None) -> Reading:
    return Reading(True, weight, count, ScaleStatus.OK)


def test_piece_weight_is_the_sample_average() -> None:
    assert learn_piece_weight(87.6, 100, 0.1) == pytest.approx(0.876)


@pytest.mark.parametrize(
    ("total", "pieces", "division", "says"),
    [
        (8.7, 9, 0.1, "at least 10 pieces"),
        (0.9, 10, 0.1, "scale divisions"),
        (0.0, 10, 0.1, "weigh something"),
        (-5.0, 10, 0.1, "weigh something"),
        (10.0, 0, 0.1, "whole number"),
        (10.0, 2.5, 0.1, "whole number"),
        (10.0, 10, 0.0, "division"),
    ],
)
def test_small_or_silly_samples_are_refused_with_a_reason(total, pieces, division, says) -> None:
    with pytest.raises(PieceWeightRefused, match=says):
        learn_piece_weight(total, pieces, division)


@pytest.mark.parametrize(("net", "expected"), [(25.0, 10), (24.6, 10), (25.7, 10), (0.0, 0), (-0.3, 0)])
def test_count_rounds_within_the_band(net, expected) -> None:
    assert count_from_weight(net, 2.5) == expected


@pytest.mark.parametrize("net", [26.25, 23.5, -2.5])
def test_count_refuses_to_guess(net) -> None:
    with pytest.raises(NotCountable) as refused:
        count_from_weight(net, 2.5)
    assert refused.value.reason


def test_count_needs_a_piece_weight() -> None:
    with pytest.raises(NotCountable, match="piece weight"):
        count_from_weight(10, 0)


def test_stability_window_needs_readings_and_time() -> None:
    window = StabilityWindow(readings=3, tolerance_g=0.1, min_time_s=0.2)
    assert not window.add(10.0, 0.0)
    assert not window.add(10.05, 0.1)
    assert not window.add(10.0, 0.15)  # three readings but too quick
    assert window.add(10.1, 0.25)
    assert not window.add(10.3, 0.3)  # moved: a new run starts
    assert not window.add(None, 0.4)
    assert not window.add(10.3, 0.5)


def test_guard_releases_on_empty_pan() -> None:
    guard = DoubleCountGuard(near_zero_g=0.5, change_g=1.0)
    guard.arm(stable(25.0, 10))
    assert not guard.save_allowed
    guard.observe(Reading(False, 0.0, 0, ScaleStatus.UNSTABLE))
    guard.observe(stable(25.2, 10))
    assert not guard.save_allowed
    guard.observe(stable(0.1, 0))
    assert guard.save_allowed


def test_guard_releases_on_changed_weight_or_count() -> None:
    guard = DoubleCountGuard(near_zero_g=0.5, change_g=1.25)
    guard.arm(stable(25.0, 10))
    guard.observe(stable(27.5, 11))
    assert guard.save_allowed
    guard.arm(stable(None, 10))
    guard.observe(stable(None, 10))
    assert not guard.save_allowed
    guard.observe(stable(None, 12))
    assert guard.save_allowed


def test_reading_is_countable_only_when_stable_and_counted() -> None:
    assert stable(25.0, 10).countable
    assert not stable(26.2, None).countable
    assert not Reading(False, 25.0, 10, ScaleStatus.UNSTABLE).countable
