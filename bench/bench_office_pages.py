"""Benchmark: the office's list pages at 1,000 workers and about 1 million events.

    python bench/bench_office_pages.py                      # SQLite and PostgreSQL (if running), 1M events
    python bench/bench_office_pages.py --events 100000 --db sqlite

The events are bench_payroll.py's (check-in/out and tallies every workday, 2 % corrected),
either all in January 2026 (`--months 1`: bench_payroll's own month, about 45,000 tallies a
day) or spread over the workdays of `--months` months (12: about 3,800 a day, a year of a large
workshop); plus the roster, refused messages in the quarantine and audit entries. Each page is fetched
in-process (TestClient: routing, SQL, templates; no network) 5 times and the median kept.
Goal (#14): every list page ≤ 300 ms. docs/office.md keeps the last run's figures.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_payroll import PRODUCTS, START, fill, login, postgres_url, workdays  # noqa: E402

from office.audit import record  # noqa: E402
from office.db import open_office  # noqa: E402
from office.demo.sample_events import EventFactory  # noqa: E402
from office.payroll import store  # noqa: E402
from office.users import add_user  # noqa: E402
from office.web.app import create_app  # noqa: E402
from sync.central.tables import quarantine, stations  # noqa: E402
from sync.central.tables import workers as workers_table  # noqa: E402

QUARANTINED, AUDITED = 5_000, 50_000
BUSY_DAY = "2026-01-14"
LIST_PAGES = {
    "workers": "/workers",
    "workers searched, by name": "/workers?q=w09&sort=name&desc=1",
    "workers page 20": "/workers?page=20",
    "tallies (a day)": f"/tallies?day={BUSY_DAY}",
    "tallies by count, one product": f"/tallies?day={BUSY_DAY}&product=seat-cushion&sort=count&desc=1",
    "tallies searched": f"/tallies?day={BUSY_DAY}&q=w0042",
    "corrections (a week)": "/corrections?start=2026-01-12&end=2026-01-18",
    "quarantine": "/quarantine?state=all",
    "quarantine searched": "/quarantine?state=all&q=roster",
    "audit": "/audit",
    "audit by action, page 50": "/audit?action=bench.entry&page=50",
    "stations": "/stations",
}
OTHER_PAGES = {
    "dashboard (January charts)": "/?month=2026-01",
    "worker page (30 days)": "/workers/w0042?end=2026-01-30",
}


def fill_months(engine: sqlalchemy.Engine, workers: int, target_events: int, months: int) -> int:
    """Like bench_payroll.fill, over the workdays of `months` months from January 2026."""
    if months == 1:
        return fill(engine, workers, target_events)
    rng = random.Random(7)
    days = [day for m in range(months) for day in workdays(START.replace(month=1 + m % 12, year=2026 + m // 12))]
    per_day = max(1, round(target_events / (workers * len(days))) - 2)
    with engine.begin() as conn:
        for p, product in enumerate(PRODUCTS):
            store.set_rate(conn, product, START, 5 + 10 * p, 1 + p % 3, "bench")
        add_user(conn, "bench", "clerk", "bench-password")
        site_of = [{"station_id": f"st-{i:03d}", "site": f"site-{i // 10}"} for i in range(max(1, workers // 10))]
        conn.execute(stations.insert(), [{**s, "name": "", "registered": True, "online": True} for s in site_of])
    written = 0
    for w in range(workers):
        factory, worker = EventFactory(station_id=f"st-{w // 10:03d}-{w}"), f"w{w:04d}"
        for day in days:
            factory.check_in(worker, day, "08:00")
            for t in range(per_day):
                product, count = rng.choice(PRODUCTS), rng.randint(1, 60)
                tally = factory.tally(worker, product, count, day, f"{9 + t % 7:02d}:{(7 * t) % 60:02d}")
                if rng.random() < 0.02:
                    factory.correct(tally, worker, product, count, max(1, count - 3), day, "16:00")
            factory.check_out(worker, day, "16:30")
        written += len(factory.rows)
        with engine.begin() as conn:
            factory.insert(conn)
    return written


def extras(engine: sqlalchemy.Engine, workers: int) -> None:
    """The roster of the workers who made the events, refused messages and audit entries."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        roster = [
            {"worker_id": f"w{w:04d}", "name": f"员工{w:04d}", "photo": "", "site": f"site-{w // 100}"}
            for w in range(workers)
        ]
        conn.execute(workers_table.insert(), [{**row, "product_ids": "[]", "bank_account": "6222"} for row in roster])
        rows = [
            {
                "received_at": now,
                "topic": f"ws/v1/site-0/st-{i % 50:03d}/events",
                "station_id": f"st-{i % 50:03d}",
                "reason": "not on the roster of site site-0: w9999" if i % 2 else "not UTF-8 JSON: bad byte",
                "raw": b'{"events": []}',
            }
            for i in range(QUARANTINED)
        ]
        conn.execute(quarantine.insert(), rows)
        for i in range(AUDITED):
            record(conn, "bench", "bench.entry", n=i)


def median_ms(client: TestClient, path: str, runs: int = 5) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code, response.text[-500:])
    return 1000 * sorted(timings)[runs // 2]


def bench(url: str, workers: int, target_events: int, months: int) -> tuple[int, float, dict[str, float]]:
    engine = open_office(url)
    started = time.perf_counter()
    written = fill_months(engine, workers, target_events, months)
    extras(engine, workers)
    if engine.dialect.name == "postgresql":  # as autovacuum would after a bulk load
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    fill_s = time.perf_counter() - started
    figures = {}
    with TestClient(create_app(engine)) as client:
        login(client)
        with engine.begin() as conn:  # the bench user reads the audit log too
            conn.exec_driver_sql("UPDATE users SET role = 'admin' WHERE username = 'bench'")
        for name, path in {**LIST_PAGES, **OTHER_PAGES}.items():
            figures[name] = median_ms(client, path)
            print(f"  {name:34s} {figures[name]:8.1f} ms", flush=True)
    engine.dispose()
    return written, fill_s, figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1000)
    parser.add_argument("--events", type=int, default=1_000_000, help="about how many events to generate")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--months", type=int, default=12, help="months the events are spread over")
    args = parser.parse_args()
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            print("sqlite", flush=True)
            report("sqlite", *bench(f"sqlite:///{folder}/bench.db", args.workers, args.events, args.months))
    if args.db in ("postgresql", "both") and (pg := postgres_url()):
        url, admin, name = pg
        try:
            print("postgresql", flush=True)
            report("postgresql", *bench(url, args.workers, args.events, args.months))
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()
    return 0


def report(name: str, events: int, fill_s: float, figures: dict[str, float]) -> None:
    worst = max(figures[page] for page in LIST_PAGES)
    verdict = "met" if worst <= 300 else "NOT met"
    print(f"{name}: {events:,} events, filled in {fill_s:.0f} s; slowest list page {worst:.0f} ms (≤ 300: {verdict})")


if __name__ == "__main__":
    raise SystemExit(main())
