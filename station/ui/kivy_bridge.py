"""The one place where other threads reach the UI: everything goes through the Kivy clock.

Device and sync threads call `bridge.post(fn, *args)`; `fn` then runs on the UI thread at
the next frame. Nothing else in the station may touch widgets from another thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from kivy.clock import Clock

log = logging.getLogger(__name__)


def post(fn: Callable[..., Any], *args: Any) -> None:
    """Run `fn(*args)` on the UI thread at the next frame (safe from any thread)."""
    Clock.schedule_once(lambda _dt: fn(*args), 0)


def on_ui_thread(fn: Callable[..., Any]) -> Callable[..., None]:
    """A callable that, called from any thread, runs `fn` on the UI thread."""

    def call(*args: Any) -> None:
        post(fn, *args)

    return call


def every(seconds: float, fn: Callable[[], Any]) -> Any:
    """Call `fn()` on the UI thread every `seconds`; returns the clock event (cancel() stops it)."""
    return Clock.schedule_interval(lambda _dt: fn(), seconds)


def in_background(work: Callable[[], Any], done: Callable[[Any], None]) -> None:
    """Run `work()` on a short-lived daemon thread; `done(result)` then runs on the UI thread.

    `work` must not raise for expected failures (return a value that says so); an unexpected
    exception is logged and `done` is not called.
    """

    def run() -> None:
        try:
            result = work()
        except Exception:
            log.exception("background work failed")
            return
        post(done, result)

    threading.Thread(target=run, name="ui-background", daemon=True).start()
