"""A day at the bench, through the real window: check in, scale and tap tallies, undo,
a supervisor's correction, badge check-in, check out. Writes what it saw to a JSON file."""

from __future__ import annotations

from pathlib import Path

from tests.kiosk.ui_inner.harness import args, open_demo, report


def main() -> None:
    work, out = Path(args()[0]), args()[1]
    app, d, scale = open_demo(work, (800, 480), 132, sounds=True, real_devices=True)
    p = app.presenter
    seen: dict[str, object] = {}
    try:
        d.tap("home.page_next")
        d.tap("home.worker.0")  # w05
        seen["greeting"] = p.view.greeting and p.view.worker_id
        d.tap("bench.product.0")  # bead stringing, counted on the scale
        scale.put_pieces(12, 8.6)
        d.until(lambda: p.view.can_save and p.view.count.digits == "12", what="steady 12 on the PTY scale")
        seen["numeral_on_screen"] = app.screens[p.view.screen].count.numeral.text
        d.tap("count.save")
        d.until(lambda: p.view.undo_left_s > 0, what="undo offered")
        seen["save_refused_until_emptied"] = not app.station.scale.save_allowed()
        app.clock.advance(3)  # the success card ends on the bench by itself
        d.until(lambda: p.view.screen.value == "bench", what="back on the bench")
        d.tap("bench.product.0")
        scale.remove_all()
        d.until(lambda: p.view.count.digits == "0", what="empty pan")
        scale.put_pieces(5, 8.6)
        d.until(lambda: p.view.can_save and p.view.count.digits == "5", what="steady 5")
        d.tap("count.save")
        d.tap("undo")
        seen["undo_gone"] = p.view.undo_left_s == 0
        d.tap("count.back")
        d.tap("bench.more")
        d.tap("bench.more")
        d.tap("bench.product.1")  # willow weaving, tap-counted
        for _ in range(3):
            d.tap("count.plus_one")
        d.tap("count.minus_one")
        d.tap("count.save")
        d.tap("count.back")
        d.tap("bench.back")
        d.key("0000004713")  # w02's badge, typed by the USB reader
        seen["badge_worker"] = p.view.worker_id
        d.tap("bench.back")
        for _ in range(4):
            d.tap("lock")
        for digit in "1234":
            d.tap(f"pin.{digit}")
        d.tap("pin.ok")
        d.until(lambda: p.view.screen.value == "supervisor", what="PIN accepted")
        seen["supervisor"] = p.view.supervisor.name
        d.tap("sup.tallies.0.correct")  # the newest tally: willow 2
        d.tap("sup.delta.1")
        d.tap("sup.reason.miscount")
        d.tap("sup.exit")
        d.tap("home.page_next")
        d.tap("home.worker.0")
        d.tap("bench.done")
        d.tap("bench.done")  # the second tap, on the waving door, checks out
        seen["screen_after_checkout"] = p.view.screen.value
        d.until(lambda: app.station.speaker.idle(), what="speech drained")
        d.until(lambda: app.station.printer.pending() == 0, what="every slip printed")
    finally:
        d.stop()
    report(out, seen)


if __name__ == "__main__":
    main()
