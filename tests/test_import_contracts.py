"""The dependency rules of pyproject.toml's [tool.importlinter] hold, and each would catch a breach.

The rules keep per-machine installs possible (sync without station/office, station and office
apart), the presenters testable without Kivy, and demo data out of production code.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACTS = 4

# One bad import per contract, added to a copy of the tree: (module file, line, contract name start).
BREACHES = [
    ("sync/mqtt.py", "import station.clock", "sync is shared by both machines"),
    ("office/exports.py", "import station.clock", "the station and the office never import each other"),
    ("station/ui/presenters/trouble.py", "import kivy.clock", "presenters and everything below them"),
    ("station/cli/sync.py", "import sync.demo", "demo and seed code is imported only by"),
]


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_import_contracts_are_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {CONTRACTS} kept, 0 broken." in result.stdout
    assert "No matches for ignored import" not in result.stdout + result.stderr, "a stale ignore_imports line"


def test_each_contract_catches_a_breach(tmp_path: Path) -> None:
    for part in ("station", "sync", "office"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for path, line, _contract in BREACHES:
        module = tmp_path / path
        module.write_text(module.read_text() + f"\n{line}  # noqa\n")

    result = lint_imports(tmp_path)

    output = " ".join(result.stdout.split())  # long contract names wrap
    assert result.returncode == 1, output
    assert f"Contracts: 0 kept, {CONTRACTS} broken." in output
    for _path, _line, contract in BREACHES:
        assert contract in output
