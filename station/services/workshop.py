"""The station's use cases: check in and out, record tallies, correct and undo them.

Every method validates first and writes afterwards, so a refusal (a typed `StationError`)
leaves the record untouched. A method that returns has made its events durable.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from station.clock import Stamp
from station.domain import errors
from station.domain.totals import TallyState, checked_in_workers, tally_states, totals_by_worker_product
from station.services.ports import CatalogReader, Clock, EventLog
from sync.protocol.events import (
    CheckIn,
    CheckOut,
    Correction,
    CorrectionReason,
    CountMethod,
    Event,
    Payload,
    Tally,
)
from sync.protocol.roster import Product, Supervisor, Worker


class NotCheckedInPolicy(enum.StrEnum):
    REFUSE = "refuse"
    AUTO_CHECK_IN = "auto_check_in"


@dataclass(frozen=True, slots=True)
class WorkshopRules:
    """Station-configurable limits (from the station's settings file)."""

    tally_ceiling: int = 500
    not_checked_in: NotCheckedInPolicy = NotCheckedInPolicy.REFUSE
    undo_window_s: float = 10.0


class WorkshopService:
    def __init__(self, log: EventLog, catalog: CatalogReader, clock: Clock, rules: WorkshopRules) -> None:
        self.log = log
        self.catalog = catalog
        self.clock = clock
        self.rules = rules

    # --- attendance -------------------------------------------------------------------

    def check_in(self, worker_id: str, method: str = "photo") -> Event:
        self._active_worker(worker_id)
        stamp = self.clock.now()
        if worker_id in self._present(stamp):
            raise errors.AlreadyCheckedIn(worker_id)
        return self.log.append([CheckIn(worker_id, method)], stamp)[0]

    def check_out(self, worker_id: str, supervisor_id: str | None = None) -> Event:
        if supervisor_id is not None:
            self._supervisor(supervisor_id)
        if self.catalog.worker(worker_id) is None:
            raise errors.UnknownWorker(worker_id)
        stamp = self.clock.now()
        if worker_id not in self._present(stamp):
            raise errors.NotCheckedIn(worker_id)
        method = "self" if supervisor_id is None else "supervisor"
        return self.log.append([CheckOut(worker_id, method, supervisor_id)], stamp)[0]

    def checked_in_now(self) -> set[str]:
        """Workers checked in today and not yet checked out."""
        return self._present(self.clock.now())

    # --- counting ---------------------------------------------------------------------

    def record_tally(
        self,
        worker_id: str,
        product_id: str,
        count: int,
        method: CountMethod,
        gross_weight_g: float | None = None,
        piece_weight_g: float | None = None,
    ) -> Event:
        """Save a tally; returns the tally event once it is on disk."""
        self._active_worker(worker_id)
        self._active_product(product_id)
        self._valid_count(count)
        stamp = self.clock.now()
        payloads: list[Payload] = []
        if worker_id not in self._present(stamp):
            if self.rules.not_checked_in is NotCheckedInPolicy.REFUSE:
                raise errors.NotCheckedIn(worker_id)
            payloads.append(CheckIn(worker_id, "auto"))
        payloads.append(Tally(worker_id, product_id, count, CountMethod(method), gross_weight_g, piece_weight_g))
        return self.log.append(payloads, stamp)[-1]

    def correct(
        self, target_event_id: str, new_count: int, supervisor_id: str, reason: CorrectionReason
    ) -> Event:
        """A supervisor sets a tally's count; the original stays in the record."""
        self._valid_count(new_count)
        return self._fix(target_event_id, new_count, supervisor_id, reason)

    def void(self, target_event_id: str, supervisor_id: str, reason: CorrectionReason) -> Event:
        """A supervisor cancels a tally entirely (it then counts as zero)."""
        return self._fix(target_event_id, None, supervisor_id, reason)

    def undo(self, target_event_id: str, worker_id: str) -> Event:
        """The worker takes back their own latest tally within the undo window."""
        target = self._tally_event(target_event_id)
        tally = target.payload
        assert isinstance(tally, Tally)
        stamp = self.clock.now()
        age_s = (stamp.mono_ns - target.mono_ns) / 1e9
        if (
            tally.worker_id != worker_id
            or target.boot_id != stamp.boot_id
            or not 0 <= age_s <= self.rules.undo_window_s
            or self._state(target).corrections
        ):
            raise errors.UndoExpired(target_event_id)
        fix = Correction(
            target_event_id, tally.worker_id, tally.product_id, tally.count, None, True, CorrectionReason.UNDO
        )
        return self.log.append([fix], stamp)[0]

    def totals_today(self) -> dict[tuple[str, str], int]:
        """Pieces per (worker_id, product_id) today, corrections and voids applied."""
        stamp = self.clock.now()
        return totals_by_worker_product(self.log.on_date(stamp.local_date))

    # --- internals ----------------------------------------------------------------------

    def _fix(
        self, target_event_id: str, new_count: int | None, supervisor_id: str, reason: CorrectionReason
    ) -> Event:
        self._supervisor(supervisor_id)
        try:
            reason = CorrectionReason(reason)
        except ValueError as exc:
            raise errors.InvalidReason(reason) from exc
        if reason is CorrectionReason.UNDO:
            raise errors.InvalidReason(reason)
        target = self._tally_event(target_event_id)
        tally = target.payload
        assert isinstance(tally, Tally)
        stamp = self.clock.now()
        fix = Correction(
            target_event_id=target_event_id,
            worker_id=tally.worker_id,
            product_id=tally.product_id,
            old_count=self._state(target).count,
            new_count=new_count,
            void=new_count is None,
            reason=reason,
            supervisor_id=supervisor_id,
        )
        return self.log.append([fix], stamp)[0]

    def _state(self, target: Event) -> TallyState:
        """The tally as it stands now, after every correction so far."""
        return tally_states([target, *self.log.referring_to(target.event_id)])[target.event_id]

    def _tally_event(self, event_id: str) -> Event:
        event = self.log.get(event_id)
        if event is None:
            raise errors.UnknownEvent(event_id)
        if not isinstance(event.payload, Tally):
            raise errors.NotATally(event_id, event.kind.value)
        return event

    def _present(self, stamp: Stamp) -> set[str]:
        return checked_in_workers(self.log.attendance_on(stamp.local_date))

    def _active_worker(self, worker_id: str) -> Worker:
        worker = self.catalog.worker(worker_id)
        if worker is None:
            raise errors.UnknownWorker(worker_id)
        if not worker.active:
            raise errors.InactiveWorker(worker_id)
        return worker

    def _active_product(self, product_id: str) -> Product:
        product = self.catalog.product(product_id)
        if product is None:
            raise errors.UnknownProduct(product_id)
        if not product.active:
            raise errors.InactiveProduct(product_id)
        return product

    def _supervisor(self, supervisor_id: str) -> Supervisor:
        supervisor = self.catalog.supervisor(supervisor_id)
        if supervisor is None or not supervisor.active:
            raise errors.NotASupervisor(supervisor_id)
        return supervisor

    def _valid_count(self, count: int) -> None:
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise errors.InvalidCount(count)
        if count > self.rules.tally_ceiling:
            raise errors.CountAboveCeiling(count, self.rules.tally_ceiling)
