"""Per-machine installs: the station extra brings no office web stack, the office extra no Kivy,
and every third-party import of each package is provided by what its machine installs.

Reads pyproject.toml and the installed distributions' metadata (the test venv has all extras),
so it needs no network: what `pip install '.[station]'` would pull in is the closure of the
requirements over the metadata of the versions in requirements/constraints.txt.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
OWN = {"station", "sync", "office"}
OFFICE_ONLY = {
    "fastapi",
    "uvicorn",
    "starlette",
    "psycopg",
    "psycopg-binary",
    "argon2-cffi",
    "openpyxl",
    "alembic",
    "reportlab",
}
STATION_ONLY = {"kivy", "python-escpos", "pyserial", "pyusb", "sqlmodel", "qrcode"}
TEST_ONLY = {"pytest", "pytest-timeout", "hypothesis", "httpx", "playwright", "ruff", "import-linter", "pypdf"}


def requirements(*extras: str) -> list[Requirement]:
    """Base dependencies plus those of the named extras of our pyproject.toml."""
    lines = PROJECT["dependencies"] + [line for extra in extras for line in PROJECT["optional-dependencies"][extra]]
    return [Requirement(line) for line in lines]


def closure(*extras: str) -> set[str]:
    """Every distribution (canonical name) that installing `.[extras]` brings, from installed metadata."""
    return set().union(*(_brings(canonicalize_name(r.name), frozenset(r.extras)) for r in requirements(*extras)))


@cache
def _brings(name: str, extras: frozenset[str]) -> frozenset[str]:
    found = {name}
    for line in metadata.requires(name) or []:
        req = Requirement(line)
        wanted = req.marker is None or any(req.marker.evaluate({"extra": e}) for e in extras | {""})
        if wanted:
            found |= _brings(canonicalize_name(req.name), frozenset(req.extras))
    return frozenset(found)


def third_party_imports(package: str) -> dict[str, str]:
    """Top-level third-party module -> the first file importing it (lazy imports included)."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for top in (name.partition(".")[0] for name in names):
                if top not in sys.stdlib_module_names and top not in OWN and top != "__future__":
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_extras_hold_what_each_machine_needs() -> None:
    names = {
        extra: {canonicalize_name(Requirement(line).name) for line in lines}
        for extra, lines in PROJECT["optional-dependencies"].items()
    }
    base = {canonicalize_name(Requirement(line).name) for line in PROJECT["dependencies"]}
    assert set(names) == {"station", "office", "test"}
    assert base == {"paho-mqtt", "jsonschema", "fastjsonschema", "orjson", "sqlalchemy", "pydantic", "pillow"}
    assert names["station"] == STATION_ONLY
    assert names["office"] == {
        "fastapi",
        "jinja2",
        "uvicorn",
        "argon2-cffi",
        "itsdangerous",
        "python-multipart",
        "openpyxl",
        "psycopg",
        "alembic",
        "reportlab",
    }
    assert names["test"] == TEST_ONLY
    assert "kivy[base]==2.3.1" in PROJECT["optional-dependencies"]["station"]


@pytest.mark.parametrize(
    ("extra", "foreign"), [("station", OFFICE_ONLY | TEST_ONLY), ("office", STATION_ONLY | TEST_ONLY)]
)
def test_one_machine_installs_nothing_of_the_other(extra: str, foreign: set[str]) -> None:
    assert closure(extra) & foreign == set()


@pytest.mark.parametrize("extra", ["station", "office"])
def test_every_third_party_import_is_installed_on_its_machine(extra: str) -> None:
    provides = metadata.packages_distributions()
    installed = closure(extra)
    missing = {
        module: where
        for package in ("sync", extra)
        for module, where in third_party_imports(package).items()
        if not {canonicalize_name(d) for d in provides.get(module, [])} & installed
    }
    assert missing == {}, f"imported but not provided by base + {extra}: {missing}"


def test_constraints_pin_everything_the_test_venv_runs() -> None:
    pins = {}
    for line in (ROOT / "requirements/constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep, f"not an exact pin: {line!r}"
            pins[canonicalize_name(name)] = version.strip()
    wanted = closure("station", "office", "test")
    assert wanted - set(pins) == set(), "scripts/lock.sh was not run after a dependency change"
    assert pins["kivy"] == "2.3.1"
