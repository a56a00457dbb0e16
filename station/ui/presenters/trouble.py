"""Device trouble as pictures: what is wrong, derived from readings and device statuses.

Each trouble has one pictogram a worker understands, a spoken sentence for the worker ("... ask
the teacher") and a written one for supervisors. Sync troubles mean nothing to a worker: they
show on supervisor screens only. Nothing here raises: an unknown status simply shows no picture.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from station.domain.weighing import ScaleStatus
from station.ui.presenters.pictures import Picture

UNSTABLE_TOO_LONG_S = 8.0
SYNC_STALE_S = 6 * 3600.0


class Trouble(enum.StrEnum):
    SCALE_UNPLUGGED = "scale_unplugged"
    SCALE_UNSTABLE = "scale_unstable"
    SCALE_OVERLOAD = "scale_overload"
    SCALE_BELOW_ZERO = "scale_below_zero"
    PRINTER_PAPER_OUT = "printer_paper_out"
    PRINTER_OFFLINE = "printer_offline"
    SYNC_STALE = "sync_stale"
    NOT_SAVED = "not_saved"
    TOO_MANY = "too_many"
    DISK_FULL = "disk_full"
    SYNC_REJECTED = "sync_rejected"


PICTURES: dict[Trouble, Picture] = {
    Trouble.SCALE_UNPLUGGED: Picture.SCALE_UNPLUGGED,
    Trouble.SCALE_UNSTABLE: Picture.SCALE_UNSTEADY_LONG,
    Trouble.SCALE_OVERLOAD: Picture.SCALE_OVERLOAD,
    Trouble.SCALE_BELOW_ZERO: Picture.SCALE_BELOW_ZERO,
    Trouble.PRINTER_PAPER_OUT: Picture.PAPER_OUT,
    Trouble.PRINTER_OFFLINE: Picture.PRINTER_OFFLINE,
    Trouble.SYNC_STALE: Picture.ASK_TEACHER,
    Trouble.NOT_SAVED: Picture.ASK_TEACHER,
    Trouble.TOO_MANY: Picture.ASK_TEACHER,
    Trouble.DISK_FULL: Picture.ASK_TEACHER,  # like "not saved": the worker keeps the count and asks
    Trouble.SYNC_REJECTED: Picture.ASK_TEACHER,
}
SCALE_TROUBLES = frozenset(
    {Trouble.SCALE_UNPLUGGED, Trouble.SCALE_UNSTABLE, Trouble.SCALE_OVERLOAD, Trouble.SCALE_BELOW_ZERO}
)
SUPERVISOR_ONLY = frozenset({Trouble.SYNC_STALE, Trouble.SYNC_REJECTED})  # nothing a worker can do or see


@dataclass(frozen=True, slots=True)
class TroubleView:
    trouble: Trouble
    picture: Picture
    sentence_key: str  # string key for supervisors
    for_workers: bool  # shown on worker screens (and spoken) or only to supervisors

    @property
    def spoken_key(self) -> str:
        """The worker's sentence: what is wrong, then "ask the teacher"."""
        return f"say.trouble.{self.trouble.value}"

    @property
    def on_scale(self) -> bool:
        return self.trouble in SCALE_TROUBLES


def view(trouble: Trouble) -> TroubleView:
    return TroubleView(trouble, PICTURES[trouble], f"trouble.{trouble.value}", trouble not in SUPERVISOR_ONLY)


class ScaleWatch:
    """Turns the stream of readings into scale trouble, timing how long it has been unsteady."""

    def __init__(self, unstable_too_long_s: float = UNSTABLE_TOO_LONG_S) -> None:
        self.unstable_too_long_s = unstable_too_long_s
        self._unstable_since: float | None = None
        self.status = ScaleStatus.DISCONNECTED
        self.below_zero = False

    def update(
        self, status: str, stable: bool, now: float, weight_g: float | None = None, count: int | None = None
    ) -> None:
        self.status = scale_status(status)
        # Below zero: so far under empty that no count comes (a little noise around zero still counts 0).
        self.below_zero = self.status is ScaleStatus.OK and weight_g is not None and weight_g < 0 and count is None
        moving = self.status in (ScaleStatus.OK, ScaleStatus.UNSTABLE) and not stable
        if not moving:
            self._unstable_since = None
        elif self._unstable_since is None:
            self._unstable_since = now

    def troubles(self, now: float) -> set[Trouble]:
        if self.status in (ScaleStatus.DISCONNECTED, ScaleStatus.ERROR):
            return {Trouble.SCALE_UNPLUGGED}
        if self.status is ScaleStatus.OVERLOAD:
            return {Trouble.SCALE_OVERLOAD}
        if self.status is ScaleStatus.UNDERLOAD or self.below_zero:
            return {Trouble.SCALE_BELOW_ZERO}
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
