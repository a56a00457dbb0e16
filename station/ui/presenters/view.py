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


class CountState(enum.StrEnum):
    """What the count screen is saying to the worker: each state has its own picture (and sentence)."""

    TAP = "tap"  # counting with +1 / -1
    EMPTY = "empty"  # nothing on the pan yet
    MOVING = "moving"  # the pile is settling
    STEADY = "steady"  # still, a whole number of pieces: the save tick lights up
    NOT_WHOLE = "not_whole"  # still, but not a whole number of pieces
    TAKE_OFF = "take_off"  # the pile just saved is still on the pan
    SCALE_TROUBLE = "scale_trouble"  # unplugged, too heavy, below zero, unsteady too long


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


@dataclass(frozen=True, slots=True)
class Card:
    """A full-screen card over the content: a success (product, count, "take your receipt")
    or trouble (what is wrong, "ask the teacher"). The bottom bar stays usable under it."""

    left: str  # picture file (assets-relative, or a photo's absolute path)
    right: str
    count: CountPicture | None = None


@dataclass(frozen=True, slots=True)
class Goal:
    """Today's pieces against the worker's own daily goal (none: no bar)."""

    done: int = 0
    goal: int | None = None

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.goal) if self.goal else 0.0

    @property
    def reached(self) -> bool:
        return bool(self.goal) and self.done >= (self.goal or 0)


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
    card: Card | None = None  # success or trouble, over the content of any worker screen
    # the worker at the bench
    worker_id: str = ""
    worker_name: str = ""
    worker_photo: str = ""
    greeting: bool = False
    product_tiles: list[Tile] = field(default_factory=list)
    product_page: int = 0
    product_pages: int = 1
    today: CountPicture = field(default_factory=lambda: count_picture(0))
    goal: Goal = field(default_factory=Goal)
    check_out_armed: bool = False  # "done for today" tapped once: the next tap checks out
    # counting
    product_id: str = ""
    product_image: str = ""
    tap_mode: bool = True
    count: CountPicture = field(default_factory=lambda: count_picture(0))
    stable: bool = False
    state: CountState = CountState.TAP
    state_picture: str = ""  # the picture of `state` (or of the scale's trouble)
    can_save: bool = False
    save_pulse: bool = False  # alternates while saving is allowed: the tick pulses
    celebrating: int | None = None  # the count just saved, while the celebration shows
    celebrate_frame: int = 0  # advances on every tick while celebrating (the animation)
    undo_left_s: int = 0
    undo_ring: float = 0.0  # 1 -> 0 over the undo window: the ring draining around undo
    idle_left_s: int = 0  # seconds until idle sends the bench home; 0 outside the warning
    idle_ring: float = 0.0  # 1 -> 0 over the warning: the draining ring around home/back
    troubles: list[TroubleView] = field(default_factory=list)
    say_again: bool = False  # something was said that can be repeated
    # supervisor
    pin_length: int = 0
    pin_message: str = ""
    pin_checking: bool = False  # the PIN is being checked (a moment on a Pi)
    supervisor: SupervisorView = field(default_factory=SupervisorView)
