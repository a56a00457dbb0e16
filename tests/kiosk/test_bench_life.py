"""Issue #12: idle never loses a count, receipts wait for undo, taps have a cooldown, the PIN answer stays."""

from __future__ import annotations

import pytest

from station.ui.presenters.kiosk import KioskRules
from station.ui.presenters.view import ScreenName
from sync.protocol.events import CountMethod, Tally
from tests.kiosk.fakes import FakeReading, make_rig


@pytest.fixture
def rig(db, station_id):
    return make_rig(db, station_id)


def pace(rig):
    rig.time.now += 0.5


def test_idle_keeps_an_unsaved_tap_count_and_reminds(db, station_id):
    rig = make_rig(db, station_id, scale=False, rules=KioskRules(idle_s=60))
    p = rig.presenter
    p.tap_worker("w05")
    p.tap_product("willow-weaving")
    for _ in range(4):
        pace(rig)
        p.plus_one()
    rig.time.now += 61
    p.tick()
    assert p.view.screen is ScreenName.COUNT and p.view.count.digits == "4"
    assert p.view.idle_left_s == 0  # no ring: the kiosk is not going anywhere
    assert rig.speaker.said[-1][0] == "还没保存，点绿色的勾"
    pace(rig)
    p.save()
    assert rig.log.all()[-1].payload == Tally("w05", "willow-weaving", 4, CountMethod.TAP)


def test_scale_changes_are_activity_and_pieces_on_the_pan_are_kept(rig):
    p = rig.presenter
    p.tap_worker("w01")
    p.tap_product("bead-stringing")
    for n in range(1, 7):  # pieces go on one by one, ten seconds apart: nobody touches the screen
        rig.time.now += 10
        p.on_reading(FakeReading(True, 8.6 * n, n))
        p.tick()
    assert p.view.screen is ScreenName.COUNT and p.view.idle_left_s == 0
    rig.time.now += 120
    p.tick()
    assert p.view.screen is ScreenName.COUNT and p.view.count.digits == "6"  # 5 ✔ stays, ready to save
    p.save()
    assert rig.log.all()[-1].payload.count == 6


def test_idle_warns_with_a_draining_ring_then_goes_home(db, station_id):
    rig = make_rig(db, station_id, rules=KioskRules(idle_s=60))
    p = rig.presenter
    p.tap_worker("w02")
    rig.time.now += 39
    p.tick()
    assert p.view.idle_left_s == 0 and p.view.idle_ring == 0
    rig.time.now += 2
    p.tick()
    assert p.view.idle_left_s == 19 and 0.9 < p.view.idle_ring < 1
    assert rig.speaker.said[-1][0] == "还在吗？点一下屏幕" and rig.speaker.sounds[-1] == "attention"
    said = len(rig.speaker.said)
    rig.time.now += 10
    p.tick()
    assert p.view.idle_left_s == 9 and len(rig.speaker.said) == said  # spoken once
    p.more_products()  # a touch: the warning goes away
    assert p.view.idle_left_s == 9  # shown until the next tick
    p.tick()
    assert p.view.idle_left_s == 0 and p.view.screen is ScreenName.BENCH
    rig.time.now += 61
    p.tick()
    assert p.view.screen is ScreenName.HOME and p.view.idle_ring == 0


def test_the_receipt_waits_for_the_undo_window_and_an_undone_count_gets_none(db, station_id):
    rig = make_rig(db, station_id, scale=False)
    p = rig.presenter
    p.tap_worker("w05")
    p.tap_product("willow-weaving")
    p.plus_one()
    undone = p.save()
    pace(rig)
    p.undo()
    pace(rig)
    p.plus_one()
    pace(rig)
    kept = p.save()
    assert rig.printer.jobs == []
    rig.time.now += 11
    p.tick()
    assert rig.printer.jobs == [(kept.event_id, False)]
    pace(rig)
    p.plus_one()
    pace(rig)
    last = p.save()
    pace(rig)
    p.back()
    p.done_for_today()  # leaving closes the window: its receipt prints now
    assert rig.printer.jobs == [(kept.event_id, False), (last.event_id, False)]
    assert undone.event_id not in [job for job, _ in rig.printer.jobs]


