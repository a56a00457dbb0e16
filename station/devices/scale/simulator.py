"""A counting scale on a pseudo-terminal, speaking one protocol byte for byte.

Used by the tests (through real PTYs and pyserial), by `python -m station scale simulate` and
by the kiosk demo, which starts one in a thread and loads its pan. The PTY is exposed through
a symlink that `unplug()` removes and `replug()` re-points at a fresh PTY, as udev does for
`/dev/serial/by-path/…` when a USB-serial adapter is pulled and put back.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import shutil
import tempfile
import threading
import time
import tty
from collections.abc import Callable
from pathlib import Path

from station.devices.scale.framing import Framer
from station.devices.scale.pan import Pan, PanState
from station.devices.scale.protocols import emulation_class

log = logging.getLogger(__name__)

TICK_S = 0.005
STOP_JOIN_S = 2.0


class ScaleSimulator:
    """start() -> stable device path; put_pieces/remove_all/overload; unplug/replug; stop()."""

    def __init__(
        self,
        protocol: str,
        *,
        link: str | Path | None = None,
        stream: bool | None = None,
        division_g: float | None = None,
        capacity_g: float = 6000.0,
        settle_s: float = 0.4,
        spread: float = 0.01,
        seed: int = 1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        emulation = emulation_class(protocol)
        self.protocol = protocol
        self.pan = Pan(
            capacity_g=capacity_g,
            division_g=division_g or emulation.division_g,
            settle_s=settle_s,
            spread=spread,
            seed=seed,
        )
        self.emulation = emulation(self.pan, stream=stream)
        self._framer = Framer(emulation.command)
        self._clock = clock
        self._own_dir: str | None = None
        self._link = Path(link) if link is not None else None
        self._lock = threading.Lock()
        self._master: int | None = None
        self._slave: int | None = None
        self.pts_path = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------------
    @property
    def path(self) -> str:
        """The stable device path (a symlink to the current PTY, like a udev by-path link)."""
        return str(self._link)

    @property
    def plugged(self) -> bool:
        return self._master is not None

    def start(self) -> str:
        if self._link is None:
            self._own_dir = tempfile.mkdtemp(prefix="scale-sim-")
            self._link = Path(self._own_dir) / "tty"
        self.replug()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"scale-sim-{self.protocol}", daemon=True)
        self._thread.start()
        return self.path

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(STOP_JOIN_S)
        self.unplug()
        if self._own_dir is not None:
            shutil.rmtree(self._own_dir, ignore_errors=True)
            self._own_dir = None

    def unplug(self) -> None:
        """Pulls the adapter: closes the PTY (readers get EIO) and removes the device link."""
        with self._lock:
            for fd in (self._master, self._slave):
                if fd is not None:
                    os.close(fd)
            self._master = self._slave = None
            self._framer.clear()
        if self._link is not None:
            with contextlib.suppress(FileNotFoundError):
                self._link.unlink()

    def replug(self) -> None:
        """Plugs a (new) adapter in: a fresh PTY exposed at the same path."""
        self.unplug()
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no CR/LF translation before the host opens it
        os.set_blocking(master, False)
        with self._lock:
            self._master, self._slave = master, slave
            self.pts_path = os.ttyname(slave)
        assert self._link is not None
        tmp = self._link.with_name(self._link.name + ".new")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(self.pts_path)
        tmp.replace(self._link)

    # --- the pan -----------------------------------------------------------------------------
    def put_pieces(self, n: int, piece_weight_g: float) -> None:
        self.pan.put_pieces(n, piece_weight_g, self._clock())

    def put_weight(self, grams: float) -> None:
        self.pan.put_weight(grams, self._clock())

    def remove_all(self) -> None:
        self.pan.remove_all(self._clock())

    def overload(self) -> None:
        self.pan.overload(self._clock())

    def state(self) -> PanState:
        return self.pan.state(self._clock())

    def write_raw(self, data: bytes) -> None:
        """Puts arbitrary bytes on the line (noise, a wrong baud rate) for tests."""
        with self._lock:
            self._write(data)

    # --- the thread --------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            master = self._master
            if master is None:
                self._stop.wait(TICK_S)
                continue
            try:
                ready, _, _ = select.select([master], [], [], TICK_S)
            except (OSError, ValueError):  # closed by unplug() meanwhile
                continue
            with self._lock:
                if self._master != master:
                    continue
                try:
                    if ready:
                        self._answer(os.read(master, 256))
                    self._write(self.emulation.tick(self._clock()))
                except OSError as exc:
                    log.debug("simulator PTY error", extra={"reason": str(exc)})

    def _answer(self, data: bytes) -> None:
        for command in self._framer.feed(data):
            if isinstance(command, bytes):
                self._write(self.emulation.handle(command, self._clock()))

    def _write(self, data: bytes) -> None:
        if data and self._master is not None:
            with contextlib.suppress(BlockingIOError):  # nobody reads: a real line drops bytes too
                os.write(self._master, data)
