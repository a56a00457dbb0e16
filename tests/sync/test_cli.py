"""`python -m sync central events|stations|seed-demo` on a central database filled by the ingest."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine

from station.store.database import Database
from sync.central.ingest import Ingestor
from sync.cli import main
from tests.sync.helpers import add_events
from tests.sync.test_ingest import TOPIC, batches

pytestmark = pytest.mark.usefixtures("keep_logging")


def test_events_and_stations(db: Database, central_engine: Engine, central_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    add_events(db, "st-1", 150)
    first, _second, third = batches(db)
    for batch in (first, third):
        Ingestor(central_engine).handle(TOPIC, batch.raw)
    assert main(["central", "events", "--db", central_url, "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 100 and {"event_id", "station_id", "seq", "kind"} <= set(lines[0])
    assert main(["central", "stations", "--db", central_url]) == 0
    out = capsys.readouterr().out
    assert "st-1: last seq 150, contiguous 50, gaps 51-100" in out


def test_serve_needs_db_and_broker(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["central"]) == 2
    assert "--db" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["central", "--broker", "mqtt://127.0.0.1:1"], ["central", "events"]])
def test_an_empty_database_is_refused_with_the_command_that_makes_its_tables(  # type: ignore[no-untyped-def]
    command: list[str], tmp_path, capsys
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    assert main([*command, "--db", url]) == 2
    assert capsys.readouterr().err.strip() == (
        f"the central database at {url} has no tables yet: run `python -m office migrate --db {url}`"
    )
