"""Cuts a byte stream into protocol frames with a bounded buffer.

Scales stream without waiting and cables pick up noise, so the framer must survive garbage,
frames split across reads and lines that never end, without growing and without raising.
"""

from __future__ import annotations

from dataclasses import dataclass

from station.devices.scale.errors import FrameError, FrameOverflow


@dataclass(frozen=True, slots=True)
class FrameSpec:
    """How frames are delimited: an optional start byte, then an end marker or a fixed length."""

    end: bytes = b"\r\n"
    start: bytes = b""
    length: int = 0
    max_len: int = 128


class Framer:
    """Feeds bytes in, gets complete frames (raw bytes, delimiters included) or `FrameError`s out."""

    def __init__(self, spec: FrameSpec) -> None:
        if not spec.end and not spec.length:
            raise ValueError("a frame needs an end marker or a fixed length")
        self.spec = spec
        self._buf = bytearray()
        self._skipped = 0

    def __len__(self) -> int:
        return len(self._buf)

    def clear(self) -> None:
        self._buf.clear()
        self._skipped = 0

    def feed(self, data: bytes) -> list[bytes | FrameError]:
        self._buf += data
        out: list[bytes | FrameError] = []
        while self._buf and self._next(out):
            pass
        return out

    def _next(self, out: list[bytes | FrameError]) -> bool:
        """Takes at most one frame or error off the buffer; returns whether to look for another."""
        spec, buf = self.spec, self._buf
        if spec.start:
            i = buf.find(spec.start)
            if i != 0:
                self._skip(len(buf) if i < 0 else i, out)
                return i > 0
            nxt = buf.find(spec.start, 1)
        else:
            nxt = -1
        if spec.end:
            j = buf.find(spec.end, len(spec.start))
            stop = j + len(spec.end) if j >= 0 else -1
        else:
            stop = spec.length if len(buf) >= spec.length else -1
        if nxt > 0 and (stop < 0 or nxt < stop):
            out.append(FrameError(f"incomplete frame {bytes(buf[:nxt])!r}"))
            del buf[:nxt]
            return True
        if stop < 0:
            if len(buf) > spec.max_len:
                out.append(FrameOverflow(f"no frame end within {spec.max_len} bytes"))
                del buf[: len(buf) - spec.max_len]
                if spec.start:
                    del buf[:1]
            return False
        # An over-long line keeps only its tail: a valid frame right after garbage is still found.
        out.append(bytes(buf[max(0, stop - spec.max_len) : stop]))
        del buf[:stop]
        self._skipped = 0
        return True

    def _skip(self, n: int, out: list[bytes | FrameError]) -> None:
        del self._buf[:n]
        self._skipped += n
        if self._skipped > self.spec.max_len:
            out.append(
                FrameOverflow(f"{self._skipped} bytes without a frame start (wrong baud rate or protocol?)")
            )
            self._skipped = 0
