"""Clearly named stand-ins for the scale and printer, for the demo and the tour only.

They satisfy the presenters' ports in-process (no serial port, no paper) so the kiosk can be
shown anywhere. A real station uses station.devices.scale and station.printing (see main.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


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


class StandInPrinter:
    """Writes each receipt as a line to `receipts.txt` in `out_dir`; its status can be set."""

    def __init__(self, out_dir: Path) -> None:
        self.out = out_dir / "receipts.txt"
        self.state = "ok"
        self.jobs: list[tuple[str, bool]] = []

    def start(self) -> None:
        self.out.parent.mkdir(parents=True, exist_ok=True)

    def stop(self) -> None:
        pass

    def enqueue_receipt(self, event_id: str) -> str:
        return self._job(event_id, False)

    def reprint(self, event_id: str) -> str:
        return self._job(event_id, True)

    def _job(self, event_id: str, reprint: bool) -> str:
        self.jobs.append((event_id, reprint))
        with self.out.open("a", encoding="utf-8") as f:
            f.write(f"{event_id} {'reprint' if reprint else 'receipt'}\n")
        return f"standin-{len(self.jobs)}"

    def status(self) -> str:
        return self.state

    def pending(self) -> int:
        return 0


@dataclass
class StandInSyncStatus:
    connected: bool = False
    backlog: int = 0
    last_ack_wall: float | None = None
    last_acked_seq: int = 0
    config_versions: dict[str, int] | None = None


class StandInSync:
    """A sync link that reports a fixed status (the tour's "not synced for a long time")."""

    def __init__(self, status: StandInSyncStatus) -> None:
        self.current = status

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def status(self) -> StandInSyncStatus:
        return self.current
