"""Count: the product, the live count as numeral + dots, the pan's state picture, back and the save tick."""

from __future__ import annotations

from kivy.metrics import mm
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image

from station.ui.palette import BRIGHT_GREEN, GREEN
from station.ui.presenters.pictures import Picture
from station.ui.presenters.view import KioskView
from station.ui.screens.base import KioskScreen
from station.ui.widgets import PLUS_MINUS_GAP_MM, Assets, CountView, PictureButton, gap, show, target

DIMMED = 0.35
CELEBRATION_FRAMES = (Picture.CELEBRATE, Picture.TAKE_RECEIPT)


class CountScreen(KioskScreen):
    def build_content(self) -> None:
        p = self.presenter
        self.product = Image(fit_mode="contain", size_hint_x=0.3)
        self.count = CountView(font_mm=24)
        self.side = BoxLayout(orientation="vertical", size_hint_x=0.3, spacing=gap())
        self.state_picture = Image(fit_mode="contain")
        self.plus = self.register("count.plus_one", PictureButton(source=Assets.pictogram(Picture.PLUS_ONE)))
        self.minus = self.register("count.minus_one", PictureButton(source=Assets.pictogram(Picture.MINUS_ONE)))
        self.plus.bind(on_release=lambda *_: p.plus_one())
        self.minus.bind(on_release=lambda *_: p.minus_one())
        for widget in (self.plus, self.state_picture, self.minus):  # tap mode: the hidden picture keeps them apart
            self.side.add_widget(widget)
        for widget in (self.product, self.count, self.side):
            self.body.add_widget(widget)
        self.bottom("start", "count.back", Picture.BACK, p.back)
        self.bottom("middle", "undo", Picture.UNDO, p.undo)
        self.bottom("end", "count.save", Picture.SAVE, p.save)

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
        self.state_picture.source = Assets.pictogram(view.state_picture)
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
        # The one tick: dim until saving is allowed, then pulsing on the presenter's tick.
        bar.end.opacity = 1 if view.can_save else DIMMED
        bar.end.bg = BRIGHT_GREEN if view.can_save and view.save_pulse else GREEN
        show(bar.middle, view.undo_left_s > 0)
        if view.card is not None and view.celebrating is not None:
            self._celebration(view.celebrate_frame)

    def _celebration(self, frame: int) -> None:
        """The success card's right picture: the party popper and "take your receipt" taking turns.

        Kivy's Animation is not used here: with it running, resident memory grew by about a
        megabyte per save in llvmpipe (bench/bench_kiosk.py); swapping cached images does not.
        """
        self.frame.card.second.source = Assets.pictogram(CELEBRATION_FRAMES[frame % len(CELEBRATION_FRAMES)])
