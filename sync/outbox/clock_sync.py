"""NTP-style clock offset from the central office's acks, best (lowest round-trip) sample kept.

t0 = station monotonic time the batch left (echoed back), T1/T2 = server wall time the batch
arrived / the ack left, t3 = station monotonic time the ack arrived:
offset = ((T1 - t0) + (T2 - t3)) / 2, rtt = (t3 - t0) - (T2 - T1), accuracy +-rtt/2.
The offset maps this boot's monotonic clock onto server time, so it survives wall-clock jumps.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClockSample:
    mono_offset_ns: int  # server wall time - station monotonic time
    rtt_ns: int

    def as_wire(self) -> dict[str, int]:
        return {"mono_offset_ns": self.mono_offset_ns, "rtt_ns": self.rtt_ns}


def sample(t0_mono: int, t1_server: int, t2_server: int, t3_mono: int) -> ClockSample | None:
    """One sample, or None when the ack cannot answer this boot's batch (it came back before it left).

    A negative rtt means the server's wall clock jumped between T1 and T2 (its time "in the
    server" exceeds the whole round trip). Then rtt is clamped to the round trip t3 - t0 as the
    station's own monotonic clock measured it: an honest, wide bound, so the sample never beats a
    clean one, and `rtt_ns` on the wire is never negative (the schema would refuse the batch).
    """
    if t3_mono < t0_mono:
        return None
    rtt = (t3_mono - t0_mono) - (t2_server - t1_server)
    if rtt < 0:
        rtt = t3_mono - t0_mono
    return ClockSample(((t1_server - t0_mono) + (t2_server - t3_mono)) // 2, rtt)


class OffsetEstimator:
    """Keeps the lowest-RTT sample of this boot."""

    def __init__(self) -> None:
        self.best: ClockSample | None = None

    def add(self, candidate: ClockSample | None) -> bool:
        """True when `candidate` became the best sample."""
        if candidate is None or (self.best is not None and candidate.rtt_ns >= self.best.rtt_ns):
            return False
        self.best = candidate
        return True

    def server_offset_ns(self, wall_ns: int, mono_ns: int) -> int | None:
        """Server time - station wall time, for SystemClock.server_offset_ns."""
        return None if self.best is None else self.best.mono_offset_ns + mono_ns - wall_ns
