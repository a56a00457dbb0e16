"""Issue 12, item 11: demo "photos" are neutral silhouettes with a personal symbol each, never a
person they are not; the checked-in PNGs are exactly what assets/tools/draw_placeholders.py draws."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PIL import Image

from sync.demo import demo_catalog
from sync.protocol.photos import PLACEHOLDER_PHOTO

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def _drawing():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("draw_placeholders", ASSETS / "tools/draw_placeholders.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pixels(name: str) -> bytes:
    with Image.open(ASSETS / name) as image:
        return image.convert("RGB").tobytes()


def test_the_checked_in_placeholders_are_the_drawn_ones() -> None:
    drawing = _drawing()
    assert _pixels(PLACEHOLDER_PHOTO) == drawing.placeholder(None).tobytes()
    for number, mark in enumerate(drawing.SYMBOLS, start=1):
        assert _pixels(f"photos/placeholder_{number:02d}.png") == drawing.placeholder(mark).tobytes()


def test_every_symbol_differs_in_shape_and_in_colour() -> None:
    symbols = _drawing().SYMBOLS
    assert len({shape for shape, _ in symbols}) == len({colour for _, colour in symbols}) == len(symbols)


def test_each_demo_worker_has_a_picture_of_their_own_and_none_has_the_no_photo_one() -> None:
    photos = [w.photo for w in demo_catalog().workers]
    assert PLACEHOLDER_PHOTO not in photos and len(set(photos)) == len(photos)
    pixels = [_pixels(photo) for photo in photos]
    assert len(set(pixels)) == len(pixels) and _pixels(PLACEHOLDER_PHOTO) not in pixels
