"""deploy/office-add-centre.sh (the city side of a bridge) and deploy/provision-centre.sh (the
town centre's broker), laid out under --root; tests/sync/test_centre_bridge.py runs the result."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deploy.conftest import mosquitto_dir, tls_dir
from tests.deploy.layout import REPO, host_actions, run_script, tree_digest


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An office laid out under --root, and the bridge bundle office-add-centre.sh made for site changan."""
    base = tmp_path_factory.mktemp("city")
    flags = ["--tls-dir", tls_dir(base), "--mosquitto-dir", mosquitto_dir(base), "--root", base / "root"]
    run_script("provision-office.sh", *flags)
    run_script("office-add-centre.sh", "--site", "changan", "--out", base / "centres", "--root", base / "root")
    return base / "centres/changan"


def city_root(bundle: Path) -> Path:
    return bundle.parents[1] / "root"


def centre_flags(bundle: Path, base: Path) -> list[str | Path]:
    return [
        "--site", "changan", "--tls-dir", tls_dir(base), "--bridge-dir", bundle,
        "--city-broker", "mqtts://city.example:8884", "--mosquitto-dir", REPO / "deploy/mosquitto",
    ]  # fmt: skip


def test_office_add_centre_gives_the_bridge_a_user_and_its_own_topics(bundle: Path) -> None:
    root = city_root(bundle)
    password = (bundle / "bridge-password").read_text().strip()
    assert len(password) == 32 and mode(bundle / "bridge-password") == 0o600
    assert (bundle / "ca.crt").read_bytes() == (root / "etc/mosquitto/workshop/ca.crt").read_bytes()
    assert "centre-changan:" in (root / "etc/mosquitto/workshop/passwd").read_text()
    acl = (root / "etc/mosquitto/workshop/acl").read_text()
    assert acl.startswith((REPO / "deploy/mosquitto/acl").read_text())
    assert acl.endswith(
        "# BEGIN workshop centre changan\nuser centre-changan\n"
        "topic write workshop/changan/station/+/events\ntopic write workshop/changan/station/+/status\n"
        "topic read workshop/changan/station/+/ack\ntopic read workshop/changan/config/#\n"
        "topic read workshop/changan/photo/+\n# END workshop centre changan\n"
    )
    assert "systemctl reload mosquitto.service" in host_actions(root)
    assert not (root / "etc/mosquitto/workshop/centre.conf").exists()


def test_provisioning_the_office_again_keeps_the_centres(bundle: Path) -> None:
    root, base = city_root(bundle), bundle.parents[1]
    before = tree_digest(root)
    run_script("office-add-centre.sh", "--site", "changan", "--out", bundle.parent, "--root", root)
    flags = ["--tls-dir", tls_dir(base), "--mosquitto-dir", mosquitto_dir(base), "--root", root]
    run_script("provision-office.sh", *flags)
    assert tree_digest(root) == before


def test_centre_layout(bundle: Path, tmp_path: Path) -> None:
    root = tmp_path / "centre"
    run_script("provision-centre.sh", *centre_flags(bundle, tmp_path), "--root", root)
    mosquitto = root / "etc/mosquitto"
    conf = (mosquitto / "conf.d/workshop-centre.conf").read_text()
    password = (bundle / "bridge-password").read_text().strip()
    for line in (
        "address city.example:8884",
        "remote_clientid centre-changan",
        "remote_username centre-changan",
        f"remote_password {password}",
        "bridge_cafile /etc/mosquitto/workshop/city-ca.crt",
        "cleansession false",
        "bridge_attempt_unsubscribe false",
        "persistence true",
        "topic workshop/changan/station/+/events out 1",
        "topic workshop/changan/station/+/status out 1",
        "topic workshop/changan/station/+/ack in 1",
        "topic workshop/changan/config/# in 1",
    ):
        assert f"\n{line}\n" in conf
    assert "@" not in conf.replace("\n#", "")
    assert mode(mosquitto / "conf.d/workshop-centre.conf") == 0o640
    acl = (mosquitto / "workshop/acl").read_text()
    assert "pattern write workshop/changan/station/%u/events" in acl and "@SITE@" not in acl
    assert (mosquitto / "workshop/city-ca.crt").read_bytes() == (bundle / "ca.crt").read_bytes()
    assert (mosquitto / "workshop/passwd").exists() and mode(mosquitto / "workshop/server.key") == 0o640
    actions = host_actions(root)
    assert "chown root:mosquitto /etc/mosquitto/conf.d/workshop-centre.conf" in actions
    assert "systemctl enable mosquitto.service" in actions and "systemctl restart mosquitto.service" in actions
    # Stations are added on the centre with the office's script: it finds the centre's files.
    station = ("--site", "changan", "--station-id", "bench-01")
    added = run_script("office-add-station.sh", *station, "--out", tmp_path / "st", "--root", root)
    pepper = (root / "etc/workshop/credentials/pin-pepper-changan").read_bytes()
    assert (tmp_path / "st/bench-01/pin-pepper").read_bytes() == pepper == (bundle / "pin-pepper").read_bytes()
    assert "bench-01:" in (mosquitto / "workshop/passwd").read_text(), added.stdout

    before = tree_digest(root)
    run_script("provision-centre.sh", *centre_flags(bundle, tmp_path), "--root", root)
    assert tree_digest(root) == before
    assert "systemctl restart mosquitto.service" not in host_actions(root)


def test_dry_run_writes_nothing(bundle: Path, tmp_path: Path) -> None:
    root = tmp_path / "centre"
    result = run_script("provision-centre.sh", *centre_flags(bundle, tmp_path), "--root", root, "--dry-run")
    assert "would write /etc/mosquitto/conf.d/workshop-centre.conf (mode 0640)" in result.stdout
    assert "would run: systemctl restart mosquitto.service" in result.stdout
    assert not root.exists() or not any(path.is_file() for path in root.rglob("*"))
    planned = run_script("office-add-centre.sh", "--site", "huangjiang", "--out", tmp_path / "c", "--dry-run",
                         "--root", city_root(bundle))  # fmt: skip
    assert "would run: mosquitto_passwd -b /etc/mosquitto/workshop/passwd centre-huangjiang ********" in planned.stdout
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--site": "chang an"}, "site 'chang an' must be"),
        ({"--city-broker": "mqtt://city.example:1883"}, "city broker 'mqtt://city.example:1883' must look like"),
        ({"--bridge-dir": "/nonexistent"}, "--bridge-dir: no bridge-password in '/nonexistent'"),
    ],
)
def test_bad_flags(bundle: Path, tmp_path: Path, change: dict[str, str], message: str) -> None:
    flags = [str(part) for part in centre_flags(bundle, tmp_path)]
    for flag, value in change.items():
        flags[flags.index(flag) + 1] = value
    result = run_script("provision-centre.sh", *flags, "--root", tmp_path / "root", check=False)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
