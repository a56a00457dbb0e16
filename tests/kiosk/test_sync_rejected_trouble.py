"""Events the office refused for good show on the kiosk as "ask the teacher" until looked after."""

from __future__ import annotations

from station.ui.presenters.trouble import Trouble
from tests.kiosk.fakes import make_rig


def test_refused_events_show_the_ask_the_teacher_picture(db, station_id) -> None:
    rig = make_rig(db, station_id)
    p = rig.presenter
    p.poll_devices_now()
    assert p.view.troubles == []
    rig.sync.current.rejected = 2
    p.poll_devices_now()
    assert [(t.trouble, t.picture, t.sentence_key, t.for_workers) for t in p.view.troubles] == [
        (Trouble.SYNC_REJECTED, "ask_teacher", "trouble.sync_rejected", False)  # supervisor screens only
    ]
