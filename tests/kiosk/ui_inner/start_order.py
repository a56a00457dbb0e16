"""The station's parts wait for Home: nothing started before the first frame, all running after it.

A real scale service on the simulator's PTY, the real print service and speaker, built from the
settings as on a station. Writes what it saw to a JSON file.
"""

from __future__ import annotations

from pathlib import Path

from tests.kiosk.ui_inner.harness import args, report


def main() -> None:
    from station.app.demo_station import demo_settings, prepare_demo_database, start_simulated_scale
    from station.app.launch import open_kiosk

    work, out = Path(args()[0]), args()[1]
    work.mkdir(parents=True, exist_ok=True)
    hands = start_simulated_scale(work, settle_s=0.2)
    try:
        settings = demo_settings(
            work, sounds=True, scale_port=hands.path, printer_target=f"file:{work / 'printer.bin'}"
        )
        prepare_demo_database(settings, with_morning=False)
        app = open_kiosk(settings, size=(800, 480))
        from station.ui.driving import Driver

        station = app.station
        parts = {"speaker": station.speaker, "scale": station.scale, "printer": station.printer}
        seen: dict[str, object] = {
            "started_before_home": [name for name, part in parts.items() if part.stop in station.stoppers],
            "scale_before_home": station.scale.latest().detail,
        }
        d = Driver(app).start()  # builds Home and draws the first frames
        try:
            seen["started_after_home"] = [name for name, part in parts.items() if part.stop in station.stoppers]
            hands.put_pieces(3, 8.6)
            d.until(lambda: (station.scale.latest().weight_g or 0) > 25, what="the scale read after the first frame")
            seen["scale_after_home_g"] = station.scale.latest().weight_g
        finally:
            d.stop()
    finally:
        hands.stop()
    report(out, seen)


if __name__ == "__main__":
    main()
