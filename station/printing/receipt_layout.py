"""What a slip says, as a list of blocks: pure data, no Pillow, no printer.

The worker recognises their own photo (or personal symbol) at the top, the product picture, the
big numeral and the dots (groups of five); the text lines are for supervisors. Both renderers
(ESC/POS bytes and PNG) draw these blocks, so the preview and the paper show the same thing.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from station.i18n import strings

MAX_SCALE = 8  # ESC/POS GS ! allows 1..8 times the font size
NUMERAL_SCALE = 6  # the count's digits: 6 x 24 dots = 18 mm tall
NAME_SCALE = 2
ELLIPSIS = "…"
PHOTO_WIDTH = 0.4  # of the paper: a face recognisable at arm's length, smaller than the product

class Align(enum.StrEnum):
    LEFT = "left"
    CENTER = "center"


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    align: Align = Align.LEFT
    scale: int = 1  # width and height multiple of the printer's 12x24 font
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture file (a path relative to the assets folder, or absolute), dithered to the paper."""

    path: str | None
    width_fraction: float = 0.5


@dataclass(frozen=True, slots=True)
class Dots:
    """`count` dots in groups of five, at most `cap` drawn (then a plus sign)."""

    count: int
    cap: int = 100


@dataclass(frozen=True, slots=True)
class Qr:
    payload: str


Block = Text | Picture | Dots | Qr


@dataclass(frozen=True, slots=True)
class ReceiptData:
    """Everything one slip shows, already resolved from the store."""

    event_id: str
    worker_name: str
    product_name: str
    pictogram: str | None
    count: int  # the pieces this slip is about (for a correction: the new count, 0 when voided)
    when: datetime  # station-local time of the event
    station_id: str
    today_total: int  # the worker's total of this product that day, up to and including this event
    old_count: int | None = None  # set on a correction slip
    voided: bool = False
    reprint: bool = False
    worker_photo: str | None = None  # the worker's photo or personal symbol file: "this slip is mine"

    @property
    def is_correction(self) -> bool:
        return self.old_count is not None


def build_layout(data: ReceiptData, chars_per_line: int, language: str = "zh-Hans") -> tuple[Block, ...]:
    """The slip's blocks, top to bottom, for paper of `chars_per_line` columns."""

    def label(key: str) -> str:
        return strings.text(f"receipt.{key}", language)

    blocks: list[Block] = []
    if data.reprint:
        blocks.append(Text(f"** {label('reprint')} **", Align.CENTER, bold=True))
    if data.is_correction:
        title = label("void") if data.voided else label("corrected")
        blocks.append(Text(f"== {title} ==", Align.CENTER, scale=2, bold=True))
    if data.worker_photo:
        blocks.append(Picture(data.worker_photo, PHOTO_WIDTH))
    blocks.append(Picture(data.pictogram))
    blocks += _wrapped(data.product_name, chars_per_line, NAME_SCALE, max_lines=1, bold=True)
    numeral = f"{data.old_count} -> {data.count}" if data.is_correction else str(data.count)
    blocks.append(Text(numeral, Align.CENTER, scale=fit_scale(numeral, chars_per_line), bold=True))
    blocks.append(Dots(data.count))
    blocks += _wrapped(data.worker_name, chars_per_line, NAME_SCALE, max_lines=2, bold=True)
    blocks.append(Text(data.when.strftime("%Y-%m-%d %H:%M")))
    blocks += _wrapped(
        f"{label('station')}: {data.station_id}", chars_per_line, 1, max_lines=2, align=Align.LEFT
    )
    blocks += _wrapped(
        f"{label('total')}: {data.product_name} {data.today_total}",
        chars_per_line,
        1,
        max_lines=2,
        align=Align.LEFT,
    )
    blocks.append(Qr(data.event_id))
    blocks.append(Text(f"{label('event')}: {data.event_id[:8]}", Align.CENTER))
    return tuple(blocks)


def fit_scale(text: str, chars_per_line: int, largest: int = NUMERAL_SCALE) -> int:
    """The largest scale (up to `largest`) at which `text` fits on one line."""
    width = max(1, columns(text))
    return max(1, min(largest, MAX_SCALE, chars_per_line // width))


def columns(text: str) -> int:
    """Printer columns `text` takes: two for wide and ambiguous characters (as Chinese fonts print them)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def wrap(text: str, width: int, max_lines: int) -> list[str]:
    """Split `text` into lines of at most `width` columns; cut the last with an ellipsis."""
    text = " ".join(text.split()) or "-"
    lines: list[str] = []
    line = ""
    for ch in text:
        if columns(line + ch) > width:
            lines.append(line.rstrip())
            line = ch.lstrip()
        else:
            line += ch
    lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and columns(last + ELLIPSIS) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last + ELLIPSIS]
    return lines


def _wrapped(
    text: str,
    chars_per_line: int,
    scale: int,
    max_lines: int,
    bold: bool = False,
    align: Align = Align.CENTER,
) -> list[Block]:
    return [Text(line, align, scale, bold) for line in wrap(text, chars_per_line // scale, max_lines)]
