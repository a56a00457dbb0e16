"""What every protocol family provides: a host-side codec and a scale-side emulation.

Both are pure byte-in/byte-out classes (no pyserial, no threads) so that a protocol's byte
facts live in one module, read by the driver and spoken by the simulator.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from station.devices.scale.errors import FrameError
from station.devices.scale.framing import FrameSpec
from station.devices.scale.pan import Pan, PanState
from station.domain.weighing import ScaleStatus

GRAMS_PER_UNIT = {"g": 1.0, "mg": 0.001, "kg": 1000.0, "lb": 453.59237, "oz": 28.349523125, "t": 1e6}
COUNT_UNITS = frozenset({"PC", "PCS"})
LINES = FrameSpec(end=b"\r\n", max_len=128)  # most families: one ASCII line per frame


@dataclass(frozen=True, slots=True)
class Sample:
    """One decoded frame. `stable` is None when the protocol has no stability flag."""

    status: ScaleStatus = ScaleStatus.OK
    stable: bool | None = None
    weight_g: float | None = None
    count: int | None = None
    detail: str = ""


def out_of_range(below_zero: bool) -> Sample:
    """The scale's own overload (or underload) report: no weight to show."""
    return Sample(ScaleStatus.UNDERLOAD if below_zero else ScaleStatus.OVERLOAD, stable=True)


def quantity(value: float, unit: str, *, stable: bool) -> Sample:
    """A weight in `unit`, or a piece count when the unit is the scale's counting unit (PC, PCS)."""
    if unit.strip().upper() in COUNT_UNITS:
        return Sample(stable=stable, count=int(value))
    return Sample(stable=stable, weight_g=to_grams(value, unit))


def scale_error(detail: str) -> Sample:
    """The scale refused or did not understand a command."""
    return Sample(ScaleStatus.ERROR, detail=detail)


def to_grams(value: float, unit: str) -> float:
    try:
        return value * GRAMS_PER_UNIT[unit.strip().lower()]
    except KeyError:
        raise FrameError(f"unknown weight unit {unit!r}") from None


def number(raw: bytes) -> float:
    try:
        return float(raw.replace(b" ", b""))
    except ValueError:
        raise FrameError(f"not a number: {raw!r}") from None


def last_match(pattern: re.Pattern[bytes], frame: bytes) -> re.Match[bytes] | None:
    """The last match in a frame: leading garbage glued to a line does not hide the reply."""
    found = None
    for found in pattern.finditer(frame):  # noqa: B007 - the last one is what we want
        pass
    return found


def xor_hex(data: bytes) -> bytes:
    """XOR of `data` as two ASCII hex digits, upper case (Yaohua check bytes)."""
    value = 0
    for byte in data:
        value ^= byte
    return b"%02X" % value


class Codec:
    """Host side of a protocol: frame delimiting and decoding. May keep state between frames."""

    name: ClassVar[str]
    frame: ClassVar[FrameSpec] = LINES
    has_stability_flag: ClassVar[bool] = True

    def __init__(self, unit: str = "g") -> None:
        self.unit = unit

    def parse(self, frame: bytes) -> Sample | None:
        """Decodes one frame: None for an acknowledgement without a reading; FrameError if unreadable."""
        raise NotImplementedError


Reply = Callable[[PanState], bytes]


class Emulation:
    """Scale side of a protocol: answers host commands and streams, byte for byte, from a `Pan`."""

    name: ClassVar[str]
    command: ClassVar[FrameSpec] = FrameSpec(end=b"\r", max_len=64)
    stream_interval_s: ClassVar[float] = 0.1
    stable_timeout_s: ClassVar[float] = 3.0
    streams_by_default: ClassVar[bool] = False
    division_g: ClassVar[float] = 0.1  # the simulated scale's division

    def __init__(self, pan: Pan, *, stream: bool | None = None) -> None:
        self.pan = pan
        self.streaming = self.streams_by_default if stream is None else stream
        self._next_stream = 0.0
        self._waiting: tuple[float, Reply, Reply] | None = None

    def handle(self, command: bytes, now: float) -> bytes:
        """Answers one command frame (delimiters included)."""
        raise NotImplementedError

    def stream_frame(self, state: PanState) -> bytes:
        raise NotImplementedError

    def tick(self, now: float) -> bytes:
        """Output due at `now`: a reply that waited for stability, and the continuous stream."""
        out = b""
        if self._waiting is not None:
            deadline, on_stable, on_timeout = self._waiting
            state = self.pan.state(now)
            if state.stable or state.overload or state.underload:
                out += on_stable(state)
                self._waiting = None
            elif now >= deadline:
                out += on_timeout(state)
                self._waiting = None
        if self.streaming and now >= self._next_stream:
            self._next_stream = now + self.stream_interval_s
            out += self.stream_frame(self.pan.state(now))
        return out

    def when_stable(self, now: float, on_stable: Reply, on_timeout: Reply | None = None) -> bytes:
        """Defers a reply until the pan settles (or sends `on_timeout` after `stable_timeout_s`)."""
        self._waiting = (now + self.stable_timeout_s, on_stable, on_timeout or (lambda _s: b""))
        return self.tick(now) if self.pan.state(now).stable else b""


def decimals(division_g: float) -> int:
    """Digits after the point that show a scale division (0.01 g -> 2)."""
    return max(0, -math.floor(math.log10(division_g) + 1e-9))
