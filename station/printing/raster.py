"""1-bit pictures of slip blocks (Pillow): shared by the ESC/POS and the PNG renderer.

Every picture is exactly the paper's width in dots, content centred, so a raster line on
paper and the same line in the preview are the same pixels.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from station.printing.receipt_layout import Align, Block, Dots, Picture, Qr, Text

log = logging.getLogger(__name__)

LINE_DOTS = 24  # the printer's font A is 12x24 dots; one raster text line matches its height
LINE_GAP = 6  # default ESC/POS line spacing is 30 dots
FONT_ENV = "WORKSHOP_CJK_FONT"
CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # Debian fonts-wqy-microhei
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)

FontLike = ImageFont.FreeTypeFont | ImageFont.ImageFont


def find_cjk_font(candidates: tuple[str, ...] = CJK_FONT_CANDIDATES) -> Path | None:
    """The first CJK font found ($WORKSHOP_CJK_FONT first), or None: text then uses Pillow's font."""
    for candidate in (os.environ.get(FONT_ENV, ""), *candidates):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    log.warning("no CJK font found; Chinese raster text will show as boxes", extra={"candidates": candidates})
    return None


@lru_cache(maxsize=32)
def _font(path: Path | None, size: int) -> FontLike:
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            log.warning("cannot load font", extra={"font": str(path)})
    return ImageFont.load_default(size)


def block_image(block: Block, width: int, assets_dir: Path, font_path: Path | None) -> Image.Image | None:
    """Any slip block as a picture the paper's width; None when it shows nothing."""
    match block:
        case Text(text=text, align=align, scale=scale, bold=bold):
            return text_image(text, width, font_path, scale, align, bold)
        case Picture(path=path, width_fraction=fraction):
            return picture_image(assets_dir / path, width, fraction) if path else None
        case Dots(count=count, cap=cap):
            return dots_image(count, cap, width)
        case Qr(payload=payload):
            return qr_image(payload, width)
    raise TypeError(f"unknown slip block {block!r}")


def text_image(
    text: str,
    width: int,
    font_path: Path | None,
    scale: int = 1,
    align: Align = Align.LEFT,
    bold: bool = False,
) -> Image.Image:
    """One line of text, `scale` times the printer font's height, as a 1-bit picture."""
    height = LINE_DOTS * scale
    canvas = Image.new("L", (width, height + LINE_GAP), 255)
    draw = ImageDraw.Draw(canvas)
    font = _font(font_path, height)
    stroke = max(1, scale // 2) if bold else 0
    left, _top, right, _bottom = draw.textbbox((0, 0), text, font=font, stroke_width=stroke)
    x = (width - (right - left)) // 2 - left if align is Align.CENTER else 0
    draw.text((max(0, x), LINE_GAP // 2), text, font=font, fill=0, stroke_width=stroke, stroke_fill=0)
    return _threshold(canvas)


def dots_image(count: int, cap: int, width: int) -> Image.Image | None:
    """`count` dots in groups of five (up to `cap`, then a plus sign); None for zero."""
    if count <= 0:
        return None
    shown = min(count, cap)
    dot = width // 24  # 16 dots (2 mm) on 58 mm paper
    pitch = dot + dot // 4
    group_width = 5 * pitch + dot
    per_row = max(1, (width + dot) // group_width) * 5
    rows = -(-shown // per_row) + (1 if count > cap else 0)
    row_width = min(shown, per_row) // 5 * group_width + min(shown, per_row) % 5 * pitch
    image = Image.new("1", (width, rows * pitch + dot), 1)  # half a dot of air above and below
    draw = ImageDraw.Draw(image)
    x0 = max(0, (width - row_width) // 2)
    for i in range(shown):
        row, col = divmod(i, per_row)
        x = x0 + col // 5 * group_width + col % 5 * pitch
        y = dot // 2 + row * pitch
        draw.ellipse((x, y, x + dot - 1, y + dot - 1), fill=0)
    if count > cap:
        cx, cy = width // 2, (rows - 1) * pitch + dot
        draw.rectangle((cx - dot, cy - dot // 6, cx + dot, cy + dot // 6), fill=0)
        draw.rectangle((cx - dot // 6, cy - dot, cx + dot // 6, cy + dot), fill=0)
    return image


def picture_image(path: Path, width: int, fraction: float) -> Image.Image | None:
    """The pictogram, dithered to 1 bit, `fraction` of the paper wide; None when unreadable."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        log.warning(
            "pictogram missing, slip printed without it", extra={"path": str(path), "error": str(exc)}
        )
        return None
    return _picture(path, stamp, width, fraction)


@lru_cache(maxsize=64)
def _picture(path: Path, _mtime_ns: int, width: int, fraction: float) -> Image.Image | None:
    """Cached per file version: the same few pictograms print all day."""
    try:
        with Image.open(path) as source:
            picture = source.convert("RGBA")
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        log.warning(
            "pictogram unreadable, slip printed without it", extra={"path": str(path), "error": str(exc)}
        )
        return None
    side = int(width * fraction) // 8 * 8
    picture.thumbnail((side, side), Image.Resampling.LANCZOS)
    flat = Image.new("RGBA", picture.size, (255, 255, 255, 255))
    flat.alpha_composite(picture)
    canvas = Image.new("L", (width, picture.height), 255)
    canvas.paste(flat.convert("L"), ((width - picture.width) // 2, 0))
    return canvas.convert("1")  # Floyd-Steinberg keeps the colour pictogram's shapes recognisable


QR_BORDER = 2  # modules of quiet zone (plus the paper's white around it)


def _qr_code(payload: str) -> qrcode.QRCode:  # type: ignore[type-arg]
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QR_BORDER)
    code.add_data(payload.encode("utf-8"))
    return code


@lru_cache(maxsize=64)
def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR symbol's modules (error correction M, quiet zone included); cached because the
    best-mask search is the slowest step of a raster slip and the preview draws the same symbol."""
    code = _qr_code(payload)
    code.make(fit=True)
    return code.get_matrix()


def qr_size(payload: str) -> int:
    """Modules per side of the symbol, quiet zone included, without drawing it (for GS ( k)."""
    return _qr_code(payload).best_fit() * 4 + 17 + 2 * QR_BORDER


def qr_module_dots(modules: int, width: int) -> int:
    """Dots per module so the symbol takes about 40 % of the paper, between 3 and 8."""
    return max(3, min(8, int(width * 0.4) // modules))


def qr_image(payload: str, width: int) -> Image.Image:
    matrix = qr_matrix(payload)
    box = qr_module_dots(len(matrix), width)
    side = len(matrix) * box
    image = Image.new("1", (width, side), 1)
    draw = ImageDraw.Draw(image)
    x0 = (width - side) // 2
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                draw.rectangle((x0 + c * box, r * box, x0 + (c + 1) * box - 1, (r + 1) * box - 1), fill=0)
    return image


def _threshold(image: Image.Image) -> Image.Image:
    return image.point(lambda v: 255 if v >= 128 else 0).convert("1")
