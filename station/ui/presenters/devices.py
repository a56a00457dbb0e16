"""The printer's and sync's state as troubles, polled every few seconds (the scale's come from counting).

Composed into the kiosk presenter, which merges these with the count's own troubles and shows
them. A status call that fails is logged and shows nothing: polling never stops the kiosk.
"""

from __future__ import annotations

import logging

from station.ui.presenters.deps import KioskDeps
from station.ui.presenters.trouble import Trouble, printer_troubles, sync_troubles

log = logging.getLogger(__name__)

POLL_S = 2.0
PRINTER = frozenset({Trouble.PRINTER_PAPER_OUT, Trouble.PRINTER_OFFLINE})


class DeviceTroubles:
    def __init__(self, deps: KioskDeps) -> None:
        self.deps = deps
        self.troubles: set[Trouble] = set()
        self._started_wall = deps.wall()
        self._next_poll = 0.0

    def poll_if_due(self, now: float) -> None:
        if now >= self._next_poll:
            self._next_poll = now + POLL_S
            self.poll()

    def poll(self) -> None:
        troubles: set[Trouble] = set()
        if self.deps.printer is not None:
            try:
                troubles |= printer_troubles(self.deps.printer.status())
            except Exception:
                log.exception("printer status failed")
        if self.deps.sync is not None:
            try:
                s = self.deps.sync.status()
                troubles |= sync_troubles(
                    s.backlog, s.last_ack_wall, self._started_wall, self.deps.wall(), rejected=s.rejected
                )
            except Exception:
                log.exception("sync status failed")
        self.troubles = troubles

    def printer_failed(self) -> None:
        """A receipt could not even be queued: the printer shows as offline until the next poll."""
        self.troubles.add(Trouble.PRINTER_OFFLINE)

    def printer_status(self, status: str) -> None:
        """The print service reported a change: take it now, not at the next poll."""
        self.troubles = (self.troubles - PRINTER) | printer_troubles(status)
