"""Every systemd unit passes `systemd-analyze verify` where it is installed, and says what the
kiosk needs: KMS/DRM on tty1, the touch settings, a watchdog, restart for ever."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.layout import DEPLOY, read_unit, stand_in_executable, systemd_root

STATION_UNITS = [
    "workshop-kiosk.service",
    "workshop-station-sync.service",
    "workshop-backup.service",
    "workshop-backup.timer",
    "var-lib-systemd-timesync.mount",
]
OFFICE_UNITS = ["workshop-central-ingest.service", "workshop-central-web.service", "mosquitto.service"]


def test_every_shipped_unit_is_verified() -> None:
    shipped = {path.name for path in (DEPLOY / "systemd").iterdir() if path.is_file()}
    assert shipped == set(STATION_UNITS + OFFICE_UNITS) - {"mosquitto.service"}
    # Drop-ins are verified with the unit they extend (fake-hwclock's with a stand-in unit).
    assert {p.parent.name for p in (DEPLOY / "systemd").glob("*.d/*.conf")} == {
        "mosquitto.service.d",
        "fake-hwclock.service.d",
    }


def verify(root: Path, units: list[str]) -> None:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: install the Debian package systemd (scripts/debian-packages.txt)"
    result = subprocess.run(
        [
            analyze,
            "verify",
            "--man=no",
            "--generators=no",
            f"--root={root}",
            *(
                f"/etc/systemd/system/{unit}" if (root / "etc/systemd/system" / unit).exists() else unit
                for unit in units
            ),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stdout + result.stderr


# The virtualenv is built on the machine by pip (a host action under --root): a stand-in here.
VENV_PYTHON = "/opt/workshop/venv/bin/python"


def test_station_units_verify(station_root: Path) -> None:
    systemd_root(station_root)
    stand_in_executable(station_root, VENV_PYTHON)
    (station_root / "usr/lib/systemd/system/fake-hwclock.service").write_text(
        "[Unit]\nDescription=stand-in for Debian's fake-hwclock.service\n"
        "[Service]\nType=oneshot\nExecStart=/sbin/fake-hwclock load\n"
    )
    stand_in_executable(station_root, "/sbin/fake-hwclock")
    verify(station_root, [*STATION_UNITS, "fake-hwclock.service"])


def test_office_units_verify(office_root: Path) -> None:
    systemd_root(office_root)
    if not (office_root / "usr/lib/systemd/system/mosquitto.service").exists():
        pytest.fail("Debian's mosquitto.service is missing: install the Debian package mosquitto")
    stand_in_executable(office_root, VENV_PYTHON)
    # Debian's mosquitto.service runs mosquitto, mkdir, chown, kill: stand-ins for what is not
    # in the layout (the host's own binaries live outside --root).
    mosquitto = read_unit(office_root / "usr/lib/systemd/system/mosquitto.service")["Service"]
    for key in ("ExecStartPre", "ExecStart", "ExecReload"):
        for command in mosquitto.get(key, []):
            stand_in_executable(office_root, command.split()[0].lstrip("-@+!:"))
    verify(office_root, OFFICE_UNITS)


def test_a_broken_unit_fails_verify(station_root: Path, tmp_path: Path) -> None:
    """The check above can fail: a unit whose program is missing is reported."""
    systemd_root(station_root)
    broken = station_root / "etc/systemd/system/workshop-broken.service"
    broken.write_text("[Service]\nExecStart=/opt/workshop/venv/bin/nothing-here\n")
    try:
        with pytest.raises(AssertionError, match="nothing-here"):
            verify(station_root, ["workshop-broken.service"])
    finally:
        broken.unlink()


def test_kiosk_unit_settings() -> None:
    unit = read_unit(DEPLOY / "systemd/workshop-kiosk.service")
    service = unit["Service"]
    env = " ".join(service["Environment"])
    for setting in (
        "SDL_VIDEODRIVER=kmsdrm",
        "KIVY_NO_ARGS=1",
        "KIVY_NO_CONFIG=1",
        "KCFG_GRAPHICS_SHOW_CURSOR=0",
        "KCFG_KIVY_EXIT_ON_ESCAPE=0",
        "KCFG_INPUT_MOUSE=none",
        "KIVY_DPI=132",
        "LP_NUM_THREADS=0",  # bounded memory if it ever falls back to llvmpipe (docs/kiosk.md)
    ):
        assert setting in env.split(), setting
    high, maximum = (int(service[key][0].removesuffix("M")) for key in ("MemoryHigh", "MemoryMax"))
    assert 0 < high < maximum
    assert service["ExecStart"] == ["/opt/workshop/venv/bin/python -m station run --config /etc/workshop/station.toml"]
    assert service["Type"] == ["notify"] and service["WatchdogSec"] == ["30"] and service["Restart"] == ["always"]
    assert service["TTYPath"] == ["/dev/tty1"] and service["User"] == ["workshop"]
    assert service["SupplementaryGroups"] == ["video render input dialout"]
    assert service["EnvironmentFile"] == ["-/etc/workshop/kiosk.env"]
    assert unit["Unit"]["Conflicts"] == ["getty@tty1.service"]
    assert unit["Unit"]["AssertPathIsMountPoint"] == ["/data"]


def test_station_sync_unit_is_the_sync_helpers_command_and_not_installed_enabled() -> None:
    unit = read_unit(DEPLOY / "systemd/workshop-station-sync.service")
    assert unit["Service"]["ExecStart"] == [
        "/opt/workshop/venv/bin/python -m station sync --db /data/workshop/station.db "
        "--broker ${WORKSHOP_BROKER} --station-id ${WORKSHOP_STATION_ID} --site ${WORKSHOP_SITE} "
        "--username ${WORKSHOP_MQTT_USERNAME} --password-file /etc/workshop/credentials/mqtt-password "
        "--ca-file /etc/workshop/credentials/ca.crt"
    ]
    assert "NOT enabled by default" in (DEPLOY / "systemd/workshop-station-sync.service").read_text()


def test_office_unit_commands() -> None:
    ingest_unit = read_unit(DEPLOY / "systemd/workshop-central-ingest.service")["Service"]
    ingest = ingest_unit["ExecStart"]
    web = read_unit(DEPLOY / "systemd/workshop-central-web.service")["Service"]["ExecStart"]
    # The office's migrations make or upgrade the schema first: the ingest refuses a database without it.
    assert ingest_unit["ExecStartPre"] == [
        "/opt/workshop/venv/bin/python -m office migrate --db ${WORKSHOP_CENTRAL_DB}"
    ]
    assert ingest == [
        "/opt/workshop/venv/bin/python -m sync central --db ${WORKSHOP_CENTRAL_DB} --broker ${WORKSHOP_BROKER} "
        "--username central-ingest-1 --password-file /etc/workshop/credentials/central-ingest-1.password "
        "--ca-file /etc/workshop/credentials/ca.crt --share-group-file /etc/workshop/credentials/share-group"
    ]
    assert web == [
        "/opt/workshop/venv/bin/python -m office web --db ${WORKSHOP_CENTRAL_DB} --host 127.0.0.1 "
        "--port 8080 "
        "--broker ${WORKSHOP_BROKER} --username office --password-file /etc/workshop/credentials/office.password "
        "--ca-file /etc/workshop/credentials/ca.crt"
    ]
