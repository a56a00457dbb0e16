"""provision-office.sh and office-add-station.sh: the office layout, and a station password that
a real mosquitto accepts (and a wrong one it refuses)."""

from __future__ import annotations

import stat
import subprocess
import time
import tomllib
from pathlib import Path

import pytest

from tests.deploy.broker import Broker
from tests.deploy.conftest import mosquitto_dir, tls_dir
from tests.deploy.layout import DEPLOY, REPO, host_actions, run_script, tree_digest


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_office_layout(office_root: Path) -> None:
    env = office_root / "etc/workshop/office.env"
    assert "WORKSHOP_CENTRAL_DB=sqlite:////var/lib/workshop/central.db\n" in env.read_text()
    assert "WORKSHOP_BROKER=mqtts://office.local:8883\n" in env.read_text()
    assert mode(env) == 0o640
    mosquitto = office_root / "etc/mosquitto"
    assert (mosquitto / "conf.d/workshop.conf").read_bytes() == (
        mosquitto_dir(office_root) / "mosquitto.conf"
    ).read_bytes()
    assert (mosquitto / "workshop/acl").exists() and not list((mosquitto / "workshop").glob("*.sh"))
    assert mode(mosquitto / "workshop/server.key") == 0o640 and mode(mosquitto / "workshop") == 0o750
    # The office's own broker users, with their passwords readable by the services only.
    users = [line.split(":")[0] for line in (mosquitto / "workshop/passwd").read_text().splitlines()]
    assert users == ["central-ingest-1", "office"]
    credentials = office_root / "etc/workshop/credentials"
    for user in users:
        assert len((credentials / f"{user}.password").read_text().strip()) == 32
        assert mode(credentials / f"{user}.password") == 0o640
    assert not (credentials / "web-secret").exists()  # sessions live in the database: no signing key
    assert (credentials / "ca.crt").exists()
    chrony = (office_root / "etc/chrony/conf.d/workshop-server.conf").read_text()
    assert "local stratum 10" in chrony and "allow 192.168.0.0/16" in chrony
    for unit in (
        "workshop-central-ingest.service",
        "workshop-central-web.service",
        "mosquitto.service.d/workshop.conf",
    ):
        assert (office_root / "etc/systemd/system" / unit).read_bytes() == (DEPLOY / "systemd" / unit).read_bytes()
    actions = host_actions(office_root)
    assert "chown root:mosquitto /etc/mosquitto/workshop/server.key" in actions
    assert "chown root:workshop /etc/workshop/credentials/central-ingest-1.password" in actions
    for unit in ("mosquitto", "chrony", "workshop-central-ingest", "workshop-central-web"):
        assert f"systemctl enable {unit}.service" in actions
    assert "systemctl restart mosquitto.service" in actions


def test_office_application_and_its_requirements(office_root: Path) -> None:
    app = office_root / "opt/workshop/app"
    assert (app / "office/__main__.py").read_bytes() == (REPO / "office/__main__.py").read_bytes()
    assert (app / "sync/cli.py").exists() and (app / "assets/pictograms").is_dir()  # payslip pictures
    assert not (app / "station").exists(), "the station's package has no place on the office server"
    assert not (app / "firmware_config").exists()
    # Base dependencies and the office extra (no Kivy), installed at the pinned versions copied along.
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = (app / "requirements.txt").read_text().splitlines()
    assert requirements == project["dependencies"] + project["optional-dependencies"]["office"]
    assert not any(r.lower().startswith("kivy") for r in requirements)
    constraints = app / "requirements/constraints.txt"
    assert constraints.read_bytes() == (REPO / "requirements/constraints.txt").read_bytes()
    assert (
        "/opt/workshop/venv/bin/python -m pip install --quiet -c /opt/workshop/app/requirements/constraints.txt "
        "-r /opt/workshop/app/requirements.txt"
    ) in host_actions(office_root)


def test_second_run_changes_nothing_and_keeps_station_passwords(tmp_path: Path) -> None:
    root = tmp_path / "root"
    flags = ["--tls-dir", tls_dir(tmp_path), "--mosquitto-dir", mosquitto_dir(tmp_path), "--root", root]
    run_script("provision-office.sh", *flags)
    run_script("office-add-station.sh", "--station-id", "bench-01", "--out", tmp_path / "bundles", "--root", root)
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
        (["--mosquitto-dir", "/nonexistent"], "no broker configuration /nonexistent/mosquitto.conf"),
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