def test_a_second_save_closes_the_first_window_and_prints_its_receipt(db, station_id):
    rig = make_rig(db, station_id, scale=False)
    p = rig.presenter
    p.tap_worker("w05")
    p.tap_product("willow-weaving")
    p.plus_one()
    first = p.save()
    pace(rig)
    p.plus_one()
    pace(rig)
    p.save()
    assert rig.printer.jobs == [(first.event_id, False)]


def test_a_double_tap_counts_once_and_a_double_back_goes_one_step(db, station_id):
    rig = make_rig(db, station_id, scale=False, rules=KioskRules(tap_cooldown_s=0.3))
    p = rig.presenter
    p.tap_worker("w05")
    p.tap_product("willow-weaving")
    p.plus_one()
    rig.time.now += 0.05
    p.plus_one()
    assert p.view.count.digits == "1"
    rig.time.now += 0.3
    p.plus_one()
    assert p.view.count.digits == "2"
    p.back()
    rig.time.now += 0.05
    p.back()
    assert p.view.screen is ScreenName.BENCH


def test_the_cooldown_comes_from_the_kiosk_settings():
    from station.app.settings import KioskSettings

    assert KioskSettings().tap_cooldown_ms == 300
    assert KioskSettings(tap_cooldown_ms=0).tap_cooldown_ms == 0


def test_wrong_pin_stays_on_the_pad_until_the_next_digit(rig):
    p = rig.presenter
    for _ in range(4):
        p.supervisor.lock_tap()
    for d in "0000":
        p.supervisor.pin_digit(d)
    p.supervisor.pin_submit()
    assert p.view.pin_message
    for _ in range(5):
        rig.time.now += 1
        p.tick()
    assert p.view.pin_message  # the answer does not vanish on the next tick
    p.supervisor.pin_digit("1")
    assert p.view.pin_message == ""


def test_a_refused_tick_says_what_to_do_and_undo_says_the_next_step(rig):
    p = rig.presenter
    p.tap_worker("w01")
    p.tap_product("bead-stringing")
    p.on_reading(FakeReading(True, 103.2, 12))
    p.save()
    rig.time.now += 3
    p.tick()
    pace(rig)
    p.save()  # the twelve just saved are still on the pan
    assert rig.speaker.said[-1][0] == "请拿下来"
    p.on_reading(FakeReading(True, 0.0, 0))
    rig.scale.armed = False  # the scale allows the next save once the pan was emptied
    p.on_reading(FakeReading(False, 50.0, 5))
    pace(rig)
    p.save()
    assert rig.speaker.said[-1][0] == "请等一下"


def test_after_undo_the_worker_hears_what_to_do_next(db, station_id):
    rig = make_rig(db, station_id, scale=False)
    p = rig.presenter
    p.tap_worker("w05")
    p.tap_product("willow-weaving")
    p.plus_one()
    p.save()
    pace(rig)
    p.undo()
    assert rig.speaker.said[-1][0] == "撤回了。重新点加一"


def test_the_kiosk_speaks_the_language_of_the_worker_at_the_bench(db, station_id):
    import dataclasses

    from station.store.catalog import SqliteCatalog
    from sync.demo import demo_catalog

    catalog = demo_catalog()
    workers = tuple(dataclasses.replace(w, language="en") if w.worker_id == "w05" else w for w in catalog.workers)
    SqliteCatalog(db).replace(dataclasses.replace(catalog, workers=workers))
    rig = make_rig(db, station_id, scale=False)
    p = rig.presenter
    p.tap_worker("w05")
    assert rig.speaker.said[-1][1] == "en" and rig.speaker.said[-1][0].startswith("Hello")
    p.tap_product("willow-weaving")
    p.plus_one()
    assert rig.speaker.said[-1] == ("1", "en")
    assert p.view.title == "点加一"  # the screen stays in the station's language
    pace(rig)
    p.back()
    pace(rig)
    p.done_for_today()
    assert rig.speaker.said[-1][0] == "Done for today? Tap the door again"
    pace(rig)
    p.done_for_today()
    assert rig.speaker.said[-1][0].startswith("Goodbye")
    p.tap_worker("w01")
    assert rig.speaker.said[-1] == ("你好，张伟", "zh-Hans")
