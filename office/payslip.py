"""A pay slip a worker who cannot read well can follow: own photo, product pictures, big numbers.

Rendered with Pillow to a palette PNG (prints on any printer, shows on any phone); text in the
worker's language with a CJK font from Debian's fonts-wqy-microhei.

The slip is drawn straight into palette indices, a third of the bytes of RGB to fill and to
deflate (the deflate was half a slip). The palette is laid out so that no slip needs a colour
conversion: a grey ramp from black to white and a ramp from white to the amounts' green meet at
white, so a glyph pasted through its antialiasing mask blends indices along a ramp exactly as
Pillow would blend the RGB colours (to a 32nd of the way); then a colour cube for the row
pictures, dithered to it once per picture, and the worker's photo's own colours, chosen once
per photo. Text is only ever drawn on white or on text of its own colour.
"""

from __future__ import annotations

import functools
import io
import threading
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from office.i18n import translate
from office.payroll.compute import Rate, WorkerPay
from office.payroll.money import money
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

_STEPS = 32  # shades per ramp: a glyph's soft edge in steps of 8 of 255, finer than a print or a phone shows
_WHITE = _STEPS - 1  # palette index of white, where the grey ramp ends and the green one starts
_BLACK, _GREY, _GREEN = 0, round(0x44 / 255 * _WHITE), 2 * _WHITE + 1  # the text colours: black, #444, #0a6b2d
_CUBE = 5  # levels of red, green and blue for the row pictures: 125 colours, dithered
_PHOTO_START = 2 * _STEPS + _CUBE**3  # the photo's own colours fill the rest of the palette
_PHOTO_COLOURS = 256 - _PHOTO_START


def _ramps_and_cube() -> bytes:
    """The fixed part of the palette, indices 0 to _PHOTO_START - 1, as RGB triples."""
    greys = [(round(255 * i / _WHITE),) * 3 for i in range(_STEPS)]
    greens = [tuple(round(255 + (c - 255) * k / _STEPS) for c in (0x0A, 0x6B, 0x2D)) for k in range(1, _STEPS + 1)]
    levels = [round(255 * i / (_CUBE - 1)) for i in range(_CUBE)]
    cube = [(r, g, b) for r in levels for g in levels for b in levels]
    return bytes(channel for colour in greys + greens + cube for channel in colour)


_FIXED = _ramps_and_cube()
_fixed_palette = Image.new("P", (1, 1))
_fixed_palette.putpalette(_FIXED)
_fixed_palette.load()  # applies the palette here, not in the first slip's threads


@dataclass(frozen=True, slots=True)
class _Picture:
    """A picture as palette indices, with the mask of where it is not transparent (None: nowhere)."""

    indices: Image.Image
    mask: Image.Image | None
    palette: bytes  # the photo's own colours for the end of the palette; empty for a row picture


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


def _text(slip: Image.Image, xy: tuple[int, int], text: str, size: int, fill: int) -> None:
    """`text` at `xy` (left, ascender), as `ImageDraw.text` places it, from cached glyphs."""
    x, y = xy
    for char in text:
        glyph = _glyph(size, char)
        if glyph.mask is not None:
            slip.paste(fill, (round(x) + glyph.left, y + glyph.top), glyph.mask)
        x += glyph.advance


def _width(text: str, size: int) -> int:
    return round(sum(_glyph(size, char).advance for char in text))


def _png(image: Image.Image, palette: bytes) -> bytes:
    """PNG bytes of the slip. Pillow writes a palette image's rows unfiltered (its adaptive row
    filter, for an RGB slip, took three times as long as the deflate); the deflate only looks for
    runs (Z_RLE): a fifth faster than level 1 on a slip, 3 % larger."""
    image.putpalette(palette)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1, compress_type=zlib.Z_RLE)
    return out.getvalue()


