"""Small fakes of the presenters' ports (no Kivy, no devices); the service and store are real."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from station.app.standins import StandInPrinter, StandInSync, StandInSyncStatus
from station.clock import SystemClock
from station.services.workshop import WorkshopRules, WorkshopService
from station.store.catalog import SqliteCatalog
from station.store.database import Database
from station.store.event_log import SqliteEventLog
from station.ui.presenters.kiosk import KioskDeps, KioskPresenter, KioskRules
from sync.protocol.pins import verify_pin


@dataclass(frozen=True)
class FakeReading:
    stable: bool
    weight_g: float | None
    count: int | None
    status: str = "ok"
    detail: str = ""


class FakeScale:
    def __init__(self) -> None:
        self.piece_weight: float | None = None
        self.commands: list[str] = []
        self.armed = False

    def set_piece_weight(self, grams: float | None) -> None:
        self.piece_weight = grams

    def tare(self) -> None:
        self.commands.append("tare")

    def zero(self) -> None:
        self.commands.append("zero")

    def arm_after_save(self) -> None:
        self.armed = True

    def save_allowed(self) -> bool:
        return not self.armed


class FakeSpeaker:
    def __init__(self) -> None:
        self.muted = False
        self.said: list[tuple[str, str]] = []
        self.rates: list[int | None] = []
        self.sounds: list[str] = []

    def say(self, sentence: str, language: str, rate: int | None = None) -> None:
        self.said.append((sentence, language))
        self.rates.append(rate)

    def sound(self, name: str) -> None:
        self.sounds.append(name)


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Rig:
    presenter: KioskPresenter
    service: WorkshopService
    log: SqliteEventLog
    scale: FakeScale
    printer: StandInPrinter
    sync: StandInSync
    speaker: FakeSpeaker
    time: FakeTime
    wall: FakeTime


def make_rig(db: Database, station_id: str, *, scale: bool = True, rules: KioskRules | None = None) -> Rig:
    log = SqliteEventLog(db, station_id)
    catalog = SqliteCatalog(db)
    service = WorkshopService(log, catalog, SystemClock(), WorkshopRules())
    fake_scale, sync, speaker, clock, wall = (
        FakeScale(),
        StandInSync(StandInSyncStatus()),
        FakeSpeaker(),
        FakeTime(),
        FakeTime(),
    )
    printer = StandInPrinter(db.path.parent / "receipts")
    printer.start()
    wall.now = 1.7e9
    deps = KioskDeps(
        service=service,
        catalog=catalog,
        speaker=speaker,
        scale=fake_scale if scale else None,
        printer=printer,
        sync=sync,
        verify_pin=functools.partial(verify_pin, pepper=b""),
        monotonic=clock,
        wall=wall,
    )
    presenter = KioskPresenter(deps, rules or KioskRules())
    return Rig(presenter, service, log, fake_scale, printer, sync, speaker, clock, wall)


def pace(rig) -> None:  # type: ignore[no-untyped-def]
    """A person's pause between two taps: longer than the tap cooldown."""
    rig.time.now += 0.5
