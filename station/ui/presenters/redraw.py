"""What a tick of the clock can change on screen: the listeners hear of a tick only when it moved."""

from __future__ import annotations

from dataclasses import dataclass

from station.ui.presenters.numbers import CountPicture
from station.ui.presenters.trouble import Trouble
from station.ui.presenters.view import Card, KioskView, ScreenName


@dataclass(frozen=True, slots=True)
class TimedState:
    """The parts of the view that timers move, compared by equality before and after a tick."""

    screen: ScreenName
    undo_left_s: int  # the undo ring drains
    greeting: bool  # the greeting ends
    celebrating: int | None  # the success card ends
    card: Card | None  # a trouble card ends
    check_out_armed: bool  # the check-out confirmation runs out
    save_pulse: bool  # the save tick pulses
    troubles: tuple[Trouble, ...]  # a device poll found or cleared a trouble
    lock_taps_left: int  # the lock gesture times out
    session_left_s: int  # the supervisor session counts down
    pin_message: str  # the PIN lockout counts down
    count: CountPicture  # the count on the success card
    celebrate_frame: int  # the celebration animates
    idle_left_s: int  # the idle warning counts down

    @classmethod
    def of(cls, v: KioskView) -> TimedState:
        return cls(
            screen=v.screen,
            undo_left_s=v.undo_left_s,
            greeting=v.greeting,
            celebrating=v.celebrating,
            card=v.card,
            check_out_armed=v.check_out_armed,
            save_pulse=v.save_pulse,
            troubles=tuple(t.trouble for t in v.troubles),
            lock_taps_left=v.lock_taps_left,
            session_left_s=v.supervisor.session_left_s,
            pin_message=v.pin_message,
            count=v.count,
            celebrate_frame=v.celebrate_frame,
            idle_left_s=v.idle_left_s,
        )
