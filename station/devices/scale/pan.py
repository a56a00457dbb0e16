"""A simulated weighing pan: pieces with a realistic weight spread, motion, noise, tare and zero.

Pure and clock-driven (pass `now`), so the simulator and the tests get the same physics.
"""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PanState:
    """What the load cell shows at one instant, already rounded to the scale division."""

    gross_g: float
    net_g: float
    stable: bool
    overload: bool
    underload: bool
    tared: bool
    piece_weight_g: float | None

    @property
    def count(self) -> int | None:
        """The scale's own piece count (round(net / APW)), when it has been taught a piece weight."""
        if self.piece_weight_g is None:
            return None
        return round(self.net_g / self.piece_weight_g)


class Pan:
    """Thread-safe: the simulator thread reads it while a test or the kiosk demo loads it."""

    def __init__(
        self,
        *,
        capacity_g: float = 6000.0,
        division_g: float = 0.1,
        settle_s: float = 0.4,
        spread: float = 0.01,
        seed: int = 1,
    ) -> None:
        self.capacity_g = capacity_g
        self.division_g = division_g
        self.settle_s = settle_s
        self.spread = spread
        self.piece_weight_g: float | None = None
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._load: list[float] = []
        self._zero_g = 0.0
        self._tare_g = 0.0
        self._changed_at = -math.inf
        self._step_g = 0.0

    def put_pieces(self, n: int, piece_weight_g: float, now: float) -> None:
        """Adds `n` pieces whose weights spread normally (sigma = `spread` of the mean)."""
        with self._lock:
            added = [
                max(0.0, self._rng.gauss(piece_weight_g, piece_weight_g * self.spread)) for _ in range(n)
            ]
            self._change(now, sum(added))
            self._load.extend(added)

    def put_weight(self, grams: float, now: float) -> None:
        with self._lock:
            self._change(now, grams)
            self._load.append(grams)

    def remove_all(self, now: float) -> None:
        with self._lock:
            self._change(now, -sum(self._load))
            self._load.clear()

    def overload(self, now: float) -> None:
        """Puts something heavier than the capacity on the pan."""
        self.put_weight(self.capacity_g * 1.5, now)

    def tare(self, now: float) -> bool:
        """Tares to the current gross weight; refused (False) while moving or out of range."""
        state = self.state(now)
        if not state.stable or state.overload or state.underload:
            return False
        with self._lock:
            self._tare_g = state.gross_g
        return True

    def clear_tare(self) -> None:
        with self._lock:
            self._tare_g = 0.0

    def zero(self, now: float) -> bool:
        """Zeroes within +-2 % of capacity of the power-on zero, as real scales do."""
        state = self.state(now)
        if not state.stable or abs(state.gross_g + self._zero_g) > 0.02 * self.capacity_g:
            return False
        with self._lock:
            self._zero_g += state.gross_g
            self._tare_g = 0.0
        return True

    def state(self, now: float) -> PanState:
        with self._lock:
            raw = sum(self._load)
            since = now - self._changed_at
            stable = since >= self.settle_s
            if not stable:  # a damped swing towards the new weight, plus load-cell noise
                swing = self._step_g * math.exp(-4 * since / self.settle_s) * math.cos(25 * since)
                raw -= swing
                raw += self._rng.gauss(0, 2 * self.division_g)
            gross = self._round(raw - self._zero_g)
            net = self._round(gross - self._tare_g)
            return PanState(
                gross_g=gross,
                net_g=net,
                stable=stable,
                overload=gross > self.capacity_g + 9 * self.division_g,
                underload=gross < -20 * self.division_g,
                tared=self._tare_g != 0.0,
                piece_weight_g=self.piece_weight_g,
            )

    def _change(self, now: float, step_g: float) -> None:
        self._changed_at = now
        self._step_g = step_g

    def _round(self, grams: float) -> float:
        d = self.division_g
        return round(round(grams / d) * d, 6)
