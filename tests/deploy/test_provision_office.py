"""provision-office.sh and office-add-station.sh: the office layout, and a station password that
a real mosquitto accepts (and a wrong one it refuses)."""

from __future__ import annotations

import shutil
import signal
import socket
import stat
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy.conftest import mosquitto_dir, tls_dir
from tests.deploy.layout import DEPLOY, host_actions, run_script, tree_digest


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_office_layout(office_root: Path) -> None:
    env = office_root / "etc/workshop/office.env"
    assert "WORKSHOP_CENTRAL_DB=sqlite:////var/lib/workshop/central.db\n" in env.read_text()
    assert "WORKSHOP_BROKER=mqtts://office.local:8883\n" in env.read_text()
    assert mode(env) == 0o640
    mosquitto = office_root / "etc/mosquitto"
    assert (mosquitto / "conf.d/workshop.conf").exists() and (mosquitto / "workshop/acl").exists()
    assert mode(mosquitto / "certs/server.key") == 0o640 and mode(mosquitto / "workshop") == 0o750
    assert (mosquitto / "workshop/passwd").read_text() == ""
    chrony = (office_root / "etc/chrony/conf.d/workshop-server.conf").read_text()
    assert "local stratum 10" in chrony and "allow 192.168.0.0/16" in chrony
    for unit in (
        "workshop-central-ingest.service",
        "workshop-central-web.service",
        "mosquitto.service.d/workshop.conf",
    ):
        assert (office_root / "etc/systemd/system" / unit).read_bytes() == (
            DEPLOY / "systemd" / unit
        ).read_bytes()
    actions = host_actions(office_root)
    assert "chown root:mosquitto /etc/mosquitto/certs/server.key" in actions
    for unit in ("mosquitto", "chrony", "workshop-central-ingest", "workshop-central-web"):
        assert f"systemctl enable {unit}.service" in actions
    assert "systemctl restart mosquitto.service" in actions


def test_second_run_changes_nothing_and_keeps_station_passwords(tmp_path: Path) -> None:
    root = tmp_path / "root"
    flags = ["--tls-dir", tls_dir(tmp_path), "--mosquitto-dir", mosquitto_dir(tmp_path), "--root", root]
    run_script("provision-office.sh", *flags)
    run_script(
        "office-add-station.sh", "--station-id", "bench-01", "--out", tmp_path / "bundles", "--root", root
    )
    before = tree_digest(root)
    again = run_script("provision-office.sh", *flags)
    assert "done: 0 file(s) changed" in again.stdout
    # An unchanged broker is not restarted.
    assert "systemctl restart mosquitto.service" not in host_actions(root)
    assert tree_digest(root) == before and "bench-01:" in (root / "etc/mosquitto/workshop/passwd").read_text()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--db", "mysql://x"], "--db 'mysql://x' must be sqlite:////absolute/path or postgresql://"),
        (["--broker", "office.local"], "broker 'office.local' must look like mqtts://HOST:PORT"),
        (["--mosquitto-dir", "/nonexistent"], "no broker configuration /nonexistent/workshop.conf"),
    ],
)
def test_bad_flags(tmp_path: Path, flags: list[str], message: str) -> None:
    root = tmp_path / "root"
    result = run_script(
        "provision-office.sh",
        "--tls-dir",
        tls_dir(tmp_path),
        "--mosquitto-dir",
        mosquitto_dir(tmp_path),
        *flags,
        "--root",
        root,
        check=False,
    )
    assert result.returncode == 2 and message in result.stderr
    assert not root.exists()


def test_tls_dir_is_required(tmp_path: Path) -> None:
    result = run_script("provision-office.sh", "--root", tmp_path / "root", check=False)
    assert result.returncode == 2 and "--tls-dir is required" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_script("provision-office.sh", "--tls-dir", empty, "--root", tmp_path / "root", check=False)
    assert result.returncode == 2 and "no ca.crt in" in result.stderr


