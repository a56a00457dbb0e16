"""A printer running out of paper shows on the kiosk at once: the real PrintService against the
TCP stand-in printer reports through `on_status` to the presenter (no Kivy; in the kiosk the
UI bridge carries the call onto the UI thread), without waiting for the presenter's own poll."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from station.printing import PrintService
from station.store.database import Database
from station.ui.presenters.trouble import Trouble
from tests.kiosk.fakes import Rig, make_rig
from tests.printing.helpers import ASSETS
from tests.printing.standin import PAPER_OK, PAPER_OUT, PrinterStandIn


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        threading.Event().wait(0.01)


@pytest.fixture
def standin() -> Iterator[PrinterStandIn]:
    printer = PrinterStandIn()
    yield printer
    printer.close()


@pytest.fixture
def rig(db: Database, station_id: str, standin: PrinterStandIn) -> Iterator[Rig]:
    rig = make_rig(db, station_id)
    rig.printer.stop()
    printer = PrintService(
        db, station_id, "generic-58", standin.target, ASSETS, rig.presenter.on_printer_status, idle_check_s=0.05
    )
    rig.presenter.deps.printer = printer
    printer.start()
    yield rig
    printer.stop()


def troubles(rig: Rig) -> set[str]:
    return {t.trouble.value for t in rig.presenter.view.troubles}


def test_paper_out_shows_the_trouble_picture_without_a_poll(rig: Rig, standin: PrinterStandIn) -> None:
    heard: list[object] = []
    rig.presenter.listeners.append(heard.append)
    standin.set_paper(PAPER_OUT)
    wait_until(lambda: Trouble.PRINTER_PAPER_OUT.value in troubles(rig))
    (paper_out,) = [t for t in rig.presenter.view.troubles if t.trouble is Trouble.PRINTER_PAPER_OUT]
    assert paper_out.picture == "paper_out" and heard, "the screen was told to redraw"

    standin.set_paper(PAPER_OK)
    wait_until(lambda: Trouble.PRINTER_PAPER_OUT.value not in troubles(rig))
