"""Where slips go: thin python-escpos connections (and two file outputs) from a target string.

    usb:VID:PID              e.g. usb:0416:5011 (hex), writes time out after USB_TIMEOUT_MS
    serial:/dev/ttyUSB0[:baud]
    tcp:HOST:PORT            e.g. tcp:192.168.1.50:9100
    file:/path               appends raw bytes (also a device node such as /dev/usb/lp0)
    png-dir:/path/to/dir     writes each slip as NAME.png and NAME.bin (kiosk demo, docs)

Every connection has a timeout (python-escpos's USB default is none: a jammed printer would
block forever). Any I/O error closes the connection; the next try opens a fresh one, which is
what a power-cycled printer needs.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from station.printing.errors import InvalidTarget, PrinterUnavailable

log = logging.getLogger(__name__)

USB_TIMEOUT_MS = 5000  # per chunk written
SERIAL_READ_TIMEOUT_S = 1.0
SERIAL_WRITE_TIMEOUT_S = 30.0
TCP_TIMEOUT_S = 5.0
CHUNK_BYTES = 4096

DLE_EOT_PRINTER = b"\x10\x04\x01"  # real-time status: printer (bit 3 = offline)
DLE_EOT_PAPER = b"\x10\x04\x04"  # real-time status: roll paper sensor (bits 5+6 = paper end)


class PrinterStatus(enum.StrEnum):
    OK = "ok"
    OFFLINE = "offline"
    PAPER_OUT = "paper_out"
    UNKNOWN = "unknown"  # no (valid) reply: many printers ignore DLE EOT, above all over USB


def status_from_replies(printer: bytes, paper: bytes) -> PrinterStatus:
    """Interpret the DLE EOT 1 and DLE EOT 4 replies; an absent or malformed reply proves nothing."""
    printer_ok, paper_ok = _valid(printer), _valid(paper)
    if paper_ok and paper[-1] & 0x60 == 0x60:
        return PrinterStatus.PAPER_OUT
    if printer_ok and printer[-1] & 0x08:
        return PrinterStatus.OFFLINE
    return PrinterStatus.OK if paper_ok else PrinterStatus.UNKNOWN


def _valid(reply: bytes) -> bool:
    # Every DLE EOT status byte has bits 1 and 4 set and bits 0 and 7 clear.
    return len(reply) >= 1 and reply[-1] & 0x93 == 0x12


class Target(Protocol):
    description: str

    def status(self) -> PrinterStatus: ...

    def send(self, data: bytes, name: str, png: Callable[[], bytes]) -> None:
        """Deliver one whole slip or raise PrinterUnavailable (then nothing is known to be printed)."""
        ...

    def close(self) -> None: ...


class EscposTarget:
    """A python-escpos printer object, opened on demand and dropped after any error."""

    def __init__(
        self, description: str, factory: Callable[[], Any], after_open: Callable[[Any], None] | None = None
    ) -> None:
        self.description = description
        self._factory = factory
        self._after_open = after_open
        self._printer: Any = None
        self._silent = False

    def status(self) -> PrinterStatus:
        """Ask the paper sensor, then the printer. A printer that stayed silent once is not asked
        again on this connection: each silent query costs a read timeout."""
        try:
            printer = self._open()
            if self._silent:
                return PrinterStatus.UNKNOWN
            paper = self._query(printer, DLE_EOT_PAPER)
            self._silent = not paper
            return status_from_replies(self._query(printer, DLE_EOT_PRINTER) if paper else b"", paper)
        except (PrinterUnavailable, OSError, ValueError) as exc:  # USBError and SerialException are OSErrors
            self._drop(exc)
            return PrinterStatus.OFFLINE

    def send(self, data: bytes, name: str, png: Callable[[], bytes]) -> None:
        try:
            printer = self._open()
            for start in range(0, len(data), CHUNK_BYTES):
                printer._raw(data[start : start + CHUNK_BYTES])
        except (OSError, ValueError) as exc:
            self._drop(exc)
            raise PrinterUnavailable(f"{self.description}: {exc}") from exc

    def close(self) -> None:
        self._drop(None)

    def _open(self) -> Any:
        if self._printer is None:
            try:
                printer = self._factory()
                printer.open()
                if self._after_open is not None:
                    self._after_open(printer)
            except Exception as exc:  # python-escpos wraps open failures in its own exception types
                raise PrinterUnavailable(f"{self.description}: {exc}") from exc
            self._printer, self._silent = printer, False
        return self._printer

    @staticmethod
    def _query(printer: Any, command: bytes) -> bytes:
        printer._raw(command)
        try:
            return bytes(printer._read())
        except (OSError, TimeoutError) as exc:  # a read timeout: the printer does not answer
            log.debug("no status reply", extra={"command": command.hex(), "error": str(exc)})
            return b""

    def _drop(self, exc: BaseException | None) -> None:
        if exc is not None:
            log.warning("printer connection failed", extra={"target": self.description, "error": str(exc)})
        printer, self._printer = self._printer, None
        if printer is not None:
            try:
                printer.close()
            except Exception:  # closing a dead connection may fail in any way; it is gone either way
                log.debug("closing the printer failed", extra={"target": self.description})


class FileTarget:
    """Appends each slip's bytes to a file or device node; no status channel (unknown)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"file:{path}"

    def status(self) -> PrinterStatus:
        return PrinterStatus.UNKNOWN if self.path.parent.is_dir() else PrinterStatus.OFFLINE

    def send(self, data: bytes, name: str, png: Callable[[], bytes]) -> None:
        try:
            with self.path.open("ab") as out:
                out.write(data)
        except OSError as exc:
            raise PrinterUnavailable(f"{self.description}: {exc}") from exc

    def close(self) -> None:
        """Nothing stays open between slips."""


