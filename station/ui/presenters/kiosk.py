"""The kiosk's worker flow: home (photos) -> bench (products) -> count, plus idle and trouble.

All state lives in `self.view` (a `KioskView`); every intent changes it and calls the
listeners once. The Kivy screens only copy the view into widget properties. Supervisor
intents live in `SupervisorPresenter`, which shares this view.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from station.domain import errors
from station.i18n.strings import text
from station.services.workshop import WorkshopService
from station.ui.presenters.gate import LockGesture, PinGate, Session
from station.ui.presenters.numbers import count_picture, progress_picture
from station.ui.presenters.ports import (
    CatalogPort,
    PrinterPort,
    ReadingLike,
    ScalePort,
    SpeakerPort,
    SyncPort,
)
from station.ui.presenters.trouble import ScaleWatch, Trouble, printer_troubles, sync_troubles, view
from station.ui.presenters.view import WORKER_SCREENS, KioskView, ScreenName, Tile
from sync.protocol.events import CountMethod, Event
from sync.protocol.roster import Product, Worker

log = logging.getLogger(__name__)

WORKERS_PER_PAGE = 4
PRODUCTS_PER_PAGE = 3
GREETING_S = 2.5
CELEBRATE_S = 2.5
NOTICE_S = 3.0
DEVICE_POLL_S = 2.0


@dataclass(frozen=True, slots=True)
class KioskRules:
    idle_s: float = 60.0
    supervisor_timeout_s: float = 120.0
    undo_s: float = 10.0
    language: str = "zh-Hans"


@dataclass
class KioskDeps:
    service: WorkshopService
    catalog: CatalogPort
    speaker: SpeakerPort
    scale: ScalePort | None = None
    printer: PrinterPort | None = None
    sync: SyncPort | None = None
    verify_pin: Callable[[str, str], bool] | None = None
    piece_weights: MutableMapping[str, float] | None = None  # learned piece weights by product id
    scale_division_g: float = 0.1  # the scale's smallest step, for judging a learning sample
    # Runs slow work off the UI thread and hands its result back on it; None: right away (tests).
    background: Callable[[Callable[[], Any], Callable[[Any], None]], None] | None = None
    monotonic: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time
    # A worker photo or product picture reference -> the file to show (station.app.pictures);
    # None: the reference as it is (tests without a photo store).
    picture: Callable[[str], str] | None = None


class KioskPresenter:
    def __init__(self, deps: KioskDeps, rules: KioskRules) -> None:
        self.deps = deps
        self.rules = rules
        self.view = KioskView(language=rules.language)
        self.listeners: list[Callable[[KioskView], None]] = []
        self.lock = LockGesture()
        self.pin_gate = PinGate(deps.verify_pin or (lambda _pin, _hash: False))
        self.session = Session(rules.supervisor_timeout_s)
        self.scale_watch = ScaleWatch()
        self.piece_weights = deps.piece_weights if deps.piece_weights is not None else {}
        self._reading: ReadingLike | None = None
        self._tap_count = 0
        self._last_touch = deps.monotonic()
        self._started_wall = deps.wall()
        self._greeting_until = 0.0
        self._celebrate_until = 0.0
        self._notice_until = 0.0
        self._undo: tuple[str, float] | None = None  # (tally event id, deadline)
        self._device_troubles: set[Trouble] = set()
        self._flow_trouble: set[Trouble] = set()
        self._next_device_poll = 0.0
        self._pin = ""
        self.supervisor_id: str | None = None
        self._refresh_home()
        self._set_title()

    # --- plumbing -------------------------------------------------------------------------

    def changed(self) -> None:
        for listener in list(self.listeners):
            listener(self.view)

    def _touch(self) -> float:
        now = self.deps.monotonic()
        self._last_touch = now
        if self.view.screen in (ScreenName.SUPERVISOR, ScreenName.PIN):
            self.session.touch(now)
        return now

    def off_ui(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        if self.deps.background is None:
            done(work())
        else:
            self.deps.background(work, done)

    def t(self, key: str, **values: object) -> str:
        return text(key, self.view.language, **values)

    def say(self, key: str, **values: object) -> None:
        self.deps.speaker.say(self.t(key, **values), self.view.language)

    def go(self, screen: ScreenName) -> None:
        self.view.screen = screen
        self._set_title()

    def _set_title(self) -> None:
        v = self.view
        keys = {
            ScreenName.HOME: "home.title",
            ScreenName.BENCH: "bench.title",
            ScreenName.COUNT: "count.title.tap" if v.tap_mode else "count.title.scale",
            ScreenName.PIN: "sup.pin.title",
        }
        if v.screen == ScreenName.SUPERVISOR:
            v.title = self.t("sup.title", name=v.supervisor.name)
        else:
            v.title = self.t(keys[v.screen])

    # --- home -----------------------------------------------------------------------------

    def picture(self, ref: str) -> str:
        """The file that shows the picture `ref` names (the placeholder until its photo arrives)."""
        return self.deps.picture(ref) if self.deps.picture is not None else ref

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
            Tile(w.worker_id, self.picture(w.photo), w.name, marked=w.worker_id in present)
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

    def page_previous(self) -> None:
        self._touch()
        self.view.page = (self.view.page - 1) % self.view.pages
        self._refresh_home()
        self.deps.speaker.sound("tap")
        self.changed()

    def tap_worker(self, worker_id: str, method: str = "photo") -> None:
        now = self._touch()
        worker = self.deps.catalog.worker(worker_id)
        if worker is None or not worker.active:
            self._notice("worker_unknown", now)
            return
        if worker_id not in self.deps.service.checked_in_now():
            try:
                self.deps.service.check_in(worker_id, method)
            except errors.AlreadyCheckedIn:
                pass
            except errors.StationError:
                log.exception("check-in refused", extra={"worker_id": worker_id})
                self._notice("warning", now)
                return
        v = self.view
        v.worker_id, v.worker_name, v.worker_photo = worker.worker_id, worker.name, self.picture(worker.photo)
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
            self._notice("worker_unknown", self._touch())
            return
        if self.view.screen in WORKER_SCREENS:
            self.tap_worker(worker.worker_id, method="badge")

    def _notice(self, picture: str, now: float) -> None:
        self.view.notice_picture = picture
        self._notice_until = now + NOTICE_S
        self.deps.speaker.sound("error")
        self.say("say.ask_helper")
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
        v.product_pages = max(1, math.ceil(len(products) / PRODUCTS_PER_PAGE))
        v.product_page = min(v.product_page, v.product_pages - 1)
        start = v.product_page * PRODUCTS_PER_PAGE
        v.product_tiles = [
            Tile(
                p.product_id,
                self.picture(p.pictogram),
                p.name(v.language),
                count=totals.get((v.worker_id, p.product_id), 0),
            )
            for p in products[start : start + PRODUCTS_PER_PAGE]
        ]
        total = sum(n for (w, _p), n in totals.items() if w == v.worker_id)
        v.today = count_picture(total)
        v.stars, v.stacks = progress_picture(total)

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
        v.product_id, v.product_image = product.product_id, self.picture(product.pictogram)
        v.tap_mode = product.count_mode is CountMethod.TAP or self.deps.scale is None
        v.greeting = False
        self._tap_count = 0
        if not v.tap_mode and self.deps.scale is not None:
            self.deps.scale.set_piece_weight(self.piece_weights.get(product_id, product.piece_weight_g))
        self.go(ScreenName.COUNT)
        self._refresh_count()
        self.deps.speaker.sound("tap")
        self.say("count.title.tap" if v.tap_mode else "count.title.scale")
        self.changed()

    def done_for_today(self) -> None:
        self._touch()
        v = self.view
        name = v.worker_name
        try:
            self.deps.service.check_out(v.worker_id)
        except errors.NotCheckedIn:
            pass
        except errors.StationError:
            log.exception("check-out refused", extra={"worker_id": v.worker_id})
        self.deps.speaker.sound("goodbye")
        self.say("say.goodbye", name=name)
        self._leave_worker()
        self.changed()

    def _leave_worker(self) -> None:
        v = self.view
        v.worker_id = v.worker_name = v.worker_photo = v.product_id = ""
        v.greeting = False
        v.celebrating = None
        self._undo = None
        v.undo_left_s = 0
        self._flow_trouble.clear()
        v.page = 0  # home always opens on its first page: nothing to remember
        self._refresh_home()
        self.go(ScreenName.HOME)

    # --- counting -------------------------------------------------------------------------

    def on_reading(self, reading: ReadingLike) -> None:
        """A scale reading, already moved onto the UI thread by the bridge."""
        self._reading = reading
        self.scale_watch.update(reading.status, reading.stable, self.deps.monotonic())
        if self.view.screen == ScreenName.COUNT and not self.view.tap_mode:
            self._refresh_count()
            self._refresh_troubles()
            self.changed()
        elif self.view.screen == ScreenName.SUPERVISOR:
            self._reading_changed_for_supervisor()

    def _reading_changed_for_supervisor(self) -> None:
        """Overridden by the supervisor mixin to show the live reading."""

    def _scale_count(self) -> int | None:
        r = self._reading
        if r is None or str(r.status) not in ("ok", "unstable"):
            return None
        return r.count

    def _refresh_count(self) -> None:
        v = self.view
        if v.celebrating is not None:  # the count just saved stays on screen while it is celebrated
            v.count = count_picture(v.celebrating)
            v.can_save = False
            return
        if v.tap_mode:
            v.count = count_picture(self._tap_count)
            v.stable = True
            v.can_save = self._tap_count >= 1
            return
        n = self._scale_count()
        r = self._reading
        v.count = count_picture(n)
        v.stable = bool(r and r.stable and str(r.status) == "ok")
        allowed = self.deps.scale.save_allowed() if self.deps.scale else False
        v.can_save = bool(v.stable and n and n >= 1 and allowed)

    def plus_one(self) -> None:
        self._touch()
        if self.view.tap_mode:
            self.view.celebrating = None
            self._tap_count += 1
            self._refresh_count()
            self.deps.speaker.sound("tap")
            self.say("say.number", n=self._tap_count)
            self.changed()

    def minus_one(self) -> None:
        self._touch()
        if self.view.tap_mode and self._tap_count > 0:
            self.view.celebrating = None
            self._tap_count -= 1
            self._refresh_count()
            self.deps.speaker.sound("tap")
            self.say("say.number", n=self._tap_count)
            self.changed()

    def save(self) -> Event | None:
        """Write the tally first; only then celebrate, print and offer undo."""
        now = self._touch()
        v = self.view
        self._refresh_count()
        if not v.can_save:
            self.deps.speaker.sound("error")
            self.say("say.wait_scale" if not v.tap_mode else "say.nothing")
            self.changed()
            return None
        product = self.deps.catalog.product(v.product_id)
        if v.tap_mode:
            count, method, gross, piece = self._tap_count, CountMethod.TAP, None, None
        else:
            r = self._reading
            assert r is not None and r.count is not None
            count, method, gross = r.count, CountMethod.SCALE, r.weight_g
            piece = self.piece_weights.get(v.product_id, product.piece_weight_g if product else None)
        try:
            event = self.deps.service.record_tally(v.worker_id, v.product_id, count, method, gross, piece)
        except errors.CountAboveCeiling:
            return self._not_saved(Trouble.TOO_MANY)
        except errors.StationError:
            log.exception("tally refused", extra={"worker_id": v.worker_id, "product_id": v.product_id})
            return self._not_saved(Trouble.NOT_SAVED)
        self._flow_trouble.clear()
        if not v.tap_mode and self.deps.scale is not None:
            self.deps.scale.arm_after_save()
        self._tap_count = 0
        self._undo = (event.event_id, now + self.rules.undo_s)
        v.undo_left_s = math.ceil(self.rules.undo_s)
        v.celebrating = count
        self._celebrate_until = now + CELEBRATE_S
        self._refresh_count()
        self.deps.speaker.sound("celebrate")
        self.say("say.saved", n=count)
        self._print(event.event_id)
        self._refresh_troubles()
        self.changed()
        return event

    def _not_saved(self, trouble: Trouble) -> None:
        self._flow_trouble = {trouble}
        self.deps.speaker.sound("error")
        self.say("say.ask_helper")
        self._refresh_troubles()
        self.changed()
        return None

    def _print(self, event_id: str, reprint: bool = False) -> None:
        printer = self.deps.printer
        if printer is None:
            return
        try:
            printer.reprint(event_id) if reprint else printer.enqueue_receipt(event_id)
        except Exception:  # a printer problem must never undo a saved tally
            log.exception("receipt not queued", extra={"event_id": event_id})
            self._device_troubles.add(Trouble.PRINTER_OFFLINE)

    def undo(self) -> None:
        self._touch()
        if self._undo is None:
            return
        event_id, _deadline = self._undo
        self._undo = None
        self.view.undo_left_s = 0
        self.view.celebrating = None
        self._refresh_count()
        try:
            self.deps.service.undo(event_id, self.view.worker_id)
        except errors.StationError:
            log.info("undo refused", extra={"event_id": event_id})
            self.deps.speaker.sound("error")
            self.changed()
            return
        self.deps.speaker.sound("undo")
        self.say("say.undone")
        if self.view.screen == ScreenName.BENCH:
            self._refresh_bench()
        self.changed()

    def back(self) -> None:
        """The red cross / back arrow: one step towards home, never losing anything."""
        self._touch()
        v = self.view
        if v.screen == ScreenName.COUNT:
            v.celebrating = None
            self._tap_count = 0
            self._flow_trouble.clear()
            self._refresh_bench()
            self.go(ScreenName.BENCH)
            self._refresh_troubles()
        elif v.screen == ScreenName.BENCH:
            self._leave_worker()
        elif v.screen == ScreenName.PIN:
            self._pin = ""
            v.pin_length = 0
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
        if self._undo is not None:
            left = self._undo[1] - now
            v.undo_left_s = max(0, math.ceil(left))
            if left <= 0:
                self._undo = None
        if v.greeting and now >= self._greeting_until:
            v.greeting = False
        if v.celebrating is not None:
            v.celebrate_frame += 1
        if v.celebrating is not None and now >= self._celebrate_until:
            v.celebrating = None
            if v.screen == ScreenName.COUNT:
                self._refresh_count()
        if v.notice_picture and now >= self._notice_until:
            v.notice_picture = ""
        v.lock_taps_left = self.lock.remaining(now)
        if now >= self._next_device_poll:
            self._next_device_poll = now + DEVICE_POLL_S
            self._poll_devices()
        self._tick_modes(now)
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
            v.notice_picture,
            self._trouble_keys(),
            v.lock_taps_left,
            v.supervisor.session_left_s,
            v.pin_message,
            v.count,
            v.celebrate_frame,
        )

    def _tick_modes(self, now: float) -> None:
        v = self.view
        if v.screen in (ScreenName.BENCH, ScreenName.COUNT) and now - self._last_touch >= self.rules.idle_s:
            log.info("idle: back to the photos", extra={"worker_id": v.worker_id})
            self._leave_worker()

    def _poll_devices(self) -> None:
        troubles: set[Trouble] = set()
        if self.deps.printer is not None:
            try:
                troubles |= printer_troubles(self.deps.printer.status())
            except Exception:
                log.exception("printer status failed")
        if self.deps.sync is not None:
            try:
                s = self.deps.sync.status()
                troubles |= sync_troubles(s.backlog, s.last_ack_wall, self._started_wall, self.deps.wall())
            except Exception:
                log.exception("sync status failed")
        self._device_troubles = troubles

    def _refresh_troubles(self) -> None:
        now = self.deps.monotonic()
        troubles = set(self._device_troubles) | self._flow_trouble
        if self.deps.scale is not None and self.view.screen == ScreenName.COUNT and not self.view.tap_mode:
            troubles |= self.scale_watch.troubles(now)
        self.view.troubles = [view(t) for t in sorted(troubles)]

    def _trouble_keys(self) -> tuple[str, ...]:
        return tuple(t.trouble.value for t in self.view.troubles)

    def on_printer_status(self, status: str) -> None:
        """The print service saw the printer change (out of paper, back): show it now, not at the next poll."""
        printer = {Trouble.PRINTER_PAPER_OUT, Trouble.PRINTER_OFFLINE}
        self._device_troubles = (self._device_troubles - printer) | printer_troubles(status)
        self._refresh_troubles()
        self.changed()

    def poll_devices_now(self) -> None:
        """Re-read printer and sync status at once (after a supervisor action, in tests)."""
        self._poll_devices()
        self._refresh_troubles()
        self.changed()
