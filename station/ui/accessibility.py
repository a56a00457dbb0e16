"""Accessibility rules checked on the live widget tree (used by tests and the tour).

A1 targets >= 15 mm with dead space between them; A2 at most 6 choices on a worker screen
(the supervisor lock is not a worker choice); A3/no text needed: every worker button shows a
picture; A5 every count shown as numeral + dots; A6 no text entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from kivy.core.text import Label as CoreLabel
from kivy.metrics import mm
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.textinput import TextInput
from kivy.uix.widget import Widget

from station.ui.numeral import Numeral
from station.ui.widgets import CountView, PictureButton

MIN_TARGET_MM = 15
SUPERVISOR_TARGET_MM = 9  # panels for staff: A1's 9 mm floor (15 mm is for workers)
MAX_CHOICES = 6
DEAD_SPACE_MM = 1.8  # 2 mm between targets, less rounding
PLUS_MINUS_APART_MM = 6  # +1 and -1: a slip must not undo a piece


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    def grown(self, by: float) -> Rect:
        return Rect(self.x - by, self.y - by, self.w + 2 * by, self.h + 2 * by)

    def overlaps(self, other: Rect) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


def visible(widget: Widget) -> bool:
    node: Widget | None = widget
    while node is not None and node is not node.parent:
        if node.opacity == 0 or node.disabled or node.width <= 0 or node.height <= 0:
            return False
        node = node.parent
    return True


def walk(root: Widget) -> list[Widget]:
    return list(root.walk(restrict=True))


def rect(widget: Widget) -> Rect:
    x, y = widget.to_window(widget.x, widget.y)
    return Rect(round(x, 1), round(y, 1), round(widget.width, 1), round(widget.height, 1))


def buttons(root: Widget) -> list[ButtonBehavior]:
    return [w for w in walk(root) if isinstance(w, ButtonBehavior) and visible(w)]


def _targets(found: list[ButtonBehavior], where: str, floor_mm: float) -> list[str]:
    """A1: every target at least `floor_mm` both ways, with dead space between targets."""
    problems = []
    floor = mm(floor_mm)
    for b in found:
        name = getattr(b, "name", "") or type(b).__name__
        if b.width < floor - 0.5 or b.height < floor - 0.5:
            problems.append(f"{where}: {name} is {b.width / mm(1):.1f} x {b.height / mm(1):.1f} mm")
    rects = [(getattr(b, "name", ""), rect(b)) for b in found]
    grown = [(name, r.grown(mm(DEAD_SPACE_MM) / 2)) for name, r in rects]
    for i, (name_a, a) in enumerate(grown):
        for name_b, b in grown[i + 1 :]:
            if a.overlaps(b):
                problems.append(f"{where}: {name_a} and {name_b} are closer than {DEAD_SPACE_MM} mm")
    named = dict(rects)
    plus, minus = named.get("count.plus_one"), named.get("count.minus_one")
    if plus and minus and plus.grown(mm(PLUS_MINUS_APART_MM) / 2).overlaps(minus.grown(mm(PLUS_MINUS_APART_MM) / 2)):
        problems.append(f"{where}: +1 and -1 are closer than {PLUS_MINUS_APART_MM} mm")
    return problems


def clipped_text(root: Widget, where: str) -> list[str]:
    """Every visible label or numeral whose text does not fit its box (cut to "…", or spilling out of it).

    The rendered text is compared with the box: a shortened label by the width of its whole text
    drawn on one line, any other by the size of the texture Kivy drew.
    """
    problems = []
    for label in walk(root):
        if isinstance(label, Numeral) and label.text and visible(label):
            width, height = label.drawn_size()
            if width > label.width + 1 or height > label.height + 1:
                problems.append(f"{where}: numeral {label.text!r} needs {width:.0f}x{height:.0f} px, "
                                f"has {label.width:.0f}x{label.height:.0f}")
            continue
        if not isinstance(label, Label) or not label.text.strip() or not visible(label):
            continue
        label.texture_update()
        width, height = label.texture_size
        if label.shorten:
            whole = CoreLabel(text=label.text, font_size=label.font_size, font_name=label.font_name, bold=label.bold)
            whole.refresh()
            width = whole.texture.size[0] if whole.texture else 0
        if width > label.width + 1 or height > label.height + 1:
            problems.append(
                f"{where}: {label.text!r} needs {width:.0f}x{height:.0f} px, has {label.width:.0f}x{label.height:.0f}"
            )
        problems += [f"{where}: {word!r} is broken across lines" for word in _broken_words(label)]
    return problems


def _broken_words(label: Label) -> list[str]:
    """Latin words wider than a wrapping label: Kivy would break them mid-word ("Miscounte / d").
    Chinese breaks between any two characters, so only words of Latin letters are held to this."""
    if label.text_size[0] is None or label.shorten:
        return []
    broken = []
    for word in label.text.split():
        if word.isascii() and len(word) > 1:
            core = CoreLabel(text=word, font_size=label.font_size, font_name=label.font_name, bold=label.bold)
            core.refresh()
            if core.texture and core.texture.size[0] > label.text_size[0] + 1:
                broken.append(word)
    return broken


def check_supervisor_screen(root: Widget, where: str) -> list[str]:
    """The PIN pad and supervisor panels: a 9 mm floor, 2 mm dead space, no text cut off."""
    return _targets(buttons(root), where, SUPERVISOR_TARGET_MM) + clipped_text(root, where)


def check_worker_screen(root: Widget, where: str) -> list[str]:
    """Every rule violation on one worker screen, as sentences."""
    found = buttons(root)
    problems = _targets(found, where, MIN_TARGET_MM)
    for b in found:
        if not isinstance(b, PictureButton) or not b.source:
            problems.append(f"{where}: {getattr(b, 'name', '') or type(b).__name__} has no picture")
    problems += clipped_text(root, where)
    choices = [b for b in found if getattr(b, "name", "") != "lock"]
    if len(choices) > MAX_CHOICES:
        problems.append(f"{where}: {len(choices)} choices: {[getattr(b, 'name', '') for b in choices]}")
    for view in walk(root):
        if isinstance(view, CountView) and visible(view):
            if not view.numeral.text:
                problems.append(f"{where}: a count without its numeral")
            if view.digits.isdigit() and int(view.digits) > 0 and not (view.dots.groups or view.dots.loose):
                problems.append(f"{where}: count {view.digits} without dots")
        if isinstance(view, TextInput):
            problems.append(f"{where}: a text field on a worker screen")
    return problems
