"""A&D (FC-i/FC-Si, HC-i, GC, EK-L): 17-byte frames `HH,±nnnnnnnn uuu␍␊`; `Q`, `S`, `Z`, `T`, `G,<g>`.

Headers: `ST` stable weight, `QT` stable count (unit ` PC`), `US` unstable, `OL` out of range.
"""

from __future__ import annotations

import re

from station.devices.scale.protocols import base

_FRAME = re.compile(rb"(ST|QT|US|OL),([+-])([0-9. E]{8})([ A-Za-z]{3})\r\n$")
_ACK = re.compile(rb"(\x06|EC,E\d\d)\r\n$")


class AndCodec(base.Codec):
    name = "and"

    def parse(self, frame: bytes) -> base.Sample | None:
        if m := base.last_match(_FRAME, frame):
            header, sign, unit = m[1], m[2], m[4].decode().strip()
            if header == b"OL":
                return base.out_of_range(below_zero=sign == b"-")
            return base.quantity(base.number(sign + m[3]), unit, stable=header != b"US")
        if m := base.last_match(_ACK, frame):
            if m[1] == b"\x06":
                return None
            return base.scale_error(f"scale answered {m[1].decode()}")
        raise base.FrameError(f"not an A&D frame: {frame!r}")


class AndEmulation(base.Emulation):
    """Command mode by default; `stream=True` is the scale's stream mode (commands still answered)."""

    name = "and"
    command = base.FrameSpec(end=b"\r", max_len=64)  # A&D accepts CR or CR LF; the LF is stripped below

    def stream_frame(self, state: base.PanState) -> bytes:
        dp = base.decimals(self.pan.division_g)
        if state.overload or state.underload:
            sign = "-" if state.underload else "+"
            return f"OL,{sign}{'9' * (7 - dp)}.{'9' * dp}  g\r\n".encode()
        count = state.count
        if count is not None:
            header = "QT" if state.stable else "US"
            return f"{header},{'-' if count < 0 else '+'}{abs(count):08d} PC\r\n".encode()
        header = "ST" if state.stable else "US"
        sign = "-" if state.net_g < 0 else "+"
        return f"{header},{sign}{abs(state.net_g):08.{dp}f}  g\r\n".encode()

    def handle(self, command: bytes, now: float) -> bytes:
        cmd = command.strip(b"\r\n ")
        if cmd == b"Q":
            return self.stream_frame(self.pan.state(now))
        if cmd == b"S":
            return self.when_stable(now, self.stream_frame)
        if cmd == b"Z":
            self.pan.zero(now)
            return b"\x06\r\n"
        if cmd == b"T":
            self.pan.tare(now)
            return b"\x06\r\n"
        if cmd.startswith(b"G,"):
            try:
                grams = float(cmd[2:])
            except ValueError:
                return b"EC,E01\r\n"
            self.pan.piece_weight_g = grams if grams > 0 else None
            return b"\x06\r\n"
        return b"" if not cmd else b"EC,E01\r\n"
