"""The station's calendar day of an event, in SQL, for payroll's set-based queries.

The Python owner is `sync.protocol.events.local_date`; this is its one SQL twin, and
tests/test_local_day.py checks both agree on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sync.protocol.events import NS_PER_S

EPOCH = date(1970, 1, 1)


def local_day(at_ns: Any, utc_offset_s: Any) -> Any:
    """Days since 1970-01-01 on the station's calendar, from integer SQL expressions
    (integer division floors for every instant after 1970, as `local_date` does)."""
    return (at_ns // NS_PER_S + utc_offset_s) // 86_400


def day_number(day: date) -> int:
    """A date as the number `local_day` yields for it."""
    return (day - EPOCH).days
