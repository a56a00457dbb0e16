"""Benchmark the kiosk in a real (offscreen) window beside a one-Label Kivy app measured the same way.

    SDL_VIDEODRIVER=offscreen python bench/bench_kiosk.py [--taps 300] [--tallies 1000] [--size 800x480]

Every figure is printed next to the same figure for a Kivy app showing one Label, run in the same
session, so the kiosk's own cost is read apart from Kivy's, the GL driver's and the machine's load:

- cold start: a new process until it sends systemd's READY=1 (the kiosk: once Home is drawn; the
  Label app: once its Label is drawn), received on a real NOTIFY_SOCKET; median of --starts.
- RSS at ready: the process's resident set size when READY=1 arrives.
- tap -> frame: a touch on +1 (the Label app: a touch on the Label, which counts up) is
  dispatched and one frame drawn to the last pixel (glFinish: Mesa's software renderer may
  otherwise leave a frame's rasterising to a later one, and a tap would look free while the
  next paid for several); the numeral on screen shows the new count; p50/p99 of --taps,
  in wall time and in the process's CPU time (on a machine shared with other work the wall
  time mostly measures the queue for a core; the CPU time is the kiosk's own cost).
- RSS flat: resident set size over --tallies saved tap tallies (+1 then save; each a real event
  in SQLite with synchronous=FULL); the Label app redraws its counting Label as often.
  Both apps run with the kiosk unit's settings for Mesa's software renderer (LP_NUM_THREADS:
  llvmpipe's rasteriser threads grew the kiosk by ~1.6 GB over 1,000 tallies); --softpipe also
  counts under softpipe, the application's own memory without llvmpipe (docs/kiosk.md).
Each measurement runs in its own process (Kivy allows one window per process). The app's own
packages are compiled to bytecode first, as provisioning does (deploy/lib/provision.sh
`compile_app`): the kiosk unit runs with PYTHONDONTWRITEBYTECODE=1, so without it every start would
compile the whole app again, which no station does.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DPI = 132.0
READY_TIMEOUT_S = 120.0


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- the two apps, in child processes -------------------------------------------------------


def open_kiosk_for_bench(work: Path, size: str, prepared: bool = False) -> Any:
    """The demo kiosk; `prepared`: its database exists already (a station starting, not being set up)."""
    from station.app.demo_station import demo_settings, prepare_demo_database
    from station.app.launch import open_kiosk
    from station.app.standins import StandInPrinter
    from station.ui.kivy_env import parse_size

    settings = demo_settings(work, sounds=False)
    if not prepared:
        prepare_demo_database(settings, with_morning=False)
    return open_kiosk(settings, size=parse_size(size), printer=StandInPrinter(work / "receipts"))


def open_label_app(size: str) -> Any:
    """The yardstick: a Kivy App with one Label (the kiosk's font) that counts up when touched."""
    from station.i18n.fonts import locate_cjk_font
    from station.ui.kivy_env import parse_size, prepare_kivy

    prepare_kivy(DPI, parse_size(size))
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.core.text import DEFAULT_FONT, LabelBase
    from kivy.uix.label import Label

    from station.app.systemd_notify import notify

    LabelBase.register(DEFAULT_FONT, str(locate_cjk_font()))  # the kiosk's CJK font, as register_font

    class CountingLabel(Label):
        def on_touch_down(self, touch: Any) -> bool:
            self.text = str(int(self.text) + 1)
            return True

    class LabelApp(App):
        def build(self) -> Label:
            Clock.schedule_once(lambda _dt: notify("READY=1"))  # as KioskApp: after the first frame
            return CountingLabel(text="0", font_size="22mm", color=(0, 0, 0, 1))

    return LabelApp()


def child_prepare(work: Path) -> dict[str, Any]:
    from station.app.demo_station import demo_settings, prepare_demo_database

    prepare_demo_database(demo_settings(work, sounds=False), with_morning=False)
    return {}


def child_ready(kind: str, work: Path, size: str) -> dict[str, Any]:
    """Run until SIGTERM; the parent times READY=1 and reads the RSS."""
    if kind == "kiosk":
        from station.app.launch import run_kiosk

        run_kiosk(open_kiosk_for_bench(work, size, prepared=True))
    else:
        app = open_label_app(size)
        signal.signal(signal.SIGTERM, lambda _s, _f: app.stop())
        app.run()
    return {}


class Session:
    """Taps the kiosk's (or the Label's) numeral control and waits for frames, like a person's finger."""

    def __init__(self, kind: str, work: Path, size: str) -> None:
        self.kind = kind
        if kind == "kiosk":
            from station.ui.driving import Driver, OffsetClock

            self.app = open_kiosk_for_bench(work, size)
            clock = OffsetClock()  # taps a person's pace apart, not a double tap (tap cooldown)
            self.app.presenter.deps.monotonic = clock
            self.driver = Driver(self.app, clock)
            self.driver.start()
            for name in ("home.page_next", "home.worker.0", "bench.more", "bench.product.1"):
                self.driver.tap(name)  # w05, seat cushion: tap-counted
        else:
            self.app = open_label_app(size)
            self.app._run_prepare()
            self.driver = None
            self._frames(3)

    def _frames(self, n: int) -> None:
        from kivy.base import EventLoop

        for _ in range(n):
            EventLoop.idle()

    def numeral(self) -> Any:
        if self.kind == "kiosk":
            return self.app.screens[self.app.presenter.view.screen].count.numeral
        return self.app.root

    def plus_one_at(self) -> tuple[float, float]:
        widget = self.app.control("count.plus_one") if self.kind == "kiosk" else self.app.root
        return widget.to_window(*widget.center)

    def before_tap(self) -> None:
        if self.driver is not None:
            from station.ui.driving import FINGER_GAP_S

            self.driver.clock.advance(FINGER_GAP_S)

    def restart_count(self) -> None:
        """Stay under the kiosk's tally ceiling: start a fresh count."""
        if self.driver is not None:
            from station.ui.presenters.view import ScreenName

            if self.driver.screen() is ScreenName.COUNT:  # else the success card ended by itself (a slow frame)
                self.driver.tap("count.back")
            self.driver.tap("bench.product.1")

    def save_one(self) -> None:
        if self.driver is not None:
            self.driver.tap("count.plus_one")
            self.driver.tap("count.save")
            self.restart_count()  # off the success card and back to the count, as a worker does
        else:
            self.before_tap()
            self._tap_numeral()
            self._frames(2)

    def _tap_numeral(self) -> None:
        from kivy.tests.common import UnitTestTouch

        touch = UnitTestTouch(*self.plus_one_at())
        touch.touch_down()
        touch.touch_up()

    def stop(self) -> None:
        from kivy.base import EventLoop

        if self.driver is not None:
            self.driver.stop()
        else:
            self.app.stop()
            EventLoop.close()


def child_taps(kind: str, work: Path, size: str, taps: int) -> dict[str, Any]:
    session = Session(kind, work, size)  # first: it sets Kivy's environment
    from kivy.base import EventLoop
    from kivy.graphics.opengl import glFinish

    numeral = session.numeral()
    wall, cpu = [], []
    for i in range(taps):
        if i and i % 400 == 0:
            session.restart_count()
            numeral = session.numeral()
        expected = str(int(numeral.text) + 1)
        session.before_tap()
        t0, c0 = time.perf_counter(), time.process_time()
        session._tap_numeral()
        EventLoop.idle()  # the next frame
        glFinish()  # ... drawn, not only queued
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        assert numeral.text == expected, (numeral.text, expected)
    session.stop()
    return {"wall": percentiles(wall), "cpu": percentiles(cpu)}


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
    }


