"""Central ingest driven directly: idempotence, order, gaps, clocks and quarantine."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Engine, func, select

from station.store.database import Database
from station.store.event_log import SqliteEventLog
from sync.central.ingest import Ingestor
from sync.central.tables import boots, events, quarantine
from sync.central.views import gaps
from sync.outbox.batches import Batch, build_batch
from sync.protocol.topics import station_topic
from tests.sync.helpers import SITE, add_events, central_count, central_ids, station_ids, station_row

TOPIC = station_topic(SITE, "st-1", "events")


def batches(db: Database, station: str = "st-1", size: int = 50, clock: dict | None = None) -> list[Batch]:
    log, out, seq = SqliteEventLog(db, station), [], 0
    while chunk := log.outgoing_after(seq, size):
        out.append(
            build_batch(
                chunk,
                site=SITE,
                station=station,
                boot_id="boot-x",
                mono_ns=10**12,
                wall_ns=10**18,
                clock=clock,
            )
        )
        seq = chunk[-1].seq
    return out


def quarantined(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(quarantine)).scalar_one())


def test_duplicate_and_reordered_batches_store_each_event_once(db: Database, central_engine: Engine) -> None:
    add_events(db, "st-1", 200)
    ingest = Ingestor(central_engine)
    b1, b2, b3, b4 = batches(db)
    first = ingest.handle(TOPIC, b3.raw)
    assert first.ack["result"] == "stored" and first.ack["contiguous_seq"] == 0
    assert gaps(central_engine, "st-1") == [(1, 100)]
    for batch in (b1, b3, b4, b2, b1, b4):
        ack = ingest.handle(TOPIC, batch.raw).ack
        assert ack["result"] == "stored" and set(ack["stored"]) == batch.event_ids
    assert ack["duplicates"] == 50 and ack["contiguous_seq"] == 200
    assert central_ids(central_engine, "st-1") == station_ids(db, "st-1")
    assert gaps(central_engine, "st-1") == [] and station_row(central_engine, "st-1")["contiguous_seq"] == 200


def test_gaps_are_reported(db: Database, central_engine: Engine) -> None:
    add_events(db, "st-1", 200)
    ingest = Ingestor(central_engine)
    b1, _b2, b3, _b4 = batches(db)
    ingest.handle(TOPIC, b1.raw)
    ingest.handle(TOPIC, b3.raw)
    row = station_row(central_engine, "st-1")
    assert (row["contiguous_seq"], row["last_seq"], row["gaps"]) == (50, 150, [(51, 100)])


def test_station_must_match_topic(db: Database, central_engine: Engine) -> None:
    add_events(db, "st-1", 10)
    batch = batches(db)[0]
    outcome = Ingestor(central_engine).handle(station_topic(SITE, "st-2", "events"), batch.raw)
    assert outcome.ack["result"] == "rejected" and "st-1" in outcome.ack["reason"]
    assert outcome.ack_topic == station_topic(SITE, "st-2", "ack")  # answered to the sender's own topic
    assert central_count(central_engine) == 0 and quarantined(central_engine) == 1


def test_reused_seq_with_another_event_id_rejects_the_whole_batch(
    db: Database, central_engine: Engine
) -> None:
    add_events(db, "st-1", 20)
    ingest = Ingestor(central_engine)
    ingest.handle(TOPIC, batches(db, size=10)[0].raw)
    message = json.loads(batches(db, size=20)[0].raw)
    message["events"][3]["event_id"] = "00000000-0000-4000-8000-000000000000"  # seq 4 is taken by another id
    outcome = ingest.handle(TOPIC, json.dumps(message).encode())
    assert outcome.ack["result"] == "rejected"
    assert central_count(central_engine) == 10  # seqs 11-20 of that batch were not half-applied
    assert quarantined(central_engine) == 1


def test_clock_correction_and_unsynced_flag(db: Database, central_engine: Engine) -> None:
    add_events(db, "st-1", 4)
    ingest = Ingestor(central_engine)
    message = json.loads(batches(db)[0].raw)
    # Events 1-2 come from an earlier boot that never talked to the office; 3-4 from this one.
    for e in message["events"][:2]:
        e["boot_id"], e["clock_state"] = "boot-old", "unsynced"
    for e in message["events"][2:]:
        e["boot_id"], e["clock_state"], e["mono_ns"] = "boot-x", "unsynced", 10**12 - 5 * 10**9
    message["clock"] = {"mono_offset_ns": 7 * 10**17, "rtt_ns": 2_000_000}
    ingest.handle(TOPIC, json.dumps(message).encode(), recv_ns=7 * 10**17 + 10**12 + 10**6)
    with central_engine.connect() as conn:
        rows = conn.execute(
            select(events.c.seq, events.c.time_flag, events.c.corrected_wall_ns).order_by("seq")
        ).all()
        boot = conn.execute(select(boots).where(boots.c.boot_id == "boot-x")).one()
    assert [r.time_flag for r in rows] == ["unsynced", "unsynced", "estimated", "estimated"]
    assert rows[0].corrected_wall_ns is None
    assert rows[2].corrected_wall_ns == 7 * 10**17 + 10**12 - 5 * 10**9
    assert (boot.mono_offset_ns, boot.rtt_ns) == (7 * 10**17, 2_000_000)


def test_one_way_bound_used_until_a_station_sample_arrives(db: Database, central_engine: Engine) -> None:
    add_events(db, "st-1", 2)
    ingest = Ingestor(central_engine)
    ingest.handle(TOPIC, batches(db)[0].raw, recv_ns=10**18 + 3 * 10**6)
    with central_engine.connect() as conn:
        boot = conn.execute(select(boots)).one()
    assert boot.rtt_ns is None and boot.mono_offset_ns == 10**18 + 3 * 10**6 - 10**12


@pytest.mark.parametrize(
    "topic", ["workshop/site-a/station/st-1/ack", "random/topic", "workshop/a/station/#/events"]
)
def test_messages_on_foreign_topics_are_quarantined_without_an_ack(
    central_engine: Engine, topic: str
) -> None:
    outcome = Ingestor(central_engine).handle(topic, b"{}")
    assert outcome.ack is None and quarantined(central_engine) == 1


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (lambda m: {**m, "events": []}, "keep"),  # schema refuses: too few events
        (lambda m: {**m, "sent_mono_ns": -1}, "keep"),
        (lambda m: {**m, "v": 2}, "keep"),
        (lambda m: {**m, "batch_id": 7, "events": []}, None),  # not a string: nothing to echo
        (lambda m: {**m, "batch_id": "x" * 65, "events": []}, None),
    ],
)
def test_a_refused_batch_is_answered_with_its_batch_id_when_readable(
    db: Database, central_engine: Engine, spoil, expected: str | None  # type: ignore[no-untyped-def]
) -> None:
    add_events(db, "st-1", 3)
    (batch,) = batches(db)
    outcome = Ingestor(central_engine).handle(TOPIC, json.dumps(spoil(json.loads(batch.raw))).encode())
    assert outcome.ack["result"] == "rejected" and outcome.ack["reason"]
    assert outcome.ack["batch_id"] == (batch.batch_id if expected == "keep" else None)
    assert Ingestor(central_engine).handle(TOPIC, b"\xff not json").ack["batch_id"] is None
    assert central_count(central_engine) == 0


def test_a_group_shares_one_transaction_but_a_refused_batch_rolls_back_alone(
    db: Database, central_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    add_events(db, "st-1", 40)
    add_events(db, "st-2", 10)
    b1, b2, b3, b4 = batches(db, size=10)
    conflicting = json.loads(b3.raw)
    conflicting["events"][5]["event_id"] = json.loads(b2.raw)["events"][0]["event_id"]  # seq 11 stored first
    (other,) = batches(db, station="st-2", size=10)
    caplog.set_level("INFO", logger="sync.central.ingest")
    outcomes = Ingestor(central_engine).handle_many(
        [
            (TOPIC, b2.raw, 1),
            (station_topic(SITE, "st-2", "events"), other.raw, 2),
            (TOPIC, json.dumps(conflicting).encode(), 3),
            (TOPIC, b1.raw, 4),
            (TOPIC, b"garbage", 5),
            (TOPIC, b4.raw, 6),
        ]
    )
    assert [o.ack["result"] for o in outcomes] == ["stored", "stored", "rejected", "stored", "rejected", "stored"]
    assert [o.ack["server_recv_ns"] for o in outcomes] == [1, 2, 3, 4, 5, 6]  # answers in the order asked
    assert outcomes[2].ack["batch_id"] == b3.batch_id and outcomes[1].ack_topic.endswith("/st-2/ack")
    assert central_count(central_engine, "st-1") == 30 and central_count(central_engine, "st-2") == 10
    assert quarantined(central_engine) == 2
    assert station_row(central_engine, "st-1")["gaps"] == [(21, 30)]  # type: ignore[index]
    # The clash rolled the first try of the group back; only what was committed is logged as stored, once.
    logged = [r.batch_id for r in caplog.records if r.getMessage() == "batch stored"]  # type: ignore[attr-defined]
    assert sorted(logged) == sorted([b2.batch_id, other.batch_id, b1.batch_id, b4.batch_id])


def test_stored_rows_read_back_as_sent(db: Database, central_engine: Engine) -> None:
    """The driver-level INSERT keeps every column as Core reads it: the time received, the payload's JSON."""
    add_events(db, "st-1", 4)
    (batch,) = batches(db)
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert Ingestor(central_engine).handle(TOPIC, batch.raw).ack["result"] == "stored"
    after = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with central_engine.connect() as conn:
        rows = conn.execute(select(events).order_by(events.c.seq)).all()
    sent = json.loads(batch.raw)["events"]
    assert [json.loads(row.payload) for row in rows] == [e["payload"] for e in sent]
    assert [(row.event_id, row.seq, row.kind, row.wall_ns) for row in rows] == [
        (e["event_id"], e["seq"], e["kind"], e["wall_ns"]) for e in sent
    ]
    for row in rows:
        assert before <= row.received_at.replace(tzinfo=None) <= after
        assert row.local_day is not None and row.worker_id in ("w01", "w02")
