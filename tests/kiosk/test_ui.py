"""The real kiosk in a real (offscreen) window, one child process per window."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from station.store.database import open_database
from station.store.event_log import SqliteEventLog
from sync.protocol.events import (
    CheckIn,
    CheckOut,
    Correction,
    CorrectionReason,
    CountMethod,
    ReceiptPrinted,
    Tally,
)
from tests.printing.escpos_decode import CUT, QrCode, decode

ROOT = Path(__file__).resolve().parents[2]
CHILD_TIMEOUT_S = 240  # a bound, not a measurement: four windows share two loaded cores


def child_env(kivy_home: Path) -> dict[str, str]:
    """Offscreen window, silent audio, no X display, a throw-away Kivy home per child."""
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env.update(
        SDL_VIDEODRIVER="offscreen",
        SDL_AUDIODRIVER="dummy",
        KIVY_HOME=str(kivy_home),
        PYTHONPATH=str(ROOT),
    )
    return env


def run_children(tmp_path: Path, module: str, runs: list[list[str]], **extra_env: str) -> list[dict]:
    """One child process per window, all at once (each has its own window); bounded by a timeout."""
    procs = []
    for i, args in enumerate(runs):
        out = tmp_path / f"result-{i}.json"
        proc = subprocess.Popen(
            [sys.executable, "-m", module, *args, str(out)],
            cwd=ROOT,
            env={**child_env(tmp_path / f"kivy-home-{i}"), **extra_env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        procs.append((proc, out))
    results = []
    try:
        for proc, out in procs:
            _, stderr = proc.communicate(timeout=CHILD_TIMEOUT_S)
            assert proc.returncode == 0, stderr[-4000:]
            results.append(json.loads(out.read_text()))
    finally:
        for proc, _ in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return results


def run_child(tmp_path: Path, module: str, *args: str, **extra_env: str) -> dict:
    return run_children(tmp_path, module, [list(args)], **extra_env)[0]


@pytest.mark.slow
def test_a_day_at_the_bench_through_the_window(tmp_path):
    """Real window, scale simulator on a real PTY, real print queue writing ESC/POS to a file."""
    work = tmp_path / "station"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as systemd:  # as the kiosk unit listens
        systemd.bind(str(tmp_path / "notify"))
        systemd.settimeout(0)
        seen = run_child(tmp_path, "tests.kiosk.ui_inner.e2e_flow", str(work), NOTIFY_SOCKET=str(tmp_path / "notify"))
        assert systemd.recv(64) == b"READY=1"
    assert seen["greeting"] == "w05" and seen["numeral_on_screen"] == "12"
    assert seen["save_refused_until_emptied"] and seen["undo_gone"]
    assert seen["badge_worker"] == "w02" and seen["supervisor"] == "马老师"
    assert seen["screen_after_checkout"] == "home"

    db = open_database(work / "station.db")
    try:
        events = SqliteEventLog(db, "demo-station-1").all()
    finally:
        db.close()
    facts = [e for e in events if not isinstance(e.payload, ReceiptPrinted)]
    receipts = [e.payload for e in events if isinstance(e.payload, ReceiptPrinted)]
    bead12, bead5, willow = facts[1], facts[2], facts[4]
    for tally, count in ((bead12, 12), (bead5, 5)):
        assert tally.payload.gross_weight_g == pytest.approx(count * 8.6, abs=0.3)
    assert [e.payload for e in facts] == [
        CheckIn("w05", "photo"),
        Tally("w05", "bead-stringing", 12, CountMethod.SCALE, bead12.payload.gross_weight_g, 8.6),
        Tally("w05", "bead-stringing", 5, CountMethod.SCALE, bead5.payload.gross_weight_g, 8.6),
        Correction(bead5.event_id, "w05", "bead-stringing", 5, None, True, CorrectionReason.UNDO),
        Tally("w05", "willow-weaving", 2, CountMethod.TAP),
        CheckIn("w02", "badge"),
        Correction(willow.event_id, "w05", "willow-weaving", 2, 3, False, CorrectionReason.MISCOUNT, "s01"),
        CheckOut("w05", "self"),
    ]
    # the undone 5 never got a slip: receipts wait for the undo window to close
    assert sorted(r.target_event_id for r in receipts) == sorted([bead12.event_id, willow.event_id])
    assert not any(r.reprint for r in receipts)

    slips = decode((work / "printer.bin").read_bytes(), "gb18030")
    assert slips.count(CUT) == 2
    assert sorted(q.payload for q in slips.items if isinstance(q, QrCode)) == sorted(
        e.event_id for e in (bead12, willow)
    )


@pytest.mark.slow
def test_the_scale_printer_and_speaker_start_once_home_is_drawn(tmp_path):
    """Nothing but Home stands between power-on and the first frame: the parts start right after it."""
    work = tmp_path / "station"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as systemd:
        systemd.bind(str(tmp_path / "notify"))
        systemd.settimeout(0)
        seen = run_child(
            tmp_path, "tests.kiosk.ui_inner.start_order", str(work), NOTIFY_SOCKET=str(tmp_path / "notify")
        )
        assert systemd.recv(64) == b"READY=1"
    assert seen["started_before_home"] == [] and seen["scale_before_home"] == "not started"
    assert seen["started_after_home"] == ["speaker", "scale", "printer"]
    assert seen["scale_after_home_g"] > 25  # three 8.6 g pieces on the pan, read after the first frame


SIZES = [("800x480", 132), ("480x800", 132), ("1280x720", 210), ("720x1280", 210)]


@pytest.mark.slow
def test_every_worker_screen_follows_the_accessibility_rules(tmp_path):
    """All four panel sizes (each in its own window, side by side), all three languages; the
    supervisor panels too (9 mm targets, no text cut off or broken mid-word)."""
    runs = [[str(tmp_path / f"st-{size}"), size, str(dpi)] for size, dpi in SIZES]
    for (size, dpi), seen in zip(
        SIZES, run_children(tmp_path, "tests.kiosk.ui_inner.accessibility_walk", runs), strict=True
    ):
        staff = 6 if dpi == 132 else 0  # six supervisor panels on the 7" panel, both orientations
        assert len(seen["visited"]) == 3 * (9 + staff), size
        assert seen["places"] == ["lock", "start", "undo"], size
        assert seen["problems"] == [], size


@pytest.mark.slow
def test_the_tour_saves_one_picture_per_screen_and_every_state_passes_the_accessibility_check(tmp_path):
    env = child_env(tmp_path / "kivy-home")
    out = tmp_path / "tour"
    proc = subprocess.run(
        [sys.executable, "-m", "station", "tour", "--out", str(out), "--lang", "en", "--size", "480x800", "--check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    from PIL import Image

    shots = sorted(out.glob("*.png"))
    assert [str(p) for p in shots] == proc.stdout.split() and len(shots) == 27
    names = " ".join(p.stem for p in shots)
    for screen in (
        "home",
        "bench",
        "count_scale_moving",
        "count_tap",
        "trouble_scale_unplugged",
        "trouble_printer_paper_out",
        "supervisor_pin",
        "supervisor_correct",
        "supervisor_status",
        "count_tap_kept_after_idle",
        "bench_idle_warning_ring",
        "supervisor_pin_wrong",
    ):
        assert screen in names
    assert {Image.open(p).size for p in shots} == {(480, 800)}
    pad, wrong = (Image.open(next(p for p in shots if p.stem.endswith(n))) for n in ("_pin", "_pin_wrong"))
    assert pad.tobytes() != wrong.tobytes()  # the answer is on the picture, not taken before it came
