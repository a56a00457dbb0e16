"""Login throttling: after a few wrong passwords for a user name or from an address, a lockout.

Each lockout is twice as long as the one before (capped), so guessing runs at a handful of
tries an hour, and it is audited once, not once per try. While locked, even the right
password is refused: a guesser cannot tell. Kept in memory (one office process); bounded.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

Key = tuple[str, str]  # ("user", name) or ("address", ip)


@dataclass(slots=True)
class _Record:
    failures: int = 0
    lockouts: int = 0
    until: datetime | None = None


class LoginThrottle:
    def __init__(
        self,
        clock: Callable[[], datetime],
        after: int = 5,
        first: timedelta = timedelta(minutes=1),
        longest: timedelta = timedelta(hours=1),
        max_keys: int = 10_000,
    ) -> None:
        self.clock, self.after, self.first, self.longest, self.max_keys = clock, after, first, longest, max_keys
        self._records: OrderedDict[Key, _Record] = OrderedDict()

    def locked_for(self, keys: list[Key]) -> timedelta:
        """How long the longest lockout among `keys` still runs (zero when none)."""
        now = self.clock()
        ends = [r.until for k in keys if (r := self._records.get(k)) and r.until and r.until > now]
        return max(ends) - now if ends else timedelta(0)

    def failed(self, keys: list[Key]) -> list[Key]:
        """Count a wrong password; returns the keys this failure locked (to audit once)."""
        now, locked = self.clock(), []
        for key in keys:
            record = self._records.pop(key, None) or _Record()
            self._records[key] = record  # most recently used last; the oldest are forgotten first
            record.failures += 1
            if record.failures >= self.after:
                record.until = now + min(self.first * 2**record.lockouts, self.longest)
                record.failures, record.lockouts = 0, record.lockouts + 1
                locked.append(key)
        while len(self._records) > self.max_keys:
            self._records.popitem(last=False)
        return locked

    def succeeded(self, key: Key) -> None:
        self._records.pop(key, None)
