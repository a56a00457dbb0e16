"""Helpers for the deployment tests: run the provisioning scripts, read the systemd units they
install, and turn a unit's command line into one that runs inside a `--root` layout."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sysconfig
import venv
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
# Absolute paths of the installed layout that a test re-roots under its --root directory.
LAYOUT_PREFIXES = ("/opt/workshop", "/etc/workshop", "/data/workshop", "/var/lib/workshop")


def run_script(name: str, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Runs deploy/NAME with bash; the scripts print every action on stdout."""
    result = subprocess.run(["bash", str(DEPLOY / name), *map(str, args)], capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"{name} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def station_flags(secrets: Path, **overrides: str) -> list[str]:
    """The provision-station.sh flags of a typical station, with its credential files in SECRETS."""
    secrets.mkdir(parents=True, exist_ok=True)
    (secrets / "mqtt-password").write_text("s3cret-for-bench-01\n")
    (secrets / "ca.crt").write_text("-----BEGIN CERTIFICATE-----\nstand-in\n-----END CERTIFICATE-----\n")
    (secrets / "pin-pepper").write_text("pepper-of-centre-east\n")
    flags = {
        "station-id": "bench-01",
        "site": "centre-east",
        "broker": "mqtts://office.local:8883",
        "password-file": str(secrets / "mqtt-password"),
        "ca-file": str(secrets / "ca.crt"),
        "pin-pepper-file": str(secrets / "pin-pepper"),
    } | overrides
    return [part for key, value in flags.items() for part in (f"--{key}", value)]


def host_actions(root: Path) -> list[str]:
    """The host commands a --root run recorded instead of running."""
    return (root / "var/lib/workshop-provision/host-actions.txt").read_text().splitlines()


def tree_digest(root: Path) -> dict[str, tuple[int, bytes]]:
    """Mode and content of every file under ROOT but the record of host actions (which describes
    one run), to compare two runs."""
    record = root / "var/lib/workshop-provision/host-actions.txt"
    return {
        str(path.relative_to(root)): (path.stat().st_mode, path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink() and path != record
    }


def read_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """Parses a systemd unit file: section -> key -> values (in order; continuation lines joined)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    logical = ""
    for raw in path.read_text().splitlines():
        line = logical + raw.strip()
        if line.endswith("\\"):
            logical = line[:-1].rstrip() + " "
            continue
        logical = ""
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a systemd EnvironmentFile (comments and blank lines skipped)."""
    env = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    return env


def reroot(value: str, root: Path) -> str:
    """A path of the installed layout moved under ROOT; anything else unchanged."""
    if value.startswith(LAYOUT_PREFIXES):
        return f"{root}{value}"
    return value


@dataclass(frozen=True)
class UnitCommand:
    argv: list[str]
    env: dict[str, str]
    cwd: Path


def unit_command(root: Path, unit_name: str, setting: str = "ExecStart") -> UnitCommand:
    """ExecStart (or the one line of `setting`, e.g. ExecStartPre), Environment/EnvironmentFile and
    WorkingDirectory of an installed unit, the way systemd combines them, with the layout's
    paths moved under ROOT."""
    service = read_unit(root / "etc/systemd/system" / unit_name)["Service"]
    env: dict[str, str] = {}
    # systemd applies Environment= and EnvironmentFile= in that order: files override.
    for assignment in service.get("Environment", []):
        for item in shlex.split(assignment):
            key, _, value = item.partition("=")
            env[key] = value
    for file in service.get("EnvironmentFile", []):
        path = root / file.lstrip("-").lstrip("/")
        if path.exists() or not file.startswith("-"):
            env.update(read_env_file(path))
    (command,) = service[setting]
    argv = [reroot(_expand(arg, env), root) for arg in shlex.split(command)]
    env = {key: reroot(value, root) for key, value in env.items()}
    return UnitCommand(argv=argv, env=env, cwd=Path(reroot(service["WorkingDirectory"][0], root)))


def _expand(arg: str, env: dict[str, str]) -> str:
    for key, value in env.items():
        arg = arg.replace("${" + key + "}", value)
    return arg


def stand_in_venv(root: Path) -> Path:
    """Creates /opt/workshop/venv inside ROOT as a real virtualenv that sees this test run's
    packages (a Pi builds it from PyPI; tests must not download). Returns its python."""
    target = root / "opt/workshop/venv"
    if not (target / "bin/python").exists():
        venv.EnvBuilder(with_pip=False, symlinks=True).create(target)
        (site,) = (target / "lib").glob("python3*/site-packages")
        (site / "workshop-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return target / "bin/python"


def base_env(home: Path) -> dict[str, str]:
    """The bare environment systemd gives a service: no inherited variables from the test run."""
    home.mkdir(parents=True, exist_ok=True)
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}


def systemd_root(root: Path) -> None:
    """Gives ROOT the distribution's own units (targets, getty@, mosquitto...) so that
    `systemd-analyze verify --root` can resolve the dependencies of ours."""
    if (root / "usr/lib/systemd/system/multi-user.target").exists():
        return
    for directory in ("/usr/lib/systemd/system", "/lib/systemd/system"):
        if Path(directory).is_dir():
            shutil.copytree(directory, root / "usr/lib/systemd/system", symlinks=True, dirs_exist_ok=True)
            return


def stand_in_executable(root: Path, path: str) -> None:
    """An executable file at PATH inside ROOT (verify checks that ExecStart= exists)."""
    target = root / path.lstrip("/")
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("#!/bin/sh\nexit 0\n")
        target.chmod(0o755)
