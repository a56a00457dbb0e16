"""Counting one product: the live count (scale or taps), saving it as a tally, undo, the receipt.

Composed into the kiosk presenter, which owns the screens and calls the listeners: every
method here only changes the shared view, plays sounds and speaks. The tally is written before
anything is celebrated, and its receipt waits until the undo window closes.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from station.domain import errors
from station.domain.weighing import ScaleStatus
from station.ui.presenters.deps import KioskDeps, KioskRules
from station.ui.presenters.numbers import count_picture
from station.ui.presenters.ports import ReadingLike
from station.ui.presenters.timing import UndoWindow
from station.ui.presenters.trouble import ScaleWatch, Trouble, scale_status
from station.ui.presenters.view import KioskView
from sync.protocol.events import CountMethod, Event
from sync.protocol.roster import Product

log = logging.getLogger(__name__)

CELEBRATE_S = 2.5
COUNTING = (ScaleStatus.OK, ScaleStatus.UNSTABLE)  # statuses whose reading carries a count

Say = Callable[..., None]  # say(key, **values): speak a string-table sentence in the view's language


class CountingPresenter:
    def __init__(
        self, deps: KioskDeps, rules: KioskRules, view: KioskView, say: Say, printer_failed: Callable[[], None]
    ) -> None:
        self.deps, self.rules, self.view, self.say = deps, rules, view, say
        self.printer_failed = printer_failed
        self.scale_watch = ScaleWatch()
        self.piece_weights = deps.piece_weights if deps.piece_weights is not None else {}
        self.undo_window = UndoWindow()
        self.trouble: set[Trouble] = set()  # why the last save failed, until the next one or leaving
        self.reading: ReadingLike | None = None
        self._tap_count = 0
        self._celebrate_until = 0.0

    # --- what is on the pan or tapped ---------------------------------------------------------

    def begin(self, product: Product) -> None:
        v = self.view
        v.product_id, v.product_image = product.product_id, self.deps.picture_file(product.pictogram)
        v.tap_mode = product.count_mode is CountMethod.TAP or self.deps.scale is None
        self._tap_count = 0
        if not v.tap_mode and self.deps.scale is not None:
            self.deps.scale.set_piece_weight(self.piece_weights.get(product.product_id, product.piece_weight_g))
        self.refresh()

    def reset(self) -> None:
        """Leaving the count screen with the cross: the worker chose to drop what is tapped."""
        self.view.celebrating = None
        self._tap_count = 0
        self.trouble.clear()

    def on_reading(self, reading: ReadingLike, now: float) -> bool:
        """Take a reading; True when the pan changed (pieces on or off, settling): a sign of work."""
        before, self.reading = self.reading, reading
        self.scale_watch.update(reading.status, reading.stable, now)
        return before is None or (before.count, before.stable) != (reading.count, reading.stable)

    def _scale_count(self) -> int | None:
        r = self.reading
        return r.count if r is not None and scale_status(r.status) in COUNTING else None

    @property
    def holds_unsaved_count(self) -> bool:
        """Pieces counted and not saved yet (tapped, or lying on the pan)."""
        if self.view.celebrating is not None:
            return False
        return bool(self._tap_count if self.view.tap_mode else self._scale_count())

    def refresh(self) -> None:
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
        r = self.reading
        v.count = count_picture(n)
        v.stable = bool(r and r.stable and scale_status(r.status) is ScaleStatus.OK)
        allowed = self.deps.scale.save_allowed() if self.deps.scale else False
        v.can_save = bool(v.stable and n and n >= 1 and allowed)

    def step(self, delta: int) -> None:
        """+1 / -1 in tap mode (never below zero)."""
        if not self.view.tap_mode or self._tap_count + delta < 0:
            return
        self.view.celebrating = None
        self._tap_count += delta
        self.refresh()
        self.deps.speaker.sound("tap")
        self.say("say.number", n=self._tap_count)

    # --- saving and taking back -----------------------------------------------------------------

    def save(self, now: float) -> Event | None:
        """Write the tally first; only then celebrate and offer undo (the receipt waits for it)."""
        v = self.view
        self.refresh()
        if not v.can_save:
            self.deps.speaker.sound("error")
            self.say(self._why_not_saved())
            return None
        product = self.deps.catalog.product(v.product_id)
        if v.tap_mode:
            count, method, gross, piece = self._tap_count, CountMethod.TAP, None, None
        else:
            r = self.reading
            assert r is not None and r.count is not None
            count, method, gross = r.count, CountMethod.SCALE, r.weight_g
            piece = self.piece_weights.get(v.product_id, product.piece_weight_g if product else None)
        try:
            event = self.deps.service.record_tally(v.worker_id, v.product_id, count, method, gross, piece)
        except errors.CountAboveCeiling:
            return self._not_saved(Trouble.TOO_MANY)
        except errors.StorageFull:
            log.error("disk full: tally not saved, count kept on screen", extra={"worker_id": v.worker_id})
            return self._not_saved(Trouble.DISK_FULL)
        except errors.StationError:
            log.exception("tally refused", extra={"worker_id": v.worker_id, "product_id": v.product_id})
            return self._not_saved(Trouble.NOT_SAVED)
        self.trouble.clear()
        if not v.tap_mode and self.deps.scale is not None:
            self.deps.scale.arm_after_save()
        self._tap_count = 0
        self.print_receipts(self.undo_window.open(event.event_id, now + self.rules.undo_s))
        v.undo_left_s = math.ceil(self.rules.undo_s)
        v.celebrating = count
        self._celebrate_until = now + CELEBRATE_S
        self.refresh()
        self.deps.speaker.sound("celebrate")
        self.say("say.saved", n=count)
        return event

    def _why_not_saved(self) -> str:
        """The sentence for a tick that cannot save: what to do, not just "no"."""
        if self.view.tap_mode:
            return "say.nothing"
        if self._scale_count() and self.deps.scale is not None and not self.deps.scale.save_allowed():
            return "say.take_off"  # the pieces just saved are still on the pan
        return "say.wait_scale"

    def _not_saved(self, trouble: Trouble) -> None:
        self.trouble = {trouble}
        self.deps.speaker.sound("error")
        self.say("say.ask_helper")
        return None

    def undo(self) -> bool:
        """Take the last tally back while its window is open; True when it was."""
        event_id = self.undo_window.take_back()
        if event_id is None:
            return False
        self.view.undo_left_s = 0
        self.view.celebrating = None
        self.refresh()
        try:
            self.deps.service.undo(event_id, self.view.worker_id)
        except errors.StationError:
            log.info("undo refused", extra={"event_id": event_id})
            self.deps.speaker.sound("error")
            return False
        self.deps.speaker.sound("undo")
        self.say("say.undone_tap" if self.view.tap_mode else "say.undone_scale")
        return True

    def close_undo(self) -> None:
        """The worker leaves the bench: undo is over, the held receipt prints."""
        self.print_receipts(self.undo_window.close())
        self.view.undo_left_s = 0
        self.view.celebrating = None

    def tick(self, now: float) -> None:
        v = self.view
        self.print_receipts(self.undo_window.expire(now))
        v.undo_left_s = self.undo_window.left_s(now)
        if v.celebrating is not None:
            v.celebrate_frame += 1
            if now >= self._celebrate_until:
                v.celebrating = None
                self.refresh()

    def print_receipts(self, event_ids: list[str], reprint: bool = False) -> None:
        printer = self.deps.printer
        if printer is None:
            return
        for event_id in event_ids:
            try:
                printer.reprint(event_id) if reprint else printer.enqueue_receipt(event_id)
            except Exception:  # a printer problem must never undo a saved tally
                log.exception("receipt not queued", extra={"event_id": event_id})
                self.printer_failed()
