"""Shared test data: a sample slip and a renderer per profile."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from station.printing import ReceiptData, SlipRenderer, load_profile
from station.printing.raster import find_cjk_font

ASSETS = Path(__file__).resolve().parents[2] / "assets"
EVENT_ID = "0b5e9c1e-7d0a-4c35-9a7e-2f1d6c3b8a90"


def slip(**changes: Any) -> ReceiptData:
    data = ReceiptData(
        event_id=EVENT_ID,
        worker_name="张三",
        product_name="串珠",
        pictogram="pictograms/product_bead_stringing.png",
        count=12,
        when=dt.datetime(2026, 11, 23, 10, 5),
        station_id="demo-station-1",
        today_total=36,
    )
    return dataclasses.replace(data, **changes)


def renderer(profile: str, font: bool = True) -> SlipRenderer:
    return SlipRenderer(load_profile(profile), ASSETS, find_cjk_font() if font else None)
