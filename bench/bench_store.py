"""How many tallies per second the station records with full durability (WAL + synchronous=FULL).

Each tally is validated, checked against today's attendance and committed in its own
BEGIN IMMEDIATE transaction, exactly as the kiosk does it. A station needs < 1 per second;
the figure shows the headroom on this disk. Run: python bench/bench_store.py [--tallies N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from station.clock import SystemClock  # noqa: E402
from station.services.workshop import WorkshopRules, WorkshopService  # noqa: E402
from station.store.catalog import SqliteCatalog  # noqa: E402
from station.store.database import open_database  # noqa: E402
from station.store.event_log import SqliteEventLog  # noqa: E402
from sync.demo import DEMO_STATION_ID, demo_catalog  # noqa: E402
from sync.protocol.events import CheckIn, CountMethod  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tallies", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.db")
        SqliteCatalog(db).replace(demo_catalog())
        log = SqliteEventLog(db, DEMO_STATION_ID)
        clock = SystemClock()
        service = WorkshopService(log, SqliteCatalog(db), clock, WorkshopRules())
        service.check_in("w01")
        latencies = []
        start = time.perf_counter()
        for i in range(args.tallies):
            t0 = time.perf_counter()
            service.record_tally("w01", "bead-stringing", 1 + i % 20, CountMethod.SCALE)
            latencies.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - start

        raw_start = time.perf_counter()
        for _ in range(args.tallies):
            log.append([CheckIn("w02")], clock.now())
        raw_elapsed = time.perf_counter() - raw_start
        db.close()
    latencies.sort()
    print(f"tallies (service, validated, FULL):  {args.tallies / elapsed:8.0f} per second")
    print(f"  latency p50 {statistics.median(latencies) * 1e3:.2f} ms, "
          f"p99 {latencies[int(len(latencies) * 0.99) - 1] * 1e3:.2f} ms")
    print(f"raw appends (store only, FULL):     {args.tallies / raw_elapsed:8.0f} per second")
    print(f"service / raw append ratio:         {raw_elapsed / elapsed:8.2f}")


if __name__ == "__main__":
    main()
