"""Target strings, DLE EOT status decoding and the real connections (pty, files)."""

from __future__ import annotations

import os
import pty
import select
import threading
import time
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest

from station.printing import InvalidTarget, PrinterStatus, PrinterUnavailable, parse_target
from station.printing import targets as targets_module
from station.printing.targets import EscposTarget, FileTarget, PngDirTarget, status_from_replies


@pytest.mark.parametrize(
    ("printer", "paper", "expected"),
    [
        (b"", b"", PrinterStatus.UNKNOWN),  # python-escpos 3.1 would call this "paper adequate"
        (b"\x12", b"\x12", PrinterStatus.OK),
        (b"", b"\x12", PrinterStatus.OK),
        (b"\x1a", b"\x72", PrinterStatus.PAPER_OUT),
        (b"\x1a", b"\x12", PrinterStatus.OFFLINE),
        (b"\x12", b"\x1e", PrinterStatus.OK),  # paper near end still prints
        (b"\xff", b"\xff", PrinterStatus.UNKNOWN),  # not a status byte
        (b"\x12", b"A", PrinterStatus.UNKNOWN),
    ],
)
def test_status_replies(printer: bytes, paper: bytes, expected: PrinterStatus) -> None:
    assert status_from_replies(printer, paper) is expected


@pytest.mark.parametrize(
    "spec",
    [
        "usb:0416:5011",
        "serial:/dev/ttyUSB0",
        "serial:/dev/ttyS1:19200",
        "tcp:192.168.1.50:9100",
        "tcp:[::1]:9100",
    ],
)
def test_printer_targets_parse_to_python_escpos_connections(spec: str) -> None:
    assert isinstance(parse_target(spec), EscposTarget)


def test_file_and_png_dir_targets_parse(tmp_path: Path) -> None:
    assert isinstance(parse_target(f"file:{tmp_path}/out.bin"), FileTarget)
    assert isinstance(parse_target(f"png-dir:{tmp_path}"), PngDirTarget)


@pytest.mark.parametrize(
    "spec",
    ["", "usb", "usb:0416", "usb:xyz:1", "serial:ttyUSB0", "tcp:host", "tcp:host:99999", "lpt:1", "file:"],
)
def test_bad_target_strings_get_a_clear_answer(spec: str) -> None:
    with pytest.raises(InvalidTarget, match="not understood"):
        parse_target(spec)


def test_usb_has_a_write_timeout_and_a_missing_printer_is_offline() -> None:
    target = parse_target("usb:0416:5011")
    assert isinstance(target, EscposTarget)
    assert target._factory().timeout == targets_module.USB_TIMEOUT_MS > 0
    assert target.status() is PrinterStatus.OFFLINE
    with pytest.raises(PrinterUnavailable):
        target.send(b"x", "n", lambda: b"")


def test_a_closed_tcp_port_is_offline_and_a_send_fails_cleanly() -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    target = parse_target(f"tcp:127.0.0.1:{port}")
    assert target.status() is PrinterStatus.OFFLINE
    with pytest.raises(PrinterUnavailable):
        target.send(b"\x1b@", "n", lambda: b"")


class PtyPrinter:
    """The far end of a pseudo-terminal: collects what the station writes, can write replies."""

    def __init__(self) -> None:
        self.master, slave = pty.openpty()
        tty.setraw(self.master)
        self.device = os.ttyname(slave)
        self._slave = slave
        self.received = bytearray()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._collect, daemon=True)
        self._thread.start()

    def _collect(self) -> None:
        while not self._stop.is_set():
            if select.select([self.master], [], [], 0.05)[0]:
                try:
                    self.received += os.read(self.master, 65536)
                except OSError:
                    return

    def wait_for(self, n: int) -> bytes:
        deadline = time.monotonic() + 5
        while len(self.received) < n and time.monotonic() < deadline:
            self._stop.wait(0.01)
        return bytes(self.received)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        os.close(self.master)
        os.close(self._slave)


@pytest.fixture
def pty_printer() -> Iterator[PtyPrinter]:
    printer = PtyPrinter()
    yield printer
    printer.close()


def test_serial_printer_on_a_pseudo_terminal(
    pty_printer: PtyPrinter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(targets_module, "SERIAL_READ_TIMEOUT_S", 0.2)
    target = parse_target(f"serial:{pty_printer.device}:19200")
    slip = b"\x1b@hello\n" * 2000  # several chunks, more than the pty buffer holds
    target.send(slip, "n", lambda: b"")
    assert pty_printer.wait_for(len(slip)) == slip
    os.write(pty_printer.master, b"\x72")  # the paper sensor says: paper end
    assert target.status() is PrinterStatus.PAPER_OUT
    assert pty_printer.wait_for(len(slip) + 6)[len(slip) :] == b"\x10\x04\x04\x10\x04\x01"
    assert target.status() is PrinterStatus.UNKNOWN  # no reply this time
    assert target.status() is PrinterStatus.UNKNOWN  # a silent printer is not asked again
    assert pty_printer.wait_for(len(slip) + 9)[len(slip) + 6 :] == b"\x10\x04\x04"
    target.close()


def test_file_target_appends(tmp_path: Path) -> None:
    target = parse_target(f"file:{tmp_path}/printer.bin")
    target.send(b"one", "a", lambda: b"")
    target.send(b"two", "b", lambda: b"")
    assert (tmp_path / "printer.bin").read_bytes() == b"onetwo"
    assert target.status() is PrinterStatus.UNKNOWN
    assert parse_target(f"file:{tmp_path}/missing/printer.bin").status() is PrinterStatus.OFFLINE


def test_png_dir_target_writes_both_files(tmp_path: Path) -> None:
    target = parse_target(f"png-dir:{tmp_path}")
    target.send(b"bytes", "slip-1", lambda: b"png")
    assert (tmp_path / "slip-1.bin").read_bytes() == b"bytes"
    assert (tmp_path / "slip-1.png").read_bytes() == b"png"
    fresh = parse_target(f"png-dir:{tmp_path}/new/slips")
    assert fresh.status() is PrinterStatus.OK and (tmp_path / "new/slips").is_dir()
    (tmp_path / "a-file").write_bytes(b"")
    blocked = parse_target(f"png-dir:{tmp_path}/a-file/slips")
    assert blocked.status() is PrinterStatus.OFFLINE
    with pytest.raises(PrinterUnavailable):
        blocked.send(b"x", "n", lambda: b"")
