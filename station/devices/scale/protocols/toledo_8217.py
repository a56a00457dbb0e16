"""Toledo 8217 (Odoo's scale protocol): host sends `W`; scale replies `␂WW.WWW␍` or `␂?<status>␍`.

Status byte (DIVA p.51): bit 6 always 1, 5 net, 4 centre of zero, 3 outside zero capture,
2 under zero, 1 over capacity, 0 in motion. Three decimals mean kg, two mean lb.
"""

from __future__ import annotations

import re

from station.devices.scale.protocols import base

MOTION, OVER, UNDER, NET = 0x01, 0x02, 0x04, 0x20
_WEIGHT = re.compile(rb"\x02\s*(-?\d*\.(\d+))(N?)\r$")
_STATUS = re.compile(rb"\x02\?([\x40-\x7f])\r$")


class Toledo8217Codec(base.Codec):
    name = "toledo-8217"
    frame = base.FrameSpec(start=b"\x02", end=b"\r", max_len=32)

    def __init__(self, unit: str = "kg") -> None:
        super().__init__(unit)
        self._last_g: float | None = None

    def parse(self, frame: bytes) -> base.Sample | None:
        if m := base.last_match(_WEIGHT, frame):
            unit = "kg" if len(m[2]) == 3 else "lb"
            self._last_g = base.to_grams(float(m[1]), unit)
            return base.Sample(stable=True, weight_g=self._last_g)
        if m := base.last_match(_STATUS, frame):
            status = m[1][0]
            if status & OVER:
                return base.out_of_range(below_zero=False)
            if status & UNDER:
                return base.out_of_range(below_zero=True)
            if status & MOTION:
                return base.Sample(stable=False, detail="in motion")
            # Some scales send the weight once, then only status until it changes (pywebdriver).
            return base.Sample(stable=True, weight_g=self._last_g)
        if frame == b"\x02E\r":
            return None  # echo-mode probe acknowledgement
        raise base.FrameError(f"not a Toledo 8217 reply: {frame!r}")


class Toledo8217Emulation(base.Emulation):
    """Answers `W`, `Z`, `C`, `T␍` and the `E…F` echo probe Odoo uses to detect the scale."""

    name = "toledo-8217"
    command = base.FrameSpec(end=b"", length=1, max_len=8)
    division_g = 1.0  # WW.WWW kg

    def __init__(self, pan: base.Pan, *, stream: bool | None = None) -> None:
        super().__init__(pan, stream=False)
        self._echo = False

    def _status(self, state: base.PanState) -> int:
        bits = 0x40 | (NET if state.tared else 0)
        if state.overload:
            bits |= OVER
        elif state.net_g < 0 or state.underload:
            bits |= UNDER
        elif not state.stable:
            bits |= MOTION
        return bits

    def stream_frame(self, state: base.PanState) -> bytes:
        bits = self._status(state)
        if bits & (OVER | UNDER | MOTION):
            return b"\x02?" + bytes([bits]) + b"\r"
        kg = state.net_g / 1000.0
        return b"\x02" + f"{kg:06.3f}".encode() + (b"N" if state.tared else b"") + b"\r"

    def handle(self, command: bytes, now: float) -> bytes:
        if self._echo:
            if command == b"F":
                self._echo = False
                return b""
            return command
        state = self.pan.state(now)
        if command == b"W":
            return self.stream_frame(state)
        if command == b"Z":
            self.pan.zero(now)
            return b"\x02?" + bytes([self._status(self.pan.state(now))]) + b"\r"
        if command == b"C":
            self.pan.clear_tare()
            return b"\x02?" + bytes([self._status(self.pan.state(now))]) + b"\r"
        if command == b"T":
            self.pan.tare(now)
            return b""
        if command == b"E":
            self._echo = True
            return b"\x02E\r"
        return b""  # CR after T, digits of a digital tare, unknown letters: the 8217 stays silent
