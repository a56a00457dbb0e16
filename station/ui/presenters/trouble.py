"""Device trouble as pictures: what is wrong, derived from readings and device statuses.

Each trouble has one pictogram a worker understands and one sentence for supervisors.
Nothing here raises: an unknown status simply shows no picture.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from station.domain.weighing import ScaleStatus

UNSTABLE_TOO_LONG_S = 8.0
SYNC_STALE_S = 6 * 3600.0


class Trouble(enum.StrEnum):
    SCALE_UNPLUGGED = "scale_unplugged"
    SCALE_UNSTABLE = "scale_unstable"
    SCALE_OVERLOAD = "scale_overload"
    PRINTER_PAPER_OUT = "printer_paper_out"
    PRINTER_OFFLINE = "printer_offline"
    SYNC_STALE = "sync_stale"
    NOT_SAVED = "not_saved"
    TOO_MANY = "too_many"
    DISK_FULL = "disk_full"
    SYNC_REJECTED = "sync_rejected"


PICTURES: dict[Trouble, str] = {
    Trouble.SCALE_UNPLUGGED: "scale_unplugged",
    Trouble.SCALE_UNSTABLE: "scale_moving",
    Trouble.SCALE_OVERLOAD: "warning",
    Trouble.PRINTER_PAPER_OUT: "paper_out",
    Trouble.PRINTER_OFFLINE: "printer",
    Trouble.SYNC_STALE: "sync_offline",
    Trouble.NOT_SAVED: "warning",
    Trouble.TOO_MANY: "stack",
    Trouble.DISK_FULL: "warning",  # like "not saved": the worker keeps the count and asks
    Trouble.SYNC_REJECTED: "greeting",  # a waving hand: call the teacher
}


@dataclass(frozen=True, slots=True)
class TroubleView:
    trouble: Trouble
    picture: str  # pictogram name under assets/pictograms
    sentence_key: str  # string key for supervisors


def view(trouble: Trouble) -> TroubleView:
    return TroubleView(trouble, PICTURES[trouble], f"trouble.{trouble.value}")


class ScaleWatch:
    """Turns the stream of readings into scale trouble, timing how long it has been unsteady."""

    def __init__(self, unstable_too_long_s: float = UNSTABLE_TOO_LONG_S) -> None:
        self.unstable_too_long_s = unstable_too_long_s
        self._unstable_since: float | None = None
        self.status = ScaleStatus.DISCONNECTED

    def update(self, status: str, stable: bool, now: float) -> None:
        self.status = scale_status(status)
        moving = self.status in (ScaleStatus.OK, ScaleStatus.UNSTABLE) and not stable
        if not moving:
            self._unstable_since = None
        elif self._unstable_since is None:
            self._unstable_since = now

    def troubles(self, now: float) -> set[Trouble]:
        if self.status in (ScaleStatus.DISCONNECTED, ScaleStatus.ERROR):
            return {Trouble.SCALE_UNPLUGGED}
        if self.status in (ScaleStatus.OVERLOAD, ScaleStatus.UNDERLOAD):
            return {Trouble.SCALE_OVERLOAD}
        if self._unstable_since is not None and now - self._unstable_since >= self.unstable_too_long_s:
            return {Trouble.SCALE_UNSTABLE}
        return set()


def scale_status(value: str) -> ScaleStatus:
    """A reading's status as the domain enum; one the kiosk does not know is an error, not a crash."""
    try:
        return ScaleStatus(value)
    except ValueError:
        return ScaleStatus.ERROR


def printer_troubles(status: str | None) -> set[Trouble]:
    if status is None:
        return set()
    status = str(status)
    if status == "paper_out":
        return {Trouble.PRINTER_PAPER_OUT}
    if status == "offline":
        return {Trouble.PRINTER_OFFLINE}
    return set()


def sync_troubles(
    backlog: int,
    last_ack_wall: float | None,
    started_wall: float,
    now_wall: float,
    stale_s: float = SYNC_STALE_S,
    rejected: int = 0,
) -> set[Trouble]:
    """Stale when events wait and nothing was acknowledged for `stale_s` (since start, if never);
    rejected when the office refused events for good (a supervisor must look at the office)."""
    troubles = {Trouble.SYNC_REJECTED} if rejected > 0 else set()
    if backlog <= 0:
        return troubles
    since = last_ack_wall if last_ack_wall is not None else started_wall
    return troubles | ({Trouble.SYNC_STALE} if now_wall - since >= stale_s else set())
