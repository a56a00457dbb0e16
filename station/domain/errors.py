"""Typed refusals of the domain service.

Each is specific so the kiosk can pick the right picture for a worker and sentence for a
supervisor; none of them means anything was written.
"""


class StationError(Exception):
    """Base of every refusal raised by the station's domain service."""


class UnknownWorker(StationError):
    def __init__(self, worker_id: str) -> None:
        super().__init__(f"unknown worker {worker_id!r}")
        self.worker_id = worker_id


class InactiveWorker(StationError):
    def __init__(self, worker_id: str) -> None:
        super().__init__(f"worker {worker_id!r} is not active")
        self.worker_id = worker_id


class UnknownProduct(StationError):
    def __init__(self, product_id: str) -> None:
        super().__init__(f"unknown product {product_id!r}")
        self.product_id = product_id


class InactiveProduct(StationError):
    def __init__(self, product_id: str) -> None:
        super().__init__(f"product {product_id!r} is not active")
        self.product_id = product_id


class InvalidCount(StationError):
    """A count that is not a whole number of at least one piece."""

    def __init__(self, count: object) -> None:
        super().__init__(f"count must be a whole number >= 1, got {count!r}")
        self.count = count


class CountAboveCeiling(StationError):
    """A count larger than one tally can plausibly hold (a mis-read scale, a stuck finger)."""

    def __init__(self, count: int, ceiling: int) -> None:
        super().__init__(f"count {count} is above the per-tally ceiling {ceiling}")
        self.count = count
        self.ceiling = ceiling


class NotCheckedIn(StationError):
    def __init__(self, worker_id: str) -> None:
        super().__init__(f"worker {worker_id!r} is not checked in")
        self.worker_id = worker_id


class AlreadyCheckedIn(StationError):
    def __init__(self, worker_id: str) -> None:
        super().__init__(f"worker {worker_id!r} is already checked in")
        self.worker_id = worker_id


class NotASupervisor(StationError):
    def __init__(self, supervisor_id: str | None) -> None:
        super().__init__(f"{supervisor_id!r} is not an active supervisor")
        self.supervisor_id = supervisor_id


class UnknownEvent(StationError):
    def __init__(self, event_id: str) -> None:
        super().__init__(f"no event {event_id!r} in this station's record")
        self.event_id = event_id


class NotATally(StationError):
    """Only tallies can be corrected; check-ins and receipts are facts as they are."""

    def __init__(self, event_id: str, kind: str) -> None:
        super().__init__(f"event {event_id!r} is a {kind}, only tallies can be corrected")
        self.event_id = event_id
        self.kind = kind


class InvalidReason(StationError):
    def __init__(self, reason: object) -> None:
        super().__init__(f"a correction needs a reason from the list, got {reason!r}")
        self.reason = reason


class UndoExpired(StationError):
    """The worker's undo window has passed (or the tally is not the worker's own)."""

    def __init__(self, event_id: str) -> None:
        super().__init__(f"tally {event_id!r} can no longer be undone by the worker")
        self.event_id = event_id


class StorageFull(StationError):
    """SQLite refused a write because the disk (or the database's page limit) is full.

    The transaction rolled back: nothing of it was written and nothing saved before is touched.
    Saving works again once there is space; until then the kiosk keeps the count on screen.
    """

    def __init__(self) -> None:
        super().__init__("the station's disk is full: nothing was saved")
