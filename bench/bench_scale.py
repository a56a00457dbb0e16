"""Scale benchmark: frame-to-reading latency through a real PTY, and parser throughput.

Latency: a stable frame is written to the PTY master in one write; the clock runs from the
moment that write (its last byte) returns until `ScaleService` delivers the reading to its
callback. Every frame carries a new weight so each one produces a reading.
Throughput: `Framer` + codec on an in-memory stream of valid frames.

    .venv/bin/python bench/bench_scale.py [--frames 400]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import threading
import time
import tty
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from station.devices.scale import Commands, ScaleService, load_profile  # noqa: E402
from station.devices.scale.framing import Framer  # noqa: E402
from station.devices.scale.pan import Pan, PanState  # noqa: E402
from station.devices.scale.protocols import CODECS, EMULATIONS  # noqa: E402

PROFILES = {
    "mt-sics": "mt-sics",
    "toledo-8217": "toledo-8217",
    "and": "and",
    "ohaus": "ohaus",
    "cas": "cas",
    "yaohua-xk3190": "yaohua-xk3190",
    "yaohua-xk3190-eq": "yaohua-xk3190-eq",
}


def stable_frame(protocol: str, divisions: int) -> bytes:
    emulation = EMULATIONS[protocol](Pan(division_g=EMULATIONS[protocol].division_g, capacity_g=1e9))
    grams = divisions * emulation.pan.division_g
    return emulation.stream_frame(PanState(grams, grams, True, False, False, False, None))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency(protocol: str, frames: int) -> tuple[float, float]:
    """p50 and p99 in milliseconds from the frame's last byte written to the reading delivered."""
    master, slave = os.openpty()
    tty.setraw(slave)
    delivered = threading.Event()
    stamps: list[float] = []

    def on_reading(_reading: object) -> None:
        stamps.append(time.perf_counter())
        delivered.set()

    with tempfile.TemporaryDirectory() as tmp:
        link = Path(tmp) / "tty"
        link.symlink_to(os.ttyname(slave))
        profile = load_profile(PROFILES[protocol]).model_copy(update={"mode": "continuous", "commands": Commands()})
        service = ScaleService(profile, str(link), on_reading=on_reading)
        service.start()
        samples: list[float] = []
        try:
            deadline = time.monotonic() + 5
            while not service._driver.is_open and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.1)  # let the driver's reset_input_buffer pass before the first frame
            for i in range(frames):
                delivered.clear()
                os.write(master, stable_frame(protocol, 100 + i))
                sent = time.perf_counter()
                if delivered.wait(2.0):
                    samples.append(stamps[-1] - sent)
                time.sleep(0.002)
        finally:
            service.stop()
            os.close(master)
            os.close(slave)
    return percentile(samples, 0.5) * 1000, percentile(samples, 0.99) * 1000


def throughput(protocol: str, frames: int = 20_000) -> float:
    """Frames per second through Framer + codec.parse, fed in 4 KiB chunks."""
    data = b"".join(stable_frame(protocol, 100 + i % 5000) for i in range(frames))
    codec = CODECS[protocol]()
    framer = Framer(codec.frame)
    start = time.perf_counter()
    parsed = 0
    for offset in range(0, len(data), 4096):
        for frame in framer.feed(data[offset : offset + 4096]):
            if isinstance(frame, bytes) and codec.parse(frame) is not None:
                parsed += 1
    elapsed = time.perf_counter() - start
    assert parsed == frames, (protocol, parsed)
    return frames / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=400, help="frames per protocol for the latency run")
    args = parser.parse_args()
    machine = f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}"
    print(f"# {machine}, {os.cpu_count()} CPUs, {args.frames} frames per protocol\n")
    print("| protocol | frame→reading p50 (ms) | p99 (ms) | parser frames/s |")
    print("|---|---:|---:|---:|")
    for protocol in PROFILES:
        p50, p99 = latency(protocol, args.frames)
        print(f"| {protocol} | {p50:.2f} | {p99:.2f} | {throughput(protocol):,.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