def child_memory(kind: str, work: Path, size: str, tallies: int) -> dict[str, Any]:
    session = Session(kind, work, size)
    points = [(0, rss_mb())]
    for i in range(1, tallies + 1):
        session.save_one()
        if i == 1 or i % 250 == 0 or i == tallies:
            points.append((i, rss_mb()))
    events = sum(1 for _ in session.app.station.service.log.all()) if kind == "kiosk" else 0
    session.stop()
    return {"rss_mb": points, "events": events}


# --- the parent: spawn, time, compare --------------------------------------------------------


KIOSK_UNIT = ROOT / "deploy/systemd/workshop-kiosk.service"
APP_PACKAGES = ("station", "sync")  # what a station's app folder holds of ours
GL_SETTINGS = ("LP_NUM_THREADS",)  # the unit's settings for Mesa's software renderer, applied to both apps


def unit_gl_settings(unit: Path = KIOSK_UNIT) -> dict[str, str]:
    """The kiosk unit's `Environment=` values for GL_SETTINGS: the bench runs as the unit does."""
    found = {}
    for line in unit.read_text().splitlines():
        if line.startswith("Environment="):
            for pair in line.removeprefix("Environment=").split():
                key, _, value = pair.partition("=")
                if key in GL_SETTINGS:
                    found[key] = value
    return found


def child_env(tmp: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "NOTIFY_SOCKET")}
    env |= unit_gl_settings()
    env.setdefault("SDL_VIDEODRIVER", "offscreen")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    env["KIVY_NO_ARGS"] = "1"  # the bench's own options are not Kivy's
    env["KIVY_HOME"] = str(Path(tmp) / "kivy-home")
    env["PYTHONPATH"] = str(ROOT)
    return env | (extra or {})


