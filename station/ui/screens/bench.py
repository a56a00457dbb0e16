"""Bench: the worker's photo large, today's progress as pictures, their products."""

from __future__ import annotations

from kivy.metrics import mm
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.image import Image

from station.ui.presenters.kiosk import PRODUCTS_PER_PAGE
from station.ui.presenters.view import KioskView
from station.ui.screens.base import KioskScreen
from station.ui.widgets import Assets, CountView, PictureButton, gap, show

MAX_STARS = 5


class BenchScreen(KioskScreen):
    title_icon = "stack"

    def build_content(self) -> None:
        p = self.presenter
        self.me = BoxLayout(orientation="vertical", size_hint_x=0.34, spacing=gap())
        self.picture = FloatLayout()
        self.photo = Image(fit_mode="contain", pos_hint={"x": 0, "y": 0})
        self.greeting = Image(
            source=Assets.pictogram("greeting"), size_hint=(0.35, 0.35), pos_hint={"right": 1, "top": 1}
        )
        self.picture.add_widget(self.photo)
        self.picture.add_widget(self.greeting)
        self.stars = BoxLayout(size_hint_y=None, height=mm(8))
        self.star_images = [Image(source=Assets.pictogram("star"), fit_mode="contain") for _ in range(MAX_STARS)]
        for star in self.star_images:
            self.stars.add_widget(star)
        self.today = CountView(font_mm=9, size_hint_y=0.45)
        for widget in (self.picture, self.stars, self.today):
            self.me.add_widget(widget)
        self.products = GridLayout(cols=PRODUCTS_PER_PAGE + 1, spacing=gap())
        self.tiles: list[PictureButton] = []
        for slot in range(PRODUCTS_PER_PAGE):
            tile = self.register(f"bench.product.{slot}", PictureButton())
            tile.key = ""
            tile.bind(on_release=lambda btn: p.tap_product(btn.key) if btn.key else None)
            self.tiles.append(tile)
            self.products.add_widget(tile)
        self.more = self.register("bench.more", PictureButton(source=Assets.pictogram("page_next")))
        self.more.bind(on_release=lambda *_: p.more_products())
        self.products.add_widget(self.more)
        self.body.add_widget(self.me)
        self.body.add_widget(self.products)
        self.bottom("start", "bench.home", "home", p.back)
        self.bottom("middle", "undo", "undo", p.undo)
        self.bottom("end", "bench.done", "done_for_today", p.done_for_today)

    def on_orientation(self) -> None:
        if self.landscape:
            self.me.size_hint, self.me.orientation = (0.34, 1), "vertical"
        else:
            self.me.size_hint, self.me.orientation = (1, 0.4), "horizontal"
        self.products.cols = PRODUCTS_PER_PAGE + 1 if self.landscape else 2

    def update(self, view: KioskView) -> None:
        self.photo.source = Assets.path(view.worker_photo)
        self.greeting.opacity = 1 if view.greeting else 0
        for i, star in enumerate(self.star_images):
            star.opacity = 1 if i < view.stars else 0.15
        self.today.show_count(view.today)
        for slot, tile in enumerate(self.tiles):
            product = view.product_tiles[slot] if slot < len(view.product_tiles) else None
            tile.key = product.key if product else ""
            tile.source = Assets.path(product.image) if product else ""
            tile.caption = product.label if product else ""  # counts show only as numeral + dots
            show(tile, product is not None)
        show(self.more, view.product_pages > 1 and not view.undo_left_s)  # A2: undo is the 6th choice while it lasts
        bar = self.frame.bottom_bar
        show(bar.middle, view.undo_left_s > 0)
        bar.middle.caption = str(view.undo_left_s) if view.undo_left_s else ""
