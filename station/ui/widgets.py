"""The kiosk's few reusable widgets, each built once and updated through properties.

Sizes are physical (`mm()` at the configured KIVY_DPI): a worker's touch target is never
smaller than TARGET_MM.
"""

from __future__ import annotations

from pathlib import Path

from kivy.graphics import Color, Ellipse, Line, Rectangle, RoundedRectangle
from kivy.metrics import mm
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from station.ui.numeral import Numeral
from station.ui.palette import BG, BRIGHT_GREEN, GREEN, INK, MARK, OUTLINE, QUIET, TILE, YELLOW
from station.ui.presenters.pictures import Picture

TARGET_MM = 16  # >= 15 mm rule with a margin
GAP_MM = 2
PLUS_MINUS_GAP_MM = 8  # +1 and -1 well apart: a slip of the finger must not undo a piece



def target() -> float:
    return mm(TARGET_MM)


def gap() -> float:
    return mm(GAP_MM)


class Assets:
    """Resolves asset paths (relative to the assets folder, or absolute on-site photos)."""

    root: Path = Path("assets")

    @classmethod
    def path(cls, relative: str) -> str:
        if not relative:
            return ""
        p = Path(relative)
        return str(p if p.is_absolute() else cls.root / p)

    @classmethod
    def pictogram(cls, name: str) -> str:
        return cls.path(f"pictograms/{name}.png") if name else ""


def show(widget: Widget, visible: bool) -> None:
    """Hide without removing (nothing moves, A9): invisible widgets take no touches."""
    widget.opacity = 1 if visible else 0
    widget.disabled = not visible


class Panel(Widget):
    """Mixin drawing a rounded background in `bg`."""

    bg = ColorProperty(TILE)

    def _draw_bg(self, *_args: object) -> None:
        self.canvas.before.clear()
        with self.canvas.before:
            Color(*self.bg)
            RoundedRectangle(pos=self.pos, size=self.size, radius=[mm(2)])


class PictureButton(ButtonBehavior, BoxLayout, Panel):
    """A picture (and an optional small caption for sighted helpers) that can be tapped."""

    source = StringProperty("")
    caption = StringProperty("")
    marked = BooleanProperty(False)  # a green frame: "checked in", "selected"
    name = StringProperty("")  # stable id for tests and the tour

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("orientation", "vertical")
        kwargs.setdefault("padding", mm(1.5))
        super().__init__(**kwargs)
        self.min_state_time = 0.15
        self.image = Image(fit_mode="contain")
        # A caption wraps onto a second line rather than being cut to "…" (staff read it).
        self.label = Label(color=INK, size_hint_y=None, height=0, font_size=mm(3.2), max_lines=2)
        self.label.bind(width=lambda lbl, width: setattr(lbl, "text_size", (width, None)))
        self.label.bind(texture_size=self._fit_caption)
        self.label.halign = "center"
        self.label.valign = "middle"
        self.add_widget(self.image)
        self.add_widget(self.label)
        self.bind(
            source=self._on_source,
            caption=self._on_caption,
            pos=self._redraw,
            size=self._redraw,
            bg=self._redraw,
            marked=self._redraw,
            state=self._redraw,
        )
        self._on_source()
        self._on_caption()

    def _on_source(self, *_args: object) -> None:
        self.image.source = self.source

    def _on_caption(self, *_args: object) -> None:
        self.label.text = self.caption
        if self.orientation == "horizontal":
            self.label.size_hint = (2 if self.caption else None, 1)
            self.label.width = 0
        else:
            self._fit_caption()

    def _fit_caption(self, *_args: object) -> None:
        if self.orientation == "vertical":
            self.label.height = max(mm(5), self.label.texture_size[1]) if self.caption else 0

    def _redraw(self, *_args: object) -> None:
        self.canvas.before.clear()
        with self.canvas.before:
            Color(*(YELLOW if self.state == "down" else self.bg))
            RoundedRectangle(pos=self.pos, size=self.size, radius=[mm(2)])
            Color(*(MARK if self.marked else OUTLINE))
            Line(rounded_rectangle=(*self.pos, *self.size, mm(2)), width=mm(0.8) if self.marked else mm(0.3))


DOT_SEGMENTS = 24  # a dot is a few mm wide: Kivy's default 180 edges cost a software rasteriser, not the eye


