"""Drive the real kiosk without a person: pump frames, tap named buttons, take screenshots.

Used by the tour, the end-to-end and accessibility tests and the benchmarks. Touches go
through Kivy's normal dispatch (the same path as a finger), not by calling handlers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from kivy.base import EventLoop
from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch

from station.ui.kiosk_app import KioskApp
from station.ui.presenters.view import ScreenName

FINGER_GAP_S = 0.35  # the shortest pause between a person's two taps: longer than the tap cooldown


class DriveTimeout(Exception):
    """A condition the driver waited for did not happen in time."""


class Driver:
    """With `clock` (the presenter's OffsetClock), taps come at least FINGER_GAP_S apart on it, as
    a person's would: quick simulated taps are not mistaken for a double tap (the tap cooldown)."""

    def __init__(self, app: KioskApp, clock: OffsetClock | None = None) -> None:
        self.app = app
        self.clock = clock
        self._last_tap = float("-inf")

    def start(self) -> Driver:
        self.app._run_prepare()  # builds the app and opens the window, like App.run() minus the loop
        self.frames(3)
        return self

    def stop(self) -> None:
        self.app.stop()
        EventLoop.close()

    def frames(self, n: int = 2) -> None:
        for _ in range(n):
            EventLoop.idle()

    def until(self, condition: Callable[[], object], timeout: float = 10.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise DriveTimeout(f"waited {timeout:.0f} s for {what or condition}")
            EventLoop.idle()
        self.frames(2)  # let layouts settle before the next touch

    def tap(self, name: str, screen: ScreenName | None = None) -> None:
        widget = self.app.control(name, screen)
        if widget.disabled or widget.opacity == 0:
            raise DriveTimeout(f"button {name!r} is not there to tap")
        if self.clock is not None:
            self.clock.advance(max(0.0, self._last_tap + FINGER_GAP_S - self.clock()))
        self.tap_at(*widget.to_window(*widget.center), handled=self._handled)

    def _handled(self) -> None:
        """The gap to the next tap counts from when this one was handled (its first frame), not sent:
        a slower frame must not bring two taps closer than the tap cooldown."""
        if self.clock is not None:
            self._last_tap = self.clock()

    def tap_at(self, x: float, y: float, handled: Callable[[], None] | None = None) -> None:
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        self.frames(1)  # the touch is dispatched to the presenter in this frame
        if handled is not None:
            handled()
        self.frames(1)

    def key(self, text: str, enter: bool = True) -> None:
        """Type like a USB badge reader: characters, then Enter."""
        for ch in text:
            Window.dispatch("on_key_down", ord(ch), 0, ch, [])
        if enter:
            Window.dispatch("on_key_down", 13, 40, None, [])
        self.frames(2)

    def screen(self) -> ScreenName:
        return self.app.presenter.view.screen

    def shot(self, path: Path) -> Path:
        """Save the window as `path` (Kivy's screenshot() adds a counter; we rename)."""
        self.frames(2)
        path.parent.mkdir(parents=True, exist_ok=True)
        written = Path(Window.screenshot(name=str(path.with_suffix("")) + ".png"))
        written.replace(path)
        return path


class OffsetClock:
    """A monotonic clock that can be moved forward, so timers can be shown without waiting."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds
