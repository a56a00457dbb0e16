"""Both entry points run as a newcomer would run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from station.store.catalog import SqliteCatalog
from station.store.database import open_database
from station.store.event_log import SqliteEventLog

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_station_and_sync_have_help() -> None:
    for package in ("station", "sync"):
        result = _run("-m", package, "--help")
        assert result.returncode == 0, result.stderr
        assert f"python -m {package}" in result.stdout


def test_demo_data_creates_a_demo_database(tmp_path: Path) -> None:
    db_path = tmp_path / "demo" / "station.db"
    result = _run("-m", "station", "demo-data", "--db", str(db_path), "--with-tallies")
    assert result.returncode == 0, result.stderr
    assert '"msg": "demo database ready"' in result.stderr  # structured log on stderr
    db = open_database(db_path)
    try:
        catalog = SqliteCatalog(db).load()
        assert len(catalog.workers) == 12 and len(catalog.products) == 6 and len(catalog.supervisors) == 3
        names = {p.names["zh-Hans"] for p in catalog.products}
        assert names == {"串珠", "塑料编织", "柳编", "霓虹灯串接", "坐垫", "工艺品"}
        assert all((ROOT / "assets" / p.pictogram).is_file() for p in catalog.products)
        assert all((ROOT / "assets" / w.photo).is_file() for w in catalog.workers)
        assert SqliteEventLog(db, "demo-station-1").last_seq() > 0
    finally:
        db.close()


def test_unknown_command_is_a_clear_usage_error() -> None:
    result = _run("-m", "station", "fly")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "Traceback" not in result.stderr


def test_an_unexpected_failure_is_one_sentence_and_a_structured_log(tmp_path: Path) -> None:
    """The detail goes to the JSON log (journald); the person at the terminal gets one line."""
    import json

    missing = tmp_path / "no-such-dir" / "central.db"
    result = _run("-m", "sync", "central", "events", "--db", f"sqlite:///{missing}")
    assert result.returncode == 1
    *log_lines, sentence = result.stderr.strip().splitlines()
    assert sentence.startswith("python -m sync central: failed:")
    records = [json.loads(line) for line in log_lines]  # every other line is structured
    assert any(r["msg"] == "command failed" and "exc" in r for r in records)
