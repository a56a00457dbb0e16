"""CAS 22-byte frames `ST,GS,<id><lamp>,<8-char weight> kg␍␊` (CI-600D, NT series).

The lamp byte may have bit 7 set, so frames are decoded as bytes, never as 7-bit text.
Lamp bits: 6 stable, 4 hold, 3 printer, 2 gross, 1 tare, 0 zero. Commands: `WT`, `ZE`, `TR`.
"""

from __future__ import annotations

import re

from station.devices.scale.protocols import base

LAMP_BASE, LAMP_STABLE, LAMP_GROSS, LAMP_TARE, LAMP_ZERO = 0x80, 0x40, 0x04, 0x02, 0x01
DEVICE_ID = 0x31
_FRAME = re.compile(
    rb"(ST|US|OL),(GS|NT),([\x31-\x3d])([\x00-\xff]),([ +\-0-9.]{8}) ?([a-z]{1,2})\r\n$", re.DOTALL
)


class CasCodec(base.Codec):
    name = "cas"

    def parse(self, frame: bytes) -> base.Sample | None:
        m = base.last_match(_FRAME, frame)
        if m is None:
            raise base.FrameError(f"not a CAS frame: {frame!r}")
        header = m[1]
        if header == b"OL":
            return base.out_of_range(below_zero=b"-" in m[5])
        return base.Sample(stable=header == b"ST", weight_g=base.to_grams(base.number(m[5]), m[6].decode()))


class CasEmulation(base.Emulation):
    """Streams by default, as CAS indicators do; also answers `WT`, `ZE`, `TR`."""

    name = "cas"
    command = base.FrameSpec(end=b"\r\n", max_len=64)
    streams_by_default = True

    def stream_frame(self, state: base.PanState) -> bytes:
        header = b"OL" if state.overload or state.underload else (b"ST" if state.stable else b"US")
        lamp = LAMP_BASE | (LAMP_STABLE if state.stable else 0)
        lamp |= LAMP_TARE if state.tared else LAMP_GROSS
        lamp |= LAMP_ZERO if state.gross_g == 0 else 0
        kg = state.net_g / 1000.0
        dp = max(3, base.decimals(self.pan.division_g / 1000.0))
        if state.overload or state.underload:
            text = ("-" if state.underload else "") + "9" * (7 - dp) + "." + "9" * dp
        else:
            text = f"{kg:.{dp}f}"
        value = text.rjust(8, "0") if not text.startswith("-") else "-" + text[1:].rjust(7, "0")
        gross_net = b"NT" if state.tared else b"GS"
        return (
            header
            + b","
            + gross_net
            + b","
            + bytes([DEVICE_ID, lamp])
            + b","
            + value[:8].encode()
            + b" kg\r\n"
        )

    def handle(self, command: bytes, now: float) -> bytes:
        cmd = command.strip()
        if cmd == b"WT":
            return self.stream_frame(self.pan.state(now))
        if cmd == b"ZE":
            self.pan.zero(now)
        elif cmd == b"TR":
            self.pan.tare(now)
        return b""
