"""The kiosk's behaviour without a window: presenters against the real service and store."""

from __future__ import annotations

import pytest

from station.ui.presenters.gate import LockGesture, PinGate
from station.ui.presenters.kiosk import KioskRules
from station.ui.presenters.numbers import count_picture
from station.ui.presenters.trouble import Trouble
from station.ui.presenters.view import Card, ScreenName, SupervisorTab
from sync.protocol.events import CheckIn, CheckOut, Correction, CorrectionReason, CountMethod, Tally
from tests.kiosk.fakes import FakeReading, make_rig, pace


@pytest.fixture
def rig(db, station_id):
    return make_rig(db, station_id)


def kinds(rig):
    return [type(e.payload).__name__ for e in rig.log.all()]


def enter_supervisor(rig, pin="1234"):
    p = rig.presenter
    for _ in range(4):
        p.supervisor.lock_tap()
    assert p.view.screen is ScreenName.PIN
    for d in pin:
        p.supervisor.pin_digit(d)
    p.supervisor.pin_submit()


@pytest.mark.parametrize(
    ("n", "digits", "groups", "loose"),
    [
        (0, "0", 0, 0),
        (1, "1", 0, 1),
        (4, "4", 0, 4),
        (5, "5", 1, 0),
        (9, "9", 1, 4),
        (10, "10", 2, 0),
        (23, "23", 4, 3),
    ],
)
def test_every_count_is_a_numeral_and_groups_of_five(n, digits, groups, loose):
    pic = count_picture(n)
    assert (pic.digits, pic.full_groups, pic.loose) == (digits, groups, loose)
    assert all(len(group) <= 5 for group in pic.dots.split())


def test_huge_counts_cap_the_dots_not_the_numeral():
    pic = count_picture(480)
    assert pic.digits == "480" and pic.overflow and pic.full_groups == 10
    assert count_picture(None).digits == "–"


def test_four_taps_within_two_seconds_open_the_pin_pad_and_a_pause_resets():
    gesture = LockGesture()
    assert not any(gesture.tap(t) for t in (0.0, 0.5, 1.0))
    assert gesture.remaining(1.0) == 1
    assert not gesture.tap(3.5)  # the pause dropped the first three
    assert [gesture.tap(t) for t in (3.6, 3.7, 3.8)] == [False, False, True]


def test_wrong_pins_lock_out_progressively(db):
    from station.store.catalog import SqliteCatalog
    from sync.protocol.pins import verify_pin

    supervisors = SqliteCatalog(db).load().supervisors
    gate = PinGate(lambda pin, encoded: verify_pin(pin, encoded, b""))
    assert gate.check("0000", supervisors, 0).locked_for_s == 0
    assert gate.check("0000", supervisors, 1).locked_for_s == 0
    first = gate.check("0000", supervisors, 2).locked_for_s
    assert first == 30
    assert gate.check("1234", supervisors, 3).supervisor is None  # locked: even the right PIN waits
    assert gate.check("0000", supervisors, 40).locked_for_s == 60  # doubled
    assert gate.check("1234", supervisors, 200).supervisor.supervisor_id == "s01"


