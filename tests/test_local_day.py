"""The payroll SQL's local day agrees with the one Python owner, `sync.protocol.events.local_date`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy
from sqlalchemy import func, insert, select

from office.payroll.local_day import EPOCH, local_day
from sync.central.tables import events, metadata
from sync.protocol.events import NS_PER_S, CheckIn, ClockState, Event, local_date, local_datetime

H = 3600
OFFSETS = [0, 8 * H, -5 * H, 5 * H + 45 * 60, 14 * H, -12 * H, -(3 * H + 30 * 60)]


def _ns(year: int, month: int, day: int, hour: int, minute: int, second: int, ns: int = 0) -> int:
    """A UTC instant in nanoseconds."""
    return int(datetime(year, month, day, hour, minute, second, tzinfo=UTC).timestamp()) * NS_PER_S + ns


def _instants() -> list[tuple[int, int | None, int]]:
    """(wall_ns, corrected_wall_ns, utc_offset_s): each offset's local midnight and its neighbours."""
    rows: list[tuple[int, int | None, int]] = []
    for offset in OFFSETS:
        midnight_utc = _ns(2026, 3, 1, 0, 0, 0) - offset * NS_PER_S
        for delta in (-NS_PER_S, -1, 0, 1, NS_PER_S, 12 * H * NS_PER_S):
            rows.append((midnight_utc + delta, None, offset))
        # The corrected clock wins over the station's: a day off the other way.
        rows.append((midnight_utc - 86_400 * NS_PER_S, midnight_utc, offset))
    rows.append((_ns(2026, 12, 31, 23, 59, 59, NS_PER_S - 1), None, 0))  # last nanosecond of a year
    return rows


def test_local_datetime_is_the_station_wall_time():
    wall = _ns(2026, 3, 1, 15, 59, 59, 999_999_999)
    assert local_datetime(wall, 8 * H) == datetime(2026, 3, 1, 23, 59, 59, 999_999)
    assert local_date(wall, 8 * H) == date(2026, 3, 1)  # a float of seconds would round into March 2nd
    assert local_date(wall + 1, 8 * H) == date(2026, 3, 2)
    assert local_date(wall, -5 * H) == date(2026, 3, 1)


def test_sql_local_day_matches_python(central_url):
    engine = sqlalchemy.create_engine(central_url)
    try:
        metadata.create_all(engine)
        rows = _instants()
        received = datetime(2026, 3, 2, tzinfo=UTC)
        with engine.begin() as conn:
            conn.execute(
                insert(events),
                [
                    dict(
                        event_id=f"e{i}",
                        station_id="s1",
                        site="site",
                        seq=i,
                        boot_id="b",
                        wall_ns=wall,
                        utc_offset_s=offset,
                        mono_ns=0,
                        clock_state="ntp_synced",
                        kind="tally",
                        payload="{}",
                        received_at=received,
                        corrected_wall_ns=corrected,
                        time_flag="ok",
                    )
                    for i, (wall, corrected, offset) in enumerate(rows)
                ],
            )
            at = func.coalesce(events.c.corrected_wall_ns, events.c.wall_ns)
            found = dict(conn.execute(select(events.c.seq, local_day(at, events.c.utc_offset_s))).all())
        for i, (wall, corrected, offset) in enumerate(rows):
            expected = local_date(corrected if corrected is not None else wall, offset)
            assert EPOCH + timedelta(days=found[i]) == expected, (wall, corrected, offset)
    finally:
        engine.dispose()


@pytest.mark.parametrize("offset", OFFSETS)
def test_event_local_date_is_the_owner(offset):
    wall = _ns(2026, 3, 1, 0, 0, 0) - offset * NS_PER_S - 1
    event = Event("e", "s", 1, "b", wall, offset, 0, ClockState.NTP_SYNCED, CheckIn("w1"))
    assert event.local_date == date(2026, 2, 28)