class Dots(Widget):
    """Dots in groups of five (a ten-frame-like picture); never more than four loose dots."""

    groups = NumericProperty(0)
    loose = NumericProperty(0)
    overflow = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._draw, size=self._draw, groups=self._draw, loose=self._draw, overflow=self._draw)

    def _draw(self, *_args: object) -> None:
        self.canvas.clear()
        cells = self.groups + (1 if self.loose else 0)
        if not cells or self.width <= 0:
            return
        per_row = min(cells, 5 if self.width >= self.height * 2 else 2)  # few groups: big dots, not 1 mm ones
        rows = (cells + per_row - 1) // per_row
        cell_w = self.width / per_row
        cell_h = min(self.height / max(rows, 1), cell_w / 2.6)
        d = min(cell_w / 6.2, cell_h * 0.8)
        with self.canvas:
            Color(*INK)
            for cell in range(cells):
                n = 5 if cell < self.groups else self.loose
                row, col = divmod(cell, per_row)
                used = min(cells - row * per_row, per_row)  # centre each row of groups
                x0 = self.x + (self.width - used * cell_w) / 2 + col * cell_w + (cell_w - 5.6 * d) / 2
                y0 = self.top - (row + 1) * cell_h + (cell_h - d) / 2
                for i in range(n):
                    Ellipse(pos=(x0 + i * 1.15 * d, y0), size=(d, d), segments=DOT_SEGMENTS)
            if self.overflow:
                Color(*MARK)
                Rectangle(pos=(self.right - d, self.y), size=(d, d / 3))


class CountView(BoxLayout):
    """A count: the big numeral above its dots (A5). Both always shown together."""

    digits = StringProperty("0")
    font_mm = NumericProperty(22)

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("orientation", "vertical")
        super().__init__(**kwargs)
        self.numeral = Numeral(text=self.digits, color=INK, font_size=mm(self.font_mm))
        self.dots = Dots(size_hint_y=0.45)
        self.add_widget(self.numeral)
        self.add_widget(self.dots)
        self.bind(digits=lambda _w, v: setattr(self.numeral, "text", v))

    def show_count(self, picture: object) -> None:
        self.digits = picture.digits  # type: ignore[attr-defined]
        self.dots.groups = picture.full_groups  # type: ignore[attr-defined]
        self.dots.loose = picture.loose  # type: ignore[attr-defined]
        self.dots.overflow = picture.overflow  # type: ignore[attr-defined]


