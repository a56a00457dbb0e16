"""The central `events` table is append-only in the database itself (revision 0007), on both
engines, and no code of the office or the ingest issues UPDATE or DELETE on it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy.exc
from sqlalchemy import delete, func, select, update

from office.db import open_office
from station.store.database import Database
from station.store.event_log import SqliteEventLog
from sync.central.ingest import Ingestor
from sync.central.tables import events
from sync.outbox.batches import build_batch
from sync.protocol.topics import station_topic
from tests.sync.helpers import SITE, add_events, enrol

ROOT = Path(__file__).resolve().parent.parent


def test_the_database_refuses_update_and_delete_of_an_event(central_url: str, db: Database) -> None:
    add_events(db, "st-1", 1)
    first = SqliteEventLog(db, "st-1").outgoing_after(0, 1)
    batch = build_batch(first, site=SITE, station="st-1", boot_id="b", mono_ns=1, wall_ns=1, clock=None)
    engine = open_office(central_url)
    enrol(engine, ["st-1"])  # registered, its workers on the roster
    try:
        outcome = Ingestor(engine).handle(station_topic(SITE, "st-1", "events"), batch.raw)
        assert outcome.ack is not None and outcome.ack["result"] == "stored"
        for statement in (update(events).values(seq=99), delete(events)):
            with pytest.raises(sqlalchemy.exc.DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(statement)
        with engine.connect() as conn:
            assert conn.execute(select(events.c.seq)).scalars().all() == [1]
            assert conn.execute(select(func.count()).select_from(events)).scalar_one() == 1
    finally:
        engine.dispose()


def test_no_office_or_ingest_code_updates_or_deletes_events() -> None:
    pattern = re.compile(r"(update|delete)\(\s*events\b|\b(UPDATE|DELETE\s+FROM)\s+events\b", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("office", "sync/central")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
