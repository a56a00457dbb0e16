"""Yaohua XK3190 and clones (Keli, Nikcell, PRO…): continuous output, no commands, no stability flag.

Format 0 (`tF0`): 12-byte `␂ sign 6-digits decimals XORhi XORlo ␃`, XOR over bytes 2–9, each
nibble as ASCII hex. Format 1: `=` followed by the display string reversed (sign or `0` last),
frames delimited only by `=`. The indicator sends no unit: the profile names it.
"""

from __future__ import annotations

import re

from station.devices.scale.protocols import base

_STX = re.compile(rb"\x02([+-])(\d{6})([0-4])([0-9A-F]{2})\x03")
_EQ = re.compile(rb"=([0-9.]{7}[0-9-])")


class YaohuaCodec(base.Codec):
    name = "yaohua-xk3190"
    frame = base.FrameSpec(start=b"\x02", end=b"\x03", max_len=24)
    has_stability_flag = False

    def parse(self, frame: bytes) -> base.Sample | None:
        m = _STX.fullmatch(frame)
        if m is None:
            raise base.FrameError(f"not an XK3190 frame: {frame!r}")
        if base.xor_hex(frame[1:9]) != m[4]:
            raise base.FrameError(f"XK3190 frame fails its XOR check: {frame!r}")
        value = int(m[2]) / 10 ** int(m[3])
        return base.Sample(weight_g=base.to_grams(-value if m[1] == b"-" else value, self.unit))


class YaohuaReversedCodec(base.Codec):
    name = "yaohua-xk3190-eq"
    frame = base.FrameSpec(start=b"=", end=b"", length=9, max_len=24)
    has_stability_flag = False

    def parse(self, frame: bytes) -> base.Sample | None:
        m = _EQ.fullmatch(frame)
        text = m[1][::-1] if m else b""
        if m is None or text.count(b".") > 1 or b"-" in text[1:]:
            raise base.FrameError(f"not an XK3190 '=' frame: {frame!r}")
        value = float(text[1:])
        return base.Sample(weight_g=base.to_grams(-value if text[:1] == b"-" else value, self.unit))


def _display(state: base.PanState, dp: int) -> tuple[str, str]:
    """Sign and unsigned digits of the display (the indicator shows its full range when over)."""
    grams = state.net_g
    return ("-" if grams < 0 else "+"), f"{abs(grams):.{dp}f}"


class YaohuaEmulation(base.Emulation):
    """Streams format-0 frames in grams; the indicator ignores what the host sends."""

    name = "yaohua-xk3190"
    command = base.FrameSpec(start=b"\x02", end=b"\x03", max_len=16)
    streams_by_default = True

    def stream_frame(self, state: base.PanState) -> bytes:
        dp = base.decimals(self.pan.division_g)
        sign, digits = _display(state, dp)
        body = (sign + digits.replace(".", "").rjust(6, "0")[-6:] + str(dp)).encode()
        return b"\x02" + body + base.xor_hex(body) + b"\x03"

    def handle(self, command: bytes, now: float) -> bytes:
        return b""


class YaohuaReversedEmulation(YaohuaEmulation):
    """Streams format-1 frames: `=` and the display string reversed, back to back, no line ends."""

    name = "yaohua-xk3190-eq"

    def stream_frame(self, state: base.PanState) -> bytes:
        dp = base.decimals(self.pan.division_g)
        sign, digits = _display(state, dp)
        text = ("-" if sign == "-" else "0") + digits.rjust(7, "0")[-7:]
        return b"=" + text[::-1].encode()
