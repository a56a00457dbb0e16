"""A pay slip a worker who cannot read well can follow: own photo, product pictures, big numbers.

Rendered with Pillow to PNG (prints on any printer, shows on any phone); text in the
worker's language with a CJK font from Debian's fonts-wqy-microhei.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from office.i18n import translate
from office.payroll.compute import WorkerPay
from office.payroll.money import format_yuan

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
ASSETS = Path(__file__).resolve().parents[2] / "assets"
WIDTH, MARGIN, ROW = 1000, 40, 190

_PICTURES = {
    "top_up": "pictograms/thumbs_up.png",
    "base": "pictograms/home.png",
    "total": "pictograms/star.png",
    "carry": "pictograms/back.png",
    "back_pay": "pictograms/plus_one.png",
    "bonus": "pictograms/celebrate.png",
    "deduction": "pictograms/minus_one.png",
}
_EXTRAS = ("top_up", "base")  # summed into one row each; every other line is a row of its own


@dataclass(frozen=True, slots=True)
class SlipProduct:
    name: str
    pictogram: str  # asset path relative to assets/, or absolute


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size)


def _picture(path: str, size: int, assets: Path) -> Image.Image:
    """The picture, or a grey square when it is missing (a slip is never refused for that)."""
    candidate = Path(path) if Path(path).is_absolute() else assets / path
    try:
        image = Image.open(candidate).convert("RGBA")
    except OSError:
        image = Image.new("RGBA", (size, size), (200, 200, 200, 255))
    image.thumbnail((size, size))
    return image


def render_payslip(
    name: str,
    photo: str,
    language: str,
    period_label: str,
    pay: WorkerPay,
    products: dict[str, SlipProduct],
    assets: Path = ASSETS,
) -> bytes:
    """PNG bytes of one worker's slip: one row per product (all rates and late changes summed)."""

    def word(key: str) -> str:
        return translate(f"payslip.{key}", language)

    pieces: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    extras: dict[str, int] = defaultdict(int)
    by_hand = []  # carried negative nets and the office's adjustment lines, each with its reason
    for line in pay.lines:
        if line.kind == "piece" and line.product_id is not None:
            pieces[line.product_id][0] += line.count
            pieces[line.product_id][1] += line.amount_fen
        elif line.kind in _EXTRAS:
            extras[line.kind] += line.amount_fen
        else:
            by_hand.append(line)
    rows = len(pieces) + len([k for k, v in extras.items() if v]) + len(by_hand)
    height = 330 + ROW * (rows + 1) + MARGIN
    slip = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(slip)
    slip.paste(face := _picture(photo, 260, assets), (MARGIN, MARGIN), face)
    draw.text((MARGIN + 300, MARGIN + 20), name, font=_font(80), fill="black")
    draw.text((MARGIN + 300, MARGIN + 130), f"{word('period')} {period_label}", font=_font(36), fill="#444")
    hours = f"{pay.seconds / 3600:.1f} {word('hours')}"
    draw.text((MARGIN + 300, MARGIN + 190), hours, font=_font(36), fill="#444")
    y = 330
    for product_id, (count, amount) in sorted(pieces.items()):
        product = products.get(product_id, SlipProduct(product_id, ""))
        _row(slip, draw, y, _picture(product.pictogram, 160, assets), f"× {count}", amount, product.name)
        y += ROW
    for kind in _EXTRAS:
        if extras.get(kind):
            _row(slip, draw, y, _picture(_PICTURES[kind], 160, assets), "", extras[kind], word(kind))
            y += ROW
    for line in by_hand:
        caption = f"{word(line.kind)} {line.note}".strip()
        _row(slip, draw, y, _picture(_PICTURES.get(line.kind, ""), 160, assets), "", line.amount_fen, caption)
        y += ROW
    draw.line((MARGIN, y, WIDTH - MARGIN, y), fill="black", width=4)
    _row(slip, draw, y + 10, _picture(_PICTURES["total"], 160, assets), word("total"), pay.total_fen, "")
    out = io.BytesIO()
    slip.save(out, format="PNG")
    return out.getvalue()


def _row(
    slip: Image.Image,
    draw: ImageDraw.ImageDraw,
    y: int,
    picture: Image.Image,
    big: str,
    fen: int,
    caption: str,
) -> None:
    slip.paste(picture, (MARGIN, y), picture)
    draw.text((MARGIN + 190, y + 20), big, font=_font(96), fill="black")
    draw.text((MARGIN + 190, y + 135), caption, font=_font(30), fill="#444")
    amount = f"¥{format_yuan(fen)}"
    box = draw.textbbox((0, 0), amount, font=_font(72))
    draw.text((WIDTH - MARGIN - (box[2] - box[0]), y + 40), amount, font=_font(72), fill="#0a6b2d")
