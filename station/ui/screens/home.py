"""Home: a page of worker photos. A face, not a name, is the key."""

from __future__ import annotations

from kivy.uix.floatlayout import FloatLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.image import Image

from station.ui.presenters.kiosk import WORKERS_PER_PAGE
from station.ui.presenters.view import KioskView
from station.ui.screens.base import KioskScreen
from station.ui.widgets import Assets, PictureButton, gap, show


class HomeScreen(KioskScreen):
    title_icon = "greeting"

    def build_content(self) -> None:
        p = self.presenter
        self.grid = GridLayout(cols=WORKERS_PER_PAGE, spacing=gap())
        self.tiles: list[PictureButton] = []
        for slot in range(WORKERS_PER_PAGE):
            tile = self.register(f"home.worker.{slot}", PictureButton())
            tile.bind(on_release=lambda btn: p.tap_worker(btn.key) if btn.key else None)
            tile.key = ""
            self.tiles.append(tile)
            self.grid.add_widget(tile)
        # A short-lived picture (e.g. an unknown badge) shows over the photos, not beside them.
        self.notice = Image(
            fit_mode="contain", opacity=0, size_hint=(0.5, 0.5), pos_hint={"center_x": 0.5, "center_y": 0.5}
        )
        layers = FloatLayout()
        self.grid.pos_hint = {"x": 0, "y": 0}
        layers.add_widget(self.grid)
        layers.add_widget(self.notice)
        self.body.add_widget(layers)
        self.bottom("start", "home.page_previous", "page_previous", p.page_previous)
        self.bottom("end", "home.page_next", "page_next", p.page_next)

    def on_orientation(self) -> None:
        self.grid.cols = WORKERS_PER_PAGE if self.landscape else 2

    def update(self, view: KioskView) -> None:
        for slot, tile in enumerate(self.tiles):
            worker = view.worker_tiles[slot] if slot < len(view.worker_tiles) else None
            tile.key = worker.key if worker else ""
            tile.source = Assets.path(worker.image) if worker else ""
            tile.caption = worker.label if worker else ""
            tile.marked = bool(worker and worker.marked)
            show(tile, worker is not None)
        many = view.pages > 1
        show(self.frame.bottom_bar.start, many)
        show(self.frame.bottom_bar.end, many)
        self.frame.bottom_bar.caption.text = f"{view.page + 1} / {view.pages}" if many else ""
        self.notice.source = Assets.pictogram(view.notice_picture)
        self.notice.opacity = 1 if view.notice_picture else 0
