"""Hours at the bench from check-in / check-out pairs of one worker on one day.

A check-in with no check-out is flagged and counts no time: the office decides, the
software does not guess an end of day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from office.payroll.ledger import LedgerEvent
from sync.protocol.events import NS_PER_S, CheckIn, CheckOut


@dataclass(frozen=True, slots=True)
class Issue:
    """Something the clerk should look at; it never changes an amount by guessing."""

    worker_id: str
    day: date
    kind: str  # missing_check_out | check_out_without_check_in | no_rate | correction_without_tally
    event_id: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Attendance:
    seconds: int
    attended: bool
    issues: tuple[Issue, ...]


def attendance(worker_id: str, day: date, events: Iterable[LedgerEvent]) -> Attendance:
    """Sum of complete check-in → check-out pairs, in the order they happened."""
    seconds = 0
    attended = False
    issues: list[Issue] = []
    open_in: LedgerEvent | None = None
    for event in sorted(events, key=lambda e: e.order):
        if isinstance(event.payload, CheckIn):
            attended = True
            if open_in is not None:
                issues.append(Issue(worker_id, day, "missing_check_out", open_in.event_id))
            open_in = event
        elif isinstance(event.payload, CheckOut):
            if open_in is None:
                issues.append(Issue(worker_id, day, "check_out_without_check_in", event.event_id))
                continue
            seconds += max(0, event.at_ns - open_in.at_ns) // NS_PER_S
            open_in = None
    if open_in is not None:
        issues.append(Issue(worker_id, day, "missing_check_out", open_in.event_id))
    return Attendance(seconds, attended, tuple(issues))
