"""Benchmark the kiosk in a real (offscreen) window: tap latency, cold start, memory under load.

    SDL_VIDEODRIVER=offscreen python bench/bench_kiosk.py [--taps 300] [--tallies 1000] [--size 800x480]

- tap -> next frame: a touch on +1 is dispatched, one frame is drawn, and the numeral on screen
  shows the new count; p50/p99 over --taps taps.
- cold start: a fresh process until the first frame of Home is drawn (median of 3).
- memory: resident set size after every 250 of --tallies saved tap tallies (each a real event
  in SQLite with synchronous=FULL); it must level off, not keep growing.
Each measurement runs in its own process (Kivy allows one window per process).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def open_kiosk_for_bench(work: Path, size: str):  # type: ignore[no-untyped-def]
    from station.app.demo_station import demo_settings, prepare_demo_database
    from station.app.launch import open_kiosk
    from station.app.standins import StandInPrinter
    from station.ui.kivy_env import parse_size

    settings = demo_settings(work, sounds=False)
    prepare_demo_database(settings, with_morning=False)
    app = open_kiosk(settings, size=parse_size(size), printer=StandInPrinter(work / "receipts"))
    from station.ui.driving import Driver, OffsetClock

    clock = OffsetClock()  # every tap is a person's pace apart, not a double tap (tap cooldown)
    app.presenter.deps.monotonic = clock
    return app, Driver(app, clock)


def child_cold_start(work: Path, size: str, spawned: float) -> dict:
    app, driver = open_kiosk_for_bench(work, size)
    driver.start()  # builds every screen and draws the first frames of Home
    ready = time.time()
    driver.stop()
    return {"cold_start_s": ready - spawned}


def child_taps(work: Path, size: str, taps: int) -> dict:
    app, driver = open_kiosk_for_bench(work, size)  # first: it sets Kivy's environment
    from kivy.base import EventLoop
    from kivy.tests.common import UnitTestTouch

    from station.ui.driving import FINGER_GAP_S

    driver.start()
    driver.tap("home.page_next")
    driver.tap("home.worker.0")  # w05: every product
    driver.tap("bench.more")
    driver.tap("bench.product.1")  # seat cushion, tap-counted
    button = app.control("count.plus_one")
    numeral = app.screens[app.presenter.view.screen].count.numeral
    x, y = button.to_window(*button.center)
    samples = []
    for i in range(taps):
        if i and i % 400 == 0:  # stay under the tally ceiling: start a fresh count
            driver.tap("count.back")
            driver.tap("bench.product.1")
        expected = str(int(numeral.text) + 1)
        driver.clock.advance(FINGER_GAP_S)
        t0 = time.perf_counter()
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        EventLoop.idle()  # the next frame
        samples.append(time.perf_counter() - t0)
        assert numeral.text == expected, (numeral.text, expected)
    driver.stop()
    samples.sort()
    return {
        "tap_p50_ms": 1000 * statistics.median(samples),
        "tap_p99_ms": 1000 * samples[min(len(samples) - 1, int(len(samples) * 0.99))],
        "taps": taps,
    }


def child_memory(work: Path, size: str, tallies: int) -> dict:
    app, driver = open_kiosk_for_bench(work, size)
    driver.start()
    driver.tap("home.page_next")
    driver.tap("home.worker.0")
    driver.tap("bench.more")
    driver.tap("bench.product.1")
    points = [(0, rss_mb())]
    t0 = time.perf_counter()
    for i in range(1, tallies + 1):
        driver.tap("count.plus_one")
        driver.tap("count.save")
        driver.tap("count.back")  # off the success card, and back to the count (as a worker would)
        driver.tap("bench.product.1")
        if i % 250 == 0:
            points.append((i, rss_mb()))
    elapsed = time.perf_counter() - t0
    saved = sum(1 for _ in app.station.service.log.all())
    driver.stop()
    return {"rss_mb": points, "tallies": tallies, "events": saved, "seconds": elapsed}


def run_child(options: argparse.Namespace, mode: str, *args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env.setdefault("SDL_VIDEODRIVER", "offscreen")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    with tempfile.TemporaryDirectory(prefix="bench-kiosk-") as tmp:
        env["KIVY_HOME"] = str(Path(tmp) / "kivy-home")
        forward = ["--taps", str(options.taps), "--tallies", str(options.tallies), "--size", options.size]
        proc = subprocess.run(
            [sys.executable, __file__, *forward, "--child", mode, tmp, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if proc.returncode != 0:
            raise SystemExit(f"{mode} failed:\n{proc.stderr[-3000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=300)
    parser.add_argument("--tallies", type=int, default=1000)
    parser.add_argument("--size", default="800x480")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, work, *rest = args.child
        work_dir = Path(work)
        if mode == "cold":
            result = child_cold_start(work_dir, args.size, float(rest[0]))
        elif mode == "taps":
            result = child_taps(work_dir, args.size, args.taps)
        else:
            result = child_memory(work_dir, args.size, args.tallies)
        print(json.dumps(result))
        return
    colds = [run_child(args, "cold", str(time.time()))["cold_start_s"] for _ in range(3)]
    print(
        f"cold start to Home ({args.size}): median {statistics.median(colds):.2f} s"
        f"  runs {[round(c, 2) for c in colds]}"
    )
    taps = run_child(args, "taps")
    print(
        f"tap -> next frame showing the new count: p50 {taps['tap_p50_ms']:.1f} ms  "
        f"p99 {taps['tap_p99_ms']:.1f} ms  ({taps['taps']} taps)"
    )
    memory = run_child(args, "memory")
    rss = "  ".join(f"{n}: {mb:.1f} MB" for n, mb in memory["rss_mb"])
    print(f"resident memory after saved tallies: {rss}  ({memory['events']} events, {memory['seconds']:.1f} s)")


if __name__ == "__main__":
    main()
