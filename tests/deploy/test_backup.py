"""deploy/bin/workshop-backup, as installed: a checked copy of a live station database, the
newest copies kept, and a damaged database reported without touching it."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from station.demo import record_demo_day
from station.store.database import Database

BACKUP = "opt/workshop/bin/workshop-backup"


def backup(station_root: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([station_root / BACKUP, *map(str, args)], capture_output=True, text=True, timeout=60)


def event_ids(path: Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return [row[0] for row in conn.execute("SELECT event_id FROM events ORDER BY seq")]


def test_backup_of_a_database_in_use(station_root: Path, db: Database, station_id: str, tmp_path: Path) -> None:
    written = record_demo_day(db, station_id)
    assert written > 0
    # The kiosk keeps the database open (WAL) while the nightly backup runs.
    result = backup(station_root, db.path, tmp_path / "backup")
    assert result.returncode == 0, result.stderr
    (copy,) = (tmp_path / "backup").glob("station-*.db")
    assert "quick_check ok" in result.stdout
    assert event_ids(copy) == event_ids(db.path) and len(event_ids(copy)) == written
    assert not list((tmp_path / "backup").glob(".*partial"))


def test_only_the_newest_copies_are_kept(station_root: Path, db: Database, tmp_path: Path) -> None:
    target = tmp_path / "backup"
    target.mkdir()
    for day in range(1, 6):
        (target / f"station-2026010{day}-023000.db").write_text("old")
    result = backup(station_root, db.path, target, "3")
    assert result.returncode == 0, result.stderr
    kept = sorted(p.name for p in target.glob("station-*.db"))
    assert len(kept) == 3 and kept[:2] == ["station-20260104-023000.db", "station-20260105-023000.db"]


def test_a_damaged_database_is_reported_and_left_alone(station_root: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "station.db"
    with sqlite3.connect(damaged) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    data = bytearray(damaged.read_bytes())
    data[4096 : 4096 + 64] = b"\xff" * 64  # scribble over the second page
    damaged.write_bytes(bytes(data))
    result = backup(station_root, damaged, tmp_path / "backup")
    assert result.returncode == 1
    assert "quick_check of the database" in result.stderr and "Traceback" not in result.stderr
    assert damaged.read_bytes() == bytes(data)
    assert not (tmp_path / "backup").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "usage: workshop-backup DB BACKUP_DIR [KEEP]"),
        (("/nonexistent.db", "/tmp"), "no database at"),
        (("a.db", "dir", "zero"), "KEEP must be a positive number"),
    ],
)
def test_bad_arguments(station_root: Path, args: tuple[str, ...], message: str) -> None:
    result = backup(station_root, *args)
    assert result.returncode in (1, 2) and message in result.stderr
