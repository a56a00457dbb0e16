"""Every scale or printer profile name the project mentions (code, demo, deploy, docs) must load.

The names are found by scanning the files, so a typo in a future default, example or doc fails
here instead of leaving a station's scale or printer in trouble.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from station.app.settings import PrinterSettings, ScaleSettings, load_settings
from station.devices.scale import load_profile as load_scale_profile
from station.devices.scale.profile import PROFILE_DIR as SCALE_DIR
from station.printing import DEFAULT_PROFILE
from station.printing import load_profile as load_printer_profile
from station.printing.profiles import PROFILES_DIR as PRINTER_DIR

ROOT = Path(__file__).resolve().parents[2]
NAME = r"[a-z0-9][a-z0-9._-]*"
SECTION = re.compile(r"^\s*(?:\[(\w+)\]|class (\w+))")  # a TOML table, or a Python class (its defaults)
PROFILE_KEY = re.compile(rf'^\s*profile\b[^=\n]*=\s*"({NAME})"')  # TOML key or a class default
FLAG = re.compile(rf"--(?:(scale|printer)-)?profile[ =]+({NAME}(?:\\?\|{NAME})*)")
FLAG_DEFAULT = re.compile(rf"--(scale|printer)-profile\s+\S+\s.*\[({NAME})\]")  # "--scale-profile P  … [mt-sics]"
CONSTANT = re.compile(rf'\b\w*?(SCALE|PRINTER|DEFAULT)_PROFILE\s*=\s*"?({NAME})')
CALL = re.compile(rf'load_profile\(\s*"({NAME})"')
TABLE_HEAD = re.compile(r"^\|\s*profile\s*\|")
TABLE_ROW = re.compile(rf"^\|\s*`?({NAME})`?[\s(|]")

Ref = tuple[str, str, str]  # kind (scale | printer), name, where


def referenced_files() -> list[Path]:
    code = list((ROOT / "station").rglob("*.py")) + sorted((ROOT / "bench").glob("*.py"))
    deploy = [p for p in (ROOT / "deploy").rglob("*") if p.is_file()]
    docs = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
    return sorted(code + deploy + docs)


def _kind(hint: str, line: str, path: Path) -> str | None:
    """scale or printer: from the flag or constant name, else the line's words, else the file's name."""
    for text in (hint, line, str(path.relative_to(ROOT))):
        lowered = text.lower()
        if "print" in lowered or "receipt" in lowered:
            return "printer"
        if "scale" in lowered:
            return "scale"
    return None


def references(text: str, path: Path) -> list[Ref]:
    refs: list[Ref] = []
    section = ""
    in_table = False
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{path.relative_to(ROOT)}:{number}"
        if head := SECTION.match(line):
            section = (head.group(1) or head.group(2) or "").lower()
        if (key := PROFILE_KEY.match(line)) and (kind := _kind(section, "", path)):
            refs.append((kind, key.group(1), where))
        for hint, names in FLAG.findall(line) + FLAG_DEFAULT.findall(line):
            refs += [(_kind(hint, line, path) or "?", n, where) for n in names.replace("\\", "").split("|")]
        for hint, name in CONSTANT.findall(line) + [("", n) for n in CALL.findall(line)]:
            refs.append((_kind(hint if hint != "DEFAULT" else "", line, path) or "?", name, where))
        if TABLE_HEAD.match(line):
            in_table = True
        elif not line.startswith("|"):
            in_table = False
        elif in_table and (row := TABLE_ROW.match(line)):
            refs.append((_kind("", "", path) or "?", row.group(1), where))
    return refs


def all_references() -> list[Ref]:
    refs = [r for path in referenced_files() for r in references(path.read_text(encoding="utf-8"), path)]
    refs += [
        ("scale", ScaleSettings().profile, "ScaleSettings default"),
        ("printer", PrinterSettings().profile, "PrinterSettings default"),
        ("printer", DEFAULT_PROFILE, "printing.DEFAULT_PROFILE"),
    ]
    return sorted(set(refs))


REFERENCES = all_references()
LOADERS = {"scale": load_scale_profile, "printer": load_printer_profile}


@pytest.mark.parametrize(("kind", "name", "where"), REFERENCES)
def test_every_referenced_profile_name_loads(kind, name, where) -> None:
    assert kind in LOADERS, f"{where}: cannot tell whether {name!r} is a scale or a printer profile"
    assert LOADERS[kind](name).name == name, where


@pytest.mark.parametrize("path", sorted(SCALE_DIR.glob("*.toml")) + sorted(PRINTER_DIR.glob("*.toml")), ids=str)
def test_every_profile_file_loads(path: Path) -> None:
    loader = load_scale_profile if path.parent == SCALE_DIR else load_printer_profile
    assert loader(path.stem).name == path.stem


def test_the_scan_finds_the_names_where_they_are_written() -> None:
    """Guards the scan itself: a regex that stopped matching would otherwise pass with nothing to check."""
    found = {(kind, name, where.split(":")[0]) for kind, name, where in REFERENCES}
    for expected in [
        ("scale", "mt-sics", "deploy/station.example.toml"),
        ("printer", "gbk-58", "deploy/station.example.toml"),
        ("printer", "gbk-58", "deploy/provision-station.sh"),
        ("scale", "mt-sics", "deploy/provision-station.sh"),
        ("scale", "mt-sics", "station/app/demo_station.py"),
        ("printer", "generic-58", "station/app/demo_station.py"),
        ("printer", "generic-58", "station/printing/profiles.py"),
        ("scale", "mt-sics", "station/app/settings.py"),
        ("scale", "cas", "README.md"),
        ("printer", "big5-80", "README.md"),
        ("printer", "raster-80", "docs/printing.md"),
        ("scale", "ohaus", "docs/scales.md"),
        ("scale", "yaohua-xk3190-eq", "docs/scales.md"),
    ]:
        assert expected in found, expected


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ('[scale]\nport = "/dev/x"\n[printer]\nprofile = "generic-58mm"\n', ("printer", "generic-58mm")),
        ("python -m station scale watch --profile mt_sics --port /tmp/scale\n", ("scale", "mt_sics")),
        ('DEMO_PRINTER_PROFILE = "gbk58"\n', ("printer", "gbk58")),
    ],
)
def test_a_typo_is_found_and_does_not_load(text, ref) -> None:
    [(kind, name, _where)] = references(text, ROOT / "docs" / "new.md")
    assert (kind, name) == ref
    with pytest.raises(Exception, match="no (scale|printer) profile"):
        LOADERS[kind](name)


def test_the_deploy_example_settings_parse_and_name_profiles_that_load() -> None:
    settings = load_settings(ROOT / "deploy" / "station.example.toml")
    assert load_scale_profile(settings.scale.profile).name == settings.scale.profile
    assert load_printer_profile(settings.printer.profile).name == settings.printer.profile
