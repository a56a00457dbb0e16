"""A full disk on a station (SQLITE_FULL, simulated with `PRAGMA max_page_count`): the save is
refused, the worker sees the trouble picture and keeps the count on screen, nothing already saved
is lost, and saving works again once there is space."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from station.domain.errors import StorageFull
from station.ui.presenters.trouble import Trouble
from sync.protocol.events import CheckIn
from tests.kiosk.fakes import make_rig, pace


def test_a_full_disk_keeps_the_count_on_screen_and_saving_resumes_with_space(db, station_id) -> None:
    rig = make_rig(db, station_id, scale=False)
    p = rig.presenter
    p.tap_worker("w05")
    p.tap_product("bead-stringing")
    limit = {"pages": 0}  # 0: SQLite's default limit; else the database may not grow beyond it

    @event.listens_for(db.engine, "checkout")
    def _limit(dbapi_connection, _record, _proxy) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA max_page_count = {limit['pages'] or 1073741823}")

    with db.read() as conn:
        limit["pages"] = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
    with pytest.raises(StorageFull):  # fill what is left of the allowed pages
        for _ in range(2000):
            rig.log.append([CheckIn("w05", "fill")] * 20, rig.service.clock.now())
    before = rig.log.all()

    for _ in range(7):
        pace(rig)
        p.plus_one()
    pace(rig)
    assert p.save() is None
    assert [t.trouble for t in p.view.troubles] == [Trouble.DISK_FULL]
    assert p.view.troubles[0].picture == "ask_teacher" and p.view.troubles[0].sentence_key == "trouble.disk_full"
    assert p.view.count.digits == "7" and p.view.can_save  # the count stays on screen
    assert rig.log.all() == before  # nothing saved is lost, nothing half-written

    limit["pages"] = 0  # space returns
    pace(rig)
    saved = p.save()
    assert saved is not None and saved.payload.count == 7
    assert p.view.troubles == [] and rig.log.all() == [*before, saved]
