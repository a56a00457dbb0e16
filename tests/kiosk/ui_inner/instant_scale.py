"""An in-process scale for layout checks: exact readings at once, no PTY timing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StandInReading:
    stable: bool
    weight_g: float | None
    count: int | None
    status: str
    detail: str = ""


class StandInScale:
    """A scale you drive from code: put pieces on, take them off, pull the plug."""

    def __init__(self, on_reading: Callable[[StandInReading], None]) -> None:
        self.on_reading = on_reading
        self.piece_weight_g: float | None = None
        self.weight_g = 0.0
        self.tare_g = 0.0
        self.plugged = True
        self._armed = False

    def start(self) -> None:
        self._emit(stable=True)

    def stop(self) -> None:
        pass

    def set_piece_weight(self, grams: float | None) -> None:
        self.piece_weight_g = grams
        self._emit(stable=True)

    def tare(self) -> None:
        self.tare_g = self.weight_g
        self._emit(stable=True)

    def zero(self) -> None:
        self.tare()

    def arm_after_save(self) -> None:
        self._armed = True

    def save_allowed(self) -> bool:
        return not self._armed

    def put_pieces(self, n: int, piece_weight_g: float, settle: bool = True) -> None:
        self.weight_g += n * piece_weight_g
        self._emit(stable=False)
        if settle:
            self._emit(stable=True)

    def remove_all(self) -> None:
        self.weight_g = self.tare_g
        self._armed = False
        self._emit(stable=True)

    def unplug(self) -> None:
        self.plugged = False
        self._emit(stable=False)

    def replug(self) -> None:
        self.plugged = True
        self._emit(stable=True)

    def _emit(self, stable: bool) -> None:
        if not self.plugged:
            self.on_reading(StandInReading(False, None, None, "disconnected", "unplugged"))
            return
        net = round(self.weight_g - self.tare_g, 1)
        count = round(net / self.piece_weight_g) if self.piece_weight_g else None
        self.on_reading(StandInReading(stable, net, count, "ok"))
