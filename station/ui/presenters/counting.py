"""Counting one product: the live count (scale or taps), saving it as a tally, undo, the receipt.

Composed into the kiosk presenter, which owns the screens and calls the listeners: every
method here only changes the shared view, plays sounds and speaks. The tally is written before
anything is celebrated, and its receipt waits until the undo window closes. What the pan shows
is one `CountState` with its own picture; entering a state that asks something of the worker
says it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from station.domain import errors
from station.domain.weighing import ScaleStatus
from station.ui.presenters.deps import KioskDeps, KioskRules
from station.ui.presenters.numbers import count_picture
from station.ui.presenters.pictures import Picture
from station.ui.presenters.ports import ReadingLike
from station.ui.presenters.timing import UndoWindow
from station.ui.presenters.trouble import ScaleWatch, Trouble, scale_status
from station.ui.presenters.view import Card, CountState, KioskView
from sync.protocol.events import CountMethod, Event
from sync.protocol.roster import Product

log = logging.getLogger(__name__)

CELEBRATE_S = 3.0
COUNTING = (ScaleStatus.OK, ScaleStatus.UNSTABLE)  # statuses whose reading carries a count
STATE_PICTURES: dict[CountState, Picture] = {
    CountState.EMPTY: Picture.SCALE,
    CountState.MOVING: Picture.SCALE_MOVING,
    CountState.STEADY: Picture.SCALE_STEADY,
    CountState.NOT_WHOLE: Picture.CHECK_PIECES,
    CountState.TAKE_OFF: Picture.TAKE_OFF,
}
STATE_SENTENCES: dict[CountState, str] = {  # said once on entering the state
    CountState.NOT_WHOLE: "say.check_pieces",
    CountState.TAKE_OFF: "say.take_off",
}

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
        self.refresh(speak=False)  # the kiosk says the screen's sentence (or this state's) itself

    def reset(self) -> None:
        """Leaving the count screen with the cross: the worker chose to drop what is tapped."""
        self.end_celebration()
        self._tap_count = 0
        self.trouble.clear()

    def on_reading(self, reading: ReadingLike, now: float) -> bool:
        """Take a reading; True when the pan changed (pieces on or off, settling): a sign of work."""
        before, self.reading = self.reading, reading
        self.scale_watch.update(reading.status, reading.stable, now, reading.weight_g, reading.count)
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

    def refresh(self, speak: bool = True) -> None:
        """Recompute count, state and picture; a new state that asks something is said (`speak`)."""
        v = self.view
        if v.celebrating is not None:  # the count just saved stays on the success card
            v.count = count_picture(v.celebrating)
            v.can_save = v.save_pulse = False
            return
        before = v.state
        if v.tap_mode:
            v.count = count_picture(self._tap_count)
            v.stable = True
            v.state = CountState.TAP
        else:
            n = self._scale_count()
            r = self.reading
            v.count = count_picture(n)
            v.stable = bool(r and r.stable and scale_status(r.status) is ScaleStatus.OK)
            v.state = self._scale_state(n)
        v.can_save = v.state is CountState.STEADY or (v.state is CountState.TAP and self._tap_count >= 1)
        if not v.can_save:
            v.save_pulse = False
        scale_trouble = next((t.picture for t in v.troubles if t.on_scale), None)
        if v.state is CountState.SCALE_TROUBLE and scale_trouble is not None:
            v.state_picture = scale_trouble
        else:
            v.state_picture = STATE_PICTURES.get(v.state, "")
        if speak and v.state is not before and v.state in STATE_SENTENCES:
            self.say(STATE_SENTENCES[v.state])

    def state_sentence(self) -> str | None:
        """The sentence of the current state, if it asks something of the worker."""
        return STATE_SENTENCES.get(self.view.state)

    def _scale_state(self, n: int | None) -> CountState:
        r = self.reading
        if r is None or scale_status(r.status) not in COUNTING or self.scale_watch.troubles(self.deps.monotonic()):
            return CountState.SCALE_TROUBLE
        if not r.stable:
            return CountState.MOVING
        if n is None:  # weight on the pan that is no whole number of pieces (below zero is scale trouble)
            return CountState.NOT_WHOLE if r.weight_g is not None and r.weight_g > 0 else CountState.EMPTY
        if n == 0:
            return CountState.EMPTY
        allowed = self.deps.scale.save_allowed() if self.deps.scale else False
        return CountState.STEADY if allowed else CountState.TAKE_OFF

    def step(self, delta: int) -> None:
        """+1 / -1 in tap mode (never below zero)."""
        if not self.view.tap_mode or self._tap_count + delta < 0:
            return
        self.end_celebration()
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
        self._undo_left(math.ceil(self.rules.undo_s))
        v.celebrating = count
        v.card = Card(v.product_image, Picture.TAKE_RECEIPT.file, count_picture(count))
        self._celebrate_until = now + CELEBRATE_S
        self.refresh()
        self.deps.speaker.sound("celebrate")
        self.say("say.take_receipt" if self.deps.printer is not None else "say.saved", n=count)
        return event

    def _why_not_saved(self) -> str:
        """The sentence for a tick that cannot save: what to do, not just "no"."""
        v = self.view
        if v.tap_mode or v.state is CountState.EMPTY:
            return "say.nothing"
        trouble = next((t for t in v.troubles if t.on_scale), None)
        if v.state is CountState.SCALE_TROUBLE and trouble is not None:
            return trouble.spoken_key
        return STATE_SENTENCES.get(v.state, "say.wait_scale")

    def _not_saved(self, trouble: Trouble) -> None:
        self.trouble = {trouble}  # the kiosk shows its "ask the teacher" card and says why
        self.deps.speaker.sound("error")
        return None

    def undo(self) -> bool:
        """Take the last tally back while its window is open; True when it was."""
        event_id = self.undo_window.take_back()
        if event_id is None:
            return False
        self._undo_left(0)
        self.end_celebration()
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
        self._undo_left(0)
        self.end_celebration()

    def _undo_left(self, seconds: int) -> None:
        self.view.undo_left_s = seconds
        self.view.undo_ring = min(1.0, seconds / self.rules.undo_s) if self.rules.undo_s > 0 else 0.0

    def end_celebration(self) -> None:
        if self.view.celebrating is not None:
            self.view.celebrating = self.view.card = None
        self.refresh(speak=False)

    def tick(self, now: float) -> bool:
        """Timers; True when the success card has just ended (the kiosk goes back to the bench)."""
        v = self.view
        self.print_receipts(self.undo_window.expire(now))
        self._undo_left(self.undo_window.left_s(now))
        if v.can_save:
            v.save_pulse = not v.save_pulse
        if v.celebrating is not None:
            v.celebrate_frame += 1
            if now >= self._celebrate_until:
                self.end_celebration()
                return True
        return False

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