def test_worker_checks_in_counts_on_the_scale_and_on_taps_undoes_and_checks_out(rig):
    p = rig.presenter
    assert p.view.screen is ScreenName.HOME and len(p.view.worker_tiles) == 4
    p.tap_worker("w01")
    assert p.view.screen is ScreenName.BENCH and p.view.greeting
    assert rig.speaker.said[-1][0] == "你好，张伟"
    # w01 is assigned three products: only those show
    assert [t.key for t in p.view.product_tiles] == ["bead-stringing", "neon-stringing", "small-craft"]

    p.tap_product("bead-stringing")
    assert not p.view.tap_mode and rig.scale.piece_weight == 8.6
    p.on_reading(FakeReading(False, 100.0, 12))
    assert not p.view.can_save and p.view.count.digits == "12"
    p.save()
    assert kinds(rig) == ["CheckIn"]  # moving scale: nothing saved
    p.on_reading(FakeReading(True, 103.2, 12))
    assert p.view.can_save and p.view.stable
    pace(rig)
    event = p.save()
    assert event is not None and event.payload == Tally("w01", "bead-stringing", 12, CountMethod.SCALE, 103.2, 8.6)
    assert rig.printer.jobs == []  # the receipt waits until the undo window closes
    assert p.view.celebrating == 12 and p.view.undo_left_s == 10
    assert rig.speaker.said[-1][0] == "保存了12个。拿走收据" and "celebrate" in rig.speaker.sounds
    assert not p.view.can_save  # the scale must be emptied before the next save
    p.undo()
    assert isinstance(rig.log.all()[-1].payload, Correction) and rig.log.all()[-1].payload.void

    p.back()
    assert p.view.screen is ScreenName.BENCH
    p.more_products()
    p.tap_product("neon-stringing")
    rig.scale.armed = False
    p.on_reading(FakeReading(True, 65.0, 2))
    pace(rig)
    p.save()
    pace(rig)
    p.back()
    p.done_for_today()
    assert p.view.screen is ScreenName.BENCH and p.view.check_out_armed  # the door asks once more
    pace(rig)
    p.done_for_today()
    assert p.view.screen is ScreenName.HOME
    assert kinds(rig) == ["CheckIn", "Tally", "Correction", "Tally", "CheckOut"]
    assert rig.service.totals_today() == {("w01", "neon-stringing"): 2}


def test_tap_counting_with_plus_and_minus(db, station_id):
    rig = make_rig(db, station_id, scale=False)
    p = rig.presenter
    p.tap_worker("w05")
    # six products: two a page beside "more" (three slots, A2)
    assert len(p.view.product_tiles) == 2 and p.view.product_pages == 3
    p.tap_product("bead-stringing")
    assert p.view.tap_mode  # no scale at this station: every product is tap-counted
    p.save()
    assert kinds(rig) == ["CheckIn"]
    for _ in range(3):
        pace(rig)
        p.plus_one()
    p.minus_one()
    assert p.view.count.digits == "2" and p.view.can_save
    pace(rig)
    p.save()
    assert rig.log.all()[-1].payload == Tally("w05", "bead-stringing", 2, CountMethod.TAP)
    assert p.view.count.digits == "2" and p.view.celebrating == 2  # the saved count is celebrated
    assert p.view.card is not None and p.view.card.count == count_picture(2)  # the full-screen success card
    rig.time.now += 3
    p.tick()
    assert p.view.screen is ScreenName.BENCH and p.view.celebrating is None and p.view.card is None  # by itself
    assert p.view.today.digits == "2"
    p.tap_product("bead-stringing")
    pace(rig)
    p.save()
    p.plus_one()
    assert p.view.count.digits == "1"


def test_a_count_above_the_ceiling_shows_a_picture_and_saves_nothing(rig):
    p = rig.presenter
    p.tap_worker("w01")
    p.tap_product("bead-stringing")
    p.on_reading(FakeReading(True, 9000.0, 1000))
    assert p.save() is None
    assert [t.trouble for t in p.view.troubles] == [Trouble.TOO_MANY]
    assert kinds(rig) == ["CheckIn"]


def test_undo_disappears_after_its_time(rig):
    p = rig.presenter
    p.tap_worker("w05")
    p.tap_product("willow-weaving")
    p.plus_one()
    p.save()
    rig.time.now += 4
    p.tick()
    assert p.view.undo_left_s == 6
    rig.time.now += 7
    p.tick()
    assert p.view.undo_left_s == 0
    p.undo()
    assert kinds(rig) == ["CheckIn", "Tally"]


