"""How the office page writes times: the one owner, handed to every template.

Times are the site's wall clock (Asia/Shanghai unless the site is configured otherwise), to the
minute, and "last seen" is relative ("2 天前") with the exact time for a title attribute; "today" is
the office's calendar day. Money as a person reads it (`-¥1,234.56`) is `office.payroll.money.money`,
shared with the slips and sheets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from office.i18n import translate

DEFAULT_ZONE = "Asia/Shanghai"
# The steps of a relative time: below each bound, count in its unit.
_STEPS = ((60, 1, "ago.seconds"), (3600, 60, "ago.minutes"), (86_400, 3600, "ago.hours"))


class UnknownTimeZone(ValueError):
    """A site was configured with a zone name the tz database does not know."""


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnknownTimeZone(f"unknown time zone {name!r}") from exc


@dataclass(frozen=True, slots=True)
class SiteZones:
    """The office's default time zone and the sites that keep another one."""

    default: ZoneInfo = field(default_factory=lambda: zone(DEFAULT_ZONE))
    sites: Mapping[str, ZoneInfo] = field(default_factory=dict)

    @classmethod
    def parse(cls, default: str = DEFAULT_ZONE, sites: Mapping[str, str] | None = None) -> SiteZones:
        return cls(zone(default), {site: zone(name) for site, name in (sites or {}).items()})

    def of(self, site: str | None) -> ZoneInfo:
        return self.sites.get(site or "", self.default)

    def today(self, now: datetime) -> date:
        """The date on the office's wall calendar at the instant `now`.

        The server's own `date.today()` is wrong for this: an office served from a UTC machine would still
        be on yesterday until 08:00 in Shanghai.
        """
        return _instant(now).astimezone(self.default).date()


def _instant(at: datetime | str) -> datetime:
    """A stored time as an aware UTC datetime (SQLite hands back naive ones; all of ours are UTC)."""
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class TimeFormat:
    """Times for one page: its language, the office's zones and the moment the page is drawn."""

    zones: SiteZones
    language: str
    now: datetime

    def exact(self, at: datetime | str | None, site: str | None = None) -> str:
        """'2026-01-12 17:05' on the site's clock; '—' for no time at all."""
        if at is None or at == "":
            return "—"
        return _instant(at).astimezone(self.zones.of(site)).strftime("%Y-%m-%d %H:%M")

    def ago(self, at: datetime | str | None) -> str:
        """'5 分钟前', '2 天前' (never negative: a clock a little ahead reads as now)."""
        if at is None or at == "":
            return "—"
        seconds = max(0, int((self.now - _instant(at)).total_seconds()))
        for bound, unit, key in _STEPS:
            if seconds < bound:
                return translate(key, self.language, n=seconds // unit)
        return translate("ago.days", self.language, n=seconds // 86_400)
