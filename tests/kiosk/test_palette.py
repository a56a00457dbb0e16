"""Issue #12, item 12: control outlines >= 3:1 against what they border (WCAG 1.4.11)."""

from __future__ import annotations

from station.ui.palette import BG, BUTTON_COLOURS, OUTLINE


def luminance(rgba: tuple[float, ...]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgba[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_control_outlines_stand_out_three_to_one_from_the_screen_and_every_button():
    for colour in (BG, *BUTTON_COLOURS):
        assert contrast(OUTLINE, colour) >= 3.0, colour
