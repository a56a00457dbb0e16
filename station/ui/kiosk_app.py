"""The Kivy application: each screen built on its first visit, redrawn from the presenter's view.

Only Home is built before the first frame: the other screens (the supervisor panels above all)
cost start-up time and memory a station that is only switched on never needs.

Import this only after `station.ui.kivy_env.prepare_kivy()` (Kivy reads its settings once).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path

from kivy.app import App
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.uix.screenmanager import NoTransition, ScreenManager

from station.app.heap import TRIM_EVERY_S, heap_trimmer
from station.app.systemd_notify import notify, watchdog_interval
from station.ui import kivy_bridge
from station.ui.presenters.kiosk import KioskPresenter
from station.ui.presenters.view import KioskView, ScreenName
from station.ui.screens.base import KioskScreen
from station.ui.widgets import BG, PictureButton

log = logging.getLogger(__name__)

TICK_S = 0.25
BADGE_KEY_GAP_S = 1.0
ENTER_KEYS = (13, 271)  # Return, keypad Enter

# module and class of each screen, imported on its first visit
SCREENS: dict[ScreenName, tuple[str, str]] = {
    ScreenName.HOME: ("station.ui.screens.home", "HomeScreen"),
    ScreenName.BENCH: ("station.ui.screens.bench", "BenchScreen"),
    ScreenName.COUNT: ("station.ui.screens.count", "CountScreen"),
    ScreenName.PIN: ("station.ui.screens.pin", "PinScreen"),
    ScreenName.SUPERVISOR: ("station.ui.screens.supervisor", "SupervisorScreen"),
}


def register_font(path: Path) -> None:
    """Make the CJK font the default for every Label; must run before any widget exists."""
    LabelBase.register(DEFAULT_FONT, str(path))


class KioskApp(App):
    title = "Workshop station"

    def __init__(
        self,
        presenter: KioskPresenter,
        on_stop: Callable[[], None] | None = None,
        on_ready: Callable[[], None] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.presenter = presenter
        self.screens: dict[ScreenName, KioskScreen] = {}
        self._on_stop = on_stop
        self._on_ready = on_ready
        self._badge = ""
        self._badge_at = 0.0
        self._ticker = None
        self._watchdog = None
        self._heap_trim = None

    def build(self) -> ScreenManager:
        Window.clearcolor = BG  # the screens' background (widgets.Screenful)
        self.manager = ScreenManager(transition=NoTransition())
        self.presenter.listeners.append(self.render)
        self._ticker = kivy_bridge.every(TICK_S, self.presenter.tick)
        Window.bind(on_key_down=self._on_key_down)
        self.render(self.presenter.view)
        kivy_bridge.post(self._ready)  # runs once the first frame (Home) is on screen
        return self.manager

    def _ready(self) -> None:
        """Tell systemd the kiosk is up, run `on_ready` (what waited for Home to be drawn), then keep
        the watchdog fed and the heap trimmed from the UI loop."""
        log.info("kiosk ready")
        notify("READY=1")
        if self._on_ready is not None:
            self._on_ready()
        interval = watchdog_interval()
        if interval:
            self._watchdog = kivy_bridge.every(interval, lambda: notify("WATCHDOG=1"))
        trim = heap_trimmer()
        if trim is not None:
            self._heap_trim = kivy_bridge.every(TRIM_EVERY_S, trim)

    def screen(self, name: ScreenName) -> KioskScreen:
        """The screen `name`, built and added to the manager on first use."""
        if name not in self.screens:
            module, cls = SCREENS[name]
            screen_class: type[KioskScreen] = getattr(importlib.import_module(module), cls)
            screen = screen_class(self.presenter, name=name.value)
            self.screens[name] = screen
            self.manager.add_widget(screen)
        return self.screens[name]

    def render(self, view: KioskView) -> None:
        screen = self.screen(view.screen)
        screen.refresh(view)
        if self.manager.current != view.screen.value:
            self.manager.current = view.screen.value

    def control(self, name: str, screen: ScreenName | None = None) -> PictureButton:
        """A named button of the current (or given) screen: for tests, the tour and benchmarks."""
        return self.screen(screen or self.presenter.view.screen).controls[name]

    def _on_key_down(
        self, _window: object, key: int, _scancode: int, codepoint: str | None, _modifiers: list[str]
    ) -> bool:
        """A USB badge reader types the card number and Enter, like a keyboard."""
        from time import monotonic

        now = monotonic()
        if now - self._badge_at > BADGE_KEY_GAP_S:
            self._badge = ""
        self._badge_at = now
        if key in ENTER_KEYS:
            card, self._badge = self._badge, ""
            if card:
                self.presenter.badge(card)
            return True
        if codepoint and codepoint.isalnum():
            self._badge += codepoint
            return True
        return False

    def on_stop(self) -> None:
        for event in (self._ticker, self._watchdog, self._heap_trim):
            if event is not None:
                event.cancel()
        if self._on_stop is not None:
            self._on_stop()
