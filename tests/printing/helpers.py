"""Shared test data: a sample slip and a renderer per profile."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from station.cli.receipt import sample_receipt
from station.printing import ReceiptData, SlipRenderer, load_profile
from station.printing.raster import find_cjk_font

ASSETS = Path(__file__).resolve().parents[2] / "assets"
EVENT_ID = "0b5e9c1e-7d0a-4c35-9a7e-2f1d6c3b8a90"


def slip(**changes: Any) -> ReceiptData:
    """The CLI's sample slip (张三, 串珠, 12) at a fixed time and event id, with `changes`."""
    data = sample_receipt(when=dt.datetime(2026, 11, 23, 10, 5))
    return dataclasses.replace(data, event_id=EVENT_ID, **changes)


def renderer(profile: str, font: bool = True) -> SlipRenderer:
    return SlipRenderer(load_profile(profile), ASSETS, find_cjk_font() if font else None)


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    pause = threading.Event()
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        pause.wait(0.01)
