"""Issue #12 through the presenters: one tick, success card, a picture and a sentence for every
state, the "ask the teacher" card, confirmed check-out, the daily goal and "say it again"."""

from __future__ import annotations

import dataclasses

import pytest

from station.store.catalog import SqliteCatalog
from station.ui.presenters.numbers import count_picture
from station.ui.presenters.pictures import Picture
from station.ui.presenters.trouble import Trouble
from station.ui.presenters.view import Card, CountState, ScreenName
from sync.protocol.roster import worker_from_document, worker_to_document
from tests.kiosk.fakes import FakeReading, make_rig, pace


@pytest.fixture
def rig(db, station_id):
    return make_rig(db, station_id)


def on_the_scale(rig):
    p = rig.presenter
    p.tap_worker("w01")
    p.tap_product("bead-stringing")
    return p


def said(rig):
    return rig.speaker.said[-1][0]


def test_the_steady_sign_is_not_a_tick_and_the_tick_pulses_only_when_saving_is_allowed(rig):
    p = on_the_scale(rig)
    p.on_reading(FakeReading(True, 0.0, 0))
    assert p.view.state is CountState.EMPTY and p.view.state_picture == Picture.SCALE and not p.view.can_save
    p.on_reading(FakeReading(False, 60.0, 7))
    assert p.view.state_picture == Picture.SCALE_MOVING
    p.tick()
    assert not p.view.save_pulse  # nothing to save: the tick stays dim and still
    p.on_reading(FakeReading(True, 60.2, 7))
    assert p.view.state is CountState.STEADY and p.view.state_picture == Picture.SCALE_STEADY != Picture.SAVE
    pulses = []
    for _ in range(4):
        rig.time.now += 0.25
        p.tick()
        pulses.append(p.view.save_pulse)
    assert pulses == [True, False, True, False]


def test_saving_shows_a_success_card_then_the_bench_by_itself(rig):
    p = on_the_scale(rig)
    p.on_reading(FakeReading(True, 60.2, 7))
    pace(rig)
    p.save()
    product = p.view.product_image
    assert p.view.card == Card(product, Picture.TAKE_RECEIPT.file, count_picture(7))
    assert said(rig) == "保存了7个。拿走收据"
    rig.time.now += 3.1
    p.tick()
    assert p.view.screen is ScreenName.BENCH and p.view.card is None and p.view.undo_left_s > 0
    assert 0 < p.view.undo_ring < 1  # the undo window drains as a ring


def test_every_count_state_has_its_picture_and_says_what_to_do(rig):
    p = on_the_scale(rig)
    p.on_reading(FakeReading(True, 38.7, None))  # 4.5 pieces
    assert p.view.state is CountState.NOT_WHOLE and p.view.state_picture == Picture.CHECK_PIECES
    assert said(rig) == "数量不对。看一看，或找老师"
    p.on_reading(FakeReading(True, 60.2, 7))
    pace(rig)
    p.save()
    rig.time.now += 3.1
    p.tick()  # back on the bench, the pile still on the pan
    pace(rig)
    p.tap_product("bead-stringing")
    assert p.view.state is CountState.TAKE_OFF and p.view.state_picture == Picture.TAKE_OFF
    assert said(rig) == "请拿下来"  # said on arriving, not only after a refused tap
    pace(rig)
    p.save()
    assert said(rig) == "请拿下来"


def test_undo_from_the_bench_reopens_the_count_and_says_what_to_do(db, station_id):
    rig = make_rig(db, station_id, scale=False)
    p = rig.presenter
    p.tap_worker("w05")
    p.tap_product("willow-weaving")
    pace(rig)
    p.plus_one()
    pace(rig)
    p.save()
    pace(rig)
    p.back()
    assert p.view.screen is ScreenName.BENCH
    pace(rig)
    p.undo()
    assert p.view.screen is ScreenName.COUNT and p.view.product_id == "willow-weaving"
    assert said(rig) == "撤回了。重新点加一"


