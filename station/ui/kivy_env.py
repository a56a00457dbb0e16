"""Kivy reads its environment once, at `import kivy`: set it here first (no Kivy import)."""

from __future__ import annotations

import os


def prepare_kivy(dpi: float, size: tuple[int, int] | None = None, fullscreen: bool = False) -> None:
    """Set the DPI (so `mm()` gives physical sizes), window size and kiosk behaviour."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ["KIVY_DPI"] = str(dpi)
    os.environ.setdefault("KCFG_KIVY_EXIT_ON_ESCAPE", "0")
    os.environ.setdefault("KCFG_INPUT_MOUSE", "mouse,disable_multitouch")
    if size:
        os.environ["KCFG_GRAPHICS_WIDTH"] = str(size[0])
        os.environ["KCFG_GRAPHICS_HEIGHT"] = str(size[1])
    if fullscreen:
        os.environ.setdefault("KCFG_GRAPHICS_FULLSCREEN", "auto")
        os.environ.setdefault("KCFG_GRAPHICS_SHOW_CURSOR", "0")


def parse_size(text: str) -> tuple[int, int]:
    """'800x480' -> (800, 480)."""
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError as exc:
        raise ValueError(f"a size looks like 800x480, not {text!r}") from exc
    if w < 200 or h < 200:
        raise ValueError(f"size {text!r} is too small for the kiosk")
    return w, h
