"""`python -m station scale watch|simulate` as real subprocesses against real PTYs."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import serial

from station.devices.scale.simulator import ScaleSimulator

ROOT = Path(__file__).resolve().parents[2]


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "station", "--log-level", "WARNING", "scale", *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_line_until(proc: subprocess.Popen[str], want, timeout: float = 10.0) -> str:  # type: ignore[no-untyped-def]
    """Reads stdout lines until `want(line)`; fails after `timeout` seconds."""
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if selector.select(timeout=max(0.0, deadline - time.monotonic())):
                line = proc.stdout.readline()
                if not line:
                    break
                if want(line):
                    return line
        raise AssertionError("expected output did not come")
    finally:
        selector.close()


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return proc.returncode, err


def test_watch_prints_json_readings_and_ends_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    sim = ScaleSimulator("cas", link=tmp_path / "scale", settle_s=0.2)
    sim.start()
    try:
        sim.put_pieces(8, 2.5)
        proc = start("watch", "--profile", "cas", "--port", sim.path, "--piece-weight", "2.5", "--json")
        try:
            line = read_line_until(proc, lambda s: '"count": 8' in s and '"stable": true' in s)
            reading = json.loads(line)
            assert {"stable", "weight_g", "count", "status"} <= reading.keys()
            assert reading["status"] == "ok" and abs(reading["weight_g"] - 20.0) < 0.5
            sim.unplug()
            line = read_line_until(proc, lambda s: "disconnected" in s)
            assert json.loads(line)["status"] == "disconnected"
        finally:
            proc.send_signal(signal.SIGINT)
            code, err = finish(proc)
        assert code == 0
        assert "Traceback" not in err
    finally:
        sim.stop()


def test_watch_text_output_and_bad_profile(tmp_path: Path) -> None:
    proc = start("watch", "--profile", "no-such-scale")
    code, err = finish(proc)
    assert code == 2 and "no scale profile" in err and "Traceback" not in err


def test_simulate_prints_its_path_and_speaks_the_protocol(tmp_path: Path) -> None:
    link = tmp_path / "sim"
    proc = start(
        "simulate", "--protocol", "and", "--link", str(link), "--pieces", "4", "--piece-weight", "2.5"
    )
    try:
        line = read_line_until(proc, lambda s: "scale on" in s)
        assert str(link) in line and os.path.realpath(link).startswith("/dev/pts/")
        with serial.Serial(str(link), 9600, timeout=0.2) as port:
            deadline = time.monotonic() + 5
            reply = b""
            while b"ST," not in reply and time.monotonic() < deadline:
                port.write(b"Q\r\n")
                reply = port.read_until(b"\r\n")
            assert reply.startswith(b"ST,+0000") and reply.endswith(b"  g\r\n") and len(reply) == 17
        assert proc.stdin is not None
        proc.stdin.write("q\n")
        proc.stdin.flush()
    finally:
        code, err = finish(proc)
    assert code == 0 and "Traceback" not in err
    assert not link.exists()
