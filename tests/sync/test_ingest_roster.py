"""Issue #15 item 1, ingest: tallies are stored only from registered stations and only for the
site's own workers and catalog products; anything else is quarantined whole, kept, and stored
once the office has registered the station or added the worker (the station resends it)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, select, update

from station.clock import SystemClock
from station.store.database import Database
from station.store.event_log import SqliteEventLog
from sync.central.ingest import Ingestor
from sync.central.tables import quarantine, stations
from sync.protocol.events import CheckIn, Correction, CorrectionReason, CountMethod, Tally
from sync.protocol.topics import station_topic
from tests.sync.helpers import SITE, central_count, enrol
from tests.sync.test_ingest import TOPIC, batches


def reasons(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(quarantine.c.reason).order_by(quarantine.c.id)).scalars())


def test_an_unknown_station_is_shown_unregistered_and_stored_once_registered(
    db: Database, central_engine: Engine
) -> None:
    SqliteEventLog(db, "st-new").append([Tally("w01", "bead-stringing", 100_000, CountMethod.TAP)], SystemClock().now())
    raw = batches(db, "st-new")[0].raw
    topic = station_topic(SITE, "st-new", "events")
    ingest = Ingestor(central_engine)
    outcome = ingest.handle(topic, raw)
    assert outcome.ack is not None and outcome.ack["result"] == "rejected"
    assert "not registered" in outcome.ack["reason"] and central_count(central_engine) == 0
    with central_engine.connect() as conn:
        row = conn.execute(select(stations).where(stations.c.station_id == "st-new")).one()
        kept = conn.execute(select(quarantine.c.raw, quarantine.c.station_id)).one()
    assert (row.registered, row.site) == (False, SITE)  # the office sees it, to register or not
    assert kept == (raw, "st-new")
    with central_engine.begin() as conn:
        conn.execute(update(stations).where(stations.c.station_id == "st-new").values(registered=True))
    assert ingest.handle(topic, raw).ack["result"] == "stored"  # the station's resend
    assert central_count(central_engine, "st-new") == 1


def test_a_registered_station_on_another_sites_topic_is_refused(db: Database, central_engine: Engine) -> None:
    SqliteEventLog(db, "st-1").append([CheckIn("w01")], SystemClock().now())
    raw = batches(db)[0].raw.replace(SITE.encode(), b"site-b")
    outcome = Ingestor(central_engine).handle(station_topic("site-b", "st-1", "events"), raw)
    assert outcome.ack["result"] == "rejected" and "not registered" in outcome.ack["reason"]
    assert central_count(central_engine) == 0


@pytest.mark.parametrize(
    ("payload", "missing"),
    [
        (Tally("w-other-site", "bead-stringing", 3, CountMethod.TAP), "worker w-other-site"),
        (Tally("w-nobody", "bead-stringing", 3, CountMethod.TAP), "worker w-nobody"),
        (Tally("w01", "no-such-product", 3, CountMethod.TAP), "product no-such-product"),
        (CheckIn("w-nobody"), "worker w-nobody"),
        (
            Correction(
                "0f0e0d0c-0b0a-4908-8706-050403020100",
                "w-nobody",
                "bead-stringing",
                3,
                1,
                False,
                CorrectionReason.MISCOUNT,
                "s01",
            ),
            "worker w-nobody",
        ),
    ],
)
def test_an_event_off_the_sites_roster_quarantines_the_batch_until_the_roster_has_it(
    db: Database, central_engine: Engine, payload: object, missing: str
) -> None:
    enrol(central_engine, (), site="site-b", workers_=("w-other-site",))
    good = Tally("w01", "bead-stringing", 3, CountMethod.TAP)
    SqliteEventLog(db, "st-1").append([good, payload], SystemClock().now())  # type: ignore[list-item]
    raw = batches(db)[0].raw
    ingest = Ingestor(central_engine)
    outcome = ingest.handle(TOPIC, raw)
    assert outcome.ack["result"] == "rejected" and missing in outcome.ack["reason"]
    assert central_count(central_engine) == 0  # whole batch: no hole in the station's seq
    assert reasons(central_engine) == [outcome.ack["reason"]]
    with central_engine.connect() as conn:
        assert json.loads(conn.execute(select(quarantine.c.raw)).scalar_one())["events"][1]["seq"] == 2
    enrol(central_engine, (), workers_=(missing.split()[1],), products_=(missing.split()[1],))
    assert ingest.handle(TOPIC, raw).ack["result"] == "stored"
    assert central_count(central_engine) == 2