def test_trouble_a_worker_can_see_gets_the_ask_the_teacher_card_and_is_said(rig):
    p = on_the_scale(rig)
    p.on_reading(FakeReading(False, None, None, status="disconnected"))
    assert p.view.card == Card(Picture.SCALE_UNPLUGGED.file, Picture.ASK_TEACHER.file)
    assert said(rig) == "秤没有连好。请找老师" and p.view.state is CountState.SCALE_TROUBLE
    assert p.view.state_picture == Picture.SCALE_UNPLUGGED
    rig.time.now += 5
    p.tick()
    assert p.view.card is None  # the card goes; the picture stays in the top bar
    p.on_reading(FakeReading(True, -40.0, None))
    assert [t.trouble for t in p.view.troubles] == [Trouble.SCALE_BELOW_ZERO]  # not "too heavy"
    assert p.view.state_picture == Picture.SCALE_BELOW_ZERO
    p.on_reading(FakeReading(False, None, None, status="overload"))
    assert [t.picture for t in p.view.troubles] == [Picture.SCALE_OVERLOAD]


def test_sync_trouble_is_for_supervisors_only(rig):
    p = rig.presenter
    p.tap_worker("w01")
    rig.sync.current.backlog = 5
    rig.wall.now += 7 * 3600
    p.poll_devices_now()
    assert [(t.trouble, t.for_workers) for t in p.view.troubles] == [(Trouble.SYNC_STALE, False)]
    assert p.view.card is None  # nothing shown or said to the worker


def test_checking_out_needs_a_second_tap_on_the_waving_door(rig):
    p = rig.presenter
    p.tap_worker("w01")
    pace(rig)
    p.done_for_today()
    assert p.view.check_out_armed and p.view.screen is ScreenName.BENCH
    assert said(rig) == "今天做完了吗？再点一下门"
    rig.time.now += 6
    p.tick()
    assert not p.view.check_out_armed  # unanswered: the door goes back to asking
    pace(rig)
    p.done_for_today()
    pace(rig)
    p.done_for_today()
    assert p.view.screen is ScreenName.HOME
    assert [type(e.payload).__name__ for e in rig.log.all()] == ["CheckIn", "CheckOut"]


def test_the_bench_offers_three_product_places_at_most(db, station_id):
    rig = make_rig(db, station_id, scale=False)
    p = rig.presenter
    p.tap_worker("w01")  # three products: all three, no "more"
    assert len(p.view.product_tiles) == 3 and p.view.product_pages == 1
    pace(rig)
    p.back()
    p.page_next()
    p.tap_worker("w05")  # six products: two and "more"
    assert len(p.view.product_tiles) == 2 and p.view.product_pages == 3


def test_the_daily_goal_comes_from_the_roster_fills_and_is_celebrated(db, station_id):
    catalog = SqliteCatalog(db)
    old = catalog.load()
    workers = tuple(dataclasses.replace(w, daily_goal=3) if w.worker_id == "w05" else w for w in old.workers)
    catalog.replace(dataclasses.replace(old, workers=workers))
    assert catalog.worker("w05").daily_goal == 3 and catalog.worker("w01").daily_goal is None
    rig = make_rig(db, station_id, scale=False)
    p = rig.presenter
    p.tap_worker("w05")
    assert p.view.goal.goal == 3 and p.view.goal.fraction == 0
    p.tap_product("willow-weaving")
    for _ in range(3):
        pace(rig)
        p.plus_one()
    pace(rig)
    p.save()
    rig.time.now += 3.1
    p.tick()
    assert p.view.screen is ScreenName.BENCH and p.view.goal.reached and p.view.goal.fraction == 1
    assert said(rig) == "太棒了！今天的目标完成了"
    assert p.view.today == count_picture(3)


def test_daily_goal_is_optional_and_at_least_one_in_the_roster():
    base = worker_to_document(worker_from_document(_worker_document()))
    assert base["daily_goal"] is None
    assert worker_from_document({**_worker_document(), "daily_goal": 40}).daily_goal == 40
    from sync.protocol.errors import ProtocolError

    with pytest.raises(ProtocolError, match="daily_goal"):
        worker_from_document({**_worker_document(), "daily_goal": 0})


def _worker_document():
    return {
        "worker_id": "w01",
        "name": "张伟",
        "photo": "",
        "language": "zh-Hans",
        "active": True,
        "badge": None,
        "product_ids": [],
    }


def test_say_it_again_repeats_the_last_sentence_in_the_workers_language(rig):
    p = on_the_scale(rig)
    p.on_reading(FakeReading(True, 38.7, None))
    last = rig.speaker.said[-1]
    pace(rig)
    p.say_again()
    assert rig.speaker.said[-1] == last and p.view.say_again


def test_say_it_again_on_a_fresh_kiosk_says_what_the_screen_asks(rig):
    rig.presenter.say_again()
    assert said(rig) == "点你的照片"
