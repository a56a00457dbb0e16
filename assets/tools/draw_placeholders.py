"""Draw the worker photo placeholders: a neutral silhouette, and for each demo worker a personal symbol.

    python assets/tools/draw_placeholders.py      # rewrites assets/photos/placeholder*.png

A placeholder must not look like a person it is not (no face, hair, skin colour or gender), yet
each demo worker must find *their* tile and receipt without reading: so every numbered
placeholder carries one symbol whose shape *and* colour differ from every other's (shape alone
still works for a worker who does not tell red from green). `placeholder.png` has no symbol: it
stands for "no photo yet" and is never printed on a receipt. Drawn here, so no licence applies
beyond the repository's own (assets/ATTRIBUTION.md).
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 256
SCALE = 4  # drawn four times larger, then reduced: smooth edges without anti-aliasing support
GROUND = (236, 233, 226)
FIGURE = (150, 150, 155)
OUT = Path(__file__).resolve().parents[1] / "photos"

# (shape, colour): one per demo worker, placeholder_01 .. placeholder_14, all pairs distinct.
SYMBOLS: tuple[tuple[str, tuple[int, int, int]], ...] = (
    ("circle", (214, 40, 40)),
    ("square", (30, 100, 200)),
    ("triangle", (40, 150, 60)),
    ("diamond", (240, 150, 0)),
    ("star", (130, 60, 170)),
    ("hexagon", (0, 150, 150)),
    ("plus", (200, 60, 130)),
    ("heart", (150, 20, 40)),
    ("moon", (40, 60, 140)),
    ("ring", (110, 150, 20)),
    ("drop", (20, 120, 210)),
    ("flower", (230, 110, 150)),
    ("arrow", (120, 80, 40)),
    ("bolt", (200, 160, 0)),
)


def silhouette(draw: ImageDraw.ImageDraw, s: int) -> None:
    """Head and shoulders, the same for everyone."""
    draw.ellipse((0.34 * s, 0.16 * s, 0.66 * s, 0.50 * s), fill=FIGURE)
    draw.pieslice((0.14 * s, 0.54 * s, 0.86 * s, 1.30 * s), 180, 360, fill=FIGURE)


def polygon(cx: float, cy: float, r: float, corners: int, turn: float = -90.0, inner: float = 1.0) -> list[tuple]:
    """A regular polygon (inner < 1: a star with that inner radius ratio)."""
    steps = corners * (2 if inner < 1 else 1)
    points = []
    for i in range(steps):
        radius = r * (inner if inner < 1 and i % 2 else 1)
        angle = math.radians(turn + 360 * i / steps)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def symbol(draw: ImageDraw.ImageDraw, shape: str, colour: tuple[int, int, int], cx: float, cy: float, r: float) -> None:
    """One personal symbol centred on (cx, cy), about 2r across, on a white disc with a dark rim."""
    rim = r * 1.45
    draw.ellipse((cx - rim, cy - rim, cx + rim, cy + rim), fill=(255, 255, 255), outline=(60, 60, 60), width=int(r / 8))
    box = (cx - r, cy - r, cx + r, cy + r)
    match shape:
        case "circle":
            draw.ellipse(box, fill=colour)
        case "square":
            draw.rectangle((cx - 0.85 * r, cy - 0.85 * r, cx + 0.85 * r, cy + 0.85 * r), fill=colour)
        case "triangle":
            draw.polygon(polygon(cx, cy + 0.15 * r, 1.1 * r, 3), fill=colour)
        case "diamond":
            draw.polygon(polygon(cx, cy, r, 4), fill=colour)
        case "star":
            draw.polygon(polygon(cx, cy, 1.05 * r, 5, inner=0.45), fill=colour)
        case "hexagon":
            draw.polygon(polygon(cx, cy, r, 6, turn=0), fill=colour)
        case "plus":
            w = 0.34 * r
            draw.rectangle((cx - w, cy - r, cx + w, cy + r), fill=colour)
            draw.rectangle((cx - r, cy - w, cx + r, cy + w), fill=colour)
        case "heart":
            draw.ellipse((cx - r, cy - 0.8 * r, cx, cy + 0.2 * r), fill=colour)
            draw.ellipse((cx, cy - 0.8 * r, cx + r, cy + 0.2 * r), fill=colour)
            draw.polygon([(cx - 0.97 * r, cy - 0.15 * r), (cx + 0.97 * r, cy - 0.15 * r), (cx, cy + r)], fill=colour)
        case "moon":
            draw.ellipse(box, fill=colour)
            draw.ellipse((cx - 0.45 * r, cy - 1.05 * r, cx + 1.25 * r, cy + 0.65 * r), fill=(255, 255, 255))
        case "ring":
            draw.ellipse(box, outline=colour, width=int(0.38 * r))
        case "drop":
            draw.ellipse((cx - 0.7 * r, cy - 0.3 * r, cx + 0.7 * r, cy + r), fill=colour)
            draw.polygon([(cx - 0.66 * r, cy + 0.2 * r), (cx + 0.66 * r, cy + 0.2 * r), (cx, cy - r)], fill=colour)
        case "flower":
            for i in range(6):
                a = math.radians(60 * i)
                px, py = cx + 0.55 * r * math.cos(a), cy + 0.55 * r * math.sin(a)
                draw.ellipse((px - 0.42 * r, py - 0.42 * r, px + 0.42 * r, py + 0.42 * r), fill=colour)
            draw.ellipse((cx - 0.3 * r, cy - 0.3 * r, cx + 0.3 * r, cy + 0.3 * r), fill=(255, 255, 255))
        case "arrow":
            w = 0.3 * r
            draw.rectangle((cx - w, cy - 0.1 * r, cx + w, cy + r), fill=colour)
            draw.polygon([(cx - r, cy), (cx + r, cy), (cx, cy - r)], fill=colour)
        case "bolt":
            draw.polygon(
                [
                    (cx + 0.25 * r, cy - r),
                    (cx - 0.65 * r, cy + 0.15 * r),
                    (cx - 0.05 * r, cy + 0.15 * r),
                    (cx - 0.3 * r, cy + r),
                    (cx + 0.65 * r, cy - 0.2 * r),
                    (cx + 0.05 * r, cy - 0.2 * r),
                ],
                fill=colour,
            )
        case _:
            raise ValueError(f"unknown symbol shape {shape!r}")


def placeholder(mark: tuple[str, tuple[int, int, int]] | None) -> Image.Image:
    s = SIZE * SCALE
    image = Image.new("RGB", (s, s), GROUND)
    draw = ImageDraw.Draw(image)
    silhouette(draw, s)
    if mark is not None:
        symbol(draw, *mark, cx=0.76 * s, cy=0.76 * s, r=0.16 * s)
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    placeholder(None).save(OUT / "placeholder.png", optimize=True)
    for number, mark in enumerate(SYMBOLS, start=1):
        placeholder(mark).save(OUT / f"placeholder_{number:02d}.png", optimize=True)


if __name__ == "__main__":
    main()
