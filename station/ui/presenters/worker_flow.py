"""One worker's way through the kiosk: photos -> greeting -> bench -> check-out, idle, and their voice.

Composed into the kiosk presenter (`presenter.worker`), which owns the screens, the tick and the
listeners. Everything here that is not on the screen but decides what comes next (greeting and
card timers, the check-out confirmation, the worker's speech language and rate, the last
sentence said) is one `WorkerFlowState`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from station.domain import errors
from station.i18n.strings import text
from station.ui.presenters.numbers import count_picture
from station.ui.presenters.pictures import Picture
from station.ui.presenters.timing import IdlePhase
from station.ui.presenters.view import WORKER_SCREENS, Card, Goal, ScreenName, Tile
from sync.protocol.roster import Product, Worker

if TYPE_CHECKING:
    from station.ui.presenters.kiosk import KioskPresenter

log = logging.getLogger(__name__)

WORKERS_PER_PAGE = 4
PRODUCT_SLOTS = 3  # three products, or two and "more" when there are more than three
GREETING_S = 2.5
CARD_S = 4.0  # a trouble card covers the screen this long, then its picture stays in the top bar
CHECK_OUT_CONFIRM_S = 5.0  # "done for today" waits this long for its second tap
UNKNOWN_WORKER = Card(Picture.WORKER_UNKNOWN.file, Picture.ASK_TEACHER.file)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A string-table sentence with its values, as said (kept for "say it again")."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass
class WorkerFlowState:
    greeting_until: float = 0.0
    card_until: float = 0.0
    check_out_until: float = 0.0
    speech_language: str = ""  # the worker's own language while one is at the bench
    speech_rate: int | None = None  # and their speech rate (words per minute), if the office set one
    last_said: Sentence | None = None  # for "say it again"


class WorkerFlow:
    def __init__(self, kiosk: KioskPresenter) -> None:
        self.kiosk = kiosk
        self.view, self.deps = kiosk.view, kiosk.deps  # shared, never replaced
        self.state = WorkerFlowState()

    # --- voice ----------------------------------------------------------------------------

    def say(self, key: str, **values: object) -> None:
        """Speak in the language of the worker at the bench (the screen keeps the station's)."""
        s = self.state
        language = s.speech_language or self.view.language
        s.last_said = Sentence(key, values)
        self.view.say_again = True
        self.deps.speaker.say(text(key, language, **values), language, rate=s.speech_rate)

    def say_last(self, screen_key: str) -> None:
        """The last sentence once more; the screen's own (`screen_key`) when nothing was said yet."""
        last = self.state.last_said or Sentence(screen_key)
        self.say(last.key, **last.values)

    def show_card(self, card: Card, now: float, sentence_key: str) -> None:
        """The one "ask the teacher" card: what is wrong beside the teacher, said aloud."""
        self.view.card = card
        self.state.card_until = now + CARD_S
        self.deps.speaker.sound("error")
        self.say(sentence_key)
        self.kiosk.changed()

    # --- home -----------------------------------------------------------------------------

    def _workers(self) -> list[Worker]:
        return [w for w in self.deps.catalog.load().workers if w.active]

    def refresh_home(self) -> None:
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

    def page_next(self) -> None:
        self.kiosk._touch()
        self.view.page = (self.view.page + 1) % self.view.pages
        self.refresh_home()
        self.deps.speaker.sound("tap")
        self.kiosk.changed()

    def tap_worker(self, worker_id: str, method: str = "photo") -> None:
        now = self.kiosk._touch()
        worker = self.deps.catalog.worker(worker_id)
        if worker is None or not worker.active:
            self.show_card(UNKNOWN_WORKER, now, "say.ask_helper")
            return
        if worker_id not in self.deps.service.checked_in_now():
            try:
                self.deps.service.check_in(worker_id, method)
            except errors.AlreadyCheckedIn:
                pass
            except errors.StationError:
                log.exception("check-in refused", extra={"worker_id": worker_id})
                self.show_card(Card(Picture.ASK_TEACHER.file, ""), now, "say.ask_helper")
                return
        v, s = self.view, self.state
        v.worker_id, v.worker_name, v.worker_photo = worker.worker_id, worker.name, self.deps.picture_file(worker.photo)
        s.speech_language, s.speech_rate = worker.language, worker.speech_rate
        v.greeting = True
        s.greeting_until = now + GREETING_S
        v.product_page = 0
        self.refresh_bench()
        self.kiosk.go(ScreenName.BENCH)
        self.deps.speaker.sound("greeting")
        self.say("say.greeting", name=worker.name)
        self.kiosk.changed()

    def badge(self, card: str) -> None:
        """A USB badge reader typed a card number and Enter."""
        card = card.strip()
        worker = self.deps.catalog.worker_by_badge(card) if card else None
        if worker is None:
            log.info("unknown badge", extra={"badge": card})
            self.show_card(UNKNOWN_WORKER, self.kiosk._touch(), "say.ask_helper")
            return
        if self.view.screen in WORKER_SCREENS:
            self.tap_worker(worker.worker_id, method="badge")

    # --- bench ----------------------------------------------------------------------------

    def _products_for(self, worker_id: str) -> list[Product]:
        products = [p for p in self.deps.catalog.load().products if p.active]
        worker = self.deps.catalog.worker(worker_id)
        if worker and worker.product_ids:
            products = [p for p in products if p.product_id in worker.product_ids]
        return products

    def refresh_bench(self) -> None:
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
        self.kiosk._touch()
        self.view.product_page = (self.view.product_page + 1) % self.view.product_pages
        self.refresh_bench()
        self.deps.speaker.sound("tap")
        self.kiosk.changed()

    def celebrate_goal(self, before: Goal) -> None:
        """The save that reaches the worker's daily goal gets its own celebration."""
        if self.view.goal.reached and not before.reached:
            self.deps.speaker.sound("celebrate")
            self.say("say.goal_reached")

    # --- leaving --------------------------------------------------------------------------

    def done_for_today(self) -> None:
        """The door: the first tap turns it into the waving door and asks; the second checks out."""
        if not self.kiosk._guarded("done"):
            return
        v = self.view
        if not v.check_out_armed:
            v.check_out_armed = True
            self.state.check_out_until = self.deps.monotonic() + CHECK_OUT_CONFIRM_S
            self.deps.speaker.sound("tap")
            self.say("say.check_out_confirm")
            self.kiosk.changed()
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
        self.kiosk.changed()

    def leave_worker(self) -> None:
        v, s = self.view, self.state
        s.speech_language, s.speech_rate = "", None
        v.worker_id = v.worker_name = v.worker_photo = v.product_id = ""
        v.greeting = v.check_out_armed = False
        v.goal = Goal()
        self.kiosk.counting.close_undo()
        self.kiosk.counting.trouble.clear()
        v.page = 0  # home always opens on its first page: nothing to remember
        self.refresh_home()
        self.kiosk.go(ScreenName.HOME)

    # --- time -----------------------------------------------------------------------------

    def tick(self, now: float) -> None:
        """The greeting, the trouble card and the check-out confirmation end by themselves."""
        v, s = self.view, self.state
        if v.greeting and now >= s.greeting_until:
            v.greeting = False
        if v.card is not None and v.celebrating is None and now >= s.card_until:
            v.card = None
        if v.check_out_armed and now >= s.check_out_until:
            v.check_out_armed = False

    def tick_idle(self, now: float) -> None:
        """Idle: warn, then go home -- but never away from an unsaved count (docs/kiosk.md, Idle)."""
        v, idle = self.view, self.kiosk.idle
        if v.screen not in (ScreenName.BENCH, ScreenName.COUNT):
            v.idle_left_s, v.idle_ring = 0, 0.0
            return
        phase = idle.phase(now)
        if v.screen == ScreenName.COUNT and self.kiosk.counting.holds_unsaved_count:
            v.idle_left_s, v.idle_ring = 0, 0.0
            if phase is IdlePhase.IDLE:  # keep the count; remind whoever comes back, once per idle time
                idle.activity(now)
                self.deps.speaker.sound("attention")
                self.say("say.count_kept")
            return
        if phase is IdlePhase.ACTIVE:
            v.idle_left_s, v.idle_ring = 0, 0.0
        elif phase is IdlePhase.WARNING:
            if not v.idle_left_s:
                self.deps.speaker.sound("attention")
                self.say("say.idle_warning")
            v.idle_left_s = max(1, math.ceil(idle.left(now)))
            v.idle_ring = idle.warning_fraction(now)
        else:
            log.info("idle: back to the photos", extra={"worker_id": v.worker_id})
            v.idle_left_s, v.idle_ring = 0, 0.0
            self.leave_worker()
