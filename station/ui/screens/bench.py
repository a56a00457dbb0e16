"""Bench: the worker's photo large, today's pieces and goal, their products, and the door out."""

from __future__ import annotations

from kivy.metrics import mm
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.image import Image

from station.ui.palette import RED, YELLOW
from station.ui.presenters.numbers import count_picture
from station.ui.presenters.pictures import Picture
from station.ui.presenters.view import KioskView
from station.ui.presenters.worker_flow import PRODUCT_SLOTS
from station.ui.screens.base import KioskScreen
from station.ui.widgets import Assets, CountView, GoalBar, PictureButton, gap, show, target

GOAL_BAR_MM = 6


class BenchScreen(KioskScreen):
    def build_content(self) -> None:
        p = self.presenter
        self.me = BoxLayout(orientation="vertical", size_hint_x=0.34, spacing=gap())
        self.picture = FloatLayout()
        self.photo = Image(fit_mode="contain", pos_hint={"x": 0, "y": 0})
        self.greeting = Image(
            source=Assets.pictogram(Picture.GREETING), size_hint=(0.35, 0.35), pos_hint={"right": 1, "top": 1}
        )
        self.goal_reached = Image(
            source=Assets.pictogram(Picture.GOAL_REACHED), size_hint=(0.35, 0.35), pos_hint={"x": 0, "top": 1}
        )
        for widget in (self.photo, self.greeting, self.goal_reached):
            self.picture.add_widget(widget)
        # Today's pieces beside the door: the door sits by the worker's own photo, never where
        # the save tick is on the count screen, nor next to "back".
        self.progress = BoxLayout(orientation="horizontal", spacing=gap(), size_hint_y=None, height=target())
        self.today = CountView(font_mm=6)
        self.done = self.register("bench.done", PictureButton(source=Assets.pictogram(Picture.CHECK_OUT), bg=RED))
        self.done.bind(on_release=lambda *_: p.done_for_today())
        self.done.size_hint, self.done.size = (None, None), (target(), target())
        self.progress.add_widget(self.today)
        self.progress.add_widget(self.done)
        self.goal = GoalBar(size_hint_y=None, height=mm(GOAL_BAR_MM))
        for widget in (self.progress, self.picture, self.goal):
            self.me.add_widget(widget)
        self.products = GridLayout(cols=PRODUCT_SLOTS, spacing=gap())
        self.tiles: list[PictureButton] = []
        self.tile_counts: list[CountView] = []
        for slot in range(PRODUCT_SLOTS):
            tile = self.register(f"bench.product.{slot}", PictureButton())
            tile.key = ""
            tile.bind(on_release=lambda btn: p.tap_product(btn.key) if btn.key else None)
            count = CountView(font_mm=5, size_hint_y=0.45)
            tile.add_widget(count)
            self.tiles.append(tile)
            self.tile_counts.append(count)
        self.more = self.register("bench.more", PictureButton(source=Assets.pictogram(Picture.PAGE_NEXT)))
        self.more.bind(on_release=lambda *_: p.more_products())
        last = FloatLayout()  # the last slot: a third product, or "more" when there are more than three
        for widget in (self.tiles[-1], self.more):
            widget.pos_hint = {"x": 0, "y": 0}
            last.add_widget(widget)
        for tile in self.tiles[:-1]:
            self.products.add_widget(tile)
        self.products.add_widget(last)
        self.body.add_widget(self.me)
        self.body.add_widget(self.products)
        self.bottom("start", "bench.back", Picture.BACK, p.back)
        self.bottom("middle", "undo", Picture.UNDO, p.undo)

    def on_orientation(self) -> None:
        if self.landscape:
            self.me.size_hint, self.me.orientation = (0.34, 1), "vertical"
        else:
            self.me.size_hint, self.me.orientation = (1, 0.4), "horizontal"
        self.products.cols = PRODUCT_SLOTS if self.landscape else 2

    def update(self, view: KioskView) -> None:
        self.photo.source = Assets.path(view.worker_photo)
        self.greeting.opacity = 1 if view.greeting else 0
        self.goal_reached.opacity = 1 if view.goal.reached else 0
        self.today.show_count(view.today)
        self.goal.opacity = 1 if view.goal.goal else 0
        self.goal.fraction, self.goal.reached = view.goal.fraction, view.goal.reached
        paged = view.product_pages > 1
        for slot, tile in enumerate(self.tiles):
            product = view.product_tiles[slot] if slot < len(view.product_tiles) else None
            tile.key = product.key if product else ""
            tile.source = Assets.path(product.image) if product else ""
            tile.caption = product.label if product else ""
            self.tile_counts[slot].show_count(count_picture(product.count if product else 0))
            show(tile, product is not None)
        show(self.more, paged)
        armed = view.check_out_armed
        self.done.source = Assets.pictogram(Picture.CHECK_OUT_CONFIRM if armed else Picture.CHECK_OUT)
        self.done.bg = YELLOW if armed else RED
        show(self.done, not view.undo_left_s)  # A2: undo is the sixth choice while it lasts
        bar = self.frame.bottom_bar
        show(bar.middle, view.undo_left_s > 0)
