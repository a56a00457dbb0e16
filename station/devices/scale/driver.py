"""The serial side of a scale: one port, one protocol codec, the profile's command bytes.

Thin on purpose: pyserial in, decoded samples out. Reconnecting and turning samples into
readings is the service's job, so this class only ever raises `serial.SerialException`/`OSError`
for a port that is gone (the service's signal to reconnect).
"""

from __future__ import annotations

import logging

import serial

from station.devices.scale.errors import FrameError
from station.devices.scale.framing import Framer
from station.devices.scale.profile import ScaleProfile
from station.devices.scale.protocols import Sample, codec_class

log = logging.getLogger(__name__)

READ_TIMEOUT_S = 0.05
WRITE_TIMEOUT_S = 0.5
DisconnectErrors = (serial.SerialException, OSError)


class SerialScaleDriver:
    """open / samples / request_weight / request_stable / tare / zero / set_piece_weight / close."""

    def __init__(self, profile: ScaleProfile) -> None:
        self.profile = profile
        self.codec = codec_class(profile.protocol)(profile.unit)
        self.framer = Framer(self.codec.frame)
        self._port: serial.Serial | None = None

    @property
    def is_open(self) -> bool:
        return self._port is not None

    def open(self) -> None:
        p = self.profile
        port = serial.Serial(
            p.port,
            baudrate=p.baudrate,
            bytesize=p.bytesize,
            parity=p.parity,
            stopbits=p.stopbits,
            timeout=READ_TIMEOUT_S,
            write_timeout=WRITE_TIMEOUT_S,
            rtscts=False,
            xonxoff=False,
            exclusive=True,
        )
        self._port = port  # kept before anything else can fail, so `close` releases the exclusive lock
        port.reset_input_buffer()  # whatever queued up while nobody listened is stale
        self.framer.clear()
        if p.mode == "continuous" and p.commands.start_stream:
            self.send(p.commands.start_stream)
        log.info("scale port open", extra={"port": p.port, "protocol": p.protocol})

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except DisconnectErrors:
                log.debug("closing a vanished scale port", exc_info=True)

    def send(self, command: str) -> bool:
        """Writes command bytes (latin-1: every profile byte maps to itself); False if there is none."""
        if not command or self._port is None:
            return False
        self._port.write(command.encode("latin-1"))
        return True

    def samples(self) -> list[Sample | FrameError]:
        """Reads what arrives within the read timeout and decodes every complete frame in it.

        Acknowledgements (no reading) are dropped; unreadable frames come back as FrameError values.
        """
        if self._port is None:
            return []
        data = self._port.read(1)
        if data and self._port.in_waiting:
            data += self._port.read(self._port.in_waiting)
        out: list[Sample | FrameError] = []
        for frame in self.framer.feed(data):
            if isinstance(frame, FrameError):
                out.append(frame)
                continue
            try:
                sample = self.codec.parse(frame)
            except FrameError as exc:
                out.append(exc)
            else:
                if sample is not None:
                    out.append(sample)
        return out

    def request_weight(self) -> bool:
        return self.send(self.profile.commands.weigh)

    def request_stable(self) -> bool:
        return self.send(self.profile.commands.stable)

    def tare(self) -> bool:
        return self.send(self.profile.commands.tare)

    def zero(self) -> bool:
        return self.send(self.profile.commands.zero)

    def set_piece_weight(self, grams: float | None) -> bool:
        """Teaches the scale a piece weight so it counts itself; False where the scale cannot."""
        c = self.profile.commands
        if grams is None:
            return self.send(c.clear_piece_weight)
        return bool(c.piece_weight) and self.send(c.piece_weight.format(grams=grams))
