"""Plausibility holds: a tally above its product's limits is not paid until a clerk accepts it.

A station that is registered and names real workers can still send a 100,000-piece tally (a
typo, a stuck key, a forged batch). Such a tally is stored like any other (nothing a worker
saved is lost) but held out of pay and listed as an issue; the clerk's acceptance is a fact with
a time, so, like a late event, an acceptance after a period's close is paid in the next period.

Per tally: its effective count above `max_per_tally`. Per worker and day: the tallies of one
product, in the order they were made, that take the day's paid total above `max_per_day`
(the ones before are paid). Accepted tallies count towards the day's total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sync.central.tables import DEFAULT_MAX_PER_DAY, DEFAULT_MAX_PER_TALLY

OVER_TALLY = "held_over_tally_limit"
OVER_DAY = "held_over_day_limit"


@dataclass(frozen=True, slots=True)
class Limits:
    max_per_tally: int = DEFAULT_MAX_PER_TALLY
    max_per_day: int = DEFAULT_MAX_PER_DAY


@dataclass(frozen=True)
class HoldBook:
    """Each product's limits and when each held tally was accepted (event id -> time)."""

    limits: Mapping[str, Limits] = field(default_factory=dict)
    accepted: Mapping[str, datetime] = field(default_factory=dict)

    def accepted_by(self, event_id: str, cut: datetime | None) -> bool:
        at = self.accepted.get(event_id)
        return at is not None and (cut is None or at <= cut)

    def accepted_between(self, event_id: str, after: datetime, until: datetime | None) -> bool:
        at = self.accepted.get(event_id)
        return at is not None and at > after and (until is None or at <= until)

    def hold(self, event_id: str, product_id: str, count: int, paid_today: int, cut: datetime | None) -> str | None:
        """Why this tally is held at `cut` (None: it is paid). One accepted after `cut` was held at
        `cut` whatever the limits say now (only a held tally can be accepted), so the adjustment of
        a closed day pays it exactly once."""
        if self.accepted_by(event_id, cut):
            return None
        limits = self.limits.get(product_id, Limits())
        if event_id in self.accepted:
            return OVER_TALLY if count > limits.max_per_tally else OVER_DAY
        if count > limits.max_per_tally:
            return OVER_TALLY
        if paid_today + count > limits.max_per_day:
            return OVER_DAY
        return None