def test_idle_returns_home_and_the_worker_stays_checked_in(db, station_id):
    rig = make_rig(db, station_id, rules=KioskRules(idle_s=30))
    p = rig.presenter
    p.tap_worker("w02")
    p.tap_product("neon-stringing")
    rig.time.now += 29
    p.tick()
    assert p.view.screen is ScreenName.COUNT
    rig.time.now += 2
    p.tick()
    assert p.view.screen is ScreenName.HOME
    assert "w02" in rig.service.checked_in_now()
    assert next(t for t in p.view.worker_tiles if t.key == "w02").marked


def test_a_new_roster_from_the_office_shows_at_once(rig, db):
    from dataclasses import replace

    from station.store.catalog import SqliteCatalog

    catalog = SqliteCatalog(db)
    old = catalog.load()
    catalog.replace(replace(old, workers=old.workers[1:]))
    rig.presenter.catalog_changed()
    assert rig.presenter.view.worker_tiles[0].key == "w02" and rig.presenter.view.pages == 3


def test_badge_checks_in_and_an_unknown_badge_shows_a_picture(rig):
    p = rig.presenter
    p.badge("nonsense")
    assert p.view.card == Card("pictograms/worker_unknown.png", "pictograms/ask_teacher.png") and kinds(rig) == []
    assert rig.speaker.said[-1][0] == "请找老师"
    p.badge("0000004712\n")
    assert p.view.worker_id == "w01" and rig.log.all()[0].payload == CheckIn("w01", "badge")


def test_device_trouble_becomes_pictures(rig):
    p = rig.presenter
    p.tap_worker("w01")
    p.tap_product("bead-stringing")
    p.on_reading(FakeReading(False, None, None, status="disconnected"))
    assert [t.picture for t in p.view.troubles] == ["scale_unplugged"]
    p.on_reading(FakeReading(False, 50.0, 5))
    rig.time.now += 9
    p.on_reading(FakeReading(False, 51.0, 5))
    assert [t.trouble for t in p.view.troubles] == [Trouble.SCALE_UNSTABLE]
    rig.printer.state = "paper_out"
    rig.sync.current.backlog = 5
    rig.wall.now += 7 * 3600
    p.poll_devices_now()
    assert {t.picture for t in p.view.troubles} == {"scale_unsteady_long", "paper_out", "ask_teacher"}
    assert [t.trouble for t in p.view.troubles if not t.for_workers] == [Trouble.SYNC_STALE]
    assert all(t.sentence_key.startswith("trouble.") for t in p.view.troubles)


def test_supervisor_corrects_voids_reprints_and_checks_out(rig):
    p = rig.presenter
    p.tap_worker("w05")
    p.tap_product("willow-weaving")
    for _ in range(3):
        pace(rig)
        p.plus_one()
    first = p.save()
    pace(rig)
    p.plus_one()
    second = p.save()
    p.back()
    pace(rig)
    p.back()
    enter_supervisor(rig)
    assert p.view.screen is ScreenName.SUPERVISOR and p.view.supervisor.name == "马老师"
    assert [r.key for r in p.view.supervisor.rows] == [second.event_id, first.event_id]
    p.supervisor.select_tally(first.event_id, "correct")
    p.supervisor.adjust_count(-1)
    p.supervisor.pick_reason(CorrectionReason.DEFECTIVE)
    p.supervisor.select_tally(second.event_id, "void")
    p.supervisor.pick_reason("duplicate")
    p.supervisor.reprint(first.event_id)
    p.supervisor.show_tab(SupervisorTab.WORKERS)
    assert [r.key for r in p.view.supervisor.rows] == ["w05"]
    p.supervisor.check_out_worker("w05")
    events = rig.log.all()
    fix, void, out = (e.payload for e in events[-3:])
    assert (fix.new_count, fix.reason, fix.supervisor_id) == (2, CorrectionReason.DEFECTIVE, "s01")
    assert void.void and void.reason is CorrectionReason.DUPLICATE
    assert out == CheckOut("w05", "supervisor", "s01")
    assert rig.printer.jobs[-1] == (first.event_id, True)
    assert rig.service.totals_today() == {("w05", "willow-weaving"): 2}


