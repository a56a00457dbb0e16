"""Weighing rules of the station, pure: readings, piece counting, stability, double-count guard.

The scale drivers (pyserial) and the kiosk both speak these types; nothing here does I/O, so
every rule that decides what a worker is paid for can be tested without a scale.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

DEFAULT_MIN_SAMPLE_PIECES = 10
DEFAULT_MIN_SAMPLE_DIVISIONS = 10
DEFAULT_COUNT_TOLERANCE = 0.3


class ScaleStatus(enum.StrEnum):
    OK = "ok"
    UNSTABLE = "unstable"
    OVERLOAD = "overload"
    UNDERLOAD = "underload"
    DISCONNECTED = "disconnected"
    ERROR = "error"


@dataclass(frozen=True)
class Reading:
    """What the scale says right now. `weight_g` is net (after tare); `detail` says why for errors."""

    stable: bool
    weight_g: float | None
    count: int | None
    status: ScaleStatus
    detail: str = ""

    @property
    def countable(self) -> bool:
        return self.status is ScaleStatus.OK and self.stable and self.count is not None


class WeighingError(Exception):
    """Base of the weighing rules' refusals; the message is a sentence for a supervisor."""


class PieceWeightRefused(WeighingError):
    """A piece weight learnt from a sample too small (or nonsensical) to count with."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotCountable(WeighingError):
    """A net weight that is not close enough to a whole number of pieces to count without guessing."""

    def __init__(self, reason: str, pieces: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.pieces = pieces


def learn_piece_weight(
    total_g: float,
    pieces: int,
    division_g: float,
    *,
    min_pieces: int = DEFAULT_MIN_SAMPLE_PIECES,
    min_divisions: int = DEFAULT_MIN_SAMPLE_DIVISIONS,
) -> float:
    """Average piece weight of a sample; refuses samples that would bias every later count.

    A 10-piece sample of clips averaging 0.87594 g read 0.8556 g and later showed 102 for 100:
    small samples, and samples only a few scale divisions heavy, are refused (Soehnle: >= 10 d).
    """
    if not isinstance(pieces, int) or isinstance(pieces, bool) or pieces < 1:
        raise PieceWeightRefused(f"the number of sample pieces must be a whole number >= 1, got {pieces!r}")
    if not math.isfinite(total_g) or total_g <= 0:
        raise PieceWeightRefused(f"the sample must weigh something, the scale read {total_g} g")
    if division_g <= 0:
        raise PieceWeightRefused(f"the scale division must be positive, got {division_g} g")
    if pieces < min_pieces:
        raise PieceWeightRefused(f"sample of {pieces} pieces is too small: put at least {min_pieces} pieces")
    divisions = total_g / division_g
    if divisions < min_divisions:
        raise PieceWeightRefused(
            f"sample weighs {total_g:g} g, only {divisions:.1f} scale divisions of {division_g:g} g: "
            f"put more pieces (at least {min_divisions * division_g:g} g)"
        )
    return total_g / pieces


def count_from_weight(net_g: float, piece_weight_g: float, tolerance: float = DEFAULT_COUNT_TOLERANCE) -> int:
    """Whole pieces in `net_g`; refuses when net / piece weight is over `tolerance` from a whole number."""
    if not (piece_weight_g > 0 and math.isfinite(piece_weight_g)):
        raise NotCountable(f"no usable piece weight ({piece_weight_g!r} g)")
    if not math.isfinite(net_g):
        raise NotCountable(f"no usable weight ({net_g!r} g)")
    pieces = net_g / piece_weight_g
    nearest = round(pieces)
    if nearest < 0:
        raise NotCountable(f"the pan weighs less than empty ({net_g:g} g): tare or zero the scale", pieces)
    if abs(pieces - nearest) > tolerance:
        raise NotCountable(
            f"{pieces:.2f} pieces is not a whole number: check for a foreign object or a broken piece", pieces
        )
    return nearest


class StabilityWindow:
    """Decides stability for scales without a flag: `readings` in a row within `tolerance_g` for `min_time_s`.

    Keeps only the current run's bounds, so memory stays constant however long it runs.
    """

    def __init__(self, readings: int = 5, tolerance_g: float = 0.0, min_time_s: float = 0.3) -> None:
        self.readings = readings
        self.tolerance_g = tolerance_g
        self.min_time_s = min_time_s
        self.reset()

    def reset(self) -> None:
        self._count = 0
        self._start_t = 0.0
        self._low = self._high = 0.0

    def add(self, weight_g: float | None, t: float) -> bool:
        """Feeds one reading taken at monotonic time `t`; returns whether the weight is now stable."""
        if weight_g is None:
            self.reset()
            return False
        low, high = min(self._low, weight_g), max(self._high, weight_g)
        if self._count and high - low <= self.tolerance_g + 1e-9:
            self._low, self._high = low, high
            self._count += 1
        else:
            self._count, self._start_t, self._low, self._high = 1, t, weight_g, weight_g
        return self._count >= self.readings and t - self._start_t >= self.min_time_s


class DoubleCountGuard:
    """After a tally is saved from the scale, refuses the next until the pan was emptied or changed.

    Stops the same pile being saved twice by a second tap. Only stable readings release it.
    """

    def __init__(self, near_zero_g: float, change_g: float) -> None:
        self.near_zero_g = near_zero_g
        self.change_g = change_g
        self._armed: Reading | None = None

    def arm(self, reading: Reading, change_g: float | None = None) -> None:
        if change_g is not None:
            self.change_g = change_g
        self._armed = reading

    def observe(self, reading: Reading) -> None:
        armed = self._armed
        if armed is None or not reading.stable or reading.status is not ScaleStatus.OK:
            return
        if reading.weight_g is not None:
            emptied = abs(reading.weight_g) <= self.near_zero_g
            changed = armed.weight_g is None or abs(reading.weight_g - armed.weight_g) >= self.change_g
        else:
            emptied = reading.count == 0
            changed = reading.count is not None and reading.count != armed.count
        if emptied or changed:
            self._armed = None

    @property
    def save_allowed(self) -> bool:
        return self._armed is None
