"""SIGKILL a writer at 200 random moments: every acknowledged event survives, seq stays gap-free.

The child process records tallies in a loop and writes each event id to a pipe only after
`record_tally` returned (the moment the kiosk would say "saved"). The parent kills it at a
random point, possibly mid-commit, reopens the database and checks.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

from station.clock import SystemClock
from station.services.workshop import NotCheckedInPolicy, WorkshopRules, WorkshopService
from station.store.catalog import SqliteCatalog
from station.store.database import open_database
from station.store.event_log import SqliteEventLog
from sync.demo import DEMO_STATION_ID, demo_catalog
from sync.protocol.events import CountMethod, Tally

ROUNDS = 200
MAX_TALLIES_PER_CHILD = 5_000


def _writer(path: Path, ack_fd: int) -> None:
    """Child body: record tallies forever (bounded), acknowledging each after it returned."""
    db = open_database(path)
    log = SqliteEventLog(db, DEMO_STATION_ID)
    service = WorkshopService(
        log, SqliteCatalog(db), SystemClock(), WorkshopRules(not_checked_in=NotCheckedInPolicy.AUTO_CHECK_IN)
    )
    for i in range(MAX_TALLIES_PER_CHILD):
        event = service.record_tally("w01", "bead-stringing", 1 + i % 20, CountMethod.SCALE)
        os.write(ack_fd, f"{event.event_id}\n".encode())


def _run_and_kill(path: Path, rng: random.Random) -> set[str]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        try:
            _writer(path, write_fd)
        finally:
            os._exit(0)
    os.close(write_fd)
    acked: set[str] = set()
    buffer = b""
    wanted = rng.randint(0, 6)
    try:
        deadline = time.monotonic() + 20
        while len(acked) < wanted and time.monotonic() < deadline:
            chunk = os.read(read_fd, 4096)
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            acked.update(line.decode() for line in lines)
        time.sleep(rng.uniform(0, 0.004))  # the fault lands at a random moment, often mid-commit
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        while chunk := os.read(read_fd, 65536):  # acks written before the kill still count
            buffer += chunk
        acked.update(line.decode() for line in buffer.split(b"\n")[:-1])
    finally:
        os.close(read_fd)
    return acked


def test_acknowledged_tallies_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    db = open_database(path)
    SqliteCatalog(db).replace(demo_catalog())
    db.close()
    rng = random.Random(20261123)
    acknowledged: set[str] = set()
    for _ in range(ROUNDS):
        acknowledged |= _run_and_kill(path, rng)
        db = open_database(path)  # reopen between kills, as a restarted kiosk would
        try:
            stored = {e.event_id for e in SqliteEventLog(db, DEMO_STATION_ID).all()}
        finally:
            db.close()
        assert acknowledged <= stored

    db = open_database(path)
    try:
        events = SqliteEventLog(db, DEMO_STATION_ID).all()
        assert db.integrity_check() == "ok"
    finally:
        db.close()
    seqs = [e.seq for e in events]
    assert seqs == list(range(1, len(seqs) + 1))
    assert len({e.event_id for e in events}) == len(events)
    assert len(acknowledged) >= ROUNDS  # the test really exercised acknowledgements
    assert acknowledged <= {e.event_id for e in events}
    assert sum(isinstance(e.payload, Tally) for e in events) >= len(acknowledged)
