"""Visit every worker screen state at one size and DPI, in every language, and check the rules."""

from __future__ import annotations

from pathlib import Path

from tests.kiosk.ui_inner.harness import args, open_demo, report

STAFF_PANEL_DPI = 132  # supervisor panels are checked on the 7" panel (800x480 and 480x800)


def main() -> None:
    work, size, dpi, out = Path(args()[0]), args()[1], float(args()[2]), args()[3]
    from station.ui.kivy_env import parse_size

    app, d, scale = open_demo(work, parse_size(size), dpi)
    from station.ui.accessibility import check_supervisor_screen, check_worker_screen, rect

    p = app.presenter
    problems: list[str] = []
    places: dict[str, dict[str, object]] = {}
    visited: list[str] = []

    def check(state: str) -> None:
        d.frames(3)
        screen = app.screens[p.view.screen]
        where = f"{size}@{dpi:g} {p.view.language} {state}"
        visited.append(state)
        problems.extend(check_worker_screen(screen, where))
        for name, button in screen.controls.items():
            start = name.endswith(".back")
            if (start or name in ("lock", "undo")) and button.opacity and not button.disabled:
                key = "start" if start else name
                places.setdefault(key, {})[f"{p.view.language} {state}"] = list(vars(rect(button)).values())

    def check_staff(state: str) -> None:
        """Supervisor panels: 9 mm targets and no text cut off, in this language and size."""
        d.frames(3)
        visited.append(state)
        where = f"{size}@{dpi:g} {p.view.language} {state}"
        problems.extend(check_supervisor_screen(app.screens[p.view.screen], where))

    def back_to_bench() -> None:
        """The success card returns to the bench by itself after 3 s of the presenter's clock,
        which runs in real time here: on a loaded machine it may already have."""
        if p.view.screen.value == "count":
            d.tap("count.back")

    def open_pin_pad() -> None:
        """The lock gesture is four taps within 2 s on a clock that runs in real time here (the
        tour and the end-to-end test tap it); this walk checks layout, so it asks the presenter."""
        for _ in range(4):
            p.supervisor.lock_tap()
        d.frames(2)

    def tap_rects() -> list[list[float]]:
        screen = app.screens[p.view.screen]
        return [list(vars(rect(b)).values()) for b in screen.controls.values() if b.opacity]

    try:
        for language in ("zh-Hans", "zh-Hant", "en"):
            p.view.language = language
            p.supervisor.exit_supervisor()  # home, page one, in this language
            check("home")
            d.tap("home.page_next")
            check("home page 2")
            d.tap("home.page_next")
            d.tap("home.page_next")  # round to page one
            d.tap("home.worker.0")
            check("bench (assigned products)")
            d.tap("bench.product.0")
            scale.put_pieces(9, 8.6)
            check("count on the scale")
            d.tap("count.save")
            check("count saved, undo offered")
            scale.remove_all()
            scale.unplug()
            check("count, scale unplugged")
            scale.replug()
            back_to_bench()
            check("bench with undo")
            d.tap("bench.back")
            d.tap("home.page_next")
            d.tap("home.worker.0")
            d.tap("bench.more")
            check("bench page 2")
            d.tap("bench.product.1")  # seat cushion, tap-counted
            for _ in range(9):
                d.tap("count.plus_one")
            check("count by taps")
            before = tap_rects()
            d.tap("count.plus_one")
            if tap_rects() != before:
                problems.append(f"{size} {language}: buttons moved when the count went from 9 to 10")
            d.tap("count.save")
            back_to_bench()
            d.tap("bench.back")
            if dpi != STAFF_PANEL_DPI:
                continue
            open_pin_pad()
            for digit in "1234":
                d.tap(f"pin.{digit}")
            d.tap("pin.ok")
            d.until(lambda: p.view.screen.value == "supervisor", what="PIN accepted")
            for tab in ("tallies", "workers", "scale", "status", "settings"):
                d.tap(f"sup.tab.{tab}")
                check_staff(f"supervisor {tab}")
            d.tap("sup.tab.tallies")
            d.tap("sup.tallies.0.correct")
            check_staff("supervisor correcting")
            d.tap("sup.cancel")
        for key, seen in places.items():
            if len({tuple(r) for r in seen.values()}) != 1:
                problems.append(f"{size}: {key} is not in the same place on every screen: {seen}")
    finally:
        d.stop()
    report(out, {"problems": problems, "visited": visited, "places": sorted(places)})


if __name__ == "__main__":
    main()