class PngDirTarget:
    """Writes NAME.png (the preview) and NAME.bin (the ESC/POS bytes) per slip into a folder,
    creating it when needed; a folder that cannot be created counts as an offline printer."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.description = f"png-dir:{directory}"

    def status(self) -> PrinterStatus:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            return PrinterStatus.OFFLINE
        return PrinterStatus.OK

    def send(self, data: bytes, name: str, png: Callable[[], bytes]) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / f"{name}.png").write_bytes(png())
            (self.directory / f"{name}.bin").write_bytes(data)
        except OSError as exc:
            raise PrinterUnavailable(f"{self.description}: {exc}") from exc

    def close(self) -> None:
        """Nothing stays open between slips."""


def parse_target(spec: str) -> Target:
    """The target named by `spec` (see the module docstring); InvalidTarget when it does not parse."""
    kind, _, rest = spec.partition(":")
    if kind == "usb" and (m := re.fullmatch(r"([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})", rest)):
        vid, pid = int(m[1], 16), int(m[2], 16)
        return EscposTarget(spec, lambda: _usb(vid, pid))
    if kind == "serial" and (m := re.fullmatch(r"(/[^:]+)(?::(\d{3,7}))?", rest)):
        device, baud = m[1], int(m[2] or 9600)
        return EscposTarget(spec, lambda: _serial(device, baud), _serial_write_timeout)
    if (
        kind == "tcp"
        and (m := re.fullmatch(r"(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})", rest))
        and int(m[2]) < 65536
    ):
        host, port = m[1].strip("[]"), int(m[2])
        return EscposTarget(spec, lambda: _network(host, port))
    if kind == "file" and rest:
        return FileTarget(Path(rest))
    if kind == "png-dir" and rest:
        return PngDirTarget(Path(rest))
    raise InvalidTarget(
        f"printer target {spec!r} not understood; use usb:VID:PID, serial:/dev/ttyUSB0[:baud], "
        "tcp:HOST:PORT, file:/path or png-dir:/path"
    )


def _usb(vid: int, pid: int) -> Any:
    from escpos.printer import Usb

    return Usb(vid, pid, timeout=USB_TIMEOUT_MS)


def _serial(device: str, baud: int) -> Any:
    from escpos.printer import Serial

    return Serial(device, baudrate=baud, timeout=SERIAL_READ_TIMEOUT_S)


def _serial_write_timeout(printer: Any) -> None:
    # python-escpos sets only the read timeout: a held DTR/DSR line would block a write forever.
    printer.device.write_timeout = SERIAL_WRITE_TIMEOUT_S


def _network(host: str, port: int) -> Any:
    from escpos.printer import Network

    return Network(host, port, timeout=TCP_TIMEOUT_S)
