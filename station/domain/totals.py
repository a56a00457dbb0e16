"""Counts with corrections applied, derived from events every time (never stored totals)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sync.protocol.events import CheckIn, CheckOut, Correction, Event, Tally


@dataclass(frozen=True, slots=True)
class TallyState:
    """A tally as it stands after every correction that names it."""

    event: Event
    count: int  # effective count; 0 when voided
    voided: bool
    corrections: tuple[Event, ...]

    @property
    def tally(self) -> Tally:
        assert isinstance(self.event.payload, Tally)
        return self.event.payload


def tally_states(events: Iterable[Event]) -> dict[str, TallyState]:
    """Every tally in `events` by event id, with its corrections applied in seq order.

    The latest correction wins: a correction replaces the count, a void makes it zero.
    Corrections whose target is not among `events` are ignored here.
    """
    tallies: dict[str, Event] = {}
    fixes: dict[str, list[Event]] = defaultdict(list)
    for event in sorted(events, key=lambda e: e.seq):
        if isinstance(event.payload, Tally):
            tallies[event.event_id] = event
        elif isinstance(event.payload, Correction):
            fixes[event.payload.target_event_id].append(event)
    states = {}
    for event_id, event in tallies.items():
        assert isinstance(event.payload, Tally)
        count, voided = event.payload.count, False
        for fix in fixes.get(event_id, ()):
            assert isinstance(fix.payload, Correction)
            voided = fix.payload.void
            count = 0 if voided else int(fix.payload.new_count or 0)
        states[event_id] = TallyState(event, count, voided, tuple(fixes.get(event_id, ())))
    return states


def totals_by_worker_product(events: Iterable[Event]) -> dict[tuple[str, str], int]:
    """Effective pieces per (worker_id, product_id); products with nothing left are omitted."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for state in tally_states(events).values():
        if state.count:
            totals[(state.tally.worker_id, state.tally.product_id)] += state.count
    return dict(totals)


def checked_in_workers(events: Iterable[Event]) -> set[str]:
    """Workers whose latest check-in is not followed by a check-out."""
    present: set[str] = set()
    for event in sorted(events, key=lambda e: e.seq):
        if isinstance(event.payload, CheckIn):
            present.add(event.payload.worker_id)
        elif isinstance(event.payload, CheckOut):
            present.discard(event.payload.worker_id)
    return present