def test_supervisor_learns_piece_weight_tares_and_sees_status(rig):
    p = rig.presenter
    enter_supervisor(rig, "2468")
    p.supervisor.show_tab(SupervisorTab.SCALE)
    assert p.view.supervisor.learn_product == "bead-stringing"
    p.on_reading(FakeReading(False, 90.0, None))
    assert p.supervisor.learn_piece_weight() is None
    p.on_reading(FakeReading(True, 0.5, None))
    assert p.supervisor.learn_piece_weight() is None  # ten pieces of 0.05 g: too light to learn from
    assert p.view.supervisor.message == "样品太少或太轻：请多放一些，再学习"
    p.on_reading(FakeReading(True, 91.0, None))
    assert p.supervisor.learn_piece_weight() == 9.1
    p.supervisor.tare()
    p.supervisor.zero()
    assert rig.scale.commands == ["tare", "zero"]
    p.supervisor.show_tab(SupervisorTab.STATUS)
    assert any("roster 1" in line for line in p.view.supervisor.status_lines)
    p.supervisor.exit_supervisor()
    p.tap_worker("w01")
    p.tap_product("bead-stringing")
    assert rig.scale.piece_weight == 9.1  # the learned weight is used from now on


def test_wrong_pin_stays_on_the_pad_and_the_session_times_out(rig):
    p = rig.presenter
    enter_supervisor(rig, "9999")
    assert p.view.screen is ScreenName.PIN and p.view.pin_message == "密码不对"
    p.supervisor.pin_digit("1")
    p.supervisor.pin_digit("2")
    p.supervisor.pin_clear()
    for d in "1357":
        p.supervisor.pin_digit(d)
    p.supervisor.pin_submit()
    assert p.view.screen is ScreenName.SUPERVISOR
    rig.time.now += 105
    p.tick()
    assert p.view.supervisor.session_left_s == 15
    p.supervisor.show_tab(SupervisorTab.STATUS)  # a touch extends the session
    rig.time.now += 100
    p.tick()
    assert p.view.screen is ScreenName.SUPERVISOR
    rig.time.now += 21
    p.tick()
    assert p.view.screen is ScreenName.HOME and p.supervisor.supervisor_id is None


def test_language_and_mute_switch(rig):
    p = rig.presenter
    enter_supervisor(rig)
    p.supervisor.show_tab(SupervisorTab.SETTINGS)
    p.supervisor.set_language("en")
    p.supervisor.toggle_mute()
    assert rig.speaker.muted and p.view.muted
    p.supervisor.exit_supervisor()
    assert p.view.title == "Tap your photo"
    p.tap_worker("w12")
    assert rig.speaker.said[-1] == ("Hello, 孙婷", "en")


def test_the_pin_is_checked_off_the_ui_thread_and_answers_later(rig):
    waiting = []
    rig.presenter.deps.background = lambda work, done: waiting.append((work, done))
    p = rig.presenter
    for _ in range(4):
        p.supervisor.lock_tap()
    for d in "1234":
        p.supervisor.pin_digit(d)
    p.supervisor.pin_submit()
    p.supervisor.pin_submit()  # a second tap while checking does nothing
    assert p.view.pin_checking and p.view.screen is ScreenName.PIN and len(waiting) == 1
    work, done = waiting.pop()
    done(work())
    assert not p.view.pin_checking and p.view.screen is ScreenName.SUPERVISOR
    p.supervisor.exit_supervisor()
    for _ in range(4):
        p.supervisor.lock_tap()
    p.supervisor.pin_digit("1")
    p.supervisor.pin_submit()
    p.back()  # the pad is left before the answer comes
    work, done = waiting.pop()
    done(work())
    assert p.view.screen is ScreenName.HOME and p.supervisor.supervisor_id is None
