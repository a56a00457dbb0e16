"""The udev rule files parse: every line is KEY[{attr}] OP "value" pairs udev knows, each rule
matches something and assigns something (udevadm has no offline checker on Debian 12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.deploy.layout import DEPLOY

PAIR = re.compile(r'\s*([A-Z_]+)(\{[A-Za-z0-9_]+\})?\s*(==|!=|\+=|-=|:=|=)\s*"([^"]*)"\s*(,|$)')
MATCH_KEYS = {
    "SUBSYSTEM",
    "SUBSYSTEMS",
    "KERNEL",
    "KERNELS",
    "ATTR",
    "ATTRS",
    "ENV",
    "DRIVER",
    "DRIVERS",
    "ACTION",
}
ASSIGN_KEYS = {"MODE", "GROUP", "OWNER", "SYMLINK", "ENV", "TAG", "RUN"}
RULE_FILES = sorted((DEPLOY / "udev").glob("*.rules"))


def parse(line: str) -> list[tuple[str, str, str]]:
    pairs, position = [], 0
    while position < len(line):
        match = PAIR.match(line, position)
        assert match, f"cannot parse at {line[position:]!r}"
        pairs.append((match.group(1), match.group(3), match.group(4)))
        position = match.end()
    return pairs


@pytest.mark.parametrize("rules", RULE_FILES, ids=lambda path: path.name)
def test_rule_file_parses(rules: Path) -> None:
    lines = [line for line in rules.read_text().splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert lines
    for line in lines:
        pairs = parse(line)
        matches = [key for key, op, _ in pairs if op in ("==", "!=")]
        assigns = [key for key, op, _ in pairs if op not in ("==", "!=")]
        assert matches and set(matches) <= MATCH_KEYS, line
        assert assigns and set(assigns) <= ASSIGN_KEYS, line


def test_printer_rules() -> None:
    text = (DEPLOY / "udev/61-workshop-printer.rules").read_text()
    assert 'ATTR{idVendor}=="0416", ATTR{idProduct}=="5011", MODE="0660", GROUP="dialout"' in text
    assert 'SYMLINK+="workshop-printer"' in text and 'ENV{ID_MM_DEVICE_IGNORE}="1"' in text


def test_parser_rejects_a_broken_line() -> None:
    with pytest.raises(AssertionError):
        parse('SUBSYSTEM=="tty", ATTRS{idVendor}=0403"')
