"""The kiosk presenter: the wiring of the screens, the clock's tick and the listeners.

All state lives in `self.view` (a `KioskView`); every intent changes it and calls the
listeners once. The Kivy screens only copy the view into widget properties. The worker's way
through home, bench and check-out is `WorkerFlow` (`self.worker`), counting one product
`CountingPresenter` and supervisor mode `SupervisorPresenter` (`self.supervisor`), all composed
here and sharing the view; this class changes screens and dispatches the tick.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from station.i18n.strings import text
from station.ui.presenters.counting import CountingPresenter
from station.ui.presenters.deps import KioskDeps, KioskRules
from station.ui.presenters.devices import DeviceTroubles
from station.ui.presenters.pictures import Picture
from station.ui.presenters.ports import ReadingLike
from station.ui.presenters.redraw import TimedState
from station.ui.presenters.supervisor import SupervisorPresenter
from station.ui.presenters.timing import IdleWatch, TapGuard
from station.ui.presenters.trouble import view
from station.ui.presenters.view import Card, KioskView, ScreenName
from station.ui.presenters.worker_flow import WorkerFlow
from sync.protocol.events import Event

__all__ = ["KioskDeps", "KioskPresenter", "KioskRules"]


class KioskPresenter:
    def __init__(self, deps: KioskDeps, rules: KioskRules) -> None:
        self.deps = deps
        self.rules = rules
        self.view = KioskView(language=rules.language)
        self.listeners: list[Callable[[KioskView], None]] = []
        self.idle = IdleWatch(rules.idle_s, deps.monotonic())  # any touch or pan change, on any screen
        self.taps = TapGuard(rules.tap_cooldown_s)
        self.devices = DeviceTroubles(deps)
        self.worker = WorkerFlow(self)
        self.counting = CountingPresenter(deps, rules, self.view, self.worker.say, self.devices.printer_failed)
        self.supervisor = SupervisorPresenter(self)
        self.worker.refresh_home()
        self._set_title()

    # --- plumbing -------------------------------------------------------------------------

    def changed(self) -> None:
        for listener in list(self.listeners):
            listener(self.view)

    def _touch(self) -> float:
        now = self.deps.monotonic()
        self.idle.activity(now)
        if self.view.screen in (ScreenName.SUPERVISOR, ScreenName.PIN):
            self.supervisor.session.touch(now)
        return now

    def _guarded(self, intent: str) -> bool:
        """A touch on a control that must not fire twice in a row (see TapGuard)."""
        now = self._touch()
        return self.taps.accept(intent, now)

    def off_ui(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        if self.deps.background is None:
            done(work())
        else:
            self.deps.background(work, done)

    def t(self, key: str, **values: object) -> str:
        return text(key, self.view.language, **values)

    def say_again(self) -> None:
        """The ear/speaker button: the last sentence once more (the screen's own when nothing was said)."""
        if not self._guarded("say_again"):
            return
        if self.worker.state.last_said is None:
            self._set_title()
        self.worker.say_last(self._title_key())
        self.changed()

    def go(self, screen: ScreenName) -> None:
        self.view.screen = screen
        self._set_title()

    def _title_key(self) -> str:
        v = self.view
        return {
            ScreenName.HOME: "home.title",
            ScreenName.BENCH: "bench.title",
            ScreenName.COUNT: "count.title.tap" if v.tap_mode else "count.title.scale",
            ScreenName.PIN: "sup.pin.title",
            ScreenName.SUPERVISOR: "sup.title",
        }[v.screen]

    def _set_title(self) -> None:
        self.view.title = self.t(self._title_key(), name=self.view.supervisor.name)

    # --- the worker flow (WorkerFlow) -----------------------------------------------------

    def catalog_changed(self) -> None:
        """New roster or products arrived from the office: redraw what shows them."""
        self.worker.refresh_home()
        if self.view.worker_id:
            self.worker.refresh_bench()
        self.changed()

    def page_next(self) -> None:
        self.worker.page_next()

    def tap_worker(self, worker_id: str, method: str = "photo") -> None:
        self.worker.tap_worker(worker_id, method)

    def badge(self, card: str) -> None:
        self.worker.badge(card)

    def more_products(self) -> None:
        self.worker.more_products()

    def done_for_today(self) -> None:
        self.worker.done_for_today()

    def leave_worker(self) -> None:
        self.worker.leave_worker()

    # --- counting -------------------------------------------------------------------------

    def tap_product(self, product_id: str) -> None:
        self._touch()
        product = self.deps.catalog.product(product_id)
        if product is None or not self.view.worker_id:
            return
        v = self.view
        v.greeting = v.check_out_armed = False
        self.counting.begin(product)
        self.go(ScreenName.COUNT)
        self.deps.speaker.sound("tap")
        self.worker.say(self.counting.state_sentence() or self._title_key())
        self._refresh_troubles()  # a trouble's card and sentence come after the screen's own
        self.changed()

    def on_reading(self, reading: ReadingLike) -> None:
        """A scale reading, already moved onto the UI thread by the bridge."""
        if self.counting.on_reading(reading, self.deps.monotonic()):
            self.idle.activity(self.deps.monotonic())  # pieces going on or off the pan: someone is working
        if self.view.screen == ScreenName.COUNT and not self.view.tap_mode:
            self.counting.refresh()
            self._refresh_troubles()
            self.changed()
        elif self.view.screen == ScreenName.SUPERVISOR:
            self.supervisor.reading_changed()

    def plus_one(self) -> None:
        if self._guarded("plus_one"):
            self.counting.step(+1)
            self.changed()

    def minus_one(self) -> None:
        if self._guarded("minus_one"):
            self.counting.step(-1)
            self.changed()

    def save(self) -> Event | None:
        if not self._guarded("save"):
            return None
        event = self.counting.save(self.deps.monotonic())
        self._refresh_troubles()
        self.changed()
        return event

    def undo(self) -> None:
        """Take the last count back; from the bench this reopens that product's count screen,
        where the spoken sentence says what to do next."""
        if not self._guarded("undo"):
            return
        if self.counting.undo() and self.view.screen == ScreenName.BENCH:
            self.view.check_out_armed = False
            self.worker.refresh_bench()
            self.go(ScreenName.COUNT)
            self._refresh_troubles()
        self.changed()

    def back(self) -> None:
        """The red cross / back arrow: one step towards home, never losing anything."""
        if not self._guarded("back"):
            return
        v = self.view
        v.card = None
        if v.screen == ScreenName.COUNT:
            self.counting.reset()
            self.worker.refresh_bench()
            self.go(ScreenName.BENCH)
            self._refresh_troubles()
        elif v.screen == ScreenName.BENCH:
            self.worker.leave_worker()
        elif v.screen == ScreenName.PIN:
            self.supervisor.leave_pad()
            self.worker.refresh_home()
            self.go(ScreenName.HOME)
        self.deps.speaker.sound("tap")
        self.changed()

    # --- time -----------------------------------------------------------------------------

    def tick(self) -> None:
        """Called a few times a second by the UI clock: timers, idle, device polling."""
        now = self.deps.monotonic()
        v = self.view
        before = TimedState.of(v)
        before_goal = v.goal
        if self.counting.tick(now) and v.screen == ScreenName.COUNT:  # the success card ends on the bench
            self.worker.refresh_bench()
            self.go(ScreenName.BENCH)
            self.worker.celebrate_goal(before_goal)
        self.worker.tick(now)
        self.devices.poll_if_due(now)
        self.worker.tick_idle(now)
        self.supervisor.tick(now)
        self._refresh_troubles()
        if TimedState.of(v) != before:
            self.changed()

    def _refresh_troubles(self) -> None:
        """The troubles now; one a worker has not been shown yet gets the "ask the teacher" card."""
        now = self.deps.monotonic()
        v = self.view
        troubles = set(self.devices.troubles) | self.counting.trouble
        if self.deps.scale is not None and v.screen == ScreenName.COUNT and not v.tap_mode:
            troubles |= self.counting.scale_watch.troubles(now)
        shown = {t.trouble for t in v.troubles}
        v.troubles = [view(t) for t in sorted(troubles)]
        if v.screen == ScreenName.COUNT:
            self.counting.refresh(speak=False)
        new = [t for t in v.troubles if t.for_workers and t.trouble not in shown]
        if new and v.screen in (ScreenName.BENCH, ScreenName.COUNT) and v.celebrating is None:
            self.worker.show_card(Card(new[0].picture.file, Picture.ASK_TEACHER.file), now, new[0].spoken_key)

    def on_printer_status(self, status: str) -> None:
        """The print service saw the printer change (out of paper, back): show it now, not at the next poll."""
        self.devices.printer_status(status)
        self._refresh_troubles()
        self.changed()

    def poll_devices_now(self) -> None:
        """Re-read printer and sync status at once (after a supervisor action, in tests)."""
        self.devices.poll()
        self._refresh_troubles()
        self.changed()
