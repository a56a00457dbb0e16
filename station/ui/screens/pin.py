"""The supervisor PIN pad (no worker ever needs it)."""

from __future__ import annotations

from kivy.metrics import mm
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label

from station.ui.palette import GREEN, INK, RED
from station.ui.presenters.view import KioskView
from station.ui.screens.base import KioskScreen
from station.ui.widgets import Assets, PictureButton, gap


class PinScreen(KioskScreen):
    title_icon = "lock"
    for_workers = False

    def build_content(self) -> None:
        p = self.presenter
        column = BoxLayout(orientation="vertical", spacing=gap())
        self.entered = Label(color=INK, font_size=mm(8), size_hint_y=0.25)
        self.message = Label(color=(0.7, 0.1, 0.1, 1), font_size=mm(4), size_hint_y=0.2)
        pad = GridLayout(cols=6, spacing=gap())
        for digit in "12345":
            pad.add_widget(self._digit(digit))
        clear = self.register("pin.clear", PictureButton(source=Assets.pictogram("undo"), bg=RED))
        clear.bind(on_release=lambda *_: p.supervisor.pin_clear())
        pad.add_widget(clear)
        for digit in "67890":
            pad.add_widget(self._digit(digit))
        ok = self.register("pin.ok", PictureButton(source=Assets.pictogram("save"), bg=GREEN))
        ok.bind(on_release=lambda *_: p.supervisor.pin_submit())
        pad.add_widget(ok)
        for widget in (self.entered, self.message, pad):
            column.add_widget(widget)
        self.body.add_widget(column)
        self.bottom("start", "pin.back", "back", p.back)

    def _digit(self, digit: str) -> PictureButton:
        button = self.register(f"pin.{digit}", PictureButton())
        button.remove_widget(button.image)
        button.label.font_size = mm(8)
        button.label.size_hint_y = 1
        button.caption = digit
        button.bind(on_release=lambda *_: self.presenter.supervisor.pin_digit(digit))
        return button

    def update(self, view: KioskView) -> None:
        self.entered.text = "…" if view.pin_checking else "● " * view.pin_length
        self.message.text = view.pin_message
