"""Benchmark: what `ix_events_pay` costs the ingest's inserts, covering (revision 0009) or narrow.

    python bench/bench_event_inserts.py [--events 20000]

Inserts the same events into `events` in committed batches of 100 (as the ingest stores a
batch), once with the index as migrated and once narrowed to (kind, local_day), alternating,
best of 3; SQLite, process CPU beside wall time. docs/office.md ("Speed") keeps the figures.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from office.db import open_office  # noqa: E402
from office.demo.sample_events import EventFactory  # noqa: E402
from sync.central.tables import events  # noqa: E402

RUNS = 3
BATCH = 100


def sample_rows(count: int) -> list[dict[str, Any]]:
    """A station's working days: a check-in, twenty tallies of fifty workers, a check-out."""
    factory, rng, day = EventFactory(station_id="st-1"), random.Random(3), date(2026, 1, 5)
    while len(factory.rows) < count:
        factory.check_in("w1", day, "08:00")
        for t in range(20):
            worker, pieces = f"w{rng.randrange(50)}", rng.randint(1, 60)
            factory.tally(worker, "bead", pieces, day, f"{9 + t // 4:02d}:{(t % 4) * 15:02d}")
        factory.check_out("w1", day, "16:00")
        day += timedelta(days=1)
    return factory.rows[:count]


def insert_once(url: str, rows: list[dict[str, Any]], narrow: bool) -> tuple[float, float]:
    """Wall and CPU seconds to insert `rows` into a new database."""
    engine = open_office(url)
    if narrow:
        with engine.begin() as conn:
            conn.execute(text("DROP INDEX ix_events_pay"))
            conn.execute(text("CREATE INDEX ix_events_pay ON events (kind, local_day)"))
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(rows), BATCH):
        with engine.begin() as conn:
            conn.execute(events.insert(), rows[start : start + BATCH])
    timing = (time.perf_counter() - wall, time.process_time() - cpu)
    engine.dispose()
    return timing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()
    rows = sample_rows(args.events)
    timings: dict[str, list[tuple[float, float]]] = {"covering": [], "narrow": []}
    with tempfile.TemporaryDirectory() as folder:
        for run in range(RUNS):
            for name in timings:
                timings[name].append(insert_once(f"sqlite:///{folder}/{name}{run}.db", rows, name == "narrow"))
    for name, runs in timings.items():
        wall, cpu = min(w for w, _ in runs), min(c for _, c in runs)
        rate = len(rows) / cpu
        print(f"{name:9s} events={len(rows):,} wall={wall:.2f}s cpu={cpu:.2f}s ({rate:,.0f} events/s by CPU)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
