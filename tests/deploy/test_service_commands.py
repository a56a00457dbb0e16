"""The installed units' command lines run from the installed layout: ExecStart, Environment,
EnvironmentFile and WorkingDirectory taken from the unit files that provisioning laid into a
--root directory, with Kivy headless (SDL offscreen) instead of KMS/DRM."""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.layout import base_env, reroot, run_script, stand_in_venv, station_flags, unit_command
from tests.test_office_migrations import HEAD

KIVY_PROBE = """
import json, sys
from kivy.app import App
from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.config import Config
from kivy.metrics import Metrics
from kivy.uix.label import Label

class Probe(App):
    def build(self):
        Clock.schedule_once(self.report, 0)
        return Label(text="probe")

    def report(self, _dt):
        from kivy.core.window import Window
        print(json.dumps({
            "providers": sorted(type(p).__name__ for p in EventLoop.input_providers),
            "rotation": Window.rotation, "dpi": Metrics.dpi,
            "show_cursor": Config.get("graphics", "show_cursor"),
            "exit_on_escape": Config.get("kivy", "exit_on_escape"),
            "input_mouse": Config.get("input", "mouse"),
        }), flush=True)
        self.stop()

Probe().run()
"""


def run(argv: list[str], env: dict[str, str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def sub_commands(help_text: str) -> set[str]:
    """The sub-commands an argparse --help lists (indented by four under the positionals)."""
    return set(re.findall(r"^    ([a-z][a-z0-9_-]*)(?=\s|$)", help_text, flags=re.MULTILINE))


@pytest.fixture(scope="module")
def kiosk(station_root: Path):
    stand_in_venv(station_root)
    return unit_command(station_root, "workshop-kiosk.service")


@pytest.fixture
def kiosk_env(kiosk, tmp_path: Path) -> dict[str, str]:
    """The unit's environment on a machine without a display: SDL renders offscreen."""
    assert kiosk.env["SDL_VIDEODRIVER"] == "kmsdrm"
    return {**base_env(tmp_path / "home"), **kiosk.env, "SDL_VIDEODRIVER": "offscreen"}


def test_command_runs_the_installed_copy(kiosk, kiosk_env, station_root: Path) -> None:
    python, dash_m, module, *rest = kiosk.argv
    assert python == f"{station_root}/opt/workshop/venv/bin/python" and (dash_m, module) == ("-m", "station")
    assert rest == ["run", "--config", f"{station_root}/etc/workshop/station.toml"]
    where = run(
        [python, "-c", "import station, sync; print(station.__file__); print(sync.__file__)"],
        kiosk_env,
        kiosk.cwd,
    )
    assert where.returncode == 0, where.stderr
    for line in where.stdout.splitlines():
        assert line.startswith(f"{station_root}/opt/workshop/app/"), line
    helped = run([python, "-m", "station", "--help"], kiosk_env, kiosk.cwd)
    assert helped.returncode == 0, helped.stderr
    assert "demo-data" in sub_commands(helped.stdout)


def test_demo_data_from_the_installed_layout(kiosk, kiosk_env, station_root: Path) -> None:
    settings = tomllib.loads((station_root / "etc/workshop/station.toml").read_text())
    database = Path(reroot(settings["station"]["database"], station_root))
    result = run([*kiosk.argv[:3], "demo-data", "--db", str(database), "--with-tallies"], kiosk_env, kiosk.cwd)
    assert result.returncode == 0, result.stderr
    logs = [json.loads(line) for line in result.stderr.splitlines()]
    assert any(entry["msg"] == "demo database ready" and entry["workers"] == 12 for entry in logs)
    assert database.stat().st_size > 0


def test_unit_environment_sets_up_kivy_for_a_kiosk(kiosk, kiosk_env, tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(KIVY_PROBE)
    result = run([kiosk.argv[0], str(probe)], kiosk_env, kiosk.cwd)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["show_cursor"] == "0" and report["exit_on_escape"] == "0"
    assert report["rotation"] == 0 and report["dpi"] == 132
    # One touch path: no SDL mouse emulation next to the evdev provider (double taps).
    assert report["input_mouse"] == "none" and "MouseMotionEventProvider" not in report["providers"]
    # KIVY_NO_CONFIG: nothing written to the service user's home (the root is read-only).
    assert not (Path(kiosk_env["HOME"]) / ".kivy").exists()


def test_touch_display_2_rotates_in_kivy(tmp_path: Path) -> None:
    root = tmp_path / "root"
    run_script(
        "provision-station.sh",
        *station_flags(tmp_path / "secrets", display="touch-display-2"),
        "--root",
        root,
    )
    stand_in_venv(root)
    unit = unit_command(root, "workshop-kiosk.service")
    probe = tmp_path / "probe.py"
    probe.write_text(KIVY_PROBE)
    env = {**base_env(tmp_path / "home"), **unit.env, "SDL_VIDEODRIVER": "offscreen"}
    result = run([unit.argv[0], str(probe)], env, unit.cwd)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["rotation"] == 90 and report["dpi"] == 210


# --- the kiosk itself, once `python -m station run` exists ---------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def offline_config(station_root: Path, tmp_path: Path, ca_file: Path) -> Path:
    """The installed station.toml with its paths under --root, a real CA certificate, and the
    broker on a closed local port (the kiosk must run offline; tests talk to 127.0.0.1 only)."""
    shutil.copyfile(ca_file, station_root / "etc/workshop/credentials/ca.crt")
    text = (station_root / "etc/workshop/station.toml").read_text()
    for prefix in ("/data/workshop", "/opt/workshop", "/etc/workshop"):
        text = text.replace(f'"{prefix}', f'"{station_root}{prefix}')
    text = text.replace("mqtts://office.local:8883", f"mqtts://127.0.0.1:{free_port()}")
    config = tmp_path / "station.toml"
    config.write_text(text)
    assert tomllib.loads(text)["station"]["database"].startswith(str(station_root))
    return config


class Kiosk:
    """The kiosk process started like systemd would, with a NOTIFY_SOCKET of our own."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path, notify_path: Path) -> None:
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(str(notify_path))
        self.notify.settimeout(0.2)
        env = {**env, "NOTIFY_SOCKET": str(notify_path), "WATCHDOG_USEC": "2000000"}
        self.process = subprocess.Popen(argv, env=env, cwd=cwd, stderr=subprocess.PIPE, text=True)
        self.stderr: list[str] = []
        self.reader = threading.Thread(target=self._read_stderr, daemon=True)
        self.reader.start()
        self.messages: list[str] = []

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr.append(line)

    def wait_for(self, message: str, deadline_s: float) -> bool:
        """Collects sd_notify datagrams until one holds MESSAGE, the process ends or time is up."""
        deadline = time.monotonic() + deadline_s
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                datagram = self.notify.recv(4096).decode()
            except TimeoutError:
                continue
            self.messages.append(datagram)
            if message in datagram.splitlines():
                return True
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.reader.join(timeout=15)
        self.notify.close()


@pytest.fixture
def started_kiosk(kiosk, kiosk_env, station_root: Path, tmp_path: Path, test_ca: Path) -> Iterator[Kiosk]:
    helped = run([*kiosk.argv[:3], "--help"], kiosk_env, kiosk.cwd)
    if "run" not in sub_commands(helped.stdout):
        pytest.skip("`python -m station run` (the kiosk) is not on this branch yet")
    config = offline_config(station_root, tmp_path, test_ca / "ca.crt")
    argv = [*kiosk.argv[:-1], str(config)]
    process = Kiosk(argv, kiosk_env, kiosk.cwd, tmp_path / "notify.sock")
    yield process
    process.stop()


def test_kiosk_reports_ready_and_pings_the_watchdog(started_kiosk: Kiosk) -> None:
    ready = started_kiosk.wait_for("READY=1", deadline_s=90)
    assert ready, f"no READY=1 (got {started_kiosk.messages}); stderr:\n{''.join(started_kiosk.stderr)[-3000:]}"
    assert started_kiosk.wait_for("WATCHDOG=1", deadline_s=10), f"no WATCHDOG=1 ping: {started_kiosk.messages}"
    started_kiosk.stop()
    logs = [json.loads(line) for line in started_kiosk.stderr if line.startswith("{")]
    assert any(entry.get("msg") == "kiosk ready" for entry in logs), "no JSON log line 'kiosk ready'"


# --- the other services' command lines -------------------------------------------------------


def test_station_sync_unit_command(station_root: Path, tmp_path: Path) -> None:
    stand_in_venv(station_root)
    unit = unit_command(station_root, "workshop-station-sync.service")
    env = {**base_env(tmp_path / "home"), **unit.env}
    assert unit.argv[3:] == [
        "sync",
        "--db",
        f"{station_root}/data/workshop/station.db",
        "--broker",
        "mqtts://office.local:8883",
        "--station-id",
        "bench-01",
        "--site",
        "centre-east",
        "--username",
        "bench-01",
        "--password-file",
        f"{station_root}/etc/workshop/credentials/mqtt-password",
        "--ca-file",
        f"{station_root}/etc/workshop/credentials/ca.crt",
    ]
    helped = run([*unit.argv[:3], "--help"], env, unit.cwd)
    assert helped.returncode == 0, helped.stderr
    if "sync" not in sub_commands(helped.stdout):
        pytest.skip("`python -m station sync` is not on this branch yet")
    result = run([*unit.argv, "--help"], env, unit.cwd)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("unit_name", ["workshop-central-ingest.service", "workshop-central-web.service"])
def test_office_unit_commands(unit_name: str, office_root: Path, tmp_path: Path) -> None:
    stand_in_venv(office_root)
    unit = unit_command(office_root, unit_name)
    assert "sqlite:////var/lib/workshop/central.db" in unit.argv  # a URL, not re-rooted as a path
    env = {**base_env(tmp_path / "home"), **unit.env}
    helped = run([*unit.argv[:3], "--help"], env, unit.cwd)
    assert helped.returncode == 0, helped.stderr
    result = run([*unit.argv, "--help"], env, unit.cwd)
    assert result.returncode == 0, result.stderr


def test_ingest_unit_migrates_the_office_database_first(office_root: Path, tmp_path: Path) -> None:
    stand_in_venv(office_root)
    pre = unit_command(office_root, "workshop-central-ingest.service", setting="ExecStartPre")
    assert pre.argv[1:] == ["-m", "office", "migrate", "--db", "sqlite:////var/lib/workshop/central.db"]
    env = {**base_env(tmp_path / "home"), **pre.env}
    url = f"sqlite:///{tmp_path / 'central.db'}"  # the unit's own path is the host's, not the layout's
    first = run([*pre.argv[:-1], url], env, pre.cwd)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"办公室数据库 {url}：版本 无 → {HEAD}"
    again = run([*pre.argv[:-1], url], env, pre.cwd)
    assert again.returncode == 0 and again.stdout.strip() == f"办公室数据库 {url}：已是版本 {HEAD}"
