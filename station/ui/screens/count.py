"""Count: the product, the live count as numeral + dots, a steady/moving picture, tick and cross."""

from __future__ import annotations

from kivy.metrics import mm
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.image import Image

from station.ui.presenters.view import KioskView
from station.ui.screens.base import KioskScreen
from station.ui.widgets import PLUS_MINUS_GAP_MM, Assets, CountView, PictureButton, gap, show, target

CELEBRATION_FRAMES = ("celebrate", "star_glowing")


class CountScreen(KioskScreen):
    title_icon = "scale"

    def build_content(self) -> None:
        p = self.presenter
        self.product = Image(fit_mode="contain", size_hint_x=0.3)
        self.middle = FloatLayout()
        self.count = CountView(font_mm=24, pos_hint={"x": 0, "y": 0}, size_hint=(1, 1))
        self.celebrate = Image(
            source=Assets.pictogram("celebrate"), opacity=0, size_hint=(0.3, 0.3), pos_hint={"right": 1, "top": 1}
        )
        self.middle.add_widget(self.count)
        self.middle.add_widget(self.celebrate)
        self.side = BoxLayout(orientation="vertical", size_hint_x=0.3, spacing=gap())
        self.state_picture = Image(fit_mode="contain")
        self.plus = self.register("count.plus_one", PictureButton(source=Assets.pictogram("plus_one")))
        self.minus = self.register("count.minus_one", PictureButton(source=Assets.pictogram("minus_one")))
        self.plus.bind(on_release=lambda *_: p.plus_one())
        self.minus.bind(on_release=lambda *_: p.minus_one())
        for widget in (self.plus, self.state_picture, self.minus):  # tap mode: the hidden picture keeps them apart
            self.side.add_widget(widget)
        for widget in (self.product, self.middle, self.side):
            self.body.add_widget(widget)
        self.bottom("start", "count.back", "back", p.back)
        self.bottom("middle", "undo", "undo", p.undo)
        self.bottom("end", "count.save", "save", p.save)

    def on_orientation(self) -> None:
        hint = 0.3
        self.product.size_hint = (hint, 1) if self.landscape else (1, hint)
        self.side.size_hint = (hint, 1) if self.landscape else (1, hint)
        self.side.orientation = "vertical" if self.landscape else "horizontal"
        apart = target() * 2 + mm(PLUS_MINUS_GAP_MM)
        self.side.size_hint_min = (target(), apart) if self.landscape else (apart, target())

    def update(self, view: KioskView) -> None:
        self.product.source = Assets.path(view.product_image)
        self.count.show_count(view.count)
        scale_trouble = next((t.picture for t in view.troubles if t.trouble.value.startswith("scale")), "")
        if view.tap_mode:
            picture = ""
        elif scale_trouble:
            picture = scale_trouble
        else:
            picture = "scale_steady" if view.stable else "scale_moving"
        self.state_picture.source = Assets.pictogram(picture)
        self.state_picture.size_hint_y = None if view.tap_mode else 1
        self.state_picture.height = mm(PLUS_MINUS_GAP_MM) - 2 * gap()
        self.state_picture.opacity = 0 if view.tap_mode else 1
        show(self.plus, view.tap_mode)
        show(self.minus, view.tap_mode)
        self.plus.size_hint_y = 1 if view.tap_mode else None
        self.minus.size_hint_y = 1 if view.tap_mode else None
        if not view.tap_mode:
            self.plus.height = self.minus.height = 0
        bar = self.frame.bottom_bar
        bar.end.opacity = 1 if view.can_save else 0.35
        show(bar.middle, view.undo_left_s > 0)
        bar.middle.caption = str(view.undo_left_s) if view.undo_left_s else ""
        self._celebration(view.celebrating, view.celebrate_frame)

    def _celebration(self, count: int | None, frame: int) -> None:
        """Two pictures taking turns on the presenter's tick: a celebration that moves.

        Kivy's Animation is not used here: with it running, resident memory grew by about a
        megabyte per save in llvmpipe (bench/bench_kiosk.py); swapping cached images does not.
        """
        self.celebrate.opacity = 0 if count is None else 1
        self.celebrate.source = Assets.pictogram(CELEBRATION_FRAMES[frame % len(CELEBRATION_FRAMES)])
