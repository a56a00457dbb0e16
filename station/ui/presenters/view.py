"""The kiosk's visible state: plain data the Kivy screens copy into their properties."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from station.ui.presenters.numbers import CountPicture, count_picture
from station.ui.presenters.trouble import TroubleView


class ScreenName(enum.StrEnum):
    HOME = "home"
    BENCH = "bench"
    COUNT = "count"
    PIN = "pin"
    SUPERVISOR = "supervisor"


WORKER_SCREENS = (ScreenName.HOME, ScreenName.BENCH, ScreenName.COUNT)


class SupervisorTab(enum.StrEnum):
    TALLIES = "tallies"
    WORKERS = "workers"
    SCALE = "scale"
    STATUS = "status"
    SETTINGS = "settings"


class TallyAction(enum.StrEnum):
    """What a supervisor is doing to the selected tally while choosing a reason."""

    CORRECT = "correct"
    VOID = "void"


@dataclass(frozen=True, slots=True)
class Tile:
    """One picture button: a worker photo or a product picture."""

    key: str
    image: str  # the file to show (KioskDeps.picture), or an assets-relative path
    label: str  # for supervisors and the tour; workers use the picture
    count: int | None = None  # product tiles: pieces today
    marked: bool = False  # worker tiles: checked in now


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a supervisor list (a tally or a checked-in worker)."""

    key: str
    text: str
    image: str = ""
    voided: bool = False
    count: int = 0


@dataclass
class SupervisorView:
    name: str = ""
    tab: SupervisorTab = SupervisorTab.TALLIES
    session_left_s: int = 0  # shown only while > 0 and within the warning time
    rows: list[Row] = field(default_factory=list)
    selected: str | None = None  # event id of the tally being corrected or voided
    action: TallyAction | None = None  # while a reason is being chosen
    edit_count: int = 0
    learn_product: str = ""
    learn_product_image: str = ""
    sample_n: int = 10
    reading_text: str = ""
    status_lines: list[str] = field(default_factory=list)
    message: str = ""


@dataclass
class KioskView:
    screen: ScreenName = ScreenName.HOME
    language: str = "zh-Hans"
    muted: bool = False
    title: str = ""
    lock_taps_left: int = 4
    # home
    worker_tiles: list[Tile] = field(default_factory=list)
    page: int = 0
    pages: int = 1
    notice_picture: str = ""  # a short-lived picture (unknown badge)
    # the worker at the bench
    worker_id: str = ""
    worker_name: str = ""
    worker_photo: str = ""
    greeting: bool = False
    product_tiles: list[Tile] = field(default_factory=list)
    product_page: int = 0
    product_pages: int = 1
    today: CountPicture = field(default_factory=lambda: count_picture(0))
    stars: int = 0
    stacks: int = 0
    # counting
    product_id: str = ""
    product_image: str = ""
    tap_mode: bool = True
    count: CountPicture = field(default_factory=lambda: count_picture(0))
    stable: bool = False
    can_save: bool = False
    celebrating: int | None = None  # the count just saved, while the celebration shows
    celebrate_frame: int = 0  # advances on every tick while celebrating (the animation)
    undo_left_s: int = 0
    idle_left_s: int = 0  # seconds until idle sends the bench home; 0 outside the warning
    idle_ring: float = 0.0  # 1 -> 0 over the warning: the draining ring around home/back
    troubles: list[TroubleView] = field(default_factory=list)
    # supervisor
    pin_length: int = 0
    pin_message: str = ""
    pin_checking: bool = False  # the PIN is being checked (a moment on a Pi)
    supervisor: SupervisorView = field(default_factory=SupervisorView)
