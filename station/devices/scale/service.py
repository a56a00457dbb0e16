"""One supervisor thread per scale: open, read, turn frames into readings, reconnect.

The kiosk only ever sees `Reading`s: an unplugged adapter, garbage on the line or a scale that
stopped answering become `disconnected` or `error` readings with a reason, never an exception.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from station.devices.scale.driver import DisconnectErrors, SerialScaleDriver
from station.devices.scale.errors import FrameError, FrameOverflow
from station.devices.scale.profile import ScaleProfile
from station.devices.scale.protocols import Sample
from station.domain.weighing import (
    DoubleCountGuard,
    NotCountable,
    Reading,
    ScaleStatus,
    StabilityWindow,
    count_from_weight,
)

log = logging.getLogger(__name__)

STOP_JOIN_S = 2.0
MAX_RECONNECT_S = 2.0  # a port that exists but keeps failing backs off from reconnect_s up to this
UNDERLOAD_DIVISIONS = 20  # below zero by more than this: the pan is lifted or the scale mis-zeroed
_BAD = (ScaleStatus.OVERLOAD, ScaleStatus.UNDERLOAD, ScaleStatus.ERROR)


def _problem(status: ScaleStatus, detail: str = "") -> Reading:
    return Reading(stable=False, weight_g=None, count=None, status=status, detail=detail)


class ScaleService:
    """Keeps the latest reading of one scale; `on_reading` is called (from this thread) on each change."""

    def __init__(
        self,
        profile: ScaleProfile,
        port: str | None = None,
        on_reading: Callable[[Reading], None] | None = None,
    ) -> None:
        self.profile = profile.with_port(port)
        self._on_reading = on_reading
        self._driver = SerialScaleDriver(self.profile)
        self._window = StabilityWindow(
            profile.stability_readings, profile.tolerance_g, profile.stability_min_time_s
        )
        self._guard = DoubleCountGuard(profile.zero_band_g, profile.guard_change_g or 5 * profile.division_g)
        self._lock = threading.Lock()
        self._commands: queue.SimpleQueue[Callable[[], object]] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._latest = _problem(ScaleStatus.DISCONNECTED, "not started")
        self._piece_weight_g: float | None = None
        self._offset_g = 0.0  # software tare/zero, for scales without the command
        self._raw_g: float | None = None
        self._raw_stable = False

    # --- control, from any thread ---------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"scale-{self.profile.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(STOP_JOIN_S)
            if thread.is_alive():
                log.error("scale thread did not stop", extra={"port": self.profile.port})

    def latest(self) -> Reading:
        with self._lock:
            return self._latest

    def set_piece_weight(self, grams: float | None) -> None:
        """The product's piece weight: the scale counts where the profile can teach it, else the station."""
        if grams is not None and not grams > 0:
            raise ValueError(f"piece weight must be positive, got {grams!r}")
        with self._lock:
            self._piece_weight_g = grams
        self._commands.put(lambda: self._driver.set_piece_weight(grams))

    def tare(self) -> bool:
        """Tares on the scale, or in software where the profile has no tare command.

        Software tare needs a stable weight; returns False (nothing changed) otherwise.
        """
        if self.profile.commands.tare:
            self._commands.put(self._driver.tare)
            return True
        return self._soft_offset()

    def zero(self) -> bool:
        if self.profile.commands.zero:
            self._commands.put(self._driver.zero)
            return True
        return self._soft_offset()

    def arm_after_save(self) -> None:
        """Engages the double-count guard on the reading just saved as a tally."""
        with self._lock:
            pw = self._piece_weight_g
            change = max(self.profile.guard_change_g or 5 * self.profile.division_g, pw / 2 if pw else 0.0)
            self._guard.arm(self._latest, change_g=change)

    def save_allowed(self) -> bool:
        with self._lock:
            return self._guard.save_allowed

    def _soft_offset(self) -> bool:
        with self._lock:
            if self._raw_g is None or not self._raw_stable:
                return False
            self._offset_g = self._raw_g
            return True

    # --- the service thread ---------------------------------------------------------------
    def _run(self) -> None:
        """Open, read until the port goes, repeat; nothing raised here may end the thread.

        An absent port is looked for again every `reconnect_s`, so a replugged scale reads at
        once; only a port that is there but keeps failing backs off (up to MAX_RECONNECT_S).
        """
        pause = self.profile.reconnect_s
        while not self._stop.is_set():
            opened = self._open()
            if opened is True:
                self._read_until_lost()
            if opened is not False:  # opened and lost, or absent: look again soon
                pause = self.profile.reconnect_s
            self._stop.wait(pause)
            if opened is False:
                pause = min(2 * pause, MAX_RECONNECT_S)

    def _open(self) -> bool | None:
        """True: open. None: the port is not there. False: it is there but cannot be configured."""
        port = self.profile.port
        try:
            self._driver.open()
            return True
        except DisconnectErrors as exc:
            self._publish(_problem(ScaleStatus.DISCONNECTED, f"cannot open {port}: {exc}"))
            result = None
        except Exception as exc:  # line settings the port refuses, a driver bug: shown and retried
            log.exception("scale port cannot be configured", extra={"port": port})
            self._publish(_problem(ScaleStatus.ERROR, f"cannot configure {port}: {exc}"))
            result = False
        self._driver.close()  # a half-open exclusive port would refuse every later open
        return result

    def _read_until_lost(self) -> None:
        try:
            self._session()
        except DisconnectErrors as exc:
            log.warning("scale disconnected", extra={"port": self.profile.port, "reason": str(exc)})
            self._publish(_problem(ScaleStatus.DISCONNECTED, f"scale port lost: {exc}"))
        except Exception as exc:  # a driver bug must not kill the kiosk's only scale thread
            log.exception("scale session failed", extra={"port": self.profile.port})
            self._publish(_problem(ScaleStatus.ERROR, f"scale driver failed: {exc}"))
        finally:
            self._driver.close()
            self._window.reset()

    def _session(self) -> None:
        p = self.profile
        while not self._commands.empty():  # a tare asked for while unplugged would hit a different pan
            self._commands.get_nowait()
        with self._lock:
            piece_weight = self._piece_weight_g
        if piece_weight is not None:  # a replugged scale forgot what it was taught
            self._driver.set_piece_weight(piece_weight)
        last_data = next_poll = time.monotonic()
        errors = 0
        while not self._stop.is_set():
            while not self._commands.empty():
                self._commands.get_nowait()()
            now = time.monotonic()
            if p.mode == "poll" and now >= next_poll:
                self._driver.request_weight()
                next_poll = now + p.poll_interval_s
            items = self._driver.samples()
            now = time.monotonic()
            if items:
                last_data = now
            elif now - last_data > p.silence_s:
                self._publish(
                    _problem(ScaleStatus.DISCONNECTED, f"no data from the scale for {p.silence_s:g} s")
                )
            for item in items:
                if isinstance(item, FrameError):
                    errors = p.error_after if isinstance(item, FrameOverflow) else errors + 1
                    log.debug("unreadable scale frame", extra={"reason": item.reason})
                    if errors >= p.error_after:
                        self._publish(
                            _problem(ScaleStatus.ERROR, f"unreadable data from the scale: {item.reason}")
                        )
                    continue
                errors = 0
                self._publish(self._reading(item, now))

    def _reading(self, sample: Sample, now: float) -> Reading:
        p = self.profile
        if sample.status in _BAD:
            self._window.reset()
            return _problem(sample.status, sample.detail)
        with self._lock:
            offset, piece_weight = self._offset_g, self._piece_weight_g
        weight = sample.weight_g
        stable = sample.stable
        if weight is not None:
            if stable is None and not -UNDERLOAD_DIVISIONS * p.division_g <= weight <= p.capacity_g:
                # No flag from the scale: judge over/underload from the profile's capacity and division.
                self._window.reset()
                return _problem(ScaleStatus.OVERLOAD if weight > 0 else ScaleStatus.UNDERLOAD)
            if stable is None:
                stable = self._window.add(weight, now)
            with self._lock:
                self._raw_g, self._raw_stable = weight, stable
            weight = round(weight - offset, 6)
        stable = bool(stable)
        count, detail = sample.count, sample.detail
        if count is None and weight is not None and piece_weight:
            try:
                count = count_from_weight(weight, piece_weight, p.count_tolerance)
            except NotCountable as exc:
                detail = exc.reason
        return Reading(stable, weight, count, ScaleStatus.OK if stable else ScaleStatus.UNSTABLE, detail)

    def _publish(self, reading: Reading) -> None:
        with self._lock:
            if reading == self._latest:
                return
            self._latest = reading
            self._guard.observe(reading)
        if self._on_reading is not None:
            try:
                self._on_reading(reading)
            except Exception:
                log.exception("scale reading callback failed")
