"""Home: a page of worker photos. A face, not a name, is the key."""

from __future__ import annotations

from kivy.uix.gridlayout import GridLayout

from station.ui.presenters.pictures import Picture
from station.ui.presenters.view import KioskView
from station.ui.presenters.worker_flow import WORKERS_PER_PAGE
from station.ui.screens.base import KioskScreen
from station.ui.widgets import Assets, PictureButton, gap, show


class HomeScreen(KioskScreen):
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
        self.body.add_widget(self.grid)
        # One arrow, round and round the pages: with "say it again" that is six choices (A2).
        self.bottom("end", "home.page_next", Picture.PAGE_NEXT, p.page_next)

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
        show(self.frame.bottom_bar.end, many)
        self.frame.bottom_bar.caption.text = f"{view.page + 1} / {view.pages}" if many else ""
