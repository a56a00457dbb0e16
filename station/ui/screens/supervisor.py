"""Supervisor mode: today's tallies (correct, void, reprint), who is in, the scale, status, settings.

Lists are a fixed pool of row widgets with pages, so a long day does not grow the widget tree.
"""

from __future__ import annotations

from collections.abc import Callable

from kivy.metrics import mm
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import NoTransition, Screen, ScreenManager

from station.i18n.strings import text
from station.ui.palette import BG, INK, YELLOW
from station.ui.presenters.supervisor import REASONS
from station.ui.presenters.view import KioskView, SupervisorTab
from station.ui.screens.base import KioskScreen
from station.ui.widgets import Assets, PictureButton, gap, show
from sync.protocol.roster import LANGUAGES

TABS = (
    (SupervisorTab.TALLIES, "list"),
    (SupervisorTab.WORKERS, "badge"),
    (SupervisorTab.SCALE, "scale"),
    (SupervisorTab.STATUS, "sync"),
    (SupervisorTab.SETTINGS, "settings"),
)


def _label(**kwargs: object) -> Label:
    kwargs.setdefault("font_size", mm(3.6))
    kwargs.setdefault("valign", "middle")
    kwargs.setdefault("halign", "left")
    label = Label(color=INK, **kwargs)
    label.bind(size=lambda lbl, size: setattr(lbl, "text_size", size))
    return label


def _small_button(name: str, picture: str, caption: str = "", **kwargs: object) -> PictureButton:
    return PictureButton(name=name, source=Assets.pictogram(picture), caption=caption, **kwargs)


class RowView(BoxLayout):
    """One list row: a photo, a sentence and up to three action pictures."""

    key = StringProperty("")
    text = StringProperty("")
    image = StringProperty("")
    voided = BooleanProperty(False)
    actions = StringProperty("")  # "tally" | "worker"

    def __init__(self, act: Callable[[str, str], None], **kwargs: object) -> None:
        super().__init__(spacing=gap(), **kwargs)
        from kivy.uix.image import Image

        self.act = act  # (action, key): the screen hands it on to the presenter

        self.photo = Image(size_hint_x=None, width=mm(10), fit_mode="contain")
        self.words = _label()
        self.buttons = {
            "correct": _small_button("row.correct", "correct", size_hint_x=None, width=mm(13)),
            "void": _small_button("row.void", "void", size_hint_x=None, width=mm(13)),
            "reprint": _small_button("row.reprint", "receipt", size_hint_x=None, width=mm(13)),
            "check_out": _small_button("row.check_out", "done_for_today", size_hint_x=None, width=mm(13)),
        }
        for widget in (self.photo, self.words, *self.buttons.values()):
            self.add_widget(widget)
        for action, button in self.buttons.items():
            button.bind(on_release=lambda _b, a=action: self.act(a, self.key))
        self.bind(text=self._sync, image=self._sync, voided=self._sync, actions=self._sync)

    def _sync(self, *_args: object) -> None:
        self.words.text = self.text
        self.photo.source = Assets.path(self.image)
        tally = self.actions == "tally"
        for action in ("correct", "void", "reprint"):
            show(self.buttons[action], tally and not (self.voided and action != "reprint"))
        show(self.buttons["check_out"], self.actions == "worker")


class RowList(BoxLayout):
    """A fixed pool of rows with page buttons: a long day never grows the widget tree."""

    ROWS = 3  # rows of >= 9 mm on the 800x480 panel

    def __init__(self, name: str, act: Callable[[str, str], None], **kwargs: object) -> None:
        super().__init__(orientation="vertical", spacing=gap(), **kwargs)
        self.name = name
        self.rows = [RowView(act) for _ in range(self.ROWS)]
        self.page = 0
        self._data: list[dict[str, object]] = []
        pager = BoxLayout(size_hint_y=None, height=mm(10), spacing=gap())
        self.previous = _small_button(f"{name}.previous", "page_previous")
        self.next = _small_button(f"{name}.next", "page_next")
        self.where = _label(halign="center")
        self.previous.bind(on_release=lambda *_: self.turn(-1))
        self.next.bind(on_release=lambda *_: self.turn(1))
        for widget in (self.previous, self.where, self.next):
            pager.add_widget(widget)
        for row in self.rows:
            self.add_widget(row)
        self.add_widget(pager)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self._data) // self.ROWS))

    def show(self, data: list[dict[str, object]]) -> None:
        self._data = data
        self.page = min(self.page, self.pages - 1)
        self._fill()

    def turn(self, step: int) -> None:
        self.page = (self.page + step) % self.pages
        self._fill()

    def _fill(self) -> None:
        start = self.page * self.ROWS
        for i, row in enumerate(self.rows):
            item = self._data[start + i] if start + i < len(self._data) else None
            for key, value in (item or {"key": "", "text": "", "image": "", "voided": False, "actions": ""}).items():
                setattr(row, key, value)
            row.opacity = 1 if item else 0
            row.disabled = item is None
        many = self.pages > 1
        show(self.previous, many)
        show(self.next, many)
        self.where.text = f"{self.page + 1} / {self.pages}" if many else ""


