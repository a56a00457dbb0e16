"""What every screen shares: the frame, the lock wiring and the orientation switch."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from station.ui.presenters.kiosk import KioskPresenter
from station.ui.presenters.pictures import Picture
from station.ui.presenters.view import KioskView
from station.ui.widgets import Assets, PictureButton, Screenful, gap, show


class KioskScreen(Screen):
    """A screen: `build_content()` once, `refresh(view)` on every change."""

    title_icon = ""  # staff screens: the picture beside the title
    for_workers = True  # worker screens: "say it again" instead, worker troubles only, one meaning per picture

    def __init__(self, presenter: KioskPresenter, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.presenter = presenter
        self.controls: dict[str, PictureButton] = {}
        self.body = BoxLayout(spacing=gap())
        self.frame = Screenful(self.body)
        self.add_widget(self.frame)
        self.frame.top_bar.icon.source = Assets.pictogram(self.title_icon)
        self.frame.top_bar.lock.bind(on_release=lambda *_: presenter.supervisor.lock_tap())
        self.register("lock", self.frame.top_bar.lock)
        self.frame.top_bar.for_workers(self.for_workers)
        if self.for_workers:
            self.frame.top_bar.say_again.bind(on_release=lambda *_: presenter.say_again())
            self.register("say_again", self.frame.top_bar.say_again)
        bar = self.frame.bottom_bar
        for slot in ("start", "middle", "end"):
            show(getattr(bar, slot), False)
        self.build_content()
        self.bind(size=self._on_size)

    def register(self, name: str, button: PictureButton) -> PictureButton:
        button.name = name
        self.controls[name] = button
        return button

    def bottom(self, slot: str, name: str, picture: Picture | str, action: object) -> PictureButton:
        button = getattr(self.frame.bottom_bar, slot)
        button.source = Assets.pictogram(picture)
        button.bind(on_release=lambda *_: action())  # type: ignore[operator]
        show(button, True)
        return self.register(name, button)

    @property
    def landscape(self) -> bool:
        return self.width >= self.height

    def _on_size(self, *_args: object) -> None:
        self.body.orientation = "horizontal" if self.landscape else "vertical"
        self.on_orientation()

    def on_orientation(self) -> None:
        """Screens re-flow their content here when the panel turns."""

    def build_content(self) -> None:
        raise NotImplementedError

    def refresh(self, view: KioskView) -> None:
        bar = self.frame.top_bar
        bar.title.text = view.title
        bar.show_troubles([t.picture for t in view.troubles if t.for_workers or not self.for_workers])
        bar.lock.caption = "●" * (4 - view.lock_taps_left) if view.lock_taps_left < 4 else ""
        self.frame.bottom_bar.idle_ring.show(view.idle_ring)
        self.frame.bottom_bar.undo_ring.show(view.undo_ring)
        card = view.card if self.for_workers else None
        self.frame.card.opacity = 1 if card else 0
        if card is not None:
            self.frame.card.show_card(Assets.path(card.left), Assets.path(card.right), card.count)
        self.update(view)

    def update(self, view: KioskView) -> None:
        raise NotImplementedError
