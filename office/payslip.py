"""A pay slip a worker who cannot read well can follow: own photo, product pictures, big numbers.

Rendered with Pillow to PNG (prints on any printer, shows on any phone); text in the
worker's language with a CJK font from Debian's fonts-wqy-microhei.
"""

from __future__ import annotations

import functools
import io
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from office.i18n import translate
from office.payroll.compute import WorkerPay
from office.payroll.money import format_yuan
from sync.protocol.photos import PhotoStore, resolve_picture

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
ASSETS = Path(__file__).resolve().parents[2] / "assets"
WIDTH, MARGIN, ROW = 1000, 40, 190

_PICTURES = {
    "top_up": "pictograms/thumbs_up.png",
    "base": "pictograms/home.png",
    "total": "pictograms/star.png",
}


@dataclass(frozen=True, slots=True)
class SlipProduct:
    name: str
    pictogram: str  # a PictureRef (sync.protocol.photos): a stored photo's hash or an asset name


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
    photos: PhotoStore | None = None,
) -> bytes:
    """PNG bytes of one worker's slip: one row per product (all rates and late changes summed)."""

    def word(key: str) -> str:
        return translate(f"payslip.{key}", language)

    pieces: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    extras: dict[str, int] = defaultdict(int)
    for line in pay.lines:
        if line.kind == "piece" and line.product_id is not None:
            pieces[line.product_id][0] += line.count
            pieces[line.product_id][1] += line.amount_fen
        else:
            extras[line.kind] += line.amount_fen
    rows = len(pieces) + len([k for k, v in extras.items() if v])
    height = 330 + ROW * (rows + 1) + MARGIN
    slip = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(slip)
    slip.paste(face := _picture(photo, 260, assets, photos), (MARGIN, MARGIN), face)
    draw.text((MARGIN + 300, MARGIN + 20), name, font=_font(80), fill="black")
    draw.text((MARGIN + 300, MARGIN + 130), f"{word('period')} {period_label}", font=_font(36), fill="#444")
    hours = f"{pay.seconds / 3600:.1f} {word('hours')}"
    draw.text((MARGIN + 300, MARGIN + 190), hours, font=_font(36), fill="#444")
    y = 330
    for product_id, (count, amount) in sorted(pieces.items()):
        product = products.get(product_id, SlipProduct(product_id, ""))
        _row(slip, draw, y, _picture(product.pictogram, 160, assets, photos), f"× {count}", amount, product.name)
        y += ROW
    for kind in ("top_up", "base"):
        if extras.get(kind):
            _row(slip, draw, y, _picture(_PICTURES[kind], 160, assets, photos), "", extras[kind], word(kind))
            y += ROW
    draw.line((MARGIN, y, WIDTH - MARGIN, y), fill="black", width=4)
    _row(slip, draw, y + 10, _picture(_PICTURES["total"], 160, assets, photos), word("total"), pay.total_fen, "")
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
