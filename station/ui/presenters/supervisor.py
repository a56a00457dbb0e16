"""Supervisor mode beside the worker flow: the lock, PIN entry, corrections, scale care, status.

`SupervisorPresenter` is composed into the kiosk presenter (`presenter.supervisor`) and shares
its view. Every supervisor action names the supervisor who did it (the service writes a
correction event with who and why).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from typing import TYPE_CHECKING

from station.domain import errors
from station.domain.totals import tally_states
from station.domain.weighing import PieceWeightRefused, ScaleStatus, learn_piece_weight
from station.ui.presenters.gate import PIN_LENGTH_MAX, LockGesture, PinGate, PinResult, Session
from station.ui.presenters.trouble import scale_status
from station.ui.presenters.view import Row, ScreenName, SupervisorTab, SupervisorView, TallyAction
from sync.protocol.events import CorrectionReason, local_datetime
from sync.protocol.roster import LANGUAGES

if TYPE_CHECKING:
    from station.ui.presenters.kiosk import KioskPresenter

log = logging.getLogger(__name__)

# Reasons a supervisor can pick, in screen order, with their pictures.
REASONS: tuple[tuple[CorrectionReason, str], ...] = (
    (CorrectionReason.MISCOUNT, "list"),
    (CorrectionReason.DEFECTIVE, "warning"),
    (CorrectionReason.WRONG_PRODUCT, "stack"),
    (CorrectionReason.WRONG_WORKER, "worker_unknown"),
    (CorrectionReason.DUPLICATE, "receipt"),
    (CorrectionReason.TEST, "settings"),
)
SAMPLE_SIZES = (10, 20, 50)  # fewer than 10 pieces bias every later count (domain.weighing)
MAX_ROWS = 200
UNPLUGGED = (ScaleStatus.DISCONNECTED, ScaleStatus.ERROR)


class SupervisorPresenter:
    def __init__(self, flow: KioskPresenter) -> None:
        self.flow = flow
        self.view, self.deps, self.counting = flow.view, flow.deps, flow.counting  # shared, never replaced
        self.lock = LockGesture()
        self.pin_gate = PinGate(flow.deps.verify_pin or (lambda _pin, _hash: False))
        self.session = Session(flow.rules.supervisor_timeout_s)
        self.supervisor_id: str | None = None
        self._pin = ""
        self._showing_lockout = False  # the PIN pad shows the lockout countdown (cleared when it ends)

    def t(self, key: str, **values: object) -> str:
        return self.flow.t(key, **values)

    def changed(self) -> None:
        self.flow.changed()

    # --- getting in -----------------------------------------------------------------------

    def lock_tap(self) -> None:
        now = self.deps.monotonic()
        if self.view.screen in (ScreenName.PIN, ScreenName.SUPERVISOR):
            return
        if self.lock.tap(now):
            self._pin = ""
            self.view.pin_length = 0
            self.view.pin_message = ""
            self.session.touch(now)
            self.flow.go(ScreenName.PIN)
        self.view.lock_taps_left = self.lock.remaining(now)
        self.changed()

    def pin_digit(self, digit: str) -> None:
        now = self.flow._touch()
        locked = self.pin_gate.locked_for(now)
        if locked:
            self.view.pin_message = self.t("sup.pin.locked", s=math.ceil(locked))
        elif len(self._pin) < PIN_LENGTH_MAX and digit.isdigit() and len(digit) == 1:
            self._pin += digit
            self.view.pin_message = ""
        self.view.pin_length = len(self._pin)
        self.changed()

    def pin_clear(self) -> None:
        self.flow._touch()
        self._pin = ""
        self.view.pin_length = 0
        self.changed()

    def pin_submit(self) -> None:
        """Check the PIN off the UI thread (PBKDF2 per supervisor takes a while on a Pi)."""
        now = self.flow._touch()
        if self.view.pin_checking:
            return
        pin, self._pin = self._pin, ""
        self.view.pin_length = 0
        self.view.pin_checking = True
        self.changed()
        supervisors = self.deps.catalog.load().supervisors
        self.flow.off_ui(lambda: self.pin_gate.check(pin, supervisors, now), self._pin_checked)

    def _pin_checked(self, result: PinResult) -> None:
        self.view.pin_checking = False
        if self.view.screen != ScreenName.PIN:  # the pad was left meanwhile
            self.changed()
            return
        if result.supervisor is None:
            log.warning("wrong supervisor PIN", extra={"locked_for_s": result.locked_for_s})
            self.view.pin_message = (
                self.t("sup.pin.locked", s=math.ceil(result.locked_for_s))
                if result.locked_for_s
                else self.t("sup.pin.wrong")
            )
            self.deps.speaker.sound("error")
            self.changed()
            return
        log.info("supervisor signed in", extra={"supervisor_id": result.supervisor.supervisor_id})
        self.supervisor_id = result.supervisor.supervisor_id
        self.view.supervisor = SupervisorView(name=result.supervisor.name)
        self.session.touch(self.deps.monotonic())
        self.flow.go(ScreenName.SUPERVISOR)
        self.show_tab(SupervisorTab.TALLIES)

    def exit_supervisor(self) -> None:
        log.info("supervisor signed out", extra={"supervisor_id": self.supervisor_id})
        self.supervisor_id = None
        self.view.supervisor = SupervisorView()
        self.flow.leave_worker()
        self.changed()

    def leave_pad(self) -> None:
        """Back from the PIN pad: the digits typed so far are forgotten."""
        self._pin = ""
        self.view.pin_length = 0

    def tick(self, now: float) -> None:
        """The lock's tap count, the session countdown and the PIN lockout."""
        v = self.view
        v.lock_taps_left = self.lock.remaining(now)
        if v.screen in (ScreenName.PIN, ScreenName.SUPERVISOR):
            left = self.session.left(now)
            if left <= 0:
                log.info("supervisor session timed out")
                self.exit_supervisor()
                return
            v.supervisor.session_left_s = math.ceil(left) if self.session.warning(now) else 0
            # "wrong PIN" stays until the next digit; only the lockout countdown is the clock's
            locked = self.pin_gate.locked_for(now)
            if locked:
                v.pin_message = self.t("sup.pin.locked", s=math.ceil(locked))
            elif self._showing_lockout:
                v.pin_message = ""
            self._showing_lockout = bool(locked)

    # --- tabs -----------------------------------------------------------------------------

    def show_tab(self, tab: SupervisorTab | str) -> None:
        self.flow._touch()
        s = self.view.supervisor
        s.tab = SupervisorTab(tab)
        s.selected = s.action = None
        s.message = ""
        self._refresh_tab()
        self.changed()

    def _refresh_tab(self) -> None:
        s = self.view.supervisor
        if s.tab is SupervisorTab.TALLIES:
            s.rows = self._tally_rows()
        elif s.tab is SupervisorTab.WORKERS:
            s.rows = self._present_rows()
        elif s.tab is SupervisorTab.SCALE:
            self._refresh_scale_tab()
        elif s.tab is SupervisorTab.STATUS:
            s.status_lines = self._status_lines()
        self.flow._set_title()

    def _tally_rows(self) -> list[Row]:
        service = self.deps.service
        events = service.log.on_date(service.clock.now().local_date)
        states = sorted(tally_states(events).values(), key=lambda st: st.event.seq, reverse=True)
        rows = []
        for st in states[:MAX_ROWS]:
            worker = self.deps.catalog.worker(st.tally.worker_id)
            product = self.deps.catalog.product(st.tally.product_id)
            local = local_datetime(st.event.wall_ns, st.event.utc_offset_s)
            line = self.t(
                "sup.tally_row",
                time=local.strftime("%H:%M"),
                worker=worker.name if worker else st.tally.worker_id,
                product=product.name(self.view.language) if product else st.tally.product_id,
                count=st.count,
            )
            if st.voided:
                line += self.t("sup.tally_voided")
            photo = self.deps.picture_file(worker.photo) if worker else ""
            rows.append(Row(st.event.event_id, line, photo, st.voided, st.count))
        return rows

    def _present_rows(self) -> list[Row]:
        rows = []
        for worker_id in sorted(self.deps.service.checked_in_now()):
            worker = self.deps.catalog.worker(worker_id)
            if worker:
                rows.append(Row(worker_id, worker.name, self.deps.picture_file(worker.photo)))
        return rows

    # --- corrections ------------------------------------------------------------------------

    def select_tally(self, event_id: str, action: str) -> None:
        """Start correcting ("correct") or voiding ("void") a tally; a reason then commits it."""
        self.flow._touch()
        s = self.view.supervisor
        row = next((r for r in s.rows if r.key == event_id), None)
        if row is None or action not in tuple(TallyAction):
            return
        s.selected, s.action, s.edit_count, s.message = event_id, TallyAction(action), max(row.count, 1), ""
        self.changed()

    def adjust_count(self, delta: int) -> None:
        self.flow._touch()
        s = self.view.supervisor
        s.edit_count = max(1, s.edit_count + delta)
        self.changed()

    def cancel_edit(self) -> None:
        self.flow._touch()
        s = self.view.supervisor
        s.selected = s.action = None
        self.changed()

    def pick_reason(self, reason: CorrectionReason | str) -> None:
        self.flow._touch()
        s = self.view.supervisor
        if s.selected is None or self.supervisor_id is None:
            return
        try:
            if s.action is TallyAction.VOID:
                self.deps.service.void(s.selected, self.supervisor_id, CorrectionReason(reason))
                s.message = self.t("sup.voided")
            else:
                self.deps.service.correct(s.selected, s.edit_count, self.supervisor_id, CorrectionReason(reason))
                s.message = self.t("sup.corrected")
        except (errors.StationError, ValueError) as exc:
            log.warning("correction refused", extra={"event_id": s.selected, "error": str(exc)})
            s.message = self.t("sup.failed", why=str(exc))
        s.selected = s.action = None
        s.rows = self._tally_rows()
        self.changed()

    def reprint(self, event_id: str) -> None:
        self.flow._touch()
        self.counting.print_receipts([event_id], reprint=True)
        self.view.supervisor.message = self.t("sup.reprinted")
        self.changed()

    def check_out_worker(self, worker_id: str) -> None:
        self.flow._touch()
        s = self.view.supervisor
        try:
            self.deps.service.check_out(worker_id, supervisor_id=self.supervisor_id)
            s.message = self.t("sup.checked_out")
        except errors.StationError as exc:
            s.message = self.t("sup.failed", why=str(exc))
        s.rows = self._present_rows()
        self.changed()

    # --- the scale ----------------------------------------------------------------------------

    def _refresh_scale_tab(self) -> None:
        s = self.view.supervisor
        products = [p for p in self.deps.catalog.load().products if p.active]
        if products and s.learn_product not in {p.product_id for p in products}:
            s.learn_product = products[0].product_id
        product = self.deps.catalog.product(s.learn_product) if s.learn_product else None
        s.learn_product_image = self.deps.picture_file(product.pictogram) if product else ""
        r = self.counting.reading
        if self.deps.scale is None:
            s.reading_text = self.t("sup.reading", w=self.t("sup.status.none"))
        elif r is None or r.weight_g is None:
            status = scale_status(r.status) if r else ScaleStatus.DISCONNECTED
            s.reading_text = self.t("sup.reading", w=self.t(f"state.{status}"))
        else:
            steady = "" if r.stable else " ~"
            s.reading_text = self.t("sup.reading", w=f"{r.weight_g:.1f} g{steady}")

    def reading_changed(self) -> None:
        if self.view.supervisor.tab is SupervisorTab.SCALE:
            self._refresh_scale_tab()
            self.changed()

    def next_learn_product(self) -> None:
        self.flow._touch()
        s = self.view.supervisor
        ids = [p.product_id for p in self.deps.catalog.load().products if p.active]
        if ids:
            s.learn_product = ids[(ids.index(s.learn_product) + 1) % len(ids)] if s.learn_product in ids else ids[0]
        s.message = ""
        self._refresh_scale_tab()
        self.changed()

    def next_sample_size(self) -> None:
        self.flow._touch()
        s = self.view.supervisor
        s.sample_n = (
            SAMPLE_SIZES[(SAMPLE_SIZES.index(s.sample_n) + 1) % len(SAMPLE_SIZES)]
            if s.sample_n in SAMPLE_SIZES
            else SAMPLE_SIZES[0]
        )
        self.changed()

    def learn_piece_weight(self) -> float | None:
        """Piece weight = steady sample weight / sample size; used for counting from now on."""
        self.flow._touch()
        s = self.view.supervisor
        r = self.counting.reading
        product = self.deps.catalog.product(s.learn_product)
        steady = r is not None and r.stable and scale_status(r.status) is ScaleStatus.OK
        if r is None or not steady or not r.weight_g or r.weight_g <= 0 or not product:
            s.message = self.t("sup.learn.unstable")
            self.changed()
            return None
        try:
            grams = round(learn_piece_weight(r.weight_g, s.sample_n, self.deps.scale_division_g), 4)
        except PieceWeightRefused as exc:
            log.info("piece weight sample refused", extra={"reason": str(exc)})
            s.message = self.t("sup.learn.refused")
            self.changed()
            return None
        self.counting.piece_weights[product.product_id] = grams
        log.info(
            "piece weight learned",
            extra={
                "product_id": product.product_id,
                "piece_weight_g": grams,
                "supervisor_id": self.supervisor_id,
            },
        )
        s.message = self.t("sup.learned", product=product.name(self.view.language), g=f"{grams:g}")
        self.changed()
        return grams

    def tare(self) -> None:
        self._scale_command("tare")

    def zero(self) -> None:
        self._scale_command("zero")

    def _scale_command(self, name: str) -> None:
        self.flow._touch()
        if self.deps.scale is None:
            return
        try:
            getattr(self.deps.scale, name)()
            self.view.supervisor.message = self.t(f"sup.{name}")
        except Exception as exc:  # a scale adapter error is shown, never raised into the UI
            log.warning("scale command failed", extra={"command": name, "error": str(exc)})
            self.view.supervisor.message = self.t("sup.failed", why=str(exc))
        self.changed()

    # --- status and settings ----------------------------------------------------------------

    def _status_lines(self) -> list[str]:
        lines = []
        none = self.t("sup.status.none")
        if self.deps.scale is None:
            lines.append(self.t("sup.status.scale", state=none))
        else:
            r = self.counting.reading
            why = r.detail if r is not None and self.counting.scale_watch.status in UNPLUGGED else ""
            state = _with_reason(self.t(f"state.{self.counting.scale_watch.status}"), why)
            lines.append(self.t("sup.status.scale", state=state))
        if self.deps.printer is None:
            lines.append(self.t("sup.status.printer", state=none, n=0))
        else:
            pending = self.deps.printer.pending()
            n = pending if isinstance(pending, int) else len(pending)
            why = getattr(self.deps.printer, "reason", "")  # set where the printer's configuration is unusable
            state = _with_reason(self.t(f"state.{self.deps.printer.status()}"), why)
            lines.append(self.t("sup.status.printer", state=state, n=n))
        if self.deps.sync is None:
            lines.append(self.t("sup.status.sync", state=none, n="-", ack="-"))
            versions = self.deps.catalog.load().versions
        else:
            st = self.deps.sync.status()
            ack = (
                dt.datetime.fromtimestamp(st.last_ack_wall).strftime("%Y-%m-%d %H:%M:%S")
                if st.last_ack_wall
                else self.t("sup.status.never")
            )
            state = self.t("sup.status.connected" if st.connected else "sup.status.disconnected")
            lines.append(self.t("sup.status.sync", state=state, n=st.backlog, ack=ack))
            versions = st.config_versions or self.deps.catalog.load().versions
        lines.append(self.t("sup.status.config", v=", ".join(f"{k} {v}" for k, v in sorted(versions.items()))))
        lines += [self.t(t.sentence_key) for t in self.view.troubles]
        return lines

    def set_language(self, language: str) -> None:
        self.flow._touch()
        if language in LANGUAGES:
            self.view.language = language
            self._refresh_tab()
            self.changed()

    def toggle_mute(self) -> None:
        self.flow._touch()
        self.deps.speaker.muted = not self.deps.speaker.muted
        self.view.muted = self.deps.speaker.muted
        self.changed()


def _with_reason(state: str, reason: str) -> str:
    return f"{state} ({reason})" if reason else state
