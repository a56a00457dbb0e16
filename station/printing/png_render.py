"""Slip blocks -> a PNG of the paper: the supervisor's preview, the docs and the kiosk demo.

Same blocks, same widths and the same raster pictures as the ESC/POS renderer; text that
the printer would print in its own font is drawn with the CJK font at the font's size.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from PIL import Image

from station.printing import raster
from station.printing.receipt_layout import Block

MARGIN_DOTS = 16


def render_png(blocks: Iterable[Block], width: int, assets_dir: Path, font_path: Path | None) -> bytes:
    pictures = [
        p for p in (raster.block_image(b, width, assets_dir, font_path) for b in blocks) if p is not None
    ]
    height = sum(p.height for p in pictures) + 2 * MARGIN_DOTS
    page = Image.new("1", (width, height), 1)
    y = MARGIN_DOTS
    for picture in pictures:
        page.paste(picture, (0, y))
        y += picture.height
    out = io.BytesIO()
    page.save(out, format="PNG")
    return out.getvalue()
