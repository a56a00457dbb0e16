"""Open the kiosk window for a station: fonts, assets, the app, and a clean stop.

`open_kiosk()` is shared by `run`, `demo`, `tour`, the UI tests and the benchmarks, so they
all start exactly the same application.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from station.app.settings import Settings
from station.ui.kivy_env import prepare_kivy

log = logging.getLogger(__name__)


def open_kiosk(
    settings: Settings,
    *,
    size: tuple[int, int] | None = None,
    fullscreen: bool = False,
    scale_factory: Callable[[Callable[[Any], None]], Any] | None = None,
    printer: Any = None,
    sync: Any = None,
    play: Callable[[Path], None] | None = None,
) -> Any:
    """Build the station and its KioskApp (not yet running). Returns the app; `app.station` is set.

    The station's parts (speaker and its warm-up, scale, printer, sync) start once Home is drawn and
    systemd told: their threads would otherwise compete with the first frame.
    """
    prepare_kivy(settings.kiosk.dpi, size, fullscreen)
    from station.app.main import build_station
    from station.i18n.fonts import locate_cjk_font
    from station.ui.kiosk_app import KioskApp, register_font
    from station.ui.widgets import Assets

    register_font(locate_cjk_font())
    Assets.root = settings.assets_dir
    station = build_station(settings, scale_factory=scale_factory, printer=printer, sync=sync, play=play)
    app = KioskApp(station.presenter, on_stop=station.stop, on_ready=station.start)
    app.station = station
    return app


def run_kiosk(app: Any) -> int:
    """Run until the window closes, SIGTERM (systemd stop) or Ctrl-C; then stop every part.

    READY=1 / WATCHDOG=1 for systemd come from KioskApp itself.
    """
    signal.signal(signal.SIGTERM, lambda _signum, _frame: app.stop())
    try:
        app.run()
    except KeyboardInterrupt:
        log.info("kiosk interrupted")
    finally:
        app.station.stop()
    log.info("kiosk stopped")
    return 0