class TopBar(BoxLayout, Panel):
    """Say-it-again (workers) or the title picture (staff), the title, trouble pictures, the lock."""

    TROUBLE_SLOTS = 4

    def __init__(self, **kwargs: object) -> None:
        super().__init__(orientation="horizontal", size_hint_y=None, height=target(), spacing=gap(), **kwargs)
        self.bg = BG
        self.icon = Image(size_hint_x=None, width=target(), fit_mode="contain")
        self.say_again = PictureButton(
            source=Assets.pictogram(Picture.SAY_AGAIN), size_hint_x=None, width=target(), name="say_again"
        )
        # The title wraps onto two lines instead of shrinking to "…" on a narrow (portrait) panel.
        self.title = Label(color=INK, font_size=mm(4.5), halign="left", valign="middle", max_lines=2)
        self.title.bind(size=lambda lbl, size: setattr(lbl, "text_size", size))
        self.troubles = [Image(size_hint_x=None, width=0, fit_mode="contain") for _ in range(self.TROUBLE_SLOTS)]
        self.lock = PictureButton(source=Assets.pictogram(Picture.LOCK), size_hint_x=None, width=target(), name="lock")
        self.lock.bg = BG
        self.lock.image.opacity = QUIET
        for widget in (self.icon, self.say_again, self.title, *self.troubles, self.lock):
            self.add_widget(widget)
        self._pictures: list[str] = []
        self.bind(width=lambda *_: self.show_troubles(self._pictures))

    def for_workers(self, workers: bool) -> None:
        """Worker screens have "say it again" where staff screens have their title picture."""
        show(self.say_again, workers)
        self.say_again.width = target() if workers else 0
        self.icon.width = 0 if workers else target()

    def show_troubles(self, pictures: list[str]) -> None:
        """As many trouble pictures as leave the title half the bar's free width (a portrait panel
        showed two and squeezed the title to a word per line); the trouble card shows each one big."""
        self._pictures = pictures
        fixed = self.say_again.width + self.icon.width + self.lock.width + 3 * gap()
        room = max(0, int((self.width - fixed) / 2 // (target() + gap())))
        shown = pictures[:room]
        for slot, image in enumerate(self.troubles):
            picture = shown[slot] if slot < len(shown) else ""
            image.source = Assets.pictogram(picture)
            image.width = target() if picture else 0
            image.opacity = 1 if picture else 0


class BottomBar(FloatLayout):
    """Three fixed places: start (back, left), middle (undo), end (go on, green, right)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(size_hint_y=None, height=target(), **kwargs)
        w = target() * 1.5
        self.start = PictureButton(size_hint=(None, None), size=(w, target()), pos_hint={"x": 0, "y": 0}, bg=TILE)
        self.middle = PictureButton(
            size_hint=(None, None), size=(w, target()), pos_hint={"center_x": 0.5, "y": 0}, bg=YELLOW
        )
        self.end = PictureButton(size_hint=(None, None), size=(w, target()), pos_hint={"right": 1, "y": 0}, bg=GREEN)
        self.caption = Label(color=INK, font_size=mm(3.2), size_hint=(0.3, 1), pos_hint={"center_x": 0.5, "y": 0})
        for widget in (self.caption, self.start, self.middle, self.end):
            self.add_widget(widget)
        self.idle_ring = Ring(self.start)  # the idle warning drains around back/home
        self.undo_ring = Ring(self.middle)  # the undo window drains around undo


class Ring:
    """A ring drawn around a button that drains from full (1.0) to nothing (0: hidden)."""

    def __init__(self, button: Widget) -> None:
        self.button = button
        with button.canvas.after:
            self._color = Color(*INK[:3], 0)
            self._line = Line(width=mm(1.2))
        self.fraction = 0.0
        button.bind(pos=self._draw, size=self._draw)

    def show(self, fraction: float) -> None:
        self.fraction = fraction
        self._draw()

    def _draw(self, *_args: object) -> None:
        b = self.button
        radius = min(b.width, b.height) / 2 - mm(1)
        self._color.a = 1 if self.fraction > 0 else 0
        self._line.circle = (b.center_x, b.center_y, max(radius, 1), 0, 360 * self.fraction)


class CardView(BoxLayout, Panel):
    """A full card over a screen's content: picture, optional count (numeral + dots), picture."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(orientation="horizontal", padding=gap(), spacing=gap(), **kwargs)
        self.bg = TILE
        self.bind(pos=self._draw_bg, size=self._draw_bg)
        self.first = Image(fit_mode="contain")
        self.count = CountView(font_mm=20)
        self.second = Image(fit_mode="contain")
        for widget in (self.first, self.count, self.second):
            self.add_widget(widget)

    def show_card(self, left: str, right: str, count: object | None) -> None:
        self.first.source, self.second.source = left, right
        self.second.opacity = 1 if right else 0
        self.count.size_hint_x = 1 if count is not None else 0.001
        self.count.opacity = 1 if count is not None else 0
        if count is not None:
            self.count.show_count(count)


class GoalBar(Widget):
    """Today's pieces filling towards the worker's daily goal (a bar that fills, never a number to read)."""

    fraction = NumericProperty(0.0)
    reached = BooleanProperty(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._draw, size=self._draw, fraction=self._draw, reached=self._draw)

    def _draw(self, *_args: object) -> None:
        self.canvas.clear()
        with self.canvas:
            Color(*TILE)
            RoundedRectangle(pos=self.pos, size=self.size, radius=[mm(1.5)])
            Color(*(MARK if self.reached else BRIGHT_GREEN))
            RoundedRectangle(pos=self.pos, size=(self.width * self.fraction, self.height), radius=[mm(1.5)])
            Color(*OUTLINE)
            Line(rounded_rectangle=(*self.pos, *self.size, mm(1.5)), width=mm(0.3))


class Screenful(BoxLayout):
    """The frame every screen shares: top bar, content, bottom bar (same places everywhere).

    It paints no background: the window is cleared to BG (KioskApp), which spares a software
    rasteriser a full-screen layer on every frame.
    """

    def __init__(self, content: Widget, **kwargs: object) -> None:
        super().__init__(orientation="vertical", padding=gap(), spacing=gap(), **kwargs)
        self.top_bar = TopBar()
        self.content = content
        self.card = CardView(pos_hint={"x": 0, "y": 0}, opacity=0)
        layers = FloatLayout()  # the card lies over the content; the bars stay usable
        content.pos_hint = {"x": 0, "y": 0}
        layers.add_widget(content)
        layers.add_widget(self.card)
        self.bottom_bar = BottomBar()
        for widget in (self.top_bar, layers, self.bottom_bar):
            self.add_widget(widget)
