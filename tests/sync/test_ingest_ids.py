"""Issue #15 item 7 on the ingest side: an unsafe worker, product or supervisor id never gets stored."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, select

from station.clock import SystemClock
from station.store.database import Database
from station.store.event_log import SqliteEventLog
from sync.central.ingest import Ingestor
from sync.central.tables import quarantine
from sync.protocol.events import CheckOut, CountMethod, Tally
from tests.sync.helpers import central_count
from tests.sync.test_ingest import TOPIC, batches

UNSAFE = ["../../../../var/zipslip", "a/b", "w 01", "w01\x00", "=cmd|' /C calc'!A0", "x" * 65, ""]


@pytest.mark.parametrize("bad", UNSAFE)
@pytest.mark.parametrize("field", ["worker_id", "product_id", "supervisor_id"])
def test_a_batch_naming_an_unsafe_id_is_quarantined_whole(
    db: Database, central_engine: Engine, bad: str, field: str
) -> None:
    payload = {
        "worker_id": Tally(bad, "bead", 3, CountMethod.TAP),
        "product_id": Tally("w01", bad, 3, CountMethod.TAP),
        "supervisor_id": CheckOut("w01", "supervisor", bad),
    }[field]
    SqliteEventLog(db, "st-1").append([Tally("w01", "bead", 1, CountMethod.TAP), payload], SystemClock().now())
    raw = batches(db)[0].raw
    outcome = Ingestor(central_engine).handle(TOPIC, raw)
    assert outcome.ack is not None and outcome.ack["result"] == "rejected" and field in outcome.ack["reason"]
    assert central_count(central_engine) == 0
    with central_engine.connect() as conn:
        kept = conn.execute(select(quarantine.c.raw)).scalar_one()
    assert json.loads(kept)["events"][1]["payload"][field] == bad  # kept as it came, for the office to see