def _picture(ref: str, size: int, assets: Path, photos: PhotoStore | None, photo: bool = False) -> _Picture:
    """The picture `ref` names, found only in the photo store or the assets folder; a grey
    square when there is none (a slip is never refused for that)."""
    found = resolve_picture(ref, photos, assets)
    return _load(found, size, photo)


@functools.lru_cache(maxsize=256)
def _load(path: Path | None, size: int, photo: bool) -> _Picture:
    """A picture file as a thumbnail in palette indices (cached: photos are named by content,
    assets never change; threads only read it, as the source of a paste). A worker's photo gets
    colours of its own from Pillow's fast octree (its median cut took 50 ms on a camera photo and
    turned a blue button teal), any other picture the colour cube; both dithered to them."""
    try:
        image = Image.open(path).convert("RGBA") if path is not None else _grey_square(size)
    except OSError:
        image = _grey_square(size)
    image.thumbnail((size, size))
    alpha = image.getchannel("A")
    # Binary, as palette indices do not blend: the edges' partial alpha is composited on white first.
    mask = alpha.point([0] + [255] * 255) if alpha.getextrema()[0] < 255 else None
    flat = Image.new("RGB", image.size, "white")
    flat.paste(image, mask=alpha)
    colours = flat.quantize(_PHOTO_COLOURS, method=Image.Quantize.FASTOCTREE) if photo else _fixed_palette
    indices = flat.quantize(palette=colours, dither=Image.Dither.FLOYDSTEINBERG)
    if not photo:
        return _Picture(indices, mask, b"")
    shift = bytes(min(index + _PHOTO_START, 255) for index in range(256))
    palette = bytes(colours.getpalette("RGB") or b"")[: 3 * _PHOTO_COLOURS]
    return _Picture(
        Image.frombytes("P", indices.size, indices.tobytes().translate(shift)),
        mask,
        palette.ljust(3 * _PHOTO_COLOURS, b"\xff"),
    )


def _grey_square(size: int) -> Image.Image:
    return Image.new("RGBA", (size, size), (200, 200, 200, 255))


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
    slip = Image.new("P", (WIDTH, height), _WHITE)
    face = _picture(photo, 260, assets, photos, photo=True)
    slip.paste(face.indices, (MARGIN, MARGIN), face.mask)
    _text(slip, (MARGIN + 300, MARGIN + 20), name, 80, _BLACK)
    period = f"{translate('payslip.period', language)} {period_label}"
    _text(slip, (MARGIN + 300, MARGIN + 130), period, 36, _GREY)
    _text(slip, (MARGIN + 300, MARGIN + 190), attendance_text(pay, language), 36, _GREY)
    y = 330
    for row in rows:
        picture = products[row.product_id].pictogram if row.product_id in products else _PICTURES.get(row.kind, "")
        big = f"× {row.count}" if row.kind == "piece" else ""
        _row(slip, y, _picture(picture, 160, assets, photos), big, row.amount_fen, row.caption)
        y += ROW
    ImageDraw.Draw(slip).line((MARGIN, y, WIDTH - MARGIN, y), fill=_BLACK, width=4)
    total = translate("payslip.total", language)
    _row(slip, y + 10, _picture(_PICTURES["total"], 160, assets, photos), total, pay.total_fen, "")
    return _png(slip, _FIXED + face.palette)


def _row(
    slip: Image.Image,
    y: int,
    picture: _Picture,
    big: str,
    fen: int,
    caption: str,
) -> None:
    slip.paste(picture.indices, (MARGIN, y), picture.mask)
    _text(slip, (MARGIN + 190, y + 20), big, 96, _BLACK)
    _text(slip, (MARGIN + 190, y + 135), caption, 30, _GREY)
    amount = money(fen)
    # Green is money coming to the worker; what is taken away (a deduction, last period's overpay) is black.
    _text(slip, (WIDTH - MARGIN - _width(amount, 72), y + 40), amount, 72, _GREEN if fen >= 0 else _BLACK)
