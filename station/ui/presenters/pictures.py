"""Every picture a worker sees, each with its one meaning (the table in docs/kiosk.md).

A worker who cannot read learns a picture once: it must mean the same thing everywhere, and
no two meanings may share a picture. Worker screens and presenters name pictures only through
`Picture`; a file listed twice would be an alias, which tests/kiosk/test_pictures.py refuses.
Supervisor panels carry a sentence beside every picture and are not held to this table.
"""

from __future__ import annotations

import enum


class Picture(enum.StrEnum):
    """A pictogram file under assets/pictograms (without ".png")."""

    # finding yourself and your work
    GREETING = "greeting"
    PAGE_NEXT = "page_next"
    WORKER_UNKNOWN = "worker_unknown"
    CHECK_OUT = "done_for_today"
    CHECK_OUT_CONFIRM = "done_confirm"
    BACK = "back"
    GOAL_REACHED = "star_glowing"
    # counting
    SCALE = "scale"
    SCALE_MOVING = "scale_moving"
    SCALE_STEADY = "scale_steady"
    CHECK_PIECES = "check_pieces"
    TAKE_OFF = "take_off"
    PLUS_ONE = "plus_one"
    MINUS_ONE = "minus_one"
    SAVE = "save"
    UNDO = "undo"
    CELEBRATE = "celebrate"
    TAKE_RECEIPT = "take_receipt"
    SAY_AGAIN = "say_again"
    # trouble
    ASK_TEACHER = "ask_teacher"
    SCALE_UNPLUGGED = "scale_unplugged"
    SCALE_UNSTEADY_LONG = "scale_unsteady_long"
    SCALE_OVERLOAD = "scale_overload"
    SCALE_BELOW_ZERO = "scale_below_zero"
    PRINTER_OFFLINE = "printer"
    PAPER_OUT = "paper_out"
    # the corner every screen has (quiet: it is for staff)
    LOCK = "lock"

    @property
    def file(self) -> str:
        """The assets-relative file, as view fields carry pictures (beside photos)."""
        return f"pictograms/{self.value}.png"


MEANINGS: dict[Picture, str] = {
    Picture.GREETING: "hello (you are checked in)",
    Picture.PAGE_NEXT: "more photos / more products",
    Picture.WORKER_UNKNOWN: "this card or person is not known here",
    Picture.CHECK_OUT: "I am done for today (first tap)",
    Picture.CHECK_OUT_CONFIRM: "tap again to say goodbye (check out)",
    Picture.BACK: "one step back (nothing is lost)",
    Picture.GOAL_REACHED: "today's goal reached",
    Picture.SCALE: "put the pieces on the scale",
    Picture.SCALE_MOVING: "wait: the scale is still moving",
    Picture.SCALE_STEADY: "the scale is still (level)",
    Picture.CHECK_PIECES: "not a whole number of pieces: check them",
    Picture.TAKE_OFF: "take the saved pieces off the pan",
    Picture.PLUS_ONE: "one more piece",
    Picture.MINUS_ONE: "one piece less",
    Picture.SAVE: "save this count (the only tick)",
    Picture.UNDO: "take the last count back",
    Picture.CELEBRATE: "saved!",
    Picture.TAKE_RECEIPT: "take your receipt",
    Picture.SAY_AGAIN: "say it again",
    Picture.ASK_TEACHER: "ask the teacher",
    Picture.SCALE_UNPLUGGED: "the scale is not connected",
    Picture.SCALE_UNSTEADY_LONG: "the scale keeps moving",
    Picture.SCALE_OVERLOAD: "too heavy for the scale",
    Picture.SCALE_BELOW_ZERO: "the scale reads less than empty",
    Picture.PRINTER_OFFLINE: "the receipt printer does not answer",
    Picture.PAPER_OUT: "the receipt printer has no paper",
    Picture.LOCK: "staff only",
}
