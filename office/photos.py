"""Worker and product photos at the office: uploads cropped to a square PNG, kept by sha256.

The store sits next to an SQLite database (`office.db` -> `office-photos/`), else in
$OFFICE_PHOTO_DIR (default `var/office-photos`): every office process that opens the same
database finds the same photos. The config push sends them to the kiosks (office.config_push).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import Engine

from office.payroll.errors import RosterError
from sync.protocol.photos import PhotoStore

SIDE = 512  # pixels: sharper than any kiosk tile or slip picture
MAX_UPLOAD_BYTES = 12 * 1024 * 1024
Image.MAX_IMAGE_PIXELS = 40_000_000  # a decompression bomb is refused, not decoded


def office_photos(engine: Engine) -> PhotoStore:
    """The photo store of the office whose database `engine` opens."""
    database = engine.url.database
    if engine.url.get_backend_name() == "sqlite" and database and database != ":memory:":
        path = Path(database)
        return PhotoStore(path.with_name(f"{path.stem}-photos"))
    return PhotoStore(Path(os.environ.get("OFFICE_PHOTO_DIR", "var/office-photos")))


def square_png(data: bytes) -> bytes:
    """The picture turned upright, centre-cropped to a square and scaled to SIDE, as PNG."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise RosterError("photo_too_big", megabytes=MAX_UPLOAD_BYTES // (1024 * 1024))
    try:
        with Image.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise RosterError("photo_not_image") from exc
    square = ImageOps.fit(upright, (SIDE, SIDE), Image.Resampling.LANCZOS, centering=(0.5, 0.5))
    out = io.BytesIO()
    square.save(out, format="PNG", optimize=True)
    return out.getvalue()
