"""Small clocks the kiosk presenter composes: tap cooldown, idle watch, undo window with held receipt.

Each is plain state on a monotonic clock, so the presenter's rules read as sentences and the
tests move time by hand.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

IDLE_WARNING_S = 20.0  # the draining ring and the spoken warning start this long before idle


class TapGuard:
    """Ignores a second tap on the same control within the cooldown.

    A tap delivered twice (two touch providers on one panel, kivy#3801) or a shaky double tap
    must not count two pieces or go back two screens.
    """

    def __init__(self, cooldown_s: float) -> None:
        self.cooldown_s = cooldown_s
        self._last: dict[str, float] = {}

    def accept(self, intent: str, now: float) -> bool:
        last = self._last.get(intent)
        if last is not None and now - last < self.cooldown_s:
            return False
        self._last[intent] = now
        return True


class IdlePhase(enum.Enum):
    ACTIVE = enum.auto()
    WARNING = enum.auto()  # the last IDLE_WARNING_S: ring drains, warning spoken once
    IDLE = enum.auto()


@dataclass
class IdleWatch:
    """Time since the last sign of a person: a tap or a change on the scale."""

    idle_s: float
    last_activity: float = 0.0

    def activity(self, now: float) -> None:
        self.last_activity = now

    def left(self, now: float) -> float:
        return self.idle_s - (now - self.last_activity)

    def phase(self, now: float) -> IdlePhase:
        left = self.left(now)
        if left <= 0:
            return IdlePhase.IDLE
        return IdlePhase.WARNING if left <= min(IDLE_WARNING_S, self.idle_s / 2) else IdlePhase.ACTIVE

    def warning_fraction(self, now: float) -> float:
        """1.0 when the warning starts, 0.0 at idle: what the draining ring shows."""
        span = min(IDLE_WARNING_S, self.idle_s / 2)
        return max(0.0, min(1.0, self.left(now) / span))


@dataclass
class UndoWindow:
    """The last saved tally while it can still be undone, and its receipt, held until then.

    A receipt printed at once would stand alone after an undo; holding it means an undone count
    never gets a slip, and a kept one gets its slip when the window closes (time up, the next
    save, or the worker leaving the bench).
    """

    event_id: str | None = None
    deadline: float = 0.0

    def open(self, event_id: str, deadline: float) -> list[str]:
        """Start a window; returns the receipt of the previous tally, now due."""
        due = self.close()
        self.event_id, self.deadline = event_id, deadline
        return due

    def left_s(self, now: float) -> int:
        return max(0, math.ceil(self.deadline - now)) if self.event_id else 0

    def expire(self, now: float) -> list[str]:
        """Close the window if its time is up; returns the receipts now due."""
        return self.close() if self.event_id and now >= self.deadline else []

    def close(self) -> list[str]:
        due = [self.event_id] if self.event_id else []
        self.event_id = None
        return due

    def take_back(self) -> str | None:
        """The worker undid the tally: its receipt is dropped, never printed."""
        event_id, self.event_id = self.event_id, None
        return event_id