class SupervisorScreen(KioskScreen):
    title_icon = "settings"
    for_workers = False

    def _row_action(self, action: str, key: str) -> None:
        p = self.presenter
        if action == "check_out":
            p.supervisor.check_out_worker(key)
        elif action == "reprint":
            p.supervisor.reprint(key)
        else:
            p.supervisor.select_tally(key, action)

    def build_content(self) -> None:
        p = self.presenter
        self.tabs = GridLayout(cols=2, size_hint_x=0.3, spacing=gap())  # >= 9 mm tabs in either orientation
        self.tab_buttons: dict[SupervisorTab, PictureButton] = {}
        for tab, picture in TABS:
            button = self.register(f"sup.tab.{tab.value}", _small_button("", picture))
            button.bind(on_release=lambda _b, t=tab: p.supervisor.show_tab(t))
            self.tab_buttons[tab] = button
            self.tabs.add_widget(button)
        self.panels = ScreenManager(transition=NoTransition())
        self.panels.add_widget(self._tallies_panel())
        self.panels.add_widget(self._workers_panel())
        self.panels.add_widget(self._scale_panel())
        self.panels.add_widget(self._status_panel())
        self.panels.add_widget(self._settings_panel())
        self.body.add_widget(self.tabs)
        self.body.add_widget(self.panels)
        for rows in (self.tally_list, self.worker_list):
            for i, row in enumerate(rows.rows):
                for action, button in row.buttons.items():
                    self.register(f"{rows.name}.{i}.{action}", button)
            self.register(f"{rows.name}.previous", rows.previous)
            self.register(f"{rows.name}.next", rows.next)
        self.bottom("start", "sup.exit", "home", p.supervisor.exit_supervisor)

    def on_orientation(self) -> None:
        """Tabs down the left in landscape, across the top in portrait."""
        if self.landscape:
            self.tabs.cols, self.tabs.size_hint = 2, (0.3, 1)
        else:
            self.tabs.cols, self.tabs.size_hint = 3, (1, 0.25)

    # --- panels (built once) --------------------------------------------------------------

    def _tallies_panel(self) -> Screen:
        p = self.presenter
        panel = Screen(name=SupervisorTab.TALLIES.value)
        column = BoxLayout(orientation="vertical", spacing=gap())
        self.tally_list = RowList("sup.tallies", self._row_action)
        self.editor = BoxLayout(orientation="vertical", size_hint_y=None, height=0, opacity=0, spacing=gap())
        adjust = BoxLayout(spacing=gap())
        self.edit_count = Label(color=INK, font_size=mm(7), bold=True)
        self.delta_buttons = [self._delta_button(delta) for delta in (-10, -1, 1, 10)]
        for widget in (*self.delta_buttons[:2], self.edit_count, *self.delta_buttons[2:]):
            adjust.add_widget(widget)
        cancel = self.register("sup.cancel", _small_button("", "back"))
        cancel.bind(on_release=lambda *_: p.supervisor.cancel_edit())
        adjust.add_widget(cancel)
        self.reasons = GridLayout(cols=len(REASONS) // 2, spacing=gap(), size_hint_y=2)  # two rows: whole words
        self.reason_buttons = []
        for reason, picture in REASONS:
            button = self.register(f"sup.reason.{reason.value}", _small_button("", picture))
            button.bind(on_release=lambda _b, r=reason: p.supervisor.pick_reason(r))
            self.reason_buttons.append((reason, button))
            self.reasons.add_widget(button)
        self.editor.add_widget(adjust)
        self.editor.add_widget(self.reasons)
        self.tally_empty = _label(size_hint_y=None, height=mm(8))
        for widget in (self.tally_empty, self.tally_list, self.editor):
            column.add_widget(widget)
        panel.add_widget(column)
        return panel

    def _delta_button(self, delta: int) -> PictureButton:
        button = self.register(f"sup.delta.{delta}", PictureButton(caption=f"{delta:+d}"))
        button.remove_widget(button.image)
        button.label.size_hint_y = 1
        button.label.font_size = mm(5)
        button.bind(on_release=lambda *_: self.presenter.supervisor.adjust_count(delta))
        return button

    def _workers_panel(self) -> Screen:
        panel = Screen(name=SupervisorTab.WORKERS.value)
        column = BoxLayout(orientation="vertical")
        self.workers_empty = _label(size_hint_y=None, height=mm(8))
        self.worker_list = RowList("sup.workers", self._row_action)
        column.add_widget(self.workers_empty)
        column.add_widget(self.worker_list)
        panel.add_widget(column)
        return panel

    def _scale_panel(self) -> Screen:
        p = self.presenter
        panel = Screen(name=SupervisorTab.SCALE.value)
        column = BoxLayout(orientation="vertical", spacing=gap())
        row = BoxLayout(spacing=gap())
        self.learn_product = self.register("sup.learn_product", PictureButton())
        self.learn_product.bind(on_release=lambda *_: p.supervisor.next_learn_product())
        self.sample = self.register("sup.sample", PictureButton(source=Assets.pictogram("stack")))
        self.sample.bind(on_release=lambda *_: p.supervisor.next_sample_size())
        learn = self.register("sup.learn", _small_button("", "scale"))
        learn.bind(on_release=lambda *_: p.supervisor.learn_piece_weight())
        tare = self.register("sup.tare", _small_button("", "scale_steady"))
        tare.bind(on_release=lambda *_: p.supervisor.tare())
        zero = self.register("sup.zero", _small_button("", "waiting"))
        zero.bind(on_release=lambda *_: p.supervisor.zero())
        self.scale_buttons = {"sup.learn": learn, "sup.tare": tare, "sup.zero": zero}
        for widget in (self.learn_product, self.sample, learn, tare, zero):
            row.add_widget(widget)
        self.reading = _label(size_hint_y=0.3, font_size=mm(5))
        self.learn_hint = _label(size_hint_y=0.3)
        for widget in (self.learn_hint, row, self.reading):
            column.add_widget(widget)
        panel.add_widget(column)
        return panel

    def _status_panel(self) -> Screen:
        panel = Screen(name=SupervisorTab.STATUS.value)
        self.status_text = _label(valign="top")
        panel.add_widget(self.status_text)
        return panel

    def _settings_panel(self) -> Screen:
        p = self.presenter
        panel = Screen(name=SupervisorTab.SETTINGS.value)
        row = BoxLayout(spacing=gap())
        self.language_buttons = {}
        for language in LANGUAGES:
            button = self.register(f"sup.lang.{language}", _small_button("", "language"))
            button.bind(on_release=lambda _b, lang=language: p.supervisor.set_language(lang))
            self.language_buttons[language] = button
            row.add_widget(button)
        self.mute = self.register("sup.mute", _small_button("", "sound_on"))
        self.mute.bind(on_release=lambda *_: p.supervisor.toggle_mute())
        row.add_widget(self.mute)
        panel.add_widget(row)
        return panel

    # --- refresh ----------------------------------------------------------------------------

    def update(self, view: KioskView) -> None:
        s = view.supervisor
        lang = view.language

        def t(key: str, **values: object) -> str:
            return text(key, lang, **values)

        for tab, button in self.tab_buttons.items():
            button.caption = t(f"sup.tab.{tab.value}")
            button.bg = YELLOW if tab is s.tab else (1, 1, 1, 1)
        self.panels.current = s.tab.value
        bar = self.frame.bottom_bar
        bar.start.caption = t("sup.exit")
        countdown = t("sup.session_ends", s=s.session_left_s) if s.session_left_s else ""
        bar.caption.text = "  ".join(x for x in (s.message, countdown) if x)
        bar.caption.size_hint_x = 0.6
        if s.tab is SupervisorTab.TALLIES:
            self.tally_list.show(
                [
                    {"key": r.key, "text": r.text, "image": r.image, "voided": r.voided, "actions": "tally"}
                    for r in s.rows
                ]
            )
            editing = s.selected is not None
            selected = next((r.text for r in s.rows if r.key == s.selected), "")
            self.tally_empty.text = selected if editing else ("" if s.rows else t("sup.no_tallies"))
            self.tally_empty.height = mm(8) if self.tally_empty.text else 0  # the rows keep the 9 mm floor
            self.tally_list.opacity = 0 if editing else 1
            self.tally_list.disabled = editing
            self.tally_list.size_hint_y = None if editing else 1
            self.tally_list.height = 0
            self.editor.height = mm(40) if editing else 0
            self.editor.opacity = 1 if editing else 0
            self.editor.disabled = not editing
            self.edit_count.text = str(s.edit_count) if s.action == "correct" else t("sup.void")
            for button in self.delta_buttons:
                button.disabled = s.action != "correct" or not editing
            for reason, button in self.reason_buttons:
                button.caption = t(f"reason.{reason.value}")
        elif s.tab is SupervisorTab.WORKERS:
            self.worker_list.show(
                [{"key": r.key, "text": r.text, "image": r.image, "voided": False, "actions": "worker"} for r in s.rows]
            )
            self.workers_empty.text = "" if s.rows else t("sup.nobody_in")
            self.workers_empty.height = mm(8) if self.workers_empty.text else 0
        elif s.tab is SupervisorTab.SCALE:
            self.learn_product.source = Assets.path(s.learn_product_image)
            self.sample.caption = t("sup.sample_size", n=s.sample_n)
            for key, button in self.scale_buttons.items():
                button.caption = t(key)
            product = self.presenter.deps.catalog.product(s.learn_product) if s.learn_product else None
            self.learn_hint.text = t("sup.learn.hint", n=s.sample_n, product=product.name(lang) if product else "")
            self.reading.text = s.reading_text
        elif s.tab is SupervisorTab.STATUS:
            self.status_text.text = "\n".join(s.status_lines)
        else:
            for language, button in self.language_buttons.items():
                button.caption = t(f"lang.{language}")
                button.bg = YELLOW if language == lang else (1, 1, 1, 1)
            self.mute.source = Assets.pictogram("sound_off" if view.muted else "sound_on")
            self.mute.caption = t("sup.sound")
        self.frame.top_bar.lock.opacity = 0.3
        self.frame.top_bar.lock.bg = BG
