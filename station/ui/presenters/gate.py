"""The way into supervisor mode: a deliberate corner gesture, a PIN, a timed session.

A14: four taps on the lock within 2 s open the PIN pad (a pause resets the count).
Wrong PINs lock the pad out progressively. A session ends after inactivity, with a
visible countdown during its last `warn_s` seconds (A10); any touch extends it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sync.protocol.roster import Supervisor

TAPS_TO_UNLOCK = 4
TAP_WINDOW_S = 2.0
PIN_LENGTH_MAX = 8
FREE_ATTEMPTS = 3
FIRST_LOCKOUT_S = 30.0
MAX_LOCKOUT_S = 15 * 60.0


class LockGesture:
    """Counts taps on the corner lock; `tap()` is True on the tap that completes the gesture."""

    def __init__(self, taps: int = TAPS_TO_UNLOCK, window_s: float = TAP_WINDOW_S) -> None:
        self.taps = taps
        self.window_s = window_s
        self._times: list[float] = []

    def tap(self, now: float) -> bool:
        self._times = [t for t in self._times if now - t <= self.window_s] + [now]
        if len(self._times) >= self.taps:
            self._times = []
            return True
        return False

    def remaining(self, now: float) -> int:
        recent = [t for t in self._times if now - t <= self.window_s]
        return self.taps - len(recent)


@dataclass(frozen=True, slots=True)
class PinResult:
    supervisor: Supervisor | None
    locked_for_s: float = 0.0  # > 0: the pad refuses input for this long


class PinGate:
    """Checks a PIN against every active supervisor's hash, with progressive lockout."""

    def __init__(self, verify: Callable[[str, str], bool]) -> None:
        self._verify = verify
        self._failures = 0
        self._locked_until = 0.0

    def locked_for(self, now: float) -> float:
        return max(0.0, self._locked_until - now)

    def check(self, pin: str, supervisors: Iterable[Supervisor], now: float) -> PinResult:
        if self.locked_for(now) > 0:
            return PinResult(None, self.locked_for(now))
        for supervisor in supervisors:
            if supervisor.active and self._verify(pin, supervisor.pin_hash):
                self._failures = 0
                return PinResult(supervisor)
        self._failures += 1
        if self._failures >= FREE_ATTEMPTS:
            steps = self._failures - FREE_ATTEMPTS
            self._locked_until = now + min(FIRST_LOCKOUT_S * 2**steps, MAX_LOCKOUT_S)
        return PinResult(None, self.locked_for(now))


class Session:
    """An inactivity timer: `touch()` on every supervisor tap; `left()` counts down."""

    def __init__(self, timeout_s: float, warn_s: float = 20.0) -> None:
        self.timeout_s = timeout_s
        self.warn_s = min(warn_s, timeout_s)
        self._last = 0.0

    def touch(self, now: float) -> None:
        self._last = now

    def left(self, now: float) -> float:
        return max(0.0, self.timeout_s - (now - self._last))

    def warning(self, now: float) -> bool:
        return 0 < self.left(now) <= self.warn_s
