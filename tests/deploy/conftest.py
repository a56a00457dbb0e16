"""Provisioned layouts shared by the deployment tests (each built once per module)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.broker import Broker, running_broker
from tests.deploy.layout import REPO, run_script, station_flags

MAKE_TEST_CA = REPO / "deploy/mosquitto/make-test-ca.sh"


@pytest.fixture(scope="module")
def station_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A station laid out by `provision-station.sh --root` (official 7" display)."""
    base = tmp_path_factory.mktemp("station")
    run_script("provision-station.sh", *station_flags(base / "secrets"), "--root", base / "root")
    return base / "root"


def mosquitto_dir(base: Path) -> Path:
    """The broker configuration to install: the project's deploy/mosquitto once it exists,
    until then a minimal stand-in with the same file names."""
    real = REPO / "deploy/mosquitto"
    if (real / "mosquitto.conf").exists():
        return real
    stand_in = base / "mosquitto"
    stand_in.mkdir(parents=True, exist_ok=True)
    (stand_in / "mosquitto.conf").write_text(
        "listener 8883\nallow_anonymous false\npassword_file /etc/mosquitto/workshop/passwd\n"
        "acl_file /etc/mosquitto/workshop/acl\n"
    )
    (stand_in / "acl").write_text("pattern write workshop/+/station/%u/#\n")
    return stand_in


def tls_dir(base: Path) -> Path:
    tls = base / "tls"
    tls.mkdir(parents=True, exist_ok=True)
    for name in ("ca.crt", "server.crt", "server.key"):
        (tls / name).write_text(f"stand-in {name}\n")
    return tls


@pytest.fixture(scope="module")
def office_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An office server laid out by `provision-office.sh --root`."""
    base = tmp_path_factory.mktemp("office")
    run_script(
        "provision-office.sh",
        "--tls-dir",
        tls_dir(base),
        "--mosquitto-dir",
        mosquitto_dir(base),
        "--root",
        base / "root",
    )
    return base / "root"


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real CA and broker certificate (ca.crt, server.crt, server.key) from the project's
    deploy/mosquitto/make-test-ca.sh, for whatever opens a TLS connection."""
    if not MAKE_TEST_CA.exists():
        pytest.skip("deploy/mosquitto/make-test-ca.sh is not on this branch yet")
    out = tmp_path_factory.mktemp("tls")
    subprocess.run(["bash", str(MAKE_TEST_CA), str(out), "office.local"], check=True, capture_output=True, timeout=120)
    return out


@pytest.fixture
def office_broker(tmp_path: Path, test_ca: Path) -> Iterator[Broker]:
    """An office provisioned into --root with real certificates, and mosquitto running its config."""
    mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    assert Path(mosquitto).exists(), "mosquitto is missing (Debian package mosquitto)"
    if not (mosquitto_dir(tmp_path) / "acl").exists():
        pytest.skip("deploy/mosquitto/ (the broker configuration) is not on this branch yet")
    root = tmp_path / "office"
    run_script("provision-office.sh", "--tls-dir", test_ca, "--mosquitto-dir", mosquitto_dir(tmp_path), "--root", root)
    with running_broker(mosquitto, root, tmp_path) as broker:
        yield broker
