"""How long building one receipt takes (ESC/POS bytes and PNG preview), per printer profile.

Run: python bench/bench_receipt.py [--repeat N]. Prints a Markdown table; the figures go into
docs/printing.md. Serial time is the bytes' transfer time at 9600 and 115200 baud (8N1).
"""

from __future__ import annotations

import argparse
import dataclasses
import platform
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from station.cli.receipt import sample_receipt  # noqa: E402
from station.printing import ReceiptData, SlipRenderer, available_profiles, load_profile  # noqa: E402

ASSETS = Path(__file__).resolve().parents[1] / "assets"


def sample() -> ReceiptData:
    """The CLI's sample slip with a new event id, as after each tally (no cached QR symbol)."""
    return dataclasses.replace(sample_receipt(), event_id=str(uuid.uuid4()))


def median_ms(action, repeat: int) -> float:  # type: ignore[no-untyped-def]
    action()  # warm caches (fonts, pictogram file)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, median of {args.repeat}\n")
    print("| profile | bytes | build bytes (ms) | build PNG (ms) | PNG size | at 9600 Bd | at 115200 Bd |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in available_profiles():
        renderer = SlipRenderer.for_profile(load_profile(name), ASSETS)
        escpos, png = renderer.escpos(sample()), renderer.png(sample())
        bytes_ms = median_ms(lambda r=renderer: r.escpos(sample()), args.repeat)
        png_ms = median_ms(lambda r=renderer: r.png(sample()), args.repeat)
        print(
            f"| {name} | {len(escpos):,} | {bytes_ms:.1f} | {png_ms:.1f} | {len(png):,} "
            f"| {len(escpos) * 10 / 9600:.1f} s | {len(escpos) * 10 / 115200:.2f} s |"
        )


if __name__ == "__main__":
    main()
