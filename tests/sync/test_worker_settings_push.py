"""A worker's daily goal and speech rate, set in the office's worker form, reach the station's catalog
through the published config (issue 12, items 8 and 13)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from office import roster
from office.config_push import build_documents, publish_config
from office.demo.seed import seed_demo
from office.payroll.errors import RosterError
from station.store.catalog import SqliteCatalog
from tests.fixtures.mosquitto import Mosquitto
from tests.sync.helpers import SITE, wait_for


def _edit(engine: Engine, **fields: str) -> None:
    with engine.begin() as conn:
        roster.save_worker(conn, {"mode": "edit", "worker_id": "w01", **fields}, "admin")


def test_goal_and_speech_rate_set_in_the_office_reach_the_station(
    central, central_engine: Engine, make_station, mosquitto: Mosquitto
) -> None:
    seed_demo(central_engine, SITE)
    _edit(central_engine, daily_goal="40", speech_rate="110")
    with central_engine.connect() as conn:
        published = {w["worker_id"]: w for w in build_documents(conn, SITE)["roster"]}
    assert (published["w01"]["daily_goal"], published["w01"]["speech_rate"]) == (40, 110)
    assert (published["w02"]["daily_goal"], published["w02"]["speech_rate"]) == (None, None)

    publish_config(central_engine, mosquitto.url, SITE)
    sync, db = make_station("st-1")
    sync.start()
    wait_for(lambda: sync.status().config_versions.get("roster") == 1, what="roster v1 applied")
    w01, w02 = SqliteCatalog(db).worker("w01"), SqliteCatalog(db).worker("w02")
    assert w01 is not None and (w01.daily_goal, w01.speech_rate) == (40, 110)
    assert w02 is not None and (w02.daily_goal, w02.speech_rate) == (None, None)

    # Blank clears the goal again; the station follows with the next roster version.
    _edit(central_engine, daily_goal="", speech_rate="110")
    assert publish_config(central_engine, mosquitto.url, SITE)["roster"] == 2
    wait_for(lambda: sync.status().config_versions.get("roster") == 2, what="roster v2 applied")
    w01 = SqliteCatalog(db).worker("w01")
    assert w01 is not None and (w01.daily_goal, w01.speech_rate) == (None, 110)


@pytest.mark.parametrize(("field", "value"), [("daily_goal", "0"), ("daily_goal", "ten"), ("speech_rate", "500")])
def test_a_goal_or_rate_out_of_range_is_refused_in_one_sentence(
    central_engine: Engine, field: str, value: str
) -> None:
    seed_demo(central_engine, SITE)
    with pytest.raises(RosterError) as refused:
        _edit(central_engine, **{field: value})
    assert refused.value.key == f"{field}_not_valid"
    assert f"“{value}”不行" in refused.value.message("zh-Hans")
