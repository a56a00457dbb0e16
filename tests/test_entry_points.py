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


def test_an_unexpected_failure_is_one_sentence_and_a_debug_log(tmp_path: Path) -> None:
    """The person at the terminal gets one line; the traceback is a DEBUG record of the JSON log."""
    import json

    missing = tmp_path / "no-such-dir" / "central.db"
    result = _run("-m", "sync", "central", "events", "--db", f"sqlite:///{missing}")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("python -m sync central: failed:")
    traced = _run("-m", "sync", "--log-level", "DEBUG", "central", "events", "--db", f"sqlite:///{missing}")
    *log_lines, sentence = traced.stderr.strip().splitlines()
    assert sentence.startswith("python -m sync central: failed:")
    records = [json.loads(line) for line in log_lines]  # every other line is structured
    assert any(r["msg"] == "command failed" and r["level"] == "debug" and "Traceback" in r["exc"] for r in records)


def test_a_url_that_is_no_url_is_one_line_on_stderr() -> None:
    """Issue #15 item 12: it was a 1.8 KB JSON record with a traceback before the sentence."""
    result = _run("-m", "sync", "central", "stations", "--db", "notaurl")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "python -m sync central: failed: Could not parse SQLAlchemy URL from given URL string"
    ]


def test_on_a_terminal_too_the_failure_is_one_line() -> None:
    """stderr on a real PTY (what a supervisor at the console sees) gets the same single sentence."""
    import os
    import pty
    import select

    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "sync", "central", "stations", "--db", "notaurl"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=terminal,
        )
        os.close(terminal)
        assert process.wait(timeout=120) == 1
        seen = b""
        while select.select([controller], [], [], 5)[0]:  # bounded: the child has exited, EOF comes
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(controller)
    assert seen.decode().splitlines() == [
        "python -m sync central: failed: Could not parse SQLAlchemy URL from given URL string"
    ]
