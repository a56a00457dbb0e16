"""A batch the office refuses for good no longer blocks its station, and the office can take it later.

Over the real broker, ingest and web app. The office first runs "older software" that refuses
tallies of a product it does not know yet (a stricter check of this test, standing in for a bug or a
missing roster entry). The station keeps the refused event, records it as rejected, moves on past
it, shows "ask the teacher" and reports it in its status; the admin sees it on the quarantine page
and re-ingests it with the current software; the re-ingest is audited.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, select

from office.tables import audit_log
from office.web.app import create_app
from station.clock import SystemClock
from station.store.event_log import SqliteEventLog
from station.ui.presenters.pictures import Picture
from station.ui.presenters.trouble import Trouble, sync_troubles, view
from sync.central.ingest import Ingestor
from sync.central.tables import quarantine
from sync.central.views import station_rows
from sync.protocol import ProtocolError
from sync.protocol.events import CheckIn, CountMethod, Tally
from sync.protocol.topics import StationTopic
from tests.office_fixtures import PASSWORDS, csrf_of, seed_office
from tests.sync.conftest import FAST
from tests.sync.helpers import central_ids, enrol, wait_for

NEW_PRODUCT = "willow-basket-xl"
STATION = "bench-7"  # not a station of the seeded office


class OlderIngestor(Ingestor):
    """The office before its fix: refuses any batch with a tally of NEW_PRODUCT."""

    def _store_batch(
        self, conn: Connection, where: StationTopic, station: Any, batch: dict[str, Any], *rest: Any
    ) -> Any:
        if any(e["payload"].get("product_id") == NEW_PRODUCT for e in batch["events"]):
            raise ProtocolError(f"unknown product {NEW_PRODUCT}")
        return super()._store_batch(conn, where, station, batch, *rest)


def _quarantine_ids(conn: Connection) -> list[int]:
    return list(conn.execute(select(quarantine.c.id).order_by(quarantine.c.id)).scalars())


def test_a_refused_batch_is_kept_skipped_reported_and_reingested(
    central, central_engine: Engine, make_station
) -> None:
    enrol(central_engine, [STATION], products_=("bead-stringing", NEW_PRODUCT))  # registered, on the roster
    central.ingestor = OlderIngestor(central_engine)
    sync, db = make_station(STATION, tuning=replace(FAST, batch_events=1))
    log, now = SqliteEventLog(db, STATION), SystemClock().now
    log.append([CheckIn("w01")], now())
    refused = log.append([Tally("w01", NEW_PRODUCT, 4, CountMethod.TAP)], now())[0]
    log.append([Tally("w01", "bead-stringing", 3, CountMethod.TAP)], now())
    sync.start()

    wait_for(lambda: sync.status().backlog == 0, what="the outbox moved past the refused batch")
    status = sync.status()
    assert status.rejected == 1 and status.last_acked_seq == 3
    assert [seq for _, seq in central_ids(central_engine, STATION)] == [1, 3]
    assert log.get(refused.event_id) == refused  # kept on the station
    shown = sync_troubles(status.backlog, status.last_ack_wall, 0.0, 1.0, rejected=status.rejected)
    # The supervisor sees "ask the teacher" (issue #16); workers see no sync state at all (issue #12, item 6).
    rejected = view(Trouble.SYNC_REJECTED)
    assert shown == {Trouble.SYNC_REJECTED} and rejected.picture == Picture.ASK_TEACHER and not rejected.for_workers
    wait_for(
        lambda: any(r["rejected"] == {"count": 1, "first_seq": 2} for r in station_rows(central_engine)),
        what="the station's status names the refused event",
    )

    seed_office(central_engine)
    with TestClient(create_app(central_engine, on_catalog_changed=lambda _site: None)) as web:
        token = csrf_of(web.get("/login").text)
        web.post("/login", data={"username": "admin1", "password": PASSWORDS["admin1"], "csrf": token})
        page = web.get("/quarantine")
        assert page.status_code == 200 and STATION in page.text and "0/1" in page.text
        with central_engine.connect() as conn:
            kept = _quarantine_ids(conn)  # one row per time the station sent the batch (resends happen)
        quarantine_id = kept[0]
        form = {"csrf": csrf_of(page.text)}
        answer = web.post(f"/quarantine/{quarantine_id}/reingest", data=form, headers={"referer": "/quarantine"})
        assert answer.status_code == 200 and "新存 1 条" in answer.text
        assert "1/1" in web.get("/quarantine").text and "0/1" not in web.get("/quarantine").text
        unknown = web.post("/quarantine/99999/reingest", data=form, headers={"referer": "/quarantine"})
        assert "隔离区没有第 99999 条" in unknown.text

    assert [seq for _, seq in central_ids(central_engine, STATION)] == [1, 2, 3]
    with central_engine.connect() as conn:
        assert _quarantine_ids(conn) == kept  # kept as the record, not quarantined again
        audited = conn.execute(select(audit_log.c.username, audit_log.c.action)).all()
    assert ("admin1", "quarantine.reingest") in audited
