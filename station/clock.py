"""The three clocks every event carries: wall clock, monotonic clock and the boot they belong to.

A Raspberry Pi has no battery clock, so the wall clock may be days off after a power cut;
the monotonic clock and boot id let the central office place such events afterwards.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sync.protocol.events import ClockState, local_date

BOOT_ID_PATH = Path("/proc/sys/kernel/random/boot_id")
TIMESYNC_FLAG = Path("/run/systemd/timesync/synchronized")
_FALLBACK_BOOT_ID = str(uuid.uuid4())


def read_boot_id(path: Path = BOOT_ID_PATH) -> str:
    """The kernel's boot id, or a random one for this process where the kernel has none."""
    try:
        return str(uuid.UUID(path.read_text().strip()))
    except (OSError, ValueError):
        return _FALLBACK_BOOT_ID


@dataclass(frozen=True, slots=True)
class Stamp:
    wall_ns: int
    utc_offset_s: int
    mono_ns: int
    boot_id: str
    clock_state: ClockState

    @property
    def local_date(self) -> dt.date:
        return local_date(self.wall_ns, self.utc_offset_s)


class SystemClock:
    """Reads the real clocks. `server_offset_ns` is set by sync once the office has answered."""

    def __init__(self, boot_id: str | None = None, timesync_flag: Path = TIMESYNC_FLAG) -> None:
        self.boot_id = boot_id or read_boot_id()
        self._timesync_flag = timesync_flag
        self.server_offset_ns: int | None = None

    def now(self) -> Stamp:
        wall_ns = time.time_ns()
        return Stamp(
            wall_ns=wall_ns,
            utc_offset_s=_utc_offset_s(wall_ns),
            mono_ns=time.monotonic_ns(),
            boot_id=self.boot_id,
            clock_state=self._state(),
        )

    def _state(self) -> ClockState:
        if self._timesync_flag.exists():
            return ClockState.NTP_SYNCED
        if self.server_offset_ns is not None:
            return ClockState.SERVER_OFFSET
        return ClockState.UNSYNCED


def _utc_offset_s(wall_ns: int) -> int:
    offset = dt.datetime.fromtimestamp(wall_ns / 1e9).astimezone().utcoffset()
    return int(offset.total_seconds()) if offset else 0
