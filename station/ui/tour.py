"""The tour: drive the real kiosk through every screen with simulated touches, one PNG each.

Worker flow, device trouble (scale unplugged, unsteady too long, printer out of paper,
not synced for long), idle (a kept count, the warning ring), the PIN pad and every supervisor
panel. Every picture is taken once the state it shows is there (waited for, never timed), and
with `check` every state visited is held to the accessibility rules.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from station.ui.accessibility import check_supervisor_screen, check_worker_screen
from station.ui.driving import Driver
from station.ui.presenters.trouble import Trouble
from station.ui.presenters.view import WORKER_SCREENS, CountState, ScreenName

log = logging.getLogger(__name__)

SLOW_SETTLE_S = 120.0
QUICK_SETTLE_S = 0.2
UNSTEADY_ADVANCE_S = 9.0  # past the presenter's "unsteady too long" (8 s), on its clock


class Tour:
    def __init__(
        self,
        driver: Driver,
        scale: Any,
        printer: Any,
        sync: Any,
        out_dir: Path,
        advance: Callable[[float], None],
        check: bool = False,
    ) -> None:
        self.d = driver
        self.scale = scale
        self.printer = printer
        self.sync = sync
        self.out = out_dir
        self.advance = advance  # moves the presenter's clock forward (timers, without sleeping)
        self.shots: list[Path] = []
        self.check = check
        self.problems: list[str] = []

    def shot(self, name: str) -> None:
        self.shots.append(self.d.shot(self.out / f"{len(self.shots) + 1:02d}_{name}.png"))
        if self.check:
            screen = self.d.screen()
            rules = check_worker_screen if screen in WORKER_SCREENS else check_supervisor_screen
            self.problems += rules(self.d.app.screens[screen], name)

    def run(self) -> list[Path]:
        d, p = self.d, self.d.app.presenter
        self.shot("home")
        d.tap("home.page_next")
        self.shot("home_page_2")
        d.tap("home.page_next")
        d.tap("home.page_next")  # the one arrow goes round to page one
        d.tap("home.worker.0")
        self.shot("bench_greeting")
        d.tap("bench.product.0")
        d.until(lambda: p.view.state is CountState.EMPTY, what="an empty pan")
        self.shot("count_scale_empty")
        pan = self.scale.pan
        pan.settle_s = SLOW_SETTLE_S  # the pile keeps swinging: the "moving hand" shows
        self.scale.put_pieces(7, 8.6)
        d.until(lambda: p.view.count.digits == "7" and not p.view.stable, what="seven pieces, moving")
        self.shot("count_scale_moving")
        pan.settle_s = QUICK_SETTLE_S
        d.until(lambda: p.view.can_save and p.view.count.digits == "7", what="a steady reading")
        self.shot("count_scale_steady")
        d.tap("count.save")
        self.shot("count_saved_success_card")
        self.advance(3)
        d.until(lambda: p.view.screen is ScreenName.BENCH, what="the bench, by itself")
        self.shot("bench_after_save_undo_ring")
        d.tap("bench.product.0")
        d.until(lambda: p.view.state is CountState.TAKE_OFF, what="the saved pile still on the pan")
        self.shot("count_take_them_off")
        self.scale.remove_all()
        d.until(lambda: p.view.count.digits == "0", what="an empty pan")
        self.scale.put_pieces(3, 12.9)  # 38.7 g of 8.6 g pieces: 4.5, not a whole number
        d.until(lambda: p.view.state is CountState.NOT_WHOLE, what="not a whole number")
        self.shot("count_not_a_whole_number")
        self.scale.remove_all()
        d.until(lambda: p.view.count.digits == "0", what="an empty pan")
        pan.settle_s = SLOW_SETTLE_S
        self.scale.put_pieces(3, 8.6)
        d.until(lambda: p.view.count.digits == "3" and not p.view.stable, what="three pieces, moving")
        self.advance(UNSTEADY_ADVANCE_S)
        d.until(lambda: any(t.trouble is Trouble.SCALE_UNSTABLE for t in p.view.troubles), what="unsteady too long")
        self.shot("trouble_scale_unsteady_too_long")
        self.scale.unplug()
        d.until(lambda: any(t.trouble is Trouble.SCALE_UNPLUGGED for t in p.view.troubles), what="unplugged picture")
        self.shot("trouble_scale_unplugged")
        pan.settle_s = QUICK_SETTLE_S
        self.scale.remove_all()
        self.scale.replug()
        d.until(lambda: not any(t.trouble is Trouble.SCALE_UNPLUGGED for t in p.view.troubles), what="scale back")
        self.printer.state = "paper_out"
        healthy = (self.sync.current.backlog, self.sync.current.last_ack_wall)
        self.sync.current.backlog, self.sync.current.last_ack_wall = 120, 0.0
        p.poll_devices_now()
        self.shot("trouble_printer_paper_out_and_sync_stale")
        self.printer.state = "ok"
        self.sync.current.backlog, self.sync.current.last_ack_wall = healthy
        p.poll_devices_now()
        d.tap("count.back")
        d.tap("bench.back")
        d.tap("home.page_next")
        d.tap("home.worker.0")  # a worker who may make anything: products are paged
        d.tap("bench.more")
        self.shot("bench_more_products")
        d.tap("bench.product.1")  # seat cushion, tap-counted
        for _ in range(3):
            d.tap("count.plus_one")
        self.shot("count_tap")
        idle_s = p.rules.idle_s
        self.advance(idle_s + 1)  # nobody touches the screen: the unsaved count is kept, a reminder is spoken
        d.until(lambda: p.idle.left(p.deps.monotonic()) > 1, what="the idle reminder")
        self.shot("count_tap_kept_after_idle")
        d.tap("count.save")
        d.tap("count.back")
        self.shot("bench_progress_with_undo")
        self.advance(p.rules.undo_s)
        d.until(lambda: not p.view.undo_left_s, what="the undo window closed")
        d.tap("bench.done")
        self.shot("bench_check_out_confirm")
        self.advance(6)  # no second tap: the door asks no more
        self.advance(idle_s - 10)
        d.until(lambda: p.view.idle_left_s > 0, what="the idle warning")
        self.shot("bench_idle_warning_ring")
        for _ in range(4):
            d.tap("lock")
        self.shot("supervisor_pin")
        for digit in "0000":
            d.tap(f"pin.{digit}")
        d.tap("pin.ok")
        d.until(lambda: p.view.pin_message, what="the wrong PIN answered")
        self.shot("supervisor_pin_wrong")
        for digit in "1234":
            d.tap(f"pin.{digit}")
        d.tap("pin.ok")
        d.until(lambda: p.view.screen is ScreenName.SUPERVISOR, what="PIN accepted")
        self.shot("supervisor_tallies")
        d.tap("sup.tallies.0.correct")
        self.shot("supervisor_correct")
        d.tap("sup.reason.miscount")
        d.tap("sup.tab.workers")
        self.shot("supervisor_checked_in")
        d.tap("sup.tab.scale")
        self.shot("supervisor_scale")
        d.tap("sup.tab.status")
        self.shot("supervisor_status")
        d.tap("sup.tab.settings")
        self.shot("supervisor_settings")
        d.tap("sup.exit")
        return self.shots
