"""What the kiosk presenters are given: their rules (from [kiosk] settings) and their ports."""

from __future__ import annotations

import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from station.services.workshop import WorkshopService
from station.ui.presenters.ports import CatalogPort, PrinterPort, ScalePort, SpeakerPort, SyncPort


@dataclass(frozen=True, slots=True)
class KioskRules:
    idle_s: float = 60.0
    supervisor_timeout_s: float = 120.0
    undo_s: float = 10.0
    language: str = "zh-Hans"
    tap_cooldown_s: float = 0.3


@dataclass
class KioskDeps:
    service: WorkshopService
    catalog: CatalogPort
    speaker: SpeakerPort
    scale: ScalePort | None = None
    printer: PrinterPort | None = None
    sync: SyncPort | None = None
    verify_pin: Callable[[str, str], bool] | None = None
    piece_weights: MutableMapping[str, float] | None = None  # learned piece weights by product id
    scale_division_g: float = 0.1  # the scale's smallest step, for judging a learning sample
    # Runs slow work off the UI thread and hands its result back on it; None: right away (tests).
    background: Callable[[Callable[[], Any], Callable[[Any], None]], None] | None = None
    monotonic: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time
    # A worker photo or product picture reference -> the file to show (station.app.pictures);
    # None: the reference as it is (tests without a photo store).
    picture: Callable[[str], str] | None = None

    def picture_file(self, ref: str) -> str:
        """The file that shows the picture `ref` names (the placeholder until its photo arrives)."""
        return self.picture(ref) if self.picture is not None else ref
