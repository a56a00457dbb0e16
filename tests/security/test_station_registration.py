"""Issue #15 item 1: a station is registered by the office (CLI or dashboard), never by its own
first message; the ingest shows an unknown station to the office and stores nothing from it."""

from __future__ import annotations

import json

from sqlalchemy import select

from office.cli import main
from office.db import open_office
from office.tables import audit_log
from station.clock import SystemClock
from station.store.event_log import SqliteEventLog
from sync.central.ingest import Ingestor
from sync.central.tables import stations
from sync.protocol.events import CountMethod, Tally
from sync.protocol.topics import station_topic
from tests.office_fixtures import SITE, csrf_of
from tests.sync.helpers import central_count
from tests.sync.test_ingest import batches
from tests.test_office_web import login, office  # noqa: F401  (the fixture)


def registered(engine, station_id: str) -> bool | None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(select(stations.c.registered).where(stations.c.station_id == station_id)).scalar()


def test_add_station_registers_once_and_refuses_bad_input(central_url, capsys) -> None:  # type: ignore[no-untyped-def]
    add = ["add-station", "--db", central_url, "--site", SITE, "--station"]
    assert main([*add, "st-new"]) == 0
    assert main([*add, "st-new", "--lang", "en"]) == 0
    assert "already registered" in capsys.readouterr().out
    assert main([*add, "../st"]) == 2
    assert main(["add-station", "--db", central_url, "--site", "site-b", "--station", "st-new"]) == 2
    assert "st-new" in capsys.readouterr().err.splitlines()[-1]
    engine = open_office(central_url)
    try:
        assert registered(engine, "st-new") is True
        with engine.connect() as conn:
            actions = conn.execute(select(audit_log.c.action, audit_log.c.username)).all()
        assert actions == [("station.register", "cli")]
    finally:
        engine.dispose()


def test_the_dashboard_shows_a_station_the_ingest_met_and_an_admin_registers_it(office, db) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    SqliteEventLog(db, "st-new").append([Tally("w01", "bead-stringing", 5, CountMethod.TAP)], SystemClock().now())
    raw = batches(db, "st-new")[0].raw
    topic = station_topic(SITE, "st-new", "events")
    ingest = Ingestor(office.engine)
    assert ingest.handle(topic, raw).ack["result"] == "rejected"
    assert registered(office.engine, "st-new") is False

    login(office, "clerk1")
    page = office.get("/").text
    assert "st-new" in page and "未登记" in page and 'action="/stations/register"' not in page
    form = {"site": SITE, "station_id": "st-new", "csrf": csrf_of(page)}
    assert office.post("/stations/register", data=form).status_code == 403
    office.post("/logout", data={"csrf": csrf_of(page)})

    login(office, "admin1")
    page = office.get("/").text
    assert 'action="/stations/register"' in page
    form = {"site": SITE, "station_id": "st-new"}
    assert office.post("/stations/register", data=form).status_code == 403  # no CSRF token
    assert registered(office.engine, "st-new") is False
    answer = office.post("/stations/register", data={**form, "csrf": csrf_of(page)}, follow_redirects=False)
    assert answer.status_code == 303 and registered(office.engine, "st-new") is True
    with office.engine.connect() as conn:
        entry = conn.execute(select(audit_log).where(audit_log.c.action == "station.register")).one()
    assert entry.username == "admin1" and json.loads(entry.detail)["station_id"] == "st-new"
    assert central_count(office.engine, "st-new") == 1  # its quarantined batch, re-ingested on registering
    assert ingest.handle(topic, raw).ack["result"] == "stored"  # a resend is a duplicate
    assert central_count(office.engine, "st-new") == 1
