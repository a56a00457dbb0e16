"""Every deployment script passes shellcheck (following the sourced library)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.deploy.layout import DEPLOY, REPO

SCRIPTS = sorted([*DEPLOY.rglob("*.sh"), *(DEPLOY / "bin").iterdir()])


def test_every_script_is_found() -> None:
    names = {path.name for path in SCRIPTS}
    assert {"provision-station.sh", "provision-office.sh", "office-add-station.sh", "provision.sh"} <= names
    assert "workshop-backup" in names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: str(path.relative_to(REPO)))
def test_shellcheck_passes(script) -> None:
    shellcheck = shutil.which("shellcheck")
    assert shellcheck, "shellcheck is missing: scripts/setup.sh installs it (scripts/debian-packages.txt)"
    result = subprocess.run(
        [shellcheck, "-x", "--severity=style", script.name],
        cwd=script.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
