"""The kiosk's worker flow: home (photos) -> bench (products) -> count, plus idle and trouble.

All state lives in `self.view` (a `KioskView`); every intent changes it and calls the
listeners once. The Kivy screens only copy the view into widget properties. Counting one
product is `CountingPresenter` and supervisor mode `SupervisorPresenter` (`self.supervisor`),
both composed here and sharing the view.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from station.domain import errors
from station.i18n.strings import text
from station.ui.presenters.counting import CountingPresenter
from station.ui.presenters.deps import KioskDeps, KioskRules
from station.ui.presenters.devices import DeviceTroubles
from station.ui.presenters.numbers import count_picture
from station.ui.presenters.pictures import Picture
from station.ui.presenters.ports import ReadingLike
from station.ui.presenters.supervisor import SupervisorPresenter
from station.ui.presenters.timing import IdlePhase, IdleWatch, TapGuard
from station.ui.presenters.trouble import view
from station.ui.presenters.view import WORKER_SCREENS, Card, Goal, KioskView, ScreenName, Tile
from sync.protocol.events import Event
from sync.protocol.roster import Product, Worker

__all__ = ["KioskDeps", "KioskPresenter", "KioskRules"]

log = logging.getLogger(__name__)

WORKERS_PER_PAGE = 4
PRODUCT_SLOTS = 3  # three products, or two and "more" when there are more than three
GREETING_S = 2.5
CARD_S = 4.0  # a trouble card covers the screen this long, then its picture stays in the top bar
CHECK_OUT_CONFIRM_S = 5.0  # "done for today" waits this long for its second tap
UNKNOWN_WORKER = Card(Picture.WORKER_UNKNOWN.file, Picture.ASK_TEACHER.file)


class KioskPresenter:
    def __init__(self, deps: KioskDeps, rules: KioskRules) -> None:
        self.deps = deps
        self.rules = rules
        self.view = KioskView(language=rules.language)
        self.listeners: list[Callable[[KioskView], None]] = []
        self.devices = DeviceTroubles(deps)
        self.counting = CountingPresenter(deps, rules, self.view, self.say, self.devices.printer_failed)
        self.idle = IdleWatch(rules.idle_s, deps.monotonic())
        self.taps = TapGuard(rules.tap_cooldown_s)
        self._greeting_until = 0.0
        self._card_until = 0.0
        self._check_out_until = 0.0
        self._speech_language = ""  # the worker's own language while one is at the bench
        self._speech_rate: int | None = None  # and their speech rate (words per minute), if the office set one
        self._last_said: tuple[str, dict[str, object]] | None = None  # for "say it again"
        self.supervisor = SupervisorPresenter(self)
        self._refresh_home()
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

    def say(self, key: str, **values: object) -> None:
        """Speak in the language of the worker at the bench (the screen keeps the station's)."""
        language = self._speech_language or self.view.language
        self._last_said = (key, values)
        self.view.say_again = True
        self.deps.speaker.say(text(key, language, **values), language, rate=self._speech_rate)

    def say_again(self) -> None:
        """The ear/speaker button: the last sentence once more (the screen's own when nothing was said)."""
        if not self._guarded("say_again"):
            return
        if self._last_said is None:
            self._set_title()
            self._last_said = (self._title_key(), {})
        key, values = self._last_said
        self.say(key, **values)
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

    # --- home -----------------------------------------------------------------------------

    def _workers(self) -> list[Worker]:
        return [w for w in self.deps.catalog.load().workers if w.active]

    def _refresh_home(self) -> None:
        workers = self._workers()
        present = self.deps.service.checked_in_now()
        v = self.view
        v.pages = max(1, math.ceil(len(workers) / WORKERS_PER_PAGE))
        v.page = min(v.page, v.pages - 1)
        start = v.page * WORKERS_PER_PAGE
        v.worker_tiles = [
            Tile(w.worker_id, self.deps.picture_file(w.photo), w.name, marked=w.worker_id in present)
            for w in workers[start : start + WORKERS_PER_PAGE]
        ]

    def catalog_changed(self) -> None:
        """New roster or products arrived from the office: redraw what shows them."""
        self._refresh_home()
        if self.view.worker_id:
            self._refresh_bench()
        self.changed()

    def page_next(self) -> None:
        self._touch()
        self.view.page = (self.view.page + 1) % self.view.pages
        self._refresh_home()
        self.deps.speaker.sound("tap")
        self.changed()

    def tap_worker(self, worker_id: str, method: str = "photo") -> None:
        now = self._touch()
        worker = self.deps.catalog.worker(worker_id)
        if worker is None or not worker.active:
            self._show_card(UNKNOWN_WORKER, now, "say.ask_helper")
            return
        if worker_id not in self.deps.service.checked_in_now():
            try:
                self.deps.service.check_in(worker_id, method)
            except errors.AlreadyCheckedIn:
                pass
            except errors.StationError:
                log.exception("check-in refused", extra={"worker_id": worker_id})
                self._show_card(Card(Picture.ASK_TEACHER.file, ""), now, "say.ask_helper")
                return
        v = self.view
        v.worker_id, v.worker_name, v.worker_photo = worker.worker_id, worker.name, self.deps.picture_file(worker.photo)
        self._speech_language, self._speech_rate = worker.language, worker.speech_rate
        v.greeting = True
        self._greeting_until = now + GREETING_S
        v.product_page = 0
        self._refresh_bench()
        self.go(ScreenName.BENCH)
        self.deps.speaker.sound("greeting")
        self.say("say.greeting", name=worker.name)
        self.changed()

    def badge(self, card: str) -> None:
        """A USB badge reader typed a card number and Enter."""
        card = card.strip()
        worker = self.deps.catalog.worker_by_badge(card) if card else None
        if worker is None:
            log.info("unknown badge", extra={"badge": card})
            self._show_card(UNKNOWN_WORKER, self._touch(), "say.ask_helper")
            return
        if self.view.screen in WORKER_SCREENS:
            self.tap_worker(worker.worker_id, method="badge")

    def _show_card(self, card: Card, now: float, sentence_key: str) -> None:
        """The one "ask the teacher" card: what is wrong beside the teacher, said aloud."""
        self.view.card = card
        self._card_until = now + CARD_S
        self.deps.speaker.sound("error")
        self.say(sentence_key)
        self.changed()

    # --- bench ----------------------------------------------------------------------------

    def _products_for(self, worker_id: str) -> list[Product]:
        products = [p for p in self.deps.catalog.load().products if p.active]
        worker = self.deps.catalog.worker(worker_id)
        if worker and worker.product_ids:
            products = [p for p in products if p.product_id in worker.product_ids]
        return products

    def _refresh_bench(self) -> None:
        v = self.view
        totals = self.deps.service.totals_today()
        products = self._products_for(v.worker_id)
        per_page = PRODUCT_SLOTS if len(products) <= PRODUCT_SLOTS else PRODUCT_SLOTS - 1
        v.product_pages = max(1, math.ceil(len(products) / per_page))
        v.product_page = min(v.product_page, v.product_pages - 1)
        start = v.product_page * per_page
        v.product_tiles = [
            Tile(
                p.product_id,
                self.deps.picture_file(p.pictogram),
                p.name(v.language),
                count=totals.get((v.worker_id, p.product_id), 0),
            )
            for p in products[start : start + per_page]
        ]
        total = sum(n for (w, _p), n in totals.items() if w == v.worker_id)
        v.today = count_picture(total)
        worker = self.deps.catalog.worker(v.worker_id)
        v.goal = Goal(total, worker.daily_goal if worker else None)

    def more_products(self) -> None:
        self._touch()
        self.view.product_page = (self.view.product_page + 1) % self.view.product_pages
        self._refresh_bench()
        self.deps.speaker.sound("tap")
        self.changed()

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
        self.say(self.counting.state_sentence() or self._title_key())
        self._refresh_troubles()  # a trouble's card and sentence come after the screen's own
        self.changed()

    def done_for_today(self) -> None:
        """The door: the first tap turns it into the waving door and asks; the second checks out."""
        if not self._guarded("done"):
            return
        v = self.view
        if not v.check_out_armed:
            v.check_out_armed = True
            self._check_out_until = self.deps.monotonic() + CHECK_OUT_CONFIRM_S
            self.deps.speaker.sound("tap")
            self.say("say.check_out_confirm")
            self.changed()
            return
        name = v.worker_name
        try:
            self.deps.service.check_out(v.worker_id)
        except errors.NotCheckedIn:
            pass
        except errors.StationError:
            log.exception("check-out refused", extra={"worker_id": v.worker_id})
        self.deps.speaker.sound("goodbye")
        self.say("say.goodbye", name=name)
        self.leave_worker()
        self.changed()

    def leave_worker(self) -> None:
        v = self.view
        self._speech_language, self._speech_rate = "", None
        v.worker_id = v.worker_name = v.worker_photo = v.product_id = ""
        v.greeting = v.check_out_armed = False
        v.goal = Goal()
        self.counting.close_undo()
        self.counting.trouble.clear()
        v.page = 0  # home always opens on its first page: nothing to remember
        self._refresh_home()
        self.go(ScreenName.HOME)

    # --- counting -------------------------------------------------------------------------

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
            self._refresh_bench()
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
            self._refresh_bench()
            self.go(ScreenName.BENCH)
            self._refresh_troubles()
        elif v.screen == ScreenName.BENCH:
            self.leave_worker()
        elif v.screen == ScreenName.PIN:
            self.supervisor.leave_pad()
            self._refresh_home()
            self.go(ScreenName.HOME)
        self.deps.speaker.sound("tap")
        self.changed()

    # --- time -----------------------------------------------------------------------------

    def tick(self) -> None:
        """Called a few times a second by the UI clock: timers, idle, device polling."""
        now = self.deps.monotonic()
        v = self.view
        before = self._timed_state()
        before_goal = v.goal
        if self.counting.tick(now) and v.screen == ScreenName.COUNT:  # the success card ends on the bench
            self._refresh_bench()
            self.go(ScreenName.BENCH)
            self._celebrate_goal(before_goal)
        if v.greeting and now >= self._greeting_until:
            v.greeting = False
        if v.card is not None and v.celebrating is None and now >= self._card_until:
            v.card = None
        if v.check_out_armed and now >= self._check_out_until:
            v.check_out_armed = False
        self.devices.poll_if_due(now)
        self._tick_modes(now)
        self.supervisor.tick(now)
        self._refresh_troubles()
        if self._timed_state() != before:
            self.changed()

    def _timed_state(self) -> tuple[object, ...]:
        """What timers can change: the listeners hear of a tick only when one of these moved."""
        v = self.view
        return (
            v.screen,
            v.undo_left_s,
            v.greeting,
            v.celebrating,
            v.card,
            v.check_out_armed,
            v.save_pulse,
            self._trouble_keys(),
            v.lock_taps_left,
            v.supervisor.session_left_s,
            v.pin_message,
            v.count,
            v.celebrate_frame,
            v.idle_left_s,
        )

    def _tick_modes(self, now: float) -> None:
        """Idle: warn, then go home -- but never away from an unsaved count (docs/kiosk.md, Idle)."""
        v = self.view
        if v.screen not in (ScreenName.BENCH, ScreenName.COUNT):
            v.idle_left_s, v.idle_ring = 0, 0.0
            return
        phase = self.idle.phase(now)
        if v.screen == ScreenName.COUNT and self.counting.holds_unsaved_count:
            v.idle_left_s, v.idle_ring = 0, 0.0
            if phase is IdlePhase.IDLE:  # keep the count; remind whoever comes back, once per idle time
                self.idle.activity(now)
                self.deps.speaker.sound("attention")
                self.say("say.count_kept")
            return
        if phase is IdlePhase.ACTIVE:
            v.idle_left_s, v.idle_ring = 0, 0.0
        elif phase is IdlePhase.WARNING:
            if not v.idle_left_s:
                self.deps.speaker.sound("attention")
                self.say("say.idle_warning")
            v.idle_left_s = max(1, math.ceil(self.idle.left(now)))
            v.idle_ring = self.idle.warning_fraction(now)
        else:
            log.info("idle: back to the photos", extra={"worker_id": v.worker_id})
            v.idle_left_s, v.idle_ring = 0, 0.0
            self.leave_worker()

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
            self._show_card(Card(new[0].picture.file, Picture.ASK_TEACHER.file), now, new[0].spoken_key)

    def _celebrate_goal(self, before: Goal) -> None:
        """The save that reaches the worker's daily goal gets its own celebration."""
        if self.view.goal.reached and not before.reached:
            self.deps.speaker.sound("celebrate")
            self.say("say.goal_reached")

    def _trouble_keys(self) -> tuple[str, ...]:
        return tuple(t.trouble.value for t in self.view.troubles)

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
