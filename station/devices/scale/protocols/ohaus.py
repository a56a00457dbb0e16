"""Ohaus (Ranger Count 3000, Ranger 7000, Defender, Valor): `IP`/`P`/`SP`/`CP`, `Z`, `T`, `x#`, `xM`.

Output is 19 characters + CR LF: value right-justified in 12, space, unit in 5, then `?` when
unstable or a blank when stable. Counting mode prints `PCS`. Overload text is unconfirmed
(reference §3), so `OL`/`UL` in the value field are read as over/underload.
"""

from __future__ import annotations

import re

from station.devices.scale.protocols import base

_LINE = re.compile(rb"(-?\s*[\d.]+|-?OL|-?UL)\s+([A-Za-z]{1,5})\s*(\??)\s*\r\n$")
_ERROR = re.compile(rb"\bES\s*\r\n$")


class OhausCodec(base.Codec):
    name = "ohaus"

    def parse(self, frame: bytes) -> base.Sample | None:
        if m := base.last_match(_LINE, frame):
            value, unit, stable = m[1].replace(b" ", b""), m[2].decode(), m[3] != b"?"
            if value.lstrip(b"-") in (b"OL", b"UL"):
                return base.out_of_range(below_zero=value.endswith(b"UL"))
            return base.quantity(base.number(value), unit, stable=stable)
        if _ERROR.search(frame):
            return base.scale_error("scale answered ES: command not understood")
        raise base.FrameError(f"not an Ohaus line: {frame!r}")


class OhausEmulation(base.Emulation):
    """Weighing mode (`1M`) prints grams; counting mode (`2M`, or after `x#`) prints `PCS`."""

    name = "ohaus"
    command = base.FrameSpec(end=b"\r", max_len=64)  # CR or CR LF; the LF is stripped

    def __init__(self, pan: base.Pan, *, stream: bool | None = None) -> None:
        super().__init__(pan, stream=stream)
        self._apw: float | None = None

    def stream_frame(self, state: base.PanState) -> bytes:
        mark = " " if state.stable else "?"
        if state.overload or state.underload:
            value, unit = ("OL" if state.overload else "-UL"), "g"
        elif state.count is not None:
            value, unit = str(state.count), "PCS"
        else:
            value, unit = f"{state.net_g:.{base.decimals(self.pan.division_g)}f}", "g"
        return f"{value:>12} {unit:<5}{mark}\r\n".encode()

    def handle(self, command: bytes, now: float) -> bytes:
        cmd = command.strip(b"\r\n ").upper()
        state = self.pan.state(now)
        if cmd in (b"IP", b"P"):
            return self.stream_frame(state)
        if cmd == b"SP":
            return self.when_stable(now, self.stream_frame)
        if cmd == b"CP":
            self.streaming = True
            return b""
        if cmd == b"0P":
            self.streaming = False
            return b""
        if cmd == b"Z":
            self.pan.zero(now)
            return b""
        if cmd == b"T":
            self.pan.tare(now)
            return b""
        if cmd == b"0T":
            self.pan.clear_tare()
            return b""
        if cmd in (b"1M", b"2M"):
            self.pan.piece_weight_g = self._apw if cmd == b"2M" else None
            return b""
        if cmd.endswith(b"#") and len(cmd) > 1:
            try:
                self._apw = float(cmd[:-1])
            except ValueError:
                return b"ES\r\n"
            self.pan.piece_weight_g = self._apw if self._apw > 0 else None
            return b""
        return b"" if not cmd else b"ES\r\n"
