"""A pay slip a worker who cannot read well can follow: own photo, product pictures, big numbers.

Rendered with Pillow to PNG (prints on any printer, shows on any phone); text in the
worker's language with a CJK font from Debian's fonts-wqy-microhei.
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Mapping
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from office.i18n import translate
from office.payroll.compute import Rate, WorkerPay
from office.payroll.money import format_yuan
from office.slip_rows import SlipProduct, attendance_text, slip_rows
from sync.protocol.photos import PhotoStore, resolve_picture

__all__ = ["SlipProduct", "render_payslip"]

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
ASSETS = Path(__file__).resolve().parents[2] / "assets"
WIDTH, MARGIN, ROW = 1000, 40, 190

_PICTURES = {
    "top_up": "pictograms/thumbs_up.png",
    "base": "pictograms/home.png",
    "total": "pictograms/star.png",
    "late": "pictograms/back.png",
    "carry": "pictograms/back.png",
    "back_pay": "pictograms/plus_one.png",
    "bonus": "pictograms/celebrate.png",
    "deduction": "pictograms/minus_one.png",
}


_fonts = threading.local()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Loaded once per size and thread (a FreeType face is not shared between threads):
    a slips ZIP draws thousands of lines."""
    loaded: dict[int, ImageFont.FreeTypeFont | ImageFont.ImageFont] = _fonts.__dict__.setdefault("by_size", {})
    if size not in loaded:
        loaded[size] = ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size)
    return loaded[size]


def _picture(ref: str, size: int, assets: Path, photos: PhotoStore | None) -> Image.Image:
    """The picture `ref` names, found only in the photo store or the assets folder; a grey
    square when there is none (a slip is never refused for that)."""
    found = resolve_picture(ref, photos, assets)
    return _load(found, size) if found is not None else Image.new("RGBA", (size, size), (200, 200, 200, 255))


@functools.lru_cache(maxsize=256)
def _load(path: Path, size: int) -> Image.Image:
    """A picture file as a thumbnail (cached: photos are named by content, assets never change;
    threads only read it, as the source of a paste)."""
    try:
        image = Image.open(path).convert("RGBA")
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
    rates: Mapping[int, Rate] | None = None,
    photos: PhotoStore | None = None,
) -> bytes:
    """PNG bytes of one worker's slip: a picture and a big number per row, the why in small print."""
    rows = slip_rows(pay, products, rates or {}, language)
    height = 330 + ROW * (len(rows) + 1) + MARGIN
    slip = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(slip)
    slip.paste(face := _picture(photo, 260, assets, photos), (MARGIN, MARGIN), face)
    draw.text((MARGIN + 300, MARGIN + 20), name, font=_font(80), fill="black")
    period = f"{translate('payslip.period', language)} {period_label}"
    draw.text((MARGIN + 300, MARGIN + 130), period, font=_font(36), fill="#444")
    draw.text((MARGIN + 300, MARGIN + 190), attendance_text(pay, language), font=_font(36), fill="#444")
    y = 330
    for row in rows:
        picture = products[row.product_id].pictogram if row.product_id in products else _PICTURES.get(row.kind, "")
        big = f"× {row.count}" if row.kind == "piece" else ""
        _row(slip, draw, y, _picture(picture, 160, assets, photos), big, row.amount_fen, row.caption)
        y += ROW
    draw.line((MARGIN, y, WIDTH - MARGIN, y), fill="black", width=4)
    total = translate("payslip.total", language)
    _row(slip, draw, y + 10, _picture(_PICTURES["total"], 160, assets, photos), total, pay.total_fen, "")
    out = io.BytesIO()
    slip.save(out, format="PNG", compress_level=1)  # flat colours compress well even so
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
