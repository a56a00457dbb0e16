"""Draw the kiosk's own pictograms (the ones OpenMoji has no right picture for) with Pillow.

    python assets/tools/draw_pictograms.py        # rewrites the files named in DRAWINGS

Drawn at 4x and scaled down to 256×256 (smooth edges). Outlines are dark ink (≥ 3:1 on the
kiosk's light background). Files built on an OpenMoji picture say so in COMPOSED; those stay
CC BY-SA 4.0 (assets/ATTRIBUTION.md), the rest are the project's own drawings.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "pictograms"
S = 1024  # drawing size; saved at 256
INK = (38, 38, 46, 255)
W = 28  # outline width at drawing size
GREEN = (46, 160, 67, 255)
BLUE = (40, 110, 200, 255)
RED = (214, 48, 49, 255)
ORANGE = (240, 140, 20, 255)
GREY = (200, 200, 205, 255)
DARK_GREY = (120, 120, 128, 255)
PAPER = (255, 255, 255, 255)
WOOD = (176, 120, 60, 255)
SKIN = (246, 200, 150, 255)

Draw = ImageDraw.ImageDraw


def arrow(d: Draw, x0: float, y0: float, x1: float, y1: float, fill: tuple[int, ...], width: int = 90) -> None:
    """A thick arrow from (x0, y0) to a triangular head at (x1, y1)."""
    angle = math.atan2(y1 - y0, x1 - x0)
    head = width * 1.6
    bx, by = x1 - head * math.cos(angle), y1 - head * math.sin(angle)
    d.line((x0, y0, bx, by), fill=fill, width=width)
    nx, ny = -math.sin(angle), math.cos(angle)
    d.polygon(
        [(x1, y1), (bx + nx * head * 0.8, by + ny * head * 0.8), (bx - nx * head * 0.8, by - ny * head * 0.8)],
        fill=fill,
        outline=INK,
    )


def counting_scale(d: Draw, pile: int = 0, top: int = 430) -> None:
    """A bench counting scale: a flat steel pan on a grey body with a digital display."""
    d.rounded_rectangle((130, 620, 894, 900), radius=60, fill=GREY, outline=INK, width=W)
    d.rounded_rectangle((200, 680, 560, 830), radius=20, fill=(30, 60, 50, 255), outline=INK, width=W)
    for i in range(3):  # the display's digits, as blocks (no real numerals: nothing to read)
        d.rectangle((235 + i * 105, 715, 305 + i * 105, 795), fill=(120, 240, 160, 255))
    for i in range(3):
        d.ellipse((640 + i * 80, 725, 700 + i * 80, 785), fill=DARK_GREY, outline=INK, width=12)
    d.rectangle((470, 540, 554, 620), fill=DARK_GREY, outline=INK, width=W)
    d.rounded_rectangle((90, top + 60, 934, top + 120), radius=20, fill=(225, 228, 232, 255), outline=INK, width=W)
    for i in range(pile):  # pieces on the pan: small boxes, stacked
        row, col = divmod(i, 4)
        x = 250 + col * 130 + row * 60
        y = top + 60 - (row + 1) * 110
        d.rounded_rectangle((x, y, x + 120, y + 105), radius=14, fill=ORANGE, outline=INK, width=18)


def save(d: Draw) -> None:
    d.ellipse((60, 60, 964, 964), fill=GREEN, outline=INK, width=W)
    d.line((270, 540, 450, 720, 780, 330), fill=PAPER, width=130, joint="curve")


def back(d: Draw) -> None:
    d.rounded_rectangle((80, 180, 944, 844), radius=120, fill=BLUE, outline=INK, width=W)
    arrow(d, 800, 512, 200, 512, PAPER, width=150)


def scale(d: Draw) -> None:
    counting_scale(d, pile=2)


def scale_steady(d: Draw) -> None:
    """A spirit level with its bubble in the middle: "still", not "yes"."""
    d.rounded_rectangle((60, 390, 964, 634), radius=70, fill=(250, 210, 60, 255), outline=INK, width=W)
    d.rounded_rectangle((250, 440, 774, 584), radius=72, fill=(200, 240, 220, 255), outline=INK, width=20)
    d.ellipse((432, 452, 592, 572), fill=(120, 200, 255, 255), outline=INK, width=16)
    for x in (400, 624):
        d.line((x, 430, x, 594), fill=INK, width=16)


def scale_unsteady_long(d: Draw) -> None:
    """The scale with the pan still swinging: waves above it and a ring of time."""
    counting_scale(d, pile=3, top=480)
    for y in (120, 230):
        points = [(150 + i * 60, y + 45 * math.sin(i * 1.2)) for i in range(13)]
        d.line(points, fill=ORANGE, width=46, joint="curve")


def scale_below_zero(d: Draw) -> None:
    counting_scale(d, pile=0, top=480)
    arrow(d, 512, 80, 512, 470, BLUE, width=110)


def scale_overload(d: Draw) -> None:
    counting_scale(d, pile=8, top=500)
    d.rounded_rectangle((40, 40, 984, 984), radius=100, outline=RED, width=48)


def take_off(d: Draw) -> None:
    counting_scale(d, pile=3, top=520)
    arrow(d, 820, 520, 820, 60, GREEN, width=110)


def check_pieces(d: Draw) -> None:
    """Pieces on a tray with a magnifying glass: look at them again."""
    d.rounded_rectangle((60, 560, 964, 900), radius=50, fill=(225, 228, 232, 255), outline=INK, width=W)
    for x in (130, 330, 530):
        d.ellipse((x, 620, x + 170, 790), fill=ORANGE, outline=INK, width=18)
    d.pieslice((730, 620, 900, 790), 90, 270, fill=ORANGE, outline=INK, width=18)  # half a piece
    d.ellipse((400, 90, 760, 450), fill=(220, 240, 255, 200), outline=INK, width=50)
    d.line((460, 400, 300, 580), fill=INK, width=80)


def ask_teacher(d: Draw) -> None:
    """A person raising one hand: "call the teacher"."""
    d.ellipse((380, 160, 620, 400), fill=SKIN, outline=INK, width=W)
    d.rounded_rectangle((300, 430, 700, 960), radius=150, fill=BLUE, outline=INK, width=W)
    d.line((640, 500, 820, 200), fill=BLUE, width=120)
    d.line((640, 500, 820, 200), fill=INK, width=12)
    d.ellipse((760, 60, 900, 220), fill=SKIN, outline=INK, width=W)
    d.line((360, 520, 260, 800), fill=BLUE, width=110)


def printer(d: Draw, paper: bool = True) -> None:
    """A small receipt printer: a low box with a short slip coming out of its top."""
    if paper:
        d.polygon([(330, 120), (694, 120), (694, 520), (330, 520)], fill=PAPER, outline=INK)
        d.line((330, 120, 694, 120, 694, 520), fill=INK, width=W)
        d.line((330, 120, 330, 520), fill=INK, width=W)
        for y in (200, 270, 340, 410):
            d.line((380, y, 640, y), fill=DARK_GREY, width=24)
    d.rounded_rectangle((120, 480, 904, 900), radius=90, fill=(70, 70, 80, 255), outline=INK, width=W)
    d.rectangle((290, 500, 734, 540), fill=INK)
    d.ellipse((720, 740, 820, 840), fill=GREEN, outline=INK, width=14)


def paper_out(d: Draw) -> None:
    printer(d, paper=False)
    d.rectangle((330, 120, 694, 470), outline=RED, width=36)
    d.line((330, 120, 694, 470), fill=RED, width=44)


def take_receipt(d: Draw) -> None:
    """A receipt with a hand-sized arrow out of the printer: "take your slip"."""
    d.rectangle((260, 300, 620, 960), fill=PAPER, outline=INK, width=W)
    for y in (400, 480, 560, 640, 720):
        d.line((310, y, 570, y), fill=DARK_GREY, width=26)
    arrow(d, 800, 700, 800, 90, GREEN, width=110)


def product_seat_cushion(d: Draw) -> None:
    """A square cushion, tufted with buttons: sat on, not sat in."""
    d.rounded_rectangle((110, 250, 914, 820), radius=200, fill=(220, 80, 90, 255), outline=INK, width=W)
    d.rounded_rectangle((200, 330, 824, 740), radius=150, outline=(170, 50, 60, 255), width=20)
    for x in (360, 664):
        for y in (430, 640):
            d.ellipse((x - 30, y - 30, x + 30, y + 30), fill=(150, 40, 50, 255), outline=INK, width=10)


def product_willow_weaving(d: Draw) -> None:
    """A round willow basket with a handle and a visible weave."""
    d.arc((220, 100, 804, 700), 180, 360, fill=WOOD, width=70)
    d.arc((220, 100, 804, 700), 180, 360, fill=INK, width=14)
    d.polygon([(120, 420), (904, 420), (800, 920), (224, 920)], fill=(200, 150, 80, 255), outline=INK)
    for y in range(470, 900, 70):
        d.line((140 + (y - 420) * 0.2, y, 884 - (y - 420) * 0.2, y), fill=WOOD, width=26)
    for x in range(220, 820, 90):
        d.line((x, 430, 224 + (x - 120) * 0.74, 910), fill=(150, 100, 50, 255), width=16)
    d.line((120, 420, 904, 420, 800, 920, 224, 920, 120, 420), fill=INK, width=W)


def product_bead_stringing(d: Draw) -> None:
    """A straight string of many-coloured beads with a needle: craft, not prayer beads."""
    d.line((90, 800, 934, 240), fill=INK, width=14)
    colours = [(230, 70, 70), (250, 190, 40), (60, 160, 230), (90, 190, 90), (170, 90, 200), (250, 130, 40)]
    for i in range(6):
        t = 0.14 + i * 0.12
        x, y = 90 + t * 844, 800 - t * 560
        d.ellipse((x - 70, y - 70, x + 70, y + 70), fill=(*colours[i], 255), outline=INK, width=16)
    d.line((850, 296, 980, 210), fill=DARK_GREY, width=30)  # the needle
    d.ellipse((60, 770, 120, 830), fill=INK)


def product_neon_stringing(d: Draw) -> None:
    """A string of small coloured lights on a wavy wire: the neon / LED string being made."""
    points = [(60 + i * 75, 512 + 200 * math.sin(i * 0.75)) for i in range(13)]
    d.line(points, fill=INK, width=20, joint="curve")
    colours = [(255, 80, 160), (80, 220, 255), (255, 220, 60), (120, 255, 120)]
    for i, (x, y) in enumerate(points[1:-1:2]):
        c = colours[i % len(colours)]
        d.ellipse((x - 95, y - 95, x + 95, y + 95), fill=(*c, 90))
        d.rounded_rectangle((x - 45, y - 70, x + 45, y + 70), radius=40, fill=(*c, 255), outline=INK, width=14)


def composed(base: str, badge: str, badge_box: tuple[int, int, int, int]) -> Callable[[], Image.Image]:
    """An OpenMoji picture with a second one small in a corner (stays CC BY-SA 4.0)."""

    def build() -> Image.Image:
        image = Image.open(OUT / f"{base}.png").convert("RGBA").resize((256, 256))
        small = Image.open(OUT / f"{badge}.png").convert("RGBA")
        x0, y0, x1, y1 = badge_box
        small = small.resize((x1 - x0, y1 - y0))
        image.alpha_composite(small, (x0, y0))
        return image

    return build


DRAWINGS: dict[str, Callable[[Draw], None]] = {
    "save": save,
    "back": back,
    "scale": scale,
    "scale_steady": scale_steady,
    "scale_unsteady_long": scale_unsteady_long,
    "scale_below_zero": scale_below_zero,
    "scale_overload": scale_overload,
    "take_off": take_off,
    "check_pieces": check_pieces,
    "ask_teacher": ask_teacher,
    "printer": printer,
    "paper_out": paper_out,
    "take_receipt": take_receipt,
    "product_seat_cushion": product_seat_cushion,
    "product_willow_weaving": product_willow_weaving,
    "product_bead_stringing": product_bead_stringing,
    "product_neon_stringing": product_neon_stringing,
}

COMPOSED: dict[str, Callable[[], Image.Image]] = {
    "done_confirm": composed("done_for_today", "greeting", (128, 0, 256, 128)),  # door + waving hand: "bye"
    "say_again": composed("sound_on", "undo", (150, 150, 256, 256)),  # speaker + "again"
}


def main() -> None:
    for name, draw in DRAWINGS.items():
        image = Image.new("RGBA", (S, S), (0, 0, 0, 0))
        draw(ImageDraw.Draw(image))
        image.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / f"{name}.png")
    for name, build in COMPOSED.items():
        build().save(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
