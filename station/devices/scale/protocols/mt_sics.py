"""Mettler Toledo MT-SICS: `S`/`SI`/`SIR`, `T`, `Z`, `@`; replies `S S`/`S D`/`S I`/`S +`/`S -`, `ES`…

Values are parsed by whitespace because field widths vary by model (reference §1).
"""

from __future__ import annotations

import re

from station.devices.scale.protocols import base

_WEIGHT = re.compile(rb"S\s+([SD])\s+(-?\s*[\d.]+)\s+([A-Za-z]+)\s*\r?\n?$")
_STATUS = re.compile(rb"S\s+([I+-])\s*\r?\n?$")
_ERROR = re.compile(rb"(E[STLI])\s*\r?\n?$")
_ACK = re.compile(rb"^\s*(?:T|TI|TA|TAC|Z|ZI|I\d|@|PW)\s")
_ERRORS = {
    b"ES": "syntax error",
    b"ET": "transmission error",
    b"EL": "logical error",
    b"EI": "internal error",
}


class MtSicsCodec(base.Codec):
    name = "mt-sics"

    def parse(self, frame: bytes) -> base.Sample | None:
        if m := base.last_match(_WEIGHT, frame):
            grams = base.to_grams(base.number(m[2]), m[3].decode())
            stable = m[1] == b"S"
            return base.Sample(stable=stable, weight_g=grams)
        if m := base.last_match(_STATUS, frame):
            code = m[1]
            if code == b"+":
                return base.out_of_range(below_zero=False)
            if code == b"-":
                return base.out_of_range(below_zero=True)
            return base.Sample(stable=False, detail="scale busy or not yet stable")
        if m := base.last_match(_ERROR, frame):
            return base.scale_error(f"scale answered {m[1].decode()}: {_ERRORS[m[1]]}")
        if _ACK.match(frame):
            return None
        raise base.FrameError(f"not an MT-SICS reply: {frame!r}")


class MtSicsEmulation(base.Emulation):
    name = "mt-sics"
    command = base.FrameSpec(end=b"\r\n", max_len=64)

    def _weight(self, state: base.PanState, *, immediate: bool) -> bytes:
        if state.overload:
            return b"S +\r\n"
        if state.underload:
            return b"S -\r\n"
        letter = b"S" if state.stable else b"D"
        if not state.stable and not immediate:
            return b"S I\r\n"
        value = f"{state.net_g:.{base.decimals(self.pan.division_g)}f}".rjust(10).encode()
        return b"S " + letter + b" " + value + b" g\r\n"

    def stream_frame(self, state: base.PanState) -> bytes:
        return self._weight(state, immediate=True)

    def handle(self, command: bytes, now: float) -> bytes:
        words = command.strip().split()
        cmd = words[0] if words else b""
        if cmd != b"SIR":
            self.streaming = False  # any command ends an SIR stream
        if cmd == b"S":
            return self.when_stable(now, lambda s: self._weight(s, immediate=False), lambda _s: b"S I\r\n")
        if cmd == b"SI":
            return self._weight(self.pan.state(now), immediate=True)
        if cmd == b"SIR":
            self.streaming = True
            return b""
        if cmd == b"T":
            if not self.pan.tare(now):
                return b"T I\r\n"
            tare = self.pan.state(now).gross_g
            return f"T S {tare:>10.{base.decimals(self.pan.division_g)}f} g\r\n".encode()
        if cmd == b"TAC":
            self.pan.clear_tare()
            return b"TAC A\r\n"
        if cmd == b"Z":
            return b"Z A\r\n" if self.pan.zero(now) else b"Z I\r\n"
        if cmd == b"@":
            self.pan.clear_tare()
            return b'I4 A "SIM0001"\r\n'
        return b"ES\r\n"
