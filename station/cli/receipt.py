"""`python -m station receipt sample`: the ESC/POS bytes (and PNG) of a sample tally slip.

For trying a printer profile without a station: `cat FILE > /dev/usb/lp0`, or look at the PNG.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import uuid
from pathlib import Path

from station.printing import DEFAULT_PROFILE, PrintingError, ReceiptData, load_profile

ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets"
SAMPLE_EVENT_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "workshop-station/sample-receipt"))

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("receipt", help="receipt slips", description=__doc__)
    actions = parser.add_subparsers(dest="receipt_command", metavar="ACTION", required=True)
    sample = actions.add_parser("sample", help="write a sample tally slip (张三, 串珠, 12)")
    sample.add_argument("--out", type=Path, required=True, help="file for the ESC/POS bytes")
    sample.add_argument("--png", type=Path, help="also write the PNG preview here")
    sample.add_argument(
        "--profile", default=DEFAULT_PROFILE, help=f"printer profile (default {DEFAULT_PROFILE})"
    )
    sample.add_argument("--assets", type=Path, default=ASSETS_DIR, help="assets folder with pictograms/")
    sample.set_defaults(handler=run_sample)


def sample_receipt(when: dt.datetime | None = None) -> ReceiptData:
    return ReceiptData(
        event_id=SAMPLE_EVENT_ID,
        worker_name="张三",
        product_name="串珠",
        pictogram="pictograms/product_bead_stringing.png",
        count=12,
        when=when or dt.datetime.now().replace(second=0, microsecond=0),
        station_id="demo-station-1",
        today_total=36,
    )


def run_sample(args: argparse.Namespace) -> int:
    from station.printing import SlipRenderer  # Pillow and qrcode: not for every `python -m station`

    try:
        renderer = SlipRenderer.for_profile(load_profile(args.profile), args.assets)
        data = sample_receipt()
        args.out.write_bytes(renderer.escpos(data))
        if args.png:
            args.png.write_bytes(renderer.png(data))
    except (PrintingError, OSError) as exc:
        log.error("sample receipt failed", extra={"error": str(exc)})
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}" + (f" and {args.png}" if args.png else ""))
    return 0
