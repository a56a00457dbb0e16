"""Fuzzing the ingest: whatever arrives, the server answers, quarantines the bad and never half-applies."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from station.store.database import Database
from sync.central.ingest import Ingestor
from sync.central.tables import events, quarantine
from tests.sync.helpers import add_events
from tests.sync.test_ingest import TOPIC, batches

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=80),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10,
)


def counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(events)).scalar_one()
        bad = conn.execute(select(func.count()).select_from(quarantine)).scalar_one()
    return int(stored), int(bad)


def check_answer(
    engine: Engine, raw: bytes, before: tuple[int, int], expect_batch: int | None = None
) -> None:
    outcome = Ingestor(engine).handle(TOPIC, raw)
    after = counts(engine)
    assert outcome.ack is not None
    if outcome.ack["result"] == "rejected":
        assert after == (before[0], before[1] + 1), "a rejected batch stored something or was not quarantined"
        assert outcome.ack["reason"]
    else:
        assert after[1] == before[1]
        assert expect_batch is None or after[0] - before[0] <= expect_batch


@FUZZ
@given(raw=st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
def test_garbage_bytes(central_engine: Engine, raw: bytes) -> None:
    before = counts(central_engine)
    check_answer(central_engine, raw, before)
    assert counts(central_engine)[0] == before[0]


def _mutate(message: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    message = copy.deepcopy(message)
    how = data.draw(st.sampled_from(["top", "event", "payload", "version", "spoof", "drop", "huge"]))
    event = data.draw(st.sampled_from(message["events"]))
    if how == "top":
        message[data.draw(st.sampled_from(sorted(message)))] = data.draw(json_values)
    elif how == "event":
        event[data.draw(st.sampled_from(sorted(event)))] = data.draw(json_values)
    elif how == "payload":
        event["payload"][data.draw(st.text(max_size=12) | st.sampled_from(sorted(event["payload"])))] = (
            data.draw(json_values)
        )
    elif how == "version":
        message["v"] = data.draw(st.integers(min_value=2, max_value=10**6) | st.just("1") | st.none())
    elif how == "spoof":
        message["station"] = data.draw(st.sampled_from(["st-2", "st-1 ", "", "+", "#"]))
    elif how == "drop":
        del message[data.draw(st.sampled_from(sorted(message)))]
    else:
        event["payload"]["worker_id"] = "x" * data.draw(st.integers(min_value=65, max_value=2_000_000))
    return message


@FUZZ
@given(data=st.data())
def test_mutated_batches(db: Database, central_engine: Engine, data: st.DataObject) -> None:
    if not db_has_events(db):
        add_events(db, "st-1", 20)
    valid = json.loads(batches(db, size=20)[0].raw)
    message = _mutate(valid, data)
    raw = json.dumps(message, allow_nan=True).encode()
    check_answer(central_engine, raw, counts(central_engine), expect_batch=20)


def db_has_events(db: Database) -> bool:
    with db.read() as conn:
        return bool(conn.exec_driver_sql("SELECT count(*) FROM events").scalar_one())
