"""provision-station.sh: what it lays into a --root directory, what it leaves to the host, that a
second run changes nothing, that --dry-run changes nothing, and clear answers to bad flags."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from tests.deploy.layout import DEPLOY, REPO, host_actions, run_script, station_flags, tree_digest


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_station_settings_have_exactly_the_example_keys(station_root: Path) -> None:
    example = tomllib.loads((DEPLOY / "station.example.toml").read_text())
    installed = tomllib.loads((station_root / "etc/workshop/station.toml").read_text())
    assert {s: set(keys) for s, keys in installed.items()} == {s: set(keys) for s, keys in example.items()}
    assert {s: set(keys) for s, keys in example.items()} == {
        "station": {"id", "site", "database", "language", "assets_dir"},
        "scale": {"profile", "port"},
        "printer": {"profile", "target"},
        "sync": {"broker", "username", "password_file", "ca_file", "pin_pepper_file"},
        "kiosk": {
            "idle_seconds",
            "dpi",
            "supervisor_timeout_seconds",
            "undo_seconds",
            "tally_ceiling",
            "not_checked_in",
            "sounds",
            "tap_cooldown_ms",
        },
    }


def test_station_settings_carry_the_flags(station_root: Path) -> None:
    settings = tomllib.loads((station_root / "etc/workshop/station.toml").read_text())
    assert settings["station"] == {
        "id": "bench-01",
        "site": "centre-east",
        "database": "/data/workshop/station.db",
        "language": "zh-Hans",
        "assets_dir": "/opt/workshop/app/assets",
    }
    assert settings["sync"] == {
        "broker": "mqtts://office.local:8883",
        "username": "bench-01",
        "password_file": "/etc/workshop/credentials/mqtt-password",
        "ca_file": "/etc/workshop/credentials/ca.crt",
        "pin_pepper_file": "/etc/workshop/credentials/pin-pepper",
    }
    assert settings["scale"] == {"profile": "mt-sics", "port": "/dev/workshop-scale"}
    assert settings["printer"] == {"profile": "gbk-58", "target": "usb:0416:5011"}
    assert settings["kiosk"]["dpi"] == 132 and settings["kiosk"]["sounds"] is True
    for path in (
        settings["sync"]["password_file"],
        settings["sync"]["ca_file"],
        settings["sync"]["pin_pepper_file"],
        settings["station"]["assets_dir"],
    ):
        assert (station_root / path.lstrip("/")).exists(), path


def test_secrets_are_not_world_readable(station_root: Path) -> None:
    etc = station_root / "etc/workshop"
    assert (etc / "credentials/mqtt-password").read_text() == "s3cret-for-bench-01\n"
    assert mode(etc / "credentials/mqtt-password") == 0o640
    assert mode(etc / "credentials/pin-pepper") == 0o640
    assert mode(etc / "credentials") == 0o750
    assert mode(etc / "station.toml") == 0o640
    # The owner is the service user's group: recorded for the host, since it may not exist here.
    assert "chown root:workshop /etc/workshop/credentials/mqtt-password" in host_actions(station_root)


def test_application_is_copied_without_caches(station_root: Path) -> None:
    app = station_root / "opt/workshop/app"
    assert (app / "station/__main__.py").read_bytes() == (REPO / "station/__main__.py").read_bytes()
    assert (app / "sync/cli.py").exists() and (app / "assets/pictograms").is_dir()
    assert (app / "firmware_config/printers").is_dir()
    assert not (app / "office").exists(), "the office's package has no place on a station"
    assert not list(app.rglob("__pycache__")) and not list(app.rglob("*.db"))
    # Base dependencies and the station extra, installed at the pinned versions copied along.
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = (app / "requirements.txt").read_text().splitlines()
    assert requirements == project["dependencies"] + project["optional-dependencies"]["station"]
    assert "kivy[base]==2.3.1" in requirements and not any(r.startswith("fastapi") for r in requirements)
    constraints = app / "requirements/constraints.txt"
    assert constraints.read_bytes() == (REPO / "requirements/constraints.txt").read_bytes()
    assert (station_root / "opt/workshop/bin/workshop-backup").stat().st_mode & stat.S_IXUSR


def test_host_actions_are_recorded_not_run(station_root: Path) -> None:
    actions = host_actions(station_root)
    assert any("apt-get install" in a and "fake-hwclock" in a and "libmtdev1" in a for a in actions)
    assert any(a.startswith("useradd --system") and a.endswith(" workshop") for a in actions)
    assert "usermod --append --groups video,render,input,dialout workshop" in actions
    assert "python3 -m venv /opt/workshop/venv" in actions
    assert (
        "/opt/workshop/venv/bin/python -m pip install --quiet -c /opt/workshop/app/requirements/constraints.txt "
        "-r /opt/workshop/app/requirements.txt"
    ) in actions
    # The units never write bytecode, so the copied app is compiled once, after the venv exists.
    assert "/opt/workshop/venv/bin/python -m compileall -q -j 0 /opt/workshop/app" in actions
    for unit in ("workshop-kiosk.service", "workshop-backup.timer", "var-lib-systemd-timesync.mount"):
        assert f"systemctl enable {unit}" in actions
    # The separate sync service ships disabled: the kiosk syncs in-process.
    assert not any("workshop-station-sync" in a for a in actions)
    assert "systemctl disable getty@tty1.service" in actions


def test_units_rules_and_system_settings_are_installed(station_root: Path) -> None:
    system = station_root / "etc/systemd/system"
    for unit in (
        "workshop-kiosk.service",
        "workshop-station-sync.service",
        "workshop-backup.service",
        "workshop-backup.timer",
        "var-lib-systemd-timesync.mount",
        "fake-hwclock.service.d/workshop.conf",
    ):
        assert (system / unit).read_bytes() == (DEPLOY / "systemd" / unit).read_bytes(), unit
    rules = station_root / "etc/udev/rules.d"
    assert 'SYMLINK+="workshop-printer"' in (rules / "61-workshop-printer.rules").read_text()
    # Every rule file of deploy/udev/ (the scale's too) is installed.
    assert {p.name for p in rules.iterdir()} == {p.name for p in (DEPLOY / "udev").glob("*.rules")}
    tmpfiles = (station_root / "etc/tmpfiles.d/workshop.conf").read_text()
    assert "d /data/workshop          0750 workshop" in tmpfiles
    assert "Storage=volatile" in (station_root / "etc/systemd/journald.conf.d/workshop.conf").read_text()
    timesyncd = (station_root / "etc/systemd/timesyncd.conf.d/workshop.conf").read_text()
    assert "NTP=office.local\n" in timesyncd
    assert "FILE=/data/system/fake-hwclock.data" in (station_root / "etc/default/fake-hwclock").read_text()
    fstab = station_root / "etc/fstab"
    assert "LABEL=workshop-data  /data  ext4  defaults,noatime,nofail" in fstab.read_text()
    assert mode(fstab) == 0o644
    assert (station_root / "data/workshop/backup").is_dir() and (station_root / "data/system/timesync").is_dir()


def test_boot_firmware_gets_the_fragments(station_root: Path) -> None:
    config = (station_root / "boot/firmware/config.txt").read_text()
    lines = config.splitlines()
    assert lines.count("# BEGIN workshop station") == 1 and lines.count("# BEGIN workshop display") == 1
    assert "enable_uart=1" in config and "dtparam=audio=on" in config
    assert "Touch Display" in config  # the official 7" fragment names the display
    assert (station_root / "boot/firmware/cmdline.txt").read_text() == (
        "consoleblank=0 vt.global_cursor_default=0 logo.nologo quiet loglevel=3\n"
    )


def test_touch_display_2_and_an_existing_boot_partition(tmp_path: Path) -> None:
    root = tmp_path / "root"
    boot = root / "boot/firmware"
    boot.mkdir(parents=True)
    (boot / "cmdline.txt").write_text(
        "console=serial0,115200 console=tty1 root=PARTUUID=1234-02 rootfstype=ext4 fsck.repair=yes rootwait\n"
    )
    (boot / "config.txt").write_text("dtparam=audio=on\ndtoverlay=vc4-kms-v3d\n[cm4]\notg_mode=1\n[all]\n")
    flags = station_flags(tmp_path / "secrets", display="touch-display-2", printer="tcp:192.168.1.50:9100")
    run_script("provision-station.sh", *flags, "--overlay", "--root", root)

    cmdline = (boot / "cmdline.txt").read_text()
    assert cmdline.count("\n") == 1, "cmdline.txt must stay one line"
    tokens = cmdline.split()
    assert "console=serial0,115200" not in tokens, "the GPIO UART belongs to the scale"
    assert tokens[:5] == [
        "console=tty1",
        "root=PARTUUID=1234-02",
        "rootfstype=ext4",
        "fsck.repair=yes",
        "rootwait",
    ]
    assert {"consoleblank=0", "overlayroot=tmpfs:recurse=0"} <= set(tokens)
    config = (boot / "config.txt").read_text()
    assert config.startswith("dtparam=audio=on\ndtoverlay=vc4-kms-v3d\n[cm4]\notg_mode=1\n[all]\n")
    assert "dtoverlay=vc4-kms-dsi-ili9881-7inch" in config
    assert (root / "etc/workshop/kiosk.env").read_text().splitlines()[1:] == [
        "KIVY_DPI=210",
        "KCFG_GRAPHICS_ROTATION=90",
    ]
    settings = tomllib.loads((root / "etc/workshop/station.toml").read_text())
    assert settings["kiosk"]["dpi"] == 210 and settings["printer"]["target"] == "tcp:192.168.1.50:9100"
    actions = host_actions(root)
    assert "raspi-config nonint do_overlayfs 0" in actions
    assert any(a.startswith("env DEBIAN_FRONTEND") and a.endswith(" overlayroot") for a in actions)


def test_second_run_changes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "root"
    flags = [*station_flags(tmp_path / "secrets"), "--root", str(root)]
    first = run_script("provision-station.sh", *flags)
    before = tree_digest(root)
    second = run_script("provision-station.sh", *flags)
    assert "file(s) changed" in first.stdout and "done: 0 file(s) changed" in second.stdout
    assert tree_digest(root) == before
    assert "skipped (--root): /opt/workshop/venv/bin/python -m compileall" not in second.stdout
    # Changing one flag rewrites exactly the files that depend on it.
    third = run_script("provision-station.sh", *flags, "--language", "en")
    assert [line for line in third.stdout.splitlines() if line.startswith("write ")] == [
        "write /etc/workshop/station.toml (mode 0640)"
    ]


def test_dry_run_prints_every_action_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "root"
    result = run_script("provision-station.sh", *station_flags(tmp_path / "secrets"), "--dry-run", "--root", root)
    assert not root.exists()
    out = result.stdout
    for expected in (
        "would write /etc/workshop/station.toml",
        "would write /etc/systemd/system/workshop-kiosk.service",
        "would copy the application",
        "would create directory /data/workshop",
        "would write /boot/firmware/cmdline.txt",
        "would run: env DEBIAN_FRONTEND=noninteractive apt-get",
        "would run: useradd",
        "would run: systemctl enable workshop-kiosk.service",
        "dry run: nothing was changed",
    ):
        assert expected in out, expected


def test_dry_run_on_this_machine_changes_nothing(tmp_path: Path) -> None:
    watched = [
        Path(p)
        for p in (
            "/etc/workshop",
            "/opt/workshop",
            "/data/workshop",
            "/etc/udev/rules.d/61-workshop-printer.rules",
        )
    ]
    before = {path: path.exists() for path in watched}
    result = run_script("provision-station.sh", *station_flags(tmp_path / "secrets"), "--dry-run")
    assert "would run: systemctl enable workshop-kiosk.service" in result.stdout
    assert "skipped (--root)" not in result.stdout
    assert {path: path.exists() for path in watched} == before


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"station-id": "bench 01"}, "station id 'bench 01' must be"),
        ({"station-id": "bench+01"}, "no spaces, '+', '#' or '/'"),
        ({"site": "a/b"}, "site 'a/b' must be"),
        ({"broker": "http://office.local"}, "broker 'http://office.local' must look like mqtts://HOST:PORT"),
        ({"printer": "lpt1"}, "--printer 'lpt1' must be usb:VVVV:PPPP"),
        ({"display": "hdmi"}, "--display must be official-7 or touch-display-2"),
        ({"password-file": "/nonexistent/pw"}, "--password-file: no file '/nonexistent/pw'"),
        ({"language": "fr"}, "--language must be zh-Hans, zh-Hant or en"),
        ({"printer-profile": "gb-58"}, "no printer profile 'gb-58'; known: big5-80 gbk-58"),
        ({"scale-profile": "acme"}, "no scale profile 'acme'; known: and cas mt-sics"),
    ],
)
def test_bad_flags_get_a_clear_answer_and_change_nothing(
    tmp_path: Path, override: dict[str, str], message: str
) -> None:
    root = tmp_path / "root"
    result = run_script("provision-station.sh", *station_flags(tmp_path / "s", **override), "--root", root, check=False)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not root.exists()


def test_missing_flags_and_help(tmp_path: Path) -> None:
    missing = run_script("provision-station.sh", "--site", "x", "--root", tmp_path, check=False)
    assert missing.returncode == 2 and "--station-id, --site and --broker are required" in missing.stderr
    unknown = run_script("provision-station.sh", "--colour", "red", check=False)
    assert unknown.returncode == 2 and "unknown option --colour" in unknown.stderr
    helped = run_script("provision-station.sh", "--help")
    assert "--station-id ID" in helped.stdout and "--dry-run" in helped.stdout and "set -euo" not in helped.stdout
