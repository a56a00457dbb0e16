"""The big numeral of a count, drawn from glyph textures rendered once.

A Label renders and uploads a whole new texture for every new text; under Mesa's software
renderer that upload waited for the frame before it and was most of a tap's cost
(bench/bench_kiosk.py). A count uses a dozen characters, so each is rendered once per font size
(white, tinted by a Color) and a new count only points a few Rectangles at other textures:
nothing is rendered, uploaded or laid out, and the textures in memory stay the same few.
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.widget import Widget

COUNT_CHARS = "0123456789–"  # everything a count shows (presenters/numbers.py), rendered with the widget
_glyphs: dict[tuple[str, float, bool], Texture] = {}


def glyph(char: str, font_size: float, bold: bool) -> Texture:
    """One character in the default (CJK) font, white on clear; rendered on first use only."""
    key = (char, font_size, bold)
    if key not in _glyphs:
        label = CoreLabel(text=char, font_size=font_size, bold=bold, color=(1, 1, 1, 1))
        label.refresh()
        _glyphs[key] = label.texture
    return _glyphs[key]


class Numeral(Widget):
    """Text (digits, a dash) centred in the widget, one cached glyph texture per character."""

    text = StringProperty("")
    color = ColorProperty((0, 0, 0, 1))
    font_size = NumericProperty(0)
    bold = BooleanProperty(True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            self._tint = Color(*self.color)
        self._rects: list[Rectangle] = []
        for char in COUNT_CHARS:  # on the screen's first visit, not on a tap
            glyph(char, self.font_size, self.bold)
        self._place = Clock.create_trigger(self._draw, -1)  # once, before the next frame
        self.bind(text=self._place, pos=self._place, size=self._place, font_size=self._place, bold=self._place)
        self.bind(color=lambda _w, value: setattr(self._tint, "rgba", value))
        self._place()

    def drawn_size(self) -> tuple[float, float]:
        """Width and height of the text as drawn (the accessibility check compares it with the box)."""
        textures = self._textures()
        return sum(t.width for t in textures), max((t.height for t in textures), default=0)

    def _textures(self) -> list[Texture]:
        return [glyph(c, self.font_size, self.bold) for c in self.text]

    def _draw(self, *_args: object) -> None:
        textures = self._textures()
        while len(self._rects) < len(textures):
            self._rects.append(Rectangle())
            self.canvas.add(self._rects[-1])
        while len(self._rects) > len(textures):
            self.canvas.remove(self._rects.pop())
        x = self.center_x - sum(t.width for t in textures) / 2
        for rect, texture in zip(self._rects, textures, strict=True):
            rect.texture = texture
            rect.size = texture.size
            rect.pos = (x, self.center_y - texture.height / 2)
            x += texture.width