# --- adding a station, checked against a real broker ------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Broker:
    root: Path
    port: int
    process: subprocess.Popen[bytes]

    def reload(self) -> None:
        """What `systemctl reload mosquitto` does: SIGHUP rereads the password file."""
        self.process.send_signal(signal.SIGHUP)


@pytest.fixture
def broker_with_passwords(tmp_path: Path) -> Iterator[Broker]:
    """A provisioned office root and a mosquitto on 127.0.0.1 that uses its password file."""
    mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    assert Path(mosquitto).exists(), "mosquitto is missing (Debian package mosquitto)"
    root = tmp_path / "root"
    run_script(
        "provision-office.sh",
        "--tls-dir",
        tls_dir(tmp_path),
        "--mosquitto-dir",
        mosquitto_dir(tmp_path),
        "--root",
        root,
    )
    port = free_port()
    config = tmp_path / "mosquitto.conf"
    config.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous false\n"
        f"password_file {root}/etc/mosquitto/workshop/passwd\nuser root\n"
    )
    process = subprocess.Popen(
        [mosquitto, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
                assert time.monotonic() < deadline, "mosquitto did not start listening"
                time.sleep(0.05)
        yield Broker(root, port, process)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def publish(port: int, user: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "mosquitto_pub",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-u",
            user,
            "-P",
            password,
            "-t",
            "probe",
            "-m",
            "x",
            "-V",
            "mqttv5",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_added_station_can_connect_and_others_cannot(broker_with_passwords: Broker, tmp_path: Path) -> None:
    root, port = broker_with_passwords.root, broker_with_passwords.port
    result = run_script(
        "office-add-station.sh", "--station-id", "bench-01", "--out", tmp_path / "out", "--root", root
    )
    bundle = tmp_path / "out/bench-01"
    password = (bundle / "mqtt-password").read_text().strip()
    assert (
        len(password) == 32 and password not in result.stdout and password not in "".join(host_actions(root))
    )
    assert mode(bundle / "mqtt-password") == 0o600
    assert (bundle / "ca.crt").read_bytes() == (root / "etc/mosquitto/certs/ca.crt").read_bytes()
    assert f"--password-file {bundle}/mqtt-password" in result.stdout
    assert "systemctl reload mosquitto.service" in host_actions(root)
    assert mode(root / "etc/mosquitto/workshop/passwd") == 0o640
    broker_with_passwords.reload()

    # The reload is asynchronous: poll (bounded) until the broker knows the new station.
    deadline = time.monotonic() + 10
    while (accepted := publish(port, "bench-01", password)).returncode != 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert accepted.returncode == 0, accepted.stderr
    refused = publish(port, "bench-01", password + "x")
    assert refused.returncode != 0 and "not authorised" in (refused.stderr + refused.stdout).lower().replace(
        "authorized", "authorised"
    )
    assert publish(port, "bench-02", password).returncode != 0


def test_readding_keeps_the_password_unless_asked(tmp_path: Path) -> None:
    root = tmp_path / "root"
    run_script(
        "provision-office.sh",
        "--tls-dir",
        tls_dir(tmp_path),
        "--mosquitto-dir",
        mosquitto_dir(tmp_path),
        "--root",
        root,
    )
    add = ["office-add-station.sh", "--station-id", "bench-01", "--out", tmp_path / "out", "--root", root]
    run_script(*add)
    first = (tmp_path / "out/bench-01/mqtt-password").read_text()
    run_script(*add)
    assert (tmp_path / "out/bench-01/mqtt-password").read_text() == first
    run_script(*add, "--new-password")
    assert (tmp_path / "out/bench-01/mqtt-password").read_text() != first
    passwd = (root / "etc/mosquitto/workshop/passwd").read_text().splitlines()
    assert [line.split(":")[0] for line in passwd] == ["bench-01"]
    bad = run_script(
        "office-add-station.sh",
        "--station-id",
        "bench#1",
        "--out",
        tmp_path / "out",
        "--root",
        root,
        check=False,
    )
    assert bad.returncode == 2 and "station id 'bench#1' must be" in bad.stderr