# --- adding a station, checked against a real broker running the installed configuration ----


def mqtt(tool: str, broker: Broker, user: str, password_file: Path, ca_file: Path, *args: str):
    """mosquitto_pub / mosquitto_sub over TLS, MQTT v5, as USER."""
    return subprocess.run(
        [
            tool,
            "-h",
            "127.0.0.1",
            "-p",
            str(broker.tls_port),
            "--cafile",
            str(ca_file),
            "-u",
            user,
            "-P",
            password_file.read_text().strip(),
            "-V",
            "mqttv5",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_added_station_publishes_over_tls_and_ingest_receives(office_broker: Broker, tmp_path: Path) -> None:
    root = office_broker.root
    result = run_script("office-add-station.sh", "--station-id", "bench-01", "--out", tmp_path / "out", "--root", root)
    bundle = tmp_path / "out/bench-01"
    password = (bundle / "mqtt-password").read_text().strip()
    assert len(password) == 32 and password not in result.stdout and password not in "".join(host_actions(root))
    assert mode(bundle / "mqtt-password") == 0o600
    assert (bundle / "ca.crt").read_bytes() == (root / "etc/mosquitto/workshop/ca.crt").read_bytes()
    assert f"--password-file {bundle}/mqtt-password" in result.stdout
    assert "systemctl reload mosquitto.service" in host_actions(root)
    assert mode(root / "etc/mosquitto/workshop/passwd") == 0o640
    office_broker.reload()

    topic = "workshop/centre-east/station/bench-01/events"
    credentials = root / "etc/workshop/credentials"
    ingest = subprocess.Popen(
        [
            "mosquitto_sub",
            "-h",
            "127.0.0.1",
            "-p",
            str(office_broker.tls_port),
            "--cafile",
            str(credentials / "ca.crt"),
            "-u",
            "central-ingest-1",
            "-P",
            (credentials / "central-ingest-1.password").read_text().strip(),
            "-V",
            "mqttv5",
            "-t",
            "workshop/#",
            "-C",
            "1",
            "-W",
            "20",
            "-v",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The reload and the subscription are asynchronous: publish (bounded) until the ingest
        # user has the message; a station unknown to the broker is refused meanwhile.
        deadline = time.monotonic() + 15
        while ingest.poll() is None and time.monotonic() < deadline:
            mqtt(
                "mosquitto_pub",
                office_broker,
                "bench-01",
                bundle / "mqtt-password",
                bundle / "ca.crt",
                "-t",
                topic,
                "-m",
                "batch-1",
                "-q",
                "1",
            )
            time.sleep(0.1)
        out, err = ingest.communicate(timeout=25)
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.communicate(timeout=10)
    assert out.strip() == f"{topic} batch-1", err

    wrong = tmp_path / "wrong-password"
    wrong.write_text(password + "x")
    refused = mqtt("mosquitto_pub", office_broker, "bench-01", wrong, bundle / "ca.crt", "-t", topic, "-m", "x")
    assert refused.returncode != 0 and "not authori" in (refused.stderr + refused.stdout).lower()


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
    assert [line.split(":")[0] for line in passwd] == ["central-ingest-1", "office", "bench-01"]
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


def test_dry_runs_write_nothing(tmp_path: Path) -> None:
    root = tmp_path / "root"
    flags = ["--tls-dir", tls_dir(tmp_path), "--mosquitto-dir", mosquitto_dir(tmp_path), "--root", root]
    result = run_script("provision-office.sh", *flags, "--dry-run")
    assert not root.exists()
    for expected in (
        "would write /etc/mosquitto/conf.d/workshop.conf",
        "would write /etc/workshop/office.env",
        "would run: mosquitto_passwd -b /etc/mosquitto/workshop/passwd central-ingest-1 ********",
        "would run: systemctl enable workshop-central-ingest.service",
        "dry run: nothing was changed",
    ):
        assert expected in result.stdout, expected
    run_script("provision-office.sh", *flags)
    before = tree_digest(root)
    added = run_script(
        "office-add-station.sh", "--station-id", "bench-02", "--out", tmp_path / "out", "--root", root, "--dry-run"
    )
    assert "would run: mosquitto_passwd -b /etc/mosquitto/workshop/passwd bench-02 ********" in added.stdout
    assert tree_digest(root) == before and not (tmp_path / "out").exists()
