"""A pay slip a worker who cannot read well can follow: own photo, product pictures, big numbers.

Rendered with Pillow to PNG (prints on any printer, shows on any phone); text in the
worker's language with a CJK font from Debian's fonts-wqy-microhei.
"""

from __future__ import annotations

import functools
import struct
import threading
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from office.i18n import translate
from office.payroll.compute import Rate, WorkerPay
from office.payroll.money import format_yuan
from office.slip_rows import SlipProduct, attendance_text, slip_rows
from sync.protocol.photos import PhotoStore, resolve_picture

__all__ = ["SlipProduct", "render_payslip"]

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
ASSETS = Path(__file__).resolve().parents[1] / "assets"
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


@dataclass(frozen=True, slots=True)
class _Glyph:
    mask: Image.Image | None  # None for a blank (a space)
    left: int
    top: int
    advance: float


_glyphs: dict[tuple[int, str], _Glyph] = {}


def _glyph(size: int, char: str) -> _Glyph:
    """One character drawn once per size and kept (threads only read it, as a paste mask): a slips
    ZIP writes the same digits and names thousands of times, and FreeType rendering was a third of
    a slip's time."""
    found = _glyphs.get((size, char))
    if found is None:
        font = _font(size)
        left, top, right, bottom = (int(v) for v in font.getbbox(char))
        mask = None
        if right > left and bottom > top:
            mask = Image.new("L", (right - left, bottom - top), 0)
            ImageDraw.Draw(mask).text((-left, -top), char, font=font, fill=255)
        found = _glyphs.setdefault((size, char), _Glyph(mask, left, top, font.getlength(char)))
    return found


def _text(slip: Image.Image, xy: tuple[int, int], text: str, size: int, fill: str) -> None:
    """`text` at `xy` (left, ascender), as `ImageDraw.text` places it, from cached glyphs."""
    x, y = xy
    for char in text:
        glyph = _glyph(size, char)
        if glyph.mask is not None:
            slip.paste(fill, (round(x) + glyph.left, y + glyph.top), glyph.mask)
        x += glyph.advance


def _width(text: str, size: int) -> int:
    return round(sum(_glyph(size, char).advance for char in text))


def _png(image: Image.Image) -> bytes:
    """PNG bytes of an RGB image with unfiltered rows: Pillow's adaptive row filter took three times
    as long as the deflate itself, and a slip's flat white compresses well without it. The rows go
    to the deflate one by one behind their filter byte (joining them first took longer than it)."""
    width, height = image.size
    stride, raw = 3 * width, memoryview(image.tobytes())
    deflate = zlib.compressobj(1)
    parts = [
        deflate.compress(part)
        for start in range(0, len(raw), stride)
        for part in (b"\x00", raw[start : start + stride])
    ]
    parts.append(deflate.flush())

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


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
    _text(slip, (MARGIN + 300, MARGIN + 20), name, 80, "black")
    period = f"{translate('payslip.period', language)} {period_label}"
    _text(slip, (MARGIN + 300, MARGIN + 130), period, 36, "#444")
    _text(slip, (MARGIN + 300, MARGIN + 190), attendance_text(pay, language), 36, "#444")
    y = 330
    for row in rows:
        picture = products[row.product_id].pictogram if row.product_id in products else _PICTURES.get(row.kind, "")
        big = f"× {row.count}" if row.kind == "piece" else ""
        _row(slip, y, _picture(picture, 160, assets, photos), big, row.amount_fen, row.caption)
        y += ROW
    draw.line((MARGIN, y, WIDTH - MARGIN, y), fill="black", width=4)
    total = translate("payslip.total", language)
    _row(slip, y + 10, _picture(_PICTURES["total"], 160, assets, photos), total, pay.total_fen, "")
    return _png(slip)


def _row(
    slip: Image.Image,
    y: int,
    picture: Image.Image,
    big: str,
    fen: int,
    caption: str,
) -> None:
    slip.paste(picture, (MARGIN, y), picture)
    _text(slip, (MARGIN + 190, y + 20), big, 96, "black")
    _text(slip, (MARGIN + 190, y + 135), caption, 30, "#444")
    amount = f"¥{format_yuan(fen)}"
    _text(slip, (WIDTH - MARGIN - _width(amount, 72), y + 40), amount, 72, "#0a6b2d")