def run_child(options: argparse.Namespace, mode: str, kind: str, extra: dict[str, str] | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-kiosk-") as tmp:
        proc = subprocess.run(
            [sys.executable, __file__, *forwarded(options), "--child", mode, kind, tmp],
            env=child_env(tmp, extra),
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if proc.returncode != 0:
            raise SystemExit(f"{mode} {kind} failed:\n{proc.stderr[-3000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])


def forwarded(options: argparse.Namespace) -> list[str]:
    return ["--taps", str(options.taps), "--tallies", str(options.tallies), "--size", options.size]


def time_to_ready(options: argparse.Namespace, kind: str) -> tuple[float, float]:
    """Seconds from spawn to READY=1 on a real notify socket, and the RSS (MB) at that moment."""
    with tempfile.TemporaryDirectory(prefix="bench-kiosk-") as tmp:
        if kind == "kiosk":  # the station's database exists before the kiosk starts
            prepare = [sys.executable, __file__, "--child", "prepare", kind, tmp]
            subprocess.run(prepare, env=child_env(tmp), check=True, stdout=subprocess.DEVNULL)
        address = str(Path(tmp) / "notify.sock")
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.bind(address)
            sock.settimeout(READY_TIMEOUT_S)
            spawned = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, __file__, *forwarded(options), "--child", "ready", kind, tmp],
                env=child_env(tmp, {"NOTIFY_SOCKET": address}),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            try:
                while sock.recv(4096) != b"READY=1":
                    pass
                ready = time.perf_counter() - spawned
                rss = rss_mb(proc.pid)
            finally:
                proc.terminate()
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        return ready, rss


def software_gl() -> bool:
    """Whether this machine draws with Mesa's software rasterisers (no GPU in the benchmark)."""
    return not Path("/dev/dri").exists() or os.environ.get("LIBGL_ALWAYS_SOFTWARE") == "1"


def side_by_side(name: str, kiosk: str, label: str, verdict: str) -> None:
    print(f"{name:<44} kiosk {kiosk:<34} one-Label {label:<28} {verdict}")


def growth(points: list[list[float]]) -> float:
    """From the first saved tally on: by then every screen the loop visits is built (screens are built
    on their first visit, which is not growth per tally), so what is left is what each tally keeps."""
    return points[-1][1] - points[1][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--taps", type=int, default=300)
    parser.add_argument("--tallies", type=int, default=1000)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--size", default="800x480")
    parser.add_argument("--softpipe", action="store_true", help="also count tallies under softpipe (slow)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, kind, work = args.child
        children: dict[str, Callable[[], dict[str, Any]]] = {
            "prepare": lambda: child_prepare(Path(work)),
            "ready": lambda: child_ready(kind, Path(work), args.size),
            "taps": lambda: child_taps(kind, Path(work), args.size, args.taps),
            "memory": lambda: child_memory(kind, Path(work), args.size, args.tallies),
        }
        print(json.dumps(children[mode]()))
        return

    for package in APP_PACKAGES:  # as provisioning compiles the app (deploy/lib/provision.sh compile_app)
        compileall.compile_dir(ROOT / package, quiet=1, workers=0)
    print(
        f"bench_kiosk {time.strftime('%Y-%m-%d')}  {args.size}  {os.cpu_count()} cores, shared with other work"
        f"  GL settings of the unit: {unit_gl_settings() or 'none'}"
    )
    starts: dict[str, list[tuple[float, float]]] = {"kiosk": [], "label": []}
    for _ in range(args.starts):
        for kind in starts:  # interleaved: both see the same load
            starts[kind].append(time_to_ready(args, kind))
    cold = {k: statistics.median(s for s, _ in v) for k, v in starts.items()}
    ready_rss = {k: statistics.median(r for _, r in v) for k, v in starts.items()}
    side_by_side(
        "cold start to READY=1 (median)",
        f"{cold['kiosk']:.2f} s",
        f"{cold['label']:.2f} s",
        f"{cold['kiosk'] / cold['label']:.1f}x (goal <= 3x)",
    )
    side_by_side(
        "RSS at READY=1 (median)",
        f"{ready_rss['kiosk']:.0f} MB",
        f"{ready_rss['label']:.0f} MB",
        f"+{ready_rss['kiosk'] - ready_rss['label']:.0f} MB (goal <= +60)",
    )
    taps = {kind: run_child(args, "taps", kind) for kind in ("kiosk", "label")}
    for clock, what in (("wall", "wall time"), ("cpu", "CPU time of the process")):
        kiosk, label = taps["kiosk"][clock], taps["label"][clock]
        side_by_side(
            f"tap -> frame, new numeral, {what} ({args.taps} taps)",
            f"p50 {kiosk['p50_ms']:.1f} p99 {kiosk['p99_ms']:.1f} ms",
            f"p50 {label['p50_ms']:.1f} p99 {label['p99_ms']:.1f} ms",
            "(goal p99 < 50 ms)",
        )
    drivers: dict[str, dict[str, str]] = {"default GL": {}}
    if args.softpipe and software_gl():
        drivers["softpipe"] = {"GALLIUM_DRIVER": "softpipe"}
    for driver, extra in drivers.items():
        memory = {kind: run_child(args, "memory", kind, extra) for kind in ("kiosk", "label")}
        points = "  ".join(f"{n}: {mb:.0f}" for n, mb in memory["kiosk"]["rss_mb"])
        side_by_side(
            f"RSS growth over {args.tallies} tallies ({driver})",
            f"{growth(memory['kiosk']['rss_mb']):+.1f} MB",
            f"{growth(memory['label']['rss_mb']):+.1f} MB",
            "(goal <= 5 MB)",
        )
        print(f"    kiosk RSS MB after n tallies: {points}  ({memory['kiosk']['events']} events)")


if __name__ == "__main__":
    main()
