"""The composition root: the only place that builds the station's objects and wires them.

`build_station()` runs after `prepare_kivy()` (it routes device threads through the Kivy
clock). Adapters are created from the settings unless a caller (the demo, the tour, tests)
passes ready ones in. `Station.start()` starts their threads: the kiosk calls it once Home is
drawn (`station.app.launch`), so none of them competes with the first frame.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from station.app.health import device_health
from station.app.pictures import Pictures, photo_store
from station.app.piece_weights import PieceWeightFile
from station.app.settings import Settings
from station.clock import SystemClock
from station.domain.weighing import Reading, ScaleStatus
from station.services.workshop import NotCheckedInPolicy, WorkshopRules, WorkshopService
from station.speech.espeak import EspeakRenderer
from station.speech.speaker import ClipCache, Speaker
from station.store.catalog import SqliteCatalog
from station.store.database import Database, open_database
from station.store.event_log import SqliteEventLog
from station.ui.presenters.kiosk import KioskDeps, KioskPresenter, KioskRules
from sync.protocol.pins import read_pepper, verify_pin

log = logging.getLogger(__name__)

WARM_NUMBERS = 30  # numbers pre-rendered at start; the rest on first use (in the background)


class SilentSpeaker:
    """The speaker when [kiosk] sounds = false (supervisors can still see the mute switch)."""

    muted = True

    def say(self, sentence: str, language: str, rate: int | None = None) -> None:
        pass

    def sound(self, name: str) -> None:
        pass


@dataclass
class Station:
    settings: Settings
    db: Database
    clock: SystemClock
    service: WorkshopService
    catalog: SqliteCatalog
    presenter: KioskPresenter
    speaker: Any
    scale: Any = None
    printer: Any = None
    sync: Any = None
    stoppers: list[Callable[[], None]] = field(default_factory=list)

    def start(self) -> None:
        """Start the speaker (and its warm-up of common phrases), the scale, the printer and the sync link."""
        if isinstance(self.speaker, Speaker):
            self.speaker.start(warm=_phrases(self.settings.language))
            self.stoppers.append(self.speaker.stop)
        for part in (self.scale, self.printer, self.sync):
            if part is not None:
                part.start()
                self.stoppers.append(part.stop)

    def stop(self) -> None:
        """Stop every thread and close the database, newest first; never raises."""
        for stop in reversed(self.stoppers):
            try:
                stop()
            except Exception:
                log.exception("stopping a station part failed")
        self.stoppers.clear()


def build_station(
    settings: Settings,
    *,
    scale_factory: Callable[[Callable[[Any], None]], Any] | None = None,
    printer: Any = None,
    sync: Any = None,
    play: Callable[[Path], None] | None = None,
    cache_dir: Path | None = None,
) -> Station:
    from station.ui import kivy_bridge

    db = open_database(settings.database)
    clock = SystemClock()
    catalog = SqliteCatalog(db)
    k = settings.kiosk
    rules = WorkshopRules(k.tally_ceiling, NotCheckedInPolicy(k.not_checked_in), k.undo_seconds)
    service = WorkshopService(SqliteEventLog(db, settings.station_id), catalog, clock, rules)
    stoppers: list[Callable[[], None]] = [db.close]

    speaker: Any = SilentSpeaker()
    if k.sounds:
        if play is None:
            from station.ui.sound import KivySoundPlayer

            play = kivy_bridge.on_ui_thread(KivySoundPlayer().play)
        cache = ClipCache(cache_dir or settings.database.parent / "speech-cache", EspeakRenderer())
        speaker = Speaker(cache, play)

    # Readings arrive on the scale's thread; the bridge moves them onto the UI thread.
    def on_reading(reading: Any) -> None:
        kivy_bridge.post(presenter.on_reading, reading)

    scale = (scale_factory or _scale_factory(settings))(on_reading)

    # A printer status change arrives on the print thread: the trouble picture shows it at the
    # next frame and the office hears it at once, rather than at their next polls.
    def on_printer_status(status: Any) -> None:
        kivy_bridge.post(presenter.on_printer_status, str(status))
        if own_sync is not None:
            own_sync.report_status()

    printer = printer if printer is not None else _printer(settings, db, on_printer_status)

    def on_config_applied() -> None:
        kivy_bridge.post(presenter.catalog_changed)

    health = functools.partial(device_health, scale, printer)
    own_sync = _sync(settings, db, clock, on_config_applied, health) if sync is None else None
    sync = sync if sync is not None else own_sync

    division = getattr(getattr(scale, "profile", None), "division_g", None) or 0.1
    pepper = read_pepper(settings.sync.pin_pepper_file if settings.sync else None)  # the site's, for PIN hashes
    deps = KioskDeps(
        service=service,
        catalog=catalog,
        speaker=speaker,
        scale=scale,
        printer=printer,
        sync=sync,
        verify_pin=functools.partial(verify_pin, pepper=pepper),
        scale_division_g=division,
        background=kivy_bridge.in_background,
        piece_weights=PieceWeightFile(settings.database.parent / "piece-weights.json"),
        picture=Pictures(photo_store(settings.database), settings.assets_dir),
    )
    presenter = KioskPresenter(
        deps, KioskRules(
            k.idle_seconds, k.supervisor_timeout_seconds, k.undo_seconds, settings.language, k.tap_cooldown_ms / 1000
        )
    )
    return Station(settings, db, clock, service, catalog, presenter, speaker, scale, printer, sync, stoppers)


def _phrases(language: str) -> list[tuple[str, str]]:
    from station.i18n.strings import text

    keys = (
        "say.undone_scale",
        "say.undone_tap",
        "say.wait_scale",
        "say.take_off",
        "say.nothing",
        "say.ask_helper",
        "say.idle_warning",
        "say.count_kept",
        "count.title.scale",
        "count.title.tap",
    )
    phrases = [(text(key, language), language) for key in keys]
    phrases += [(text("say.number", language, n=n), language) for n in range(WARM_NUMBERS + 1)]
    phrases += [(text("say.saved", language, n=n), language) for n in range(1, WARM_NUMBERS + 1)]
    return phrases


class UnusableDevice:
    """Stands where a configured scale or printer could not be built (bad profile or target).

    The kiosk still starts (a dead screen helps nobody): the scale reads as an error, the
    printer as offline, so workers see the trouble picture and supervisors the one-sentence
    `reason` in the status list. Tallies are saved as always; their slips can be reprinted once
    the printer is fixed.
    """

    def __init__(self, what: str, reason: str, on_reading: Callable[[Reading], None] | None = None) -> None:
        self.what = what
        self.reason = reason
        self._on_reading = on_reading
        log.error("device not usable", extra={"device": what, "error": reason})

    def start(self) -> None:
        if self._on_reading is not None:
            self._on_reading(self.latest())

    def latest(self) -> Reading:
        return Reading(stable=False, weight_g=None, count=None, status=ScaleStatus.ERROR, detail=self.reason)

    def stop(self) -> None: ...

    def set_piece_weight(self, grams: float | None) -> None: ...

    def tare(self) -> bool:
        return False

    def zero(self) -> bool:
        return False

    def arm_after_save(self) -> None: ...

    def save_allowed(self) -> bool:
        return False

    def status(self) -> str:
        return "offline"

    def pending(self) -> int:
        return 0

    def enqueue_receipt(self, event_id: str) -> str:
        raise RuntimeError(f"{self.what} not usable: {self.reason}")

    reprint = enqueue_receipt


def _scale_factory(settings: Settings) -> Callable[[Callable[[Any], None]], Any]:
    def build(on_reading: Callable[[Any], None]) -> Any:
        if settings.scale is None:
            return None
        from station.devices.scale import ScaleError, ScaleService, load_profile

        try:
            profile = load_profile(settings.scale.profile)
        except (ScaleError, OSError) as exc:
            return UnusableDevice("scale", str(exc), on_reading)
        return ScaleService(profile, port=settings.scale.port, on_reading=on_reading)

    return build


def _printer(settings: Settings, db: Database, on_status: Callable[[Any], None] | None = None) -> Any:
    if settings.printer is None or not settings.printer.target:
        return None
    from station.printing import PrintingError, PrintService

    p = settings.printer
    try:
        return PrintService(
            db,
            settings.station_id,
            p.profile,
            p.target,
            settings.assets_dir,
            on_status,
            photos=photo_store(settings.database),
        )
    except (PrintingError, OSError) as exc:
        return UnusableDevice("printer", str(exc))


def _sync(
    settings: Settings,
    db: Database,
    clock: SystemClock,
    on_config_applied: Callable[[], None],
    health: Callable[[], dict[str, Any]],
) -> Any:
    if settings.sync is None or not settings.sync.broker:
        return None
    from station.app.sync_link import station_sync

    s = settings.sync
    try:
        password = s.password_file.read_text().strip() if s.password_file else None
    except OSError as exc:
        log.error("sync not started: password file unreadable", extra={"error": str(exc)})
        return None
    return station_sync(
        db,
        settings.station_id,
        settings.site,
        s.broker,
        username=s.username,
        password=password,
        ca_file=str(s.ca_file) if s.ca_file else None,
        clock=clock,
        on_config_applied=on_config_applied,
        health=health,
        photos=photo_store(settings.database),
    )
